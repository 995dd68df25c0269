"""The client accepts a milestone: who signed it off, when, and the evidence.

    change = accept_milestone(ws, "acme-crm/uat-signoff-7hq2", "lchen", today, evidence="https://...")
    git.commit.commit_change(root, change)     # one commit, with an ``Accepted-by: lchen`` trailer

Only a milestone that is done can be accepted (mark it done first); an
unknown person is refused with the list of people; a milestone accepted
already is left as it is (an AppliedEdit without fields: nothing to
commit), and ``acceptance_text`` says by whom and when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from workspace_schema.core import records as R
from workspace_schema.edit.edits import KIND_NAMES, AppliedEdit, locate, set_fields
from workspace_schema.edit.values import EditRejected


def acceptance_text(milestone: R.Milestone) -> str:
    """ "accepted by lchen on 2026-11-20: https://..." ("" when nobody accepted it yet)."""
    if not (milestone.accepted_by or milestone.accepted_on):
        return ""
    text = "accepted"
    if milestone.accepted_by:
        text += f" by {milestone.accepted_by}"
    if milestone.accepted_on:
        text += f" on {milestone.accepted_on.isoformat()}"
    if milestone.evidence:
        text += f": {milestone.evidence}"
    return text


def check_acceptance(ws: R.Workspace, ref: str, by: str, on: dt.date, today: dt.date) -> R.Milestone | None:
    """What accept_milestone refuses, without writing; the milestone, or None when it is accepted already."""
    target = locate(ws, ref)
    if target.cls is not R.Milestone:
        kind = KIND_NAMES.get(target.path[0], target.path[0])
        raise EditRejected(f"{ref} is a {kind}; only milestones are accepted by the client")
    milestone: R.Milestone = target.record
    if milestone.accepted_by or milestone.accepted_on:
        return None
    if milestone.status != "done":
        raise EditRejected(
            f"{ref} is {milestone.status}, not done: mark it done first (`ducu done {ref}`, or status in the app), "
            "then record who accepted it",
            "status",
        )
    if by not in ws.people:
        raise EditRejected(f"{by}: not in people.toml; pick one of: {', '.join(sorted(ws.people))}", "accepted_by")
    if on > today:
        raise EditRejected(f"accepted_on {on.isoformat()} is after today ({today.isoformat()})", "accepted_on")
    if milestone.done_on is not None and on < milestone.done_on:
        raise EditRejected(
            f"accepted_on {on.isoformat()} is before the milestone was done ({milestone.done_on.isoformat()})",
            "accepted_on",
        )
    return milestone


def accept_milestone(
    ws: R.Workspace,
    ref: str,
    by: str,
    today: dt.date,
    *,
    on: dt.date | None = None,
    evidence: str | None = None,
    reason: str | None = None,
) -> AppliedEdit:
    """Record that ``by`` accepted the done milestone ``ref`` on ``on`` (default ``today``), in one write.

    ``today`` is the workspace's today (clock.today(ws.settings.timezone)).
    The AppliedEdit carries an ``Accepted-by: <handle>`` trailer; for a
    milestone accepted already it has no fields and nothing is written.
    """
    on = on or today
    if check_acceptance(ws, ref, by, on, today) is None:
        return AppliedEdit(locate(ws, ref).file, ref, "set", (), reason)
    values: dict[str, object] = {"accepted_by": by, "accepted_on": on}
    if evidence and evidence.strip():
        values["evidence"] = evidence.strip()
    change = set_fields(ws, ref, values, reason=reason)
    return replace(change, signed=(f"Accepted-by: {by}",)) if change.fields else change
