"""Support requests against their targets in working hours, and a project's trainings.

    cal = WorkCalendar.of(ws.settings)
    working_hours(cal, opened, now)                   # float hours inside the working day
    requests = support_states(ws, now)                # [RequestState], every project's, oldest first
    trainings = training_summary(project, today)      # held, planned, mean feedback

All times are naive local date-times in the workspace's timezone (what the
files hold, and what ``clock.now(timezone)`` gives). The working day runs
from ``work_starts`` to ``work_ends`` (whole hours) on Monday to Friday,
except the workspace's holidays.

A request's targets are its own ``respond_within`` / ``resolve_within``,
else ``[support.<severity>]`` of workspace.toml, else DEFAULT_TARGETS. A
resolution counts as the response when no response was recorded. A
target is breached when more working hours than it allows passed from
``opened`` to the response (resolution), or, while there is none, to
``now``. A request without ``opened`` has no clock: it is never breached
and has no due time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from msgspec import Struct

from workspace_schema.core.records import Project, Settings, SupportRequest, Training, Workspace

__all__ = [
    "DEFAULT_TARGETS",
    "RequestState",
    "TrainingSummary",
    "WorkCalendar",
    "add_working_hours",
    "end_of_day",
    "request_state",
    "support_states",
    "targets",
    "training_summary",
    "working_hours",
]

# severity -> (respond_within, resolve_within) in working hours, when workspace.toml says nothing
DEFAULT_TARGETS: dict[str, tuple[float, float]] = {
    "critical": (1, 8),
    "high": (4, 24),
    "medium": (8, 40),
    "low": (16, 80),
}
MAX_DAYS = 366 * 20  # add_working_hours gives up (None) past this many days: a target nobody can meet

RequestStatus = Literal["open", "responded", "resolved"]


class WorkCalendar(Struct, frozen=True, kw_only=True):
    """The working day (hours of the day, 0..24) and the days off besides weekends."""

    starts: int = 9
    ends: int = 18
    holidays: frozenset[dt.date] = frozenset()

    @classmethod
    def of(cls, settings: Settings) -> WorkCalendar:
        starts = min(max(settings.work_starts, 0), 24)
        return cls(starts=starts, ends=min(max(settings.work_ends, starts), 24), holidays=frozenset(settings.holidays))

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """The working day's start and end on ``day`` (equal on a day off)."""
        start = dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=self.starts)
        if not self.is_working_day(day):
            return start, start
        return start, dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=self.ends)

    @property
    def day_hours(self) -> int:
        return self.ends - self.starts


def working_hours(cal: WorkCalendar, start: dt.datetime, end: dt.datetime) -> float:
    """Working hours between two local times; 0 when ``end`` is not after ``start``."""
    if end <= start:
        return 0.0
    seconds = 0.0
    day = start.date()
    while day <= end.date():
        w0, w1 = cal.window(day)
        lo, hi = max(w0, start), min(w1, end)
        if hi > lo:
            seconds += (hi - lo).total_seconds()
        day += dt.timedelta(days=1)
    return seconds / 3600


def add_working_hours(cal: WorkCalendar, start: dt.datetime, hours: float) -> dt.datetime | None:
    """The local time ``hours`` working hours after ``start`` (None when the calendar has no working time)."""
    left = dt.timedelta(hours=max(hours, 0.0))
    if not left:
        return start
    if cal.day_hours <= 0:
        return None
    day = start.date()
    for _ in range(MAX_DAYS):
        w0, w1 = cal.window(day)
        begin = max(w0, start)
        if w1 > begin:
            if begin + left <= w1:
                return begin + left
            left -= w1 - begin
        day += dt.timedelta(days=1)
    return None


def end_of_day(cal: WorkCalendar, day: dt.date) -> dt.datetime:
    """The end of ``day``'s working day: the moment the rules judge open requests at (see docs/rules.md)."""
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=cal.ends)


def targets(settings: Settings, request: SupportRequest) -> tuple[float, float]:
    """(respond_within, resolve_within) in working hours: the request's own, else the workspace's, else defaults."""
    respond, resolve = DEFAULT_TARGETS.get(request.severity, DEFAULT_TARGETS["medium"])
    setting = settings.support.get(request.severity)
    if setting is not None:
        respond = setting.respond_within if setting.respond_within is not None else respond
        resolve = setting.resolve_within if setting.resolve_within is not None else resolve
    return (
        request.respond_within if request.respond_within is not None else respond,
        request.resolve_within if request.resolve_within is not None else resolve,
    )


class RequestState(Struct, frozen=True, kw_only=True):
    """One request as of ``now``. Hours are working hours; ``left`` is to the next target (negative: past it)."""

    project: str
    id: str
    request: SupportRequest
    status: RequestStatus
    respond_within: float
    resolve_within: float
    response_hours: float | None  # opened -> the response (or the resolution); None while there is none
    resolution_hours: float | None  # opened -> resolved; None while open
    elapsed: float | None  # opened -> the response, resolution or now: what the next target is measured on
    respond_by: dt.datetime | None
    resolve_by: dt.datetime | None
    response_breached: bool
    resolution_breached: bool
    left: float | None  # None when resolved or without `opened`

    @property
    def ref(self) -> str:
        return f"{self.project}/{self.id}"

    @property
    def breached(self) -> bool:
        return self.response_breached or self.resolution_breached

    @property
    def due_by(self) -> dt.datetime | None:
        """When the next target falls due: respond_by until there is a response, then resolve_by; None once resolved."""
        if self.status == "resolved":
            return None
        return self.respond_by if self.status == "open" else self.resolve_by


def request_state(
    settings: Settings, project_id: str, rid: str, request: SupportRequest, now: dt.datetime
) -> RequestState:
    """The state of one request as of ``now`` (a naive local time)."""
    cal = WorkCalendar.of(settings)
    respond, resolve = targets(settings, request)
    responded = request.responded or request.resolved
    status: RequestStatus = "resolved" if request.resolved else "responded" if responded else "open"
    opened = request.opened
    if opened is None:
        return RequestState(
            project=project_id,
            id=rid,
            request=request,
            status=status,
            respond_within=respond,
            resolve_within=resolve,
            response_hours=None,
            resolution_hours=None,
            elapsed=None,
            respond_by=None,
            resolve_by=None,
            response_breached=False,
            resolution_breached=False,
            left=None,
        )
    response_hours = working_hours(cal, opened, responded) if responded else None
    resolution_hours = working_hours(cal, opened, request.resolved) if request.resolved else None
    so_far = working_hours(cal, opened, now)
    response_taken = response_hours if response_hours is not None else so_far
    resolution_taken = resolution_hours if resolution_hours is not None else so_far
    left = None if status == "resolved" else (respond if status == "open" else resolve) - so_far
    return RequestState(
        project=project_id,
        id=rid,
        request=request,
        status=status,
        respond_within=respond,
        resolve_within=resolve,
        response_hours=response_hours,
        resolution_hours=resolution_hours,
        elapsed=response_taken if status == "open" else resolution_taken,
        respond_by=add_working_hours(cal, opened, respond),
        resolve_by=add_working_hours(cal, opened, resolve),
        response_breached=response_taken > respond,
        resolution_breached=resolution_taken > resolve,
        left=left,
    )


def project_states(ws: Workspace, project_id: str, now: dt.datetime) -> list[RequestState]:
    """A project's requests as of ``now``, oldest first (undated last), then by id."""
    project = ws.projects[project_id]
    states = [request_state(ws.settings, project_id, rid, r, now) for rid, r in project.support.items()]
    return sorted(states, key=_order)


def support_states(
    ws: Workspace, now: dt.datetime, *, project: str | None = None, open_only: bool = False
) -> list[RequestState]:
    """Every project's requests (or one project's) as of ``now``; ``open_only``: not resolved."""
    pids: Iterable[str] = [project] if project is not None else ws.projects
    states = [s for pid in pids for s in project_states(ws, pid, now)]
    states.sort(key=_order)
    return [s for s in states if s.status != "resolved"] if open_only else states


def _order(state: RequestState) -> tuple[dt.datetime, str, str]:
    return (state.request.opened or dt.datetime.max, state.project, state.id)


class TrainingSummary(Struct, frozen=True, kw_only=True):
    held: int
    planned: int  # planned on or after today, or undated
    cancelled: int
    mean_feedback: float | None  # over held sessions with a feedback score
    next: tuple[str, Training] | None  # the next planned session


def trainings_in_order(project: Project) -> list[tuple[str, Training]]:
    """A project's trainings by date (undated last), then id."""
    return sorted(project.trainings.items(), key=lambda kv: (kv[1].on or dt.date.max, kv[0]))


def training_summary(project: Project, today: dt.date) -> TrainingSummary:
    held = [t for t in project.trainings.values() if t.status == "held"]
    planned = [
        (tid, t) for tid, t in trainings_in_order(project) if t.status == "planned" and (t.on is None or t.on >= today)
    ]
    scores = [t.feedback for t in held if t.feedback is not None and 1 <= t.feedback <= 5]
    return TrainingSummary(
        held=len(held),
        planned=len(planned),
        cancelled=sum(1 for t in project.trainings.values() if t.status == "cancelled"),
        mean_feedback=sum(scores) / len(scores) if scores else None,
        next=planned[0] if planned else None,
    )
