"""Deciding change requests: record one, approve it (re-baseline, one commit, a tag) or reject it.

    ch = request(ws, "acme-crm/data-export-k3f9", new_due, "DBA on leave", "bkim", today)
    git.commit.commit_change(root, ch)                             # the caller commits a request
    d = approve(ws, root, "acme-crm", "export-slip-w8d1", "dgreen", today)
    d.commit, d.tag, d.warning                               # one commit, baseline/acme-crm/<today>
    reject(ws, root, "acme-crm", "export-slip-w8d1", "dgreen", today, reason="no")

Who decides: the RACI accountable of the moved items (changes/assessment.py).
Anyone else may still approve or reject (a meeting may decide for an absent
sponsor); the Decision then carries a warning.

Approving writes the project file once (each move's due, start when it
shifted, ``baseline_due`` = the new due, the project's due when it moved,
and the change's status, decided_by, decided_on) and makes one commit with
``Ducu-Change`` and ``Approved-by`` trailers. Then it tags that commit
``baseline/<project>/<today>`` (baselines.py). Rejecting writes status,
decided_by and decided_on and commits with a ``Rejected-by`` trailer; the
reason given goes to the commit (``Ducu-Reason``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from workspace_schema.changes.assessment import Impact, find_change, find_project, impact
from workspace_schema.changes.baselines import tag_baseline
from workspace_schema.core import records as R
from workspace_schema.core.dates import signed_days
from workspace_schema.core.ids import ALPHABET, id_problem, new_id
from workspace_schema.edit.edits import AppliedEdit, FieldEdit, _one_line, add_record
from workspace_schema.edit.storage import Edit
from workspace_schema.edit.values import EditRejected
from workspace_schema.git import runner as git
from workspace_schema.git.commit import StagedByOthers
from workspace_schema.git.status import scan


@dataclass(frozen=True)
class Decision:
    change: AppliedEdit  # the change record's fields (status, decided_by, decided_on)
    commit: str
    tag: str | None  # the baseline tag made by an approval; None for a rejection (or when tagging failed: see warning)
    warning: str | None  # the decider is not accountable, or the tag could not be made
    impact: Impact | None = None  # what an approval applied


def _known_person(ws: R.Workspace, handle: str, field: str) -> None:
    """Refuse a handle people.toml does not list (``field`` is the field the message is about)."""
    if handle not in ws.people:
        raise EditRejected(f"{handle}: not in people.toml; pick one of: {', '.join(sorted(ws.people))}", field)


def _signature(ws: R.Workspace, handle: str) -> str:
    """ "Name <email>" of a person, for the Approved-by / Rejected-by trailer."""
    person = ws.people[handle]
    name = _one_line(person.name or handle).replace("<", "").replace(">", "")
    email = person.emails[0].strip() if person.emails else ""
    return f"{name} <{_one_line(email)}>" if email else name


def _accountable_warning(ws: R.Workspace, imp: Impact, handle: str, verb: str) -> str | None:
    if handle in imp.accountable or not imp.accountable:
        return None
    names = ", ".join(imp.accountable)
    return f"{handle} is not accountable for what this change moves (accountable: {names}); {verb} all the same"


def _proposed(project: R.Project, project_id: str, change_id: str) -> R.ChangeRequest:
    change = find_change(project, project_id, change_id)
    if change.status != "proposed":
        when = f" by {change.decided_by}" if change.decided_by else ""
        when += f" on {change.decided_on}" if change.decided_on else ""
        raise EditRejected(
            f"change `{change_id}` is already {change.status}{when}; record a new change to move the dates again",
            "status",
        )
    return change


def _check_clean(root: str | Path, rel: str) -> None:
    """Refuse before writing: the file has a conflict or changes staged by hand."""
    _pending, conflicted, staged = scan(root, [rel])
    if conflicted:
        raise git.GitError(
            f"{rel} has an unresolved conflict; resolve it (in the app or by hand) before deciding a change in it."
        )
    if staged:
        raise StagedByOthers(staged)


def _write_and_commit(
    ws: R.Workspace,
    root: str | Path,
    project: R.Project,
    change_id: str,
    sets: Sequence[tuple[tuple[str, ...], str, Any]],
    message: str,
    env: dict[str, str] | None,
) -> str:
    """Write every (table, key, value) to the project file in one save, commit it; put the file back if the commit fails."""
    _check_clean(root, project.file)
    path = Path(ws.root) / project.file
    ed = Edit.open(path, root=ws.root)
    on_disk = ed.data.get("changes", {}).get(change_id)
    if not isinstance(on_disk, dict) or on_disk.get("status", "proposed") != "proposed":
        raise EditRejected(
            f"change `{change_id}` is no longer proposed in {project.file} (changed on disk?); reload and try again"
        )
    before = path.read_bytes()
    for table, key, value in sets:
        ed.set(table, key, value)
    ed.save()
    try:
        return git.commit(root, [project.file], message, env={**git.LITERAL, **(env or {})})
    except git.GitError:
        # Unstage what `git add` staged (the file was clean before: _check_clean), and put the file
        # back only if it is still exactly what we wrote.
        git.run(root, "reset", "-q", "--", project.file, check=False, env=git.LITERAL)
        if path.read_bytes() == ed.text().encode("utf-8"):
            path.write_bytes(before)
        raise


def approval_message(project_id: str, change_id: str, change: R.ChangeRequest, imp: Impact, signature: str) -> str:
    """The commit message of an approval: a subject, one line per move, then the trailers."""
    subject = f"{project_id}: approve change {change_id}"
    if change.summary:
        subject += f' "{change.summary}"'
    lines = [
        f"{m.item_id} due {m.old_due or '(none)'} -> {m.new_due} ({signed_days(m.days)}, {m.reason})" for m in imp.moves
    ]
    if imp.project_due_moves:
        lines.append(f"project due {imp.project_due_old} -> {imp.project_due_new} ({signed_days(imp.project_days)})")
    trailers = [f"Ducu-Item: {project_id}/{change_id}"] + [f"Ducu-Item: {m.ref}" for m in imp.moves]
    if change.reason:
        trailers.append(f"Ducu-Reason: {_one_line(change.reason)}")
    trailers += [f"Ducu-Change: {change_id}", f"Approved-by: {signature}"]
    body = "\n".join(_one_line(line) for line in lines)
    return f"{_one_line(subject)}\n\n" + (body + "\n\n" if body else "") + "\n".join(trailers) + "\n"


def rejection_message(
    project_id: str, change_id: str, change: R.ChangeRequest, signature: str, reason: str | None
) -> str:
    subject = f"{project_id}: reject change {change_id}"
    if change.summary:
        subject += f' "{change.summary}"'
    trailers = [
        f"Ducu-Item: {project_id}/{change_id}",
        "Ducu-Field: status",
        "Ducu-Field: decided_by",
        "Ducu-Field: decided_on",
    ]
    if reason and reason.strip():
        trailers.append(f"Ducu-Reason: {_one_line(reason)}")
    trailers += [f"Ducu-Change: {change_id}", f"Rejected-by: {signature}"]
    return f"{_one_line(subject)}\n\n" + "\n".join(trailers) + "\n"


def _decision_fields(change: R.ChangeRequest, status: str, handle: str, today: dt.date) -> tuple[FieldEdit, ...]:
    return (
        FieldEdit("status", change.status, status),
        FieldEdit("decided_by", change.decided_by, handle),
        FieldEdit("decided_on", change.decided_on, today),
    )


def approve(
    ws: R.Workspace,
    root: str | Path,
    project_id: str,
    change_id: str,
    approver_handle: str,
    today: dt.date,
    *,
    env: dict[str, str] | None = None,
) -> Decision:
    """Apply the change's moves, re-baseline the moved items, commit once, tag the new baseline.

    ``env`` is added to git's environment (an identity, a date); by default
    git commits as the clone's identity. Raises EditRejected (nothing
    written) when the change is not proposed or the approver is unknown,
    git.NoIdentity / git.GitError when the commit fails (the file is put back).
    """
    project = find_project(ws, project_id)
    change = _proposed(project, project_id, change_id)
    _known_person(ws, approver_handle, "decided_by")
    imp = impact(ws, project_id, change_id)
    if not imp.moves:
        raise EditRejected(f"change `{change_id}` moves nothing this project has; reject it or fix its moves", "moves")
    warning = _accountable_warning(ws, imp, approver_handle, "approved")
    sets: list[tuple[tuple[str, ...], str, Any]] = []
    for m in imp.moves:
        if m.new_start is not None and m.new_start != m.old_start:
            sets.append(((m.table, m.item_id), "start", m.new_start))
        sets.append(((m.table, m.item_id), "due", m.new_due))
        sets.append(((m.table, m.item_id), "baseline_due", m.new_due))
    if imp.project_due_moves and imp.project_due_new is not None:
        sets.append((("project",), "due", imp.project_due_new))
    moved_from = {m.item_id: m.old_due for m in imp.moves if m.old_due is not None}
    fields = (
        *_decision_fields(change, "approved", approver_handle, today),
        FieldEdit("moved_from", dict(change.moved_from) or None, moved_from),
    )
    sets += [(("changes", change_id), fc.field, fc.new) for fc in fields]
    message = approval_message(project_id, change_id, change, imp, _signature(ws, approver_handle))
    sha = _write_and_commit(ws, root, project, change_id, sets, message, env)
    person = ws.people[approver_handle]
    tag_message = (
        f"Baseline of {project_id} after change {change_id}, approved by {person.name or approver_handle} on {today}\n\n"
        + "".join(
            f"{m.item_id}: {m.old_due or '(none)'} -> {m.new_due} ({signed_days(m.days)}, {m.reason})\n"
            for m in imp.moves
        )
    )
    tag: str | None = None
    try:
        tag = tag_baseline(root, project_id, today, sha, tag_message, env=env)
    except git.GitError as exc:
        problem = f"approved and committed, but the baseline tag could not be made: {exc}"
        warning = f"{warning}; {problem}" if warning else problem
    ducu_change = AppliedEdit(project.file, f"{project_id}/{change_id}", "set", fields, change.reason)
    return Decision(change=ducu_change, commit=sha, tag=tag, warning=warning, impact=imp)


def reject(
    ws: R.Workspace,
    root: str | Path,
    project_id: str,
    change_id: str,
    decider_handle: str,
    today: dt.date,
    reason: str | None = None,
    *,
    env: dict[str, str] | None = None,
) -> Decision:
    """Mark the change rejected (status, decided_by, decided_on) and commit; no date moves."""
    project = find_project(ws, project_id)
    change = _proposed(project, project_id, change_id)
    _known_person(ws, decider_handle, "decided_by")
    warning = _accountable_warning(ws, impact(ws, project_id, change_id), decider_handle, "rejected")
    fields = _decision_fields(change, "rejected", decider_handle, today)
    sets = [(("changes", change_id), fc.field, fc.new) for fc in fields]
    message = rejection_message(project_id, change_id, change, _signature(ws, decider_handle), reason)
    sha = _write_and_commit(ws, root, project, change_id, sets, message, env)
    ducu_change = AppliedEdit(project.file, f"{project_id}/{change_id}", "set", fields, reason)
    return Decision(change=ducu_change, commit=sha, tag=None, warning=warning)


_SUFFIX = re.compile(rf"-[{ALPHABET}]{{4}}$")


def request(ws: R.Workspace, ref: str, new_due: dt.date, reason: str, requested_by: str, today: dt.date) -> AppliedEdit:
    """Record a proposed change moving one item (``project/item``) to ``new_due``; written, not committed.

    Commit the returned AppliedEdit with git.commit.commit_change (its message carries the reason).
    """
    project_id, _, item_id = ref.strip().partition("/")
    return request_moves(ws, project_id, {item_id: new_due}, reason, requested_by, today)


def request_moves(
    ws: R.Workspace,
    project_id: str,
    moves: dict[str, dt.date],
    reason: str,
    requested_by: str,
    today: dt.date,
    summary: str | None = None,
) -> AppliedEdit:
    """Record a proposed change with several moves; the summary is made from the first move when not given."""
    project = find_project(ws, project_id)
    if not moves:
        raise EditRejected("a change request moves at least one item: give the item and its new due date", "moves")
    for iid, when in moves.items():
        if project.item(iid) is None:
            raise EditRejected(f"project `{project_id}` has no milestone or task `{iid}`", "moves")
        if not isinstance(when, dt.date) or isinstance(when, dt.datetime):
            raise EditRejected(f"{iid}: the new due must be a date, not {when!r}", "moves")
    if all(project.item(iid).due == when for iid, when in moves.items()):  # type: ignore[union-attr]
        raise EditRejected(
            f"{', '.join(moves)} is already due {', '.join(str(w) for w in moves.values())}; nothing to request",
            "moves",
        )
    if not (reason or "").strip():
        raise EditRejected("say why the dates should move (the reason is what the decider reads)", "reason")
    _known_person(ws, requested_by, "requested_by")
    first, to = next(iter(moves.items()))
    item = project.item(first)
    assert item is not None
    if summary is None:
        title = item.title or first
        if item.due:
            days = (to - item.due).days
            summary = f"{title}: due {item.due} -> {to} ({signed_days(days)})"
        else:
            summary = f"{title}: due {to}"
        if len(moves) > 1:
            summary += f", and {len(moves) - 1} more"
    later = bool(item.due and to > item.due)
    base = _SUFFIX.sub("", first)[:40].rstrip("-") or "change"
    taken = {i for t in R.ITEM_KINDS for i in getattr(project, t)}
    rid = new_id(f"{base} {'slip' if later or not item.due else 'move'}", taken)
    if id_problem(rid):
        rid = new_id("change", taken)
    fields: dict[str, Any] = {
        "summary": summary.strip(),
        "requested_by": requested_by,
        "requested_on": today,
        "reason": reason.strip(),
        "status": "proposed",
        "moves": dict(moves),
    }
    change = add_record(ws, project_id, "changes", fields, rid=rid)
    return replace(change, reason=reason.strip())
