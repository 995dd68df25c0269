"""The agenda of a retro: the look back when a project closes, from the project's own data.

    from workspace_schema.review.retro import build, is_done, RETRO_SECTIONS
    items = build(ws, today, "acme-tracking")     # AgendaItem rows, kinds "went-well", "went-wrong", "lesson"

Sections, in this order (within a section, file order: milestones, goals,
risks, changes, support, then scores by date):

1. ``went-well``  milestones (and the client's tasks) done on or before their agreed date (baseline_due,
                  else due); goals whose target is reached; satisfaction scores
                  (reviews, feedback log entries) and survey dimensions of HIGH
                  or more
2. ``went-wrong`` milestones (and the client's tasks) done after their agreed date, or still open past
                  it, by how many days (the client's part says so, with the
                  reminders it needed before delivery: log entries of kind
                  "nudge" listing it); goals not reached by their due; risks
                  that happened; change requests decided (each moved the plan
                  or had to be argued); support requests past a target; scores
                  below HIGH
3. ``lesson``     the project's lessons so far ([lessons.<id>])

The lessons the meeting records are the draft's (draft.NewLesson); finishing
writes them with the minutes. Every item is talked about, not changed:
its outcomes are noted, action or skipped. A support request is judged as of
the end of today's working day (workspace ``work_ends``), like the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from workspace_schema.core.catalogue import Msg, render
from workspace_schema.core.catalogue import days as days_msg
from workspace_schema.core.findings import Finding
from workspace_schema.core.records import OPEN_ITEM_STATUSES, Milestone, Project, Task, Workspace
from workspace_schema.review.agenda_item import TALK_ACTIONS, AgendaItem, AgendaKind
from workspace_schema.views.goals import goal_progress, number, off_track
from workspace_schema.views.satisfaction import satisfaction_points
from workspace_schema.views.support import project_states

__all__ = ["HIGH", "RETRO_SECTIONS", "build", "is_done"]

RETRO_SECTIONS: tuple[AgendaKind, ...] = ("went-well", "went-wrong", "lesson")
HIGH = 4  # a score of 4 or 5 (of 5) went well; 3 or less did not


def is_done(ws: Workspace, project_id: str) -> bool:
    """Whether the project is closed, so a retro is offered: status done, or a hand-over date (done_on)."""
    p = ws.projects.get(project_id)
    return p is not None and (p.status == "done" or p.done_on is not None)


def build(ws: Workspace, today: dt.date, project_id: str, findings: Iterable[Finding] = ()) -> list[AgendaItem]:
    """The retro's agenda for ``project_id`` (KeyError if unknown), as the module docstring says."""
    p = ws.projects[project_id]
    about: dict[str, list[str]] = {}
    for f in findings:
        if f.item and f.level in ("error", "warning"):
            about.setdefault(f.item, []).append(f"{f.code} {f.message}")
    well: list[AgendaItem] = []
    wrong: list[AgendaItem] = []

    def add(
        kind: AgendaKind,
        ref: str,
        table: str,
        title: str,
        parts: list[Msg],
        owner: str | None = None,
        due: dt.date | None = None,
    ) -> None:
        item = AgendaItem(
            kind=kind,
            ref=ref,
            project=project_id,
            item=ref.partition("/")[2],
            table=table,
            title=title,
            why="; ".join(render(m, "en") for m in parts),
            reasons=tuple(parts),
            actions=TALK_ACTIONS,
            owner=owner,
            due=due,
            findings=tuple(about.get(ref, ())),
        )
        (well if kind == "went-well" else wrong).append(item)

    _work(ws, p, project_id, today, add)
    for gid, goal in p.goals.items():
        progress = goal_progress(goal)
        unit = f" {goal.unit}" if goal.unit else ""
        ref, title = f"{project_id}/{gid}", goal.title or gid
        if progress is not None and progress >= 1:
            met = Msg(
                key="agenda.why.goal_met",
                args={"current": number(goal.current), "target": number(goal.target), "unit": unit},
            )
            add("went-well", ref, "goals", title, [met], goal.owner, goal.due)
        elif (off := off_track(goal, p, today)) is not None:
            add("went-wrong", ref, "goals", title, [off[1]], goal.owner, goal.due)
    for rid, risk in p.risks.items():
        if risk.status == "triggered" or risk.triggered_on is not None:
            reason = (
                Msg(key="agenda.why.retro_triggered", args={"day": risk.triggered_on})
                if risk.triggered_on
                else Msg(key="agenda.risk.triggered")
            )
            add("went-wrong", f"{project_id}/{rid}", "risks", risk.title or rid, [reason], risk.owner)
    for cid, change in p.changes.items():
        if change.status in ("approved", "rejected"):
            key = f"agenda.why.change_{change.status}"
            reason = Msg(key=key, args={"day": change.decided_on or change.requested_on or "?"})
            add("went-wrong", f"{project_id}/{cid}", "changes", change.summary or cid, [reason], change.requested_by)
    _support(ws, p, project_id, today, add)
    _scores(ws, project_id, today, add)
    lessons = [
        AgendaItem(
            kind="lesson",
            ref=f"{project_id}/{lid}",
            project=project_id,
            item=lid,
            table="lessons",
            title=lesson.title or lid,
            why=render(reason, "en"),
            reasons=(reason,),
            actions=TALK_ACTIONS,
            owner=lesson.raised_by,
            findings=tuple(about.get(f"{project_id}/{lid}", ())),
        )
        for lid, lesson in p.lessons.items()
        for reason in [
            Msg(
                key="agenda.why.lesson",
                args={"day": lesson.raised_on or "?", "status": Msg(key=f"agenda.lesson.{lesson.status}")},
            )
        ]
    ]
    return well + wrong + lessons


def _work(ws: Workspace, p: Project, pid: str, today: dt.date, add: _Add) -> None:
    """Milestones, and the client's own tasks, against their agreed dates."""
    work: list[tuple[str, str, Milestone | Task]] = [("milestones", i, m) for i, m in p.milestones.items()]
    work += [("tasks", i, t) for i, t in p.tasks.items() if ws.is_client_item(t)]
    for table, mid, m in work:
        agreed = m.baseline_due or m.due
        if agreed is None or m.status == "dropped":
            continue
        ref, title = f"{pid}/{mid}", m.title or mid
        client = ws.is_client_item(m)
        if m.status == "done" and m.done_on is not None:
            late = (m.done_on - agreed).days
            if late <= 0:
                add("went-well", ref, table, title, [_on_time(m.done_on, agreed)], m.owner, agreed)
                continue
            parts = [Msg(key="agenda.why.slipped", args={"day": m.done_on, "days": days_msg(late), "agreed": agreed})]
            until = m.done_on
        elif m.status in OPEN_ITEM_STATUSES and m.due is not None and m.due > agreed:
            late = (m.due - agreed).days
            parts = [Msg(key="agenda.why.slipping", args={"day": m.due, "days": days_msg(late), "agreed": agreed})]
            until = today
        else:
            continue
        if client:
            parts.append(Msg(key="agenda.why.client_part"))
            n = _nudges(p, mid, until)
            if n:
                parts.append(Msg(key="agenda.why.nudges", args={"n": n}))
        add("went-wrong", ref, table, title, parts, m.owner, agreed)


def _on_time(done: dt.date, agreed: dt.date) -> Msg:
    return Msg(key="agenda.why.on_time", args={"day": done, "agreed": agreed})


def _nudges(p: Project, iid: str, until: dt.date) -> int:
    """How many reminders (log kind "nudge" listing the item) were sent on or before ``until``."""
    return sum(1 for e in p.log.values() if e.kind == "nudge" and iid in e.items and e.on is not None and e.on <= until)


def _support(ws: Workspace, p: Project, pid: str, today: dt.date, add: _Add) -> None:
    end_of_day = dt.datetime.combine(today, dt.time(min(max(ws.settings.work_ends, 0), 23)))
    for state in project_states(ws, pid, end_of_day):
        if not state.breached:
            continue
        parts = []
        if state.response_breached and state.response_hours is not None:
            parts.append(
                Msg(
                    key="agenda.why.sla_response",
                    args={"hours": number(state.response_hours), "target": number(state.respond_within)},
                )
            )
        if state.resolution_breached and state.resolution_hours is not None:
            parts.append(
                Msg(
                    key="agenda.why.sla_resolution",
                    args={"hours": number(state.resolution_hours), "target": number(state.resolve_within)},
                )
            )
        elif state.breached and state.status != "resolved":
            target = state.respond_within if state.status == "open" else state.resolve_within
            parts.append(Msg(key="agenda.why.sla_open", args={"target": number(target)}))
        request = state.request
        add("went-wrong", state.ref, "support", request.title or state.id, parts, request.owner)


def _scores(ws: Workspace, pid: str, today: dt.date, add: _Add) -> None:
    p = ws.projects[pid]
    points = satisfaction_points(ws, pid, today)
    log_ids = {(e.on, e.score): lid for lid, e in p.log.items() if e.kind == "feedback"}
    review_ids = {(r.held_on, r.satisfaction): rid for rid, r in ws.reviews.items() if r.project == pid}
    for point in points:
        reason = Msg(key="agenda.why.satisfaction", args={"score": point.score, "day": point.on})
        kind: AgendaKind = "went-well" if point.score >= HIGH else "went-wrong"
        if point.source == "review":
            rid = review_ids.get((point.on, point.score), str(point.on))
            add(kind, f"reviews/{rid}", "reviews", f"{rid}: {point.score}/5", [reason])
        else:
            lid = log_ids.get((point.on, point.score), str(point.on))
            entry = p.log.get(lid)
            title = (entry.summary if entry is not None and entry.summary else lid) or lid
            add(kind, f"{pid}/{lid}", "log", title, [reason], entry.by if entry is not None else None)
    surveys = sorted(
        (s.answered_on, sid, s)
        for sid, s in ws.surveys.items()
        if s.project == pid and s.answered_on is not None and s.answered_on <= today
    )
    for on, sid, survey in surveys:
        for dimension, score in survey.scores().items():
            high = score >= HIGH
            reason = Msg(
                key="agenda.why.survey_high" if high else "agenda.why.survey_low",
                args={"dimension": Msg(key=f"scorecard.dim.{dimension}"), "score": score, "day": on},
            )
            add("went-well" if high else "went-wrong", f"surveys/{sid}/{dimension}", "surveys", sid, [reason])


class _Add(Protocol):  # the shape of build's ``add``, for the helpers' signatures
    def __call__(
        self,
        kind: AgendaKind,
        ref: str,
        table: str,
        title: str,
        parts: list[Msg],
        owner: str | None = None,
        due: dt.date | None = None,
    ) -> None: ...
