"""The app's side of git: who you are, one commit per edit, sync, and the git state the status bar shows.

DucuApp builds on GitApp. All git work runs in thread workers that hold one
lock (``git_lock``), so an edit's write-and-commit, a sync, a conflict
resolution and a status refresh never overlap; the workers only post
messages, and the handlers here update ``git_view`` and the status bars.

In a browser (textual-serve) the git identity is the server's: the person
at the browser says who they are (the identity screen) before the first
commit, and the app commits as them from then on (``as_known_person``).

Git is used when the workspace is in a git clone and the app was built with
``use_git`` (the CLI does; tests of screens over the sample, which sits
inside ducu's own repository, do not). Outside git the app edits files and
shows no git state.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from tui.render.status_text import GitView
from tui.render.text import clean
from tui.widgets.status_bar import StatusBar
from workspace_schema.git import commit as commits
from workspace_schema.git import runner as git
from workspace_schema.git import status as repo_status
from workspace_schema.git import sync
from workspace_schema.git.status import RepoStatus
from workspace_schema.git.sync import SyncResult
from workspace_schema.merge import driver as merge

if TYPE_CHECKING:  # identity imports the editor (tomlkit): loaded when git is first read, after the first paint
    from textual.worker import Worker

    from tui.state import State
    from workspace_schema.edit.edits import AppliedEdit
    from workspace_schema.git.identity import IdentityResult

SYNC_TITLES = {
    "synced": "Synced",
    "nothing": "Up to date",
    "offline": "Offline: not synced",
    "conflicts": "Conflicts to resolve",
    "rewritten": "The remote was rewritten",
    "refused": "Not synced",
    "error": "Sync stopped",
}
SYNC_SEVERITY = {
    "synced": "information",
    "nothing": "information",
    "offline": "warning",
    "conflicts": "error",
    "rewritten": "error",
    "refused": "error",
    "error": "error",
}


@dataclass
class GitStarted(Message):
    in_repo: bool
    driver_changed: bool


@dataclass
class GitChecked(Message):
    status: RepoStatus | None
    identity: IdentityResult | None
    problem: str = ""


@dataclass
class SyncDone(Message):
    result: SyncResult
    quiet: bool = False  # a background sync: only news and trouble are notified
    lead: str = ""  # said before the result's message ("The merge is committed.")


class GitApp(App[None]):
    BINDINGS = [
        Binding("S", "sync", "Sync", key_display="S", id="app.sync"),
        Binding(
            "I", "add_email", "Add my email", key_display="I", id="app.add_email", show=False
        ),  # the status bar says "(I)"
    ]

    root: Path
    state: State | None
    if TYPE_CHECKING:  # DucuApp's (tui/app.py)

        def edit(self, fn: Callable[..., AppliedEdit], *args: Any, **kwargs: Any) -> None: ...

    def __init__(self, *, use_git: bool = True, sync_every: float | None = None) -> None:
        super().__init__()
        self.use_git = use_git
        self.sync_every = sync_every
        self.git_lock = threading.Lock()
        self.git_view = GitView()
        self._in_repo: bool | None = None if use_git else False
        self._refreshing = self._refresh_again = False
        self._told_identity: tuple[str | None, str, bool] | None = None
        self._offered_resolver = False
        self.browser_person: str | None = None  # who the browser user said they are (in a browser only)

    def reload(self) -> Worker[None] | None:
        """Load the workspace again after git changed the files (DucuApp does; a bare GitApp has nothing loaded)."""

    # --- start ----------------------------------------------------------------

    def start_git(self) -> None:
        """Find the clone and register the merge driver (a worker); then keep the state fresh."""
        if not self.use_git:
            return
        self._git_start()
        if self.sync_every:
            self.set_interval(max(self.sync_every, 0.1) * 60, self._background_sync)

    @work(thread=True, group="git-start", exit_on_error=False)
    def _git_start(self) -> None:
        with self.git_lock:
            try:
                in_repo = git.is_repo(self.root)
            except git.GitError:  # git is not installed: the app edits files, as outside a clone
                in_repo = False
            self._in_repo = in_repo
            changed = in_repo and merge.ensure_driver(self.root)
        self.post_message(GitStarted(in_repo, changed))

    @on(GitStarted)
    def _git_started(self, event: GitStarted) -> None:
        if not self.screen_stack:  # the app is closing
            return
        self.git_view = replace(self.git_view, enabled=event.in_repo)
        if event.driver_changed:
            self.notify(merge.DRIVER_NOTICE, title="Merge driver", timeout=6, markup=False)
        self.refresh_bindings()
        self.refresh_git()

    # --- status -----------------------------------------------------------------

    def refresh_git(self) -> None:
        """Read the clone's status and the current person again (in a worker; repeated calls coalesce)."""
        if not self.git_view.enabled or self.state is None:
            return
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        self._git_refresh(self.state)

    @work(thread=True, group="git-status", exit_on_error=False, description="git status")
    def _git_refresh(self, state: State) -> None:
        try:
            with self.git_lock:
                st = repo_status.status(self.root)
                from workspace_schema.git import identity

                who = identity.current_person(state.ws, self.root)
        except Exception as exc:  # reported in the status bar; the next load asks again
            self.post_message(GitChecked(None, None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(GitChecked(st, who))

    @on(GitChecked)
    def _git_checked(self, event: GitChecked) -> None:
        self._refreshing = False
        if not self.screen_stack:  # the app is closing
            return
        if event.problem:
            if event.problem != self.git_view.problem:
                self.notify(
                    clean(event.problem), title="Cannot read the git state", severity="error", timeout=10, markup=False
                )
            self.git_view = replace(self.git_view, problem=event.problem)
        else:
            who = event.identity
            if who is not None and self.needs_person():  # the server's identity: not the person at the browser
                who = replace(who, handle=None, problem=BROWSER_PROBLEM, suggestion=None)
            self.git_view = replace(self.git_view, status=event.status, identity=who, problem="")
        self.show_git()
        self.refresh_bindings()
        if self.git_view.identity is not None:
            self._tell_identity(self.git_view.identity)
        st = event.status
        if st is not None and st.merge_in_progress and st.conflicted and not self._offered_resolver:
            self._offered_resolver = True
            self.notify(
                f"A merge is waiting for its conflicts to be resolved in: {', '.join(clean(f) for f in st.conflicted)}.",
                title="Conflicts to resolve",
                severity="warning",
                timeout=10,
                markup=False,
            )
            self.open_conflicts()
        if self._refresh_again:
            self._refresh_again = False
            self.refresh_git()

    def show_git(self) -> None:
        for screen in self.screen_stack:
            for bar in screen.query(StatusBar):
                bar.show_git(self.git_view)

    def forget_asking(self) -> None:
        """Take down the "Who are you?" warnings: answered, they would linger for their 20 seconds."""
        for notice in list(self._notifications):
            if notice.title == WHO_ARE_YOU:
                self._unnotify(notice, refresh=False)
        self._refresh_notifications()

    def _tell_identity(self, who: IdentityResult) -> None:
        key = (who.handle, who.email, who.problem is None)
        if key == self._told_identity:
            return
        first = self._told_identity is None
        self._told_identity = key
        if who.handle is not None:
            self.forget_asking()
            if not first:
                self.notify(f"You are {who.handle} in people.toml.", title="Identity", timeout=4, markup=False)
            return
        if who.problem == BROWSER_PROBLEM:
            self.notify(BROWSER_PROBLEM, title=WHO_ARE_YOU, severity="warning", timeout=20, markup=False)
            return
        if not who.email:
            self.notify(
                f"{who.problem}\nUntil then edits are saved to the files, not committed: they show as pending.",
                title="No git identity",
                severity="warning",
                timeout=20,
                markup=False,
            )
            return
        offer = f" Press I to add it to {who.suggestion}." if who.suggestion else " Press I to add it to a person."
        # short: at 80 columns the whole of who.problem (what `ducu` says on the command line) hid half the screen
        said = f"Your git email {who.email} is not in people.toml, so your edits are not tied to a person.{offer}"
        self.notify(said, title=WHO_ARE_YOU, severity="warning", timeout=20, markup=False)

    # --- one commit per edit (called in the edit worker, which holds git_lock) ----------

    def commit_edit(self, change: AppliedEdit) -> str | None:
        """Commit the file of ``change``; None when committed (or nothing to commit), else why not."""
        if self._in_repo is None:
            try:
                self._in_repo = git.is_repo(self.root)
            except git.GitError as exc:  # git is not installed
                return str(exc)
        if not self._in_repo:
            return None
        try:
            commits.commit_change(self.root, change)
        except commits.NothingToCommit:
            return None
        except git.GitError as exc:  # NoIdentity, StagedByOthers, a merge in progress, ...
            return str(exc)
        return None

    # --- sync --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "sync":
            return self.git_view.enabled
        if action == "add_email":
            if self.is_web:
                return self.git_view.enabled  # says who is at the browser
            who = self.git_view.identity
            return who is not None and who.handle is None and bool(who.email)
        return True

    def action_sync(self, quiet: bool = False, after_rewrite: bool = False) -> None:
        if self.needs_person():  # a sync commits (pending files, merges): as the person at the browser
            if not quiet:
                self.as_known_person(lambda: self.action_sync(after_rewrite=after_rewrite))
            return
        view = self.git_view
        if not view.enabled:
            if not quiet:
                self.notify(
                    "This workspace is not in a git clone, so there is nothing to sync with. Edits are saved to the files.",
                    title="No git",
                    timeout=6,
                    markup=False,
                )
            return
        if view.syncing:
            if not quiet:
                self.notify("A sync is already running.", timeout=3)
            return
        st = view.status
        if st is not None and st.conflicted:
            if not quiet:
                self.open_conflicts()
            return
        self.git_view = replace(view, syncing=True)
        self.show_git()
        self._sync(quiet, after_rewrite)

    def _background_sync(self) -> None:
        from tui.screens.conflicts import ConflictScreen

        if not isinstance(self.screen, ConflictScreen):
            self.action_sync(quiet=True)

    @work(thread=True, exclusive=True, group="git", exit_on_error=False, description="sync")
    def _sync(self, quiet: bool, after_rewrite: bool = False) -> None:
        try:
            with self.git_lock:
                result = sync.sync(self.root, validate=False, after_rewrite=after_rewrite)
        except Exception as exc:  # sync says what went wrong itself; anything else still ends the sync
            result = SyncResult("error", f"Sync stopped: {type(exc).__name__}: {exc}. Your commits are kept.")
        self.post_message(SyncDone(result, quiet))

    @on(SyncDone)
    def _sync_done(self, event: SyncDone) -> None:
        result = event.result
        if not self.screen_stack:  # the app is closing
            return
        before = self.git_view.outcome
        self.git_view = replace(self.git_view, syncing=False, outcome=result.status)
        self.show_git()
        news = (
            result.status in ("conflicts", "error", "rewritten", "refused")
            or (result.status == "offline" and before != "offline")
            or result.pulled
        )
        if not event.quiet or news:
            self.notify(
                f"{event.lead}{result.message}",
                title=SYNC_TITLES.get(result.status, "Sync"),
                severity=SYNC_SEVERITY.get(result.status, "information"),  # type: ignore[arg-type]
                timeout=6 if result.status in ("synced", "nothing") else 15,
                markup=False,
            )
        self.reload()
        self.refresh_git()
        if result.status == "conflicts":
            self._offered_resolver = True
            self.open_conflicts()
        elif result.status == "rewritten" and not event.quiet:
            self.offer_after_rewrite(result.message)

    def offer_after_rewrite(self, said: str) -> None:
        """The remote was force-pushed: ask before moving onto it with only this clone's commits on top."""
        from rich.text import Text

        from tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.action_sync(after_rewrite=True)

        question = Text("Move onto the rewritten branch, with only the commits made here on top?")
        self.push_screen(ConfirmScreen(question, Text(said), yes="Move onto it", no="Not now"), answered)

    # --- conflicts and identity ---------------------------------------------------------

    def open_conflicts(self) -> None:
        from tui.screens.conflicts import ConflictScreen

        if not any(isinstance(s, ConflictScreen) for s in self.screen_stack):
            self.push_screen(ConflictScreen())

    def action_add_email(self) -> None:
        from tui.screens.identity import IdentityScreen

        if self.is_web:
            self.ask_person(None)
            return
        who = self.git_view.identity
        if self.state is None or who is None:
            self.notify(
                "ducu does not know your git identity yet (outside a git clone it does not ask).",
                timeout=4,
                markup=False,
            )
            return
        if who.handle is not None or not who.email:
            said = f"Your git email is already {who.handle}'s in people.toml." if who.handle else (who.problem or "")
            self.notify(clean(said), title="Identity", timeout=8, markup=False)
            return
        email = who.email

        def picked(handle: str | None) -> None:
            if handle:
                edit = self.edit
                from workspace_schema.git import identity

                edit(identity.add_email, handle, email)

        self.push_screen(IdentityScreen(self.state.ws, who), picked)

    # --- in a browser: the person at the browser, not the server's git identity -----------

    def needs_person(self) -> bool:
        """True in a browser (textual-serve) until its user said who they are, when the app commits."""
        return self.is_web and self.browser_person is None and self.use_git and self._in_repo is not False

    def as_known_person(self, then: Callable[[], None]) -> None:
        """Run ``then`` (an edit, a decision, a sync: something that commits) as a known person.

        In a terminal that is git's identity: at once. In a browser the
        server's identity is nobody's at the browser: the first time, the
        identity screen asks who they are and ``then`` runs after they
        answered (not at all on escape).
        """
        if self.needs_person():
            self.ask_person(then)
        else:
            then()

    def ask_person(self, then: Callable[[], None] | None) -> None:
        """Ask the browser user who they are; commit as them from now on, then run ``then``."""
        from tui.screens.identity import IdentityScreen
        from workspace_schema.edit.values import EditRejected
        from workspace_schema.git.identity import IdentityResult, person_ident

        if self.state is None:
            return
        ws = self.state.ws

        def picked(handle: str | None) -> None:
            if not handle:
                if then is not None:
                    self.notify(
                        "Not done: in a browser ducu commits only as the person who said who they are.",
                        title=WHO_ARE_YOU,
                        severity="warning",
                        timeout=8,
                        markup=False,
                    )
                return
            try:
                name, email = person_ident(ws, handle)
            except EditRejected as exc:
                self.notify(clean(exc), title="Cannot commit as them", severity="error", timeout=10, markup=False)
                return
            git.commit_as(name, email)
            self.forget_asking()
            self.browser_person = handle
            self.git_view = replace(self.git_view, identity=IdentityResult(name, email, handle))
            self._told_identity = (handle, email, True)
            self.show_git()
            self.notify(f"Your edits are committed as {name} <{email}>.", title=f"You are {handle}", markup=False)
            if then is not None:
                then()

        self.push_screen(IdentityScreen(ws, None), picked)


WHO_ARE_YOU = "Who are you?"  # the title of the warnings that ask; forget_asking takes them down
BROWSER_PROBLEM = (
    "You are using ducu in a browser, where git's identity is the server's. "
    "Say who you are (I) and your edits are committed in your name; ducu asks before the first commit."
)
