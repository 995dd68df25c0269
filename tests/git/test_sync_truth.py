"""Sync that tells the truth: a force-pushed remote, tampered merge attributes, files teammates cannot load, huge merges.

Each test fails on a sync that merges a rewritten branch back, merges plan
files with git's union or no merge at all, or pushes a plan file that does
not load (issue 14, items 1-4).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.gitteam import ACME, DUE, edit, g, make_team
from tui.cli import main
from workspace_schema.git import sync
from workspace_schema.git.rewrite import BACKUP

pytestmark = pytest.mark.usefixtures("git_identity")  # CI has no git identity: these tests commit

D = dt.date


def subjects(repo: Path, rev: str = "HEAD") -> list[str]:
    return g(repo, "log", "--format=%s", rev).splitlines()


# --- 1. a force-pushed remote is not undone ------------------------------------------------------


def test_a_force_push_is_not_undone_and_after_rewrite_keeps_only_our_commits(tmp_path: Path, capsys) -> None:
    team = make_team(tmp_path)
    edit(team.a, *DUE, D(2026, 12, 18))
    leak = g(team.a, "rev-parse", "HEAD")
    assert sync.sync(team.a).status == "synced"
    assert sync.sync(team.b).status == "synced"  # b has the commit now
    g(team.a, "reset", "-q", "--hard", "HEAD~1")  # the teammate takes it out and force-pushes
    g(team.a, "push", "-q", "--force", "origin", "main")
    cleaned = team.remote_head()

    result = sync.sync(team.b)
    assert result.status == "rewritten", result.message
    assert leak[:7] in result.message and "--after-rewrite" in result.message
    assert team.remote_head() == cleaned  # nothing published again
    assert sync.sync(team.b).status == "rewritten"  # and not on the next try either
    assert main(["sync", "-w", str(team.b)]) == 5
    assert "force-pushed" in capsys.readouterr().err

    ours = edit(team.b, "acme-crm/go-live-5mfe", "title", "Go-live, after the clean-up")
    before = g(team.b, "rev-parse", "HEAD")
    result = sync.sync(team.b, after_rewrite=True)
    assert result.status == "synced", result.message
    published = g(team.remote, "rev-list", "main").splitlines()
    assert leak not in published and ours not in published  # ours went out as a new commit
    assert subjects(team.remote, "main")[0] == subjects(team.b, before)[0]
    g(team.remote, "merge-base", "--is-ancestor", cleaned, "main")  # raises unless the cleaned tip is kept
    backups = g(team.b, "for-each-ref", "--format=%(objectname)", BACKUP).splitlines()
    assert backups == [before]  # the old branch is kept, nothing lost
    assert sync.sync(team.b).status == "nothing"


def test_no_rewrite_no_stop(tmp_path: Path) -> None:
    """A remote that only moved forward syncs as before, also with --after-rewrite."""
    team = make_team(tmp_path)
    edit(team.a, *DUE, D(2026, 12, 18))
    assert sync.sync(team.a).status == "synced"
    edit(team.b, "acme-crm/go-live-5mfe", "title", "Go-live")
    assert sync.sync(team.b, after_rewrite=True).status == "synced"
    assert g(team.b, "for-each-ref", BACKUP) == ""


# --- 2. merge attributes that are not ducu's ---------------------------------------------------------------


@pytest.mark.parametrize("line", ["*.toml merge=union", "*.toml -merge", "projects/*.toml binary"])
def test_tampered_gitattributes_stop_the_merge_and_name_the_line(tmp_path: Path, line: str, capsys) -> None:
    team = make_team(tmp_path)
    attributes = team.a / ".gitattributes"
    attributes.write_text(attributes.read_text() + line + "\n")
    g(team.a, "commit", "-q", "-am", "Tamper with the merge")
    edit(team.a, *DUE, D(2026, 12, 18))
    g(team.a, "push", "-q", "origin", "main")
    edit(team.b, "acme-crm/go-live-5mfe", "title", "Go-live")
    head = g(team.b, "rev-parse", "HEAD")

    result = sync.sync(team.b)
    assert result.status == "refused", result.message
    assert line in result.message and "merge=ducu" in result.message
    assert g(team.b, "rev-parse", "HEAD") == head  # nothing merged
    assert "Go-live" not in g(team.remote, "log", "-p", "-1", "main")  # nothing pushed
    assert main(["sync", "-w", str(team.b)]) == 6
    assert ".gitattributes" in capsys.readouterr().err


# --- 3. files teammates could not load are not pushed -------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    ["unparseable", "huge"],
)
def test_a_plan_file_that_would_not_load_is_not_pushed(tmp_path: Path, damage: str) -> None:
    team = make_team(tmp_path)
    path = team.b / ACME
    if damage == "unparseable":
        path.write_text(path.read_text() + "\n[milestones.broken\n")
    else:
        path.write_text(path.read_text() + "\n# " + "x" * (6 * 1024 * 1024) + "\n")
    g(team.b, "commit", "-q", "-am", "A hand edit")
    remote = team.remote_head()

    result = sync.sync(team.b)
    assert result.status == "refused", result.message
    assert "projects/acme-crm.toml" in result.message and "Not pushed" in result.message
    if damage == "unparseable":
        assert "projects/acme-crm.toml:" in result.message  # with its line
    assert team.remote_head() == remote


# --- 4. the merge driver's limit ----------------------------------------------------------------------------


def test_the_merge_driver_refuses_files_over_the_loaders_limit_quickly(tmp_path: Path) -> None:
    body = "".join(f'[milestones.m{i}]\ntitle = "{"x" * 60}"\n' for i in range(80_000)).encode()
    assert len(body) > 5 * 1024 * 1024
    paths = []
    for name, extra in (("base", b""), ("ours", b"# ours\n"), ("theirs", b"# theirs\n")):
        p = tmp_path / name
        p.write_bytes(body + extra)
        paths.append(p)
    code = (
        "import re, sys, time\n"
        "from workspace_schema.merge.driver import merge_files\n"
        "t = time.perf_counter()\n"
        "rc = merge_files(*sys.argv[1:4], 'projects/huge.toml')\n"
        "took = time.perf_counter() - t\n"
        "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"  # this process only
        "print(rc, took, peak)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, paths)], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    rc, took, rss_kib = out.stdout.split()
    assert rc == "1" and float(took) < 1.0 and int(rss_kib) < 100 * 1024
    assert "over the 5 MiB" in out.stderr
    assert paths[1].read_bytes() == body + b"# ours\n"  # ours kept as it was


# --- 5. exit codes that say what happened; 6. done twice ---------------------------------------------------


def test_a_commit_waits_for_a_lock_held_for_a_moment(tmp_path: Path) -> None:
    import threading

    team = make_team(tmp_path)
    lock = team.a / ".git" / "index.lock"
    lock.write_bytes(b"")
    threading.Timer(0.15, lock.unlink).start()  # another git command finishing
    head = g(team.a, "rev-parse", "HEAD")
    assert main(["set", "acme-crm/go-live-5mfe", "title=Go-live", "-w", str(team.a)]) == 0
    assert g(team.a, "rev-parse", "HEAD~1") == head


def test_a_rejected_commit_exits_7_with_the_file_saved(tmp_path: Path, capsys) -> None:
    team = make_team(tmp_path)
    hook = team.a / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n")
    hook.chmod(0o755)
    head = g(team.a, "rev-parse", "HEAD")
    assert main(["set", "acme-crm/go-live-5mfe", "title=Go-live", "-w", str(team.a)]) == 7
    said = capsys.readouterr().err
    assert "saved projects/acme-crm.toml but could not commit" in said and "ducu sync" in said
    assert 'title = "Go-live"' in (team.a / ACME).read_text()
    assert g(team.a, "rev-parse", "HEAD") == head


def test_done_on_a_done_item_changes_nothing(tmp_path: Path, capsys) -> None:
    team = make_team(tmp_path)
    w = ["-w", str(team.a)]
    assert main(["done", "acme-crm/go-live-5mfe", *w]) == 0
    head, text = g(team.a, "rev-parse", "HEAD"), (team.a / ACME).read_text()
    capsys.readouterr()
    assert main(["done", "acme-crm/go-live-5mfe", *w]) == 0
    assert "already done" in capsys.readouterr().out
    assert g(team.a, "rev-parse", "HEAD") == head and (team.a / ACME).read_text() == text
