"""The screens the dashboard opens, made in the app's idle time before they are asked for.

Opening a screen is mostly Textual's work: composing its widgets, styling
and mounting them, then laying them out and drawing them. Once the preload
is done (tui/screens/preload.py), while the dashboard is on screen and no
key or click came for ``preload.READY_QUIET`` seconds, the app makes here,
one per step: the screen of the project under the dashboard's cursor, who
owes what, and the findings. A screen made here is composed and mounted but
not laid out or drawn until it is pushed, so it opens at the terminal's size
of that moment, and the key that opens it pays for the layout and the first
frame only. In tmux at 20,000 items, after a rest of 1.3 s, Enter, O and f
showed their screen in 53 ms (median) instead of 88.

There is one project screen, whichever project the cursor is on: when the
cursor rests on another project, or Enter comes before it rested, the kept
screen is reopened for that project (ProjectScreen.reopen: it has built its
first view only, which starts again at the first row for another project, as
a new screen's does). So moving the cursor makes nothing; a screen is made
only at the start and after one is used (Escape lets it go, as Textual lets
every popped screen go).

With every screen made and up to date, nothing runs until a key, a click or
a new state or history wakes the preload (Preload.wake): an idle app wakes
for nothing (looking ten times a second took 1.5% of a core at 20,000
items).

A kept screen is brought up to date as the app brings the screens of its
stack up to date, through the same hooks (DucuScreen.show_state,
show_history, StatusBar.show_git): in idle steps, and at the latest when it
is taken, so it shows what a screen made at that moment would
(tests/app/test_ready_screens.py compares them). Without a kept one, ``take``
makes the screen as before.

The rest before making one (``preload.READY_QUIET``, 0.1 s) is shorter than
the preload's: a screen being made when a key comes delays that key by the
part of the making under way (up to ~15 ms at 20,000 items), but this now
happens once after each screen is used, not while the cursor moves, and
made 0.1 s after the Escape back, the screen is ready (~50 ms later) before
most users press the next key: after a rest of 0.3 s (tmux_speed.py's
"screen switch"), Enter, O and f opened a made screen every time. Nor is
one made while the preload's thread (who owes what's groups) still runs: at
20,000 items the two slowed each other down into the next key (an edit form
opened in ~250 ms instead of ~130).
Why the edit form is not made ahead: a made form opens
with all its fields, which takes longer to lay out and draw than a new
form's first three. Textual has no public way to mount a screen without
showing it: ``App._get_screen`` (what push_screen itself calls for a screen
it has not seen) does it, with Textual pinned in pyproject.toml.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from tui.app import DucuApp
    from tui.screens.base import DucuScreen
    from tui.state import State
    from workspace_schema.history.trail import HistoryIndex

S = TypeVar("S", bound="DucuScreen")
Key = tuple[type, tuple[Hashable, ...]]  # what makes the screen: its class and arguments


@dataclass
class Kept:
    screen: DucuScreen
    args: tuple[Hashable, ...]  # what it was made for (or reopened for)
    state: State | None  # what the screen shows (made from it, or brought up to date with it)
    history: HistoryIndex | None


class ReadyScreens:
    def __init__(self, app: DucuApp) -> None:
        self.app = app
        self.kept: dict[type, Kept] = {}  # at most one screen of each class

    def take(self, cls: type[S], *args: Hashable) -> S:
        """The screen ``cls(*args)``: the one made ahead (for these arguments or reopened for them), brought up to
        date, or else a new one."""
        kept = self.kept.pop(cls, None)
        if kept is not None and (not kept.screen.is_mounted or (kept.args != args and not kept.screen.reopen(*args))):
            kept.screen.remove()  # still being composed, or made for what it cannot show: a new one is as quick
            kept = None
        if kept is None:
            return cls(*args)  # type: ignore[arg-type]  # (the caller's arguments for its class)
        if kept.args != args:
            kept.state = None  # reopened: shows nothing of its new arguments yet
        self._catch_up(kept)
        assert isinstance(kept.screen, cls)
        return kept.screen

    def wanted(self) -> list[Key]:
        """What the dashboard may open next, the likeliest first; nothing while another screen is on top."""
        from tui.screens.dashboard import DashboardScreen
        from tui.screens.findings import FindingsScreen
        from tui.screens.owed import OwedScreen
        from tui.screens.project import ProjectScreen

        dashboard = self.app.screen
        if not isinstance(dashboard, DashboardScreen) or self.app.state is None:
            return []
        selected = dashboard.selected()
        at_cursor: list[Key] = [(ProjectScreen, (selected.project_id,))] if selected is not None else []
        return [*at_cursor, (OwedScreen, ()), (FindingsScreen, ())]

    def step(self) -> str:
        """One thing towards ``wanted``: let a screen no longer wanted go, make one, or bring one up to date.

        "done" when it did one, "busy" while one is being composed, "idle" when there is nothing to do.
        """
        wanted = self.wanted()
        if not wanted:  # not on the dashboard: what is kept waits for the way back
            return "idle"
        if any(not kept.screen.is_mounted for kept in self.kept.values()):
            return "busy"
        classes = [cls for cls, _ in wanted]
        for cls in self.kept:
            if cls not in classes:
                self.kept.pop(cls).screen.remove()
                return "done"
        for cls, args in wanted:
            kept = self.kept.get(cls)
            if kept is None:
                screen = cls(*args)
                self.app._get_screen(screen)  # registered: Textual composes and mounts it now, shows it when pushed
                self.kept[cls] = Kept(screen, args, self.app.state, self.app.history)
                return "done"
            if kept.args != args:  # the cursor rests on another project
                if not kept.screen.reopen(*args):
                    self.kept.pop(cls).screen.remove()  # the next step makes one for it
                    return "done"
                kept.args, kept.state = args, None
                self._catch_up(kept)
                return "done"
            if kept.state is not self.app.state or kept.history is not self.app.history:
                self._catch_up(kept)
                return "done"
        return "idle"

    def _catch_up(self, kept: Kept) -> None:
        """What the app did for the screens of its stack since ``kept`` was made or last caught up."""
        from tui.widgets.status_bar import StatusBar

        app, screen = self.app, kept.screen
        if kept.state is not app.state and app.state is not None:
            screen.show_state(app.state)
        if kept.history is not app.history:
            screen.show_history(app.history)
        for bar in screen.query(StatusBar):
            bar.show_git(app.git_view)
        kept.state, kept.history = app.state, app.history

    def forget(self) -> None:
        """Let every kept screen go (the next opens make new ones)."""
        for kept in self.kept.values():
            kept.screen.remove()
        self.kept.clear()
