"""Change requests: see what a request moves, decide it, re-baseline, compare with a baseline.

    imp = impact(ws, "acme-crm", "export-slip-w8d1")        # nothing written
    for m in imp.moves:                                      # requested first, then what follows
        f"{m.ref}: {m.old_due} -> {m.new_due} ({m.days:+d}) {m.reason}"
    d = approve(ws, root, "acme-crm", "export-slip-w8d1", "dgreen", today)
    d.commit, d.tag, d.warning                               # one commit, baseline/acme-crm/<today>
    reject(ws, root, "acme-crm", "export-slip-w8d1", "dgreen", today, reason="no")
    ch = request(ws, "acme-crm/data-export-k3f9", new_due, "DBA on leave", "bkim", today)
    sync.commit_change(root, ch)                             # the caller commits a request
    rows = baseline_diff(root, ws, "acme-crm")               # vs the latest baseline tag

What moves (``impact``):

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

Who decides: the RACI accountable of the moved items (any of them), or the
project owner when none of them has one. Anyone else may still approve or
reject (a meeting may decide for an absent sponsor); the Decision then
carries a warning.

Approving writes the project file once (each move's due, start when it
shifted, ``baseline_due`` = the new due, the project's due when it moved,
and the change's status, decided_by, decided_on) and makes one commit with
``Ducu-Change`` and ``Approved-by`` trailers. Then it tags that commit
``baseline/<project>/<today>`` (an annotated tag; when that name is taken,
``-2``, ``-3``, ...; an existing tag is never moved). Rejecting writes
status, decided_by and decided_on and commits with a ``Rejected-by``
trailer; the reason given goes to the commit (``Ducu-Reason``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import rtoml

from . import git
from . import records as R
from .edits import Change, EditRejected, FieldChange, _one_line, add_record
from .ids import ALPHABET, id_problem, new_id
from .storage import Edit

__all__ = [
    "BaselineError", "Decision", "DiffRow", "Impact", "LateTask", "Move",
    "approval_message", "approve", "baseline_diff", "baseline_tags", "impact", "impact_of_moves",
    "latest_baseline", "rejection_message", "reject", "request", "request_moves", "tag_baseline",
]

TAG_PREFIX = "baseline"


class BaselineError(Exception):
    """A baseline cannot be read (no tag, unknown tag, a file that does not parse); the message says what to do."""


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


@dataclass(frozen=True)
class Decision:
    change: Change  # the change record's fields (status, decided_by, decided_on)
    commit: str
    tag: str | None  # the baseline tag made by an approval; None for a rejection (or when tagging failed: see warning)
    warning: str | None  # the decider is not accountable, or the tag could not be made
    impact: Impact | None = None  # what an approval applied


@dataclass(frozen=True)
class DiffRow:
    """One row of a baseline comparison: the project's due, a milestone or a task."""

    ref: str  # "acme-crm" for the project row, "acme-crm/<item>" otherwise
    kind: Literal["project", "milestone", "task"]
    title: str
    baseline: dt.date | None  # due at the baseline
    now: dt.date | None  # due in the current plan
    days: int | None  # now - baseline, when both are dates
    state: Literal["same", "moved", "added", "removed"]


# --- impact -------------------------------------------------------------------------------


def _project(ws: R.Workspace, project_id: str) -> R.Project:
    project = ws.projects.get(project_id)
    if project is None:
        raise EditRejected(f"no project `{project_id}`; projects are: {', '.join(sorted(ws.projects)) or 'none yet'}")
    return project


def _change(project: R.Project, project_id: str, change_id: str) -> R.Change:
    change = project.changes.get(change_id)
    if change is None:
        known = ", ".join(sorted(project.changes)) or "none"
        raise EditRejected(f"project `{project_id}` has no change `{change_id}`; its changes are: {known}")
    return change


def impact(ws: R.Workspace, project_id: str, change_id: str) -> Impact:
    """What approving the change would move; nothing is written."""
    project = _project(ws, project_id)
    change = _change(project, project_id, change_id)
    return impact_of_moves(project, project_id, dict(change.moves), change_id)


def impact_of_moves(project: R.Project, project_id: str, moves: dict[str, dt.date], change_id: str = "") -> Impact:
    """The impact of moving items to new due dates (``{item id: new due}``), as ``impact`` computes it."""
    items: dict[str, R.Milestone | R.Task] = {**project.tasks, **project.milestones}  # a milestone wins an id clash, as Project.item does
    kinds = {iid: ("milestone" if iid in project.milestones else "task") for iid in items}
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
                warnings.append(f"{kinds[sid]} `{sid}` starts before `{pred}` is due but has no due date; it is not moved")
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
        out.append(Move(
            ref=f"{project_id}/{iid}", title=item.title, old_due=item.due, new_due=new_due[iid], days=shift[iid],
            reason=why[iid], kind=kinds[iid], old_start=item.start, new_start=start,  # type: ignore[arg-type]
        ))
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
            late.append(LateTask(ref=f"{project_id}/{tid}", title=task.title, due=t_due, milestone=mid, milestone_due=m_due))
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
        project=project_id, change=change_id, moves=out, project_due_old=project.due, project_due_new=project_new,
        warnings=warnings, late_tasks=late, accountable=accountable,
    )


# --- deciding -----------------------------------------------------------------------------


def _decider(ws: R.Workspace, handle: str) -> R.Person:
    person = ws.people.get(handle)
    if person is None:
        raise EditRejected(f"{handle}: not in people.toml; pick one of: {', '.join(sorted(ws.people))}", "decided_by")
    return person


def _signature(ws: R.Workspace, handle: str) -> str:
    """"Name <email>" of a person, for the Approved-by / Rejected-by trailer."""
    person = ws.people[handle]
    name = _one_line(person.name or handle).replace("<", "").replace(">", "")
    email = person.emails[0].strip() if person.emails else ""
    return f"{name} <{_one_line(email)}>" if email else name


def _accountable_warning(ws: R.Workspace, imp: Impact, handle: str, verb: str) -> str | None:
    if handle in imp.accountable or not imp.accountable:
        return None
    names = ", ".join(imp.accountable)
    return f"{handle} is not accountable for what this change moves (accountable: {names}); {verb} all the same"


def _proposed(project: R.Project, project_id: str, change_id: str) -> R.Change:
    change = _change(project, project_id, change_id)
    if change.status != "proposed":
        when = f" by {change.decided_by}" if change.decided_by else ""
        when += f" on {change.decided_on}" if change.decided_on else ""
        raise EditRejected(f"change `{change_id}` is already {change.status}{when}; record a new change to move the dates again", "status")
    return change


def _check_clean(root: str | Path, rel: str) -> None:
    """Refuse before writing: the file has a conflict or changes staged by hand."""
    from .sync import StagedByOthers, _scan

    _pending, conflicted, staged = _scan(root, [rel])
    if conflicted:
        raise git.GitError(f"{rel} has an unresolved conflict; resolve it (in the app or by hand) before deciding a change in it.")
    if staged:
        raise StagedByOthers(staged)


def _write_and_commit(ws: R.Workspace, root: str | Path, project: R.Project, change_id: str,
                      sets: list[tuple[tuple[str, ...], str, Any]], message: str, env: dict[str, str] | None) -> str:
    """Write every (table, key, value) to the project file in one save, commit it; put the file back if the commit fails."""
    _check_clean(root, project.file)
    path = Path(ws.root) / project.file
    ed = Edit.open(path, root=ws.root)
    on_disk = ed.data.get("changes", {}).get(change_id)
    if not isinstance(on_disk, dict) or on_disk.get("status", "proposed") != "proposed":
        raise EditRejected(f"change `{change_id}` is no longer proposed in {project.file} (changed on disk?); reload and try again")
    before = path.read_bytes()
    for table, key, value in sets:
        ed.set(table, key, value)
    ed.save()
    try:
        return git.commit(root, [project.file], message, env={**git.LITERAL, **(env or {})})
    except git.GitError:
        if path.read_bytes() == ed.text().encode("utf-8"):
            path.write_bytes(before)
        raise


def approval_message(project_id: str, change_id: str, change: R.Change, imp: Impact, signature: str) -> str:
    """The commit message of an approval: a subject, one line per move, then the trailers."""
    subject = f"{project_id}: approve change {change_id}"
    if change.summary:
        subject += f' "{change.summary}"'
    lines = [f"{m.item_id} due {m.old_due or '(none)'} -> {m.new_due} ({m.days:+d} days, {m.reason})" for m in imp.moves]
    if imp.project_due_moves:
        lines.append(f"project due {imp.project_due_old} -> {imp.project_due_new} ({imp.project_days:+d} days)")
    trailers = [f"Ducu-Item: {project_id}/{change_id}"] + [f"Ducu-Item: {m.ref}" for m in imp.moves]
    if change.reason:
        trailers.append(f"Ducu-Reason: {_one_line(change.reason)}")
    trailers += [f"Ducu-Change: {change_id}", f"Approved-by: {signature}"]
    body = "\n".join(_one_line(line) for line in lines)
    return f"{_one_line(subject)}\n\n" + (body + "\n\n" if body else "") + "\n".join(trailers) + "\n"


def rejection_message(project_id: str, change_id: str, change: R.Change, signature: str, reason: str | None) -> str:
    subject = f"{project_id}: reject change {change_id}"
    if change.summary:
        subject += f' "{change.summary}"'
    trailers = [f"Ducu-Item: {project_id}/{change_id}", "Ducu-Field: status", "Ducu-Field: decided_by", "Ducu-Field: decided_on"]
    if reason and reason.strip():
        trailers.append(f"Ducu-Reason: {_one_line(reason)}")
    trailers += [f"Ducu-Change: {change_id}", f"Rejected-by: {signature}"]
    return f"{_one_line(subject)}\n\n" + "\n".join(trailers) + "\n"


def _decision_fields(change: R.Change, status: str, handle: str, today: dt.date) -> tuple[FieldChange, ...]:
    return (
        FieldChange("status", change.status, status),
        FieldChange("decided_by", change.decided_by, handle),
        FieldChange("decided_on", change.decided_on, today),
    )


def approve(ws: R.Workspace, root: str | Path, project_id: str, change_id: str, approver_handle: str, today: dt.date,
            *, env: dict[str, str] | None = None) -> Decision:
    """Apply the change's moves, re-baseline the moved items, commit once, tag the new baseline.

    ``env`` is added to git's environment (an identity, a date); by default
    git commits as the clone's identity. Raises EditRejected (nothing
    written) when the change is not proposed or the approver is unknown,
    git.NoIdentity / git.GitError when the commit fails (the file is put back).
    """
    project = _project(ws, project_id)
    change = _proposed(project, project_id, change_id)
    _decider(ws, approver_handle)
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
    fields = _decision_fields(change, "approved", approver_handle, today)
    sets += [(("changes", change_id), fc.field, fc.new) for fc in fields]
    message = approval_message(project_id, change_id, change, imp, _signature(ws, approver_handle))
    sha = _write_and_commit(ws, root, project, change_id, sets, message, env)
    person = ws.people[approver_handle]
    tag_message = (
        f"Baseline of {project_id} after change {change_id}, approved by {person.name or approver_handle} on {today}\n\n"
        + "".join(f"{m.item_id}: {m.old_due or '(none)'} -> {m.new_due} ({m.days:+d} days, {m.reason})\n" for m in imp.moves)
    )
    tag: str | None = None
    try:
        tag = tag_baseline(root, project_id, today, sha, tag_message, env=env)
    except git.GitError as exc:
        problem = f"approved and committed, but the baseline tag could not be made: {exc}"
        warning = f"{warning}; {problem}" if warning else problem
    ducu_change = Change(project.file, f"{project_id}/{change_id}", "set", fields, change.reason)
    return Decision(change=ducu_change, commit=sha, tag=tag, warning=warning, impact=imp)


def reject(ws: R.Workspace, root: str | Path, project_id: str, change_id: str, decider_handle: str, today: dt.date,
           reason: str | None = None, *, env: dict[str, str] | None = None) -> Decision:
    """Mark the change rejected (status, decided_by, decided_on) and commit; no date moves."""
    project = _project(ws, project_id)
    change = _proposed(project, project_id, change_id)
    _decider(ws, decider_handle)
    warning = _accountable_warning(ws, impact(ws, project_id, change_id), decider_handle, "rejected")
    fields = _decision_fields(change, "rejected", decider_handle, today)
    sets = [(("changes", change_id), fc.field, fc.new) for fc in fields]
    message = rejection_message(project_id, change_id, change, _signature(ws, decider_handle), reason)
    sha = _write_and_commit(ws, root, project, change_id, sets, message, env)
    ducu_change = Change(project.file, f"{project_id}/{change_id}", "set", fields, reason)
    return Decision(change=ducu_change, commit=sha, tag=None, warning=warning)


# --- requesting ---------------------------------------------------------------------------

_SUFFIX = re.compile(rf"-[{ALPHABET}]{{4}}$")


def request(ws: R.Workspace, ref: str, new_due: dt.date, reason: str, requested_by: str, today: dt.date) -> Change:
    """Record a proposed change moving one item (``project/item``) to ``new_due``; written, not committed.

    Commit the returned Change with sync.commit_change (its message carries the reason).
    """
    project_id, _, item_id = ref.strip().partition("/")
    return request_moves(ws, project_id, {item_id: new_due}, reason, requested_by, today)


def request_moves(ws: R.Workspace, project_id: str, moves: dict[str, dt.date], reason: str, requested_by: str,
                  today: dt.date, summary: str | None = None) -> Change:
    """Record a proposed change with several moves; the summary is made from the first move when not given."""
    project = _project(ws, project_id)
    if not moves:
        raise EditRejected("a change request moves at least one item: give the item and its new due date", "moves")
    for iid, when in moves.items():
        if project.item(iid) is None:
            raise EditRejected(f"project `{project_id}` has no milestone or task `{iid}`", "moves")
        if not isinstance(when, dt.date) or isinstance(when, dt.datetime):
            raise EditRejected(f"{iid}: the new due must be a date, not {when!r}", "moves")
    if all(project.item(iid).due == when for iid, when in moves.items()):  # type: ignore[union-attr]
        raise EditRejected(f"{', '.join(moves)} is already due {', '.join(str(w) for w in moves.values())}; nothing to request", "moves")
    if not (reason or "").strip():
        raise EditRejected("say why the dates should move (the reason is what the decider reads)", "reason")
    if requested_by not in ws.people:
        raise EditRejected(f"{requested_by}: not in people.toml; pick one of: {', '.join(sorted(ws.people))}", "requested_by")
    first, to = next(iter(moves.items()))
    item = project.item(first)
    assert item is not None
    if summary is None:
        title = item.title or first
        if item.due:
            days = (to - item.due).days
            summary = f"{title}: due {item.due} -> {to} ({days:+d} days)"
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
        "summary": summary.strip(), "requested_by": requested_by, "requested_on": today,
        "reason": reason.strip(), "status": "proposed", "moves": dict(moves),
    }
    change = add_record(ws, project_id, "changes", fields, rid=rid)
    return replace(change, reason=reason.strip())


# --- baselines (git tags) -------------------------------------------------------------------

_BAD_REF = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|@\{|\.\.|//")
_TAG_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:-(\d+))?$")


def _tag_base(project_id: str, day: dt.date) -> str:
    safe = _BAD_REF.sub("-", project_id).strip(".") or "project"
    if safe.endswith(".lock"):
        safe = safe[:-5] + "-lock"
    return f"{TAG_PREFIX}/{safe}/{day.isoformat()}"


def tag_baseline(root: str | Path, project_id: str, day: dt.date, commit: str, message: str,
                 *, env: dict[str, str] | None = None) -> str:
    """Make the annotated tag ``baseline/<project>/<day>`` on ``commit`` (-2, -3, ... when taken); its name."""
    base = _tag_base(project_id, day)
    name, n = base, 1
    while git.ref_exists(root, f"refs/tags/{name}"):
        n += 1
        name = f"{base}-{n}"
    git.run(root, "tag", "-a", "-F", "-", name, commit, env=env, input=message)
    return name


def baseline_tags(root: str | Path, project_id: str) -> list[str]:
    """The project's baseline tags, oldest first (by the date in the name, then the -N suffix, then when made)."""
    prefix = _tag_base(project_id, dt.date(2000, 1, 1)).rsplit("/", 1)[0] + "/"
    out = git.run(root, "for-each-ref", "--format=%(refname)%00%(creatordate:unix)", "refs/tags/").stdout
    found = []
    for line in out.splitlines():
        ref, _, when = line.partition("\0")
        name = ref.removeprefix("refs/tags/")
        if not name.startswith(prefix) or "/" in name[len(prefix):]:
            continue
        m = _TAG_DAY.match(name[len(prefix):])
        stamp = int(when) if when.strip().isdigit() else 0
        day = m.group(1) if m else dt.datetime.fromtimestamp(stamp, dt.timezone.utc).date().isoformat()
        found.append((day, int(m.group(2) or 1) if m else 0, stamp, name))
    return [name for *_, name in sorted(found)]


def latest_baseline(root: str | Path, project_id: str) -> str | None:
    tags = baseline_tags(root, project_id)
    return tags[-1] if tags else None


def _resolve(root: str | Path, project_id: str, tag: str | None) -> str:
    if tag is None:
        latest = latest_baseline(root, project_id)
        if latest is None:
            raise BaselineError(
                f"{project_id} has no baseline tag yet ({TAG_PREFIX}/{project_id}/<date>); approving a change makes one, "
                "or give a tag or commit to compare with"
            )
        return latest
    tag = tag.strip()
    if not tag or tag.startswith("-"):
        raise BaselineError(f"{tag!r} is not a tag or commit")
    for candidate in (f"{TAG_PREFIX}/{project_id}/{tag}", tag):
        if git.ref_exists(root, candidate):
            return candidate
    raise BaselineError(f"no tag or commit {tag!r}; the baselines of {project_id} are: {', '.join(baseline_tags(root, project_id)) or 'none yet'}")


def _due(table: Any) -> dt.date | None:
    value = table.get("due") if isinstance(table, dict) else None
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def baseline_diff(root: str | Path, ws: R.Workspace, project_id: str, tag: str | None = None) -> list[DiffRow]:
    """The current plan against a baseline: the project's due, then every milestone, then every task.

    ``tag`` is a baseline tag (``baseline/acme-crm/2026-11-20``, or just
    ``2026-11-20``) or any commit; by default the project's latest baseline
    tag. The project file is read as it was there (``git show TAG:projects/<p>.toml``).
    """
    project = _project(ws, project_id)
    rev = _resolve(root, project_id, tag)
    proc = git.run(root, "show", f"{rev}:./{project.file}", check=False)
    if proc.returncode != 0:
        old: dict[str, Any] = {}  # the project did not exist there: everything is added
    else:
        try:
            old = rtoml.loads(proc.stdout)
        except Exception as exc:
            raise BaselineError(f"{project.file} at {rev} is not valid TOML ({exc}); pick another baseline") from None
    rows = [_row(project_id, "project", project.title, _due(old.get("project")), project.due, project_id, bool(old), True)]
    for table, kind in (("milestones", "milestone"), ("tasks", "task")):
        then = old.get(table) if isinstance(old.get(table), dict) else {}
        now = getattr(project, table)
        for iid, item in now.items():
            rows.append(_row(project_id, kind, item.title, _due(then.get(iid)), item.due, f"{project_id}/{iid}", iid in then, True))
        for iid, fields in then.items():
            if iid not in now:
                title = fields.get("title", "") if isinstance(fields, dict) else ""
                rows.append(_row(project_id, kind, str(title), _due(fields), None, f"{project_id}/{iid}", True, False))
    return rows


def _row(project_id: str, kind: Any, title: str, base: dt.date | None, now: dt.date | None, ref: str, was: bool, is_: bool) -> DiffRow:
    days = (now - base).days if base and now else None
    state: Any = "added" if not was else "removed" if not is_ else "moved" if base != now else "same"
    return DiffRow(ref=ref, kind=kind, title=title, baseline=base, now=now, days=days, state=state)
