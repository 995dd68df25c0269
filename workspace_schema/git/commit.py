"""Commits of the edits: one commit per edit made in the app, one for the files changed outside it.

Every edit made in the app is one commit (``commit_change``). Files changed
outside the app are committed together before a sync (``commit_pending``).
A merge whose conflicts are all resolved is committed by ``finish_merge``.
Changes staged by hand (``git add``) that ducu would commit over are
refused, and so is a file with an unresolved conflict.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, NoReturn

from workspace_schema.git import runner as git
from workspace_schema.git.damage import HOLLOW_MERGE, lock_problem
from workspace_schema.git.status import pending, scan, staged_message, status

if TYPE_CHECKING:
    from workspace_schema.edit.edits import AppliedEdit


LOCK_TRIES = 10  # a commit that meets a git lock waits up to 10 x 0.05 s for the other git to finish
LOCK_WAIT = 0.05


class StagedByOthers(git.GitError):
    """Files hold changes staged by hand that ducu would commit over; ``files`` lists them."""

    def __init__(self, files: list[str]) -> None:
        super().__init__(staged_message(files))
        self.files = files


class NothingToCommit(git.GitError):
    """The file of a change is the same as in the last commit."""


def commit_pending(root: str | os.PathLike[str]) -> str | None:
    """Commit every pending file in one commit that lists them; the commit id, or None when none."""
    files = pending(root)
    return commit_files(root, files, pending_message(files)) if files else None


def pending_message(files: list[str]) -> str:
    return "Edits made outside ducu\n\n" + "".join(f"- {f}\n" for f in files)


def commit_change(root: str | os.PathLike[str], change: AppliedEdit) -> str:
    """Commit exactly ``change.file`` with ``change.message()``; the new commit id.

    Raises NothingToCommit when the file is unchanged, StagedByOthers when it
    holds changes staged by hand that differ from the file, git.NoIdentity
    when git does not know who is committing.
    """
    pending_files, conflicted, staged = scan(root, [change.file])
    if conflicted:
        raise git.GitError(
            f"{change.file} has an unresolved conflict; resolve it (in the app or by hand) before committing edits to it."
        )
    if staged:
        raise StagedByOthers(staged)
    if change.file not in pending_files:
        raise NothingToCommit(f"nothing to commit: {change.file} is the same as in the last commit")
    return commit_files(root, [change.file], change.message())


def commit_changes(root: str | os.PathLike[str], changes: list[AppliedEdit]) -> str:
    """Commit several edits (of one or more files) as ONE commit; the new commit id.

    The subject names each edit (the first ones, when they are many), the body
    lists them all, and the trailers carry every item and field, so the audit
    trail reads the same as for one edit per commit. Same refusals as
    ``commit_change``.
    """
    if len(changes) == 1:
        return commit_change(root, changes[0])
    files = sorted({c.file for c in changes})
    pending_files, conflicted, staged = scan(root, files)
    if conflicted:
        raise git.GitError(
            f"{', '.join(conflicted)} has an unresolved conflict; resolve it before committing edits to it."
        )
    if staged:
        raise StagedByOthers(staged)
    if not pending_files:
        raise NothingToCommit("nothing to commit: the files are the same as in the last commit")
    subjects = [c.subject() for c in changes]
    subject = "; ".join(subjects)
    if len(subject) > 120:
        subject = f"{subjects[0]} (and {len(subjects) - 1} more)"
    trailers = [t for c in changes for t in c.trailers()] + next((c.reason_trailer() for c in changes if c.reason), [])
    body = "".join(f"- {s}\n" for s in subjects)
    return commit_files(
        root, [f for f in files if f in pending_files], f"{subject}\n\n{body}\n" + "\n".join(trailers) + "\n"
    )


def commit_files(root: str | os.PathLike[str], files: list[str], message: str) -> str:
    """Commit exactly ``files`` with ``message``; the commit id.

    During a merge, or with a lock file git left in the way, it says why it
    cannot and what to do.
    """
    for attempt in range(LOCK_TRIES):
        try:
            return git.commit(root, files, message, env=git.LITERAL)
        except git.NoIdentity:
            raise
        except git.GitError as exc:
            if attempt + 1 < LOCK_TRIES and lock_problem(root, str(exc)):
                time.sleep(LOCK_WAIT)  # another git command holds the lock for milliseconds: wait, try again
                continue
            _explain(root, files, exc)
    raise AssertionError("unreachable")  # the last try returns or raises


def _explain(root: str | os.PathLike[str], files: list[str], exc: git.GitError) -> NoReturn:
    """Raise ``exc`` in words that say what to do: a lock left behind, a merge in progress, anything else as git said."""
    locked = lock_problem(root, str(exc))
    if locked:
        raise git.GitError(f"{locked} Then sync: what is saved in {', '.join(files)} is committed then.") from None
    if "partial commit during a merge" in str(exc):
        raise git.GitError(
            f"{', '.join(files)}: saved but not committed, because a merge is in progress. "
            "Resolve its conflicts and finish it (or `git merge --abort`), then sync: the saved edits are committed then."
        ) from None
    raise exc


def finish_merge(root: str | os.PathLike[str]) -> str:
    """Commit a merge whose conflicts are all resolved (what `git merge --continue` does); the commit id.

    Refused when git never wrote the merge's result (repo_status.merge_is_hollow):
    that commit would drop the changes being merged in.
    """
    st = status(root)
    if not st.merge_in_progress:
        raise git.GitError("no merge is in progress")
    if st.conflicted:
        raise git.GitError(f"conflicts are still unresolved in: {', '.join(st.conflicted)}")
    if st.locks:
        raise git.GitError(st.lock_text + " Then finish the merge again.")
    if st.merge_hollow:
        raise git.GitError(HOLLOW_MERGE)
    gd = git.git_dir(root)
    try:
        said = [
            line
            for line in (gd / "MERGE_MSG").read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
    except OSError:
        said = []
    if said:
        git.run(root, "commit", "--no-edit", "-q")
    else:  # git was stopped before it wrote the message
        theirs = (gd / "MERGE_HEAD").read_text("utf-8").split()[0]
        git.run(root, "commit", "-q", "-F", "-", input=f"Merge commit {theirs}\n")
    return git.run(root, "rev-parse", "HEAD").stdout.strip()
