"""The ducu Textual app: screens over one loaded workspace.

Loading, edits and git run in thread workers that only post messages; the
handlers here update the state and tell the screens. Git (identity, one
commit per edit, sync, conflicts) is in git_app.py, which DucuApp builds on.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui import textual_fixes
from tui.commands import palette
from tui.frozen import Frozen
from tui.history_app import HistoryApp, HistoryReady
from tui.render.text import clean
from tui.screens.base import DucuScreen
from tui.screens.preload import Preload
from tui.screens.ready import ReadyScreens
from tui.state import FirstState, State, finish_stopped_merge, load_first
from workspace_schema.core import clock as clocks
from workspace_schema.core.errors import EditError, StaleFile
from workspace_schema.core.findings import Finding, sort_key
from workspace_schema.core.records import Workspace
from workspace_schema.load.loader import NotAWorkspace, load_workspace
from workspace_schema.rules import cache as rules_cache
from workspace_schema.rules.apart import APART_FROM, items_in
from workspace_schema.rules.cache import Fingerprint, disk_fingerprint

if TYPE_CHECKING:  # the first screen needs neither (imported when first used: a faster start)
    from tui.first_frame import Hold
    from workspace_schema.edit.edits import AppliedEdit

textual_fixes.apply()  # before any widget draws


class DucuApp(HistoryApp):
    CSS_PATH = "app.tcss"
    TITLE = "ducu"
    AREA = "ducu"
    rules_apart_from = APART_FROM  # items: from this many the rules run in a child process (tests lower it)
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", id="app.palette", show=False),
        Binding("ctrl+r", "reload", "Reload", id="app.reload", show=False),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    @dataclass
    class Loaded(Message):
        state: State
        first: bool = False  # the first load, before the rules ran
        same: bool = False  # the rules agreed with the first load's findings: every screen shows this state already

    @dataclass
    class Edited(Message):
        change: AppliedEdit
        not_committed: str | None = None  # why the saved edit could not be committed

    def __init__(
        self,
        root: Path,
        clock: clocks.Clock | None = None,
        *,
        watch: bool = True,
        use_git: bool | None = None,
        sync_every: float | None = None,
        first: FirstState | None = None,
    ) -> None:
        super().__init__(use_git=watch if use_git is None else use_git, sync_every=sync_every)
        self.root = root
        self.clock = clock or clocks.default_clock()
        self.follow_disk = watch  # not `self.watch`: that would hide Textual's DOMNode.watch method
        self.keep_first_frame = watch  # save what the first frame looks like for the next start (tui/first_frame.py)
        self.state: State | None = None
        self._fingerprint: Fingerprint = ()
        self._painted = threading.Event()  # set once the first screen with the projects is drawn
        self._first = first
        self._leaving = False  # set on exit: a load worker waiting for the first paint gives up
        self.timeline_zooms: dict[str, str] = {}  # project id -> its timeline's last zoom, while the app runs
        # Keys typed in one go ("e+2w") are all handed to the focused widget before the first is handled; one
        # that comes back unhandled after an earlier one changed the screen goes to the screen now on top. The
        # screens are held weakly: a screen popped meanwhile must not live on here (each held its widgets and
        # data for 64 more keys, and every full run of the cyclic collector scanned them again).
        self._keys_sent: deque[tuple[events.Key, weakref.ref[Screen]]] = deque(maxlen=64)
        self.last_input = 0.0  # time.monotonic() of the last key or click: the preload waits for a quiet moment
        self.preload: Preload | None = None  # the screens' modules and CSS, made ready once the rules are in
        self.ready = ReadyScreens(self)  # then the screens the dashboard opens, made in idle time
        self.frozen = Frozen()  # what gc.freeze() kept: closed screens are let go of in idle time (tui/frozen.py)
        self.early_frame: Hold | None = None  # the early frame's terminal: its cursor is the dashboard's first
        if first is not None:  # the workspace `ducu` loaded to paint its early frame: drawn at once, not read again
            self.state, self._fingerprint = first.state, first.fingerprint
            self.sub_title = clean(first.state.ws.settings.name)
            self.frozen.freeze(())  # (no screen yet)
            from tui.first_frame import FirstLoad

            if isinstance(first, FirstLoad):  # painted on the terminal: take it over from the frame
                self.early_frame = first.terminal
                self.driver_class = keep_early_frame(self.driver_class, first.terminal)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self._leaving = True
        self._painted.set()  # a load worker waiting for the first paint must not keep ducu alive for 2 s
        super().exit(*args, **kwargs)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.last_input = time.monotonic()
            if self.preload is not None:
                self.preload.wake()
        if isinstance(event, events.Key):
            if not event.is_forwarded:
                self._keys_sent.append((event, weakref.ref(self.screen)))
            elif (sent := next((screen for key, screen in self._keys_sent if key is event), None)) is not None:
                if sent() is not self.screen:  # an earlier key opened (or closed) a screen meanwhile: the key is its
                    self.post_message(events.Key(event.key, event.character))
                    return
        await super().on_event(event)

    def get_default_screen(self) -> Screen:
        from tui.screens.dashboard import DashboardScreen

        return DashboardScreen()  # the first frame Textual draws is the dashboard: never an empty screen

    def on_mount(self) -> None:
        if self._first is not None:
            self.call_after_refresh(self._first_paint)
        self.reload()
        if self.follow_disk:
            self.set_interval(2.0, self.check_disk)

    def _first_paint(self) -> None:
        """The projects are on screen: now the work that can wait (rules, git, history) may take the CPU."""
        self._painted.set()
        if self.keep_first_frame:
            from tui.first_frame import write_template
            from tui.screens.dashboard import DashboardScreen, first_frame_template

            if isinstance(self.screen, DashboardScreen) and (template := first_frame_template(self.screen)) is not None:
                write_template(self.root, template)
        self.start_git()

    # --- loading ----------------------------------------------------------

    def action_reload(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def reload(self) -> None:
        # Not an argument: a worker's arguments are repr()'d, and a workspace's repr takes 0.25 s at 20,000 items.
        first, self._first = self._first, None
        if first is None and self.state is None:  # the first load, without an early frame: paint it now
            first = load_first(self.root, self.clock)
            self._fingerprint = first.fingerprint
            self.post_message(self.Loaded(first.state, first=True))
        if first is not None:  # on screen (or about to be): the rules are what is left
            if not self._after_first_paint():
                return
            ws, findings, today, fingerprint = first.state.ws, list(first.loaded), first.state.today, first.fingerprint
        else:
            finish_stopped_merge(self.root)
            fingerprint = disk_fingerprint(self.root)
            ws, findings = load_workspace(self.root)
            today = clocks.today(ws.settings.timezone, self.clock)
            self._fingerprint = fingerprint
        checked = self._check(ws, today, fingerprint)
        found = sorted(findings + checked, key=sort_key)
        if first is not None and found == first.state.findings:
            # The rules found what their last check had (the first paint showed it): the same state again,
            # not a new one to build (0.12 s at 20,000 items) and draw while the first keys are pressed.
            self.post_message(self.Loaded(first.state, same=True))
            return
        state = State.build(ws, found, today)
        state.summaries  # noqa: B018 (made here, not in the UI thread's handler: 0.12 s at 20,000 items)
        self.post_message(self.Loaded(state))

    def _check(self, ws: Workspace, today: dt.date, fingerprint: Fingerprint) -> list[Finding]:
        """The rules' findings: on a big workspace in a child process, which leaves the keys this one's lock (rules/apart.py)."""
        if items_in(ws) >= self.rules_apart_from:
            from workspace_schema.rules.apart import check_apart

            checked = check_apart(self.root, fingerprint, today)
            if checked is not None:
                return checked
        from workspace_schema.rules import check

        checked = check(ws, today)
        rules_cache.write(self.root, fingerprint, today, checked)
        return checked

    def _after_first_paint(self) -> bool:
        """Wait (in a worker) until the projects are on screen; False when the app is leaving.

        Threads share one interpreter lock: the rules would slow the first paint down.
        """
        self._painted.wait(timeout=2.0)
        return not self._leaving

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if not (event.same and event.state is self.state):  # else every screen shows it already
            self.state = event.state
            # The records live until the next reload and hold no cycles: keep the
            # cyclic collector from rescanning them on every allocation burst
            # (pauses of 100-300 ms per key at 20,000 items otherwise).
            self.frozen.freeze(self.screens_alive())
            self.sub_title = clean(event.state.ws.settings.name)  # data, not markup or terminal codes
            for screen in self.screen_stack:
                if isinstance(screen, DucuScreen):
                    screen.show_state(event.state)
            if self.preload is not None:
                self.preload.wake()  # the screens made ahead catch up
            if event.first:
                self.call_after_refresh(self._first_paint)
                return
        self.refresh_git()
        self.start_history()  # the audit trail, brought up to date in a worker (history_app.py)
        if self.preload is None:  # the work after the first paint is under way: the rest is idle time
            self.preload = Preload(self, lambda: self.last_input)
            self.preload.start()

    @on(HistoryReady)
    def _history_kept(self, event: HistoryReady) -> None:
        """A new history index lives until the next build and holds no cycles: out of the collector's sight too.

        Its rows and lists (550,000 references at 20,000 items) would otherwise make each full
        collection take 55 ms, one of which fell in nearly every first open of a project.
        """
        if event.index is not None and event.index is not self.history:
            self.frozen.freeze(self.screens_alive())
        if self.preload is not None:
            self.preload.wake()  # the screens made ahead catch up

    def screens_alive(self) -> list[Screen]:
        """The app's screens: on its stack, and made ahead (tui/screens/ready.py)."""
        return [*self.screen_stack, *(kept.screen for kept in self.ready.kept.values())]

    def check_disk(self) -> None:
        """Pick up edits made outside the app (an editor, a git pull)."""
        if self._fingerprint and disk_fingerprint(self.root) != self._fingerprint:
            self.reload()

    # --- edits ------------------------------------------------------------

    def edit(self, fn: Callable[..., AppliedEdit], *args: Any, **kwargs: Any) -> None:
        """Run a library edit on the current workspace in a worker, then reload.

        In a browser, the first edit waits until its user said who they are (git_app.py: as_known_person).
        """

        def run() -> None:
            if self.state is not None:
                self._run_edit(fn, self.state.ws, *args, **kwargs)

        self.as_known_person(run)

    @work(thread=True, group="edit", exit_on_error=False, description="an edit")
    def _run_edit(self, fn: Callable[..., AppliedEdit], *args: Any, **kwargs: Any) -> None:
        with self.git_lock:  # never while a sync or another edit is writing
            change = fn(*args, **kwargs)
            not_committed = self.commit_edit(change)  # one commit of just this file
        self.post_message(self.Edited(change, not_committed))

    @on(Edited)
    def _edited(self, event: Edited) -> None:
        if event.not_committed:
            self.notify(
                f"{event.change.subject()}\nNot committed: {event.not_committed}\nThe edit is in the file and shows as pending; sync commits it.",
                title="Saved, not committed",
                severity="warning",
                timeout=15,
                markup=False,
            )
        elif event.change.fields or event.change.verb != "set":
            self.notify(event.change.subject(), title="Saved", timeout=4, markup=False)
        self.reload()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker failures become a visible message."""
        if event.state is not WorkerState.ERROR:
            return
        from workspace_schema.edit.values import EditRejected

        error = event.worker.error
        if isinstance(error, (EditRejected, EditError, StaleFile, NotAWorkspace)):
            self.notify(
                str(error),
                title="Not saved" if event.worker.group == "edit" else "Cannot load",
                severity="error",
                timeout=8,
                markup=False,
            )
        else:
            self.notify(
                f"{type(error).__name__}: {error}",
                title="Something went wrong",
                severity="error",
                timeout=10,
                markup=False,
            )
        if event.worker.group == "edit":
            self.reload()

    # --- commands ---------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from palette(screen)
        themes = len(self.available_themes)
        yield SystemCommand(
            "ducu: theme", f"Change the colour theme: pick one of {themes}, light and dark", self.action_change_theme
        )

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


def keep_early_frame(driver_class: type, terminal: Hold) -> type:
    """Textual's terminal driver, taking the terminal over from the early frame (tui/first_frame.py).

    The early frame answers Down and Up until the driver starts; then the
    driver gives the terminal its settings back (so Textual saves the real
    ones) and reads first the keys the frame read but did not answer. The
    early frame is on the alternate screen already: tmux ignores entering it
    again, but xterm and VTE terminals clear it, which would blank the frame
    until Textual's own first paint, so the driver's first "enter the
    alternate screen" is not written (entering it after a suspend, Ctrl+Z or
    an editor, is). Other drivers (headless, Windows, TEXTUAL_DRIVER) are
    returned unchanged, and the terminal is given back at once.
    """
    from textual._xterm_parser import XTermParser
    from textual.drivers.linux_driver import LinuxDriver

    from tui.first_frame import ALT_SCREEN

    if driver_class is not LinuxDriver:
        terminal.release()
        return driver_class

    class KeepEarlyFrame(LinuxDriver):
        _entered = False

        def start_application_mode(self) -> None:
            terminal.release()
            super().start_application_mode()

        def run_input_thread(self) -> None:
            if terminal.unread:
                parser = XTermParser(self._debug)
                for event in [*parser.feed(terminal.unread.decode("utf-8", "replace")), *parser.tick()]:
                    self.process_message(event)
            super().run_input_thread()

        def write(self, data: str) -> None:
            if data == ALT_SCREEN and not self._entered:
                self._entered = True
                return
            super().write(data)

    return KeepEarlyFrame


def make_app(
    root: str | Path,
    clock: clocks.Clock | None = None,
    *,
    watch: bool = True,
    use_git: bool | None = None,
    sync_every: float | None = None,
    first: FirstState | None = None,
) -> DucuApp:
    """The app on the workspace at ``root``; the CLI and the tests build it here.

    ``watch``: look for edits made outside the app every 2 s. ``use_git``
    (default: as ``watch``): commit edits, show and sync the clone; tests of
    screens over the sample (inside ducu's own repository) leave it off.
    ``sync_every``: also sync in the background every so many minutes.
    ``first``: the workspace as loaded for the early frame (tui/first_frame.py).
    """
    return DucuApp(Path(root), clock, watch=watch, use_git=use_git, sync_every=sync_every, first=first)
