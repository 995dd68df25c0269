"""Contingency plans as the checklist shows them: order, heat, drills, progress.

    from workspace_schema.views.contingency import risk_order, heat, drill_status, plan_progress
    for rid in risk_order(project.risks):             # triggered first, then by score
        risk = project.risks[rid]
        heat(risk.score)                               # "high" | "medium" | "low"
        drill_status(risk, today).text                 # "drill overdue by 8 days"
        plan_progress(risk)                            # (steps done, steps)

Plain functions over records; the app only displays what they return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from msgspec import Struct

from workspace_schema.core.dates import days
from workspace_schema.core.records import Risk
from workspace_schema.views.health import HIGH_RISK_SCORE

__all__ = [
    "HIGH_RISK_SCORE",
    "MEDIUM_RISK_SCORE",
    "DrillStatus",
    "Heat",
    "drill_status",
    "heat",
    "plan_progress",
    "risk_order",
]

Heat = Literal["high", "medium", "low"]
MEDIUM_RISK_SCORE = 8  # probability x impact from here up is amber; from HIGH_RISK_SCORE up, red

# Triggered risks are the active plans and come first; closed ones last.
_STATUS_RANK = {"triggered": 0, "watching": 1, "closed": 2}


def heat(score: int) -> Heat:
    """The colour band of a probability x impact score: high >= 15, medium >= 8, else low."""
    if score >= HIGH_RISK_SCORE:
        return "high"
    if score >= MEDIUM_RISK_SCORE:
        return "medium"
    return "low"


def risk_order(risks: Mapping[str, Risk]) -> list[str]:
    """Risk ids: triggered, then watching, then closed; within each, highest score first.

    Equal scores keep their order in the file.
    """
    return sorted(risks, key=lambda rid: (_STATUS_RANK.get(risks[rid].status, 1), -risks[rid].score))


def plan_progress(risk: Risk) -> tuple[int, int]:
    """(steps done, steps) of the risk's contingency plan."""
    steps = risk.steps.values()
    return sum(1 for s in steps if s.done), len(risk.steps)


class DrillStatus(Struct, frozen=True, kw_only=True):
    """When the risk's plan is next rehearsed.

    ``state`` is "none" (no drill_every), "never" (due but never drilled),
    "due" (next drill today or later) or "overdue" (as rule RISK002 counts:
    last_drill + drill_every is before today). ``days`` is how far away (due)
    or how late (overdue) the next drill is; ``next`` its date.
    """

    state: Literal["none", "never", "due", "overdue"]
    text: str
    next: dt.date | None = None
    days: int | None = None


def drill_status(risk: Risk, today: dt.date) -> DrillStatus:
    """ "drill due in 12 days", "drill due today", "drill overdue by 8 days", "never drilled", "no drills"."""
    every = risk.drill_every
    if not every or every <= 0:
        return DrillStatus(state="none", text="no drills")
    if risk.last_drill is None:
        return DrillStatus(state="never", text="never drilled")
    nxt = risk.last_drill + dt.timedelta(days=min(every, (dt.date.max - risk.last_drill).days))  # a huge value: never
    gap = (nxt - today).days
    if gap < 0:
        return DrillStatus(state="overdue", text=f"drill overdue by {days(-gap)}", next=nxt, days=-gap)
    text = "drill due today" if gap == 0 else f"drill due in {days(gap)}"
    return DrillStatus(state="due", text=text, next=nxt, days=gap)
