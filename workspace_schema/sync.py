"""Commit, pull and push a workspace clone: how the team shares its edits.

Every edit made in the app is one commit (``commit_change``). Files changed
outside the app are committed together before a sync (``commit_pending``).
A sync is: commit what is pending, fetch, merge (never rebase), validate,
push. It never forces, never resets and never drops a local commit. When it
cannot go on it stops, says why in plain words and names the safe next step;
every commit is still there. Offline is a normal state: commits wait for the
next sync.

Refused on purpose, before anything is changed: a detached HEAD, a merge or
rebase left unfinished, and changes staged by hand (``git add``) that ducu
would commit over or that would block the merge.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from . import git

if TYPE_CHECKING:
    from .edits import Change
    from .findings import Finding

SyncStatus = Literal["synced", "nothing", "conflicts", "offline", "error"]

NETWORK_TIMEOUT = 120.0  # seconds one fetch or push may take before we call the remote unreachable
LAST_SYNC = ("ducu", "last-sync")  # inside the git dir: per clone, never committed
_UNMERGED = frozenset({"DD", "AU", "UD", "UA", "DU", "AA", "UU"})
NO_REMOTE = "no remote: ducu works offline; add one with git remote add origin URL"


class StagedByOthers(git.GitError):
    """Files hold changes staged by hand that ducu would commit over; ``files`` lists them."""

    def __init__(self, files: list[str]) -> None:
        super().__init__(_staged_message(files))
        self.files = files


class NothingToCommit(git.GitError):
    """The file of a change is the same as in the last commit."""


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

    def blocker(self) -> tuple[SyncStatus, str] | None:
        """Why a sync must not start now (status, message), or None when it may."""
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
            return "error", _staged_message(list(self.staged_by_others)) + " Nothing was changed."
        return None


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


@dataclass(frozen=True)
class _Target:
    remote: str
    branch: str  # the branch on the remote
    tracking: str  # refs/remotes/<remote>/<branch>
    configured: bool  # the local branch already follows it (else the first push sets that)

    @property
    def name(self) -> str:
        return f"{self.remote}/{self.branch}"


# --- what is there to commit -----------------------------------------------


def _is_workspace_file(rel: str) -> bool:
    return rel.endswith(".toml") or posixpath.basename(rel) == ".gitattributes"


def _scan(root: str | Path, paths: list[str] | None = None) -> tuple[list[str], list[str], list[str]]:
    """(pending, conflicted, staged_by_others), paths relative to ``root``."""
    where = git.prefix(root)
    pending: list[str] = []
    conflicted: list[str] = []
    staged_by_others: list[str] = []
    for xy, path, _old in git.status_entries(root, paths or ()):
        inside = path.startswith(where)
        rel = path[len(where):] if inside else posixpath.relpath(path, where or ".")
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
    return sorted(pending), sorted(conflicted), sorted(staged_by_others)


def pending(root: str | Path) -> list[str]:
    """Workspace files (.toml, .gitattributes) changed or added outside the app and not committed."""
    return _scan(root)[0]


def commit_pending(root: str | Path) -> str | None:
    """Commit every pending file in one commit that lists them; the commit id, or None when none."""
    files = pending(root)
    return _commit(root, files, pending_message(files)) if files else None


def pending_message(files: list[str]) -> str:
    return "Edits made outside ducu\n\n" + "".join(f"- {f}\n" for f in files)


def commit_change(root: str | Path, change: Change) -> str:
    """Commit exactly ``change.file`` with ``change.message()``; the new commit id.

    Raises NothingToCommit when the file is unchanged, StagedByOthers when it
    holds changes staged by hand that differ from the file, git.NoIdentity
    when git does not know who is committing.
    """
    pending_files, conflicted, staged = _scan(root, [change.file])
    if conflicted:
        raise git.GitError(f"{change.file} has an unresolved conflict; resolve it (in the app or by hand) before committing edits to it.")
    if staged:
        raise StagedByOthers(staged)
    if change.file not in pending_files:
        raise NothingToCommit(f"nothing to commit: {change.file} is the same as in the last commit")
    return _commit(root, [change.file], change.message())


def _commit(root: str | Path, files: list[str], message: str) -> str:
    try:
        return git.commit(root, files, message, env=git.LITERAL)
    except git.NoIdentity:
        raise
    except git.GitError as exc:
        if "partial commit during a merge" in str(exc):
            raise git.GitError(
                f"{', '.join(files)}: saved but not committed, because a merge is in progress. "
                "Resolve its conflicts and finish it (or `git merge --abort`), then sync: the saved edits are committed then."
            ) from None
        raise


def finish_merge(root: str | Path) -> str:
    """Commit a merge whose conflicts are all resolved (what `git merge --continue` does); the commit id."""
    st = status(root)
    if not st.merge_in_progress:
        raise git.GitError("no merge is in progress")
    if st.conflicted:
        raise git.GitError(f"conflicts are still unresolved in: {', '.join(st.conflicted)}")
    git.run(root, "commit", "--no-edit", "-q")
    return git.run(root, "rev-parse", "HEAD").stdout.strip()


# --- status ----------------------------------------------------------------


def status(root: str | Path) -> RepoStatus:
    return _status(root)[0]


def _status(root: str | Path) -> tuple[RepoStatus, _Target | None, str | None]:
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
        ahead, behind = _counts(root, target, known)
    pending_files, conflicted, staged = _scan(root)
    st = RepoStatus(
        branch=branch,
        upstream=upstream,
        ahead=ahead,
        behind=behind,
        pending=tuple(pending_files),
        merge_in_progress=(gd / "MERGE_HEAD").exists(),
        rebase_in_progress=(gd / "rebase-merge").is_dir() or (gd / "rebase-apply").is_dir(),
        conflicted=tuple(conflicted),
        staged_by_others=tuple(staged),
        last_sync=_read_last_sync(gd),
        remotes=names,
        home_branch=branch or _home_branch(root),
    )
    return st, target, problem


def _home_branch(root: str | Path) -> str:
    """The branch a detached HEAD most likely came from: main, master, or the only branch."""
    names = git.run(root, "for-each-ref", "--format=%(refname:short)", "refs/heads/").stdout.split()
    for usual in ("main", "master"):
        if usual in names:
            return usual
    return names[0] if len(names) == 1 else "main"


def _target(root: str | Path, branch: str, names: tuple[str, ...]) -> tuple[_Target | None, str | None]:
    configured = git.upstream(root, branch)
    if configured is not None:
        remote, remote_branch, tracking = configured
        return _Target(remote, remote_branch, tracking, True), None
    if not names:
        return None, NO_REMOTE
    if "origin" in names or len(names) == 1:
        remote = "origin" if "origin" in names else names[0]
        return _Target(remote, branch, f"refs/remotes/{remote}/{branch}", False), None
    return None, (
        f"branch {branch} follows no remote branch and there are several remotes ({', '.join(names)}); "
        f"choose one with `git branch --set-upstream-to=REMOTE/{branch}`, then sync again."
    )


def _counts(root: str | Path, target: _Target, known: bool) -> tuple[int, int]:
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


def _write_last_sync(root: str | Path, when: dt.datetime | None = None) -> None:
    path = git.git_dir(root).joinpath(*LAST_SYNC)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((when or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds") + "\n", encoding="utf-8")


# --- sync ------------------------------------------------------------------


def sync(root: str | Path, *, retries: int = 3, timeout: float = NETWORK_TIMEOUT, validate: bool = True) -> SyncResult:
    """Commit pending edits, fetch, merge, validate, push; see the module docstring.

    ``retries``: how many times to fetch, merge and push again when someone
    pushed first. ``validate=False`` skips loading the merged workspace (the
    app reloads it anyway); otherwise its errors come back in ``errors``.
    """
    if not git.is_repo(root):
        return SyncResult("error", f"{root} is not in a git repository, so there is nothing to sync with. "
                          "Clone the team's workspace repository, or run `git init` here and add a remote.")
    try:
        return _Sync(Path(root), retries, timeout, validate).run()
    except git.NoIdentity as exc:
        return SyncResult("error", str(exc))
    except git.GitError as exc:
        return SyncResult("error", f"Sync stopped: {_gist(str(exc))}. Your commits are kept; fix that and sync again.")


class _Sync:
    def __init__(self, root: Path, retries: int, timeout: float, validate: bool) -> None:
        self.root = root
        self.validate = validate
        self.retries = max(0, retries)
        self.timeout = timeout
        self.committed: str | None = None
        self.before: tuple[int, int] | None = None
        self.pulled = 0
        self.attempts = 0
        self.errors: tuple[Finding, ...] = ()

    def result(self, status: SyncStatus, message: str, *, after: tuple[int, int] = (0, 0), pushed: int = 0, conflicted: tuple[str, ...] = ()) -> SyncResult:
        before = self.before or after
        return SyncResult(
            status, message, before[0], before[1], after[0], after[1], conflicted,
            pushed, self.pulled, self.committed, self.errors, self.attempts,
        )

    def run(self) -> SyncResult:
        st, target, problem = _status(self.root)
        blocked = st.blocker()
        if blocked is not None:
            self.before = (st.ahead, st.behind)
            return self.result(blocked[0], blocked[1], after=self.before, conflicted=st.conflicted)
        if st.pending:
            self.committed = _commit(self.root, list(st.pending), pending_message(list(st.pending)))
        assert st.branch is not None
        if target is None:
            self.before = (st.ahead, st.behind)
            kept = " Your edits are committed here." if self.committed else ""
            return self.result("offline" if problem == NO_REMOTE else "error", f"{problem}{kept}", after=self.before)
        while True:
            try:
                git.fetch(self.root, target.remote, timeout=self.timeout)
            except git.GitError as exc:
                return self.unreachable(exc, target, "fetch from")
            known = git.ref_exists(self.root, target.tracking)
            ahead, behind = _counts(self.root, target, known)
            if self.before is None:
                self.before = (ahead, behind)
            if behind:
                stopped = self.merge(target, behind)
                if stopped is not None:
                    return stopped
                ahead, behind = _counts(self.root, target, known)
            if ahead == 0:
                return self.done(target, pushed=0)
            self.attempts += 1
            try:
                git.push_branch(self.root, target.remote, st.branch, target.branch, set_upstream=not target.configured, timeout=self.timeout)
            except git.PushRejected as exc:
                if self.attempts > self.retries:
                    return self.result("error", (
                        f"{target.name} kept moving: someone pushed first {self.attempts} times in a row "
                        f"({_gist(str(exc))}). Your commits are kept here; sync again in a moment."
                    ), after=self.counts(target))
                continue
            except git.GitError as exc:
                return self.unreachable(exc, target, "push to")
            return self.done(target, pushed=ahead)

    def counts(self, target: _Target) -> tuple[int, int]:
        return _counts(self.root, target, git.ref_exists(self.root, target.tracking))

    def merge(self, target: _Target, behind: int) -> SyncResult | None:
        """Merge the fetched remote branch; a SyncResult when the sync has to stop."""
        proc = git.run(self.root, "merge", "--no-edit", "--ff", "--no-stat", "-q", target.tracking, check=False)
        if proc.returncode == 0:
            self.pulled += behind
            if self.validate:
                self.errors = _validate(self.root)
            return None
        st = status(self.root)
        if st.conflicted:
            return self.result("conflicts", (
                f"You and someone else changed the same values; git could not merge {target.name} into your work "
                f"in: {', '.join(st.conflicted)}. Your commits are kept and nothing was pushed. Resolve the conflicts "
                "in the app (or edit the files, `git add` them and `git commit`), then sync again; or go back to "
                "before the merge with `git merge --abort`."
            ), after=(st.ahead, st.behind), conflicted=st.conflicted)
        said = _gist(proc.stderr or proc.stdout)
        if "Please tell me who you are" in proc.stderr or "empty ident" in proc.stderr:
            return self.result("error", str(git.NoIdentity()) + (
                "\nThe merge is prepared but not committed: after setting your identity run `git merge --continue`, "
                "or `git merge --abort` to undo it." if st.merge_in_progress else ""
            ), after=(st.ahead, st.behind))
        if st.merge_in_progress:
            return self.result("error", (
                f"The merge of {target.name} did not finish ({said}). Finish it with `git merge --continue` "
                "or undo it with `git merge --abort`, then sync again. Your commits are kept."
            ), after=(st.ahead, st.behind))
        return self.result("error", (
            f"Could not merge {target.name} ({said}). Nothing was merged and your commits are kept. If files you "
            "changed outside the workspace are in the way, commit them or set them aside with `git stash`, then sync again."
        ), after=(st.ahead, st.behind))

    def unreachable(self, exc: git.GitError, target: _Target, doing: str) -> SyncResult:
        after = self.counts(target)
        said = _gist(str(exc))
        kept = f"your {_commits(after[0])} {'are' if after[0] != 1 else 'is'} kept here" if after[0] else "nothing of yours is lost"
        pulled = f" The {_commits(self.pulled)} pulled before that {'are' if self.pulled != 1 else 'is'} merged." if self.pulled else ""
        kind = git.remote_problem(str(exc))
        if kind == "offline":
            return self.result("offline", (
                f"Could not {doing} {target.remote} ({said}): working offline, {kept}.{pulled} "
                "Sync again when the remote can be reached."
            ), after=after)
        if kind == "auth":
            return self.result("error", (
                f"{target.remote} did not accept your credentials ({said}); {kept}.{pulled} Check your SSH key or "
                f"access token (`git fetch {target.remote}` in a terminal shows git's own prompt), then sync again."
            ), after=after)
        return self.result("error", f"Could not {doing} {target.remote} ({said}); {kept}.{pulled} Fix that and sync again.", after=after)

    def done(self, target: _Target, *, pushed: int) -> SyncResult:
        _write_last_sync(self.root)
        git.share_tags(self.root, target.remote, "baseline/", timeout=self.timeout)
        after = self.counts(target)
        if not (pushed or self.pulled or self.committed):
            return self.result("nothing", f"Already in sync with {target.name}: nothing to pull or push.", after=after)
        parts = []
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
    from . import clock
    from .findings import Finding
    from .loader import NotAWorkspace, load_workspace
    from .rules import check

    try:
        ws, findings = load_workspace(root)
    except NotAWorkspace as exc:
        return (Finding(level="error", code="FILE000", message=str(exc)),)
    findings = findings + check(ws, clock.today(ws.settings.timezone))
    return tuple(f for f in findings if f.level == "error")


def _staged_message(files: list[str]) -> str:
    return (
        f"These files have changes staged by hand (git add) that ducu would not commit as they are: {', '.join(files)}. "
        "Commit them yourself (`git commit`) or unstage them (`git restore --staged -- FILE`), then try again."
    )


def _commits(n: int) -> str:
    return f"{n} commit{'s' if n != 1 else ''}"


def _gist(text: str) -> str:
    """The line of git's output that says what went wrong, without git's boilerplate."""
    for prefix in ("git fetch failed: ", "git push failed: ", "git push was rejected: "):
        text = text.replace(prefix, "")
    lines = [line.strip() for line in text.splitlines()]
    useful = [
        line for line in lines
        if line and not line.startswith(("Please make sure", "and the repository exists", "hint:", "To ", "Done"))
    ]
    telling = [line for line in useful if git.remote_problem(line) and "could not read from remote" not in line.lower()]
    flagged = [line for line in useful if line.startswith(("fatal:", "error:", "!", "ERROR:"))]
    line = (telling or flagged or useful or ["no details"])[0]
    for prefix in ("fatal: ", "error: ", "ERROR: "):
        line = line.removeprefix(prefix)
    return " ".join(line.replace("\t", " ").split())[:240]
