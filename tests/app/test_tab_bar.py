"""A project's tab bar (tui/widgets/tab_bar.py): where the labels go at each width, clicks, keys and hover."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tests.helpers.app import app_on, settle, sync
from tests.helpers.workspace import SAMPLE
from tui.screens.project import VIEWS, ProjectScreen
from tui.widgets.tab_bar import TabBar, spans

LABELS = [f"{n} {view.TAB}" for n, view in enumerate(VIEWS, start=1)]


def text_of(where: list[tuple[int, int, str]], width: int) -> str:
    line = [" "] * width
    for start, end, text in where:
        line[start:end] = text
    return "".join(line).rstrip()


def test_at_120_columns_the_labels_keep_textuals_padding() -> None:
    where = spans(LABELS, 0, 120)
    assert text_of(where, 120) == " 1 Timeline  2 Matrix  3 Contingency  4 Goals  5 Changes  6 Log  7 History  8 Care"
    assert where[0] == (1, 11, "1 Timeline")  # the underline's span: the label without its padding


def test_at_80_columns_all_eight_fit_a_cell_apart() -> None:
    where = spans(LABELS, 7, 80)
    assert text_of(where, 80) == "1 Timeline 2 Matrix 3 Contingency 4 Goals 5 Changes 6 Log 7 History 8 Care"
    assert where[-1][1] <= 80


@pytest.mark.parametrize("active", range(len(LABELS)))
def test_narrower_the_other_labels_are_their_number_and_the_active_one_stays_whole(active: int) -> None:
    where = spans(LABELS, active, 50)
    assert [text for _, _, text in where] == [
        label if n == active else label.split(" ")[0] for n, label in enumerate(LABELS)
    ]
    assert where[-1][1] <= 50
    assert all(end - start == cell_len(text) for start, end, text in where)


async def open_acme(app, pilot, size: tuple[int, int]) -> ProjectScreen:
    await settle(pilot)
    await app.push_screen(ProjectScreen("acme-crm"))
    await settle(pilot)
    assert isinstance(app.screen, ProjectScreen)
    return app.screen


def line(screen: ProjectScreen, y: int) -> str:
    bar = screen.query_one(TabBar)
    return bar.render_line(y).text


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
@sync
async def test_a_click_on_a_label_shows_its_view_and_the_bar_marks_it(size: tuple[int, int]) -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=size) as pilot:
        screen = await open_acme(app, pilot, size)
        assert "8 Care" in line(screen, 0)  # every label on screen, at 80 columns too
        bar = screen.query_one(TabBar)
        start, end, _ = spans(bar.labels, 0, bar.size.width)[3]
        await pilot.click(TabBar, offset=(start + 1, 0))  # "4 Goals"
        await settle(pilot)
        assert screen.active_area == "goals"
        assert app.focused is screen.query_one("#view-goals")
        underline = line(screen, 1)
        start, end, _ = spans(bar.labels, 3, bar.size.width)[3]
        assert set(underline[start:end]) == {"━"}
        assert bar.get_component_rich_style("underline--bar").color is not None
        highlighted = bar.render_line(1).crop(start, end)
        assert {s.style.color for s in highlighted} == {bar.get_component_rich_style("underline--bar").color}


@sync
async def test_keys_one_to_eight_move_the_bar_and_a_hovered_label_brightens() -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_acme(app, pilot, (120, 40))
        bar = screen.query_one(TabBar)
        await pilot.press("7")
        await settle(pilot)
        assert screen.active_area == "history" and bar.active == "history"
        await pilot.press("1")
        await settle(pilot)
        assert bar.active == "timeline"
        start, _, _ = spans(bar.labels, 0, 120)[1]  # "2 Matrix": dim until the mouse is over it
        dim = bar.get_component_rich_style("tab").color
        bright = bar.get_component_rich_style("tab--hover").color
        assert dim != bright
        assert bar.render_line(0).crop(start, start + 1)._segments[0].style.color == dim
        await pilot.hover(TabBar, offset=(start, 0))
        await pilot.pause()
        assert bar.render_line(0).crop(start, start + 1)._segments[0].style.color == bright
