"""A retro's agenda: what went well, what did not and the lessons so far, from the project's own data."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.workspace import REPO
from workspace_schema.core.catalogue import render
from workspace_schema.load.loader import load_workspace
from workspace_schema.review import MinutesError, NewLesson, new_draft, problems, record
from workspace_schema.review.agenda_item import why_in
from workspace_schema.review.retro import build, is_done

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def ws():
    ws, _ = load_workspace(REPO / "sample_workspace")
    return ws


def rows(ws, pid):
    return [(it.kind, it.ref.partition("/")[2], it.why) for it in build(ws, TODAY, pid)]


def test_acme_tracking_every_milestone_slipped_and_the_score_was_low(ws) -> None:
    assert rows(ws, "acme-tracking") == [
        ("went-wrong", "tracking-design-p3kd", "done 2026-06-05, 7 days after its agreed date 2026-05-29"),
        ("went-wrong", "carrier-api-7wgn", "done 2026-08-14, 28 days after its agreed date 2026-07-17"),
        ("went-wrong", "tracking-live-v9mc", "done 2026-09-18, 21 days after its agreed date 2026-08-28"),
        ("went-wrong", "tracking-feedback-m6rt", "satisfaction 3/5 on 2026-09-25"),
    ]
    assert is_done(ws, "acme-tracking") and not is_done(ws, "acme-crm")


def test_greenleaf_on_time_goal_met_scores_and_its_lesson(ws) -> None:
    got = rows(ws, "greenleaf-intranet")
    well = [r[1] for r in got if r[0] == "went-well"]
    assert well == [
        "ia-signoff-4fdn",
        "intranet-build-w6hc",
        "content-migration-b8qz",
        "staff-launch-j2rx",
        "staff-weekly-use-5xkp",
        "launch-feedback-6rdz",
        "2026-11-20-greenleaf-intranet/schedule",
        "2026-11-20-greenleaf-intranet/quality",
        "2026-11-20-greenleaf-intranet/communication",
    ]
    assert ("went-well", "staff-weekly-use-5xkp", "target reached: 162 of 150 staff") in got
    assert [r for r in got if r[0] != "went-well"] == [
        ("went-wrong", "2026-11-20-greenleaf-intranet/support", "support 3/5 in the survey of 2026-11-20"),
        ("lesson", "freeze-announced-late-t2pz", "lesson recorded 2026-11-06 (done)"),
    ]
    # the handover milestone is open and not past its agreed date: not on the retro
    assert "handover-signoff-9gtv" not in [r[1] for r in got]


def test_chinese_words_and_talk_only_outcomes(ws) -> None:
    items = build(ws, TODAY, "acme-tracking")
    assert why_in(items[1], "zh") == "2026-08-14 完成，比约定日期 2026-07-17 晚 28 天"
    assert all(it.actions == ("noted", "action", "skipped") for it in items)


def test_client_items_late_with_reminders_risks_changes_and_support(ws, tmp_path) -> None:
    import msgspec

    from workspace_schema.core import records as R

    p = ws.projects["acme-crm"]
    m = p.milestones["data-export-k3f9"]
    done = msgspec.structs.replace(m, status="done", done_on=dt.date(2026, 12, 20), owner="bkim")
    nudge = R.LogEntry(on=dt.date(2026, 11, 20), kind="nudge", items=["data-export-k3f9"])
    risk = msgspec.structs.replace(next(iter(p.risks.values())), status="triggered", triggered_on=dt.date(2026, 11, 2))
    change = R.ChangeRequest(summary="Move the pilot", status="approved", decided_on=dt.date(2026, 10, 1))
    ticket = R.SupportRequest(
        title="Export times out",
        severity="high",
        opened=dt.datetime(2026, 11, 23, 9),
        responded=dt.datetime(2026, 11, 24, 17),
    )
    p2 = msgspec.structs.replace(
        p,
        milestones={"data-export-k3f9": done},
        tasks={},
        goals={},
        log={"n1": nudge, "n2": msgspec.structs.replace(nudge, on=dt.date(2026, 11, 24))},
        risks={"r1": risk},
        changes={"c1": change},
        support={"s1": ticket},
        lessons={},
    )
    ws2 = msgspec.structs.replace(ws, projects={**ws.projects, "acme-crm": p2}, reviews={}, surveys={})
    whys = {it.ref.partition("/")[2]: it.why for it in build(ws2, TODAY, "acme-crm")}
    agreed = m.baseline_due or m.due
    assert whys["data-export-k3f9"].endswith("the client's part; 2 reminders before it was delivered")
    assert str(agreed) in whys["data-export-k3f9"]
    assert whys["r1"] == "the risk happened (triggered 2026-11-02)"
    assert whys["c1"] == "change approved 2026-10-01"
    assert whys["s1"] == "answered after 17 working hours, target 4; still open, past its target of 24 working hours"


def test_a_retro_draft_and_its_lessons_are_checked(ws) -> None:
    draft = new_draft(ws, "acme-tracking", TODAY, kind="retro")
    assert draft.kind == "retro" and [i.kind for i in draft.items][:1] == ["went-wrong"]
    with pytest.raises(MinutesError):
        record(draft, 0, "done")  # a retro item is talked about, not changed
    draft.lessons.append(NewLesson(title=" "))
    draft.lessons.append(NewLesson(title="Carrier APIs changed", action="no-such-task"))
    draft.lessons.append(NewLesson(title="Load test late", raised_by="nobody"))
    said = [p.text() for p in problems(ws, draft)]
    assert said[0] == "lesson 1: a lesson needs a title: what happened"
    assert said[1].startswith("lesson 2: “Carrier APIs changed”:") and "no-such-task" in said[1]
    assert said[2].startswith("lesson 3: “Load test late”:") and "nobody" in said[2]
    assert len(said) == 3
    assert render(build(ws, TODAY, "greenleaf-intranet")[-1].reasons[0], "zh") == "2026-11-06 记录的经验教训（已落实）"


def test_cli_agenda_retro_and_its_html(capsys: pytest.CaptureFixture[str], tmp_path, monkeypatch) -> None:
    from tests.helpers.workspace import SAMPLE
    from tui.cli import main

    monkeypatch.setenv("DUCU_TODAY", TODAY.isoformat())
    assert main(["agenda", "acme-tracking", "--retro", "-w", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Retrospective: Shipment tracking page for Acme customers — 2026-11-27\n")
    assert "## What did not go well" in out and "28 days after its agreed date 2026-07-17" in out
    assert out.rstrip().endswith(
        "## Lessons to record\n\nFor each: what happened, its cause, and what we will do differently next time."
    )
    assert main(["agenda", "greenleaf-intranet", "--retro", "--format", "html", "-w", str(SAMPLE)]) == 0
    html = capsys.readouterr().out
    assert "<h2>What went well</h2>" in html and "target reached: 162 of 150 staff" in html
    assert "freeze-announced" not in html and "Two clinics kept editing" not in html  # lessons are the team's
