"""A linear date axis for charts: days to coordinates, its padding and its month ticks.

One day is the same distance everywhere on the axis, so a 29-day slip
stands 29 times as far as a 1-day one. The SVG trend chart
(export/charts/trend.py) maps days to pixels with it, the app's trend chart
(tui/render/mta_layout.py) to rows and columns.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["DateScale", "month_ticks", "padded"]


class DateScale:
    """Days to coordinates, linear: ``lo`` at ``a``, ``hi`` at ``b`` (``b`` may be less than ``a``)."""

    def __init__(self, lo: dt.date, hi: dt.date, a: float, b: float) -> None:
        self.lo, self.hi, self.a = lo, hi, a
        self.per_day = (b - a) / max((hi - lo).days, 1)

    def at(self, day: dt.date) -> float:
        return self.a + (day - self.lo).days * self.per_day

    def day_at(self, position: float) -> dt.date:
        """The day drawn nearest ``position`` (the inverse of ``at``)."""
        return self.lo + dt.timedelta(days=round((position - self.a) / self.per_day)) if self.per_day else self.lo


def padded(lo: dt.date, hi: dt.date) -> tuple[dt.date, dt.date]:
    """``lo`` and ``hi`` moved apart by a twenty-fifth of their distance, at least three days each."""
    pad = dt.timedelta(days=max(3, (hi - lo).days // 25))
    return lo - pad, hi + pad


def month_ticks(lo: dt.date, hi: dt.date, room: int) -> list[dt.date]:
    """Month starts between ``lo`` and ``hi``, every 1, 2, 3, 6 or 12 months so at most ``room`` of them."""
    first = dt.date(lo.year, lo.month, 1)
    months = []
    day = first
    while day <= hi:
        if day >= lo:
            months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    step = next((s for s in (1, 2, 3, 6, 12) if len(months) / s <= room), 12 * (len(months) // (12 * room) + 1))
    return [d for d in months if (d.year * 12 + d.month - 1) % step == 0]
