"""Dates that contradict each other, and dates that have passed.

Warnings about the plan (SCH002-SCH004) concern open items only: a done item's
dates are history, a dropped item's are moot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from workspace_schema.core.dates import days
from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Workspace
from workspace_schema.rules.items import LIVE_PROJECT_STATUSES, is_open, key_line, ref, work_items
from workspace_schema.rules.registry import Report, rule


@rule("SCH001", "error", "A project, milestone or task starts after it is due.")
def start_after_due(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        if p.start and p.due and p.start > p.due:
            yield report(
                message=f"project starts {p.start}, after its due {p.due}; fix start or due",
                file=p.file,
                line=key_line(ws, p, ("project",), "start"),
                item=pid,
            )
        for table, kind, iid, item in work_items(p):
            if item.start and item.due and item.start > item.due and item.status != "dropped":
                yield report(
                    message=f"{kind} `{iid}` starts {item.start}, after its due {item.due}; fix start or due",
                    file=item.file,
                    line=key_line(ws, item, (table, iid), "start"),
                    item=ref(pid, iid),
                )


@rule("SCH002", "warning", "An open task is due later than its milestone.")
def task_after_milestone(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        for tid, task in p.tasks.items():
            m = p.milestones.get(task.milestone or "")
            if m is None or not task.due or not m.due or task.due <= m.due or not is_open(task):
                continue
            yield report(
                message=f"task `{tid}` is due {task.due}, after its milestone `{task.milestone}` ({m.due}); "
                "bring the task forward or move the milestone with a change request",
                file=task.file,
                line=key_line(ws, task, ("tasks", tid), "due"),
                item=ref(pid, tid),
            )


@rule(
    "SCH003",
    "warning",
    "An open item starts before a predecessor (depends_on) is due, and that predecessor is not done.",
)
def starts_before_predecessor(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        for table, kind, iid, item in work_items(p):
            if not item.start or not item.depends_on or not is_open(item):
                continue
            for dep in item.depends_on:
                pred = p.item(dep)
                if pred is None or not pred.due or item.start >= pred.due or not is_open(pred):
                    continue
                yield report(
                    message=f"{kind} `{iid}` starts {item.start}, before `{dep}` it depends on is due ({pred.due}); "
                    "start it later, or bring the predecessor forward",
                    file=item.file,
                    line=key_line(ws, item, (table, iid), "start"),
                    item=ref(pid, iid),
                )


@rule("SCH004", "warning", "An open item is due after its project's due.")
def after_project(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        if not p.due:
            continue
        for table, kind, iid, item in work_items(p):
            if item.due and item.due > p.due and is_open(item):
                yield report(
                    message=f"{kind} `{iid}` is due {item.due}, after the project's due {p.due}; "
                    "bring it forward or move the project's due",
                    file=item.file,
                    line=key_line(ws, item, (table, iid), "due"),
                    item=ref(pid, iid),
                )


@rule("SCH005", "warning", "A project or open item is past its due (projects done or cancelled are skipped).")
def overdue(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        if p.status not in LIVE_PROJECT_STATUSES:
            continue
        if p.due and p.due < today:
            yield report(
                message=f"project is {days((today - p.due).days)} late (due {p.due}, status {p.status}); "
                'set status = "done" if it is finished, or agree a new due with the client',
                file=p.file,
                line=key_line(ws, p, ("project",), "due"),
                item=pid,
            )
        for table, kind, iid, item in work_items(p):
            if item.due and item.due < today and is_open(item):
                yield report(
                    message=f"{kind} `{iid}` is {days((today - item.due).days)} late (due {item.due}, status "
                    f'{item.status}); set status = "done" if it is finished, or move it with an approved change',
                    file=item.file,
                    line=key_line(ws, item, (table, iid), "due"),
                    item=ref(pid, iid),
                )
