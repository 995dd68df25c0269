"""SMART goals as the goals view shows them: progress toward the target, missing parts.

from workspace_schema.views.goals import goal_progress, counts_down, missing_parts
goal_progress(goal)    # 0.2 for 0 -> 2,400 -> 12,000; None when it cannot be measured
counts_down(goal)      # True for 3,200 ms -> 1,500 ms (lower is better)
missing_parts(goal)    # ["unit", "owner"]: the SMART parts rule GOAL001 asks for
"""

from __future__ import annotations

from workspace_schema.core.records import Goal
from workspace_schema.rules.goals import SMART_PARTS

__all__ = ["SMART_PARTS", "counts_down", "goal_progress", "missing_parts"]


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
