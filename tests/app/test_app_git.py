"""The app with git: one commit per edit, sync, the conflict resolver, identity, offline.

Real git only: a bare remote and two clones of the sample in tmp_path
(tests/helpers/gitteam.py). The app runs with ``use_git=True`` and no disk watcher;
every test checks commits and files, not only what the screen shows.
"""

from __future__ import annotations

import datetime as dt
import difflib
import subprocess
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.helpers.app import settle, sync
from tests.helpers.gitteam import ACME, DUE, Team, conflict, edit, g, make_team, value
from tui.app import DucuApp, make_app
from tui.render.status_text import GitView
from tui.screens.confirm import ConfirmScreen
from tui.screens.conflicts import ConflictScreen
from tui.screens.identity import IdentityScreen
from tui.screens.project import ProjectScreen
from tui.state import State
from tui.widgets.matrix import MatrixView
from tui.widgets.status_bar import StatusBar
from workspace_schema.core.clock import frozen
from workspace_schema.core.findings import sort_key
from workspace_schema.git import identity
from workspace_schema.git import status as repo_status
from workspace_schema.git import sync as git_sync
from workspace_schema.load.loader import load_workspace
from workspace_schema.rules import check

EXPORT = "data-export-k3f9"  # raci: R bkim, A dgreen, C raj, I hannah
SYNCED_AT = dt.datetime(2026, 11, 27, 6, 2, tzinfo=dt.UTC)  # 14:02 in Shanghai, the sample's timezone


def as_person(monkeypatch: pytest.MonkeyPatch, name: str, email: str) -> None:
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", name)
        monkeypatch.setenv(f"GIT_{role}_EMAIL", email)


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Team:
    as_person(monkeypatch, "Hannah Okafor", "hannah@northwind.digital")
    return make_team(tmp_path)


def app_on(root: Path) -> DucuApp:
    return make_app(root, frozen("2026-11-27"), watch=False, use_git=True)


def bar_text(app: DucuApp) -> str:
    return app.screen.query_one(StatusBar).render().plain


def notes(app: DucuApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


def commits_since(root: Path, before: str) -> list[str]:
    return g(root, "rev-list", f"{before}..HEAD").split()


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


async def press_r_on_tomas(pilot) -> None:
    """In acme-crm's matrix, make tomas responsible for the data export (one line of the file)."""
    await settle(pilot, rounds=5)
    pilot.app.push_screen(ProjectScreen("acme-crm", tab="matrix"))
    await pilot.pause()
    await pilot.pause()
    view = pilot.app.screen.query_one(MatrixView)
    assert view.focus_item(EXPORT)
    target = [c.handle for c in view.grid.columns].index("tomas")
    while view.grid.col != target:
        await pilot.press("right" if view.grid.col < target else "left")
    await pilot.press("r")
    await settle(pilot, rounds=5)


# --- one commit per edit ----------------------------------------------------------------


@sync
async def test_an_edit_in_the_app_is_one_commit_of_just_that_file(team: Team) -> None:
    root = team.a
    before, original = g(root, "rev-parse", "HEAD"), (root / ACME).read_text("utf-8")
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await press_r_on_tomas(pilot)
        new = commits_since(root, before)
        assert len(new) == 1
        assert g(root, "show", "--name-only", "--format=", new[0]).splitlines() == [ACME]
        message = g(root, "log", "-1", "--format=%B")
        assert f"Ducu-Item: acme-crm/{EXPORT}" in message and "Ducu-Field: raci.responsible" in message
        assert g(root, "log", "-1", "--format=%an <%ae>") == "Hannah Okafor <hannah@northwind.digital>"
        assert changed_lines(original, (root / ACME).read_text("utf-8")) == [
            '-responsible = ["bkim"]',
            '+responsible = ["bkim", "tomas"]',
        ]
        assert repo_status.status(root).pending == ()
        text = bar_text(app)
        assert "you: hannah" in text and "main ↑1" in text and "pending" not in text


@sync
async def test_edits_outside_the_app_show_as_pending_and_sync_commits_and_pushes_them(team: Team) -> None:
    root = team.a
    path = root / "people.toml"
    path.write_text(path.read_text("utf-8") + "# edited by hand\n", encoding="utf-8")
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, rounds=5)
        assert "1 pending" in bar_text(app)
        await pilot.press("S")
        await settle(pilot, rounds=5)
        assert g(root, "show", "--name-only", "--format=", "HEAD").splitlines() == ["people.toml"]
        assert team.remote_head() == g(root, "rev-parse", "HEAD")
        text = bar_text(app)
        assert "pending" not in text and "↑" not in text and "synced " in text
        assert "Synced: Synced with origin/main: committed the files changed outside ducu, pushed 1 commit." in notes(
            app
        )


# --- sync and the conflict resolver -------------------------------------------------------


@sync
async def test_a_conflict_from_sync_is_resolved_in_the_app_and_both_clones_converge(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_person(monkeypatch, "Raj Patel", "raj@northwind.digital")
    edit(team.a, *DUE, dt.date(2026, 12, 18))
    assert git_sync.sync(team.a).status == "synced"
    as_person(monkeypatch, "Hannah Okafor", "hannah@northwind.digital")
    ours = edit(team.b, *DUE, dt.date(2027, 1, 8))
    theirs = team.remote_head()
    app = app_on(team.b)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, rounds=5)
        await pilot.press("S")
        await settle(pilot, rounds=5)
        screen = app.screen
        assert isinstance(screen, ConflictScreen)
        assert [(f.file, [(c.item, c.field) for c in f.fields]) for f in screen.files] == [(ACME, [(EXPORT, "due")])]
        detail = str(screen.query_one("#conflicts-detail").render())
        for expected in ("base    2026-12-11", "ours    2027-01-08", "theirs  2026-12-18", "(Raj Patel)", "(you)"):
            assert expected in detail
        assert (team.b / ACME).read_text("utf-8").count("<<<<<<<") == 1  # git's state, untouched so far

        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot, rounds=8)
        assert not isinstance(app.screen, ConflictScreen)
        head = g(team.b, "rev-parse", "HEAD")
        assert g(team.b, "rev-parse", "HEAD^1", "HEAD^2").split() == [ours, theirs]  # the merge: ours first
        assert team.remote_head() == head  # pushed
        assert value(team.b, *DUE) == dt.date(2026, 12, 18)
        assert "<<<<<<<" not in (team.b / ACME).read_text("utf-8")
        assert "The merge is committed. Synced with origin/main" in notes(app)
        assert "conflicted" not in bar_text(app)
    assert git_sync.sync(team.a).status == "synced"
    assert g(team.a, "rev-parse", "HEAD") == head
    assert g(team.a, "rev-parse", "HEAD^{tree}") == g(team.b, "rev-parse", "HEAD^{tree}")


@sync
async def test_the_app_started_in_a_conflicted_merge_offers_the_resolver_and_leaving_writes_nothing(team: Team) -> None:
    conflict(team)
    marked = (team.b / ACME).read_bytes()
    app = app_on(team.b)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, rounds=5)
        assert isinstance(app.screen, ConflictScreen)
        assert "A merge is waiting for its conflicts to be resolved in: projects/acme-crm.toml" in notes(app)
        await pilot.press("o")  # ours for the one field: the app asks before writing
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.press("escape")
        await settle(pilot, rounds=5)
        assert not isinstance(app.screen, ConflictScreen)
        assert "1 conflicted file" in bar_text(app)
        await pilot.press("S")  # sync is refused while conflicted: S brings the resolver back
        await settle(pilot, rounds=5)
        assert isinstance(app.screen, ConflictScreen)
    assert (team.b / ACME).read_bytes() == marked
    st = repo_status.status(team.b)
    assert st.merge_in_progress and st.conflicted == (ACME,)


@sync
async def test_typing_a_value_resolves_with_it(team: Team) -> None:
    conflict(team)
    app = app_on(team.b)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, rounds=5)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("e")
        box = app.screen.query_one("#conflicts-value")
        box.value = "next week"
        await pilot.press("enter")  # not a date: refused, the box stays
        await pilot.pause()
        assert "Not a value for this field" in notes(app) and box.display
        box.value = "2027-02-01"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, rounds=8)
        assert value(team.b, *DUE) == dt.date(2027, 2, 1)
        assert team.remote_head() == g(team.b, "rev-parse", "HEAD")


# --- offline and identity -------------------------------------------------------------------


@sync
async def test_offline_sync_keeps_the_local_commit_and_says_offline(team: Team) -> None:
    root = team.a
    team.remote.rename(team.remote.with_name("moved-away.git"))
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await press_r_on_tomas(pilot)
        mine = g(root, "rev-parse", "HEAD")
        await pilot.press("S")
        await settle(pilot, rounds=5)
        text = bar_text(app)
        assert "offline" in text and "↑1" in text
        assert "Offline: not synced: Could not fetch from origin" in notes(app)
        assert g(root, "rev-parse", "HEAD") == mine
        assert "tomas" in (root / ACME).read_text("utf-8")


@sync
async def test_an_unknown_email_is_said_and_the_dialog_adds_it_with_one_commit(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_person(monkeypatch, "Hannah Okafor", "hannah.okafor@gmail.com")
    root = team.a
    before = g(root, "rev-parse", "HEAD")
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, rounds=5)
        assert "you: not in people.toml (I)" in bar_text(app)
        assert "Press I to add it to hannah." in notes(app)
        await pilot.press("I")
        await pilot.pause()
        assert isinstance(app.screen, IdentityScreen)
        assert app.screen.handles[0] == "hannah"  # the likely person first
        await pilot.press("enter")
        await settle(pilot, rounds=5)
        new = commits_since(root, before)
        assert len(new) == 1 and g(root, "show", "--name-only", "--format=", new[0]).splitlines() == ["people.toml"]
        assert 'emails = ["hannah@northwind.digital", "hannah.okafor@gmail.com"]' in (root / "people.toml").read_text(
            "utf-8"
        )
        assert "you: hannah " in bar_text(app) + " "
        assert not [n for n in app._notifications if n.title == "Who are you?"]  # answered: the warning goes at once


@sync
async def test_without_a_git_identity_edits_are_saved_and_shown_pending(
    team: Team, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for role in ("AUTHOR", "COMMITTER"):
        for what in ("NAME", "EMAIL"):
            monkeypatch.delenv(f"GIT_{role}_{what}", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.delenv("EMAIL", raising=False)
    subprocess.run(["git", "-C", str(team.a), "config", "user.useConfigOnly", "true"], check=True)
    before = g(team.a, "rev-parse", "HEAD")
    app = app_on(team.a)
    async with app.run_test(size=(120, 40)) as pilot:
        await press_r_on_tomas(pilot)
        assert g(team.a, "rev-parse", "HEAD") == before
        assert '"bkim", "tomas"' in (team.a / ACME).read_text("utf-8")  # saved, not lost
        text = bar_text(app)
        assert "no git identity" in text and "1 pending" in text
        said = notes(app)
        assert "No git identity" in said and "git config --global user.email" in said
        assert "Saved, not committed" in said


# --- snapshots at 120x40: the status bar's states and the resolver ------------------------


def snap_app(root: Path) -> DucuApp:
    """The app for a snapshot: the last sync at a fixed time; no history scan, so the
    screens look the same whatever the history views show (they have their own snapshots)."""
    repo_status.write_last_sync(root, SYNCED_AT)
    app = app_on(root)
    app.read_history = False
    return app


async def quiet(pilot) -> None:
    await settle(pilot, rounds=5)
    pilot.app.clear_notifications()
    await pilot.pause()


class BarApp(App[None]):
    """Just the status bar, at the bottom of an empty screen, showing a real clone's state."""

    def __init__(self, state: State, view: GitView) -> None:
        super().__init__()
        self.state, self.view = state, view

    def compose(self) -> ComposeResult:
        yield Static(id="filler")
        yield StatusBar()

    def on_mount(self) -> None:
        self.query_one("#filler").styles.height = "1fr"
        bar = self.query_one(StatusBar)
        bar.show_state(self.state)
        bar.show_git(self.view)


def bar_app(root: Path, outcome: str | None = None) -> BarApp:
    """The status bar over ``root`` as the app draws it: its findings, git status and identity."""
    repo_status.write_last_sync(root, SYNCED_AT)
    ws, findings = load_workspace(root)
    today = dt.date(2026, 11, 27)
    state = State.build(ws, sorted(findings + check(ws, today), key=sort_key), today)
    view = GitView(
        enabled=True, status=repo_status.status(root), identity=identity.current_person(ws, root), outcome=outcome
    )
    return BarApp(state, view)


def test_snapshot_status_bar_synced(snap_compare, team: Team) -> None:
    assert snap_compare(bar_app(team.a), terminal_size=(120, 40))


def test_snapshot_status_bar_offline(snap_compare, team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    as_person(monkeypatch, "Hannah Okafor", "hannah.okafor@gmail.com")  # and an email people.toml does not list
    edit(team.a, *DUE, dt.date(2026, 12, 18))
    (team.a / "people.toml").write_text((team.a / "people.toml").read_text("utf-8") + "# by hand\n", encoding="utf-8")
    team.remote.rename(team.remote.with_name("moved-away.git"))
    repo_status.write_last_sync(team.a, SYNCED_AT)
    result = git_sync.sync(team.a)
    assert result.status == "offline"
    assert snap_compare(bar_app(team.a, result.status), terminal_size=(120, 40))


def test_snapshot_status_bar_conflicts(snap_compare, team: Team) -> None:
    conflict(team)
    assert snap_compare(bar_app(team.b), terminal_size=(120, 40))


def test_snapshot_conflict_screen(snap_compare, team: Team) -> None:
    conflict(team)
    assert snap_compare(snap_app(team.b), terminal_size=(120, 40), run_before=quiet)


# --- the command line ----------------------------------------------------------------------------


def test_sync_every_reaches_the_app_and_is_off_by_default(team: Team, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.cli import main

    seen: list[tuple[float | None, bool]] = []
    monkeypatch.setattr(DucuApp, "run", lambda self: seen.append((self.sync_every, self.use_git)))
    assert main([str(team.a), "--sync-every", "5"]) == 0
    assert main([str(team.a)]) == 0
    assert seen == [(5.0, True), (None, True)]


@sync
async def test_a_file_that_cannot_be_merged_by_field_is_left_to_the_editor_and_staged_when_fixed(team: Team) -> None:
    path_a, path_b = team.a / ACME, team.b / ACME
    path_a.write_text(path_a.read_text("utf-8").replace('title = "CRM', 'title = "New CRM', 1), encoding="utf-8")
    g(team.a, "commit", "-q", "-am", "theirs")
    assert git_sync.sync(team.a).status == "synced"
    path_b.write_text(path_b.read_text("utf-8").replace('title = "CRM', "title = CRM unquoted", 1), encoding="utf-8")
    g(team.b, "commit", "-q", "-am", "ours, not TOML")
    assert git_sync.sync(team.b).status == "conflicts"
    app = app_on(team.b)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, rounds=5)
        screen = app.screen
        assert isinstance(screen, ConflictScreen)
        lines = [str(screen.prompt(row)) for row in screen.rows]
        assert lines[0].startswith(f"{ACME}  theirs by Hannah Okafor  resolve in your editor")
        assert "resolve in your editor (o): ours not valid TOML" in lines[1]
        await pilot.press("w")  # still has markers: refused, nothing staged
        await settle(pilot, rounds=5)
        assert "still has a conflict marker" in notes(app) and repo_status.status(team.b).conflicted == (ACME,)
        text = path_b.read_text("utf-8")  # fixed by hand in another window: theirs
        start, middle, end = text.index("<<<<<<<"), text.index("\n=======\n"), text.index(">>>>>>>")
        path_b.write_text(text[:start] + text[middle + 9 : end] + text[text.index("\n", end) + 1 :], encoding="utf-8")
        await pilot.press("w")
        await settle(pilot, rounds=8)
        assert not isinstance(app.screen, ConflictScreen)
        assert team.remote_head() == g(team.b, "rev-parse", "HEAD")
        assert 'title = "New CRM' in path_b.read_text("utf-8")


@sync
async def test_a_force_pushed_remote_is_not_undone_and_the_app_offers_the_way_on(team: Team) -> None:
    edit(team.a, *DUE, dt.date(2026, 12, 18))
    leak = g(team.a, "rev-parse", "HEAD")
    assert git_sync.sync(team.a).status == "synced" and git_sync.sync(team.b).status == "synced"
    g(team.a, "reset", "-q", "--hard", "HEAD~1")  # a teammate takes the commit out and force-pushes
    g(team.a, "push", "-q", "--force", "origin", "main")
    cleaned = team.remote_head()
    app = app_on(team.b)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, rounds=5)
        await pilot.press("S")
        await settle(pilot, rounds=5)
        assert isinstance(app.screen, ConfirmScreen)
        assert "rewritten (force-pushed)" in notes(app)
        assert team.remote_head() == cleaned  # nothing published again while the question is open
        await pilot.press("y")
        await settle(pilot, rounds=8)
        assert leak not in g(team.remote, "rev-list", "main").split()
        assert g(team.b, "rev-parse", "HEAD") == team.remote_head() == cleaned  # no commits of b's own: on the new tip
        assert "Synced with origin/main: moved onto the rewritten origin/main with your 0 commits on top" in notes(app)
