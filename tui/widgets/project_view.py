"""The contract of a project view (timeline, matrix, checklist, goals, changes, log).

A view is a focusable widget inside ProjectScreen. The screen calls
``show_project(state, project_id)`` when it mounts and after every reload
(an edit, a change on disk); the view redraws from that and nothing else.
Edits go through ``self.app.edit(library_function, *args)`` which runs the
library edit in a worker and reloads; views never write files themselves.

A view never imports a screen and never calls one: it posts one of the
messages below and the screen (ProjectScreen) handles it with ``@on``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widget import Widget

from tui.state import State

if TYPE_CHECKING:
    from textual import getters

    from tui.app import DucuApp
    from workspace_schema.history.trail import HistoryIndex


class ProjectView(Widget):
    AREA = "project"
    TAB = "View"  # the tab label

    if TYPE_CHECKING:
        app = getters.app(DucuApp)  # the app every project view runs in (Textual's typed `app`)

    @dataclass
    class ShowElsewhere(Message):
        """Show ``item_id`` in the first other view of this project that has it (the timeline first)."""

        view: ProjectView
        item_id: str

    @dataclass
    class OpenProject(Message):
        """Open another project at ``item_id``, on the tab ``area`` when that view has the item."""

        project_id: str
        item_id: str | None = None
        area: str | None = None

    @dataclass
    class Confirm(Message):
        """Ask a yes/no question; ``answered(True)`` runs on yes."""

        question: Text
        detail: Text | None
        yes: str
        answered: Callable[[bool], None]

    @dataclass
    class PickPerson(Message):
        """Ask for a person among ``choices`` (key, name, note); ``picked(key)`` runs with the answer."""

        title: str
        choices: Sequence[tuple[str, str, str]]
        current: str | None
        picked: Callable[[str | None], None]

    def selected_ref(self) -> str | None:
        """The ref of what is under the cursor ("project-id/record-id"; a risk's step: ".../steps/N")."""
        return None

    def show_history(self, index: HistoryIndex | None) -> None:
        """The app read the history (again); views that show it redraw."""

    def show_elsewhere(self, item_id: str) -> None:
        self.post_message(self.ShowElsewhere(self, item_id))

    def show_project(self, state: State, project_id: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def focus_item(self, item_id: str) -> bool:
        """Move the cursor to ``item_id`` if this view shows it; True when it did."""
        return False
