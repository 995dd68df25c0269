"""Keys pressed while ducu is still starting: in tmux at 120x40, from the first paint on.

    python benchmarks/startup_keys.py                    # 20,000 items, 5 starts
    python benchmarks/startup_keys.py --items 2000 --runs 3 --until 3

The first paint is followed by work that can wait (the rules, git's status,
the history index, the summaries): it must not hold up a key. Each start
(in a detached tmux session, as tmux_speed.py starts it) presses Down the
moment the first paint is seen, then Up, Down, ... one key every --every
seconds until --until seconds after the start; each key is timed from
`send-keys` until the reasons panel names the project the cursor moved to
(the app, not the early frame, has handled it). Printed: the first key's
answer counted from the start (the issue's "a Down pressed at the first
paint answered"), the keys' latency by when they were pressed (0-0.5 s,
0.5-1 s, ... after the start), and the peak RSS of the process
(/usr/bin/time, after quitting once the screen settled).

Uses a tmux server of its own (-L ducu-startup-keys) and the workspace
tmux_speed.py makes, in --dir (default /tmp/ducu-startup-keys).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import tmux_speed as ts  # noqa: E402  (after the path)

ts.SOCKET = "ducu-startup-keys"  # not tmux_speed's own: it kills its server when it starts


def reasons(title: str) -> re.Pattern[str]:
    return re.compile(rf"(?m)^ (RED|AMBER|GREEN|GREY) {re.escape(title)}")


def one_start(
    ducu: str, root: Path, titles: tuple[str, str], every: float, until: float, tmp: Path, n: int
) -> tuple[float, float, list[tuple[float, float]], float | None]:
    """First paint (s), first key answered (s from the start), [(pressed at s, latency ms)], peak MiB."""
    first, second = titles
    tool = ts.ducu_tool(ducu, root)  # ready when the first row's title is on screen
    session = f"keys-{n}"
    mem = tmp / f"{session}.mem"
    paint, t0 = ts.start(tool, session, mem)
    keys: list[tuple[float, float]] = []
    answered_first = 0.0
    down = True
    next_at = time.perf_counter()
    while time.perf_counter() - t0 < until:
        time.sleep(max(0.0, next_at - time.perf_counter()))
        want = reasons(second if down else first)
        sent = time.perf_counter()
        ts.tmux("send-keys", "-t", session, "Down" if down else "Up")
        while not want.search(ts.screen(session)):
            if time.perf_counter() - sent > 20:
                raise SystemExit(f"a key was not answered in 20 s:\n{ts.screen(session)}")
            time.sleep(0.005)
        done = time.perf_counter()
        if not keys:
            answered_first = done - t0
        keys.append((sent - t0, (done - sent) * 1000))
        down = not down
        next_at = max(sent + every, done)
    ts.settle(session, still=0.5, limit=10)
    mib = ts.quit_and_memory(session, mem, ("q",))
    return paint, answered_first, keys, mib


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/ducu-startup-keys"))
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--every", type=float, default=0.1, help="seconds between keys (default 0.1)")
    parser.add_argument("--until", type=float, default=2.5, help="press keys until this long after the start")
    args = parser.parse_args(argv)
    ducu = shutil.which("ducu", path=str(Path(sys.executable).parent)) or shutil.which("ducu")
    if ducu is None:
        raise SystemExit("no `ducu` command: pip install -e . first")
    args.dir.mkdir(parents=True, exist_ok=True)
    root = ts.ducu_workspace(args.dir, args.items)
    first, second = ts.row_titles(root)
    titles = (first[:20], second)
    tmp = Path(tempfile.mkdtemp(prefix="ducu-keys-"))
    ts.tmux("kill-server", check=False)
    paints, answers, mems = [], [], []
    by_slot: dict[float, list[float]] = {}
    try:
        for n in range(args.runs + 1):  # the first start warms up (bytecode, load cache, early frame)
            paint, answered, keys, mib = one_start(ducu, root, titles, args.every, args.until, tmp, n)
            if not n:
                continue
            paints.append(paint)
            answers.append(answered)
            if mib:
                mems.append(mib)
            for at, ms in keys:
                by_slot.setdefault(int(at * 2) / 2, []).append(ms)
    finally:
        ts.tmux("kill-server", check=False)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{args.items:,} items, {args.runs} starts, a key every {args.every:.2f} s until {args.until:.1f} s\n")
    print(f"first paint: median {statistics.median(paints):.2f} s (all: {', '.join(f'{p:.2f}' for p in paints)})")
    print(
        f"a Down pressed at the first paint answered: median {statistics.median(answers):.2f} s after the start"
        f" (all: {', '.join(f'{a:.2f}' for a in answers)})"
    )
    print(f"peak RSS: max {max(mems):.0f} MiB (all: {', '.join(f'{m:.0f}' for m in mems)})\n" if mems else "")
    print("| pressed at | keys | median | p95 | max |\n|---|---:|---:|---:|---:|")
    every: list[float] = []
    for slot in sorted(by_slot):
        ms = sorted(by_slot[slot])
        every += ms
        p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
        print(
            f"| {slot:.1f}-{slot + 0.5:.1f} s | {len(ms)} | {statistics.median(ms):.0f} ms | {p95:.0f} ms | {ms[-1]:.0f} ms |"
        )
    every.sort()
    p95 = every[min(len(every) - 1, int(len(every) * 0.95))]
    print(f"| all | {len(every)} | {statistics.median(every):.0f} ms | {p95:.0f} ms | {every[-1]:.0f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
