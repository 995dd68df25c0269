"""The progress report's sections about caring for the client: satisfaction surveys, support requests, training.

    sections = care_sections(ws, "greenleaf-intranet", today, since, "en", team=False)
    sections["surveys"], sections["support"], sections["training"]   # each None when there is nothing to say

Plain data for report.build (the writers are report_markdown.py and
report_html.py, their shared phrases report_care_words.py). Each section is
there only with data:

- surveys: once the project's client answered a survey (any of its
  projects), or, in the team's copy, when one is due. Each dimension's scores
  over time (views/surveys.scores; "overall" adds the review and feedback
  scores, the client's copy without internal ones), the last and the mean,
  the answers to "would you recommend us" (0..10) and the Net Promoter
  Score (promoters 9-10 minus detractors 0-6, in percent of the answers).
  A survey due (rules/surveys.due_surveys) is a nudge to us: team copy only.
- support: the project's requests not resolved, with the target they wait
  on, and how many response and resolution targets fell in the report's
  period met and missed; judged at the end of the report day's working day,
  as the rules and the health summary judge them. The client raised them and
  reads them (docs/client-view.md).
- training: sessions held, and planned from today on (or undated), with
  date, mode, number of attendees, materials link and feedback; cancelled
  sessions are left out.
"""

from __future__ import annotations

import datetime as dt
from statistics import mean
from typing import Any

from msgspec import Struct

from workspace_schema.core.catalogue import Language, days, say
from workspace_schema.core.records import Workspace
from workspace_schema.core.sla import RequestState
from workspace_schema.core.work_hours import WorkCalendar, end_of_day
from workspace_schema.export.charts.sparkline import sparkline_svg
from workspace_schema.rules.surveys import client_surveys, due_surveys
from workspace_schema.views.support import project_states, training_summary, trainings_in_order
from workspace_schema.views.surveys import DIMENSIONS, scores

__all__ = [
    "SHOWN_SCORES",
    "DimensionTrend",
    "SupportLine",
    "SupportSection",
    "SurveySection",
    "TrainingLine",
    "TrainingSection",
    "care_sections",
]

SHOWN_SCORES = 12  # the latest scores a trend shows


class DimensionTrend(Struct, frozen=True, kw_only=True):
    dimension: str  # schedule | quality | communication | support | overall | nps
    name: str  # in the report's language
    scores: list[int]  # oldest first, the latest SHOWN_SCORES
    low: int  # the scale: 1..5, or 0..10 for nps
    high: int
    last: int
    last_on: dt.date
    mean: float  # over every score, not only those shown
    answers: int
    svg: str  # the scores as a small chart, for HTML


class SurveySection(Struct, frozen=True, kw_only=True):
    trends: list[DimensionTrend]
    nps: int | None  # promoters minus detractors, in percent of the answers; None without answers
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    due: list[str] = []  # the team's copy: surveys due, in the report's language


class SupportLine(Struct, frozen=True, kw_only=True):
    id: str
    title: str
    severity: str
    status: str  # open | responded
    opened: dt.datetime | None
    due_by: dt.datetime | None  # the target it waits on
    left: float | None  # working hours to it; negative: past it
    overdue: bool


class SupportSection(Struct, frozen=True, kw_only=True):
    open: list[SupportLine]
    met: int  # response and resolution targets that fell in the period and were met
    missed: int


class TrainingLine(Struct, frozen=True, kw_only=True):
    id: str
    title: str
    on: dt.date | None
    mode: str  # on-site | online
    status: str  # held | planned
    attendees: int
    materials: str | None
    feedback: float | None


class TrainingSection(Struct, frozen=True, kw_only=True):
    sessions: list[TrainingLine]  # by date, undated last
    held: int
    planned: int
    mean_feedback: float | None  # over the held sessions with a score


def care_sections(
    ws: Workspace, project_id: str, today: dt.date, since: dt.date, language: Language, *, team: bool
) -> dict[str, Any]:
    """The three sections for report.Report (``surveys``, ``support``, ``training``): see the module docstring."""
    return {
        "surveys": _surveys(ws, project_id, today, language, team),
        "support": _support(ws, project_id, today, since),
        "training": _training(ws, project_id, today),
    }


def _surveys(ws: Workspace, project_id: str, today: dt.date, language: Language, team: bool) -> SurveySection | None:
    client = ws.projects[project_id].client
    if not client or client not in ws.clients:
        return None
    answered = client_surveys(ws, client, today)
    due = [d for d in due_surveys(ws, today) if d.client == client] if team else []
    if not answered and not due:
        return None
    series = {
        d: [(p.on, p.score) for p in points] for d, points in scores(ws, client, today, include_internal=team).items()
    }
    series["nps"] = [(s.answered_on, s.nps) for s in answered if s.answered_on is not None and s.nps is not None]
    trends = []
    for dimension in (*DIMENSIONS, "nps"):
        points = series.get(dimension, [])
        if not points:
            continue
        values = [score for _, score in points]
        name = say(language, f"report.surveys.dim.{dimension}")
        high, low = (10, 0) if dimension == "nps" else (5, 1)
        shown = values[-SHOWN_SCORES:]
        trends.append(
            DimensionTrend(
                dimension=dimension,
                name=name,
                scores=shown,
                low=low,
                high=high,
                last=values[-1],
                last_on=points[-1][0],
                mean=mean(values),
                answers=len(values),
                svg=sparkline_svg(shown, name, language, low=low, high=high),
            )
        )
    nps = [score for _, score in series["nps"]]
    promoters = sum(1 for s in nps if s >= 9)
    detractors = sum(1 for s in nps if s <= 6)
    due_words = []
    for d in due:
        if d.project is None:
            due_words.append(say(language, "report.surveys.due_periodic", since=d.since, days=days(d.days_over)))
        else:
            title = ws.projects[d.project].title or d.project
            due_words.append(say(language, "report.surveys.due_close_out", project=title, since=d.since))
    return SurveySection(
        trends=trends,
        nps=round(100 * (promoters - detractors) / len(nps)) if nps else None,
        promoters=promoters,
        passives=len(nps) - promoters - detractors,
        detractors=detractors,
        due=due_words,
    )


def _support(ws: Workspace, project_id: str, today: dt.date, since: dt.date) -> SupportSection | None:
    if not ws.projects[project_id].support:
        return None
    now = end_of_day(WorkCalendar.of(ws.settings), today)
    states = project_states(ws, project_id, now)
    met = missed = 0
    for state in states:
        for ok in _settled(state, since, today):
            met, missed = (met + 1, missed) if ok else (met, missed + 1)
    lines = [
        SupportLine(
            id=s.id,
            title=s.request.title or s.id,
            severity=s.request.severity,
            status=s.status,
            opened=s.request.opened,
            due_by=s.due_by,
            left=s.left,
            overdue=s.overdue,
        )
        for s in states
        if s.status != "resolved"
    ]
    if not lines and not met and not missed:
        return None
    return SupportSection(open=lines, met=met, missed=missed)


def _settled(state: RequestState, since: dt.date, today: dt.date) -> list[bool]:
    """Whether each target that fell in since..today was met: done in the period, or past due in it with nothing done."""
    r = state.request
    out = []
    targets = (
        (r.responded or r.resolved, state.respond_by, state.response_breached),
        (r.resolved, state.resolve_by, state.resolution_breached),
    )
    for done, due, breached in targets:
        moment = done if done is not None else (due if breached else None)
        if moment is not None and since <= moment.date() <= today:
            out.append(not breached)
    return out


def _training(ws: Workspace, project_id: str, today: dt.date) -> TrainingSection | None:
    project = ws.projects[project_id]
    sessions = [
        TrainingLine(
            id=tid,
            title=t.title or tid,
            on=t.on,
            mode=t.mode,
            status=t.status,
            attendees=len(t.attendees),
            materials=t.materials,
            feedback=t.feedback if t.feedback is not None and 1 <= t.feedback <= 5 else None,
        )
        for tid, t in trainings_in_order(project)
        if t.status == "held" or (t.status == "planned" and (t.on is None or t.on >= today))
    ]
    if not sessions:
        return None
    summary = training_summary(project, today)
    return TrainingSection(
        sessions=sessions, held=summary.held, planned=summary.planned, mean_feedback=summary.mean_feedback
    )
