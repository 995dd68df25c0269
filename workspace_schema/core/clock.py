"""What day it is, in the workspace's timezone, with a clock tests can freeze.

`DUCU_TODAY=2026-11-27` in the environment freezes the date for the command
line and the app (demos, screenshots, snapshot tests).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from zoneinfo import ZoneInfo

Clock = Callable[[], dt.datetime]
UTC = dt.UTC
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)


def system_clock() -> dt.datetime:
    return dt.datetime.now(UTC)


def frozen(day: dt.date | str) -> Clock:
    """A clock stuck at noon UTC of ``day``."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    moment = dt.datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return lambda: moment


def default_clock() -> Clock:
    env = _frozen_today()
    return frozen(env) if env else system_clock


def today(timezone: str = "UTC", clock: Clock | None = None) -> dt.date:
    """The date now in ``timezone`` (an IANA name); UTC when the name is unknown."""
    return local_time((clock or default_clock())(), timezone).date()


def now(timezone: str = "UTC", clock: Clock | None = None) -> dt.datetime:
    """The wall-clock time now in ``timezone`` (naive, to the second), as support requests record it."""
    return local_time((clock or default_clock())(), timezone).replace(microsecond=0)


def day_bounds(day: dt.date, timezone: str = "UTC", clock: Clock | None = None) -> tuple[int, int] | None:
    """The instants (ns since the epoch) from now until ``day`` ends in ``timezone``: while ``today`` says ``day``.

    Every instant when the date is frozen (``DUCU_TODAY``) at ``day``. None
    when it is not ``day`` now, or when the offset from UTC changes before
    midnight (a daylight-saving day): what was made for today then holds
    only as long as the command that made it.
    """
    if clock is None and _frozen_today() is not None:
        return (0, 2**63 - 1) if today(timezone) == day else None
    moment = (clock or default_clock())()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    zone = _zone(timezone) or UTC
    here = moment.astimezone(zone)
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    last = (midnight - dt.timedelta(microseconds=1)).astimezone(UTC).astimezone(zone)
    if here.date() != day or last.date() != day or last.utcoffset() != here.utcoffset():
        return None
    return _ns(moment), _ns(midnight)


def _ns(moment: dt.datetime) -> int:
    return (moment - EPOCH) // dt.timedelta(microseconds=1) * 1000


def _frozen_today() -> str | None:
    """DUCU_TODAY when it is a date (the clock default_clock gives is then frozen)."""
    env = os.environ.get("DUCU_TODAY")
    if env:
        try:
            dt.date.fromisoformat(env)
            return env
        except ValueError:
            pass
    return None


def local_time(moment: dt.datetime, timezone: str) -> dt.datetime:
    """``moment`` (aware; naive counts as UTC) as a naive wall-clock time in ``timezone``; UTC when the name is unknown."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_zone(timezone) or UTC).replace(tzinfo=None)


def valid_timezone(name: str) -> bool:
    return _zone(name) is not None


def _zone(name: str) -> ZoneInfo | None:
    """The IANA zone ``name`` (zoneinfo: the system's database, else the tzdata package), or None.

    The standard library's zoneinfo, not pendulum's: importing pendulum
    costs 30 ms of every command's start, and it uses the same data.
    """
    try:
        return ZoneInfo(name)
    except Exception:  # unknown, empty or path-like names: a lint finding, not a crash
        return None
