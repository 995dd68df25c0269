"""The app's side of the audit trail: read the history in a worker after each load.

DucuApp is a HistoryApp (which is a GitApp): it calls ``start_history()``
after every load. The worker only posts the two messages below; their
handlers keep the index as ``app.history`` and every screen in the stack
hears of it (``DucuScreen.show_history``). The first build of a long
history reports progress ("Reading history… 120/800 commits"), which the
History tab shows; later builds read only the commits since the cached one
(workspace_schema.history.index), and none at all when HEAD has not moved.

History is read when the app uses git (the CLI), or when ``app.read_history``
is True (tests of the audit-trail views over a repository they build, without
the git status bar); outside a git clone there is simply no history.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.message import Message
from textual.worker import get_current_worker

from tui.git_app import GitApp
from tui.screens.base import DucuScreen
from workspace_schema.git import runner as git
from workspace_schema.history.trail import HistoryIndex, build_index

if TYPE_CHECKING:
    from pathlib import Path

NOTIFY_FROM = 200  # commits: a first build this long says so in a notification


@dataclass
class HistoryProgress(Message):
    done: int
    total: int


@dataclass
class HistoryReady(Message):
    index: HistoryIndex | None  # None: not a git clone, or git could not be read
    problem: str = ""


class HistoryApp(GitApp):
    """The audit trail's part of the app: ``history`` and the worker that keeps it up to date."""

    history: HistoryIndex | None = None  # None until read, and outside a git clone
    history_progress: tuple[int, int] | None = None  # (commits read, of) during a build
    history_problem: str = ""  # why there is no history, when git said
    read_history: bool | None = None  # None: when the app uses git; True: also without (tests)

    def __init__(self, *, use_git: bool = True, sync_every: float | None = None) -> None:
        super().__init__(use_git=use_git, sync_every=sync_every)
        self._history_busy = False  # one build at a time: a load during a build asks for one more after it
        self._history_again = False
        self._history_told = False

    def wants_history(self) -> bool:
        return bool(self.use_git if self.read_history is None else self.read_history)

    def start_history(self) -> None:
        """Bring ``history`` up to date with the clone's HEAD (in a worker; calls during a build coalesce)."""
        if not self.wants_history():
            return
        if self._history_busy:
            self._history_again = True
            return
        self._history_busy = True
        # Not exclusive: the busy flag already keeps it to one build at a time, and the
        # next one starts from the handler of this one's message, before this worker has
        # ended; exclusive would cancel it then.
        timezone = self.state.ws.settings.timezone if self.state else "UTC"
        self.run_worker(
            partial(self._build_history, self.root, self.history, timezone),
            name="history",
            group="history",
            thread=True,
            exclusive=False,
            exit_on_error=False,
        )

    def _build_history(self, root: Path, current: HistoryIndex | None, timezone: str) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            self.post_message(HistoryProgress(done, total))

        try:
            if current is not None and git.repo_state(root)[2] == current.head and current.timezone == timezone:
                self.post_message(HistoryReady(current))  # nothing new since the last build
                return
            index = build_index(root, on_progress=progress, timezone=timezone).prepare()
        except git.GitError as exc:
            said = str(exc)
            if "not a git repository" in said:
                said = "this workspace is not in a git repository, so there is no history to read"
            self.post_message(HistoryReady(None, said))
            return
        except Exception as exc:
            self.post_message(HistoryReady(None, f"{type(exc).__name__}: {exc}"))
            return
        if not worker.is_cancelled:
            self.post_message(HistoryReady(index))

    @on(HistoryProgress)
    def _history_progress(self, event: HistoryProgress) -> None:
        self.history_progress = (event.done, event.total)
        if self.history is None and not self._history_told and event.total >= NOTIFY_FROM and event.done < event.total:
            self._history_told = True
            self.notify(
                f"Reading history… {event.total} commits; the History tab fills in when done",
                title="History",
                timeout=4,
                markup=False,
            )
        for screen in self._ducu_screens():
            screen.show_history_progress(event.done, event.total)

    @on(HistoryReady)
    def _history_ready(self, event: HistoryReady) -> None:
        self._history_busy = False
        changed = event.index is not self.history
        self.history_progress = None
        self.history_problem = event.problem
        if event.index is not None or self.history is None:
            self.history = event.index
        if changed or event.problem:
            for screen in self._ducu_screens():
                screen.show_history(self.history)
        if self._history_again:
            self._history_again = False
            self.start_history()

    def _ducu_screens(self) -> list[DucuScreen]:
        return [screen for screen in self.screen_stack if isinstance(screen, DucuScreen)]
