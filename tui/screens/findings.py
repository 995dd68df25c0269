"""Findings: every lint finding (or one project's), Enter jumps to the item.

The list makes the lines on screen only (LazyLines): at 20,000 items there
are ~4,600 findings, and making every line took 0.3 s of the screen's opening.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.render.text import clean, pad
from tui.screens.base import DucuScreen
from tui.state import State
from tui.widgets.header import Header
from tui.widgets.key_footer import KeyFooter
from tui.widgets.line_list import LazyLines, LineList
from tui.widgets.status_bar import StatusBar
from workspace_schema.core.dates import counted
from workspace_schema.core.findings import Finding
from workspace_schema.views.finding_places import finding_place

LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


class FindingsScreen(DucuScreen):
    CSS_PATH = "findings.tcss"  # this screen's own rules, beside it
    AREA = "findings"
    HELP = """\
# Findings

What `ducu validate` reports, one finding a line: where, level, rule code and
what to do. Enter opens the project at the item; a finding on an
improvement opens the improvement register at it, and one on a client
(clients.toml, a survey file) that client's screen. `e` shows errors only.
"""
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="findings.back"),
        Binding("e", "errors_only", "Errors only", id="findings.errors_only"),
    ]

    def __init__(self, project_id: str | None = None) -> None:
        super().__init__()
        self.project_id = project_id
        self.errors_only = False
        self.shown: list[Finding] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="findings-title")
        yield LineList(id="findings")
        yield Static(id="finding-detail")
        yield StatusBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(LineList).focus()
        if self.app.state is not None:
            self.show_state(self.app.state)

    def show_state(self, state: State) -> None:
        findings = state.project_findings(self.project_id) if self.project_id else state.findings
        if self.errors_only:
            findings = [f for f in findings if f.level == "error"]
        self.shown = findings
        scope = f"project {clean(self.project_id)}" if self.project_id else "the workspace"
        title = Text(
            f"{counted(len(findings), 'finding')} in {scope}" + (" (errors only)" if self.errors_only else ""),
            style="bold",
        )
        if not findings:
            title.append("  — nothing to fix", style="green")
        self.query_one("#findings-title", Static).update(title)
        rows = self.query_one(LineList)
        rows.set_rows(LazyLines(len(findings), lambda n: finding_row(findings[n])), width=rows_width(findings))
        self.show_detail(rows.cursor)
        self.query_one(StatusBar).show_state(state)

    def action_errors_only(self) -> None:
        self.errors_only = not self.errors_only
        if self.app.state is not None:
            self.show_state(self.app.state)

    @on(LineList.Highlighted)
    def _highlighted(self, event: LineList.Highlighted) -> None:
        self.show_detail(event.index)

    def show_detail(self, index: int) -> None:
        detail = self.query_one("#finding-detail", Static)
        if not self.shown:
            detail.update("")
            return
        f = self.shown[min(index, len(self.shown) - 1)]
        text = Text()
        text.append(f"{f.level} {f.code}", style=LEVEL_STYLE.get(f.level, ""))
        text.append(f"  {clean(f.where())}", style="dim")
        text.append("\n")
        text.append(clean(f.message))
        detail.update(text)

    @on(LineList.Selected)
    def _jump(self, event: LineList.Selected) -> None:
        finding = self.shown[event.index]
        state = self.app.state
        place = finding_place(state.ws, finding) if state is not None else None
        if place is None or place.kind is None:
            self.notify(f"{finding.where()}: open the file to fix this one", timeout=4)
        elif place.kind == "improvement":
            from tui.screens.improvements import ImprovementsScreen

            self.app.push_screen(ImprovementsScreen(place.item))
        elif place.kind == "client" and place.client is not None:
            from tui.screens.client import ClientScreen

            self.app.push_screen(ClientScreen(place.client))
        elif place.project is not None:
            from tui.screens.project import ProjectScreen

            self.app.push_screen(ProjectScreen(place.project, place.item))


WHERE_CELLS, LEVEL_CELLS, CODE_CELLS = 34, 7, 8


def finding_row(f: Finding) -> Text:
    text = Text(no_wrap=True)
    text.append(pad(f.where(), WHERE_CELLS), style="dim")
    text.append(" ")
    text.append(pad(f.level, LEVEL_CELLS), style=LEVEL_STYLE.get(f.level, ""))
    text.append(" ")
    text.append(pad(f.code, CODE_CELLS), style="bold")
    text.append(clean(f.message))
    return text


# Characters that may take 2 cells: none below U+1100 does.
MAYBE_WIDE = re.compile("[\u1100-\U0010ffff]")


def rows_width(findings: list[Finding]) -> int:
    """The cells of the longest finding_row, without making the rows: the columns, then the longest message.

    A printable ASCII message is as many cells as characters. Another is at most as many as its characters
    and those that may be wide again: they are measured from the longest such bound down, while the bound
    is still above the longest so far (rich's cell_len is slow on long strings: ~5,000 findings took 40 ms).
    """
    longest = 0
    others: list[tuple[int, str]] = []
    for f in findings:
        m = f.message
        if m.isascii() and m.isprintable():
            longest = max(longest, len(m))
        else:
            others.append((len(m) + len(MAYBE_WIDE.findall(m)), m))
    for bound, m in sorted(others, key=lambda pair: pair[0], reverse=True):
        if bound <= longest:
            break
        longest = max(longest, cell_len(clean(m)))
    return WHERE_CELLS + 1 + LEVEL_CELLS + 1 + CODE_CELLS + longest
