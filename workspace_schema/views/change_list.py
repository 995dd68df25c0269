"""Change requests and the communication log as the project views list them.

from workspace_schema.views.change_list import change_order, moves_of, log_newest_first
for cid in change_order(project.changes):      # proposed first, then newest
    for move in moves_of(project, project.changes[cid]):
        f"{move.item_id}: {move.from_date} → {move.to}"   # baseline (else due) → requested date
for lid in log_newest_first(project.log): ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from msgspec import Struct

from workspace_schema.core.records import ChangeRequest, LogEntry, Milestone, Project, Task

__all__ = ["Move", "change_order", "log_newest_first", "moves_of"]

_STATUS_RANK = {"proposed": 0, "approved": 1, "rejected": 2}


class Move(Struct, frozen=True, kw_only=True):
    """One date a change request moves, with the item as it stands now.

    ``from_date`` is the date an approved change moved the item from (its
    ``moved_from``), else the item's baseline_due (the agreed date a change
    moves away from), else its due; ``shift`` is ``to - from_date`` in days. ``kind``
    is None when the change names an item the project does not have.
    ``applied`` is True when the item's due already is ``to``.
    """

    item_id: str
    to: dt.date
    kind: Literal["milestone", "task"] | None = None
    title: str = ""
    status: str | None = None
    due: dt.date | None = None
    baseline_due: dt.date | None = None
    from_date: dt.date | None = None
    shift: int | None = None
    applied: bool = False


def moves_of(project: Project, change: ChangeRequest) -> list[Move]:
    """The change's moves in the order the file lists them."""
    out = []
    for iid, to in change.moves.items():
        item: Milestone | Task | None = project.milestones.get(iid)
        kind: Literal["milestone", "task"] | None = "milestone"
        if item is None:
            item, kind = project.tasks.get(iid), "task"
        if item is None:
            out.append(Move(item_id=iid, to=to))
            continue
        start = change.moved_from.get(iid) or item.baseline_due or item.due  # an approved change keeps its from
        out.append(
            Move(
                item_id=iid,
                to=to,
                kind=kind,
                title=item.title,
                status=item.status,
                due=item.due,
                baseline_due=item.baseline_due,
                from_date=start,
                shift=(to - start).days if start is not None else None,
                applied=item.due == to,
            )
        )
    return out


def change_order(changes: Mapping[str, ChangeRequest]) -> list[str]:
    """Change ids: proposed (waiting for a decision) first, then approved, then rejected; newest request first within each."""
    newest = sorted(changes, key=lambda cid: changes[cid].requested_on or dt.date.min, reverse=True)
    return sorted(newest, key=lambda cid: _STATUS_RANK.get(changes[cid].status, 0))


def log_newest_first(log: Mapping[str, LogEntry]) -> list[str]:
    """Log entry ids, newest first; on the same day the one later in the file first, undated ones last."""
    ids = list(log)
    ids.reverse()
    return sorted(ids, key=lambda lid: log[lid].on or dt.date.min, reverse=True)
