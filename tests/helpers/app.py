"""Helpers for app tests: a frozen-clock app, running async tests, settling workers."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

from textual.worker import WorkerCancelled

from tests.helpers.workspace import SAMPLE
from tui.app import DucuApp, make_app
from workspace_schema.core.clock import frozen

TODAY = "2026-11-27"


def sync(fn):
    """Run an async test without an async pytest plugin."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return run


def styled_nodes(app) -> list[object]:
    """Every node the app's stylesheet is applied to again from now on (what a change of classes, a focus or a
    shown screen costs), in order."""
    styled: list[object] = []
    update_nodes = app.stylesheet.update_nodes

    def counted(nodes, animate=False):  # type: ignore[no-untyped-def]
        nodes = list(nodes)
        styled.extend(nodes)
        return update_nodes(nodes, animate=animate)

    app.stylesheet.update_nodes = counted
    return styled


def app_on(root: Path = SAMPLE) -> DucuApp:
    """The app on ``root`` with today frozen and no disk watcher (deterministic)."""
    return make_app(root, frozen(TODAY), watch=False)


async def settle(pilot, rounds: int = 3) -> None:
    """Let the app's workers finish, ``rounds`` times: an edit worker, then the reload it starts, and so on.

    Three rounds cover an edit and its reload; the app with git also checks
    git's status after each, and its tests use five or more. A worker that a
    newer one replaced (cancelled) is not waited for.
    """
    for _ in range(rounds):
        for _ in range(20):
            try:
                await pilot.app.workers.wait_for_complete([w for w in pilot.app.workers if not w.is_cancelled])
                break
            except WorkerCancelled:
                continue
        await pilot.pause()
