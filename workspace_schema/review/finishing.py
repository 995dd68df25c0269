"""Finishing a review meeting: the review file and every edit of the plan, in ONE commit.

    result = finish(ws, draft, today)      # FinishResult: the files, the commit, the counts

``finish`` checks everything first (review/plan.py: the same checks as the
app's edits), writes nothing when a check fails, then writes the review file
(``reviews/<held_on>-<project>.toml``, a new file) and the project file (opened
once with storage.Edit, every change applied, saved once) and commits both in
one commit; a retro's new lessons go into the project file too, and those
put on the register into improvements.toml, in the same commit. When a write or the commit fails, the files it already wrote are
put back as they were, so nothing is left half done, and the draft is kept.
The draft is deleted only after the commit.

A crash (the process killed, the laptop dying) cannot put anything back, so
before writing, finish notes what it is about to write next to the draft
(minutes_store.Finishing); the next load of the draft, or the next finish,
completes or takes back what the stopped one did (minutes_store.settle).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import rtoml

from workspace_schema.core import records as R
from workspace_schema.edit.atomic import ABSENT, atomic_write, sha256_of
from workspace_schema.edit.edits import _current, _one_line
from workspace_schema.edit.improvements import FILE as REGISTER
from workspace_schema.edit.improvements import HEADER as REGISTER_HEADER
from workspace_schema.edit.storage import Edit, EditError, StaleFile, render_key, render_value
from workspace_schema.export.schema import schema_comment
from workspace_schema.git import runner as git
from workspace_schema.git.damage import lock_problem
from workspace_schema.git.status import scan, staged_message  # the same checks commit_change makes
from workspace_schema.load.loader import load_workspace
from workspace_schema.review.draft import OUTCOMES, Draft, MinutesError, review_id
from workspace_schema.review.plan import FinishRejected, Plan, plan_of
from workspace_schema.review.store import Finishing, delete_draft, delete_finishing, save_finishing, settle

NOT_DISCUSSED = "not discussed"


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
    is kept), git.NoIdentity when git does not know who is committing. A
    finish a crash stopped is settled first: when it had finished this
    meeting, its result comes back.
    """
    root = Path(ws.root)
    rid = review_id(draft)
    review_rel = f"reviews/{rid}.toml"
    settled = settle(root, draft.project)
    if settled is not None:
        note = settled.note
        if settled.finished and note.review_file == review_rel:
            return FinishResult(
                review_id=rid,
                review_file=review_rel,
                files=tuple(note.files),
                commit=settled.commit,
                subject=note.subject,
                counts=dict(note.counts),
                tasks=tuple(note.tasks),
            )
        ws, _ = load_workspace(root)  # settling changed the files: plan on what is there now
    plan = plan_of(ws, draft)
    if plan.problems:
        raise FinishRejected(plan.problems)
    project = ws.projects[draft.project]
    project_rel = project.file or f"projects/{draft.project}.toml"
    is_repo = git.is_repo(root)
    if is_repo:
        if git.identity(root) is None:
            raise git.NoIdentity()
        _pending, conflicted, staged = scan(root, [project_rel, review_rel, *([REGISTER] if plan.improvements else [])])
        if conflicted:
            raise MinutesError(
                f"{', '.join(conflicted)} has an unresolved conflict; resolve it before finishing the review (the draft is kept)"
            )
        if staged:
            raise MinutesError(f"{staged_message(staged)} The draft is kept.")

    # every change of the project file, in memory
    try:
        ed = Edit.open(root / project_rel, root=root)
        for ref, path, values, _reason in plan.sets:
            if not isinstance(_current(ed, path, ""), dict):
                raise MinutesError(
                    f"{ref} is no longer in {project_rel} (changed on disk?); reload, then finish again (the draft is kept)"
                )
            for key, value in values.items():
                ed.set(path, key, value)
        for tid, fields, _item in plan.tasks:
            ed.add_record(("tasks",), tid, fields)
        for lid, fields in plan.lessons:
            ed.add_record(("lessons",), lid, fields)
        ed.check()
        register = _register(root, plan)
    except EditError as exc:
        raise MinutesError(f"{exc} (nothing was written; the draft is kept)") from None
    task_ids = [tid for tid, _f, _i in plan.tasks]
    text = _review_text(draft, today, ws, task_ids, plan)
    _check_review_text(text, review_rel)
    changed = ed.changed
    before = (root / project_rel).read_bytes()
    written = ed.text().encode("utf-8")
    counts = _counts(draft)
    subject = _subject(draft, counts)
    files = ((project_rel, review_rel) if changed else (review_rel,)) + ((REGISTER,) if register else ())
    message = _message(draft, subject, plan, review_rel)
    save_finishing(
        root,
        draft.project,
        Finishing(
            review_file=review_rel,
            review_sha256=sha256_of(text.encode("utf-8")),
            project_file=project_rel if changed else None,
            before_sha256=sha256_of(before),
            after_sha256=sha256_of(written),
            tasks=task_ids,
            register_file=REGISTER if register else None,
            register_before=register[0] if register else None,
            register_after_sha256=sha256_of(register[1]) if register else ABSENT,
            message=message,
            subject=subject,
            counts=counts,
        ),
    )

    # write: the new review file first (easy to take back), then the project file
    review_path = root / review_rel
    try:
        review_path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(review_path, text.encode("utf-8"), expect_sha256=ABSENT)
    except Exception as exc:
        delete_finishing(root, draft.project)
        raise MinutesError(f"cannot write {review_rel} ({exc}); nothing was written, the draft is kept") from None
    try:
        if register:  # before the project file: a crash before that puts the register back (store.settle)
            atomic_write(root / REGISTER, register[1], expect_sha256=sha256_of(register[0]) if register[0] else ABSENT)
        ed.save()
    except (StaleFile, EditError, OSError) as exc:
        if register:
            _restore(root / REGISTER, register[0], register[1])
        review_path.unlink(missing_ok=True)
        delete_finishing(root, draft.project)
        raise MinutesError(f"{exc} (the review was not written; the draft is kept)") from None

    sha = None
    if is_repo:
        try:
            sha = git.commit(root, list(files), message, env=git.LITERAL)
        except git.GitError as exc:
            _put_back(root, project_rel if changed else None, before, written, review_path, list(files))
            if register:
                _restore(root / REGISTER, register[0], register[1])
            delete_finishing(root, draft.project)
            if isinstance(exc, git.NoIdentity):
                raise
            said = lock_problem(root, str(exc)) or str(exc)
            raise MinutesError(
                f"could not commit the review ({said}); the files were put back as they were and the draft is kept"
            ) from None
    try:
        delete_draft(root, draft.project)  # first the draft, then the note: a crash between leaves a note settle clears
        delete_finishing(root, draft.project)
    except OSError:  # the review is committed; a draft left behind is only clutter
        pass
    return FinishResult(
        review_id=rid,
        review_file=review_rel,
        files=files,
        commit=sha,
        subject=subject,
        counts=counts,
        tasks=tuple(task_ids),
    )


def _register(root: Path, plan: Plan) -> tuple[bytes, bytes] | None:
    """(bytes before, bytes after) of improvements.toml with the plan's new improvements; None when it has none."""
    if not plan.improvements:
        return None
    path = root / REGISTER
    ed = Edit.open(path, root=root, missing_ok=True)
    for iid, fields in plan.improvements:
        if iid in ed.data.get("improvements", {}):
            raise EditError(f"improvement `{iid}` is already in {REGISTER} (changed on disk?); reload and finish again")
        ed.add_record(("improvements",), iid, fields)
    ed.check()
    before = path.read_bytes() if path.exists() else b""
    after = ed.text() if before else REGISTER_HEADER + "\n" + ed.text()
    return before, after.encode("utf-8")


def _restore(path: Path, before: bytes, written: bytes) -> None:
    """Put a file finish wrote back as it was (absent when ``before`` is empty), if it is still as written."""
    try:
        if before:
            atomic_write(path, before, expect_sha256=sha256_of(written))
        elif sha256_of(path.read_bytes()) == sha256_of(written):
            path.unlink()
    except Exception:  # changed again since we wrote it: leave it, it is someone's newer work
        pass


def _put_back(
    root: Path, project_rel: str | None, before: bytes, written: bytes, review_path: Path, paths: list[str]
) -> None:
    """Undo the writes of a finish whose commit failed (only what is still exactly as we wrote it)."""
    try:
        git.run(root, "reset", "-q", "--", *paths, check=False, env=git.LITERAL)  # unstage what `git add` staged
    except git.GitError:
        pass
    if project_rel is not None:
        try:
            atomic_write(root / project_rel, before, expect_sha256=sha256_of(written))
        except Exception:  # changed again since we wrote it: leave it, it is someone's newer work
            pass
    review_path.unlink(missing_ok=True)


def _counts(draft: Draft) -> dict[str, int]:
    counts: dict[str, int] = {o: 0 for o in OUTCOMES}
    for item in draft.items:
        counts[item.outcome or "skipped"] += 1
    counts["action"] += len(draft.actions)
    return counts


def _subject(draft: Draft, counts: dict[str, int]) -> str:
    parts = []
    for key, one, many in (
        ("done", "done", "done"),
        ("moved", "moved", "moved"),
        ("reassigned", "reassigned", "reassigned"),
        ("action", "action", "actions"),
    ):
        n = counts.get(key, 0)
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    if draft.lessons:
        n = len(draft.lessons)
        parts.append(f"{n} {'lesson' if n == 1 else 'lessons'}")
    what = "Retro" if draft.kind == "retro" else "Review"
    return f"{what} {draft.project} {draft.held_on}: {', '.join(parts) if parts else 'minutes only'}"


def _message(draft: Draft, subject: str, plan: Plan, review_rel: str) -> str:
    trailers = [f"Ducu-Item: reviews/{review_id(draft)}"]
    trailers += [f"Ducu-Item: {ref}" for ref, *_ in plan.sets]
    trailers += [f"Ducu-Item: {draft.project}/{tid}" for tid, *_ in plan.tasks]
    trailers += [f"Ducu-Item: {draft.project}/{lid}" for lid, _f in plan.lessons]
    trailers += [f"Ducu-Item: improvements/{iid}" for iid, _f in plan.improvements]
    trailers.append(f"Ducu-Reason: review of {draft.held_on}, minutes in {review_rel}")
    for ref, _path, _values, reason in plan.sets:
        if reason:
            trailers.append(f"Ducu-Reason: {ref.partition('/')[2]}: {_one_line(reason)}")
    trailers.append(f"Ducu-Review: {review_rel}")
    return f"{_one_line(subject)}\n\n" + "\n".join(dict.fromkeys(trailers)) + "\n"


def _review_text(draft: Draft, today: dt.date, ws: R.Workspace, task_ids: list[str], plan: Plan) -> str:
    lines = [schema_comment("review", 1), "# Minutes of a review meeting, written by ducu.", "", "[review]"]

    def kv(key: str, value: Any) -> None:
        if value is None:
            return
        lines.append(f"{render_key(key)} = {render_value(value)}")

    kv("project", draft.project)
    if draft.kind != "regular":
        kv("kind", draft.kind)
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
        kv("item", item.ref if item.table in ("improvements", "surveys") else item.item_id or draft.project)
        kv("outcome", outcome)
        if outcome == "moved":
            kv("new_due", item.new_due)
        if outcome == "reassigned":
            kv("new_owner", item.new_owner)
        kv("note", "; ".join(notes) if notes else None)
    for tid, fields, source in plan.tasks:
        if source is not None or tid in used:
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
        raise MinutesError(
            f"ducu made a review file that does not read back ({exc}); nothing was written. Please report this."
        ) from None
