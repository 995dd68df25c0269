"""The accountability (RACI) matrix of a project: items down, people across, R/A/C/I in the cells.

The model (rows, column order, totals, a person's load) comes from
workspace_schema.views.raci; the grid is drawn by raci_grid.RaciGrid. This view
turns keys into edits.set_raci calls and shows the detail lines under the
grid and the selected person's load across all projects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import overload

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from tui.render.text import fit, pad, safe
from tui.state import State
from tui.widgets.line_list import LineList
from tui.widgets.project_view import ProjectView
from tui.widgets.raci_grid import GUTTER, HEADER, GridData, RaciGrid
from workspace_schema.core.dates import counted, humanize_distance
from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Workspace
from workspace_schema.edit.edits import set_raci
from workspace_schema.views import raci as model

__all__ = ["GUTTER", "HEADER", "MatrixView", "RaciGrid"]

LETTER_WORD = {"A": "accountable", "R": "responsible", "C": "consulted", "I": "informed"}

LOAD_WIDTH = 3 + 9 + 11 + 30 + 60  # letters, status, due, project, item
NAME_CELLS = 40  # a person's name in the line under the grid


class LazyLines(Sequence[Text]):
    """The lines of the load list, each built when LineList first draws it (a person may hold 700 items)."""

    def __init__(self, items: Sequence[model.LoadItem], build: Callable[[model.LoadItem], Text]) -> None:
        self.items, self.build = items, build
        self.built: dict[int, Text] = {}

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> Text: ...
    @overload
    def __getitem__(self, index: slice) -> list[Text]: ...
    def __getitem__(self, index: int | slice) -> Text | list[Text]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        line = self.built.get(index)
        if line is None:
            line = self.built[index] = self.build(self.items[index])
        return line


class MatrixView(ProjectView, can_focus=True):
    AREA = "matrix"
    TAB = "Matrix"
    HELP = """\
# Accountability matrix (RACI)

One row per milestone (in due order), each followed by its tasks; one
column per person: our team first, then the client's people, grouped by
organisation. A cell holds what that person is on that item:

- **R** responsible: does the work (one or more people);
- **A** accountable: owns the outcome and signs it off (exactly one person);
- **C** consulted: asked before decisions (two-way);
- **I** informed: told of progress and decisions (one-way);
- **AR**: the accountable person also does the work.

The rules (see `ducu lint`): every milestone, and every task with a RACI
row of its own, needs exactly one **A** (RACI001); every RACI row needs at
least one **R** (RACI002); a person holds
one letter per row, except that the accountable person may also be
responsible (RACI003); a client-side item is accountable to a client person
(RACI004); nobody is accountable for more open items of live projects than
`max_accountable` in workspace.toml (RACI005). A task without a RACI table of
its own (marked `·` in the gutter) is covered by its milestone's row.

A red **✗** in the gutter marks a row that breaks a rule; the line under the
matrix says which and how to fix it. The footer counts each person's **A**
and **R** in this project (dropped items not counted); an A total in red
with `!` means the person is over `max_accountable` across the workspace.

**r**, **a**, **c**, **i** set the cell to that letter (the person's other
letters on the row are replaced; a new **A** takes accountability from
whoever had it); **space** clears the cell. Each is one edit of one line or
two of the project file. **p** shows the selected person's load across all
projects (open items first); **tab** moves into that list and **enter**
opens an item. **v** shows everyone in people.toml instead of only the
people in this project's matrix and the project owner.
"""
    FOOTER_LATER = ("matrix.person_load", "matrix.all_people")  # views; the project's keys come first
    BINDINGS = [
        Binding("up,k", "move(-1, 0)", "Up", show=False, id="matrix.up"),
        Binding("down,j", "move(1, 0)", "Down", show=False, id="matrix.down"),
        Binding("left,h", "move(0, -1)", "Left", show=False, id="matrix.left"),
        Binding("right,l", "move(0, 1)", "Right", show=False, id="matrix.right"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="matrix.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="matrix.page_down"),
        Binding("home", "move(-100000, 0)", "First item", show=False, id="matrix.first"),
        Binding("end", "move(100000, 0)", "Last item", show=False, id="matrix.last"),
        Binding("r", "set('R')", "Set R", id="matrix.set_r"),
        Binding("a", "set('A')", "Set A", id="matrix.set_a"),
        Binding("c", "set('C')", "Set C", id="matrix.set_c"),
        Binding("i", "set('I')", "Set I", id="matrix.set_i"),
        Binding("space", "set(None)", "Clear", id="matrix.clear"),
        Binding("p", "toggle_load", "Person load", id="matrix.person_load"),
        Binding("v", "toggle_everyone", "All people", id="matrix.all_people"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.state: State | None = None
        self.project_id: str | None = None
        self.everyone = False
        self.findings: dict[str, list[Finding]] = {}
        self.load_counts: Counter[str] = Counter()
        self._load_for: tuple | None = None  # (id of ws, handle, counted) the load list shows
        self.load_items: list[model.LoadItem] = []
        self._detail_lines = 0
        self._load_index: dict[str, list[model.LoadItem]] | None = None  # everyone's load, for this state

    def compose(self) -> ComposeResult:
        yield RaciGrid(id="matrix-grid")
        yield Static(id="matrix-detail")
        with Vertical(id="matrix-load"):
            yield Static(id="matrix-load-title")
            yield LineList(id="matrix-load-list")

    def on_mount(self) -> None:
        self.query_one("#matrix-load").display = False

    @property
    def grid(self) -> RaciGrid:
        return self.query_one(RaciGrid)

    # --- the ProjectView contract -------------------------------------------

    def show_project(self, state: State, project_id: str) -> None:
        self.state, self.project_id = state, project_id
        self._load_for = None
        self._load_index = None
        if state.project(project_id) is None:
            self.grid.show(GridData(), None, None)
            self.refresh_detail()
            return
        self.findings = {}
        for f in state.project_findings(project_id):
            if f.code.startswith("RACI") and f.item and "/" in f.item:
                self.findings.setdefault(f.item.split("/", 1)[1], []).append(f)
        self.load_counts = model.accountable_load(state.ws)
        self.redraw()

    def redraw(self) -> None:
        if self.state is None or self.project_id is None or self.state.project(self.project_id) is None:
            return
        row, col = self.grid.current()
        matrix = model.build_matrix(self.state.ws, self.project_id, everyone=self.everyone)
        data = GridData(
            matrix,
            frozenset(self.findings),
            frozenset(model.overloaded(self.state.ws, self.load_counts)),
            f"{counted(len(matrix.rows), 'item')} · {counted(len(matrix.columns), 'person', 'people')}",
        )
        self.grid.show(data, row.item_id if row else None, col.handle if col else None)
        self.refresh_detail()

    def focus_item(self, item_id: str) -> bool:
        ids = [r.item_id for r in self.grid.rows]
        if item_id not in ids:
            return False
        self.grid.move(ids.index(item_id) - self.grid.row, 0)
        self.refresh_detail()
        return True

    def selected_ref(self) -> str | None:
        row, _col = self.grid.current()
        return f"{self.project_id}/{row.item_id}" if row and self.project_id else None

    def selected_person(self) -> str | None:
        _row, col = self.grid.current()
        return col.handle if col else None

    # --- keys -------------------------------------------------------------------

    def action_move(self, drow: int, dcol: int) -> None:
        self.grid.move(drow, dcol)
        self.refresh_detail()

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.grid.body_height - 1, 1), 0)

    def action_set(self, letter: str | None) -> None:
        row, col = self.grid.current()
        ref = self.selected_ref()
        if row is None or col is None or ref is None:
            self.app.bell()
            return
        if row.cells.get(col.handle) == letter or (letter is None and col.handle not in row.cells):
            return  # nothing would change
        self.app.edit(set_raci, ref, col.handle, letter)
        # Show the letter now; the reload after the write redraws from the file.
        self.grid.rows[self.grid.row] = replace(row, cells=model.with_letter(row.cells, col.handle, letter))
        self.grid.refresh()
        self.refresh_detail()

    def action_toggle_load(self) -> None:
        panel = self.query_one("#matrix-load")
        panel.display = not panel.display
        self._load_for = None
        self.refresh_detail()

    def action_toggle_everyone(self) -> None:
        self.everyone = not self.everyone
        self.redraw()
        shown = "everyone in people.toml" if self.everyone else "the people in this matrix and the project owner"
        self.notify(f"Matrix columns: {shown}", timeout=3)

    @on(RaciGrid.Clicked)
    def _clicked(self) -> None:
        self.refresh_detail()

    # --- the lines under the grid ----------------------------------------------

    def refresh_detail(self) -> None:
        detail = self.query_one("#matrix-detail", Static)
        row, col = self.grid.current()
        state = self.state
        if state is None or row is None:
            detail.update(Text("No milestones or tasks in this project yet.", style="dim"))
            self.refresh_load()
            return
        line = Text()
        line.append(f"{row.kind} ", style="dim")
        line.append_text(safe(row.item_id, "bold"))
        line.append(f" · {row.status}")
        if row.due:
            line.append(f" · due {row.due.isoformat()}")
            if row.open:
                line.append(f" ({humanize_distance(row.due, state.today)})", style="dim")
        if col is not None:
            letters = row.cells.get(col.handle, "")
            line.append(" · ")
            line.append(fit(col.name, NAME_CELLS), style="bold")  # one line: the detail keeps its height
            if col.name != col.handle:
                line.append_text(safe(f" ({col.handle})", "dim"))
            line.append(": ")
            line.append(
                " and ".join(LETTER_WORD[x] for x in letters) if letters else "no letter",
                style="bold" if letters else "dim",
            )
        lines = [line]
        for f in self.findings.get(row.item_id, []):
            style = "bold red" if f.level == "error" else "yellow"
            lines.append(Text.assemble(("✗ ", style), (f"{f.code} ", style), safe(f.message)))
        if row.status == "dropped":
            lines.append(Text("Dropped: the RACI rules do not apply.", style="dim"))
        elif not row.has_raci:
            lines.append(
                Text.assemble(
                    ("· No RACI table of its own: covered by its milestone", "dim"),
                    safe(f" {row.milestone}" if row.milestone else "", "dim"),
                    (". A letter here gives it its own row, which then needs one A and an R.", "dim"),
                )
            )
        elif not self.findings.get(row.item_id):
            lines.append(Text("✓ One A, at least one R, one letter per person.", style="green"))
        if col is not None and col.handle in self.grid.data.overloaded:
            n = self.load_counts.get(col.handle, 0)
            lines.append(
                Text.assemble(
                    ("! ", "bold red"),
                    safe(col.handle, "bold"),
                    f" is accountable for {n} open items across live projects, more than max_accountable = "
                    f"{state.ws.settings.max_accountable}; hand some to others (p shows them).",
                )
            )
        # Same number of lines: no layout pass (it would cost more than the whole grid).
        detail.update(Text("\n").join(lines), layout=len(lines) != self._detail_lines)
        self._detail_lines = len(lines)
        self.refresh_load()

    def refresh_load(self) -> None:
        panel = self.query_one("#matrix-load")
        if not panel.display or self.state is None:
            return
        _row, col = self.grid.current()
        ws = self.state.ws
        key = (id(ws), col.handle if col else "", self._load_index is not None)
        if key == self._load_for:
            return
        self._load_for = key
        title = self.query_one("#matrix-load-title", Static)
        listing = self.query_one("#matrix-load-list", LineList)
        if col is None:
            title.update(Text("Nobody to show.", style="dim"), layout=False)
            listing.set_rows([])
            return
        if self._load_index is None:
            # One pass over the workspace for everyone, off the UI thread; then each column is a lookup.
            title.update(
                Text.assemble(
                    ("Counting the load of ", "dim"), safe(col.name, "dim"), (" across all projects…", "dim")
                ),
                layout=False,
            )
            self.load_items = []
            listing.set_rows([])
            self._count_load(ws)
            return
        items = self._load_index.get(col.handle, [])
        self.load_items = items
        open_a = sum(1 for i in items if i.open and "A" in i.letters)
        open_r = sum(1 for i in items if i.open and "R" in i.letters)
        limit = self.state.ws.settings.max_accountable
        head = Text()
        head.append("Load of ", style="bold")
        head.append_text(safe(col.name, "bold"))
        if col.name != col.handle:
            head.append_text(safe(f" ({col.handle})"))
        head.append(" across all projects: ")
        over = limit > 0 and open_a > limit
        head.append(f"A on {open_a} open items", style="bold red" if over else "bold")
        head.append(f" (max {limit})" if limit > 0 else "")
        head.append(f", R on {open_r} · {sum(1 for i in items if not i.open)} closed", style="")
        head.append("   p hides", style="dim")
        title.update(head, layout=False)
        listing.set_rows(LazyLines(items, self._load_line), width=LOAD_WIDTH)
        listing.cursor = 0
        listing.scroll_to(y=0, animate=False)

    @dataclass
    class LoadCounted(Message):
        """The load of everyone in a workspace, counted in a worker."""

        ws: Workspace
        index: dict[str, list[model.LoadItem]]

    @work(thread=True, exclusive=True, group="matrix-load", exit_on_error=False, description="count the load")
    def _count_load(self, ws: Workspace) -> None:
        self.post_message(self.LoadCounted(ws, model.load_index(ws)))

    @on(LoadCounted)
    def _load_counted(self, event: LoadCounted) -> None:
        if self.state is not None and event.ws is self.state.ws:
            self._load_index = event.index
            self.refresh_load()

    def _load_line(self, item: model.LoadItem) -> Text:
        assert self.state is not None
        dim = "" if item.open else "dim"
        line = Text(no_wrap=True)
        line.append(
            f"{item.letters:<3}", style=("bold " if item.open else "") + ("yellow" if "A" in item.letters else "green")
        )
        line.append(f"{item.status:<8} ", style=dim)
        late = item.open and item.due is not None and item.due < self.state.today
        line.append(f"{item.due.isoformat() if item.due else '—':<10} ", style="bold red" if late else dim)
        line.append(pad(item.project_title, 28) + "  ", style=dim or "cyan")
        line.append(fit(item.title or item.item_id, 60), style=dim)
        return line

    @on(LineList.Selected)
    def _open_load_item(self, event: LineList.Selected) -> None:
        if event.list.id != "matrix-load-list":
            return
        items = self.load_items
        if not 0 <= event.index < len(items):
            return
        item = items[event.index]
        if item.project_id == self.project_id:
            self.focus_item(item.item_id)
            self.focus()
            return
        self.post_message(self.OpenProject(item.project_id, item.item_id, self.AREA))
