"""Health from the client-care records (views/health.py, docs/health.md): an incentive at stake makes a
project amber and the client reads it; a satisfaction survey due is a note of the team's that changes no
colour. Each reason in English and Chinese.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_health import ON_TRACK, PID, TODAY, d, header, load, log, milestone, texts
from workspace_schema.views.health import summarize

CHECKED_IN = log("c", -1)
SURVEYED = '[clients.acme]\nname = "Acme"\nsponsor = "bob"\nsurvey_every = 30\n'


def incentive(mid: str, condition: str, **fields: str) -> str:
    text = f'\n[milestones.{mid}.incentive]\ncondition = "{condition}"\nreward = "Support hours doubled"\n'
    return text + "".join(f"{k} = {v}\n" for k, v in fields.items())


def survey(on: int, kind: str = "periodic") -> dict[str, str]:
    return {
        f"surveys/{d(on)}-{PID}.toml": f'[survey]\nproject = "{PID}"\nkind = "{kind}"\nanswered_on = {d(on)}\n'
        f'answered_by = "bob"\nquality = 4\n'
    }


def test_an_incentive_at_risk_makes_a_project_amber_and_the_client_reads_it(tmp_path: Path) -> None:
    # Due in 14 days, after the baseline in 10: the reward for being done by the baseline is at risk.
    project = header() + milestone("m1", "Data export", 14, baseline=10) + incentive("m1", "by_baseline")
    ws, findings = load(tmp_path, project + CHECKED_IN)
    s = summarize(ws, PID, TODAY, findings)
    assert s.health == "amber"
    reason = next(r for r in s.reasons if r.key == "health.incentives")
    assert reason.client and not reason.red
    assert reason.text() == (
        f"1 incentive at stake: Data export (Support hours doubled: needs it by {d(10)}, due {d(14)})"
    )
    assert reason.text("zh") == (
        f"1 项激励可能落空：Data export（Support hours doubled：需在 {d(10)} 前完成，目前截止 {d(14)}）"
    )


@pytest.mark.parametrize(
    ("by", "en", "zh"),
    [
        (-2, f"needed it by {d(-2)}, 2 days late", f"应在 {d(-2)} 前完成，逾期 2 天"),
        (5, f"needs it by {d(5)}, in 5 days", f"需在 {d(5)} 前完成，还有 5 天"),
    ],
)
def test_an_incentive_missed_or_due_within_a_week_is_at_stake(tmp_path: Path, by: int, en: str, zh: str) -> None:
    project = header() + milestone("m1", "Data export", by) + incentive("m1", "by_date", by=d(by))
    ws, findings = load(tmp_path, project + CHECKED_IN)
    s = summarize(ws, PID, TODAY, findings)
    reason = next(r for r in s.reasons if r.key == "health.incentives")
    assert reason.text() == f"1 incentive at stake: Data export (Support hours doubled: {en})"
    assert reason.text("zh").endswith(f"（Support hours doubled：{zh}）"), reason.text("zh")


@pytest.mark.parametrize(
    "project",
    [
        milestone("m1", "Data export", 14) + incentive("m1", "by_date", by=d(20)),  # pending, weeks away
        milestone("m1", "Data export", -2, status="done") + incentive("m1", "by_date", by=d(-1)),  # done
        milestone("m1", "Data export", 14, baseline=10)
        + incentive("m1", "by_baseline", evaluated_on=d(-1), earned="false"),  # decided already
    ],
    ids=["weeks-away", "done", "evaluated"],
)
def test_an_incentive_not_at_stake_says_nothing(tmp_path: Path, project: str) -> None:
    text = header() + project.replace("[milestones.m1]", "[milestones.m1]\ndone_on = " + d(-2), 1)
    ws, findings = load(tmp_path, text + CHECKED_IN)
    s = summarize(ws, PID, TODAY, findings)
    assert [r.key for r in s.reasons if r.key == "health.incentives"] == []


def test_a_survey_due_is_a_note_that_leaves_a_green_project_green(tmp_path: Path) -> None:
    ws, _ = load(tmp_path, header() + ON_TRACK, others={"clients.toml": SURVEYED, **survey(-40)})
    s = summarize(ws, PID, TODAY)
    assert s.health == "green"
    assert texts(s) == [
        "all milestones on track",
        f"satisfaction survey overdue by 10 days: none since {d(-40)} (every 30 days)",
    ]
    assert not s.reasons[1].client and not s.reasons[1].red
    assert s.reasons[1].text("zh") == f"满意度调查已超期 10 天：自 {d(-40)} 以来没有（约定每 30 天 一次）"


def test_a_recent_survey_leaves_no_note(tmp_path: Path) -> None:
    ws, _ = load(tmp_path, header() + ON_TRACK, others={"clients.toml": SURVEYED, **survey(-20)})
    assert texts(summarize(ws, PID, TODAY)) == ["all milestones on track"]


def test_a_done_project_without_its_close_out_survey_stays_grey_with_a_note(tmp_path: Path) -> None:
    done = header(status='"done"', done_on=d(-3)) + milestone("m1", "Data export", -5, status="done")
    ws, _ = load(tmp_path, done)
    s = summarize(ws, PID, TODAY)
    assert (s.health, texts(s)) == ("grey", ["done", f"close-out survey not answered: handed over {d(-3)}, 3 days ago"])
    assert not s.reasons[1].client
    assert s.reasons[1].text("zh") == f"结项满意度调查尚未完成：{d(-3)} 已交付，3 天前"
    ws, _ = load(tmp_path / "answered", done, others=survey(-1, "close-out"))
    assert texts(summarize(ws, PID, TODAY)) == ["done"]
