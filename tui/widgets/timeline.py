"""The Timeline view of a project: a Gantt chart of milestones and tasks.

Drawn with the Line API: ``render_line`` builds only the lines on screen, so
a project of 2,000 rows costs the same per keystroke as one of 20. The row
order comes from workspace_schema.views.timeline, the drawing from
tui/timeline_layout; this widget keeps the cursor, the first visible row and
the time window, and turns keys into changes of those three.
"""

from __future__ import annotations

import datetime as dt

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.strip import Strip

from tui.render import timeline_layout as layout
from tui.render import timeline_window as tw
from tui.render.history_facts import facts, last_change_text, slip_text
from tui.render.text import safe
from tui.state import State
from tui.widgets.project_view import ProjectView
from workspace_schema.views.timeline import TimelineRow, timeline_rows

HEADER = 2  # the two date lines
LEGEND = 1
DETAIL = 3  # the selected row: facts, ids and dependencies, findings
HISTORY = 1  # and, once the app has read the history: who last moved its due date, and its slips


class TimelineView(ProjectView, can_focus=True):
    AREA = "timeline"
    TAB = "Timeline"
    HELP = f"""\
# Timeline

A Gantt chart of the project: one row per milestone and task. Milestones
come in due order, each followed by its tasks; tasks without a milestone
come last. The left column is the title; the chart runs from `start` to
`due`. The bottom lines describe the selected row: side, owner, status,
dates, baseline and slip, what it waits for (`after:`) and its findings;
in a git clone also who last changed its due date, when and why, and for a
milestone how often its due date moved, how far past its baseline it is now
(in days and working days) and who moved it (tab 7, History, has the rest).

| symbol | meaning |
|---|---|
| `{layout.BAR["team"]}` `{layout.BAR["client"]}` `{layout.BAR["joint"]}` | a bar from start to due, by side: team, client, joint |
| `{layout.DIAMOND}` | a milestone, at its due date |
| `{layout.BASELINE}` | the agreed `baseline_due` of an item that slipped past it |
| `{layout.TODAY}` | today |
| `{layout.AFTER}` | the item waits for others (`depends_on`); red when one of them is due after it starts |
| `{layout.OFF_LEFT}` `{layout.OFF_RIGHT}` | the bar is outside the window, to the left or right |
| `{layout.GRID}` | the first of a month (a year at month zoom) |
| `{layout.TREE_MID.strip()}` `{layout.TREE_LAST.strip()}` | a task of the milestone above it |

An item without a start is one cell at its due date; an item without a due
date has no bar and says *no date*. Colours follow the status: todo and
doing blue, waiting yellow, blocked red, done dim green; an open item past
its due date is red (overdue).

Zoom: a unit of the chart is a day, a week or a month (**+**/**-** or
**z**). Each zoom shows the whole project with a small margin: when the
project is short, a unit is several cells wide (the top left says the
scale, `1 week = 2 cells`); when it is too long for the window, the part
around today (or the date in the middle, when zooming) is shown. Each
project keeps its zoom while the app runs. **←/→** (or **h/l**) move the
window a week at day zoom, four weeks at week zoom, a quarter at month zoom;
**shift+←/→** (or **H/L**) move it a page. **t** brings today back,
**c** centres the selected item.
"""
    BINDINGS = [
        Binding("up,k", "move(-1)", "Previous row", show=False, id="timeline.up"),
        Binding("down,j", "move(1)", "Next row", show=False, id="timeline.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="timeline.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="timeline.page_down"),
        Binding("home", "jump(0)", "First row", show=False, id="timeline.first"),
        Binding("end", "jump(-1)", "Last row", show=False, id="timeline.last"),
        Binding("left,h", "scroll_time(-1)", "Earlier", show=False, id="timeline.earlier"),
        Binding("right,l", "scroll_time(1)", "Later", show=False, id="timeline.later"),
        Binding("shift+left,H", "page_time(-1)", "A page earlier", show=False, id="timeline.page_earlier"),
        Binding("shift+right,L", "page_time(1)", "A page later", show=False, id="timeline.page_later"),
        Binding("plus,equals_sign", "zoom(-1)", "Zoom in", show=False, id="timeline.zoom_in"),
        Binding("minus", "zoom(1)", "Zoom out", show=False, id="timeline.zoom_out"),
        Binding("z", "cycle_zoom", "Cycle zoom", id="timeline.zoom_cycle"),
        Binding("t", "today", "Today", id="timeline.today"),
        Binding("c", "centre", "Centre on item", show=False, id="timeline.centre"),
    ]
    COMPONENT_CLASSES = {"timeline--cursor", "timeline--cursor-row"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.state: State | None = None
        self.project_id: str | None = None
        self.rows: list[TimelineRow] = []
        self.cursor = 0
        self.top = 0
        self._window: tw.Window | None = None  # None: fit the window when the width is known
        self._label_cells = 12
        self._centre_pending = False
        self._base: Style | None = None
        self._styles: dict[tuple[Style, str | Style], Style] = {}
        self._last: set[int] = set()
        self._grid_for: tw.Window | None = None
        self._grid_cols: list[int] = []
        self._detail_state: State | None = None
        self._detail_key: tuple = ()
        self._detail_lines: list[Text] = []

    # --- the contract of a project view ------------------------------------

    def show_project(self, state: State, project_id: str) -> None:
        selected = self.selected_id()
        if project_id != self.project_id:
            self.cursor, self.top, self._window, selected = 0, 0, None, None
        self.state, self.project_id = state, project_id
        project = state.project(project_id)
        self.rows = timeline_rows(project) if project else []
        self._label_cells = max((cell_len(layout.label_text(r)) for r in self.rows), default=12)
        self._last = layout.last_of_groups(self.rows)
        index = self._index_of(selected) if selected else None
        self.cursor = index if index is not None else min(self.cursor, max(len(self.rows) - 1, 0))
        self._keep_cursor_visible()
        self.refresh()

    def focus_item(self, item_id: str) -> bool:
        index = self._index_of(item_id)
        if index is None:
            return False
        self.cursor = index
        self._keep_cursor_visible()
        self.action_centre()
        return True

    def selected_id(self) -> str | None:
        return self.rows[self.cursor].id if 0 <= self.cursor < len(self.rows) else None

    def selected_ref(self) -> str | None:
        """``project-id/item-id`` of the row under the cursor (for the edit commands)."""
        item = self.selected_id()
        return f"{self.project_id}/{item}" if item and self.project_id else None

    def _index_of(self, item_id: str) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.id == item_id), None)

    # --- geometry ------------------------------------------------------------

    @property
    def label_width(self) -> int:
        width = self.size.width
        most = max(12, min(40, int(width * 0.35)))
        return max(min(self._label_cells, most, width - 1), 0)

    @property
    def chart_width(self) -> int:
        return max(self.size.width - self.label_width - 1, 1)

    @property
    def footer_lines(self) -> tuple[int, int]:
        """Lines for the legend and the detail: dropped first when the view is short."""
        spare = self.size.height - HEADER - 3
        wanted = DETAIL + (HISTORY if self.app.history is not None else 0)
        detail = max(min(wanted, spare), 0)
        legend = LEGEND if spare - detail >= LEGEND else 0
        return legend, detail

    @property
    def body_height(self) -> int:
        legend, detail = self.footer_lines
        return max(self.size.height - HEADER - legend - detail, 0)

    @property
    def zoom(self) -> str:
        return self.window.zoom

    @property
    def window(self) -> tw.Window:
        """The dates on screen: fitted to the project (at the zoom last used on it) when first shown or resized."""
        width = self.chart_width
        if self._window is None or self._window.width != width:
            if self.state is None or self.size.width == 0:
                return tw.fit(None, "week", width, _today(self.state))
            zoom = self._window.zoom if self._window else self.app.timeline_zooms.get(self.project_id or "")
            self._window = tw.initial_window(self.rows, width, self.state.today, zoom)
        return self._window

    def _set_window(self, window: tw.Window) -> None:
        self._window = window
        if self.project_id:
            self.app.timeline_zooms[self.project_id] = window.zoom  # kept for the next visit, while the app runs
        self.refresh()

    def _keep_cursor_visible(self) -> None:
        height = max(self.body_height, 1)
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + height:
            self.top = self.cursor - height + 1
        self.top = max(min(self.top, max(len(self.rows) - height, 0)), 0)

    # --- drawing -------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = None  # the widget's style may have changed (focus, theme): look it up once a pass
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._base is None:
            self._base = self.rich_style
        base = self._base
        if self.state is None:
            return Strip.blank(width, base)
        text = self._line(y)
        if text is None:
            return Strip.blank(width, base)
        return Strip(self._segments(text, base)).crop_extend(0, width, base)

    def _segments(self, text: Text, base: Style) -> list[Segment]:
        """Text to segments with the widget's style underneath, faster than Text.render.

        The layout builds Text by appending, so spans never overlap; if one ever
        does, fall back to Rich's own rendering.
        """
        plain = text.plain
        outer = self._combine(base, text.style)
        out: list[Segment] = []
        pos = 0
        for span in text.spans:
            if span.start < pos:
                return list(Segment.apply_style(text.render(self.app.console, end=""), base))
            if span.start > pos:
                out.append(Segment(plain[pos : span.start], outer))
            out.append(Segment(plain[span.start : span.end], self._combine(outer, span.style)))
            pos = span.end
        if pos < len(plain):
            out.append(Segment(plain[pos:], outer))
        return out

    def _combine(self, under: Style, over: str | Style) -> Style:
        key = (under, over)
        combined = self._styles.get(key)
        if combined is None:
            if len(self._styles) > 4096:
                self._styles.clear()
            parsed = layout.style(over) if isinstance(over, str) else over
            combined = self._styles[key] = under + parsed
        return combined

    def _line(self, y: int) -> Text | None:
        state = self.state
        assert state is not None
        window = self.window
        if y < HEADER:
            return layout.render_header(window, state.today, self.label_width, self._header_notes(window))[y]
        y -= HEADER
        body = self.body_height
        if y < body:
            index = self.top + y
            if index >= len(self.rows):
                return None
            cursor = index == self.cursor
            return layout.render_row(
                self.rows[index],
                window,
                state.today,
                self.label_width,
                grid=self._grid(window),
                label_base=self._component_style("timeline--cursor") if cursor else "",
                chart_base=self._component_style("timeline--cursor-row") if cursor else "",
                last=index in self._last,
            )
        y -= body
        legend, detail = self.footer_lines
        if y < legend:
            return layout.render_legend(self.size.width)
        y -= legend
        if y < detail:
            return self._detail()[y]
        return None

    def _header_notes(self, window: tw.Window) -> tuple[str, str]:
        position = f"{self.cursor + 1}/{len(self.rows)}" if self.rows else "0/0"
        return (
            f"{window.scale}  {position}",
            f"{window.first_day:%Y-%m-%d} → {window.last_day:%Y-%m-%d}",
        )

    def _grid(self, window: tw.Window) -> list[int]:
        if self._grid_for != window:
            self._grid_for, self._grid_cols = window, layout.grid_cols(window)
        return self._grid_cols

    def _detail(self) -> list[Text]:
        state = self.state
        assert state is not None
        row = self.rows[self.cursor] if self.rows else None
        _, lines = self.footer_lines
        index = self.app.history
        key = (row, self.size.width, lines, id(index))
        if self._detail_state is not state or self._detail_key != key:
            findings = state.item_findings(self.project_id or "", row.id) if row else []
            self._detail_state, self._detail_key = state, key
            shown = min(lines, DETAIL) if index is not None and lines > DETAIL else lines
            self._detail_lines = layout.render_detail(row, state.today, findings, self.size.width, max(shown, 1))
            if index is not None and lines > DETAIL:
                self._detail_lines.insert(2, self._history_line(row, self.size.width))
        return self._detail_lines

    def _history_line(self, row: TimelineRow | None, width: int) -> Text:
        """ "due changed by Raj Patel on 2026-11-24 (a1b2c3d) · moved 2 times, +14 days (10 working days) past baseline, by Raj"."""
        line = Text(no_wrap=True, end="")
        state, index = self.state, self.app.history
        if row is None or state is None or index is None or not self.project_id:
            line.truncate(width, pad=True)
            return line
        known = facts(index)
        ref = f"{self.project_id}/{row.id}"
        line.append("  ")
        last = known.last(ref, "due")
        line.append_text(last_change_text(last, "due", state.ws, reason=False))
        if row.is_milestone:
            slip = known.slips(state.ws, self.project_id).get(row.id)
            words = slip_text(slip, state.ws) if slip is not None else Text()
            if words.plain:
                line.append(" · ")
                line.append_text(words)
        if last is not None and last.reason:
            line.append(" · why: ", style="dim")
            line.append_text(safe(last.reason, "italic"))
        line.truncate(width, overflow="ellipsis", pad=True)
        return line

    def show_history(self, index: object) -> None:
        """The app read the history: the detail lines (one more of them) say who moved what."""
        self._detail_state = None
        self._keep_cursor_visible()
        self.refresh()

    def _component_style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=False)

    def _refresh_rows(self, *indexes: int) -> None:
        """Redraw the given rows, the header (it shows the position) and the detail lines."""
        width = self.size.width
        self.refresh(Region(0, 0, width, HEADER))
        for index in indexes:
            y = index - self.top
            if 0 <= y < self.body_height:
                self.refresh(Region(0, HEADER + y, width, 1))
        legend, detail = self.footer_lines
        self.refresh(Region(0, HEADER + self.body_height + legend, width, detail))

    # --- actions -------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        if not self.rows:
            return
        old, old_top = self.cursor, self.top
        self.cursor = max(0, min(len(self.rows) - 1, index))
        self._keep_cursor_visible()
        if self.top != old_top:
            self.refresh()
        else:
            self._refresh_rows(old, self.cursor)

    def action_move(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(self.body_height - 1, 1))

    def action_jump(self, index: int) -> None:
        if self.rows:
            self._move_to(index % len(self.rows))

    def action_scroll_time(self, direction: int) -> None:
        self._set_window(self.window.shifted(direction * tw.STEP[self.zoom]))

    def action_page_time(self, direction: int) -> None:
        window = self.window
        self._set_window(window.shifted(direction * window.page()))

    def action_zoom(self, delta: int) -> None:
        self._zoom_to(tw.ZOOMS[max(0, min(len(tw.ZOOMS) - 1, tw.ZOOMS.index(self.zoom) + delta))])

    def action_cycle_zoom(self) -> None:
        self._zoom_to(tw.ZOOMS[(tw.ZOOMS.index(self.zoom) + 1) % len(tw.ZOOMS)])

    def _zoom_to(self, zoom: str) -> None:
        """The project's span fitted at ``zoom``; when it is too long for the width, the middle date stays in the middle."""
        window = self.window
        middle = window.width // 2
        self._set_window(tw.fit(tw.span(self.rows), zoom, window.width, window.date_at(middle), middle))

    def action_today(self) -> None:
        window = self.window
        self._set_window(window.showing(_today(self.state), window.width // 3))

    def action_centre(self) -> None:
        """Bring the selected item's bar (or its baseline) into the middle of the window."""
        if not self.rows or self.state is None:
            return
        if self.size.width == 0:  # not laid out yet: centre on the first resize
            self._centre_pending = True
            return
        self._centre_pending = False
        row = self.rows[self.cursor]
        extent = tw.span([row])
        if extent is None:
            return
        window = self.window
        length = window.col(extent[1]) - window.unit_col(tw.unit(extent[0], window.zoom)) + 1
        at = (window.width - length) // 2 if length < window.width else 1
        self._set_window(window.showing(extent[0], at))

    # --- mouse and resizing --------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        y = event.y - HEADER
        if 0 <= y < self.body_height and self.top + y < len(self.rows):
            self._move_to(self.top + y)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll_rows(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll_rows(-3)

    def _scroll_rows(self, delta: int) -> None:
        height = max(self.body_height, 1)
        self.top = max(0, min(self.top + delta, max(len(self.rows) - height, 0)))
        self.cursor = max(self.top, min(self.cursor, self.top + height - 1, len(self.rows) - 1))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._keep_cursor_visible()
        if self._centre_pending:
            self.action_centre()
        self.refresh()


def _today(state: State | None) -> dt.date:
    return state.today if state is not None else dt.date.today()
