"""`ducu support` and edit.support: requests listed with their targets; add, respond and resolve, one commit each."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
import rtoml

from tests.helpers.gitteam import sample_clone
from tests.helpers.workspace import copy_sample
from tui.cli import main
from workspace_schema.edit.support import record_resolution, record_response
from workspace_schema.edit.values import EditRejected
from workspace_schema.load.loader import load_workspace

INTRANET = "projects/greenleaf-intranet.toml"
OPEN = "greenleaf-intranet/sso-login-loop-d6tb"  # responded 2026-11-26 16:30, not resolved


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")  # noon UTC: 20:00 in Shanghai
    root = sample_clone(tmp_path)
    monkeypatch.chdir(root)
    return root


def test_the_list_says_each_requests_state_and_json_has_the_numbers(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["support"]) == 0
    out = capsys.readouterr().out
    assert "resolved in 15.8 h (target 24 h): targets met" in out
    assert "responded: resolve by 12-03 09:05, 27.1 h left" in out
    assert "2 requests, 0 open past a target (as of 2026-11-27 20:00)" in out
    assert main(["support", "--open", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["status"], r["resolve_by"], r["resolution_breached"]) for r in rows] == [
        ("sso-login-loop-d6tb", "responded", "2026-12-03T09:05", False)
    ]
    assert main(["support", "--project", "nope"]) == 1


def test_add_respond_and_resolve_are_one_commit_each(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["support", "add", "greenleaf-intranet", "title=Search finds no PDFs", "severity=high"]) == 0
    project = rtoml.load(repo / INTRANET)
    (rid,) = [k for k in project["support"] if k.startswith("search-finds-no-pdfs")]
    assert project["support"][rid]["opened"] == dt.datetime(2026, 11, 27, 20, 0)
    assert main(["support", "respond", f"greenleaf-intranet/{rid}", "--at", "2026-11-30 09:20"]) == 0
    assert main(["support", "resolve", OPEN, "--summary", "Cleared the cached tokens"]) == 0
    request = rtoml.load(repo / INTRANET)["support"]
    assert request[rid]["responded"] == dt.datetime(2026, 11, 30, 9, 20)
    assert (request["sso-login-loop-d6tb"]["resolved"], request["sso-login-loop-d6tb"]["summary"]) == (
        dt.datetime(2026, 11, 27, 20, 0),
        "Cleared the cached tokens",
    )
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "4"
    assert git(repo, "show", "--format=", "--name-only", "HEAD").split() == [INTRANET]
    assert git(repo, "status", "--porcelain") == ""
    head = git(repo, "rev-parse", "HEAD")
    assert main(["support", "resolve", OPEN]) == 0  # resolved already: nothing written
    assert "was resolved at 2026-11-27 20:00: nothing changed" in capsys.readouterr().out
    assert git(repo, "rev-parse", "HEAD") == head


def test_bad_times_and_other_records_are_refused_with_nothing_written(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    ws, _ = load_workspace(root)
    before = (root / INTRANET).read_bytes()
    with pytest.raises(EditRejected, match="before the request was opened"):
        record_resolution(ws, OPEN, dt.datetime(2026, 11, 26, 9, 0))
    with pytest.raises(EditRejected, match="before the response"):
        record_resolution(ws, OPEN, dt.datetime(2026, 11, 26, 15, 0))
    with pytest.raises(EditRejected, match="not a support request"):
        record_response(ws, "greenleaf-intranet/editor-training-1-q8rn", dt.datetime(2026, 11, 27, 9, 0))
    assert (root / INTRANET).read_bytes() == before
    assert not record_response(ws, OPEN, dt.datetime(2026, 11, 27, 9, 0)).fields  # responded already


def test_a_bad_at_says_how_to_write_it(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["support", "resolve", OPEN, "--at", "tomorrow-ish"]) == 1
    assert "give a local time like 2026-11-27 14:30" in capsys.readouterr().err
