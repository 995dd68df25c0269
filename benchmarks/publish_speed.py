"""Time `ducu publish` of every client of a large workspace against the 5 s budget.

    python benchmarks/publish_speed.py [--projects 500] [--items 40] [--repeat 3] [--dir PATH] [--budget 5.0]

Generates a synthetic workspace (benchmarks/generate.py; 500 x 40 = 20,000
items, 50 clients) into ``--dir`` or a temporary folder, then runs the real
command line in a fresh process, ``ducu publish --out OUT`` (every client,
each in its own folder), ``--repeat`` times with DUCU_TODAY fixed, and
prints the median and the best whole-process time, the files and bytes
written, and whether two runs gave the same bytes. The workspace is not a
git clone, so there is no history to read (the trend charts say so).
Exits 1 when the median is over the budget.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402


def digest(folder: Path) -> tuple[int, int, str]:
    """(files, bytes, sha256 over every path and its bytes)."""
    h = hashlib.sha256()
    files = size = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        h.update(str(path.relative_to(folder)).encode() + b"\0" + data)
        files, size = files + 1, size + len(data)
    return files, size, h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=500)
    ap.add_argument("--items", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dir", type=Path)
    ap.add_argument("--budget", type=float, default=5.0)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.dir or Path(tmp) / "ws"
        if not (root / "workspace.toml").exists():
            generate(root, projects=args.projects, items=args.items)
        env = {**os.environ, "DUCU_TODAY": "2026-12-07"}
        times, digests = [], []
        for n in range(args.repeat):
            out = Path(tmp) / f"site-{n}"
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "tui.cli", "publish", "--out", str(out), "-w", str(root)],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            times.append(time.perf_counter() - started)
            digests.append(digest(out))
        files, size, _ = digests[0]
        median = statistics.median(times)
        print("| items | clients' sites | files | MB | publish, median | best | same bytes |")
        print("|---|---|---|---|---|---|---|")
        print(
            f"| {args.projects * args.items:,} | every client | {files:,} | {size / 1e6:.1f} | {median:.2f} s "
            f"| {min(times):.2f} s | {'yes' if len({d[2] for d in digests}) == 1 else 'NO'} |"
        )
        print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}", file=sys.stderr)
        return 1 if median > args.budget else 0


if __name__ == "__main__":
    raise SystemExit(main())
