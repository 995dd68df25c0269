"""The RACI grid: a frozen gutter and item column, people columns that scroll sideways.

Draws with the Line API and only what fits on screen, so a keystroke costs the
same for 6 people or 60. MatrixView (matrix.py) owns the keys and the edits;
this widget owns the cursor, the scroll offsets and the drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.events import Click
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from tui.render.text import clean, fit, pad
from workspace_schema.views import raci as model

GUTTER = 2  # "✗ " marks a row that breaks a RACI rule
HEADER = 2  # org groups, then handles
FOOTER = 2  # A totals, R totals
MIN_LABEL = 20


def column_width(handle: str) -> int:
    """A column is as wide as its handle, 3 to 10 cells (double-width characters count 2)."""
    return max(3, min(10, cell_len(clean(handle))))


@dataclass
class GridData:
    """What the grid draws; MatrixView fills it from the state."""

    matrix: model.Matrix | None = None
    bad: frozenset[str] = frozenset()  # item ids with RACI findings
    overloaded: frozenset[str] = frozenset()
    title: str = ""


class RaciGrid(Widget):
    """The matrix itself: a frozen gutter + item column, scrolling people columns."""

    COMPONENT_CLASSES = {
        "matrix--header",
        "matrix--cursor",
        "matrix--column",
        "matrix--row",
        "matrix--a",
        "matrix--r",
        "matrix--c",
        "matrix--i",
        "matrix--empty",
        "matrix--bad",
        "matrix--closed",
        "matrix--total",
        "matrix--overload",
    }

    class Clicked(Message):
        """The cursor moved to a clicked cell."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data = GridData()
        self.row = 0
        self.col = 0
        self.top = 0  # first body row on screen
        self.left = 0  # first people column on screen
        self._widths: list[int] = []  # of each people column
        self._longest = 0  # cells of the longest item label
        self._geometry_cache: tuple[tuple, tuple[int, list[int]]] | None = None
        self._style_cache: dict[tuple[str, ...], Style] = {}

    # --- model --------------------------------------------------------------

    @property
    def rows(self) -> list[model.Row]:
        return self.data.matrix.rows if self.data.matrix else []

    @property
    def columns(self) -> list[model.Column]:
        return self.data.matrix.columns if self.data.matrix else []

    def show(self, data: GridData, item_id: str | None, handle: str | None) -> None:
        """New data; keep the cursor on the same item and person when they are still there."""
        self.data = data
        self._widths = [column_width(c.handle) for c in self.columns]
        self._longest = max((cell_len(clean(r.title)) + (2 if r.kind == "task" else 0) for r in self.rows), default=0)
        self._geometry_cache = None
        ids = [r.item_id for r in self.rows]
        handles = [c.handle for c in self.columns]
        self.row = ids.index(item_id) if item_id in ids else min(self.row, max(len(ids) - 1, 0))
        self.col = handles.index(handle) if handle in handles else min(self.col, max(len(handles) - 1, 0))
        self.scroll_to_cursor()
        self.refresh()

    def current(self) -> tuple[model.Row | None, model.Column | None]:
        row = self.rows[self.row] if self.rows else None
        col = self.columns[self.col] if self.columns else None
        return row, col

    def move(self, drow: int, dcol: int) -> None:
        old = (self.row, self.col, self.top, self.left)
        if self.rows:
            self.row = max(0, min(len(self.rows) - 1, self.row + drow))
        if self.columns:
            self.col = max(0, min(len(self.columns) - 1, self.col + dcol))
        self.scroll_to_cursor()
        if (self.col, self.top, self.left) == old[1:]:
            # Only the row changed: redraw the two rows, not the grid.
            for index in {old[0], self.row}:
                self.refresh(Region(0, HEADER + index - self.top, self.size.width, 1))
        else:
            self.refresh()

    # --- geometry -----------------------------------------------------------

    @property
    def body_height(self) -> int:
        return max(self.size.height - HEADER - FOOTER, 1)

    def shown_rows(self) -> int:
        """Body rows on screen; the totals follow right under the last one."""
        return max(0, min(len(self.rows) - self.top, self.body_height))

    def geometry(self) -> tuple[int, list[int]]:
        """(width of the item column, indexes of the people columns that fit from ``self.left``)."""
        key = (self.size, self.left, len(self._widths))
        if self._geometry_cache is None or self._geometry_cache[0] != key:
            self._geometry_cache = (key, self._compute_geometry())
        return self._geometry_cache[1]

    def _compute_geometry(self) -> tuple[int, list[int]]:
        # The item column is as wide as the longest title when everything fits, else about a third.
        want = max(MIN_LABEL, self._longest + 1)
        room = self.size.width - GUTTER - sum(w + 1 for w in self._widths)
        label = want if want <= room else max(MIN_LABEL, min(want, max(room, self.size.width // 3)))
        room = self.size.width - GUTTER - label
        cols = []
        for i in range(self.left, len(self._widths)):
            room -= self._widths[i] + 1
            if room < 0:
                break
            cols.append(i)
        return label, cols

    def scroll_to_cursor(self) -> None:
        height = self.body_height
        if self.row < self.top:
            self.top = self.row
        elif self.row >= self.top + height:
            self.top = self.row - height + 1
        self.top = max(0, min(self.top, max(len(self.rows) - height, 0)))
        if self.col < self.left:
            self.left = self.col
        while self.left < self.col and self.col not in self.geometry()[1]:
            self.left += 1

    def on_resize(self) -> None:
        self.scroll_to_cursor()

    # --- drawing ------------------------------------------------------------

    def notify_style_update(self) -> None:
        self._style_cache = {}
        super().notify_style_update()

    def _style(self, *names: str) -> Style:
        """The widget's style with component styles on top, cached: strips need no second styling pass."""
        style = self._style_cache.get(names)
        if style is None:
            style = self.rich_style
            for name in names:
                if name != "base":
                    style += self.get_component_rich_style(f"matrix--{name}")
            self._style_cache[names] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._style("base")
        if self.data.matrix is None:
            return Strip.blank(width, base)
        label, cols = self.geometry()
        shown = self.shown_rows()
        if y < HEADER:
            segments = self._header(y, label, cols)
        elif y < HEADER + shown:
            segments = self._body(self.top + y - HEADER, label, cols)
        elif y < HEADER + shown + FOOTER:
            segments = self._footer(y - HEADER - shown, label, cols)
        else:
            return Strip.blank(width, base)
        used = GUTTER + label + sum(self._widths[i] + 1 for i in cols)
        if used > width:  # narrower than the item column: cut
            return Strip(segments).crop_extend(0, width, base)
        segments.append(Segment(" " * (width - used), base))
        return Strip(segments, width)

    def _header(self, y: int, label: int, cols: list[int]) -> list[Segment]:
        header = self._style("header")
        if y == 0:
            shown = (
                f"people {cols[0] + 1}-{cols[-1] + 1} of {len(self.columns)} ←→"
                if cols and len(cols) < len(self.columns)
                else ""
            )
            segs = [Segment(" " * GUTTER, self._style("base")), Segment(pad(shown or self.data.title, label), header)]
            # one span per organisation over its visible columns: "northwind ─────"
            i = 0
            while i < len(cols):
                org = self.columns[cols[i]].org
                j = i
                span = 0
                while j < len(cols) and self.columns[cols[j]].org == org:
                    span += self._widths[cols[j]] + 1
                    j += 1
                name = fit(org or "not in people.toml", max(span - 2, 1))
                segs.append(Segment(pad(" " + name + " " + "─" * max(span - cell_len(name) - 3, 0), span), header))
                i = j
            return segs
        segs = [Segment(" " * GUTTER, self._style("base")), Segment(pad("Milestone / task", label), header)]
        for i in cols:
            style = self._style("cursor") if i == self.col else header
            segs += [Segment(" ", header), Segment(pad(self.columns[i].handle, self._widths[i]), style)]
        return segs

    def _body(self, index: int, label: int, cols: list[int]) -> list[Segment]:
        row = self.rows[index]
        selected = index == self.row
        if row.item_id in self.data.bad:
            gutter = Segment("✗ ", self._style("bad"))
        elif not row.has_raci:
            gutter = Segment("· ", self._style("empty"))
        else:
            gutter = Segment(" " * GUTTER, self._style("base"))
        text = ("  " if row.kind == "task" else "") + (row.title or row.item_id)
        names = ("closed",) if not row.open else ()
        style = self._style(*names, *(("row",) if selected else ()))
        if row.kind == "milestone":
            style += _BOLD
        segs = [gutter, Segment(pad(text, label), style)]
        empty = "·" if row.has_raci else ""
        space = Segment(" ", self._style("base"))
        for i in cols:
            handle = self.columns[i].handle
            letters = row.cells.get(handle, "")
            kind = letters[0].lower() if letters else "empty"
            if selected and i == self.col:
                cell = self._style("cursor")
            elif selected:
                cell = self._style("row", kind)
            elif i == self.col:
                cell = self._style("column", kind)
            else:
                cell = self._style(kind)
            segs += [space, Segment(_center(letters or empty, self._widths[i]), cell)]
        return segs

    def _footer(self, y: int, label: int, cols: list[int]) -> list[Segment]:
        letter = "A" if y == 0 else "R"
        total = self._style("total")
        name = "A total (this project)" if letter == "A" else "R total (this project)"
        segs = [Segment(" " * GUTTER, total), Segment(pad(name, label), total)]
        totals = self.data.matrix.totals if self.data.matrix else {}
        for i in cols:
            handle = self.columns[i].handle
            t = totals.get(handle, _NO_TOTALS)
            n = t.accountable if letter == "A" else t.responsible
            if letter == "A" and handle in self.data.overloaded:
                style, shown = self._style("overload"), f"{n}!"
            else:
                style, shown = total, str(n)
            segs += [Segment(" ", total), Segment(_center(shown, self._widths[i]), style)]
        return segs

    # --- mouse --------------------------------------------------------------

    def on_click(self, event: Click) -> None:
        if not HEADER <= event.y < HEADER + self.shown_rows():
            return
        label, cols = self.geometry()
        x = event.x - GUTTER - label
        col = self.col
        for i in cols:
            if 0 <= x < self._widths[i] + 1:
                col = i
                break
            x -= self._widths[i] + 1
        self.move(self.top + event.y - HEADER - self.row, col - self.col)
        self.post_message(self.Clicked())


_BOLD = Style(bold=True)
_NO_TOTALS = model.Totals()


@lru_cache(maxsize=256)
def _center(text: str, width: int) -> str:
    text = fit(text, width)
    room = width - cell_len(text)
    return " " * (room // 2) + text + " " * (room - room // 2)
