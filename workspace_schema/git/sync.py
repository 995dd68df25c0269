"""Sync a workspace clone with its remote: how the team shares its edits.

A sync is: commit what is pending, fetch, merge (never rebase), validate,
push. It never forces, never resets and never drops a local commit. When it
cannot go on it stops, says why in plain words and names the safe next step;
every commit is still there. Offline is a normal state: commits wait for the
next sync.

Refused on purpose, before anything is changed: a detached HEAD, a merge or
rebase left unfinished, and changes staged by hand (``git add``) that ducu
would commit over or that would block the merge.

The commits themselves are made in git/commit.py (one per edit made in
the app, one for the files changed outside it); the state of the clone
(``status``, ``RepoStatus``) is read in git/status.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workspace_schema.git import damage as repo_damage
from workspace_schema.git import guards, merge_write, remote, rewrite
from workspace_schema.git import runner as git
from workspace_schema.git.commit import (
    commit_files,
    pending_message,
)
from workspace_schema.git.status import (
    NO_REMOTE,
    SyncStatus,
    SyncTarget,
    counts,
    status,
    status_and_target,
    write_last_sync,
)

if TYPE_CHECKING:
    from workspace_schema.core.findings import Finding

__all__ = ["NETWORK_TIMEOUT", "SyncResult", "sync"]

NETWORK_TIMEOUT = 120.0  # seconds one fetch or push may take before we call the remote unreachable


@dataclass(frozen=True)
class SyncResult:
    status: SyncStatus
    message: str  # plain words: what happened and the safe next step
    ahead_before: int = 0
    behind_before: int = 0
    ahead_after: int = 0
    behind_after: int = 0
    conflicted: tuple[str, ...] = ()
    pushed: int = 0  # commits the remote got from us
    pulled: int = 0  # commits we merged in from the remote
    committed: str | None = None  # the commit of edits made outside ducu, if one was made
    errors: tuple[Finding, ...] = ()  # error findings of the workspace after a merge (reported, not blocking)
    attempts: int = 0  # pushes tried (more than one when someone pushed first)


def sync(
    root: str | os.PathLike[str],
    *,
    retries: int = 3,
    timeout: float = NETWORK_TIMEOUT,
    validate: bool = True,
    after_rewrite: bool = False,
) -> SyncResult:
    """Commit pending edits, fetch, merge, validate, push; see the module docstring.

    ``retries``: how many times to fetch, merge and push again when someone
    pushed first. ``validate=False`` skips loading the merged workspace (the
    app reloads it anyway); otherwise its errors come back in ``errors``.
    ``after_rewrite``: when the remote branch was force-pushed, move onto it
    with only this clone's own commits on top (git/rewrite.py) instead of
    stopping with status "rewritten".
    """
    try:
        if not git.is_repo(root):
            return SyncResult(
                "error",
                f"{root} is not in a git repository, so there is nothing to sync with. "
                "Clone the team's workspace repository, or run `git init` here and add a remote.",
            )
        return _Sync(Path(root), retries, timeout, validate, after_rewrite).run()
    except git.NoIdentity as exc:
        return SyncResult("error", str(exc))
    except git.GitError as exc:
        return SyncResult("error", f"Sync stopped: {_gist(str(exc))}. Your commits are kept; fix that and sync again.")


class _Sync:
    def __init__(self, root: Path, retries: int, timeout: float, validate: bool, after_rewrite: bool = False) -> None:
        self.root = root
        self.after_rewrite = after_rewrite
        self.replayed: tuple[int, str] | None = None  # (commits put on the rewritten branch, the backup ref)
        self.validate = validate
        self.retries = max(0, retries)
        self.timeout = timeout
        self.committed: str | None = None
        self.before: tuple[int, int] | None = None
        self.pulled = 0
        self.attempts = 0
        self.errors: tuple[Finding, ...] = ()

    def result(
        self,
        status: SyncStatus,
        message: str,
        *,
        after: tuple[int, int] = (0, 0),
        pushed: int = 0,
        conflicted: tuple[str, ...] = (),
    ) -> SyncResult:
        before = self.before or after
        return SyncResult(
            status,
            message,
            before[0],
            before[1],
            after[0],
            after[1],
            conflicted,
            pushed,
            self.pulled,
            self.committed,
            self.errors,
            self.attempts,
        )

    def run(self) -> SyncResult:
        changed_since = merge_write.finish_interrupted(self.root)
        st, target, problem = status_and_target(self.root)
        if changed_since:
            return self.result(
                "error",
                (
                    f"A sync was stopped while it wrote a merge; ducu finished it, but {', '.join(changed_since)} changed since "
                    "and was left as it is. Check with `git diff HEAD -- <file>` that it still has your teammates' "
                    "changes (take them back from `git show HEAD:<file>` if not), then sync again."
                ),
                after=(st.ahead, st.behind),
            )
        blocked = st.blocker()
        if blocked is not None:
            self.before = (st.ahead, st.behind)
            return self.result(blocked[0], blocked[1], after=self.before, conflicted=st.conflicted)
        if st.pending:
            self.committed = commit_files(self.root, list(st.pending), pending_message(list(st.pending)))
        assert st.branch is not None
        if target is None:
            assert problem is not None  # status_and_target gives a target or the reason there is none
            self.before = (st.ahead, st.behind)
            kept = " Your edits are committed here." if self.committed else ""
            return self.result(
                "offline" if problem == NO_REMOTE else "error", f"{problem.rstrip('.')}.{kept}", after=self.before
            )
        seen = rewrite.tip_before_fetch(self.root, target.tracking)
        while True:
            try:
                remote.fetch(self.root, target.remote, timeout=self.timeout)
            except git.GitError as exc:
                return self.unreachable(exc, target, "fetch from")
            rewritten = rewrite.detect(self.root, target.tracking, seen)
            if rewritten is not None:
                if not self.after_rewrite:
                    self.before = self.before or self.counts(target)
                    return self.result("rewritten", rewritten.describe(target.name), after=self.before)
                self.replayed = rewrite.after_rewrite(self.root, st.branch, rewritten)
            seen = rewrite.tip(self.root, target.tracking)
            known = git.ref_exists(self.root, target.tracking)
            ahead, behind = counts(self.root, target, known)
            if self.before is None:
                self.before = (ahead, behind)
            if behind:
                problems = guards.merge_attribute_problems(self.root, target.tracking)
                if problems:
                    return self.result(
                        "refused",
                        f"Not merged: {' '.join(problems)} Your commits are kept; nothing was pushed.",
                        after=(ahead, behind),
                    )
                stopped = self.merge(target, behind)
                if stopped is not None:
                    return stopped
                ahead, behind = counts(self.root, target, known)
            if ahead == 0:
                return self.done(target, pushed=0)
            broken = guards.unloadable(self.root, target.tracking if known else None)
            if broken:
                n = len(broken)
                shown = "; ".join(f.text() for f in broken[:3]) + (f"; and {n - 3} more" if n > 3 else "")
                return self.result(
                    "refused",
                    (
                        f"Not pushed: {n} error{'s' if n != 1 else ''} in plan files your teammates could not load: "
                        f"{shown}. Fix the file{'s' if n != 1 else ''} (`ducu validate` lists them), commit, "
                        "and sync again. Your commits are kept here."
                    ),
                    after=(ahead, behind),
                )
            self.attempts += 1
            try:
                remote.push_branch(self.root, target.remote, st.branch, target.branch, timeout=self.timeout)
            except remote.PushRejected as exc:
                if self.attempts > self.retries:
                    return self.result(
                        "error",
                        (
                            f"{target.name} kept moving: someone pushed first {self.attempts} times in a row "
                            f"({_gist(str(exc))}). Your commits are kept here; sync again in a moment."
                        ),
                        after=self.counts(target),
                    )
                continue
            except git.GitError as exc:
                return self.unreachable(exc, target, "push to")
            return self.done(target, pushed=ahead)

    def counts(self, target: SyncTarget) -> tuple[int, int]:
        return counts(self.root, target, git.ref_exists(self.root, target.tracking))

    def merge(self, target: SyncTarget, behind: int) -> SyncResult | None:
        """Merge the fetched remote branch; a SyncResult when the sync has to stop.

        A clean merge is written atomically (git/merge_write.py); conflicts and
        the other cases it leaves are merged by ``git merge`` in the work tree.
        """
        try:
            written = merge_write.merge_atomically(
                self.root,
                target.tracking,
                f"Merge remote-tracking branch '{target.tracking.removeprefix('refs/remotes/')}'\n",
            )
        except git.NoIdentity as exc:
            return self.result("error", str(exc), after=self.counts(target))
        except git.GitError as exc:
            lock = repo_damage.lock_problem(self.root, str(exc))
            return self.result(
                "error",
                f"Could not merge {target.name}: {lock or _gist(str(exc))} Your commits are kept; sync again.",
                after=self.counts(target),
            )
        if not written:
            proc = git.run(self.root, "merge", "--no-edit", "--ff", "--no-stat", "-q", target.tracking, check=False)
            if proc.returncode != 0:
                return self.merge_failed(target, proc.stderr or proc.stdout)
        self.pulled += behind
        if self.validate:
            self.errors = _validate(self.root)
        return None

    def merge_failed(self, target: SyncTarget, git_said: str) -> SyncResult:
        """Why ``git merge`` stopped, and the way on."""
        st = status(self.root)
        if st.conflicted:
            return self.result(
                "conflicts",
                (
                    f"{_conflict_kind(self.root)}; git could not merge {target.name} into your work "
                    f"in: {', '.join(st.conflicted)}. Your commits are kept and nothing was pushed. Resolve the conflicts "
                    "in the app (or edit the files, `git add` them and `git commit`), then sync again; or go back to "
                    "before the merge with `git merge --abort`."
                ),
                after=(st.ahead, st.behind),
                conflicted=st.conflicted,
            )
        said = _gist(git_said)
        if "Please tell me who you are" in git_said or "empty ident" in git_said:
            return self.result(
                "error",
                str(git.NoIdentity())
                + (
                    "\nThe merge is prepared but not committed: after setting your identity run `git merge --continue`, "
                    "or `git merge --abort` to undo it."
                    if st.merge_in_progress
                    else ""
                ),
                after=(st.ahead, st.behind),
            )
        lock = repo_damage.lock_problem(self.root, said)
        if st.merge_in_progress and (lock or repo_damage.merge_is_hollow(self.root)):
            # git left MERGE_HEAD without the merge's result (another git held the index): committing
            # that would drop the changes it merges in, so it is undone; this sync started it.
            git.run(self.root, "merge", "--abort", check=False)
            if status(self.root).merge_in_progress:  # the lock is still held: say what git left and what to do
                return self.result(
                    "error", f"{repo_damage.HOLLOW_MERGE} {lock or ''}".strip(), after=(st.ahead, st.behind)
                )
            return self.result(
                "error",
                (
                    f"The merge of {target.name} could not be written, so it was undone; your commits and saved edits are kept. "
                    + (lock or "Sync again.")
                ),
                after=self.counts(target),
            )
        if st.merge_in_progress:
            return self.result(
                "error",
                (
                    f"The merge of {target.name} did not finish ({said}). Finish it with `git merge --continue` "
                    "or undo it with `git merge --abort`, then sync again. Your commits are kept."
                ),
                after=(st.ahead, st.behind),
            )
        if lock:
            return self.result("error", f"Could not merge {target.name}: {lock}", after=(st.ahead, st.behind))
        return self.result(
            "error",
            (
                f"Could not merge {target.name} ({said}). Nothing was merged and your commits are kept. If files you "
                "changed outside the workspace are in the way, commit them or set them aside with `git stash`, then sync again."
            ),
            after=(st.ahead, st.behind),
        )

    def unreachable(self, exc: git.GitError, target: SyncTarget, doing: str) -> SyncResult:
        after = self.counts(target)
        said = _gist(str(exc)) + _server_said(str(exc))
        kept = (
            f"your {_commits(after[0])} {'are' if after[0] != 1 else 'is'} kept here"
            if after[0]
            else "nothing of yours is lost"
        )
        pulled = (
            f" The {_commits(self.pulled)} pulled before that {'are' if self.pulled != 1 else 'is'} merged."
            if self.pulled
            else ""
        )
        kind = remote.remote_problem(str(exc))
        if kind == "offline":
            return self.result(
                "offline",
                (
                    f"Could not {doing} {target.remote} ({said}): working offline, {kept}.{pulled} "
                    "Sync again when the remote can be reached."
                ),
                after=after,
            )
        if kind == "missing":
            return self.result(
                "error",
                (
                    f"{target.remote} has no repository at that address, or does not show it to you ({said}); "
                    f"{kept}.{pulled} Check the URL "
                    f"(`git remote get-url {target.remote}`) with whoever hosts it, then sync again."
                ),
                after=after,
            )
        if kind == "auth":
            return self.result(
                "error",
                (
                    f"{target.remote} did not accept your credentials ({said}); {kept}.{pulled} Check your SSH key or "
                    f"access token (`git fetch {target.remote}` in a terminal shows git's own prompt), then sync again."
                ),
                after=after,
            )
        return self.result(
            "error",
            f"Could not {doing} {target.remote} ({said}); {kept}.{pulled} Fix that and sync again.",
            after=after,
        )

    def done(self, target: SyncTarget, *, pushed: int) -> SyncResult:
        write_last_sync(self.root)
        rewrite.remember_tip(self.root, target.tracking)
        remote.share_tags(self.root, target.remote, "baseline/", timeout=self.timeout)
        after = self.counts(target)
        if not (pushed or self.pulled or self.committed or self.replayed):
            return self.result("nothing", f"Already in sync with {target.name}: nothing to pull or push.", after=after)
        parts = []
        if self.replayed is not None:
            n, backup = self.replayed
            parts.append(
                f"moved onto the rewritten {target.name} with your {_commits(n)} on top (the old branch is {backup})"
            )
        if self.committed:
            parts.append("committed the files changed outside ducu")
        if self.pulled:
            parts.append(f"pulled {_commits(self.pulled)}")
        if pushed:
            parts.append(f"pushed {_commits(pushed)}")
        message = f"Synced with {target.name}: {', '.join(parts)}."
        if self.errors:
            first = self.errors[0].text()
            message += (
                f" After the merge the workspace has {len(self.errors)} error{'s' if len(self.errors) != 1 else ''} "
                f"(first: {first}); run `ducu validate` to see them all, fix them and sync again."
            )
        return self.result("synced", message, after=after, pushed=pushed)


def _validate(root: Path) -> tuple[Finding, ...]:
    """Error findings of the merged workspace (loader and rules); reported, never blocking."""
    from workspace_schema.core import clock
    from workspace_schema.core.findings import Finding
    from workspace_schema.load.loader import NotAWorkspace, load_workspace
    from workspace_schema.rules import check

    try:
        ws, findings = load_workspace(root)
    except NotAWorkspace as exc:
        return (Finding(level="error", code="FILE000", message=str(exc)),)
    findings = findings + check(ws, clock.today(ws.settings.timezone))
    return tuple(f for f in findings if f.level == "error")


def _commits(n: int) -> str:
    return f"{n} commit{'s' if n != 1 else ''}"


def _conflict_kind(root: Path) -> str:
    """What kind of conflict the merge left, in words: a deletion against an edit, or the same values changed."""
    codes = {xy for xy, _path, _old in git.status_entries(root) if xy in ("DU", "UD", "DD")}
    if codes:
        return "One side deleted a file that the other changed"
    return "You and someone else changed the same values"


def _server_said(text: str) -> str:
    """What the server's own hooks printed (git's ``remote:`` lines), as plain text, or ""."""
    from workspace_schema.core.text_safety import one_line

    said = [
        one_line(line.strip()[len("remote:") :]) for line in text.splitlines() if line.strip().startswith("remote:")
    ]
    said = [line for line in said if line]
    return f"; the server said: {' / '.join(said)[:400]}" if said else ""


def _gist(text: str) -> str:
    """The line of git's output that says what went wrong, without git's boilerplate."""
    for prefix in ("git fetch failed: ", "git push failed: ", "git push was rejected: "):
        text = text.replace(prefix, "")
    lines = [line.strip() for line in text.splitlines()]
    useful = [
        line
        for line in lines
        if line and not line.startswith(("Please make sure", "and the repository exists", "hint:", "To ", "Done"))
    ]
    telling = [
        line for line in useful if remote.remote_problem(line) and "could not read from remote" not in line.lower()
    ]
    flagged = [line for line in useful if line.startswith(("fatal:", "error:", "!", "ERROR:"))]
    line = (telling or flagged or useful or ["no details"])[0]
    for prefix in ("fatal: ", "error: ", "ERROR: "):
        line = line.removeprefix(prefix)
    return " ".join(line.replace("\t", " ").split())[:240]
