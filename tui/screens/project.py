"""A project: its views in tabs (timeline, matrix, contingency, goals, changes, log, history, care).

Opened from the dashboard, the screen builds the view of its first tab only;
each other view is built when its tab is first opened, or when something
must look through every view (``build_views``). Building all eight took half
of the screen's opening at 20,000 items (Textual composes, styles and lays
out each), for seven views nobody had asked to see yet. Opened at an item
(a finding, who owes what, another project's link), it builds them all at
once, since any of them may be the one that shows the item.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import ContentSwitcher, Static

from tui.flows import edit as edit_flows
from tui.render.dashboard_table import HEALTH_STYLE
from tui.render.text import clean, safe
from tui.screens.base import DucuScreen
from tui.state import State
from tui.widgets.care import CareView
from tui.widgets.changes import ChangesView
from tui.widgets.checklist import ChecklistView
from tui.widgets.goals import GoalsView
from tui.widgets.header import Header
from tui.widgets.history import HistoryView
from tui.widgets.key_footer import KeyFooter
from tui.widgets.log import LogView
from tui.widgets.matrix import MatrixView
from tui.widgets.project_view import ProjectView
from tui.widgets.status_bar import StatusBar
from tui.widgets.tab_bar import TabBar
from tui.widgets.timeline import TimelineView
from workspace_schema.history.trail import HistoryIndex
from workspace_schema.views.health import summarize

VIEWS: tuple[type[ProjectView], ...] = (
    TimelineView,
    MatrixView,
    ChecklistView,
    GoalsView,
    ChangesView,
    LogView,
    HistoryView,
    CareView,
)
AREAS = frozenset(view.AREA for view in VIEWS)
# What `n` adds in each view (the timeline asks: milestone or task; the matrix adds nothing).
ADD_TABLE = {"checklist": "risks", "goals": "goals", "changes": "changes", "log": "log"}


class ProjectScreen(DucuScreen):
    AREA = "project"
    HELP = """\
# Project

The views of one project, in tabs: **1** timeline, **2** accountability matrix,
**3** contingency checklist, **4** goals, **5** changes, **6** communication log,
**7** history (who changed what, when and why; **m** there shows the milestone trend),
**8** care (the client's support requests against their targets, trainings,
lessons learned; **r** and **v** there record a response and a resolution now).
**escape** goes back to the dashboard, **f** lists this project's findings.

On the selected record of any view: **e** edits it in a form, **x** (or
**delete**) deletes it after asking, **o** opens its file in your editor
($VISUAL or $EDITOR) at its line. **n** adds a record of the view's kind (a
milestone or a task on the timeline, a risk in the checklist, a goal, a
change, a log entry, a support request or, on a training, a training); **N**
adds a step to the selected risk.

On the timeline and the matrix, **D** marks the selected milestone or task
done today (status done, done_on today: the report's "Done since" counts it),
or, when it is done, takes that back (doing if it has started, else todo); one
commit either way.

On the timeline, **a** records that the client accepted the selected milestone
(it must be done): who accepted it, the evidence (a link or a few words) and
the day; the detail lines then show "accepted by ... on ...".

**R** holds this project's review meeting (or resumes the one in progress);
**E** writes its progress report, the client's copy or the team's (Markdown
or HTML), to out/ in the workspace and shows the path.
"""
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="project.back"),
        Binding("f", "findings", "Findings", id="project.findings"),
        Binding("e", "edit_item", "Edit", id="project.edit_item"),
        Binding("n", "add_item", "Add", id="project.add_item"),
        Binding("N", "add_step", "Add step", key_display="N", id="project.add_step"),
        Binding("x,delete", "delete_item", "Delete", key_display="x", id="project.delete_item"),
        Binding("a", "accept_item", "Accept", id="project.accept_item"),
        Binding("D", "toggle_done", "Done/undo", key_display="D", id="project.toggle_done"),
        Binding("o", "open_item", "Open in editor", id="project.open_item", show=False),
        Binding("R", "review", "Review", key_display="R", id="project.review", show=False),
        Binding("E", "report", "Progress report", key_display="E", id="project.report", show=False),
        *[
            Binding(str(n), f"tab('{view.AREA}')", view.TAB, id=f"project.tab_{view.AREA}", show=False)
            for n, view in enumerate(VIEWS, start=1)
        ],
    ]

    def __init__(self, project_id: str, item: str | None = None, tab: str | None = None) -> None:
        """The project, at ``item`` when given: on the ``tab`` view when that view shows it, else the first that does."""
        super().__init__()
        self.project_id = project_id
        self.focus_item_id = item
        self.initial_tab = tab
        self._last_area = tab or VIEWS[0].AREA  # the view before the current one: History's "this item" comes from it
        self.lazy = item is None  # only the first tab's view is built at once (the module's docstring)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="project-title")
        first = self.initial_tab if self.initial_tab in AREAS else VIEWS[0].AREA
        yield TabBar([(view.AREA, f"{n} {view.TAB}") for n, view in enumerate(VIEWS, start=1)], first, id="tabs")
        with ContentSwitcher(id="views", initial=first):
            for view in VIEWS:
                if not self.lazy or first == view.AREA:
                    with Vertical(id=view.AREA, classes="view-pane"):  # the view, and a pane it may put under it
                        yield view(id=f"view-{view.AREA}")
        yield StatusBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.app.state is not None:
            self.show_state(self.app.state)
        self.focus_view()

    def views(self) -> list[ProjectView]:
        """The views built so far (build_views builds the others)."""
        return list(self.query(ProjectView))

    async def build_views(self, areas: Iterable[str] = AREAS) -> None:
        """Build the views of ``areas`` that are not built yet, each showing the project as the others do."""
        built = {view.AREA for view in self.views()}
        new: list[ProjectView] = []
        for view_class in VIEWS:
            if view_class.AREA in areas and view_class.AREA not in built:
                view = view_class(id=f"view-{view_class.AREA}")
                pane = Vertical(id=view_class.AREA, classes="view-pane")
                pane.display = False  # the switcher shows the active one (_switch)
                await self.query_one("#views", ContentSwitcher).mount(pane)
                await pane.mount(view)
                new.append(view)
        state = self.app.state
        if new and state is not None and state.project(self.project_id) is not None:
            for view in new:
                view.show_project(state, self.project_id)

    def reopen(self, *args: Hashable) -> bool:
        """Made ahead for one project (tui/screens/ready.py) and asked for another: the same screen, for that one.

        Only a screen opened at no item on no tab is made ahead; it has built its first view only, which shows
        another project from its first row (TimelineView.show_project), as a new screen's would.
        """
        if len(args) != 1 or not isinstance(args[0], str) or self.focus_item_id or self.initial_tab:
            return False
        self.project_id = args[0]
        return True

    def show_state(self, state: State) -> None:
        project = state.project(self.project_id)
        title = self.query_one("#project-title", Static)
        if project is None:
            title.update(
                Text(
                    f"Project {clean(self.project_id)} is no longer in the workspace (renamed or deleted?). Press escape.",
                    style="bold red",
                )
            )
            return
        s = summarize(state.ws, self.project_id, state.today, state.findings)
        line = Text()
        line.append_text(safe(project.title or project.id, "bold"))
        line.append(f"  {clean(s.client_name or '')}  ·  {project.status}  ·  ")
        line.append(f"● {s.health}", style=HEALTH_STYLE.get(s.health, ""))
        if s.reasons:
            line.append("  ")
            line.append_text(safe(s.reasons[0].text(), "dim"))
        title.update(line)
        for view in self.views():
            view.show_project(state, self.project_id)
        self.query_one(StatusBar).show_state(state)
        if self.focus_item_id:
            item, self.focus_item_id = self.focus_item_id, None
            views = sorted(self.views(), key=lambda v: self.initial_tab != v.AREA)  # the asked-for tab first
            for view in views:
                if view.focus_item(item):
                    self._switch(view.AREA)
                    break

    @property
    def active_area(self) -> str:
        """The area of the tab shown (timeline, matrix, ...)."""
        return self.query_one("#tabs", TabBar).active

    def focus_view(self) -> None:
        view = self.active_view()
        if view is not None:
            view.focus()

    def show_history(self, index: HistoryIndex | None) -> None:
        """The app read the history (again): the views that show it redraw."""
        for view in self.views():
            view.show_history(index)

    def show_history_progress(self, done: int, total: int) -> None:
        for view in self.query(HistoryView):
            view.show_history_progress(done, total)

    @on(TabBar.Picked)
    async def _tab_picked(self, event: TabBar.Picked) -> None:
        await self.action_tab(event.area)

    async def action_tab(self, area: str) -> None:
        """Show the view of ``area``, building it first if it is not built yet."""
        if area in AREAS:
            await self.build_views([area])
            self._switch(area)

    def _switch(self, area: str) -> None:
        """Show the built view of ``area``, focused."""
        self.query_one("#views", ContentSwitcher).current = area
        self.query_one("#tabs", TabBar).active = area
        if area == HistoryView.AREA and self._last_area != area:
            came_from = next((v for v in self.views() if self._last_area == v.AREA), None)
            for view in self.query(HistoryView):
                view.context_ref = came_from.selected_ref() if came_from is not None else None
        self._last_area = area
        self.focus_view()
        self.refresh_bindings()

    # --- the edit commands act on the active view's selection ------------------

    def active_view(self) -> ProjectView | None:
        tabs = self.query("#tabs")
        active = tabs.first(TabBar).active if tabs else None
        return next((v for v in self.views() if active == v.AREA), None)

    def selected_ref(self) -> str | None:
        view = self.active_view()
        return view.selected_ref() if view is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add_step":  # only the checklist has risks to add steps to
            view = self.active_view()
            return view is not None and view.AREA == "checklist"
        if action == "accept_item":  # the client accepts milestones: the timeline shows them
            view = self.active_view()
            return view is not None and view.AREA == TimelineView.AREA
        if action == "toggle_done":  # milestones and tasks: the timeline and the matrix show them
            view = self.active_view()
            return view is not None and view.AREA in (TimelineView.AREA, MatrixView.AREA)
        if action == "add_item":  # the history is read, not added to
            view = self.active_view()
            return view is None or view.AREA != HistoryView.AREA
        return True

    def action_edit_item(self) -> None:
        edit_flows.edit_record(self.app, self.selected_ref())

    def action_add_item(self) -> None:
        view = self.active_view()
        area = view.AREA if view is not None else ""
        if area == "timeline":
            edit_flows.add_timeline_item(self.app, self.project_id, self.selected_ref())
        elif isinstance(view, CareView):  # a training when the cursor is on one, else a support request
            edit_flows.add_record(self.app, self.project_id, view.add_table())
        elif area in ADD_TABLE:
            edit_flows.add_record(self.app, self.project_id, ADD_TABLE[area])
        else:
            self.notify(
                "The matrix shows the timeline's items: add milestones and tasks on the timeline (1, then n)", timeout=4
            )

    def action_add_step(self) -> None:
        edit_flows.add_step(self.app, self.selected_ref())

    def action_accept_item(self) -> None:
        edit_flows.accept_milestone(self.app, self.selected_ref())

    def action_toggle_done(self) -> None:
        edit_flows.toggle_done(self.app, self.selected_ref())

    def action_delete_item(self) -> None:
        edit_flows.delete_record(self.app, self.selected_ref())

    def action_open_item(self) -> None:
        edit_flows.open_record(self.app, self.selected_ref() or self.project_id)

    # --- what the views ask of the screen (ProjectView's messages) ----------------

    @on(ProjectView.ShowElsewhere)
    async def _show_elsewhere(self, event: ProjectView.ShowElsewhere) -> None:
        await self.build_views()
        for view in self.views():
            if view is not event.view and view.focus_item(event.item_id):
                await self.action_tab(view.AREA)
                return
        self.notify(f"No other view shows {clean(event.item_id)}", timeout=3)

    @on(ProjectView.OpenProject)
    def _open_project(self, event: ProjectView.OpenProject) -> None:
        self.app.push_screen(ProjectScreen(event.project_id, event.item_id, event.area))

    @on(ProjectView.Confirm)
    def _confirm(self, event: ProjectView.Confirm) -> None:
        from tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            event.answered(bool(yes))

        self.app.push_screen(ConfirmScreen(event.question, event.detail, yes=event.yes, no="Cancel"), answered)

    @on(ProjectView.PickPerson)
    def _pick_person(self, event: ProjectView.PickPerson) -> None:
        from tui.screens.pick_person import PickPersonScreen

        self.app.push_screen(PickPersonScreen(event.title, list(event.choices), event.current), event.picked)

    def action_findings(self) -> None:
        from tui.screens.findings import FindingsScreen

        self.app.push_screen(FindingsScreen(self.project_id))

    # --- the review meeting and the progress report (tui/screens/review/screen.py, tui/flows/outputs.py) ---

    def action_review(self) -> None:
        from tui.flows.review import start_review

        start_review(self.app, self.project_id)

    def action_report(self) -> None:
        from tui.flows.outputs import export_report

        export_report(self.app, self.project_id)
