"""Talking to the remote: fetch, push, the baseline tags shared, and what a failure from the network means.

Every call has a timeout (a server that never answers is "offline", not a
hang); git never prompts (GIT_TERMINAL_PROMPT=0 in runner's environment).
``remote_problem`` reads git's words: "missing" (no such repository),
"auth" (credentials refused), "offline" (cannot reach it), or None.
"""

from __future__ import annotations

import os
import re

from workspace_schema.git.runner import GitError, not_an_option, run


def fetch(root: str | os.PathLike[str], remote: str, *, timeout: float | None = None) -> None:
    """Fetch ``remote``'s branches into its remote-tracking refs (never touches local branches)."""
    not_an_option(remote, "the remote")
    run(root, "fetch", "-q", "--no-tags", "--", remote, env=network_env(root), timeout=timeout)


def share_tags(root: str | os.PathLike[str], remote: str, prefix: str, *, timeout: float | None = None) -> bool:
    """Fetch and push the tags under ``prefix`` (e.g. the agreed baselines), never moving one.

    Best effort after a good sync: no "+" refspec and no --force, so a tag
    that differs on the two sides stays as each side has it. True when both
    steps went through.
    """
    not_an_option(remote, "the remote")
    not_an_option(prefix, "the tag prefix")
    spec = f"refs/tags/{prefix}*"
    env = network_env(root)
    fetched = (
        run(
            root, "fetch", "-q", "--no-tags", "--", remote, f"{spec}:{spec}", check=False, env=env, timeout=timeout
        ).returncode
        == 0
    )
    if not run(root, "tag", "--list", f"{prefix}*", check=False).stdout.strip():
        return fetched
    pushed = run(root, "push", "-q", "--", remote, spec, check=False, env=env, timeout=timeout).returncode == 0
    return fetched and pushed


def network_env(root: str | os.PathLike[str]) -> dict[str, str]:
    """Never wait for a password prompt: ssh in batch mode unless the user chose their own ssh command."""
    env = {"GIT_TERMINAL_PROMPT": "0"}
    if "GIT_SSH_COMMAND" not in os.environ and "GIT_SSH" not in os.environ:
        if run(root, "config", "--get", "core.sshCommand", check=False).returncode != 0:
            env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=20"
    return env


_AUTH = (
    "authentication failed",
    "permission denied",
    "could not read username",
    "could not read password",
    "terminal prompts disabled",
    "host key verification failed",
    "access denied",
    "invalid username or password",
    "returned error: 401",
    "returned error: 403",
    "repository not found",
)
_MISSING = (
    "repository not exported",  # git daemon: no such repository (it says "access denied or ...")
    "no such repository",
)
_OFFLINE = (
    "could not resolve host",
    "unable to look up",  # git:// with a name DNS does not know
    "name or service not known",
    "could not resolve hostname",
    "connection refused",
    "connection timed out",
    "network is unreachable",
    "no route to host",
    "failed to connect",
    "does not appear to be a git repository",
    "could not read from remote repository",
    "unable to access",
    "connection reset",
    "operation timed out",
    "temporary failure in name resolution",
    "did not answer within",
    "the remote end hung up unexpectedly",
)


def remote_problem(said: str) -> str | None:
    """What a failed fetch or push means: "missing" (no such repository), "auth" (credentials refused),
    "offline" (cannot reach it), or None."""
    text = said.lower()
    if any(p in text for p in _MISSING) or re.search(r"repository '[^']*' not found", text):
        return "missing"  # smart HTTP says so for a repository that is not there (or that it hides from you)
    if any(p in text for p in _AUTH):
        return "auth"
    if any(p in text for p in _OFFLINE):
        return "offline"
    return None


class PushRejected(GitError):
    """The remote moved on (someone pushed first): fetch, merge and push again."""


_RACE = (
    "[rejected]",
    "fetch first",
    "non-fast-forward",
    "cannot lock ref",
    "failed to lock",
    "failed to update ref",
    "incorrect old value",
    "stale info",
)


def push_branch(
    root: str | os.PathLike[str],
    remote: str,
    local: str,
    remote_branch: str,
    *,
    set_upstream: bool = False,
    timeout: float | None = None,
) -> None:
    """Push branch ``local`` to ``remote_branch`` on ``remote``, fast-forward only.

    Never forces: no --force, no "+" refspec, so a remote that has commits we
    lack refuses the push (PushRejected) and nothing of theirs is lost.
    """
    not_an_option(remote, "the remote")
    args = ["push", "--porcelain"]
    if set_upstream:
        args.append("--set-upstream")
    proc = run(
        root,
        *args,
        "--",
        remote,
        f"refs/heads/{local}:refs/heads/{remote_branch}",
        check=False,
        env=network_env(root),
        timeout=timeout,
    )
    if proc.returncode == 0:
        return
    said = "\n".join(part.strip() for part in (proc.stdout, proc.stderr) if part.strip())
    rejected = [line for line in proc.stdout.splitlines() if line.startswith("!")]
    if rejected and any(word in line for line in rejected for word in _RACE):
        raise PushRejected(f"git push was rejected: {said}")
    raise GitError(f"git push failed: {said}")
