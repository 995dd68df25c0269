"""The speed check (benchmarks/tmux_speed.py --check) must be able to fail, and the README table it reads must be there.

The measurements themselves need tmux and take minutes, so they are not run
here; this checks the parts that decide pass or fail.
"""

from __future__ import annotations

import sys

from tests.helpers.workspace import REPO

ROOT = REPO
sys.path.insert(0, str(ROOT / "benchmarks"))

import tmux_speed  # noqa: E402


def test_numbers_reads_values_and_units_but_not_the_max() -> None:
    assert tmux_speed.numbers("0.31 s, 61 MiB") == [(0.31, "s"), (61.0, "MiB")]
    assert tmux_speed.numbers("9 ms (max 40 ms)") == [(9.0, "ms")]
    assert tmux_speed.numbers("0.25 s incl. commit") == [(0.25, "s")]


def test_a_number_30_percent_worse_fails_the_check() -> None:
    recorded = {"first paint, 20,000 items": "0.50 s, 200 MiB", "list everything, whole process, 20,000": "0.40 s"}
    within = [
        ("first paint, 20,000 items", "0.64 s, 259 MiB", ""),
        ("list everything, whole process, 20,000", "0.30 s", ""),
    ]
    assert tmux_speed.regressions(within, recorded) == []
    slower = [
        ("first paint, 20,000 items", "0.66 s, 200 MiB", ""),
        ("list everything, whole process, 20,000", "0.40 s", ""),
    ]
    (problem,) = tmux_speed.regressions(slower, recorded)
    assert problem.startswith("first paint, 20,000 items: 0.66 s now, 0.5 s in the README (+32%")
    bigger = [("first paint, 20,000 items", "0.50 s, 261 MiB", "")]
    assert len(tmux_speed.regressions(bigger, recorded)) == 1
    assert tmux_speed.regressions([("new row", "1 s", "")], recorded) == ["new row: not in the README table; add it"]


def test_the_readme_has_the_table_the_check_reads() -> None:
    rows = tmux_speed.readme_rows(ROOT / "README.md")
    assert set(tmux_speed.TARGETS) <= set(rows)
    for op in tmux_speed.TARGETS:
        assert tmux_speed.numbers(rows[op]), f"README row {op!r} has no number the check can read"
