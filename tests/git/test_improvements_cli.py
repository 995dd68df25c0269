"""`ducu improvements`, `ducu improve` and `ducu add lesson`: the register and lessons written and committed, one commit each."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
import rtoml

from tests.helpers.workspace import copy_sample
from tui.cli import main
from workspace_schema.edit.improvements import SCHEMA_LINE
from workspace_schema.export.schema import schema_comment

LESSON = "greenleaf-intranet/freeze-announced-late-t2pz"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_sample(tmp_path)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sample")
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    return root


def commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD"))


def test_schema_line_is_the_one_export_writes() -> None:
    assert schema_comment("improvements") == SCHEMA_LINE


def test_list_open_text_and_json(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["improvements", "-w", str(repo)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("freeze-banner-k5vq") and "Hannah Okafor" in out and "due 2026-12-18" in out
    assert main(["improvements", "-w", str(repo), "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["id"], row["status"], row["source"], row["stale"]) == ("freeze-banner-k5vq", "doing", LESSON, None)


def test_improve_adds_one_in_one_commit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = commits(repo)
    code = main(["improve", "Remind the clinics weekly", "--from", LESSON, "--owner", "hannah", "--due", "2026-12-31"])
    assert code == 0, capsys.readouterr().err
    assert commits(repo) == before + 1
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["improvements.toml"]
    assert git(repo, "status", "--porcelain") == ""
    data = rtoml.load(repo / "improvements.toml")["improvements"]
    [new] = [v for k, v in data.items() if k.startswith("remind-the-clinics-")]
    assert new == {
        "title": "Remind the clinics weekly",
        "source": LESSON,
        "owner": "hannah",
        "status": "proposed",
        "raised_on": dt.date(2026, 11, 27),
        "due": dt.date(2026, 12, 31),
    }


@pytest.fixture(autouse=True)
def _cwd(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)


def test_improve_creates_the_register_with_its_schema_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "rm", "-q", "improvements.toml")
    git(repo, "commit", "-q", "-m", "no register")
    assert main(["improve", "Freeze banner", "--from", LESSON, "--owner", "hannah"]) == 0
    text = (repo / "improvements.toml").read_text("utf-8")
    assert text.startswith(SCHEMA_LINE + "\n")
    assert "[improvements.freeze-banner-" in text
    assert git(repo, "status", "--porcelain") == ""
    assert main(["validate", str(repo)]) == 0


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--from", "greenleaf-intranet/freeze-announced", "--owner", "hannah"], "did you mean `freeze-announced-late"),
        (["--from", "nowhere/x", "--owner", "hannah"], "no project `nowhere`"),
        (["--from", LESSON, "--owner", "hanna"], "hanna: not in people.toml"),
        (["--from", LESSON, "--owner", "hannah", "--due", "2026-11-01"], "already past"),
    ],
)
def test_improve_refuses_bad_input_and_writes_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    before = (repo / "improvements.toml").read_bytes()
    assert main(["improve", "Something", *argv]) == 1
    assert said in capsys.readouterr().err
    assert (repo / "improvements.toml").read_bytes() == before and git(repo, "status", "--porcelain") == ""


def test_done_sets_status_and_done_on_in_one_commit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = commits(repo)
    assert main(["improvements", "done", "freeze-banner-k5vq"]) == 0
    assert commits(repo) == before + 1
    assert "improvements: freeze-banner-k5vq status doing -> done" in git(repo, "log", "-1", "--format=%s")
    imp = rtoml.load(repo / "improvements.toml")["improvements"]["freeze-banner-k5vq"]
    assert (imp["status"], str(imp["done_on"])) == ("done", "2026-11-27")
    capsys.readouterr()
    assert main(["improvements", "done", "freeze-banner-k5vq"]) == 0  # again: nothing to do, no commit
    assert "already done (on 2026-11-27)" in capsys.readouterr().out and commits(repo) == before + 1
    assert main(["improvements"]) == 0 and capsys.readouterr().out.strip() == "no open improvements"
    assert main(["improvements", "done", "freeze-baner"]) == 1
    assert "did you mean `freeze-banner-k5vq`" in capsys.readouterr().err


def test_add_lesson_through_the_generic_add(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["add", "lesson", "acme-tracking", "title=Carrier APIs change without notice", "cause=No API contract"]
    assert main([*argv, "action=no-such-task"]) == 1
    assert "no task `no-such-task`" in capsys.readouterr().err
    assert main(argv) == 0
    lessons = rtoml.load(repo / "projects/acme-tracking.toml")["lessons"]
    [(lid, lesson)] = lessons.items()
    assert lid.startswith("carrier-apis-change-") and str(lesson["raised_on"]) == "2026-11-27"
    assert git(repo, "log", "-1", "--format=%s").startswith(f"acme-tracking: add lesson {lid}")
