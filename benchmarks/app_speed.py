"""How fast the app starts and answers keys, headless, on a generated workspace.

    python benchmarks/app_speed.py                       # 20,000 items (500 projects x 40)
    python benchmarks/app_speed.py --projects 50         # 2,000 items
    python benchmarks/app_speed.py --dir /tmp/ducu-bench-20k

Start is measured from creating the app to (a) the first frame (the dashboard
with its loading indicator) and (b) the dashboard filled with every project.
A key is timed from the key event reaching the app, as the terminal driver
sends it, until its messages are handled and the screen is composed again
(Pilot's press() also waits for the CPU to go idle, which is not what a user
waits for). Budgets from the app issue: start under 1.5 s, keys under 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

START_BUDGET_S = 1.5
KEY_BUDGET_MS = 50.0

# (screen, keys): each list is timed key by key after the screen is open.
SCRIPT = [
    ("dashboard", ["down"] * 5 + ["pagedown", "up", "s", "s"]),
    ("project", ["2", "down", "down", "right", "3", "down", "4", "5", "6", "1", "z", "z", "z", "t", "down", "right"]),
]


async def press_timed(app, pilot, key: str) -> float:
    """Milliseconds from one key event to the next composed screen."""
    from textual import events

    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    t0 = time.perf_counter()
    app._driver.send_message(event)
    await pilot._wait_for_screen()
    app.screen._on_timer_update()
    elapsed = (time.perf_counter() - t0) * 1000
    await pilot.pause()
    return elapsed


async def measure(root: Path) -> dict:
    from tui.app import make_app
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.project import ProjectScreen
    from workspace_schema.core.clock import frozen

    t0 = time.perf_counter()
    app = make_app(root, frozen("2026-11-27"), watch=False)
    result: dict = {}
    async with app.run_test(size=(120, 40)) as pilot:
        result["first_frame"] = time.perf_counter() - t0
        while app.state is None or not isinstance(app.screen, DashboardScreen) or not app.screen.summaries:
            await asyncio.sleep(0.005)
        await pilot._wait_for_screen()
        result["filled"] = time.perf_counter() - t0
        result["projects"] = len(app.state.ws.projects)
        result["items"] = sum(len(p.milestones) + len(p.tasks) for p in app.state.ws.projects.values())
        keys: dict[str, list[float]] = {}
        for screen, sequence in SCRIPT:
            if screen == "project":
                busiest = max(app.state.ws.projects.values(), key=lambda p: len(p.milestones) + len(p.tasks))
                t1 = time.perf_counter()
                app.push_screen(ProjectScreen(busiest.id))
                await pilot._wait_for_screen()
                keys["open project"] = [(time.perf_counter() - t1) * 1000]
            for key in sequence:
                keys.setdefault(f"{screen}: {key}", []).append(await press_timed(app, pilot, key))
        result["keys"] = keys
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, help="an existing workspace (default: generate one)")
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--items", type=int, default=40)
    args = parser.parse_args(argv)
    root = args.dir
    if root is None:
        from generate import generate

        root = Path(tempfile.mkdtemp(prefix="ducu-app-bench-")) / "ws"
        generate(root, projects=args.projects, items=args.items, seed=1)
    result = asyncio.run(measure(root))
    every = [t for times in result["keys"].values() for t in times]
    print(f"workspace: {result['items']:,} items in {result['projects']} projects ({root})\n")
    print("| what | time | budget |\n|---|---:|---:|")
    print(f"| start to first frame | {result['first_frame'] * 1000:.0f} ms | |")
    print(f"| start to dashboard filled | {result['filled'] * 1000:.0f} ms | {START_BUDGET_S * 1000:.0f} ms |")
    print(f"| open the busiest project | {result['keys']['open project'][0]:.0f} ms | |")
    print(f"| keys: median of {len(every)} | {statistics.median(every):.1f} ms | {KEY_BUDGET_MS:.0f} ms |")
    print(f"| keys: slowest ({max(result['keys'], key=lambda k: max(result['keys'][k]))}) | {max(every):.1f} ms | |")
    over = result["filled"] > START_BUDGET_S or statistics.median(every) > KEY_BUDGET_MS
    print("\nOVER BUDGET" if over else "\nwithin budget")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
