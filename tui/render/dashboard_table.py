"""The dashboard's table and reasons panel as Rich Text, without Textual.

The dashboard screen draws these lines, and so does the first frame
(tui/first_frame.py), which is painted before Textual is imported: the two
must be the same lines, so they are made here, once.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from tui.render.columns import Column, Placed, drop, line_cells, plan, short
from tui.render.text import clean, fit, safe
from workspace_schema.core.records import Workspace
from workspace_schema.history.index import IndexData
from workspace_schema.history.slips import ProjectVariance, project_variance
from workspace_schema.history.trail import HistoryIndex
from workspace_schema.views.health import ProjectSummary

HEALTH_STYLE = {"red": "bold red", "amber": "bold yellow", "green": "bold green", "grey": "dim"}
# Every style a span of a row may have (row_cells, slip_cell): the first frame
# (tui/first_frame.py) knows how each looks on screen.
SPAN_STYLES = ("dim", "red", "yellow", "green", "bold", "bold red", "bold yellow", "bold green")
HEALTH_ORDER = {"red": 0, "amber": 1, "green": 2, "grey": 3}
SORTS = {
    "health": lambda s: (HEALTH_ORDER.get(s.health, 9), -s.overdue, s.title),
    "due": lambda s: (s.next_milestone_due is None, s.next_milestone_due or 0, s.title),
    "project": lambda s: s.title.lower(),
    "client": lambda s: ((s.client_name or "").lower(), s.title),
    "progress": lambda s: (s.progress, s.title),
    "overdue": lambda s: (-s.overdue, s.title),
    "risk": lambda s: (-s.top_risk_score, s.title),
}
# The dashboard's columns, and the order they give way in as the terminal narrows
# (README, "The app"): the decision columns (project, health, due, late, slip,
# wait) always stay; satisfaction, status, client and progress drop first, then
# the due date shows only how far away it is, then the next milestone's title,
# the check-in and the top risk drop. The titles take what is left.
TABLE = (
    Column("project", "Project", 24, grow=0.5, most=48),
    Column("client", "Client", 12, grow=0.15, most=24),
    Column("status", "Status", 6),
    Column("health", "Health", 7),
    Column("done", "Done", 4),
    Column("next", "Next milestone", 16, grow=0.35, most=40),
    Column("due", "Due", 14, short_cells=8),  # "11-23 4d late"; short: "4d late"
    Column("late", "Late", 4),
    Column("slip", "Slip", 5),
    Column("wait", "Wait", 4),
    Column("check_in", "Chk-in", 6),
    Column("risk", "Risk", 4),
    Column("sat", "Sat", 3),
)
GIVE_WAY = (
    drop("sat"),
    drop("status"),
    drop("client"),
    drop("done"),
    short("due"),
    drop("next"),
    drop("check_in"),
    drop("risk"),
)
COLUMNS = tuple(c.header for c in TABLE)
GAP = "  "  # between columns
LEAD = 1  # a space before the first column
SCROLLBAR = 2  # the table's vertical scrollbar, when it has one: a line never needs a horizontal one
SLIP_CELLS = 5  # "+12d", "+123d"
NO_HISTORY = HistoryIndex(IndexData())  # slips from the plan alone: due - baseline_due needs no git
STATUS_SHORT = {"planned": "plan", "active": "act", "on_hold": "hold", "done": "done", "cancelled": "canc"}
TEXT_FIELDS = {"project": "title", "client": "client_name", "next": "next_milestone_title"}


def natural_widths(summaries: Sequence[ProjectSummary]) -> dict[str, int]:
    """The longest title, client name and next milestone's title (cells) of ``summaries``: no text column is wider."""
    return {
        key: max((cell_len(clean(getattr(s, field) or "")) for s in summaries), default=0)
        for key, field in TEXT_FIELDS.items()
    }


def column_plan(width: int, natural: Mapping[str, int] | None = None) -> tuple[Placed, ...]:
    """The dashboard's columns on a terminal ``width`` cells wide (see GIVE_WAY)."""
    return plan(TABLE, width - SCROLLBAR, GIVE_WAY, gap=len(GAP), lead=LEAD, natural=natural)


def why_lines(height: int) -> int:
    """Lines of the reasons panel on a terminal ``height`` lines tall: a third of what the table and it share."""
    return max(5, min((height - 4) // 3, 12))


def table_line(cells: list[Text], widths: list[int]) -> Text:
    """One line of the table: each cell cut or padded to its column (right-aligned when its
    ``justify`` says so), GAP between columns."""
    line = Text(" " * LEAD, no_wrap=True)
    for i, (cell, w) in enumerate(zip(cells, widths)):
        if i:
            line.append(GAP)
        if cell.cell_len > w:
            cell = cell.copy()
            cell.truncate(w, overflow="ellipsis")
        fill = " " * (w - cell.cell_len)
        if cell.justify == "right":
            line.append(fill)
            line.append_text(cell)
        else:
            line.append_text(cell)
            line.append(fill)
    return line


def slip_cell(v: ProjectVariance | None) -> Text:
    """The project's schedule variance in days: "+12d" (red, late against the baselines), "-3d", "0d"; empty when unmeasured."""
    if v is None or not v.open_milestones:
        return Text("", justify="right")
    days = v.total_days
    text = f"{days:+d}d" if days else "0d"
    style = "red" if days > 0 else "green" if days < 0 else "dim"
    return Text(text if len(text) <= SLIP_CELLS else f"{'+' if days > 0 else '-'}999d", style=style, justify="right")


def due_cell(s: ProjectSummary, short: bool = False) -> Text:
    """ "11-23 4d late" (red), "12-11 in 2w"; in the short form only how far away: "4d late", "in 2w"."""
    late = "red" if s.next_milestone_distance and "late" in s.next_milestone_distance else ""
    distance = short_distance(s.next_milestone_distance) if s.next_milestone_distance else ""
    if short:
        return Text(distance, style=late)
    due = Text(s.next_milestone_due.strftime("%m-%d") if s.next_milestone_due else "", style=late)
    if distance:
        due.append(f" {distance}", style=late or "dim")
    return due


def row_cells(
    s: ProjectSummary, widths: Mapping[str, int], variance: ProjectVariance | None = None, short_due: bool = False
) -> dict[str, Text]:
    """The cells of ``s``'s row by column key (TABLE), the text ones cut to ``widths``."""
    health = Text("● " + s.health, style=HEALTH_STYLE.get(s.health, ""))
    if s.days_since_check_in is None:
        check_in = Text("never", style="yellow")
    else:
        check_in = Text(f"{s.days_since_check_in}/{s.check_in_every}d", style="red" if s.check_in_overdue else "")
    risk_style = "bold red" if s.top_risk_score >= 15 else "yellow" if s.top_risk_score >= 8 else ""
    return {
        "project": Text(fit(s.title, widths.get("project", 0))),
        "client": Text(fit(s.client_name or "", widths.get("client", 0))),
        "status": Text(STATUS_SHORT.get(s.status, s.status[:4]), style="" if s.status == "active" else "dim"),
        "health": health,
        "done": Text(f"{s.progress:4.0%}", justify="right"),
        "next": Text(fit(s.next_milestone_title or "", widths.get("next", 0))),
        "due": due_cell(s, short_due),
        "late": Text(str(s.overdue), style="red" if s.overdue else "dim", justify="right"),
        "slip": slip_cell(variance),
        "wait": Text(str(s.waiting_on_client), style="yellow" if s.waiting_on_client else "dim", justify="right"),
        "check_in": check_in,
        "risk": Text(str(s.top_risk_score or ""), style=risk_style, justify="right"),
        "sat": Text(
            str(s.satisfaction or ""), style="red" if s.satisfaction and s.satisfaction <= 2 else "", justify="right"
        ),
    }


def short_distance(text: str) -> str:
    """ "in 3 days" -> "in 3d", "5 days late" -> "5d late", "2 weeks late" -> "2w late"."""
    for long, brief in ((" days", "d"), (" day", "d"), (" weeks", "w"), (" months", "mo")):
        text = text.replace(long, brief)
    return text


def sort_rows(summaries: list[ProjectSummary], sort_key: str = "health", needle: str = "") -> list[ProjectSummary]:
    """The table's rows in order: those matching ``needle`` (part of a title, id, client, status or health)."""
    needle = needle.lower()
    rows = [
        s
        for s in summaries
        if not needle
        or any(needle in (v or "").lower() for v in (s.title, s.project_id, s.client_name, s.status, s.health))
    ]
    return sorted(rows, key=SORTS[sort_key])


class ProjectTable:
    """The dashboard's lines for ``shown`` on a terminal of ``width`` x ``height`` cells.

    The columns are column_plan's for the width; ``natural`` (natural_widths)
    is measured on every project, not only the ones shown, so a filter does
    not move the columns (by default on ``shown``). A row's line, and the Slip
    column's variance in it, is made when first asked for: the screen asks
    for the rows it draws, not for all of them.
    """

    def __init__(
        self,
        ws: Workspace,
        shown: list[ProjectSummary],
        width: int,
        height: int = 40,
        natural: Mapping[str, int] | None = None,
    ) -> None:
        self.ws, self.shown, self.width, self.height = ws, shown, width, height
        self.plan = column_plan(width, natural_widths(shown) if natural is None else natural)
        self.widths = [p.cells for p in self.plan]
        self._text_widths = {p.key: p.cells for p in self.plan}
        self._short_due = any(p.key == "due" and p.short for p in self.plan)
        self.why_lines = why_lines(height)
        self._variance: dict[str, ProjectVariance] = {}
        self._why: dict[int, tuple[HistoryIndex | None, Text]] = {}  # row -> (the history it was made with, its panel)

    @property
    def line_width(self) -> int:
        """Cells of a whole line."""
        return line_cells(self.widths, len(GAP), LEAD)

    def header(self) -> Text:
        return table_line([Text(p.header) for p in self.plan], self.widths)

    def line(self, index: int) -> Text:
        cells = self.cells(index)
        return table_line([cells[p.key] for p in self.plan], self.widths)

    def cells(self, index: int) -> dict[str, Text]:
        """The cells of row ``index`` by column key, every column of TABLE (shown or not)."""
        s = self.shown[index]
        return row_cells(s, self._text_widths, self.variance(s.project_id), self._short_due)

    def variance(self, project_id: str) -> ProjectVariance | None:
        """The Slip column's numbers, from the plan alone (due - baseline needs no git), worked out when first shown."""
        v = self._variance.get(project_id)
        if v is None and project_id in self.ws.projects:
            v = self._variance[project_id] = project_variance(NO_HISTORY, self.ws, project_id)
        return v

    def why(self, index: int, history: HistoryIndex | None = None) -> Text:
        """The reasons panel for row ``index``, as many lines as why_lines: health, title and slip on the
        first, then every reason as a bullet (see fit_bullets). Kept per row while the history is the same:
        the cursor comes back to rows, and the moves are a query of the history (5 ms at 20,000 items)."""
        kept = self._why.get(index)
        if kept is not None and kept[0] is history:
            return kept[1]
        text = self._why_text(index, history)
        self._why[index] = (history, text)
        return text

    def _why_text(self, index: int, history: HistoryIndex | None) -> Text:
        s = self.shown[index]
        cells = self.width - 2  # the panel's padding
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(f"{s.health.upper()} ", style=HEALTH_STYLE.get(s.health, ""))
        head.append(fit(s.title, max(cells - 40, 20)), "bold")  # a 10,000-character title leaves room for the slip
        head.append_text(self.slip_words(s.project_id, history))
        head.truncate(cells, overflow="ellipsis")
        bullets = [safe(reason.text()) for reason in s.reasons]
        lines = [head, *fit_bullets(bullets, cells, self.why_lines - 1)]
        return Text("\n").join(lines)

    def slip_words(self, project_id: str, history: HistoryIndex | None) -> Text:
        """ " · slip +21d (2 of 5 open milestones past their baseline, 4 due-date moves)": the Slip column, explained."""
        v = self.variance(project_id)
        if v is None or not v.open_milestones:
            return Text()
        if history is not None:
            v = project_variance(history, self.ws, project_id)
        n = v.open_milestones
        out = Text(" · slip ", style="dim")
        out.append(f"{v.total_days:+d}d", style="bold red" if v.total_days > 0 else "green" if v.total_days < 0 else "")
        if self.width < 100:  # a narrow screen keeps the line for the reasons
            return out
        out.append(
            f" ({v.slipped} of {n} open milestone{'' if n == 1 else 's'} past {'its' if n == 1 else 'their'} baseline",
            style="dim",
        )
        if history is not None:
            out.append(f", {v.moves} due-date move{'' if v.moves == 1 else 's'}", style="dim")
        out.append(")", style="dim")
        return out


BULLET, HANG = "  • ", "    "


def wrap(text: Text, cells: int) -> list[Text]:
    """``text`` word-wrapped to lines of ``cells`` cells (a word longer than a line is cut)."""
    text = text.copy()
    text.no_wrap, text.overflow = False, "fold"
    return list(text.wrap(_console(), max(cells, 1)))


def fit_bullets(bullets: list[Text], cells: int, lines: int) -> list[Text]:
    """``bullets`` as at most ``lines`` lines of ``cells`` cells, each wrapped under its bullet.

    When they do not all fit, every bullet keeps its first line and the first
    ones get the lines left, a cut bullet ending in "…"; when there are more
    bullets than lines, the last line says how many more there are.
    """
    if lines <= 0:
        return []
    wrapped = [wrap(b, cells - len(BULLET)) for b in bullets]
    if len(wrapped) > lines:
        more = len(wrapped) - lines + 1
        wrapped = wrapped[: lines - 1] + [[Text(f"… and {more} more reasons", "dim")]]
    budget = [1] * len(wrapped)
    left = lines - len(wrapped)
    for i, w in enumerate(wrapped):
        extra = min(len(w) - 1, left)
        budget[i] += extra
        left -= extra
    out = []
    for w, keep in zip(wrapped, budget):
        shown = w[:keep]
        if keep < len(w):
            last = shown[-1].copy()
            last.rstrip()
            last.append("…")
            last.truncate(cells - len(BULLET), overflow="ellipsis")
            shown[-1] = last
        for n, line in enumerate(shown):
            out.append(Text(HANG if n else BULLET) + line)
    return out


_CONSOLE: list[Console] = []


def _console() -> Console:
    """A console for Text.wrap (which measures with it): made once, when first needed."""
    if not _CONSOLE:
        _CONSOLE.append(Console(width=1000, file=io.StringIO(), color_system=None, highlight=False, emoji=False))
    return _CONSOLE[0]
