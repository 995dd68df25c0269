"""Real git for the conflict and app tests: a bare remote and two clones of the sample, no mocks.

``make_team`` pushes the sample from clone ``a`` and clones it as ``b``;
both have the ducu merge driver registered, as the app does on first open.
``conflict`` makes both clones change the same field differently and leaves
``b`` in a conflicted merge after its sync.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.workspace import copy_sample
from workspace_schema.edit.edits import locate, set_field
from workspace_schema.edit.values import current_values
from workspace_schema.git import commit as commits
from workspace_schema.git import sync
from workspace_schema.load.loader import load_workspace
from workspace_schema.merge.driver import ensure_driver

ACME = "projects/acme-crm.toml"
DUE = ("acme-crm/data-export-k3f9", "due")  # due 2026-12-11 in the sample


def g(cwd: Path, *args: str, check: bool = True) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GIT_") or k.startswith(("GIT_AUTHOR", "GIT_COMMITTER", "GIT_CONFIG"))
    }
    proc = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout.strip()


@dataclass
class Team:
    remote: Path
    a: Path
    b: Path

    def remote_head(self) -> str:
        return g(self.remote, "rev-parse", "refs/heads/main")


def sample_clone(tmp_path: Path) -> Path:
    """A copy of the sample as a git repository with one commit ("start"); commits need the git_identity fixture."""
    root = copy_sample(tmp_path)
    g(root, "init", "-q", "-b", "main")
    g(root, "add", "-A")
    g(root, "commit", "-q", "-m", "start")
    return root


def make_team(tmp_path: Path) -> Team:
    remote = tmp_path / "remote.git"
    g(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(remote))
    a = copy_sample(tmp_path, "a")
    g(a, "init", "-q", "--initial-branch=main")
    g(a, "add", "-A")
    g(a, "commit", "-q", "-m", "Start the workspace")
    g(a, "remote", "add", "origin", str(remote))
    ensure_driver(a)
    first = sync.sync(a)
    assert first.status == "synced", first.message
    b = tmp_path / "b"
    g(tmp_path, "clone", "-q", str(remote), "b")
    ensure_driver(b)
    return Team(remote, a, b)


def edit(root: Path, ref: str, field: str, value: object) -> str:
    """An edit as the app makes it: one field, one commit."""
    ws, _ = load_workspace(root)
    return commits.commit_change(root, set_field(ws, ref, field, value))


def value(root: Path, ref: str, field: str) -> object:
    ws, _ = load_workspace(root)
    target = locate(ws, ref)
    return current_values(target.record, target.cls)[field]


def conflict(team: Team, theirs: dt.date = dt.date(2026, 12, 18), ours: dt.date = dt.date(2027, 1, 8)) -> None:
    """``a`` moves the export's due date and pushes; ``b`` moves it elsewhere and syncs into a conflict."""
    edit(team.a, *DUE, theirs)
    assert sync.sync(team.a).status == "synced"
    edit(team.b, *DUE, ours)
    result = sync.sync(team.b)
    assert result.status == "conflicts", result.message
