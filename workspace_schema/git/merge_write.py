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

Before 2 a note is written in the git dir (``ducu/merge-writing.json``:
the commits and each file's old and new blob), and removed after 4. A kill
in between leaves every file whole, old or new, and the note: the next
ducu command finishes the merge from it (``finish_interrupted``, run by
sync, by every CLI command that opens the workspace and by the app when it
loads) before anything reads or edits a plan file, so a half-written merge
is never committed as an edit of one's own. A file changed by hand since
is left as it is and named (it shows as a local change on top of the merge).
Never before 2 does the branch move, so a file is never older than the
branch it is on.

Left to ``git merge`` (``merge_atomically`` returns False, nothing done):
a merge with conflicts (the conflicts are resolved in the work tree), a
file in the way (changed or untracked where the merge writes), a link or
submodule among the changes, and a git older than 2.38 (no ``--write-tree``).
The repository's pre-merge-commit and post-merge hooks run as they do for
``git merge`` (``git hook run``; a refusing pre-merge-commit hook leaves
the merge to ``git merge``, which says why).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from workspace_schema.edit.atomic import ABSENT, ChangedOnDisk, atomic_write, sha256_of
from workspace_schema.git import runner as git
from workspace_schema.git.damage import lock_problem
from workspace_schema.load.cache import merge_note

__all__ = ["FileChanged", "finish_interrupted", "merge_atomically"]


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
    changes = tree_changes(top, ours, tree)
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
    files = [(path, before.get(path, ("", ""))[1], oid, mode) for mode, oid, _, path in changes]
    olds = {path: git.blob_as_checked_out(top, old, path) if old else None for path, old, _, _ in files}
    for path, old_bytes in olds.items():  # a save since the status check: stop before anything is written
        if _disk_sha(top / path) != (ABSENT if old_bytes is None else sha256_of(old_bytes)):
            raise FileChanged(f"{path} changed while the merge was made; nothing was merged, sync again")
    note = _note(root)
    if note is not None:
        note.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(note, json.dumps({"ours": ours, "commit": commit, "theirs": theirs, "files": files}).encode())
    for path, _old, new, mode in files:
        _write(top, path, mode, new, olds[path])
    _move_branch(root, top, ours, commit, files, theirs)
    if note is not None:
        note.unlink(missing_ok=True)
    git.run(root, "hook", "run", "--ignore-missing", "post-merge", "--", "0", check=False)  # as after `git merge`
    return True


def tree_changes(root: str | os.PathLike[str], old: str, new: str) -> list[tuple[str, str, str, str]]:
    """Every file that differs between the trees of ``old`` and ``new``: (new mode, new blob, kind, path).

    Paths from the top of the repository; kind is git's letter (A, M, D, T);
    mode and blob are "" for a deleted file. No rename detection.
    """
    out = git.run(
        root,
        "diff-tree",
        "-r",
        "-z",
        "--no-renames",
        "--no-abbrev",
        git.not_an_option(old, "the revision"),
        git.not_an_option(new, "the revision"),
        "--",
    ).stdout
    tokens = out.split("\0")
    found: list[tuple[str, str, str, str]] = []
    for i in range(0, len(tokens) - 1, 2):
        if not tokens[i].startswith(":"):
            continue
        _, mode, _, oid, kind = tokens[i][1:].split()
        deleted = kind == "D"
        found.append(("" if deleted else mode, "" if deleted else oid, kind, tokens[i + 1]))
    return found


def _note(root: str | os.PathLike[str]) -> Path | None:
    return merge_note(Path(root).absolute())


def _move_branch(
    root: str | os.PathLike[str], top: Path, ours: str, commit: str, files: list[tuple[str, str, str, str]], theirs: str
) -> None:
    """Steps 3 and 4: the index takes the merged blobs, then the branch moves from ``ours`` to ``commit``."""
    if files:
        info = "".join(
            f"{mode} {new}\t{path}\n" if new else f"0 {'0' * len(ours)}\t{path}\n" for path, _old, new, mode in files
        )
        _retry_on_lock(top, "update-index", "--index-info", stdin=info)
        git.run(
            top, "update-index", "-q", "--refresh", check=False
        )  # stat data for the files written; 1: a file differs
    _retry_on_lock(root, "update-ref", "-m", f"sync: merge {theirs}", "HEAD", commit, ours)


def finish_interrupted(root: str | os.PathLike[str]) -> list[str] | None:
    """Finish a merge a killed sync was writing (the module docstring); None when there was none.

    Otherwise the files left as they were because they changed since (most
    often []). A note whose branch moved on since is dropped: the merge was
    finished or undone by other means. Cheap when there is no note (one
    stat of a file in the git dir), so callers run it before every use.
    """
    note = _note(root)
    if note is None or not note.exists():
        return None
    try:
        data = json.loads(note.read_bytes())
        ours, commit, theirs = data["ours"], data["commit"], data["theirs"]
        files = [(str(p), str(o), str(n), str(m)) for p, o, n, m in data["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        note.unlink(missing_ok=True)
        return None
    if git.head(root) != ours:
        note.unlink(missing_ok=True)
        return None
    top = git.top(root)
    kept: list[str] = []
    for path, old, new, mode in files:
        target = top / path
        now = _disk_sha(target)
        before = sha256_of(git.blob_as_checked_out(top, old, path)) if old else ABSENT
        after = sha256_of(git.blob_as_checked_out(top, new, path)) if new else ABSENT
        if now == before and now != after:
            _write(top, path, mode, new, git.blob_as_checked_out(top, old, path) if old else None)
        elif now != after:
            kept.append(path)
    _move_branch(root, top, ours, commit, files, theirs)
    note.unlink(missing_ok=True)
    return kept


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


def _disk_sha(path: Path) -> str:
    try:
        return sha256_of(path.read_bytes())
    except FileNotFoundError:
        return ABSENT


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


def _retry_on_lock(root: str | os.PathLike[str], *args: str, stdin: str | None = None) -> None:
    """Run git; another git holding index.lock for milliseconds gets a short wait and another try."""
    for attempt in range(LOCK_TRIES):
        try:
            git.run(root, *args, env=git.LITERAL, input=stdin)
            return
        except git.GitError as exc:
            if attempt + 1 < LOCK_TRIES and lock_problem(root, str(exc)):
                time.sleep(LOCK_WAIT)
                continue
            raise
