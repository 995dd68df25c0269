"""A merge whose result is made before any file changes, then written file by file atomically.

``git merge`` writes each merged file in place, so a sync killed while git
writes can cut a file exactly at a line end: it still parses, and the next
sync would share it without the lost lines (docs/hardening.md). Here the
result is made in the object store first (``git merge-tree --write-tree``,
which runs ducu's merge driver as ``git merge`` does), and only a clean
result touches the work tree, in an order that keeps every state safe:

1. the merge commit is made (``git commit-tree``; nothing changes on disk);
2. each changed file is replaced atomically, whole old or whole new, and
   only when it is still what HEAD has (an edit saved meanwhile stops it);
3. the index takes the new files;
4. the branch moves to the merge, only from the tip it was merged from.

A kill before 4 leaves files with the merged content that git shows as
local changes: the next sync commits them and the merge meets the same
changes on both sides, so nothing is lost or undone. Never before 2 does
the branch move, so a file is never older than the branch it is on.

Left to ``git merge`` (``merge_atomically`` returns False, nothing done):
a merge with conflicts (the conflicts are resolved in the work tree), a
file in the way (changed or untracked where the merge writes), a link or
submodule among the changes, and a git older than 2.38 (no ``--write-tree``).
The repository's pre-merge-commit and post-merge hooks run as they do for
``git merge`` (``git hook run``; a refusing pre-merge-commit hook leaves
the merge to ``git merge``, which says why).
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from workspace_schema.edit.atomic import ABSENT, ChangedOnDisk, atomic_write, sha256_of
from workspace_schema.git import runner as git
from workspace_schema.git.damage import lock_problem

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["FileChanged", "merge_atomically"]

_PLAIN = {"100644", "100755"}  # regular files; links (120000) and submodules (160000) are left to git
LOCK_TRIES = 10
LOCK_WAIT = 0.05


class FileChanged(git.GitError):
    """A file the merge writes was saved while the merge was being written."""


def merge_atomically(root: str | os.PathLike[str], theirs: str, message: str) -> bool:
    """Merge commit ``theirs`` into the checked-out branch as the module docstring says.

    True when the branch holds the merge (or already had ``theirs``); False
    when nothing was done and the merge is left to ``git merge``. FileChanged
    when a file changed on disk while it was written (the files written
    before it hold the merged content and show as local changes);
    GitError (NoIdentity among them) when git refuses a step.
    """
    ours = git.head(root)
    if ours is None:
        return False
    if git.is_ancestor(root, theirs, ours):
        return True
    fast_forward = git.is_ancestor(root, ours, theirs)
    if fast_forward:
        result = git.run(root, "rev-parse", "--verify", f"{git.not_an_option(theirs, 'the revision')}^{{commit}}")
        tree = commit = result.stdout.strip()
    else:
        made = git.run(root, "merge-tree", "--write-tree", ours, theirs, check=False)
        if made.returncode != 0:  # 1: conflicts; anything else: an older git or no merge base
            return False
        tree, commit = made.stdout.split()[0], ""
    top = git.top(root)
    changes = git.tree_changes(top, ours, tree)
    paths = [path for _, _, _, path in changes]
    before = _entries(top, ours, paths)
    if any(mode and mode not in _PLAIN for mode, _, _, _ in changes) or any(
        mode not in _PLAIN for mode, _ in before.values()
    ):
        return False
    if paths and git.status_entries(top, paths):
        return False  # a file in the way: `git merge` says which, in its words
    if not fast_forward:
        if git.run(root, "hook", "run", "--ignore-missing", "pre-merge-commit", check=False).returncode != 0:
            return False  # the hook refuses (or this git has no `git hook`): `git merge` runs it and says why
        commit = git.run(
            root, "commit-tree", tree, "-p", ours, "-p", theirs, "-F", "-", input=message, env=git.LITERAL
        ).stdout.strip()
    for mode, oid, _, path in changes:
        old = before.get(path)
        _write(top, path, mode, oid, None if old is None else git.blob_as_checked_out(top, old[1], path))
    if paths:
        _retry_on_lock(top, "update-index", "--add", "--remove", "--", *paths)
    _retry_on_lock(root, "update-ref", "-m", f"sync: merge {theirs}", "HEAD", commit, ours)
    git.run(root, "hook", "run", "--ignore-missing", "post-merge", "--", "0", check=False)  # as after `git merge`
    return True


def _entries(top: Path, rev: str, paths: list[str]) -> dict[str, tuple[str, str]]:
    """(mode, blob) of each of ``paths`` in ``rev``; files ``rev`` lacks are not listed."""
    if not paths:
        return {}
    listed = git.run(top, "ls-tree", "-z", "--full-tree", rev, "--", *paths, env=git.LITERAL).stdout
    found = {}
    for entry in listed.split("\0"):
        if entry:
            meta, path = entry.split("\t", 1)
            mode, _, oid = meta.split()
            found[path] = (mode, oid)
    return found


def _write(top: Path, path: str, mode: str, oid: str, old: bytes | None) -> None:
    target = top / path
    expect = ABSENT if old is None else sha256_of(old)
    if not oid:  # deleted by the merge
        try:
            if sha256_of(target.read_bytes()) != expect:
                raise FileChanged(f"{path} changed while the merge was written; sync again")
            target.unlink()
        except FileNotFoundError:
            pass
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        atomic_write(target, git.blob_as_checked_out(top, oid, path), expect_sha256=expect)
    except ChangedOnDisk:
        raise FileChanged(f"{path} changed while the merge was written; sync again") from None
    current = target.stat().st_mode & 0o7777
    want = (current & 0o444) >> 2 if mode == "100755" else 0  # executable where readable, as git does
    if (current & 0o111) != want:
        os.chmod(target, (current & ~0o111) | want)


def _retry_on_lock(root: str | os.PathLike[str], *args: str) -> None:
    """Run git; another git holding index.lock for milliseconds gets a short wait and another try."""
    for attempt in range(LOCK_TRIES):
        try:
            git.run(root, *args, env=git.LITERAL)
            return
        except git.GitError as exc:
            if attempt + 1 < LOCK_TRIES and lock_problem(root, str(exc)):
                time.sleep(LOCK_WAIT)
                continue
            raise
