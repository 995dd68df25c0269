"""The improvement register: the open improvements (stale first), the selected one in full below, D marks it done."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.render.text import clean, fit, pad
from tui.screens.base import DucuScreen
from tui.state import State
from tui.widgets.header import Header
from tui.widgets.key_footer import KeyFooter
from tui.widgets.line_list import LineList
from tui.widgets.status_bar import StatusBar
from workspace_schema.edit.improvements import mark_improvement_done
from workspace_schema.views.improvements import ImprovementRow, lessons, register

STATUS_STYLE = {"doing": "yellow", "proposed": "cyan", "done": "green", "dropped": "dim"}


class ImprovementList(LineList):
    """The register's rows; the panel below follows the cursor."""

    AREA = "improvements"
    BINDINGS = [Binding("enter", "select", "Go to", id="improvements.select", show=False)]


class ImprovementsScreen(DucuScreen):
    CSS_PATH = "improvements.tcss"  # this screen's own rules, beside it
    AREA = "improvements"
    HELP = """\
# Improvements

The workspace's improvement register (`improvements.toml`): what the team
changes in how it works, from the lessons learned on projects. The open ones
(proposed or under way) are listed, stale ones first and marked **stale**:
past their due, or with no due and raised more than `stale_after` days ago
(workspace.toml, 60 by default; rule IMP001). Every open one is on every
review agenda until it is done.

**D** marks the selected improvement done today (status and done_on, one
commit). **a** shows done and dropped ones too. `ducu improve "title" --from
PROJECT/LESSON --owner H` adds one; `ducu improvements` lists them.
"""
    BINDINGS = [
        Binding("D", "done", "Done", key_display="D", id="improvements.done"),
        Binding("a", "toggle_all", "All/open", id="improvements.all"),
        Binding("escape", "app.pop_screen", "Back", id="improvements.back"),
    ]

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self.everything = False
        self.rows: list[ImprovementRow] = []
        self.select = select  # the improvement to put the cursor on when first shown (a finding's)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="improvements-head")
        yield ImprovementList(id="improvements-list")
        yield Static(id="improvements-detail")
        yield StatusBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Improvements"
        self.query_one(LineList).focus()
        state = self.app.state
        if state is not None:
            if self.select and all(r.id != self.select for r in register(state.ws, state.today)):
                self.everything = True  # done or dropped: shown with the rest
            self.show_state(state)

    def on_resize(self) -> None:
        if self.app.state is not None:
            self.show_state(self.app.state)

    def show_state(self, state: State) -> None:
        self.query_one(StatusBar).show_state(state)
        self.rows = register(state.ws, state.today, everything=self.everything)
        listing = self.query_one(LineList)
        width = listing.scrollable_content_region.width or max(self.app.size.width - 2, 40)
        stale = sum(1 for r in self.rows if r.stale)
        head = Text("Improvement register", style="bold")
        head.append(f" · {len(self.rows)} {'in all' if self.everything else 'open'}", style="dim")
        if stale:
            head.append(f" · {stale} stale", style="bold red")
        self.query_one("#improvements-head", Static).update(head)
        rows = [_row(r, width) for r in self.rows] or [
            Text(" No open improvements." if not self.everything else " The register is empty.", style="dim")
        ]
        listing.set_rows(rows, width)
        if self.select is not None:
            listing.cursor = next((n for n, r in enumerate(self.rows) if r.id == self.select), listing.cursor)
            self.select = None
        self.show_detail()

    @on(LineList.Highlighted)
    def show_detail(self) -> None:
        detail = self.query_one("#improvements-detail", Static)
        row = self.selected()
        state = self.app.state
        if row is None or state is None:
            detail.update("")
            return
        width = max(self.app.size.width - 4, 30)
        text = Text(no_wrap=False)
        text.append(clean(row.title) + "\n", style="bold")
        facts = [
            ("Status", row.status),
            ("Owner", row.owner_name or "-"),
            ("Raised", str(row.raised_on or "-")),
            ("Due", str(row.due or "none")),
        ]
        if row.done_on:
            facts.append(("Done", str(row.done_on)))
        text.append("   ".join(f"{k} {v}" for k, v in facts) + "\n", style="dim")
        if row.stale:
            text.append(f"Stale: {clean(row.stale)}\n", style="red")
        if row.source:
            lesson = next((x for x in lessons(state.ws) if f"{x.project}/{x.id}" == row.source), None)
            what = f"{row.source}: {lesson.title}" if lesson else f"{row.source} (no such lesson)"
            text.append(fit(f"From lesson {clean(what)}", width) + "\n")
        if row.notes:
            text.append(clean(row.notes))
        detail.update(text)

    def selected(self) -> ImprovementRow | None:
        cursor = self.query_one(LineList).cursor
        return self.rows[cursor] if 0 <= cursor < len(self.rows) else None

    def action_done(self) -> None:
        row = self.selected()
        state = self.app.state
        if row is None or state is None:
            return
        if not row.open:
            self.notify(f"{row.id} is already {row.status}", timeout=4)
            return
        self.app.edit(mark_improvement_done, row.id, state.today)

    def action_toggle_all(self) -> None:
        self.everything = not self.everything
        self.query_one(LineList).cursor = 0
        if self.app.state is not None:
            self.show_state(self.app.state)


def _row(r: ImprovementRow, width: int) -> Text:
    """ "● stale  doing     Hannah Okafor   due 2026-12-18  title"; the title takes the width left."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(" ● " if r.stale else "   ", style="bold red")
    text.append(pad(r.status, 9), style=STATUS_STYLE.get(r.status, ""))
    narrow = width < 100
    text.append(pad(fit(r.owner_name or "-", 10 if narrow else 16), 11 if narrow else 17))
    when = f"done {r.done_on}" if r.done_on else f"due {r.due}" if r.due else "no due"
    text.append(pad(when, 16), style="red" if r.stale else "dim")
    text.append(fit(clean(r.title), max(width - text.cell_len, 10)))
    return text
