"""The review agenda: which items, in which order, and why, from workspaces on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.helpers.workspace import SAMPLE, write_ws
from workspace_schema.load.loader import load_workspace
from workspace_schema.review import agenda, agenda_item
from workspace_schema.rules import check
from workspace_schema.views import goals

TODAY = dt.date(2026, 11, 27)  # a Friday

PROJECT = """\
[project]
title = "CRM rollout"
client = "acme"
owner = "alice"
status = "active"
start = 2026-10-01
due = 2027-06-30
check_in_every = 7

[goals.g-behind]
title = "Contacts migrated"
unit = "contacts"
start_value = 0
target = 100
current = 10
due = 2026-12-31

[goals.g-fine]
title = "Reps active"
start_value = 0
target = 100
current = 70
due = 2026-12-31

[milestones.m-late]
title = "Sandbox configured"
owner = "alice"
status = "doing"
due = 2026-11-22

[milestones.m-client]
title = "Acme sends the export"
side = "client"
owner = "bob"
status = "waiting"
start = 2026-11-18
due = 2026-11-25

[milestones.m-soon]
title = "Outlook sync"
owner = "alice"
status = "doing"
due = 2026-12-04

[milestones.m-wait]
title = "Acme names the pilot reps"
side = "client"
owner = "bob"
status = "todo"
start = 2026-11-10
due = 2027-01-20

[milestones.m-future]
title = "Acme signs the pilot"
side = "client"
owner = "bob"
start = 2026-12-10
due = 2027-01-30

[milestones.m-done]
title = "Requirements"
status = "done"
due = 2026-10-20
done_on = 2026-10-19

[tasks.late-action]
title = "Call Acme IT"
owner = "alice"
status = "todo"
due = 2026-11-20

[tasks.closed-action]
title = "Send the minutes"
owner = "alice"
status = "done"
due = 2026-11-14

[tasks.fresh-action]
title = "Book the training room"
owner = "alice"
status = "todo"
due = 2027-02-01

[tasks.old-action]
title = "Ask for a read-only account"
owner = "alice"
status = "doing"

[risks.r-trig]
title = "DBA away"
probability = 2
impact = 3
owner = "alice"
status = "triggered"
triggered_on = 2026-11-18

[risks.r-trig.steps.1]
text = "Agree a new date"
owner = "alice"
done = true

[risks.r-trig.steps.2]
text = "Get a read-only account"
owner = "alice"
done = false

[risks.r-high]
title = "Holiday freeze"
probability = 4
impact = 4
owner = "alice"
status = "watching"

[risks.r-drill]
title = "Office flood"
probability = 1
impact = 1
status = "watching"
drill_every = 30
last_drill = 2026-10-01

[risks.r-closed]
title = "Old worry"
probability = 5
impact = 5
status = "closed"

[changes.c-proposed]
summary = "Outlook sync a week later"
requested_by = "bob"
requested_on = 2026-11-24
status = "proposed"
moves = { m-soon = 2026-12-11 }

[changes.c-approved]
summary = "Done deal"
status = "approved"
moves = { m-late = 2026-11-22 }

[log.nudge-1]
on = 2026-11-19
by = "alice"
with = ["bob"]
kind = "nudge"
items = ["m-client"]
summary = "Reminded Bob"

[log.nudge-future]
on = 2026-12-01
kind = "nudge"
items = ["m-wait"]
summary = "Dated after today: ignored"
"""

OLD_REVIEW = """\
[review]
project = "crm"
held_on = 2026-11-06
actions = ["old-action"]
"""

LAST_REVIEW = """\
[review]
project = "crm"
held_on = 2026-11-13
actions = ["late-action", "closed-action", "fresh-action"]
"""

DONE_PROJECT = """\
[project]
title = "Finished work"
client = "acme"
owner = "alice"
status = "done"

[milestones.left-over]
title = "Never closed"
owner = "alice"
due = 2026-11-01
"""


@pytest.fixture
def ws(tmp_path: Path):
    write_ws(
        tmp_path,
        {
            "projects/crm.toml": PROJECT,
            "projects/finished.toml": DONE_PROJECT,
            "reviews/2026-11-06-crm.toml": OLD_REVIEW,
            "reviews/2026-11-13-crm.toml": LAST_REVIEW,
        },
    )
    ws, findings = load_workspace(tmp_path, cache=False)
    assert findings == []
    return ws


def test_items_and_their_order(ws) -> None:
    items = agenda.build(ws, TODAY, "crm")
    assert [(i.kind, i.ref) for i in items] == [
        ("check-in", "crm"),
        ("overdue", "crm/late-action"),  # 7 days late: most late first
        ("overdue", "crm/m-late"),
        ("overdue", "crm/m-client"),
        ("due-soon", "crm/m-soon"),
        ("waiting", "crm/m-wait"),
        ("risk", "crm/r-trig"),  # triggered before high scores
        ("risk", "crm/r-high"),
        ("drill", "crm/r-drill"),
        ("change", "crm/c-proposed"),
        ("goal", "crm/g-behind"),
        ("action", "crm/old-action"),  # carried over from the review of 11-06, two reviews ago
        ("action", "crm/fresh-action"),
    ]


def test_why_in_plain_words(ws) -> None:
    why = {i.ref: i.why for i in agenda.build(ws, TODAY, "crm")}
    assert why["crm"] == "last check-in 2026-11-13, 14 days ago (every 7 days)"
    assert why["crm/m-late"] == "5 days late"
    assert why["crm/m-client"] == "2 days late; waiting on Acme for 9 days, last nudged 11-19"
    assert why["crm/late-action"] == "7 days late; open action from the review of 11-13"
    assert why["crm/m-soon"] == "due in 7 days (12-04)"
    # a nudge dated after today does not count; a due in another year is written in full
    assert why["crm/m-wait"] == "waiting on Acme for 17 days, never nudged; due 2027-01-20"
    assert why["crm/r-trig"] == "triggered 2026-11-18, 1 of 2 steps done"
    assert why["crm/r-high"] == "high risk: score 16 (4 x 4), watching"
    assert why["crm/r-drill"] == "drill overdue by 27 days"
    assert why["crm/c-proposed"] == "requested by Bob on 11-24: moves m-soon 2026-12-04 → 2026-12-11 (+7 days)"
    assert why["crm/g-behind"] == (
        "10% of the way (10 of 100 contacts); a straight line from 2026-10-01 to its due 2026-12-31 would be at 63%"
    )
    assert why["crm/old-action"] == "open action from the review of 11-06 (doing)"
    assert why["crm/fresh-action"] == "open action from the review of 11-13 (todo), due 2027-02-01"


def test_open_actions_are_carried_over_never_dropped(ws) -> None:
    items = {i.ref: i for i in agenda.build(ws, TODAY, "crm")}
    # listed in an earlier section: keeps its place, says where it comes from
    assert items["crm/late-action"].kind == "overdue"
    assert items["crm/late-action"].carried_from == "2026-11-13-crm"
    assert items["crm/late-action"].why.endswith("; open action from the review of 11-13")
    # not listed elsewhere: in the action section, from the review that created it
    assert items["crm/old-action"].carried_from == "2026-11-06-crm"
    assert items["crm/fresh-action"].carried_from == "2026-11-13-crm"
    # done actions are not carried
    assert "crm/closed-action" not in items
    # each item once
    refs = [i.ref for i in agenda.build(ws, TODAY, "crm")]
    assert len(refs) == len(set(refs))


def test_what_is_left_out(ws) -> None:
    refs = {i.ref for i in agenda.build(ws, TODAY, "crm")}
    assert "crm/m-future" not in refs  # client's, but not started: not waiting yet
    assert "crm/m-done" not in refs
    assert "crm/r-closed" not in refs
    assert "crm/c-approved" not in refs
    assert "crm/g-fine" not in refs  # 70% where the straight line is at 63%


def test_actions_that_apply(ws) -> None:
    items = {i.ref: i for i in agenda.build(ws, TODAY, "crm")}
    assert items["crm/m-late"].actions == ("done", "moved", "reassigned", "noted", "action", "skipped")
    assert items["crm/fresh-action"].actions == items["crm/m-late"].actions
    assert items["crm/r-high"].actions == ("noted", "action", "skipped")
    assert items["crm/r-drill"].actions == ("done", "noted", "action", "skipped")  # done: the drill was held
    assert items["crm/c-proposed"].actions == ("noted", "action", "skipped")
    assert items["crm"].actions == ("noted", "skipped")
    assert set(agenda_item.ACTION_LABELS) == {"done", "moved", "reassigned", "noted", "action", "skipped"}


def test_whole_workspace_runs_sections_across_projects_and_skips_done_projects(ws) -> None:
    items = agenda.build(ws, TODAY)
    assert all(i.project == "crm" for i in items)  # the done project's late milestone is not on it
    asked = agenda.build(ws, TODAY, "finished")  # unless asked for by name
    assert [(i.kind, i.ref) for i in asked] == [("overdue", "finished/left-over")]
    with pytest.raises(KeyError):
        agenda.build(ws, TODAY, "nope")


def test_findings_are_attached_to_their_item(ws) -> None:
    findings = check(ws, TODAY)
    items = {i.ref: i for i in agenda.build(ws, TODAY, "crm", findings)}
    assert any(f.startswith("RISK002 ") for f in items["crm/r-drill"].findings)
    assert any(f.startswith("CAD001 ") for f in items["crm"].findings)


def test_sample_workspace_agendas() -> None:
    ws, _ = load_workspace(SAMPLE, cache=False)
    acme = agenda.build(ws, TODAY, "acme-crm")
    assert [(i.kind, i.item) for i in acme] == [
        ("overdue", "dedupe-rules-j5sp"),
        ("due-soon", "readonly-account-w3nr"),
        ("due-soon", "import-script-x2m1"),
        ("due-soon", "data-export-k3f9"),
        ("risk", "export-owner-away-r5tb"),
        ("risk", "holiday-freeze-p7q2"),
        ("goal", "contacts-migrated-7m2k"),
        ("goal", "reps-active-q4hn"),
        ("improvement", "freeze-banner-k5vq"),  # the register's open ones are on every agenda
    ]
    assert acme[1].carried_from == "2026-11-20-acme-crm"  # the action of the 11-20 review, still open
    assert acme[3].why == (  # its incentive is at stake (due after its baseline): said on its own item
        "due in 2 weeks (12-11); waiting on Acme Logistics for 11 days, never nudged; "
        "incentive (Go-live support hours doubled) needs it by 12-04: at risk"
    )
    huamei = {i.item: i for i in agenda.build(ws, TODAY, "huamei-miniapp")}
    assert huamei["weixin-renzheng-4npz"].why == "4 days late; waiting on 华美百货 for 18 days, last nudged 11-19"
    assert huamei["门店数据迁移-7k2m"].why == "3 days late; waiting on 华美百货 for 25 days, last nudged 11-26"
    assert huamei["shuju-yanqi-5tgm"].kind == "change"
    assert huamei["fenpi-daochu-b2kt"].carried_from == "2026-11-24-huamei-miniapp"


def test_previous_review(ws) -> None:
    rid, review = agenda.previous_review(ws, "crm", TODAY)
    assert rid == "2026-11-13-crm" and review.held_on == dt.date(2026, 11, 13)
    assert agenda.previous_review(ws, "crm", dt.date(2026, 11, 10))[0] == "2026-11-06-crm"
    assert agenda.previous_review(ws, "finished", TODAY) is None


def test_goal_off_track_rules(ws) -> None:
    p = ws.projects["crm"]
    goal = p.goals["g-behind"]
    assert goals.goal_off_track(goal, p, TODAY) is not None
    assert goals.goal_off_track(goal, p, dt.date(2027, 1, 5))[1].startswith("due 2026-12-31 passed at 10% of the way")
    assert goals.goal_off_track(goal, p, dt.date(2026, 10, 8)) is None  # 10% where the line is at 8%
