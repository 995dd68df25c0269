"""The agenda of a review meeting: what to talk about, in order, and why.

    from workspace_schema.review.agenda import build
    items = build(ws, today, "acme-crm", findings)     # or project_id=None: the whole workspace
    for it in items:
        it.kind, it.ref, it.title, it.why        # "overdue", "acme-crm/dedupe-rules-j5sp", ..., "3 days late"
        it.actions                               # the outcomes that apply: ("done", "moved", ...)

Sections, in this order (an item is listed once, in the first section it
fits; within a section the most pressing comes first):

1. ``check-in``  an active project whose check-in is overdue (health.py, as rule CAD001)
2. ``overdue``   open milestones and tasks past their due (most days late first)
3. ``due-soon``  open items due today or in the next DUE_SOON_DAYS days (soonest first)
4. ``waiting``   open items waiting on the client that started on or before
                 today: the owner is at a client, or there is no owner and the
                 side is "client", or the status is "waiting". Days waiting
                 count from the item's start: the files do not say when the
                 status became "waiting" (git history does; the agenda does
                 not read it). The last nudge is the latest log entry with
                 kind "nudge" listing the item.
   ``support``   support requests past their target, then ``incentive``s at
   ``incentive`` stake (a milestone listed above gets the reason on its own
                 item), then, after ``goal``, ``survey``s due: the team's
                 only (review/agenda_care.py)
5. ``risk``      open risks that are triggered or score >= 15 (probability x
   ``drill``     impact); risks whose drill is overdue or never held
6. ``change``    change requests still proposed (oldest request first)
7. ``goal``      goals off track (see views/goals.goal_off_track)
8. ``action``    action items of earlier reviews of the project (review.actions)
                 whose task is still open: carried over until done, never
                 dropped. One already listed above keeps its place and gets
                 ``carried_from`` and a note in its ``why``.
9. ``improvement`` the workspace's open improvements (improvements.toml,
                 proposed or doing), on every agenda until done, like open
                 actions; ref "improvements/<id>". The team's only: the
                 client's agenda (documents.for_client) has none.

For the whole workspace the sections run across projects, and done or
cancelled projects are left out. ``actions`` are the outcomes a meeting may
record for the item (the values of records.Outcome); ACTION_LABELS has the
words to show for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from workspace_schema.core.catalogue import Msg, distance
from workspace_schema.core.catalogue import days as days_msg
from workspace_schema.core.findings import Finding
from workspace_schema.core.records import (
    OPEN_ITEM_STATUSES,
    Milestone,
    Project,
    Review,
    Task,
    Workspace,
)
from workspace_schema.review import agenda_care as care
from workspace_schema.review.agenda_item import (
    CHECK_IN_ACTIONS,
    DRILL_ACTIONS,
    RANK,
    TALK_ACTIONS,
    WORK_ACTIONS,
    AgendaItem,
    AgendaKind,
    english,
)
from workspace_schema.views.change_list import moves_of
from workspace_schema.views.contingency import drill_status
from workspace_schema.views.goals import off_track
from workspace_schema.views.health import HIGH_RISK_SCORE, summarize
from workspace_schema.views.improvements import agenda_reasons
from workspace_schema.views.nudges import is_client_item, last_nudges, short_date

__all__ = ["DUE_SOON_DAYS", "build", "previous_review"]

# Where an agenda row sorts: its kind's rank, then days, scores or dates, then file order
_SortKey = tuple[float | dt.date, ...]
DUE_SOON_DAYS = 14
LIVE = frozenset({"planned", "active", "on_hold"})


def build(
    ws: Workspace, today: dt.date, project_id: str | None = None, findings: Iterable[Finding] = ()
) -> list[AgendaItem]:
    """The agenda for ``project_id`` (KeyError if unknown) or, with None, for every live project."""
    if project_id is not None:
        ws.projects[project_id]  # KeyError for an unknown project
        pids = [project_id]
    else:
        pids = [pid for pid, p in ws.projects.items() if p.status in LIVE]
    findings = list(findings)
    about: dict[str, list[str]] = {}
    for f in findings:
        if f.item and f.level in ("error", "warning"):
            about.setdefault(f.item, []).append(f"{f.code} {f.message}")
    rows: list[tuple[_SortKey, AgendaItem]] = []
    for order, pid in enumerate(pids):
        rows += _project_rows(ws, pid, ws.projects[pid], today, findings, about, order)
    rows += [((RANK[t.kind], *t.key), _topic_item(t, about)) for t in care.survey_topics(ws, pids, today)]
    for n, (iid, imp) in enumerate(ws.improvements.items()):
        if imp.status not in ("proposed", "doing"):
            continue
        parts = agenda_reasons(imp, today, ws.settings.stale_after)
        ref = f"improvements/{iid}"
        item = AgendaItem(
            kind="improvement",
            ref=ref,
            project=project_id or "",
            item=iid,
            table="improvements",
            title=imp.title or iid,
            why=english(parts),
            reasons=tuple(parts),
            actions=TALK_ACTIONS,
            owner=imp.owner,
            due=imp.due,
            findings=tuple(about.get(ref, ())),
        )
        rows.append(((RANK["improvement"], imp.due or dt.date.max, n), item))
    rows.sort(key=lambda r: r[0])
    return [item for _, item in rows]


def _topic_item(t: care.Topic, about: dict[str, list[str]]) -> AgendaItem:
    why = list(t.reasons)
    return AgendaItem(
        kind=t.kind,
        ref=t.ref,
        project=t.project,
        item=t.item,
        table=t.table,
        title=t.title,
        why=english(why),
        reasons=t.reasons,
        actions=TALK_ACTIONS,
        owner=t.owner,
        due=t.due,
        findings=tuple(about.get(t.ref, ())),
    )


def previous_review(ws: Workspace, project_id: str, today: dt.date) -> tuple[str, Review] | None:
    """(review id, review) of the project's latest review held on or before today, or None."""
    best: tuple[str, Review] | None = None
    for rid, review in ws.reviews.items():
        if review.project != project_id or review.held_on is None or review.held_on > today:
            continue
        if best is None or (review.held_on, rid) > (best[1].held_on or dt.date.min, best[0]):
            best = (rid, review)
    return best


def _carried(ws: Workspace, pid: str, p: Project, today: dt.date) -> dict[str, tuple[str, dt.date]]:
    """Open action tasks of the project's reviews: task id -> (review id, held_on) of the review that created it."""
    out: dict[str, tuple[str, dt.date]] = {}
    reviews = sorted(
        (
            (r.held_on, rid, r)
            for rid, r in ws.reviews.items()
            if r.project == pid and r.held_on is not None and r.held_on <= today
        ),
        key=lambda t: (t[0], t[1]),
    )
    for held, rid, review in reviews:
        for tid in review.actions:
            task = p.tasks.get(tid)
            if task is not None and task.status in OPEN_ITEM_STATUSES and tid not in out:
                out[tid] = (rid, held)
    return out


def _waiting_on(ws: Workspace, p: Project, item: Milestone | Task) -> str | Msg:
    org = ws.person_org(item.owner) if item.owner and ws.is_client_side(item.owner) else p.client
    client = ws.clients.get(org or "")
    if client is not None and client.name:
        return client.name
    return org or Msg(key="agenda.the_client")


def _waiting_text(ws: Workspace, p: Project, item: Milestone | Task, nudged: dt.date | None, today: dt.date) -> Msg:
    args: dict[str, object] = {"who": _waiting_on(ws, p, item)}
    key = "agenda.why.waiting_nudged" if nudged else "agenda.why.waiting_never"
    if nudged:
        args["day"] = short_date(nudged, today)
    if item.start is not None and item.start <= today:
        args["days"] = days_msg((today - item.start).days)
    else:
        key += "_nostart"
    return Msg(key=key, args=args)


def _project_rows(
    ws: Workspace,
    pid: str,
    p: Project,
    today: dt.date,
    findings: list[Finding],
    about: dict[str, list[str]],
    order: int,
) -> list[tuple[_SortKey, AgendaItem]]:
    rows: list[tuple[_SortKey, AgendaItem]] = []
    seen: set[str] = set()
    carried = _carried(ws, pid, p, today)
    stake = care.incentive_reasons(ws, pid, today)  # those left after the work items are topics of their own

    def add(kind: AgendaKind, key: _SortKey, item: AgendaItem) -> None:
        seen.add(item.ref)
        rows.append(((RANK[kind], *key, order), item))

    def note_carried(iid: str, parts: list[Msg]) -> tuple[list[Msg], str | None]:
        if iid in carried:
            rid, held = carried[iid]
            return [*parts, Msg(key="agenda.why.carried", args={"day": short_date(held, today)})], rid
        return parts, None

    # 1. check-in
    summary = summarize(ws, pid, today, findings)
    if summary.check_in_overdue:
        every = summary.check_in_every
        if summary.last_check_in is not None:
            quiet = summary.days_since_check_in or 0
            reason = Msg(
                key="agenda.why.check_in",
                args={"day": summary.last_check_in, "quiet": days_msg(quiet), "every": days_msg(every)},
            )
        elif p.start is not None:
            quiet = (today - p.start).days
            reason = Msg(key="agenda.why.check_in_since", args={"start": p.start, "every": days_msg(every)})
        else:
            quiet = 0
            reason = Msg(key="agenda.why.check_in_never", args={"every": days_msg(every)})
        add(
            "check-in",
            (-quiet,),
            AgendaItem(
                kind="check-in",
                ref=pid,
                project=pid,
                item=None,
                table=None,
                title=p.title or pid,
                why=english([reason]),
                reasons=(reason,),
                actions=CHECK_IN_ACTIONS,
                owner=p.owner,
                findings=tuple(about.get(pid, ())),
            ),
        )

    # 2-4. work items
    nudged = last_nudges(p, today)
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    work = [
        (table, iid, item)
        for table in ("milestones", "tasks")
        for iid, item in getattr(p, table).items()
        if item.status in OPEN_ITEM_STATUSES
    ]
    for n, (table, iid, item) in enumerate(work):
        ref = f"{pid}/{iid}"
        client = is_client_item(ws, item)
        waiting = client or item.status == "waiting"
        extra = [_waiting_text(ws, p, item, nudged.get(iid), today)] if waiting else []
        common = dict(
            ref=ref,
            project=pid,
            item=iid,
            table=table,
            title=item.title or iid,
            actions=WORK_ACTIONS,
            owner=item.owner,
            due=item.due,
            findings=tuple(about.get(ref, ())),
        )
        if item.due is not None and item.due < today:
            parts, rid = note_carried(iid, [distance(item.due, today), *extra])
            kind: AgendaKind = "overdue"
            key: _SortKey = (item.due, n)
        elif item.due is not None and item.due <= soon:
            due = Msg(
                key="agenda.why.due", args={"distance": distance(item.due, today), "day": short_date(item.due, today)}
            )
            parts, rid = note_carried(iid, [due, *extra])
            kind, key = "due-soon", (item.due, n)
        elif waiting and (item.start is None or item.start <= today):
            parts = [_waiting_text(ws, p, item, nudged.get(iid), today)]
            if item.due is not None:
                parts.append(Msg(key="agenda.why.due_on", args={"day": short_date(item.due, today)}))
            parts, rid = note_carried(iid, parts)
            kind, key = "waiting", (item.start or today, n)
        else:
            continue
        parts += [stake.pop(iid)] if iid in stake else []
        add(
            kind,
            key,
            AgendaItem(kind=kind, why=english(parts), reasons=tuple(parts), carried_from=rid, **common),
        )

    # 5. risks and drills: triggered first, then the highest score
    for n, (rid, risk) in enumerate(p.risks.items()):
        if risk.status == "closed":
            continue
        drill = drill_status(risk, today)
        drill_late = drill.state in ("overdue", "never") and p.status in LIVE
        score = risk.score
        high = risk.status == "triggered" or score >= HIGH_RISK_SCORE
        if not high and not drill_late:
            continue
        parts = []
        if risk.status == "triggered":
            done = sum(1 for s in risk.steps.values() if s.done)
            plan = (
                Msg(key="agenda.why.steps_done", args={"done": done, "total": len(risk.steps)})
                if risk.steps
                else Msg(key="health.no_steps")
            )
            if risk.triggered_on:
                parts.append(Msg(key="agenda.why.triggered_on", args={"on": risk.triggered_on, "plan": plan}))
            else:
                parts.append(Msg(key="agenda.why.triggered", args={"plan": plan}))
        elif high:
            status = Msg(key=f"agenda.risk.{risk.status}")
            parts.append(
                Msg(
                    key="agenda.why.high_risk",
                    args={"score": score, "probability": risk.probability, "impact": risk.impact, "status": status},
                )
            )
        if drill_late:
            if drill.state == "overdue":
                parts.append(Msg(key="agenda.why.drill_overdue", args={"days": days_msg(drill.days or 0)}))
            else:
                parts.append(Msg(key="agenda.why.drill_never"))
        ref = f"{pid}/{rid}"
        kind = "risk" if high else "drill"
        add(
            kind,
            (0 if risk.status == "triggered" else 1, -score, n),
            AgendaItem(
                kind=kind,
                ref=ref,
                project=pid,
                item=rid,
                table="risks",
                title=risk.title or rid,
                why=english(parts),
                reasons=tuple(parts),
                actions=TALK_ACTIONS if high and not drill_late else DRILL_ACTIONS,
                owner=risk.owner,
                due=drill.next if drill_late else None,
                findings=tuple(about.get(ref, ())),
            ),
        )

    # 6. change requests waiting for a decision
    for n, (cid, change) in enumerate(p.changes.items()):
        if change.status != "proposed":
            continue
        moves: list[Msg] = []
        for move in moves_of(p, change):
            margs: dict[str, object] = {"item": move.item_id, "to": move.to}
            mkey = "agenda.why.move"
            if move.from_date:
                mkey += "_from"
                margs["was"] = move.from_date
            if move.shift is not None:
                mkey += "_shift"
                margs["shift"] = f"{move.shift:+d}"
            moves.append(Msg(key=mkey, args=margs))
        who = ws.people[change.requested_by].name if change.requested_by in ws.people else change.requested_by
        wargs: dict[str, object] = {"who": who} if who else {}
        wkey = "agenda.why.requested_by" if who else "agenda.why.proposed"
        if change.requested_on:
            wkey += "_on"
            wargs["day"] = short_date(change.requested_on, today)
        reason = Msg(key=wkey, args=wargs)
        if moves:
            reason = Msg(key="agenda.why.with_moves", args={"what": reason, "moves": moves})
        ref = f"{pid}/{cid}"
        add(
            "change",
            (change.requested_on or dt.date.min, n),
            AgendaItem(
                kind="change",
                ref=ref,
                project=pid,
                item=cid,
                table="changes",
                title=change.summary or cid,
                why=english([reason]),
                reasons=(reason,),
                actions=TALK_ACTIONS,
                owner=change.requested_by,
                findings=tuple(about.get(ref, ())),
            ),
        )

    # 7. goals off track
    for n, (gid, goal) in enumerate(p.goals.items()):
        off = off_track(goal, p, today)
        if off is None:
            continue
        gap, reason = off
        ref = f"{pid}/{gid}"
        add(
            "goal",
            (-gap, n),
            AgendaItem(
                kind="goal",
                ref=ref,
                project=pid,
                item=gid,
                table="goals",
                title=goal.title or gid,
                why=english([reason]),
                reasons=(reason,),
                actions=TALK_ACTIONS,
                owner=goal.owner,
                due=goal.due,
                findings=tuple(about.get(ref, ())),
            ),
        )

    # 8. action items of earlier reviews not listed yet
    for n, (tid, (review_id, held)) in enumerate(carried.items()):
        ref = f"{pid}/{tid}"
        if ref in seen:
            continue
        task = p.tasks[tid]
        aargs: dict[str, object] = {"day": short_date(held, today), "status": Msg(key=f"agenda.status.{task.status}")}
        if task.due is not None:
            aargs["due"] = short_date(task.due, today)
        reason = Msg(key="agenda.why.open_action_due" if task.due is not None else "agenda.why.open_action", args=aargs)
        add(
            "action",
            (held, n),
            AgendaItem(
                kind="action",
                ref=ref,
                project=pid,
                item=tid,
                table="tasks",
                title=task.title or tid,
                why=english([reason]),
                reasons=(reason,),
                actions=WORK_ACTIONS,
                owner=task.owner,
                due=task.due,
                carried_from=review_id,
                findings=tuple(about.get(ref, ())),
            ),
        )

    # support past its target, incentives at stake not listed above (review/agenda_care.py)
    for t in care.project_topics(ws, pid, today, stake):
        add(t.kind, t.key, _topic_item(t, about))
    return rows
