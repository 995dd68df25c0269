"""Screens made in idle time (tui/screens/ready.py): shown as a new screen would be, kept up to date, let go."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.helpers.app import app_on, settle, sync
from tests.helpers.workspace import SAMPLE, copy_sample
from tui.screens import preload
from tui.screens.dashboard import DashboardScreen
from tui.screens.findings import FindingsScreen
from tui.screens.owed import OwedScreen
from tui.screens.project import ProjectScreen

OPENS = (("enter", ProjectScreen), ("O", OwedScreen), ("f", FindingsScreen))


async def made_ahead(app, pilot) -> dict[type, object]:
    """Rest on the dashboard until what it may open is made; {screen class: the screen}."""
    for _ in range(1500):  # (15 s: the preload goes first, and xdist's other workers share the cores)
        kept = app.ready.kept
        if set(kept) == set(app.ready.wanted()) and all(k.screen.is_mounted for k in kept.values()):
            await settle(pilot)
            return {cls: k.screen for (cls, _), k in kept.items()}
        await asyncio.sleep(0.01)
    raise AssertionError(f"made ahead: {list(app.ready.kept)}, wanted {app.ready.wanted()}, preload {app.preload}")


async def shown(app, pilot, key: str) -> str:
    """Press ``key`` on the dashboard: the screen it opens, as the terminal would show it; then back."""
    await pilot.press(key)
    await settle(pilot)
    await pilot.pause()
    picture = app.export_screenshot()
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(app.screen, DashboardScreen)
    return picture


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Screens are made after 50 ms of rest instead of a second (the tests then stop it with ``hold``)."""
    monkeypatch.setattr(preload, "READY_QUIET", 0.05)
    return monkeypatch


def hold(monkeypatch: pytest.MonkeyPatch) -> None:
    """No more making ahead or catching up while the test compares."""
    monkeypatch.setattr(preload, "READY_QUIET", 1000.0)


@sync
async def test_each_screen_made_ahead_is_the_one_shown_and_looks_as_a_new_one(quick: pytest.MonkeyPatch) -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down")  # the second project: the one at the cursor is made
        kept = await made_ahead(app, pilot)
        assert set(kept) == {ProjectScreen, OwedScreen, FindingsScreen}
        assert kept[ProjectScreen].project_id == app.screen.selected().project_id
        hold(quick)
        for key, cls in OPENS:
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is kept[cls]
            await pilot.press("escape")
            await settle(pilot)
        for key, cls in OPENS:  # each again, made ahead and then made on the key: the same picture
            quick.setattr(preload, "READY_QUIET", 0.05)
            await made_ahead(app, pilot)
            hold(quick)
            ahead = await shown(app, pilot, key)
            app.ready.forget()
            assert await shown(app, pilot, key) == ahead, cls.__name__


@sync
async def test_a_screen_made_before_a_reload_shows_the_new_state(quick: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        kept = await made_ahead(app, pilot)
        hold(quick)
        project = kept[ProjectScreen].project_id
        path = root / "projects" / f"{project}.toml"
        text = path.read_text("utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title = "))
        path.write_text(text.replace(title, 'title = "Renamed while the screen waited"', 1), "utf-8")
        before = app.state
        app.action_reload()
        await settle(pilot)
        assert app.state is not before
        assert app.ready.kept[(ProjectScreen, (project,))].state is before  # not caught up yet: taken now
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is kept[ProjectScreen]
        assert "Renamed while the screen waited" in str(app.screen.query_one("#project-title").render())
        ahead = app.export_screenshot()
        await pilot.press("escape")
        await settle(pilot)
        app.ready.forget()
        assert await shown(app, pilot, "enter") == ahead


@sync
async def test_the_cursor_moving_on_lets_the_project_screen_go_and_another_screen_on_top_keeps_them(
    quick: pytest.MonkeyPatch,
) -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        kept = await made_ahead(app, pilot)
        first = kept[ProjectScreen]
        await pilot.press("down")
        kept = await made_ahead(app, pilot)
        assert kept[ProjectScreen] is not first
        assert kept[ProjectScreen].project_id == app.screen.selected().project_id
        assert not first.is_attached  # let go
        await pilot.press("P")  # the people: not a screen made ahead; nothing is made or let go meanwhile
        await settle(pilot)
        await asyncio.sleep(0.2)
        assert {k.screen for k in app.ready.kept.values()} == set(kept.values())


@sync
async def test_a_screen_made_before_a_theme_change_opens_in_the_new_theme(quick: pytest.MonkeyPatch) -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        kept = await made_ahead(app, pilot)
        hold(quick)
        app.theme = "textual-light"
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is kept[ProjectScreen]
        ahead = app.export_screenshot()
        await pilot.press("escape")
        await settle(pilot)
        app.ready.forget()
        assert await shown(app, pilot, "enter") == ahead
