"""What makes screens open fast keeps them the same: views built when asked for, idle-time preloading, lazy lines."""

from __future__ import annotations

import asyncio
import time

from rich.cells import cell_len

from tests.helpers.app import app_on, settle, sync
from tui.screens import preload
from tui.screens.findings import finding_row, rows_width
from tui.screens.owed import OwedScreen, kept_for
from tui.screens.project import AREAS, ProjectScreen
from tui.widgets.matrix import MatrixView
from tui.widgets.timeline import TimelineView
from workspace_schema.core.findings import Finding

EXPORT = "data-export-k3f9"  # an acme-crm task: the timeline shows it


def built(screen: ProjectScreen) -> set[str]:
    return {view.AREA for view in screen.views()}


@sync
async def test_a_project_from_the_dashboard_builds_its_other_views_when_asked() -> None:
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProjectScreen)
        assert built(screen) == {TimelineView.AREA}
        await pilot.press("2")  # the matrix: built now, on the project, with the keys
        await pilot.pause()
        assert built(screen) == {TimelineView.AREA, MatrixView.AREA}
        matrix = screen.query_one(MatrixView)
        assert matrix.project_id == screen.project_id and matrix.has_focus_within


@sync
async def test_show_elsewhere_looks_through_every_view_built_or_not() -> None:
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen("acme-crm", tab="goals"))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProjectScreen) and built(screen) == {"goals"}
        goals = next(view for view in screen.views() if view.AREA == "goals")
        goals.show_elsewhere(EXPORT)
        await pilot.pause()
        await pilot.pause()
        assert built(screen) == AREAS
        assert screen.active_view() is screen.query_one(TimelineView)
        assert screen.selected_ref() == f"acme-crm/{EXPORT}"


@sync
async def test_a_project_opened_at_an_item_builds_every_view() -> None:
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen("acme-crm", item=EXPORT))
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen) and built(app.screen) == AREAS


@sync
async def test_preload_reads_the_screens_and_widgets_css_once_the_rules_are_in() -> None:
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(200):
            if app.preload is not None and app.preload.done:
                break
            await asyncio.sleep(0.02)
        assert app.preload is not None and app.preload.done
        owed_css = preload.css_files(OwedScreen)
        assert owed_css and all(app.stylesheet.has_source(str(path), "") for path in owed_css)
        defaults = {name for _, name in app.stylesheet.source}  # the widgets' DEFAULT_CSS, for the form and tabs
        assert {"Select.DEFAULT_CSS", "Button.DEFAULT_CSS", "TabBar.DEFAULT_CSS"} <= defaults
        await settle(pilot)  # who owes what, made ahead in a worker
        assert app.state is not None and (owed := kept_for(app.state))
        await pilot.press("O")  # the screen opens with its own rules, as before, and the groups at once
        assert isinstance(app.screen, OwedScreen) and app.screen.groups is owed.groups
        await settle(pilot)
        assert app.screen.query_one("#owed-detail").styles.border_top[0] == "solid"


@sync
async def test_preload_waits_while_keys_come() -> None:
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        busy = preload.Preload(app, time.monotonic)  # as if a key had just come, always
        left = len(busy.todo)
        busy.start(delay=0)
        await asyncio.sleep(0.5)
        assert len(busy.todo) == left and not busy.done
        quiet = preload.Preload(app, lambda: 0.0)
        quiet.todo = quiet.todo[:3]
        quiet.start(delay=0)
        for _ in range(100):
            if quiet.done:
                break
            await asyncio.sleep(0.02)
        assert quiet.done and not quiet.todo


def test_rows_width_is_the_longest_row_without_making_them() -> None:
    def finding(message: str) -> Finding:
        return Finding(level="warning", code="R001", message=message, file="projects/a.toml", line=3)

    sets = [
        ["a plain message", "交付日期已过 with a wide title", "a tab\there and a bell \x07 there"],
        ["交付日期" * 10, "x" * 60],  # fewer characters than the ASCII one, more cells
        ["交付日期" * 10, "x" * 90],  # the ASCII one is longest
        ["e\u0301" * 30, "🎉" * 5, "👨\u200d👩\u200d👧"],  # combining marks, emoji, a joined family
        [],
    ]
    for messages in sets:
        findings = [finding(m) for m in messages]
        longest = max((cell_len(finding_row(f).plain) for f in findings), default=rows_width([]))
        assert rows_width(findings) == longest, messages
