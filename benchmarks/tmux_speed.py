"""ducu against Taskwarrior/vit, as a user sees them: in tmux at 120x40, on the same tasks.

    python benchmarks/tmux_speed.py                      # 2,000 and 20,000 items; vit/task too when installed
    python benchmarks/tmux_speed.py --sizes 20000 --runs 7
    python benchmarks/tmux_speed.py --check              # also compare ducu with the README table: exit 1 on a >30% regression
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
  the median of --runs starts.
- a Down pressed at the first paint: sent the moment the first paint is
  seen; the time from the start until the reasons panel names the second
  project, i.e. until the app has handled that key. ducu draws its first
  frame before Textual has started (tui/first_frame.py): this says when the
  app behind it answers.
- memory: peak RSS of the whole process (`/usr/bin/time -f %M`), quit after
  the keystrokes.
- keystroke: once the screen has been still for 0.5 s, a key is sent with
  `tmux send-keys` and `capture-pane -p -e` (with colours: the cursor row's
  highlight) is polled every 10 ms until the screen changes. Down/Up
  alternate (so every key moves), then PageDown/PageUp; median of all.
- list and change: whole-process times of `ducu list` and `ducu set ITEM
  due=...` (which commits), `task list` and `task ID modify due:...` (no
  commit), each the median of --runs after one warm-up run.

The machine drifts 10-40% from one run to the next, which is why the other
tools are measured in the same run. --check compares ducu's numbers with
the table between the tmux-speed markers in README.md and fails when one
is more than 30% worse (memory: more than 30% bigger).
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

SOCKET = "ducu-bench"  # a tmux server of our own (tmux -L), so a user's sessions are untouched
COLS, ROWS = 120, 40
TOLERANCE = 1.30  # --check fails beyond this factor
MARKERS = ("<!-- tmux-speed:start -->", "<!-- tmux-speed:end -->")
TARGETS = {  # from the issue; printed beside the numbers
    "first paint, 2,000 items": "< 0.4 s",
    "first paint, 20,000 items": "< 0.8 s, < 250 MiB",
    "keystroke (Down, PageDown), 20,000": "<= 20 ms",
    "list everything, whole process, 20,000": "< 0.6 s",
    "change one item, whole process, 20,000": "< 0.33 s",
}


@dataclass
class Tool:
    name: str
    start: list[str]  # the full-screen program
    ready: re.Pattern[str]  # on screen once the first paint is done
    env: dict[str, str] = field(default_factory=dict)
    keys: tuple[tuple[str, str], ...] = (("Down", "Up"), ("PageDown", "PageUp"))
    answered: re.Pattern[str] | None = None  # on screen once a Down pressed at the first paint was handled


# --- tmux -----------------------------------------------------------------------------


def tmux(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=check)


def screen(session: str, colours: bool = False) -> str:
    return tmux("capture-pane", "-p", *(["-e"] if colours else []), "-t", session, check=False).stdout


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
        time.sleep(0.05)


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


def keystroke(session: str, key: str, limit: float = 2.0) -> float | None:
    """Milliseconds from send-keys until the screen (with colours) changes; None if it did not."""
    before = screen(session, True)
    t0 = time.perf_counter()
    tmux("send-keys", "-t", session, key)
    while time.perf_counter() - t0 < limit:
        time.sleep(0.01)
        if screen(session, True) != before:
            return (time.perf_counter() - t0) * 1000
    return None


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


def answer(session: str, t0: float, pattern: re.Pattern[str], limit: float = 20.0) -> float:
    """Press Down now; seconds from the start ``t0`` until ``pattern`` shows it was handled."""
    tmux("send-keys", "-t", session, "Down")
    while not pattern.search(screen(session)):
        if time.perf_counter() - t0 > limit:
            raise SystemExit(f"a Down pressed at the first paint was not answered in {limit:.0f} s:\n{screen(session)}")
        time.sleep(0.01)
    return time.perf_counter() - t0


def full_screen(tool: Tool, runs: int, quit_keys: tuple[str, ...], tmp: Path) -> dict:
    """First paint (median of ``runs`` after a warm-up), when a key pressed then is answered,
    peak memory, and keystrokes of the last run."""
    paints, answers, memory, keys = [], [], [], []
    for n in range(runs + 1):
        session = f"{tool.name}-{n}"
        mem_file = tmp / f"{session}.mem"
        mem_file.unlink(missing_ok=True)
        paint, t0 = start(tool, session, mem_file)
        if n and tool.answered is not None:
            answers.append(answer(session, t0, tool.answered))
        if n == runs:  # the last start also times keys
            settle(session)
            for forward, back in tool.keys:
                for _ in range(5 if forward == "Down" else 3):
                    for key in (forward, back):
                        ms = keystroke(session, key)
                        if ms is not None:
                            keys.append(ms)
                        settle(session, still=0.15, limit=3)
        else:
            settle(session, still=0.3, limit=10)
        mib = quit_and_memory(session, mem_file, quit_keys)
        if n:  # the first start is the warm-up
            paints.append(paint)
            if mib:
                memory.append(mib)
    return {
        "paint": statistics.median(paints),
        "paint_all": paints,
        "answer": statistics.median(answers) if answers else None,
        "memory": max(memory) if memory else None,
        "key": statistics.median(keys) if keys else None,
        "key_max": max(keys) if keys else None,
        "keys": len(keys),
    }


def whole_process(commands: list[list[str]], env: dict[str, str] | None = None, cwd: Path | None = None) -> float:
    """Median seconds of running each command (stdout discarded), after running the first once unmeasured."""
    run_env = {**os.environ, **(env or {})}
    subprocess.run(commands[0], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=run_env, cwd=cwd, check=False)
    times = []
    for command in commands:
        t0 = time.perf_counter()
        done = subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=run_env, cwd=cwd, check=False
        )
        times.append(time.perf_counter() - t0)
        if done.returncode:
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
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


def measure(base: Path, sizes: list[int], runs: int, others: bool) -> list[tuple[str, str, str]]:
    """Rows of (operation, ducu, other tools) for the table."""
    ducu = shutil.which("ducu", path=str(Path(sys.executable).parent)) or shutil.which("ducu")
    if ducu is None:
        raise SystemExit("no `ducu` command: pip install -e . first")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # users' Python writes bytecode
    os.environ.clear()
    os.environ.update(env)
    others = others and bool(shutil.which("task")) and bool(shutil.which("vit"))
    rows: list[tuple[str, str, str]] = []
    tmp = Path(tempfile.mkdtemp(prefix="ducu-tmux-"))
    tmux("kill-server", check=False)
    try:
        for items in sizes:
            root = ducu_workspace(base, items)
            label = f"{items:,}"
            print(f"{label} items: ducu full screen...", file=sys.stderr, flush=True)
            first, second = row_titles(root)
            app = Tool(
                "ducu",
                [ducu, str(root)],
                re.compile(re.escape(first)),
                answered=re.compile(rf"(?m)^ (RED|AMBER|GREEN|GREY) {re.escape(second)}"),
            )
            d = full_screen(app, runs, ("q",), tmp)
            other = ""
            if others:
                rc = taskwarrior_data(base, root, items)
                print(f"{label} items: vit full screen...", file=sys.stderr, flush=True)
                vit = Tool(
                    "vit",
                    ["vit"],
                    re.compile(r"\d+ tasks? shown"),
                    env={"TASKRC": str(rc), "VIT_DIR": str(rc.parent / "vit")},
                )
                v = full_screen(vit, runs, ("q", "y"), tmp)  # vit asks "Quit?"
                other = f"vit {v['paint']:.2f} s, {v['memory']:.0f} MiB"
            rows.append((f"first paint, {label} items", f"{d['paint']:.2f} s, {d['memory']:.0f} MiB", other))
            rows.append(
                (
                    f"a Down pressed at the first paint answered, {label}",
                    f"{d['answer']:.2f} s after the start",
                    "not measured",
                )
            )
            if others:
                other = f"vit {v['key']:.0f} ms (max {v['key_max']:.0f})"
            rows.append((f"keystroke (Down, PageDown), {label}", f"{d['key']:.0f} ms (max {d['key_max']:.0f})", other))
            print(f"{label} items: command line...", file=sys.stderr, flush=True)
            listing = whole_process([[ducu, "list", "-w", str(root)]] * runs)
            other = ""
            if others:
                task_env = {"TASKRC": str(rc)}
                other = f"`task list` {whole_process([['task', 'list']] * runs, task_env):.2f} s"
            rows.append((f"list everything, whole process, {label}", f"{listing:.2f} s", other))
            item = an_item(root)
            day = dt.date(2027, 1, 4)
            sets = [[ducu, "set", "-w", str(root), item, f"due={day + dt.timedelta(days=n)}"] for n in range(runs)]
            before = _commits(root)
            change = whole_process(sets)
            made = _commits(root) - before
            if made < runs:
                raise SystemExit(f"ducu set made {made} commits in {runs + 1} runs; each must commit")
            other = ""
            if others:
                mods = [["task", "1", "modify", f"due:{day + dt.timedelta(days=n)}"] for n in range(runs)]
                other = f"`task modify` {whole_process(mods, task_env):.2f} s, no commit"
            rows.append((f"change one item, whole process, {label}", f"{change:.2f} s incl. commit", other))
    finally:
        tmux("kill-server", check=False)
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


def _commits(root: Path) -> int:
    out = subprocess.run(
        ["git", "-C", str(root), "rev-list", "--count", "HEAD"], capture_output=True, text=True, check=True
    )
    return int(out.stdout)


def table(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| operation | ducu | Taskwarrior 2.6 / vit 2.2 | target |", "|---|---|---|---|"]
    for op, ours, theirs in rows:
        lines.append(f"| {op} | {ours} | {theirs or 'not installed'} | {TARGETS.get(op, '')} |")
    return "\n".join(lines)


# --- the regression check ----------------------------------------------------------------------------


def numbers(cell: str) -> list[tuple[float, str]]:
    """(value, unit) pairs of a table cell: "0.31 s, 61 MiB" -> [(0.31, "s"), (61.0, "MiB")]; "(max ..)" parts are left out."""
    cell = re.sub(r"\(.*?\)", "", cell)
    return [(float(v), u) for v, u in re.findall(r"(\d+(?:\.\d+)?) (s|ms|MiB)\b", cell)]


def readme_rows(readme: Path) -> dict[str, str]:
    text = readme.read_text("utf-8")
    try:
        part = text[text.index(MARKERS[0]) : text.index(MARKERS[1])]
    except ValueError:
        raise SystemExit(f"{readme}: no table between {MARKERS[0]} and {MARKERS[1]}") from None
    out = {}
    for line in part.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0] not in ("operation", "") and not set(cells[0]) <= {"-"}:
            out[cells[0]] = cells[1]
    return out


def regressions(now: list[tuple[str, str, str]], recorded: dict[str, str]) -> list[str]:
    """What got more than 30% worse than the README says (or is missing from it)."""
    found = []
    for op, ours, _ in now:
        if op not in recorded:
            found.append(f"{op}: not in the README table; add it")
            continue
        for (new, unit), (old, old_unit) in zip(numbers(ours), numbers(recorded[op])):
            if unit != old_unit:
                found.append(f"{op}: unit changed ({old_unit} -> {unit})")
            elif new > old * TOLERANCE:
                found.append(
                    f"{op}: {new:g} {unit} now, {old:g} {unit} in the README (+{(new / old - 1) * 100:.0f}%, more than {(TOLERANCE - 1) * 100:.0f}%)"
                )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,20000", help="item counts, comma-separated (default 2000,20000)")
    parser.add_argument("--runs", type=int, default=5, help="measured runs per number (default 5)")
    parser.add_argument(
        "--dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "ducu-tmux-bench",
        help="where the workspaces and Taskwarrior data are kept",
    )
    parser.add_argument("--no-others", action="store_true", help="measure ducu only")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a ducu number is more than 30%% worse than in README.md"
    )
    parser.add_argument("--readme", type=Path, default=REPO / "README.md")
    args = parser.parse_args(argv)
    if not shutil.which("tmux") or not Path("/usr/bin/time").exists():
        raise SystemExit("needs tmux and /usr/bin/time (apt-get install tmux time)")
    args.dir.mkdir(parents=True, exist_ok=True)
    rows = measure(args.dir, [int(s) for s in args.sizes.split(",")], args.runs, not args.no_others)
    print(table(rows))
    if args.check:
        found = regressions(rows, readme_rows(args.readme))
        if found:
            print("\nREGRESSION: slower than the README table by more than 30%:", file=sys.stderr)
            for line in found:
                print(f"  - {line}", file=sys.stderr)
            return 1
        print("\nwithin 30% of the README table", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
