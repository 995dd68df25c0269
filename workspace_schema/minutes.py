"""The minutes of a review meeting: a draft the screen fills, kept safe until it is finished in one commit.

    from workspace_schema import minutes
    draft = minutes.load_draft(root, "acme-crm") or minutes.new_draft(ws, "acme-crm", today, findings)
    minutes.record(draft, 0, "done")                                   # item 0 of the agenda is done
    minutes.record(draft, 1, "moved", new_due=date(2026, 12, 18), reason="DBA on leave")
    minutes.record(draft, 2, "action", action=minutes.NewAction(title="Call Dana", owner="hannah", due=...))
    draft.attendees = ["hannah", "dgreen"]; draft.decisions.append("..."); draft.satisfaction = 4
    minutes.save_draft(root, draft)                                    # after every change: a crash loses nothing
    minutes.problems(ws, draft)                                        # what finish would refuse, as a list
    result = minutes.finish(ws, draft, today)                          # review file + every edit, ONE commit

The draft lives in the clone's git dir (``<git-dir>/ducu/review-drafts/<project>.msgpack``,
written atomically), never in the working tree: it is one person's meeting in
progress, not part of the plan. Outside a git repository it goes to the user's
cache folder (``$XDG_CACHE_HOME/ducu/review-drafts/<hash of the folder>/``).

``finish`` checks everything first (the same checks as the app's edits, see
edits.py), writes nothing when a check fails, then writes the review file
(``reviews/<held_on>-<project>.toml``, a new file) and the project file (opened
once with storage.Edit, every change applied, saved once) and commits both in
one commit. When a write or the commit fails, the files it already wrote are
put back as they were, so nothing is left half done, and the draft is kept.
The draft is deleted only after the commit.

What each outcome does to the plan:

==========  =======================================================================
done        a milestone or task: status = "done", done_on = held_on;
            a risk whose drill is due: last_drill = held_on
moved       due = new_due (the reason goes to the minutes and the commit)
reassigned  owner = new_owner
action      a new task in the project: title, owner, due, start = held_on, status
            todo, the milestone of the agenda item, raci (owner responsible; the
            project owner accountable, or the owner when they are at the
            client); its id goes to review.actions
noted       nothing (the note goes to the minutes)
skipped     nothing; an item nobody recorded an outcome for is written as
            skipped with the note "not discussed"
==========  =======================================================================
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import rtoml
from msgspec import Struct

from . import records as R
from .agenda import AgendaItem
from .agenda import build as build_agenda
from .agenda import previous_review
from .atomic import ABSENT, atomic_write, sha256_of
from .findings import Finding
from .ids import new_id
from .records import Outcome
from .schema import schema_comment
from .storage import Edit, EditError, StaleFile, render_key, render_value

__all__ = [
    "DRAFT_VERSION",
    "Draft",
    "DraftError",
    "DraftItem",
    "FinishRejected",
    "FinishResult",
    "MinutesError",
    "NewAction",
    "Problem",
    "delete_draft",
    "draft_path",
    "drafts",
    "finish",
    "load_draft",
    "new_draft",
    "problems",
    "record",
    "review_id",
    "save_draft",
    "to_markdown",
]

DRAFT_VERSION = 1
OUTCOMES: tuple[Outcome, ...] = ("done", "moved", "reassigned", "noted", "action", "skipped")
NOT_DISCUSSED = "not discussed"


class MinutesError(Exception):
    """The minutes cannot be saved or finished; the message says why and what to do."""


class DraftError(MinutesError):
    """A draft cannot be written or read (the file is kept as it is)."""


@dataclass(frozen=True)
class Problem:
    """One reason finish would refuse: ``where`` is "item 3" / "attendees" / "action 1" / "review"."""

    where: str
    message: str
    index: int | None = None  # the agenda item's index in draft.items, when it is about one
    field: str = ""

    def text(self) -> str:
        return f"{self.where}: {self.message}"


class FinishRejected(MinutesError):
    """finish checked the draft and wrote nothing; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("the minutes were not written: " + "; ".join(p.text() for p in problems))


# --- the draft -----------------------------------------------------------------------


class NewAction(Struct, kw_only=True):
    """An action item: a task to create when the meeting is finished."""

    title: str = ""
    owner: str | None = None
    due: dt.date | None = None
    id: str | None = None  # chosen at finish unless set


class DraftItem(Struct, kw_only=True):
    """One agenda item as the meeting treats it."""

    ref: str  # "project/item", or "project" for a check-in
    kind: str  # the agenda kind ("overdue", "risk", ...)
    title: str
    why: str = ""
    actions: list[str] = []  # the outcomes that apply (agenda.AgendaItem.actions)
    table: str | None = None
    carried_from: str | None = None
    outcome: Outcome | None = None  # None until recorded
    note: str | None = None
    new_due: dt.date | None = None  # moved
    reason: str | None = None  # moved: why the date moves
    new_owner: str | None = None  # reassigned
    action: NewAction | None = None  # action

    @property
    def item_id(self) -> str | None:
        return self.ref.partition("/")[2] or None


class Draft(Struct, kw_only=True):
    """A review meeting in progress. Plain data: the screen changes fields and calls save_draft."""

    project: str
    held_on: dt.date
    version: int = DRAFT_VERSION
    attendees: list[str] = []
    items: list[DraftItem] = []
    decisions: list[str] = []
    actions: list[NewAction] = []  # action items not tied to one agenda item
    satisfaction: int | None = None  # 1..5
    satisfaction_comment: str | None = None
    current: int = 0  # the agenda item on screen, so a resumed meeting opens where it stopped


def draft_item(item: AgendaItem) -> DraftItem:
    return DraftItem(ref=item.ref, kind=item.kind, title=item.title, why=item.why, actions=list(item.actions),
                     table=item.table, carried_from=item.carried_from)


def new_draft(ws: R.Workspace, project_id: str, today: dt.date, findings: list[Finding] | tuple = ()) -> Draft:
    """A fresh draft for a meeting held today: the project's agenda, nothing recorded yet.

    The attendees start as those of the previous review (who are still in
    people.toml): usually the same people meet every week; the screen edits
    the list.
    """
    agenda = build_agenda(ws, today, project_id, findings)
    last = previous_review(ws, project_id, today)
    attendees = [a for a in last[1].attendees if a in ws.people] if last is not None else []
    return Draft(project=project_id, held_on=today, attendees=attendees, items=[draft_item(a) for a in agenda])


def record(draft: Draft, index: int | str, outcome: Outcome | None, *, note: str | None = None,
           new_due: dt.date | None = None, reason: str | None = None, new_owner: str | None = None,
           action: NewAction | None = None) -> DraftItem:
    """Record the outcome of agenda item ``index`` (its position or its ref); None clears it.

    Checks the shape (the outcome applies to the item; moved has new_due,
    reassigned new_owner, action a NewAction); finish checks the values
    against the workspace. Raises MinutesError.
    """
    item = _item_at(draft, index)
    if outcome is not None and outcome not in OUTCOMES:
        raise MinutesError(f"{outcome!r} is not an outcome; outcomes are: {', '.join(OUTCOMES)}")
    if outcome is not None and item.actions and outcome not in item.actions:
        raise MinutesError(f"{item.title}: {outcome} does not apply to this item; it can be: {', '.join(item.actions)}")
    if outcome == "moved" and new_due is None:
        raise MinutesError(f"{item.title}: a new date is needed to move it")
    if outcome == "reassigned" and not new_owner:
        raise MinutesError(f"{item.title}: name the new owner")
    if outcome == "action" and (action is None or not action.title.strip()):
        raise MinutesError(f"{item.title}: an action item needs a title (and an owner and a due date)")
    item.outcome = outcome
    item.note = note if note else None
    item.new_due = new_due if outcome == "moved" else None
    item.reason = reason if outcome == "moved" and reason else None
    item.new_owner = new_owner if outcome == "reassigned" else None
    item.action = action if outcome == "action" else None
    return item


def _item_at(draft: Draft, index: int | str) -> DraftItem:
    if isinstance(index, str):
        for item in draft.items:
            if item.ref == index:
                return item
        raise MinutesError(f"{index} is not on this meeting's agenda")
    if not 0 <= index < len(draft.items):
        raise MinutesError(f"the agenda has {len(draft.items)} items; there is no item {index}")
    return draft.items[index]


# --- keeping the draft ------------------------------------------------------------------

_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(Draft)


def _git_dir(root: Path) -> Path | None:
    from .load_cache import git_dir  # finds the git dir without running git

    return git_dir(root.resolve())


def _drafts_folder(root: str | os.PathLike[str]) -> Path:
    root = Path(root)
    gd = _git_dir(root)
    if gd is not None:
        return gd / "ducu" / "review-drafts"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    tag = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return base / "ducu" / "review-drafts" / tag


def draft_path(root: str | os.PathLike[str], project_id: str) -> Path:
    """Where the draft of ``project_id``'s meeting is kept."""
    from .ids import id_problem

    problem = id_problem(project_id)
    if problem:
        raise DraftError(f"project id {project_id!r}: {problem}")
    return _drafts_folder(root) / f"{project_id}.msgpack"


def save_draft(root: str | os.PathLike[str], draft: Draft) -> Path:
    """Write the draft atomically (the old one stays whole if this is interrupted); its path."""
    path = draft_path(root, draft.project)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, _ENCODER.encode(draft))
    except OSError as exc:
        raise DraftError(f"cannot save the review draft to {path}: {exc.strerror or exc}") from None
    return path


def load_draft(root: str | os.PathLike[str], project_id: str) -> Draft | None:
    """The saved draft of ``project_id``'s meeting, or None when there is none.

    A file that cannot be read as a draft raises DraftError and is left
    where it is (it may be a newer ducu's, or worth rescuing).
    """
    path = draft_path(root, project_id)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DraftError(f"cannot read the review draft {path}: {exc.strerror or exc}") from None
    try:
        draft = _DECODER.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise DraftError(f"{path} is not a review draft this ducu can read ({exc}); it was left as it is") from None
    if draft.version != DRAFT_VERSION:
        raise DraftError(f"{path} is a version {draft.version} draft; this ducu reads version {DRAFT_VERSION}")
    return draft


def delete_draft(root: str | os.PathLike[str], project_id: str) -> bool:
    """Remove the draft; False when there was none."""
    try:
        draft_path(root, project_id).unlink()
    except FileNotFoundError:
        return False
    return True


def drafts(root: str | os.PathLike[str]) -> list[str]:
    """Project ids with a meeting in progress (a saved draft), sorted."""
    folder = _drafts_folder(root)
    try:
        return sorted(p.name[: -len(".msgpack")] for p in folder.iterdir() if p.name.endswith(".msgpack"))
    except OSError:
        return []


# --- checking -------------------------------------------------------------------------------


def review_id(draft: Draft) -> str:
    """The review's id and file stem: "2026-11-27-acme-crm"."""
    return f"{draft.held_on.isoformat()}-{draft.project}"


@dataclass
class _Plan:
    """Everything finish will write, worked out before anything is written."""

    sets: list[tuple[str, tuple[str, ...], dict[str, Any], str | None]]  # (ref, table path, values, reason)
    tasks: list[tuple[str, dict[str, Any], DraftItem | None]]  # (task id, fields, the agenda item or None)
    problems: list[Problem]


def problems(ws: R.Workspace, draft: Draft) -> list[Problem]:
    """Every reason finish would refuse the draft (empty when it would write it)."""
    return _plan(ws, draft).problems


def _plan(ws: R.Workspace, draft: Draft) -> _Plan:
    from . import edits

    plan = _Plan([], [], [])
    bad = plan.problems.append
    project = ws.projects.get(draft.project)
    if project is None:
        bad(Problem("review", f"no project `{draft.project}` in this workspace"))
        return plan
    unknown = [a for a in draft.attendees if a not in ws.people]
    if unknown:
        bad(Problem("attendees", f"{', '.join(unknown)}: not in people.toml", field="attendees"))
    if draft.satisfaction is not None and not 1 <= draft.satisfaction <= 5:
        bad(Problem("satisfaction", f"is 1 to 5, not {draft.satisfaction}", field="satisfaction"))
    rel = f"reviews/{review_id(draft)}.toml"
    if (Path(ws.root) / rel).exists() or review_id(draft) in ws.reviews:
        bad(Problem("review", f"{rel} already exists: a review of {draft.project} on {draft.held_on} is recorded; "
                    "finish this one another day or add to that file by hand"))
    taken = {i for t in R.ITEM_KINDS for i in getattr(project, t)}
    held = draft.held_on

    def new_task(where: str, index: int | None, action: NewAction, item: DraftItem | None) -> None:
        title = (action.title or "").strip()
        if not title:
            bad(Problem(where, "an action item needs a title", index, "action.title"))
            return
        if not action.owner:
            bad(Problem(where, f"“{title}” needs an owner", index, "action.owner"))
            return
        if action.due is None:
            bad(Problem(where, f"“{title}” needs a due date", index, "action.due"))
            return
        if action.due < held:
            bad(Problem(where, f"“{title}” is due {action.due}, before the meeting ({held})", index, "action.due"))
            return
        tid = action.id or new_id(title, taken)
        if tid in taken:
            bad(Problem(where, f"task id {tid} is taken", index, "action.id"))
            return
        taken.add(tid)
        fields: dict[str, Any] = {"title": title}
        milestone = _milestone_of(project, item)
        if milestone:
            fields["milestone"] = milestone
        fields["side"] = "client" if ws.is_client_side(action.owner) else "team"
        fields["owner"] = action.owner
        fields["status"] = "todo"
        fields["start"] = held
        fields["due"] = action.due
        about = f" about {item.item_id}" if item is not None and item.item_id else ""
        fields["notes"] = f"Action item from the review of {held}{about}."
        # the client's own people answer to the client (rule RACI004), ours to the project's lead
        accountable = action.owner if ws.is_client_side(action.owner) or project.owner not in ws.people else project.owner
        fields["raci"] = {"responsible": [action.owner], "accountable": accountable}
        try:
            edits.check_new(ws, R.Task, fields, draft.project)
        except edits.EditRejected as exc:
            bad(Problem(where, f"“{title}”: {exc}", index, f"action.{exc.field}" if exc.field else "action"))
            return
        plan.tasks.append((tid, fields, item))

    for index, item in enumerate(draft.items):
        where = f"item {index + 1} ({item.title})"
        outcome = item.outcome
        if outcome is None or outcome in ("noted", "skipped"):
            continue
        if item.actions and outcome not in item.actions:
            bad(Problem(where, f"{outcome} does not apply to it", index, "outcome"))
            continue
        if outcome == "action":
            if item.action is None:
                bad(Problem(where, "the action item is missing", index, "action"))
            else:
                new_task(where, index, item.action, item)
            continue
        iid = item.item_id
        table = item.table
        values: dict[str, Any]
        if outcome == "done" and table in ("milestones", "tasks"):
            values = {"status": "done", "done_on": held}
        elif outcome == "done" and table == "risks":
            values = {"last_drill": held}
        elif outcome == "moved" and table in ("milestones", "tasks"):
            if item.new_due is None:
                bad(Problem(where, "moved needs a new date", index, "new_due"))
                continue
            values = {"due": item.new_due}
        elif outcome == "reassigned" and table in ("milestones", "tasks"):
            if not item.new_owner:
                bad(Problem(where, "reassigned needs the new owner", index, "new_owner"))
                continue
            values = {"owner": item.new_owner}
        else:
            bad(Problem(where, f"{outcome} does not apply to a {item.kind} item", index, "outcome"))
            continue
        ref = f"{draft.project}/{iid}"
        try:
            target = edits.check_fields(ws, ref, values)
        except edits.EditRejected as exc:
            bad(Problem(where, str(exc), index, exc.field))
            continue
        record_ = target.record
        if outcome == "moved" and getattr(record_, "start", None) and item.new_due < record_.start:
            bad(Problem(where, f"the new date {item.new_due} is before its start {record_.start}; "
                        "move the start too (in the plan), or pick a later date", index, "new_due"))
            continue
        plan.sets.append((ref, target.path, values, item.reason if outcome == "moved" else None))

    for n, action in enumerate(draft.actions):
        new_task(f"action {n + 1}", None, action, None)
    return plan


def _milestone_of(project: R.Project, item: DraftItem | None) -> str | None:
    if item is None or not item.item_id:
        return None
    if item.table == "milestones" and item.item_id in project.milestones:
        return item.item_id
    if item.table == "tasks":
        task = project.tasks.get(item.item_id)
        if task is not None and task.milestone in project.milestones:
            return task.milestone
    return None


# --- finishing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FinishResult:
    review_id: str  # "2026-11-27-acme-crm"
    review_file: str  # "reviews/2026-11-27-acme-crm.toml"
    files: tuple[str, ...]  # every file written, relative to the workspace root
    commit: str | None  # None when the workspace is not a git repository (files saved, not committed)
    subject: str  # "Review acme-crm 2026-11-27: 3 done, 2 moved, 4 actions"
    counts: dict[str, int]  # outcome -> how many agenda items had it (undiscussed count as skipped)
    tasks: tuple[str, ...]  # ids of the tasks created (review.actions)


def finish(ws: R.Workspace, draft: Draft, today: dt.date) -> FinishResult:
    """Write the review file and every edit of the meeting, commit them in ONE commit, delete the draft.

    Raises FinishRejected (nothing written) when a check fails, MinutesError
    when a write or the commit fails (what was written is put back; the draft
    is kept), git.NoIdentity when git does not know who is committing.
    """
    from . import git

    plan = _plan(ws, draft)
    if plan.problems:
        raise FinishRejected(plan.problems)
    project = ws.projects[draft.project]
    root = Path(ws.root)
    rid = review_id(draft)
    review_rel = f"reviews/{rid}.toml"
    project_rel = project.file or f"projects/{draft.project}.toml"
    is_repo = git.is_repo(root)
    if is_repo:
        if git.identity(root) is None:
            raise git.NoIdentity()
        from .sync import _scan  # the same checks commit_change makes

        _pending, conflicted, staged = _scan(root, [project_rel, review_rel])
        if conflicted:
            raise MinutesError(f"{', '.join(conflicted)} has an unresolved conflict; resolve it before finishing the review (the draft is kept)")
        if staged:
            raise MinutesError(f"{', '.join(staged)} holds changes staged by hand (git add); commit or unstage them first (the draft is kept)")

    # every change of the project file, in memory
    try:
        ed = Edit.open(root / project_rel, root=root)
        for ref, path, values, _reason in plan.sets:
            node: Any = ed.data
            for part in path:
                node = node.get(part) if isinstance(node, dict) else None
            if not isinstance(node, dict):
                raise MinutesError(f"{ref} is no longer in {project_rel} (changed on disk?); reload, then finish again (the draft is kept)")
            for key, value in values.items():
                ed.set(path, key, value)
        for tid, fields, _item in plan.tasks:
            ed.add_record(("tasks",), tid, fields)
        ed.check()
    except EditError as exc:
        raise MinutesError(f"{exc} (nothing was written; the draft is kept)") from None
    task_ids = [tid for tid, _f, _i in plan.tasks]
    text = _review_text(draft, today, ws, task_ids, plan)
    _check_review_text(text, review_rel)

    # write: the new review file first (easy to take back), then the project file
    review_path = root / review_rel
    try:
        review_path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(review_path, text.encode("utf-8"), expect_sha256=ABSENT)
    except Exception as exc:
        raise MinutesError(f"cannot write {review_rel} ({exc}); nothing was written, the draft is kept") from None
    changed = ed.changed
    before = (root / project_rel).read_bytes()
    try:
        ed.save()
    except (StaleFile, EditError, OSError) as exc:
        _remove(review_path)
        raise MinutesError(f"{exc} (the review was not written; the draft is kept)") from None
    written = ed.text().encode("utf-8")

    counts = _counts(draft)
    subject = _subject(draft, counts)
    files = (project_rel, review_rel) if changed else (review_rel,)
    sha = None
    if is_repo:
        message = _message(draft, subject, plan, review_rel)
        try:
            sha = git.commit(root, list(files), message, env=git.LITERAL)
        except git.GitError as exc:
            _put_back(root, project_rel if changed else None, before, written, review_path, list(files))
            if isinstance(exc, git.NoIdentity):
                raise
            raise MinutesError(f"could not commit the review ({exc}); the files were put back as they were and the draft is kept") from None
    try:
        delete_draft(root, draft.project)
    except OSError:  # the review is committed; a draft left behind is only clutter
        pass
    return FinishResult(review_id=rid, review_file=review_rel, files=files, commit=sha, subject=subject,
                        counts=counts, tasks=tuple(task_ids))


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _put_back(root: Path, project_rel: str | None, before: bytes, written: bytes, review_path: Path, paths: list[str]) -> None:
    """Undo the writes of a finish whose commit failed (only what is still exactly as we wrote it)."""
    from . import git

    try:
        git.run(root, "reset", "-q", "--", *paths, check=False, env=git.LITERAL)  # unstage what `git add` staged
    except git.GitError:
        pass
    if project_rel is not None:
        try:
            atomic_write(root / project_rel, before, expect_sha256=sha256_of(written))
        except Exception:  # changed again since we wrote it: leave it, it is someone's newer work
            pass
    _remove(review_path)


def _counts(draft: Draft) -> dict[str, int]:
    counts = {o: 0 for o in OUTCOMES}
    for item in draft.items:
        counts[item.outcome or "skipped"] += 1
    counts["action"] += len(draft.actions)
    return counts


def _subject(draft: Draft, counts: dict[str, int]) -> str:
    parts = []
    for key, one, many in (("done", "done", "done"), ("moved", "moved", "moved"),
                           ("reassigned", "reassigned", "reassigned"), ("action", "action", "actions")):
        n = counts.get(key, 0)
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    return f"Review {draft.project} {draft.held_on}: {', '.join(parts) if parts else 'minutes only'}"


def _message(draft: Draft, subject: str, plan: _Plan, review_rel: str) -> str:
    from .edits import _one_line

    trailers = [f"Ducu-Item: reviews/{review_id(draft)}"]
    trailers += [f"Ducu-Item: {ref}" for ref, *_ in plan.sets]
    trailers += [f"Ducu-Item: {draft.project}/{tid}" for tid, *_ in plan.tasks]
    trailers.append(f"Ducu-Reason: review of {draft.held_on}, minutes in {review_rel}")
    for ref, _path, _values, reason in plan.sets:
        if reason:
            trailers.append(f"Ducu-Reason: {ref.partition('/')[2]}: {_one_line(reason)}")
    trailers.append(f"Ducu-Review: {review_rel}")
    return f"{_one_line(subject)}\n\n" + "\n".join(dict.fromkeys(trailers)) + "\n"


def _review_text(draft: Draft, today: dt.date, ws: R.Workspace, task_ids: list[str], plan: _Plan) -> str:
    lines = [schema_comment("review", 1), "# Minutes of a review meeting, written by ducu.", "", "[review]"]

    def kv(key: str, value: Any) -> None:
        if value is None:
            return
        lines.append(f"{render_key(key)} = {render_value(value)}")

    kv("project", draft.project)
    kv("held_on", draft.held_on)
    kv("attendees", list(dict.fromkeys(draft.attendees)))
    kv("satisfaction", draft.satisfaction)
    kv("satisfaction_comment", (draft.satisfaction_comment or "").strip() or None)
    kv("next_review", today + dt.timedelta(days=max(ws.settings.review_every, 1)))
    decisions = [d.strip() for d in draft.decisions if d and d.strip()]
    if decisions:
        lines.append("decisions = [")
        lines += [f"    {render_value(d)}," for d in decisions]
        lines.append("]")
    else:
        kv("decisions", [])
    kv("actions", task_ids)

    created = {id(item): tid for tid, _fields, item in plan.tasks if item is not None}
    used: set[str] = set()
    for item in draft.items:
        key = item.item_id or "check-in"
        if key in used:
            continue
        used.add(key)
        outcome = item.outcome or "skipped"
        notes = []
        if item.outcome is None:
            notes.append(NOT_DISCUSSED)
        if outcome == "moved" and item.reason:
            notes.append(item.reason.strip())
        if item.note and item.note.strip():
            notes.append(item.note.strip())
        if outcome == "action" and item.action is not None:
            a = item.action
            notes.append(f"new task {created.get(id(item), '?')}: {a.title.strip()} ({a.owner}, due {a.due})")
        lines += ["", f"[outcomes.{render_key(key)}]"]
        kv("item", item.item_id or draft.project)
        kv("outcome", outcome)
        if outcome == "moved":
            kv("new_due", item.new_due)
        if outcome == "reassigned":
            kv("new_owner", item.new_owner)
        kv("note", "; ".join(notes) if notes else None)
    for tid, fields, item in plan.tasks:
        if item is not None or tid in used:
            continue
        used.add(tid)
        lines += ["", f"[outcomes.{render_key(tid)}]"]
        kv("item", tid)
        kv("outcome", "action")
        kv("note", f"new task: {fields['title']} ({fields['owner']}, due {fields['due']})")
    return "\n".join(lines) + "\n"


def _check_review_text(text: str, rel: str) -> None:
    """The review file must read back as a review, exactly."""
    try:
        msgspec.convert(rtoml.loads(text), R.ReviewFile)
    except Exception as exc:  # a bug here, not the user's: nothing is written
        raise MinutesError(f"ducu made a review file that does not read back ({exc}); nothing was written. Please report this.") from None


# --- the minutes as Markdown ------------------------------------------------------------------

_MD = {
    "en": {
        "title": "Review", "project": "Project", "client": "Client", "held": "Held on", "next": "Next review",
        "attendees": "Attendees", "satisfaction": "Client satisfaction", "decisions": "Decisions",
        "outcomes": "Outcomes", "actions": "Action items", "item": "Item", "outcome": "Outcome", "details": "Details",
        "task": "Task", "owner": "Owner", "due": "Due", "status": "Status", "none": "none",
        "o.done": "done", "o.moved": "moved", "o.reassigned": "reassigned", "o.noted": "noted",
        "o.action": "action item", "o.skipped": "skipped", "new_due": "new date", "new_owner": "new owner",
    },
    "zh": {
        "title": "例会纪要", "project": "项目", "client": "客户", "held": "日期", "next": "下次例会",
        "attendees": "参会人", "satisfaction": "客户满意度", "decisions": "决定",
        "outcomes": "议题结果", "actions": "行动项", "item": "议题", "outcome": "结果", "details": "说明",
        "task": "任务", "owner": "负责人", "due": "截止", "status": "状态", "none": "无",
        "o.done": "已完成", "o.moved": "改期", "o.reassigned": "换负责人", "o.noted": "记录",
        "o.action": "行动项", "o.skipped": "跳过", "new_due": "新日期", "new_owner": "新负责人",
    },
}


def to_markdown(review: R.Review, ws: R.Workspace) -> str:
    """The minutes of ``review`` as GitHub/GitLab-flavoured Markdown, in the client's language.

    User text is escaped (report.md_text), so links, HTML and table pipes in
    titles and notes show as typed.
    """
    from .report import md_cell, md_text

    project = ws.projects.get(review.project)
    client = ws.clients.get(project.client or "") if project is not None else None
    lang = "zh" if client is not None and client.language == "zh" else "en"
    w = _MD[lang]

    def person(handle: str | None) -> str:
        if not handle:
            return ""
        p = ws.people.get(handle)
        return (p.name or handle) if p is not None else handle

    def title_of(iid: str | None) -> str:
        if project is None or not iid:
            return iid or ""
        for table in ("milestones", "tasks", "risks", "goals", "changes"):
            rec = getattr(project, table).get(iid)
            if rec is not None:
                return getattr(rec, "title", None) or getattr(rec, "summary", None) or iid
        return iid

    sep = "：" if lang == "zh" else ": "
    head = project.title if project is not None and project.title else review.project
    out = [f"# {w['title']}{sep}{md_text(head)} — {review.held_on or ''}", ""]
    facts = [f"**{w['project']}**{sep}{md_text(head)} ({md_text(review.project)})"]
    if client is not None:
        facts.append(f"**{w['client']}**{sep}{md_text(client.name or project.client or '')}")
    facts.append(f"**{w['held']}**{sep}{review.held_on or ''}")
    if review.next_review:
        facts.append(f"**{w['next']}**{sep}{review.next_review}")
    out += ["  \n".join(facts), ""]
    names = ", ".join(md_text(person(a)) for a in review.attendees) or w["none"]
    out += [f"**{w['attendees']}**{sep}{names}", ""]
    if review.satisfaction is not None:
        comment = f" — {md_text(review.satisfaction_comment)}" if review.satisfaction_comment else ""
        out += [f"**{w['satisfaction']}**{sep}{review.satisfaction}/5{comment}", ""]
    out += [f"## {w['decisions']}", ""]
    out += [f"{n}. {md_text(d)}" for n, d in enumerate(review.decisions, 1)] or [w["none"]]
    out += ["", f"## {w['outcomes']}", ""]
    if review.outcomes:
        out += [f"| {w['item']} | {w['outcome']} | {w['details']} |", "|---|---|---|"]
        for oid, o in review.outcomes.items():
            details = []
            if o.new_due:
                details.append(f"{w['new_due']} {o.new_due}")
            if o.new_owner:
                details.append(f"{w['new_owner']} {md_cell(person(o.new_owner))}")
            if o.note:
                details.append(md_cell(o.note))
            label = md_cell(title_of(o.item or oid))
            out.append(f"| {label} | {w['o.' + o.outcome]} | {'; '.join(details)} |")
    else:
        out.append(w["none"])
    out += ["", f"## {w['actions']}", ""]
    if review.actions:
        out += [f"| {w['task']} | {w['owner']} | {w['due']} | {w['status']} |", "|---|---|---|---|"]
        for tid in review.actions:
            task = project.tasks.get(tid) if project is not None else None
            if task is None:
                out.append(f"| {md_cell(tid)} |  |  |  |")
                continue
            out.append(f"| {md_cell(task.title or tid)} | {md_cell(person(task.owner))} | {task.due or ''} | {task.status} |")
    else:
        out.append(w["none"])
    return "\n".join(out) + "\n"
