"""What day it is, in the workspace's timezone, with a clock tests can freeze.

`DUCU_TODAY=2026-11-27` in the environment freezes the date for the command
line and the app (demos, screenshots, snapshot tests).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

import pendulum

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return pendulum.now("UTC")


def frozen(day: dt.date | str) -> Clock:
    """A clock stuck at noon UTC of ``day``."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    moment = pendulum.datetime(day.year, day.month, day.day, 12, tz="UTC")
    return lambda: moment


def default_clock() -> Clock:
    env = os.environ.get("DUCU_TODAY")
    if env:
        try:
            return frozen(env)
        except ValueError:
            pass
    return system_clock


def today(timezone: str = "UTC", clock: Clock | None = None) -> dt.date:
    """The date now in ``timezone`` (an IANA name); UTC when the name is unknown."""
    now = (clock or default_clock())()
    try:
        local = pendulum.instance(now).in_timezone(timezone)
    except Exception:  # unknown timezone names are a lint finding, not a crash
        local = pendulum.instance(now).in_timezone("UTC")
    return dt.date(local.year, local.month, local.day)


def valid_timezone(name: str) -> bool:
    try:
        pendulum.timezone(name)
    except Exception:
        return False
    return True
