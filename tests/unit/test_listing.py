"""`ducu list`: filters, aligned text (wide characters count double), CSV and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.workspace import REPO, SAMPLE, write_ws
from tui.cli import main
from workspace_schema.load.loader import load_workspace
from workspace_schema.views import listing

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def sample():
    ws, _ = load_workspace(SAMPLE, cache=False)
    return ws


def test_rows_and_filters(sample) -> None:
    everything = listing.rows(sample, TODAY)
    assert len(everything) == 56  # 28 milestones + 28 tasks, done ones included
    assert list(everything[0]) == list(listing.COLUMNS)
    assert everything[0]["project"] == "acme-crm" and everything[0]["kind"] == "milestone"
    late = listing.rows(sample, TODAY, overdue=True)
    assert [(r["project"], r["id"], r["days_late"]) for r in late] == [
        ("acme-crm", "dedupe-rules-j5sp", 3),
        ("huamei-miniapp", "门店数据迁移-7k2m", 3),
        ("huamei-miniapp", "weixin-renzheng-4npz", 4),
    ]
    client = listing.rows(sample, TODAY, side="client")
    assert all(r["side"] == "client" or r["owner"] in ("bkim", "dgreen", "wangwei", "lina", "priya") for r in client)
    assert {r["id"] for r in listing.rows(sample, TODAY, project="acme-crm", side="client")} == {
        "data-export-k3f9",
        "graph-consent-m8vf",
        "pilot-users-h4dx",
    }
    assert {r["id"] for r in listing.rows(sample, TODAY, owner="wangwei")} == {
        "weixin-renzheng-4npz",
        "huiyuan-quanyi-c9rt",
    }
    assert listing.rows(sample, TODAY, owner="raj", overdue=True) == []
    team = listing.rows(sample, TODAY, side="team")
    assert team and all(r["side"] == "team" for r in team)
    done = [r for r in everything if r["status"] == "done"]
    assert all(r["days_late"] is None for r in done)  # done items are never late
    with pytest.raises(ValueError):
        listing.rows(sample, TODAY, side="theirs")
    with pytest.raises(KeyError):
        listing.rows(sample, TODAY, project="nope")


def test_text_is_aligned_for_wide_characters(sample) -> None:
    text = listing.to_text(listing.rows(sample, TODAY, project="huamei-miniapp"))
    lines = text.splitlines()
    assert lines[0].split() == ["project", "id", "kind", "status", "side", "owner", "due", "days", "late", "title"]
    # the title column starts at the same terminal cell on every line
    starts = {
        listing.width(line[: line.index(title)])
        for line, title in zip(lines[1:], [r["title"] for r in listing.rows(sample, TODAY, project="huamei-miniapp")])
    }
    assert len(starts) == 1
    assert listing.width("门店数据迁移-7k2m") == 17 and listing.width("abc") == 3 and listing.width("é") == 1


def test_control_characters_are_not_written_to_the_terminal(tmp_path: Path) -> None:
    write_ws(
        tmp_path,
        {
            "projects/p.toml": """\
        [project]
        title = "P"

        [tasks.t1]
        title = "evil \\u001b[2J\\u001b]0;pwned\\u0007 title"
        """
        },
    )
    ws, _ = load_workspace(tmp_path, cache=False)
    text = listing.to_text(listing.rows(ws, TODAY))
    assert "\x1b" not in text and "\x07" not in text and "evil  [2J ]0;pwned  title" in text


def test_csv_and_json(sample) -> None:
    found = listing.rows(sample, TODAY, overdue=True)
    table = list(csv.DictReader(io.StringIO(listing.to_csv(found))))
    assert [r["id"] for r in table] == ["dedupe-rules-j5sp", "门店数据迁移-7k2m", "weixin-renzheng-4npz"]
    assert table[0]["due"] == "2026-11-24" and table[0]["days_late"] == "3" and table[0]["done_on"] == ""
    assert list(table[0]) == list(listing.COLUMNS)
    data = json.loads(listing.to_json(found))
    assert data[2] == {
        "project": "huamei-miniapp",
        "id": "weixin-renzheng-4npz",
        "kind": "milestone",
        "title": "华美提交微信小程序认证与类目审核材料",
        "side": "client",
        "owner": "wangwei",
        "status": "waiting",
        "start": "2026-11-09",
        "due": "2026-11-23",
        "baseline_due": "2026-11-23",
        "done_on": None,
        "days_late": 4,
        "client": "huamei",
    }
    tricky = [{**found[0], "title": 'comma, "quote"\nnewline'}]
    assert next(csv.DictReader(io.StringIO(listing.to_csv(tricky))))["title"] == 'comma, "quote"\nnewline'


def test_cli_list(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    assert main(["list", "--overdue", "-w", str(SAMPLE)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 4 and out[1].startswith("acme-crm        dedupe-rules-j5sp")
    assert main(["list", "--side", "client", "--format", "csv", "-w", str(SAMPLE)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["client"] for r in rows} == {"acme", "huamei", "greenleaf"}
    assert main(["list", "--owner", "mei", "--format", "json", "-w", str(SAMPLE)]) == 0
    assert {r["owner"] for r in json.loads(capsys.readouterr().out)} == {"mei"}
    assert main(["list", "--owner", "nobody", "-w", str(SAMPLE)]) == 1
    assert main(["list", "--project", "nope", "-w", str(SAMPLE)]) == 1


def test_list_does_not_load_textual_or_the_rules() -> None:
    code = (
        "import sys; from tui.cli import main\n"
        f"main(['list', '-w', {str(SAMPLE)!r}, '--format', 'csv'])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('workspace_schema.rules')]\n"
        "print('LOADED', ','.join(bad), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert proc.stderr.strip().splitlines()[-1] == "LOADED"


def test_text_names_people_and_csv_json_keep_handles(capsys) -> None:
    assert main(["list", "--owner", "lina", "-w", str(SAMPLE)]) == 0
    text = capsys.readouterr().out
    assert "李娜" in text and " lina " not in text
    assert main(["list", "--owner", "lina", "--format", "csv", "-w", str(SAMPLE)]) == 0
    assert ",lina," in capsys.readouterr().out


def _plain_text(found: list[dict[str, object]], columns: tuple[str, ...]) -> str:
    """to_text written the obvious way, cell by cell: what the fast one must print."""
    from workspace_schema.core.text_safety import scrub

    def cell(value: object) -> str:
        text = "" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)
        return scrub(text)

    table = [[c.replace("_", " ") for c in columns]] + [[cell(row[c]) for c in columns] for row in found]
    widths = [max(listing.width(line[i]) for line in table) for i in range(len(columns))]
    return "".join(
        "  ".join([t + " " * (widths[i] - listing.width(t)) for i, t in enumerate(line[:-1])] + [line[-1]]).rstrip()
        + "\n"
        for line in table
    )


_CELL_TEXT = st.text(st.sampled_from("ab -_.xyZ9\t\x1b\u00a0\u3000中文字é\u0301\u200b\u200dＡｂ😀"), max_size=8)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "a": _CELL_TEXT,
                "b": st.one_of(st.none(), _CELL_TEXT),
                "n": st.one_of(st.none(), st.integers(-5, 500)),
                "due": st.one_of(st.none(), st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31))),
                "title": _CELL_TEXT,
            }
        ),
        max_size=12,
    )
)
def test_text_is_what_cell_by_cell_padding_makes(found: list[dict[str, object]]) -> None:
    columns = ("a", "b", "n", "due", "title")
    assert listing.to_text(found, columns) == _plain_text(found, columns)


@pytest.mark.parametrize(
    "filters",
    [{}, {"overdue": True}, {"side": "client"}, {"side": "team"}, {"owner": "lina"}, {"owner": "nobody"}],
)
def test_the_text_output_is_to_text_of_the_rows_with_names(filters: dict[str, object]) -> None:
    """output() makes text without row dicts: the same text as the rows, owners named, through to_text."""
    ws, _ = load_workspace(SAMPLE)
    today = dt.date(2026, 11, 27)
    found = listing.rows(ws, today, **filters)  # type: ignore[arg-type]
    for row in found:
        row["owner"] = ws.people[row["owner"]].name or row["owner"] if row["owner"] in ws.people else row["owner"]
    assert listing.output(ws, today, **filters) == listing.to_text(found)  # type: ignore[arg-type]
