"""The Contingency checklist: risk order, heat and drills (library), keys that edit one line (app)."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest
from rich.text import Text

from tests.helpers.app import app_on, settle, sync
from tests.helpers.workspace import SAMPLE, copy_sample
from workspace_schema.core.records import Risk, Step
from workspace_schema.views.contingency import drill_status, heat, plan_progress, risk_order

TODAY = dt.date(2026, 11, 27)
ACME = "projects/acme-crm.toml"


# --- library ------------------------------------------------------------------------


def test_heat_bands_follow_the_issue_thresholds() -> None:
    assert [heat(s) for s in (25, 15, 14, 8, 7, 1)] == ["high", "high", "medium", "medium", "low", "low"]


def test_risks_are_ordered_triggered_first_then_by_score_closed_last() -> None:
    risks = {
        "small": Risk(probability=1, impact=2),
        "closed-big": Risk(probability=5, impact=5, status="closed"),
        "big": Risk(probability=4, impact=5),
        "fired": Risk(probability=2, impact=2, status="triggered"),
        "tie-a": Risk(probability=2, impact=3),
        "tie-b": Risk(probability=3, impact=2),
    }
    assert risk_order(risks) == ["fired", "big", "tie-a", "tie-b", "small", "closed-big"]


@pytest.mark.parametrize(
    ("every", "last", "state", "text"),
    [
        (30, dt.date(2026, 10, 20), "overdue", "drill overdue by 8 days"),  # due 11-19
        (30, dt.date(2026, 10, 27), "overdue", "drill overdue by 1 day"),
        (30, dt.date(2026, 10, 28), "due", "drill due today"),
        (30, dt.date(2026, 10, 29), "due", "drill due in 1 day"),
        (90, dt.date(2026, 10, 2), "due", "drill due in 34 days"),
        (30, None, "never", "never drilled"),
        (None, dt.date(2026, 1, 1), "none", "no drills"),
        (0, None, "none", "no drills"),
    ],
)
def test_drill_status_text(every: int | None, last: dt.date | None, state: str, text: str) -> None:
    status = drill_status(Risk(drill_every=every, last_drill=last), TODAY)
    assert (status.state, status.text) == (state, text)


def test_drill_overdue_agrees_with_rule_risk002() -> None:
    from workspace_schema.load.loader import load_workspace
    from workspace_schema.rules import check

    ws, _ = load_workspace(SAMPLE)
    flagged = {f.item for f in check(ws, TODAY) if f.code == "RISK002"}
    overdue = {
        f"{pid}/{rid}"
        for pid, p in ws.projects.items()
        for rid, r in p.risks.items()
        if r.status != "closed" and drill_status(r, TODAY).state in ("overdue", "never")
    }
    assert overdue == flagged == {"acme-crm/holiday-freeze-p7q2"}


def test_plan_progress_counts_done_steps() -> None:
    risk = Risk(steps={"1": Step(done=True), "2": Step(), "3": Step()})
    assert plan_progress(risk) == (1, 3)
    assert plan_progress(Risk()) == (0, 0)


# --- the app -------------------------------------------------------------------------


async def open_checklist(app, pilot, project: str = "acme-crm"):
    from tui.screens.project import ProjectScreen
    from tui.widgets.checklist import ChecklistView

    await settle(pilot)
    await app.push_screen(ProjectScreen(project, tab="checklist"))
    await pilot.pause()
    return app.screen.query_one(ChecklistView)


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@sync
async def test_rows_put_the_triggered_risk_first_with_its_active_plan(tmp_path: Path) -> None:
    app = app_on(copy_sample(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_checklist(app, pilot)
        heads = [view.rows[i].plain for i, k in enumerate(view.row_keys) if k is not None and len(k) == 1]
        assert [k[0] for k in view.row_keys if k is not None and len(k) == 1] == [
            "export-owner-away-r5tb",
            "holiday-freeze-p7q2",
            "reps-ignore-crm-k2vm",
        ]
        assert "ACTIVE PLAN 1/3 steps done" in heads[0]
        assert "drill overdue by 8 days" in heads[1]
        assert "drill due in 65 days" in heads[2]
        assert view.selected_ref() == "acme-crm/export-owner-away-r5tb"
        # the triggered risk is open (its steps show), the watching ones are not
        assert ("export-owner-away-r5tb", "2") in view.row_keys
        assert not any(k and k[0] == "holiday-freeze-p7q2" and len(k) == 2 for k in view.row_keys)


@sync
async def test_space_on_a_step_changes_exactly_its_done_line(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    before = (root / ACME).read_text("utf-8")
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_checklist(app, pilot)
        await pilot.press("down", "down")  # the risk, step 1, step 2
        assert view.selected_key() == ("export-owner-away-r5tb", "2")
        await pilot.press("space")
        await settle(pilot)
        after = (root / ACME).read_text("utf-8")
        assert changed_lines(before, after) == ["-done = false", "+done = true"]
        # it is step 2's line that changed
        step2 = before.index("[risks.export-owner-away-r5tb.steps.2]")
        assert after[:step2] == before[:step2]
        assert "ACTIVE PLAN 2/3 steps done" in view.rows[view.row_keys.index(("export-owner-away-r5tb",))].plain
        assert view.selected_key() == ("export-owner-away-r5tb", "2")  # the cursor stays put across the reload


@sync
async def test_shift_t_triggers_a_watching_risk(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    before = (root / ACME).read_text("utf-8")
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_checklist(app, pilot)
        assert view.focus_item("holiday-freeze-p7q2")
        await pilot.press("T")
        await settle(pilot)
        after = (root / ACME).read_text("utf-8")
        diff = changed_lines(before, after)
        assert sorted(diff) == sorted(['-status = "watching"', '+status = "triggered"', "+triggered_on = 2026-11-27"])
        freeze = after.index("[risks.holiday-freeze-p7q2]")
        assert (
            after.index('status = "triggered"', freeze)
            < after.index("triggered_on = 2026-11-27")
            < after.index("[risks.holiday-freeze-p7q2.steps.1]")
        )
        # both triggered now: the higher score leads, and its plan is open and active
        heads = [k[0] for k in view.row_keys if k is not None and len(k) == 1]
        assert heads[:2] == ["holiday-freeze-p7q2", "export-owner-away-r5tb"]
        assert "ACTIVE PLAN 0/2 steps done" in view.rows[view.row_keys.index(("holiday-freeze-p7q2",))].plain
        assert ("holiday-freeze-p7q2", "1") in view.row_keys
        assert view.selected_ref() == "acme-crm/holiday-freeze-p7q2"


@sync
async def test_shift_t_on_a_triggered_risk_writes_nothing(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    before = (root / ACME).read_text("utf-8")
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_checklist(app, pilot)
        await pilot.press("T")
        await settle(pilot)
    assert (root / ACME).read_text("utf-8") == before


@sync
async def test_d_records_a_drill_held_today(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    before = (root / ACME).read_text("utf-8")
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_checklist(app, pilot)
        view.focus_item("holiday-freeze-p7q2")
        await pilot.press("d")
        await settle(pilot)
        after = (root / ACME).read_text("utf-8")
        assert changed_lines(before, after) == [
            "-last_drill = 2026-10-20         # last walk-through; the November one was skipped",
            "+last_drill = 2026-11-27         # last walk-through; the November one was skipped",
        ]
        assert "drill due in 30 days" in view.rows[view.row_keys.index(("holiday-freeze-p7q2",))].plain


@sync
async def test_open_and_closed_risks_survive_a_reload(tmp_path: Path) -> None:
    app = app_on(copy_sample(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_checklist(app, pilot)
        await pilot.press("enter")  # close the triggered risk
        view.focus_item("reps-ignore-crm-k2vm")
        await pilot.press("right")  # open a watching one
        await pilot.pause()
        assert ("reps-ignore-crm-k2vm", "1") in view.row_keys
        assert ("export-owner-away-r5tb", "1") not in view.row_keys
        app.reload()
        await settle(pilot)
        assert ("reps-ignore-crm-k2vm", "1") in view.row_keys
        assert ("export-owner-away-r5tb", "1") not in view.row_keys
        assert view.selected_ref() == "acme-crm/reps-ignore-crm-k2vm"
        await pilot.press("down", "left")  # left on a step closes its risk and goes to it
        await pilot.pause()
        assert ("reps-ignore-crm-k2vm", "1") not in view.row_keys
        assert view.selected_key() == ("reps-ignore-crm-k2vm",)


@sync
async def test_the_cursor_skips_detail_lines(tmp_path: Path) -> None:
    app = app_on(copy_sample(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_checklist(app, pilot)
        seen = [view.selected_key()]
        for _ in range(8):
            await pilot.press("down")
            seen.append(view.selected_key())
        assert None not in seen
        assert seen[:6] == [
            ("export-owner-away-r5tb",),
            ("export-owner-away-r5tb", "1"),
            ("export-owner-away-r5tb", "2"),
            ("export-owner-away-r5tb", "3"),
            ("holiday-freeze-p7q2",),
            ("reps-ignore-crm-k2vm",),
        ]
        await pilot.press("home")
        assert view.selected_key() == ("export-owner-away-r5tb",)
        assert view.scroll_offset.y == 0


@sync
async def test_a_finding_on_a_risk_opens_the_checklist_there(tmp_path: Path) -> None:
    from tui.screens.project import ProjectScreen
    from tui.widgets.checklist import ChecklistView

    app = app_on(copy_sample(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(ProjectScreen("acme-crm", item="holiday-freeze-p7q2"))
        await settle(pilot)
        view = app.screen.query_one(ChecklistView)
        assert app.focused is view
        assert view.selected_ref() == "acme-crm/holiday-freeze-p7q2"


@sync
async def test_titles_are_shown_literally(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    path = root / ACME
    text = path.read_text("utf-8").replace(
        'title = "Reps keep working in spreadsheets after go-live"',
        'title = "[red]Reps[/red] \\u001b[31mkeep\\u001b[0m"',
    )
    path.write_text(text, "utf-8")
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_checklist(app, pilot)
        row = view.rows[view.row_keys.index(("reps-ignore-crm-k2vm",))]
        assert isinstance(row, Text)
        assert "[red]Reps[/red] \ufffd[31mkeep\ufffd[0m" in row.plain


# --- snapshots -----------------------------------------------------------------------


def snapshot_app(project: str, keys: tuple[str, ...] = ()):
    app = app_on(SAMPLE)  # read only: no key below edits

    async def run_before(pilot) -> None:
        await open_checklist(app, pilot, project)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)

    return app, run_before


def test_snapshot_collapsed(snap_compare) -> None:
    app, run_before = snapshot_app("huamei-miniapp")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_snapshot_expanded(snap_compare) -> None:
    app, run_before = snapshot_app("huamei-miniapp", ("enter", "down", "down", "down", "right"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_snapshot_triggered(snap_compare) -> None:
    app, run_before = snapshot_app("acme-crm", ("down", "down"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_snapshot_narrow(snap_compare) -> None:
    app, run_before = snapshot_app("acme-crm")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
