"""Review meeting mode: a whole meeting walked with keys on a real git clone of the sample.

Each test copies the sample into tmp_path, makes it a git repository (the
identity comes from the environment: CI has none of its own), drives the app
as a person would, and checks the FILES and the COMMITS afterwards: the
minutes file, every edited line of the project file, exactly one commit.
"""

from __future__ import annotations

import datetime as dt
import difflib
import subprocess
from pathlib import Path

import pytest
import rtoml

from tests.helpers.app import app_on, settle, sync
from tests.helpers.gitteam import sample_clone
from tui.screens.confirm import ChoiceScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.project import ProjectScreen
from tui.screens.review.pick import ReviewPickScreen
from tui.screens.review.questions import ActionItemScreen, DateReasonScreen, PersonScreen, TextScreen
from tui.screens.review.screen import ReviewScreen
from workspace_schema import review as minutes

SIZE = (120, 40)
ACME = "projects/acme-crm.toml"
REVIEW = "reviews/2026-11-27-acme-crm.toml"
# The agenda of acme-crm on 2026-11-27, in order (workspace_schema/review/agenda.py).
AGENDA = [
    "dedupe-rules-j5sp",
    "readonly-account-w3nr",
    "import-script-x2m1",
    "data-export-k3f9",
    "export-owner-away-r5tb",
    "holiday-freeze-p7q2",
    "contacts-migrated-7m2k",
    "reps-active-q4hn",
    "freeze-banner-k5vq",  # the improvement register's open one, on every agenda
]


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str]) -> Path:
    root = sample_clone(tmp_path)
    return root


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]


async def open_review(app, pilot) -> ReviewScreen:
    await settle(pilot)
    app.push_screen(ProjectScreen("acme-crm"))
    await pilot.pause()
    await pilot.press("R")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def pick_person(pilot, handle: str) -> None:
    """In the person list, move the highlight to ``handle`` with up/down, then enter."""
    from textual.widgets import OptionList

    options = pilot.app.screen.query_one(OptionList)
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    delta = ids.index(handle) - (options.highlighted or 0)
    await pilot.press(*(["down"] * delta if delta > 0 else ["up"] * -delta), "enter")
    await pilot.pause()


@sync
async def test_a_whole_review_walked_writes_the_minutes_and_every_edit_in_one_commit(repo: Path) -> None:
    before_head = git(repo, "rev-parse", "HEAD").strip()
    acme_before = (repo / ACME).read_text("utf-8")
    app = app_on(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        assert screen.page == "attendees"
        assert set(screen.draft.attendees) == {"hannah", "raj", "tomas", "dgreen", "bkim"}  # the last review's
        assert [i.item_id for i in screen.draft.items] == AGENDA
        await pilot.press("down", "down", "space")  # tick Sofia (third of our team): she was not there last time
        await pilot.press("enter")
        await pilot.pause()
        assert screen.page == "item" and screen.index == 0
        assert "sofia" in screen.draft.attendees

        await pilot.press("d")  # 1. the de-duplication rules are done
        await pilot.pause()
        assert screen.index == 1

        await pilot.press("n")  # 2. the read-only account moves a week, with a reason
        await pilot.pause()
        assert isinstance(app.screen, DateReasonScreen)
        await pilot.press(*"2026-12-09", "enter", *"Acme IT needs a week", "enter")
        await pilot.pause()

        await pilot.press("r")  # 3. the import script goes back to Raj
        await pilot.pause()
        assert isinstance(app.screen, PersonScreen)
        await pick_person(pilot, "raj")

        await pilot.press("a")  # 4. an action item on the export: Dana calls Ben
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionItemScreen)
        await pilot.press(*"Dana confirms the export date with Ben", "enter")
        from textual.widgets import Select

        form.query_one(Select).value = "dgreen"
        form.query_one("#question-due").focus()
        await pilot.press(*"+1w", "enter")
        await pilot.pause()
        assert screen.index == 4

        await pilot.press("s", "s", "s", "s", "s")  # the rest is skipped
        await pilot.pause()
        assert screen.page == "end"
        await pilot.press("4", "c")
        await pilot.pause()
        assert isinstance(app.screen, TextScreen)
        await pilot.press(*"Happier now the pilot date holds", "enter")
        await pilot.pause()
        assert screen.draft.satisfaction == 4 and screen.found == []
        await pilot.press("enter")
        await settle(pilot, 4)
        assert isinstance(app.screen, ProjectScreen)  # back where the meeting started
        messages = "\n".join(n.message for n in app._notifications)
        assert "Review acme-crm 2026-11-27: 1 done, 1 moved, 1 reassigned, 1 action" in messages

    # the minutes
    review = rtoml.load((repo / REVIEW).read_text("utf-8"))
    head = review["review"]
    assert head["attendees"] == ["hannah", "raj", "sofia", "tomas", "bkim", "dgreen"]  # in the people list's order
    assert head["satisfaction"] == 4 and head["satisfaction_comment"] == "Happier now the pilot date holds"
    outcomes = review["outcomes"]
    assert {k: v["outcome"] for k, v in outcomes.items()} == {
        "dedupe-rules-j5sp": "done",
        "readonly-account-w3nr": "moved",
        "import-script-x2m1": "reassigned",
        "data-export-k3f9": "action",
        "export-owner-away-r5tb": "skipped",
        "holiday-freeze-p7q2": "skipped",
        "contacts-migrated-7m2k": "skipped",
        "reps-active-q4hn": "skipped",
        "freeze-banner-k5vq": "skipped",
    }
    assert outcomes["readonly-account-w3nr"]["new_due"] == dt.date(2026, 12, 9)
    assert outcomes["readonly-account-w3nr"]["note"] == "Acme IT needs a week"
    assert outcomes["import-script-x2m1"]["new_owner"] == "raj"
    [task_id] = head["actions"]

    # the plan: every edited field changed, nothing else
    acme = rtoml.load((repo / ACME).read_text("utf-8"))
    tasks = acme["tasks"]
    assert tasks["dedupe-rules-j5sp"]["status"] == "done" and tasks["dedupe-rules-j5sp"]["done_on"] == dt.date(
        2026, 11, 27
    )
    assert tasks["readonly-account-w3nr"]["due"] == dt.date(2026, 12, 9)
    assert tasks["import-script-x2m1"]["owner"] == "raj"
    new = tasks[task_id]
    assert (new["title"], new["owner"], new["due"], new["status"]) == (
        "Dana confirms the export date with Ben",
        "dgreen",
        dt.date(2026, 12, 4),
        "todo",
    )
    diff = changed_lines(acme_before, (repo / ACME).read_text("utf-8"))
    assert sorted(line.split("#")[0].strip() for line in diff if line.startswith("-")) == [
        "-due = 2026-12-02",
        '-owner = "tomas"',
        '-status = "doing"',
    ]
    added = [line.split("#")[0].strip() for line in diff if line.startswith("+")]
    assert {
        "+due = 2026-12-09",
        '+owner = "raj"',
        '+status = "done"',
        "+done_on = 2026-11-27",
        f"+[tasks.{task_id}]",
    } <= set(added)

    # exactly ONE new commit, holding both files; nothing left over
    assert git(repo, "rev-list", f"{before_head}..HEAD").split().__len__() == 1
    assert sorted(git(repo, "show", "--format=", "--name-only", "HEAD").split()) == [ACME, REVIEW]
    assert git(repo, "status", "--porcelain") == ""
    assert minutes.drafts(repo) == []


@sync
async def test_a_meeting_dropped_midway_resumes_at_the_same_item(repo: Path) -> None:
    app = app_on(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        await pilot.press("enter", "d", "s")  # attendees as last time; two outcomes
        await pilot.pause()
        assert screen.index == 2
    # the app is gone without finishing (as after a crash): the draft is on disk, the plan untouched
    assert minutes.drafts(repo) == ["acme-crm"]
    assert git(repo, "status", "--porcelain") == ""

    app = app_on(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        assert screen.page == "item" and screen.index == 2
        assert [i.outcome for i in screen.draft.items[:3]] == ["done", "skipped", None]
        assert "Resumed the review of 2026-11-27: 2 of 9 items recorded." in [n.message for n in app._notifications]
        await pilot.press("escape")  # leaving keeps it
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
    assert minutes.drafts(repo) == ["acme-crm"]


@sync
async def test_a_draft_with_problems_is_not_finished_and_says_where(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD")
    app = app_on(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        await pilot.press("enter", "right", "right")  # to the import script (starts 2026-11-16)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"2026-11-10", "enter", *"typo", "enter")
        await pilot.pause()
        assert screen.found and screen.found[0].index == 2
        await pilot.press("w", "enter")  # wrap up, try to finish
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and screen.page == "end"
        summary = str(screen.query_one("#review-summary").render())
        assert "1 problem to fix" in summary and "before its start 2026-11-16" in summary
        await pilot.press("left", "left", "left", "left", "left", "left", "left")
        await pilot.pause()
        assert screen.index == 2
        assert "before its start" in str(screen.query_one("#review-outcome").render())
    assert git(repo, "rev-parse", "HEAD") == head
    assert not (repo / REVIEW).exists()


@sync
async def test_outcomes_that_do_not_apply_are_dimmed_and_refused(repo: Path) -> None:
    app = app_on(repo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        await pilot.press(
            "enter", "w", "left", "left", "left", "left", "left"
        )  # the triggered risk: no "done", no "new date"
        await pilot.pause()
        assert screen.draft.items[screen.index].item_id == "export-owner-away-r5tb"
        assert screen.check_action("done", ()) is None and screen.check_action("move", ()) is None
        assert screen.check_action("note", ()) is True
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"Ben back on 12-01", "enter")
        await pilot.pause()
        item = screen.draft.items[screen.index]
        assert (item.outcome, item.note) == ("noted", "Ben back on 12-01")
        await pilot.press("D")
        await pilot.pause()
        await pilot.press(*"Hannah calls Dana if no export by 12-04", "enter")
        await pilot.pause()
        assert screen.draft.decisions == ["Hannah calls Dana if no export by 12-04"]
    saved = minutes.load_draft(repo, "acme-crm")
    assert saved is not None and saved.decisions == ["Hannah calls Dana if no export by 12-04"]


@sync
async def test_dashboard_r_asks_project_or_workspace_and_lists_the_projects(repo: Path) -> None:
    app = app_on(repo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("w")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ReviewPickScreen)
        from textual.widgets import OptionList

        options = picker.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids[0] == "acme-crm" and set(ids) == {
            "acme-crm",
            "huamei-miniapp",
            "greenleaf-portal",
            "greenleaf-intranet",
            "acme-tracking",  # done, no retro yet: offered last, marked retro (tests/app/test_retro_screen.py)
        }
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.project_id == "acme-crm"
        await pilot.press("enter", "d", "escape")  # start, one outcome, leave
        await pilot.pause()
        assert app.screen is picker
        assert "meeting in progress" in options.get_option_at_index(0).prompt.plain


@sync
async def test_a_meeting_in_progress_is_mentioned_on_start(repo: Path) -> None:
    from tui.app import make_app
    from workspace_schema.core.clock import frozen
    from workspace_schema.load.loader import load_workspace

    ws, _ = load_workspace(repo)
    minutes.save_draft(repo, minutes.new_draft(ws, "acme-crm", dt.date(2026, 11, 27)))
    app = make_app(repo, frozen("2026-11-27"), watch=False, use_git=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, 5)
        messages = [n.message for n in app._notifications]
        assert "CRM rollout for Acme Logistics: a review meeting is in progress. Press R to resume it." in messages


@sync
async def test_the_progress_report_is_written_to_out_which_git_ignores(repo: Path) -> None:
    app = app_on(repo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen("acme-crm"))
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("m")
        await pilot.pause()
        path = repo.resolve() / "out" / "reports" / "2026-11-27-acme-crm.md"
        assert path.read_text("utf-8").startswith("# ")
        assert str(path) in "\n".join(n.message for n in app._notifications)
        await pilot.press("E", "h")
        await pilot.pause()
        assert (path.with_suffix(".html")).read_text("utf-8").lstrip().lower().startswith("<!doctype html")
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""  # out/ ignores itself


@sync
async def test_g_and_m_write_the_agenda_and_the_minutes_in_the_clients_language(repo: Path) -> None:
    from tui.flows.outputs import output_folder

    app = app_on(repo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ReviewScreen("huamei-miniapp"))  # a Chinese client
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("g")  # before the meeting starts, on the attendees page
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("m")  # Markdown
        await pilot.pause()
        await pilot.press("enter", "m")  # not on an item page: its footer is full
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.screen.page == "item"
        await pilot.press("w", "m")  # at the wrap-up: the last review's minutes
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("h")  # an HTML page
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    agenda = (output_folder(repo, "agendas") / "2026-12-01-huamei-miniapp-agenda.md").read_text("utf-8")
    assert agenda.startswith("# 例会议程：会员小程序上线 — 2026-12-01\n") and "## 已逾期" in agenda
    html = (output_folder(repo, "minutes") / "2026-11-24-huamei-miniapp-minutes.html").read_text("utf-8")
    assert '<html lang="zh-Hans">' in html and "<h1>例会纪要：会员小程序上线 — 2026-11-24</h1>" in html
    assert "<h2>行动项</h2>" in html
    assert not (repo / "reviews" / "2026-11-27-huamei-miniapp.toml").exists(), "writing them records nothing"


# --- snapshots --------------------------------------------------------------------------------------


def review_app(repo: Path):
    return app_on(repo)


def test_snapshot_review_item_page(snap_compare, repo: Path) -> None:
    async def run_before(pilot) -> None:
        await open_review(pilot.app, pilot)
        await pilot.press("enter", "d", "n")
        await pilot.pause()
        await pilot.press(*"2026-12-09", "enter", *"Acme IT needs a week", "enter", "left")
        await pilot.pause()

    assert snap_compare(review_app(repo), terminal_size=SIZE, run_before=run_before)


def test_snapshot_review_wrap_up_page(snap_compare, repo: Path) -> None:
    async def run_before(pilot) -> None:
        await open_review(pilot.app, pilot)
        await pilot.press("enter", "d", "right", "right", "n")
        await pilot.pause()
        await pilot.press(*"2026-11-10", "enter", *"typo", "enter")
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()
        await pilot.press(*"Hannah calls Dana if no export by 12-04", "enter", "w", "4", "c")
        await pilot.pause()
        await pilot.press(*"Glad the pilot date holds; wants the export settled", "enter")
        await pilot.pause()

    assert snap_compare(review_app(repo), terminal_size=SIZE, run_before=run_before)
