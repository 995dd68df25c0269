"""A support request against its response and resolution targets, in working hours.

    respond, resolve = targets(ws.settings, request)
    state = request_state(ws.settings, "greenleaf-intranet", rid, request, now)
    state.breached, state.due_by, state.left

A request's targets are its own ``respond_within`` / ``resolve_within``,
else ``[support.<severity>]`` of workspace.toml, else DEFAULT_TARGETS. A
resolution counts as the response when no response was recorded. A target
is breached when more working hours than it allows passed from ``opened``
to the response (resolution), or, while there is none, to ``now`` (a naive
local time in the workspace's timezone: ``clock.now``). A request without
``opened`` has no clock: never breached, no due time. The rules
(rules/support.py), the support view and the health summary all judge here.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from msgspec import Struct

from workspace_schema.core.records import Settings, SupportRequest
from workspace_schema.core.work_hours import WorkCalendar, add_working_hours, working_hours

__all__ = ["DEFAULT_TARGETS", "RequestState", "RequestStatus", "request_state", "targets"]

# severity -> (respond_within, resolve_within) in working hours, when workspace.toml says nothing
DEFAULT_TARGETS: dict[str, tuple[float, float]] = {
    "critical": (1, 8),
    "high": (4, 24),
    "medium": (8, 40),
    "low": (16, 80),
}

RequestStatus = Literal["open", "responded", "resolved"]


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
    def overdue(self) -> bool:
        """The target still pending is past: no response past respond_within, or responded and past resolve_within."""
        if self.status == "open":
            return self.response_breached
        return self.status == "responded" and self.resolution_breached

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
