"""SMART goals: measurable, with a target that moves, delivered in time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Workspace
from workspace_schema.rules.items import key_line, ref
from workspace_schema.rules.registry import Report, rule

SMART_PARTS = ("metric", "unit", "start_value", "target", "due", "owner")


@rule("GOAL001", "warning", "A goal lacks a SMART part: metric, unit, start_value, target, due or owner.")
def not_smart(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        for gid, goal in p.goals.items():
            missing = [part for part in SMART_PARTS if getattr(goal, part) in (None, "")]
            if missing:
                yield report(
                    message=f"goal `{gid}` is missing {', '.join(missing)}; a SMART goal needs a metric and unit, "
                    "where it starts, the target, a due date and an owner",
                    file=goal.file,
                    line=goal.line,
                    item=ref(pid, gid),
                )


@rule("GOAL002", "warning", "A goal's target equals its start_value, so there is nothing to achieve.")
def flat_target(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        for gid, goal in p.goals.items():
            if goal.target is not None and goal.target == goal.start_value:
                yield report(
                    message=f"goal `{gid}` has target = start_value = {goal.target:g}; set the target the goal must reach",
                    file=goal.file,
                    line=key_line(ws, goal, ("goals", gid), "target"),
                    item=ref(pid, gid),
                )


@rule("GOAL003", "warning", "A milestone that delivers a goal is due after the goal.")
def late_milestone(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        for gid, goal in p.goals.items():
            if goal.due is None:
                continue
            for mid in goal.milestones:
                m = p.milestones.get(mid)
                if m is None or m.due is None or m.due <= goal.due or m.status == "dropped":
                    continue
                yield report(
                    message=f"goal `{gid}` is due {goal.due} but its milestone `{mid}` is due {m.due}; "
                    "bring the milestone forward or move the goal's due",
                    file=goal.file,
                    line=key_line(ws, goal, ("goals", gid), "milestones"),
                    item=ref(pid, gid),
                )
