"""The status bar: workspace, today and findings on the left; on the right, git: who you are,
branch, ahead/behind, pending files, conflicts, offline or failed syncs, and the last good sync.

Screens call ``show_state`` after every load; the app calls ``show_git`` when
the git state changes (tui/git_app.py). Outside a git clone the right side
stays empty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

from tui.render.status_text import GitView, git_text, workspace_text
from tui.state import State

if TYPE_CHECKING:
    from textual import getters

    from tui.app import DucuApp


class StatusBar(Widget):
    DEFAULT_CSS = """
    StatusBar { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    """

    if TYPE_CHECKING:
        app = getters.app(DucuApp)  # the app every status bar runs in (Textual's typed `app`)

    def __init__(self) -> None:
        super().__init__()
        self._state: State | None = None
        self._git: GitView | None = None

    def on_mount(self) -> None:
        self._git = self.app.git_view

    def show_state(self, state: State) -> None:
        self._state = state
        self.refresh()

    def show_git(self, view: GitView) -> None:
        self._git = view
        self.refresh()

    def render(self) -> Text:
        left = workspace_text(self._state) if self._state is not None else Text()
        right = git_text(self._git, self._state)
        if not right:
            return left
        width = self.content_size.width
        room = width - right.cell_len - 3
        if left.cell_len > room and self._state is not None:
            left = workspace_text(self._state, compact=True)
        if left.cell_len > room:
            left = left.copy()
            left.truncate(max(room, 0), overflow="ellipsis")  # keeps the findings' colours
        gap = max(width - left.cell_len - right.cell_len, 1)
        return Text.assemble(left, " " * gap, right, no_wrap=True, overflow="ellipsis")
