"""Milestones as commitments: measurable or time-bound, and signed off by the client once delivered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from workspace_schema.core.dates import days
from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Workspace
from workspace_schema.rules.items import key_line, ref
from workspace_schema.rules.registry import Report, rule


@rule(
    "MS001",
    "error",
    "A milestone has neither done_criteria nor due: nobody can tell when it is reached (dropped ones are exempt).",
)
def unmeasurable(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        for mid, m in p.milestones.items():
            if m.status == "dropped" or m.due is not None or (m.done_criteria or "").strip():
                continue
            yield report(
                message=f"milestone `{mid}` has neither done_criteria nor due, so it is neither measurable nor "
                "time-bound; add done_criteria (what the client checks) and a due date",
                file=m.file,
                line=m.line,
                item=ref(pid, mid),
            )


@rule(
    "ACC001",
    "warning",
    "A milestone we deliver to the client (not client-side) is done but not accepted after workspace.accept_within days.",
)
def unaccepted(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    within = ws.settings.accept_within
    if within <= 0:
        return
    for pid, p in ws.projects.items():
        if p.status == "cancelled":
            continue
        for mid, m in p.milestones.items():
            if m.status != "done" or m.done_on is None or m.accepted_by or m.accepted_on:
                continue
            waited = (today - m.done_on).days
            if waited <= within or ws.is_client_item(m):
                continue
            yield report(
                message=f"milestone `{mid}` was done on {m.done_on} and the client has not accepted it "
                f"({days(waited)}, more than accept_within = {within}); get the sign-off and record it: "
                f"ducu accept {pid}/{mid} --by PERSON --evidence LINK",
                file=m.file,
                line=key_line(ws, m, ("milestones", mid), "done_on"),
                item=ref(pid, mid),
            )
