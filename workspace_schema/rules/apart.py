"""Run the rules in a process of their own, so that the app's keys do not wait for them.

The rules take 0.3-1 s of CPU at 20,000 items. In a thread of the app they
hold Python's interpreter lock for most of that time, and a key pressed
meanwhile waits (0.2-1.4 s measured with benchmarks/startup_keys.py). A
child process has a lock of its own and runs on the other core, at a lower
priority: it loads the workspace from the load cache, checks it and writes
the rules cache (rules/cache.py); the app then reads the findings from that
cache, keyed by the files it loaded itself. When the files changed in
between, or the cache cannot be written or read, ``check_apart`` returns
None and the caller checks in its own process, as before.

    python -m workspace_schema.rules.apart ROOT TODAY     # what the app runs
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Workspace
from workspace_schema.rules import cache as rules_cache
from workspace_schema.rules.cache import Fingerprint

APART_FROM = 2000  # milestones and tasks: below this the rules take ~30 ms, less than starting a process
NICE = 10  # the child yields the CPU to the app (and anything else the user runs)


def items_in(ws: Workspace) -> int:
    """Milestones and tasks of every project: what the rules' time grows with."""
    return sum(len(p.milestones) + len(p.tasks) for p in ws.projects.values())


def check_apart(root: Path, fingerprint: Fingerprint, today: dt.date, timeout: float = 120.0) -> list[Finding] | None:
    """The rules' findings for the files ``fingerprint`` names, checked in a child process; None when it could not."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", __name__, str(root), today.isoformat()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode:
        return None
    return rules_cache.read(root, fingerprint, today)


def _main(argv: list[str]) -> int:
    from workspace_schema.load.loader import load_workspace
    from workspace_schema.rules import check

    root, today = Path(argv[0]), dt.date.fromisoformat(argv[1])
    try:
        os.nice(NICE)
    except OSError:  # not allowed here: same priority, still off the app's lock
        pass
    fingerprint = rules_cache.disk_fingerprint(root)
    ws, _ = load_workspace(root)
    rules_cache.write(root, fingerprint, today, check(ws, today))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
