"""A new workspace works with the editors' TOML tools: taplo checks and formats it as ducu writes it,
and `ducu validate` says when the schemas the editors read are missing or not this ducu's."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.taplo import taplo_cli
from tui.cli import main
from workspace_schema.export.schema import SCHEMA_DIR


def taplo(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([taplo_cli(), *args], cwd=root, capture_output=True, text=True)


@pytest.fixture
def fresh(tmp_path: Path, git_identity: dict[str, str]) -> Path:
    root = tmp_path / "ws"
    assert main(["init", str(root)]) == 0
    for args in (
        ["add", "client", "acme", "name=Acme"],
        ["add", "person", "ann", "name=Ann", "org=us"],
        ["add", "project", "crm", "title=CRM", "client=acme", "owner=ann"],
        ["add", "milestone", "crm", "title=Kickoff", "owner=ann", "due=2026-12-20", "done_criteria=held"],
    ):
        assert main([*args, "-w", str(root)]) == 0, args
    return root


def test_taplo_checks_and_leaves_a_new_workspace_as_ducu_wrote_it(fresh: Path) -> None:
    assert (fresh / ".taplo.toml").is_file()
    checked = taplo(fresh, "check")
    assert checked.returncode == 0, checked.stderr
    formatted = taplo(fresh, "fmt", "--check")
    assert formatted.returncode == 0, formatted.stderr  # format-on-save changes nothing ducu wrote
    (fresh / "projects" / "crm.toml").write_text(
        (fresh / "projects" / "crm.toml").read_text("utf-8").replace("due = 2026-12-20", 'due = "20/12/2026"'), "utf-8"
    )
    broken = taplo(fresh, "check")
    assert broken.returncode != 0 and "anyOf" not in broken.stderr


def test_validate_says_when_the_schemas_are_missing_or_not_this_ducus(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["validate", str(fresh)])
    assert "note:" not in capsys.readouterr().err
    schema = fresh / SCHEMA_DIR / "project.json"
    schema.write_text(schema.read_text("utf-8").replace('"title"', '"name"', 1), "utf-8")
    main(["validate", str(fresh)])
    said = capsys.readouterr().err
    assert "project.json" in said and f"ducu schema --out {SCHEMA_DIR}" in said
    shutil.rmtree(fresh / SCHEMA_DIR)
    main(["validate", str(fresh)])
    assert "no JSON Schemas" in capsys.readouterr().err
