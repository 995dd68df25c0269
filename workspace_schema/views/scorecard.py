"""Scorecards: how a client or a person kept their side of the plan over a period.

    period = parse_period("2026-Q4")
    cards = scorecards(ws, "client", period, today)       # one Scorecard per client
    card = scorecard(ws, "person", "bkim", period, today)

Whose items: a client's are the items of its projects where the client must
act (Workspace.is_client_item); a person's are the items they own.

- delivered: items done in the period. On time: done_on on or before the
  agreed date (baseline_due, else due). ``late_open``: items still open
  whose agreed date fell in the period before today; they count as not on
  time, so a client who delivers nothing does not score 100%.
  ``on_time_rate`` = on time / (delivered + late_open).
- slip: for each delivered item, done_on minus its agreed date, in calendar
  days and in working days (weekends and the workspace's holidays skipped),
  0 when early; the mean over delivered items.
- nudges: log entries of kind "nudge" naming a delivered item, on or before
  its done_on; the mean per delivered item.
- response to nudges: for each nudge in the period on one of the items, the
  days to the first answer on or after it: a log entry naming the item by
  its owner (not a nudge), a log entry of kind "update" naming it, or the
  item's done_on. Nudges not answered yet are counted in
  ``unanswered_nudges``, not in the mean.
- support: requests opened in the period (a client's: in its projects; a
  person's: those they own), the mean working hours to respond
  (views.support: the workspace's working day and holidays).
- RACI load: open items of live projects, as of today, a person is
  accountable and responsible for (a client: its people together).
- surveys: the surveys answered in the period (a client's: of its projects;
  a person's: of the projects they lead), mean per dimension and NPS; plus
  the mean of the review and feedback satisfaction scores of the period.
- incentives: of the milestones counted (client: its projects'; person:
  those they own), by state, dated by when they were evaluated, else their
  deadline, else done_on, in the period.
- evaluations: what was recorded in evaluations.toml for the subject and the
  period's spelling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from msgspec import Struct

from workspace_schema.core.dates import working_days_between
from workspace_schema.core.periods import Period
from workspace_schema.core.records import (
    OPEN_ITEM_STATUSES,
    SURVEY_DIMENSIONS,
    Evaluation,
    LogEntry,
    Milestone,
    Project,
    Survey,
    Task,
    Workspace,
)
from workspace_schema.core.sla import request_state
from workspace_schema.views.incentives import incentive_rows
from workspace_schema.views.raci import load_index
from workspace_schema.views.satisfaction import satisfaction_points

__all__ = ["Scorecard", "SubjectKind", "scorecard", "scorecards", "subjects"]

SubjectKind = Literal["client", "person"]
Item = Milestone | Task


class Scorecard(Struct, frozen=True, kw_only=True):
    subject: str
    kind: SubjectKind
    name: str
    period: str
    start: dt.date
    end: dt.date
    delivered: int = 0
    on_time: int = 0
    late_open: int = 0
    on_time_rate: float | None = None  # 0..1; None with nothing to count
    mean_slip_days: float | None = None
    mean_slip_working_days: float | None = None
    nudges: int = 0  # before delivery, on the items delivered
    nudges_per_delivery: float | None = None
    nudge_response_days: float | None = None
    unanswered_nudges: int = 0
    support_requests: int = 0
    support_response_hours: float | None = None  # working hours
    accountable: int = 0
    responsible: int = 0
    surveys: int = 0
    survey_scores: dict[str, float] = {}  # by dimension, the ones answered
    nps: float | None = None
    satisfaction: float | None = None  # reviews and feedback entries, 1..5
    incentives_earned: int = 0
    incentives_missed: int = 0
    incentives_at_risk: int = 0
    evaluations: list[Evaluation] = []


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _agreed(item: Item) -> dt.date | None:
    return item.baseline_due or item.due


def subjects(ws: Workspace, kind: SubjectKind) -> list[str]:
    """Clients with projects, in clients.toml's order; people who own an item or hold R or A, by org then handle."""
    if kind == "client":
        used = {p.client for p in ws.projects.values()}
        return [cid for cid in ws.clients if cid in used]
    owners = {item.owner for p in ws.projects.values() for item in _items(p) if item.owner}
    owners |= set(load_index(ws))
    team = ws.settings.team
    return sorted((h for h in owners if h in ws.people), key=lambda h: (ws.people[h].org != team, ws.people[h].org, h))


def _items(project: Project) -> Iterable[Item]:
    yield from project.milestones.values()
    yield from project.tasks.values()


def _subject_items(ws: Workspace, kind: SubjectKind, subject: str) -> list[tuple[str, str, Item]]:
    """(project id, item id, item) of the items the subject must deliver."""
    out: list[tuple[str, str, Item]] = []
    for pid, p in ws.projects.items():
        if kind == "client" and p.client != subject:
            continue
        for table in (p.milestones, p.tasks):
            for iid, item in table.items():
                mine = ws.is_client_item(item) if kind == "client" else item.owner == subject
                if mine:
                    out.append((pid, iid, item))
    return out


def _answer(
    log: Iterable[LogEntry], iid: str, owner: str | None, after: dt.date, done_on: dt.date | None
) -> dt.date | None:
    """The first answer to a nudge on ``iid`` made on ``after`` (see the module docstring)."""
    days = [
        e.on
        for e in log
        if e.on is not None
        and e.on >= after
        and iid in e.items
        and e.kind != "nudge"
        and ((owner is not None and e.by == owner) or e.kind == "update")
    ]
    if done_on is not None and done_on >= after:
        days.append(done_on)
    return min(days, default=None)


def scorecard(ws: Workspace, kind: SubjectKind, subject: str, period: Period, today: dt.date) -> Scorecard:
    """The subject's scorecard over ``period`` as of ``today``."""
    holidays = ws.settings.holidays
    items = _subject_items(ws, kind, subject)
    delivered = [(pid, iid, it) for pid, iid, it in items if it.status == "done" and period.contains(it.done_on)]
    on_time = 0
    slips: list[float] = []
    work_slips: list[float] = []
    nudges = 0
    for pid, iid, it in delivered:
        agreed, done_on = _agreed(it), it.done_on
        assert done_on is not None
        if agreed is None or done_on <= agreed:
            on_time += 1
        slips.append(max((done_on - agreed).days, 0) if agreed else 0)
        work_slips.append(max(working_days_between(agreed, done_on, holidays), 0) if agreed else 0)
        nudges += sum(
            1
            for e in ws.projects[pid].log.values()
            if e.kind == "nudge" and iid in e.items and e.on is not None and e.on <= done_on
        )
    late_open = sum(
        1
        for _, _, it in items
        if it.status in OPEN_ITEM_STATUSES
        and (agreed := _agreed(it)) is not None
        and period.contains(agreed)
        and agreed < today
    )
    counted = len(delivered) + late_open
    responses, unanswered = _nudge_responses(ws, items, period)
    support_requests, support_hours = _support(ws, kind, subject, period, today)
    accountable, responsible = _raci(ws, kind, subject)
    answered = [
        s for s in ws.surveys.values() if s.project in _led(ws, kind, subject) and period.contains(s.answered_on)
    ]
    incentives = _incentives(ws, kind, subject, period, today)
    return Scorecard(
        subject=subject,
        kind=kind,
        name=_name(ws, kind, subject),
        period=period.text,
        start=period.start,
        end=period.end,
        delivered=len(delivered),
        on_time=on_time,
        late_open=late_open,
        on_time_rate=on_time / counted if counted else None,
        mean_slip_days=_mean(slips),
        mean_slip_working_days=_mean(work_slips),
        nudges=nudges,
        nudges_per_delivery=nudges / len(delivered) if delivered else None,
        nudge_response_days=_mean(responses),
        unanswered_nudges=unanswered,
        support_requests=support_requests,
        support_response_hours=support_hours,
        accountable=accountable,
        responsible=responsible,
        surveys=len(answered),
        survey_scores=_dimension_means(answered),
        nps=_mean([float(s.nps) for s in answered if s.nps is not None]),
        satisfaction=_satisfaction(ws, kind, subject, period, today),
        incentives_earned=incentives["earned"],
        incentives_missed=incentives["missed"],
        incentives_at_risk=incentives["at_risk"],
        evaluations=[e for e in ws.evaluations.values() if e.subject == subject and e.period == period.text],
    )


def scorecards(ws: Workspace, kind: SubjectKind, period: Period, today: dt.date) -> list[Scorecard]:
    return [scorecard(ws, kind, s, period, today) for s in subjects(ws, kind)]


def _name(ws: Workspace, kind: SubjectKind, subject: str) -> str:
    if kind == "client":
        client = ws.clients.get(subject)
        return client.name if client and client.name else subject
    person = ws.people.get(subject)
    return person.name if person and person.name else subject


def _nudge_responses(ws: Workspace, items: list[tuple[str, str, Item]], period: Period) -> tuple[list[float], int]:
    responses: list[float] = []
    unanswered = 0
    for pid, iid, it in items:
        log = ws.projects[pid].log.values()
        for e in log:
            if e.kind != "nudge" or iid not in e.items or not period.contains(e.on):
                continue
            assert e.on is not None
            answer = _answer(log, iid, it.owner, e.on, it.done_on if it.status == "done" else None)
            if answer is None:
                unanswered += 1
            else:
                responses.append((answer - e.on).days)
    return responses, unanswered


def _support(
    ws: Workspace, kind: SubjectKind, subject: str, period: Period, today: dt.date
) -> tuple[int, float | None]:
    now = dt.datetime.combine(min(today, period.end), dt.time(23, 59))
    hours: list[float] = []
    count = 0
    for pid, p in ws.projects.items():
        if kind == "client" and p.client != subject:
            continue
        for rid, r in p.support.items():
            if kind == "person" and r.owner != subject:
                continue
            if r.opened is None or not period.contains(r.opened.date()):
                continue
            count += 1
            state = request_state(ws.settings, pid, rid, r, now)
            if state.response_hours is not None:
                hours.append(state.response_hours)
    return count, _mean(hours)


def _raci(ws: Workspace, kind: SubjectKind, subject: str) -> tuple[int, int]:
    handles = [h for h, p in ws.people.items() if p.org == subject] if kind == "client" else [subject]
    accountable = responsible = 0
    for handle in handles:
        for load in load_index(ws, only=handle).get(handle, []):
            if load.open:
                accountable += "A" in load.letters
                responsible += "R" in load.letters
    return accountable, responsible


def _led(ws: Workspace, kind: SubjectKind, subject: str) -> list[str]:
    """The projects whose surveys count: a client's, or those a person leads."""
    return [pid for pid, p in ws.projects.items() if (p.client if kind == "client" else p.owner) == subject]


def _dimension_means(answered: list[Survey]) -> dict[str, float]:
    scores: dict[str, float] = {}
    for dim in SURVEY_DIMENSIONS:
        mean = _mean([float(v) for s in answered if (v := s.scores().get(dim)) is not None])
        if mean is not None:
            scores[dim] = mean
    return scores


def _satisfaction(ws: Workspace, kind: SubjectKind, subject: str, period: Period, today: dt.date) -> float | None:
    """The mean of the review and feedback scores of the period (views.satisfaction)."""
    led = _led(ws, kind, subject)
    return _mean(
        [float(pt.score) for pid in led for pt in satisfaction_points(ws, pid, today) if period.contains(pt.on)]
    )


def _incentives(ws: Workspace, kind: SubjectKind, subject: str, period: Period, today: dt.date) -> dict[str, int]:
    counts = {"earned": 0, "missed": 0, "at_risk": 0}
    for row in incentive_rows(ws, today):
        project = ws.projects[row.project_id]
        m = project.milestones[row.milestone_id]
        if (row.client != subject) if kind == "client" else (m.owner != subject):
            continue
        when = row.evaluated_on or row.deadline or m.done_on
        state = row.state if row.earned is None or row.evaluated_on is None else "earned" if row.earned else "missed"
        if state in counts and period.contains(when):
            counts[state] += 1
    return counts
