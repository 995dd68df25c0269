"""The progress report of a project: plain data, for the client or for the team, then Markdown or HTML.

    from workspace_schema.export import report, report_html, report_markdown
    r = report.build(ws, "acme-crm", today, history=index)   # the client's copy; audience="team" for ours
    text = report_markdown.to_markdown(r)                    # GitHub/GitLab-flavoured Markdown
    page = report_html.to_html(r)                            # one standalone page with its pictures, prints on A4

The same ``build`` serves ``ducu report`` and the app's report key, so both
say the same. Every sentence comes from the message catalogue in the
client's language (clients.toml ``language``), the status reasons included.

What the client's copy shows, and what stays with the team (docs/client-view.md):

- status: the colour and the reasons the client may read (dates, late and
  slipped items); reasons about check-ins, satisfaction, risks and findings
  are the team's, and the client's colour is the worst of the reasons shown;
- slips: every item finished after its agreed date (``baseline_due``, else
  ``due``), every open item now planned after it, every open item overdue,
  each with the agreed date, the date now and the approved change that
  covers it; "no slips" only when there are none of these. How many times
  a date moved is internal churn: the team's copy counts it (the same count
  as ``ducu history``: one per real change of ``due``);
- change requests waiting for a decision, and approved ones with the dates
  they moved from and to (``moved_from``) and their impact;
- goals with measure, start, now, target and progress;
- risks: only those marked ``shared`` (the team's copy: every open risk);
- satisfaction: each score once (a feedback log entry on the day of a
  review with the same score is that review's score);
- the client's survey trends, the project's open support requests and its
  trainings (report_care.py; a survey due is the team's);
- nothing marked ``internal`` (tasks, log entries, change requests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from msgspec import Struct

from workspace_schema.core.catalogue import Language, language_of, render, say
from workspace_schema.core.periods import period_of
from workspace_schema.core.records import OPEN_ITEM_STATUSES, ChangeRequest, Goal, Milestone, Project, Task, Workspace
from workspace_schema.export.charts.goals import goal_bar_svg, progress
from workspace_schema.export.charts.timeline import timeline_svg
from workspace_schema.export.charts.trend import trend_svg
from workspace_schema.export.report_care import SupportSection, SurveySection, TrainingSection, care_sections
from workspace_schema.export.scorecard_words import scorecard_lines
from workspace_schema.history.slips import due_moves, mta
from workspace_schema.views.change_list import moves_of
from workspace_schema.views.health import Reason, summarize
from workspace_schema.views.nudges import ItemKind, is_client_item
from workspace_schema.views.satisfaction import SatisfactionPoint, satisfaction_points
from workspace_schema.views.scorecard import scorecard

if TYPE_CHECKING:
    from workspace_schema.history.trail import HistoryIndex

__all__ = [
    "NEXT_MILESTONES",
    "SINCE_DAYS",
    "Audience",
    "ChangeLine",
    "GoalLine",
    "MoveLine",
    "Report",
    "ReportItem",
    "RiskLine",
    "Slip",
    "build",
    "default_since",
]

SINCE_DAYS = 14  # the default period without an earlier review
NEXT_MILESTONES = 3

Audience = Literal["client", "team"]


class ReportItem(Struct, frozen=True, kw_only=True):
    id: str
    kind: ItemKind
    title: str
    owner_name: str | None
    status: str
    due: dt.date | None
    done_on: dt.date | None = None
    late_days: int = 0  # > 0 when open and past due
    needed: str | None = None  # done_criteria
    accepted: str | None = None  # "accepted by Dana on 2026-11-30", in the report's language


class Slip(Struct, frozen=True, kw_only=True):
    """An item that is not on its agreed date: finished late, planned later, or overdue."""

    id: str
    title: str
    state: Literal["done", "open", "overdue"]
    agreed: dt.date  # baseline_due, else due
    now: dt.date  # done: done_on; open and overdue: the due date now
    days: int  # done / open: now - agreed; overdue: today - agreed
    change: str | None  # the approved change that covers the new date (its summary)
    moves: int | None = None  # the team's copy: changes of its due in the history


class MoveLine(Struct, frozen=True, kw_only=True):
    title: str
    from_date: dt.date | None
    to: dt.date
    days: int | None


class ChangeLine(Struct, frozen=True, kw_only=True):
    id: str
    summary: str
    reason: str | None
    status: str
    requested_by: str | None  # a name
    requested_on: dt.date | None
    decided_on: dt.date | None
    moves: list[MoveLine]
    days: int  # the largest move, in days (the change's impact on the plan)


class GoalLine(Struct, frozen=True, kw_only=True):
    id: str
    title: str
    metric: str | None
    unit: str | None
    start: float | None
    current: float | None
    target: float | None
    progress: float | None  # (current - start) / (target - start), not clamped; None without the numbers
    bar_svg: str


class RiskLine(Struct, frozen=True, kw_only=True):
    id: str
    title: str
    response: str  # avoid | mitigate | transfer | accept
    status: str  # watching | triggered


class Report(Struct, frozen=True, kw_only=True):
    project_id: str
    title: str
    audience: Audience
    client_name: str | None
    language: Language
    today: dt.date
    since: dt.date
    lead: str | None  # the project owner's name
    project_due: dt.date | None
    finished_on: dt.date | None  # a done project: the day its last milestone or task was done
    agreed_due: dt.date | None  # the latest agreed date of its milestones (baseline_due), else the project's due
    health: str
    reasons: list[str]  # in the report's language
    progress: float
    done_items: int
    total_items: int
    done: list[ReportItem]
    next: list[ReportItem]
    client_needs: list[ReportItem]
    slips: list[Slip]
    pending: list[ChangeLine]
    changes: list[ChangeLine]  # approved
    goals: list[GoalLine]
    risks: list[RiskLine]
    satisfaction: list[SatisfactionPoint]
    timeline_svg: str
    trend_svg: str | None  # None without history
    workspace_name: str = ""
    scorecard_title: str = ""  # "Scorecard: Acme Logistics", in the report's language; "" without a client
    scorecard_period: str = ""
    # the client's own scorecard this quarter, (label, value) lines; the client's copy has no evaluations
    scorecard: list[tuple[str, str]] = []
    # the client's survey trends, the project's open support requests and its trainings (report_care.py)
    surveys: SurveySection | None = None
    support: SupportSection | None = None
    training: TrainingSection | None = None

    def say(self, key: str, /, **args: Any) -> str:
        """A sentence of the catalogue in the report's language."""
        return say(self.language, key, **args)


def default_since(ws: Workspace, project_id: str, today: dt.date) -> dt.date:
    """The latest review of the project held before today, else SINCE_DAYS days ago."""
    held = [
        r.held_on
        for r in ws.reviews.values()
        if r.project == project_id and r.held_on is not None and r.held_on < today
    ]
    return max(held) if held else today - dt.timedelta(days=SINCE_DAYS)


def build(
    ws: Workspace,
    project_id: str,
    today: dt.date,
    since: dt.date | None = None,
    history: HistoryIndex | None = None,
    *,
    audience: Audience = "client",
) -> Report:
    """The report of ``project_id`` as of ``today``; KeyError if there is no such project.

    ``history`` (the workspace's history index) adds the trend chart and, in
    the team's copy, how many times each slipped date moved.
    """
    p = ws.projects[project_id]
    team = audience == "team"
    since = since or default_since(ws, project_id, today)
    summary = summarize(ws, project_id, today)
    language = language_of(ws, p)
    client = ws.clients.get(p.client or "")

    def name(handle: str | None) -> str | None:
        if not handle:
            return None
        person = ws.people.get(handle)
        return (person.name or handle) if person is not None else handle

    def shown(item: Milestone | Task) -> bool:
        return team or not getattr(item, "internal", False)

    def item_of(iid: str, item: Milestone | Task, kind: ItemKind) -> ReportItem:
        late = (today - item.due).days if item.due and item.due < today and item.status in OPEN_ITEM_STATUSES else 0
        accepted = None
        if isinstance(item, Milestone) and item.accepted_on is not None:
            who = name(item.accepted_by) or "?"
            accepted = say(language, "report.accepted", name=who, day=item.accepted_on)
        return ReportItem(
            id=iid,
            kind=kind,
            title=item.title or iid,
            owner_name=name(item.owner),
            status=item.status,
            due=item.due,
            done_on=item.done_on,
            late_days=late,
            needed=item.done_criteria if isinstance(item, Milestone) else None,
            accepted=accepted,
        )

    done = [
        item_of(mid, m, "milestone")
        for mid, m in p.milestones.items()
        if m.status == "done" and m.done_on is not None and since <= m.done_on <= today
    ]
    done.sort(key=lambda r: (r.done_on or dt.date.min, r.id))
    upcoming = sorted(
        (
            (m.due, n, mid, m)
            for n, (mid, m) in enumerate(p.milestones.items())
            if m.status in OPEN_ITEM_STATUSES and m.due
        ),
        key=lambda t: (t[0], t[1]),
    )
    nxt = [item_of(mid, m, "milestone") for _due, _n, mid, m in upcoming[:NEXT_MILESTONES]]
    needs = []
    tables: tuple[tuple[Mapping[str, Milestone | Task], ItemKind], ...] = (
        (p.milestones, "milestone"),
        (p.tasks, "task"),
    )
    for table, kind in tables:
        for iid, item in table.items():
            if item.status in OPEN_ITEM_STATUSES and is_client_item(ws, item) and shown(item):
                needs.append(item_of(iid, item, kind))
    needs.sort(key=lambda r: (r.due or dt.date.max, r.id))

    reasons: list[Reason] = [r for r in summary.reasons if team or r.client]
    health = summary.health
    if not team and health in ("red", "amber"):
        health = "red" if any(r.red for r in reasons) else "amber" if reasons else "green"
        reasons = reasons or [Reason(key="health.on_track" if p.milestones else "health.on_track_empty", client=True)]

    changes = [c for c in p.changes.items() if team or not c[1].internal]
    trend = None
    if history is not None:
        trend = trend_svg(
            mta(history, ws, project_id), {mid: m.title or mid for mid, m in p.milestones.items()}, today, language
        )
    return Report(
        project_id=project_id,
        title=p.title or project_id,
        audience=audience,
        client_name=(client.name or p.client) if client else p.client,
        language=language,
        today=today,
        since=since,
        lead=name(p.owner),
        project_due=p.due,
        finished_on=_finished_on(p) if p.status == "done" else None,
        agreed_due=max((m.baseline_due for m in p.milestones.values() if m.baseline_due), default=p.due),
        health=health,
        reasons=[render(r, language) for r in reasons],
        progress=summary.progress,
        done_items=summary.done_items,
        total_items=summary.total_items,
        done=done,
        next=nxt,
        client_needs=needs,
        slips=_slips(p, project_id, today, history if team else None, shown),
        pending=[_change_line(p, cid, c, name) for cid, c in changes if c.status == "proposed"],
        changes=sorted(
            (_change_line(p, cid, c, name) for cid, c in changes if c.status == "approved" and c.moves),
            key=lambda c: (c.decided_on or dt.date.min, c.id),
        ),
        goals=[_goal_line(gid, g, language) for gid, g in p.goals.items()],
        risks=[
            RiskLine(
                id=rid,
                title=r.title or rid,
                response=r.response,
                status=r.status,
            )
            for rid, r in sorted(p.risks.items(), key=lambda kv: kv[1].status != "triggered")
            if r.status != "closed" and (team or r.shared)
        ],
        satisfaction=satisfaction_points(ws, project_id, today, include_internal=team),
        timeline_svg=timeline_svg(ws, project_id, today, language, client_view=not team),
        trend_svg=trend,
        workspace_name=ws.settings.name,
        **_scorecard(ws, p.client, today, language, team),
        **care_sections(ws, project_id, today, since, language, team=team),
    )


def _scorecard(ws: Workspace, client: str | None, today: dt.date, language: Language, team: bool) -> dict[str, Any]:
    """The project's client's own scorecard over the quarter holding today: nothing about other clients or people."""
    if not client or client not in ws.clients:
        return {}
    card = scorecard(ws, "client", client, period_of(today), today)
    return {
        "scorecard_title": say(language, "scorecard.title", name=card.name),
        "scorecard_period": say(language, "scorecard.period", period=card.period, start=card.start, end=card.end),
        "scorecard": scorecard_lines(card, language, for_client=not team),
    }


def _finished_on(p: Project) -> dt.date | None:
    days = [i.done_on for t in (p.milestones, p.tasks) for i in t.values() if i.status == "done" and i.done_on]
    return max(days, default=None)


def _slips(
    p: Project, pid: str, today: dt.date, history: HistoryIndex | None, shown: Callable[[Milestone | Task], bool]
) -> list[Slip]:
    covered: dict[str, tuple[dt.date, str]] = {}  # item -> (latest approved date, change summary)
    for cid, change in p.changes.items():
        if change.status == "approved":
            for iid, to in change.moves.items():
                if iid not in covered or to > covered[iid][0]:
                    covered[iid] = (to, change.summary or cid)
    out = []
    for table in (p.milestones, p.tasks):
        for iid, item in table.items():
            if not shown(item):
                continue
            agreed = item.baseline_due or item.due
            if agreed is None:
                continue
            state: Literal["done", "open", "overdue"]
            if item.status == "done":
                if item.done_on is None or item.done_on <= agreed:
                    continue
                state, now, days = "done", item.done_on, (item.done_on - agreed).days
            elif item.status in OPEN_ITEM_STATUSES and item.due is not None:
                now = item.due
                if now < today:
                    state, days = "overdue", (today - agreed).days
                elif now > agreed:
                    state, days = "open", (now - agreed).days
                else:
                    continue
            else:
                continue
            cover = covered.get(iid)
            out.append(
                Slip(
                    id=iid,
                    title=item.title or iid,
                    state=state,
                    agreed=agreed,
                    now=now,
                    days=days,
                    change=cover[1] if cover is not None and cover[0] >= now else None,
                    moves=len(due_moves(history, f"{pid}/{iid}")) if history is not None else None,
                )
            )
    out.sort(key=lambda s: (-s.days, s.id))
    return out


def _change_line(p: Project, cid: str, change: ChangeRequest, name: Callable[[str | None], str | None]) -> ChangeLine:
    moves = [
        MoveLine(title=m.title or m.item_id, from_date=m.from_date, to=m.to, days=m.shift) for m in moves_of(p, change)
    ]
    return ChangeLine(
        id=cid,
        summary=change.summary or cid,
        reason=change.reason,
        status=change.status,
        requested_by=name(change.requested_by),
        requested_on=change.requested_on,
        decided_on=change.decided_on,
        moves=moves,
        days=max((m.days for m in moves if m.days is not None), default=0),
    )


def _goal_line(gid: str, g: Goal, language: Language) -> GoalLine:
    return GoalLine(
        id=gid,
        title=g.title or gid,
        metric=g.metric,
        unit=g.unit,
        start=g.start_value,
        current=g.current,
        target=g.target,
        progress=progress(g),
        bar_svg=goal_bar_svg(g, language),
    )
