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

__all__ = ["TrainingSummary", "project_states", "support_states", "training_summary", "trainings_in_order"]


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
