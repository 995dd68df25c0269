"""The status bar: workspace, today, findings (git state comes with sync)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..state import State
from ..text import clean


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    """

    def show_state(self, state: State) -> None:
        counts = state.counts()
        text = Text()
        text.append(clean(state.ws.settings.name) or "workspace", style="bold")
        text.append(f" · today {state.today.isoformat()} · ")
        errors, warnings = counts["error"], counts["warning"]
        text.append(f"{errors} errors", style="bold red" if errors else "")
        text.append(", ")
        text.append(f"{warnings} warnings", style="yellow" if warnings else "")
        text.append(f" · {len(state.ws.projects)} projects")
        self.update(text)
