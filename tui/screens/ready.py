"""The screens the dashboard opens, made and drawn in the app's idle time before they are asked for.

Opening a screen is mostly Textual's work: composing its widgets, styling
and mounting them, then laying them out and drawing them. Once the preload
is done (tui/screens/preload.py), while the dashboard is on screen and no
key or click came for ``preload.READY_QUIET`` seconds, the app makes here,
one step at a time: the screen of the project under the dashboard's cursor,
who owes what, and the findings. Each is composed and mounted, then laid out
at the terminal's size and drawn as its first frame would be, and the frame
is let go: its widgets keep the lines they drew (Textual's StylesCache), so
the key that opens it restyles it, lays it out again (nothing has moved) and
composites those lines. Drawing goes ``DRAW_SLICE`` (4 ms) at a time, in
bands of a widget's lines, so a key that comes meanwhile waits for one slice
at most. A widget that changes on being laid out (a scroll bar appears) is
drawn again, up to ``DRAWS`` times; one that changes after that is drawn by
the key, as before. At 20,000 items in process (benchmarks/switch_speed.py),
Enter, O and f show their screen in 15-24 ms instead of 42-55 (made but not
drawn), and 88 before screens were made ahead. The screen's frame timer is
started while it is drawn: Textual holds a screen's first frame after its
timer's first resume for a whole period (1/60 s).

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
form's first three. Textual has no public way to mount, lay out or draw a
screen without showing it: ``App._get_screen`` (what push_screen itself
calls for a screen it has not seen), ``Screen._refresh_layout`` and the
widgets' ``render_lines`` (what its compositor calls for a frame) do it,
with Textual pinned in pyproject.toml; tests/app/test_ready_screens.py fails
if a kept screen's key draws any line of its widgets.
"""

from __future__ import annotations

import time
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from textual.geometry import Region
from textual.scrollbar import ScrollBar

if TYPE_CHECKING:
    from textual.geometry import Size
    from textual.screen import Screen
    from textual.widget import Widget

    from tui.app import DucuApp
    from tui.render.status_text import GitView
    from tui.screens.base import DucuScreen
    from tui.state import State
    from workspace_schema.history.trail import HistoryIndex

S = TypeVar("S", bound="DucuScreen")
DRAWS = 3  # times a kept screen is drawn again while its widgets keep changing on being laid out
DRAW_SLICE = 0.004  # seconds of drawing a kept screen per turn of the app's loop: a key waits for one at most
BAND = 4  # lines of a widget drawn at once (a timeline's row takes ~0.6 ms at 20,000 items)
Key = tuple[type, tuple[Hashable, ...]]  # what makes the screen: its class and arguments


@dataclass
class Kept:
    screen: DucuScreen
    args: tuple[Hashable, ...]  # what it was made for (or reopened for)
    state: State | None  # what the screen shows (made from it, or brought up to date with it)
    history: HistoryIndex | None
    git: GitView | None = None
    laid_out: Size | None = None  # the terminal size it was laid out at, since it last changed
    drawn: Size | None = None  # ... and drawn at: its widgets hold the lines its first frame shows
    draws: int = 0  # since it last changed
    to_draw: list[tuple[Widget, Region]] | None = None  # what is left of the drawing under way: bands of lines

    def changed(self) -> None:
        """What it shows changed: to be laid out and drawn again."""
        self.laid_out = self.drawn = self.to_draw = None
        self.draws = 0

    def is_drawn(self, size: Size) -> bool:
        """Whether its widgets hold the lines of its first frame at ``size``: drawn at that size, and none of them
        changed since (Textual notes a widget that asks to be drawn again or laid out, shown or not). Scroll bars
        are not waited for: each layout draws them again, and so does the key (their styles are set again)."""
        screen = self.screen
        changed = screen._layout_required or screen._scroll_required
        changed = changed or any(not isinstance(widget, ScrollBar) for widget in screen._dirty_widgets)
        return self.drawn == size and (not changed or self.draws >= DRAWS)


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
        size = self.app.size
        for cls, args in wanted:
            kept = self.kept.get(cls)
            if kept is None:
                screen = cls(*args)
                self.app._get_screen(screen)  # registered: Textual composes and mounts it now, shows it when pushed
                self.kept[cls] = Kept(screen, args, self.app.state, self.app.history, self.app.git_view)
                return "done"
            if kept.args != args:  # the cursor rests on another project
                if not kept.screen.reopen(*args):
                    self.kept.pop(cls).screen.remove()  # the next step makes one for it
                    return "done"
                kept.args, kept.state = args, None
                self._catch_up(kept)
                return "done"
            if (
                kept.state is not self.app.state
                or kept.history is not self.app.history
                or kept.git is not self.app.git_view
            ):
                self._catch_up(kept)
                return "done"
            if kept.laid_out != size:
                kept.screen._refresh_layout(size)  # (not the current screen: nothing reaches the terminal)
                kept.changed()  # (at a new size: drawn again from the start)
                kept.laid_out = size
                return "busy"  # its widgets handle their Resize before it is drawn
            if not kept.is_drawn(size):
                return self._draw(kept, size)
        return "idle"

    def _draw(self, kept: Kept, size: Size) -> str:
        """Draw ``kept`` as its first frame would, a slice of ``DRAW_SLICE`` seconds at a time: its widgets keep the
        lines they drew, so the key that shows it pays for compositing them only."""
        screen = kept.screen
        if kept.to_draw is None:  # a new drawing: laid out again, as widgets may have changed on the first layout
            screen._dirty_widgets.clear()  # (what is_drawn looks at: a widget changed after this)
            screen._layout_required = screen._scroll_required = False
            screen._refresh_layout(size)
            kept.to_draw = bands(screen)
            return "done"
        end = time.perf_counter() + DRAW_SLICE
        while kept.to_draw and time.perf_counter() < end:
            widget, lines = kept.to_draw.pop()
            if widget.is_mounted:
                widget.render_lines(lines)  # (what Textual's compositor asks of it for a frame)
        if kept.to_draw:
            return "done"  # the next slice after whatever input came meanwhile
        kept.to_draw = None
        timer = screen._update_timer  # the screen's frame timer waits a whole period (1/60 s) after its first resume:
        timer.resume()  # started now, the frame after the key is not held back
        timer.pause()
        kept.drawn = size
        kept.draws += 1
        return "busy"  # what its widgets do on being laid out again (a scroll bar shown) is looked at next

    def _catch_up(self, kept: Kept) -> None:
        """What the app did for the screens of its stack since ``kept`` was made or last caught up."""
        from tui.widgets.status_bar import StatusBar

        app, screen = self.app, kept.screen
        if kept.state is not app.state and app.state is not None:
            screen.show_state(app.state)
        if kept.history is not app.history:
            screen.show_history(app.history)
        if kept.git is not app.git_view:
            for bar in screen.query(StatusBar):
                bar.show_git(app.git_view)
        kept.state, kept.history, kept.git = app.state, app.history, app.git_view
        kept.changed()

    def forget(self) -> None:
        """Let every kept screen go (the next opens make new ones)."""
        for kept in self.kept.values():
            kept.screen.remove()
        self.kept.clear()


def bands(screen: Screen) -> list[tuple[Widget, Region]]:
    """What a frame of ``screen`` draws (each visible widget's lines within its clip), in bands of ``BAND`` lines,
    the last band first."""
    out = []
    for widget, (region, clip) in screen._compositor.visible_widgets.items():
        x, y, width, height = region.intersection(clip)
        for top in range(y - region.y, y - region.y + height, BAND):
            out.append((widget, Region(x - region.x, top, width, min(BAND, y - region.y + height - top))))
    out.reverse()
    return out
