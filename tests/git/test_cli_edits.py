"""`ducu set / add / done`: checked edits, one commit each, readable messages, trailers."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import rtoml

from tests.helpers.gitteam import sample_clone
from tests.helpers.workspace import SAMPLE
from tui.cli import main

ACME = "projects/acme-crm.toml"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    root = sample_clone(tmp_path)
    monkeypatch.chdir(root)
    return root


def diff_lines(root: Path, rel: str) -> list[str]:
    out = git(root, "show", "--format=", "-U0", "HEAD", "--", rel)
    return [l for l in out.splitlines() if l[:1] in "+-" and not l.startswith(("+++", "---"))]


def test_set_writes_one_line_and_commits_with_trailers(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["set", "acme-crm/data-export-k3f9", "due=+3w", "--reason", "DBA away; Dana agreed"]) == 0
    removed, added = diff_lines(repo, ACME)
    assert removed.startswith("-due = 2026-12-11") and added.startswith("+due = 2026-12-18")
    assert removed[len("-due = 2026-12-11") :] == added[len("+due = 2026-12-18") :]  # the comment stays
    subject = git(repo, "log", "-1", "--format=%s")
    assert subject.strip() == "acme-crm: data-export-k3f9 due 2026-12-11 -> 2026-12-18"
    body = git(repo, "log", "-1", "--format=%B")
    assert (
        "Ducu-Item: acme-crm/data-export-k3f9" in body
        and "Ducu-Field: due" in body
        and "Ducu-Reason: DBA away; Dana agreed" in body
    )
    assert git(repo, "show", "--format=", "--name-only", "HEAD").split() == [ACME]
    assert git(repo, "status", "--porcelain") == ""
    assert "(" in capsys.readouterr().out


def test_set_rejects_bad_values_and_writes_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    head = git(repo, "rev-parse", "HEAD")
    assert main(["set", "acme-crm/data-export-k3f9", "owner=nobody"]) == 1
    assert main(["set", "acme-crm/data-export-k3f9", "due=someday"]) == 1
    assert main(["set", "acme-crm/data-export-k3f9", "nonsense"]) == 1
    assert main(["set", "acme-crm/no-such-item", "due=+1d"]) == 1
    err = capsys.readouterr().err
    assert "not in people.toml" in err and "2026-12-11" in err and "FIELD=VALUE" in err and "no item" in err
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""


def test_add_creates_an_item_with_a_generated_id(repo: Path) -> None:
    assert (
        main(
            [
                "add",
                "task",
                "acme-crm",
                "title=Send the DPA to Acme",
                "owner=hannah",
                "due=next fri",
                "milestone=data-export-k3f9",
            ]
        )
        == 0
    )
    tasks = rtoml.load(repo / ACME)["tasks"]
    new = [k for k in tasks if k.startswith("send-the-dpa-to-acme-")]
    assert len(new) == 1 and str(tasks[new[0]]["due"]) == "2026-12-04"
    assert git(repo, "log", "-1", "--format=%s").strip() == f'acme-crm: add task {new[0]} "Send the DPA to Acme"'
    assert main(["add", "task", "acme-crm", "owner=hannah"]) == 1  # no title


def test_done_sets_status_and_date(repo: Path) -> None:
    assert main(["done", "acme-crm/dedupe-rules-j5sp"]) == 0
    task = rtoml.load(repo / ACME)["tasks"]["dedupe-rules-j5sp"]
    assert task["status"] == "done" and str(task["done_on"]) == "2026-11-27"
    assert len(diff_lines(repo, ACME)) == 3  # status changed, done_on added


def test_workspace_flag_and_not_a_workspace(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["done", "acme-crm/dedupe-rules-j5sp", "-w", str(repo)]) == 0
    assert main(["done", "acme-crm/dedupe-rules-j5sp"]) == 2


def test_no_git_identity_refuses_before_writing(
    repo: Path, no_git_identity: None, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (repo / ACME).read_bytes()
    code = main(["set", "acme-crm/data-export-k3f9", "due=+3w"])
    if code == 1:  # git could not guess an identity here (as on CI)
        assert "git config --global user.email" in capsys.readouterr().err
        assert (repo / ACME).read_bytes() == before


def test_an_unknown_project_names_the_projects_there_are(
    capsys: pytest.CaptureFixture[str], git_identity: dict[str, str]
) -> None:
    """`ducu set` reads only the project it is asked for; the message still lists every project."""
    assert main(["set", "-w", str(SAMPLE), "../x/y", "due=+1d"]) == 1
    said = capsys.readouterr().err
    assert (
        "no project `..`; projects are: acme-crm, acme-tracking, greenleaf-intranet, greenleaf-portal, huamei-miniapp"
        in said
    )
