"""The app in a browser (textual-serve): outputs are downloaded too, and its user says who they are before a commit.

Pilot has no browser: the tests force Textual's ``App.is_web`` and record
what the app hands to ``deliver_text`` (Textual's delivery is the only fake);
git is real.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import rtoml
from textual.widgets import OptionList

from tests.helpers.app import app_on, settle, sync
from tests.helpers.gitteam import sample_clone
from tests.helpers.workspace import copy_sample
from tui.app import DucuApp, make_app
from tui.screens.identity import IdentityScreen
from tui.screens.project import ProjectScreen
from workspace_schema.core.clock import frozen
from workspace_schema.git import runner

INTRANET = "projects/greenleaf-intranet.toml"
DOING = "handover-signoff-9gtv"  # doing, started 2026-11-17


def in_browser(monkeypatch: pytest.MonkeyPatch, app: DucuApp) -> list[tuple[str, str | None, str | None]]:
    """Make ``app`` run as in a browser; the list fills with (content, file name, encoding) per delivery."""
    monkeypatch.setattr(DucuApp, "is_web", property(lambda self: True))
    delivered: list[tuple[str, str | None, str | None]] = []

    def deliver_text(path_or_file, *, save_filename=None, encoding=None, **_):
        delivered.append((Path(path_or_file).read_text("utf-8"), save_filename, encoding))
        return "key"

    monkeypatch.setattr(app, "deliver_text", deliver_text)
    return delivered


def said(app: DucuApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


@pytest.mark.parametrize("web", [True, False])
@sync
async def test_a_report_is_written_to_out_and_in_a_browser_also_downloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, web: bool
) -> None:
    root = copy_sample(tmp_path)
    app = app_on(root)
    delivered = in_browser(monkeypatch, app) if web else []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(ProjectScreen("acme-crm"))
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        await pilot.press("m")  # the client's copy, Markdown
        await pilot.pause()
        path = root.resolve() / "out" / "reports" / "2026-11-27-acme-crm.md"
        assert path.is_file()
        if web:
            assert delivered == [(path.read_text("utf-8"), "2026-11-27-acme-crm.md", "utf-8")]
            assert "Your browser downloads it as 2026-11-27-acme-crm.md." in said(app)
            assert f"A copy stays on the server in {path.parent}." in said(app)
        else:
            assert str(path) in said(app) and "browser" not in said(app)


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout.strip()


@sync
async def test_in_a_browser_the_first_edit_asks_who_you_are_and_commits_as_them(
    tmp_path: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "_COMMIT_AS", {})  # the app sets who this process commits as: undone after the test
    repo = sample_clone(tmp_path)
    before, start = (repo / INTRANET).read_text("utf-8"), git(repo, "rev-parse", "HEAD")
    app = make_app(repo, frozen("2026-11-27"), watch=False, use_git=True)
    in_browser(monkeypatch, app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 5)
        assert app.git_view.handle is None and "in a browser" in said(app)
        app.push_screen(ProjectScreen("greenleaf-intranet", item=DOING))
        await settle(pilot)
        await pilot.press("D")  # done: an edit, so a commit
        await settle(pilot)
        assert isinstance(app.screen, IdentityScreen)
        assert "You are using ducu in a browser. Who are you?" in str(
            app.screen.query_one("#identity-question").render()
        )
        await pilot.press("escape")  # no answer: nothing is written
        await settle(pilot)
        assert (repo / INTRANET).read_text("utf-8") == before and git(repo, "rev-parse", "HEAD") == start
        assert "Not done" in said(app)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, IdentityScreen)
        app.screen.query_one(OptionList).highlighted = app.screen.handles.index("mei")
        await pilot.press("enter")
        await settle(pilot, 6)
        assert rtoml.load(repo / INTRANET)["milestones"][DOING]["status"] == "done"
        assert git(repo, "rev-list", "--count", f"{start}..HEAD") == "1"
        assert git(repo, "log", "-1", "--format=%an <%ae> | %cn <%ce>") == (
            "陈美 (Chen Mei) <mei@northwind.digital> | 陈美 (Chen Mei) <mei@northwind.digital>"
        )
        assert app.git_view.handle == "mei"
        await pilot.press("D")  # asked once: the next edit commits at once, as mei again
        await settle(pilot, 6)
        assert not isinstance(app.screen, IdentityScreen)
        assert git(repo, "rev-list", "--count", f"{start}..HEAD") == "2"
        assert git(repo, "log", "-1", "--format=%an <%ae>") == "陈美 (Chen Mei) <mei@northwind.digital>"


@sync
async def test_in_a_terminal_an_edit_commits_as_git_says_without_asking(
    tmp_path: Path, git_identity: dict[str, str]
) -> None:
    repo = sample_clone(tmp_path)
    app = make_app(repo, frozen("2026-11-27"), watch=False, use_git=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 5)
        app.push_screen(ProjectScreen("greenleaf-intranet", item=DOING))
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot, 6)
        assert not isinstance(app.screen, IdentityScreen)
        assert git(repo, "log", "-1", "--format=%an <%ae>") == "Test Author <author@example.com>"


@sync
async def test_a_reminder_draft_written_in_a_browser_is_downloaded_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.screens.owed import OwedScreen

    root = copy_sample(tmp_path)
    app = app_on(root)
    delivered = in_browser(monkeypatch, app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(OwedScreen())
        await settle(pilot)
        await pilot.press("m")  # the first row: 王伟's late verification papers
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        path = root.resolve() / "out" / "reminders" / "2026-11-27-huamei-miniapp-weixin-renzheng-4npz.txt"
        assert delivered == [(path.read_text("utf-8"), path.name, "utf-8")]
        assert f"Your browser downloads it as {path.name}." in said(app)
