"""Screens made in idle time (tui/screens/ready.py): shown as a new screen would be, kept up to date, let go."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref
from functools import partial
from pathlib import Path

from tests.helpers.app import app_on, settle, sync
from tests.helpers.workspace import SAMPLE, copy_sample
from tui.screens.dashboard import DashboardScreen
from tui.screens.findings import FindingsScreen
from tui.screens.owed import OwedScreen
from tui.screens.project import ProjectScreen
from tui.widgets.header import Header

OPENS = (("enter", ProjectScreen), ("O", OwedScreen), ("f", FindingsScreen))


async def made_ahead(app, pilot) -> dict[type, object]:
    """Rest on the dashboard until what it may open is made and drawn (nothing left to do: the preload sleeps);
    {screen class: the screen}."""
    for _ in range(1500):  # (15 s: the preload goes first, and xdist's other workers share the cores)
        kept = app.ready.kept
        wanted = app.ready.wanted()
        if (
            {cls: k.args for cls, k in kept.items()} == dict(wanted)
            and all(k.screen.is_mounted for k in kept.values())
            and app.preload.asleep
        ):
            await settle(pilot)
            return {cls: k.screen for cls, k in kept.items()}
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


async def kept_one_shown_as_a_new_one(app, pilot, kept, check=lambda: None) -> None:
    """Enter opens ``kept`` (``check`` looks at it); it looks as the screen Enter makes once none is kept."""
    await pilot.press("enter")
    await settle(pilot)
    assert app.screen is kept
    check()
    ahead = app.export_screenshot()
    await pilot.press("escape")
    await settle(pilot)
    app.ready.forget()
    assert await shown(app, pilot, "enter") == ahead


def hold(app) -> None:
    """No more making ahead, reopening or catching up while the test compares (until ``resume``).

    (Told there is nothing to do, the preload sleeps until a key, a click or a new state wakes it.)
    """
    app.ready.step = lambda: "idle"


def resume(app) -> None:
    del app.ready.step
    app.preload.wake()


@sync
async def test_each_screen_made_ahead_is_the_one_shown_and_looks_as_a_new_one() -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down")  # the second project: the one at the cursor is made
        kept = await made_ahead(app, pilot)
        assert set(kept) == {ProjectScreen, OwedScreen, FindingsScreen}
        assert kept[ProjectScreen].project_id == app.screen.selected().project_id
        hold(app)
        for key, cls in OPENS:
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is kept[cls]
            await pilot.press("escape")
            await settle(pilot)
        for key, cls in OPENS:  # each again, made ahead and then made on the key: the same picture
            resume(app)
            await made_ahead(app, pilot)
            hold(app)
            ahead = await shown(app, pilot, key)
            app.ready.forget()
            assert await shown(app, pilot, key) == ahead, cls.__name__


@sync
async def test_a_screen_made_ahead_is_drawn_before_its_key_which_draws_none_of_its_widgets() -> None:
    """The key that shows a kept screen composites the lines its widgets drew in idle time (at 20,000 items in
    process: a project's screen in 17 ms instead of 55, who owes what 24 instead of 54)."""
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key, cls in OPENS:
            screen = (await made_ahead(app, pilot))[cls]
            hold(app)
            drawn: list[str] = []
            for widget in screen.walk_children():
                widget.render_line = partial(count_lines, drawn, widget, widget.render_line)
            at_first_frame: list[list[str]] = []
            display = app._display

            def first_frame(on, renderable, screen=screen, display=display, drawn=drawn, frames=at_first_frame):
                if on is screen and renderable is not None and not frames:
                    frames.append(list(drawn))
                return display(on, renderable)

            app._display = first_frame
            try:
                await pilot.press(key)
                await settle(pilot)
            finally:
                del app._display
            assert app.screen is screen
            assert at_first_frame == [[]], cls.__name__
            await pilot.press("escape")
            await settle(pilot)
            resume(app)


def count_lines(drawn: list[str], widget, render_line, y: int):
    drawn.append(f"{type(widget).__name__} {y}")
    return render_line(y)


@sync
async def test_a_screen_made_before_a_reload_shows_the_new_state(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        kept = await made_ahead(app, pilot)
        hold(app)
        project = kept[ProjectScreen].project_id
        path = root / "projects" / f"{project}.toml"
        text = path.read_text("utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title = "))
        path.write_text(text.replace(title, 'title = "Renamed while the screen waited"', 1), "utf-8")
        before = app.state
        app.action_reload()
        await settle(pilot)
        assert app.state is not before
        assert app.ready.kept[ProjectScreen].state is before  # not caught up yet: taken now

        def renamed() -> None:
            assert "Renamed while the screen waited" in str(app.screen.query_one("#project-title").render())

        await kept_one_shown_as_a_new_one(app, pilot, kept[ProjectScreen], renamed)


@sync
async def test_the_project_screen_follows_the_cursor_and_another_screen_on_top_keeps_them() -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        kept = await made_ahead(app, pilot)
        first = kept[ProjectScreen]
        made_for = first.project_id
        await pilot.press("P")  # the people: not a screen made ahead; nothing is made, reopened or let go meanwhile
        await settle(pilot)
        await asyncio.sleep(0.2)
        assert {k.screen for k in app.ready.kept.values()} == set(kept.values())
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down", "down")
        kept = await made_ahead(app, pilot)
        assert kept[ProjectScreen] is first  # not made again: reopened for the project at the cursor
        assert first.project_id == app.screen.selected().project_id != made_for
        hold(app)
        await kept_one_shown_as_a_new_one(app, pilot, first)


@sync
async def test_enter_on_another_project_before_the_rest_opens_the_kept_screen_at_that_project() -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        kept = await made_ahead(app, pilot)
        hold(app)
        await pilot.press("down")  # no rest: the kept screen is still at the first project when Enter takes it
        assert app.ready.kept[ProjectScreen].args != (app.screen.selected().project_id,)

        def at_the_cursor() -> None:
            assert app.screen.project_id == app.screen_stack[-2].selected().project_id

        await kept_one_shown_as_a_new_one(app, pilot, kept[ProjectScreen], at_the_cursor)


@sync
async def test_a_screen_made_before_a_theme_change_opens_in_the_new_theme() -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        kept = await made_ahead(app, pilot)
        hold(app)
        app.theme = "textual-light"
        await settle(pilot)
        await kept_one_shown_as_a_new_one(app, pilot, kept[ProjectScreen])


@sync
async def test_a_screen_gone_back_from_is_let_go() -> None:
    """Nothing keeps a closed screen or any of its widgets alive, nor what they drew.

    Three things did: the keys kept for resending held the screen they came to (64 of them); Textual's Header
    stayed on the app's list of title watchers (tui/widgets/header.py); Textual's StylesCache.get_inner_outer
    cache held each widget's drawn lines (tui/textual_fixes.py). Every full run of the cyclic collector scanned
    them all again: up to 100 ms, some during a key, after 45 opens at 20,000 items.
    """
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await made_ahead(app, pilot)  # the preload's last step freezes what lives then: the screens come after it
        hold(app)
        gone: list[weakref.ref] = []
        for key, cls in OPENS:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, cls)
            widgets = [app.screen, *app.screen.walk_children()]
            assert any(isinstance(widget, Header) for widget in widgets)
            gone += [weakref.ref(widget) for widget in widgets]
            gone += [weakref.ref(widget._styles_cache) for widget in widgets]
            del widgets
            await pilot.press("escape")
            await settle(pilot)
        app.ready.forget()
        await pilot.pause()
        gc.collect()
        assert [ref() for ref in gone if ref() is not None] == []


@sync
async def test_nothing_is_made_while_the_preloads_thread_runs() -> None:
    """Who owes what's groups are made in a thread at the preload's end; a screen made meanwhile slowed both,
    and the key after them (the edit form, 120 -> 250 ms at 20,000 items)."""
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await made_ahead(app, pilot)
        release = threading.Event()
        app.run_worker(release.wait, thread=True, group="preload", description="a slow preload thread")
        try:
            app.ready.forget()
            app.preload.wake()  # as a key would
            await asyncio.sleep(0.5)  # five times the rest before making one
            assert app.ready.kept == {}
        finally:
            release.set()
        assert set(await made_ahead(app, pilot)) == {ProjectScreen, OwedScreen, FindingsScreen}


@sync
async def test_an_idle_app_runs_no_steps_until_a_key_wakes_it() -> None:
    """With every screen made and up to date the preload sleeps: an idle app wakes for nothing (it looked
    ten times a second, 1.5% of a core at 20,000 items); the next key wakes it, and its cursor's project is then
    the kept screen's."""
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await made_ahead(app, pilot)
        steps = []
        step = app.ready.step
        app.ready.step = lambda: steps.append(1) or step()
        await asyncio.sleep(0.6)
        assert steps == []
        await pilot.press("down")
        kept = await made_ahead(app, pilot)
        assert steps
        assert kept[ProjectScreen].project_id == app.screen.selected().project_id


@sync
async def test_a_screen_a_reload_froze_is_let_go_once_closed(tmp_path: Path) -> None:
    """A reload freezes what lives then (tui/frozen.py), the screen on top too: closed, it was never collected,
    and it held the state it showed (a whole workspace per edit made on a project's screen, ~40 MiB at 20,000
    items). After a rest it is collected."""
    root = copy_sample(tmp_path)
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await made_ahead(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProjectScreen)
        state = app.state
        app.action_reload()  # as an edit made on the screen does
        await settle(pilot)
        assert app.state is not state
        gone = weakref.ref(screen), weakref.ref(state)
        del screen, state
        await pilot.press("escape")
        await settle(pilot)
        gc.collect()
        assert gone[0]() is not None  # frozen: the collector does not see it
        for _ in range(300):  # (the rest before collecting is 1 s; xdist's other workers share the cores)
            await asyncio.sleep(0.05)
            if not app.frozen.kept_too_long():
                break
        gc.collect()
        assert [ref() for ref in gone] == [None, None]
