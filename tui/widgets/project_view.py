"""The contract of a project view (timeline, matrix, checklist, goals, changes, log).

A view is a focusable widget inside ProjectScreen. The screen calls
``show_project(state, project_id)`` when it mounts and after every reload
(an edit, a change on disk); the view redraws from that and nothing else.
Edits go through ``self.app.edit(library_function, *args)`` which runs the
library edit in a worker and reloads; views never write files themselves.
"""

from __future__ import annotations

from textual.widget import Widget

from tui.state import State


class ProjectView(Widget):
    AREA = "project"
    TAB = "View"  # the tab label

    def show_project(self, state: State, project_id: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def focus_item(self, item_id: str) -> bool:
        """Move the cursor to ``item_id`` if this view shows it; True when it did."""
        return False
