"""Shared test helpers: small workspaces written to tmp_path, and git identity."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest

# Caches of workspaces outside git go to the user's cache folder: keep the
# tests' many temporary workspaces out of the real one.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="ducu-test-cache-")

# Tests that commit set their own identity: CI machines have none.
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
}

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_workspace"

MINIMAL_WORKSPACE = """\
[workspace]
name = "Test"
timezone = "Asia/Shanghai"
team = "us"
"""

MINIMAL_PEOPLE = """\
[people.alice]
name = "Alice"
emails = ["alice@example.com"]
org = "us"

[people.bob]
name = "Bob"
org = "acme"
"""

MINIMAL_CLIENTS = """\
[clients.acme]
name = "Acme"
sponsor = "bob"
"""


def write_ws(root: Path, files: dict[str, str] | None = None, *, base: bool = True) -> Path:
    """Write a workspace: the minimal three files plus ``files`` (dedented)."""
    contents = {}
    if base:
        contents = {"workspace.toml": MINIMAL_WORKSPACE, "people.toml": MINIMAL_PEOPLE, "clients.toml": MINIMAL_CLIENTS}
    contents.update(files or {})
    for rel, text in contents.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def git_identity(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for key, value in GIT_IDENTITY.items():
        monkeypatch.setenv(key, value)
    return GIT_IDENTITY


@pytest.fixture
def no_git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A machine like CI's: no global git config and no identity variables."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    for key in (*GIT_IDENTITY, "EMAIL"):
        monkeypatch.delenv(key, raising=False)
