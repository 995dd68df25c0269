"""ducu against Taskwarrior/vit, as a user sees them: in tmux at 120x40, on the same tasks.

    python benchmarks/tmux_speed.py                      # 2,000 and 20,000 items; vit/task too when installed
    python benchmarks/tmux_speed.py --sizes 20000 --runs 7
    python benchmarks/tmux_speed.py --check              # exit 1 on a >30% regression from the README table or a missed target
    python benchmarks/tmux_speed.py --no-others          # ducu only

Needs tmux and /usr/bin/time; Taskwarrior and vit are measured when
`task` and `vit` are on PATH (`apt-get install taskwarrior vit`). Both tools
get the same generated tasks (generate.py, seed 1, 10% Chinese titles), in
folders of their own under --dir (kept between runs: the workspaces, their
git history and Taskwarrior's import take a while to make).

How each number is taken (the method of the issue that set the targets):

- first paint: the command starts in a detached tmux session
  (`tmux new-session -d -x 120 -y 40`) and `tmux capture-pane -p` is polled
  every 50 ms until a known title is on screen: for ducu the title of the
  dashboard's first project (the dashboard shows rows only when they are
  filled in), for vit its "N tasks shown" header, drawn with the rows. One
  unmeasured start first (it writes Python's bytecode, ducu's load cache
  and the template of its early frame, as any earlier use would have); then
  the median of --runs starts (--vit-runs for vit, default 3).
- a Down pressed at the first paint: sent the moment the first paint is
  seen; the time from the start until it was handled: for ducu until the
  reasons panel names the second project (ducu draws its first frame before
  Textual has started, tui/first_frame.py: this says when the app behind it
  answers), for vit until its cursor row moved.
- keystrokes, in every measured start: after that Down, Up/Down until 1 s
  after the first paint (keys while the work after the first paint still
  runs), then from 1 s after the first paint Down/Up x7 and PageDown/PageUp
  x3 (every key moves). A key is sent with `tmux send-keys` and
  `capture-pane -p -e` is polled every 10 ms until the cursor row (found by
  its colour) moved or shows another row; the next key goes 50 ms after
  that. A key not answered in 3 s counts 3 s. Reported: median, p95 (nearest
  rank) and max of the keys from 1 s after the first paint, and of every key
  from the first paint on (the first Down counted from when it was sent).
- screens, once the screen has been still after the keys: `e` (the edit
  form of the project at the cursor), Enter (its screen), `O` (who owes
  what), `f` (the findings), each then Escape, timed until the screen's text
  changes (the form or screen has drawn its first lines); a screen switch
  is each of these but the form, once the screen has been still for 0.3 s.
  Escape back is reported apart: Textual holds a lone Escape for ESCDELAY
  (100 ms) before it acts on it. Then Enter, `O` and `f` again, each after
  the screen has been still for 1.3 s (speed_table.REST): what a user who
  reads the dashboard before pressing sees (ducu makes those screens in such
  a rest, tui/screens/ready.py).
- memory: peak RSS of the whole process (`/usr/bin/time -f %M`), quit once
  the screen has been still for 0.5 s after the keys.
- list and change: whole-process times of `ducu list` and `ducu set ITEM
  due=...` (which commits), `task list` and `task ID modify due:...` (no
  commit), each the median of --runs after one warm-up run.

The machine drifts 10-40% from one run to the next, which is why the other
tools are measured in the same run. --check compares ducu's numbers with
the table between the tmux-speed markers in README.md and fails when one
is more than 30% worse (memory: more than 30% bigger), and when a target
of the issue (speed_table.TARGETS) is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import speed_table  # noqa: E402

# A tmux server of our own (tmux -L), so a user's sessions are untouched; one per run, so two runs
# at once on a shared machine do not end each other's sessions (each kills its server when done).
SOCKET = f"ducu-bench-{os.getpid()}"
COLS, ROWS = 120, 40


@dataclass
class Tool:
    name: str
    start: list[str]  # the full-screen program
    ready: re.Pattern[str]  # on screen once the first paint is done
    cursor: re.Pattern[str]  # the colour of the cursor row (capture-pane -e): a key has moved it when that row changes
    env: dict[str, str] = field(default_factory=dict)
    answered: re.Pattern[str] | None = None  # on screen once a Down pressed at the first paint was handled
    # (what, key, key back): screens opened once the screen is still, timed until the screen's text changes
    switches: tuple[tuple[str, str, str, float], ...] = ()  # (what, key, the key back, seconds still before)


KEYS = ["Down", "Up"] * 7 + ["PageDown", "PageUp"] * 3  # every key moves the cursor row; it ends at the top
GAP = 0.05  # seconds between a key's answer and the next key, as a fast typist's
LOST_MS = 3000.0  # a key not answered in this long counts as this long
PAINT_POLL = 0.01  # seconds between looks at the screen until the first paint (the issue polled every 50 ms)


# --- tmux -----------------------------------------------------------------------------


def tmux(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=check)


def screen(session: str, colours: bool = False) -> str:
    return tmux("capture-pane", "-p", *(["-e"] if colours else []), "-t", session, check=False).stdout


def cursor_row(text: str, cursor: re.Pattern[str]) -> tuple[int, str] | None:
    """Where the cursor row is, and what it says (without colours), in a capture with colours."""
    for n, line in enumerate(text.splitlines()):
        if cursor.search(line):
            return n, ANSI.sub("", line)
    return None


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def start(tool: Tool, session: str, mem_file: Path) -> tuple[float, float]:
    """Start ``tool`` in a new detached session; seconds until its ready pattern is on screen, and when it started."""
    env_words = [f"{k}={v}" for k, v in tool.env.items()]
    command = ["env", *env_words, "/usr/bin/time", "-f", "%M", "-o", str(mem_file), *tool.start]
    t0 = time.perf_counter()
    tmux("new-session", "-d", "-x", str(COLS), "-y", str(ROWS), "-s", session, " ".join(_quote(w) for w in command))
    while True:
        if tool.ready.search(screen(session)):
            return time.perf_counter() - t0, t0
        if time.perf_counter() - t0 > 60:
            raise SystemExit(f"{tool.name}: nothing recognisable on screen after 60 s:\n{screen(session)}")
        time.sleep(PAINT_POLL)


def settle(session: str, still: float = 0.5, limit: float = 20.0) -> None:
    """Wait until the screen has not changed for ``still`` seconds (background work done)."""
    t0 = time.perf_counter()
    last, since = screen(session, True), time.perf_counter()
    while time.perf_counter() - t0 < limit:
        time.sleep(0.1)
        now = screen(session, True)
        if now != last:
            last, since = now, time.perf_counter()
        elif time.perf_counter() - since >= still:
            return


def keystroke(session: str, key: str, cursor: re.Pattern[str]) -> float | None:
    """Milliseconds from send-keys until the cursor row has moved or changed; None if not within LOST_MS."""
    before = cursor_row(screen(session, True), cursor)
    t0 = time.perf_counter()
    tmux("send-keys", "-t", session, key)
    while time.perf_counter() - t0 < LOST_MS / 1000:
        time.sleep(0.01)
        now = cursor_row(screen(session, True), cursor)
        if now is not None and now != before:
            return (time.perf_counter() - t0) * 1000
    return None


def changed(session: str, key: str) -> float:
    """Milliseconds from send-keys until the screen's text changes (LOST_MS if it does not)."""
    before = screen(session)
    t0 = time.perf_counter()
    tmux("send-keys", "-t", session, key)
    while time.perf_counter() - t0 < LOST_MS / 1000:
        time.sleep(0.01)
        if screen(session) != before:
            return (time.perf_counter() - t0) * 1000
    return LOST_MS


def switch_screens(session: str, switches: tuple[tuple[str, str, str, float], ...]) -> dict[str, list[float]]:
    """Each switch and its way back, timed once the screen is still: {"form": [...], "switch": [...], "back": [...]}.
    The way back is Escape, which Textual holds for ESCDELAY (100 ms) to tell it from the start of an escape
    sequence, so it is kept apart."""
    out: dict[str, list[float]] = {}
    for what, key, back, rest in switches:
        settle(session, still=rest, limit=5 + rest)
        out.setdefault(what, []).append(changed(session, key))
        settle(session, still=0.3, limit=5)
        out.setdefault("back", []).append(changed(session, back))
    return out


def quit_and_memory(session: str, mem_file: Path, quit_keys: tuple[str, ...]) -> float | None:
    """Quit the program; its peak RSS in MiB from /usr/bin/time."""
    for key in quit_keys:
        tmux("send-keys", "-t", session, key, check=False)
        time.sleep(0.3)
    for _ in range(100):
        if mem_file.exists() and mem_file.read_text().strip():
            break
        time.sleep(0.1)
    tmux("kill-session", "-t", session, check=False)
    text = mem_file.read_text().strip() if mem_file.exists() else ""
    lines = [line for line in text.splitlines() if line.strip().isdigit()]
    return int(lines[-1]) / 1024 if lines else None


def answer(session: str, t0: float, tool: Tool, limit: float = 20.0) -> float:
    """Press Down now; seconds from the start ``t0`` until it was handled: ``tool.answered`` is on screen,
    or else its cursor row moved."""
    before = cursor_row(screen(session, True), tool.cursor)
    tmux("send-keys", "-t", session, "Down")
    while True:
        if tool.answered is not None:
            done = bool(tool.answered.search(screen(session)))
        else:
            now = cursor_row(screen(session, True), tool.cursor)
            done = now is not None and now != before
        if done:
            return time.perf_counter() - t0
        if time.perf_counter() - t0 > limit:
            raise SystemExit(f"a Down pressed at the first paint was not answered in {limit:.0f} s:\n{screen(session)}")
        time.sleep(0.01)


def press(session: str, keys: list[str], cursor: re.Pattern[str]) -> list[float]:
    """Time each key in turn, GAP after each answer; a lost key counts LOST_MS and ends the series."""
    out = []
    for key in keys:
        ms = keystroke(session, key, cursor)
        out.append(LOST_MS if ms is None else ms)
        if ms is None:
            break
        time.sleep(GAP)
    return out


def full_screen(tool: Tool, runs: int, quit_keys: tuple[str, ...], tmp: Path, keys: bool = True) -> dict:
    """First paint (median of ``runs`` after a warm-up), when a Down pressed then is answered, peak memory,
    and keystrokes: every run presses Down at the first paint, then Up/Down until 1 s after it (keys while
    the work after the first paint runs), then KEYS from 1 s after the first paint. ``keys=False``: no keys."""
    paints, answers, memory, keys_1s, keys_busy = [], [], [], [], []
    switched: dict[str, list[float]] = {}
    for n in range(runs + 1):
        session = f"{tool.name}-{n}"
        mem_file = tmp / f"{session}.mem"
        mem_file.unlink(missing_ok=True)
        paint, t0 = start(tool, session, mem_file)
        if n:  # the first start is the warm-up
            paints.append(paint)
        if n and keys:
            painted = t0 + paint
            answered = answer(session, t0, tool)
            busy = [(answered - paint) * 1000]  # the Down pressed at the first paint, from when it was pressed
            back = "Up"  # the cursor is on the second row: alternate from there, ending at the top
            while time.perf_counter() < painted + 1.0 or back == "Up":
                ms = press(session, [back], tool.cursor)
                busy += ms
                if ms[-1] == LOST_MS:
                    break
                back = "Down" if back == "Up" else "Up"
            time.sleep(max(0.0, painted + 1.0 - time.perf_counter()))
            later = press(session, KEYS, tool.cursor)
            answers.append(answered)
            keys_1s += later
            keys_busy += busy + later
        settle(session, still=0.5, limit=20)
        if n and keys:
            for what, times in switch_screens(session, tool.switches).items():
                switched.setdefault(what, []).extend(times)
        mib = quit_and_memory(session, mem_file, quit_keys)
        if n and mib:
            memory.append(mib)
    return {
        "paint": statistics.median(paints),
        "paint_all": paints,
        "answer": statistics.median(answers) if answers else None,
        "memory": max(memory) if memory else None,
        "keys_1s": keys_1s,
        "keys_busy": keys_busy,
        **switched,
    }


def whole_process(commands: list[list[str]], env: dict[str, str] | None = None) -> float:
    """Median seconds of running each command but the first (stdout discarded); the first runs unmeasured,
    as a warm-up (so a command that changes something gets a first one of its own)."""
    run_env = {**os.environ, **(env or {})}
    subprocess.run(commands[0], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=run_env, check=False)
    times = []
    for command in commands[1:]:
        t0 = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=run_env, check=False)
        times.append(time.perf_counter() - t0)
        if done.returncode:
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return statistics.median(times)


def list_anew(ducu: str, root: Path, runs: int) -> float:
    """Median seconds of `ducu list` made from the files each time: its kept listing removed before each run
    (workspace_schema/views/listing_cache.py); the first run unmeasured, as in whole_process."""
    from workspace_schema.load.cache import cache_file
    from workspace_schema.views.listing_cache import NAME

    kept = cache_file(root, NAME)
    times = []
    for n in range(runs + 1):
        kept.unlink(missing_ok=True)
        t0 = time.perf_counter()
        subprocess.run([ducu, "list", "-w", str(root)], stdout=subprocess.DEVNULL, check=True)
        if n:
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _quote(word: str) -> str:
    return word if re.fullmatch(r"[\w@%+=:,./-]+", word) else "'" + word.replace("'", "'\\''") + "'"


# --- the same tasks for both tools --------------------------------------------------------------


def ducu_workspace(base: Path, items: int) -> Path:
    """A generated workspace of ``items`` milestones and tasks in a git clone whose author is in people.toml."""
    from generate import generate

    root = base / f"ducu-{items}"
    if (root / ".git").is_dir() and (root / "workspace.toml").exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    generate(root, projects=items // 40, items=40, seed=1)
    me = _first_team_member(root)
    git = ["git", "-C", str(root)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "config", "user.name", me[0]], check=True)
    subprocess.run([*git, "config", "user.email", me[1]], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", f"{items} generated items"], check=True)
    return root


def _first_team_member(root: Path) -> tuple[str, str]:
    import rtoml

    people = rtoml.load(root / "people.toml")["people"]
    for handle, person in people.items():
        emails = person.get("emails") or []
        if emails:
            return person.get("name", handle), emails[0]
    raise SystemExit("generate.py wrote no person with an email")


def row_titles(root: Path) -> tuple[str, str]:
    """The start of the title in the dashboard's first row (worst health first) as it appears at 120 columns,
    and of the second row's."""
    from tui.render.dashboard_table import SORTS
    from workspace_schema.core import clock
    from workspace_schema.load.loader import load_workspace
    from workspace_schema.views.health import summarize_all

    ws, findings = load_workspace(root)
    rows = sorted(summarize_all(ws, clock.today(ws.settings.timezone), findings), key=SORTS["health"])
    return rows[0].title[:6], rows[1].title[:20]  # the second as the reasons panel shows it, whole


def an_item(root: Path) -> str:
    """project/item of the first task of the first project (what `ducu set` changes)."""
    import rtoml

    path = sorted((root / "projects").glob("*.toml"))[0]
    return f"{path.stem}/{next(iter(rtoml.load(path)['tasks']))}"


def taskwarrior_data(base: Path, root: Path, items: int) -> Path:
    """A Taskwarrior data folder holding the workspace's milestones and tasks (imported once); its taskrc."""
    import rtoml

    folder = base / f"task-{items}"
    rc = folder / "taskrc"
    if (folder / "data" / "pending.data").exists():
        return rc
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "data").mkdir(parents=True)
    (folder / "vit").mkdir()
    (folder / "vit" / "config.ini").write_text("")
    rc.write_text(f"data.location={folder / 'data'}\nconfirmation=off\nverbose=nothing\nhooks=off\ngc=off\n")
    tasks = []
    for path in sorted((root / "projects").glob("*.toml")):
        data = rtoml.load(path)
        for table in ("milestones", "tasks"):
            for item in data.get(table, {}).values():
                due = item.get("due")
                task = {
                    "description": item["title"],
                    "project": path.stem,
                    "status": "completed" if item.get("status") == "done" else "pending",
                    "entry": "20260901T000000Z",
                }
                if isinstance(due, dt.date):
                    task["due"] = due.strftime("%Y%m%dT000000Z")
                if task["status"] == "completed":
                    task["end"] = "20261101T000000Z"
                tasks.append(task)
    source = folder / "import.json"
    source.write_text("\n".join(json.dumps(t, ensure_ascii=False) for t in tasks) + "\n", "utf-8")
    print(f"  importing {len(tasks)} tasks into Taskwarrior (once)...", file=sys.stderr, flush=True)
    subprocess.run(
        ["task", "import", str(source)], env={**os.environ, "TASKRC": str(rc)}, check=True, stdout=subprocess.DEVNULL
    )
    return rc


# --- the run ----------------------------------------------------------------------------------------


def ducu_tool(ducu: str, root: Path) -> Tool:
    first, second = row_titles(root)
    return Tool(
        "ducu",
        [ducu, str(root)],
        re.compile(re.escape(first)),
        cursor=re.compile(r"[\[;]48;5;32m"),  # the dashboard's cursor row
        answered=re.compile(rf"(?m)^ (RED|AMBER|GREEN|GREY) {re.escape(second)}"),
        # the edit form of the project at the cursor; its screen, who owes what, the findings; Escape back from each
        switches=(
            ("form", "e", "Escape", 0.3),
            ("switch", "Enter", "Escape", 0.3),
            ("switch", "O", "Escape", 0.3),
            ("switch", "f", "Escape", 0.3),
            *(("rested", key, "Escape", speed_table.REST) for key in ("Enter", "O", "f")),
        ),
    )


def measure(base: Path, sizes: list[int], runs: int, vit_runs: int, others: bool) -> list[dict]:
    """One dict per size, as speed_table.py describes."""
    ducu = shutil.which("ducu", path=str(Path(sys.executable).parent)) or shutil.which("ducu")
    if ducu is None:
        raise SystemExit("no `ducu` command: pip install -e . first")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # users' Python writes bytecode
    os.environ.clear()
    os.environ.update(env)
    others = others and bool(shutil.which("task")) and bool(shutil.which("vit"))
    results: list[dict] = []
    tmp = Path(tempfile.mkdtemp(prefix="ducu-tmux-"))
    tmux("kill-server", check=False)
    try:
        for items in sizes:
            root = ducu_workspace(base, items)
            label = f"{items:,}"
            size: dict = {"items": items, "vit": None, "task_list": None, "task_modify": None}
            print(f"{label} items: ducu full screen...", file=sys.stderr, flush=True)
            size["ducu"] = full_screen(ducu_tool(ducu, root), runs, ("q",), tmp)
            if others:
                rc = taskwarrior_data(base, root, items)
                print(f"{label} items: vit full screen...", file=sys.stderr, flush=True)
                vit = Tool(
                    "vit",
                    ["vit"],
                    re.compile(r"\d+ tasks? shown"),
                    cursor=re.compile(r"[\[;]46m"),  # vit's cursor row: cyan background
                    env={"TASKRC": str(rc), "VIT_DIR": str(rc.parent / "vit")},
                )
                size["vit"] = full_screen(vit, vit_runs, ("q", "y"), tmp)  # vit asks "Quit?"
            print(f"{label} items: command line...", file=sys.stderr, flush=True)
            size["list_anew"] = list_anew(ducu, root, runs)
            size["list"] = whole_process([[ducu, "list", "-w", str(root)]] * (runs + 1))
            task_env = {"TASKRC": str(rc)} if others else {}
            if others:
                size["task_list"] = whole_process([["task", "list"]] * (runs + 1), task_env)
            item = an_item(root)
            before = _commits(root)
            day = dt.date(2027, 1, 4) + dt.timedelta(days=before)  # a date the item did not have: each set commits
            sets = [[ducu, "set", "-w", str(root), item, f"due={day + dt.timedelta(days=n)}"] for n in range(runs + 1)]
            size["set"] = whole_process(sets)
            made = _commits(root) - before
            if made != runs + 1:
                raise SystemExit(f"ducu set made {made} commits in {runs + 1} runs; each must commit")
            if others:
                mods = [["task", "1", "modify", f"due:{day + dt.timedelta(days=n)}"] for n in range(runs + 1)]
                size["task_modify"] = whole_process(mods, task_env)
            results.append(size)
    finally:
        tmux("kill-server", check=False)
        socket_path().unlink(missing_ok=True)  # tmux 3.3 leaves the socket file of a server it killed
        shutil.rmtree(tmp, ignore_errors=True)
    return results


def socket_path() -> Path:
    """Where tmux keeps this run's socket (tmux -L SOCKET)."""
    return Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}" / SOCKET


def _commits(root: Path) -> int:
    out = subprocess.run(
        ["git", "-C", str(root), "rev-list", "--count", "HEAD"], capture_output=True, text=True, check=True
    )
    return int(out.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,20000", help="item counts, comma-separated (default 2000,20000)")
    parser.add_argument("--runs", type=int, default=5, help="measured runs of ducu per number (default 5)")
    parser.add_argument("--vit-runs", type=int, default=3, help="measured starts of vit (default 3: it is slow)")
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "ducu-tmux-bench",
        help="where the workspaces and Taskwarrior data are kept",
    )
    parser.add_argument("--no-others", action="store_true", help="measure ducu only")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a ducu number is more than 30%% worse than in README.md or a target is missed",
    )
    parser.add_argument("--readme", type=Path, default=REPO / "README.md")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args(argv)
    if not shutil.which("tmux") or not Path("/usr/bin/time").exists():
        raise SystemExit("needs tmux and /usr/bin/time (apt-get install tmux time)")
    args.dir.mkdir(parents=True, exist_ok=True)
    sizes = measure(args.dir, [int(s) for s in args.sizes.split(",")], args.runs, args.vit_runs, not args.no_others)
    if args.json:
        args.json.write_text(json.dumps(sizes, indent=1))
    print(speed_table.table(sizes))
    if args.check:
        rows = [row for size in sizes for row in speed_table.rows(size)]
        found = speed_table.regressions(rows, speed_table.readme_rows(args.readme))
        found += [f"target missed: {text}" for text in speed_table.missed(sizes)]
        if found:
            print("\nREGRESSION or missed target:", file=sys.stderr)
            for line in found:
                print(f"  - {line}", file=sys.stderr)
            return 1
        print("\nwithin 30% of the README table, and every target measured is met", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
