"""What every full screen of ducu hears from the app: a new state, the history, its progress.

The app calls these on each screen of its stack after a load or a history
build (typed: no probing for methods); a screen overrides what it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from tui.state import State

if TYPE_CHECKING:
    from collections.abc import Hashable

    from textual import getters

    from tui.app import DucuApp
    from workspace_schema.history.trail import HistoryIndex


class DucuScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(DucuApp)  # the app every ducu screen runs in (Textual's typed `app`)

    def show_state(self, state: State) -> None:
        """The workspace was loaded (again): redraw from ``state``."""

    def show_history(self, index: HistoryIndex | None) -> None:
        """The app read the history (again)."""

    def show_history_progress(self, done: int, total: int) -> None:
        """A first build of a long history has read ``done`` of ``total`` commits."""

    def reopen(self, *args: Hashable) -> bool:
        """Show what ``type(self)(*args)`` would, when this screen was made for other arguments and not shown yet.

        False when it cannot (the caller then makes a new screen): the default, for screens made without arguments.
        """
        return False
