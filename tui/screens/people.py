"""People: everyone in people.toml, one a line; add, edit, remove, open the file."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.flows import edit as edit_flows
from tui.render.text import clean, pad
from tui.screens.base import DucuScreen
from tui.state import State
from tui.widgets.header import Header
from tui.widgets.key_footer import KeyFooter
from tui.widgets.line_list import LineList
from tui.widgets.status_bar import StatusBar
from workspace_schema.core.dates import counted
from workspace_schema.core.records import Person, Workspace

COLUMNS = (("handle", 10), ("name", 0.3), ("org", 12), ("role", 0.3), ("emails", 0.4))  # cells, or a share of the rest


class PeopleList(LineList):
    """The list of people: enter edits the person."""

    AREA = "people"
    BINDINGS = [Binding("enter", "select", "Edit person", id="people.select", show=False)]


class PeopleScreen(DucuScreen):
    CSS_PATH = "people.tcss"  # this screen's own rules, beside it
    AREA = "people"
    HELP = """\
# People

Everyone in `people.toml`: the handle plans use (owner, RACI, log entries),
the name, the organisation (our team or a client id from `clients.toml`),
the role and the emails they commit with. Our own team is listed first.

**n** adds a person, **e** (or **enter**) edits the selected one, **x**
removes them after asking (plans that still name them show findings), **o**
opens `people.toml` in your editor at that person.
"""
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="people.back"),
        Binding("n", "add", "Add", id="people.add"),
        Binding("e", "edit", "Edit", id="people.edit"),
        Binding("x,delete", "delete", "Delete", key_display="x", id="people.delete"),
        Binding("o", "open", "Open in editor", id="people.open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.handles: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="people-title")
        yield Static(id="people-header")
        yield PeopleList(id="people")
        yield StatusBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(LineList).focus()
        if self.app.state is not None:
            self.show_state(self.app.state)

    def on_resize(self) -> None:
        if self.app.state is not None:
            self.show_state(self.app.state)

    def show_state(self, state: State) -> None:
        ws = state.ws
        people = list_order(ws)
        keep = self.selected()
        self.handles = [h for h, _ in people]
        width = max(self.size.width - 2, 40)
        team = ws.settings.team
        ours = sum(1 for _, p in people if p.org == team)
        title = Text(counted(len(people), "person", "people"), style="bold")
        title.append(
            f" · {ours} on our team ({clean(team) or 'team not set'}), {len(people) - ours} on the clients' side",
            style="dim",
        )
        self.query_one("#people-title", Static).update(title)
        self.query_one("#people-header", Static).update(header_line(width))
        rows = [person_line(h, p, width, p.org == team) for h, p in people]
        if not rows:
            rows = [Text(" Nobody yet: press n to add a person.", style="dim")]
        people_list = self.query_one(LineList)
        people_list.set_rows(rows, width)
        if keep in self.handles:
            people_list.cursor = self.handles.index(keep)
        self.query_one(StatusBar).show_state(state)

    def selected(self) -> str | None:
        cursor = self.query_one(LineList).cursor
        return self.handles[cursor] if 0 <= cursor < len(self.handles) else None

    def selected_ref(self) -> str | None:
        handle = self.selected()
        return f"people/{handle}" if handle else None

    @on(LineList.Selected)
    def _chosen(self) -> None:
        self.action_edit()

    def action_add(self) -> None:
        edit_flows.add_person(self.app)

    def action_edit(self) -> None:
        edit_flows.edit_record(self.app, self.selected_ref())

    def action_delete(self) -> None:
        edit_flows.delete_record(self.app, self.selected_ref())

    def action_open(self) -> None:
        edit_flows.open_record(self.app, self.selected_ref())


def list_order(ws: Workspace) -> list[tuple[str, Person]]:
    """Our team first, then each client's people; by handle within an org."""
    team = ws.settings.team
    return sorted(ws.people.items(), key=lambda hp: (hp[1].org != team, hp[1].org, hp[0]))


def widths(width: int) -> list[int]:
    fixed = sum(w for _, w in COLUMNS if isinstance(w, int))
    rest = max(width - fixed - len(COLUMNS), 30)
    return [w if isinstance(w, int) else max(int(rest * w), 8) for _, w in COLUMNS]


def header_line(width: int) -> Text:
    text = Text(no_wrap=True)
    for (name, _), cells in zip(COLUMNS, widths(width)):
        text.append(pad(name, cells) + " ", style="dim bold")
    return text


def person_line(handle: str, person: Person, width: int, ours: bool) -> Text:
    cells = widths(width)
    values = (handle, person.name, person.org, person.role, ", ".join(person.emails))
    styles = ("bold", "", "" if ours else "cyan", "dim", "dim")
    text = Text(no_wrap=True, overflow="ellipsis")
    for value, cell, style in zip(values, cells, styles):
        text.append(pad(value, cell) + " ", style=style)
    if cell_len(text.plain) > width:
        text.truncate(width)
    return text
