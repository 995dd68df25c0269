"""A retro in the app: the review list offers it for a done project; L adds a lesson; finish writes the
lesson, the register and the minutes in ONE commit. Snapshots of the retro's pages."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
import rtoml
from textual.widgets import OptionList

from tests.helpers.app import app_on, settle, sync
from tests.helpers.gitteam import sample_clone
from tui.screens.review.lesson import LessonScreen
from tui.screens.review.pick import ReviewPickScreen
from tui.screens.review.screen import ReviewScreen
from workspace_schema import review as minutes

TODAY = dt.date(2026, 11, 27)
TRACKING = "projects/acme-tracking.toml"
REVIEW = "reviews/2026-11-27-acme-tracking.toml"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str]) -> Path:
    return sample_clone(tmp_path)


async def open_retro(pilot) -> ReviewScreen:
    """Dashboard, R, w (the whole workspace), down to acme-tracking (marked retro), enter."""
    await settle(pilot)
    await pilot.press("R")
    await pilot.pause()
    await pilot.press("w")
    await pilot.pause()
    picker = pilot.app.screen
    assert isinstance(picker, ReviewPickScreen)
    options = picker.query_one(OptionList)
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    assert ids[-1] == "acme-tracking" and "retro" in options.get_option_at_index(len(ids) - 1).prompt.plain
    await pilot.press(*["down"] * (len(ids) - 1), "enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def add_lesson(pilot) -> None:
    await pilot.press("L")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, LessonScreen)
    await pilot.press(*"Carrier APIs changed under us", "enter", *"No contract tests", "enter")
    await pilot.press(*"Weekly contract tests against every carrier API", "enter", "enter", "space")
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


@sync
async def test_a_retro_picked_adds_a_lesson_and_finishes_in_one_commit(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    app = app_on(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_retro(pilot)
        assert screen.draft is not None and screen.draft.kind == "retro"
        assert [i.kind for i in screen.draft.items] == ["went-wrong"] * 4
        await pilot.press("enter")  # the attendees page: start
        await pilot.pause()
        assert screen.page == "item"
        await add_lesson(pilot)
        assert isinstance(app.screen, ReviewScreen)
        [lesson] = screen.draft.lessons
        assert (lesson.title, lesson.cause, lesson.register) == (
            "Carrier APIs changed under us",
            "No contract tests",
            True,
        )
        assert minutes.load_draft(repo, "acme-tracking").lessons == [lesson]  # saved at once
        await pilot.press("w")
        await pilot.pause()
        assert screen.page == "end" and screen.found == []
        await pilot.press("enter")
        await settle(pilot, 4)
        assert isinstance(app.screen, ReviewPickScreen)
        messages = "\n".join(n.message for n in app._notifications)
        assert "Retro acme-tracking 2026-11-27: 1 lesson" in messages

    assert git(repo, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    files = sorted(git(repo, "show", "--format=", "--name-only", "HEAD").split())
    assert files == ["improvements.toml", TRACKING, REVIEW]
    assert git(repo, "status", "--porcelain") == ""
    [(lid, saved)] = rtoml.load((repo / TRACKING).read_text("utf-8"))["lessons"].items()
    assert saved == {
        "title": "Carrier APIs changed under us",
        "cause": "No contract tests",
        "improvement": "Weekly contract tests against every carrier API",
        "status": "open",
        "raised_on": TODAY,
        "raised_by": "raj",
    }
    register = rtoml.load((repo / "improvements.toml").read_text("utf-8"))["improvements"]
    assert [i["source"] for i in register.values()] == [
        "greenleaf-intranet/freeze-announced-late-t2pz",
        f"acme-tracking/{lid}",
    ]
    assert rtoml.load((repo / REVIEW).read_text("utf-8"))["review"]["kind"] == "retro"


def test_snapshot_retro_item_page_small(snap_compare, repo: Path) -> None:
    async def run_before(pilot) -> None:
        await open_retro(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await add_lesson(pilot)
        await pilot.press("right")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app_on(repo), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_retro_wrap_up(snap_compare, repo: Path) -> None:
    async def run_before(pilot) -> None:
        await open_retro(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await add_lesson(pilot)
        await pilot.press("w")
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app_on(repo), terminal_size=(120, 40), run_before=run_before)
