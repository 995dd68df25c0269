"""Working hours: the working day of a workspace, counted and added to.

    cal = WorkCalendar.of(ws.settings)
    working_hours(cal, opened, now)          # float hours inside working days
    add_working_hours(cal, opened, 4)        # the local time 4 working hours later

Times are naive local date-times in the workspace's timezone. The working
day runs from ``work_starts`` to ``work_ends`` (whole hours) on Monday to
Friday, except the workspace's holidays. Support targets count these hours
(core/sla.py).
"""

from __future__ import annotations

import datetime as dt

from msgspec import Struct

from workspace_schema.core.records import WorkspaceHeader

__all__ = ["WorkCalendar", "add_working_hours", "end_of_day", "working_hours"]

MAX_DAYS = 366 * 20  # add_working_hours gives up (None) past this many days: a target nobody can meet


class WorkCalendar(Struct, frozen=True, kw_only=True):
    """The working day (hours of the day, 0..24) and the days off besides weekends."""

    starts: int = 9
    ends: int = 18
    holidays: frozenset[dt.date] = frozenset()

    @classmethod
    def of(cls, settings: WorkspaceHeader) -> WorkCalendar:
        """The workspace's working day; hours out of 0..24 are clamped, an end before the start is no working time."""
        starts = min(max(settings.work_starts, 0), 24)
        return cls(starts=starts, ends=min(max(settings.work_ends, starts), 24), holidays=frozenset(settings.holidays))

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """The working day's start and end on ``day`` (equal on a day off)."""
        start = dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=self.starts)
        if not self.is_working_day(day):
            return start, start
        return start, dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=self.ends)

    @property
    def day_hours(self) -> int:
        return self.ends - self.starts


def working_hours(cal: WorkCalendar, start: dt.datetime, end: dt.datetime) -> float:
    """Working hours between two local times; 0 when ``end`` is not after ``start``."""
    if end <= start:
        return 0.0
    seconds = 0.0
    day = start.date()
    while day <= end.date():
        w0, w1 = cal.window(day)
        lo, hi = max(w0, start), min(w1, end)
        if hi > lo:
            seconds += (hi - lo).total_seconds()
        day += dt.timedelta(days=1)
    return seconds / 3600


def add_working_hours(cal: WorkCalendar, start: dt.datetime, hours: float) -> dt.datetime | None:
    """The local time ``hours`` working hours after ``start`` (None when the calendar has no working time)."""
    left = dt.timedelta(hours=max(hours, 0.0))
    if not left:
        return start
    if cal.day_hours <= 0:
        return None
    day = start.date()
    for _ in range(MAX_DAYS):
        w0, w1 = cal.window(day)
        begin = max(w0, start)
        if w1 > begin:
            if begin + left <= w1:
                return begin + left
            left -= w1 - begin
        day += dt.timedelta(days=1)
    return None


def end_of_day(cal: WorkCalendar, day: dt.date) -> dt.datetime:
    """The end of ``day``'s working day: the moment the rules judge open requests at (see docs/rules.md)."""
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=cal.ends)
