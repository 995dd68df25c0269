"""Where review drafts are kept, so a crash in the middle of a meeting, or of finishing it, loses nothing.

    save_draft(root, draft)                 # after every change
    load_draft(root, "acme-crm")            # the saved draft, or None
    drafts(root)                            # projects with a meeting in progress

The draft lives in the clone's git dir (``<git-dir>/ducu/review-drafts/<project>.msgpack``,
written atomically), never in the working tree: it is one person's meeting in
progress, not part of the plan. Outside a git repository it goes to the user's
cache folder (``$XDG_CACHE_HOME/ducu/review-drafts/<hash of the folder>/``).

Finishing writes two files (three when a retro puts lessons on the
improvement register) and commits them; a crash can stop it between
any two steps. So before it writes, finish leaves a note next to the draft
(``<project>.finishing``: the files and the hashes of the bytes it is about
to write, and the commit message), and removes it once the draft is gone.
``settle`` reads a note left behind and completes or takes back what the
stopped finish did: the files written and the commit missing -> it commits
them, with the message finish would have used; the review in HEAD already
-> the meeting is finished; the project file not written yet -> the review
file it wrote is removed, and finishing the draft again does it all.
load_draft and drafts settle first, so a meeting finished just before a
crash is not offered again, and one stopped half-way resumes cleanly.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import msgspec
import rtoml

from workspace_schema.core.ids import id_problem
from workspace_schema.edit.atomic import ABSENT, atomic_write, disk_sha256, sha256_of
from workspace_schema.git import runner as git
from workspace_schema.git.commit import commit_files
from workspace_schema.load.cache import git_dir, user_cache_dir
from workspace_schema.review.draft import DRAFT_VERSION, Draft, DraftError


class Finishing(msgspec.Struct, kw_only=True):
    """What a finish is about to write, noted before it writes anything."""

    review_file: str  # "reviews/2026-11-27-acme-crm.toml", a new file
    review_sha256: str
    project_file: str | None  # None when the meeting changes nothing in the plan
    before_sha256: str = ABSENT  # the project file before and after finish writes it
    after_sha256: str = ABSENT
    tasks: list[str] = []  # ids of the tasks finish adds to the project file
    register_file: str | None = None  # improvements.toml, when a retro puts lessons on the register
    register_before: bytes | None = None  # its bytes before (empty: it did not exist)
    register_after_sha256: str = ABSENT
    message: str  # the commit message
    subject: str
    counts: dict[str, int] = {}

    @property
    def files(self) -> list[str]:
        files = [self.project_file, self.review_file] if self.project_file else [self.review_file]
        return files + ([self.register_file] if self.register_file else [])


@dataclass(frozen=True)
class Settled:
    """What ``settle`` found: the note, and whether the meeting is finished (committed, or saved outside git)."""

    note: Finishing
    finished: bool
    commit: str | None = None


_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(Draft)
_NOTE_DECODER = msgspec.msgpack.Decoder(Finishing)


def _drafts_folder(root: str | os.PathLike[str]) -> Path:
    root = Path(root).resolve()
    gd = git_dir(root)  # found without running git
    if gd is not None:
        return gd / "ducu" / "review-drafts"
    tag = hashlib.sha256(str(root).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return user_cache_dir() / "review-drafts" / tag


def draft_path(root: str | os.PathLike[str], project_id: str) -> Path:
    """Where the draft of ``project_id``'s meeting is kept."""
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
    where it is (it may be a newer ducu's, or worth rescuing). A finish that
    a crash stopped is settled first (see the module docstring): None when
    it had in fact finished the meeting.
    """
    settle(root, project_id)
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
    """Project ids with a meeting in progress (a saved draft), sorted; a stopped finish is settled first."""
    folder = _drafts_folder(root)
    try:
        names = [p.name for p in folder.iterdir()]
    except OSError:
        return []
    if any(name.endswith(_NOTE) for name in names):
        for name in names:
            if name.endswith(_NOTE):
                try:
                    settle(root, name[: -len(_NOTE)])
                except (DraftError, git.GitError, OSError):
                    pass  # the draft stays listed; resuming it says what is wrong
        names = [p.name for p in folder.iterdir()]
    return sorted(n[: -len(".msgpack")] for n in names if n.endswith(".msgpack"))


# --- the note of a finish in progress ---------------------------------------------------

_NOTE = ".finishing"


def _note_path(root: str | os.PathLike[str], project_id: str) -> Path:
    return draft_path(root, project_id).with_suffix(_NOTE)


def save_finishing(root: str | os.PathLike[str], project_id: str, note: Finishing) -> None:
    """Note what finish is about to write (atomically, before it writes)."""
    path = _note_path(root, project_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, msgspec.msgpack.encode(note))
    except OSError as exc:
        raise DraftError(
            f"cannot write {path}: {exc.strerror or exc}; nothing was written, the draft is kept"
        ) from None


def delete_finishing(root: str | os.PathLike[str], project_id: str) -> None:
    _note_path(root, project_id).unlink(missing_ok=True)


def settle(root: str | os.PathLike[str], project_id: str) -> Settled | None:
    """Complete or take back a finish a crash stopped (see the module docstring); None when there was none.

    When the meeting turns out finished, the draft and the note are deleted.
    Raises DraftError when the files are written but cannot be committed now
    (a lock file git left, no identity): the message says why, and the note
    stays for the next try.
    """
    path = _note_path(root, project_id)
    try:
        note = _NOTE_DECODER.decode(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        path.unlink(missing_ok=True)  # unreadable: finish writes the note atomically, so it is not one of ours
        return None
    base = Path(root)
    review = base / note.review_file
    review_ours = disk_sha256(review) == note.review_sha256
    is_repo = git.is_repo(base)
    if is_repo and _head_sha256(base, note.review_file) == note.review_sha256:  # committed before the crash
        commit = (
            git.run(base, "log", "-1", "--format=%H", "--", note.review_file, env=git.LITERAL).stdout.strip() or None
        )
        return _finished(root, project_id, note, commit)
    if review_ours and _plan_written(base, note):
        commit = None
        if is_repo:
            try:
                commit = commit_files(base, note.files, note.message)
            except git.GitError as exc:
                raise DraftError(
                    f"the review of {project_id} was written but not committed when ducu stopped: {exc}"
                ) from None
        return _finished(root, project_id, note, commit)
    if review_ours:  # stopped before the project file was written: take the review back, finish redoes it all
        review.unlink()
    if note.register_file and disk_sha256(base / note.register_file) == note.register_after_sha256:
        if note.register_before:  # the register was written (it is written before the project file): put it back
            atomic_write(base / note.register_file, note.register_before, expect_sha256=note.register_after_sha256)
        else:
            (base / note.register_file).unlink()
    path.unlink(missing_ok=True)
    return Settled(note, False)


def _finished(root: str | os.PathLike[str], project_id: str, note: Finishing, commit: str | None) -> Settled:
    delete_draft(root, project_id)
    delete_finishing(root, project_id)
    return Settled(note, True, commit)


def _plan_written(root: Path, note: Finishing) -> bool:
    """The project file holds finish's edits: as it wrote it, or changed since but with the new tasks in it."""
    if note.project_file is None:
        return True
    now = disk_sha256(root / note.project_file)
    if now == note.after_sha256:
        return True
    if now in (note.before_sha256, ABSENT) or not note.tasks:
        return False
    try:
        tasks = rtoml.loads((root / note.project_file).read_text("utf-8")).get("tasks", {})
    except (OSError, ValueError, rtoml.TomlParsingError):
        return False
    return all(t in tasks for t in note.tasks)


def _head_sha256(root: Path, rel: str) -> str | None:
    """The sha256 of ``rel``'s bytes as committed in HEAD, or None when HEAD does not have it."""
    oid = git.run(root, "rev-parse", "-q", "--verify", f"HEAD:{rel}", check=False).stdout.strip()
    if not oid:
        return None
    for _oid, data in git.read_blobs(root, [oid]):
        return sha256_of(data) if data is not None else None
    return None
