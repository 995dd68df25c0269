"""The Timeline view: row order, date arithmetic, drawing, keys, snapshots and speed."""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tests.helpers.workspace import REPO, SAMPLE, copy_sample, write_ws
from tui.render import timeline_layout as layout
from tui.render import timeline_window as tw
from workspace_schema.load.loader import load_workspace
from workspace_schema.views.timeline import TimelineRow, timeline_rows

TODAY = dt.date(2026, 11, 27)  # a Friday


def row(**fields: object) -> TimelineRow:
    base: dict[str, object] = dict(
        kind="task",
        id="t",
        title="T",
        side="team",
        owner="alice",
        status="todo",
        start=None,
        due=None,
        baseline_due=None,
        done_on=None,
    )
    base.update(fields)
    return TimelineRow(**base)  # type: ignore[arg-type]


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- row order (workspace_schema.views.timeline) ----------------------------------------

ORDER_PROJECT = """\
[project]
title = "Order"

[milestones.late]
title = "Late milestone"
due = 2027-02-01

[milestones.undated]
title = "No date yet"

[milestones.early]
title = "Early milestone"
start = 2026-10-01
due = 2026-11-01

[tasks.early-b]
title = "Second task of early"
milestone = "early"
start = 2026-10-10
due = 2026-10-20

[tasks.early-a]
title = "First task of early"
milestone = "early"
start = 2026-10-02
due = 2026-10-05

[tasks.late-a]
title = "Task of late"
milestone = "late"
due = 2027-01-10
depends_on = ["early-b", "ghost"]

[tasks.orphan]
title = "Names a milestone that does not exist"
milestone = "ghost"
due = 2026-12-01

[tasks.loose]
title = "No milestone"
start = 2026-09-01
due = 2026-09-05
"""


def order_rows(tmp_path: Path) -> list[TimelineRow]:
    ws, _ = load_workspace(write_ws(tmp_path, {"projects/order.toml": ORDER_PROJECT}))
    return timeline_rows(ws.projects["order"])


def test_milestones_in_due_order_each_followed_by_its_tasks_and_loose_tasks_last(tmp_path: Path) -> None:
    rows = order_rows(tmp_path)
    assert [(r.kind, r.id) for r in rows] == [
        ("milestone", "early"),
        ("task", "early-a"),
        ("task", "early-b"),
        ("milestone", "late"),
        ("task", "late-a"),
        ("milestone", "undated"),
        ("task", "loose"),
        ("task", "orphan"),
    ]
    assert [r.milestone for r in rows if r.kind == "task"] == ["early", "early", "late", None, None]


def test_sample_acme_order_and_slips() -> None:
    ws, _ = load_workspace(SAMPLE)
    rows = timeline_rows(ws.projects["acme-crm"])
    milestones = [r for r in rows if r.is_milestone]
    assert [m.due for m in milestones] == sorted(m.due for m in milestones)  # type: ignore[type-var]
    slipped = {r.id: r.slipped_days for r in rows if r.slipped_days}
    assert slipped == {"data-export-k3f9": 7, "email-integration-9dkp": 14}


def test_slip_overdue_and_late_dependencies() -> None:
    r = row(due=d("2026-12-11"), baseline_due=d("2026-12-04"))
    assert r.slipped_days == 7
    assert row(due=d("2026-12-01"), baseline_due=d("2026-12-04")).slipped_days == 0
    assert row(due=d("2026-11-24"), status="doing").overdue_days(TODAY) == 3
    assert row(due=d("2026-11-24"), status="done").overdue_days(TODAY) == 0


def test_a_dependency_due_after_the_item_starts_is_late(tmp_path: Path) -> None:
    rows = {r.id: r for r in order_rows(tmp_path)}
    # late-a has no start: its bar begins at its due date 2027-01-10, after early-b (2026-10-20).
    assert rows["late-a"].late_deps == ()
    ws, _ = load_workspace(
        write_ws(
            tmp_path / "b",
            {
                "projects/p.toml": """\
                [project]
                title = "P"
                [tasks.first]
                due = 2026-12-20
                [tasks.second]
                start = 2026-12-10
                due = 2026-12-30
                depends_on = ["first"]
                """
            },
        )
    )
    assert {r.id: r.late_deps for r in timeline_rows(ws.projects["p"])} == {"first": (), "second": ("first",)}


# --- dates and columns -------------------------------------------------------------


def test_date_to_column_at_each_zoom() -> None:
    day = tw.fit(None, "day", 60, TODAY)
    assert day.col(TODAY) == 20
    assert day.col(TODAY + dt.timedelta(days=5)) == 25
    week = tw.Window("week", tw.unit(d("2026-11-23"), "week"), 30)  # Monday of today's week
    assert [week.col(d(x)) for x in ("2026-11-23", "2026-11-29", "2026-11-30", "2026-11-22")] == [0, 0, 1, -1]
    assert week.date_at(1) == d("2026-11-30")
    month = tw.Window("month", tw.unit(d("2026-11-01"), "month"), 12)
    assert [month.col(d(x)) for x in ("2026-11-30", "2026-12-01", "2027-01-31", "2026-10-31")] == [0, 1, 2, -1]
    assert month.last_day == d("2027-10-31")


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)), st.sampled_from(tw.ZOOMS))
def test_every_day_lies_in_its_unit(day: dt.date, zoom: str) -> None:
    index = tw.unit(day, zoom)
    assert tw.unit_start(index, zoom) <= day <= tw.unit_end(index, zoom)
    assert tw.unit(tw.unit_start(index, zoom), zoom) == index
    assert tw.unit_start(index + 1, zoom) == tw.unit_end(index, zoom) + dt.timedelta(days=1)


SHORT = (d("2026-09-07"), d("2027-03-19"))  # acme-crm: six months
LONG = (d("2025-01-06"), d("2028-06-30"))  # three and a half years


def test_a_short_project_fills_the_window_at_every_zoom() -> None:
    """Every zoom shows the whole span, units widened to fill the width but for the margins."""
    for width in (78, 60, 200):
        for zoom in tw.ZOOMS:
            if not tw.fits(SHORT, zoom, width):  # day zoom at 78 and 60 columns: too long, see below
                continue
            window = tw.fit(SHORT, zoom, width, TODAY)
            first = window.unit_col(tw.unit(SHORT[0], zoom))
            end = window.unit_col(tw.unit(SHORT[1], zoom) + 1)  # where the unit after the span begins
            assert (first, end) == (tw.MARGIN, width - tw.MARGIN), (zoom, width)
            assert window.first_day <= SHORT[0] and window.last_day >= SHORT[1]
    month = tw.fit(SHORT, "month", 78, TODAY)  # seven months in 74 columns
    assert month.scale == "1 month ≈ 10.6 cells"
    assert tw.fit(SHORT, "day", 200, TODAY).scale == "1 day ≈ 1 cell"  # 194 days in 196 columns
    # the window is the project, not 2023-07 to 2030-01: a month either side at most
    assert month.first_day >= d("2026-08-01") and month.last_day <= d("2027-04-30")
    week = tw.fit(SHORT, "week", 78, TODAY)
    assert week.first_day >= d("2026-08-24") and week.last_day <= d("2027-04-04")


def test_a_long_project_shows_the_part_around_today_and_no_more_than_a_margin_past_its_ends() -> None:
    for zoom in ("day", "week"):
        window = tw.fit(LONG, zoom, 78, TODAY)
        assert window.scale == f"1 cell = 1 {zoom}" and window.col(TODAY) == 78 // 3
    month = tw.fit(LONG, "month", 78, TODAY)  # 42 months fit in 78 columns
    assert month.scale == "1 month ≈ 1.8 cells" and month.first_day <= LONG[0] and month.last_day >= LONG[1]
    # near the ends of the span the window stops at the margin
    early = tw.fit(LONG, "week", 78, d("2025-01-10"))
    assert early.col(LONG[0]) == tw.MARGIN
    late = tw.fit(LONG, "day", 78, d("2028-06-29"))
    assert late.col(LONG[1]) == 78 - 1 - tw.MARGIN
    # zooming keeps the middle date in the middle when the span is too long
    middle = d("2026-05-05")
    assert tw.fit(LONG, "day", 41, middle, 20).col(middle) == 20
    # no dates: the date asked for, a third of the way in
    assert tw.fit(None, "week", 60, TODAY).col(TODAY) == 20


def test_initial_window_is_the_finest_zoom_that_shows_everything() -> None:
    rows = [row(start=SHORT[0], due=SHORT[1])]
    assert tw.initial_window(rows, 300, TODAY).zoom == "day"
    assert tw.initial_window(rows, 80, TODAY).zoom == "week"
    assert tw.initial_window(rows, 20, TODAY).zoom == "month"
    assert tw.initial_window(rows, 80, TODAY, "month").zoom == "month"  # the zoom last used on the project
    assert tw.initial_window(rows, 4, TODAY).zoom == "month"  # nothing fits: the coarsest
    fallback = tw.initial_window([row()], 4, TODAY)  # no dates at all
    assert (fallback.zoom, fallback.col(TODAY)) == ("week", 1)


def test_a_unit_several_cells_wide_places_days_inside_it() -> None:
    week = tw.Window("week", tw.unit(d("2026-11-23"), "week"), 30, num=7)  # a cell a day
    assert [week.col(d(x)) for x in ("2026-11-23", "2026-11-27", "2026-11-30")] == [0, 4, 7]
    assert week.date_at(13) == d("2026-11-30") and week.last_day == d("2026-12-27")
    shifted = week.showing(d("2026-11-25"), 10)  # the week of 11-25 begins in column 10
    assert (shifted.unit_col(tw.unit(d("2026-11-25"), "week")), shifted.date_at(9)) == (10, d("2026-11-16"))
    assert week.scale == "1 week = 7 cells" and tw.Window("day", 0, 9).scale == "1 cell = 1 day"
    chars = "".join(layout.chart_cells(row(start=d("2026-11-24"), due=d("2026-12-02")), week, TODAY)[0])
    assert chars.index(layout.BAR["team"]) == 1 and chars.rindex(layout.BAR["team"]) == 9
    # five columns for two units: 2 + 3, every column in exactly one unit
    uneven = tw.Window("month", tw.unit(d("2026-01-01"), "month"), 10, num=5, den=2)
    assert [uneven.unit_at(c) - uneven.left for c in range(10)] == [0, 0, 1, 1, 1, 2, 2, 3, 3, 3]
    assert [uneven.unit_col(uneven.left + u) for u in range(4)] == [0, 2, 5, 7]


# --- drawing one row ---------------------------------------------------------------

WINDOW = tw.Window("day", d("2026-11-20").toordinal(), 40)  # columns 0..39 = 11-20 .. 12-29


def cells(r: TimelineRow, window: tw.Window = WINDOW) -> str:
    return "".join(layout.chart_cells(r, window, TODAY)[0])


def test_a_task_bar_runs_from_start_to_due_and_today_is_a_line() -> None:
    chars = cells(row(start=d("2026-12-01"), due=d("2026-12-03"), side="client"))
    assert chars[7] == layout.TODAY  # 11-27
    assert chars[11:14] == layout.BAR["client"] * 3
    assert chars.count(layout.BAR["client"]) == 3


def test_an_item_without_start_is_one_cell_at_due_and_without_due_no_bar() -> None:
    assert cells(row(due=d("2026-12-03"))).count(layout.BAR["team"]) == 1
    assert cells(row(due=d("2026-12-03")))[13] == layout.BAR["team"]
    undated = row(start=d("2026-12-01"), title="Undated")
    assert cells(undated).strip() == layout.TODAY
    label = layout.render_label(undated, 30, TODAY).plain
    assert label.rstrip().endswith(layout.NO_DATE)
    cut = layout.render_label(row(title="A very long title that must be cut for the note"), 30, TODAY)
    assert cell_len(cut.plain) == 30
    assert layout.render_label(row(title="x" * 80, due=d("2026-12-01")), 30, TODAY).plain.endswith("x…")
    assert layout.render_label(row(title="x" * 80), 30, TODAY).plain.endswith("x… no date")


def test_a_slipped_milestone_has_a_baseline_marker_and_a_diamond_at_due() -> None:
    slipped = row(kind="milestone", start=d("2026-11-25"), due=d("2026-12-11"), baseline_due=d("2026-12-04"))
    chars = cells(slipped)
    assert chars[14] == layout.BASELINE  # 12-04
    assert chars[21] == layout.DIAMOND  # 12-11
    on_time = row(kind="milestone", start=d("2026-11-25"), due=d("2026-12-11"), baseline_due=d("2026-12-11"))
    assert layout.BASELINE not in cells(on_time)
    assert cells(row(kind="milestone", due=d("2026-12-11")))[21] == layout.DIAMOND
    # At month zoom baseline and due share a cell: the diamond wins.
    month = tw.Window("month", tw.unit(d("2026-11-01"), "month"), 6)
    assert cells(slipped, month)[1] == layout.DIAMOND


def test_dependencies_get_an_arrow_before_the_bar_red_when_late() -> None:
    waits = row(start=d("2026-12-01"), due=d("2026-12-05"), depends_on=("a",))
    chars, styles = layout.chart_cells(waits, WINDOW, TODAY)
    assert chars[10] == layout.AFTER and styles[10] == layout.DEP_STYLE
    late = row(start=d("2026-12-01"), due=d("2026-12-05"), depends_on=("a",), late_deps=("a",))
    assert layout.chart_cells(late, WINDOW, TODAY)[1][10] == layout.LATE_DEP_STYLE
    detail = layout.render_detail(late, TODAY, [], 200)
    assert "after: a (due after this starts)" in detail[1].plain


def test_colours_follow_status_and_overdue_is_red() -> None:
    def bar_colour(r: TimelineRow) -> str:
        chars, styles = layout.chart_cells(r, WINDOW, TODAY)
        return styles[chars.index(layout.BAR["team"])]

    assert (
        bar_colour(row(start=d("2026-12-01"), due=d("2026-12-05"), status="blocked")) == layout.STATUS_STYLE["blocked"]
    )
    assert bar_colour(row(start=d("2026-12-01"), due=d("2026-12-05"), status="done")) == layout.STATUS_STYLE["done"]
    assert bar_colour(row(start=d("2026-11-21"), due=d("2026-11-24"), status="doing")) == layout.OVERDUE_STYLE
    assert bar_colour(row(start=d("2026-11-21"), due=d("2026-11-24"), status="done")) == layout.STATUS_STYLE["done"]


def test_bars_outside_the_window_leave_a_hint_at_the_edge() -> None:
    assert cells(row(start=d("2026-10-01"), due=d("2026-10-05")))[0] == layout.OFF_LEFT
    assert cells(row(start=d("2027-03-01"), due=d("2027-03-05")))[-1] == layout.OFF_RIGHT
    assert (
        cells(row(start=d("2026-10-01"), due=d("2027-03-05"))).count(layout.BAR["team"]) == 40
    )  # bars hide the today line


TITLES = st.text(
    alphabet=st.sampled_from(list("abcXYZ 09[]/\\\x1b\t\n") + list("会员小程序上线数据迁移") + ["🚀", "ｱ", "é"]),
    max_size=60,
)


@given(TITLES, st.integers(min_value=0, max_value=50), st.sampled_from(tw.ZOOMS), st.booleans())
def test_every_rendered_row_has_the_same_cell_length(title: str, label_width: int, zoom: str, milestone: bool) -> None:
    window = tw.fit(None, zoom, 37, TODAY)
    r = row(
        kind="milestone" if milestone else "task",
        title=title,
        start=d("2026-11-01"),
        due=d("2026-12-20"),
        milestone="m",
    )
    line = layout.render_row(r, window, TODAY, label_width)
    assert line.cell_len == label_width + 1 + window.width
    assert cell_len(line.plain[: len(layout.render_label(r, label_width, TODAY).plain)]) == label_width


def test_chinese_titles_keep_the_chart_aligned() -> None:
    ws, _ = load_workspace(SAMPLE)
    rows = timeline_rows(ws.projects["huamei-miniapp"])
    assert any(cell_len(r.title) != len(r.title) for r in rows)
    window = tw.fit(None, "week", 60, TODAY)
    for width in (10, 24, 33):
        lines = [layout.render_row(r, window, TODAY, width) for r in rows]
        header = layout.render_header(window, TODAY, width, ("会员小程序上线", "x"))
        for line in [*lines, *header]:
            assert line.cell_len == width + 1 + 60
            # the separator sits in the same terminal column on every line
            plain = line.plain
            sep = plain.index("│")
            assert cell_len(plain[:sep]) == width


def test_titles_are_shown_literally() -> None:
    r = row(title="[red]boom[/] \x1b[31mred", due=d("2026-12-01"))
    label = layout.render_label(r, 40, TODAY)
    assert "[red]boom[/]" in label.plain
    assert "\x1b" not in label.plain


# --- header, legend, detail ------------------------------------------------------


def test_header_lines_at_each_zoom() -> None:
    top, bottom = layout.render_header(tw.Window("day", d("2026-11-20").toordinal(), 40), TODAY, 5, ("", ""))
    assert top.plain[6:].split() == ["Nov", "2026", "December", "2026"]  # long form only where it fits
    assert bottom.plain[6:].split() == ["23", "30", "7", "14", "21", "28"]  # Mondays
    top, bottom = layout.render_header(tw.Window("week", tw.unit(d("2026-11-02"), "week"), 20), TODAY, 5, ("", ""))
    assert top.plain[6:].split() == ["2026", "2027"]
    assert bottom.plain[6:].split()[:4] == ["Nov", "Dec", "Jan", "Feb"]
    top, bottom = layout.render_header(tw.Window("month", tw.unit(d("2026-09-01"), "month"), 16), TODAY, 5, ("", ""))
    assert bottom.plain[6:] == "SONDJFMAMJJASOND"
    _, bottom = layout.render_header(tw.Window("month", tw.unit(d("2026-09-01"), "month"), 16, 4), TODAY, 5, ("", ""))
    assert bottom.plain[6:].split() == ["Sep", "Oct", "Nov", "Dec"]  # months wide enough for their names
    _, bottom = layout.render_header(tw.Window("day", d("2026-11-20").toordinal(), 12, 3), TODAY, 5, ("", ""))
    assert bottom.plain[6:].split() == ["20", "21", "22", "23"]  # days wide enough for every date
    assert top.plain[6:].split() == ["'26", "2027"]


def test_legend_fits_any_width() -> None:
    for width in (20, 60, 80, 120, 200):
        assert layout.render_legend(width).cell_len == width
    assert "baseline (slipped)" in layout.render_legend(140).plain


def test_detail_lines_say_what_when_and_why() -> None:
    from workspace_schema.core.findings import Finding

    r = row(
        kind="milestone",
        id="data-export-k3f9",
        title="Acme delivers the export",
        side="client",
        owner="bkim",
        status="waiting",
        start=d("2026-11-16"),
        due=d("2026-12-11"),
        baseline_due=d("2026-12-04"),
        depends_on=("requirements-signoff-a4tq",),
    )
    found = [Finding(level="warning", code="X001", message="something is off", item="acme-crm/data-export-k3f9")]
    first, second, third = (line.plain for line in layout.render_detail(r, TODAY, found, 200))
    assert "Acme delivers the export  client · bkim · waiting" in first
    assert "2026-11-16 → 2026-12-11 · baseline 2026-12-04 · slipped 7 days" in second
    assert "after: requirements-signoff-a4tq" in second
    assert "warning X001: something is off" in third
    assert all(line.cell_len == 50 for line in layout.render_detail(r, TODAY, found, 50))
    long = row(
        kind="task", id="t", title="T" * 10_000, side="us", owner="o" * 10_000, status="doing", due=d("2026-12-11")
    )
    first = layout.render_detail(long, TODAY, [], 120)[0].plain
    assert first.endswith(" · doing …")  # the status survives a huge title and owner (the id is cut first)


# --- the widget: keys, snapshots, speed ------------------------------------------------


def make(root: Path):
    from tui.app import make_app
    from workspace_schema.core.clock import frozen

    return make_app(root, frozen("2026-11-27"), watch=False)


async def open_timeline(pilot, project_id: str = "acme-crm", *keys: str) -> None:
    from tui.screens.project import ProjectScreen

    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.push_screen(ProjectScreen(project_id, tab="timeline"))
    await pilot.pause()
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


def view_of(app):
    from tui.widgets.timeline import TimelineView

    return app.screen.query_one(TimelineView)


def test_zoom_scroll_and_today_keys_move_the_window() -> None:
    asyncio.run(_zoom_scroll_and_today_keys_move_the_window())


async def _zoom_scroll_and_today_keys_move_the_window() -> None:
    app = make(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(pilot)
        view = view_of(app)
        assert app.screen.focused is view
        start = view.window
        assert start.zoom == "week"  # the whole of acme-crm fits in weeks at 120 columns
        assert start.first_day <= d("2026-09-07") and start.last_day >= d("2027-03-19")

        await pilot.press("right")
        assert view.window.left == start.left + tw.STEP["week"]
        await pilot.press("h", "h")
        assert view.window.left == start.left - tw.STEP["week"]
        await pilot.press("shift+right")
        assert view.window.left == start.left - tw.STEP["week"] + start.page()
        await pilot.press("H")
        assert view.window.left == start.left - tw.STEP["week"]

        middle = view.window.date_at(view.window.width // 2)
        await pilot.press("plus")
        assert view.window.zoom == "day"
        assert view.window.date_at(view.window.width // 2) == middle
        await pilot.press("plus")  # already the finest
        assert view.window.zoom == "day"
        await pilot.press("minus", "minus")
        assert view.window.zoom == "month"
        await pilot.press("z")
        assert view.window.zoom == "day"
        await pilot.press("z")
        assert view.window.zoom == "week"

        await pilot.press("shift+right", "shift+right", "shift+right")
        assert not view.window.first_day <= TODAY <= view.window.last_day
        await pilot.press("t")  # today's week begins a third of the way in
        assert view.window.unit_col(tw.unit(TODAY, "week")) == view.window.width // 3


def test_each_project_keeps_its_zoom_while_the_app_runs() -> None:
    asyncio.run(_each_project_keeps_its_zoom())


async def _each_project_keeps_its_zoom() -> None:
    app = make(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(pilot, "acme-crm", "minus")
        assert view_of(app).window.zoom == "month"
        await pilot.press("escape")
        await open_timeline(pilot, "huamei-miniapp")
        assert view_of(app).window.zoom == "week"  # a project of its own: its own zoom
        await pilot.press("plus")
        await pilot.press("escape")
        await open_timeline(pilot, "acme-crm")
        window = view_of(app).window
        assert window.zoom == "month"  # as it was left, and fitted to the project again
        assert d("2026-08-01") <= window.first_day <= d("2026-09-07") and window.last_day <= d("2027-04-30")
        await pilot.press("escape")
        await open_timeline(pilot, "huamei-miniapp")
        assert view_of(app).window.zoom == "day"


def test_cursor_selected_ref_focus_item_and_detail() -> None:
    asyncio.run(_cursor_selected_ref_focus_item_and_detail())


async def _cursor_selected_ref_focus_item_and_detail() -> None:
    app = make(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(pilot)
        view = view_of(app)
        assert view.selected_ref() == "acme-crm/requirements-signoff-a4tq"
        await pilot.press("down", "down", "down", "j")
        assert view.selected_ref() == "acme-crm/data-export-k3f9"
        lines = [view.render_line(y).text for y in range(view.size.height)]
        detail = "\n".join(lines[-3:])
        assert "slipped 7 days" in detail and "baseline 2026-12-04" in detail
        assert "after: requirements-signoff-a4tq" in detail
        await pilot.press("end")
        assert view.selected_ref() == "acme-crm/go-live-5mfe"
        await pilot.press("home", "up")
        assert view.selected_ref() == "acme-crm/requirements-signoff-a4tq"

        assert view.focus_item("outlook-sync-t6bk")
        assert view.selected_ref() == "acme-crm/outlook-sync-t6bk"
        window = view.window
        assert window.col(d("2026-11-16")) >= 0 and window.col(d("2026-12-16")) < window.width
        assert not view.focus_item("no-such-item")

        # every line the widget draws is exactly as wide as the widget
        assert {view.render_line(y).cell_length for y in range(view.size.height)} == {view.size.width}


def test_the_cursor_stays_on_its_item_across_a_reload(tmp_path: Path) -> None:
    asyncio.run(_cursor_stays_on_its_item_across_a_reload(tmp_path))


async def _cursor_stays_on_its_item_across_a_reload(tmp_path: Path) -> None:

    root = copy_sample(tmp_path)
    app = make(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(pilot, "acme-crm", "down", "down", "down", "down", "right")
        view = view_of(app)
        before = (view.selected_ref(), view.window)
        path = root / "projects" / "acme-crm.toml"
        text = path.read_text("utf-8").replace("due = 2027-03-19", "due = 2027-03-26", 1)
        path.write_text(text, "utf-8")
        app.reload()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (view.selected_ref(), view.window) == before


def test_snapshot_acme_week(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await open_timeline(pilot, "acme-crm", "down", "down", "down", "down")

    assert snap_compare(make(SAMPLE), terminal_size=(120, 40), run_before=run_before)


def test_snapshot_acme_day(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await open_timeline(pilot, "acme-crm", "plus", "t", *["down"] * 6)

    assert snap_compare(make(SAMPLE), terminal_size=(120, 40), run_before=run_before)


def test_snapshot_acme_month(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await open_timeline(pilot, "acme-crm", "minus", "t", *["down"] * 11)

    assert snap_compare(make(SAMPLE), terminal_size=(120, 40), run_before=run_before)


def test_snapshot_huamei_chinese_titles(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await open_timeline(pilot, "huamei-miniapp", "down", "down", "down", "down")

    assert snap_compare(make(SAMPLE), terminal_size=(120, 40), run_before=run_before)


def test_snapshot_acme_small_terminal(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await open_timeline(pilot, "acme-crm", "down", "down", "down", "down")

    assert snap_compare(make(SAMPLE), terminal_size=(80, 24), run_before=run_before)


def synthetic_project(milestones: int = 200, tasks_each: int = 9) -> str:
    """``milestones`` x (1 + ``tasks_each``) rows over two years, some slipped, some waiting."""
    start = dt.date(2026, 1, 5)
    parts = ['[project]\ntitle = "Synthetic"\nclient = "acme"\n']
    statuses = ["todo", "doing", "waiting", "blocked", "done"]
    for m in range(milestones):
        due = start + dt.timedelta(days=3 * m + 20)
        parts.append(
            f'[milestones.m{m:04d}]\ntitle = "Milestone {m} 里程碑"\nside = "{("team", "client", "joint")[m % 3]}"\n'
            f'status = "{statuses[m % 5]}"\nstart = {due - dt.timedelta(days=20)}\ndue = {due}\n'
            f"baseline_due = {due - dt.timedelta(days=m % 4)}\n" + (f'depends_on = ["m{m - 1:04d}"]\n' if m else "")
        )
        for t in range(tasks_each):
            tdue = due - dt.timedelta(days=t)
            parts.append(
                f'[tasks.m{m:04d}-t{t}]\ntitle = "Task {t} of {m}"\nmilestone = "m{m:04d}"\n'
                f'status = "{statuses[(m + t) % 5]}"\nstart = {tdue - dt.timedelta(days=5 + t)}\ndue = {tdue}\n'
            )
    return "\n".join(parts)


async def time_keys(app, project_id: str, keys: list[str]) -> list[float]:
    """Milliseconds from each key event until the screen has been redrawn.

    ``pilot.press`` also waits for the CPU to go idle (about 90 ms here even for a
    key nothing is bound to), so the clock runs from sending the key event, as
    the terminal driver does, until the messages are handled and the screen is
    composed again.
    """
    from textual import events

    out = []
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(pilot, project_id)
        assert len(view_of(app).rows) > 0
        for key in keys:
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(app)
            t0 = time.perf_counter()
            app._driver.send_message(event)
            await pilot._wait_for_screen()
            app.screen._on_timer_update()
            out.append((time.perf_counter() - t0) * 1000)
            await pilot.pause()
    return out


KEYS = ["down"] * 10 + [
    "pagedown",
    "right",
    "l",
    "shift+right",
    "z",
    "z",
    "z",
    "plus",
    "minus",
    "t",
    "end",
    "up",
    "home",
    "c",
]


def test_keys_stay_fast_on_2000_rows(tmp_path: Path) -> None:
    """The budget is 50 ms a keystroke. Numbers: pytest tests/app/test_timeline.py -k fast -s"""
    root = write_ws(tmp_path, {"projects/big.toml": synthetic_project()})
    times = asyncio.run(time_keys(make(root), "big", KEYS))
    print(f"\n2,000-row timeline: {len(times)} keys, median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")
    assert statistics.median(times) < 50


def test_keys_stay_fast_on_a_benchmark_project(tmp_path: Path) -> None:
    """One 40-item project made by the benchmark generator (the shape of the 20,000-item workspace)."""
    import subprocess
    import sys

    root = tmp_path / "bench"
    generate = REPO / "benchmarks" / "generate.py"
    subprocess.run(
        [sys.executable, str(generate), str(root), "--projects", "1", "--items", "40"], check=True, capture_output=True
    )
    project_id = next((root / "projects").glob("*.toml")).stem
    times = asyncio.run(time_keys(make(root), project_id, KEYS))
    print(
        f"\n40-item benchmark project: {len(times)} keys, median {statistics.median(times):.1f} ms, max {max(times):.1f} ms"
    )
    assert statistics.median(times) < 50


def test_tiny_terminals_and_empty_or_undated_projects(tmp_path: Path) -> None:
    root = write_ws(
        tmp_path,
        {
            "projects/empty.toml": '[project]\ntitle = "Nothing planned"\n',
            "projects/undated.toml": '[project]\ntitle = "U"\n[milestones.m]\ntitle = "Someday"\n[tasks.t]\ntitle = "Later"\nmilestone = "m"\n',
        },
    )

    async def check(project_id: str, size: tuple[int, int]) -> list[str]:
        app = make(root)
        async with app.run_test(size=size) as pilot:
            await open_timeline(pilot, project_id, "down", "z", "right", "t", "c", "end")
            view = view_of(app)
            strips = [view.render_line(y) for y in range(view.size.height)]
            assert {s.cell_length for s in strips} <= {view.size.width}
            return [s.text for s in strips]

    for size in ((40, 12), (120, 40)):
        assert any("No milestones or tasks" in line for line in asyncio.run(check("empty", size)))
        assert any(layout.NO_DATE in line for line in asyncio.run(check("undated", size)))
    # a view two lines high keeps its date header and draws nothing wider than itself
    asyncio.run(check("undated", (24, 8)))
