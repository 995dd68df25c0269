"""The rows of a project's timeline: milestones in due order, each followed by its tasks.

Plain values for any front end to draw (the app's Gantt chart, a report):
ordering, slips against the baseline, overdue items and dependencies that
end after the item that waits for them starts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

from workspace_schema.core.records import OPEN_ITEM_STATUSES, Milestone, Project, Task
from workspace_schema.edit.acceptance import acceptance_text

_FAR = dt.date.max


@dataclass(frozen=True)
class TimelineRow:
    kind: Literal["milestone", "task"]
    id: str
    title: str
    side: str
    owner: str | None
    status: str
    start: dt.date | None
    due: dt.date | None
    baseline_due: dt.date | None
    done_on: dt.date | None
    depends_on: tuple[str, ...] = ()
    milestone: str | None = None  # a task's milestone, when it exists in the project
    late_deps: tuple[str, ...] = ()  # dependencies due after this item starts
    acceptance: str = ""  # a milestone the client signed off: "accepted by priya on 2026-11-20: <evidence>"

    @property
    def is_milestone(self) -> bool:
        return self.kind == "milestone"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ITEM_STATUSES

    @property
    def slipped_days(self) -> int:
        """Days the forecast ``due`` lies after the agreed ``baseline_due`` (0 if not slipped)."""
        if self.due is None or self.baseline_due is None:
            return 0
        return max((self.due - self.baseline_due).days, 0)

    def overdue_days(self, today: dt.date) -> int:
        """Days an open item is past its due date (0 if not overdue)."""
        if not self.is_open or self.due is None:
            return 0
        return max((today - self.due).days, 0)

    @property
    def first_day(self) -> dt.date | None:
        """Where the bar starts: ``start``, or ``due`` for an item without a start (or a start after due)."""
        if self.due is None:
            return None
        if self.start is None or self.start > self.due:
            return self.due
        return self.start


def _row(kind: Literal["milestone", "task"], item: Milestone | Task, milestone: str | None = None) -> TimelineRow:
    return TimelineRow(
        kind=kind,
        id=item.id,
        title=item.title,
        side=item.side,
        owner=item.owner,
        status=item.status,
        start=item.start,
        due=item.due,
        baseline_due=item.baseline_due,
        done_on=item.done_on,
        depends_on=tuple(item.depends_on),
        milestone=milestone,
        acceptance=acceptance_text(item) if isinstance(item, Milestone) else "",
    )


def _milestone_key(m: Milestone) -> tuple[bool, dt.date, dt.date, str]:
    return (m.due is None, m.due or _FAR, m.start or m.due or _FAR, m.id)


def _task_key(t: Task) -> tuple[dt.date, dt.date, str]:
    return (t.start or t.due or _FAR, t.due or _FAR, t.id)


def timeline_rows(project: Project) -> list[TimelineRow]:
    """Milestones by due date (undated last), each followed by its tasks by start date;
    tasks without a milestone (or with one the project does not have) come last."""
    by_milestone: dict[str | None, list[Task]] = {}
    for task in project.tasks.values():
        parent = task.milestone if task.milestone in project.milestones else None
        by_milestone.setdefault(parent, []).append(task)
    rows: list[TimelineRow] = []
    for m in sorted(project.milestones.values(), key=_milestone_key):
        rows.append(_row("milestone", m))
        rows += [_row("task", t, m.id) for t in sorted(by_milestone.get(m.id, []), key=_task_key)]
    rows += [_row("task", t) for t in sorted(by_milestone.get(None, []), key=_task_key)]
    return _with_late_deps(rows)


def _with_late_deps(rows: list[TimelineRow]) -> list[TimelineRow]:
    """Mark open dependencies that are due after the dependent item begins (finish-to-start broken)."""
    by_id = {r.id: r for r in rows}
    out = []
    for r in rows:
        begins = r.first_day
        late: tuple[str, ...] = ()
        if begins is not None:
            late = tuple(
                d
                for d in r.depends_on
                if (dep := by_id.get(d)) is not None and dep.is_open and dep.due is not None and dep.due > begins
            )
        out.append(replace(r, late_deps=late) if late else r)
    return out
