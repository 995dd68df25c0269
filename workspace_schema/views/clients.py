"""One client's record across its projects: who, the contract, contact and survey cadence, and what is open.

    record = client_record(ws, "acme", today, now)

The app's client screen and `ducu client` show it; the scorecard it carries
is the current quarter's (views/scorecard.py). A client's contacts are its
people (``org`` = the client's id); the last contact is rules/cadence.py's,
the surveys due are rules/surveys.py's, so the screen says what the rules say.
"""

from __future__ import annotations

import datetime as dt

from msgspec import Struct

from workspace_schema.core.periods import period_of
from workspace_schema.core.records import Client, Contract, LogEntry, Person, Workspace
from workspace_schema.core.sla import RequestState
from workspace_schema.rules.cadence import last_contacts
from workspace_schema.rules.surveys import DueSurvey, due_surveys
from workspace_schema.views.scorecard import Scorecard, scorecard
from workspace_schema.views.support import support_states
from workspace_schema.views.surveys import ScorePoint, scores

__all__ = ["ClientRecord", "LogLine", "ProjectLine", "client_record"]

RECENT = 8  # log entries and reviews shown


class ProjectLine(Struct, frozen=True, kw_only=True):
    project_id: str
    title: str
    status: str
    due: dt.date | None


class LogLine(Struct, frozen=True, kw_only=True):
    on: dt.date
    project_id: str
    what: str  # "nudge by hannah", "review"
    summary: str


class ClientRecord(Struct, frozen=True, kw_only=True):
    client_id: str
    client: Client
    contacts: list[tuple[str, Person]]  # (handle, person), the sponsor first
    contract: Contract | None
    projects: list[ProjectLine]
    last_contact: dt.date | None
    contact_due: bool  # contact_every passed (CON001)
    surveys_due: list[DueSurvey]
    trends: dict[str, list[ScorePoint]]  # by dimension (views/surveys.py)
    support: list[RequestState]  # open requests of its projects
    recent: list[LogLine]  # newest first: log entries and reviews
    scorecard: Scorecard  # this quarter's


def client_record(ws: Workspace, client_id: str, today: dt.date, now: dt.datetime) -> ClientRecord:
    """The record of ``client_id``; KeyError when there is no such client."""
    client = ws.clients[client_id]
    contacts = sorted(
        ((h, p) for h, p in ws.people.items() if p.org == client_id),
        key=lambda hp: (hp[0] != client.sponsor, hp[1].name or hp[0]),
    )
    mine = {pid: p for pid, p in ws.projects.items() if p.client == client_id}
    projects = [ProjectLine(project_id=pid, title=p.title, status=p.status, due=p.due) for pid, p in mine.items()]
    last = last_contacts(ws, today).get(client_id)
    since = last or min((p.start for p in mine.values() if p.start and p.start <= today), default=None)
    every = client.contact_every
    contact_due = bool(every and every > 0 and since is not None and (today - since).days > every)
    recent = [
        _log_line(pid, entry)
        for pid, p in mine.items()
        for entry in p.log.values()
        if entry.on is not None and entry.on <= today
    ]
    recent += [
        LogLine(on=r.held_on, project_id=r.project, what="review", summary="; ".join(r.decisions)[:200])
        for r in ws.reviews.values()
        if r.project in mine and r.held_on is not None and r.held_on <= today
    ]
    recent.sort(key=lambda line: (line.on, line.project_id), reverse=True)
    return ClientRecord(
        client_id=client_id,
        client=client,
        contacts=contacts,
        contract=client.contract,
        projects=projects,
        last_contact=last,
        contact_due=contact_due,
        surveys_due=[d for d in due_surveys(ws, today) if d.client == client_id],
        trends=scores(ws, client_id, today),
        support=[s for pid in mine for s in support_states(ws, now, project=pid, open_only=True)],
        recent=recent[:RECENT],
        scorecard=scorecard(ws, "client", client_id, period_of(today), today),
    )


def _log_line(pid: str, entry: LogEntry) -> LogLine:
    assert entry.on is not None
    who = f" by {entry.by}" if entry.by else ""
    return LogLine(on=entry.on, project_id=pid, what=f"{entry.kind}{who}", summary=entry.summary)
