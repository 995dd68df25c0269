"""The arithmetic and drawing of the timeline's Gantt chart, as plain Rich Text.

No widget here: a ``Window`` (tui/render/timeline_window.py) maps dates to
columns, and the ``render_*`` functions turn timeline rows into lines of
exactly the width asked for, double-width titles included. The widget
(tui/widgets/timeline.py) only keeps the cursor and the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

from rich.cells import cell_len
from rich.style import Style
from rich.text import Span, Text

from tui.render.text import clean, fit, pad
from tui.render.timeline_window import Window, unit_start
from workspace_schema.core.findings import Finding
from workspace_schema.views.timeline import TimelineRow

BAR = {"team": "█", "client": "▒", "joint": "▓"}
DIAMOND = "◆"
BASELINE = "◇"
TODAY = "│"
AFTER = "▸"
OFF_LEFT = "«"
OFF_RIGHT = "»"
GRID = "┊"
TREE_MID = "├ "  # a task of the milestone above
TREE_LAST = "└ "  # the last task of its milestone
NO_DATE = "no date"

STATUS_STYLE = {
    "todo": "steel_blue1",
    "doing": "dodger_blue1",
    "waiting": "yellow",
    "blocked": "red",
    "done": "green dim",
    "dropped": "bright_black",
}
OVERDUE_STYLE = "bold red"
TODAY_STYLE = "bold bright_magenta"
BASELINE_STYLE = "bold dark_orange"
GRID_STYLE = "bright_black dim"
TREE_STYLE = "bright_black"
LATE_DEP_STYLE = "bold red"
DEP_STYLE = "bold"


@lru_cache(maxsize=256)
def style(name: str) -> Style:
    return Style.parse(name) if name else Style.null()


# --- the chart ---------------------------------------------------------------------


def bar_style(row: TimelineRow, today: dt.date) -> str:
    if row.overdue_days(today):
        return OVERDUE_STYLE
    return STATUS_STYLE.get(row.status, "")


def label_style(row: TimelineRow, today: dt.date) -> str:
    base = "bold" if row.is_milestone else ""
    if row.overdue_days(today) or row.status == "blocked":
        return f"{base} red".strip()
    if row.status == "waiting":
        return f"{base} yellow".strip()
    if row.status in ("done", "dropped"):
        return f"{base} dim".strip()
    return base


def last_of_groups(rows: Sequence[TimelineRow]) -> set[int]:
    """Indexes of the tasks that end their milestone's group (drawn └)."""
    return {
        n for n, r in enumerate(rows) if r.milestone and (n + 1 == len(rows) or rows[n + 1].milestone != r.milestone)
    }


def _pad(value: object, width: int) -> str:
    """tui.render.text.pad, but nothing at all for no room (pad gives "…" for width 0)."""
    return pad(value, width) if width > 0 else ""


def label_text(row: TimelineRow) -> str:
    """The label without cutting: used to size the label column."""
    prefix = f"{DIAMOND} " if row.is_milestone else (TREE_MID if row.milestone else "")
    suffix = f"  {NO_DATE}" if row.due is None else ""
    return prefix + clean(row.title or row.id) + suffix


def render_label(row: TimelineRow, width: int, today: dt.date, base: str | Style = "", *, last: bool = False) -> Text:
    """Exactly ``width`` cells: ◆ for a milestone, its tasks hanging below it, "no date" kept visible.

    ``last`` marks the last task of its milestone (drawn └ instead of ├).

    With a ``base`` style (the cursor) the title takes the base colours, so it stays readable.
    """
    text = Text(style=base, no_wrap=True, end="")
    title_style = ("bold" if row.is_milestone else "") if base else label_style(row, today)
    if width <= 0:
        return text
    if row.is_milestone:
        text.append(f"{DIAMOND} "[:width], style=None if base else bar_style(row, today))
    elif row.milestone:
        text.append((TREE_LAST if last else TREE_MID)[:width], style=TREE_STYLE)
    used = text.cell_len
    suffix = f" {NO_DATE}" if row.due is None else ""
    room = width - used - cell_len(suffix)
    if room >= 4 or not suffix:
        text.append(_pad(row.title or row.id, room), style=title_style)
        text.append(suffix, style="italic")
    else:
        text.append(_pad(row.title or row.id, width - used), style=title_style)
    return text


def grid_cols(window: Window) -> list[int]:
    """Faint guide lines: month starts (day and week zoom), year starts (month zoom)."""
    cols = []
    for index in window.units():
        col = window.unit_col(index)
        first = unit_start(index, window.zoom)
        if not 0 <= col < window.width:
            continue
        if window.zoom == "month":
            if first.month == 1:
                cols.append(col)
        elif first.month != unit_start(index - 1, window.zoom).month:
            cols.append(col)
    return cols


def chart_cells(
    row: TimelineRow, window: Window, today: dt.date, grid: Sequence[int] = ()
) -> tuple[list[str], list[str]]:
    """The row's chart as one character and one style name per cell."""
    width = window.width
    chars = [" "] * width
    styles = [""] * width
    for col in grid:
        chars[col], styles[col] = GRID, GRID_STYLE
    now = window.col(today)
    if 0 <= now < width:
        chars[now], styles[now] = TODAY, TODAY_STYLE
    if row.first_day is None or row.due is None:
        return chars, styles
    first, last = window.col(row.first_day), window.col(row.due)
    colour = bar_style(row, today)
    if last < 0:
        chars[0], styles[0] = OFF_LEFT, colour
        return chars, styles
    if first >= width:
        chars[width - 1], styles[width - 1] = OFF_RIGHT, colour
        return chars, styles
    fill = BAR.get(row.side, BAR["team"])
    for col in range(max(first, 0), min(last, width - 1) + 1):
        chars[col], styles[col] = fill, colour
    if row.slipped_days:
        base = window.col(row.baseline_due)  # type: ignore[arg-type]
        if 0 <= base < width and base != last:
            chars[base], styles[base] = BASELINE, BASELINE_STYLE
    if row.is_milestone and 0 <= last < width:
        chars[last], styles[last] = DIAMOND, colour
    if row.depends_on and 0 < first <= width:
        chars[first - 1], styles[first - 1] = AFTER, LATE_DEP_STYLE if row.late_deps else DEP_STYLE
    return chars, styles


def cells_text(chars: Sequence[str], styles: Sequence[str], base: str | Style = "") -> Text:
    """Runs of equal style as one Text (one span a run, not one a cell)."""
    spans = []
    start = 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or styles[i] != styles[start]:
            if styles[start]:
                spans.append(Span(start, i, styles[start]))
            start = i
    return Text("".join(chars), style=base, no_wrap=True, end="", spans=spans)


def render_row(
    row: TimelineRow,
    window: Window,
    today: dt.date,
    label_width: int,
    *,
    grid: Sequence[int] = (),
    label_base: str | Style = "",
    chart_base: str | Style = "",
    last: bool = False,
) -> Text:
    """One line of the chart: label, a separator, and ``window.width`` chart cells."""
    line = render_label(row, label_width, today, label_base, last=last)
    line.append("│", style="bright_black")
    line.append_text(cells_text(*chart_cells(row, window, today, grid), base=chart_base))
    return line


# --- header, legend, detail ------------------------------------------------------


def _put(chars: list[str], col: int, label: str) -> None:
    for i, ch in enumerate(label):
        if 0 <= col + i < len(chars):
            chars[col + i] = ch


def _labels(marks: list[tuple[int, str, str]], width: int) -> list[str]:
    """Write labels at their columns, long form when it fits before the next one, else short, else none.

    Labels keep a blank cell before the next one, except month initials (one cell
    each, side by side).
    """
    chars = [" "] * width
    free = 0
    for n, (col, long, short) in enumerate(marks):
        limit = marks[n + 1][0] if n + 1 < len(marks) else width + 1
        for label in (long, short):
            end = col + len(label) + (1 if len(long) > 1 else 0)
            if label and col >= free and end <= limit and col + len(label) <= width:
                _put(chars, col, label)
                free = end
                break
    return chars


def header_marks(window: Window) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """Where the labels of the two header lines go: (column, long label, short label)."""
    zoom = window.zoom
    wide = window.num >= 2 * window.den  # room for "Jan" rather than "J"
    top: list[tuple[int, str, str]] = []
    bottom: list[tuple[int, str, str]] = []
    for n, index in enumerate(window.units()):
        col = max(window.unit_col(index), 0)
        day = unit_start(index, zoom)
        before = unit_start(index - 1, zoom)
        if zoom == "day":
            if n == 0 or day.day == 1:
                top.append((col, day.strftime("%B %Y"), day.strftime("%b %Y")))
            if day.weekday() == 0 or window.num >= 3 * window.den:
                bottom.append((col, str(day.day), str(day.day)))
        elif zoom == "week":
            if n == 0 or day.year != before.year:
                top.append((col, str(day.year), str(day.year)))
            if n == 0 or day.month != before.month:
                bottom.append((col, day.strftime("%b"), day.strftime("%b")[:1]))
        else:
            if n == 0 or day.month == 1:
                top.append((col, str(day.year), f"'{day.year % 100:02d}"))
            initial = "JFMAMJJASOND"[day.month - 1]
            bottom.append((col, day.strftime("%b"), initial) if wide else (col, initial, ""))
    return top, bottom


def render_header(window: Window, today: dt.date, label_width: int, left: tuple[str, str]) -> tuple[Text, Text]:
    """The two date lines above the chart: years or months on top, months, Mondays or initials below."""
    top_marks, bottom_marks = header_marks(window)
    lines = []
    now = window.col(today)
    for n, (marks, note) in enumerate(((top_marks, left[0]), (bottom_marks, left[1]))):
        chars = _labels(marks, window.width)
        styles = ["bold" if n == 0 else ""] * window.width
        if n == 1 and 0 <= now < window.width:
            styles[now] = f"reverse {TODAY_STYLE}"
        line = Text(_pad(note, label_width), style="dim", no_wrap=True, end="")
        line.append("│", style="bright_black")
        line.append_text(cells_text(chars, styles))
        lines.append(line)
    return lines[0], lines[1]


def render_legend(width: int) -> Text:
    """What the symbols and colours mean, shortened to fit ``width``."""
    symbols = [
        (f"{BAR['team']} team", ""),
        (f"{BAR['client']} client", ""),
        (f"{BAR['joint']} joint", ""),
        (f"{DIAMOND} milestone", ""),
        (f"{BASELINE} baseline (slipped)", BASELINE_STYLE),
        (f"{TODAY} today", TODAY_STYLE),
        (f"{AFTER} after", DEP_STYLE),
    ]
    colours = [
        ("todo", STATUS_STYLE["todo"]),
        ("doing", STATUS_STYLE["doing"]),
        ("waiting", STATUS_STYLE["waiting"]),
        ("blocked/overdue", "red"),
        ("done", STATUS_STYLE["done"]),
    ]
    short = [(label.replace(" (slipped)", ""), s) for label, s in symbols]
    for parts, gap in (
        (symbols + colours, "  "),
        (short + colours, "  "),
        (short + colours, " "),
        (short, " "),
    ):
        if sum(cell_len(p) for p, _ in parts) + len(gap) * (len(parts) - 1) <= width:
            break
    text = Text(no_wrap=True, end="")
    for n, (part, part_style) in enumerate(parts):
        text.append(gap if n else "")
        text.append(part, style=part_style or None)
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else "?"


FINDING_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def render_detail(
    row: TimelineRow | None, today: dt.date, findings: Sequence[Finding], width: int, lines: int = 3
) -> list[Text]:
    """The selected row in words: what, who, when, against which baseline, after what, and its findings."""
    out: list[Text] = []
    if row is None:
        out.append(Text("No milestones or tasks in this project yet.", style="dim"))
    else:
        who = Text(no_wrap=True, end="")
        who.append(
            f"  {row.side} · {fit(row.owner or 'no owner', 24)} · "
        )  # a 10,000-character owner must leave room for the status
        who.append(row.status, style=STATUS_STYLE.get(row.status, ""))
        first = Text(no_wrap=True, end="")
        marker = f"{DIAMOND} " if row.is_milestone else ""
        first.append(marker, style=bar_style(row, today))
        # Two cells more for the start of the id, so that cutting the line at ``width`` (an "…") never reaches the status.
        room = max(width - len(marker) - who.cell_len - 2, min(20, width))
        first.append(fit(row.title or row.id, room), style="bold")
        first.append_text(who)
        first.append(f" · {row.kind} {clean(row.id)}", style="dim")  # cut first when the line is short
        out.append(first)

        when = Text(no_wrap=True, end="")
        if row.due is None:
            when.append(NO_DATE, style="italic")
        else:
            when.append(f"{_date(row.start) if row.start else '…'} → {_date(row.due)}")
        if row.baseline_due:
            when.append(f" · baseline {_date(row.baseline_due)}")
        if row.slipped_days:
            when.append(f" · slipped {_days(row.slipped_days)}", style=BASELINE_STYLE)
        if row.overdue_days(today):
            when.append(f" · overdue {_days(row.overdue_days(today))}", style=OVERDUE_STYLE)
        if row.done_on:
            when.append(f" · done on {_date(row.done_on)}")
        if row.depends_on:
            when.append(" · after: ")
            for n, dep in enumerate(row.depends_on):
                when.append(", " if n else "")
                when.append(clean(dep), style=LATE_DEP_STYLE if dep in row.late_deps else "")
            if row.late_deps:
                when.append(" (due after this starts)", style=LATE_DEP_STYLE)
        if row.milestone:
            when.append(f" · in {clean(row.milestone)}", style="dim")
        out.append(when)
        third = Text(no_wrap=True, end="")
        if row.acceptance:  # the client's sign-off: who, when, the evidence
            third.append("✔ ", style=STATUS_STYLE["done"])
            third.append(clean(row.acceptance))
        elif not findings:
            third.append("no findings", style="dim")
        for n, f in enumerate(findings):
            third.append("  " if n or row.acceptance else "")
            third.append(f"{f.level} {f.code}: ", style=FINDING_STYLE.get(f.level, ""))
            third.append(clean(f.message))
        out.append(third)
    out = out[:lines] + [Text(end="") for _ in range(lines - len(out))]
    for line in out:
        line.truncate(width, overflow="ellipsis", pad=True)
    return out


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"
