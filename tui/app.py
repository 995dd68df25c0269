"""The ducu Textual app (a first screen: the projects of the workspace).

The full dashboard, timeline, matrix and checklist come with the app issue;
this screen shows that the workspace loads and what it holds.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from workspace_schema import clock as clocks
from workspace_schema.findings import count_by_level
from workspace_schema.loader import load_workspace
from workspace_schema.rules import check


class DucuApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "ducu"
    BINDINGS = [Binding("q", "quit", "Quit", id="app.quit")]

    def __init__(self, root: Path, clock: clocks.Clock | None = None) -> None:
        super().__init__()
        self.root = root
        self.clock = clock or clocks.default_clock()

    def compose(self) -> ComposeResult:
        ws, findings = load_workspace(self.root)
        today = clocks.today(ws.settings.timezone, self.clock)
        findings = findings + check(ws, today)
        self.sub_title = f"{ws.settings.name} · {today.isoformat()}"
        yield Header()
        table: DataTable[Text] = DataTable(id="projects", cursor_type="row", zebra_stripes=True)
        table.add_columns("project", "client", "status", "due", "items", "findings")
        per_project: dict[str, int] = {}
        for f in findings:
            if f.item:
                pid = f.item.split("/", 1)[0]
                per_project[pid] = per_project.get(pid, 0) + 1
        for pid, project in ws.projects.items():
            client = ws.clients.get(project.client or "")
            table.add_row(
                Text(project.title or pid),
                Text(client.name if client else (project.client or "")),
                Text(project.status),
                Text(project.due.isoformat() if project.due else ""),
                Text(str(len(project.milestones) + len(project.tasks)), justify="right"),
                Text(str(per_project.get(pid, 0)), justify="right"),
                key=pid,
            )
        yield table
        counts = count_by_level(findings)
        yield Static(
            Text(f"{len(ws.projects)} projects · {counts['error']} errors, {counts['warning']} warnings · {self.root}"),
            id="status",
        )
        yield Footer()


def make_app(root: str | Path, clock: clocks.Clock | None = None) -> DucuApp:
    """The app on the workspace at ``root``; the CLI and the tests build it here."""
    return DucuApp(Path(root), clock)
