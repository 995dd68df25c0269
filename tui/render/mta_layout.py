"""The milestone trend analysis (MTA) chart, drawn as lines of Rich Text.

x is the reporting date (a date on which some forecast changed, from
workspace_schema.history.slips.mta), y the forecast due date. Each milestone is a
series: a step line (the forecast holds until the next report) with a
symbol at each report, carried on to today, or ending in ✕ on the day the
milestone was dropped. The dotted diagonal is y = x: a milestone whose line
reaches it is due on that day. A flat line is on time, a rising one
slipping, a falling one pulled in.

Both axes are linear (workspace_schema.views.date_axis, as in the SVG
chart): a row is a whole number of days, said in the title ("1 row = 1
week"), so a 29-day slip climbs 29 times as far as a 1-day one. Twelve
colours, each with a mark of its own; the next twelve milestones take the
colours again with other marks and dashed lines, and so on.

Pure drawing, no Textual: ``render(series, today, width, height)`` returns
exactly ``height`` lines of ``width`` cells, so a test can read the chart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rich.cells import cell_len, chop_cells
from rich.text import Text

from tui.render.text import clean, fit, pad
from workspace_schema.views.date_axis import DateScale

SYMBOLS = "●■▲◆▼★✚○□△◇✦" + "◉▪▶◊◀✱✜◌▫▷◈✧"
COLOURS = (
    "cyan",
    "orange1",
    "medium_purple1",
    "green",
    "dodger_blue2",
    "hot_pink",
    "gold1",
    "spring_green2",
    "plum1",
    "wheat1",
    "indian_red1",
    "grey70",
)
RULES = ("─│", "╌╎", "┄┆")  # each dozen's line (across, up): solid, dashed, dotted
END = "✕"  # where the line of a dropped (or removed) milestone ends
DIAGONAL = "·"
DIAGONAL_STYLE = "dim"
AXIS_STYLE = "dim"
Y_LABEL = 10  # "2026-12-11"
RIGHT_LEGEND_FROM = 100  # cells: from this width the legend stands right of the plot, below it otherwise
LEGEND_CELLS = 40
TITLE_LINES = 2  # a long title in the legend at the right takes up to two lines before it is cut


@dataclass(frozen=True)
class Series:
    key: str  # the milestone id
    title: str
    points: tuple[tuple[dt.date, dt.date | None], ...]  # (reporting date, forecast or None when it had none)
    note: str = ""  # a short line under the title in the legend ("due 12-18 · moved 2×")
    symbol: str = "●"
    style: str = "cyan"
    rule: str = RULES[0]  # the line's characters, across and up


@dataclass
class _Canvas:
    width: int
    height: int
    cells: list[list[tuple[str, str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cells = [[(" ", "")] * self.width for _ in range(self.height)]

    def put(self, row: int, col: int, char: str, style: str) -> None:
        if 0 <= row < self.height and 0 <= col < self.width:
            self.cells[row][col] = (char, style)

    def get(self, row: int, col: int) -> str:
        return self.cells[row][col][0] if 0 <= row < self.height and 0 <= col < self.width else ""

    def line(self, row: int) -> Text:
        out = Text(no_wrap=True, end="")
        run, style = "", None
        for char, st in self.cells[row]:
            if st != style and run:
                out.append(run, style or "")
                run = ""
            style = st
            run += char
        if run:
            out.append(run, style or "")
        return out


def series_from(
    points: list[tuple[dt.date, dict[str, dt.date]]],
    titles: dict[str, str],
    notes: dict[str, str] | None = None,
    order: list[str] | None = None,
) -> list[Series]:
    """One series per milestone that ever had a forecast, in ``order`` (then by latest forecast), each looking different.

    Series n has colour n mod 12; the mark moves on one more each dozen, so
    no two series up to 288 share colour and mark; each dozen has its own line.
    """
    keys: list[str] = []
    latest: dict[str, dt.date] = {}
    for _, forecasts in points:
        for key, due in forecasts.items():
            if key not in latest:
                keys.append(key)
            latest[key] = due
    rank = {key: n for n, key in enumerate(order or [])}
    keys.sort(key=lambda k: (rank.get(k, len(rank)), latest[k], k))
    out = []
    for n, key in enumerate(keys):
        dozen = n // len(COLOURS)
        symbol = SYMBOLS[(n + dozen) % len(SYMBOLS)]
        style = COLOURS[n % len(COLOURS)]
        pts = tuple((day, forecasts.get(key)) for day, forecasts in points)
        note = (notes or {}).get(key, "")
        out.append(Series(key, titles.get(key) or key, pts, note, symbol, style, RULES[dozen % len(RULES)]))
    return out


def render(series: list[Series], today: dt.date, width: int, height: int, note: str = "") -> list[Text]:
    """The chart in ``height`` lines of ``width`` cells: title, plot with axes, legend (right or below)."""
    width, height = max(width, 1), max(height, 1)
    lines: list[Text] = []
    if not series:
        lines.append(
            Text(
                "No forecast changes in the history yet: the trend starts with the first committed due dates.",
                style="dim",
            )
        )
        return _frame(lines, width, height)
    right = width >= RIGHT_LEGEND_FROM
    legend_w = min(LEGEND_CELLS, max(width // 3, 20)) if right else width
    per_line = 1 if right else max(1, min(3, width // 26))
    legend_lines = 0 if right else -(-len(series) // per_line)
    plot_w = width - (Y_LABEL + 2) - (legend_w + 2 if right else 0)
    plot_h = height - 1 - 2 - legend_lines
    if not right and plot_h < 4:  # short: one legend line, the rest of the entries said to be cut
        legend_lines = min(legend_lines, 1)
        plot_h = height - 3 - legend_lines
    reports = [day for day, _ in series[0].points]
    x0, x1 = reports[0], max(reports[-1], today)
    values = [v for s in series for _, v in s.points if v is not None]
    y_axis, step = _y_axis(min(min(values), x0), max(values), plot_h)
    x_axis = DateScale(x0, x1, 0, plot_w - 1)
    title = Text(no_wrap=True, end="")
    title.append("Milestone trend", style="bold")
    title.append(f" · ↑ due date, 1 row = {_days(step)} · → report date", style="dim")
    title.append(" · flat: on time, rising: slipping · ", style="dim")
    title.append(DIAGONAL * 3, style=DIAGONAL_STYLE)
    title.append(" due = report date", style="dim")
    lines.append(title)
    if plot_w < 10 or plot_h < 3:
        lines.append(Text("The window is too small for the trend chart: make it wider or taller.", style="yellow"))
        return _frame(lines, width, height)

    def col(day: dt.date) -> int:
        return round(x_axis.at(day))

    def row(day: dt.date) -> int:
        return round(y_axis.at(day))

    canvas = _Canvas(plot_w, plot_h)
    # The diagonal y = x, as dots, joined down the rows where it is steep.
    prev: int | None = None
    for c in range(plot_w):
        day = x_axis.day_at(c)
        if not y_axis.lo <= day <= y_axis.hi:
            prev = None
            continue
        r = row(day)
        for rr in range(min(r, prev if prev is not None else r), max(r, prev if prev is not None else r) + 1):
            canvas.put(rr, c, DIAGONAL, DIAGONAL_STYLE)
        prev = r
    # Lines first, symbols on top.
    marks: list[tuple[int, int, str, str]] = []
    for s in series:
        across, up = s.rule[0], s.rule[1]
        last: tuple[int, int] | None = None
        for day, due in s.points:
            c = col(day)
            if due is None:
                if last is not None:  # dropped (or removed) on this day: the line ends here
                    for cc in range(last[0] + 1, c):
                        canvas.put(last[1], cc, across, s.style)
                    marks.append((last[1], max(c, last[0] + 1), END, f"bold {s.style}"))
                last = None
                continue
            r = row(due)
            if last is not None:
                lc, lr = last
                for cc in range(lc + 1, c):
                    canvas.put(lr, cc, across, s.style)
                if r != lr:
                    canvas.put(lr, c, "┘" if r < lr else "┐", s.style)
                    for rr in range(min(r, lr) + 1, max(r, lr)):
                        canvas.put(rr, c, up, s.style)
            marks.append((r, c, s.symbol, f"bold {s.style}"))
            last = (c, r)
        if last is not None:
            for cc in range(last[0] + 1, plot_w):
                canvas.put(last[1], cc, across, s.style)
    for r, c, symbol, style in marks:
        canvas.put(r, c, symbol, style)

    # Y labels: the forecast dates themselves, and the ends of the axis.
    labels: dict[int, str] = {}
    for due in sorted(set(values), reverse=True):
        labels.setdefault(row(due), due.isoformat())
    for r, day in ((0, y_axis.hi), (plot_h - 1, y_axis.lo)):
        if not any(abs(r - taken) <= 1 for taken in labels):
            labels[r] = day.isoformat()
    legend = _legend(series, legend_w, plot_h + 2 if right else legend_lines, per_line, note)
    for r in range(plot_h):
        line = Text(no_wrap=True, end="")
        line.append(pad(labels.get(r, ""), Y_LABEL), style="" if r in labels else AXIS_STYLE)
        line.append(" ┤" if r in labels else " │", style=AXIS_STYLE)
        line.append_text(canvas.line(r))
        if right:
            line.append("  ")
            line.append_text(legend[r] if r < len(legend) else Text())
        lines.append(line)
    # The x axis: ticks at the report dates that fit, today at the right end.
    ticks: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []  # label spans, with a cell between labels
    candidates = [(plot_w - 1, "today" if x1 == today else x1.isoformat())]  # the right end first
    candidates += [(col(day), day.isoformat()) for day in reports]
    for c, label in candidates:
        start = min(max(c - len(label) // 2, 0), plot_w - len(label))
        end = start + len(label)
        if start >= 0 and all(end < a or start > b for a, b in taken):
            ticks.append((c, label))
            taken.append((start, end))
    axis = Text(" " * (Y_LABEL + 1), no_wrap=True, end="")
    axis.append("└" + "".join("┬" if c in {t for t, _ in ticks} else "─" for c in range(plot_w)), style=AXIS_STYLE)
    names = [" "] * plot_w
    for c, label in ticks:
        start = min(max(c - len(label) // 2, 0), plot_w - len(label))
        names[start : start + len(label)] = list(label)
    tick_line = Text(" " * (Y_LABEL + 2), no_wrap=True, end="")
    tick_line.append("".join(names), style=AXIS_STYLE)
    if right:
        axis.append("  ")
        axis.append_text(legend[plot_h] if plot_h < len(legend) else Text())
        tick_line.append("  ")
        tick_line.append_text(legend[plot_h + 1] if plot_h + 1 < len(legend) else Text())
    lines += [axis, tick_line]
    if not right:
        lines += _legend(series, width, legend_lines, per_line, note)
    return _frame(lines, width, height)


def _y_axis(lo: dt.date, hi: dt.date, rows: int) -> tuple[DateScale, int]:
    """The forecast axis: ``lo`` to ``hi`` in ``rows`` rows, a whole number of days a row, centred; and that number."""
    span = max((hi - lo).days, 1)
    step = max(-(-span // max(rows - 1, 1)), 1)
    bottom = lo - dt.timedelta(days=(step * (rows - 1) - span) // 2)
    return DateScale(bottom, bottom + dt.timedelta(days=step * (rows - 1)), rows - 1, 0), step


def _days(n: int) -> str:
    """A row's days in words: "1 day", "3 days", "1 week", "2 weeks"."""
    if n % 7 == 0:
        return "1 week" if n == 7 else f"{n // 7} weeks"
    return "1 day" if n == 1 else f"{n} days"


def _legend(series: list[Series], width: int, lines: int, per_line: int, note: str = "") -> list[Text]:
    """The legend in ``lines`` lines of ``width`` cells: two lines per series (title, note) when there is room, else one."""
    out: list[Text] = []
    wrapped = [_wrap(s.title, width - 2, TITLE_LINES) for s in series]
    if per_line == 1 and lines < 1 + sum(len(w) + 1 for w in wrapped):  # no room for whole titles: one line each
        wrapped = [[fit(s.title, width - 2)] for s in series]
    if per_line == 1 and lines >= 1 + sum(len(w) + 1 for w in wrapped):
        out.append(Text("Milestones", style="bold", no_wrap=True, end=""))
        for s, title in zip(series, wrapped, strict=True):
            for n, part in enumerate(title):
                head = Text(no_wrap=True, end="")
                head.append(f"{s.symbol} " if n == 0 else "  ", style=f"bold {s.style}")
                head.append(part)
                out.append(head)
            out.append(Text(fit(f"  {s.note}" if s.note else "", width), style="dim", no_wrap=True, end=""))
        notes = note.splitlines() if note else []
        if notes and lines >= len(out) + 1 + len(notes):
            out += [Text(end="")] + [Text(fit(line, width), style="dim italic", no_wrap=True, end="") for line in notes]
        return out[:lines]
    cell = max(width // per_line, 4)
    entries = []
    for s in series:
        entry = Text(no_wrap=True, end="")
        entry.append(f"{s.symbol} ", style=f"bold {s.style}")
        note = f" ({s.note})" if s.note and per_line == 1 else ""
        entry.append(fit(s.title + note, cell - 3))
        entry.truncate(cell, pad=True)
        entries.append(entry)
    for n in range(0, len(entries), per_line):
        line = Text(no_wrap=True, end="")
        for entry in entries[n : n + per_line]:
            line.append_text(entry)
        out.append(line)
    if len(out) > lines and lines > 0:
        shown = sum(1 for _ in out[: lines - 1]) * per_line
        out = out[: lines - 1] + [
            Text(f"… and {len(series) - shown} more milestones", style="dim", no_wrap=True, end="")
        ]
    return out[:lines]


def _wrap(title: str, width: int, most: int) -> list[str]:
    """``title`` in lines of ``width`` cells at spaces (anywhere in a word too long for a line), at most ``most``; the last cut with "…"."""
    out: list[str] = []
    line = ""
    for word in clean(title).split():
        for piece in chop_cells(word, max(width, 1)):
            joined = f"{line} {piece}" if line else piece
            if cell_len(joined) <= width:
                line = joined
            else:
                out.append(line)
                line = piece
    out.append(line)
    if len(out) > most:
        out = out[: most - 1] + [fit(" ".join(out[most - 1 :]) + " …", width)]
    return out


def _frame(lines: list[Text], width: int, height: int) -> list[Text]:
    lines = lines[:height] + [Text(end="") for _ in range(height - len(lines))]
    for line in lines:
        line.no_wrap = True
        line.truncate(width, overflow="ellipsis", pad=True)
    return lines
