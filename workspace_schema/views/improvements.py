"""The improvement register and the lessons learned, as the screen and `ducu improvements` show them.

    rows = register(ws, today)                   # open improvements (proposed, doing), stale first
    rows = register(ws, today, everything=True)  # every one, done and dropped last
    stale(ws, today)                             # the open ones rule IMP001 warns about
    lessons(ws)                                  # every project's lessons: action task? on the register?
    agenda_reasons(imp, today, stale_after)      # why an open one is on every review agenda, as catalogue messages

Stale is rules/improvements.stale: past its due, or no due and raised more
than ``stale_after`` days ago (workspace.toml, default 60).
"""

from __future__ import annotations

import datetime as dt

from msgspec import Struct

from workspace_schema.core.catalogue import Msg, distance
from workspace_schema.core.catalogue import days as days_msg
from workspace_schema.core.records import Improvement, ImprovementStatus, LessonStatus, Workspace
from workspace_schema.rules.improvements import is_open, split_source
from workspace_schema.rules.improvements import stale as stale_reason

__all__ = ["ImprovementRow", "LessonRow", "agenda_reasons", "lessons", "register", "stale"]

_STATUS_ORDER = {"doing": 0, "proposed": 1, "done": 2, "dropped": 3}


class ImprovementRow(Struct, frozen=True, kw_only=True):
    id: str
    title: str
    status: ImprovementStatus
    owner: str | None
    owner_name: str  # the person's name, else the handle, else ""
    source: str | None  # "<project>/<lesson-id>"
    raised_on: dt.date | None
    due: dt.date | None
    done_on: dt.date | None
    notes: str | None
    stale: str | None  # why it is stale (IMP001's words), None when it is not
    file: str
    line: int

    @property
    def open(self) -> bool:
        return self.status in ("proposed", "doing")


class LessonRow(Struct, frozen=True, kw_only=True):
    project: str
    id: str
    title: str
    status: LessonStatus
    cause: str | None
    improvement: str | None
    action: str | None  # the task id
    has_task: bool  # the action is a task of the project
    improvements: tuple[str, ...]  # ids of register entries whose source is this lesson
    raised_on: dt.date | None


def register(ws: Workspace, today: dt.date, *, everything: bool = False) -> list[ImprovementRow]:
    """The register's rows: open ones (or every one), stale first, then doing before proposed, then by due."""
    rows = []
    for iid, imp in ws.improvements.items():
        if not everything and not is_open(imp):
            continue
        person = ws.people.get(imp.owner or "")
        rows.append(
            ImprovementRow(
                id=iid,
                title=imp.title or iid,
                status=imp.status,
                owner=imp.owner,
                owner_name=(person.name or imp.owner or "") if person is not None else (imp.owner or ""),
                source=imp.source,
                raised_on=imp.raised_on,
                due=imp.due,
                done_on=imp.done_on,
                notes=imp.notes,
                stale=stale_reason(imp, today, ws.settings.stale_after),
                file=imp.file,
                line=imp.line,
            )
        )
    order = {iid: n for n, iid in enumerate(ws.improvements)}
    rows.sort(
        key=lambda r: (
            _STATUS_ORDER[r.status] >= 2,
            r.stale is None,
            _STATUS_ORDER[r.status],
            r.due or dt.date.max,
            order[r.id],
        )
    )
    return rows


def stale(ws: Workspace, today: dt.date) -> list[ImprovementRow]:
    return [r for r in register(ws, today) if r.stale is not None]


def lessons(ws: Workspace) -> list[LessonRow]:
    """Every lesson of every project, in project then file order, with its links checked."""
    sources: dict[tuple[str, str], list[str]] = {}
    for iid, imp in ws.improvements.items():
        parts = split_source(imp.source)
        if parts is not None:
            sources.setdefault(parts, []).append(iid)
    return [
        LessonRow(
            project=pid,
            id=lid,
            title=lesson.title or lid,
            status=lesson.status,
            cause=lesson.cause,
            improvement=lesson.improvement,
            action=lesson.action,
            has_task=bool(lesson.action) and lesson.action in p.tasks,
            improvements=tuple(sources.get((pid, lid), ())),
            raised_on=lesson.raised_on,
        )
        for pid, p in ws.projects.items()
        for lid, lesson in p.lessons.items()
    ]


def agenda_reasons(imp: Improvement, today: dt.date, stale_after: int) -> list[Msg]:
    """Why an open improvement is on the agenda: late or long open (as IMP001 says), else since when and its due."""
    status = Msg(key=f"agenda.improvement.{imp.status}")
    if imp.due is not None and imp.due < today:
        return [Msg(key="agenda.why.improvement_late", args={"status": status, "distance": distance(imp.due, today)})]
    if imp.due is None and imp.raised_on is not None and stale_reason(imp, today, stale_after):
        days = days_msg((today - imp.raised_on).days)
        return [Msg(key="agenda.why.improvement_old", args={"status": status, "days": days})]
    if imp.raised_on is None:
        return [status] if imp.due is None else [status, Msg(key="agenda.why.due_on", args={"day": imp.due})]
    args: dict[str, object] = {"day": imp.raised_on, "status": status}
    if imp.due is not None:
        args["due"] = imp.due
    return [Msg(key="agenda.why.improvement_due" if imp.due is not None else "agenda.why.improvement", args=args)]
