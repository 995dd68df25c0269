"""How fast the edit form and the screens open from the dashboard, headless, as a user's first opens.

    python benchmarks/switch_speed.py                    # 20,000 items, 5 starts
    python benchmarks/switch_speed.py --items 2000 --runs 7
    python benchmarks/switch_speed.py --profile f        # where the time of `f` goes (cProfile; the whole
                                                         # profile in /tmp/switch_speed-findings.prof)
    python benchmarks/switch_speed.py --verbose          # also the collector's pauses during each key

Each run is a fresh process that starts the app as `ducu` does (the
workspace loaded first, then the app on it, with git and the history),
waits until the work after the first paint is done and the screen is still,
then presses what tmux_speed.py presses: `e` (the edit form of the project
at the cursor), Enter (its screen), `O` (who owes what) and `f` (the
findings), each followed by Escape. A key is timed, as the terminal driver
sends it, until the app hands the new screen's first frame to the terminal
(``App._display``), and until that screen has handled every pending message
("settled"). The opens are first opens in that process, as in tmux_speed.py
(each start there opens each screen once): module imports and screen CSS
count. ``--again`` also opens each a second time in the same process.
Each key's row ": gc" is the time the cyclic garbage collector ran meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

KEYS = (("e", "form"), ("enter", "project"), ("O", "owed"), ("f", "findings"))


async def one_start(root: Path, again: bool, profile: str | None) -> dict[str, list[float]]:
    from textual import events

    from tui.app import make_app
    from tui.screens.dashboard import DashboardScreen
    from tui.state import load_first
    from workspace_schema.core import clock

    first = load_first(root, clock.default_clock())
    app = make_app(root, first=first)
    shown: dict[str, float] = {}
    original = app._display

    def display(screen, renderable):  # type: ignore[no-untyped-def]
        if renderable is not None and screen is app.screen and "t" not in shown:
            shown["t"] = time.perf_counter()
        return original(screen, renderable)

    app._display = display  # type: ignore[method-assign]
    out: dict[str, list[float]] = {}
    pauses: list[tuple[int, float]] = []  # (generation, ms) of the cyclic collector's runs during a key
    started: list[float] = []

    def collector(phase: str, info: dict) -> None:
        if phase == "start":
            started[:] = [time.perf_counter()]
        elif started:
            pauses.append((info["generation"], (time.perf_counter() - started[0]) * 1000))

    gc.callbacks.append(collector)
    async with app.run_test(size=(120, 40)) as pilot:
        t0 = time.perf_counter()
        while app.state is None or app.history is None or app.git_view is None:
            await asyncio.sleep(0.05)
            if time.perf_counter() - t0 > 60:
                raise SystemExit("the app did not settle in 60 s")
        await pilot.pause()
        await asyncio.sleep(1.0)
        preload = getattr(app, "preload", None)  # (an older ducu has none)
        preloaded = preload is not None and preload.done
        print(f"preload done before the first key: {preloaded}", file=sys.stderr)
        for n in range(2 if again else 1):
            for key, screen_name in KEYS:
                name = screen_name if n == 0 else f"{screen_name} again"
                dashboard = app.screen
                assert isinstance(dashboard, DashboardScreen), app.screen
                event = events.Key(key, key if len(key) == 1 else None)
                event.set_sender(app)
                shown.clear()
                pauses.clear()
                prof = None
                if n == 0 and profile in (key, screen_name):
                    import cProfile

                    prof = cProfile.Profile()
                    prof.enable()
                t0 = time.perf_counter()
                app._driver.send_message(event)
                while app.screen is dashboard or "t" not in shown:
                    await asyncio.sleep(0.0005)
                t1 = shown["t"]
                await pilot._wait_for_screen()
                t2 = time.perf_counter()
                if prof is not None:
                    prof.disable()
                    import pstats

                    prof.dump_stats(f"/tmp/switch_speed-{screen_name}.prof")
                    pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(45)
                    pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(25)
                out.setdefault(name, []).append((t1 - t0) * 1000)
                out.setdefault(name + " settled", []).append((t2 - t0) * 1000)
                out.setdefault(name + ": gc", []).append(sum(ms for _, ms in pauses))
                print(name, [(g, round(ms)) for g, ms in pauses if ms > 2], file=sys.stderr)
                await asyncio.sleep(0.3)
                await pilot.press("escape")
                while app.screen is not dashboard:
                    await asyncio.sleep(0.01)
                await pilot.pause()
                await asyncio.sleep(0.3)
        await pilot.press("q")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/ducu-tmux-bench"), help="where the workspace is kept")
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--again", action="store_true", help="also time a second open of each in the same process")
    parser.add_argument("--profile", help="a key or screen name (e, enter, O, f, form, ...): cProfile its first open")
    parser.add_argument("--verbose", action="store_true", help="print what each run says (the collector's pauses)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    from tmux_speed import ducu_workspace

    root = ducu_workspace(args.dir, args.items)
    if args.child:
        print(json.dumps(asyncio.run(one_start(root, args.again, args.profile))))
        return 0
    times: dict[str, list[float]] = {}
    for _ in range(1 if args.profile else args.runs):
        command = [sys.executable, __file__, "--child", "--dir", str(args.dir), "--items", str(args.items)]
        command += ["--again"] if args.again else []
        command += ["--profile", args.profile] if args.profile else []
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if args.profile or args.verbose:
            print(done.stderr)
        if done.returncode:
            raise SystemExit(f"a run failed:\n{done.stderr[-3000:]}")
        for name, values in json.loads(done.stdout.strip().splitlines()[-1]).items():
            times.setdefault(name, []).extend(values)
    print(f"workspace: {args.items:,} items ({root}), {args.runs} starts\n")
    print("| from the key to | median | min | max |\n|---|---:|---:|---:|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.0f} ms | {min(values):.0f} ms | {max(values):.0f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
