"""The client-in-the-loop files load: surveys, support, trainings, lessons, improvements, evaluations,
incentives with conditions, the client record; bad values are findings at their line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.helpers.workspace import write_ws
from workspace_schema.core import records as R
from workspace_schema.load.loader import load_workspace

PROJECT = """\
[project]
title = "CRM rollout"
client = "acme"
owner = "alice"
status = "done"
done_on = 2026-11-02
follow_up_every = 30

[milestones.export-k3f9]
title = "Acme delivers the export"
owner = "bob"
due = 2026-12-11
baseline_due = 2026-12-04

[milestones.export-k3f9.incentive]
condition = "by_baseline"
reward = "Go-live support hours doubled"

[milestones.golive-5mfe]
title = "Go-live"
incentive = "A dinner"

[support.login-fails-q2w3]
title = "Reps cannot log in"
reporter = "bob"
owner = "alice"
severity = "high"
opened = 2026-11-20T09:30:00
responded = 2026-11-20T11:00:00

[trainings.admin-basics-r4t5]
title = "Admin basics"
on = 2026-11-12
mode = "on-site"
status = "held"
attendees = ["bob"]
feedback = 4.5

[lessons.late-export-y6u7]
title = "The export came a week late"
cause = "Nobody at Acme owned it"
improvement = "Name the client's owner at kick-off"
raised_on = 2026-11-03
"""


def test_every_new_record_loads(tmp_path: Path) -> None:
    root = write_ws(
        tmp_path,
        {
            "clients.toml": """\
            [clients.acme]
            name = "Acme"
            sponsor = "bob"
            account_owner = "alice"
            survey_every = 90

            [clients.acme.contract]
            reference = "SOW-2026-014"
            starts = 2026-10-01
            value = 120000
            currency = "USD"
            """,
            "projects/acme-crm.toml": PROJECT,
            "surveys/2026-11-20-acme-crm.toml": """\
            [survey]
            project = "acme-crm"
            answered_on = 2026-11-20
            answered_by = "bob"
            schedule = 3
            quality = 5
            nps = 8
            """,
            "improvements.toml": """\
            [improvements.client-owner-at-kickoff-a1b2]
            title = "Name the client's owner of each deliverable at kick-off"
            source = "acme-crm/late-export-y6u7"
            owner = "alice"
            raised_on = 2026-11-03
            """,
            "evaluations.toml": """\
            [evaluations.acme-2026-q4-c3d4]
            subject = "acme"
            period = "2026-Q4"
            outcome = "warning"
            decided_by = "alice"
            decided_on = 2026-12-01
            """,
        },
    )
    ws, findings = load_workspace(root, cache=False)
    assert findings == []
    client = ws.clients["acme"]
    assert client.survey_every == 90 and client.contract == R.Contract(
        reference="SOW-2026-014", starts=dt.date(2026, 10, 1), value=120000, currency="USD"
    )
    p = ws.projects["acme-crm"]
    assert p.follow_up_every == 30 and p.done_on == dt.date(2026, 11, 2)
    incentive = p.milestones["export-k3f9"].incentive
    assert isinstance(incentive, R.Incentive) and incentive.condition == "by_baseline"
    assert p.milestones["golive-5mfe"].incentive == "A dinner"  # the old prose form still reads
    ticket = p.support["login-fails-q2w3"]
    assert ticket.opened == dt.datetime(2026, 11, 20, 9, 30) and ticket.severity == "high"
    assert p.trainings["admin-basics-r4t5"].feedback == 4.5
    assert p.lessons["late-export-y6u7"].status == "open"
    survey = ws.surveys["2026-11-20-acme-crm"]
    assert survey.scores() == {"schedule": 3, "quality": 5} and survey.nps == 8
    assert ws.improvements["client-owner-at-kickoff-a1b2"].source == "acme-crm/late-export-y6u7"
    assert ws.evaluations["acme-2026-q4-c3d4"].outcome == "warning"


def test_bad_values_are_findings_at_their_line(tmp_path: Path) -> None:
    root = write_ws(
        tmp_path,
        {
            "projects/p.toml": """\
            [project]
            title = "P"

            [milestones.m-a1b2]
            title = "M"

            [milestones.m-a1b2.incentive]
            condition = "whenever"
            reward = "x"

            [support.s-c3d4]
            title = "S"
            opened = "yesterday"
            """,
            "surveys/2026-11-20-p.toml": """\
            [survey]
            project = "p"
            quality = "good"
            mood = 3
            """,
        },
    )
    _, findings = load_workspace(root, cache=False)
    got = {(f.file, f.line, f.code) for f in findings}
    assert ("projects/p.toml", 7, "TYPE001") in got  # the incentive's table, with what it expects
    assert ("projects/p.toml", 13, "TYPE001") in got
    assert ("surveys/2026-11-20-p.toml", 3, "TYPE001") in got
    assert ("surveys/2026-11-20-p.toml", 4, "KEY001") in got
    opened = next(f for f in findings if f.line == 13)
    assert "2026-12-11T09:30" in opened.message


def test_a_structured_incentive_is_not_typed_in_and_im_handles_are(tmp_path: Path) -> None:
    """A form shows only what it can write back: an incentive table typed in as text would lose its condition."""
    from workspace_schema.edit import values

    root = write_ws(tmp_path, {"projects/acme-crm.toml": PROJECT})
    ws, _ = load_workspace(root, cache=False)
    milestones = ws.projects["acme-crm"].milestones
    assert "incentive" not in values.editable_fields(R.Milestone, milestones["export-k3f9"])
    assert "incentive" in values.editable_fields(R.Milestone, milestones["golive-5mfe"])  # text: typed in
    assert values.parse_value(R.Person, "im", "wechat = wangwei_hm, slack=@bkim", dt.date(2026, 11, 27)) == {
        "wechat": "wangwei_hm",
        "slack": "@bkim",
    }
    opened = values.parse_value(R.SupportRequest, "opened", "2026-11-20 09:30", dt.date(2026, 11, 27))
    assert opened == dt.datetime(2026, 11, 20, 9, 30)


def test_unknown_people_in_the_new_records_are_ref001_at_their_line(tmp_path: Path) -> None:
    from workspace_schema.rules import check

    root = write_ws(
        tmp_path,
        {
            "projects/p.toml": """\
            [project]
            title = "P"
            client = "acme"

            [support.s-c3d4]
            title = "S"
            reporter = "bobb"

            [trainings.t-e5f6]
            title = "T"
            attendees = ["bob", "carol"]
            """,
            "surveys/2026-11-20-p.toml": '[survey]\nproject = "p"\nanswered_by = "dan"\n',
            "improvements.toml": '[improvements.i-g7h8]\ntitle = "I"\nowner = "eve"\n',
        },
    )
    ws, _ = load_workspace(root, cache=False)
    got = {(f.file, f.line) for f in check(ws, dt.date(2026, 11, 27)) if f.code == "REF001"}
    assert got == {
        ("projects/p.toml", 7),
        ("projects/p.toml", 11),
        ("surveys/2026-11-20-p.toml", 3),
        ("improvements.toml", 3),
    }
