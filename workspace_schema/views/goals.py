"""SMART goals as the goals view shows them: progress toward the target, missing parts.

from workspace_schema.views.goals import goal_progress, counts_down, missing_parts
goal_off_track(goal, project, today)   # (how far behind, why) or None
goal_progress(goal)    # 0.2 for 0 -> 2,400 -> 12,000; None when it cannot be measured
counts_down(goal)      # True for 3,200 ms -> 1,500 ms (lower is better)
missing_parts(goal)    # ["unit", "owner"]: the SMART parts rule GOAL001 asks for
"""

from __future__ import annotations

import datetime as dt

from workspace_schema.core.catalogue import Msg, render
from workspace_schema.core.records import Goal, Project
from workspace_schema.rules.goals import SMART_PARTS

__all__ = [
    "GOAL_TOLERANCE",
    "SMART_PARTS",
    "counts_down",
    "goal_off_track",
    "goal_progress",
    "missing_parts",
    "number",
    "off_track",
]

GOAL_TOLERANCE = 0.10  # a goal this far (10 points) behind its straight-line plan is off track


def missing_parts(goal: Goal) -> list[str]:
    """The SMART parts (metric, unit, start_value, target, due, owner) the goal lacks, in that order."""
    return [part for part in SMART_PARTS if getattr(goal, part) in (None, "")]


def counts_down(goal: Goal) -> bool:
    """True when the goal is reached by going down (target below start_value)."""
    return goal.start_value is not None and goal.target is not None and goal.target < goal.start_value


def goal_progress(goal: Goal) -> float | None:
    """How far ``current`` has come from ``start_value`` toward ``target``: 0.0 at the start, 1.0 at the target.

    Works both ways (a goal from 3,200 ms down to 1,500 ms at 1,900 ms is 0.76
    done). Not clamped: below 0 means it went the wrong way, above 1 it went
    past the target. None without start_value, target or current, or when
    target equals start_value (nothing to measure against).
    """
    start, target, current = goal.start_value, goal.target, goal.current
    if start is None or target is None or current is None or target == start:
        return None
    return (current - start) / (target - start)


def goal_off_track(goal: Goal, project: Project, today: dt.date) -> tuple[float, str] | None:
    """(how far behind, why) when the goal is off track, else None.

    Off track: not reached (progress below 1, see goal_progress) and
    either its due has passed, or it is more than GOAL_TOLERANCE behind a
    straight line from the project's start (progress 0) to the goal's due
    (progress 1). Goals that cannot be measured (no start_value, target or
    current) or placed in time (no due, no project start) are never off track.
    """
    off = off_track(goal, project, today)
    return None if off is None else (off[0], render(off[1], "en"))


def off_track(goal: Goal, project: Project, today: dt.date) -> tuple[float, Msg] | None:
    """goal_off_track, with the why as a Msg."""
    progress = goal_progress(goal)
    if progress is None or progress >= 1 or goal.due is None:
        return None
    unit = f" {goal.unit}" if goal.unit else ""
    where = Msg(
        key="agenda.why.goal_where",
        args={"pct": f"{progress:.0%}", "current": number(goal.current), "target": number(goal.target), "unit": unit},
    )
    if goal.due < today:
        return 1.0 - progress, Msg(key="agenda.why.goal_passed", args={"due": goal.due, "where": where})
    start = project.start
    if start is None or start >= goal.due or today <= start:
        return None
    expected = (today - start).days / (goal.due - start).days
    if progress >= expected - GOAL_TOLERANCE:
        return None
    return (
        expected - progress,
        Msg(
            key="agenda.why.goal_behind",
            args={"where": where, "start": start, "due": goal.due, "expected": f"{expected:.0%}"},
        ),
    )


def number(value: float | None) -> str:
    """162, 3.5, 1,200: whole numbers without a decimal point, thousands grouped; "?" for none."""
    if value is None:
        return "?"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
