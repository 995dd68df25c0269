"""Where load_workspace spends its time, and what a fast path would save.

    python benchmarks/profile_load.py [--dir PATH] [--projects 500] [--items 40] [--repeat 5] [--top 25]

Three parts, each repeated (the machine is shared, so single numbers drift):

1. cProfile of ``load_workspace``, sorted by cumulative time (the profiler
   roughly doubles the cost of Python-level calls, so read it for shares,
   not for absolute numbers).
2. The phases timed alone without a profiler (best of ``--repeat``): reading
   the files, rtoml, the header scan of lines.FileLines, id checks, one
   msgspec.convert per whole project file, and the cyclic GC's share.
3. A what-if: ``fast_project`` below, a prototype of the fast path suggested
   for loader.py (check every key and id up front with set operations, then
   convert a whole project file in one msgspec.convert call, and fall back to
   the per-record path on anything unusual). It is checked to give records
   equal to load_workspace's, and timed against it. The prototype lives here
   only to measure the idea; loader.py is not changed by this script.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _p in (ROOT, HERE):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

import msgspec  # noqa: E402
import rtoml  # noqa: E402

from workspace_schema import loader as L  # noqa: E402
from workspace_schema import records as R  # noqa: E402
from workspace_schema.ids import id_problem  # noqa: E402
from workspace_schema.lines import _HEADER, FileLines, header_lines, split_dotted  # noqa: E402

# --- the what-if prototype ----------------------------------------------------

_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-]{0,63}\Z")  # ASCII ids that id_problem always accepts
_TOP = frozenset(R.user_fields(R.ProjectFile))
_ALLOWED = {cls: frozenset(R.user_fields(cls)) for cls in (R.ProjectHeader, R.Raci, R.Step, *R.ITEM_KINDS.values())}


def _id_ok(rid: object) -> bool:
    return isinstance(rid, str) and (_SAFE_ID.match(rid) is not None or id_problem(rid) is None)


def _fast_tables(data: dict, rel: str, pid: str, lines: FileLines) -> dict | None:
    """A copy of ``data`` with @id/@file/@line filled in, or None when the slow path must decide."""
    if not data.keys() <= _TOP:
        return None
    head = data.get("project")
    if type(head) is not dict or not head.keys() <= _ALLOWED[R.ProjectHeader]:
        return None
    table_line = lines.table_line
    out: dict = {"project": {**head, "@id": pid, "@file": rel, "@line": table_line(("project",))}}
    for name, cls in R.ITEM_KINDS.items():
        table = data.get(name)
        if table is None:
            continue
        if type(table) is not dict:
            return None
        allowed = _ALLOWED[cls]
        converted = {}
        for rid, body in table.items():
            if type(body) is not dict or not body.keys() <= allowed or not _id_ok(rid):
                return None
            raci = body.get("raci")
            if raci is not None and (type(raci) is not dict or not raci.keys() <= _ALLOWED[R.Raci]):
                return None
            rec = {**body, "@id": rid, "@file": rel, "@line": table_line((name, rid))}
            steps = body.get("steps")
            if steps is not None:
                if type(steps) is not dict:
                    return None
                new_steps = {}
                for sid, step in steps.items():
                    if type(step) is not dict or not step.keys() <= _ALLOWED[R.Step]:
                        return None
                    new_steps[sid] = {**step, "@id": sid, "@file": rel, "@line": table_line((name, rid, "steps", sid))}
                rec["steps"] = new_steps
            converted[rid] = rec
        out[name] = converted
    return out


def fast_project(loader: L.Loader, rel: str, pid: str) -> R.Project | None:
    """Loader.project with a one-call fast path for files with nothing to report."""
    data = loader.read(rel)
    if data is None:
        return None
    tables = _fast_tables(data, rel, pid, loader.sources[rel])
    if tables is not None:
        try:
            pf = msgspec.convert(tables, R.ProjectFile)
        except msgspec.ValidationError:
            pf = None
        if pf is not None:
            head = pf.project
            fields = {f: getattr(head, f) for f in head.__struct_fields__}
            return R.Project(**fields, goals=pf.goals, milestones=pf.milestones, tasks=pf.tasks,
                             risks=pf.risks, changes=pf.changes, log=pf.log)
    # slow path on the already parsed data: exactly what Loader.project does after read()
    loader.top_keys(data, tuple(R.user_fields(R.ProjectFile)), rel)
    header = loader.header(data, "project", R.ProjectHeader, rel, pid, pid)
    if header is None:
        return None
    items = {name: loader.keyed(data, name, cls, rel, pid) for name, cls in R.ITEM_KINDS.items()}
    fields = {f: getattr(header, f) for f in header.__struct_fields__}
    return R.Project(**fields, **items)


_SIMPLE_HEADER = re.compile(r"\[([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*)\][ \t]*\Z")


def fast_header_lines(text: str) -> dict[tuple[str, ...], int]:
    """lines.header_lines, same result: split into lines once (C speed), take
    only lines that start with "[", and read bare dotted headers with
    str.split; anything else (indented, quoted, comments) goes the old way."""
    found: dict[tuple[str, ...], int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        first = line[:1]
        if first == "[":
            m = _SIMPLE_HEADER.match(line)
            if m:
                path = tuple(m.group(1).split("."))
                if path not in found:
                    found[path] = number
                continue
        elif not (first == " " or first == "\t") or line.lstrip(" \t")[:1] != "[":
            continue
        m = _HEADER.match(line)
        if m:
            path = split_dotted(m.group(1))
            if path is not None and path not in found:
                found[path] = number
    return found


class FastFileLines(FileLines):
    def __init__(self, text: str) -> None:
        self.text = text
        self.headers = fast_header_lines(text)
        self._lines = None


def fast_load_projects(root: Path, fast_lines: bool = False) -> tuple[dict[str, R.Project], list]:
    """The projects of load_workspace through fast_project (and FastFileLines if asked)."""
    if fast_lines:
        saved, L.FileLines = L.FileLines, FastFileLines  # only for this call, only in this process
        try:
            return fast_load_projects(root)
        finally:
            L.FileLines = saved
    loader = L.Loader(root)
    projects = {}
    for rel, pid in loader.folder("projects"):
        project = fast_project(loader, rel, pid)
        if project is not None:
            projects[pid] = project
    return projects, loader.findings


# --- measuring ------------------------------------------------------------------


def best_of(n: int, fn, *, gc_off: bool = False) -> tuple[float, float, object]:
    """(best, median, last result) of ``n`` timed calls of ``fn``."""
    times = []
    result = None
    for _ in range(n):
        result = None
        gc.collect()
        if gc_off:
            gc.disable()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        if gc_off:
            gc.enable()
    return min(times), statistics.median(times), result


def profile(root: Path, repeat: int, top: int) -> None:
    L.load_workspace(root)  # warm caches once
    stats = None
    walls = []
    for _ in range(repeat):
        gc.collect()
        prof = cProfile.Profile()
        t0 = time.perf_counter()
        prof.enable()
        L.load_workspace(root)
        prof.disable()
        walls.append(time.perf_counter() - t0)
        if stats is None:
            stats = pstats.Stats(prof, stream=io.StringIO())
        else:
            stats.add(prof)
    print(f"## cProfile of load_workspace, summed over {repeat} runs (divide by {repeat}); "
          f"wall under the profiler: median {statistics.median(walls) * 1000:.0f} ms\n")
    out = io.StringIO()
    stats.stream = out
    stats.sort_stats("cumulative").print_stats(top)
    text = out.getvalue()
    print("```")
    print(text[text.index("   ncalls"):].rstrip() if "   ncalls" in text else text)
    print("```\n")


def end_to_end(root: Path, repeat: int) -> None:
    """load_workspace against the prototype, interleaved so drift hits all alike."""
    variants = [
        ("load_workspace (as is)", lambda: L.load_workspace(root), False),
        ("load_workspace, gc disabled during the call", lambda: L.load_workspace(root), True),
        ("projects via fast_project (one msgspec.convert per file)", lambda: fast_load_projects(root), False),
        ("  + fast_header_lines", lambda: fast_load_projects(root, fast_lines=True), False),
        ("  + fast_header_lines, gc disabled", lambda: fast_load_projects(root, fast_lines=True), True),
    ]
    times: list[list[float]] = [[] for _ in variants]
    for _ in range(repeat):
        for i, (_, fn, gc_off) in enumerate(variants):
            t, _, _ = best_of(1, fn, gc_off=gc_off)
            times[i].append(t)
    print(f"## End to end, interleaved (best and median of {repeat})\n")
    print("| variant | best | median |")
    print("|---|---:|---:|")
    for (label, _, _), ts in zip(variants, times):
        print(f"| {label} | {min(ts) * 1000:.0f} ms | {statistics.median(ts) * 1000:.0f} ms |")
    print()


def phases(root: Path, repeat: int) -> None:
    files = sorted((root / "projects").glob("*.toml"))
    rows = []

    def row(label, fn, **kw):
        best, med, res = best_of(repeat, fn, **kw)
        rows.append((label, best, med))
        return res

    total_best, _, _ = best_of(repeat, lambda: L.load_workspace(root))
    texts = row(f"read + decode {len(files)} project files", lambda: [f.read_bytes().decode("utf-8") for f in files])
    datas = row("rtoml.loads", lambda: [rtoml.loads(t) for t in texts])
    row("FileLines(text) (header scan for @line)", lambda: [FileLines(t) for t in texts])
    ids = [rid for d in datas for name in R.ITEM_KINDS for rid in d.get(name, {})]
    row(f"id_problem on {len(ids):,} ids", lambda: [id_problem(i) for i in ids])
    row(f"same, ASCII regex first ({_SAFE_ID.pattern})", lambda: [_id_ok(i) for i in ids])
    lines = [FileLines(t) for t in texts]
    rels = [f"projects/{f.name}" for f in files]
    pids = [f.stem for f in files]
    tables = row("fast path: key/id checks + @ fields (dict copies)",
                 lambda: [_fast_tables(d, r, p, ln) for d, r, p, ln in zip(datas, rels, pids, lines)])
    row("fast path: one msgspec.convert per project file", lambda: [msgspec.convert(t, R.ProjectFile) for t in tables])
    row("fast_header_lines (prototype of a faster scan)", lambda: [fast_header_lines(t) for t in texts])

    print(f"## Phases, timed alone (best and median of {repeat}; load_workspace best {total_best * 1000:.0f} ms)\n")
    print("| phase | best | median |")
    print("|---|---:|---:|")
    for label, best, med in rows:
        print(f"| {label} | {best * 1000:.0f} ms | {med * 1000:.0f} ms |")
    print()


def check_equal(root: Path) -> None:
    ws, findings = L.load_workspace(root)
    projects, fast_findings = fast_load_projects(root, fast_lines=True)
    same = projects == ws.projects and len(findings) == len(fast_findings)
    same = same and all(fast_header_lines(src.text) == src.headers for src in ws.sources.values())
    print(f"Prototype gives the same {len(projects)} projects as load_workspace: {'yes' if same else 'NO'}\n")
    if not same:
        sys.exit("the prototype differs from load_workspace; its timings mean nothing")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Profile load_workspace on a synthetic workspace.")
    ap.add_argument("--dir", type=Path, help="use (or generate into) this folder")
    ap.add_argument("--projects", type=int, default=500)
    ap.add_argument("--items", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--top", type=int, default=25, help="rows of the cProfile listing")
    ap.add_argument("--no-cprofile", action="store_true")
    args = ap.parse_args(argv)

    from generate import generate

    tmp = None
    if args.dir is not None:
        root = args.dir
        if not (root / "workspace.toml").exists():
            generate(root, args.projects, args.items, args.seed)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="ducu-prof-")
        root = generate(Path(tmp.name) / "ws", args.projects, args.items, args.seed)
    try:
        n_files = len(list((root / "projects").glob("*.toml")))
        print(f"# load_workspace profile: {root} ({n_files} project files), {os.cpu_count()} CPUs\n")
        check_equal(root)
        if not args.no_cprofile:
            profile(root, args.repeat, args.top)
        end_to_end(root, args.repeat)
        phases(root, args.repeat)
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
