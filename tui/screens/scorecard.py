"""Scorecards: one row per client (or per person) over a quarter, and the selected one in full below."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from tui.render.scorecard_rows import card_row, detail_lines, header_line, table_plan
from tui.screens.base import DucuScreen
from tui.state import State
from tui.widgets.header import Header
from tui.widgets.key_footer import KeyFooter
from tui.widgets.line_list import LineList
from tui.widgets.status_bar import StatusBar
from workspace_schema.core.periods import Period, period_of
from workspace_schema.views.scorecard import Scorecard, SubjectKind, scorecards


class ScorecardList(LineList):
    """The subjects; the panel below follows the cursor, so enter has nothing more to show."""

    AREA = "scorecards"
    BINDINGS = [Binding("enter", "select", "Go to", id="scorecards.select", show=False)]


@dataclass
class CardsReady(Message):
    kind: SubjectKind
    period: Period
    cards: list[Scorecard]


class ScorecardScreen(DucuScreen):
    CSS_PATH = "scorecard.tcss"  # this screen's own rules, beside it
    AREA = "scorecards"
    HELP = """\
# Scorecards

How each client kept its side of the plans over a quarter: the items of its
projects where the client must act. **b** switches to people (the items each
person owns) and back; **p** and **n** go to the previous and next quarter.

*On time* is the items done on or before their agreed date (baseline, else
due) out of those done in the quarter plus those still open past their
agreed date (*Late*). *Slip* is the mean days past the agreed date of what
was delivered (working days in brackets), *Nudges* the reminders logged
before delivery per item, *Reply* the mean days from a reminder to an answer
(open: not answered yet), *Support* the mean working hours to respond to a
support request, *A/R* the open items accountable and responsible now,
*Survey* the mean survey score, *Incentives* earned/missed/at risk, and
*Decided* the evaluations recorded (`ducu evaluate`). The panel below shows every
number of the selected row; `ducu scorecard` prints them too.
"""
    BINDINGS = [
        Binding("b", "switch_kind", "Clients/people", id="scorecards.switch"),
        Binding("p", "shift(-1)", "Previous quarter", id="scorecards.previous"),
        Binding("n", "shift(1)", "Next quarter", id="scorecards.next"),
        Binding("escape", "app.pop_screen", "Back", id="scorecards.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kind: SubjectKind = "client"
        self.period: Period | None = None
        self.cards: list[Scorecard] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Scorecards: counting…", style="italic"), id="scorecard-head")
        yield Static(id="scorecard-columns")
        yield ScorecardList(id="scorecard-list")
        yield Static(id="scorecard-detail")
        yield StatusBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Scorecards"
        self.query_one(LineList).focus()
        if self.app.state is not None:
            self.show_state(self.app.state)

    def on_resize(self) -> None:
        self.fill()

    def show_state(self, state: State) -> None:
        self.query_one(StatusBar).show_state(state)
        if self.period is None:
            self.period = period_of(state.today)
        self._build(state, self.kind, self.period)

    @work(thread=True, exclusive=True, group="scorecards", exit_on_error=False, description="scorecards")
    def _build(self, state: State, kind: SubjectKind, period: Period) -> None:
        self.post_message(CardsReady(kind, period, scorecards(state.ws, kind, period, state.today)))

    @on(CardsReady)
    def _ready(self, event: CardsReady) -> None:
        if (event.kind, event.period) != (self.kind, self.period):
            return  # a switch since: its own build is on the way
        self.cards = event.cards
        self.fill()

    def fill(self) -> None:
        if self.period is None:
            return
        listing = self.query_one(LineList)
        width = listing.scrollable_content_region.width or max(self.app.size.width - 2, 40)
        p = self.period
        head = Text(f"{'Clients' if self.kind == 'client' else 'People'} · {p.text}", style="bold")
        head.append(f" ({p.start} to {p.end})", style="dim")
        self.query_one("#scorecard-head", Static).update(head)
        placed = table_plan(self.cards, width)
        self.query_one("#scorecard-columns", Static).update(header_line(placed))
        rows = [card_row(c, placed) for c in self.cards]
        if not rows:
            rows = [Text(f" Nothing to score in {p.text}.", style="dim")]
        listing.set_rows(rows, width)
        self.show_detail()

    @on(LineList.Highlighted)
    def show_detail(self) -> None:
        cursor = self.query_one(LineList).cursor
        detail = self.query_one("#scorecard-detail", Static)
        if not 0 <= cursor < len(self.cards):
            detail.update("")
            return
        width = max(self.app.size.width - 2, 40)
        text = Text("\n", no_wrap=True, overflow="ellipsis").join(detail_lines(self.cards[cursor], width))
        text.no_wrap, text.overflow = True, "ellipsis"
        detail.update(text)

    def action_switch_kind(self) -> None:
        self.kind = "person" if self.kind == "client" else "client"
        self._rebuild()

    def action_shift(self, n: int) -> None:
        if self.period is not None:
            self.period = self.period.shift(n)
            self._rebuild()

    def _rebuild(self) -> None:
        self.query_one(LineList).cursor = 0
        if self.app.state is not None and self.period is not None:
            self._build(self.app.state, self.kind, self.period)
