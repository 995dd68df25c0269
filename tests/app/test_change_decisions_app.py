"""Deciding a change request in the app: impact first, one commit, a baseline tag."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import rtoml

from tests.helpers.app import settle, sync
from tests.helpers.workspace import SAMPLE, copy_sample
from tui.app import make_app
from tui.render.impact_text import impact_heading, impact_lines
from tui.screens.project import ProjectScreen
from tui.widgets.changes import ChangesView
from workspace_schema.changes import impact
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


def test_impact_lines_say_what_ducu_change_impact_prints() -> None:
    ws, _ = load_workspace(SAMPLE)
    imp = impact(ws, "huamei-miniapp", CHANGE)
    assert impact_heading(ws.projects["huamei-miniapp"].changes[CHANGE], imp).plain == (
        "If approved · decides: wangwei, raj"
    )
    assert [line.plain for line in impact_lines(imp)] == [
        "门店数据迁移-7k2m   2026-11-24 → 2026-12-04   +10 days  requested  华美交付 38 家门店的会员数据导出",
        "daoru-jiaoben-x8nh  2026-12-11 → 2026-12-21   +10 days  after 门店数据迁移-7k2m  会员数据导入脚本与校验",
        "project due stays 2027-01-29",
        "⚠ task `daoru-jiaoben-x8nh` would end 2026-12-21, after its milestone `小程序开发-8qwe` (2026-12-18)",
    ]
    cut = impact_lines(imp, limit=1)
    assert cut[1].plain == "… and 1 more move"


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
