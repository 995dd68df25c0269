"""`a` on the timeline: the client accepts a done milestone; checked on the file, the commit and the detail lines."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import rtoml

from tests.helpers.app import settle, sync
from tests.helpers.gitteam import sample_clone
from tests.helpers.workspace import copy_sample
from tui.app import make_app
from tui.screens.edit_form import EditForm
from tui.screens.project import ProjectScreen
from tui.widgets.timeline import TimelineView
from workspace_schema.core.clock import frozen

INTRANET = "projects/greenleaf-intranet.toml"
DONE = "content-migration-b8qz"  # joint, done 2026-11-05, not accepted yet


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str]) -> Path:
    root = sample_clone(tmp_path)
    return root


async def open_timeline(app, pilot, item: str) -> ProjectScreen:
    await settle(pilot)
    screen = ProjectScreen("greenleaf-intranet", item=item, tab="timeline")
    app.push_screen(screen)
    await pilot.pause()
    await pilot.pause()
    return screen


def no_blink(screen) -> None:
    from textual.widgets import Input

    for widget in screen.query(Input):
        widget.cursor_blink = False


@sync
async def test_a_asks_who_accepted_writes_the_three_fields_and_commits_with_the_trailer(repo: Path) -> None:
    before = (repo / INTRANET).read_text("utf-8")
    app = make_app(repo, frozen("2026-11-27"), watch=False, use_git=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_timeline(app, pilot, DONE)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EditForm) and form.spec.title == "Accept milestone"
        assert form.rows["accepted_by"].widget.value == "priya"  # Greenleaf's sponsor, picked first
        form.rows["accepted_by"].widget.value = "priya"
        form.rows["evidence"].widget.focus()
        await pilot.press(*"https://greenleaf.example/ok.pdf")
        await pilot.press("ctrl+s")
        await settle(pilot, 6)
        assert app.screen is screen
        timeline = screen.query_one(TimelineView)
        detail = " ".join(line.plain for line in timeline._detail())
        assert "accepted by priya on 2026-11-27: https://greenleaf.example/ok.pdf" in detail
    after = (repo / INTRANET).read_text("utf-8")
    assert after.count("\n") == before.count("\n") + 3
    milestone = rtoml.loads(after)["milestones"][DONE]
    assert (milestone["accepted_by"], str(milestone["accepted_on"]), milestone["evidence"]) == (
        "priya",
        "2026-11-27",
        "https://greenleaf.example/ok.pdf",
    )
    body = git(repo, "log", "-1", "--format=%B")
    assert f"Ducu-Item: greenleaf-intranet/{DONE}" in body and "Accepted-by: priya" in body
    assert git(repo, "show", "--format=", "--name-only", "HEAD").split() == [INTRANET]
    assert git(repo, "status", "--porcelain") == ""


@sync
async def test_an_open_or_accepted_milestone_gets_a_message_and_no_dialog(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    before = (root / INTRANET).read_bytes()
    app = make_app(root, frozen("2026-11-27"), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(app, pilot, "handover-signoff-9gtv")  # doing
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        await open_timeline(app, pilot, "ia-signoff-4fdn")  # accepted by priya on 2026-08-28
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        messages = [n.message for n in app._notifications]
        assert any("mark it done first" in m for m in messages)
        assert any("already accepted by priya on 2026-08-28" in m for m in messages)
    assert (root / INTRANET).read_bytes() == before


def test_snapshot_accept_dialog(snap_compare, tmp_path: Path) -> None:
    root = copy_sample(tmp_path)

    async def run_before(pilot) -> None:
        app = pilot.app
        await open_timeline(app, pilot, DONE)
        await pilot.press("a")
        await pilot.pause()
        no_blink(app.screen)
        app.screen.rows["evidence"].widget.focus()
        await pilot.press(*"signed minutes of 2026-11-26")
        await pilot.pause()

    assert snap_compare(
        make_app(root, frozen("2026-11-27"), watch=False), terminal_size=(120, 40), run_before=run_before
    )
