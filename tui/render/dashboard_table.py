"""The dashboard's table and reasons panel as Rich Text, without Textual.

The dashboard screen draws these lines, and so does the first frame
(tui/first_frame.py), which is painted before Textual is imported: the two
must be the same lines, so they are made here, once.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from tui.render.text import fit, safe
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
COLUMNS = (
    "Project",
    "Client",
    "Status",
    "Health",
    "Done",
    "Next milestone",
    "Due",
    "Late",
    "Slip",
    "Wait",
    "Chk-in",
    "Risk",
    "Sat",
)
GAP = "  "  # between columns
# Cells of each column; None for the three text columns (project, client, next
# milestone), which share what is left (STRETCH) but get at least MIN_TEXT.
CELLS = (None, None, 6, 7, 4, None, 14, 4, 5, 4, 6, 4, 3)
FIXED = sum(c for c in CELLS if c is not None)
SLIP_CELLS = 5  # "+12d", "+123d"
NO_HISTORY = HistoryIndex(IndexData())  # slips from the plan alone: due - baseline_due needs no git
STRETCH = (0.45, 0.15, 0.4)
STATUS_SHORT = {"planned": "plan", "active": "act", "on_hold": "hold", "done": "done", "cancelled": "canc"}
MIN_TEXT = (14, 8, 12)


def text_widths(width: int) -> tuple[int, int, int]:
    """Widths of the project, client and next-milestone columns for a terminal ``width``."""
    free = max(width - FIXED - 2 * len(COLUMNS) - 6, 0)  # scrollbar and a margin
    return tuple(max(m, int(free * share)) for m, share in zip(MIN_TEXT, STRETCH))  # type: ignore[return-value]


def column_widths(width: int) -> list[int]:
    """Cells of every column for a terminal ``width``: the fixed ones, the text ones from text_widths."""
    text = iter(text_widths(width))
    return [max(cell_len(name), next(text) if cells is None else cells) for name, cells in zip(COLUMNS, CELLS)]


def table_line(cells: list[Text], widths: list[int]) -> Text:
    """One line of the table: each cell cut or padded to its column (right-aligned when its
    ``justify`` says so), GAP between columns."""
    line = Text(" ", no_wrap=True)
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


def row_cells(
    s: ProjectSummary, widths: tuple[int, int, int] = (30, 16, 28), variance: ProjectVariance | None = None
) -> list[Text]:
    title_w, client_w, next_w = widths
    health = Text("● " + s.health, style=HEALTH_STYLE.get(s.health, ""))
    progress = Text(f"{s.progress:4.0%}", justify="right")
    late = "red" if s.next_milestone_distance and "late" in s.next_milestone_distance else ""
    due = Text(s.next_milestone_due.strftime("%m-%d") if s.next_milestone_due else "", style=late)
    if s.next_milestone_distance:
        due.append(f" {short_distance(s.next_milestone_distance)}", style=late or "dim")
    if s.days_since_check_in is None:
        check_in = Text("never", style="yellow")
    else:
        check_in = Text(f"{s.days_since_check_in}/{s.check_in_every}d", style="red" if s.check_in_overdue else "")
    risk_style = "bold red" if s.top_risk_score >= 15 else "yellow" if s.top_risk_score >= 8 else ""
    return [
        Text(fit(s.title, title_w)),
        Text(fit(s.client_name or "", client_w)),
        Text(STATUS_SHORT.get(s.status, s.status[:4]), style="" if s.status == "active" else "dim"),
        health,
        progress,
        Text(fit(s.next_milestone_title or "", next_w)),
        due,
        Text(str(s.overdue), style="red" if s.overdue else "dim", justify="right"),
        slip_cell(variance),
        Text(str(s.waiting_on_client), style="yellow" if s.waiting_on_client else "dim", justify="right"),
        check_in,
        Text(str(s.top_risk_score or ""), style=risk_style, justify="right"),
        Text(str(s.satisfaction or ""), style="red" if s.satisfaction and s.satisfaction <= 2 else "", justify="right"),
    ]


def short_distance(text: str) -> str:
    """ "in 3 days" -> "in 3d", "5 days late" -> "5d late", "2 weeks late" -> "2w late"."""
    for long, short in ((" days", "d"), (" day", "d"), (" weeks", "w"), (" months", "mo")):
        text = text.replace(long, short)
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
    """The dashboard's lines for ``shown`` on a terminal ``width`` cells wide.

    A row's line, and the Slip column's variance in it, is made when first
    asked for: the screen asks for the rows it draws, not for all of them.
    """

    def __init__(self, ws: Workspace, shown: list[ProjectSummary], width: int) -> None:
        self.ws, self.shown, self.width = ws, shown, width
        self.widths = column_widths(width)
        self._variance: dict[str, ProjectVariance] = {}

    @property
    def line_width(self) -> int:
        """Cells of a whole line."""
        return sum(self.widths) + len(GAP) * (len(self.widths) - 1) + 1

    def header(self) -> Text:
        return table_line([Text(c) for c in COLUMNS], self.widths)

    def line(self, index: int) -> Text:
        return table_line(self.cells(index), self.widths)

    def cells(self, index: int) -> list[Text]:
        """The cells of row ``index``, one per column of COLUMNS."""
        s = self.shown[index]
        return row_cells(s, text_widths(self.width), self.variance(s.project_id))

    def variance(self, project_id: str) -> ProjectVariance | None:
        """The Slip column's numbers, from the plan alone (due - baseline needs no git), worked out when first shown."""
        v = self._variance.get(project_id)
        if v is None and project_id in self.ws.projects:
            v = self._variance[project_id] = project_variance(NO_HISTORY, self.ws, project_id)
        return v

    def why(self, index: int, history: HistoryIndex | None = None) -> Text:
        """The reasons panel for row ``index``: health, title, slip and the first reasons."""
        s = self.shown[index]
        text = Text()
        text.append(f"{s.health.upper()} ", style=HEALTH_STYLE.get(s.health, ""))
        text.append(
            fit(s.title, max(self.width - 40, 20)), "bold"
        )  # a 10,000-character title must leave room for the reasons
        text.append_text(self.slip_words(s.project_id, history))
        for reason in s.reasons[:4]:
            text.append("\n  • ")
            text.append_text(safe(reason.text()))
        return text

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
