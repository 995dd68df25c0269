"""Contingency plans: big risks have an owner, a trigger and steps, and get drilled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from workspace_schema.core.dates import days
from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Project, Risk, Workspace
from workspace_schema.rules.items import LIVE_PROJECT_STATUSES, key_line, ref
from workspace_schema.rules.registry import Report, rule

HIGH_SCORE = 12  # probability x impact at which a risk needs a full plan
SCALE = range(1, 6)


def open_risks(ws: Workspace) -> Iterator[tuple[str, Project, str, Risk]]:
    for pid, p in ws.projects.items():
        for rid, risk in p.risks.items():
            if risk.status != "closed":
                yield pid, p, rid, risk


@rule(
    "RISK001", "warning", f"An open risk with probability x impact >= {HIGH_SCORE} lacks an owner, a trigger or steps."
)
def incomplete_plan(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, _p, rid, risk in open_risks(ws):
        if risk.score < HIGH_SCORE:
            continue
        missing = [
            name
            for name, value in (("owner", risk.owner), ("trigger", risk.trigger), ("steps", risk.steps))
            if not value
        ]
        if missing:
            yield report(
                message=f"risk `{rid}` scores {risk.score} ({risk.probability} x {risk.impact}) but has no "
                f"{', '.join(missing)}; a big risk needs an owner, a trigger that says when to act, and the steps to take",
                file=risk.file,
                line=risk.line,
                item=ref(pid, rid),
            )


@rule(
    "RISK002", "warning", "An open risk's drill is overdue: last_drill + drill_every is past, or it was never drilled."
)
def drill_overdue(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p, rid, risk in open_risks(ws):
        if not risk.drill_every or risk.drill_every <= 0 or p.status not in LIVE_PROJECT_STATUSES:
            continue
        path = ("risks", rid)
        if risk.last_drill is None:
            yield report(
                message=f"risk `{rid}` should be drilled every {days(risk.drill_every)} but has never been; "
                "run the drill and set last_drill",
                file=risk.file,
                line=key_line(ws, risk, path, "drill_every"),
                item=ref(pid, rid),
            )
            continue
        if (today - risk.last_drill).days > risk.drill_every:  # not last_drill + timedelta: drill_every may be huge
            yield report(
                message=f"risk `{rid}` was last drilled {risk.last_drill}, {days((today - risk.last_drill).days)} ago "
                f"(drill_every = {risk.drill_every}); run the drill and set last_drill",
                file=risk.file,
                line=key_line(ws, risk, path, "last_drill"),
                item=ref(pid, rid),
            )


@rule("RISK003", "warning", "A step of an open risk that is not done has no owner.")
def ownerless_step(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, _p, rid, risk in open_risks(ws):
        for sid, step in risk.steps.items():
            if not step.owner and not step.done:
                yield report(
                    message=f"risk `{rid}` step {sid} has no owner; set owner to the person who will take it",
                    file=step.file,
                    line=key_line(ws, step, ("risks", rid, "steps", sid)),
                    item=ref(pid, rid),
                )


@rule("RISK004", "warning", "A risk's probability or impact is outside 1..5.")
def off_scale(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        for rid, risk in p.risks.items():
            for name in ("probability", "impact"):
                value = getattr(risk, name)
                if value not in SCALE:
                    yield report(
                        message=f"risk `{rid}` has {name} = {value}; use a whole number from 1 (low) to 5 (high)",
                        file=risk.file,
                        line=key_line(ws, risk, ("risks", rid), name),
                        item=ref(pid, rid),
                    )
