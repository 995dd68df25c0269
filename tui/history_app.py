"""The app's side of the audit trail: read the history in a worker after each load.

DucuApp calls ``start_history(app)`` after every load and hands the two
messages below to ``history_news``. The worker only posts messages; the
index it builds becomes ``app.history`` and every screen in the stack that
has a ``show_history(index)`` hears of it. The first build of a long
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
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import get_current_worker

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


class _Run:
    """One build at a time: a load during a build asks for one more build after it."""

    def __init__(self) -> None:
        self.busy = False
        self.again = False
        self.told = False


def _run(app: Any) -> _Run:
    run = getattr(app, "_history_run", None)
    if run is None:
        run = app._history_run = _Run()
    return run


def wanted(app: Any) -> bool:
    flag = getattr(app, "read_history", None)
    return bool(getattr(app, "use_git", False) if flag is None else flag)


def start_history(app: Any) -> None:
    """Bring ``app.history`` up to date with the clone's HEAD (in a worker; calls during a build coalesce)."""
    if not wanted(app):
        return
    run = _run(app)
    if run.busy:
        run.again = True
        return
    run.busy = True
    # Not exclusive: _Run already keeps it to one build at a time, and the next one
    # starts from the handler of this one's message, before this worker has ended;
    # exclusive would cancel it then.
    app.run_worker(
        partial(_build, app, app.root, getattr(app, "history", None)),
        name="history",
        group="history",
        thread=True,
        exclusive=False,
        exit_on_error=False,
    )


def _build(app: Any, root: Path, current: HistoryIndex | None) -> None:
    worker = get_current_worker()
    try:
        if current is not None and git.repo_state(root)[2] == current.head:
            app.post_message(HistoryReady(current))  # nothing new since the last build
            return
        index = build_index(root, on_progress=lambda done, total: app.post_message(HistoryProgress(done, total)))
    except git.GitError as exc:
        said = str(exc)
        if "not a git repository" in said:
            said = "this workspace is not in a git repository, so there is no history to read"
        app.post_message(HistoryReady(None, said))
        return
    except Exception as exc:
        app.post_message(HistoryReady(None, f"{type(exc).__name__}: {exc}"))
        return
    if not worker.is_cancelled:
        app.post_message(HistoryReady(index))


def history_news(app: Any, event: HistoryProgress | HistoryReady) -> None:
    """The app's handler for both messages: keep the index and tell the screens."""
    run = _run(app)
    if isinstance(event, HistoryProgress):
        app.history_progress = (event.done, event.total)
        if app.history is None and not run.told and event.total >= NOTIFY_FROM and event.done < event.total:
            run.told = True
            app.notify(
                f"Reading history… {event.total} commits; the History tab fills in when done",
                title="History",
                timeout=4,
                markup=False,
            )
        _tell(app, "show_history_progress", event.done, event.total)
        return
    run.busy = False
    changed = event.index is not app.history
    app.history_progress = None
    app.history_problem = event.problem
    if event.index is not None or app.history is None:
        app.history = event.index
    if changed or event.problem:
        _tell(app, "show_history", app.history)
    if run.again:
        run.again = False
        start_history(app)


def _tell(app: Any, method: str, *args: Any) -> None:
    for screen in app.screen_stack:
        fn = getattr(screen, method, None)
        if fn is not None:
            fn(*args)
