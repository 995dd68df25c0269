"""A goal's progress as a small SVG bar: how far ``current`` has come from ``start_value`` towards ``target``.

    goal_bar_svg(goal, "en")    # a bar 108% full drawn full, labelled "162 / 150 staff · target exceeded"

The bar is the fraction (current - start) / (target - start), clamped to
0..1, so it works for goals that go down as well (page load from 3,200 ms to
1,500 ms). The label keeps the real numbers, and a target passed is said to
be passed rather than hidden in a full bar. A goal without a start value
starts at 0. Without a current value or a target (or with a number that is
not finite) the picture says "no measure yet".
"""

from __future__ import annotations

import math

from workspace_schema.core.catalogue import Language, say
from workspace_schema.core.records import Goal
from workspace_schema.export.charts.svg import document, el, text, text_width
from workspace_schema.views.goals import number

__all__ = ["goal_bar_svg", "progress"]

BAR_W = 220
BAR_H = 14
HEIGHT = 32
LABEL_X = BAR_W + 12
FONT_SIZE = 12
BLUE = "#0969da"
GREEN = "#1a7f37"
TRACK = "#eaeef2"
INK = "#1f2328"
MUTED = "#57606a"


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def progress(goal: Goal) -> float | None:
    """(current - start) / (target - start), not clamped (1.08 is 8% past the target); None without the numbers."""
    current, target = _finite(goal.current), _finite(goal.target)
    start = _finite(goal.start_value) if goal.start_value is not None else 0.0
    if current is None or target is None or start is None:
        return None
    if target == start:
        return 1.0 if current == target else 0.0
    return (current - start) / (target - start)


def goal_bar_svg(goal: Goal, lang: Language) -> str:
    """The goal's bar and numbers as a standalone SVG (see the module docstring)."""
    fraction = progress(goal)
    name = goal.title or goal.metric or goal.id
    if fraction is None or goal.current is None or goal.target is None:
        words = say(lang, "chart.goal_no_measure")
        width = LABEL_X + text_width(words, FONT_SIZE) + 8
        body = el(
            "rect", x=0.5, y=9.5, width=BAR_W, height=BAR_H, rx=3, fill="none", stroke="#afb8c1", stroke_dasharray="3 2"
        )
        body += el("text", text(words), x=LABEL_X, y=21, fill=MUTED, font_style="italic")
        return document(body, width=math.ceil(width), height=HEIGHT, title=f"{name}: {words}", lang=lang)
    shown = min(max(fraction, 0.0), 1.0)
    state = "exceeded" if fraction > 1 else "reached" if fraction == 1 else "open"
    value = say(
        lang, "chart.goal_value", current=number(goal.current), target=number(goal.target), unit=goal.unit or ""
    )
    value = value.strip()
    note = say(lang, f"chart.goal_{state}") if state != "open" else ""
    colour = GREEN if state != "open" else BLUE
    parts = [
        el("rect", x=0.5, y=9.5, width=BAR_W, height=BAR_H, rx=3, fill=TRACK),
        el("rect", x=0.5, y=9.5, width=BAR_W * shown, height=BAR_H, rx=3, fill=colour, data_part="fill"),
        el("text", text(value), x=LABEL_X, y=21, fill=INK, font_weight="bold"),
    ]
    width = LABEL_X + text_width(value, FONT_SIZE) + 8
    if note:
        parts.append(el("text", text(note), x=width, y=21, fill=GREEN))
        width += text_width(note, FONT_SIZE) + 10
    if state == "exceeded":  # the target's place on a bar drawn to it: its end, marked
        parts.append(el("line", x1=BAR_W + 0.5, y1=6, x2=BAR_W + 0.5, y2=27, stroke=INK, stroke_width=1.5))
    title = f"{name}: {value}" + (f" · {note}" if note else "")
    body = el("g", "".join(parts), data_fraction=f"{fraction:.3f}", data_state=state)
    return document(body, width=math.ceil(width), height=HEIGHT, title=title, lang=lang)
