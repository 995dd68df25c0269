"""The CLI a release manager needed (issue 14, items 12-13): people by their names, `--since -4w`, baselines before any tag."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.helpers.gitteam import DUE, edit, g, make_team
from tui.cli import main


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, git_identity: dict[str, str]) -> Path:
    team = make_team(tmp_path)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "hk")  # a git name people.toml does not use
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "hannah@northwind.digital")
    edit(team.a, *DUE, dt.date(2026, 12, 18))
    return team.a


def test_history_names_people_as_people_toml_does_and_by_takes_a_name(clone: Path, capsys) -> None:
    w = ["-w", str(clone)]
    assert main(["history", "acme-crm/data-export-k3f9", "--field", "due", *w]) == 0
    out = capsys.readouterr().out
    assert "Hannah Okafor" in out.splitlines()[0] and " hk " not in out
    assert main(["history", "--by", "Hannah Okafor", "--since", "-4w", *w]) == 0  # a name, and "-4w" as a value
    assert "2026-12-11 -> 2026-12-18" in capsys.readouterr().out
    assert main(["history", "--by", "hannah@northwind.digital", "--since=-4w", *w]) == 0
    assert "2026-12-18" in capsys.readouterr().out


def test_baselines_before_any_tag(clone: Path, capsys) -> None:
    w = ["-w", str(clone)]
    assert g(clone, "tag", "--list", "baseline/*") == ""
    assert main(["baseline", "list", "acme-crm", *w]) == 0
    assert "no baseline tag yet" in capsys.readouterr().out
    assert main(["baseline", "diff", "acme-crm", *w]) == 0
    out = capsys.readouterr().out
    assert "against the agreed dates (baseline_due" in out
    assert "data-export-k3f9" in out and "2026-12-04 -> 2026-12-18" in out and "+14 days" in out
