"""What a git command (or ducu) stopped half-way leaves in a clone, and what to say about it.

A process killed at the wrong moment (a crash, a closed laptop, the OOM
killer) can leave three things that a later sync must not build on:

- a **lock file** (``.git/index.lock``, ``.git/refs/heads/main.lock``, ...).
  It is held by a git command running now or left by one that was killed;
  ducu cannot tell which, so it never deletes one: ``lock_message`` names
  the file, says how old it is and what to do.
- a **merge without its result** (``merge_is_hollow``): git writes
  MERGE_HEAD when it cannot write the index (another git held the lock).
  Committing that merge would drop the changes it was merging in; undoing
  it (``git merge --abort``) and syncing again is safe.
- a **plan file cut short or missing** (``unsafe_pending``): git writes the
  working tree in place, so one killed in a merge's checkout leaves a file
  deleted, empty or half-written. Sync must not commit it as an edit.

repo_status.RepoStatus.blocker turns them into the reason a sync does not
start; commit_edits uses ``lock_problem`` when a commit fails on a lock.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
from pathlib import Path

import rtoml

from workspace_schema.git import runner as git

HOLLOW_MERGE = (
    "A merge was started but git never wrote its result (another git command held the index, or the merge was "
    "stopped): committing it as it is would drop the changes it was merging in. Undo it with `git merge --abort` "
    "(your commits and saved edits are kept), then sync again: the merge is made again."
)


# --- lock files -------------------------------------------------------------------------


def lock_files(root: str | os.PathLike[str], gd: Path | None = None) -> list[str]:
    """Lock files in the git dir that stop git from writing (paths relative to it: "index.lock", "refs/heads/main.lock").

    Git's own temporary indexes of a commit (``next-index-*.lock``) block
    nothing and are not listed.
    """
    gd = gd or git.git_dir(root)
    common = _common_dir(gd)
    found: set[str] = set()
    for folder in {gd, common}:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".lock") and not entry.name.startswith("next-index-") and entry.is_file():
                found.add(os.path.relpath(entry.path, gd).replace(os.sep, "/"))
    for dirpath, _dirs, files in os.walk(common / "refs"):
        for name in files:
            if name.endswith(".lock"):
                found.add(os.path.relpath(os.path.join(dirpath, name), gd).replace(os.sep, "/"))
    return sorted(found)


def _common_dir(gd: Path) -> Path:
    """Where refs and config live: the git dir itself, or the main one of a linked worktree."""
    try:
        line = (gd / "commondir").read_text("utf-8").strip()
    except OSError:
        return gd
    return (gd / line).resolve() if line else gd


def lock_message(root: str | os.PathLike[str], locks: tuple[str, ...] | list[str], gd: Path | None = None) -> str:
    """What the lock files mean and what to do, naming each one as the user would delete it (from ``root``)."""
    gd = gd or git.git_dir(root)
    now = dt.datetime.now().timestamp()
    paths, shown = [], []
    for rel in locks:
        path = gd / rel
        try:
            name = os.path.relpath(path, Path(root).resolve())
        except ValueError:  # another drive (Windows)
            name = str(path)
        if name.startswith(os.path.join("..", "..")):
            name = str(path)
        try:
            age = f" ({_age(now - path.stat().st_mtime)})"
        except OSError:
            age = ""
        paths.append(name)
        shown.append(name + age)
    one = len(paths) == 1
    return (
        f"git's lock file{'' if one else 's'} {', '.join(shown)} {'is' if one else 'are'} there: another git command "
        "is working in this clone (an editor, a terminal, a background fetch), or one was stopped before it finished "
        f"and left {'it' if one else 'them'} behind. Wait for it to finish; if no git command is running, "
        f"delete {'that file' if one else 'those files'} (`rm {' '.join(shlex.quote(p) for p in paths)}`)."
    )


def lock_problem(root: str | os.PathLike[str], said: str) -> str | None:
    """When git failed because a lock file is there (``said`` is what it said): what to do; else None."""
    if ".lock': File exists" not in said:
        return None
    locks = lock_files(root)
    if not locks:
        return "Another git command was writing in this clone at the same moment; try again."
    return lock_message(root, locks)


def _age(seconds: float) -> str:
    if seconds < 90:
        return "made just now" if seconds < 5 else f"made {seconds:.0f} s ago"
    if seconds < 5400:
        return f"made {seconds / 60:.0f} min ago"
    if seconds < 2 * 86400:
        return f"made {seconds / 3600:.0f} h ago"
    return f"made {seconds / 86400:.0f} days ago"  # two days or more: always plural


# --- a merge without its result ------------------------------------------------------------


def merge_is_hollow(root: str | os.PathLike[str]) -> bool:
    """True when the merge in progress has none of its result in the index although it merges cleanly.

    That is what a merge leaves when git could not write the index (a lock
    held by another git command): MERGE_HEAD is there, the index is still
    HEAD's. A merge that had conflicts resolved all to our side looks the
    same in the index, but git cannot merge it cleanly, so it is not hollow.
    Needs git 2.38 (``merge-tree --write-tree``); older git says False.
    """
    if git.run(root, "diff", "--cached", "--quiet", "HEAD", "--", check=False).returncode != 0:
        return False  # the index holds something of the merge (or git cannot tell)
    proc = git.run(root, "merge-tree", "--write-tree", "--no-messages", "HEAD", "MERGE_HEAD", check=False)
    if proc.returncode != 0:  # conflicts, or a git without --write-tree
        return False
    merged = proc.stdout.split("\n", 1)[0].strip()
    return bool(merged) and merged != git.run(root, "rev-parse", "HEAD^{tree}").stdout.strip()


# --- plan files cut short or missing -------------------------------------------------------


def unsafe_pending(
    root: str | os.PathLike[str], pending: list[str] | tuple[str, ...], missing: list[str]
) -> list[tuple[str, str]]:
    """Pending files sync must not commit as they are: (file, what is wrong).

    ``missing``: the pending files deleted without ``git rm``. A plan file
    deleted that way, one of no bytes or one that is not valid TOML is what a
    git killed while writing the working tree leaves (a slip of the hand looks
    the same); committing it would share the damage with the team. A file
    cut short at the end of a table still parses and is not caught here.
    """
    found = [(rel, "is missing (deleted, but not with git rm)") for rel in missing]
    for rel in pending:
        if rel in missing or not rel.endswith(".toml"):
            continue
        try:
            data = (Path(root) / rel).read_bytes()
            rtoml.loads(data.decode("utf-8-sig"))
        except FileNotFoundError:
            continue  # an untracked file deleted since git looked
        except (OSError, UnicodeDecodeError, ValueError, rtoml.TomlParsingError) as exc:
            found.append((rel, f"is not valid TOML ({' '.join(str(exc).split())})"))
            continue
        if not data:  # made and never written: nobody saves a plan file of no bytes at all
            found.append((rel, "is empty"))
    return found


def unsafe_message(unsafe: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> str:
    files = " ".join(shlex.quote(rel) for rel, _what in unsafe)
    return (
        f"Sync will not commit {'; '.join(f'{rel} {what}' for rel, what in unsafe)}. If ducu, a sync or git was stopped "
        f"while writing {'it' if len(unsafe) == 1 else 'them'}, take back the committed version with `git restore -- {files}` "
        "and sync again (a merge is made again). If you changed it on purpose, fix the TOML (`ducu validate` shows where); "
        "if you deleted it on purpose, commit that yourself (`git rm FILE`, then `git commit`); then sync again. Nothing was changed."
    )
