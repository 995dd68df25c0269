"""The one door to git: plain functions over subprocess calls.

Git is always called with an argument list (never a shell), with ``-C root``
and with the caller's GIT_DIR / GIT_WORK_TREE / GIT_INDEX_FILE removed from
the environment, so ducu only ever touches the repository it was pointed at.
Paths are passed after ``--`` so no user text becomes an option.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
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


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUB}
    env.setdefault("LC_ALL", "C")
    env["GIT_TERMINAL_PROMPT"] = "0"
    if extra:
        env.update(extra)
    return env


def run(root: str | os.PathLike[str], *args: str, check: bool = True, env: dict[str, str] | None = None, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``git -C root ARGS``; raise GitError with git's words when it fails."""
    root = os.fspath(root)
    if root.startswith("-"):
        raise GitError(f"refusing a repository path that starts with '-': {root!r}")
    try:
        proc = subprocess.run(
            ["git", "-C", root, *args], capture_output=True, text=True, encoding="utf-8",
            errors="replace", env=_env(env), input=input, check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH; install git and try again.") from exc
    if check and proc.returncode != 0:
        said = (proc.stderr or proc.stdout).strip()
        if "Please tell me who you are" in said or "empty ident" in said:
            raise NoIdentity()
        raise GitError(f"git {args[0]} failed: {said}")
    return proc


def is_repo(root: str | os.PathLike[str]) -> bool:
    return run(root, "rev-parse", "--is-inside-work-tree", check=False).stdout.strip() == "true"


def toplevel(root: str | os.PathLike[str]) -> Path | None:
    proc = run(root, "rev-parse", "--show-toplevel", check=False)
    return Path(proc.stdout.strip()) if proc.returncode == 0 else None


def init(root: str | os.PathLike[str], *, bare: bool = False, branch: str = "main") -> None:
    args = ["init", "-q", f"--initial-branch={branch}"]
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


def commit(root: str | os.PathLike[str], paths: Sequence[str], message: str, *, env: dict[str, str] | None = None) -> str:
    """Commit exactly ``paths`` (relative to root) with ``message``; return the new commit id."""
    if not paths:
        raise GitError("nothing to commit: no paths given")
    run(root, "add", "-A", "--", *paths, env=env)
    run(root, "commit", "-q", "-F", "-", "--", *paths, env=env, input=message)
    return run(root, "rev-parse", "HEAD").stdout.strip()


def add_remote(root: str | os.PathLike[str], name: str, url: str) -> None:
    if name.startswith("-") or url.startswith("-"):
        raise GitError("refusing a remote name or url that starts with '-'")
    run(root, "remote", "add", "--", name, url)


def push(root: str | os.PathLike[str], remote: str = "origin", branch: str = "main", *, set_upstream: bool = False) -> None:
    args = ["push", "-q"]
    if set_upstream:
        args.append("--set-upstream")
    run(root, *args, "--", remote, branch)
