"""The client's satisfaction scores of a project, each counted once, oldest first.

    satisfaction_points(ws, "acme-crm", today)        # [SatisfactionPoint(on, score, source)]

A score comes from a review (``satisfaction``) or from a log entry of kind
"feedback" (``score``); dated after today or undated, it is left out. A
feedback entry on the day of one of the project's reviews with the same
score is that review's score written down twice (the review and the log of
the same call), so it counts once, as the review's. On one date a review
comes before log entries. The health summary, the reports and the published
view all count from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from msgspec import Struct

from workspace_schema.core.records import LogEntry, Workspace

__all__ = ["SatisfactionPoint", "merge_points", "satisfaction_points"]


class SatisfactionPoint(Struct, frozen=True, kw_only=True):
    on: dt.date
    score: int
    source: Literal["review", "feedback"]


def merge_points(
    reviews: Iterable[tuple[dt.date, int | None]],
    log: Iterable[LogEntry],
    today: dt.date,
    *,
    include_internal: bool = True,
) -> list[SatisfactionPoint]:
    """The points of (held_on, satisfaction) pairs and log entries, as the module docstring says."""
    points: list[tuple[dt.date, int, SatisfactionPoint]] = []
    said: set[tuple[dt.date, int]] = set()
    for held, score in reviews:
        if score is not None and held <= today:
            points.append((held, 0, SatisfactionPoint(on=held, score=score, source="review")))
            said.add((held, score))
    for entry in log:
        on, score = entry.on, entry.score
        if entry.kind != "feedback" or score is None or on is None or on > today or (on, score) in said:
            continue
        if include_internal or not entry.internal:
            points.append((on, 1, SatisfactionPoint(on=on, score=score, source="feedback")))
    points.sort(key=lambda t: (t[0], t[1]))
    return [point for _, _, point in points]


def satisfaction_points(
    ws: Workspace, project_id: str, today: dt.date, *, include_internal: bool = True
) -> list[SatisfactionPoint]:
    """The project's points; ``include_internal=False`` leaves out log entries marked internal (the client's view)."""
    reviews = [
        (r.held_on, r.satisfaction) for r in ws.reviews.values() if r.project == project_id and r.held_on is not None
    ]
    return merge_points(reviews, ws.projects[project_id].log.values(), today, include_internal=include_internal)
