"""The Goals, Changes and Log views: their library helpers, their rows, their keys and snapshots."""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import time
from pathlib import Path

import pytest

from tests.helpers.app import app_on, settle, sync
from tests.helpers.workspace import SAMPLE, copy_sample, write_ws
from workspace_schema.core.records import ChangeRequest, Goal, LogEntry, Milestone, Project, Task
from workspace_schema.load.loader import load_workspace
from workspace_schema.views.change_list import change_order, log_newest_first, moves_of
from workspace_schema.views.goals import counts_down, goal_progress, missing_parts

D = dt.date


# --- goals (library) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "current", "target", "expected"),
    [
        (0, 2400, 12000, 0.2),
        (3200, 1900, 1500, 1300 / 1700),  # counts down: lower is better
        (48, 14, 0, 34 / 48),
        (58, 84, 90, 26 / 32),
        (0, 0, 10, 0.0),
        (0, 12, 10, 1.2),  # past the target
        (10, 5, 20, -0.5),  # went the wrong way
        (5, 5, 5, None),  # nothing to measure against
        (None, 5, 10, None),
        (0, None, 10, None),
        (0, 5, None, None),
    ],
)
def test_goal_progress(start, current, target, expected) -> None:
    got = goal_progress(Goal(start_value=start, current=current, target=target))
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_counts_down_only_when_the_target_is_below_the_start() -> None:
    assert counts_down(Goal(start_value=3200, target=1500))
    assert not counts_down(Goal(start_value=0, target=10))
    assert not counts_down(Goal(start_value=None, target=10))


def test_missing_parts_match_rule_goal001() -> None:
    from workspace_schema.rules import check

    assert missing_parts(Goal(metric="m", unit="u", start_value=0, target=1, due=D(2027, 1, 1), owner="a")) == []
    assert missing_parts(Goal(metric="", start_value=0, target=1)) == ["metric", "unit", "due", "owner"]
    ws, _ = load_workspace(SAMPLE)
    flagged = {f.item for f in check(ws, D(2026, 11, 27)) if f.code == "GOAL001"}
    computed = {f"{pid}/{gid}" for pid, p in ws.projects.items() for gid, g in p.goals.items() if missing_parts(g)}
    assert computed == flagged


# --- changes and log (library) ----------------------------------------------------------


def test_moves_go_from_the_baseline_and_say_where_the_item_stands() -> None:
    project = Project(
        milestones={"m": Milestone(title="M", due=D(2026, 12, 11), baseline_due=D(2026, 12, 4), status="waiting")},
        tasks={"t": Task(title="T", due=D(2026, 11, 24))},
    )
    change = ChangeRequest(moves={"m": D(2026, 12, 11), "t": D(2026, 12, 1), "ghost": D(2027, 1, 1)})
    m, t, ghost = moves_of(project, change)
    assert (m.kind, m.from_date, m.to, m.shift, m.applied, m.due, m.baseline_due) == (
        "milestone",
        D(2026, 12, 4),
        D(2026, 12, 11),
        7,
        True,
        D(2026, 12, 11),
        D(2026, 12, 4),
    )
    assert (t.kind, t.from_date, t.shift, t.applied) == ("task", D(2026, 11, 24), 7, False)
    assert (ghost.kind, ghost.from_date, ghost.shift) == (None, None, None)


def test_change_order_puts_decisions_waiting_first_then_newest() -> None:
    changes = {
        "old-approved": ChangeRequest(status="approved", requested_on=D(2026, 10, 1)),
        "rejected": ChangeRequest(status="rejected", requested_on=D(2026, 11, 20)),
        "new-approved": ChangeRequest(status="approved", requested_on=D(2026, 11, 1)),
        "proposed": ChangeRequest(status="proposed", requested_on=D(2026, 9, 1)),
        "undated": ChangeRequest(status="approved"),
    }
    assert change_order(changes) == ["proposed", "new-approved", "old-approved", "undated", "rejected"]


def test_log_newest_first_later_in_the_file_first_on_the_same_day() -> None:
    log = {
        "a": LogEntry(on=D(2026, 11, 20)),
        "b": LogEntry(on=D(2026, 11, 26)),
        "c": LogEntry(on=D(2026, 11, 20)),
        "undated": LogEntry(),
        "d": LogEntry(on=D(2026, 10, 1)),
    }
    assert log_newest_first(log) == ["b", "c", "a", "d", "undated"]


# --- the views --------------------------------------------------------------------------


async def open_view(app, pilot, project: str, area: str):
    from tui.screens.project import ProjectScreen

    await settle(pilot)
    await app.push_screen(ProjectScreen(project, tab=area))
    await pilot.pause()
    return app.screen.query_one(f"#view-{area}")


def head_keys(view) -> list[str]:
    return [k[0] for k in view.row_keys if k is not None and len(k) == 1]


def plain(view) -> str:
    return "\n".join(row.plain for row in view.rows)


@sync
async def test_goals_show_start_current_target_and_progress() -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_view(app, pilot, "huamei-miniapp", "goals")
        assert head_keys(view) == ["huiyuan-qianyi-7fmq", "shouping-xingneng-2kbd"]
        text = plain(view)
        assert "3,200 → 1,900 → 1,500 ms  (lower is better)" in text
        assert " 76% " in text
        assert "0 → 0 → 320,000 条" in text
        assert "门店数据迁移-7k2m" in text
        assert ("huiyuan-qianyi-7fmq", "门店数据迁移-7k2m") in view.row_keys  # milestones are selectable
        assert view.focus_item("shouping-xingneng-2kbd")
        assert view.selected_key() == ("shouping-xingneng-2kbd",)


@sync
async def test_goals_flag_missing_parts_and_findings(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    path = root / "projects/acme-crm.toml"
    text = (
        path.read_text("utf-8")
        .replace('unit = "reps"\n', "")
        .replace(
            'milestones = ["sales-pilot-2jvc", "go-live-5mfe"]',
            'milestones = ["sales-pilot-2jvc", "go-live-5mfe", "nope"]',
        )
    )
    text = text.replace(
        'due = 2027-03-26\nowner = "hannah"\nmilestones', 'due = 2027-03-01\nowner = "hannah"\nmilestones'
    )
    path.write_text(text, "utf-8")
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_view(app, pilot, "acme-crm", "goals")
        text = plain(view)
        assert "missing   unit: not a SMART goal until these are set" in text
        assert "GOAL001" not in text  # said by the "missing" line
        assert (
            "GOAL003 goal `reps-active-q4hn` is due 2027-03-01 but its milestone `go-live-5mfe` is due 2027-03-19"
            in text
        )
        assert "nope: not a milestone of this project" in text


@sync
async def test_changes_show_status_people_reason_and_moves() -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_view(app, pilot, "acme-crm", "changes")
        assert head_keys(view) == ["export-slip-w8d1"]
        text = plain(view)
        assert "approved" in view.rows[view.row_keys.index(("export-slip-w8d1",))].plain
        assert "by bkim on 2026-11-18 · approved by hannah on 2026-11-20" in text
        assert "data-export-k3f9: 2026-12-04 → 2026-12-11 (+7 days)" in text
        assert "now due 2026-12-11, baseline 2026-12-04" in text
        assert "Ben Kim is on medical leave" in text
        assert "not applied" not in text
        assert ("export-slip-w8d1", "data-export-k3f9") in view.row_keys


@sync
async def test_a_proposed_change_says_how_long_it_waits() -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_view(app, pilot, "huamei-miniapp", "changes")
        text = plain(view)
        assert "1 waiting for a decision" in text
        assert "by wangwei on 2026-11-25 · waiting for a decision for 2 days" in text
        assert "门店数据迁移-7k2m: 2026-11-24 → 2026-12-04 (+10 days)" in text


GO_LIVE_SLIP = """
[changes.golive-slip-x1y2]
summary = "Go-live two weeks later"
requested_by = "dgreen"
requested_on = 2026-11-26
reason = "Acme's reps are in training until March"
status = "proposed"
moves = { go-live-5mfe = 2027-04-02 }
"""


def pane_text(app) -> str:
    pane = app.screen.query_one("#impact-pane")
    return str(pane.render()) if pane.display else ""


@sync
async def test_the_impact_pane_follows_the_cursor_and_i_hides_it(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    path = root / "projects/acme-crm.toml"
    path.write_text(path.read_text("utf-8") + GO_LIVE_SLIP, "utf-8")
    app = app_on(root)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, "acme-crm", "changes")
        assert view.selected_record() == "golive-slip-x1y2"  # proposed first
        text = pane_text(app)
        assert "If approved · decides: dgreen" in text
        assert "go-live-5mfe  2027-03-19 → 2027-04-02   +14 days  requested" in text
        assert "project due 2027-03-26 → 2027-04-02 (+7 days)" in text
        await pilot.press("down")  # the change's move: still the same change
        assert "If approved" in pane_text(app)
        await pilot.press("end")
        assert view.selected_record() == "export-slip-w8d1"
        text = pane_text(app)
        assert "Approved by hannah on 2026-11-20 · its moves as the plan stands now" in text
        assert "data-export-k3f9  2026-12-11 → 2026-12-11" in text and "project due stays 2027-03-26" in text
        assert "If approved" not in text
        await pilot.press("i")
        assert pane_text(app) == ""
        await pilot.press("home", "i")
        assert "If approved" in pane_text(app)


@sync
async def test_no_impact_pane_without_change_requests() -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_view(app, pilot, "acme-tracking", "changes")
        assert pane_text(app) == ""


@sync
async def test_log_is_newest_first_with_kind_channel_people_and_score() -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_view(app, pilot, "acme-crm", "log")
        assert head_keys(view) == [
            "cto-hard-to-reach-4vqx",  # internal, the same day as the call
            "status-call-z7pe",
            "readonly-request-5hfa",
            "slip-feedback-8kcm",
            "review-decision-n2qd",
            "ben-leave-6ywa",
            "sandbox-demo-3r8t",
        ]
        first = view.rows[view.row_keys.index(("status-call-z7pe",))].plain
        for part in ("2026-11-26", "check-in", "call", "hannah → dgreen", "data-export-k3f9, readonly-account-w3nr"):
            assert part in first
        assert "feedback 3/5" in view.rows[view.row_keys.index(("slip-feedback-8kcm",))].plain
        assert "last check-in 2026-11-26 (1 day ago)" in plain(view)
        assert "Thursday status call. Export on track for 2026-12-11" in plain(view)


@sync
async def test_detail_lines_are_skipped_and_home_shows_the_header() -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_view(app, pilot, "acme-crm", "log")
        keys = [view.selected_key()]
        for _ in range(6):
            await pilot.press("down")
            keys.append(view.selected_key())
        assert [k[0] for k in keys] == head_keys(view)
        await pilot.press("end")
        assert view.selected_key() == ("sandbox-demo-3r8t",)
        assert view.scroll_offset.y > 0
        await pilot.press("home")
        assert view.selected_key() == ("cto-hard-to-reach-4vqx",)
        assert view.scroll_offset.y == 0


@sync
async def test_enter_shows_the_milestone_or_item_in_the_timeline() -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_view(app, pilot, "acme-crm", "goals")
        await pilot.press("down", "down", "enter")  # the goal, its first milestone, its second
        await settle(pilot)
        assert app.screen.active_area == "timeline"
        timeline = app.screen.query_one("#view-timeline")
        assert app.focused is timeline
        assert timeline.selected_ref() == "acme-crm/contact-import-b6nx"
        await pilot.press("5")  # the changes tab: enter on the change goes to its first move
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert timeline.selected_ref() == "acme-crm/data-export-k3f9"
        await pilot.press("6", "down", "down", "enter")  # the log's third entry is about the read-only account task
        await settle(pilot)
        assert timeline.selected_ref() == "acme-crm/readonly-account-w3nr"
        assert view is not None


@sync
async def test_every_binding_has_an_id_and_each_view_has_help() -> None:
    from tui.widgets.changes import ChangesView
    from tui.widgets.checklist import ChecklistView
    from tui.widgets.goals import GoalsView
    from tui.widgets.log import LogView

    for view in (ChecklistView, GoalsView, ChangesView, LogView):
        assert view.HELP.startswith("# ")
        for binding in view.BINDINGS:
            assert binding.id and binding.id.startswith(view.AREA + "."), binding
            assert binding.description


# --- speed -------------------------------------------------------------------------------


def big_project(entries: int = 2000, risks: int = 300) -> str:
    out = ['[project]\ntitle = "Big"\nclient = "acme"\nowner = "alice"\nstart = 2026-01-05\n']
    for i in range(risks):
        out.append(
            f'[risks.r{i}]\ntitle = "Risk {i}"\nprobability = {1 + i % 5}\nimpact = {1 + i // 5 % 5}\nowner = "alice"\n'
            f'trigger = "t{i}"\nstatus = "{"triggered" if i % 10 == 0 else "watching"}"\ndrill_every = 30\nlast_drill = 2026-10-01\n'
        )
        for s in (1, 2, 3):
            out.append(
                f'[risks.r{i}.steps.{s}]\ntext = "step {s}"\nowner = "alice"\ndone = {"true" if s == 1 else "false"}\n'
            )
    for i in range(entries):
        out.append(
            f'[log.l{i}]\non = 2026-{1 + i % 11:02d}-{1 + i % 27:02d}\nby = "alice"\nwith = ["bob"]\nkind = "nudge"\n'
            f'summary = "Entry {i}: a summary long enough to be a real one, about the export and its date"\n'
        )
    return "\n".join(out)


async def time_keys(app, area: str, keys: list[str]) -> list[float]:
    """Milliseconds from each key event until the screen is composed again (as tests/app/test_timeline.py)."""
    from textual import events

    out = []
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_view(app, pilot, "big", area)
        assert len(view.rows) > 1000
        for key in keys:
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(app)
            t0 = time.perf_counter()
            app._driver.send_message(event)
            await pilot._wait_for_screen()
            app.screen._on_timer_update()
            out.append((time.perf_counter() - t0) * 1000)
            await pilot.pause()
    return out


def test_keys_stay_fast_on_a_huge_project(tmp_path: Path) -> None:
    root = write_ws(tmp_path, {"projects/big.toml": big_project()})
    moves = ["down"] * 8 + ["pagedown", "end", "up", "pageup", "home"]
    log = asyncio.run(time_keys(app_on(root), "log", moves))
    checklist = asyncio.run(time_keys(app_on(root), "checklist", moves + ["enter", "down", "left", "right", "enter"]))
    for name, times in (("log, 2,000 entries", log), ("checklist, 300 risks", checklist)):
        print(f"\n{name}: {len(times)} keys, median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")
        assert statistics.median(times) < 50  # the budget is 50 ms a key; the median leaves room for a busy machine


# --- snapshots ----------------------------------------------------------------------------


def snapshot(project: str, area: str, size=(120, 40)):
    app = app_on(SAMPLE)

    async def run_before(pilot) -> None:
        await open_view(app, pilot, project, area)
        await settle(pilot)

    return app, run_before, size


@pytest.mark.parametrize("project", ["acme-crm", "huamei-miniapp"])
@pytest.mark.parametrize("area", ["goals", "changes", "log"])
def test_snapshot(snap_compare, area: str, project: str) -> None:
    app, run_before, size = snapshot(project, area)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("area", ["goals", "changes", "log"])
def test_snapshot_narrow(snap_compare, area: str) -> None:
    app, run_before, size = snapshot("huamei-miniapp", area, (80, 24))
    assert snap_compare(app, terminal_size=size, run_before=run_before)
