"""The load cache: same records as a fresh parse, and never a stale file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from pathlib import Path

from tests.helpers.workspace import copy_sample
from workspace_schema.load import project_cache as load_cache
from workspace_schema.load.loader import load_workspace
from workspace_schema.rules import check


def repo_copy(tmp_path: Path) -> Path:
    root = copy_sample(tmp_path)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def age(root: Path, seconds: float = 60) -> None:
    """Make every file look written a minute ago (so it is not "racy")."""
    past = time.time() - seconds
    for path in root.rglob("*.toml"):
        os.utime(path, (past, past))


def strip(ws):
    return {pid: p for pid, p in ws.projects.items()}


def test_cached_load_equals_a_fresh_parse_and_findings_keep_their_lines(tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    age(root)
    fresh, fresh_findings = load_workspace(root, cache=False)
    _first, _ = load_workspace(root)  # writes the cache
    cache_file = root / ".git" / "ducu" / f"load-cache-{load_cache.VERSION}.msgpack"
    assert cache_file.exists()
    cached, cached_findings = load_workspace(root)
    assert strip(cached) == strip(fresh) and cached_findings == fresh_findings
    today = dt.date(2026, 11, 27)
    assert check(cached, today) == check(fresh, today)  # lines come from the files, read on demand


def test_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    age(root)
    load_workspace(root)
    path = root / "projects" / "acme-crm.toml"
    path.write_text(
        path.read_text("utf-8").replace('title = "CRM rollout for Acme Logistics"', 'title = "CRM rollout, phase 1"'),
        "utf-8",
    )
    ws, _ = load_workspace(root)
    assert ws.projects["acme-crm"].title == "CRM rollout, phase 1"


def test_a_same_size_edit_with_the_same_mtime_is_not_served_stale(tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    age(root)
    path = root / "projects" / "acme-crm.toml"
    load_workspace(root)
    stat = path.stat()
    text = path.read_text("utf-8").replace(
        'title = "CRM rollout for Acme Logistics"', 'title = "CRM rollout for Acme Logistic!"'
    )
    path.write_text(text, "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime, same inode
    ws, _ = load_workspace(root)
    assert ws.projects["acme-crm"].title == "CRM rollout for Acme Logistic!"


def test_files_with_findings_are_never_cached(tmp_path: Path) -> None:
    root = repo_copy(tmp_path)
    path = root / "projects" / "acme-crm.toml"
    path.write_text(path.read_text("utf-8").replace('owner = "hannah"', 'ownr = "hannah"', 1), "utf-8")
    age(root)
    load_workspace(root)
    _, findings = load_workspace(root)
    assert any(f.code == "KEY001" for f in findings)


def test_outside_git_the_cache_is_in_the_user_cache_and_a_broken_cache_is_ignored(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    plain = copy_sample(tmp_path, "plain")
    age(plain)
    load_workspace(plain)
    assert not (plain / ".git").exists() and not (plain / ".ducu" / "cache").exists()
    assert list((tmp_path / "xdg" / "ducu" / "load-cache").glob("*.msgpack"))
    again, _ = load_workspace(plain)
    assert len(again.projects) == 5
    root = repo_copy(tmp_path)
    age(root)
    cache_file = root / ".git" / "ducu" / f"load-cache-{load_cache.VERSION}.msgpack"
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(b"\x00garbage")
    ws, findings = load_workspace(root)
    assert len(ws.projects) == 5 and not any(f.level == "error" for f in findings)
