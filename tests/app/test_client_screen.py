"""The client screen: one client across its projects, reached with C from the dashboard."""

from __future__ import annotations

import pytest

from tests.helpers.app import app_on, settle, sync
from tui.screens.client import ClientScreen


async def open_client(pilot) -> ClientScreen:
    await settle(pilot)
    await pilot.press("C")  # the first row: the Acme CRM rollout (red, first)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ClientScreen)
    return screen


def shown(screen: ClientScreen) -> str:
    return str(screen.query_one("#client-record").render())


@sync
async def test_c_shows_the_selected_project_s_client_and_brackets_step_through_clients():
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_client(pilot)
        text = shown(screen)
        for words in (
            "Acme Logistics",
            "Contract SOW-2026-014 · signed 2026-09-28 · 2026-10-01 → 2027-04-30 · 184,000 USD",
            "Contact every 7 days · last 2026-11-26 (1 day ago)",
            "Surveys every 90 days · last 2026-11-13",
            "Dana Green",
            "+1 617 555 0142 · teams: dana.green@acme-logistics.com\n",
            "acme-tracking",
            "schedule      █▅",  # 5 then 3: the fall shows
            "Scorecard 2026-Q4",
        ):
            assert words in text, words
        await pilot.press("right_square_bracket")
        assert "Greenleaf Clinics" in shown(screen)
        assert "Support: 1 open request" in shown(screen)
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert "华美百货" in shown(screen) and "wechat: wangwei_hm" in shown(screen)
        await pilot.press("escape")
        assert not isinstance(app.screen, ClientScreen)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_snapshot_client(snap_compare, size) -> None:
    async def run_before(pilot) -> None:
        await open_client(pilot)

    assert snap_compare(app_on(), terminal_size=size, run_before=run_before)
