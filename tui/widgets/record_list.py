"""The shape the contingency, goals, changes and log views share: records as blocks of lines.

A view builds ``Row``s from the project: a head line per record (the cursor
stops there), detail lines under it (the cursor skips them: ``key`` None) and
sub-rows the cursor can select (a step of a risk, a milestone of a goal).
Keys are tuples whose first element is the record id, so the cursor stays on
the same record across reloads, and ``focus_item(record_id)`` finds it.

Built on LineList (only the visible lines are drawn); rows are rebuilt on
every reload and resize, which is cheap at project scale (tens of records).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual import events

from tui.render.text import clean, pad
from tui.state import State
from tui.widgets.line_list import LineList
from tui.widgets.project_view import ProjectView
from workspace_schema.core.findings import Finding

Key = tuple[Any, ...]
Col = tuple["str | Text", "int | None", str]  # value, cells (None: a share of what is left), style

LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LEVEL_MARK = {"error": "✖", "warning": "⚠", "info": "ℹ"}
INDENT = 4  # detail lines start here
NAME_CELLS = 10  # the dim name of a detail line ("trigger", "progress")
NARROW = 100  # below this many cells, views use shorter columns


@dataclass(frozen=True)
class Row:
    text: Text
    key: Key | None = None  # None: a detail line the cursor skips


def columns(width: int, cols: Sequence[Col], gap: int = 1) -> Text:
    """One line of fixed and flexible columns; values are cut to their cells (double-width aware)."""
    fixed = sum(w for _, w, _ in cols if w is not None) + gap * (len(cols) - 1)
    flex = [i for i, (_, w, _) in enumerate(cols) if w is None]
    rest = max(width - fixed, len(flex) * 4)
    out = Text(no_wrap=True, overflow="ellipsis")
    for i, (value, w, style) in enumerate(cols):
        if i:
            out.append(" " * gap)
        cells = w if w is not None else rest // len(flex) + (rest % len(flex) if i == flex[-1] else 0)
        if isinstance(value, Text):
            part = value.copy()
            part.truncate(cells, overflow="ellipsis", pad=True)
            if style:
                part.stylize(style)
            out.append_text(part)
        else:
            out.append(pad(value, cells), style)
    return out


def wrap(text: Text, cells: int, console: Console) -> list[Text]:
    """``text`` in lines of at most ``cells`` cells: at spaces, or anywhere in text with double-width
    characters (Chinese has no spaces between words; breaking only at its few spaces leaves ragged lines)."""
    plain = text.plain
    if cell_len(plain) <= cells:
        return [text]
    if not any(cell_len(ch) == 2 for ch in plain):
        return list(text.wrap(console, cells, overflow="fold", no_wrap=False)) or [Text()]
    offsets, used = [], 0
    for i, ch in enumerate(plain):
        width = cell_len(ch)
        if used + width > cells:
            offsets.append(i)
            used = 0
        if used == 0 and ch == " " and offsets and offsets[-1] == i:
            offsets[-1] = i + 1  # a line does not start with the space it broke at
            continue
        used += width
    return list(text.divide(offsets)) or [Text()]


def bar(fraction: float, cells: int, style: str = "green") -> Text:
    """``█████░░░░░`` for a fraction clamped to 0..1."""
    filled = round(max(0.0, min(1.0, fraction)) * cells)
    out = Text(no_wrap=True)
    out.append("█" * filled, style)
    out.append("░" * (cells - filled), "dim")
    return out


def number(value: float | None) -> str:
    """12000 -> "12,000", 0.5 -> "0.5", None -> "?"."""
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


class RecordListView(ProjectView, LineList, can_focus=True):
    """A project view drawn as a list of records; subclasses implement ``build``.

    ProjectView comes first: Textual takes a widget's CSS type names (what
    ``query(ProjectView)`` matches) and its DEFAULT_CSS and COMPONENT_CLASSES
    from the first base only, so LineList's and ScrollView's are restated here
    (and can_focus, which ProjectView sets to False).
    """

    DEFAULT_CSS = """
    RecordListView { width: 1fr; height: 1fr; overflow-x: hidden; overflow-y: auto; }
    RecordListView > .line-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    RecordListView:blur > .line-list--cursor { background: $block-cursor-blurred-background; }
    """
    COMPONENT_CLASSES = {"line-list--cursor"}
    EMPTY = "Nothing here yet."

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.row_keys: list[Key | None] = []
        self._first = 0  # the first row the cursor can stop on
        self._findings: dict[str, list[Finding]] = {}
        self.state: State | None = None
        self.project_id = ""

    # --- what subclasses write ----------------------------------------------------

    def build(self, state: State, width: int) -> list[Row]:  # pragma: no cover - interface
        raise NotImplementedError

    # --- drawing ----------------------------------------------------------------------

    def show_project(self, state: State, project_id: str) -> None:
        self.state, self.project_id = state, project_id
        self.redraw()

    def line_width(self) -> int:
        width = self.scrollable_content_region.width
        if width <= 0:  # not laid out yet (a hidden tab): draw for the screen, redraw on resize
            width = max(self.app.size.width - 2, 40)
        return width

    def redraw(self) -> None:
        if self.state is None:
            return
        keep = self.selected_key()
        width = self.line_width()
        self._findings = {}  # item id -> its findings, grouped once per draw
        prefix = self.project_id + "/"
        for f in self.state.project_findings(self.project_id):
            if f.item and f.item.startswith(prefix):
                self._findings.setdefault(f.item[len(prefix) :], []).append(f)
        project = self.state.project(self.project_id)
        rows = self.build(self.state, width) if project is not None else []
        if not rows:
            rows = [Row(Text(" " + self.EMPTY, style="dim"))]
        for row in rows:
            if row.text.cell_len > width:
                row.text.truncate(width, overflow="ellipsis")
        self.row_keys = [row.key for row in rows]
        self._first = next((i for i, k in enumerate(self.row_keys) if k is not None), 0)
        self.set_rows([row.text for row in rows], width)
        if keep is not None and keep in self.row_keys:
            self.cursor = self.row_keys.index(keep)
        else:
            self.cursor = self.validate_cursor(self.cursor)
        self.scroll_to_region_of(self.cursor)

    def on_resize(self, event: events.Resize) -> None:
        self.redraw()

    def selected_key(self) -> Key | None:
        if 0 <= self.cursor < len(self.row_keys):
            return self.row_keys[self.cursor]
        return None

    def selected_record(self) -> str | None:
        key = self.selected_key()
        return key[0] if key else None

    def selected_ref(self) -> str | None:
        """ "project-id/record-id" under the cursor (for a risk's step: the risk's)."""
        rid = self.selected_record()
        return f"{self.project_id}/{rid}" if rid else None

    def item_findings(self, item_id: str) -> list[Finding]:
        """The lint findings on one record of the project (while drawing)."""
        return self._findings.get(item_id, [])

    def finding_rows(self, item_id: str, width: int, *, skip: Sequence[str] = (), indent: int = INDENT) -> list[Row]:
        """One detail line per lint finding on the record, so a flagged record says why here."""
        rows = []
        for f in self.item_findings(item_id):
            if f.code in skip:
                continue
            line = Text(" " * indent, no_wrap=True, overflow="ellipsis")
            line.append(f"{LEVEL_MARK.get(f.level, '!')} {f.code} ", LEVEL_STYLE.get(f.level, ""))
            line.append(clean(f.message), "dim" if f.level == "info" else "")
            line.truncate(width, overflow="ellipsis")
            rows.append(Row(line))
        return rows

    def labelled(
        self,
        name: str,
        value: str | Text,
        width: int,
        *,
        indent: int = INDENT,
        style: str = "",
        max_lines: int = 1,
        name_cells: int = NAME_CELLS,
    ) -> list[Row]:
        """Detail lines ``    reason   Ben Kim is on ...``: the name dim, the value wrapped under itself
        (double-width aware) to at most ``max_lines``, the last one ending in "…" when cut."""
        cells = max(width - indent - name_cells, 8)
        text = value.copy() if isinstance(value, Text) else Text(clean(value), style=style)
        lines = wrap(text, cells, self.app.console)
        cut = len(lines) > max_lines
        lines = lines[:max_lines]
        rows = []
        for n, part in enumerate(lines):
            part.rstrip()
            if cut and n == len(lines) - 1:
                part.truncate(cells - 1)
                part.append("…")
            line = Text(" " * indent, no_wrap=True)
            line.append(pad(name if n == 0 else "", name_cells), "dim")
            line.append_text(part)
            rows.append(Row(line))
        return rows

    # --- the cursor stops on records, not on their detail lines ------------------------

    def validate_cursor(self, value: int) -> int:
        keys = getattr(self, "row_keys", None)
        if not keys:
            return 0
        value = max(0, min(value, len(keys) - 1))
        if keys[value] is not None:
            return value
        for i in range(value - 1, -1, -1):
            if keys[i] is not None:
                return i
        for i in range(value + 1, len(keys)):
            if keys[i] is not None:
                return i
        return value

    def action_move(self, delta: int) -> None:
        keys = self.row_keys
        if not keys:
            return
        step = 1 if delta > 0 else -1
        target = max(0, min(len(keys) - 1, self.cursor + delta))
        probe = target
        while 0 <= probe < len(keys) and keys[probe] is None:
            probe += step
        self.cursor = probe if 0 <= probe < len(keys) else target

    def scroll_to_region_of(self, index: int) -> None:
        """Show the record's head with its detail lines (and the header above the first record)."""
        keys = getattr(self, "row_keys", [])
        if not keys or index >= len(keys):
            return super().scroll_to_region_of(index)
        start = 0 if index <= self._first else index
        end = index
        while end + 1 < len(keys) and keys[end + 1] is None:
            end += 1
        height = max(self.size.height, 1)
        end = min(end, start + height - 1)
        top = self.scroll_offset.y
        if start < top:
            self.scroll_to(y=start, animate=False)
        elif end >= top + height:
            self.scroll_to(y=end - height + 1, animate=False)

    def focus_item(self, item_id: str) -> bool:
        if (item_id,) in self.row_keys:
            self.cursor = self.row_keys.index((item_id,))
            return True
        return False
