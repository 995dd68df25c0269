"""Editing in the app: forms, add, delete, people, $EDITOR; each checked on the FILE afterwards.

Every test edits a copy of the sample workspace in tmp_path, drives the app
with Pilot as a person would (keys), and compares the file before and after
line by line: an edit must change exactly the lines it means to.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest
import rtoml

from tests.helpers.app import settle, sync
from tui.app import make_app
from tui.flows.editor import editor_command, file_problems
from tui.screens.confirm import ChoiceScreen, ConfirmScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.edit_form import EditForm
from tui.screens.people import PeopleScreen
from tui.screens.project import ProjectScreen
from workspace_schema.core.clock import frozen

PROJECT = "projects/acme-crm.toml"
ITEM = "data-export-k3f9"  # a client milestone: due 2026-12-11, baseline 2026-12-04


@pytest.fixture
def root(sample_copy: Path) -> Path:
    return sample_copy


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]


async def open_project(app, pilot, tab: str = "timeline", item: str | None = ITEM) -> ProjectScreen:
    await settle(pilot)
    screen = ProjectScreen("acme-crm", item=item, tab=tab)
    app.push_screen(screen)
    await pilot.pause()
    await pilot.pause()
    return screen


async def type_into(pilot, form: EditForm, name: str, text: str) -> None:
    widget = form.rows[name].widget
    widget.focus()
    widget.value = ""
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


def app_for(root: Path):
    return make_app(root, frozen("2026-11-27"), watch=False)


# --- edit ----------------------------------------------------------------------------


@sync
async def test_edit_due_with_plus_7d_changes_one_line(root: Path) -> None:
    path = root / PROJECT
    before = path.read_text("utf-8")
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EditForm)
        assert form.rows["due"].widget.value == "2026-12-11"
        await type_into(pilot, form, "due", "+7d")
        assert "→ Fri 2026-12-04" in str(form.rows["due"].preview.render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)  # 2026-12-04 is the baseline: no slip to record
    lines = changed_lines(before, path.read_text("utf-8"))
    assert lines == [
        "-due = 2026-12-11                # moved by the approved change export-slip-w8d1",
        "+due = 2026-12-04                # moved by the approved change export-slip-w8d1",
    ]


@sync
async def test_an_invalid_date_shows_beside_the_field_and_writes_nothing(root: Path) -> None:
    path = root / PROJECT
    before = path.read_bytes()
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        await type_into(pilot, form, "due", "someday")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open
        error = form.rows["due"].error
        assert error is not None and "someday" in str(error.render())
        assert form.rows["due"].widget.value == "someday"  # the input as typed
        assert app.focused is form.rows["due"].widget
        # fixing it clears the message
        await type_into(pilot, form, "due", "2026-12-10")
        assert form.rows["due"].error is None
    assert path.read_bytes() == before


@sync
async def test_an_unknown_person_is_refused_in_the_form(root: Path) -> None:
    path = root / PROJECT
    before = path.read_bytes()
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        await type_into(pilot, form, "raci.consulted", "raj, nobody")
        assert "nobody" in str(form.rows["raci.consulted"].preview.render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "not in people.toml" in str(form.rows["raci.consulted"].error.render())
    assert path.read_bytes() == before


@sync
async def test_escape_writes_nothing(root: Path) -> None:
    path = root / PROJECT
    before = path.read_bytes()
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        await type_into(pilot, form, "title", "Something else")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)
    assert path.read_bytes() == before


@sync
async def test_select_fields_and_enter_in_the_last_field_save(root: Path) -> None:
    path = root / PROJECT
    before = path.read_text("utf-8")
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.rows["status"].widget.value = "blocked"
        form.rows["owner"].widget.value = "dgreen"
        await type_into(pilot, form, "raci.informed", "hannah, mei")
        await pilot.press("enter")  # the last field
        await settle(pilot)
    lines = changed_lines(before, path.read_text("utf-8"))
    assert lines == [
        '-owner = "bkim"',
        '-status = "waiting"',
        '+owner = "dgreen"',
        '+status = "blocked"',
        '-informed = ["hannah"]',
        '+informed = ["hannah", "mei"]',
    ]


@sync
async def test_the_form_keeps_its_input_across_a_reload_and_writes_only_its_fields(root: Path) -> None:
    """Someone saves the file while the form is open: the form keeps what was typed, both edits survive."""
    path = root / PROJECT
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        await type_into(pilot, form, "title", "Acme sends the export")
        path.write_text(path.read_text("utf-8").replace('owner = "bkim"', 'owner = "dgreen"', 1), "utf-8")
        app.reload()
        await settle(pilot)
        assert app.screen is form and form.rows["title"].widget.value == "Acme sends the export"
        await pilot.press("ctrl+s")
        await settle(pilot)
    item = rtoml.load(path)["milestones"][ITEM]
    assert (item["title"], item["owner"]) == ("Acme sends the export", "dgreen")


@sync
async def test_moving_due_past_the_baseline_offers_a_change_request(root: Path) -> None:
    path = root / PROJECT
    before = path.read_text("utf-8")
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert not form.query_one("#form-reason-row").display
        await type_into(pilot, form, "due", "2026-12-18")
        assert form.query_one("#form-reason-row").display  # a changed date asks why
        form.reason.focus()
        await pilot.press(*"DBA still away")
        await pilot.press("ctrl+s")
        await settle(pilot)
        offer = app.screen
        assert isinstance(offer, EditForm) and "change request" in offer.spec.title
        # who asked: the client's sponsor by default, picked from the project's people; enter moves on, then saves
        assert offer.rows["requested_by"].widget.value == "dgreen"
        assert app.focused is offer.rows["requested_by"].widget
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)
    after = path.read_text("utf-8")
    lines = changed_lines(before, after)
    assert lines[:2] == [
        "-due = 2026-12-11                # moved by the approved change export-slip-w8d1",
        "+due = 2026-12-18                # moved by the approved change export-slip-w8d1",
    ]
    added = lines[2:]
    assert all(line.startswith("+") for line in added)
    header = next(line for line in added if line.startswith("+[changes."))
    assert header.startswith("+[changes.move-acme-delivers-")
    assert after.index(header[1:]) < after.index("# --- Communication log")  # after the last change request
    data = rtoml.load(path)
    change_id = header[len("+[changes.") : -1]
    change = data["changes"][change_id]
    assert change == {
        "summary": "Move Acme delivers the legacy data export to 2026-12-18",
        "requested_by": "dgreen",
        "requested_on": dt.date(2026, 11, 27),
        "status": "proposed",
        "moves": {ITEM: dt.date(2026, 12, 18)},
        "reason": "DBA still away",
    }


@sync
async def test_declining_the_change_request_writes_only_the_date(root: Path) -> None:
    path = root / PROJECT
    before = path.read_text("utf-8")
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        await type_into(pilot, app.screen, "due", "+3w")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
    assert len(changed_lines(before, path.read_text("utf-8"))) == 2


@sync
async def test_edit_a_risk_step_from_the_checklist(root: Path) -> None:
    path = root / PROJECT
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_project(app, pilot, tab="checklist", item=None)
        view = screen.active_view()
        step_row = next(i for i, k in enumerate(view.row_keys) if k is not None and len(k) == 2)
        view.cursor = step_row
        rid, sid = view.row_keys[step_row]
        await pilot.pause()
        assert screen.selected_ref() == f"acme-crm/{rid}/steps/{sid}"
        before = path.read_text("utf-8")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.spec.title == "Edit step"
        await type_into(pilot, form, "text", "Call Dana")
        await pilot.press("ctrl+s")
        await settle(pilot)
    lines = changed_lines(before, path.read_text("utf-8"))
    assert len(lines) == 2 and lines[1] == '+text = "Call Dana"'


@sync
async def test_edit_the_project_from_the_dashboard(root: Path) -> None:
    path = root / PROJECT
    before = path.read_text("utf-8")
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        keys = [s.project_id for s in dashboard.shown_rows()]
        dashboard.query_one("#projects").cursor = keys.index("acme-crm")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.spec.title == "Edit project" and form.rows["client"].widget.value == "acme"
        await type_into(pilot, form, "check_in_every", "14")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert changed_lines(before, path.read_text("utf-8")) == [
        "-check_in_every = 7              # Thursday status call with Dana",
        "+check_in_every = 14             # Thursday status call with Dana",
    ]


# --- add and delete ------------------------------------------------------------------


@sync
async def test_add_a_task_on_the_timeline_writes_it_after_the_last_task(root: Path) -> None:
    path = root / PROJECT
    before = path.read_text("utf-8")
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("t")
        await pilot.pause()
        form = app.screen
        assert form.spec.title == "New task"
        assert form.rows["milestone"].widget.value == ITEM  # the selected milestone
        await pilot.press("ctrl+s")  # no title yet
        await pilot.pause()
        assert app.screen is form and "required" in str(form.rows["title"].error.render())
        await type_into(pilot, form, "title", "Chase the export")
        await type_into(pilot, form, "due", "+5wd")
        await pilot.press("ctrl+s")
        await settle(pilot)
    after = path.read_text("utf-8")
    lines = changed_lines(before, after)
    assert all(line.startswith("+") for line in lines)
    header = next(line for line in lines if line.startswith("+[tasks."))
    at = after.index(header[1:])
    assert after.rindex("[tasks.", 0, at) > after.index("# --- Tasks")  # after the last task ...
    assert at < after.index("# --- Risks")  # ... not at the end under another section's heading
    task_id = header[len("+[tasks.") : -1]
    assert task_id.startswith("chase-the-export-")
    assert rtoml.load(path)["tasks"][task_id] == {
        "title": "Chase the export",
        "milestone": ITEM,
        "side": "team",
        "status": "todo",
        "due": dt.date(2026, 12, 4),
    }


@sync
async def test_add_a_step_to_the_selected_risk(root: Path) -> None:
    path = root / PROJECT
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_project(app, pilot, tab="checklist", item=None)
        ref = screen.selected_ref()
        rid = ref.split("/")[1]
        count = len(rtoml.load(path)["risks"][rid].get("steps", {}))
        await pilot.press("N")
        await pilot.pause()
        form = app.screen
        assert form.spec.title == "New step"
        await type_into(pilot, form, "text", "Book a room")
        form.rows["owner"].widget.value = "raj"
        await pilot.press("ctrl+s")
        await settle(pilot)
    steps = rtoml.load(path)["risks"][rid]["steps"]
    assert len(steps) == count + 1
    assert steps[str(count + 1)] == {"text": "Book a room", "done": False, "owner": "raj"}


@sync
async def test_delete_asks_then_removes_the_block(root: Path) -> None:
    path = root / PROJECT
    before = path.read_text("utf-8")
    task = "field-mapping-q3za"
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot, item=task)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete task" in str(app.screen.question)
        await pilot.press("n")  # keep it
        await settle(pilot)
        assert path.read_text("utf-8") == before
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
    lines = changed_lines(before, path.read_text("utf-8"))
    assert lines and all(line.startswith("-") for line in lines)
    assert f"-[tasks.{task}]" in lines and f"-[tasks.{task}.raci]" in lines
    assert task not in rtoml.load(path)["tasks"]


@sync
async def test_edit_a_change_s_moves_and_add_a_log_entry(root: Path) -> None:
    """The record-list views: e edits the selected change (its moves typed as item = date), n adds a log entry."""
    path = root / PROJECT
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_project(app, pilot, tab="changes", item=None)
        ref = screen.selected_ref()
        change_id = ref.split("/")[1]
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.spec.title == "Edit change" and "=" in form.rows["moves"].widget.value
        before = path.read_text("utf-8")
        await type_into(pilot, form, "moves", f"{ITEM} = 2026-12-18")
        await pilot.press("ctrl+s")
        await settle(pilot)
        lines = changed_lines(before, path.read_text("utf-8"))
        assert lines == ["-moves = { data-export-k3f9 = 2026-12-11 }", "+moves = { data-export-k3f9 = 2026-12-18 }"]
        assert rtoml.load(path)["changes"][change_id]["moves"] == {ITEM: dt.date(2026, 12, 18)}
        await pilot.press("6")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert form.spec.title == "New log entry" and list(form.rows)[0] == "summary"
        assert form.rows["on"].widget.value == "2026-11-27"
        await type_into(pilot, form, "summary", "Called Dana about the export")
        await type_into(pilot, form, "with", "dgreen")
        await pilot.press("ctrl+s")
        await settle(pilot)
    log = rtoml.load(path)["log"]
    entry = next(e for e in log.values() if e["summary"] == "Called Dana about the export")
    assert entry == {
        "summary": "Called Dana about the export",
        "on": dt.date(2026, 11, 27),
        "with": ["dgreen"],
        "channel": "email",
        "kind": "note",
    }


# --- people --------------------------------------------------------------------------


@sync
async def test_people_add_edit_delete(root: Path) -> None:
    path = root / "people.toml"
    before = path.read_text("utf-8")
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await pilot.pause()
        people = app.screen
        assert isinstance(people, PeopleScreen)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        await type_into(pilot, form, "handle", "hannah")  # taken
        await type_into(pilot, form, "name", "赵磊")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "taken" in str(form.rows["handle"].error.render())
        await type_into(pilot, form, "handle", "zhao")
        await type_into(pilot, form, "emails", "zhao@example.cn")
        await type_into(pilot, form, "org", "huamei")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is people and "zhao" in people.handles
        added = path.read_text("utf-8")
        assert changed_lines(before, added) == [
            "+",
            "+[people.zhao]",
            '+name = "赵磊"',
            '+emails = ["zhao@example.cn"]',
            '+org = "huamei"',
        ]
        # edit: role
        people.query_one("LineList").cursor = people.handles.index("zhao")
        await pilot.press("e")
        await pilot.pause()
        await type_into(pilot, app.screen, "role", "Product owner")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert changed_lines(added, path.read_text("utf-8")) == ['+role = "Product owner"']
        # delete
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert "zhao" not in people.handles
    assert path.read_text("utf-8") == before


# --- the editor and files that do not parse --------------------------------------------


@sync
async def test_open_in_editor_headless_notifies_instead_of_crashing(root: Path) -> None:
    path = root / PROJECT
    before = path.read_bytes()
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(f"{PROJECT}:83" in m for m in messages), messages
        assert isinstance(app.screen, ProjectScreen)
    assert path.read_bytes() == before


@sync
async def test_a_missing_editor_resumes_the_app_and_says_which_editor(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """EDITOR names a program that is not installed: the terminal comes back, a notification names it."""
    from textual.drivers.headless_driver import HeadlessDriver

    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "no-such-editor-ducu")
    modes: list[str] = []
    # The headless driver cannot suspend; pretend it can, as a real terminal does.
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda self: True), raising=False)
    monkeypatch.setattr(HeadlessDriver, "suspend_application_mode", lambda self: modes.append("suspend"), raising=False)
    monkeypatch.setattr(HeadlessDriver, "resume_application_mode", lambda self: modes.append("resume"), raising=False)
    path = root / PROJECT
    before = path.read_bytes()
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        assert modes == ["suspend", "resume"]
        messages = [n.message for n in app._notifications]
        assert any("no-such-editor-ducu" in m and "not found" in m for m in messages), messages
        # still responsive: the next key does what it always does
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditForm)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
    assert path.read_bytes() == before


@sync
async def test_the_app_never_overwrites_a_file_that_no_longer_parses(root: Path) -> None:
    """A hand edit broke the file while the app showed it: saving a form is refused, the bytes stay."""
    path = root / PROJECT
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        broken = path.read_text("utf-8").replace('status = "active"', 'status = "active', 1).encode("utf-8")
        path.write_bytes(broken)
        await type_into(pilot, app.screen, "due", "2026-12-10")
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("not valid TOML" in m for m in messages), messages
        assert any(f.code == "TOML001" for f in app.state.findings)
    assert path.read_bytes() == broken
    assert [f.code for f in file_problems(root, PROJECT)] == ["TOML001"]


@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        ("vim", ["vim", "+12", "/w/p.toml"]),
        ("/usr/bin/nvim", ["/usr/bin/nvim", "+12", "/w/p.toml"]),
        ("emacsclient -nw", ["emacsclient", "-nw", "+12", "/w/p.toml"]),
        ("code --wait", ["code", "--wait", "--goto", "/w/p.toml:12"]),
        ("gedit", ["gedit", "/w/p.toml"]),
        ("'/opt/My Editor/ed'", ["/opt/My Editor/ed", "/w/p.toml"]),
    ],
)
def test_editor_command(editor: str, expected: list[str]) -> None:
    assert editor_command(editor, "/w/p.toml", 12) == expected


def test_every_edit_binding_has_an_id_and_description() -> None:
    for screen in (ProjectScreen, DashboardScreen, PeopleScreen, EditForm, ConfirmScreen):
        for binding in screen.BINDINGS:
            assert binding.id and binding.description, (screen, binding)
    ids = {b.id for b in ProjectScreen.BINDINGS}
    assert {
        "project.edit_item",
        "project.add_item",
        "project.add_step",
        "project.delete_item",
        "project.open_item",
    } <= ids


@sync
async def test_titles_show_literally_in_forms_and_questions(root: Path) -> None:
    """A title with markup and an escape sequence is data: shown as typed, never interpreted."""
    from workspace_schema.edit import edits
    from workspace_schema.load.loader import load_workspace

    title = "[bold red]boom[/] \x1b[31mred"
    edits.set_field(load_workspace(root)[0], f"acme-crm/{ITEM}", "title", title)
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_project(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        shown = form.query_one("#form-title").render()
        assert "[bold red]boom[/] \ufffd[31mred" in shown.plain
        assert form.rows["title"].widget.value == title  # the input holds the raw text
        await pilot.press("escape")
        await pilot.press("x")
        await pilot.pause()
        assert "[bold red]boom[/] \ufffd[31mred" in app.screen.question.plain


# --- how it looks ----------------------------------------------------------------------


def no_blink(screen) -> None:
    """A blinking cursor makes a snapshot depend on the moment it is taken."""
    from textual.widgets import Input

    for widget in screen.query(Input):
        widget.cursor_blink = False


def test_snapshot_form_with_a_validation_error(snap_compare, root: Path) -> None:
    async def run_before(pilot) -> None:
        app = pilot.app
        await open_project(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        no_blink(app.screen)
        await type_into(pilot, app.screen, "start", "+1w")
        await type_into(pilot, app.screen, "due", "someday")
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(app_for(root), terminal_size=(120, 40), run_before=run_before)


def test_snapshot_form_at_80x24(snap_compare, root: Path) -> None:
    async def run_before(pilot) -> None:
        app = pilot.app
        await open_project(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        no_blink(app.screen)
        await type_into(pilot, app.screen, "due", "next fri")

    assert snap_compare(app_for(root), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_people(snap_compare, root: Path) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("P")
        await pilot.pause()

    assert snap_compare(app_for(root), terminal_size=(120, 40), run_before=run_before)


def test_after_the_editor_a_file_that_no_longer_parses_is_reported_and_reloaded(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The editor runs with the app suspended; on return the loader's finding is shown and the app reloads."""
    import contextlib
    import sys

    from tui.flows.editor import open_in_editor

    script = tmp_path / "break.py"
    script.write_text("import sys\nwith open(sys.argv[-1], 'a') as f:\n    f.write('\\n[broken\\n')\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    calls: list[str] = []

    class App:
        def suspend(self):
            calls.append("suspend")
            return contextlib.nullcontext()

        def notify(self, message: str, **kwargs) -> None:
            calls.append(message)

        def reload(self) -> None:
            calls.append("reload")

    # vi-style editors get +LINE; a python script does not, so the line is not passed
    assert open_in_editor(App(), root, PROJECT, 77)
    assert calls[0] == "suspend" and calls[-1] == "reload"
    assert any("projects/acme-crm.toml" in c and "not valid TOML" in c for c in calls[1:-1]), calls
    assert (root / PROJECT).read_text("utf-8").endswith("[broken\n")
