"""Dates as people type them: `2026-12-11`, `12-11`, `+3d`, `-1w`, `+2m`,
`+5wd` (working days), `today`, `tomorrow`, `fri`, `next fri`, `eow`, `eom`.

Relative forms count from ``today``; weekday names mean the next such day
after today (today excluded), with or without "next". Working days skip
weekends and the workspace's holidays.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable

from workspace_schema.core.catalogue import distance, render

WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
_RELATIVE = re.compile(r"^([+-])\s*(\d{1,4})\s*(d|day|days|w|week|weeks|m|month|months|wd|bd|workday|workdays)$")
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")
HELP = "a date like 2026-12-11, 12-11, +3d, -1w, +2m, +5wd (working days), today, tomorrow, fri, next fri, eow or eom"


class DateError(ValueError):
    """The text is not a date ducu understands; the message lists what it accepts."""


def add_working_days(start: dt.date, count: int, holidays: Iterable[dt.date] = ()) -> dt.date:
    off = set(holidays)
    step = 1 if count >= 0 else -1
    day = start
    remaining = abs(count)
    while remaining:
        day += dt.timedelta(days=step)
        if day.weekday() < 5 and day not in off:
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, holidays: Iterable[dt.date] = ()) -> int:
    """Working days from ``start`` (excluded) to ``end`` (included); negative when end < start."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    lo, hi = (start, end) if sign > 0 else (end, start)
    off = set(holidays)
    count = 0
    day = lo + dt.timedelta(days=1)
    while day <= hi:
        if day.weekday() < 5 and day not in off:
            count += 1
        day += dt.timedelta(days=1)
    return sign * count


def parse_date(text: str, today: dt.date, holidays: Iterable[dt.date] = ()) -> dt.date:
    """The day ``text`` means, counted from ``today``; DateError (a ValueError) for anything else.

    A form that lands outside years 1-9999 is a DateError too, never an
    OverflowError.
    """
    try:
        return _parse(text, today, holidays)
    except DateError:
        raise
    except (OverflowError, ValueError):  # today + an offset, or eom, past year 9999 or before year 1
        raise DateError(f"{text!r} is too far from {today.isoformat()}; type {HELP}") from None


def _parse(text: str, today: dt.date, holidays: Iterable[dt.date]) -> dt.date:
    raw = text
    text = " ".join(text.strip().lower().split())
    if not text:
        raise DateError(f"empty date; type {HELP}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    if text in ("today", "now", "tod"):
        return today
    if text in ("tomorrow", "tom"):
        return today + dt.timedelta(days=1)
    if text == "yesterday":
        return today - dt.timedelta(days=1)
    if text == "eow":  # the Friday of this week (today if it is Friday)
        return today + dt.timedelta(days=(4 - today.weekday()) % 7)
    if text == "eom":
        return _end_of_month(today)
    name = text.removeprefix("next ").strip()
    if name in WEEKDAYS:
        ahead = (WEEKDAYS[name] - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    m = _RELATIVE.match(text)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        amount = int(m.group(2)) * sign
        unit = m.group(3)
        if unit in ("d", "day", "days"):
            return today + dt.timedelta(days=amount)
        if unit in ("w", "week", "weeks"):
            return today + dt.timedelta(weeks=amount)
        if unit in ("wd", "bd", "workday", "workdays"):
            return add_working_days(today, amount, holidays)
        years, month0 = divmod(today.month - 1 + amount, 12)
        year, month = today.year + years, month0 + 1
        return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))  # Jan 31 + 1m = Feb 28
    m = _MONTH_DAY.match(text)
    if m:
        month, day = int(m.group(1)), int(m.group(2))
        try:
            candidate = dt.date(today.year, month, day)
        except ValueError:
            raise DateError(f"{raw!r} is not a day of the year; type {HELP}") from None
        return candidate
    raise DateError(f"{raw!r} is not a date ducu understands; type {HELP}")


def _end_of_month(day: dt.date) -> dt.date:
    first_next = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def humanize_distance(day: dt.date, today: dt.date) -> str:
    """ "today", "tomorrow", "in 3 days", "5 days late" in English (catalogue.distance in any language)."""
    return render(distance(day, today), "en")


def days(n: int) -> str:
    """ "1 day", "3 days"."""
    return counted(n, "day")


def signed_days(n: int) -> str:
    """A move in days with its sign: "+1 day", "-3 days", "+0 days"."""
    return f"{n:+d} {'day' if abs(n) == 1 else 'days'}"


def counted(n: int, one: str, other: str | None = None) -> str:
    """ "1 project", "2 projects", "1 person"/"3 people" (``other`` for irregular plurals): English for the team's own output."""
    return f"{n} {one if n == 1 else (other or one + 's')}"
