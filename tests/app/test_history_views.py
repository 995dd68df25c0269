"""The audit trail in the app: the History tab's feed and filters, the trend chart, last changes and slips.

Every test builds a real repository in tmp_path from a copy of the sample,
with a history of dated commits by different people (GIT_AUTHOR_* and
GIT_COMMITTER_* set per commit), made as ducu makes them (edits.set_fields,
then one commit with Change.message()) and once by hand. Fixed dates,
identities and contents make the commit ids the same on every run, so the
snapshots show them as they are.

The story of acme-crm (the sample as it is on 2026-11-27 is where it ends):
- 2026-09-04 Hannah commits the plan: the export and the Outlook sync due
  2026-12-04, go-live 2027-03-26, the sandbox configuration still doing;
- 2026-10-15 Hannah pulls go-live in to 2027-03-19 (Acme's fiscal year);
- 2026-10-29 Raj marks the sandbox configuration done;
- 2026-11-10 Raj moves the Outlook sync to 2026-12-11;
- 2026-11-20 Ben Kim (Acme) moves the export to 2026-12-11: DBA on leave;
- 2026-11-24 Raj moves the Outlook sync again, to 2026-12-18, by hand in
  his editor (a commit without ducu's trailers or a reason).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import shutil
import statistics
import subprocess
import time
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual import events
from textual.widgets import OptionList, Static

from tests.helpers.app import settle, sync
from tests.helpers.workspace import SAMPLE, copy_sample
from tui.app import make_app
from tui.history_app import HistoryProgress, HistoryReady
from tui.render import mta_layout
from tui.render.history_facts import Facts, facts, last_change_text, slip_text, trust_text
from tui.render.mta_layout import render, series_from
from tui.screens.dashboard import DashboardScreen
from tui.screens.edit_form import EditForm
from tui.screens.pick_person import PickPersonScreen
from tui.screens.project import ProjectScreen
from tui.widgets.history import HistoryView, TrendChart
from tui.widgets.timeline import TimelineView
from workspace_schema.core.clock import frozen
from workspace_schema.edit import edits
from workspace_schema.git import runner as git
from workspace_schema.history import trail as history
from workspace_schema.history.index import IndexData
from workspace_schema.history.slips import mta, slips
from workspace_schema.load.loader import load_workspace

D = dt.date
HANNAH = ("Hannah Okafor", "hannah@northwind.digital")
RAJ = ("Raj Patel", "raj@northwind.digital")
BEN = ("Ben Kim", "ben.kim@acme-logistics.com")
PLAN = "projects/acme-crm.toml"
EXPORT = "acme-crm/data-export-k3f9"
OUTLOOK = "acme-crm/email-integration-9dkp"
GO_LIVE = "acme-crm/go-live-5mfe"
CONFIG = "acme-crm/crm-config-h8rw"


def _env(who: tuple[str, str], when: str) -> dict[str, str]:
    name, email = who
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def _ducu_edit(root: Path, ref: str, values: dict, who: tuple[str, str], when: str, reason: str | None = None) -> str:
    """An edit as ducu makes it: edits.set_fields, then one commit of that file with the change's message."""
    ws, _ = load_workspace(root)
    change = edits.set_fields(ws, ref, values, reason=reason)
    return git.commit(root, [change.file], change.message(), env=_env(who, when))


def build_repo(where: Path) -> Path:
    """A copy of the sample whose acme-crm plan got where it is through the commits in the module's docstring."""
    root = copy_sample(where)
    plan = root / PLAN
    # Back to 2026-09-04: the dates and the status before the story's edits.
    _replace(
        plan,
        "due = 2026-12-11                # moved by the approved change",
        "due = 2026-12-04                # moved by the approved change",
    )
    _replace(
        plan,
        "due = 2026-12-18                # Raj moved the forecast",
        "due = 2026-12-04                # Raj moved the forecast",
    )
    text = plan.read_text("utf-8")
    go_live = text.index("[milestones.go-live-5mfe]")
    plan.write_text(text[:go_live] + text[go_live:].replace("due = 2027-03-19", "due = 2027-03-26", 1), "utf-8")
    text = plan.read_text("utf-8")
    config = text.index("[milestones.crm-config-h8rw]")
    block = text[config:].replace('status = "done"', 'status = "doing"', 1).replace("done_on = 2026-10-29\n", "", 1)
    plan.write_text(text[:config] + block, "utf-8")
    git.init(root)
    git.commit(root, ["."], "Start the plan for Acme's CRM rollout\n", env=_env(HANNAH, "2026-09-04T09:00:00+01:00"))
    _ducu_edit(
        root,
        GO_LIVE,
        {"due": D(2027, 3, 19)},
        HANNAH,
        "2026-10-15T11:00:00+01:00",
        reason="Acme wants go-live before its fiscal year ends",
    )
    _ducu_edit(root, CONFIG, {"status": "done", "done_on": D(2026, 10, 29)}, RAJ, "2026-10-29T17:30:00+00:00")
    _ducu_edit(
        root,
        OUTLOOK,
        {"due": D(2026, 12, 11)},
        RAJ,
        "2026-11-10T10:00:00+00:00",
        reason="Graph API permissions pending at Acme",
    )
    _ducu_edit(
        root, EXPORT, {"due": D(2026, 12, 11)}, BEN, "2026-11-20T15:00:00-05:00", reason="DBA on leave until 12-01"
    )
    _replace(
        plan,
        "due = 2026-12-11                # Raj moved the forecast",
        "due = 2026-12-18                # Raj moved the forecast",
    )
    git.commit(root, [PLAN], "outlook sync: another week\n", env=_env(RAJ, "2026-11-24T16:00:00+00:00"))
    return root


@pytest.fixture(scope="module")
def repo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_repo(tmp_path_factory.mktemp("history"))


@pytest.fixture
def repo(tmp_path: Path, repo_template: Path) -> Path:
    """A fresh copy of the repository (the app writes its caches into .git)."""
    return Path(shutil.copytree(repo_template, tmp_path / "ws", symlinks=True))


def app_on(root: Path):
    app = make_app(root, frozen("2026-11-27"), watch=False)
    app.read_history = True
    return app


async def open_project(app, pilot, tab: str, focus_item: str | None = None):
    await settle(pilot)
    await app.push_screen(ProjectScreen("acme-crm", item=focus_item, tab=tab))
    await settle(pilot)
    return app.screen


def feed_lines(view: HistoryView) -> list[str]:
    return [view.feed.rows[n].plain.rstrip() for n in range(len(view.feed.rows))]


def head_text(view: HistoryView) -> str:
    return str(view.query_one("#history-head", Static).render())


def detail_text(view: HistoryView) -> str:
    return str(view.query_one("#history-detail", Static).render())


def timeline_detail(view: TimelineView) -> list[str]:
    return [line.plain.rstrip() for line in view._detail()]


# --- the index behind the views ------------------------------------------------------------


def test_last_change_lookup_is_the_index_answer(repo: Path) -> None:
    index = history.build_index(repo)
    known = Facts(index)
    ws, _ = load_workspace(repo)
    project = ws.projects["acme-crm"]
    refs = [
        "acme-crm",
        *(
            f"acme-crm/{i}"
            for table in (project.milestones, project.tasks, project.risks, project.goals)
            for i in table
        ),
    ]
    fields = [
        "due",
        "status",
        "title",
        "owner",
        "raci",
        "raci.accountable",
        "done_on",
        "start",
        "steps",
        "steps.1.done",
    ]
    checked = 0
    for ref in refs:
        for field in fields:
            want = index.last_change(ref, field)
            got = known.last(ref, field)
            assert (got.sha, got.field, got.change) == (want.sha, want.field, want.change) if want else got is None, (
                ref,
                field,
            )
            checked += want is not None
    assert checked > 50
    assert facts(index) is facts(index)  # kept per index


def test_trust_words_claim_only_what_git_said() -> None:
    base = dict(
        ref="a/b",
        field="due",
        change="set",
        old=None,
        new=None,
        table="milestones",
        file="f",
        sha="0" * 40,
        author="A",
        email="a@x",
        date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        day=dt.date(2026, 1, 1),
        reason=None,
        subject="s",
        by_ducu=True,
    )
    words = {
        sig: trust_text(history.FieldChange(**base, signature=sig, trust=history.TRUST[sig])).plain
        for sig in history.TRUST
    }
    assert words["G"] == "✓ signed"
    assert words["N"] == ""
    assert all("✓" not in word and word != "signed" for sig, word in words.items() if sig != "G")
    assert words["B"] == "✗ bad sig" and words["E"] == "unchecked"


# --- the feed -------------------------------------------------------------------------------------


@sync
async def test_feed_lists_the_projects_changes_newest_first(repo: Path) -> None:
    app = app_on(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_project(app, pilot, "history")
        view = screen.query_one(HistoryView)
        lines = feed_lines(view)
        assert len(lines) == len(view.entries) == len(history.build_index(repo).project("acme-crm"))
        top = [line.split() for line in lines[:6]]
        assert [(t[0], t[1]) for t in top] == [  # days in the workspace's timezone (Asia/Shanghai)
            ("2026-11-25", "Raj"),  # 16:00 UTC on the 24th
            ("2026-11-21", "Ben"),  # 15:00 in New York on the 20th
            ("2026-11-10", "Raj"),
            ("2026-10-30", "Raj"),  # 17:30 UTC on the 29th
            ("2026-10-30", "Raj"),
            ("2026-10-15", "Hannah"),
        ]
        assert "due 2026-12-11 → 2026-12-18" in lines[0] and "unsigned" in lines[0]
        assert "due 2026-12-04 → 2026-12-11" in lines[1] and "DBA on leave" in lines[1]
        assert 'status "doing" → "done"' in lines[3] and "done_on (none) → 2026-10-29" in lines[4]
        assert "Acme wants go-liv…" in lines[5]  # the reason, cut to its column
        assert all("added" in line for line in lines[6:])  # the first commit added every record
        shas = {c.short for c in view.entries}
        assert all(line.split()[-2] in shas for line in lines)  # the commit column, then git's word for its signature
        assert "43 changes" in head_text(view) or f"{len(lines)} changes" in head_text(view)
        detail = detail_text(view)
        assert "milestone email-integration-9dkp" in detail
        assert "by Raj Patel <raj@northwind.digital> on 2026-11-24 16:00 +0000" in detail
        assert "a hand edit" in detail and "no reason given" in detail
        await pilot.press("down")
        assert "why: DBA on leave until 12-01" in detail_text(view) and "made in ducu" in detail_text(view)


@sync
async def test_item_filter_from_the_timeline_and_from_a_line(repo: Path) -> None:
    app = app_on(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_project(app, pilot, "timeline", focus_item="email-integration-9dkp")
        await pilot.press("7")
        await settle(pilot)
        view = screen.query_one(HistoryView)
        assert view.context_ref == OUTLOOK
        await pilot.press("i")
        assert {c.ref for c in view.entries} == {OUTLOOK}
        assert [(c.change, c.field, c.day) for c in view.entries] == [
            ("set", "due", D(2026, 11, 25)),  # Shanghai's day (the workspace's timezone)
            ("set", "due", D(2026, 11, 10)),
            ("added", "", D(2026, 9, 4)),
        ]
        assert "only email-integration-9dkp" in head_text(view)
        await pilot.press("i")
        assert len(view.entries) > 3
        await pilot.press("down", "enter")  # Ben Kim's move of the export
        assert {c.ref for c in view.entries} == {EXPORT} and len(view.entries) == 2
        await pilot.press("enter")  # again: go to the item in its view
        await settle(pilot)
        timeline = screen.query_one(TimelineView)
        assert screen.active_view() is timeline and timeline.selected_id() == "data-export-k3f9"


@sync
async def test_person_filter_shows_their_last_30_days(repo: Path) -> None:
    app = app_on(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_project(app, pilot, "history")
        view = screen.query_one(HistoryView)
        await pilot.press("p")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickPersonScreen)
        options = picker.query_one(OptionList)
        ids = [options.get_option_at_index(n).id for n in range(options.option_count)]
        assert ids[:3] == ["\0", "raj", "bkim"]  # everyone, then by changes in the last 30 days
        options.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        assert view.person == "raj"
        assert [(c.day, c.field) for c in view.entries] == [
            (D(2026, 11, 25), "due"),  # days in the workspace's timezone
            (D(2026, 11, 10), "due"),
            (D(2026, 10, 30), "status"),
            (D(2026, 10, 30), "done_on"),
        ]
        assert "by Raj Patel since 2026-10-28" in head_text(view)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("home", "enter")  # everyone
        await settle(pilot)
        assert view.person is None and len(view.entries) > 4


@sync
async def test_progress_is_shown_while_the_history_is_read(repo: Path) -> None:
    app = app_on(repo)
    app.read_history = False  # no build: the messages come from the test
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_project(app, pilot, "history")
        view = screen.query_one(HistoryView)
        assert "History is read from git" in head_text(view)
        app.post_message(HistoryProgress(12, 40))
        await pilot.pause()
        assert "Reading history… 12/40 commits" in head_text(view)
        index = history.build_index(repo)
        app.post_message(HistoryReady(index))
        await pilot.pause()
        assert app.history is index and app.history_progress is None
        assert f"{len(index.project('acme-crm'))} changes" in head_text(view)


@sync
async def test_without_history_the_views_are_as_before() -> None:
    app = make_app(SAMPLE, frozen("2026-11-27"), watch=False)  # the sample sits in ducu's own repository: no history
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_project(app, pilot, "timeline", focus_item="email-integration-9dkp")
        assert app.history is None
        timeline = screen.query_one(TimelineView)
        assert len(timeline_detail(timeline)) == 3 and not any(
            "changed by" in line for line in timeline_detail(timeline)
        )


# --- last changes and slips in the other views ------------------------------------------------------


@sync
async def test_timeline_detail_says_who_moved_the_due_date_and_the_slips(repo: Path) -> None:
    app = app_on(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_project(app, pilot, "timeline", focus_item="email-integration-9dkp")
        timeline = screen.query_one(TimelineView)
        lines = timeline_detail(timeline)
        assert len(lines) == 4
        outlook_sha = history.build_index(repo).last_change(OUTLOOK, "due").short
        assert lines[2].strip() == (
            f"due changed by Raj Patel on 2026-11-25 ({outlook_sha}) · "
            "moved 2 times, +14 days (10 working days) past baseline, by Raj"
        )
        timeline.focus_item("data-export-k3f9")
        lines = timeline_detail(timeline)
        assert "due changed by Ben Kim on 2026-11-21" in lines[2]
        assert (
            "moved once, +7 days (5 working days) past baseline, by Ben · why: DB…" in lines[2]
        )  # the reason, cut at 120
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert timeline_detail(timeline)[2].endswith("by Ben · why: DBA on leave until 12-01")
        timeline.focus_item("contact-import-b6nx")
        assert timeline_detail(timeline)[2].strip().startswith("added by Hannah Okafor on 2026-09-04")


def test_slip_words() -> None:
    ws, _ = load_workspace(SAMPLE)
    slip = slips(history.HistoryIndex(IndexData()), ws, "acme-crm")
    by_id = {s.milestone: s for s in slip}
    assert slip_text(by_id["email-integration-9dkp"], ws).plain == "+14 days (10 working days) past baseline"
    assert slip_text(by_id["go-live-5mfe"], ws).plain == ""  # on its baseline, never moved: nothing to say
    assert last_change_text(None, "due", ws).plain == "due: not in the history yet (not committed)"


@sync
async def test_edit_form_header_shows_the_last_change(repo: Path) -> None:
    app = app_on(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot, "timeline", focus_item="crm-config-h8rw")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditForm)
        where = str(form.query_one("#form-where", Static).render())
        sha = history.build_index(repo).last_change(CONFIG, "status").short
        assert "acme-crm/crm-config-h8rw · projects/acme-crm.toml:" in where
        assert "due changed" not in where  # its due date never moved: it was added with it
        assert "added by Hannah Okafor on 2026-09-04" in where
        assert f"last change: done_on changed by Raj Patel on 2026-10-30 ({sha})" in where  # Shanghai's day


@sync
async def test_dashboard_slip_column_and_reasons(repo: Path) -> None:
    app = app_on(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        table = screen.query_one("#projects")
        slip = {s.project_id: screen.table.cells(i)["slip"].plain for i, s in enumerate(screen.shown)}
        assert slip == {
            "acme-crm": "+21d",
            "huamei-miniapp": "0d",
            "greenleaf-portal": "0d",
            "greenleaf-intranet": "0d",
            "acme-tracking": "",  # done: nothing left to slip
        }
        slip_at = [p.key for p in screen.table.plan].index("slip")
        start = sum(screen.table.widths[:slip_at]) + 2 * slip_at + 1
        by_cell = ["".join(ch + "\0" * (cell_len(ch) - 1) for ch in line.plain) for line in table.rows[:3]]
        drawn = [line[start : start + 5].strip() for line in by_cell]
        assert drawn == ["+21d", "0d", "0d"]  # the Slip column as drawn
        assert table.virtual_size.width <= 120  # every column fits at 120 cells
        why = str(screen.query_one("#why", Static).render())
        assert "slip +21d (2 of 5 open milestones past their baseline, 4 due-date moves)" in why


# --- the trend chart ----------------------------------------------------------------------------------


def test_mta_series_follow_the_due_dates(repo: Path) -> None:
    index = history.build_index(repo)
    ws, _ = load_workspace(repo)
    points = mta(index, ws, "acme-crm")
    assert [day for day, _ in points] == [
        D(2026, 9, 4),
        D(2026, 10, 15),
        D(2026, 11, 10),
        D(2026, 11, 20),
        D(2026, 11, 24),
    ]
    series = {s.key: s for s in series_from(points, {"email-integration-9dkp": "Outlook"})}
    assert [due for _, due in series["email-integration-9dkp"].points] == [
        D(2026, 12, 4),
        D(2026, 12, 4),
        D(2026, 12, 11),
        D(2026, 12, 11),
        D(2026, 12, 18),
    ]
    assert [due for _, due in series["go-live-5mfe"].points] == [D(2027, 3, 26)] + [D(2027, 3, 19)] * 4
    assert series["email-integration-9dkp"].title == "Outlook" and series["go-live-5mfe"].title == "go-live-5mfe"
    assert len({(s.symbol, s.style) for s in series.values()}) == len(series)  # each series looks different


@sync
async def test_trend_chart_in_the_history_tab(repo: Path) -> None:
    app = app_on(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_project(app, pilot, "history")
        view = screen.query_one(HistoryView)
        await pilot.press("m")
        await pilot.pause()
        chart = view.query_one(TrendChart)
        assert chart.display and not view.feed.display and chart.has_focus
        assert [s.key for s in chart.series][:2] == ["requirements-signoff-a4tq", "crm-config-h8rw"]  # in due order
        outlook = next(s for s in chart.series if s.key == "email-integration-9dkp")
        assert outlook.title == "Outlook email and calendar sync live in the sandbox"
        assert outlook.note == "due 2026-12-18 · moved 2× · +14d"
        text = "\n".join(line.plain for line in chart.lines())
        assert "Milestone trend" in text and "2026-12-18" in text and "today" in text
        for s in chart.series:
            assert s.symbol in text
        await pilot.press("m")
        await pilot.pause()
        assert view.feed.display and view.feed.has_focus


@pytest.mark.parametrize("size", [(118, 33), (78, 17), (60, 12), (40, 8), (20, 4), (1, 1)])
def test_trend_chart_fits_any_size(repo_template: Path, size: tuple[int, int]) -> None:
    index = history.build_index(repo_template, use_cache=False)
    ws, _ = load_workspace(repo_template)
    series = series_from(
        mta(index, ws, "acme-crm"), {m: v.title for m, v in ws.projects["acme-crm"].milestones.items()}
    )
    width, height = size
    lines = render(series, D(2026, 11, 27), width, height, "a note")
    assert len(lines) == height
    assert all(cell_len(line.plain) == width for line in lines)
    assert (
        render([], D(2026, 11, 27), width, height)[0]
        .plain.strip()
        .startswith("No forecast"[: width - 1] if width > 1 else "")
    )


def test_trend_chart_draws_the_diagonal_and_steps() -> None:
    points = [(D(2026, 11, 1), {"a": D(2026, 12, 1)}), (D(2026, 11, 15), {"a": D(2026, 12, 20)})]
    lines = [line.plain for line in render(series_from(points, {"a": "A"}), D(2026, 11, 30), 60, 24)]
    plot = lines[1:-2]
    assert any("·" in line for line in plot)  # y = x
    rising = [line for line in plot if "┘" in line]
    assert rising, "a later forecast steps up"
    assert any(line.startswith("2026-12-20") for line in plot[:2]) and any(
        line.startswith("2026-12-01") for line in plot
    )


def rows_of(lines: list[str], symbol: str) -> list[int]:
    """The plot rows a series' mark stands in, left to right."""
    plot = lines[1:-2]
    cols = sorted((line.index(symbol), n) for n, line in enumerate(plot) if symbol in line)
    return [n for _, n in cols]


def test_the_forecast_axis_is_linear_and_says_its_scale() -> None:
    """A 1-day slip and a 29-day slip climb 1 and 29 days' worth of rows, the same days a row for both."""
    points = [
        (D(2026, 11, 2), {"a": D(2026, 12, 1), "b": D(2026, 12, 14), "c": D(2027, 1, 10)}),
        (D(2026, 11, 16), {"a": D(2026, 12, 2), "b": D(2027, 1, 12), "c": D(2027, 1, 10)}),
    ]
    series = series_from(points, {"a": "A", "b": "B", "c": "C"})
    lines = [line.plain for line in render(series, D(2026, 11, 27), 80, 30)]
    step = int(re.search(r"1 row = (\d+) days", lines[0]).group(1))  # type: ignore[union-attr]
    symbol = {s.key: s.symbol for s in series}
    a, b = rows_of(lines, symbol["a"]), rows_of(lines, symbol["b"])
    assert abs((a[0] - a[1]) - 1 / step) <= 1 and abs((b[0] - b[1]) - 29 / step) <= 1
    assert b[0] - b[1] >= 8  # far apart: the one-day slip hardly moves
    # c never moved and b ends two days after it: next to it, not a row for each date apart
    assert abs(rows_of(lines, symbol["c"])[0] - b[1]) <= 1


def test_a_dropped_milestone_line_ends_where_it_was_dropped() -> None:
    points = [
        (D(2026, 11, 2), {"keep": D(2026, 12, 1), "drop": D(2026, 12, 20)}),
        (D(2026, 11, 10), {"keep": D(2026, 12, 1)}),  # drop was dropped that day
        (D(2026, 11, 20), {"keep": D(2026, 12, 8)}),
    ]
    series = series_from(points, {"keep": "Kept", "drop": "Dropped"})
    lines = [line.plain for line in render(series, D(2026, 11, 27), 80, 24)]
    drop = next(s for s in series if s.key == "drop")
    (row,) = rows_of(lines, drop.symbol)
    line = lines[1:-2][row]
    start, end = line.index(drop.symbol), line.index(mta_layout.END)
    assert set(line[start + 1 : end]) == {"─"}  # held until the day it was dropped
    assert line[end + 1 :].strip(" ·") == ""  # and not carried on to today
    ticks = next(line for line in lines if "2026-11-10" in line)
    assert abs(end - (ticks.index("2026-11-10") + 5)) <= 1  # the end stands over 2026-11-10


def test_more_than_twelve_milestones_all_look_different() -> None:
    keys = [f"m{n:02d}" for n in range(40)]
    points = [(D(2026, 11, 1), {k: D(2026, 12, 1) + dt.timedelta(days=n) for n, k in enumerate(keys)})]
    series = series_from(points, {})
    assert len({s.style for s in series}) == 12  # twelve colours at most
    assert len({(s.style, s.symbol) for s in series}) == 40  # then other marks
    assert series[12].rule != series[0].rule  # and another line


def test_the_legend_keeps_whole_titles_at_120_columns(repo: Path) -> None:
    index = history.build_index(repo)
    ws, _ = load_workspace(repo)
    titles = {m: v.title for m, v in ws.projects["acme-crm"].milestones.items()}
    series = series_from(mta(index, ws, "acme-crm"), titles)
    lines = render(series, D(2026, 11, 27), 120, 36, "a note")
    legend = " ".join(line.plain[120 - mta_layout.LEGEND_CELLS :] for line in lines)  # the legend at the right
    words = " ".join(legend.split())
    for title in titles.values():
        assert title in words, title


# --- snapshots ---------------------------------------------------------------------------------------------


def _snapshot(root: Path, keys: tuple[str, ...]):
    app = app_on(root)

    async def run_before(pilot) -> None:
        await open_project(app, pilot, "history")
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return app, run_before


def test_snapshot_feed(snap_compare, repo: Path) -> None:
    app, run_before = _snapshot(repo, ("down",))
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_snapshot_trend_chart(snap_compare, repo: Path) -> None:
    app, run_before = _snapshot(repo, ("m",))
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_snapshot_trend_chart_at_80x24(snap_compare, repo: Path) -> None:
    app, run_before = _snapshot(repo, ("m",))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


# --- speed ---------------------------------------------------------------------------------------------------


def add_commits(root: Path, count: int) -> None:
    """``count`` more commits, each moving one due date of acme-crm, by turns of four people (git fast-import: fast)."""
    plan = (root / PLAN).read_text("utf-8")
    spots = [n for n in range(len(plan)) if plan.startswith("\ndue = 20", n)]
    people = [HANNAH, RAJ, BEN, ("Eve Stone", "eve@example.com")]
    chunks = ["reset refs/heads/main\nfrom refs/heads/main^0\n"]
    for n in range(count):
        spot = spots[n % len(spots)] + len("\ndue = ")
        plan = plan[:spot] + f"2027-{1 + n % 12:02d}-{1 + n % 28:02d}" + plan[spot + 10 :]
        name, email = people[n % len(people)]
        when = 1767225600 + n * 3600 * 5  # from 2026-01-01, five hours apart
        body = plan.encode("utf-8")
        message = f"move {n}".encode()
        chunks.append(
            f"commit refs/heads/main\nauthor {name} <{email}> {when} +0000\ncommitter {name} <{email}> {when} +0000\n"
            f"data {len(message)}\n{message.decode()}\nM 100644 inline {PLAN}\ndata {len(body)}\n"
        )
        chunks.append(plan + "\n")
    subprocess.run(
        ["git", "-C", str(root), "fast-import", "--quiet"], input="".join(chunks).encode("utf-8"), check=True
    )
    subprocess.run(["git", "-C", str(root), "reset", "-q", "--hard"], check=True)


async def time_keys(app, tab: str, keys: list[str]) -> list[float]:
    """Milliseconds from each key event until the screen is composed again (as tests/app/test_timeline.py measures)."""
    out = []
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot, tab)
        for key in keys:
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(app)
            started = time.perf_counter()
            app._driver.send_message(event)
            await pilot._wait_for_screen()
            app.screen._on_timer_update()
            out.append((time.perf_counter() - started) * 1000)
            await pilot.pause()
    return out


def test_keys_stay_fast_with_a_long_history(repo: Path) -> None:
    """The budget is 50 ms a keystroke. Numbers: pytest tests/app/test_history_views.py -k fast -s"""
    add_commits(repo, 1500)
    started = time.perf_counter()
    index = history.build_index(repo, use_cache=False)
    build = time.perf_counter() - started
    assert len(index.commits) > 1500
    feed = asyncio.run(
        time_keys(app_on(repo), "history", ["down"] * 10 + ["pagedown", "end", "home", "i", "i", "m", "m"])
    )
    timeline = asyncio.run(time_keys(app_on(repo), "timeline", ["down"] * 10 + ["up"] * 5))
    print(
        f"\nhistory of {len(index.commits)} commits read in {build:.2f} s; "
        f"History tab: median {statistics.median(feed):.1f} ms, max {max(feed):.1f} ms; "
        f"timeline with history: median {statistics.median(timeline):.1f} ms, max {max(timeline):.1f} ms"
    )
    assert statistics.median(feed) < 50 and statistics.median(timeline) < 50


@sync
async def test_help_and_palette_name_the_history_keys(repo: Path) -> None:
    from tui.commands import entries
    from tui.screens.help import help_markdown

    app = app_on(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_project(app, pilot, "history")
        text = help_markdown(screen)
        assert "Who changed what in this project" in text and "✓ signed" in text
        titles = {e.title for e in entries(screen)}
        assert {"history: this item only", "history: person", "history: trend chart"} <= titles
