"""The dashboard: one row per project, worst first; Enter opens a project.

The table is a LineList with fixed column widths whose lines are made when
first drawn (LazyLines), and the Slip column's variance is worked out for
those rows only: at 500 projects the table fills in a few milliseconds, where
a DataTable took a quarter of a second and building every row 0.2 s more.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.scalar import Scalar
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static

from tui import first_frame
from tui.first_frame import Template
from tui.render.dashboard_table import SORTS, SPAN_STYLES, ProjectTable, natural_widths, sort_rows, why_lines
from tui.render.status_text import git_text
from tui.render.text import clean
from tui.screens.base import DucuScreen
from tui.state import State
from tui.widgets.header import Header
from tui.widgets.key_footer import KeyFooter
from tui.widgets.line_list import LazyLines, LineList
from tui.widgets.status_bar import StatusBar
from workspace_schema.history.trail import HistoryIndex
from workspace_schema.views.health import ProjectSummary


class DashboardScreen(DucuScreen):
    AREA = "dashboard"
    AUTO_FOCUS = "#projects"  # focused in the first frame Textual draws (the early frame shows it so)
    HELP = """\
# Dashboard

One row per project, worst health first. **Health** is red, amber or green by
the rules in docs/health.md; press `w` to see why. *Status* is act(ive), plan(ned), hold, done or canc(elled). *Late* counts overdue
milestones and tasks, *Wait* the items waiting on the client, *Check-in* the
days since the last check-in against the project's cadence, *Slip* the
project's schedule variance (the days its open milestones are due past their
agreed baselines, summed; `+12d` is late, `-3d` early), *Risk* the
highest probability x impact of an open risk, *Sat* the latest satisfaction
score (1-5). On a narrower terminal the columns that help least give way
first (Sat, Status, Client, Done; then *Due* shows only how far away it is,
then Next milestone, Chk-in and Risk go); Project, Health, Due, Late, Slip
and Wait always show, and the titles take the width that is left.

**e** edits the selected project's own fields (title, client, owner, status,
dates, check-in cadence), **o** opens its file in your editor, **P** lists the
people of the workspace (add, edit and remove them there).

**K** shows the scorecards: how each client (or person) kept its side of
the plans this quarter, with the incentives earned and the evaluations.

**L** shows the improvement register: the lessons learned turned into
changes of how we work, stale ones first, each marked done with **D**.

**R** holds a review meeting (the selected project's, or the whole
workspace's one project after another); **O** shows who owes what; **C**
shows the selected project's client across all its projects (contacts,
contract, cadences, satisfaction, support, scorecard).
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
        Binding("K", "scorecards", "Scorecards", key_display="K", id="dashboard.scorecards", show=False),
        Binding("L", "improvements", "Improvements", key_display="L", id="dashboard.improvements", show=False),
        Binding("C", "client", "Client", key_display="C", id="dashboard.client"),
        Binding("escape", "clear_filter", "Clear filter", id="dashboard.clear_filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[ProjectSummary] = []
        self.sort_key = "health"
        self.filter_text = ""
        self.show_why = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Filter projects: part of a title, client, status or health", id="filter")
        yield LineList(id="projects", zebra=True)
        yield Static(id="why")
        yield StatusBar()
        yield KeyFooter()

    def on_resize(self) -> None:
        if self.summaries and (self.table is None or (self.table.width, self.table.height) != tuple(self.size)):
            self.refill()  # the columns and the reasons panel follow the size: new lines for a new size

    def on_mount(self) -> None:
        self.query_one("#filter").display = False
        # The reasons panel's height follows the terminal's (refill): set before the first layout, so the
        # first frame is not laid out with another and drawn again a moment later.
        self.query_one("#why").styles.height = why_lines(self.app.size.height) + 1
        table = self.query_one(LineList)
        if self.app.state is None:
            # A still line, not Textual's animated indicator: redrawing it 60
            # times a second would take the GIL from the loading thread.
            self.query_one("#why", Static).update(Text("Loading the workspace…", style="italic"))
        table.focus()
        if (early := self.app.early_frame) is not None:  # where Down and Up left the early frame's cursor
            self.app.early_frame = None
            table.set_reactive(LineList.cursor, early.cursor)  # before the first layout: nothing to scroll
        if self.app.state is not None:
            self.show_state(self.app.state)

    def show_state(self, state: State) -> None:
        if not self.told_drafts:  # a review meeting left in progress: say so once (tui/screens/review/screen.py)
            self.told_drafts = True
            from tui.flows.review import tell_drafts

            tell_drafts(self.app)
        self.summaries = state.summaries
        self.natural = natural_widths(state.summaries)  # every project's, so a filter does not move the columns
        self.query_one(StatusBar).show_state(state)
        self.refill()
        box = self.query_one("#filter", Input)
        if not box.display:
            self.query_one(LineList).focus()

    def shown_rows(self) -> list[ProjectSummary]:
        """The projects the filter lets through, in the chosen order."""
        return sort_rows(self.summaries, self.sort_key, self.filter_text)

    def refill(self) -> None:
        table = self.query_one(LineList)
        selected = self.selected()
        self.shown = self.shown_rows()
        state = self.app.state
        if state is None:
            return
        width, height = self.size if self.size.area else self.app.size  # before its first layout, the app's
        rows = self.table = ProjectTable(state.ws, self.shown, width, height, self.natural)
        table.set_rows(LazyLines(len(self.shown), rows.line), width=rows.line_width, header=rows.header())
        why = self.query_one("#why", Static)
        if why.styles.height != Scalar.from_number(rows.why_lines + 1):
            why.styles.height = rows.why_lines + 1  # its lines and the border above them
        if selected is not None:
            keys = [s.project_id for s in self.shown]
            if selected.project_id in keys:
                table.cursor = keys.index(selected.project_id)
        self.update_why()

    shown: list[ProjectSummary] = []  # the rows of the table, in order
    natural: dict[str, int] = {}  # the text columns' longest values (natural_widths), over every project
    table: ProjectTable | None = None  # their lines, for the width they were made for

    def selected(self) -> ProjectSummary | None:
        table = self.query_one(LineList)
        if not self.shown or not table.rows:
            return None
        return self.shown[min(table.cursor, len(self.shown) - 1)]

    def update_why(self) -> None:
        why = self.query_one("#why", Static)
        s = self.selected()
        why.display = self.show_why and s is not None
        if s is None or self.table is None:
            return
        index = min(self.query_one(LineList).cursor, len(self.shown) - 1)
        # its height is fixed for the terminal's size (refill): only the panel is drawn again
        why.update(self.table.why(index, self.app.history), layout=False)

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
            from tui.screens.project import ProjectScreen

            self.app.push_screen(self.app.ready.take(ProjectScreen, s.project_id))

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
        from tui.screens.findings import FindingsScreen

        self.app.push_screen(self.app.ready.take(FindingsScreen))

    def action_edit_project(self) -> None:
        s = self.selected()
        if s is not None:
            from tui.flows import edit as edit_flows

            edit_flows.edit_record(self.app, s.project_id)

    def action_open_project(self) -> None:
        s = self.selected()
        if s is not None:
            from tui.flows import edit as edit_flows

            edit_flows.open_record(self.app, s.project_id)

    def action_people(self) -> None:
        from tui.screens.people import PeopleScreen

        self.app.push_screen(PeopleScreen())

    # --- review meetings and who owes what (tui/screens/review/screen.py, owed.py) ---

    told_drafts = False

    def action_review(self) -> None:
        from tui.flows.review import ask_review

        s = self.selected()
        ask_review(self.app, s.project_id if s else None, s.title if s else "")

    def action_owed(self) -> None:
        from tui.screens.owed import OwedScreen

        self.app.push_screen(self.app.ready.take(OwedScreen))

    def action_scorecards(self) -> None:
        from tui.screens.scorecard import ScorecardScreen

        self.app.push_screen(ScorecardScreen())

    def action_improvements(self) -> None:
        from tui.screens.improvements import ImprovementsScreen

        self.app.push_screen(ImprovementsScreen())

    def action_client(self) -> None:
        from tui.screens.client import ClientScreen

        s = self.selected()
        state = self.app.state
        if s is None or state is None:
            return
        if s.client_id is None or s.client_id not in state.ws.clients:
            self.notify("This project names no client in clients.toml.", timeout=4, markup=False)
            return
        self.app.push_screen(ClientScreen(s.client_id))


def first_frame_template(screen: DashboardScreen) -> Template | None:
    """What the dashboard's first frame looks like, for the next start to paint before Textual is imported.

    None unless the screen shows exactly the frame tui/first_frame.py can
    make again: every project worst first, the cursor on the first, the
    reasons panel open, nothing over it, git not asked yet.
    """
    app = screen.app
    state = app.state
    table = screen.query_one(LineList)
    if (
        state is None
        or screen.table is None
        or not screen.shown
        or app.screen is not screen
        or table.cursor != 0
        or table.scroll_offset != (0, 0)
        or not table.has_focus
        or screen.filter_text
        or screen.sort_key != "health"
        or not screen.show_why
        or len(app._notifications)
        or git_text(app.git_view, state).plain
        or app.history is not None
        or (app.title, app.sub_title)
        != (first_frame.TITLE, clean(state.ws.settings.name))  # what region_keys says it shows
    ):
        return None
    why = screen.query_one("#why")
    if why.region.height != why.styles.height.value if why.styles.height else False:
        return None  # drawn before the layout took the panel's height for this terminal (refill)
    # Textual's first frame has no scrollbar yet (it comes with the next one) and an
    # empty footer (its keys come a moment later): the early frame has neither either.
    whole = table.region
    footer = screen.query_one(KeyFooter)
    regions = {
        "header": screen.query_one(Header).region,
        "why": why.region,
        "status": screen.query_one(StatusBar).region,
    }
    size = app.size
    if sum(r.area for r in regions.values()) + whole.area + footer.region.area != size.area:
        return None  # something else is on the screen: the frame would not be the same
    strips = screen._compositor.render_strips()
    keys = first_frame.region_keys(state, screen.table)

    def cut(r: Region) -> list[list[tuple[str, str]]]:
        return [[(s.text, str(s.style or "")) for s in strips[y].crop(r.x, r.right)] for y in range(r.y, r.bottom)]

    empty = Strip([Segment(" " * footer.region.width, Style(bgcolor=footer.rich_style.bgcolor))])
    for f in footer.get_line_filters():  # NO_COLOR's, for one
        empty = empty.apply_filter(f, footer.background_colors[1])
    blank = [[(s.text, str(s.style or "")) for s in empty]]
    parts = [first_frame.Region(name, r.x, r.y, r.width, r.height, keys[name], cut(r)) for name, r in regions.items()]
    parts.append(first_frame.Region("footer", *footer.region, "", blank))
    base = table.rich_style
    bases = {
        "header": base + table.get_component_rich_style("line-list--header"),
        "cursor": base + table.get_component_rich_style("line-list--cursor"),
        "even": base,
        "odd": base + table.get_component_rich_style("line-list--zebra"),
        "blank": base,
    }
    spans = {""} | {str(Style.parse(s) or "") for s in SPAN_STYLES}
    for line in [screen.table.header(), *table.rows[: whole.height]]:
        spans.update(str(s.style or "") for s in line.render(app.console, end=""))
    # The reasons of every project on screen: the early frame draws them when Down or Up moves its cursor.
    why_spans = {""}
    for index in range(min(len(screen.shown), whole.height)):
        why_spans.update(str(s.style or "") for s in screen.table.why(index).render(app.console, end=""))

    def on_screen(span: str, base: Style, widget: Widget) -> str:
        strip = Strip(list(Segment.apply_style([Segment("x", Style.parse(span) if span else None)], base)))
        for f in widget.get_line_filters():
            strip = strip.apply_filter(f, widget.background_colors[1])
        return str(next(iter(strip)).style or "")

    styles = {kind: {span: on_screen(span, b, table) for span in spans} for kind, b in bases.items()}
    styles["why"] = {span: on_screen(span, why.rich_style, why) for span in why_spans}
    styles["why-padding"] = {"": on_screen("", Style(bgcolor=why.rich_style.bgcolor), why)}
    return first_frame.Template(
        version=first_frame.VERSION,
        setting=first_frame.setting(),
        width=size.width,
        height=size.height,
        table=tuple(whole),  # type: ignore[arg-type]
        styles=styles,
        regions=parts,
    )
