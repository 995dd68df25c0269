"""Time the history index: first build over 2,000 commits, then an update of 10.

    python benchmarks/history_speed.py                       # 2,000 commits in a temp folder, 5 runs
    python benchmarks/history_speed.py --commits 5000 --repeat 3 --dir /tmp/ducu-history

Makes a git repository whose first commit is sample_workspace/ and whose
other commits are random edits of it (due dates moved, statuses and goal
values changed, tasks added and removed, people's roles edited; 1 to 3
files per commit, about 1.75 on average; authors and dates from a fixed
seed, a fifth of the commits with ducu's trailers). The commits are written
with ``git fast-import``, so making 2,000 takes about a second.

The files grow as the history does (tasks are added a little more often
than removed, and some edits append a comment line), so a longer history is
more than proportionally more text: the first build reads every distinct
version whole, and its cost follows the text it reads ("file text read"
below: 355 MB at 20,000 commits, 1,069 MB at 50,000, x3.0 for x2.5 the
versions), not the number of versions.

Budgets (2 shared cores): first build < 1 s, update of 10 commits < 0.2 s.
Exit status 0 within both, 1 over.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from workspace_schema.history import trail as history  # noqa: E402
from workspace_schema.history.index import cache_path  # noqa: E402

SAMPLE = ROOT / "sample_workspace"
START = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
_DUE = re.compile(r"^(due|baseline_due|start) = (\d{4}-\d\d-\d\d)", re.MULTILINE)
_STATUS = re.compile(r'^status = "(todo|doing|waiting|blocked)"', re.MULTILINE)
_CURRENT = re.compile(r"^current = (\d+)", re.MULTILINE)
_ROLE = re.compile(r'^role = "([^"]*)"', re.MULTILINE)
AUTHORS = [
    ("Hannah Okafor", "hannah@northwind.digital"),
    ("陈美 (Chen Mei)", "mei@northwind.digital"),
    ("Raj Patel", "raj@northwind.digital"),
    ("Sofia Rossi", "sofia@northwind.digital"),
    ("Tomas Novak", "tomas@northwind.digital"),
    ("Dana Green", "dana.green@acme-logistics.com"),
]


def sample_files() -> dict[str, str]:
    return {str(path.relative_to(SAMPLE)): path.read_text("utf-8") for path in sorted(SAMPLE.rglob("*.toml"))}


class Editor:
    """Random edits by text replacement (no TOML library in the loop)."""

    def __init__(self, files: dict[str, str], rng: random.Random) -> None:
        self.files = files
        self.rng = rng
        self.added: list[tuple[str, str]] = []
        self.serial = 0

    def edit(self, path: str) -> str:
        rng, text = self.rng, self.files[path]
        if path == "people.toml":
            return self._sub(_ROLE, text, lambda m: f'role = "{m.group(1).split(" (")[0]} ({rng.randint(1, 99)})"')
        if not path.startswith("projects/"):
            return text.rstrip("\n") + f"\n# note {self.serial}\n"
        roll = rng.random()
        if roll < 0.60:
            return self._sub(
                _DUE,
                text,
                lambda m: (
                    f"{m.group(1)} = {dt.date.fromisoformat(m.group(2)) + dt.timedelta(days=rng.choice([-7, -3, -1, 1, 2, 3, 7, 14]))}"
                ),
            )
        if roll < 0.72:
            return self._sub(
                _STATUS, text, lambda m: f'status = "{rng.choice(["todo", "doing", "waiting", "blocked"])}"'
            )
        if roll < 0.84:
            return self._sub(_CURRENT, text, lambda m: f"current = {int(m.group(1)) + rng.randint(1, 50)}")
        mine = [tid for p, tid in self.added if p == path]
        if roll < 0.92 or not mine:
            self.serial += 1
            tid = f"bench-task-{self.serial:05d}"
            self.added.append((path, tid))
            due = dt.date(2026, 12, 1) + dt.timedelta(days=rng.randint(0, 90))
            return text.rstrip("\n") + (
                f'\n\n[tasks.{tid}]\ntitle = "Benchmark task {self.serial}"\nside = "{rng.choice(["team", "client"])}"\n'
                f'owner = "raj"\nstatus = "todo"\ndue = {due}\nbaseline_due = {due}\n'
            )
        tid = rng.choice(mine)
        self.added.remove((path, tid))
        return re.sub(rf"\n\n\[tasks\.{tid}\]\n(?:[^\[\n][^\n]*\n)*", "\n", text)

    def _sub(self, pattern: re.Pattern[str], text: str, make) -> str:
        matches = list(pattern.finditer(text))
        if not matches:
            return text.rstrip("\n") + f"\n# touched {self.rng.random():.6f}\n"
        m = self.rng.choice(matches)
        return text[: m.start()] + make(m) + text[m.end() :]


def _data(text: str) -> bytes:
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"


def fast_import(repo: Path, commits: list[tuple[str, str, dt.datetime, str, dict[str, str]]], *, parent: bool) -> None:
    """Write ``commits`` (author, email, date, message, {path: new text}) on top of main."""
    out = bytearray()
    for n, (name, email, when, message, changes) in enumerate(commits):
        stamp = f"{int(when.timestamp())} +0800"
        out += f"commit refs/heads/main\nauthor {name} <{email}> {stamp}\ncommitter {name} <{email}> {stamp}\n".encode()
        out += _data(message)
        if n == 0 and parent:
            out += b"from refs/heads/main^0\n"
        for path, text in changes.items():
            out += f"M 100644 inline {path}\n".encode() + _data(text)
        out += b"\n"
    subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet", "--force"], input=bytes(out), check=True)


def make_commits(editor: Editor, count: int, rng: random.Random, first: int) -> tuple[list, int]:
    paths = sorted(editor.files)
    projects = [p for p in paths if p.startswith("projects/")]
    commits, versions = [], 0
    for i in range(first, first + count):
        k = rng.choices([1, 2, 3], weights=[40, 45, 15])[0]
        touched = (
            rng.sample(projects, min(k, len(projects)))
            if rng.random() < 0.9
            else ["people.toml", *rng.sample(projects, k - 1)]
        )
        changes = {}
        for path in touched:
            text = editor.edit(path)
            if text == editor.files[path]:  # a status set to the one it had: touch the file so every commit counts
                text = text.rstrip("\n") + f"\n# touched in commit {i}\n"
            editor.files[path] = changes[path] = text
        versions += len(changes)
        name, email = AUTHORS[rng.randrange(len(AUTHORS))]
        subject = f"plan update {i}"
        message = subject + "\n"
        if rng.random() < 0.2:
            message += f"\nDucu-Item: {touched[0][9:-5]}\nDucu-Field: due\nDucu-Reason: benchmark reason {i}\n"
        commits.append((name, email, START + dt.timedelta(hours=i), message, changes))
    return commits, versions


def make_repo(folder: Path, count: int, seed: int) -> tuple[Path, Editor, random.Random, int]:
    rng = random.Random(seed)
    repo = folder / "repo"
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    files = sample_files()
    editor = Editor(files, rng)
    first = [("Hannah Okafor", "hannah@northwind.digital", START, "Start the workspace\n", dict(files))]
    rest, versions = make_commits(editor, count - 1, rng, 1)
    fast_import(repo, first + rest, parent=False)
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "-f", "main"], check=True)
    return repo, editor, rng, versions + len(files)


def blob_bytes(repo: Path) -> int:
    """The size of every distinct file version in ``repo`` (all its blobs are workspace files): what a first build reads."""
    out = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sum(int(size) for kind, size in (line.split() for line in out.splitlines()) if kind == "blob")


def measure(folder: Path, commits: int, update: int, repeat: int, seed: int) -> dict:
    """Make the repository in ``folder``; times in seconds of the first build, a reopen with nothing new and
    the update after ``update`` new commits (``repeat`` each), and what the index holds."""
    t0 = time.perf_counter()
    repo, editor, rng, versions = make_repo(folder, commits, seed)
    made = time.perf_counter() - t0
    git_dir = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--absolute-git-dir"], capture_output=True, text=True, check=True
    ).stdout.strip()
    cache = cache_path(Path(git_dir))

    firsts = []
    for _ in range(repeat):
        cache.unlink(missing_ok=True)
        t = time.perf_counter()
        index = history.build_index(repo)
        firsts.append(time.perf_counter() - t)
    assert index.stats.mode == "full" and index.stats.processed == commits, index.stats
    saved = cache.read_bytes()

    opens = []
    for _ in range(repeat):
        t = time.perf_counter()
        again = history.build_index(repo)
        opens.append(time.perf_counter() - t)
    assert again.stats.mode == "cached"

    more, _ = make_commits(editor, update, rng, commits)
    fast_import(repo, more, parent=True)
    updates = []
    for _ in range(repeat):
        cache.write_bytes(saved)
        t = time.perf_counter()
        updated = history.build_index(repo)
        updates.append(time.perf_counter() - t)
    assert updated.stats.mode == "incremental" and updated.stats.processed == update, updated.stats
    return {
        "repo": repo,
        "made": made,
        "versions": versions,
        "text_mb": blob_bytes(repo) / 1e6,
        "rows": len(index),
        "notes": len(index.notes),
        "cache_kib": len(saved) / 1024,
        "first": firsts,
        "open": opens,
        "update": updates,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--update", type=int, default=10, help="commits added for the incremental update")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", help="folder for the repository (default: a temporary folder, removed after)")
    parser.add_argument("--budget-first", type=float, default=1.0)
    parser.add_argument("--budget-update", type=float, default=0.2)
    args = parser.parse_args(argv)

    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="ducu-history-"))
    try:
        m = measure(folder, args.commits, args.update, args.repeat, args.seed)
        print(
            f"repository: {m['repo']} ({args.commits} commits, {m['versions']} file versions,"
            f" {m['text_mb']:.0f} MB of file text read, made in {m['made']:.1f} s)"
        )
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "tui.cli", "history", "acme-crm/data-export-k3f9", "-w", str(m["repo"])],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        cli = time.perf_counter() - t

        print(f"index: {m['rows']} changes, {m['notes']} notes, cache {m['cache_kib']:.0f} KiB")
        print(f"{'':28} {'median':>8} {'best':>8}")
        for label, times in (
            (f"first build ({args.commits} commits)", m["first"]),
            ("open, nothing new (cache)", m["open"]),
            (f"update ({args.update} new commits)", m["update"]),
        ):
            print(f"{label:28} {statistics.median(times):8.3f} {min(times):8.3f}  s")
        print(f"{'ducu history ITEM (process)':28} {cli:8.3f}           s  (cold process, cache warm)")
        ok = statistics.median(m["first"]) < args.budget_first and statistics.median(m["update"]) < args.budget_update
        print(f"budget: first < {args.budget_first} s, update < {args.budget_update} s: {'within' if ok else 'OVER'}")
        return 0 if ok else 1
    finally:
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
