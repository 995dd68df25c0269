"""Who-owes-what's rows as Rich Text, without Textual: a group's head line, an item's line, the column names.

The columns follow the list's width (tui/render/columns.py): the item's
title, its due date, how late it is and when it was last nudged always
show; the project and the escalation step narrow first, then the project
goes, then the escalation step (the panel below the list names both).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from rich.cells import cell_len
from rich.text import Text

from tui.render.columns import Column, Placed, drop, plan
from tui.render.text import clean, pad, safe
from workspace_schema.views.nudges import OwedGroup, OwedItem

MARK_CELLS = 3  # "  !": a nudge is due
GAP = 1
COLUMNS = (
    Column("item", "Item", 24, grow=0.6),
    Column("project", "Project", 18, grow=0.1, most=18),  # as wide as the longest id, up to 18
    Column("due", "Due", 10),  # "11-23", "2027-02-12"
    Column("late", "Late", 5),  # "12d"
    Column("nudged", "Nudged", 8),  # "123d ago"
    Column("step", "Escalation now", 14, grow=0.3, most=30),  # "reminder: 王伟"
)
GIVE_WAY = (drop("project"), drop("step"))


def short_day(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return ""
    return day.strftime("%m-%d") if day.year == today.year else day.isoformat()


def nudge_words(it: OwedItem) -> str:
    if it.days_since_nudge is None:
        return "never"
    if it.days_since_nudge == 0:
        return "today"
    return f"{it.days_since_nudge}d ago"


def step_words(it: OwedItem) -> str:
    step = it.step
    if step is None:
        return ""
    who = step.person_name or step.person or step.who or ""
    return f"{step.step}: {who}" if who else step.step


def natural_widths(items: Iterable[OwedItem]) -> dict[str, int]:
    """The longest title, project and escalation step (cells) of ``items``: no text column is wider."""
    out = {"item": 0, "project": 0, "step": 0}
    for it in items:
        out["item"] = max(out["item"], cell_len(clean(it.title)))
        out["project"] = max(out["project"], cell_len(clean(it.project)))
        out["step"] = max(out["step"], cell_len(clean(step_words(it))))
    return out


def owed_plan(width: int, natural: Mapping[str, int] | None = None) -> dict[str, Placed]:
    """The columns of a list ``width`` cells wide, by key, in order."""
    return {p.key: p for p in plan(COLUMNS, width, GIVE_WAY, gap=GAP, lead=MARK_CELLS, natural=natural)}


def header_row(columns: Mapping[str, Placed]) -> Text:
    out = Text(no_wrap=True, overflow="ellipsis", style="bold")
    out.append(" " * MARK_CELLS)
    out.append(" ".join(pad(p.header, p.cells) for p in columns.values()))
    return out


def group_row(g: OwedGroup, width: int) -> Text:
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append("▌ ", "bold magenta" if g.side == "client" else "bold cyan")
    out.append_text(safe(g.name, "bold"))
    out.append(
        f"  {'client' if g.side == 'client' else 'our team' if g.kind == 'person' else 'no owner'}",
        "magenta" if g.side == "client" else "dim",
    )
    n = len(g.items)
    out.append(f" · {n} item{'s' if n != 1 else ''}", "dim")
    if g.overdue:
        out.append(f" · {g.overdue} overdue, worst {g.worst} day{'s' if g.worst != 1 else ''} late", "red")
    out.truncate(width, overflow="ellipsis")
    return out


def item_row(it: OwedItem, columns: Mapping[str, Placed], today: dt.date) -> Text:
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append("  ")
    out.append("!" if it.nudge_due else " ", "bold yellow")
    nudge_style = "bold yellow" if it.nudge_due else "dim" if it.days_since_nudge is None else ""
    cells = {
        "item": (it.title, "bold" if it.days_overdue else ""),
        "project": (it.project, "dim"),
        "due": (short_day(it.due, today), "red" if it.days_overdue else ""),
        "late": (f"{it.days_overdue}d" if it.days_overdue else "", "bold red"),
        "nudged": (nudge_words(it) if it.client_side or it.last_nudge else "", nudge_style),
        "step": (step_words(it), "magenta"),
    }
    for n, (key, p) in enumerate(columns.items()):
        if n:
            out.append(" " * GAP)
        value, style = cells[key]
        out.append(pad(value, p.cells), style)
    return out
