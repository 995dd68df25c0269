"""Time loading and validating a large workspace against the 1 s budget.

    python benchmarks/load_validate.py [--projects 500] [--items 40] [--repeat 5] [--dir PATH] [--budget 1.0]

Generates a synthetic workspace (benchmarks/generate.py) into a temporary
folder, or uses ``--dir`` (generating into it first if it has no
workspace.toml), then measures

- ``load_workspace(root)``: read + parse + convert every file;
- ``rules.check(ws, today)``: the lint rules, when ``workspace_schema.rules``
  provides ``check`` (skipped with a note until it does);
- their sum, per run.

Each is timed ``--repeat`` times in this process (median and best are shown)
and once in a fresh subprocess (cold: first call, imports not counted but
shown separately). Peak RSS is ``resource.getrusage`` of that subprocess,
which holds exactly one loaded and validated workspace. Prints a Markdown
table; exits 1 when the median of load + validate is over the budget, and 2
when loading reports findings or the rules crash.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _p in (ROOT, HERE):  # workspace_schema, and generate.py next to this file
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

TODAY = dt.date(2026, 11, 27)  # the generated data is dated around this day


def rules_check():
    """``workspace_schema.rules.check``, or (None, why it is not there)."""
    try:
        from workspace_schema import rules
    except ImportError as exc:
        return None, f"workspace_schema.rules cannot be imported ({exc})"
    check = getattr(rules, "check", None)
    if check is None:
        return None, "workspace_schema.rules has no check() yet"
    return check, None


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return kb / 1024 / (1024 if sys.platform == "darwin" else 1)


def one_run(root: Path, check) -> dict:
    """Load (and check) once; times in seconds and what came out."""
    from workspace_schema.load.loader import load_workspace

    t0 = time.perf_counter()
    ws, load_findings = load_workspace(root)
    t1 = time.perf_counter()
    rule_findings = None
    if check is not None:
        rule_findings = check(ws, TODAY)
    t2 = time.perf_counter()
    return {
        "load": t1 - t0,
        "check": (t2 - t1) if check is not None else None,
        "total": t2 - t0,
        "items": sum(len(p.milestones) + len(p.tasks) for p in ws.projects.values()),
        "projects": len(ws.projects),
        "load_findings": len(load_findings),
        "load_examples": [f.text() for f in load_findings[:5]],
        "rule_findings": None if rule_findings is None else len(rule_findings),
        "rule_codes": None if rule_findings is None else _codes(rule_findings),
    }


def _codes(findings) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        code = getattr(f, "code", "?")
        counts[code] = counts.get(code, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def child(root: Path) -> int:
    """The cold run: import, load and check once, print JSON on stdout."""
    rss_start = peak_rss_mb()
    t0 = time.perf_counter()
    import workspace_schema.load.loader  # noqa: F401

    check, note = rules_check()
    imports = time.perf_counter() - t0
    rss_imported = peak_rss_mb()
    try:
        result = one_run(root, check)
    except Exception:
        print(json.dumps({"error": traceback.format_exc()}))
        return 2
    result.update(
        imports=imports, rss_mb=peak_rss_mb(), rss_start_mb=rss_start, rss_imported_mb=rss_imported, note=note
    )
    print(json.dumps(result))
    return 0


def cold_run(root: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", str(root)], capture_output=True, text=True)
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": f"cold run failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}"}


def per_rule(root: Path, repeat: int) -> None:
    """Median time and findings of each registered rule, slowest first."""
    from functools import partial

    from workspace_schema.core.findings import Finding
    from workspace_schema.load.loader import load_workspace

    try:
        from workspace_schema.rules import RULES
    except ImportError:
        print("\n(per rule: workspace_schema.rules has no RULES registry)")
        return
    ws, _ = load_workspace(root)
    rows = []
    for r in RULES.values():
        report = partial(Finding, level=r.level, code=r.code)
        times, count = [], 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            try:
                count = len(list(r.fn(ws, TODAY, report)))
            except Exception as exc:
                count = f"crashed: {type(exc).__name__}"
            times.append(time.perf_counter() - t0)
        rows.append((statistics.median(times), r.code, count))
    rows.sort(reverse=True)
    print(f"\nPer rule ({len(rows)} rules, median of {repeat}; sum {sum(t for t, _, _ in rows) * 1000:.0f} ms):\n")
    print("| rule | median | findings |")
    print("|---|---:|---:|")
    for t, code, count in rows[:15]:
        print(f"| {code} | {t * 1000:.1f} ms | {count} |")


def fmt(seconds: float | None) -> str:
    return "skipped" if seconds is None else f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time load_workspace and rules.check on a synthetic workspace.")
    ap.add_argument("--projects", type=int, default=500)
    ap.add_argument("--items", type=int, default=40, help="milestones + tasks per project")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=5, help="warm runs in this process (median is judged)")
    ap.add_argument("--dir", type=Path, help="use (or generate into) this folder instead of a temporary one")
    ap.add_argument("--budget", type=float, default=1.0, help="seconds allowed for the median load + validate")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold subprocess run")
    ap.add_argument("--per-rule", action="store_true", help="also time each rule of rules.RULES alone")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args.child)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    tmp = None
    generated = True
    if args.dir is not None:
        root = args.dir
        generated = not (root / "workspace.toml").exists()
        if generated:
            from generate import generate

            generate(root, args.projects, args.items, args.seed)
            print(f"generated {args.projects} x {args.items} items into {root}")
        else:
            print(f"using the existing workspace in {root} (--projects/--items are ignored)")
    else:
        from generate import generate

        tmp = tempfile.TemporaryDirectory(prefix="ducu-bench-")
        root = generate(Path(tmp.name) / "ws", args.projects, args.items, args.seed)

    try:
        return measure(root, args, generated)
    finally:
        if tmp is not None:
            tmp.cleanup()


def measure(root: Path, args, generated: bool) -> int:
    check, note = rules_check()
    cold = None if args.no_cold else cold_run(root)  # first, so this process's caches do not matter

    runs = []
    for _ in range(args.repeat):
        gc.collect()
        try:
            runs.append(one_run(root, check))
        except Exception:
            traceback.print_exc()
            print("\nThe load or the rules crashed; no timing.", file=sys.stderr)
            return 2
    last = runs[-1]

    def col(key: str, pick) -> str:
        values = [r[key] for r in runs]
        return "skipped" if values[0] is None else fmt(pick(values))

    cold_ok = cold is not None and "error" not in cold
    print()
    print(f"Workspace: {root}  ({last['projects']} projects, {last['items']:,} milestones + tasks)")
    print(
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; {args.repeat} warm runs; today = {TODAY}"
    )
    print()
    print("| step | median | best | cold (fresh process) |")
    print("|---|---:|---:|---:|")
    for key, label in (("load", "load_workspace"), ("check", "rules.check"), ("total", "load + validate")):
        print(f"| {label} | {col(key, statistics.median)} | {col(key, min)} | {fmt(cold[key]) if cold_ok else 'n/a'} |")
    if cold_ok:
        print(f"| imports (cold only) | | | {fmt(cold['imports'])} |")
    print()
    print(f"- items: {last['items']:,} in {last['projects']} projects")
    print(f"- loader findings: {last['load_findings']}")
    if last["rule_findings"] is None:
        print(f"- rule findings: skipped ({note})")
    else:
        top = ", ".join(f"{c} {n}" for c, n in list(last["rule_codes"].items())[:8])
        print(f"- rule findings: {last['rule_findings']:,}" + (f" ({top})" if top else ""))
    if cold_ok:
        print(
            f"- peak RSS, fresh process: {cold['rss_mb']:.0f} MB (after imports {cold['rss_imported_mb']:.0f} MB,"
            f" so ~{cold['rss_mb'] - cold['rss_imported_mb']:.0f} MB for the loaded workspace)"
        )
    elif cold is not None:
        print(f"- cold run: {cold['error']}")
    print(
        f"- peak RSS, this process ({args.repeat} runs{' + generation' if generated else ''}): {peak_rss_mb():.0f} MB"
    )

    if args.per_rule and check is not None:
        per_rule(root, args.repeat)

    median_total = statistics.median(r["total"] for r in runs)
    status = 0
    if last["load_findings"]:
        print("\nLoading reported findings on generated data (the generator or the loader is wrong):")
        for text in last["load_examples"]:
            print("  " + text)
        status = 2
    if cold is not None and not cold_ok:
        status = 2
    over = median_total > args.budget
    verdict = "OVER" if over else "within"
    print(
        f"\nBudget: load + validate median {median_total:.3f} s, {verdict} the budget of {args.budget:.1f} s"
        + ("" if check is not None else " (validate skipped: the rules are not there yet)")
    )
    if over:
        status = status or 1
    return status


if __name__ == "__main__":
    sys.exit(main())
