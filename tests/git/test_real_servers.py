"""Sync against real git servers on localhost: `git daemon` (git://) and smart HTTP (`git http-backend`).

Two clones converge through each; the messages for a repository that is not
there, a host DNS does not know, a server hook that says no, and a file one
side deleted while the other changed it say what happened (issue 14, item 8).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from tests.helpers.gitteam import ACME, DUE, edit, g, value
from tests.helpers.servers import git_daemon, smart_http
from tests.helpers.workspace import copy_sample
from tui.cli import main
from workspace_schema.git import sync
from workspace_schema.merge.driver import ensure_driver

pytestmark = pytest.mark.usefixtures("git_identity")  # CI has no git identity: these tests commit

SERVERS: dict[str, Callable[[Path], AbstractContextManager[str]]] = {"git daemon": git_daemon, "smart http": smart_http}


@pytest.fixture(params=sorted(SERVERS))
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Path, Path, Path]]:
    """(url base, the bare repository, clone a, clone b): a pushed the sample through the server, b cloned it."""
    base = tmp_path / "srv"
    base.mkdir()
    bare = base / "plans.git"
    g(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(bare))
    with SERVERS[request.param](base) as url:
        a = copy_sample(tmp_path, "a")
        g(a, "init", "-q", "--initial-branch=main")
        g(a, "add", "-A")
        g(a, "commit", "-q", "-m", "Start the workspace")
        g(a, "remote", "add", "origin", f"{url}/plans.git")
        ensure_driver(a)
        first = sync.sync(a)
        assert first.status == "synced", first.message
        g(tmp_path, "clone", "-q", f"{url}/plans.git", "b")
        b = tmp_path / "b"
        ensure_driver(b)
        yield url, bare, a, b


def test_two_clones_converge_through_the_server(served: tuple[str, Path, Path, Path]) -> None:
    _url, bare, a, b = served
    edit(a, *DUE, dt.date(2026, 12, 18))
    assert sync.sync(a).status == "synced"
    edit(b, "acme-crm/go-live-5mfe", "title", "Go-live over the wire")
    result = sync.sync(b)
    assert result.status == "synced", result.message
    assert sync.sync(a).status == "synced"
    assert (
        value(b, *DUE) == dt.date(2026, 12, 18)
        and value(a, "acme-crm/go-live-5mfe", "title") == "Go-live over the wire"
    )
    assert g(a, "rev-parse", "HEAD") == g(b, "rev-parse", "HEAD") == g(bare, "rev-parse", "main")
    g(bare, "fsck", "--strict")


def test_a_repository_that_is_not_there_is_not_called_a_credentials_problem(
    served: tuple[str, Path, Path, Path],
) -> None:
    url, _bare, a, _b = served
    g(a, "remote", "set-url", "origin", f"{url}/nothing-here.git")
    edit(a, *DUE, dt.date(2026, 12, 18))
    result = sync.sync(a)
    assert result.status == "error", result.message
    assert "credentials" not in result.message
    assert "no repository at that address" in result.message


def test_a_host_dns_does_not_know_is_offline(served: tuple[str, Path, Path, Path], capsys) -> None:
    url, _bare, a, _b = served
    scheme = url.split(":", 1)[0]
    g(a, "remote", "set-url", "origin", f"{scheme}://nosuch.invalid/plans.git")
    edit(a, *DUE, dt.date(2026, 12, 18))
    assert sync.sync(a).status == "offline"
    assert main(["sync", "-w", str(a)]) == 4


def test_a_server_hook_that_says_no_is_shown(served: tuple[str, Path, Path, Path]) -> None:
    _url, bare, a, _b = served
    hook = bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'Ticket required: \x1b[31mPLAN-12\x1b[0m' >&2\nexit 1\n")
    hook.chmod(0o755)
    edit(a, *DUE, dt.date(2026, 12, 18))
    result = sync.sync(a)
    assert result.status == "error", result.message
    assert "the server said: Ticket required:" in result.message and "PLAN-12" in result.message
    assert "\x1b" not in result.message  # the server's words are data, not terminal codes


def test_a_file_deleted_on_one_side_and_changed_on_the_other_is_named_so(
    served: tuple[str, Path, Path, Path],
) -> None:
    _url, _bare, a, b = served
    g(a, "rm", "-q", ACME)
    g(a, "commit", "-q", "-m", "Drop the Acme project")
    assert sync.sync(a).status == "synced"
    edit(b, *DUE, dt.date(2026, 12, 18))
    result = sync.sync(b)
    assert result.status == "conflicts", result.message
    assert "deleted" in result.message and "changed the same values" not in result.message
