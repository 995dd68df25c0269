"""What the conflict resolver draws: its title, one line per file or field, and the detail of a field.

Pure functions from the conflicts (workspace_schema.merge.resolve) and the choices
made so far to Rich Text; every value and name goes through tui.render.text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text

from tui.render.text import clean, fit, pad, safe
from workspace_schema.edit.storage import EditError, render_value
from workspace_schema.merge.resolve import Choice, FileConflict


@dataclass(frozen=True)
class Row:
    kind: str  # "file" (a header), "field", "editor" (a file to fix in the editor)
    fi: int
    ci: int = -1


def rows_of(files: list[FileConflict]) -> list[Row]:
    rows: list[Row] = []
    for fi, fc in enumerate(files):
        rows.append(Row("file", fi))
        if fc.editor_only:
            rows.append(Row("editor", fi))
        rows += [Row("field", fi, c.index) for c in fc.fields]
    return rows


def show_value(value: Any) -> str:
    """A side's value as TOML text ("(none)" where that side has no such key)."""
    if value is None:
        return "(none)"
    try:
        return render_value(value)
    except EditError:
        return str(value)


def title_text(files: list[FileConflict], done: list[bool], *, busy: bool, merging: bool) -> Text:
    text = Text()
    if busy:
        text.append("Committing the merge and syncing…", style="bold")
        return text
    if not files:
        text.append(
            "Every conflict is resolved: w commits the merge and syncs."
            if merging
            else "No merge is waiting for a resolution. escape goes back.",
            style="bold",
        )
        return text
    fields = sum(len(fc.fields) for fc in files)
    editor = sum(1 for fc in files if fc.editor_only)
    left = sum(1 for d in done if not d)
    text.append(f"{fields} field{'s' if fields != 1 else ''} in conflict", style="bold red")
    if editor:
        text.append(f", {editor} file{'s' if editor != 1 else ''} to fix in your editor", style="bold red")
    text.append(f" · {left} of {len(files)} file{'s' if len(files) != 1 else ''} left to write")
    text.append(" · nothing is written until you confirm a file", style="dim")
    return text


def row_text(fc: FileConflict, row: Row, choices: dict[int, Choice], done: bool) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    if row.kind == "file":
        text.append_text(safe(fc.file, "bold"))
        if fc.theirs_by:
            text.append("  theirs by ", style="dim")
            text.append_text(safe(fc.theirs_by, "dim"))
        if done:
            text.append("  ✓ written", style="bold green")
        elif fc.editor_only:
            text.append("  resolve in your editor", style="bold yellow")
        else:
            n = len(choices)
            text.append(f"  {n} of {len(fc.fields)} chosen", style="bold" if n == len(fc.fields) else "")
        return text
    if row.kind == "editor":
        text.append("  ✎ ", style="bold yellow")
        text.append("resolve in your editor (o): ", style="bold")
        text.append_text(safe(fc.note))
        return text
    c = fc.fields[row.ci]
    choice = choices.get(row.ci)
    text.append("  ● " if choice else "  ○ ", style="bold green" if choice else "bold red")
    text.append(pad(c.item, 26))
    text.append(" ")
    text.append(pad(c.field or "(whole record)", 18), style="bold")
    text.append(" ours ", style="dim")
    text.append(pad(show_value(c.ours), 16))
    text.append(" theirs ", style="dim")
    text.append(pad(show_value(c.theirs), 16))
    if choice:
        text.append(" → ", style="dim")
        text.append(fit(choice.describe(), 18), style="bold green")
    return text


def detail_text(fc: FileConflict, row: Row, choice: Choice | None, width: int) -> Text:
    """The selected line in full: base, ours (you), theirs (who), and the choice so far."""
    text = Text()
    if row.kind != "field":
        text.append_text(safe(fc.file, "bold"))
        if fc.editor_only:
            text.append("\n")
            text.append_text(safe(fc.note))
            text.append(
                "\no opens it in your editor; once it is saved without conflict markers ducu stages it (w: fixed elsewhere).",
                style="dim",
            )
        return text
    c = fc.fields[row.ci]
    width = max(width - 16, 20)
    text.append_text(safe(fc.file, "dim"))
    text.append(" · ")
    text.append_text(safe(c.item, "bold"))
    if c.title:
        text.append(" ")
        text.append_text(safe(f'"{fit(c.title, 50)}"'))
    text.append(" · ")
    text.append_text(safe(c.field or "the whole record (removed on one side, changed on the other)", "bold"))
    for label, value, who, style in (
        ("base", c.base, "before either change", "dim"),
        ("ours", c.ours, "you", ""),
        ("theirs", c.theirs, fc.theirs_by or "them", ""),
    ):
        text.append(f"\n  {label:<7} ", style="bold")
        text.append(fit(show_value(value), width - len(who) - 4), style=style)
        text.append(f"  ({clean(who)})", style="dim")
    text.append("\n  choice  ", style="bold")
    if choice:
        text.append(fit(choice.describe(), width), style="bold green")
    else:
        text.append("none yet: o ours · t theirs · e type a value", style="yellow")
    return text
