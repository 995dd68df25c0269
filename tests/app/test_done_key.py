"""Done from the timeline key and from the edit form: status and done_on together, one commit each."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import rtoml

from tests.helpers.app import settle, sync
from tests.helpers.gitteam import sample_clone
from tui.app import make_app
from tui.screens.edit_form import EditForm
from tui.screens.project import ProjectScreen
from workspace_schema.core.clock import frozen

INTRANET = "projects/greenleaf-intranet.toml"
DOING = "handover-signoff-9gtv"  # doing, started 2026-11-17
DONE = "content-migration-b8qz"  # done on 2026-11-05


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str]) -> Path:
    return sample_clone(tmp_path)


def milestone(repo: Path, item: str) -> dict:
    return rtoml.load(repo / INTRANET)["milestones"][item]


async def open_project(app, pilot, item: str, tab: str = "timeline") -> ProjectScreen:
    await settle(pilot)
    screen = ProjectScreen("greenleaf-intranet", item=item, tab=tab)
    app.push_screen(screen)
    await pilot.pause()
    await pilot.pause()
    return screen


def commits(repo: Path) -> int:
    return int(git(repo, "rev-list", "--count", "HEAD"))


@sync
async def test_d_marks_done_today_then_takes_it_back_one_commit_each(repo: Path) -> None:
    before, start = (repo / INTRANET).read_text("utf-8"), commits(repo)
    app = make_app(repo, frozen("2026-11-27"), watch=False, use_git=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot, DOING)
        await pilot.press("D")
        await settle(pilot, 6)
        item = milestone(repo, DOING)
        assert item["status"] == "done" and str(item["done_on"]) == "2026-11-27"
        assert commits(repo) == start + 1
        assert git(repo, "log", "-1", "--format=%s").strip() == (
            f"greenleaf-intranet: {DOING} status doing -> done, done_on (none) -> 2026-11-27"
        )
        assert git(repo, "show", "--format=", "--name-only", "HEAD").split() == [INTRANET]
        await pilot.press("D")
        await settle(pilot, 6)
    item = milestone(repo, DOING)
    assert item["status"] == "doing" and "done_on" not in item  # started 2026-11-17: doing again
    assert (repo / INTRANET).read_text("utf-8") == before
    assert commits(repo) == start + 2
    assert f"Ducu-Item: greenleaf-intranet/{DOING}" in git(repo, "log", "-1", "--format=%B")
    assert git(repo, "status", "--porcelain") == ""


@sync
async def test_d_works_on_the_matrix_and_not_on_the_log(repo: Path) -> None:
    start = commits(repo)
    app = make_app(repo, frozen("2026-11-27"), watch=False, use_git=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_project(app, pilot, DONE, tab="matrix")
        assert screen.selected_ref() == f"greenleaf-intranet/{DONE}"
        await pilot.press("D")
        await settle(pilot, 6)
        assert milestone(repo, DONE)["status"] == "doing" and commits(repo) == start + 1
        await pilot.press("6")  # the log: no milestones or tasks there
        await pilot.pause()
        assert screen.check_action("toggle_done", ()) is False


@sync
async def test_status_done_in_the_form_sets_done_on_and_away_from_done_clears_it(repo: Path) -> None:
    start = commits(repo)
    app = make_app(repo, frozen("2026-11-27"), watch=False, use_git=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_project(app, pilot, DOING)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EditForm)
        form.rows["status"].widget.value = "done"  # done_on left empty
        await pilot.press("ctrl+s")
        await settle(pilot, 6)
        assert app.screen is screen
        item = milestone(repo, DOING)
        assert item["status"] == "done" and str(item["done_on"]) == "2026-11-27"
        assert commits(repo) == start + 1
        body = git(repo, "log", "-1", "--format=%B")
        assert "Ducu-Field: status\nDucu-Field: done_on" in body

        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EditForm)
        form.rows["status"].widget.value = "blocked"
        await pilot.press("ctrl+s")
        await settle(pilot, 6)
    item = milestone(repo, DOING)
    assert item["status"] == "blocked" and "done_on" not in item
    assert commits(repo) == start + 2
    assert "done_on 2026-11-27 -> (none)" in git(repo, "log", "-1", "--format=%s")
    assert git(repo, "status", "--porcelain") == ""
