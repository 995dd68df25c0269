"""The one door to git: plain functions over subprocess calls.

Git is always called with an argument list (never a shell), with ``-C root``
and with the caller's GIT_DIR / GIT_WORK_TREE / GIT_INDEX_FILE removed from
the environment, so ducu only ever touches the repository it was pointed at.
No user text becomes an option: paths go after ``--`` (and are matched
literally where they name files), and a repository path, remote, revision or
ref that starts with ``-`` is refused before git runs (``UnsafeArgument``).
This is the only module that starts git (tests/test_safe_git.py checks).
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Generator, Sequence
from pathlib import Path

_SCRUB = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR", "GIT_PREFIX")


class GitError(Exception):
    """A git command failed; the message holds what git said."""


class NoIdentity(GitError):
    """git has no user.name / user.email for this repository."""

    def __init__(self) -> None:
        super().__init__(
            "git does not know who you are, so ducu cannot commit. Set your identity once:\n"
            '  git config --global user.name "Your Name"\n'
            '  git config --global user.email "you@example.com"\n'
            "and use the email that people.toml lists for you."
        )


_NO_GIT = "git is not installed or not on PATH; install git and try again."


class UnsafeArgument(GitError):
    """User text that git would read as an option (it starts with '-'); refused before git runs."""


def not_an_option(value: str, what: str, fix: str = "") -> str:
    """``value`` unchanged, or UnsafeArgument when git would read it as an option."""
    if value.startswith("-"):
        raise UnsafeArgument(
            f"refusing {what} {value!r}: it starts with '-', so git would read it as an option. {fix}".rstrip()
        )
    return value


def check_path(path: str | os.PathLike[str], what: str = "the workspace path") -> str:
    """``path`` as text, or UnsafeArgument (naming the full path to give instead) when it starts with '-'."""
    text = os.fspath(path)
    return not_an_option(text, what, f"Give its full path instead ({os.path.abspath(text)}).")


# Who this process commits as when someone said so (commit_as), over git's own identity.
_COMMIT_AS: dict[str, str] = {}


def commit_as(name: str | None, email: str = "") -> None:
    """From now on this process commits (author and committer) as ``name <email>``; None: as git's identity again.

    For the app served to browsers (textual-serve starts one process per
    browser): the server's git identity is not the person at the browser.
    Everything that asks git who is committing (``identity``) hears the same.
    """
    _COMMIT_AS.clear()
    if name is not None:
        for role in ("AUTHOR", "COMMITTER"):
            _COMMIT_AS[f"GIT_{role}_NAME"] = name
            _COMMIT_AS[f"GIT_{role}_EMAIL"] = email


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
    env.setdefault("LC_ALL", "C")
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.update(_COMMIT_AS)
    if extra:
        env.update(extra)
    return env


def run(
    root: str | os.PathLike[str],
    *args: str,
    check: bool = True,
    env: dict[str, str] | None = None,
    input: str | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``git -C root ARGS``; raise GitError with git's words when it fails (or takes over ``timeout`` s)."""
    root = check_path(root, "the repository path")
    try:
        proc = subprocess.run(
            ["git", "-C", root, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=_env(env),
            input=input,
            check=False,
            timeout=timeout,
        )
    except FileNotFoundError as exc:
        raise GitError(_NO_GIT) from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} did not answer within {timeout:.0f} s") from exc
    if check and proc.returncode != 0:
        said = (proc.stderr or proc.stdout).strip()
        if "Please tell me who you are" in said or "empty ident" in said:
            raise NoIdentity()
        raise GitError(f"git {args[0]} failed: {said}")
    return proc


def is_repo(root: str | os.PathLike[str]) -> bool:
    return run(root, "rev-parse", "--is-inside-work-tree", check=False).stdout.strip() == "true"


def init(root: str | os.PathLike[str], *, bare: bool = False, branch: str = "main") -> None:
    check_path(root, "the repository path")
    args = ["init", "-q", f"--initial-branch={not_an_option(branch, 'the branch name')}"]
    if bare:
        args.append("--bare")
    Path(root).mkdir(parents=True, exist_ok=True)
    run(root, *args)


def identity(root: str | os.PathLike[str]) -> tuple[str, str] | None:
    """(name, email) git would commit as, or None when either is missing."""
    proc = run(root, "var", "GIT_AUTHOR_IDENT", check=False)
    if proc.returncode != 0:
        return None
    ident = proc.stdout.strip()
    name, _, rest = ident.partition(" <")
    email = rest.split(">", 1)[0]
    return (name, email) if name and email else None


# --- history: one log stream, one blob reader ---------------------------------

# Paths are matched literally: a file named "*.toml" is that file, not a glob.
LITERAL = {"GIT_LITERAL_PATHSPECS": "1"}
# Pathspec magic (":(glob)") must work whatever the caller's environment says.
_MAGIC = {
    "GIT_LITERAL_PATHSPECS": "0",
    "GIT_GLOB_PATHSPECS": "0",
    "GIT_NOGLOB_PATHSPECS": "0",
    "GIT_ICASE_PATHSPECS": "0",
}


def repo_state(root: str | os.PathLike[str]) -> tuple[Path, str, str | None]:
    """(absolute git dir, where ``root`` sits in the repository: "" or "sub/dir/", HEAD commit or None before the first commit).

    One ``git rev-parse`` call; raises GitError when ``root`` is not in a repository.
    """
    proc = run(root, "rev-parse", "--absolute-git-dir", "--show-prefix", "--verify", "-q", "HEAD^{commit}", check=False)
    lines = proc.stdout.split("\n")
    if proc.returncode not in (0, 1) or len(lines) < 2 or not lines[0]:
        raise GitError(f"git rev-parse failed: {(proc.stderr or proc.stdout).strip()}")
    head_id = lines[2].strip() if proc.returncode == 0 and len(lines) > 2 else ""
    return Path(lines[0]), lines[1].strip(), head_id or None


def is_ancestor(root: str | os.PathLike[str], ancestor: str, descendant: str) -> bool:
    """True when commit ``ancestor`` is in the history of ``descendant`` (False too when git no longer has it)."""
    for rev in (ancestor, descendant):
        not_an_option(rev, "the revision")
    return run(root, "merge-base", "--is-ancestor", ancestor, descendant, check=False).returncode == 0


def log_raw(root: str | os.PathLike[str], revs: Sequence[str], pathspecs: Sequence[str], fmt: str) -> str:
    """``git log --raw -z`` of ``revs`` limited to ``pathspecs``, oldest commit first.

    Each commit is ``fmt`` (a --format string) followed by its raw entries
    (":old-mode new-mode old-blob new-blob STATUS", NUL, path(s), NUL) with
    full blob ids, paths relative to ``root``, renames found
    (``--find-renames``) and merges shown as dense combined entries
    ("::" and one blob per parent) for files the merge result took from no
    parent as is. ``--full-history``: every side of every merge is walked,
    so a commit whose change a merge overruled is listed too (git's default
    simplification skips the side a merge is TREESAME to); a merge is listed
    when it differs from at least one parent. The user's config cannot
    change the shape: no colour, no signature text, no external diff, no
    abbreviated ids.
    """
    for rev in revs:
        not_an_option(rev, "the revision")
    args = [
        "log",
        "--raw",
        "-z",
        "--no-abbrev",
        "--full-history",
        "--find-renames",
        "--diff-merges=dense-combined",
        "--date-order",
        "--reverse",
        "--relative",
        "--no-color",
        "--no-show-signature",
        "--no-ext-diff",
        "--no-textconv",
        f"--format={fmt}",
        *revs,
        "--",
        *pathspecs,
    ]
    return run(root, *args, env=_MAGIC).stdout


def parents_of(root: str | os.PathLike[str], rev: str) -> dict[str, tuple[str, ...]]:
    """Every commit in the history of ``rev`` and its parents, each commit after its parents."""
    out = run(
        root, "rev-list", "--parents", "--topo-order", "--reverse", not_an_option(rev, "the revision"), "--"
    ).stdout
    graph: dict[str, tuple[str, ...]] = {}
    for line in out.splitlines():
        sha, *parents = line.split()
        graph[sha] = tuple(parents)
    return graph


def tree_diffs(
    root: str | os.PathLike[str],
    pairs: Sequence[tuple[str, str]],
    pathspecs: Sequence[str],
) -> list[dict[str, tuple[str, str]]]:
    """For each (commit, base) pair, ``{path: (blob in base, blob in commit)}`` of the files in ``pathspecs`` that differ.

    One ``git diff-tree --stdin`` for all pairs; "" for a file a side does
    not have; no rename detection (a renamed file is one deleted, one added).
    """
    lines = []
    for n, (rev, base) in enumerate(pairs):
        lines.append(f"#{n}\n{not_an_option(rev, 'the revision')} {not_an_option(base, 'the revision')}\n")
    out = run(
        root,
        "diff-tree",
        "--stdin",
        "-r",
        "-z",
        "--relative",
        "--no-renames",
        "--no-commit-id",
        "--no-abbrev",
        "--no-ext-diff",
        "--no-textconv",
        "--",
        *pathspecs,
        input="".join(lines),
        env=_MAGIC,
    ).stdout
    # diff-tree echoes the "#n" lines (not ids), so they mark where each pair's entries start.
    diffs: list[dict[str, tuple[str, str]]] = [{} for _ in pairs]
    current: dict[str, tuple[str, str]] = {}
    tokens = out.split("\0")
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        while token.startswith("#"):
            mark, _, token = token.partition("\n")
            current = diffs[int(mark[1:])]
        if token.startswith(":") and i < len(tokens):
            old, new = ("" if set(oid) == {"0"} else oid for oid in token[1:].split()[2:4])
            current[tokens[i]] = (old, new)
            i += 1
    return diffs


def read_blobs(root: str | os.PathLike[str], oids: Sequence[str]) -> Generator[tuple[str, bytes | None], None, None]:
    """The contents of every object in ``oids``, in order, from one ``git cat-file --batch`` process.

    None for an object git does not have (a shallow or partial clone). A
    thread writes the requests while this generator reads the answers, so
    neither pipe can fill up and stall the other; stopping early ends the
    process.
    """
    if not oids:
        return
    root = check_path(root, "the repository path")
    try:
        proc = subprocess.Popen(
            ["git", "-C", root, "cat-file", "--batch", "--buffer"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_env(),
            bufsize=1 << 20,
        )
    except FileNotFoundError as exc:
        raise GitError(_NO_GIT) from exc
    assert proc.stdin is not None and proc.stdout is not None
    stdin = proc.stdin
    try:  # Linux: let git run up to 1 MiB ahead of the reader
        import fcntl

        fcntl.fcntl(proc.stdout.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass

    def write() -> None:
        try:
            stdin.write("".join(f"{oid}\n" for oid in oids).encode("ascii"))
            stdin.close()
        except (BrokenPipeError, OSError, ValueError):
            pass

    writer = threading.Thread(target=write, name="cat-file-writer", daemon=True)
    writer.start()
    out = proc.stdout
    try:
        for oid in oids:
            header = out.readline()
            if not header:
                raise GitError(f"git cat-file stopped before {oid}")
            parts = header.split()
            if len(parts) != 3:  # "<oid> missing" / "<oid> ambiguous"
                yield oid, None
                continue
            size = int(parts[2])
            body = out.read(size + 1)
            yield oid, body[:size]
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        out.close()
        writer.join(timeout=5)


def top(root: str | os.PathLike[str]) -> Path:
    """The top folder of the repository's work tree."""
    return Path(run(root, "rev-parse", "--show-toplevel").stdout.strip())


def blob_as_checked_out(root: str | os.PathLike[str], oid: str, path: str) -> bytes:
    """The bytes git would write for blob ``oid`` at ``path`` (its filters and line-end rules applied)."""
    return _run_binary(root, "cat-file", "--filters", f"--path={path}", not_an_option(oid, "the object"))


def _run_binary(root: str | os.PathLike[str], *args: str, stdin: bytes | None = None) -> bytes:
    """``run`` for bytes in and out: git's standard output; GitError with git's words when it fails."""
    root = check_path(root, "the repository path")
    try:
        proc = subprocess.run(["git", "-C", root, *args], input=stdin, capture_output=True, env=_env(), check=False)
    except FileNotFoundError as exc:
        raise GitError(_NO_GIT) from exc
    if proc.returncode != 0:
        raise GitError(f"git {args[0]} failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout


def fast_import(root: str | os.PathLike[str], stream: bytes) -> None:
    """Feed ``stream`` (a ``git fast-import`` stream with raw dates, without its final ``done``) to git.

    For the demo's scripted history (setup/history.py).
    GitError with git's words when it fails.
    """
    _run_binary(root, "fast-import", "--quiet", "--date-format=raw", "--done", stdin=stream + b"done\n")


def commit(
    root: str | os.PathLike[str], paths: Sequence[str], message: str, *, env: dict[str, str] | None = None
) -> str:
    """Commit exactly ``paths`` (relative to root, matched literally) with ``message``; return the new commit id."""
    if not paths:
        raise GitError("nothing to commit: no paths given")
    env = {**LITERAL, **(env or {})}
    # New files must be known to git for `commit -- paths`; --intent-to-add records only that they
    # exist, not their content, so a process killed before the commit leaves nothing staged (the next
    # edit of the file would be refused as "staged by hand"). The commit takes the files as they are
    # on disk, deletions included (a file removed with `git rm` too, which `add -A` refused).
    present = [p for p in paths if os.path.lexists(os.path.join(root, p))]
    if present:
        run(root, "add", "--intent-to-add", "--", *present, env=env)
    run(root, "commit", "-q", "-F", "-", "--", *paths, env=env, input=message)
    return run(root, "rev-parse", "HEAD").stdout.strip()


def add_remote(root: str | os.PathLike[str], name: str, url: str) -> None:
    not_an_option(name, "the remote name")
    not_an_option(url, "the remote url", "Give a full path or a url such as ssh://host/repo.git.")
    run(root, "remote", "add", "--", name, url)


def push(
    root: str | os.PathLike[str], remote: str = "origin", branch: str = "main", *, set_upstream: bool = False
) -> None:
    args = ["push", "-q"]
    if set_upstream:
        args.append("--set-upstream")
    run(root, *args, "--", not_an_option(remote, "the remote"), not_an_option(branch, "the branch name"))


# --- state of a clone (for sync and the status bar) ---------------------------


def git_dir(root: str | os.PathLike[str]) -> Path:
    """The repository's git dir as an absolute path (``.git``, or a worktree's own dir)."""
    return Path(run(root, "rev-parse", "--absolute-git-dir").stdout.strip())


def prefix(root: str | os.PathLike[str]) -> str:
    """Where ``root`` sits inside the repository: "" at the top, else "sub/dir/"."""
    return run(root, "rev-parse", "--show-prefix").stdout.strip()


def branch(root: str | os.PathLike[str]) -> str | None:
    """The checked-out branch ("main"), or None when HEAD is detached."""
    proc = run(root, "symbolic-ref", "-q", "--short", "HEAD", check=False)
    return (proc.stdout.strip() or None) if proc.returncode == 0 else None


def head(root: str | os.PathLike[str]) -> str | None:
    """The commit id of HEAD, or None before the first commit."""
    proc = run(root, "rev-parse", "-q", "--verify", "HEAD^{commit}", check=False)
    return proc.stdout.strip() or None


def upstream(root: str | os.PathLike[str], branch_name: str) -> tuple[str, str, str] | None:
    """(remote, branch on the remote, local tracking ref) ``branch_name`` follows, or None."""
    proc = run(
        root,
        "for-each-ref",
        "--format=%(upstream:remotename)%00%(upstream:remoteref)%00%(upstream)",
        "--",
        f"refs/heads/{branch_name}",
        check=False,
    )
    parts = proc.stdout.rstrip("\n").split("\0")
    if len(parts) != 3 or not all(parts):
        return None
    remote, ref, tracking = parts
    return remote, ref.removeprefix("refs/heads/"), tracking


def remotes(root: str | os.PathLike[str]) -> list[str]:
    return run(root, "remote").stdout.split()


def ref_exists(root: str | os.PathLike[str], ref: str) -> bool:
    not_an_option(ref, "the ref")
    return run(root, "rev-parse", "-q", "--verify", f"{ref}^{{commit}}", check=False).returncode == 0


def ahead_behind(root: str | os.PathLike[str], ours: str, theirs: str) -> tuple[int, int]:
    """How many commits ``ours`` has that ``theirs`` lacks, and the other way round."""
    not_an_option(ours, "the revision")
    out = run(root, "rev-list", "--left-right", "--count", f"{ours}...{theirs}", "--").stdout.split()
    return int(out[0]), int(out[1])


def status_entries(root: str | os.PathLike[str], paths: Sequence[str] = ()) -> list[tuple[str, str, str | None]]:
    """``git status --porcelain=v1 -z`` as (XY, path, old path of a rename or None).

    Paths are relative to the top of the repository (git's porcelain rule),
    every untracked file is listed (not just its folder), ignored files are not.
    """
    # --no-optional-locks: a status killed half-way must not leave index.lock behind (git refreshes the index otherwise)
    args = ["--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames"]
    if paths:
        args += ["--", *paths]
    out = run(root, *args, env=LITERAL).stdout
    entries: list[tuple[str, str, str | None]] = []
    parts = out.split("\0")
    i = 0
    while i < len(parts):
        entry = parts[i]
        i += 1
        if len(entry) < 4:
            continue
        xy, path = entry[:2], entry[3:]
        old = None
        if xy[0] in "RC":  # renames are off, but a config or future git may still give one
            old = parts[i]
            i += 1
        entries.append((xy, path, old))
    return entries


def commit_count(root: str | os.PathLike[str], ref: str) -> int:
    """How many commits ``ref`` has in its history."""
    return int(run(root, "rev-list", "--count", not_an_option(ref, "the revision"), "--").stdout.strip() or 0)
