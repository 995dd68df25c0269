"""How ducu's costs grow: with items (2,000, 20,000, 100,000) and with commits of history (2,000, 20,000, 50,000).

    python benchmarks/growth.py                                  # both tables, ~10 min on 2 cores
    python benchmarks/growth.py --items 2000,20000 --commits 0   # items only
    python benchmarks/growth.py --items 0 --commits 2000,50000 --repeat 3

Items, on generate.py's workspaces (seed 1, 40 items a project) in --dir,
measured as tmux_speed.py measures them (ducu only): first paint, keys from
1 s after it (median, p95), peak RSS, `ducu list` and `ducu set` (with its
commit) whole process; and `ducu validate` whole process (load and every
rule). History, on history_speed.py's repositories (the sample workspace
and N random edits, written with `git fast-import`): the index's first
build, a reopen from its cache with nothing new, the update after 10 new
commits (in process, median of --repeat), and ducu's first paint on that
repository (tmux, median of --runs).

Each row ends with the growth from one size to the next: the factor, and
the exponent b of a cost that grows as n^b (1: linear; above 1: faster than
linear; about 0: flat). Medians throughout; the machine's 10-40% drift
shows in small exponents, so a b of 0.2 on a flat cost is noise.
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import speed_table  # noqa: E402
import tmux_speed  # noqa: E402


def factor(small: float | None, big: float | None, n_small: int, n_big: int) -> str:
    """'x3.1 (n^0.49)': how much ``big`` is of ``small``, and as a power of the sizes' ratio."""
    if not small or not big:
        return ""
    ratio = big / small
    return f"x{ratio:.1f} (n^{math.log(ratio) / math.log(n_big / n_small):.2f})"


def grown(name: str, unit: str, values: list[float | None], sizes: list[int], digits: int) -> str:
    cells = [("" if v is None else f"{v:,.{digits}f} {unit}".strip()) for v in values]
    steps = [factor(values[i], values[i + 1], sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]
    return "| " + " | ".join([name, *cells, *steps]) + " |"


def header(what: str, sizes: list[int]) -> list[str]:
    steps = [f"{b // 1000}k / {a // 1000}k" for a, b in zip(sizes, sizes[1:])]
    names = [f"{n:,} {what}" for n in sizes]
    return ["| " + " | ".join(["", *names, *steps]) + " |", "|---" * (1 + len(names) + len(steps)) + "|"]


def items_table(base: Path, sizes: list[int], runs: int) -> str:
    measured = tmux_speed.measure(base, sizes, runs, 0, others=False)
    ducu = shutil.which("ducu", path=str(Path(sys.executable).parent)) or "ducu"
    validate = []
    for n in sizes:
        print(f"{n:,} items: ducu validate...", file=sys.stderr, flush=True)
        root = tmux_speed.ducu_workspace(base, n)
        validate.append(tmux_speed.whole_process([[ducu, "validate", str(root)]] * (runs + 1)))
    keys = [m["ducu"]["keys_1s"] for m in measured]
    lines = header("items", sizes)
    lines.append(grown("first paint", "s", [m["ducu"]["paint"] for m in measured], sizes, 2))
    lines.append(
        grown("a Down pressed at the first paint answered", "s", [m["ducu"]["answer"] for m in measured], sizes, 2)
    )
    lines.append(
        grown("key from 1 s after the first paint, median", "ms", [statistics.median(k) for k in keys], sizes, 0)
    )
    lines.append(
        grown("key from 1 s after the first paint, p95", "ms", [speed_table.percentile(k, 95) for k in keys], sizes, 0)
    )
    lines.append(grown("`ducu list`, whole process", "s", [m["list"] for m in measured], sizes, 2))
    lines.append(grown("`ducu set` incl. commit, whole process", "s", [m["set"] for m in measured], sizes, 2))
    lines.append(grown("`ducu validate`, whole process", "s", validate, sizes, 2))
    lines.append(grown("peak RSS", "MiB", [m["ducu"]["memory"] for m in measured], sizes, 0))
    return "\n".join(lines)


def history_table(base: Path, sizes: list[int], runs: int, repeat: int) -> str:
    import history_speed

    ducu = shutil.which("ducu", path=str(Path(sys.executable).parent)) or "ducu"
    found = []
    tmp = Path(tempfile.mkdtemp(prefix="ducu-growth-"))
    try:
        for n in sizes:
            folder = base / f"history-{n}"
            shutil.rmtree(folder, ignore_errors=True)
            print(f"{n:,} commits: making the repository and timing the index...", file=sys.stderr, flush=True)
            m = history_speed.measure(folder, n, 10, repeat, 1)
            repo = m["repo"]
            for key, value in (("user.name", "Hannah Okafor"), ("user.email", "hannah@northwind.digital")):
                subprocess.run(["git", "-C", str(repo), "config", key, value], check=True)  # in people.toml
            print(f"{n:,} commits: ducu's first paint...", file=sys.stderr, flush=True)
            first, _ = tmux_speed.row_titles(repo)
            tool = tmux_speed.Tool("ducu", [ducu, str(repo)], re.compile(re.escape(first)), re.compile("^$"))
            m["paint"] = tmux_speed.full_screen(tool, runs, ("q",), tmp, keys=False)["paint"]
            found.append(m)
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        tmux_speed.tmux("kill-server", check=False)
        shutil.rmtree(tmp, ignore_errors=True)
    lines = header("commits", sizes)
    lines.append(grown("file versions in the history", "", [float(m["versions"]) for m in found], sizes, 0))
    lines.append(grown("index: first build", "s", [statistics.median(m["first"]) for m in found], sizes, 2))
    lines.append(
        grown(
            "index: open from its cache, nothing new",
            "ms",
            [statistics.median(m["open"]) * 1000 for m in found],
            sizes,
            0,
        )
    )
    lines.append(
        grown("index: update after 10 commits", "ms", [statistics.median(m["update"]) * 1000 for m in found], sizes, 0)
    )
    lines.append(grown("index cache on disk", "KiB", [m["cache_kib"] for m in found], sizes, 0))
    lines.append(grown("ducu's first paint", "s", [m["paint"] for m in found], sizes, 2))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", default="2000,20000,100000", help="item counts (0: none)")
    parser.add_argument("--commits", default="2000,20000,50000", help="history sizes (0: none)")
    parser.add_argument("--runs", type=int, default=5, help="tmux starts and whole-process runs per number")
    parser.add_argument("--repeat", type=int, default=5, help="in-process runs of the history index per number")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "ducu-tmux-bench")
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    items = [int(n) for n in args.items.split(",") if int(n)]
    commits = [int(n) for n in args.commits.split(",") if int(n)]
    if items:
        print(items_table(args.dir, items, args.runs), "\n", flush=True)
    if commits:
        print(history_table(args.dir, commits, args.runs, args.repeat), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
