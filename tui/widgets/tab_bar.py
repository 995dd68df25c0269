"""A project's tab bar: Textual's tabs as they look, drawn by one widget, that always fit the width.

Textual's TabbedContent is a Tabs widget of one Tab per label, an animated
Underline, scroll containers and a pane per tab: about 25 widgets to style,
lay out and draw, the largest share of a project screen's opening (~40 ms of
~120 at 20,000 items). This bar draws the same two lines itself: the labels
in Textual's Tab colours (dim, bright when active or under the mouse) and
the underline with Textual's Bar under the active label. It scrolls nothing:
at 120 columns the labels keep Textual's padding; where they do not fit (80
columns) they lose it, and then the labels that are not active shrink to
their number, so all eight stay on screen.

Keys 1-8 are the screen's; a click on a label posts ``TabBar.Picked``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.renderables.bar import Bar
from textual.strip import Strip
from textual.widget import Widget


def spans(labels: Sequence[str], active: int, width: int) -> list[tuple[int, int, str]]:
    """Where each label's cells go: (start, end, text shown), its padding outside [start, end).

    Textual's padding (a cell each side) when everything fits, then a cell
    between labels, then the inactive labels as their number alone.
    """
    for pad, short in ((1, False), (0, False), (0, True)):
        shown = [label.split(" ", 1)[0] if short and n != active else label for n, label in enumerate(labels)]
        gap = 0 if pad else 1
        out, x = [], 0
        for text in shown:
            start = x + pad
            end = start + cell_len(text)
            out.append((start, end, text))
            x = end + pad + gap
        if x - gap <= width or short:
            return out
    raise AssertionError("unreachable")  # the last arrangement is always returned


def _padding(where: list[tuple[int, int, str]]) -> int:
    """The cells of padding each side of a label in this arrangement of ``spans``: 1 or 0."""
    return where[0][0]


class TabBar(Widget, can_focus=False):
    """Two lines: the labels, and under them the bar that marks the active one."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"tab", "tab--active", "tab--hover", "underline--bar"}
    # Textual's Tab and Underline rules (textual/widgets/_tabs.py), as component classes.
    DEFAULT_CSS = """
    TabBar {
        width: 1fr;
        height: 2;
        .tab { color: $foreground 50%; }
        .tab--active { color: $foreground; }
        .tab--hover { color: $foreground; }
        .underline--bar { color: $block-cursor-background; background: $foreground 10%; }
    }
    """

    class Picked(Message):
        """A label was clicked: show its tab."""

        def __init__(self, area: str) -> None:
            super().__init__()
            self.area = area

    def __init__(self, tabs: Sequence[tuple[str, str]], active: str, *, id: str | None = None) -> None:
        """``tabs``: (area, label) in order; ``active``: the area shown first."""
        super().__init__(id=id)
        self.areas = [area for area, _ in tabs]
        self.labels = [label for _, label in tabs]
        self._active = self.areas.index(active) if active in self.areas else 0
        self._hover: int | None = None

    @property
    def active(self) -> str:
        return self.areas[self._active]

    @active.setter
    def active(self, area: str) -> None:
        if area in self.areas and self.areas.index(area) != self._active:
            self._active = self.areas.index(area)
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        where = spans(self.labels, self._active, width)
        base = self.rich_style  # the bar's own colours, under what each line draws
        if y == 1:
            start, end, _ = where[self._active]
            bar = self.get_component_rich_style("underline--bar")
            renderable = Bar((start, end), Style.from_color(bar.color), Style.from_color(bar.bgcolor))
            console = self.app.console
            segments = console.render(renderable, console.options.update(width=width, height=1))
            return Strip(Segment.apply_style(segments, base), width).crop(0, width)
        if y:
            return Strip.blank(width, base)
        line: list[Segment] = []
        x = 0
        for n, (start, end, text) in enumerate(where):
            name = "tab--active" if n == self._active else "tab--hover" if n == self._hover else "tab"
            line += [Segment(" " * (start - x), base), Segment(text, self.get_component_rich_style(name))]
            x = end
        return Strip(line, x).extend_cell_length(width, base).crop(0, width).simplify()

    def _tab_at(self, x: int) -> int | None:
        where = spans(self.labels, self._active, self.size.width)
        pad = _padding(where)
        return next((n for n, (start, end, _) in enumerate(where) if start - pad <= x < end + pad), None)

    def on_click(self, event: events.Click) -> None:
        n = self._tab_at(event.x)
        if n is not None:
            event.stop()
            self.post_message(self.Picked(self.areas[n]))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hovered(self._tab_at(event.x) if event.y == 0 else None)

    def on_leave(self, event: events.Leave) -> None:
        self._hovered(None)

    def _hovered(self, n: int | None) -> None:
        if n != self._hover:
            self._hover = n
            self.refresh()
