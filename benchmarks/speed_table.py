"""The table tmux_speed.py prints, the issue's targets, and the regression check against README.md.

Pure functions of the measured numbers (no tmux here), so
tests/unit/test_benchmarks.py can check what decides pass or fail.

One measured size is a dict:

    {"items": 20000,
     "ducu": {"paint": s, "memory": MiB, "answer": s, "keys_1s": [ms...], "keys_busy": [ms...]},
     "vit": the same or None,
     "list": s, "list_anew": s (the kept listing removed before each run), "task_list": s or None, "set": s, "task_modify": s or None}

``form``, ``switch`` and ``back`` (ms, optional) are edit forms and screens opened once the screen
is still, and the Escapes that closed them; ``rested`` (optional) the same screens opened after REST
seconds without input (ducu makes them ahead in such a rest: tui/screens/ready.py). ``keys_1s`` are the keys pressed from 1 s after the first paint on;
``keys_busy`` every key pressed from the first paint on (the Down pressed at
the first paint counted from when it was pressed), while the work after the
first paint (rules, git, summaries) may still be running.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable
from pathlib import Path

TOLERANCE = 1.30  # --check fails beyond this factor
REST = 1.3  # seconds without input before the rested screen switches (ducu makes screens ahead after 1 s)
MARKERS = ("<!-- tmux-speed:start -->", "<!-- tmux-speed:end -->")
HEADER = "| operation | ducu | Taskwarrior 2.6 / vit 2.2 | target | met |"

Row = tuple[str, str, str, str, str]  # operation, ducu, other, target, met


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value at least ``p`` percent of the values are not above."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def keys_cell(keys: list[float], what: str = "keys") -> str:
    """'15 ms median, p95 27 ms (max 40 ms, 100 keys)'."""
    if not keys:
        return "not measured"
    return (
        f"{statistics.median(keys):.0f} ms median, p95 {percentile(keys, 95):.0f} ms "
        f"(max {max(keys):.0f} ms, {len(keys)} {what})"
    )


def _label(items: int) -> str:
    return f"{items:,}"


# --- the targets --------------------------------------------------------------------------
# Each: (row it belongs to, the sizes it applies to, its text, verdict(size) -> True / False / None when not measured)

Verdict = Callable[[dict], "bool | None"]


def _median(keys: list[float] | None) -> float | None:
    return statistics.median(keys) if keys else None


def _p95(keys: list[float] | None) -> float | None:
    return percentile(keys, 95) if keys else None


def _vit(size: dict, key: str) -> float | list[float] | None:
    return (size.get("vit") or {}).get(key)


def _key_median(size: dict) -> bool | None:
    ours, theirs = _median(size["ducu"]["keys_1s"]), _median(_vit(size, "keys_1s"))
    return None if ours is None or theirs is None else ours <= theirs


def _key_p95(size: dict) -> bool | None:
    ours, theirs = _p95(size["ducu"]["keys_1s"]), _p95(_vit(size, "keys_1s"))
    return None if ours is None or theirs is None else ours <= 2 * theirs


def _paint_9x(size: dict) -> bool | None:
    theirs = _vit(size, "paint")
    return None if theirs is None else theirs >= 9 * size["ducu"]["paint"]


def _list_vs_task(share: float) -> Verdict:
    def verdict(size: dict) -> bool | None:
        theirs = size.get("task_list")
        return None if theirs is None else size["list"] <= share * theirs

    return verdict


def _below(times: list[float] | None, limit: float) -> bool | None:
    return None if not times else statistics.median(times) < limit


def _set_vs_modify(size: dict) -> bool | None:
    theirs = size.get("task_modify")
    return None if theirs is None else size["set"] < theirs


TARGETS: list[tuple[str, tuple[int, ...], str, Verdict]] = [
    ("first paint", (20000,), ">= 9x faster than vit", _paint_9x),
    ("peak RSS", (20000,), "< 160 MiB", lambda s: s["ducu"]["memory"] < 160),
    ("a Down pressed at the first paint answered", (20000,), "<= 0.5 s", lambda s: s["ducu"]["answer"] <= 0.5),
    ("keystroke from 1 s after the first paint", (2000, 20000), "median <= vit's", _key_median),
    ("keystroke from 1 s after the first paint", (2000, 20000), "p95 <= 2x vit's", _key_p95),
    ("edit form open", (20000,), "median < 150 ms", lambda s: _below(s["ducu"].get("form"), 150)),
    ("screen switch", (20000,), "median < 50 ms", lambda s: _below(s["ducu"].get("switch"), 50)),
    ("list everything, whole process", (2000,), "<= `task list`", _list_vs_task(1.0)),
    ("list everything, whole process", (20000,), "<= half of `task list`", _list_vs_task(0.5)),
    ("change one item, whole process", (20000,), "< `task modify`", _set_vs_modify),
]


def verdicts(size: dict) -> dict[str, list[tuple[str, bool | None]]]:
    """The targets that apply to ``size``, by row: [(text, met)]."""
    out: dict[str, list[tuple[str, bool | None]]] = {}
    for row, sizes, text, verdict in TARGETS:
        if size["items"] in sizes:
            out.setdefault(row, []).append((text, verdict(size)))
    return out


def missed(sizes: list[dict]) -> list[str]:
    """Every target a measured size misses (targets not measured, e.g. without vit, are not missed)."""
    return [
        f"{row}, {_label(size['items'])}: {text}"
        for size in sizes
        for row, found in verdicts(size).items()
        for text, met in found
        if met is False
    ]


# --- the table ---------------------------------------------------------------------------------------


def rows(size: dict) -> list[Row]:
    d, v, label = size["ducu"], size.get("vit"), _label(size["items"])
    cells: list[tuple[str, str, str]] = [
        (
            f"first paint, {label} items",
            f"{d['paint']:.2f} s",
            f"vit {v['paint']:.2f} s ({v['paint'] / d['paint']:.0f}x ducu's)" if v else "",
        ),
        (
            f"peak RSS, {label} items",
            f"{d['memory']:.0f} MiB",
            f"vit {v['memory']:.0f} MiB" if v and v["memory"] else "",
        ),
        (
            f"a Down pressed at the first paint answered, {label}",
            f"{d['answer']:.2f} s after the start",
            f"vit {v['answer']:.2f} s" if v and v.get("answer") else "",
        ),
        (
            f"keystroke from 1 s after the first paint, {label}",
            keys_cell(d["keys_1s"]),
            f"vit {keys_cell(v['keys_1s'])}" if v else "",
        ),
        (
            f"keystroke from the first paint on, {label}",
            keys_cell(d["keys_busy"]),
            f"vit {keys_cell(v['keys_busy'])}" if v else "",
        ),
        (f"edit form open, {label}", keys_cell(d.get("form", []), "opens"), ""),
        (f"screen switch, {label}", keys_cell(d.get("switch", []), "switches"), ""),
        *(
            [(f"screen switch after a rest of {REST} s, {label}", keys_cell(d["rested"], "switches"), "")]
            if d.get("rested")
            else []
        ),
        (f"Escape back from a form or screen, {label}", keys_cell(d.get("back", []), "keys"), ""),
        (
            f"list everything, whole process, {label}",
            f"{size['list']:.2f} s"
            + (f" ({size['list_anew']:.2f} s made anew, without the kept listing)" if size.get("list_anew") else ""),
            f"`task list` {size['task_list']:.2f} s" if size.get("task_list") is not None else "",
        ),
        (
            f"change one item, whole process, {label}",
            f"{size['set']:.2f} s incl. commit",
            f"`task modify` {size['task_modify']:.2f} s, no commit" if size.get("task_modify") is not None else "",
        ),
    ]
    found = verdicts(size)
    out: list[Row] = []
    for op, ours, theirs in cells:
        targets = found.get(op[: op.rindex(f", {label}")], [])
        text = "; ".join(t for t, _ in targets)
        met = "; ".join("not measured" if m is None else "met" if m else "**missed**" for _, m in targets)
        out.append((op, ours, theirs or "not measured", text, met))
    return out


def table(sizes: list[dict]) -> str:
    lines = [HEADER, "|---|---|---|---|---|"]
    for size in sizes:
        lines += [f"| {' | '.join(row)} |" for row in rows(size)]
    return "\n".join(lines)


# --- the regression check against the README ---------------------------------------------------------


def numbers(cell: str) -> list[tuple[float, str]]:
    """(value, unit) pairs of a table cell: "0.31 s, 61 MiB" -> [(0.31, "s"), (61.0, "MiB")]; "(max ..)" parts are left out."""
    cell = re.sub(r"\(.*?\)", "", cell)
    return [(float(v), u) for v, u in re.findall(r"(\d+(?:\.\d+)?) (s|ms|MiB)\b", cell)]


def readme_rows(readme: Path) -> dict[str, str]:
    """operation -> ducu's cell, from the table between the markers."""
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


def regressions(now: list[Row], recorded: dict[str, str]) -> list[str]:
    """What got more than 30% worse than the README says (or is missing from it)."""
    found = []
    for op, ours, *_ in now:
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
