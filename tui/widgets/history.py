"""The History tab of a project: its activity feed from git, or the milestone trend chart.

The feed is every change of the project's file (and its reviews' minutes),
newest first, one line each (tui/widgets/history_feed.py); the lines are
built when they are first drawn (a long-lived project has thousands of
changes), and the selected one is told in full under the list. **i** keeps
only one item's changes, **p** one person's of the last 30 days, **m** swaps
the feed for the milestone trend chart (tui/widgets/trend_chart.py).

The history itself is read by the app in a worker (tui/history_app.py);
until the first build is done the view says how far it got.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from tui.render.history_facts import facts
from tui.render.text import safe
from tui.state import State
from tui.widgets.history_feed import FeedList, change_detail, columns_line, feed_line
from tui.widgets.line_list import LineList
from tui.widgets.matrix import LazyLines
from tui.widgets.project_view import ProjectView
from tui.widgets.trend_chart import TREND_NOTE, TrendChart, trend_series
from workspace_schema.history.trail import FieldChange, HistoryIndex, authored_by, person_of

PERSON_DAYS = 30  # the person filter shows this many days back


class HistoryView(ProjectView):
    AREA = "history"
    TAB = "History"
    HELP = f"""\
# History

Who changed what in this project, when, and why — read from git, field by
field, so edits made by hand count like edits made in ducu. Newest first:
the date, who (their name from people.toml, matched by the email they
commit with), the record, the field's old → new value, the reason given
when the change was saved (the *Ducu-Reason* of the commit), the commit and
what git said of its signature: **✓ signed** only when git reported a good
signature from a trusted key (`%G?` = G); *unsigned* when the commit has
none; otherwise git's word (bad, untrusted, expired, unchecked). ducu
checks nothing itself.

- **i** shows only the changes of one item: the one selected in the view
  you came from (or the selected line's); **i** again shows all.
- **enter** on a line does the same for that line's item; on a line of the
  item already shown, it goes to the item in its view.
- **p** picks a person: only their changes of the last {PERSON_DAYS} days.
- **m** swaps the list for the milestone trend chart: one line per
  milestone, its forecast due date (up) at each date a forecast changed
  in git (right; a *report*), carried on to today. Flat is on time, rising
  is slipping, falling is pulled in; the dotted diagonal is "due on the day
  of the report", where a milestone's line ends when it is delivered on
  time. Every forecast date gets a line of its own on the y axis (labelled
  with the date), so the axis shortens long gaps between dates: read the
  labels, not distances.
- **e**, **o** edit the selected line's record or open its file.

The first time, the whole history is read ("Reading history… N/M commits");
after that only new commits are.
"""
    BINDINGS = [
        Binding("i", "toggle_item", "This item only", id="history.item"),
        Binding("p", "pick_person", "Person", id="history.person"),
        Binding("m", "toggle_trend", "Trend chart", id="history.trend"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.state: State | None = None
        self.project_id = ""
        self.context_ref: str | None = None  # the item selected in the view the user came from
        self.item_ref: str | None = None  # the "this item only" filter
        self.person: str | None = None  # a people.toml handle or a git author name
        self.trend = False
        self.entries: list[FieldChange] = []
        self._drawn_for: tuple = ()
        self._progress: tuple[int, int] | None = None
        self._reports = 0

    def compose(self) -> ComposeResult:
        yield Static(id="history-head")
        yield FeedList(id="history-feed")
        yield Static(id="history-detail")
        yield TrendChart(id="history-chart")

    def on_mount(self) -> None:
        self.query_one(TrendChart).display = False

    @property
    def feed(self) -> FeedList:
        return self.query_one(FeedList)

    @property
    def index(self) -> HistoryIndex | None:
        return self.app.history

    def focus(self, scroll_visible: bool = True) -> HistoryView:
        target: Widget = self.query_one(TrendChart) if self.trend else self.feed
        target.focus(scroll_visible)
        return self

    # --- the ProjectView contract --------------------------------------------------

    def show_project(self, state: State, project_id: str) -> None:
        if project_id != self.project_id:
            self.item_ref = self.person = None
        self.state, self.project_id = state, project_id
        self.redraw()

    def show_history(self, index: HistoryIndex | None) -> None:
        self._progress = None
        self.redraw()

    def show_history_progress(self, done: int, total: int) -> None:
        self._progress = (done, total)
        if self.index is None:
            self.redraw_head()

    def focus_item(self, item_id: str) -> bool:
        return False  # the feed is not where an item lives; other views take "go to"

    def selected_change(self) -> FieldChange | None:
        cursor = self.feed.cursor
        return self.entries[cursor] if 0 <= cursor < len(self.entries) else None

    def selected_ref(self) -> str | None:
        """The record of the selected line, when it is this project's (for e and o)."""
        change = self.selected_change()
        if change is None:
            return None
        ref = change.ref
        return ref if ref == self.project_id or ref.startswith(self.project_id + "/") else None

    # --- drawing ---------------------------------------------------------------------

    def feed_width(self) -> int:
        width = self.feed.scrollable_content_region.width
        return width if width > 0 else max(self.app.size.width - 2, 40)

    def redraw(self) -> None:
        state, index = self.state, self.index
        if state is None:
            return
        entries: list[FieldChange] = []
        if index is not None:
            entries = facts(index).feed(self.project_id)
            if self.item_ref is not None:
                entries = [c for c in entries if c.ref == self.item_ref]
            if self.person is not None:
                mine = authored_by(self.person, state.ws)
                since = state.today - dt.timedelta(days=PERSON_DAYS)
                entries = [c for c in entries if mine(c.author, c.email) and c.day >= since]
        keep = self.selected_change()
        self.entries = entries
        width = self.feed_width()
        self._drawn_for = (width,)
        ws = state.ws
        self.feed.set_rows(LazyLines(entries, lambda c: feed_line(c, ws, width)), width)  # type: ignore[arg-type]
        if keep is not None and keep in entries:
            self.feed.cursor = entries.index(keep)
        if self.trend:
            self.redraw_trend()
        self.redraw_head()
        self.redraw_detail()

    def redraw_head(self) -> None:
        head = self.query_one("#history-head", Static)
        width = self.feed_width()
        line = Text(no_wrap=True, overflow="ellipsis")
        index = self.index
        if index is None:
            progress = self._progress or self.app.history_progress
            problem = self.app.history_problem
            if progress is not None:
                line.append(f" Reading history… {progress[0]}/{progress[1]} commits", style="italic")
            elif problem:
                line.append(" No history: ", style="yellow")
                line.append_text(safe(problem.splitlines()[0] if problem else "", "yellow"))
            elif not self.app.use_git and not self.app.read_history:
                line.append(" History is read from git when ducu runs in the workspace's git clone.", style="dim")
            else:
                line.append(" Reading history…", style="italic")
            head.update(line)
            return
        if self.trend:
            line.append(f" {self._reports} report{'' if self._reports == 1 else 's'}", style="bold")
            line.append(" (days a due date changed in git)")
            line.append("  m back to the changes", style="dim")
            head.update(line)
            return
        n = len(self.entries)
        line.append(f" {n} change{'' if n == 1 else 's'}", style="bold")
        line.append(" · newest first")
        if self.item_ref is not None:
            line.append(" · only ")
            line.append_text(safe(self.item_ref.partition("/")[2] or "the project itself", "bold"))
        if self.person is not None and self.state is not None:
            since = self.state.today - dt.timedelta(days=PERSON_DAYS)
            line.append(" · by ")
            person = self.state.ws.people.get(self.person)
            line.append_text(safe(person.name if person and person.name else self.person, "bold"))
            line.append(f" since {since.isoformat()}")
        line.append("  i item · p person · m trend · enter this item", style="dim")
        head.update(Text("\n").join([line, columns_line(width)]))

    def redraw_detail(self) -> None:
        detail = self.query_one("#history-detail", Static)
        change = self.selected_change()
        state = self.state
        if change is None or state is None:
            empty = "No changes to show." if self.index is not None else ""
            if self.index is not None and (self.item_ref or self.person):
                empty = "No changes match: i or p clears the filter."
            detail.update(Text(empty, style="dim"), layout=False)
            return
        detail.update(change_detail(change, state.ws, max(self.feed_width(), 20)), layout=False)

    def redraw_trend(self) -> None:
        state, index = self.state, self.index
        chart = self.query_one(TrendChart)
        if state is None:
            return
        if index is None or state.project(self.project_id) is None:
            chart.show([], state.today)
            return
        series, self._reports = trend_series(index, state.ws, self.project_id)
        chart.show(series, state.today, TREND_NOTE)

    # --- keys ------------------------------------------------------------------------

    def action_toggle_item(self) -> None:
        if self.item_ref is not None:
            self.item_ref = None
        else:
            change = self.selected_change()
            ref = self.context_ref or (change.ref if change is not None else None)
            if ref is None:
                self.app.bell()
                return
            base, _, rest = ref.partition("/")
            self.item_ref = f"{base}/{rest.split('/')[0]}" if rest else base  # a risk's step: the risk
        self.redraw()

    def action_pick_person(self) -> None:
        state = self.state
        if state is None:
            return
        since = state.today - dt.timedelta(days=PERSON_DAYS)
        counts: dict[str, int] = {}
        names: dict[str, str] = {}
        index = self.index
        for change in facts(index).feed(self.project_id) if index is not None else []:
            if change.day < since:
                continue
            key = person_of(change.email, state.ws) or change.author
            counts[key] = counts.get(key, 0) + 1
            names.setdefault(key, change.author)
        choices = []
        for handle, person in state.ws.people.items():
            names[handle] = person.name or handle
        for key in sorted(names, key=lambda k: (-counts.get(k, 0), names[k].lower())):
            n = counts.get(key, 0)
            note = f"{n} change{'' if n == 1 else 's'} in {PERSON_DAYS} days" if n else ""
            if key not in state.ws.people:
                note = (note + " · " if note else "") + "not in people.toml"
            choices.append((key, names[key], note))

        def picked(key: str | None) -> None:
            if key is None:
                return
            self.person = key or None
            self.redraw()
            self.focus()

        self.post_message(
            self.PickPerson(f"Whose changes of the last {PERSON_DAYS} days?", choices, self.person, picked)
        )

    def action_toggle_trend(self) -> None:
        self.trend = not self.trend
        for selector in ("#history-feed", "#history-detail"):
            self.query_one(selector).display = not self.trend
        self.query_one(TrendChart).display = self.trend
        if self.trend:
            self.redraw_trend()
        self.redraw_head()
        self.focus()

    @on(LineList.Highlighted)
    def _highlighted(self, event: LineList.Highlighted) -> None:
        event.stop()
        self.redraw_detail()

    @on(LineList.Selected)
    def _selected(self, event: LineList.Selected) -> None:
        event.stop()
        change = self.selected_change()
        if change is None:
            return
        if self.item_ref == change.ref:
            item = change.ref.partition("/")[2]
            if item and change.ref.startswith(self.project_id + "/"):
                self.show_elsewhere(item)
            return
        self.item_ref = change.ref
        self.redraw()

    def on_resize(self, event: events.Resize) -> None:
        if self.state is not None and self._drawn_for != (self.feed_width(),):
            self.redraw()


# The help screen reads HELP from the focused widgets; the view's focusable parts carry its text.
FeedList.HELP = TrendChart.HELP = HistoryView.HELP
