"""`ducu accept` and edit.acceptance: the client signs off a done milestone, one commit with an Accepted-by trailer."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
import rtoml

from tests.helpers.gitteam import sample_clone
from tests.helpers.workspace import copy_sample
from tui.cli import main
from workspace_schema.edit.acceptance import accept_milestone, acceptance_text
from workspace_schema.edit.values import EditRejected
from workspace_schema.load.loader import load_workspace

INTRANET = "projects/greenleaf-intranet.toml"
DONE = "greenleaf-intranet/content-migration-b8qz"  # joint, done 2026-11-05, not accepted yet
TODAY = dt.date(2026, 11, 27)


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    root = sample_clone(tmp_path)
    monkeypatch.chdir(root)
    return root


def test_accept_writes_three_lines_and_one_commit_with_the_trailer(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["accept", DONE, "--by", "priya", "--evidence", "https://greenleaf.example/ok.pdf", "--on", "-2d"]) == 0
    m = rtoml.load(repo / INTRANET)["milestones"]["content-migration-b8qz"]
    assert (m["accepted_by"], str(m["accepted_on"]), m["evidence"]) == (
        "priya",
        "2026-11-25",
        "https://greenleaf.example/ok.pdf",
    )
    body = git(repo, "log", "-1", "--format=%B")
    assert "Ducu-Item: greenleaf-intranet/content-migration-b8qz" in body
    assert body.rstrip().splitlines()[-1] == "Accepted-by: priya"
    assert git(repo, "show", "--format=", "--name-only", "HEAD").split() == [INTRANET]
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "2"
    assert git(repo, "status", "--porcelain") == ""
    assert "accepted_by (none) -> priya" in capsys.readouterr().out


def test_accept_defaults_to_today_and_a_second_time_changes_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["accept", DONE, "--by", "priya"]) == 0
    assert str(rtoml.load(repo / INTRANET)["milestones"]["content-migration-b8qz"]["accepted_on"]) == "2026-11-27"
    head = git(repo, "rev-parse", "HEAD")
    capsys.readouterr()
    assert main(["accept", DONE, "--by", "sofia"]) == 0
    assert "already accepted by priya on 2026-11-27: nothing changed" in capsys.readouterr().out
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""


def test_accept_refuses_an_open_milestone_an_unknown_person_and_a_bad_date(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = git(repo, "rev-parse", "HEAD")
    assert main(["accept", "acme-crm/data-export-k3f9", "--by", "dgreen"]) == 1
    assert "mark it done first" in capsys.readouterr().err
    assert main(["accept", DONE, "--by", "nobody"]) == 1
    assert "nobody: not in people.toml; pick one of: bkim, dgreen" in capsys.readouterr().err
    assert main(["accept", DONE, "--by", "priya", "--on", "someday"]) == 1
    assert main(["accept", DONE, "--by", "priya", "--on", "2026-11-01"]) == 1  # before it was done
    assert main(["accept", "acme-crm/dedupe-rules-j5sp", "--by", "dgreen"]) == 1  # a task
    assert "only milestones" in capsys.readouterr().err
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""


def test_accept_outside_a_workspace_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["accept", DONE, "--by", "priya"]) == 2


def test_the_library_call_and_the_text_the_timeline_shows(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    ws, _ = load_workspace(root)
    change = accept_milestone(ws, DONE, "priya", TODAY, evidence="  signed minutes  ")
    assert [f.field for f in change.fields] == ["accepted_by", "accepted_on", "evidence"]
    assert change.trailers()[-1] == "Accepted-by: priya"
    ws, _ = load_workspace(root)
    milestone = ws.projects["greenleaf-intranet"].milestones["content-migration-b8qz"]
    assert acceptance_text(milestone) == "accepted by priya on 2026-11-27: signed minutes"
    assert accept_milestone(ws, DONE, "sofia", TODAY).fields == ()
    with pytest.raises(EditRejected, match="after today"):
        accept_milestone(ws, "greenleaf-intranet/staff-launch-j2rx", "priya", TODAY, on=dt.date(2026, 12, 1))
