"""Where review drafts are kept, so a crash in the middle of a meeting loses nothing.

    save_draft(root, draft)                 # after every change
    load_draft(root, "acme-crm")            # the saved draft, or None
    drafts(root)                            # projects with a meeting in progress

The draft lives in the clone's git dir (``<git-dir>/ducu/review-drafts/<project>.msgpack``,
written atomically), never in the working tree: it is one person's meeting in
progress, not part of the plan. Outside a git repository it goes to the user's
cache folder (``$XDG_CACHE_HOME/ducu/review-drafts/<hash of the folder>/``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import msgspec

from .atomic import atomic_write
from .ids import id_problem
from .load_cache import git_dir, user_cache_dir
from .minutes_draft import DRAFT_VERSION, Draft, DraftError

_ENCODER = msgspec.msgpack.Encoder()
_DECODER = msgspec.msgpack.Decoder(Draft)


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
