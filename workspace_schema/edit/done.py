"""Marking an item done, and taking it back: status and done_on move together.

The reports count an item in "Done since" by its done_on, so every way of
marking it done (`ducu done`, the key on the timeline, the edit form, the
review) sets both, and undoing clears both.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from workspace_schema.core import records as R
from workspace_schema.edit.edits import AppliedEdit, Target, locate, set_fields
from workspace_schema.edit.values import EditRejected, editable_fields


def already_done(record: Any) -> str | None:
    """'already done (on 2026-12-01)' when the record is done, else None."""
    if getattr(record, "status", None) != "done":
        return None
    when = getattr(record, "done_on", None)
    return f"already done{f' (on {when})' if when else ''}"


def mark_done(ws: R.Workspace, ref: str, today: dt.date, *, reason: str | None = None) -> AppliedEdit:
    """Status done and done_on today; an item already done is left alone (done_on keeps the day it was first done).

    Nothing is written then and the AppliedEdit has no fields; already_done() says so.
    """
    target = locate(ws, ref)
    if already_done(target.record):
        return AppliedEdit(target.file, ref, "set", (), reason)
    values: dict[str, Any] = {"status": "done"}
    if _has_done_on(target):
        values["done_on"] = today
    return set_fields(ws, ref, values, reason=reason)


def reopen_status(record: R.Milestone | R.Task, today: dt.date) -> str:
    """What an undone item goes back to: doing once its start has come, else todo."""
    return "doing" if record.start is not None and record.start <= today else "todo"


def undo_done(ws: R.Workspace, ref: str, today: dt.date, *, reason: str | None = None) -> AppliedEdit:
    """A done milestone or task back to doing (started) or todo, done_on cleared; not done: nothing written."""
    target = _item(ws, ref)
    if target.record.status != "done":
        return AppliedEdit(target.file, ref, "set", (), reason)
    return set_fields(ws, ref, {"status": reopen_status(target.record, today), "done_on": None}, reason=reason)


def toggle_done(ws: R.Workspace, ref: str, today: dt.date, *, reason: str | None = None) -> AppliedEdit:
    """Done if it is not, undone if it is: the one key on the timeline."""
    target = _item(ws, ref)
    if target.record.status == "done":
        return undo_done(ws, ref, today, reason=reason)
    return mark_done(ws, ref, today, reason=reason)


def follow_status(record: Any, values: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """The fields an edit sets, with done_on following status.

    Status set to done with no done_on (neither given nor on the record): done_on is today.
    Status set away from done: done_on is cleared. Other edits are returned as they are.
    """
    if "status" not in values or "done_on" not in editable_fields(type(record)):
        return values
    out = dict(values)
    if values["status"] == "done":
        if out.get("done_on") is None and ("done_on" in values or getattr(record, "done_on", None) is None):
            out["done_on"] = today
    elif getattr(record, "done_on", None) is not None or values.get("done_on") is not None:
        out["done_on"] = None
    return out


def _has_done_on(target: Target) -> bool:
    return "done_on" in editable_fields(target.cls)


def _item(ws: R.Workspace, ref: str) -> Target:
    target = locate(ws, ref)
    if target.cls not in (R.Milestone, R.Task):
        raise EditRejected(f"{ref}: only milestones and tasks are marked done and undone")
    return target
