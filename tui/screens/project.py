"""A project: its views in tabs (timeline, matrix, contingency, goals, changes, log)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from workspace_schema.health import summarize

from ..state import State
from ..text import clean, safe
from ..widgets.changes import ChangesView
from ..widgets.checklist import ChecklistView
from ..widgets.goals import GoalsView
from ..widgets.log import LogView
from ..widgets.matrix import MatrixView
from ..widgets.project_view import ProjectView
from ..widgets.status_bar import StatusBar
from ..widgets.timeline import TimelineView
from .dashboard import HEALTH_STYLE

VIEWS: tuple[type[ProjectView], ...] = (TimelineView, MatrixView, ChecklistView, GoalsView, ChangesView, LogView)


class ProjectScreen(Screen[None]):
    AREA = "project"
    HELP = """\
# Project

The views of one project, in tabs: **1** timeline, **2** accountability matrix,
**3** contingency checklist, **4** goals, **5** changes, **6** communication log.
**escape** goes back to the dashboard, **f** lists this project's findings.
"""
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="project.back"),
        Binding("f", "findings", "Findings", id="project.findings"),
        *[
            Binding(str(n), f"tab('{view.AREA}')", view.TAB, id=f"project.tab_{view.AREA}", show=False)
            for n, view in enumerate(VIEWS, start=1)
        ],
    ]

    def __init__(self, project_id: str, focus_item: str | None = None, tab: str | None = None) -> None:
        super().__init__()
        self.project_id = project_id
        self.focus_item_id = focus_item
        self.initial_tab = tab

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="project-title")
        with TabbedContent(id="views", initial=self.initial_tab or VIEWS[0].AREA):
            for n, view in enumerate(VIEWS, start=1):
                with TabPane(f"{n} {view.TAB}", id=view.AREA):
                    yield view(id=f"view-{view.AREA}")
        yield StatusBar()
        yield Footer()

    def on_mount(self) -> None:
        if self.app.state is not None:
            self.show_state(self.app.state)
        self.focus_view()

    def views(self) -> list[ProjectView]:
        return list(self.query(ProjectView))

    def show_state(self, state: State) -> None:
        project = state.project(self.project_id)
        title = self.query_one("#project-title", Static)
        if project is None:
            title.update(Text(f"Project {clean(self.project_id)} is no longer in the workspace (renamed or deleted?). Press escape.", style="bold red"))
            return
        s = summarize(state.ws, self.project_id, state.today, state.findings)
        line = Text()
        line.append_text(safe(project.title or project.id, "bold"))
        line.append(f"  {clean(s.client_name or '')}  ·  {project.status}  ·  ")
        line.append(f"● {s.health}", style=HEALTH_STYLE.get(s.health, ""))
        if s.reasons:
            line.append("  ")
            line.append_text(safe(s.reasons[0], "dim"))
        title.update(line)
        for view in self.views():
            view.show_project(state, self.project_id)
        self.query_one(StatusBar).show_state(state)
        if self.focus_item_id:
            item, self.focus_item_id = self.focus_item_id, None
            for view in self.views():
                if view.focus_item(item):
                    self.query_one(TabbedContent).active = view.AREA
                    view.focus()
                    break

    def focus_view(self) -> None:
        active = self.query_one(TabbedContent).active
        for view in self.views():
            if view.AREA == active:
                view.focus()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.focus_view()

    def action_tab(self, area: str) -> None:
        self.query_one(TabbedContent).active = area

    def action_findings(self) -> None:
        from .findings import FindingsScreen

        self.app.push_screen(FindingsScreen(self.project_id))
