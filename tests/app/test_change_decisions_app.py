"""Deciding a change request in the app: impact first, one commit, a baseline tag."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import rtoml

from tests.helpers.app import settle, sync
from tests.helpers.workspace import SAMPLE, copy_sample
from tui.app import make_app
from tui.screens.project import ProjectScreen
from tui.widgets.changes import ChangesView, impact_text
from workspace_schema.core.clock import frozen
from workspace_schema.load.loader import load_workspace

CHANGE = "shuju-yanqi-5tgm"  # proposed in huamei-miniapp


def g(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_sample(tmp_path)
    ws, _ = load_workspace(root)
    mei = ws.people["mei"]
    for key, value in (
        ("GIT_AUTHOR_NAME", mei.name),
        ("GIT_COMMITTER_NAME", mei.name),
        ("GIT_AUTHOR_EMAIL", mei.emails[0]),
        ("GIT_COMMITTER_EMAIL", mei.emails[0]),
    ):
        monkeypatch.setenv(key, value)
    g(root, "init", "-q", "-b", "main")
    g(root, "add", "-A")
    g(root, "commit", "-q", "-m", "start")
    return root


def test_impact_text_names_the_moves() -> None:
    ws, _ = load_workspace(SAMPLE)
    text = impact_text(ws, "huamei-miniapp", CHANGE)
    assert "->" in text and "days" in text


@sync
async def test_approve_in_the_app_commits_once_and_tags_the_baseline(repo: Path) -> None:
    app = make_app(repo, frozen("2026-11-27"), watch=False, use_git=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen("huamei-miniapp", tab="changes"))
        await settle(pilot)
        view = app.screen.query_one(ChangesView)
        assert view.focus_item(CHANGE)
        view.focus()
        before = g(repo, "rev-parse", "HEAD")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("y")  # the confirm screen: yes = Approve
        await settle(pilot, 4)
    change = rtoml.load(repo / "projects" / "huamei-miniapp.toml")["changes"][CHANGE]
    assert change["status"] == "approved" and change["decided_by"] == "mei"
    assert g(repo, "rev-list", "--count", f"{before}..HEAD") == "1"
    body = g(repo, "log", "-1", "--format=%B")
    assert f"Ducu-Change: {CHANGE}" in body and "Approved-by:" in body
    assert g(repo, "tag", "--list", "baseline/huamei-miniapp/*")
