"""Satisfaction surveys: due by the client's cadence and at close-out, about a real project, scores in range.

A client with ``survey_every`` is due a survey when its last one (any of its
projects) is older than that, counted from its first project's start when it
never had one. A project that is done is due a close-out survey until one of
kind "close-out" is answered on or after its ``done_on``. due_surveys is
shared with the health summary (views/health.py).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator

from msgspec import Struct

from workspace_schema.core.dates import days
from workspace_schema.core.findings import Finding
from workspace_schema.core.records import SURVEY_DIMENSIONS, Survey, Workspace
from workspace_schema.rules.items import LIVE_PROJECT_STATUSES
from workspace_schema.rules.registry import Report, rule


class DueSurvey(Struct, frozen=True, kw_only=True):
    client: str
    project: str | None  # the project a close-out survey is for; None for the client's cadence
    kind: str  # "periodic" or "close-out"
    since: dt.date  # the last survey, the first start, or the hand-over
    days_over: int  # days past the cadence (0 for a close-out due since done_on)
    file: str  # where the cadence or the done_on is written
    line: int


def client_surveys(ws: Workspace, client: str, today: dt.date) -> list[Survey]:
    """The client's answered surveys (every project of theirs), oldest first; undated or future ones left out."""
    mine = {pid for pid, p in ws.projects.items() if p.client == client}
    found = [
        s for s in ws.surveys.values() if s.project in mine and s.answered_on is not None and s.answered_on <= today
    ]
    return sorted(found, key=lambda s: (s.answered_on or today, s.id))


def due_surveys(ws: Workspace, today: dt.date) -> list[DueSurvey]:
    """Surveys the clients are due: by their cadence, and close-outs of done projects."""
    due: list[DueSurvey] = []
    for cid, client in ws.clients.items():
        projects = [p for p in ws.projects.values() if p.client == cid]
        every = client.survey_every
        if every and every > 0 and any(p.status in LIVE_PROJECT_STATUSES for p in projects):
            answered = [s.answered_on for s in client_surveys(ws, cid, today) if s.answered_on]
            starts = [p.start for p in projects if p.start is not None and p.start <= today]
            since = max(answered, default=None) or min(starts, default=None)
            if since is not None and (today - since).days > every:
                line = ws.key_line(client.file, ("clients", cid), "survey_every") if client.file else 0
                due.append(
                    DueSurvey(
                        client=cid,
                        project=None,
                        kind="periodic",
                        since=since,
                        days_over=(today - since).days - every,
                        file=client.file,
                        line=line,
                    )
                )
        for p in projects:
            if p.status != "done" or p.done_on is None or p.done_on > today:
                continue
            closed = any(
                s.kind == "close-out" and s.project == p.id and s.answered_on and s.answered_on >= p.done_on
                for s in ws.surveys.values()
            )
            if not closed:
                line = ws.key_line(p.file, ("project",), "done_on")
                due.append(
                    DueSurvey(
                        client=cid,
                        project=p.id,
                        kind="close-out",
                        since=p.done_on,
                        days_over=(today - p.done_on).days,
                        file=p.file,
                        line=line,
                    )
                )
    return due


@rule("SUR001", "warning", "A client with survey_every has had no satisfaction survey within that many days.")
def survey_overdue(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for due in due_surveys(ws, today):
        if due.kind != "periodic":
            continue
        every = ws.clients[due.client].survey_every
        yield report(
            message=f"client `{due.client}` is due a satisfaction survey: the last was {due.since} "
            f"({days((today - due.since).days)} ago, survey every {days(every or 0)}); send one and record "
            f"the answers with `ducu survey PROJECT --by HANDLE schedule=N quality=N ...`",
            file=due.file,
            line=due.line,
        )


@rule("SUR002", "warning", "A done project has no close-out survey answered on or after its done_on.")
def close_out_due(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for due in due_surveys(ws, today):
        if due.kind != "close-out" or due.project is None:
            continue
        yield report(
            message=f"project `{due.project}` was handed over on {due.since} and has no close-out survey; ask the "
            f"client and record it with `ducu survey {due.project} --close-out --by HANDLE ...`",
            file=due.file,
            line=due.line,
            item=due.project,
        )


@rule("SUR003", "error", "A survey's project does not exist in projects/.")
def survey_project(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for survey in ws.surveys.values():
        if survey.project and survey.project not in ws.projects and f"projects/{survey.project}.toml" not in ws.unread:
            close = difflib.get_close_matches(survey.project, list(ws.projects), n=1, cutoff=0.6)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            yield report(
                message=f"survey names project `{survey.project}`, which is not in projects/{hint}",
                file=survey.file,
                line=ws.key_line(survey.file, ("survey",), "project") or survey.line,
            )


@rule("SUR004", "error", "A survey score is outside 1..5, or its nps outside 0..10.")
def survey_scores(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for survey in ws.surveys.values():
        for key, low, high in [*((d, 1, 5) for d in SURVEY_DIMENSIONS), ("nps", 0, 10)]:
            value = getattr(survey, key)
            if value is not None and not low <= value <= high:
                yield report(
                    message=f"survey `{key}` = {value} is out of range; a score is {low} to {high}",
                    file=survey.file,
                    line=ws.key_line(survey.file, ("survey",), key) or survey.line,
                    item=survey.project or None,
                )
