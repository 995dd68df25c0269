"""Helpers for app tests: a frozen-clock app, a copy of the sample, settling workers."""

from __future__ import annotations

import asyncio
import functools
import shutil
from pathlib import Path

from tests.conftest import SAMPLE
from tui.app import DucuApp, make_app
from workspace_schema.core.clock import frozen

TODAY = "2026-11-27"


def sync(fn):
    """Run an async test without an async pytest plugin."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return run


def app_on(root: Path = SAMPLE) -> DucuApp:
    """The app on ``root`` with today frozen and no disk watcher (deterministic)."""
    return make_app(root, frozen(TODAY), watch=False)


def copy_sample(tmp_path: Path) -> Path:
    """A writable copy of the sample: tests that edit never touch the source tree."""
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE, root)
    return root


async def settle(pilot, rounds: int = 3) -> None:
    """Wait for the edit worker, then the reload worker it starts."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
