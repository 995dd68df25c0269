"""One client across its projects: contacts, contract, cadences, satisfaction, support, scorecard, recent contact."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.render.client_text import client_text
from tui.screens.base import DucuScreen
from tui.state import State
from tui.widgets.header import Header
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar
from workspace_schema.core import clock as clocks
from workspace_schema.views.clients import client_record


class ClientScreen(DucuScreen):
    DEFAULT_CSS = """
    #client-record { text-wrap: nowrap; text-overflow: ellipsis; padding: 0 1; }
    """
    AREA = "client"
    HELP = """\
# Client

One client across all of its projects, as the client record in
`clients.toml` and the plans tell it: who the contacts are (the people whose
`org` is the client) and how to reach them, the contract, the contact and
survey cadence (overdue ones in colour, as `ducu validate` reports them:
CON001, SUR001, SUR002), satisfaction by dimension over time (sparklines,
oldest to newest, with the review and feedback scores as "overall"), open
support requests against their targets, this quarter's scorecard and the
latest contact.

**[** and **]** go to the previous and next client; **escape** goes back.
Record a survey with `ducu survey`, see every client's scorecard with
`ducu scorecard`.
"""
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="client.back"),
        Binding("left_square_bracket", "step(-1)", "Previous client", key_display="[", id="client.previous"),
        Binding("right_square_bracket", "step(1)", "Next client", key_display="]", id="client.next"),
    ]

    def __init__(self, client_id: str) -> None:
        super().__init__()
        self.client_id = client_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="client-body"):
            yield Static(id="client-record")
        yield StatusBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.app.state is not None:
            self.show_state(self.app.state)
        self.query_one("#client-body").focus()

    def show_state(self, state: State) -> None:
        ws = state.ws
        self.query_one(StatusBar).show_state(state)
        if self.client_id not in ws.clients:
            self.query_one("#client-record", Static).update(f"There is no client `{self.client_id}` any more.")
            return
        now = clocks.local_time(self.app.clock(), ws.settings.timezone)
        record = client_record(ws, self.client_id, state.today, now)
        self.sub_title = record.client.name or self.client_id
        self.query_one("#client-record", Static).update(client_text(record, state.today, self.size.width - 2))

    def action_step(self, by: int) -> None:
        state = self.app.state
        if state is None or not state.ws.clients:
            return
        ids = sorted(state.ws.clients)
        here = ids.index(self.client_id) if self.client_id in ids else 0
        self.client_id = ids[(here + by) % len(ids)]
        self.show_state(state)
        self.query_one("#client-body", VerticalScroll).scroll_home(animate=False)
