"""The History view's milestone trend chart: the widget and the series it draws for a project.

One line per milestone: its forecast due date (up) at each date a forecast
changed in git (right), ending where the milestone was dropped, laid out by
tui/render/mta_layout.py.
"""

from __future__ import annotations

import datetime as dt

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.strip import Strip
from textual.widget import Widget

from tui.render import mta_layout
from tui.render.history_facts import facts
from workspace_schema.core import records as R
from workspace_schema.history.slips import mta
from workspace_schema.history.trail import HistoryIndex

TREND_NOTE = "n×: the due date moved n times\n+nd: n days past the baseline\n✕: dropped (or removed) that day"


class TrendChart(Widget, can_focus=True):
    """The milestone trend chart, drawn line by line from mta_layout.render at the widget's size."""

    AREA = "history"
    DEFAULT_CSS = "TrendChart { height: 1fr; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.series: list[mta_layout.Series] = []
        self.today = dt.date.today()
        self.note = ""
        self._lines: list[Text] = []
        self._for: tuple = ()

    def show(self, series: list[mta_layout.Series], today: dt.date, note: str = "") -> None:
        self.series, self.today, self.note = series, today, note
        self._for = ()
        self.refresh()

    def lines(self) -> list[Text]:
        key = (self.size.width, self.size.height)
        if self._for != key:
            self._for = key
            self._lines = mta_layout.render(self.series, self.today, self.size.width, self.size.height, self.note)
        return self._lines

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        lines = self.lines()
        if y >= len(lines):
            return Strip.blank(width, base)
        segments = Segment.apply_style(lines[y].render(self.app.console, end=""), base)
        return Strip(list(segments)).crop_extend(0, width, base)

    def on_resize(self, event: events.Resize) -> None:
        self.refresh()


def trend_series(index: HistoryIndex, ws: R.Workspace, project_id: str) -> tuple[list[mta_layout.Series], int]:
    """The chart of a project of ``ws``: one series per milestone, noted with its due, moves and slip; and how many reports (days a forecast changed) it has."""
    project = ws.projects[project_id]
    points = mta(index, ws, project_id)
    titles = {mid: m.title for mid, m in project.milestones.items()}
    notes = {}
    for mid, slip in facts(index).slips(ws, project_id).items():
        bits = [f"due {slip.due.isoformat()}" if slip.due else "no due date"]
        if slip.status == "dropped":
            bits.append("dropped")
        if slip.moves:
            bits.append(f"moved {slip.moves}×")
        if slip.slip_days:
            bits.append(f"{slip.slip_days:+d}d")
        notes[mid] = " · ".join(bits)
    order = sorted(project.milestones, key=lambda mid: (project.milestones[mid].due or dt.date.max, mid))
    return mta_layout.series_from(points, titles, notes, order), len(points)
