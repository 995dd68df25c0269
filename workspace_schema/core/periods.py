"""Periods a scorecard or an evaluation covers: a quarter, a month or a year.

    p = parse_period("2026-Q4")          # Period("2026-Q4", 2026-10-01, 2026-12-31)
    p.contains(day); p.shift(-1)         # 2026-Q3; a month shifts by months, a year by years
    period_of(today)                     # the quarter holding today

Spellings: ``2026-Q4`` (also ``2026q4``), ``2026-11``, ``2026``. Anything
else is a PeriodError (a ValueError) that lists them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, NamedTuple

PeriodKind = Literal["quarter", "month", "year"]
HELP = "a quarter (2026-Q4), a month (2026-11) or a year (2026)"
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(ValueError):
    """The text is not a period; the message says what is."""


class Period(NamedTuple):
    text: str  # as ducu writes it: "2026-Q4", "2026-11", "2026"
    kind: PeriodKind
    start: dt.date
    end: dt.date  # included

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def shift(self, n: int) -> Period:
        """The period ``n`` steps later (earlier when negative), of the same kind."""
        if self.kind == "year":
            return _year(self.start.year + n)
        months = 3 if self.kind == "quarter" else 1
        index = self.start.year * 12 + self.start.month - 1 + n * months
        year, month = divmod(index, 12)
        return _quarter(year, month // 3 + 1) if self.kind == "quarter" else _month(year, month + 1)


def parse_period(text: str) -> Period:
    """The period ``text`` names; PeriodError when it names none."""
    value = text.strip()
    if m := _QUARTER.match(value):
        return _quarter(int(m.group(1)), int(m.group(2)))
    if m := _MONTH.match(value):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise PeriodError(f"{text!r}: there is no month {month}; a period is {HELP}")
        return _month(int(m.group(1)), month)
    if m := _YEAR.match(value):
        return _year(int(m.group(1)))
    raise PeriodError(f"{text!r} is not a period; write {HELP}")


def period_of(day: dt.date, kind: PeriodKind = "quarter") -> Period:
    """The quarter (month, year) that holds ``day``."""
    if kind == "year":
        return _year(day.year)
    if kind == "month":
        return _month(day.year, day.month)
    return _quarter(day.year, (day.month - 1) // 3 + 1)


def _quarter(year: int, q: int) -> Period:
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + 1, 1, 1) if q == 4 else dt.date(year, 3 * q + 1, 1)
    return Period(f"{year}-Q{q}", "quarter", start, end - dt.timedelta(days=1))


def _month(year: int, month: int) -> Period:
    start = dt.date(year, month, 1)
    end = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return Period(f"{year}-{month:02d}", "month", start, end - dt.timedelta(days=1))


def _year(year: int) -> Period:
    return Period(f"{year}", "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
