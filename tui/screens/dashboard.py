"""The dashboard: one row per project, worst first; Enter opens a project.

The table is a LineList with fixed column widths whose lines are made when
first drawn (LazyLines), and the Slip column's variance is worked out for
those rows only: at 500 projects the table fills in a few milliseconds, where
a DataTable took a quarter of a second and building every row 0.2 s more.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from workspace_schema.health import ProjectSummary, summarize_all
from workspace_schema.history import HistoryIndex
from workspace_schema.history_index import IndexData
from workspace_schema.slips import ProjectVariance, project_variance

from ..state import State
from ..text import fit, safe
from ..widgets.line_list import LazyLines, LineList
from ..widgets.status_bar import StatusBar

HEALTH_STYLE = {"red": "bold red", "amber": "bold yellow", "green": "bold green", "grey": "dim"}
HEALTH_ORDER = {"red": 0, "amber": 1, "green": 2, "grey": 3}
SORTS = {
    "health": lambda s: (HEALTH_ORDER.get(s.health, 9), -s.overdue, s.title),
    "due": lambda s: (s.next_milestone_due is None, s.next_milestone_due or 0, s.title),
    "project": lambda s: s.title.lower(),
    "client": lambda s: ((s.client_name or "").lower(), s.title),
    "progress": lambda s: (s.progress, s.title),
    "overdue": lambda s: (-s.overdue, s.title),
    "risk": lambda s: (-s.top_risk_score, s.title),
}
COLUMNS = ("Project", "Client", "Status", "Health", "Done", "Next milestone", "Due", "Late", "Slip", "Wait", "Chk-in", "Risk", "Sat")
GAP = "  "  # between columns
# Cells of each column; None for the three text columns (project, client, next
# milestone), which share what is left (STRETCH) but get at least MIN_TEXT.
CELLS = (None, None, 6, 7, 4, None, 14, 4, 5, 4, 6, 4, 3)
FIXED = sum(c for c in CELLS if c is not None)
SLIP_CELLS = 5  # "+12d", "+123d"
NO_HISTORY = HistoryIndex(IndexData())  # slips from the plan alone: due - baseline_due needs no git
STRETCH = (0.45, 0.15, 0.4)
STATUS_SHORT = {"planned": "plan", "active": "act", "on_hold": "hold", "done": "done", "cancelled": "canc"}
MIN_TEXT = (14, 8, 12)


class DashboardScreen(Screen[None]):
    AREA = "dashboard"
    HELP = """\
# Dashboard

One row per project, worst health first. **Health** is red, amber or green by
the rules in docs/health.md; press `w` to see why. *Status* is act(ive), plan(ned), hold, done or canc(elled). *Late* counts overdue
milestones and tasks, *Wait* the items waiting on the client, *Check-in* the
days since the last check-in against the project's cadence, *Slip* the
project's schedule variance (the days its open milestones are due past their
agreed baselines, summed; `+12d` is late, `-3d` early), *Risk* the
highest probability x impact of an open risk, *Sat* the latest satisfaction
score (1-5).

**e** edits the selected project's own fields (title, client, owner, status,
dates, check-in cadence), **o** opens its file in your editor, **P** lists the
people of the workspace (add, edit and remove them there).

**R** holds a review meeting (the selected project's, or the whole
workspace's one project after another); **O** shows who owes what.
"""
    BINDINGS = [
        Binding("enter", "open", "Open", id="dashboard.open"),
        Binding("slash", "filter", "Filter", id="dashboard.filter"),
        Binding("s", "sort", "Sort", id="dashboard.sort"),
        Binding("w", "why", "Why this health", id="dashboard.why"),
        Binding("f", "findings", "Findings", id="dashboard.findings"),
        Binding("e", "edit_project", "Edit project", id="dashboard.edit_project"),
        Binding("o", "open_project", "Open in editor", id="dashboard.open_project", show=False),
        Binding("P", "people", "People", key_display="P", id="dashboard.people", show=False),
        Binding("R", "review", "Review", key_display="R", id="dashboard.review"),
        Binding("O", "owed", "Who owes what", key_display="O", id="dashboard.owed"),
        Binding("escape", "clear_filter", "Clear filter", id="dashboard.clear_filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[ProjectSummary] = []
        self.sort_key = "health"
        self.filter_text = ""
        self.show_why = True
        self._variance: dict[str, ProjectVariance] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Filter projects: part of a title, client, status or health", id="filter")
        yield LineList(id="projects", zebra=True)
        yield Static(id="why")
        yield StatusBar()
        yield Footer(compact=True)

    def on_resize(self) -> None:
        if self.summaries:
            self.refill()

    def on_mount(self) -> None:
        self.query_one("#filter").display = False
        table = self.query_one(LineList)
        if self.app.state is None:
            # A still line, not Textual's animated indicator: redrawing it 60
            # times a second would take the GIL from the loading thread.
            self.query_one("#why", Static).update(Text("Loading the workspace…", style="italic"))
        table.focus()
        if self.app.state is not None:
            self.show_state(self.app.state)

    def show_state(self, state: State) -> None:
        if not self.told_drafts:  # a review meeting left in progress: say so once (tui/screens/review.py)
            self.told_drafts = True
            from .review import tell_drafts

            tell_drafts(self.app)
        self.summaries = summarize_all(state.ws, state.today, state.findings)
        self._variance = {}
        self.query_one(StatusBar).show_state(state)
        self.refill()
        box = self.query_one("#filter", Input)
        if not box.display:
            self.query_one(LineList).focus()

    def visible(self) -> list[ProjectSummary]:
        needle = self.filter_text.lower()
        rows = [
            s for s in self.summaries
            if not needle or any(needle in (v or "").lower() for v in (s.title, s.project_id, s.client_name, s.status, s.health))
        ]
        return sorted(rows, key=SORTS[self.sort_key])

    def refill(self) -> None:
        table = self.query_one(LineList)
        selected = self.selected()
        self.shown = self.visible()
        widths = column_widths(self.size.width or 120)
        shown = self.shown

        def line(index: int) -> Text:
            return table_line(self.cells(index), widths)

        table.set_rows(LazyLines(len(shown), line), width=sum(widths) + len(GAP) * (len(widths) - 1) + 1, header=table_line([Text(c) for c in COLUMNS], widths))
        if selected is not None:
            keys = [s.project_id for s in self.shown]
            if selected.project_id in keys:
                table.cursor = keys.index(selected.project_id)
        self.update_why()

    shown: list[ProjectSummary] = []  # the rows of the table, in order

    def cells(self, index: int) -> list[Text]:
        """The cells of row ``index`` of the table, one per column of COLUMNS."""
        s = self.shown[index]
        return row_cells(s, text_widths(self.size.width or 120), self.variance(s.project_id))

    def variance(self, project_id: str) -> ProjectVariance | None:
        """The Slip column's numbers, from the plan alone (due - baseline needs no git), worked out when first shown."""
        v = self._variance.get(project_id)
        if v is None and self.app.state is not None and project_id in self.app.state.ws.projects:
            v = self._variance[project_id] = project_variance(NO_HISTORY, self.app.state.ws, project_id)
        return v

    def selected(self) -> ProjectSummary | None:
        table = self.query_one(LineList)
        if not self.shown or not table.rows:
            return None
        return self.shown[min(table.cursor, len(self.shown) - 1)]

    def update_why(self) -> None:
        why = self.query_one("#why", Static)
        s = self.selected()
        why.display = self.show_why and s is not None
        if s is None:
            return
        text = Text()
        text.append(f"{s.health.upper()} ", style=HEALTH_STYLE.get(s.health, ""))
        text.append(fit(s.title, max(self.size.width - 40, 20)), "bold")  # a 10,000-character title must leave room for the reasons
        text.append_text(self.slip_words(s.project_id))
        for reason in s.reasons[:4]:
            text.append("\n  • ")
            text.append_text(safe(reason))
        why.update(text, layout=False)  # its height is fixed (app.tcss): only the panel is drawn again

    def slip_words(self, project_id: str) -> Text:
        """" · slip +21d (2 of 5 open milestones past their baseline, 4 due-date moves)": the Slip column, explained."""
        state = self.app.state
        index = getattr(self.app, "history", None)
        v = self.variance(project_id)
        if state is None or v is None or not v.open_milestones:
            return Text()
        if index is not None:
            v = project_variance(index, state.ws, project_id)
        n = v.open_milestones
        out = Text(" · slip ", style="dim")
        out.append(f"{v.total_days:+d}d", style="bold red" if v.total_days > 0 else "green" if v.total_days < 0 else "")
        if self.size.width < 100:  # a narrow screen keeps the line for the reasons
            return out
        out.append(f" ({v.slipped} of {n} open milestone{'' if n == 1 else 's'} past {'its' if n == 1 else 'their'} baseline", style="dim")
        if index is not None:
            out.append(f", {v.moves} due-date move{'' if v.moves == 1 else 's'}", style="dim")
        out.append(")", style="dim")
        return out

    def show_history(self, index: HistoryIndex | None) -> None:
        """The app read the history: the reasons panel can count the moves."""
        self.update_why()

    @on(LineList.Highlighted)
    def _highlighted(self) -> None:
        self.update_why()

    @on(LineList.Selected)
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        s = self.selected()
        if s is not None:
            from .project import ProjectScreen

            self.app.push_screen(ProjectScreen(s.project_id))

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.refill()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(LineList).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self.query_one(LineList).focus()

    def action_sort(self) -> None:
        keys = list(SORTS)
        self.sort_key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.notify(f"Sorted by {self.sort_key}", timeout=2)
        self.refill()

    def action_why(self) -> None:
        self.show_why = not self.show_why
        self.update_why()

    def action_findings(self) -> None:
        from .findings import FindingsScreen

        self.app.push_screen(FindingsScreen())

    def action_edit_project(self) -> None:
        s = self.selected()
        if s is not None:
            from .. import edit_flows

            edit_flows.edit_record(self.app, s.project_id)

    def action_open_project(self) -> None:
        s = self.selected()
        if s is not None:
            from .. import edit_flows

            edit_flows.open_record(self.app, s.project_id)

    def action_people(self) -> None:
        from .people import PeopleScreen

        self.app.push_screen(PeopleScreen())

    # --- review meetings and who owes what (tui/screens/review.py, owed.py) ---

    told_drafts = False

    def action_review(self) -> None:
        from .review import ask_review

        s = self.selected()
        ask_review(self.app, s.project_id if s else None, s.title if s else "")

    def action_owed(self) -> None:
        from .owed import OwedScreen

        self.app.push_screen(OwedScreen())


def text_widths(width: int) -> tuple[int, int, int]:
    """Widths of the project, client and next-milestone columns for a terminal ``width``."""
    free = max(width - FIXED - 2 * len(COLUMNS) - 6, 0)  # scrollbar and a margin
    return tuple(max(m, int(free * share)) for m, share in zip(MIN_TEXT, STRETCH))  # type: ignore[return-value]


def column_widths(width: int) -> list[int]:
    """Cells of every column for a terminal ``width``: the fixed ones, the text ones from text_widths."""
    text = iter(text_widths(width))
    return [max(cell_len(name), next(text) if cells is None else cells) for name, cells in zip(COLUMNS, CELLS)]


def table_line(cells: list[Text], widths: list[int]) -> Text:
    """One line of the table: each cell cut or padded to its column (right-aligned when its
    ``justify`` says so), GAP between columns."""
    line = Text(" ", no_wrap=True)
    for i, (cell, w) in enumerate(zip(cells, widths)):
        if i:
            line.append(GAP)
        if cell.cell_len > w:
            cell = cell.copy()
            cell.truncate(w, overflow="ellipsis")
        fill = " " * (w - cell.cell_len)
        if cell.justify == "right":
            line.append(fill)
            line.append_text(cell)
        else:
            line.append_text(cell)
            line.append(fill)
    return line


def slip_cell(v: ProjectVariance | None) -> Text:
    """The project's schedule variance in days: "+12d" (red, late against the baselines), "-3d", "0d"; empty when unmeasured."""
    if v is None or not v.open_milestones:
        return Text("", justify="right")
    days = v.total_days
    text = f"{days:+d}d" if days else "0d"
    style = "red" if days > 0 else "green" if days < 0 else "dim"
    return Text(text if len(text) <= SLIP_CELLS else f"{'+' if days > 0 else '-'}999d", style=style, justify="right")


def row_cells(s: ProjectSummary, widths: tuple[int, int, int] = (30, 16, 28), variance: ProjectVariance | None = None) -> list[Text]:
    title_w, client_w, next_w = widths
    health = Text("● " + s.health, style=HEALTH_STYLE.get(s.health, ""))
    progress = Text(f"{s.progress:4.0%}", justify="right")
    late = "red" if s.next_milestone_distance and "late" in s.next_milestone_distance else ""
    due = Text(s.next_milestone_due.strftime("%m-%d") if s.next_milestone_due else "", style=late)
    if s.next_milestone_distance:
        due.append(f" {short_distance(s.next_milestone_distance)}", style=late or "dim")
    if s.days_since_check_in is None:
        check_in = Text("never", style="yellow")
    else:
        check_in = Text(f"{s.days_since_check_in}/{s.check_in_every}d", style="red" if s.check_in_overdue else "")
    risk_style = "bold red" if s.top_risk_score >= 15 else "yellow" if s.top_risk_score >= 8 else ""
    return [
        Text(fit(s.title, title_w)),
        Text(fit(s.client_name or "", client_w)),
        Text(STATUS_SHORT.get(s.status, s.status[:4]), style="" if s.status == "active" else "dim"),
        health,
        progress,
        Text(fit(s.next_milestone_title or "", next_w)),
        due,
        Text(str(s.overdue), style="red" if s.overdue else "dim", justify="right"),
        slip_cell(variance),
        Text(str(s.waiting_on_client), style="yellow" if s.waiting_on_client else "dim", justify="right"),
        check_in,
        Text(str(s.top_risk_score or ""), style=risk_style, justify="right"),
        Text(str(s.satisfaction or ""), style="red" if s.satisfaction and s.satisfaction <= 2 else "", justify="right"),
    ]


def short_distance(text: str) -> str:
    """"in 3 days" -> "in 3d", "5 days late" -> "5d late", "2 weeks late" -> "2w late"."""
    for long, short in ((" days", "d"), (" day", "d"), (" weeks", "w"), (" months", "mo")):
        text = text.replace(long, short)
    return text
