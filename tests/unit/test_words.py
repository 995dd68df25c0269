"""Counts read right in English: "1 project", "+1 day", never "1 projects" or "+1 days"."""

from __future__ import annotations

import datetime as dt

import msgspec

from tests.helpers.workspace import SAMPLE
from tui.render.status_text import workspace_text
from tui.state import State
from workspace_schema.changes.assessment import Impact, Move
from workspace_schema.changes.decisions import approval_message
from workspace_schema.core.dates import counted, days, signed_days
from workspace_schema.core.records import ChangeRequest
from workspace_schema.load.loader import load_workspace


def test_counted_days_and_signed_days() -> None:
    assert [counted(n, "project") for n in (0, 1, 2)] == ["0 projects", "1 project", "2 projects"]
    assert counted(1, "person", "people") == "1 person"
    assert counted(3, "person", "people") == "3 people"
    assert [days(n) for n in (1, 3)] == ["1 day", "3 days"]
    assert [signed_days(n) for n in (1, -1, 0, 7, -3)] == ["+1 day", "-1 day", "+0 days", "+7 days", "-3 days"]


def test_the_status_line_of_a_one_project_workspace() -> None:
    ws, _ = load_workspace(SAMPLE)
    first = next(iter(ws.projects))
    one = msgspec.structs.replace(ws, projects={first: ws.projects[first]})
    text = workspace_text(State(ws=one, findings=[], today=dt.date(2026, 11, 27))).plain
    assert text.endswith("0 errors, 0 warnings · 1 project"), text


def test_an_approval_moving_an_item_by_one_day_says_plus_1_day() -> None:
    move = Move(
        ref="acme-crm/data-export-k3f9",
        title="Data export",
        old_due=dt.date(2026, 12, 11),
        new_due=dt.date(2026, 12, 12),
        days=1,
        reason="requested",
    )
    imp = Impact(
        project="acme-crm",
        change="cr-1",
        moves=[move],
        project_due_old=dt.date(2026, 12, 11),
        project_due_new=dt.date(2026, 12, 12),
    )
    message = approval_message("acme-crm", "cr-1", ChangeRequest(), imp, "Li <li@x.invalid>")
    assert "(+1 day, requested)" in message
    assert "project due 2026-12-11 -> 2026-12-12 (+1 day)" in message
    assert "days" not in message
