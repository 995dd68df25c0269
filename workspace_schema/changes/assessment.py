"""What approving a change request would move: the requested items, what follows them, the project's due.

    imp = impact(ws, "acme-crm", "export-slip-w8d1")        # nothing written
    for m in imp.moves:                                      # requested first, then what follows
        f"{m.ref}: {m.old_due} -> {m.new_due} ({m.days:+d}) {m.reason}"

What moves:

- every item the change names moves to its requested date ("requested");
- an open item that depends on a moved item (``depends_on``) and starts
  before that item's new due moves by as many days as that item moved,
  start and due both, so it keeps its duration ("after <id>"); this goes
  on transitively. Only moves to a later date push successors. An item
  without a start counts as starting on its due date. Items that are done
  or dropped never move as a consequence;
- the tasks of a moved milestone that would end after it (and moved tasks
  that would end after their milestone) are listed in ``late_tasks`` and
  in ``warnings``; they are not moved;
- the project's due moves to the latest new due when that is later.

Who decides (``Impact.accountable``): the RACI accountable of the moved
items (any of them), or the project owner when none of them has one.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from workspace_schema.core import records as R
from workspace_schema.edit.edits import no_project
from workspace_schema.edit.values import EditRejected


@dataclass(frozen=True)
class Move:
    """One item that moves: requested by the change, or pushed by a predecessor."""

    ref: str  # "acme-crm/data-export-k3f9"
    title: str
    old_due: dt.date | None
    new_due: dt.date
    days: int  # new_due - old_due (0 when there was no due)
    reason: str  # "requested" | "after <predecessor id>"
    kind: Literal["milestone", "task"] = "milestone"
    old_start: dt.date | None = None
    new_start: dt.date | None = None  # moved by ``days`` for an item that follows a predecessor

    @property
    def item_id(self) -> str:
        return self.ref.partition("/")[2]

    @property
    def table(self) -> str:
        return "milestones" if self.kind == "milestone" else "tasks"


@dataclass(frozen=True)
class LateTask:
    """A task that would end after its milestone once the change is applied (listed, not moved)."""

    ref: str
    title: str
    due: dt.date
    milestone: str
    milestone_due: dt.date


@dataclass(frozen=True)
class Impact:
    project: str
    change: str  # the change id ("" for a preview of moves not recorded yet)
    moves: list[Move]
    project_due_old: dt.date | None
    project_due_new: dt.date | None
    warnings: list[str] = field(default_factory=list)
    late_tasks: list[LateTask] = field(default_factory=list)
    accountable: list[str] = field(default_factory=list)  # who decides without a warning

    @property
    def project_due_moves(self) -> bool:
        return self.project_due_new != self.project_due_old

    @property
    def project_days(self) -> int:
        if self.project_due_old and self.project_due_new:
            return (self.project_due_new - self.project_due_old).days
        return 0


def find_project(ws: R.Workspace, project_id: str) -> R.Project:
    """The project, or EditRejected naming the projects there are."""
    project = ws.projects.get(project_id)
    if project is None:
        raise EditRejected(no_project(ws, project_id))
    return project


def find_change(project: R.Project, project_id: str, change_id: str) -> R.ChangeRequest:
    """The project's change, or EditRejected naming the changes it has."""
    change = project.changes.get(change_id)
    if change is None:
        known = ", ".join(sorted(project.changes)) or "none"
        raise EditRejected(f"project `{project_id}` has no change `{change_id}`; its changes are: {known}")
    return change


def impact(ws: R.Workspace, project_id: str, change_id: str) -> Impact:
    """What approving the change would move, or for an approved one what it moved; nothing is written.

    An approved change records the dates it moved items from (``moved_from``),
    so its impact stays what it was: from those dates to the requested ones
    (a knock-on move to the date its item was re-baselined to).
    """
    project = find_project(ws, project_id)
    change = find_change(project, project_id, change_id)
    if change.status == "approved" and change.moved_from:
        return _recorded_impact(project, project_id, change, change_id)
    return impact_of_moves(project, project_id, dict(change.moves), change_id)


def _recorded_impact(project: R.Project, project_id: str, change: R.ChangeRequest, change_id: str) -> Impact:
    moves = []
    for iid, old in change.moved_from.items():
        item = project.item(iid)
        requested = change.moves.get(iid)
        new = requested or (item.baseline_due or item.due if item is not None else None)
        if new is None:
            continue
        kind: Literal["milestone", "task"] = (
            "task" if iid in project.tasks and iid not in project.milestones else "milestone"
        )
        moves.append(
            Move(
                ref=f"{project_id}/{iid}",
                title=item.title if item is not None else iid,
                old_due=old,
                new_due=new,
                days=(new - old).days,
                reason="requested" if requested else "knock-on",
                kind=kind,
            )
        )
    return Impact(
        project=project_id, change=change_id, moves=moves, project_due_old=project.due, project_due_new=project.due
    )


def impact_of_moves(project: R.Project, project_id: str, moves: dict[str, dt.date], change_id: str = "") -> Impact:
    """The impact of moving items to new due dates (``{item id: new due}``), as ``impact`` computes it."""
    items: dict[str, R.Milestone | R.Task] = {
        **project.tasks,
        **project.milestones,
    }  # a milestone wins an id clash, as Project.item does
    kinds: dict[str, Literal["milestone", "task"]] = {
        iid: ("milestone" if iid in project.milestones else "task") for iid in items
    }
    warnings: list[str] = []
    new_due: dict[str, dt.date] = {}
    shift: dict[str, int] = {}
    why: dict[str, str] = {}
    for iid, to in moves.items():
        item = items.get(iid)
        if item is None:
            warnings.append(f"`{iid}` is not a milestone or task of {project_id}; that move is left out")
            continue
        if item.status in R.CLOSED_ITEM_STATUSES:
            warnings.append(f"{kinds[iid]} `{iid}` is {item.status}; its due moves all the same")
        if item.due is None:
            warnings.append(f"{kinds[iid]} `{iid}` has no due date yet; it gets {to}")
        if item.start and to < item.start:
            warnings.append(f"{kinds[iid]} `{iid}` would be due {to}, before it starts ({item.start})")
        new_due[iid] = to
        shift[iid] = (to - item.due).days if item.due else 0
        why[iid] = "requested"
    requested = set(new_due)
    successors: dict[str, list[str]] = {}
    for iid, item in items.items():
        for pred in dict.fromkeys(item.depends_on):
            if pred != iid:
                successors.setdefault(pred, []).append(iid)
    queue = deque(new_due)
    while queue:
        pred = queue.popleft()
        pushed = shift.get(pred, 0)
        if pushed <= 0:
            continue
        pred_due = new_due[pred]
        for sid in successors.get(pred, ()):
            item = items[sid]
            if sid in requested or item.status not in R.OPEN_ITEM_STATUSES or pushed <= shift.get(sid, 0):
                continue
            begins = item.start or item.due
            if begins is None or begins + dt.timedelta(days=shift.get(sid, 0)) >= pred_due:
                continue
            if item.due is None:
                warnings.append(
                    f"{kinds[sid]} `{sid}` starts before `{pred}` is due but has no due date; it is not moved"
                )
                continue
            shift[sid] = pushed
            new_due[sid] = item.due + dt.timedelta(days=pushed)
            why[sid] = f"after {pred}"
            queue.append(sid)
    order = [iid for iid in moves if iid in new_due] + [iid for iid in items if iid in new_due and iid not in requested]
    out: list[Move] = []
    for iid in order:
        item = items[iid]
        following = why[iid] != "requested"
        start = item.start + dt.timedelta(days=shift[iid]) if following and item.start else item.start
        out.append(
            Move(
                ref=f"{project_id}/{iid}",
                title=item.title,
                old_due=item.due,
                new_due=new_due[iid],
                days=shift[iid],
                reason=why[iid],
                kind=kinds[iid],
                old_start=item.start,
                new_start=start,
            )
        )
    late: list[LateTask] = []
    for tid, task in project.tasks.items():
        mid = task.milestone
        if not mid or mid not in project.milestones or task.status not in R.OPEN_ITEM_STATUSES:
            continue
        if tid not in new_due and mid not in new_due:
            continue
        t_due = new_due.get(tid, task.due)
        m_due = new_due.get(mid, project.milestones[mid].due)
        if t_due and m_due and t_due > m_due:
            late.append(
                LateTask(ref=f"{project_id}/{tid}", title=task.title, due=t_due, milestone=mid, milestone_due=m_due)
            )
            warnings.append(f"task `{tid}` would end {t_due}, after its milestone `{mid}` ({m_due})")
    project_new = project.due
    latest = max(new_due.values(), default=None)
    if project.due and latest and latest > project.due:
        project_new = latest
    accountable: list[str] = []
    for m in out:
        raci = items[m.item_id].raci
        if raci is not None and raci.accountable and raci.accountable not in accountable:
            accountable.append(raci.accountable)
    if not accountable and project.owner:
        accountable.append(project.owner)
    return Impact(
        project=project_id,
        change=change_id,
        moves=out,
        project_due_old=project.due,
        project_due_new=project_new,
        warnings=warnings,
        late_tasks=late,
        accountable=accountable,
    )
