"""Recording the answer to a support request: responded, resolved (with what was done).

    change = record_response(ws, "greenleaf-intranet/sso-login-loop-d6tb", now)
    change = record_resolution(ws, ref, now, summary="Cleared the cached tokens")
    git.commit.commit_change(root, change)    # one commit each

Times are local date-times in the workspace's timezone, kept to the minute.
A request answered already is left as it is (an AppliedEdit without fields:
nothing to commit) and ``answered_text`` says when. A time before the
request was opened is refused; resolving a request nobody responded to
records the resolution only (it counts as the response, core/sla.py).
"""

from __future__ import annotations

import datetime as dt

from workspace_schema.core import records as R
from workspace_schema.edit.edits import KIND_NAMES, AppliedEdit, locate, set_fields
from workspace_schema.edit.values import EditRejected


def _request(ws: R.Workspace, ref: str) -> R.SupportRequest:
    target = locate(ws, ref)
    if target.cls is not R.SupportRequest:
        kind = KIND_NAMES.get(target.path[0], target.path[0])
        raise EditRejected(f"{ref} is a {kind}, not a support request")
    request: R.SupportRequest = target.record
    return request


def _minute(at: dt.datetime, request: R.SupportRequest, field: str) -> dt.datetime:
    at = at.replace(second=0, microsecond=0, tzinfo=None)
    if request.opened is not None and at < request.opened:
        raise EditRejected(
            f"{field} {at:%Y-%m-%d %H:%M} is before the request was opened ({request.opened:%Y-%m-%d %H:%M})", field
        )
    return at


def answered_text(request: R.SupportRequest, field: str) -> str:
    """'resolved at 2026-11-24 16:00' when ``field`` is set, else ''."""
    at: dt.datetime | None = getattr(request, field)
    return f"{field} at {at:%Y-%m-%d %H:%M}" if at is not None else ""


def record_response(ws: R.Workspace, ref: str, at: dt.datetime, *, reason: str | None = None) -> AppliedEdit:
    """``responded = at``; a request responded to (or resolved) already is left alone."""
    request = _request(ws, ref)
    if request.responded is not None or request.resolved is not None:
        return AppliedEdit(request.file, ref, "set", (), reason)
    return set_fields(ws, ref, {"responded": _minute(at, request, "responded")}, reason=reason)


def record_resolution(
    ws: R.Workspace, ref: str, at: dt.datetime, *, summary: str | None = None, reason: str | None = None
) -> AppliedEdit:
    """``resolved = at`` (and ``summary`` when given); a resolved request is left alone."""
    request = _request(ws, ref)
    if request.resolved is not None:
        return AppliedEdit(request.file, ref, "set", (), reason)
    at = _minute(at, request, "resolved")
    if request.responded is not None and at < request.responded:
        raise EditRejected(
            f"resolved {at:%Y-%m-%d %H:%M} is before the response ({request.responded:%Y-%m-%d %H:%M})", "resolved"
        )
    values: dict[str, object] = {"resolved": at}
    if summary and summary.strip():
        values["summary"] = summary.strip()
    return set_fields(ws, ref, values, reason=reason)
