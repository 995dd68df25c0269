"""Incentives evaluated from the data (views.incentives), their rules (INC001, INC002) and their outcomes written
in one commit (edit.evaluations.record_incentives)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from tests.helpers.workspace import write_ws
from workspace_schema.core import records as R
from workspace_schema.edit.evaluations import record_incentives
from workspace_schema.edit.values import EditRejected
from workspace_schema.git.commit import commit_changes
from workspace_schema.load.loader import load_workspace
from workspace_schema.rules import check
from workspace_schema.views.incentives import incentive_rows

TODAY = dt.date(2026, 11, 27)

PROJECT = """\
[project]
title = "P"
client = "acme"
owner = "alice"

[milestones.early]
title = "done before its baseline"
owner = "bob"
status = "done"
due = 2026-11-12
baseline_due = 2026-11-12
done_on = 2026-11-10
incentive = { condition = "by_baseline", reward = "a discount" }

[milestones.late]
title = "done after its baseline"
status = "done"
due = 2026-11-15
baseline_due = 2026-11-12
done_on = 2026-11-15
incentive = { condition = "by_baseline" }

[milestones.past]
title = "open past its baseline"
status = "waiting"
due = 2026-12-01
baseline_due = 2026-11-20
incentive = { condition = "by_baseline" }

[milestones.forecast]
title = "due after its baseline"
status = "doing"
due = 2026-12-05
baseline_due = 2026-12-01
incentive = { condition = "by_baseline" }

[milestones.ahead]
title = "by a date, on track"
status = "todo"
due = 2026-12-08
incentive = { condition = "by_date", by = 2026-12-10 }

[milestones.signed]
title = "accepted within accept_within"
status = "done"
due = 2026-11-10
done_on = 2026-11-10
accepted_by = "bob"
accepted_on = 2026-11-15
incentive = { condition = "accepted" }

[milestones.unsigned]
title = "never accepted"
status = "done"
due = 2026-11-01
done_on = 2026-11-01
incentive = { condition = "accepted" }

[milestones.surveyed]
title = "the next survey decides"
status = "done"
due = 2026-11-05
done_on = 2026-11-05
incentive = { condition = "survey_score", min_score = 4 }

[milestones.words]
title = "prose"
status = "todo"
due = 2026-12-20
incentive = "a dinner"

[milestones.gone]
title = "dropped"
status = "dropped"
due = 2026-11-20
incentive = { condition = "by_date", by = 2026-11-30 }
"""

SURVEYS = {
    "surveys/2026-11-01-p.toml": '[survey]\nproject = "p"\nanswered_on = 2026-11-01\nschedule = 1\n',
    "surveys/2026-11-06-p.toml": '[survey]\nproject = "p"\nanswered_on = 2026-11-06\nschedule = 4\nquality = 5\n'
    "communication = 4\nsupport = 4\n",
}


def test_each_condition_evaluates_to_its_state_and_deadline(tmp_path: Path) -> None:
    ws, _ = load_workspace(write_ws(tmp_path, {"projects/p.toml": PROJECT, **SURVEYS}))
    rows = {r.milestone_id: r for r in incentive_rows(ws, TODAY)}
    got = {mid: (r.state, r.deadline) for mid, r in rows.items()}
    assert got == {
        "early": ("earned", dt.date(2026, 11, 12)),
        "late": ("missed", dt.date(2026, 11, 12)),
        "past": ("missed", dt.date(2026, 11, 20)),  # open after its date: it can no longer be earned
        "forecast": ("at_risk", dt.date(2026, 12, 1)),
        "ahead": ("pending", dt.date(2026, 12, 10)),
        "signed": ("earned", dt.date(2026, 11, 24)),  # done_on + accept_within (14)
        "unsigned": ("missed", dt.date(2026, 11, 15)),
        "surveyed": ("earned", dt.date(2026, 11, 6)),  # the first survey on or after done_on: mean 4.25
        "words": ("not_evaluable", None),
        "gone": ("missed", dt.date(2026, 11, 30)),
    }
    assert rows["early"].reward == "a discount" and rows["words"].reward == "a dinner"
    assert rows["surveyed"].why == "survey of 2026-11-06: mean 4.2, needs 4"
    assert {r.milestone_id for r in rows.values() if r.to_write} == {
        "early",
        "late",
        "past",
        "signed",
        "unsigned",
        "surveyed",
        "gone",
    }


def test_no_survey_yet_is_pending_and_a_low_one_misses(tmp_path: Path) -> None:
    ws, _ = load_workspace(write_ws(tmp_path, {"projects/p.toml": PROJECT}))
    assert {r.milestone_id: r.state for r in incentive_rows(ws, TODAY)}["surveyed"] == "pending"
    low = '[survey]\nproject = "p"\nanswered_on = 2026-11-05\nschedule = 3\nquality = 4\n'
    ws, _ = load_workspace(write_ws(tmp_path, {"surveys/2026-11-05-p.toml": low}))
    assert {r.milestone_id: r.state for r in incentive_rows(ws, TODAY)}["surveyed"] == "missed"


def test_accept_within_zero_takes_any_acceptance(tmp_path: Path) -> None:
    settings = '[workspace]\nname = "T"\ntimezone = "Asia/Shanghai"\nteam = "us"\naccept_within = 0\n'
    ws, _ = load_workspace(write_ws(tmp_path, {"workspace.toml": settings, "projects/p.toml": PROJECT}))
    rows = {r.milestone_id: r for r in incentive_rows(ws, TODAY)}
    assert (rows["unsigned"].state, rows["unsigned"].deadline) == ("pending", None)
    assert rows["signed"].state == "earned"


def test_rules_warn_about_the_incentives_near_their_date_and_the_prose_one(tmp_path: Path) -> None:
    ws, _ = load_workspace(write_ws(tmp_path, {"projects/p.toml": PROJECT, **SURVEYS}))
    found = [(f.code, f.item, f.line) for f in check(ws, TODAY) if f.code.startswith("INC")]
    assert found == [
        ("INC001", "p/past", 28),  # 7 days past its baseline, still open
        ("INC001", "p/forecast", 35),  # its baseline in 4 days, its due after it
        ("INC001", "p/unsigned", 57),  # done 2026-11-01, not accepted within 14 days
        ("INC002", "p/words", 70),
    ]
    message = next(f.message for f in check(ws, TODAY) if f.item == "p/forecast" and f.code == "INC001")
    assert "is to be done by its baseline_due 2026-12-01 (in 4 days); its due is 2026-12-05" in message
    past = next(f.message for f in check(ws, TODAY) if f.item == "p/past" and f.code == "INC001")
    assert "was to be done by its baseline_due 2026-11-20 (7 days ago); its due is 2026-12-01" in past
    unsigned = next(f.message for f in check(ws, TODAY) if f.item == "p/unsigned" and f.code == "INC001")
    assert "was to be accepted by 2026-11-15 (12 days ago)" in unsigned


NESTED = """\
[project]
title = "P"
client = "acme"

[milestones.early]   # the first
title = "done before its baseline"
status = "done"
baseline_due = 2026-11-12
done_on = 2026-11-10

[milestones.early.incentive]    # evaluated by ducu
condition = "by_baseline"
reward   = "a discount"

[milestones.open]
title = "still open"
baseline_due = 2026-12-12
incentive = { condition = "by_baseline" }

[milestones.gone]
title = "dropped"
status = "dropped"
incentive = { condition = "by_date", by = 2026-11-30, reward = "x" }
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def test_record_incentives_writes_the_final_ones_in_one_commit_keeping_the_layout(
    tmp_path: Path, git_identity: dict[str, str]
) -> None:
    root = write_ws(tmp_path, {"projects/p.toml": NESTED})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "start")
    ws, _ = load_workspace(root)
    final = [(r.ref, r.state == "earned") for r in incentive_rows(ws, TODAY) if r.to_write]
    assert final == [("p/early", True), ("p/gone", False)]
    changes = record_incentives(ws, final, TODAY)
    commit_changes(root, changes)
    assert (root / "projects/p.toml").read_text() == NESTED.replace(
        'reward   = "a discount"\n', 'reward   = "a discount"\nevaluated_on = 2026-11-27\nearned = true\n'
    ).replace(
        'by = 2026-11-30, reward = "x" }', 'by = 2026-11-30, reward = "x", evaluated_on = 2026-11-27, earned = false }'
    )
    assert git(root, "rev-list", "--count", "HEAD").strip() == "2"
    body = git(root, "log", "-1", "--format=%B")
    assert "Ducu-Item: p/early" in body and "Ducu-Item: p/gone" in body and "Ducu-Field: incentive.earned" in body
    assert git(root, "status", "--porcelain") == ""
    again = load_workspace(root)[0]
    assert [r.ref for r in incentive_rows(again, TODAY) if r.to_write] == []
    early = again.projects["p"].milestones["early"].incentive
    assert isinstance(early, R.Incentive) and (early.evaluated_on, early.earned) == (TODAY, True)


def test_record_incentives_refuses_a_milestone_without_a_table(tmp_path: Path) -> None:
    ws, _ = load_workspace(write_ws(tmp_path, {"projects/p.toml": PROJECT}))
    before = (tmp_path / "projects/p.toml").read_bytes()
    with pytest.raises(EditRejected, match="not a milestone with an \\[incentive\\] table"):
        record_incentives(ws, [("p/early", True), ("p/words", True)], TODAY)
    assert (tmp_path / "projects/p.toml").read_bytes() == before
