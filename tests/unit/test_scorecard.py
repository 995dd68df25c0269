"""Periods, scorecards per client and per person (views.scorecard), their words, and evaluations.toml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.helpers.workspace import write_ws
from workspace_schema.core.periods import PeriodError, parse_period, period_of
from workspace_schema.edit.evaluations import add_evaluation
from workspace_schema.edit.values import EditRejected
from workspace_schema.export.scorecard_words import scorecard_lines, table_row
from workspace_schema.load.loader import load_workspace
from workspace_schema.views.scorecard import scorecard, subjects

TODAY = dt.date(2026, 11, 27)
Q4 = parse_period("2026-Q4")

SETTINGS = """\
[workspace]
name = "T"
timezone = "Asia/Shanghai"
team = "us"
holidays = [2026-11-11]
"""

PROJECT = """\
[project]
title = "P"
client = "acme"
owner = "alice"

[milestones.x]
title = "two days late, nudged once"
owner = "bob"
status = "done"
due = 2026-11-12
baseline_due = 2026-11-10
done_on = 2026-11-12

[milestones.y]
title = "early"
owner = "bob"
status = "done"
due = 2026-11-20
done_on = 2026-11-18

[milestones.z]
title = "open past its date"
owner = "bob"
status = "waiting"
due = 2026-11-25

[milestones.z.raci]
accountable = "bob"
responsible = ["bob"]

[milestones.old]
title = "done last quarter"
owner = "bob"
status = "done"
due = 2026-09-01
done_on = 2026-09-20

[tasks.t]
title = "ours, on time"
owner = "alice"
status = "done"
due = 2026-11-20
done_on = 2026-11-19

[log.n1]
on = 2026-11-11
by = "alice"
kind = "nudge"
items = ["x"]
summary = "where is it?"

[log.u1]
on = 2026-11-12
by = "bob"
kind = "update"
items = ["x"]
summary = "sent"

[log.n2]
on = 2026-11-26
by = "alice"
kind = "nudge"
items = ["z"]
summary = "and this one?"

[log.f1]
on = 2026-11-20
by = "alice"
kind = "feedback"
score = 4
summary = "fine"

[support.s1]
title = "login fails"
reporter = "bob"
owner = "alice"
opened = 2026-11-16T10:00:00
responded = 2026-11-16T12:00:00
"""

SURVEY = '[survey]\nproject = "p"\nanswered_on = 2026-11-20\nschedule = 3\nquality = 5\nnps = 8\n'
EVALUATIONS = """\
[evaluations.acme-q4]
subject = "acme"
period = "2026-Q4"
outcome = "reward"
decided_by = "alice"
decided_on = 2026-11-26
note = "paid early"

[evaluations.acme-q3]
subject = "acme"
period = "2026-Q3"
outcome = "warning"
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_ws(
        tmp_path,
        {
            "workspace.toml": SETTINGS,
            "projects/p.toml": PROJECT,
            "surveys/2026-11-20-p.toml": SURVEY,
            "evaluations.toml": EVALUATIONS,
        },
    )


def test_periods_parse_shift_and_say_what_they_accept() -> None:
    assert (Q4.start, Q4.end, Q4.kind) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31), "quarter")
    assert parse_period("2026q1").text == "2026-Q1" and parse_period("2026-2").text == "2026-02"
    assert parse_period("2026").end == dt.date(2026, 12, 31)
    assert Q4.shift(1).text == "2027-Q1" and Q4.shift(-4).text == "2025-Q4"
    assert parse_period("2026-01").shift(-1).text == "2025-12" and parse_period("2026").shift(1).text == "2027"
    assert period_of(TODAY).text == "2026-Q4" and period_of(TODAY, "month").text == "2026-11"
    with pytest.raises(PeriodError, match="'2026-13': there is no month 13"):
        parse_period("2026-13")
    with pytest.raises(PeriodError, match=r"'Q4' is not a period; write a quarter \(2026-Q4\), a month"):
        parse_period("Q4")


def test_the_clients_scorecard_counts_each_number(root: Path) -> None:
    ws, _ = load_workspace(root)
    card = scorecard(ws, "client", "acme", Q4, TODAY)
    assert (card.name, card.delivered, card.on_time, card.late_open) == ("Acme", 2, 1, 1)  # x late, y early, z open
    assert card.on_time_rate == pytest.approx(1 / 3)
    assert card.mean_slip_days == 1.0  # x: 2 days, y: 0 (early counts as none)
    assert card.mean_slip_working_days == 0.5  # x: 11-10 -> 11-12 is one working day (11-11 is a holiday)
    assert (card.nudges, card.nudges_per_delivery) == (1, 0.5)
    assert (card.nudge_response_days, card.unanswered_nudges) == (1.0, 1)  # x answered next day; z not yet
    assert (card.support_requests, card.support_response_hours) == (1, 2.0)
    assert (card.accountable, card.responsible) == (1, 1)
    assert (card.surveys, card.survey_scores, card.nps, card.satisfaction) == (
        1,
        {"schedule": 3.0, "quality": 5.0},
        8.0,
        4.0,
    )
    assert [e.id for e in card.evaluations] == ["acme-q4"]


def test_a_persons_scorecard_counts_what_they_own(root: Path) -> None:
    ws, _ = load_workspace(root)
    assert subjects(ws, "person") == ["alice", "bob"] and subjects(ws, "client") == ["acme"]
    alice = scorecard(ws, "person", "alice", Q4, TODAY)
    assert (alice.delivered, alice.on_time, alice.on_time_rate, alice.mean_slip_days) == (1, 1, 1.0, 0.0)
    assert (alice.support_requests, alice.surveys, alice.satisfaction) == (1, 1, 4.0)  # she leads p
    bob = scorecard(ws, "person", "bob", Q4, TODAY)
    assert (bob.delivered, bob.late_open, bob.surveys, bob.support_requests) == (2, 1, 0, 0)
    q3 = scorecard(ws, "person", "bob", parse_period("2026-Q3"), TODAY)
    assert (q3.delivered, q3.on_time, q3.mean_slip_days, q3.mean_slip_working_days) == (1, 0, 19.0, 13.0)


def test_the_words_of_a_card_in_english_and_chinese_and_the_clients_copy(root: Path) -> None:
    ws, _ = load_workspace(root)
    card = scorecard(ws, "client", "acme", Q4, TODAY)
    lines = dict(scorecard_lines(card, "en"))
    assert lines["On time"] == "1 of 3 (33%)"
    assert lines["Mean slip of what was delivered"] == "1.0 days (0.5 working days)"
    assert lines["Answer to a reminder"] == "1.0 days on average; not answered yet: 1"
    assert lines["Surveys"] == "1: schedule 3.0, quality 5.0, NPS 8.0"
    assert lines["Evaluations"] == "reward (alice, 2026-11-26): paid early"
    zh = dict(scorecard_lines(card, "zh", for_client=True))
    assert zh["按期完成"] == "3 项中 1 项（33%）" and "评估" not in zh
    row = ["Acme", "33% (1/3)", "1", "1.0 (0.5)", "0.5", "1.0 (1 open)", "2.0", "1/1", "4.0", "0/0/0", "reward"]
    assert table_row(card) == row


def test_add_evaluation_creates_the_file_with_its_schema_line(tmp_path: Path) -> None:
    root = write_ws(tmp_path)
    ws, _ = load_workspace(root)
    change = add_evaluation(
        ws, "bob", "2026q4", "warning", TODAY, by="alice", note="three reminders a week", header="#:schema ./x.json"
    )
    text = (root / "evaluations.toml").read_text()
    eid = change.ref.split("/")[1]
    assert eid.startswith("bob-2026-q4-") and change.file == "evaluations.toml"
    assert text == (
        f"#:schema ./x.json\n\n[evaluations.{eid}]\n"
        'subject = "bob"\nperiod = "2026-Q4"\noutcome = "warning"\ndecided_by = "alice"\n'
        'decided_on = 2026-11-27\nnote = "three reminders a week"\n'
    )
    again, findings = load_workspace(root)
    assert not findings and again.evaluations[eid].outcome == "warning"
    add_evaluation(again, "acme", "2026-11", "reward", TODAY)
    assert len(load_workspace(root)[0].evaluations) == 2
    assert (root / "evaluations.toml").read_text().startswith(text + "\n[evaluations.acme-2026-11-")


@pytest.mark.parametrize(
    ("subject", "period", "outcome", "by", "message"),
    [
        ("nobody", "2026-Q4", "reward", None, "'nobody' is neither a client in clients.toml nor a person"),
        ("acme", "Q5", "reward", None, "'Q5' is not a period"),
        ("acme", "2026-Q4", "praise", None, "outcome 'praise': write reward, warning or none"),
        ("acme", "2026-Q4", "reward", "zed", "zed: not in people.toml"),
    ],
)
def test_add_evaluation_refuses_bad_input_and_writes_nothing(
    tmp_path: Path, subject: str, period: str, outcome: str, by: str | None, message: str
) -> None:
    root = write_ws(tmp_path)
    ws, _ = load_workspace(root)
    with pytest.raises(EditRejected, match=message):
        add_evaluation(ws, subject, period, outcome, TODAY, by=by)
    assert not (root / "evaluations.toml").exists()


def test_the_client_report_has_the_clients_own_scorecard_and_no_evaluations(tmp_path: Path) -> None:
    from tests.helpers.workspace import copy_sample
    from workspace_schema.export import report, report_html, report_markdown

    root = copy_sample(tmp_path)
    (root / "evaluations.toml").write_text(
        '[evaluations.a]\nsubject = "acme"\nperiod = "2026-Q4"\noutcome = "warning"\nnote = "SECRET-ACME-NOTE"\n\n'
        '[evaluations.b]\nsubject = "bkim"\nperiod = "2026-Q4"\noutcome = "warning"\nnote = "SECRET-BEN-NOTE"\n'
    )
    ws, _ = load_workspace(root)
    client = report.build(ws, "acme-crm", TODAY, audience="client")
    assert client.scorecard_title == "Scorecard: Acme Logistics"
    assert dict(client.scorecard)["Incentives"] == "0 earned, 0 missed, 1 at risk"
    for text in (report_markdown.to_markdown(client), report_html.to_html(client)):
        assert "Scorecard: Acme Logistics" in text and "2026-Q4 (2026-10-01 to 2026-12-31)" in text
        assert "SECRET" not in text and "Evaluations" not in text
        assert "Greenleaf" not in text and "华美" not in text  # nothing about the other clients
    team = report_markdown.to_markdown(report.build(ws, "acme-crm", TODAY, audience="team"))
    assert "| Evaluations | warning (?, ?): SECRET-ACME-NOTE |" in team and "SECRET-BEN-NOTE" not in team
