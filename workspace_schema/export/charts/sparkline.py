"""A row of scores as a small SVG line: the client report's survey trends, one per dimension.

    sparkline_svg([5, 3], "Schedule", "en")             # 1..5: a falling line, the last score a filled dot
    sparkline_svg([8, 7], "NPS", "zh", low=0, high=10)

The scale is fixed (``low`` at the bottom, ``high`` at the top, a faint line
at the middle), so a 3 is as high in every row and every report; scores are
evenly spaced oldest first, as the text sparkline of ``ducu surveys``
(views/surveys.sparkline). One score is a dot at the right. The title says
the scores, for screen readers and tooltips. The same scores give the same bytes.
"""

from __future__ import annotations

from workspace_schema.core.catalogue import Language, say
from workspace_schema.export.charts.svg import document, el, num

__all__ = ["sparkline_svg"]

WIDTH = 132
HEIGHT = 28
PAD_X = 5
PAD_Y = 5
BLUE = "#0969da"
TRACK = "#f6f8fa"
GRID = "#d8dee4"


def sparkline_svg(scores: list[int], name: str, lang: Language, *, low: int = 1, high: int = 5) -> str:
    """``scores`` (oldest first) as a line on a ``low``..``high`` scale; ``name`` titles it (see the module docstring)."""
    span = (high - low) or 1

    def y(score: int) -> float:
        shown = min(max(score, low), high)
        return HEIGHT - PAD_Y - (shown - low) / span * (HEIGHT - 2 * PAD_Y)

    n = len(scores)
    step = (WIDTH - 2 * PAD_X) / (n - 1) if n > 1 else 0.0
    xs = [PAD_X + i * step if n > 1 else WIDTH - PAD_X for i in range(n)]
    parts = [
        el("rect", x=0.5, y=0.5, width=WIDTH - 1, height=HEIGHT - 1, rx=3, fill=TRACK),
        el(
            "line",
            x1=PAD_X,
            y1=y(low) - (y(low) - y(high)) / 2,
            x2=WIDTH - PAD_X,
            y2=y(low) - (y(low) - y(high)) / 2,
            stroke=GRID,
            stroke_dasharray="2 2",
        ),
    ]
    if n > 1:
        points = " ".join(f"{num(x)},{num(y(s))}" for x, s in zip(xs, scores, strict=True))
        parts.append(el("polyline", points=points, fill="none", stroke=BLUE, stroke_width=1.5))
    for i, (x, s) in enumerate(zip(xs, scores, strict=True)):
        last = i == n - 1
        parts.append(
            el(
                "circle",
                cx=x,
                cy=y(s),
                r=2.6 if last else 1.6,
                fill=BLUE if last else "#fff",
                stroke=BLUE,
                data_score=s,
            )
        )
    title = say(lang, "chart.scores", name=name, scores=" → ".join(str(s) for s in scores))
    return document("".join(parts), width=WIDTH, height=HEIGHT, title=title, lang=lang)
