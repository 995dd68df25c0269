"""Where load_workspace spends its time.

    python benchmarks/profile_load.py [--dir PATH] [--projects 500] [--items 40] [--repeat 5] [--top 25]

Prints the best of ``--repeat`` plain timings of a cold load (``cache=False``:
every file parsed), a warm load (the load cache in the clone's git dir) and
rules.check, then a cProfile of the cold load sorted by cumulative time (the
profiler roughly doubles Python-level costs: read it for shares). A folder
that is not a git repository is made one (``git init``) so the cache applies.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
for _p in (HERE.parent, HERE):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

from workspace_schema.load.loader import load_workspace  # noqa: E402
from workspace_schema.rules import check  # noqa: E402


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    root = args.dir
    if root is None:
        from generate import generate

        root = Path(tempfile.mkdtemp(prefix="ducu-profile-")) / "ws"
        generate(root, projects=args.projects, items=args.items, seed=1)
    if not (root / ".git").exists():
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    ws, _ = load_workspace(root)  # warms the cache
    today = dt.date(2026, 11, 27)
    print(f"{root}: {sum(len(p.milestones) + len(p.tasks) for p in ws.projects.values()):,} items")
    print(f"cold load (cache=False)  {best_of(args.repeat, lambda: load_workspace(root, cache=False)) * 1000:7.0f} ms")
    print(f"warm load (load cache)   {best_of(args.repeat, lambda: load_workspace(root)) * 1000:7.0f} ms")
    print(f"rules.check              {best_of(args.repeat, lambda: check(ws, today)) * 1000:7.0f} ms")
    profiler = cProfile.Profile()
    profiler.runcall(load_workspace, root, cache=False)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
