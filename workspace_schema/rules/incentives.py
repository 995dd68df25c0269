"""Incentives: one about to be missed, and one written as text that ducu cannot evaluate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from workspace_schema.core.dates import days
from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Incentive, Milestone, Workspace
from workspace_schema.rules.items import LIVE_PROJECT_STATUSES, is_open, key_line, ref
from workspace_schema.rules.registry import Report, rule

WARN_WITHIN = 7  # days before an incentive's date that INC001 starts warning


@rule(
    "INC001",
    "warning",
    f"An incentive is about to be missed: its date (baseline_due, by, or done_on + accept_within) is within "
    f"{WARN_WITHIN} days or past, and the milestone is not done (or, for accepted, not accepted).",
)
def about_to_miss(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        if p.status not in LIVE_PROJECT_STATUSES:
            continue
        for mid, m in p.milestones.items():
            inc = m.incentive
            if not isinstance(inc, Incentive) or inc.condition is None or inc.evaluated_on is not None:
                continue
            if inc.condition == "by_baseline" and is_open(m):
                date, need = m.baseline_due, "done by its baseline_due"
            elif inc.condition == "by_date" and is_open(m):
                date, need = inc.by, "done by"
            elif inc.condition == "accepted" and m.status == "done" and m.done_on and not m.accepted_on:
                within = ws.settings.accept_within
                date, need = (m.done_on + dt.timedelta(days=within), "accepted by") if within > 0 else (None, "")
            else:
                continue
            if date is None or (date - today).days > WARN_WITHIN:
                continue
            left = (date - today).days
            when = (
                f"was to be {need} {date} ({days(-left)} ago)"
                if left < 0
                else f"is to be {need} {date} (in {days(left)})"
            )
            forecast = f"; its due is {m.due}" if m.due is not None and m.due > date and is_open(m) else ""
            reward = f" ({inc.reward})" if inc.reward else ""
            yield report(
                message=f"milestone `{mid}`'s incentive{reward} {when}{forecast}: chase it now, "
                "or record the outcome with `ducu incentives --evaluate` once it is decided",
                file=m.file,
                line=_incentive_line(ws, m, mid),
                item=ref(pid, mid),
            )


@rule(
    "INC002",
    "info",
    "An open milestone's incentive is text, which ducu cannot evaluate: write it as a table with a condition.",
)
def prose(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        if p.status not in LIVE_PROJECT_STATUSES:
            continue
        for mid, m in p.milestones.items():
            if not isinstance(m.incentive, str) or not is_open(m):
                continue
            yield report(
                message=f"milestone `{mid}`'s incentive is text, so ducu cannot tell whether it is earned; write it "
                f'as [milestones.{mid}.incentive] with condition = "by_baseline" (or by_date with by, accepted, '
                "survey_score with min_score) and reward = the text",
                file=m.file,
                line=_incentive_line(ws, m, mid),
                item=ref(pid, mid),
            )


def _incentive_line(ws: Workspace, m: Milestone, mid: str) -> int:
    """The [milestones.<id>.incentive] header, else the `incentive = ...` line."""
    lines = ws.sources.get(m.file)
    header = lines.headers.get(("milestones", mid, "incentive")) if lines is not None else None
    return header or key_line(ws, m, ("milestones", mid), "incentive")
