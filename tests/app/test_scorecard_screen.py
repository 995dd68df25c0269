"""The scorecard screen: K from the dashboard, clients and people, quarter by quarter, the selected card in full."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers.app import app_on, settle, sync
from tests.helpers.workspace import copy_sample
from tui.commands import entries
from tui.screens.scorecard import ScorecardList, ScorecardScreen

SIZE = (120, 40)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    ws = copy_sample(tmp_path)
    subprocess.run(["git", "-C", str(ws), "init", "-q"], check=True)
    return ws


async def open_scorecards(app, pilot) -> ScorecardScreen:
    await settle(pilot)
    await pilot.press("K")
    await settle(pilot, 2)
    screen = app.screen
    assert isinstance(screen, ScorecardScreen)
    return screen


def head(screen: ScorecardScreen) -> str:
    return screen.query_one("#scorecard-head").render().plain


@sync
async def test_k_opens_the_clients_this_quarter_and_keys_switch_people_and_quarters(root: Path) -> None:
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "dashboard: scorecards" in {e.title for e in entries(app.screen)}  # in the command palette
        screen = await open_scorecards(app, pilot)
        assert head(screen) == "Clients · 2026-Q4 (2026-10-01 to 2026-12-31)"
        rows = [r.plain for r in screen.query_one(ScorecardList).rows]
        assert [r.split("  ")[0] for r in rows] == ["Acme Logistics", "华美百货", "Greenleaf Clinics"]
        assert "0% (0/2)" in rows[1]
        detail = screen.query_one("#scorecard-detail").render().plain
        assert "Acme Logistics · 2026-Q4" in detail and "0 earned, 0 missed, 1 at risk" in detail
        await pilot.press("down")
        await settle(pilot)
        assert "华美百货 · 2026-Q4" in screen.query_one("#scorecard-detail").render().plain
        await pilot.press("b")
        await settle(pilot, 2)
        assert head(screen).startswith("People · 2026-Q4")
        assert screen.cards[0].subject == "hannah" and screen.query_one(ScorecardList).cursor == 0
        await pilot.press("p")
        await settle(pilot, 2)
        assert head(screen).startswith("People · 2026-Q3") and screen.cards[0].period == "2026-Q3"
        await pilot.press("n", "n")
        await settle(pilot, 2)
        assert head(screen).startswith("People · 2027-Q1")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ScorecardScreen)


def test_snapshot_scorecards(snap_compare, root: Path) -> None:
    async def run_before(pilot) -> None:
        await open_scorecards(pilot.app, pilot)

    assert snap_compare(app_on(root), terminal_size=SIZE, run_before=run_before)


def test_snapshot_scorecards_at_80x24(snap_compare, root: Path) -> None:
    async def run_before(pilot) -> None:
        await open_scorecards(pilot.app, pilot)

    assert snap_compare(app_on(root), terminal_size=(80, 24), run_before=run_before)
