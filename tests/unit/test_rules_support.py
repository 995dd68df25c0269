"""SUP001-SUP004 (support targets, trainings, bad values) and FUP001 (a missed follow-up)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.helpers.workspace import SAMPLE, copy_sample
from workspace_schema.core.findings import Finding
from workspace_schema.load.loader import load_workspace
from workspace_schema.rules import check

TODAY = dt.date(2026, 11, 27)  # a Friday
PROJECT = "projects/greenleaf-intranet.toml"
CODES = ("SUP001", "SUP002", "SUP003", "SUP004", "FUP001")


def findings(root: Path, today: dt.date = TODAY) -> list[Finding]:
    ws, _ = load_workspace(root)
    return [f for f in check(ws, today) if f.code in CODES]


def edit(root: Path, old: str, new: str, file: str = PROJECT) -> None:
    path = root / file
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), "utf-8")


def line_of(root: Path, text: str, file: str = PROJECT) -> int:
    return next(n for n, line in enumerate((root / file).read_text("utf-8").splitlines(), 1) if text in line)


def test_the_sample_meets_its_targets_and_trainings_have_feedback() -> None:
    assert findings(SAMPLE) == []


def test_an_open_request_past_its_response_target_and_one_due_today(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    edit(root, "opened = 2026-11-26T14:05:00\nresponded = 2026-11-26T16:30:00\n", "opened = 2026-11-26T14:05:00\n")
    got = findings(root)  # medium: respond within 8 working hours -> due Friday 13:05
    assert [(f.code, f.item, f.line) for f in got] == [
        ("SUP001", "greenleaf-intranet/sso-login-loop-d6tb", line_of(root, "opened = 2026-11-26T14:05:00"))
    ]
    assert "is due by 13:05 today" in got[0].message
    assert "ducu support respond greenleaf-intranet/sso-login-loop-d6tb" in got[0].message
    later = findings(root, dt.date(2026, 11, 30))
    assert "was due by 2026-11-27 13:05" in later[0].message
    assert findings(root, dt.date(2026, 11, 26)) == []  # 14:05 -> 18:00 is under 8 hours


def test_an_unresolved_request_past_its_resolution_target(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    edit(root, 'severity = "medium"', 'severity = "critical"')  # resolve within 8: due Friday 13:05
    assert [f.code for f in findings(root)] == ["SUP002"]
    edit(root, "opened = 2026-11-26T14:05:00\n", "opened = 2026-11-26T14:05:00\nresolve_within = 60\n")
    assert findings(root) == []  # the request's own target wins


def test_trainings_without_feedback_or_left_planned(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    edit(root, "feedback = 4.6\n", "")
    edit(
        root,
        'on = 2026-11-12\nmode = "on-site"\nstatus = "held"',
        'on = 2026-11-12\nmode = "on-site"\nstatus = "planned"',
    )
    got = sorted((f.code, f.item, f.message.split(";")[0]) for f in findings(root))
    assert got == [
        (
            "SUP003",
            "greenleaf-intranet/editor-training-1-q8rn",
            "training `editor-training-1-q8rn` was planned for 2026-11-12 (15 days ago) and is still planned",
        ),
        (
            "SUP003",
            "greenleaf-intranet/editor-training-2-w4kd",
            "training `editor-training-2-w4kd` was held on 2026-11-26 and has no feedback score",
        ),
    ]


def test_bad_values_are_errors_at_their_line(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    edit(root, "feedback = 4.2", "feedback = 42")
    edit(root, "responded = 2026-11-23T10:40:00", "responded = 2026-11-22T10:40:00")
    edit(root, "max_accountable = 8", "max_accountable = 8\nwork_starts = 18\nwork_ends = 9", "workspace.toml")
    got = [(f.level, f.code, f.file, f.line) for f in findings(root)]
    assert got == [
        ("error", "SUP004", PROJECT, line_of(root, "feedback = 42")),
        ("error", "SUP004", PROJECT, line_of(root, "responded = 2026-11-22T10:40:00")),
        ("error", "SUP004", "workspace.toml", line_of(root, "work_ends = 9", "workspace.toml")),
    ]
    messages = " | ".join(f.message for f in findings(root))
    assert "from 1 (poor) to 5 (excellent)" in messages
    assert "before it was opened (2026-11-23 09:15); correct one of them" in messages


def test_a_missed_follow_up_counts_from_the_last_follow_up_else_done_on(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    edit(
        root,
        'status = "active"\nstart = 2026-08-03',
        'status = "done"\ndone_on = 2026-11-10\nfollow_up_every = 14\nstart = 2026-08-03',
    )
    got = [f for f in findings(root) if f.code == "FUP001"]
    assert [(f.item, f.line) for f in got] == [("greenleaf-intranet", line_of(root, "follow_up_every = 14"))]
    assert "handed over on 2026-11-10 and has had no follow-up (17 days ago, follow-up every 14 days)" in got[0].message
    edit(
        root,
        "# --- Communication log ----------------------------------------------------------------\n",
        '[log.follow-up-x1]\non = 2026-11-20\nkind = "follow-up"\nsummary = "Visited the clinics"\n\n',
    )
    assert [f for f in findings(root) if f.code == "FUP001"] == []
    assert [f.item for f in findings(root, dt.date(2026, 12, 5)) if f.code == "FUP001"] == ["greenleaf-intranet"]
