"""The speed check (benchmarks/tmux_speed.py --check) must be able to fail, and the README table it reads must be there.

The measurements themselves need tmux and take minutes, so they are not run
here; this checks the parts that decide pass or fail (benchmarks/speed_table.py)
and how a key's answer is recognised on a captured screen.
"""

from __future__ import annotations

import re
import sys

from tests.helpers.workspace import REPO

ROOT = REPO
sys.path.insert(0, str(ROOT / "benchmarks"))

import growth  # noqa: E402
import speed_table  # noqa: E402
import tmux_speed  # noqa: E402


def _size(items: int = 20000, **ducu: object) -> dict:
    """A measured size in which every target is met."""
    keys = [10.0] * 19 + [30.0]
    ours = {"paint": 0.3, "memory": 150.0, "answer": 0.45, "keys_1s": keys, "keys_busy": [*keys, 200.0]}
    ours |= {"form": [100.0, 140.0, 400.0], "switch": [30.0, 40.0, 45.0, 300.0], "back": [120.0], **ducu}
    vit = {"paint": 4.0, "memory": 99.0, "answer": 4.1, "keys_1s": [20.0] * 20, "keys_busy": [20.0] * 21}
    return {"items": items, "ducu": ours, "vit": vit, "list": 0.4, "task_list": 1.0, "set": 0.2, "task_modify": 0.3}


def test_numbers_reads_values_and_units_but_not_the_max() -> None:
    assert speed_table.numbers("0.31 s, 61 MiB") == [(0.31, "s"), (61.0, "MiB")]
    assert speed_table.numbers("9 ms median, p95 20 ms (max 40 ms, 100 keys)") == [(9.0, "ms"), (20.0, "ms")]
    assert speed_table.numbers("0.25 s incl. commit") == [(0.25, "s")]


def test_the_list_made_anew_is_shown_beside_the_kept_one_and_not_checked() -> None:
    (row,) = [r for r in speed_table.rows({**_size(), "list": 0.07, "list_anew": 0.36}) if r[0].startswith("list")]
    assert row[1] == "0.07 s (0.36 s made anew, without the kept listing)"
    assert speed_table.numbers(row[1]) == [(0.07, "s")]


def test_percentile_is_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert speed_table.percentile(values, 95) == 95.0
    assert speed_table.percentile([5.0, 1.0, 3.0], 95) == 5.0
    assert speed_table.keys_cell([10.0] * 19 + [30.0]) == "10 ms median, p95 10 ms (max 30 ms, 20 keys)"


def test_a_number_30_percent_worse_fails_the_check() -> None:
    recorded = {
        "first paint, 20,000 items": "0.50 s",
        "keystroke from 1 s after the first paint, 20,000": "10 ms median, p95 20 ms (max 50 ms, 100 keys)",
    }
    within = [
        ("first paint, 20,000 items", "0.64 s", "", "", ""),
        (
            "keystroke from 1 s after the first paint, 20,000",
            "12 ms median, p95 26 ms (max 900 ms, 100 keys)",
            "",
            "",
            "",
        ),
    ]
    assert speed_table.regressions(within, recorded) == []
    slower = [
        ("first paint, 20,000 items", "0.66 s", "", "", ""),
        (
            "keystroke from 1 s after the first paint, 20,000",
            "10 ms median, p95 27 ms (max 50 ms, 100 keys)",
            "",
            "",
            "",
        ),
    ]
    first, p95 = speed_table.regressions(slower, recorded)
    assert first.startswith("first paint, 20,000 items: 0.66 s now, 0.5 s in the README (+32%")
    assert p95.startswith("keystroke from 1 s after the first paint, 20,000: 27 ms now, 20 ms")
    assert speed_table.regressions([("new row", "1 s", "", "", "")], recorded) == [
        "new row: not in the README table; add it"
    ]


def test_each_target_of_the_issue_can_be_missed() -> None:
    assert speed_table.missed([_size()]) == []
    assert speed_table.missed([_size(memory=170.0)]) == ["peak RSS, 20,000: < 160 MiB"]
    assert speed_table.missed([_size(answer=0.6)]) == ["a Down pressed at the first paint answered, 20,000: <= 0.5 s"]
    assert speed_table.missed([_size(paint=0.5)]) == ["first paint, 20,000: >= 9x faster than vit"]
    slow_keys = speed_table.missed([_size(keys_1s=[25.0] * 18 + [50.0, 50.0])])
    assert slow_keys == [
        "keystroke from 1 s after the first paint, 20,000: median <= vit's",
        "keystroke from 1 s after the first paint, 20,000: p95 <= 2x vit's",
    ]
    assert speed_table.missed([_size(form=[140.0, 150.0, 160.0])]) == ["edit form open, 20,000: median < 150 ms"]
    assert speed_table.missed([_size(switch=[40.0, 60.0])]) == ["screen switch, 20,000: median < 50 ms"]
    assert speed_table.missed([{**_size(), "list": 0.6}]) == [
        "list everything, whole process, 20,000: <= half of `task list`"
    ]
    assert speed_table.missed([{**_size(2000), "list": 1.1}]) == [
        "list everything, whole process, 2,000: <= `task list`"
    ]
    assert speed_table.missed([{**_size(), "set": 0.3}]) == ["change one item, whole process, 20,000: < `task modify`"]


def test_targets_against_vit_are_not_measured_without_it() -> None:
    alone = {**_size(keys_1s=[99.0]), "vit": None, "task_list": None, "task_modify": None}
    assert speed_table.missed([alone]) == []
    rows = {row[0]: row for row in speed_table.rows(alone)}
    assert rows["keystroke from 1 s after the first paint, 20,000"][2:] == (
        "not measured",
        "median <= vit's; p95 <= 2x vit's",
        "not measured; not measured",
    )
    assert rows["peak RSS, 20,000 items"][3:] == ("< 160 MiB", "met")


def test_the_table_has_every_row_and_says_what_is_missed() -> None:
    text = speed_table.table([_size(2000), _size(memory=200.0)])
    lines = text.splitlines()
    assert lines[0] == speed_table.HEADER and len(lines) == 2 + 2 * 10
    assert "| peak RSS, 20,000 items | 200 MiB | vit 99 MiB | < 160 MiB | **missed** |" in lines
    assert (
        "| screen switch, 20,000 | 42 ms median, p95 300 ms (max 300 ms, 4 switches) | not measured | median < 50 ms | met |"
        in lines
    )
    assert "| first paint, 20,000 items | 0.30 s | vit 4.00 s (13x ducu's) | >= 9x faster than vit | met |" in lines


def test_a_key_is_answered_when_the_cursor_row_moves_or_changes() -> None:
    ducu = re.compile(r"[\[;]48;5;32m")
    top = "\x1b[48;5;233m header\n\x1b[38;5;195m\x1b[48;5;32m Cloud move\n\x1b[48;5;234m Globex\n"
    moved = "\x1b[48;5;233m header\n\x1b[48;5;233m Cloud move\n\x1b[0;48;5;32m Globex\n"
    paged = "\x1b[48;5;233m header\n\x1b[38;5;195m\x1b[48;5;32m Initech\n\x1b[48;5;234m Globex\n"
    assert tmux_speed.cursor_row(top, ducu) == (1, " Cloud move")
    assert tmux_speed.cursor_row(moved, ducu) == (2, " Globex")
    assert tmux_speed.cursor_row(paged, ducu) == (1, " Initech")
    assert tmux_speed.cursor_row("\x1b[48;5;232m no cursor\n", ducu) is None


def test_growth_factors_say_how_cost_grows() -> None:
    assert growth.factor(1.0, 10.0, 2000, 20000) == "x10.0 (n^1.00)"
    assert growth.factor(1.0, 2.0, 20000, 100000) == "x2.0 (n^0.43)"
    assert growth.factor(None, 2.0, 20000, 100000) == ""


def test_the_readme_has_the_table_the_check_reads() -> None:
    rows = speed_table.readme_rows(ROOT / "README.md")
    names = [row[0] for size in (2000, 20000) for row in speed_table.rows(_size(size))]
    assert set(names) <= set(rows)
    for op in names:
        assert speed_table.numbers(rows[op]), f"README row {op!r} has no number the check can read"


def test_the_rested_switch_has_a_row_of_its_own_when_measured() -> None:
    def switch_rows(size: dict) -> list[tuple[str, str, str, str, str]]:
        return [r for r in speed_table.rows(size) if r[0].startswith("screen switch")]

    assert [r[0] for r in switch_rows(_size())] == ["screen switch, 20,000"]
    rested = switch_rows(_size(rested=[40.0, 45.0, 60.0]))
    assert [r[0] for r in rested] == [
        "screen switch, 20,000",
        f"screen switch after a rest of {speed_table.REST} s, 20,000",
    ]
    assert rested[1][1].startswith("45 ms median")
    assert rested[1][3] == ""  # the target is the screen switch's, judged on switches without a rest
