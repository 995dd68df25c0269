"""The milestone trend chart (MTA) as SVG: each milestone's forecast due date at each report date.

    points = slips.mta(index, ws, project_id)           # [(report day, {milestone id: forecast due})]
    trend_svg(points, {mid: m.title for mid, m in project.milestones.items()}, today, "zh")

The same data and reading as the app's chart (tui/render/mta_layout.py):
x is the report date, y the forecast due date, and each milestone is a step
line (a forecast holds until the next report) with a dot at each report,
carried on to today or to the day the milestone was dropped; the dotted diagonal is "due on the report date", which
a milestone's line meets on the day it falls due. Flat is on time, rising is
slipping. Both axes are linear (a day is a fixed number of pixels on each),
so reports a week apart stand twice as far apart as reports three days
apart, with month ticks labelled "2026-12". Series are ordered as the app
orders them without a plan (by latest forecast, then id), coloured from a
fixed palette (dashed after the first ten), with a legend at the right.

Each series is ``<g data-milestone="<id>" data-last="YYYY-MM-DD">`` and each
dot a ``<circle data-day=... data-due=...>``, for tests and for people.
Fewer than two reports (or none with a forecast) give a small SVG that says
there is no trend yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from workspace_schema.core.catalogue import Language, say
from workspace_schema.export.charts.svg import cut, document, el, num, text, text_width
from workspace_schema.views.date_axis import DateScale, month_ticks, padded

__all__ = ["trend_svg"]

WIDTH = 960
PX0, PX1 = 84, 650  # the plot's left and right edges
PY0, PY1 = 40, 380  # its top and bottom
LEGEND_X = 680
LEGEND_ROW = 20
SMALL = 10.5
TIP_WIDTH = 1200  # a tooltip is cut too, at about 150 letters
PALETTE = (
    "#0969da",
    "#bc4c00",
    "#8250df",
    "#1a7f37",
    "#cf222e",
    "#1b7c83",
    "#bf3989",
    "#9a6700",
    "#4d2d00",
    "#57606a",
)
DASHES = (None, "6 3", "2 2")
PURPLE = "#8250df"
MUTED = "#57606a"
GRID = "#d8dee4"

Points = Sequence[tuple[dt.date, Mapping[str, dt.date]]]


def _order(points: Points) -> list[str]:
    """Every milestone that ever had a forecast, by its latest forecast, then id (mta_layout.series_from)."""
    latest: dict[str, dt.date] = {}
    for _, forecasts in points:
        for key, due in forecasts.items():
            latest[key] = due
    return sorted(latest, key=lambda k: (latest[k], k))


def _no_trend(lang: Language) -> str:
    words = say(lang, "chart.no_trend")
    width = max(320.0, text_width(words, 13) + 32)
    body = el("rect", x=0.5, y=0.5, width=width - 1, height=47, rx=6, fill="#f6f8fa", stroke=GRID) + el(
        "text", text(words), x=16, y=29, fill=MUTED, font_size=13
    )
    return document(body, width=width, height=48, title=words, lang=lang)


def trend_svg(points: Points, titles: Mapping[str, str], today: dt.date, lang: Language) -> str:
    """The trend chart of ``points`` (history.slips.mta), titled from ``titles``; see the module docstring."""
    values = [due for _, forecasts in points for due in forecasts.values()]
    if len(points) < 2 or not values:
        return _no_trend(lang)
    reports = [day for day, _ in points]
    end = max(reports[-1], today)
    x = DateScale(*padded(reports[0], end), PX0, PX1)
    y_lo, y_hi = padded(min(*values, reports[0]), max(values))
    y = DateScale(y_lo, y_hi, PY1, PY0)

    parts: list[str] = []
    for day in month_ticks(x.lo, x.hi, 8):
        px = x.at(day)
        parts.append(el("line", x1=px, y1=PY0, x2=px, y2=PY1, stroke=GRID))
        parts.append(
            el("text", day.strftime("%Y-%m"), x=px, y=PY1 + 16, fill=MUTED, font_size=SMALL, text_anchor="middle")
        )
    for day in month_ticks(y.lo, y.hi, 12):
        py = y.at(day)
        parts.append(el("line", x1=PX0, y1=py, x2=PX1, y2=py, stroke=GRID))
        parts.append(
            el("text", day.strftime("%Y-%m"), x=PX0 - 6, y=py + 4, fill=MUTED, font_size=SMALL, text_anchor="end")
        )
    parts.append(el("rect", x=PX0, y=PY0, width=PX1 - PX0, height=PY1 - PY0, fill="none", stroke="#afb8c1"))
    parts.append(el("text", text(say(lang, "chart.forecast_date")), x=8, y=PY0 - 16, fill=MUTED, font_size=SMALL))
    parts.append(
        el(
            "text",
            text(say(lang, "chart.report_date")),
            x=PX1,
            y=PY1 + 34,
            fill=MUTED,
            font_size=SMALL,
            text_anchor="end",
        )
    )

    # The diagonal: due on the report date, where both axes hold that day.
    lo, hi = max(x.lo, y.lo), min(x.hi, y.hi)
    if lo < hi:
        parts.append(
            el(
                "line",
                x1=x.at(lo),
                y1=y.at(lo),
                x2=x.at(hi),
                y2=y.at(hi),
                stroke="#8c959f",
                stroke_width=1.2,
                stroke_dasharray="1 3",
                stroke_linecap="round",
            )
        )
        parts.append(
            el(
                "text",
                text(say(lang, "chart.diagonal")),
                x=x.at(hi) - 4,
                y=max(y.at(hi) - 6, PY0 + 12),
                fill=MUTED,
                font_size=SMALL,
                text_anchor="end",
            )
        )
    if x.lo <= today <= x.hi:
        tx = x.at(today)
        parts.append(el("line", x1=tx, y1=PY0, x2=tx, y2=PY1, stroke=PURPLE, stroke_width=1.2, stroke_dasharray="4 3"))
        parts.append(
            el(
                "text",
                text(say(lang, "chart.today")),
                x=tx,
                y=PY0 - 4,
                fill=PURPLE,
                font_size=SMALL,
                font_weight="bold",
                text_anchor="middle",
            )
        )

    legend: list[str] = []
    keys = _order(points)
    for n, key in enumerate(keys):
        colour = PALETTE[n % len(PALETTE)]
        dash = DASHES[(n // len(PALETTE)) % len(DASHES)]
        lines: list[list[str]] = []
        dots: list[str] = []
        run: list[str] = []
        held: tuple[float, float] | None = None
        last: dt.date | None = None
        for day, forecasts in points:
            due = forecasts.get(key)
            if due is None:
                if held is not None:  # dropped or removed on this day: the line ends here
                    run.append(f"{num(x.at(day))},{num(held[1])}")
                if len(run) > 1:
                    lines.append(run)
                run, held = [], None
                continue
            px, py = x.at(day), y.at(due)
            if held is not None:
                run.append(f"{num(px)},{num(held[1])}")
            run.append(f"{num(px)},{num(py)}")
            held, last = (px, py), due
            dots.append(
                el(
                    "circle",
                    cx=px,
                    cy=py,
                    r=3.2,
                    fill=colour,
                    stroke="#fff",
                    stroke_width=1,
                    data_day=day.isoformat(),
                    data_due=due.isoformat(),
                )
            )
        if held is not None and points[-1][1].get(key) is not None and x.at(end) > held[0]:
            run.append(f"{num(x.at(end))},{num(held[1])}")
        if len(run) > 1:
            lines.append(run)
        shapes = [
            el(
                "polyline",
                points=" ".join(r),
                fill="none",
                stroke=colour,
                stroke_width=2,
                stroke_dasharray=dash,
                stroke_linejoin="round",
            )
            for r in lines
        ]
        title = titles.get(key) or key
        parts.append(
            el(
                "g",
                el("title", text(cut(title, TIP_WIDTH, 12))) + "".join(shapes + dots),
                data_milestone=key,
                data_last=last.isoformat() if last else None,
            )
        )
        ly = PY0 + 6 + n * LEGEND_ROW
        legend.append(
            el(
                "line",
                x1=LEGEND_X,
                y1=ly,
                x2=LEGEND_X + 18,
                y2=ly,
                stroke=colour,
                stroke_width=2,
                stroke_dasharray=dash,
            )
        )
        legend.append(el("circle", cx=LEGEND_X + 9, cy=ly, r=3.2, fill=colour, stroke="#fff", stroke_width=1))
        legend.append(el("text", text(cut(title, WIDTH - LEGEND_X - 34, 12)), x=LEGEND_X + 26, y=ly + 4))
    parts += legend
    height = max(PY1 + 46, PY0 + 6 + len(keys) * LEGEND_ROW)
    return document("\n".join(parts), width=WIDTH, height=height, title=say(lang, "chart.trend_plain"), lang=lang)
