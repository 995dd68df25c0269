"""What state a workspace clone is in, read from git without the network.

``status`` answers what the status bar shows and what sync checks first:
the branch, where sync pulls from and pushes to, commits ahead and behind
the remote as last fetched, workspace files changed outside the app
(``pending``), conflicts, changes staged by hand that ducu would not commit,
an unfinished merge or rebase, what a git stopped half-way left (lock
files, a merge without its result, plan files cut short: git/damage.py),
and when this clone last synced. ``RepoStatus.blocker`` says why a sync
must not start.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from workspace_schema.git import runner as git
from workspace_schema.git.damage import (
    HOLLOW_MERGE,
    lock_files,
    lock_message,
    merge_is_hollow,
    unsafe_message,
    unsafe_pending,
)

SyncStatus = Literal["synced", "nothing", "conflicts", "offline", "rewritten", "refused", "error"]

LAST_SYNC = ("ducu", "last-sync")  # inside the git dir: per clone, never committed
_UNMERGED = frozenset({"DD", "AU", "UD", "UA", "DU", "AA", "UU"})
NO_REMOTE = "no remote: ducu works offline; add one with git remote add origin URL"


@dataclass(frozen=True)
class RepoStatus:
    """What the status bar shows and what sync checks first; no network involved.

    ``ahead`` / ``behind`` count against the remote branch as last fetched.
    """

    branch: str | None  # None when HEAD is detached
    upstream: str | None  # "origin/main": where sync pulls from and pushes to
    ahead: int
    behind: int
    pending: tuple[str, ...]  # workspace files changed outside the app, not committed yet
    merge_in_progress: bool
    rebase_in_progress: bool
    conflicted: tuple[str, ...]
    staged_by_others: tuple[str, ...]  # staged (git add) in a way ducu would not commit
    last_sync: dt.datetime | None
    remotes: tuple[str, ...] = ()
    home_branch: str = "main"  # the branch to go back to when HEAD is detached
    locks: tuple[
        str, ...
    ] = ()  # lock files in the git dir ("index.lock"), held by a running git or left by a killed one
    lock_text: str = ""  # lock_message of them
    merge_hollow: bool = False  # a merge in progress whose result git never wrote (committing it drops theirs)
    unsafe: tuple[
        tuple[str, str], ...
    ] = ()  # (pending file, what is wrong): missing or not TOML, never committed by sync

    def blocker(self) -> tuple[SyncStatus, str] | None:
        """Why a sync must not start now (status, message), or None when it may."""
        if self.locks:  # first: with a lock left, git would start a merge it cannot write
            return "error", f"{self.lock_text} Then sync again. Nothing was changed."
        if self.unsafe:
            return "error", unsafe_message(self.unsafe)
        if self.rebase_in_progress:
            return "error", (
                "A rebase was started and not finished, so ducu will not sync. Finish it with "
                "`git rebase --continue` (after resolving its conflicts) or undo it with `git rebase --abort`, "
                "then sync again. Nothing was changed."
            )
        if self.branch is None:
            return "error", (
                "HEAD is detached (no branch is checked out), so there is nothing to sync. Go back to your "
                f"branch with `git switch {self.home_branch}`; if you made commits while detached, keep them first with "
                "`git branch keep-my-work`. Nothing was changed."
            )
        if self.merge_in_progress and self.conflicted:
            return "conflicts", (
                f"A merge is waiting for its conflicts to be resolved in: {', '.join(self.conflicted)}. "
                "Resolve them in the app (or edit the files, `git add` them and `git commit`), then sync again; "
                "or go back to before the merge with `git merge --abort`. Your commits are kept."
            )
        if self.merge_in_progress and self.merge_hollow:
            return "error", HOLLOW_MERGE + " Nothing was changed."
        if self.merge_in_progress:
            return "error", (
                "A merge was started and not finished (its conflicts are resolved). Finish it with "
                "`git merge --continue` (or finish the merge in the app), or undo it with `git merge --abort`, "
                "then sync again. Nothing was changed."
            )
        if self.conflicted:
            return "conflicts", (
                f"These files have unresolved conflicts: {', '.join(self.conflicted)}. Resolve them in the app "
                "(or edit the files and `git add` them, then `git commit`), then sync again. Nothing was changed."
            )
        if self.staged_by_others:
            return "error", staged_message(list(self.staged_by_others)) + " Nothing was changed."
        return None


@dataclass(frozen=True)
class SyncTarget:
    """Where sync pulls from and pushes to."""

    remote: str
    branch: str  # the branch on the remote
    tracking: str  # refs/remotes/<remote>/<branch>
    configured: bool  # the local branch already follows it (else the first push sets that)

    @property
    def name(self) -> str:
        return f"{self.remote}/{self.branch}"


# --- files ducu would commit, conflicts, hand-staged files ----------------


def _is_workspace_file(rel: str) -> bool:
    return rel.endswith(".toml") or posixpath.basename(rel) == ".gitattributes"


def scan(root: str | os.PathLike[str], paths: list[str] | None = None) -> tuple[list[str], list[str], list[str]]:
    """(pending, conflicted, staged_by_others), paths relative to ``root``."""
    return _scan(root, paths)[:3]


def _scan(
    root: str | os.PathLike[str], paths: list[str] | None = None
) -> tuple[list[str], list[str], list[str], list[str]]:
    """scan, and the pending files that are deleted without ``git rm`` (missing)."""
    where = git.prefix(root)
    pending: list[str] = []
    conflicted: list[str] = []
    staged_by_others: list[str] = []
    missing: list[str] = []
    for xy, path, _old in git.status_entries(root, paths or ()):
        inside = path.startswith(where)
        rel = path[len(where) :] if inside else posixpath.relpath(path, where or ".")
        if xy in _UNMERGED:
            conflicted.append(rel)
            continue
        ours = inside and _is_workspace_file(rel)
        if xy == "??":
            if ours:
                pending.append(rel)
            continue
        staged, changed = xy[0] not in " ?!", xy[1] not in " ?!"
        if staged and (not ours or changed):
            staged_by_others.append(rel)
        elif ours and (staged or changed):
            pending.append(rel)
            if xy == " D":
                missing.append(rel)
    return sorted(pending), sorted(conflicted), sorted(staged_by_others), sorted(missing)


def pending(root: str | os.PathLike[str]) -> list[str]:
    """Workspace files (.toml, .gitattributes) changed or added outside the app and not committed."""
    return scan(root)[0]


# --- status ----------------------------------------------------------------


def status(root: str | os.PathLike[str]) -> RepoStatus:
    return status_and_target(root)[0]


def status_and_target(root: str | os.PathLike[str]) -> tuple[RepoStatus, SyncTarget | None, str | None]:
    """The status, where sync would go, and why it has nowhere to go (None when it has)."""
    gd = git.git_dir(root)
    branch = git.branch(root)
    names = tuple(git.remotes(root))
    target, problem = _target(root, branch, names) if branch else (None, None)
    ahead = behind = 0
    upstream = None
    if target is not None:
        known = git.ref_exists(root, target.tracking)
        if known or target.configured:
            upstream = target.name
        ahead, behind = counts(root, target, known)
    pending_files, conflicted, staged, missing = _scan(root)
    locks = tuple(lock_files(root, gd))
    merging = (gd / "MERGE_HEAD").exists()
    st = RepoStatus(
        branch=branch,
        upstream=upstream,
        ahead=ahead,
        behind=behind,
        pending=tuple(pending_files),
        merge_in_progress=merging,
        rebase_in_progress=(gd / "rebase-merge").is_dir() or (gd / "rebase-apply").is_dir(),
        conflicted=tuple(conflicted),
        staged_by_others=tuple(staged),
        last_sync=_read_last_sync(gd),
        remotes=names,
        home_branch=branch or _home_branch(root),
        locks=locks,
        lock_text=lock_message(root, locks, gd) if locks else "",
        merge_hollow=merging and not conflicted and merge_is_hollow(root),
        unsafe=tuple(unsafe_pending(root, pending_files, missing)) if pending_files else (),
    )
    return st, target, problem


def _home_branch(root: str | os.PathLike[str]) -> str:
    """The branch a detached HEAD most likely came from: main, master, or the only branch."""
    names = git.run(root, "for-each-ref", "--format=%(refname:short)", "refs/heads/").stdout.split()
    for usual in ("main", "master"):
        if usual in names:
            return usual
    return names[0] if len(names) == 1 else "main"


def _target(root: str | os.PathLike[str], branch: str, names: tuple[str, ...]) -> tuple[SyncTarget | None, str | None]:
    configured = git.upstream(root, branch)
    if configured is not None:
        remote, remote_branch, tracking = configured
        return SyncTarget(remote, remote_branch, tracking, True), None
    if not names:
        return None, NO_REMOTE
    if "origin" in names or len(names) == 1:
        remote = "origin" if "origin" in names else names[0]
        return SyncTarget(remote, branch, f"refs/remotes/{remote}/{branch}", False), None
    return None, (
        f"branch {branch} follows no remote branch and there are several remotes ({', '.join(names)}); "
        f"choose one with `git branch --set-upstream-to=REMOTE/{branch}`, then sync again."
    )


def counts(root: str | os.PathLike[str], target: SyncTarget, known: bool) -> tuple[int, int]:
    """(ahead, behind) against ``target`` as last fetched; ``known``: its tracking ref exists."""
    has_head = git.head(root) is not None
    if not known:
        return (git.commit_count(root, "HEAD") if has_head else 0), 0
    if not has_head:
        return 0, git.commit_count(root, target.tracking)
    return git.ahead_behind(root, "HEAD", target.tracking)


def _read_last_sync(gd: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(gd.joinpath(*LAST_SYNC).read_text("utf-8").strip())
    except (OSError, ValueError):
        return None


def write_last_sync(root: str | os.PathLike[str], when: dt.datetime | None = None) -> None:
    """Note in the git dir that this clone synced at ``when`` (now by default)."""
    path = git.git_dir(root).joinpath(*LAST_SYNC)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((when or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds") + "\n", encoding="utf-8")


def staged_message(files: list[str]) -> str:
    return (
        f"These files have changes staged (by git add, or by a commit that was stopped half-way) that ducu would not "
        f"commit as they are: {', '.join(files)}. "
        "Commit them yourself (`git commit`) or unstage them (`git restore --staged -- FILE`), then try again."
    )
