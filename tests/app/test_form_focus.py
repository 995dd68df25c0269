"""One focus model for every form and dialog (tui/screens/form.py), checked on the FILE and the commit.

Enter moves on and saves on the last field, a list does not swallow enter,
keys typed while a form opens reach the field that gets focus, text typed
is never dropped without a word, and owner pickers offer the project's
people only.
"""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest
import rtoml
from textual import events

from tests.helpers.app import TODAY, settle, styled_nodes, sync
from tests.helpers.workspace import copy_sample
from tui.app import make_app
from tui.flows import edit as edit_flows
from tui.screens.edit_form import EditForm
from tui.screens.nudge import NudgeScreen
from tui.screens.owed import OwedScreen
from tui.screens.project import ProjectScreen
from workspace_schema.core.clock import frozen
from workspace_schema.views.people import project_people

SIZE = (120, 40)
PROJECT = "projects/acme-crm.toml"
ITEM = "data-export-k3f9"
RISK = "acme-crm/export-owner-away-r5tb"


@pytest.fixture
def root(tmp_path: Path, git_identity: dict[str, str]) -> Path:
    ws = copy_sample(tmp_path)
    subprocess.run(["git", "-C", str(ws), "init", "-q"], check=True)
    subprocess.run(["git", "-C", str(ws), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(ws), "commit", "-q", "-m", "sample"], check=True)
    return ws


def app_on(root: Path):
    return make_app(root, frozen(TODAY), watch=False, use_git=True)


def last_commit(root: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%s"], capture_output=True, text=True, check=True
    ).stdout.strip()


async def open_project(app, pilot) -> ProjectScreen:
    await settle(pilot)
    screen = ProjectScreen("acme-crm", item=ITEM, tab="timeline")
    app.push_screen(screen)
    await pilot.pause()
    await pilot.pause()
    return screen


def send(app, *keys: str) -> None:
    """Keys as the terminal sends them: queued at once, nobody waits for the screen in between."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else " " if key == "space" else None)
        event.set_sender(app)
        app._driver.send_message(event)


@sync
async def test_keys_typed_while_the_form_opens_go_to_the_field_that_gets_focus(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = asyncio.Event()
    build_rest = EditForm.build_rest

    async def slow_build(form: EditForm) -> None:  # a machine under load: the fields come after the keys
        await typed.wait()
        await build_rest(form)

    monkeypatch.setattr(EditForm, "build_rest", slow_build)
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        await open_project(app, pilot)
        send(app, "e")
        while not isinstance(app.screen, EditForm):  # pushed, its fields not built yet
            await pilot.pause(0.001)
        form = app.screen
        send(app, *"Export", "enter", "space")  # a new title, on to "side", space opens its list
        while len(form.held) < 8:
            await pilot.pause(0.001)
        assert not form.typing and app.focused is None  # held: nothing went to the timeline underneath
        typed.set()
        await settle(pilot)
        assert form.typing and not form.held
        assert form.rows["title"].widget.value == "Export"  # typed over the selected title
        side = form.rows["side"].widget
        assert app.focused is not form.rows["title"].widget
        assert side.expanded  # the list opened from space, not from enter


@sync
async def test_keys_typed_in_one_go_with_the_key_that_opens_the_form_go_to_the_form(root: Path) -> None:
    """ "e+2w" arrives in one read: all four keys are handed to the timeline before e is handled; the
    three after it come back unhandled once the form is up, and must reach the form, not be dropped."""
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        await open_project(app, pilot)
        send(app, "e", *"Export")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditForm)
        assert form.rows["title"].widget.value == "Export"


@sync
async def test_enter_moves_on_past_a_list_and_saves_on_the_last_field(root: Path) -> None:
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        await open_project(app, pilot)
        edit_flows.add_step(app, RISK)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditForm) and list(form.rows) == ["text", "owner"]
        await pilot.press(*"Call Ben's deputy", "enter")
        owner = form.rows["owner"].widget
        assert app.focused is owner and not owner.expanded  # enter moved on; it did not open the list
        await pilot.press("down")  # the list opens with down (or space)
        await pilot.pause()
        assert owner.expanded
        await pilot.press("down", "enter")  # picks the first person
        await pilot.pause()
        assert app.focused is owner and not owner.expanded
        picked = owner.value
        await pilot.press("enter")  # the last field: saves
        await settle(pilot, 5)
        assert isinstance(app.screen, ProjectScreen)
    steps = rtoml.load(root / PROJECT)["risks"]["export-owner-away-r5tb"]["steps"]
    assert any(step["text"] == "Call Ben's deputy" and step.get("owner") == picked for step in steps.values())
    assert "Call Ben" in last_commit(root) or "step" in last_commit(root)


@sync
async def test_the_nudge_dialog_keeps_a_chinese_summary_across_tab_and_saves_on_enter(root: Path) -> None:
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot, 2)
        assert isinstance(app.screen, OwedScreen)
        await pilot.press("l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NudgeScreen)
        summary = dialog.query_one("#question-summary")
        await pilot.press(*"王伟周一发送")
        await pilot.press("tab")  # to the channel list
        await pilot.press("x")  # a letter on a list is not typed: it says so, and nothing is lost
        await pilot.press("tab")  # back to the summary: the cursor goes to its end, nothing is selected
        await pilot.press(*"已确认")
        assert summary.value == "王伟周一发送已确认"
        await pilot.press("enter")
        await settle(pilot, 5)
        assert isinstance(app.screen, OwedScreen)
    log = rtoml.load(root / "projects/huamei-miniapp.toml")["log"]
    assert any(entry.get("summary") == "王伟周一发送已确认" for entry in log.values())
    assert "nudge" in last_commit(root) or "log" in last_commit(root)


@sync
async def test_owner_pickers_list_the_projects_people_only(root: Path) -> None:
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        await open_project(app, pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditForm)
        offered = [value for _label, value in form.rows["owner"].widget._options if isinstance(value, str)]
        assert offered == project_people(app.state.ws, "acme-crm")
        assert "wangwei" not in offered and "priya" not in offered  # other clients' contacts


@sync
async def test_a_long_value_shows_its_start_and_escape_says_what_was_discarded(root: Path) -> None:
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        await open_project(app, pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        notes = form.rows["notes"].widget
        assert len(notes.value) > notes.content_size.width  # longer than the input
        notes.focus()
        await pilot.pause()
        assert notes.cursor_position == 0 and notes.scroll_x == 0  # its start, all of it selected
        assert notes.selection.end == 0 and notes.selection.start == len(notes.value)
        await pilot.press(*"typed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        assert any("discarded" in n.message for n in app._notifications)


@sync
async def test_a_form_is_styled_once_when_it_opens_and_looks_as_textual_styles_it(root: Path) -> None:
    """Its widgets are styled as they are mounted; Textual's styling them all again when it shows the form is
    skipped (~20 ms at 20,000 items): nothing on screen differs from the form styled Textual's way."""
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        await open_project(app, pilot)
        styled = styled_nodes(app)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EditForm)
        assert form not in styled
        ours = app.export_screenshot()
        app.update_styles(form)  # what Textual does on showing it
        await settle(pilot)
        assert app.export_screenshot() == ours
