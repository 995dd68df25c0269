"""A change request's impact in lines: what approving it moves, the project's due, warnings, who decides.

The Changes view shows these in its impact pane under the list, for the
change under the cursor, and the approve question repeats them. They say
what ``ducu change impact PROJECT/CHANGE`` prints, in the same order.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from tui.render.text import clean, fit, safe
from workspace_schema.changes import Impact
from workspace_schema.core.dates import counted, signed_days
from workspace_schema.core.records import ChangeRequest

MOVES_SHOWN = 5  # more moves than this end in "… and N more" (the CLI lists them all)
ID_CELLS = 24  # an item id longer than this is cut in its column


def impact_heading(change: ChangeRequest, imp: Impact) -> Text:
    """``If approved · decides: wangwei, raj``, or who decided and that the moves are as the plan stands now."""
    line = Text(no_wrap=True, overflow="ellipsis")
    if change.status == "proposed":
        line.append("If approved", "bold")
        who = ", ".join(clean(h) for h in imp.accountable) or "anyone (no accountable, no project owner)"
        line.append(f" · decides: {who}", "dim")
        return line
    verb = "Approved" if change.status == "approved" else clean(change.status).capitalize()
    line.append(f"{verb} by {clean(change.decided_by or 'nobody recorded')}", "bold")
    if change.decided_on:
        line.append(f" on {change.decided_on}", "bold")
    if change.status == "approved":
        line.append(" · " + ("what it moved" if change.moved_from else "its moves as the plan stands now"), "dim")
    else:
        line.append(" · nothing moved; approving it would have moved:", "dim")
    return line


def impact_lines(imp: Impact, *, limit: int | None = MOVES_SHOWN) -> list[Text]:
    """One line per move (``id  old → new  +N days  requested  title``), the project's due, the warnings.

    ``limit`` moves at most (then "… and N more"); None for all of them.
    """
    lines: list[Text] = []
    cells = min(max((cell_len(clean(m.item_id)) for m in imp.moves), default=0), ID_CELLS)
    shown = imp.moves if limit is None else imp.moves[:limit]
    for m in shown:
        line = Text(no_wrap=True, overflow="ellipsis")
        name = fit(m.item_id, cells)
        line.append(name + " " * (cells - cell_len(name)), "bold")
        line.append(f"  {m.old_due or '(none)'} → {m.new_due}  ")
        line.append(f"{signed_days(m.days):>9}", "yellow" if m.days > 0 else "")
        line.append(f"  {clean(m.reason)}", "dim")
        if m.title and m.title != m.item_id:
            line.append("  ")
            line.append_text(safe(m.title, "dim"))
        lines.append(line)
    if len(shown) < len(imp.moves):
        lines.append(Text(f"… and {counted(len(imp.moves) - len(shown), 'more move')}", style="dim"))
    if not imp.moves:
        lines.append(Text("moves no dates", style="dim"))
    if imp.project_due_moves:
        line = Text(f"project due {imp.project_due_old} → {imp.project_due_new}", style="bold yellow")
        line.append(f" ({signed_days(imp.project_days)})")
        lines.append(line)
    elif imp.project_due_old:
        lines.append(Text(f"project due stays {imp.project_due_old}", style="dim"))
    lines += [Text(f"⚠ {clean(w)}", style="yellow", no_wrap=True, overflow="ellipsis") for w in imp.warnings]
    return lines
