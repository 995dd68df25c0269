"""Project health for the dashboard: each rule of the table in workspace_schema/views/health.py
(and docs/health.md) turns its colour and says why, naming the items.

Workspaces are small TOML texts written to tmp_path, loaded with the real
loader and checked with the real rules, as the app does.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from tests.helpers.workspace import SAMPLE, write_ws
from workspace_schema.core import records as R
from workspace_schema.core.findings import Finding
from workspace_schema.load.loader import load_workspace
from workspace_schema.rules import check
from workspace_schema.views.health import ProjectSummary, summarize, summarize_all

TODAY = dt.date(2026, 11, 27)  # a Friday
PID = "crm"


def texts(s: ProjectSummary) -> list[str]:
    """The reasons as the app shows them (English)."""
    return [reason.text() for reason in s.reasons]


def d(days: int) -> str:
    """The date ``days`` from TODAY, as TOML."""
    return (TODAY + dt.timedelta(days=days)).isoformat()


def header(**fields: str) -> str:
    base = {
        "title": '"CRM rollout"',
        "client": '"acme"',
        "owner": '"alice"',
        "status": '"active"',
        "start": d(-30),
        "due": d(120),
        "check_in_every": "7",
    }
    base.update(fields)
    return "[project]\n" + "".join(f"{k} = {v}\n" for k, v in base.items() if v is not None)


def milestone(
    mid: str,
    title: str,
    due: int | None,
    *,
    status: str = "doing",
    side: str = "team",
    owner: str = "alice",
    baseline: int | None = None,
    start: int | None = None,
) -> str:
    text = f'\n[milestones.{mid}]\ntitle = "{title}"\nside = "{side}"\nowner = "{owner}"\nstatus = "{status}"\n'
    if start is not None:
        text += f"start = {d(start)}\n"
    if due is not None:
        text += f"due = {d(due)}\n"
    if baseline is not None:
        text += f"baseline_due = {d(baseline)}\n"
    return text + f'\n[milestones.{mid}.raci]\nresponsible = ["{owner}"]\naccountable = "alice"\n'


def task(
    tid: str,
    title: str,
    due: int | None,
    *,
    status: str = "todo",
    side: str = "team",
    owner: str = "alice",
    milestone: str | None = "m1",
) -> str:
    text = f'\n[tasks.{tid}]\ntitle = "{title}"\nside = "{side}"\nowner = "{owner}"\nstatus = "{status}"\n'
    text += f'milestone = "{milestone}"\n' if milestone else ""
    return text + (f"due = {d(due)}\n" if due is not None else "")


def risk(rid: str, title: str, p: int, i: int, *, status: str = "watching", steps: tuple[bool, ...] = (False,)) -> str:
    text = (
        f'\n[risks.{rid}]\ntitle = "{title}"\nprobability = {p}\nimpact = {i}\nowner = "alice"\n'
        f'trigger = "when it happens"\nstatus = "{status}"\n'
    )
    if status == "triggered":
        text += f"triggered_on = {d(-3)}\n"
    for n, done in enumerate(steps, 1):
        text += f'\n[risks.{rid}.steps.{n}]\ntext = "step {n}"\nowner = "alice"\ndone = {str(done).lower()}\n'
    return text


def log(lid: str, on: int, kind: str = "check-in", score: int | None = None) -> str:
    text = f'\n[log.{lid}]\non = {d(on)}\nby = "alice"\nkind = "{kind}"\nsummary = "{kind}"\n'
    return text + (f"score = {score}\n" if score is not None else "")


def review(on: int, satisfaction: int | None = None, project: str = PID) -> tuple[str, str]:
    text = f'[review]\nproject = "{project}"\nheld_on = {d(on)}\nattendees = ["alice"]\n'
    if satisfaction is not None:
        text += f"satisfaction = {satisfaction}\n"
    return f"reviews/{d(on)}-{project}.toml", text


ON_TRACK = milestone("m1", "Data export", 14) + task("t1", "Import script", 7) + log("checkin-1", -2)


def load(
    tmp_path: Path,
    project: str,
    *,
    reviews: tuple[tuple[str, str], ...] = (),
    others: dict[str, str] | None = None,
    today: dt.date = TODAY,
):
    files = {f"projects/{PID}.toml": project, **dict(reviews), **(others or {})}
    ws, findings = load_workspace(write_ws(tmp_path, files))
    assert [f for f in findings if f.level == "error"] == []  # fixtures load cleanly
    return ws, findings + check(ws, today)


def summary(tmp_path: Path, project: str, *, today: dt.date = TODAY, **kw) -> ProjectSummary:
    ws, findings = load(tmp_path, project, today=today, **kw)
    return summarize(ws, PID, today, findings)


# --- green and grey -----------------------------------------------------------


def test_a_project_with_nothing_wrong_is_green(tmp_path: Path) -> None:
    ws, findings = load(tmp_path, header() + ON_TRACK)
    assert [f.text() for f in findings if f.level == "error"] == []
    s = summarize(ws, PID, TODAY, findings)
    assert (s.health, texts(s)) == ("green", ["all milestones on track"])
    assert (s.project_id, s.title, s.client_id, s.client_name, s.status) == (
        PID,
        "CRM rollout",
        "acme",
        "Acme",
        "active",
    )


def test_a_project_without_milestones_is_green_and_says_so(tmp_path: Path) -> None:
    s = summary(tmp_path, header() + task("t1", "Kick-off", 3, milestone=None) + log("c", -1))
    assert s.health == "green"
    assert texts(s) == ["on track: nothing overdue (no milestones yet)"]


@pytest.mark.parametrize(
    ("status", "start", "reason"),
    [
        ("done", d(-30), "done"),
        ("cancelled", d(-30), "cancelled"),
        ("planned", d(4), f"planned, starts {d(4)} (in 4 days)"),
        ("planned", None, "planned, no start date yet"),
    ],
)
def test_done_cancelled_and_not_started_projects_are_grey(
    tmp_path: Path, status: str, start: str | None, reason: str
) -> None:
    # Even with a milestone weeks late and no check-in: grey says "not being tracked", not "fine".
    late = milestone("m1", "Data export", -20)
    s = summary(tmp_path, header(status=f'"{status}"', start=start) + late)
    assert (s.health, texts(s)) == ("grey", [reason])
    assert s.overdue == 1  # the counts are still true
    assert s.check_in_overdue is False


def test_a_planned_project_whose_start_has_passed_is_judged_like_an_active_one(tmp_path: Path) -> None:
    s = summary(tmp_path, header(status='"planned"', start=d(-3)) + milestone("m1", "Data export", -10))
    assert s.health == "red"


# --- red ----------------------------------------------------------------------


def test_a_milestone_more_than_a_week_late_is_red(tmp_path: Path) -> None:
    project = (
        header()
        + milestone("m1", "Data export", -8, side="client", owner="bob")
        + milestone("m2", "Sandbox ready", -12)
        + log("c", -1)
    )
    s = summary(tmp_path, project)
    assert s.health == "red"
    assert (
        texts(s)[0]
        == "2 milestones more than 7 days late: Sandbox ready (12 days late), Data export (client side, 8 days late)"
    )
    assert s.overdue == 2


def test_a_milestone_exactly_a_week_late_is_only_amber(tmp_path: Path) -> None:
    s = summary(tmp_path, header() + milestone("m1", "Data export", -7) + log("c", -1))
    assert s.health == "amber"
    assert texts(s) == ["1 item overdue: Data export (7 days late)"]


def test_a_triggered_risk_with_open_steps_is_red(tmp_path: Path) -> None:
    project = (
        header() + ON_TRACK + risk("r1", "Acme IT change freeze", 2, 3, status="triggered", steps=(True, False, False))
    )
    s = summary(tmp_path, project)
    assert s.health == "red"
    assert texts(s) == [
        f"1 triggered risk with its plan not done: Acme IT change freeze (2 of 3 steps open, triggered {d(-3)})"
    ]
    assert (s.triggered_risks, s.top_risk_score, s.top_risk_title) == (1, 6, "Acme IT change freeze")


def test_a_triggered_risk_whose_steps_are_all_done_is_not_red(tmp_path: Path) -> None:
    project = header() + ON_TRACK + risk("r1", "Acme IT change freeze", 2, 3, status="triggered", steps=(True, True))
    s = summary(tmp_path, project)
    assert s.health == "green"
    assert s.triggered_risks == 1


def test_a_triggered_risk_without_any_steps_is_red(tmp_path: Path) -> None:
    s = summary(tmp_path, header() + ON_TRACK + risk("r1", "Key person leaves", 2, 2, status="triggered", steps=()))
    assert s.health == "red"
    assert "Key person leaves (no contingency steps" in texts(s)[0]


def test_a_project_past_its_due_is_red(tmp_path: Path) -> None:
    project = header(start=d(-90), due=d(-3)) + milestone("m1", "Go-live", -5, status="done") + log("c", -1)
    s = summary(tmp_path, project)
    assert s.health == "red"
    assert texts(s) == [f"project due {d(-3)} has passed (3 days late)"]


def test_no_check_in_for_more_than_twice_the_cadence_is_red(tmp_path: Path) -> None:
    project = header() + milestone("m1", "Data export", 14) + log("c", -15)
    s = summary(tmp_path, project)
    assert s.health == "red"
    assert texts(s) == [f"check-in overdue by 8 days: the last was {d(-15)}, 15 days ago (every 7 days)"]
    assert (s.last_check_in, s.days_since_check_in, s.check_in_every, s.check_in_overdue) == (
        TODAY - dt.timedelta(days=15),
        15,
        7,
        True,
    )


def test_an_error_on_the_project_is_red(tmp_path: Path) -> None:
    # SCH001 (error): the task starts after it is due.
    project = (
        header() + ON_TRACK + '\n[tasks.t2]\ntitle = "Backwards"\nmilestone = "m1"\nowner = "alice"\n'
        f"start = {d(10)}\ndue = {d(5)}\n"
    )
    ws, findings = load(tmp_path, project)
    s = summarize(ws, PID, TODAY, findings)
    assert s.health == "red"
    assert s.errors == 1
    assert texts(s)[0].startswith("1 error on the project: SCH001 task `t2` starts")
    # The colour comes from the findings passed in: without them, the plan itself is fine.
    assert summarize(ws, PID, TODAY, []).health == "green"


# --- amber --------------------------------------------------------------------


def test_an_overdue_task_is_amber(tmp_path: Path) -> None:
    project = (
        header()
        + milestone("m1", "Data export", 14)
        + task("t1", "Import script", -2)
        + task("t2", "Field mapping", -40, status="blocked")
        + task("t3", "Old", -50, status="done")
        + log("c", -1)
    )
    s = summary(tmp_path, project)
    assert s.health == "amber"
    assert texts(s) == ["2 items overdue: Field mapping (5 weeks late), Import script (2 days late)"]
    assert s.overdue == 2


def test_an_overdue_client_side_item_is_amber_and_named_apart(tmp_path: Path) -> None:
    project = (
        header()
        + milestone("m1", "Data export", 14)
        + task("t1", "Import script", -1)
        + task("t2", "Acme sends the logo", -3, side="client", owner="bob", status="waiting")
        + log("c", -1)
    )
    s = summary(tmp_path, project)
    assert s.health == "amber"
    assert texts(s) == [
        "1 client-side item overdue: Acme sends the logo (3 days late)",
        "1 item overdue: Import script (1 day late)",
    ]


def test_a_milestone_due_after_its_baseline_is_amber(tmp_path: Path) -> None:
    project = (
        header()
        + milestone("m1", "Data export", 14, baseline=7)
        + milestone("m2", "Done late", -20, baseline=-25, status="done")
        + log("c", -1)
    )
    s = summary(tmp_path, project)
    assert s.health == "amber"
    assert texts(s) == [
        f"1 milestone slipped past the baseline: Data export (due {d(14)}, 7 days after its baseline {d(7)})"
    ]


def test_a_check_in_overdue_within_twice_the_cadence_is_amber(tmp_path: Path) -> None:
    s = summary(tmp_path, header() + milestone("m1", "Data export", 14) + log("c", -10))
    assert s.health == "amber"
    assert texts(s) == [f"check-in overdue by 3 days: the last was {d(-10)}, 10 days ago (every 7 days)"]


def test_a_project_never_checked_in_counts_from_its_start(tmp_path: Path) -> None:
    s = summary(tmp_path, header(start=d(-10)) + milestone("m1", "Data export", 14))
    assert s.health == "amber"
    assert texts(s) == [
        f"check-in overdue by 3 days: none since the project started {d(-10)}, 10 days ago (every 7 days)"
    ]
    assert (s.last_check_in, s.days_since_check_in, s.check_in_overdue) == (None, None, True)


def test_a_high_open_risk_is_amber_and_a_closed_one_is_not(tmp_path: Path) -> None:
    project = (
        header()
        + ON_TRACK
        + risk("r1", "Holiday freeze", 3, 5)
        + risk("r2", "Gone", 5, 5, status="closed")
        + risk("r3", "Small", 2, 2)
    )
    s = summary(tmp_path, project)
    assert s.health == "amber"
    assert texts(s) == ["1 high risk open: Holiday freeze (score 15 = 3 x 5)"]
    assert (s.top_risk_score, s.top_risk_title, s.triggered_risks) == (15, "Holiday freeze", 0)


def test_a_low_latest_satisfaction_is_amber(tmp_path: Path) -> None:
    project = header() + ON_TRACK + log("fb1", -20, "feedback", 4) + log("fb2", -6, "feedback", 2)
    s = summary(tmp_path, project)
    assert s.health == "amber"
    assert texts(s) == [f"latest client satisfaction is 2/5 (feedback of {d(-6)}, 6 days ago)"]


def test_a_recovered_satisfaction_is_not_amber(tmp_path: Path) -> None:
    project = header() + ON_TRACK + log("fb1", -20, "feedback", 1)
    s = summary(tmp_path, project, reviews=(review(-5, satisfaction=4),))
    assert (s.health, s.satisfaction, s.satisfaction_trend) == ("green", 4, [1, 4])


def test_red_reasons_come_before_amber_ones(tmp_path: Path) -> None:
    project = (
        header(due=d(-1), start=d(-60))
        + milestone("m1", "Data export", -9, baseline=-20)
        + task("t1", "Script", -2)
        + risk("r1", "Freeze", 4, 5, status="triggered")
        + log("c", -30)
        + log("fb", -2, "feedback", 2)
    )
    s = summary(tmp_path, project)
    assert s.health == "red"
    assert [r.split(":")[0].split(" (")[0] for r in texts(s)] == [
        f"project due {d(-1)} has passed",
        "1 milestone more than 7 days late",
        "1 triggered risk with its plan not done",
        "check-in overdue by 23 days",
        "1 item overdue",
        "1 milestone slipped past the baseline",
        "1 high risk open",
        "latest client satisfaction is 2/5",
    ]


def test_long_lists_name_the_worst_three(tmp_path: Path) -> None:
    project = (
        header()
        + milestone("m1", "Data export", 14)
        + log("c", -1)
        + "".join(task(f"t{n}", f"Task {n}", -n) for n in range(1, 6))
    )
    s = summary(tmp_path, project)
    assert texts(s) == ["5 items overdue: Task 5 (5 days late), Task 4 (4 days late), Task 3 (3 days late) and 2 more"]


# --- the numbers on the row -------------------------------------------------------


def test_progress_counts_done_over_open_and_done_and_ignores_dropped(tmp_path: Path) -> None:
    project = (
        header()
        + milestone("m1", "A", 14, status="done")
        + milestone("m2", "B", 20)
        + milestone("m3", "C", 30, status="dropped")
        + task("t1", "x", 3, status="done")
        + task("t2", "y", 4, status="blocked")
        + task("t3", "z", 5, status="dropped")
        + log("c", -1)
    )
    s = summary(tmp_path, project)
    assert (s.done_items, s.total_items, s.progress) == (2, 4, 0.5)


def test_progress_of_an_empty_project_is_zero(tmp_path: Path) -> None:
    s = summary(tmp_path, header() + log("c", -1))
    assert (s.done_items, s.total_items, s.progress) == (0, 0, 0.0)


def test_next_milestone_is_the_earliest_due_that_is_not_done_or_dropped(tmp_path: Path) -> None:
    project = (
        header()
        + milestone("m0", "Undated", None)
        + milestone("m1", "Done early", -40, status="done")
        + milestone("m2", "Dropped", 1, status="dropped")
        + milestone("m3", "Later", 9)
        + milestone("m4", "Sooner", 3)
        + log("c", -1)
    )
    s = summary(tmp_path, project)
    assert (s.next_milestone_id, s.next_milestone_title, s.next_milestone_due, s.next_milestone_distance) == (
        "m4",
        "Sooner",
        TODAY + dt.timedelta(days=3),
        "in 3 days",
    )


def test_next_milestone_can_be_late(tmp_path: Path) -> None:
    s = summary(tmp_path, header() + milestone("m1", "Late", -5) + milestone("m2", "Later", 9) + log("c", -1))
    assert (s.next_milestone_id, s.next_milestone_distance) == ("m1", "5 days late")


def test_next_milestone_without_dates_is_the_first_open_one_and_without_any_is_none(tmp_path: Path) -> None:
    s = summary(
        tmp_path, header() + milestone("m1", "A", None, status="done") + milestone("m2", "B", None) + log("c", -1)
    )
    assert (s.next_milestone_id, s.next_milestone_title, s.next_milestone_due, s.next_milestone_distance) == (
        "m2",
        "B",
        None,
        None,
    )
    s = summary(tmp_path / "none", header() + log("c", -1))
    assert (s.next_milestone_id, s.next_milestone_title, s.next_milestone_due, s.next_milestone_distance) == (
        None,
        None,
        None,
        None,
    )


def test_waiting_on_client_counts_open_client_side_items_and_waiting_items_once(tmp_path: Path) -> None:
    project = (
        header()
        + log("c", -1)
        + milestone("m1", "Client export", 14, side="client", owner="bob", status="todo")  # client, open: 1
        + task("t1", "Client logo", 5, side="client", owner="bob", status="waiting")  # client and waiting: counted once
        + task("t2", "Our side waits on access", 5, status="waiting")  # waiting, our side: 1
        + task("t3", "Client done", 5, side="client", owner="bob", status="done")  # closed: no
        + task("t4", "Client dropped", 5, side="client", owner="bob", status="dropped")  # closed: no
        + task("t5", "Joint work", 5, side="joint", status="doing")  # neither: no
        + task("t6", "Ours but a client owner", 5, owner="bob", status="doing")
    )  # side team: no
    s = summary(tmp_path, project)
    assert s.waiting_on_client == 3


def test_last_check_in_is_the_latest_review_or_check_in_entry_up_to_today(tmp_path: Path) -> None:
    project = (
        header(check_in_every=None)
        + ON_TRACK.replace(log("checkin-1", -2), "")
        + log("c1", -9)
        + log("future", 3)
        + log("note", -1, "note")
    )
    s = summary(
        tmp_path,
        project,
        reviews=(review(-4), review(-6), review(2)),
        others={
            "workspace.toml": '[workspace]\nname = "T"\ntimezone = "Asia/Shanghai"\nteam = "us"\ncheck_in_every = 3\n'
        },
    )
    assert (s.last_check_in, s.days_since_check_in, s.check_in_every) == (TODAY - dt.timedelta(days=4), 4, 3)
    assert s.check_in_overdue is True
    assert s.health == "amber"  # 4 days against a cadence of 3 (from workspace.toml): overdue, not yet twice


def test_check_in_is_not_judged_for_projects_on_hold(tmp_path: Path) -> None:
    s = summary(tmp_path, header(status='"on_hold"') + milestone("m1", "Data export", 14) + log("c", -40))
    assert (s.days_since_check_in, s.check_in_overdue, s.health) == (40, False, "green")


def test_satisfaction_trend_is_chronological_across_reviews_and_feedback(tmp_path: Path) -> None:
    project = (
        header()
        + ON_TRACK
        + log("fb-late", -3, "feedback", 5)
        + log("fb-early", -30, "feedback", 3)
        + log("fb-noscore", -2, "feedback")
        + log("fb-future", 4, "feedback", 1)
        + log("fb-same-day", -10, "feedback", 2)
    )
    s = summary(tmp_path, project, reviews=(review(-10, satisfaction=4), review(-20), review(-25, satisfaction=2)))
    assert s.satisfaction_trend == [3, 2, 4, 2, 5]  # on the same day, the review comes before the log entry
    assert s.satisfaction == 5


def test_no_satisfaction_at_all(tmp_path: Path) -> None:
    s = summary(tmp_path, header() + ON_TRACK)
    assert (s.satisfaction, s.satisfaction_trend) == (None, [])


def test_findings_are_counted_for_their_own_project_only(tmp_path: Path) -> None:
    ws, findings = load(tmp_path, header() + ON_TRACK, others={"projects/crm-2.toml": header() + ON_TRACK})
    extra = [
        Finding(level="warning", code="X1", message="on the project", item=PID),
        Finding(level="warning", code="X2", message="on an item", item=f"{PID}/m1"),
        Finding(level="error", code="X3", message="in the file, no item", file=f"projects/{PID}.toml"),
        Finding(level="info", code="X4", message="not counted", item=PID),
        Finding(level="error", code="X5", message="a project whose id starts the same", item="crm-2/m1"),
        Finding(level="error", code="X6", message="workspace-wide", file="people.toml"),
    ]
    rows = {s.project_id: s for s in summarize_all(ws, TODAY, findings + extra)}
    assert (rows[PID].errors, rows[PID].warnings) == (1, 2)
    assert (rows["crm-2"].errors, rows["crm-2"].warnings) == (1, 0)
    assert texts(rows[PID]) == ["1 error on the project: X3 in the file, no item"]


def test_summarize_all_gives_one_row_per_project_in_order_equal_to_summarize(tmp_path: Path) -> None:
    others = {
        "projects/alpha.toml": header(status='"done"') + ON_TRACK,
        "projects/zulu.toml": header() + milestone("m1", "Late", -9) + log("c", -1),
    }
    files = {f"projects/{PID}.toml": header() + ON_TRACK, **others}
    ws, findings = load_workspace(write_ws(tmp_path, files))
    findings += check(ws, TODAY)
    rows = summarize_all(ws, TODAY, findings)
    assert [r.project_id for r in rows] == list(ws.projects)
    assert rows == [summarize(ws, pid, TODAY, findings) for pid in ws.projects]
    assert {r.project_id: r.health for r in rows} == {"alpha": "grey", PID: "green", "zulu": "red"}
    with pytest.raises(KeyError):
        summarize(ws, "nope", TODAY, findings)


def test_a_summary_is_frozen_plain_data() -> None:
    ws = R.Workspace(root=".", settings=R.Settings(), projects={"p": R.Project(title="P")})
    s = summarize(ws, "p", TODAY)
    with pytest.raises(AttributeError):
        s.health = "green"  # type: ignore[misc]
    assert (s.client_id, s.client_name, s.health) == (None, None, "green")


# --- the sample workspace and scale -------------------------------------------------


def test_the_sample_workspace_gets_sensible_colours() -> None:
    ws, findings = load_workspace(SAMPLE)
    findings += check(ws, TODAY)
    rows = summarize_all(ws, TODAY, findings)
    for r in rows:
        print(r.project_id, r.health, texts(r))
    assert len(rows) == len(ws.projects) >= 4
    healths = {r.project_id: r.health for r in rows}
    assert set(healths.values()) <= {"red", "amber", "green", "grey"}
    assert {"red", "amber"} & set(healths.values())
    assert "green" in healths.values()
    # acme-crm is slipping (a triggered risk with open steps, an overdue task,
    # two milestones past their baselines); it must not look healthy.
    if "acme-crm" in healths:
        assert healths["acme-crm"] in ("red", "amber")
    for r in rows:
        assert texts(r) and all(isinstance(x, str) and x for x in texts(r))
        assert 0.0 <= r.progress <= 1.0


def _big_workspace(projects: int = 500, items: int = 40) -> R.Workspace:
    """In memory: every other item overdue, some slipped and waiting, risks and log entries."""
    ps = {}
    for n in range(projects):
        ms, ts = {}, {}
        for i in range(items):
            due = TODAY + dt.timedelta(days=(i * 7 + n) % 60 - 30)
            fields = dict(
                title=f"Item {i}",
                due=due,
                status=("todo", "doing", "waiting", "done", "dropped")[i % 5],
                side=("team", "client", "joint")[i % 3],
                baseline_due=due - dt.timedelta(days=i % 4),
            )
            if i % 4 == 0:
                ms[f"m{i}"] = R.Milestone(**fields)
            else:
                ts[f"t{i}"] = R.Task(**fields)
        risks = {
            f"r{k}": R.Risk(
                title=f"Risk {k}",
                probability=k + 1,
                impact=5,
                status=("watching", "triggered")[k % 2],
                steps={"1": R.Step(text="x")},
            )
            for k in range(3)
        }
        log = {
            f"l{k}": R.LogEntry(on=TODAY - dt.timedelta(days=k * 5), kind=("check-in", "feedback")[k % 2], score=3)
            for k in range(4)
        }
        ps[f"p{n}"] = R.Project(
            title=f"P{n}",
            client="c",
            status="active",
            start=TODAY - dt.timedelta(days=90),
            due=TODAY + dt.timedelta(days=30),
            milestones=ms,
            tasks=ts,
            risks=risks,
            log=log,
            file=f"projects/p{n}.toml",
        )
    reviews = {
        f"r{n}": R.Review(project=f"p{n}", held_on=TODAY - dt.timedelta(days=3), satisfaction=4)
        for n in range(projects)
    }
    return R.Workspace(root=".", settings=R.Settings(), clients={"c": R.Client(name="C")}, projects=ps, reviews=reviews)


def test_summarize_all_scales_linearly() -> None:
    """500 projects x 40 items in well under 50 ms on a laptop; the bound here is loose for slow CI
    machines, but still catches findings or reviews being scanned once per project."""
    ws = _big_workspace()
    findings = [
        Finding(level=("error", "warning")[k % 2], code="X", message="m", item=f"p{k // 2 % 500}/t1")
        for k in range(5000)
    ]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        rows = summarize_all(ws, TODAY, findings)
        best = min(best, time.perf_counter() - start)
    assert len(rows) == 500
    assert rows[0].errors == 5 and rows[0].warnings == 5
    assert best < 0.25, f"summarize_all took {best * 1000:.0f} ms for 500 projects x 40 items"
