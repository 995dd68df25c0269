"""Support requests with their state, and a project's trainings, as the app, the CLI and the report show them.

    requests = support_states(ws, now)                # [RequestState], every project's, oldest first
    requests = support_states(ws, now, project="greenleaf-intranet", open_only=True)
    summary = training_summary(project, today)        # held, planned, mean feedback

A request's state (targets, breached, due time, hours left) is computed by
core/sla.py, the same function the rules use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from msgspec import Struct

from workspace_schema.core.records import Project, Training, Workspace
from workspace_schema.core.sla import RequestState, request_state

__all__ = [
    "TrainingSummary",
    "hours_text",
    "project_states",
    "sla_text",
    "state_json",
    "support_states",
    "training_summary",
    "trainings_in_order",
]


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


def hours_text(value: float) -> str:
    """3 -> "3 h", 1.25 -> "1.3 h"."""
    return f"{value:.1f}".removesuffix(".0") + " h"


def sla_text(state: RequestState) -> str:
    """The request against its targets in a few words, as the CLI and the app list it (the team's words)."""
    if state.request.opened is None:
        return "no opened time: targets not counted"
    if state.status == "resolved":
        took = hours_text(state.resolution_hours or 0.0)
        late = [w for w, b in (("response", state.response_breached), ("resolution", state.resolution_breached)) if b]
        verdict = f"{' and '.join(late)} late" if late else "targets met"
        return f"resolved in {took} (target {hours_text(state.resolve_within)}): {verdict}"
    due = f"{state.due_by:%m-%d %H:%M}" if state.due_by is not None else "?"
    left = state.left or 0.0
    if state.status == "open":
        if state.response_breached:
            return f"BREACHED: no response, {hours_text(-left)} over (due {due})"
        return f"open: respond by {due}, {hours_text(left)} left"
    if state.resolution_breached:
        return f"BREACHED: not resolved, {hours_text(-left)} over (due {due})"
    return f"responded{' late' if state.response_breached else ''}: resolve by {due}, {hours_text(left)} left"


def state_json(state: RequestState) -> dict[str, object]:
    """One request as `ducu support --format json` writes it."""
    r = state.request

    def at(moment: dt.datetime | None) -> str | None:
        return moment.isoformat(timespec="minutes") if moment is not None else None

    return {
        "project": state.project,
        "id": state.id,
        "title": r.title,
        "severity": r.severity,
        "reporter": r.reporter,
        "owner": r.owner,
        "status": state.status,
        "opened": at(r.opened),
        "responded": at(r.responded),
        "resolved": at(r.resolved),
        "respond_within": state.respond_within,
        "resolve_within": state.resolve_within,
        "respond_by": at(state.respond_by),
        "resolve_by": at(state.resolve_by),
        "response_hours": state.response_hours,
        "resolution_hours": state.resolution_hours,
        "hours_left": state.left,
        "overdue": state.overdue,
        "response_breached": state.response_breached,
        "resolution_breached": state.resolution_breached,
        "summary": r.summary,
    }
