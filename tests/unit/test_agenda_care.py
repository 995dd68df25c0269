"""The review agenda's client-care sections (review/agenda_care.py): support requests past their target,
incentives at stake, surveys due; the client's agenda and minutes keep the first two and leave surveys out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.helpers.workspace import SAMPLE, copy_sample, write_ws
from workspace_schema.load.loader import load_workspace
from workspace_schema.review import agenda, agenda_item, documents

TODAY = dt.date(2026, 11, 27)


def sample():
    return load_workspace(SAMPLE, cache=False)[0]


def test_a_support_request_past_its_target_is_on_the_agenda_and_the_clients() -> None:
    # Greenleaf's sign-in loop (medium, responded 11-26) has 40 working hours to be resolved: past by 12-07.
    ws, day = sample(), dt.date(2026, 12, 7)
    items = [it for it in agenda.build(ws, day, "greenleaf-intranet") if it.kind == "support"]
    assert [(it.ref, it.table, it.title, it.owner) for it in items] == [
        ("greenleaf-intranet/sso-login-loop-d6tb", "support", "Two receptionists stuck in a sign-in loop", "raj")
    ]
    assert items[0].why.startswith("Medium, not resolved yet, due 12-0")
    assert agenda_item.why_in(items[0], "zh").startswith("中")
    assert items[0].actions == ("noted", "action", "skipped")
    client = documents.agenda_of(ws, "greenleaf-intranet", day)
    assert "greenleaf-intranet/sso-login-loop-d6tb" in {it.ref for it in client.items}
    assert agenda_item.SECTIONS.index("support") < agenda_item.SECTIONS.index("risk")
    assert not [it for it in agenda.build(ws, TODAY, "greenleaf-intranet") if it.kind == "support"]  # not yet


PROJECT = """\
[project]
title = "CRM rollout"
client = "acme"
owner = "alice"
status = "active"
start = 2026-10-01

[milestones.far]
title = "Pilot signed"
owner = "alice"
status = "doing"
due = 2027-01-20
baseline_due = 2027-01-10

[milestones.far.incentive]
condition = "by_baseline"
reward = "A bonus"
"""


def test_an_incentive_at_stake_on_a_milestone_not_otherwise_listed_has_its_own_item(tmp_path: Path) -> None:
    clients = '[clients.acme]\nname = "Acme"\nsponsor = "bob"\nlanguage = "zh"\n'
    ws, _ = load_workspace(write_ws(tmp_path, {"projects/crm.toml": PROJECT, "clients.toml": clients}))
    [item] = [it for it in agenda.build(ws, TODAY, "crm") if it.kind == "incentive"]
    assert (item.ref, item.table, item.title, item.due) == (
        "crm/far",
        "milestones",
        "Pilot signed",
        dt.date(2027, 1, 20),
    )
    assert item.why == "incentive (A bonus) needs it by 2027-01-10: at risk"
    assert agenda_item.why_in(item, "zh") == "激励（A bonus）需在 2027-01-10 前完成：有落空风险"
    assert "crm/far" in {it.ref for it in documents.agenda_of(ws, "crm", TODAY).items}  # agreed with the client


def test_a_survey_due_is_on_the_teams_agenda_once_per_client_and_not_on_the_clients() -> None:
    # Acme's last survey was 2026-11-13, every 90 days: due by 2027-03-01.
    ws, day = sample(), dt.date(2027, 3, 1)
    [item] = [it for it in agenda.build(ws, day, "acme-crm") if it.kind == "survey"]
    assert (item.ref, item.item, item.table, item.title, item.owner) == (
        "surveys/acme",
        "acme",
        "surveys",
        "Acme Logistics",
        "hannah",
    )
    assert item.why == "last survey or start 2026-11-13, overdue by 18 days (every 90 days)"
    assert agenda_item.why_in(item, "zh") == "上次调查或开始于 2026-11-13，已超期 18 天（约定每 90 天一次）"
    everyone = [it.ref for it in agenda.build(ws, day) if it.kind == "survey"]
    assert everyone.count("surveys/acme") == 1  # Acme has two live projects, one survey
    assert "survey" not in {it.kind for it in documents.agenda_of(ws, "acme-crm", day).items}


def test_a_close_out_survey_is_on_a_done_projects_agenda(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    path = root / "projects" / "acme-tracking.toml"
    text = path.read_text("utf-8")
    path.write_text(text.replace('status = "done"\n', 'status = "done"\ndone_on = 2026-11-20\n', 1), "utf-8")
    for survey in (root / "surveys").glob("*acme-tracking*"):
        survey.unlink()
    ws, _ = load_workspace(root, cache=False)
    [item] = [it for it in agenda.build(ws, TODAY, "acme-tracking") if it.kind == "survey"]
    assert (item.ref, item.why) == ("surveys/acme-tracking", "handed over 11-20, no close-out survey yet")


def test_the_minutes_leave_out_what_the_meeting_said_about_a_survey(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    review = root / "reviews" / "2026-11-20-acme-crm.toml"
    review.write_text(
        review.read_text("utf-8")
        + '\n[outcomes.acme]\nitem = "surveys/acme"\noutcome = "noted"\nnote = "Hannah sends the survey"\n',
        "utf-8",
    )
    ws, _ = load_workspace(root, cache=False)
    assert "acme" in ws.reviews["2026-11-20-acme-crm"].outcomes
    assert "Hannah sends the survey" not in documents.minutes_html(ws.reviews["2026-11-20-acme-crm"], ws)
