"""Fixtures shared by every folder of tests/; the helpers they use are in tests/helpers/."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.helpers.workspace import GIT_IDENTITY, copy_sample

# Caches of workspaces outside git go to the user's cache folder: keep the
# tests' many temporary workspaces out of the real one.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="ducu-test-cache-")


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A fresh, writable copy of the sample workspace: ``tmp_path / "ws"``."""
    return copy_sample(tmp_path)


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
