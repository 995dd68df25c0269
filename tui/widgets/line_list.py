"""A list that draws only the visible lines (Line API), for lists of any length.

DataTable takes seconds to settle beyond ~10k rows; this view renders the
rows on screen and nothing else, so 20,000 rows cost the same as 20. A
table is a LineList with a ``header`` line (it stays at the top while the
rows scroll) and, if asked, zebra stripes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import overload

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LazyLines(Sequence[Text]):
    """``count`` lines made by ``make(index)`` when first asked for: a table of 500 rows
    builds the few dozen on screen, not all of them."""

    def __init__(self, count: int, make: Callable[[int], Text]) -> None:
        self._count, self._make = count, make
        self._made: dict[int, Text] = {}

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Text: ...
    @overload
    def __getitem__(self, index: slice) -> list[Text]: ...
    def __getitem__(self, index: int | slice) -> Text | list[Text]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        line = self._made.get(index)
        if line is None:
            line = self._made[index] = self._make(index)
        return line


class LineList(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    LineList { height: 1fr; }
    LineList > .line-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    LineList:blur > .line-list--cursor { background: $block-cursor-blurred-background; }
    LineList > .line-list--header { color: $foreground; text-style: bold; background: $panel; }
    LineList > .line-list--zebra { background: $surface-lighten-1 50%; }
    """
    COMPONENT_CLASSES = {"line-list--cursor", "line-list--header", "line-list--zebra"}
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False, id="list.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="list.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="list.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="list.last"),
        Binding("enter", "select", "Go to", id="list.select"),
    ]
    cursor: reactive[int] = reactive(0, repaint=False)  # watch_cursor repaints the two lines that change

    @dataclass
    class Highlighted(Message):
        list: LineList
        index: int

    @dataclass
    class Selected(Message):
        list: LineList
        index: int

    def __init__(self, *, id: str | None = None, classes: str | None = None, zebra: bool = False) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: Sequence[Text] = []
        self.header: Text | None = None
        self.zebra = zebra
        self._width = 0

    def set_rows(self, rows: Sequence[Text], width: int | None = None, header: Text | None = None) -> None:
        self.rows = rows
        self.header = header
        self._width = width if width is not None else max((r.cell_len for r in rows[:2000]), default=0)
        self.virtual_size = Size(self._width, len(rows) + self._top)
        self.cursor = min(self.cursor, max(len(rows) - 1, 0))
        self.refresh()

    @property
    def _top(self) -> int:
        """Lines above the rows: the header's."""
        return 0 if self.header is None else 1

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        # Text without a background of its own gets the widget's (or the
        # cursor's), not the terminal's, which is a different shade.
        base = self.rich_style
        if y < self._top:
            line = self.header
            base += self.get_component_rich_style("line-list--header")
        else:
            index = scroll_y + y - self._top
            if index >= len(self.rows):
                return Strip.blank(width, base)
            line = self.rows[index]
            if index == self.cursor:
                base += self.get_component_rich_style("line-list--cursor")
            elif self.zebra and index % 2:
                base += self.get_component_rich_style("line-list--zebra")
        segments = Segment.apply_style(line.render(self.app.console, end=""), base)  # type: ignore[union-attr]
        return Strip(list(segments)).crop_extend(scroll_x, scroll_x + width, base)

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_region_of(new)
        if self.rows:
            self.post_message(self.Highlighted(self, new))

    def refresh_line(self, index: int) -> None:
        y = index - self.scroll_offset.y + self._top
        if self._top <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def scroll_to_region_of(self, index: int) -> None:
        top = self.scroll_offset.y
        height = max(self.size.height - self._top, 1)
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False)

    def action_move(self, delta: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.size.height - self._top - 1, 1))

    def action_jump(self, index: int) -> None:
        if self.rows:
            self.cursor = index % len(self.rows)

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        if event.y < self._top:
            return
        index = self.scroll_offset.y + event.y - self._top
        if 0 <= index < len(self.rows):
            if index == self.cursor:
                self.action_select()
            self.cursor = index
