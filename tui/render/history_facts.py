"""What the views say about history: the last change of a field, slips, the feed, in words.

The history index (workspace_schema.history.trail) answers queries with list
walks; views ask on every cursor move, so ``facts(index)`` keeps, per index,
what they need as dicts built once per project: the newest change of each
(ref, field), the project's feed, its slips. A lookup is then a dict get.
Nothing here imports Textual; the text is Rich Text built through tui.render.text.
"""

from __future__ import annotations

import weakref
from typing import Any

from rich.text import Text

from tui.render.text import clean, fit
from workspace_schema.core import records as R
from workspace_schema.history.index import Row
from workspace_schema.history.slips import MilestoneSlip, slips
from workspace_schema.history.trail import KIND_NAMES, FieldChange, HistoryIndex, person_of, show
from workspace_schema.history.versions import unpack

# git's %G? letter -> what the trust column says. Only "G" (a good signature
# from a key git trusts) is called signed; nothing is claimed for the others
# beyond the word git's letter stands for.
TRUST_TEXT = {
    "G": ("✓ signed", "green"),
    "B": ("✗ bad sig", "bold red"),
    "U": ("untrusted", "yellow"),
    "X": ("sig expired", "yellow"),
    "Y": ("key expired", "yellow"),
    "R": ("key revoked", "red"),
    "E": ("unchecked", "dim"),
}
TRUST_CELLS = 11


def trust_text(change: FieldChange) -> Text:
    """ "✓ signed" for git's G, the word for another signature state, nothing for an unsigned commit."""
    word, style = TRUST_TEXT.get(change.signature, ("", ""))
    return Text(word, style=style, no_wrap=True)


def who(change: FieldChange, ws: R.Workspace | None) -> str:
    """The person's name from people.toml (by git email), else the name git recorded."""
    if ws is not None:
        handle = person_of(change.email, ws)
        if handle is not None:
            return ws.people[handle].name or handle
    return change.author or change.email or "?"


def name_of(handle_or_name: str, ws: R.Workspace | None) -> str:
    """A people.toml handle as the person's name; anything else as it is."""
    person = ws.people.get(handle_or_name) if ws is not None else None
    return (person.name or handle_or_name) if person is not None else handle_or_name


def short_name(handle_or_name: str, ws: R.Workspace | None) -> str:
    """ "Bob Kim" -> "Bob" (first word), for lists of several people."""
    name = name_of(handle_or_name, ws)
    return name.split()[0] if name.split() else name


def value_text(value: Any, limit: int = 40) -> str:
    return clean(show(value, limit))


CHOSEN = "(chosen in a merge)"  # a merge kept this value over the other side's change (history/merges.py)


def change_words(change: FieldChange, limit: int = 40) -> str:
    """ "due 2026-12-04 → 2026-12-11", "added milestone", "renamed acme → acme-crm"."""
    if change.change == "set":
        words = f"{change.field} {value_text(change.old, limit)} → {value_text(change.new, limit)}"
        return words + (f" {CHOSEN}" if change.chosen else "")
    if change.change == "renamed":
        return f"renamed {clean(change.old)} → {clean(change.new)}"
    kind = KIND_NAMES.get(change.table, change.table)
    return f"{change.change} {kind}"


def last_change_text(change: FieldChange | None, field: str, ws: R.Workspace | None, *, reason: bool = True) -> Text:
    """ "due changed by Bob Kim on 2026-11-20 (a1b2c3d)" — or added / removed by, or not committed yet."""
    out = Text(no_wrap=True, end="")
    if change is None:
        out.append(f"{field}: not in the history yet (not committed)", style="dim")
        return out
    verb = {"set": f"{field} changed", "added": "added", "removed": "removed", "renamed": "renamed"}.get(
        change.change, change.change
    )
    out.append(f"{verb} by ")
    out.append(clean(who(change, ws)), style="bold")
    out.append(f" on {change.day.isoformat()} ")
    out.append(f"({change.short})", style="dim")
    if reason and change.reason:
        out.append(" · why: ", style="dim")
        out.append(clean(change.reason))
    return out


def days_words(days: int) -> str:
    return f"{days:+d} day" if abs(days) == 1 else f"{days:+d} days"


def slip_text(slip: MilestoneSlip, ws: R.Workspace | None) -> Text:
    """ "moved 3 times, +9 days (7 working days) past baseline, by Bob, Carol"; empty when there is nothing to say."""
    out = Text(no_wrap=True, end="")
    parts: list[str] = []
    if slip.moves:
        parts.append("moved once" if slip.moves == 1 else f"moved {slip.moves} times")
    if slip.slip_days is not None and slip.slip_working_days is not None:
        if slip.slip_days > 0:
            parts.append(f"{days_words(slip.slip_days)} ({slip.slip_working_days} working days) past baseline")
        elif slip.slip_days < 0:
            parts.append(f"{days_words(slip.slip_days)} ({-slip.slip_working_days} working days) ahead of baseline")
        elif slip.moves:
            parts.append("back on its baseline")
    if not parts:
        return out
    style = "yellow" if slip.slip_days and slip.slip_days > 0 else ""
    out.append(", ".join(parts), style=style)
    if slip.moved_by:
        out.append(", by " + ", ".join(clean(short_name(h, ws)) for h in slip.moved_by))
    return out


class Facts:
    """Lookups over one history index, built per project on first use."""

    def __init__(self, index: HistoryIndex) -> None:
        self.index = index
        self._last: dict[str, dict[tuple[str, str], Row]] = {}
        self._feeds: dict[str, list[FieldChange]] = {}
        self._slips: dict[str, tuple[R.Workspace, dict[str, MilestoneSlip]]] = {}
        self._changes: dict[int, FieldChange] = {}

    def _of(self, row: Row) -> FieldChange:
        key = id(row)
        change = self._changes.get(key)
        if change is None:
            change = self._changes[key] = self.index.change(row)
        return change

    def _base_last(self, base: str) -> dict[tuple[str, str], Row]:
        table = self._last.get(base)
        if table is None:
            table = {}
            for row in self.index.rows_of_project(base):  # oldest first: the newest change wins
                table[(row.ref, "")] = row
                if row.change == "set":
                    for name in _prefixes(row.field):
                        table[(row.ref, name)] = row
                elif row.change in ("added", "removed"):
                    fields = unpack(row.new if row.change == "added" else row.old)
                    if isinstance(fields, dict):
                        for field in fields:
                            for name in _prefixes(field):
                                table[(row.ref, name)] = row
            self._last[base] = table
        return table

    def last(self, ref: str, field: str) -> FieldChange | None:
        """The newest change of ``field`` of ``ref`` (or the record's addition): index.last_change as a dict get."""
        row = self._base_last(_base(ref)).get((ref, field))
        return self._of(row) if row is not None else None

    def newest(self, ref: str) -> FieldChange | None:
        """The newest change of any field of ``ref``."""
        return self.last(ref, "")

    def feed(self, project_id: str) -> list[FieldChange]:
        """The project's activity feed, newest first (index.project, kept)."""
        feed = self._feeds.get(project_id)
        if feed is None:
            feed = self._feeds[project_id] = self.index.project(project_id)
        return feed

    def slips(self, ws: R.Workspace, project_id: str) -> dict[str, MilestoneSlip]:
        """Slips of the project's milestones by id, for this plan."""
        kept = self._slips.get(project_id)
        if kept is None or kept[0] is not ws:
            kept = self._slips[project_id] = (ws, {s.milestone: s for s in slips(self.index, ws, project_id)})
        return kept[1]


_FACTS: weakref.WeakKeyDictionary[HistoryIndex, Facts] = weakref.WeakKeyDictionary()


def facts(index: HistoryIndex) -> Facts:
    found = _FACTS.get(index)
    if found is None:
        found = _FACTS[index] = Facts(index)
    return found


def _base(ref: str) -> str:
    """The file-level record a ref lives under, as the index groups them: "acme-crm", "people/bkim", "reviews/<stem>"."""
    head, _, rest = ref.partition("/")
    if head in ("people", "clients"):
        return ref
    if head == "reviews":
        return f"reviews/{rest.partition('/')[0]}"
    return head


def record_history(index: HistoryIndex | None, ws: R.Workspace, ref: str, fields: Any = ()) -> str:
    """For a form's header: "due changed by Raj Patel on 2026-11-24 (0372bf9) · last change: status by …"; "" without history."""
    if index is None:
        return ""
    known = facts(index)
    if "/steps/" in ref:  # a risk's step is fields of the risk
        risk, _, step = ref.rpartition("/steps/")
        record, prefix = risk, f"steps.{step}"
        newest = known.last(risk, prefix)
    else:
        record, prefix = ref, ""
        newest = known.newest(ref)
    if newest is None:
        return "not in the history yet (not committed)"
    parts = []
    due = known.last(record, "due") if "due" in fields and not prefix else None
    if due is not None:
        parts.append(last_change_text(due, "due", ws, reason=False).plain)
    if newest is not due:
        field = newest.field[len(prefix) + 1 :] if prefix and newest.field.startswith(prefix + ".") else newest.field
        what = f"{field} changed" if newest.change == "set" and field else newest.change
        parts.append(f"last change: {what} by {who(newest, ws)} on {newest.day.isoformat()} ({newest.short})")
    return clean(" · ".join(parts))


def _prefixes(field: str) -> list[str]:
    """ "raci.accountable" -> ["raci", "raci.accountable"]."""
    parts = field.split(".")
    return [".".join(parts[: n + 1]) for n in range(len(parts))]


def item_label(change: FieldChange, ws: R.Workspace | None, cells: int) -> str:
    """The record a change is about, as a person reads it: its title now (else its id), cut to ``cells``."""
    base, _, item = change.ref.partition("/")
    if change.table == "project":
        return fit("project", cells)
    if base == "reviews":
        return fit(f"review {item or change.ref[len('reviews/') :]}", cells)
    project = ws.projects.get(base) if ws is not None else None
    record = _record(project, change.table, item) if project is not None else None
    title = getattr(record, "title", None) or getattr(record, "summary", None)
    return fit(title or item or change.ref, cells)


def _record(project: R.Project, table: str, item: str) -> Any:
    records = getattr(project, table, None)
    return records.get(item) if isinstance(records, dict) else None
