"""Which dates the timeline's chart shows, and in which columns: pure arithmetic, no drawing.

A zoom says what one unit is (a day, a week or a month); a ``Window`` draws
units one column wide or wider from unit ``left`` on. ``fit`` is the window a
project opens with at a zoom: its span filling the width but for a small
margin, units widened when the span is short, the part around a date when
it is too long for the width. The drawing is in tui/render/timeline_layout.py.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from workspace_schema.views.timeline import TimelineRow

ZOOMS = ("day", "week", "month")
# How far left/right moves the window at each zoom, in units: a week, four weeks, a quarter.
STEP = {"day": 7, "week": 4, "month": 3}
MARGIN = 2  # columns left free on each side of a project's span (room for the ▸ before a bar)
_ORDINAL_MONDAY = dt.date(1, 1, 1).toordinal()  # 0001-01-01 was a Monday


def unit(day: dt.date, zoom: str) -> int:
    """The index of the day, week (Monday-based) or month holding ``day``, on one axis for all time."""
    if zoom == "day":
        return day.toordinal()
    if zoom == "week":
        return (day.toordinal() - _ORDINAL_MONDAY) // 7
    return day.year * 12 + day.month - 1


def unit_start(index: int, zoom: str) -> dt.date:
    """The first day of a unit (the day itself, the Monday of the week, the 1st of the month)."""
    if zoom == "day":
        return dt.date.fromordinal(index)
    if zoom == "week":
        return dt.date.fromordinal(index * 7 + _ORDINAL_MONDAY)
    return dt.date(index // 12, index % 12 + 1, 1)


def unit_end(index: int, zoom: str) -> dt.date:
    return unit_start(index + 1, zoom) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """The dates on screen: unit ``left`` begins in column ``shift``, and ``num`` columns hold ``den`` units.

    ``num`` is at least ``den``: a unit is one column or wider. When the
    columns do not divide evenly, units are one column wider here and there.
    """

    zoom: str
    left: int
    width: int
    num: int = 1
    den: int = 1
    shift: int = 0

    def unit_col(self, index: int) -> int:
        """The first column of unit ``index``."""
        return (index - self.left) * self.num // self.den + self.shift

    def col(self, day: dt.date) -> int:
        """The column of ``day``: inside a unit several columns wide, as far in as the day is."""
        index = unit(day, self.zoom)
        if self.num == self.den:
            return index - self.left + self.shift
        start = unit_start(index, self.zoom)
        days = (unit_start(index + 1, self.zoom) - start).days
        return ((index - self.left) * days + (day - start).days) * self.num // (self.den * days) + self.shift

    def unit_at(self, col: int) -> int:
        """The unit column ``col`` belongs to."""
        return self.left + ((col - self.shift + 1) * self.den - 1) // self.num

    def date_at(self, col: int) -> dt.date:
        return unit_start(self.unit_at(col), self.zoom)

    def units(self) -> range:
        """The units with at least one column on screen."""
        return range(self.unit_at(0), self.unit_at(max(self.width, 1) - 1) + 1)

    @property
    def first_day(self) -> dt.date:
        return self.date_at(0)

    @property
    def last_day(self) -> dt.date:
        return unit_end(self.unit_at(max(self.width, 1) - 1), self.zoom)

    def page(self) -> int:
        """How many units a page moves: the width less two columns, at least one unit."""
        return max((self.width - 2) * self.den // self.num, 1)

    def shifted(self, units: int) -> Window:
        return replace(self, left=self.left + units)

    def showing(self, day: dt.date, at: int) -> Window:
        """The window that begins the unit of ``day`` in column ``at``."""
        return replace(self, left=unit(day, self.zoom), shift=at)

    @property
    def scale(self) -> str:
        """What one cell is, in words: "1 cell = 1 week", "1 week = 3 cells", "1 month ≈ 9.3 cells"."""
        if self.num == self.den:
            return f"1 cell = 1 {self.zoom}"
        if self.num % self.den == 0:
            return f"1 {self.zoom} = {self.num // self.den} cells"
        cells = f"{self.num / self.den:.1f}".removesuffix(".0")
        return f"1 {self.zoom} ≈ {cells} cell{'' if cells == '1' else 's'}"


def span(rows: Iterable[TimelineRow]) -> tuple[dt.date, dt.date] | None:
    """The first and last dated day of the rows (bars and baselines)."""
    days = [d for r in rows for d in (r.first_day, r.due, r.baseline_due) if d is not None]
    return (min(days), max(days)) if days else None


def fit(
    extent: tuple[dt.date, dt.date] | None, zoom: str, width: int, around: dt.date, at: int | None = None
) -> Window:
    """The window at ``zoom`` for a project spanning ``extent`` (first and last day).

    A span that fits in the width less ``MARGIN`` columns on each side fills
    that room exactly, each unit that share of it (some a column wider). A
    longer one is drawn a column a unit, ``around`` in column ``at`` (a third
    of the way in unless said), but never more than the margin past either
    end of the span. No span: ``around`` a third of the way in.
    """
    at = width // 3 if at is None else at
    if extent is None:
        return Window(zoom, 0, width).showing(around, at)
    lo, hi = unit(extent[0], zoom), unit(extent[1], zoom)
    units = hi - lo + 1
    room = width - 2 * MARGIN
    if units <= room:
        common = math.gcd(room, units)
        return Window(zoom, lo, width, room // common, units // common, MARGIN)
    left = unit(around, zoom) - at
    left = min(max(left, lo - MARGIN), hi + MARGIN + 1 - width)
    return Window(zoom, left, width)


def fits(extent: tuple[dt.date, dt.date], zoom: str, width: int) -> bool:
    """Whether the span fits at ``zoom`` a column a unit, with the margins."""
    return unit(extent[1], zoom) - unit(extent[0], zoom) + 1 <= width - 2 * MARGIN


def initial_window(rows: Sequence[TimelineRow], width: int, today: dt.date, zoom: str | None = None) -> Window:
    """The window a project opens with: at ``zoom`` when given (the one last used), else at the
    finest zoom its span fits in (months when none does, weeks for a project without dates), fitted."""
    extent = span(rows)
    if zoom is None:
        fitting = [z for z in ZOOMS if extent is not None and fits(extent, z, width)]
        zoom = fitting[0] if fitting else ("month" if extent is not None else "week")
    return fit(extent, zoom, width, today)
