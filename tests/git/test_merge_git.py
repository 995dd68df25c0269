"""The merge driver under real git: a bare remote, two clones, `git pull` (no mocks)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import rtoml

from tests.helpers.workspace import REPO
from workspace_schema.git import runner as gitlib
from workspace_schema.merge.driver import register_driver

FILE = "projects/acme.toml"

PROJECT = """\
# Acme CRM rollout

[project]
title = "CRM rollout for Acme"
owner = "alice"                 # our accountable lead

[milestones.data-export-k3f9]
title = "Acme delivers the legacy data export"
owner = "bob"                   # a person at Acme
status = "waiting"
due = 2026-12-11                # current forecast

[milestones.data-export-k3f9.raci]
accountable = "carol"

[risks.freeze-p7q2]
title = "Acme IT change freeze"

[risks.freeze-p7q2.steps.1]
text = "Call the sponsor"
done = false

[risks.freeze-p7q2.steps.2]
text = "Agree an exception window"
done = false

[log.2026-11-24-n4c8]
on = 2026-11-24
summary = "Reminded Bob"
"""


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, encoding="utf-8")
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def commit(clone: Path, message: str) -> None:
    git(clone, "commit", "-q", "-am", message)


def edit(clone: Path, old: str, new: str) -> None:
    path = clone / FILE
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def clones(tmp_path: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Two clones of a bare remote holding PROJECT, each with the driver registered."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    remote, seed = tmp_path / "remote.git", tmp_path / "seed"
    git(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(remote))
    git(tmp_path, "init", "-q", "--initial-branch=main", str(seed))
    (seed / "projects").mkdir()
    (seed / FILE).write_text(PROJECT, encoding="utf-8")
    (seed / ".gitattributes").write_text("*.toml merge=ducu\n", encoding="utf-8")
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "start")
    git(seed, "remote", "add", "origin", str(remote))
    git(seed, "push", "-q", "-u", "origin", "main")
    command = f"{shlex.quote(sys.executable)} -m workspace_schema.merge %O %A %B %P"
    out = []
    for name in ("a", "b"):
        clone = tmp_path / name
        git(tmp_path, "clone", "-q", str(remote), str(clone))
        assert register_driver(clone, command) is True
        out.append(clone)
    return out[0], out[1]


def pull(clone: Path) -> subprocess.CompletedProcess[str]:
    return git(clone, "pull", "--no-rebase", "--no-edit", "-q", "origin", "main", check=False)


def test_edits_to_different_fields_of_one_item_merge_cleanly(clones: tuple[Path, Path]) -> None:
    a, b = clones
    edit(a, "due = 2026-12-11                # current forecast", "due = 2026-12-18                # current forecast")
    commit(a, "data-export due 2026-12-11 -> 2026-12-18")
    git(a, "push", "-q", "origin", "main")
    edit(b, 'status = "waiting"', 'status = "blocked"')
    edit(
        b,
        '[risks.freeze-p7q2.steps.2]\ntext = "Agree an exception window"\ndone = false',
        '[risks.freeze-p7q2.steps.2]\ntext = "Agree an exception window"\ndone = true',
    )
    commit(b, "data-export blocked")
    proc = pull(b)
    assert proc.returncode == 0, proc.stderr
    text = (b / FILE).read_text("utf-8")
    item = rtoml.loads(text)["milestones"]["data-export-k3f9"]
    assert (item["due"], item["status"]) == (rtoml.loads("d = 2026-12-18")["d"], "blocked")
    assert "due = 2026-12-18                # current forecast\n" in text  # the comment column survives
    assert git(b, "status", "--porcelain").stdout == ""
    assert len(git(b, "log", "--format=%P", "-1").stdout.split()) == 2  # a merge commit


def test_both_append_log_entries_merge_cleanly(clones: tuple[Path, Path]) -> None:
    a, b = clones
    with (a / FILE).open("a", encoding="utf-8") as f:
        f.write('\n[log.2026-11-27-a1b2]\non = 2026-11-27\nsummary = "Called Bob"\n')
    commit(a, "log a call")
    git(a, "push", "-q", "origin", "main")
    with (b / FILE).open("a", encoding="utf-8") as f:
        f.write('\n[log.2026-11-28-c3d4]\non = 2026-11-28\nsummary = "Dana 确认了日期"\n')
    commit(b, "log a confirmation")
    assert pull(b).returncode == 0
    assert list(rtoml.loads((b / FILE).read_text("utf-8"))["log"]) == [
        "2026-11-24-n4c8",
        "2026-11-28-c3d4",
        "2026-11-27-a1b2",
    ]


def test_same_field_different_values_is_an_ordinary_git_conflict(clones: tuple[Path, Path]) -> None:
    a, b = clones
    edit(a, "due = 2026-12-11                # current forecast", "due = 2026-12-18                # current forecast")
    edit(a, 'title = "CRM rollout for Acme"', 'title = "CRM rollout for Acme Logistics"')
    commit(a, "due 12-18")
    git(a, "push", "-q", "origin", "main")
    edit(b, "due = 2026-12-11                # current forecast", "due = 2026-12-25                # current forecast")
    commit(b, "due 12-25")
    proc = pull(b)
    assert proc.returncode != 0
    assert "CONFLICT" in proc.stdout + proc.stderr
    assert git(b, "diff", "--name-only", "--diff-filter=U").stdout.split() == [FILE]
    text = (b / FILE).read_text("utf-8")
    assert text.count("<<<<<<< ") == 1
    assert (
        "<<<<<<< ours\n"
        "due = 2026-12-25                # current forecast\n"
        "=======\n"
        "due = 2026-12-18                # current forecast\n"
        ">>>>>>> theirs\n"
    ) in text
    assert 'title = "CRM rollout for Acme Logistics"' in text  # their other change merged
    # git's own stages are there for every tool: base, ours, theirs
    assert "2026-12-11" in git(b, "show", f":1:{FILE}").stdout
    assert "2026-12-25" in git(b, "show", f":2:{FILE}").stdout
    assert "2026-12-18" in git(b, "show", f":3:{FILE}").stdout


def test_diff3_conflict_style_adds_the_base(clones: tuple[Path, Path]) -> None:
    a, b = clones
    git(b, "config", "merge.conflictStyle", "diff3")
    edit(a, 'status = "waiting"', 'status = "done"')
    commit(a, "done")
    git(a, "push", "-q", "origin", "main")
    edit(b, 'status = "waiting"', 'status = "dropped"')
    commit(b, "dropped")
    assert pull(b).returncode != 0
    assert (
        '<<<<<<< ours\nstatus = "dropped"\n||||||| base\nstatus = "waiting"\n=======\nstatus = "done"\n>>>>>>> theirs\n'
        in (b / FILE).read_text("utf-8")
    )


def test_a_side_that_is_not_toml_falls_back_to_git_merge_file(clones: tuple[Path, Path]) -> None:
    a, b = clones
    edit(a, 'summary = "Reminded Bob"', 'summary = "Reminded Bob')  # broken: unterminated string
    commit(a, "broken by hand")
    git(a, "push", "-q", "origin", "main")
    edit(b, 'title = "CRM rollout for Acme"', 'title = "CRM rollout for Acme Logistics"')
    commit(b, "rename")
    proc = pull(b)
    assert proc.returncode == 0, proc.stderr  # far apart: a clean text merge, as git would do it
    text = (b / FILE).read_text("utf-8")
    assert 'title = "CRM rollout for Acme Logistics"' in text and 'summary = "Reminded Bob\n' in text

    edit(a, 'summary = "Reminded Bob', 'summary = "Reminded Bob twice')
    commit(a, "still broken")
    git(a, "push", "-q", "origin", "main")
    edit(b, 'summary = "Reminded Bob', 'summary = "Reminded Bob by phone')
    commit(b, "also broken")
    proc = pull(b)
    assert proc.returncode != 0
    text = (b / FILE).read_text("utf-8")
    assert (
        '<<<<<<< ours\nsummary = "Reminded Bob by phone\n=======\nsummary = "Reminded Bob twice\n>>>>>>> theirs\n'
        in text
    )
    assert git(b, "diff", "--name-only", "--diff-filter=U").stdout.split() == [FILE]


def test_register_driver_writes_local_config_and_gitattributes_once(
    tmp_path: Path, git_identity: dict[str, str]
) -> None:
    repo = tmp_path / "ws"
    gitlib.init(repo)
    (repo / ".gitattributes").write_bytes(b"*.svg text eol=lf\r\n")
    assert register_driver(repo) is True
    assert (
        git(repo, "config", "--local", "--get", "merge.ducu.driver").stdout.strip() == "ducu merge-driver %O %A %B %P"
    )
    assert git(repo, "config", "--local", "--get", "merge.ducu.name").stdout.strip()
    assert git(repo, "config", "--global", "--get", "merge.ducu.driver", check=False).returncode != 0
    attributes = (repo / ".gitattributes").read_bytes()
    assert attributes.startswith(b"*.svg text eol=lf\r\n") and attributes.endswith(b"*.toml merge=ducu\r\n")
    assert git(repo, "check-attr", "merge", "--", "projects/x.toml").stdout.strip() == "projects/x.toml: merge: ducu"
    assert register_driver(repo) is False
    assert (repo / ".gitattributes").read_bytes() == attributes
    # a driver the user set up themselves is left alone
    git(repo, "config", "--local", "merge.ducu.driver", "my-ducu merge-driver %O %A %B %P")
    assert register_driver(repo) is False
    assert (
        git(repo, "config", "--local", "--get", "merge.ducu.driver").stdout.strip()
        == "my-ducu merge-driver %O %A %B %P"
    )


def test_register_driver_creates_gitattributes(tmp_path: Path) -> None:
    gitlib.init(tmp_path)
    assert register_driver(tmp_path) is True
    assert (tmp_path / ".gitattributes").read_text("utf-8").splitlines()[-1] == "*.toml merge=ducu"
    assert register_driver(tmp_path) is False


def test_register_driver_outside_a_repository_raises(tmp_path: Path) -> None:
    with pytest.raises(gitlib.GitError):
        register_driver(tmp_path)
