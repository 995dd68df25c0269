"""The review agenda's client-care topics: support past its target, incentives at stake, surveys due.

    stake = incentive_reasons(ws, "acme-crm", today)   # milestone id -> why: added to its item, else a topic
    topics = project_topics(ws, "acme-crm", today, stake)
    topics += survey_topics(ws, ["acme-crm"], today)
    # review/agenda.build makes each Topic an AgendaItem in its section

``support``    the project's open support requests past the target they wait
               on, judged at the end of today's working day (views/support,
               as SUP001/SUP002 and the health summary), most hours past
               first. The client raised them and waits: the client's agenda
               has them.
``incentive``  incentives at stake on open milestones (views/incentives.at_stake,
               as the health summary). A milestone already on the agenda
               (overdue, due soon, waiting) gets the reason on its own item;
               the others are listed here, as milestone items. The incentive
               was agreed with the client: the client's agenda has them.
``survey``     a satisfaction survey due (rules/surveys.due_surveys): the
               client's periodic one, once per client, and a close-out one
               of a project on the agenda. A nudge to us: ref "surveys/<client>"
               ("surveys/<project>" for a close-out), item the client (the
               project), as improvements/<id>; the minutes write the ref as
               the outcome's item, and the client's agenda and minutes leave them
               out (review/documents.py).

Every topic is talked about: its outcomes are noted, action or skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from msgspec import Struct

from workspace_schema.core.catalogue import Msg, distance
from workspace_schema.core.catalogue import days as days_msg
from workspace_schema.core.records import Workspace
from workspace_schema.core.work_hours import WorkCalendar, end_of_day
from workspace_schema.rules.surveys import due_surveys
from workspace_schema.views.incentives import at_stake
from workspace_schema.views.nudges import short_date
from workspace_schema.views.support import project_states

__all__ = ["CareKind", "Topic", "incentive_reasons", "project_topics", "survey_topics"]

CareKind = Literal["support", "incentive", "survey"]


class Topic(Struct, frozen=True, kw_only=True):
    """One agenda row of these sections, before review/agenda.py makes it an AgendaItem."""

    kind: CareKind
    ref: str
    project: str
    item: str
    table: str  # "support", "milestones" or "surveys"
    title: str
    reasons: tuple[Msg, ...]
    owner: str | None = None
    due: dt.date | None = None
    key: tuple[float | dt.date, ...]  # the order within the section


def incentive_reasons(ws: Workspace, project_id: str, today: dt.date) -> dict[str, Msg]:
    """Milestone id -> why its incentive is at stake, for the project's open milestones."""
    out: dict[str, Msg] = {}
    for row in at_stake(ws, project_id, today):
        if row.deadline is None:
            continue
        args: dict[str, object] = {"reward": row.reward, "by": short_date(row.deadline, today)}
        if row.state == "at_risk":
            key = "agenda.why.incentive_at_risk"
        else:
            key = "agenda.why.incentive_missed" if row.state == "missed" else "agenda.why.incentive_soon"
            args["distance"] = distance(row.deadline, today)
        out[row.milestone_id] = Msg(key=key, args=args)
    return out


def project_topics(ws: Workspace, project_id: str, today: dt.date, stake: dict[str, Msg]) -> list[Topic]:
    """The project's support requests past their target, and its incentives at stake in ``stake`` (those whose
    milestone is not on the agenda otherwise)."""
    p = ws.projects[project_id]
    topics: list[Topic] = []
    now = end_of_day(WorkCalendar.of(ws.settings), today)
    for n, state in enumerate(project_states(ws, project_id, now) if p.support else ()):
        if not state.overdue or state.due_by is None:
            continue
        request = state.request
        what = "response" if state.status == "open" else "resolution"
        why = Msg(
            key=f"agenda.why.support_{what}",
            args={
                "severity": Msg(key=f"report.support.severity.{request.severity}"),
                "due": f"{short_date(state.due_by.date(), today)} {state.due_by:%H:%M}",
            },
        )
        topics.append(
            Topic(
                kind="support",
                ref=state.ref,
                project=project_id,
                item=state.id,
                table="support",
                title=request.title or state.id,
                reasons=(why,),
                owner=request.owner,
                key=(state.left or 0.0, n),
            )
        )
    for n, (mid, why) in enumerate(stake.items()):
        m = p.milestones[mid]
        topics.append(
            Topic(
                kind="incentive",
                ref=f"{project_id}/{mid}",
                project=project_id,
                item=mid,
                table="milestones",
                title=m.title or mid,
                reasons=(why,),
                owner=m.owner,
                due=m.due,
                key=(m.due or dt.date.max, n),
            )
        )
    return topics


def survey_topics(ws: Workspace, project_ids: Iterable[str], today: dt.date) -> list[Topic]:
    """Surveys due to the clients of ``project_ids``: a periodic one per client, close-outs of those projects."""
    pids = list(project_ids)
    clients = {ws.projects[pid].client: pid for pid in reversed(pids)}  # a client's first project on the agenda
    topics: list[Topic] = []
    for n, due in enumerate(due_surveys(ws, today)):
        client = ws.clients.get(due.client)
        if due.kind == "close-out" and due.project in pids:
            pid, ref, iid = due.project, f"surveys/{due.project}", due.project
            title = ws.projects[pid].title or pid
            why = Msg(key="agenda.why.close_out_survey", args={"day": short_date(due.since, today)})
        elif due.kind == "periodic" and due.client in clients:
            pid, ref, iid = clients[due.client], f"surveys/{due.client}", due.client
            title = (client.name if client is not None else None) or due.client
            every = ws.clients[due.client].survey_every or 0
            why = Msg(
                key="agenda.why.survey_due",
                args={"day": short_date(due.since, today), "every": days_msg(every), "late": days_msg(due.days_over)},
            )
        else:
            continue
        topics.append(
            Topic(
                kind="survey",
                ref=ref,
                project=pid,
                item=iid,
                table="surveys",
                title=title,
                reasons=(why,),
                owner=client.account_owner if client is not None else None,
                key=(-due.days_over, n),
            )
        )
    return topics
