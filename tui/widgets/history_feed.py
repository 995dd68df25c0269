"""The History view's feed: the list of changes and how one change reads, as a line and in full.

One line per change: date, who, which record, field old → new, why (wide
screens), the commit and what git said of its signature (wide screens). The
detail under the list tells the selected change in four lines.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive

from tui.render.history_facts import (
    CHOSEN,
    TRUST_CELLS,
    change_words,
    item_label,
    trust_text,
    value_text,
    who,
)
from tui.render.text import clean, pad, safe
from tui.widgets.line_list import LineList
from workspace_schema.core import records as R
from workspace_schema.history.trail import KIND_NAMES, FieldChange, person_of

WIDE = 110  # from this many cells the feed has the reason and trust columns
DATE_CELLS = 10
SHA_CELLS = 7


class FeedList(LineList):
    """The feed's lines.

    The cursor does not repaint the whole list (LineList's reactive does):
    watch_cursor already redraws the two lines that change, which keeps a
    key press at two lines drawn instead of a screenful.
    """

    AREA = "history"
    cursor: reactive[int] = reactive(0, repaint=False)


def widths(width: int) -> tuple[int, int, int, int, int]:
    """Cells of author, item, change, reason (0: no column) and trust (0: none) for a feed ``width``."""
    if width >= WIDE:
        author, item, trust = 14, 24, TRUST_CELLS
        flex = width - (1 + DATE_CELLS + 1 + author + 1 + item + 1 + 1 + 1 + SHA_CELLS + 1 + trust)
        change = max(flex * 3 // 5, 10)
        return author, item, change, max(flex - change, 0), trust
    author, item = (12, 20) if width >= 90 else (10, 16)
    change = width - (1 + DATE_CELLS + 1 + author + 1 + item + 1 + 1 + SHA_CELLS)
    return author, item, max(change, 8), 0, 0


def columns_line(width: int) -> Text:
    """The column titles over a feed ``width`` cells wide."""
    author, item, change, reason, trust = widths(width)
    out = Text(no_wrap=True, style="dim")
    out.append(
        " "
        + pad("date", DATE_CELLS)
        + " "
        + pad("who", author)
        + " "
        + pad("record", item)
        + " "
        + pad("change", change)
        + " "
    )
    if reason:
        out.append(pad("why", reason) + " ")
    out.append(pad("commit", SHA_CELLS))
    if trust:
        out.append(" " + pad("signature", trust))
    return out


def feed_line(change: FieldChange, ws: R.Workspace, width: int) -> Text:
    """``change`` as one line of the feed, ``width`` cells at most."""
    author, item, words, reason, trust = widths(width)
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(" " + change.day.isoformat() + " ")
    out.append(pad(who(change, ws), author) + " ")
    out.append(pad(item_label(change, ws, item), item), style="bold" if change.change == "set" else "")
    out.append(" ")
    verb_style = {"added": "green", "removed": "red", "renamed": "magenta"}.get(
        change.change, "cyan" if change.chosen else ""
    )
    out.append(pad(change_words(change, 24), words), style=verb_style)
    out.append(" ")
    if reason:
        out.append(pad(change.reason or "", reason), style="italic")
        out.append(" ")
    out.append(change.short, style="dim")
    if trust:
        out.append(" ")
        word = trust_text(change)
        if not word.plain:
            word = Text("unsigned", style="dim")
        word.truncate(trust, pad=True)
        out.append_text(word)
    out.truncate(width, overflow="ellipsis")
    return out


def change_detail(change: FieldChange, ws: R.Workspace, width: int) -> Text:
    """``change`` in full, four lines of ``width`` cells at most: the record, old → new, who and when, why."""
    first = Text(no_wrap=True, overflow="ellipsis")
    kind = KIND_NAMES.get(change.table, change.table)
    first.append(f"{kind} ", style="dim")
    first.append_text(safe(change.ref.partition("/")[2] or change.ref, "bold"))
    label = item_label(change, ws, 80)
    if label and label != (change.ref.partition("/")[2] or change.ref):
        first.append(" · ")
        first.append_text(safe(label))
    second = Text(no_wrap=True, overflow="ellipsis")
    if change.change == "set":
        second.append(clean(change.field), style="bold")
        second.append(f" {value_text(change.old, 60)} → {value_text(change.new, 60)}")
        if change.chosen:
            second.append(f" {CHOSEN}", style="cyan")
    else:
        second.append(change_words(change, 60))
    third = Text(no_wrap=True, overflow="ellipsis")
    third.append("by ")
    third.append(clean(who(change, ws)), style="bold")
    handle = person_of(change.email, ws)
    third.append_text(safe(f" <{change.email}>" if change.email else "", "dim"))
    if handle is None:
        third.append(" (not in people.toml)", style="dim")
    third.append(f" on {change.date.strftime('%Y-%m-%d %H:%M %z')} · commit {change.sha[:12]} · ")
    word = trust_text(change)
    third.append_text(word if word.plain else Text("unsigned", style="dim"))
    third.append(" · made in ducu" if change.by_ducu else " · a hand edit", style="dim")
    fourth = Text(no_wrap=True, overflow="ellipsis")
    if change.reason:
        fourth.append("why: ", style="dim")
        fourth.append(clean(change.reason), style="italic")
    else:
        fourth.append("no reason given", style="dim")
    fourth.append(" · ", style="dim")
    fourth.append_text(safe(change.subject, "dim"))
    lines = [first, second, third, fourth]
    for line in lines:
        line.truncate(width, overflow="ellipsis")
    return Text("\n").join(lines)
