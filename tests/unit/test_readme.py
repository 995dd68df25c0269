"""The README's two commands stay true: CI runs the second one verbatim."""

from __future__ import annotations

import re

from tests.helpers.workspace import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text("utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_opens_with_exactly_two_commands() -> None:
    text = (REPO / "README.md").read_text("utf-8")
    head = text.split("## ", 1)[0]
    assert len(re.findall(r"```sh\n", head)) == 2
    install_and_demo, install_and_test = readme_commands()[:2]
    assert install_and_demo.endswith("ducu demo")
    assert "pytest" in install_and_test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (REPO / ".ci" / "run").read_text("utf-8").splitlines()
    assert readme_commands()[1] in ci
