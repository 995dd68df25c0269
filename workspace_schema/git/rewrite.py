"""A remote branch rewritten under us (a force-push), noticed before anything is merged, and a safe way on.

A teammate force-pushes ``main`` to take out a commit (a leaked secret). A
clone that still has that commit would merge it back and push it again. So
each clone keeps the remote tip it last synced with (in its git dir,
``.git/ducu/remote-seen.json``); when the fetched tip no longer contains it,
the commits this clone has from the old branch and the new branch lacks are
the ones a merge would publish again, and sync stops before merging.

``after_rewrite`` is the way on: the clone's branch is moved onto the new
remote tip and only the commits made here that the old remote never had are
put on top, as new commits (cherry-picked). The old branch is kept as
``refs/ducu/before-rewrite/<time>``: nothing is lost, and a removed commit
is published again only when someone cherry-picks it by name.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from workspace_schema.git import runner as git
from workspace_schema.load.cache import write_cache

SEEN = ("ducu", "remote-seen.json")
BACKUP = "refs/ducu/before-rewrite"


@dataclass(frozen=True)
class Rewrite:
    tracking: str  # refs/remotes/origin/main
    seen: str  # the tip this clone last synced with
    new: str  # the tip the remote has now
    removed: tuple[tuple[str, str], ...]  # (sha, subject) of commits here that the remote took out, newest first

    def describe(self, name: str, limit: int = 5) -> str:
        shown = ", ".join(f'{sha[:7]} "{subject}"' for sha, subject in self.removed[:limit])
        more = f" and {len(self.removed) - limit} more" if len(self.removed) > limit else ""
        n = len(self.removed)
        return (
            f"{name} was rewritten (force-pushed): it no longer has {n} commit{'s' if n != 1 else ''} this clone has "
            f"from it: {shown}{more}. A sync would publish {'them' if n != 1 else 'it'} again, so nothing was merged "
            f"or pushed. If they were taken out on purpose, run `ducu sync --after-rewrite`: it moves this clone onto "
            f"the new {name} and puts only the commits made here on top (the old branch is kept under {BACKUP}/). "
            "To publish a removed commit again, cherry-pick it by name afterwards."
        )


def tip(root: str | os.PathLike[str], ref: str) -> str | None:
    """The commit ``ref`` points at, or None when there is no such ref."""
    return git.run(root, "rev-parse", "-q", "--verify", f"{ref}^{{commit}}", check=False).stdout.strip() or None


def _seen_file(root: str | os.PathLike[str]) -> Path:
    return git.git_dir(root).joinpath(*SEEN)


def seen_tip(root: str | os.PathLike[str], tracking: str) -> str | None:
    """The remote tip this clone last synced with, or None when it never did (or the note is unreadable)."""
    try:
        seen = json.loads(_seen_file(root).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    tip = seen.get(tracking) if isinstance(seen, dict) else None
    return tip if isinstance(tip, str) else None


def remember_tip(root: str | os.PathLike[str], tracking: str) -> None:
    """Note the remote-tracking ref's tip as the one this clone is in step with."""
    now = tip(root, tracking)
    if now is None:
        return
    path = _seen_file(root)
    try:
        seen = json.loads(path.read_text("utf-8"))
        if not isinstance(seen, dict):
            seen = {}
    except (OSError, ValueError):
        seen = {}
    seen[tracking] = now
    write_cache(path, (json.dumps(seen, indent=1) + "\n").encode("utf-8"))  # lost: the tracking ref stands in


def tip_before_fetch(root: str | os.PathLike[str], tracking: str) -> str | None:
    """What this clone takes as last seen: its note, else the remote-tracking ref as it is before the fetch."""
    seen = seen_tip(root, tracking)
    if seen is not None and git.run(root, "cat-file", "-e", f"{seen}^{{commit}}", check=False).returncode == 0:
        return seen
    return tip(root, tracking)


def detect(root: str | os.PathLike[str], tracking: str, seen: str | None) -> Rewrite | None:
    """The rewrite of ``tracking`` since ``seen`` that a merge would undo, or None."""
    new = tip(root, tracking)
    if not seen or not new or seen == new or git.is_ancestor(root, seen, new):
        return None
    base = git.run(root, "merge-base", "HEAD", seen, check=False).stdout.strip()
    if not base:
        return None
    out = git.run(root, "log", "--format=%H %s", base, f"^{new}").stdout
    removed = tuple((line[:40], line[41:]) for line in out.splitlines() if line)
    return Rewrite(tracking, seen, new, removed) if removed else None


def after_rewrite(root: str | os.PathLike[str], branch: str, rewrite: Rewrite) -> tuple[int, str]:
    """Move ``branch`` onto the new remote tip with this clone's own commits on top: (commits replayed, backup ref).

    Raises GitError (the branch is left as it was) when a commit of ours does
    not apply on the new tip.
    """
    mine = git.run(root, "rev-list", "--reverse", "--no-merges", "HEAD", f"^{rewrite.seen}", f"^{rewrite.new}").stdout
    commits = mine.split()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = f"{BACKUP}/{stamp}"
    git.run(root, "update-ref", backup, "HEAD")
    git.run(root, "checkout", "-q", "--detach", rewrite.new)
    for sha in commits:
        picked = git.run(root, "cherry-pick", "--allow-empty", sha, check=False)
        if picked.returncode != 0:
            git.run(root, "cherry-pick", "--abort", check=False)
            git.run(root, "checkout", "-q", branch, check=False)
            raise git.GitError(
                f"your commit {sha[:7]} does not apply on the new remote branch ({picked.stderr.strip()[:200]}); "
                f"your branch is as it was (also kept as {backup}). Resolve it by hand: "
                f"`git rebase --onto {rewrite.new[:12]} {rewrite.seen[:12]}`, then sync."
            )
    git.run(root, "checkout", "-q", "-B", branch)
    remember_tip(root, rewrite.tracking)
    return len(commits), backup
