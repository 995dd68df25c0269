"""Lessons learned and the improvement register: stale improvements, broken links, done projects without a lesson.

The staleness test (``stale``) lives here so the rules and the views
(views/improvements.py) say the same thing about the same improvement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Improvement, Workspace
from workspace_schema.rules.items import key_line, ref
from workspace_schema.rules.references import _did_you_mean
from workspace_schema.rules.registry import Report, rule

OPEN_IMPROVEMENT_STATUSES = frozenset({"proposed", "doing"})


def is_open(imp: Improvement) -> bool:
    return imp.status in OPEN_IMPROVEMENT_STATUSES


def stale(imp: Improvement, today: dt.date, stale_after: int) -> str | None:
    """Why an open improvement is stale, in plain words, or None.

    Past its due; or, with no due, raised more than ``stale_after`` days ago.
    A done or dropped one is never stale; one with neither due nor raised_on cannot be told.
    """
    if not is_open(imp):
        return None
    if imp.due is not None:
        late = (today - imp.due).days
        return f"is past its due {imp.due} ({late} day{'s' if late != 1 else ''})" if late > 0 else None
    if imp.raised_on is not None:
        age = (today - imp.raised_on).days
        if age > stale_after:
            return f"has been {imp.status} since {imp.raised_on} ({age} days, more than stale_after = {stale_after}) with no due"
    return None


def split_source(source: str | None) -> tuple[str, str] | None:
    """("project", "lesson-id") of a source "<project>/<lesson-id>", or None when it has not that shape."""
    project, slash, lesson = (source or "").partition("/")
    return (project, lesson) if slash and project and lesson and "/" not in lesson else None


@rule(
    "IMP001",
    "warning",
    "An open improvement is past its due, or has none and was raised more than stale_after days ago.",
)
def stale_improvement(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for iid, imp in ws.improvements.items():
        why = stale(imp, today, ws.settings.stale_after)
        if why is None:
            continue
        yield report(
            message=f"improvement `{iid}` {why}; mark it done (ducu improvements done {iid}), "
            'set a new due, or set status = "dropped"',
            file=imp.file,
            line=key_line(ws, imp, ("improvements", iid), "due" if imp.due else "raised_on"),
            item=f"improvements/{iid}",
        )


@rule("IMP002", "error", "A lesson's action is not a task of its project.")
def lesson_action(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        for lid, lesson in p.lessons.items():
            if not lesson.action or lesson.action in p.tasks:
                continue
            yield report(
                message=f"lesson `{lid}` action names `{lesson.action}`, which is not a task of {pid}; "
                f"add [tasks.{lesson.action}] or fix the id{_did_you_mean(lesson.action, p.tasks)}",
                file=lesson.file,
                line=key_line(ws, lesson, ("lessons", lid), "action"),
                item=ref(pid, lid),
            )


@rule("IMP003", "warning", "An improvement's source does not name a lesson (<project>/<lesson-id>).")
def improvement_source(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for iid, imp in ws.improvements.items():
        if imp.source is None:
            continue
        parts = split_source(imp.source)
        if parts is None:
            why = "is not <project>/<lesson-id>"
        elif parts[0] not in ws.projects:
            why = f"names project `{parts[0]}`, which has no file in projects/{_did_you_mean(parts[0], ws.projects)}"
        elif parts[1] not in ws.projects[parts[0]].lessons:
            lessons = ws.projects[parts[0]].lessons
            why = f"names no lesson of {parts[0]}{_did_you_mean(parts[1], lessons)}"
        else:
            continue
        yield report(
            message=f"improvement `{iid}` source `{imp.source}` {why}; set it to <project>/<lesson-id> "
            "of the lesson it came from, or remove it",
            file=imp.file,
            line=key_line(ws, imp, ("improvements", iid), "source"),
            item=f"improvements/{iid}",
        )


@rule("LES001", "info", "A done project has no lesson learned: hold a retro.")
def done_without_lesson(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        if p.status != "done" or p.lessons:
            continue
        yield report(
            message=f"project {pid} is done and has no lesson learned; hold a retro (ducu agenda {pid} --retro, "
            "or the retro the review meetings offer) and record what went well and what did not as [lessons.<id>]",
            file=p.file,
            line=key_line(ws, p, ("project",), "status"),
            item=pid,
        )
