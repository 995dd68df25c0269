"""The footer: the keys that fit, f1 always, nothing cut and no stray character beside "^p Commands"."""

from __future__ import annotations

import pytest

from tests.helpers.app import app_on, settle, sync
from tui.screens.project import ProjectScreen
from tui.widgets.key_footer import MORE, KeyFooter, fit


def test_fit_keeps_order_and_the_kept_key():
    assert fit([5, 5, 5], 12) == [0, 1]
    assert fit([5, 5, 5], 12, keep=[2]) == [0, 2]
    assert fit([3, 9, 2], 6) == [0]  # keys stay in order: none after the first that did not fit
    assert fit([4, 4], 3, keep=[1]) == [1]
    assert fit([5, 5, 5, 5], 12, later=[0]) == [1, 2]  # a spare key gives way to the ones after it
    assert fit([2, 5, 5], 12, later=[0]) == [0, 1, 2]


def bottom_line(app) -> str:
    return "".join(s.text for s in app.screen._compositor.render_strips()[-1])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@sync
async def test_the_footer_shows_whole_keys_and_f1_on_every_tab(size):
    app = app_on()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen("acme-crm", tab="timeline"))
        await settle(pilot)
        for n, tab in ((1, "timeline"), (2, "matrix"), (3, "checklist"), (5, "changes")):
            await pilot.press(str(n))
            await settle(pilot, rounds=1)
            footer = app.screen.query_one(KeyFooter)
            line = bottom_line(app)
            assert line.rstrip().endswith("^p Commands"), (tab, line)  # nothing of a scrolled key beside it
            assert footer.max_scroll_x == 0
            assert "f1" in line
            assert footer.keys, tab
            for key in footer.keys:
                assert f"{key.key_display} {key.description}" in line, (tab, key.key_display)  # each key whole
            if size == (80, 24):
                assert f"f1 {MORE}" in line, tab  # keys were left out: help has them all


@sync
async def test_the_matrix_says_its_four_letters_in_one_place():
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen("acme-crm", tab="matrix"))
        await settle(pilot)
        line = bottom_line(app)
        assert "r a c i Set R/A/C/I" in line
        assert "D Done/undo" in line and "esc Back" in line


@sync
async def test_a_click_on_a_key_runs_it_and_the_pointer_lights_it():
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        help_at = next(start for start, _, key in footer._spans if key.action.endswith("help"))
        await pilot.hover(KeyFooter, offset=(help_at, 0))
        await pilot.pause()
        assert footer._hover is not None and footer._hover.action.endswith("help")
        await pilot.click(KeyFooter, offset=(help_at, 0))
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
