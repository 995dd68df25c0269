"""The Care tab (8): support requests against their targets, trainings, lessons; r and v record an answer now."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import rtoml

from tests.helpers.app import settle, sync
from tests.helpers.gitteam import sample_clone
from tests.helpers.workspace import copy_sample
from tui.app import make_app
from tui.screens.project import ProjectScreen
from tui.widgets.care import CareView
from workspace_schema.core.clock import frozen

INTRANET = "projects/greenleaf-intranet.toml"
NEW = "search-no-pdfs-7tqa"
REQUEST = f"""
[support.{NEW}]
title = "Search finds no PDFs"
reporter = "priya"
owner = "tomas"
severity = "critical"
opened = 2026-11-27T09:30:00
"""  # critical: respond within 1 working hour, resolve within 8: both past by 20:00


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str]) -> Path:
    root = sample_clone(tmp_path)
    with (root / INTRANET).open("a", encoding="utf-8") as f:
        f.write(REQUEST)
    git(root, "commit", "-qam", "a critical request")
    return root


def commits(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD"))


@sync
async def test_r_then_v_record_the_response_and_the_resolution_now_one_commit_each(repo: Path) -> None:
    start = commits(repo)
    app = make_app(repo, frozen("2026-11-27"), watch=False, use_git=True)  # 20:00 in Shanghai
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen("greenleaf-intranet", item=NEW, tab="care"))
        await settle(pilot)
        view = app.screen.query_one(CareView)
        assert view.selected_ref() == f"greenleaf-intranet/{NEW}"
        shown = "\n".join(line.plain for line in view.rows)
        assert "1 past a target" in shown and "BREACHED: no response, 7.5 h over (due 11-27 10:30)" in shown
        await pilot.press("r")
        await settle(pilot, 6)
        assert rtoml.load(repo / INTRANET)["support"][NEW]["responded"].isoformat() == "2026-11-27T20:00:00"
        assert commits(repo) == start + 1
        assert git(repo, "log", "-1", "--format=%s").strip() == (
            f"greenleaf-intranet: {NEW} responded (none) -> 2026-11-27T20:00:00"
        )
        await pilot.press("r")  # responded already: nothing written
        await settle(pilot, 3)
        assert commits(repo) == start + 1
        await pilot.press("v")
        await settle(pilot, 6)
    request = rtoml.load(repo / INTRANET)["support"][NEW]
    assert request["resolved"].isoformat() == "2026-11-27T20:00:00"
    assert commits(repo) == start + 2
    assert git(repo, "show", "--format=", "--name-only", "HEAD").split() == [INTRANET]
    assert f"Ducu-Item: greenleaf-intranet/{NEW}" in git(repo, "log", "-1", "--format=%B")
    assert git(repo, "status", "--porcelain") == ""


def _care_app(tmp_path: Path):
    root = copy_sample(tmp_path)
    with (root / INTRANET).open("a", encoding="utf-8") as f:
        f.write(REQUEST)
    return make_app(root, frozen("2026-11-27"), watch=False, use_git=False)


async def _open_care(pilot) -> None:
    await settle(pilot)
    pilot.app.push_screen(ProjectScreen("greenleaf-intranet", tab="care"))
    await settle(pilot)


def test_snapshot_care_tab(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(_care_app(tmp_path), terminal_size=(120, 40), run_before=_open_care)


def test_snapshot_care_tab_at_80x24(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(_care_app(tmp_path), terminal_size=(80, 24), run_before=_open_care)
