"""Column plans (tui/render/columns.py) and the dashboard's (tui/render/dashboard_table.py): what shows at which width."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.text import Text

from tui.render.columns import Column, drop, line_cells, plan, short
from tui.render.dashboard_table import GAP, LEAD, SCROLLBAR, column_plan, fit_bullets, why_lines
from tui.render.owed_rows import MARK_CELLS, owed_plan

DECISIONS = ["project", "health", "due", "late", "slip", "wait"]


def keys(width: int, natural: dict[str, int] | None = None) -> list[str]:
    return [p.key for p in column_plan(width, natural)]


def cells_of(width: int) -> dict[str, int]:
    return {p.key: p.cells for p in column_plan(width)}


@pytest.mark.parametrize("width", [60, 80, 100, 120, 140, 160, 200])
def test_the_decision_columns_always_show_and_the_line_fits(width: int) -> None:
    placed = column_plan(width)
    assert set(DECISIONS) <= {p.key for p in placed}
    assert line_cells([p.cells for p in placed], len(GAP), LEAD) <= width - SCROLLBAR  # no horizontal scrolling


def test_at_80_columns() -> None:
    assert keys(80) == [*DECISIONS, "check_in", "risk"]
    assert cells_of(80)["project"] >= 24
    assert [p.short for p in column_plan(80) if p.key == "due"] == [True]  # "4d late", without the date


def test_at_100_columns() -> None:
    assert keys(100) == ["project", "health", "next", "due", "late", "slip", "wait", "check_in", "risk"]
    assert cells_of(100)["project"] >= 24 and cells_of(100)["next"] >= 16


def test_at_120_columns() -> None:
    assert keys(120) == ["project", "health", "done", "next", "due", "late", "slip", "wait", "check_in", "risk"]
    widths = cells_of(120)
    assert widths["project"] >= 30  # "CRM rollout for Acme Logistics" whole; it was cut at 14
    assert widths["due"] == 14  # "11-23 4d late": the date is back


def test_at_160_columns_every_column_shows_and_the_titles_grow() -> None:
    assert len(column_plan(160)) == 13
    assert cells_of(160)["project"] > cells_of(140)["project"] >= 24


def test_titles_take_no_more_than_their_longest_value() -> None:
    natural = {"project": 20, "client": 6, "next": 10}
    widths = {p.key: p.cells for p in column_plan(200, natural)}
    assert widths["project"] == 20 and widths["client"] == 6
    assert widths["next"] == len("Next milestone")  # never narrower than its header
    # short titles leave room for what would have given way: at 100 columns the due date is back
    short_titles = {p.key: p.short for p in column_plan(100, natural)}
    assert short_titles["due"] is False and [p.short for p in column_plan(100) if p.key == "due"] == [True]


def test_drop_order_and_short_forms_of_a_plan() -> None:
    columns = [Column("a", "A", 10, grow=1), Column("b", "B", 6, short_cells=3), Column("c", "C", 5)]
    steps = [drop("c"), short("b")]
    assert [(p.key, p.cells) for p in plan(columns, 24, steps, gap=1)] == [("a", 11), ("b", 6), ("c", 5)]
    assert [(p.key, p.cells) for p in plan(columns, 17, steps, gap=1)] == [("a", 10), ("b", 6)]
    assert [(p.key, p.cells, p.short) for p in plan(columns, 14, steps, gap=1)] == [("a", 10, False), ("b", 3, True)]
    # narrower than that: the text column gives way down to its header, and no further
    assert [(p.key, p.cells) for p in plan(columns, 5, steps, gap=1)] == [("a", 1), ("b", 3)]


def test_the_reasons_panel_is_taller_on_a_taller_terminal() -> None:
    assert why_lines(24) >= 5
    assert why_lines(40) > why_lines(24)
    assert why_lines(200) <= 12


def test_every_bullet_shows_when_they_do_not_all_fit() -> None:
    long = "word " * 40
    bullets = [Text(long), Text(long), Text("short one")]
    lines = fit_bullets(bullets, 60, 5)
    assert len(lines) == 5 and all(cell_len(line.plain) <= 60 for line in lines)
    starts = [line.plain for line in lines if line.plain.startswith("  • ")]
    assert len(starts) == 3 and starts[-1] == "  • short one"
    assert lines[2].plain.endswith("…")  # the first bullet got the lines to spare, and is cut
    # with room, each is whole, wrapped under its bullet
    whole = fit_bullets(bullets, 60, 20)
    assert " ".join(line.plain.strip(" •") for line in whole).split() == (long + long + "short one").split()


def test_more_bullets_than_lines_say_how_many_more() -> None:
    lines = fit_bullets([Text(f"reason {n}") for n in range(6)], 40, 3)
    assert [line.plain for line in lines] == ["  • reason 0", "  • reason 1", "  • … and 4 more reasons"]


# --- who owes what: the list is the screen less its padding and scrollbar gutter (4 cells) ---------------

OWED_NATURAL = {"item": 52, "project": 18, "step": 26}  # the sample workspace's longest values


@pytest.mark.parametrize(
    ("screen", "shown"),
    [
        (80, ["item", "due", "late", "nudged", "step"]),
        (100, ["item", "project", "due", "late", "nudged", "step"]),
        (120, ["item", "project", "due", "late", "nudged", "step"]),
        (160, ["item", "project", "due", "late", "nudged", "step"]),
    ],
)
def test_owed_columns(screen: int, shown: list[str]) -> None:
    width = screen - 4
    columns = owed_plan(width, OWED_NATURAL)
    assert list(columns) == shown
    assert line_cells([p.cells for p in columns.values()], 1, MARK_CELLS) <= width
    assert columns["item"].cells >= 30  # it had 12 at 80 columns
    if "project" in columns:
        assert columns["project"].cells == 18  # "greenleaf-intranet", whole


def test_owed_titles_take_what_is_left_up_to_the_longest() -> None:
    assert owed_plan(116, OWED_NATURAL)["item"].cells > owed_plan(96, OWED_NATURAL)["item"].cells
    assert owed_plan(156, OWED_NATURAL)["item"].cells == 52
    assert owed_plan(60, OWED_NATURAL).keys() == {"item", "due", "late", "nudged"}  # the decision columns stay
