"""The audit trail: who changed which field of which record, when, and why.

Derived from the file versions in git, not from commit messages, so hand
edits count exactly like edits made in ducu; the ``Ducu-Reason`` trailer of
a commit, when there is one, is the why. ``build_index`` reads the history
once and caches it in the git dir (see history/index.py for how); the
queries below are plain list walks over the index.

    index = build_index(root)
    index.item("acme-crm/data-export-k3f9", "due")   # newest first
    index.project("acme-crm")                        # the project's activity feed
    index.person("bob", ws)                          # what Bob changed (by his git emails)
    index.last_change("acme-crm/data-export-k3f9", "due")

Refs: "acme-crm" is the [project] table, "acme-crm/<item-id>" an item (a
risk's steps are its fields "steps.<n>.<key>"), "people/<handle>",
"clients/<id>", "workspace" the [workspace] table and "workspace/<step>" a
step of the escalation ladder, "reviews/<stem>" a review's minutes.

Trust: each change carries the signature status git reported for its
commit (``%G?``) and a plain word for it; nothing here checks signatures
itself or claims more than git said. The status is the one git gave when
the commit was first indexed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from typing import Any

import msgspec

from workspace_schema.core import records as R
from workspace_schema.core.clock import local_time
from workspace_schema.history.index import BuildStats, Commit, IndexData, Note, Progress, Row, build
from workspace_schema.history.versions import fields_of, unpack

# git's %G? letters, and the plain word ducu shows for each.
TRUST = {
    "G": "good",  # a good signature from a key the keyring trusts
    "B": "bad",  # the signature does not match the commit
    "U": "untrusted",  # a good signature, key of unknown validity
    "X": "expired",  # a good signature that has expired
    "Y": "expired-key",  # a good signature by an expired key
    "R": "revoked-key",  # a good signature by a revoked key
    "E": "unchecked",  # signed, but git could not check it (missing key or tool)
    "N": "none",  # not signed
}


class FieldChange(msgspec.Struct, frozen=True, kw_only=True):
    """One change of one field (or one record added, removed or renamed) in one commit."""

    ref: str  # "acme-crm/data-export-k3f9", "acme-crm", "people/alice"
    field: str  # "due", "raci.accountable", "steps.2.done"; "" when change is added / removed / renamed
    change: str  # "set" | "added" | "removed" | "renamed"
    old: Any  # added: None; removed: the record's fields {name: value}; renamed: the old ref
    new: Any  # added: the record's fields; removed: None; renamed: the new ref
    table: str  # "milestones", "tasks", "project", "people", ...
    file: str  # the file as the commit named it
    sha: str
    author: str  # as git recorded it (not the mailmap)
    email: str
    date: dt.datetime  # author date, in the author's UTC offset
    day: dt.date  # the author date's day in the workspace's timezone: what lists and reports show
    reason: str | None  # the commit's Ducu-Reason trailer
    subject: str
    by_ducu: bool  # the commit carries ducu's trailers; False for a hand edit
    signature: str  # git's %G? letter
    trust: str  # TRUST[signature]
    chosen: bool = False  # a merge kept this value over the other side's (old), which had changed it too: no new value

    @property
    def short(self) -> str:
        return self.sha[:7]

    def value(self, name: str | None = None) -> tuple[Any, Any]:
        """(old, new) of the field ``name`` (this change's own field by default), also for added / removed records."""
        name = name or self.field
        if self.change == "set":
            return (self.old, self.new) if name == self.field else (None, None)
        if self.change == "added":
            return None, (self.new or {}).get(name)
        if self.change == "removed":
            return (self.old or {}).get(name), None
        return None, None


class HistoryIndex:
    """Field-level history of a workspace, oldest commit first inside, newest first out."""

    def __init__(self, data: IndexData, stats: BuildStats | None = None, *, timezone: str = "UTC") -> None:
        self.data = data
        self.timezone = timezone  # the workspace's: a change's day is the day there
        self.stats = stats or BuildStats(mode="cached", processed=0, seconds=0.0)
        self._by_base: dict[str, list[int]] | None = None
        self._renames: dict[str, list[tuple[str, int]]] | None = None

    # --- what the index holds ------------------------------------------------

    @property
    def head(self) -> str:
        return self.data.head

    @property
    def notes(self) -> list[Note]:
        """Versions that were skipped (did not parse, missing from a shallow clone), oldest first."""
        return self.data.notes

    @property
    def commits(self) -> list[Commit]:
        return self.data.commits

    def __len__(self) -> int:
        return len(self.data.rows)

    def refs(self) -> set[str]:
        return {row.ref for row in self.data.rows}

    # --- queries ---------------------------------------------------------------

    def item(self, ref: str, field: str | None = None, since: dt.date | str | None = None) -> list[FieldChange]:
        """Changes of one record, newest first; with ``field``, that field (and its sub-fields) plus the record's additions and removals."""
        rows = [
            row
            for row in self._rows_of(_split_ref(ref)[0])
            if row.ref == ref and (field is None or _field_matches(row, field))
        ]
        return self._changes(rows, since)

    def project(
        self, project_id: str, since: dt.date | str | None = None, field: str | None = None
    ) -> list[FieldChange]:
        """The activity feed of a project, newest first: its file's changes and its reviews' minutes."""
        rows = list(self._rows_of(project_id))
        suffix = f"-{project_id}"
        for base, numbers in self._bases().items():
            if base.startswith("reviews/") and base.endswith(suffix):
                rows += [self.data.rows[n] for n in numbers]
        if field is not None:
            rows = [row for row in rows if _field_matches(row, field)]
        return self._changes(rows, since)

    def person(
        self, handle_or_email: str, ws: R.Workspace, since: dt.date | str | None = None, field: str | None = None
    ) -> list[FieldChange]:
        """What one person changed, newest first, matched by the git author email against people.toml.

        A handle matches every email people.toml lists for that person; an
        email matches itself and the other emails of the person who has it.
        A name people.toml does not know matches git author names (case-insensitive).
        """
        mine = authored_by(handle_or_email, ws)
        commits = self.data.commits
        wanted = {n for n, c in enumerate(commits) if mine(c.author, c.email)}
        rows = [row for row in self.data.rows if row.commit in wanted and (field is None or _field_matches(row, field))]
        return self._changes(rows, since)

    def last_change(self, ref: str, field: str) -> FieldChange | None:
        """The newest change of ``field`` (or the record's addition) — "changed by Bob on 2026-11-20 (a1b2c3d)"."""
        changes = self.item(ref, field)
        return changes[0] if changes else None

    def rows_of_project(self, project_id: str) -> list[Row]:
        """Every row of the project's file, following renames, oldest first (for slips and the trend chart)."""
        return list(self._rows_of(project_id))

    def commit_day(self, number: int) -> dt.date:
        """The day of commit ``number``'s author date in the workspace's timezone."""
        return local_time(_parse_date(self.data.commits[number].date), self.timezone).date()

    def change(self, row: Row) -> FieldChange:
        commit = self.data.commits[row.commit]
        date = _parse_date(commit.date)
        return FieldChange(
            ref=row.ref,
            field=row.field,
            change=row.change,
            old=unpack(row.old),
            new=unpack(row.new),
            table=row.table,
            file=row.file,
            sha=commit.sha,
            author=commit.author,
            email=commit.email,
            date=date,
            day=local_time(date, self.timezone).date(),
            reason=commit.reason or None,
            subject=commit.subject,
            by_ducu=commit.by_ducu,
            signature=commit.signature,
            trust=TRUST.get(commit.signature, "unknown"),
            chosen=row.chosen,
        )

    # --- internals ------------------------------------------------------------

    def _changes(self, rows: Iterable[Row], since: dt.date | str | None) -> list[FieldChange]:
        if since is not None:
            first = since if isinstance(since, dt.date) else dt.date.fromisoformat(since)
            days: dict[int, dt.date] = {}
            for row in rows:
                if row.commit not in days:
                    days[row.commit] = self.commit_day(row.commit)
            rows = [row for row in rows if days[row.commit] >= first]
        ordered = sorted(rows, key=lambda row: row.commit, reverse=True)  # stable: a commit's rows keep their order
        return [self.change(row) for row in ordered]

    def prepare(self) -> HistoryIndex:
        """Build the lookup the queries share now (the app does, in its worker), not at the first query."""
        self._bases()
        return self

    def _bases(self) -> dict[str, list[int]]:
        if self._by_base is None:
            by_base: dict[str, list[int]] = {}
            renames: dict[str, list[tuple[str, int]]] = {}
            for n, row in enumerate(self.data.rows):
                by_base.setdefault(_split_ref(row.ref)[0], []).append(n)
                if row.change == "renamed" and isinstance(row.old, str) and isinstance(row.new, str):
                    renames.setdefault(_split_ref(row.new)[0], []).append((_split_ref(row.old)[0], row.commit))
            self._by_base, self._renames = by_base, renames
        return self._by_base

    def _rows_of(self, base: str) -> list[Row]:
        """Rows whose ref is ``base`` or under it, plus those of the names it had before a rename (up to the rename)."""
        by_base = self._bases()
        rows = self.data.rows
        out: list[int] = list(by_base.get(base, ()))
        seen = {base}
        todo = [(base, len(self.data.commits))]
        while todo:
            name, cutoff = todo.pop()
            for old, at in (self._renames or {}).get(name, ()):
                if at > cutoff or old in seen:
                    continue
                seen.add(old)
                out += [n for n in by_base.get(old, ()) if rows[n].commit < at]
                todo.append((old, at))
        out.sort()
        return [rows[n] if _split_ref(rows[n].ref)[0] == base else _under(rows[n], base) for n in out]


def _under(row: Row, base: str) -> Row:
    """A row recorded under a project's earlier name, shown under the current one."""
    _, sep, rest = _split_ref(row.ref)
    return Row(
        row.commit, row.change, f"{base}{sep}{rest}", row.table, row.field, row.old, row.new, row.file, row.chosen
    )


def _split_ref(ref: str) -> tuple[str, str, str]:
    """ "acme-crm/x" -> ("acme-crm", "/", "x"); "people/alice" -> ("people/alice", "", "") is a base of its own."""
    head, sep, rest = ref.partition("/")
    if head in ("people", "clients", "reviews"):
        inner, sep2, rest2 = rest.partition("/")
        if head == "reviews":
            return f"{head}/{inner}", sep2, rest2
        return ref, "", ""
    return head, sep, rest


def _field_matches(row: Row, field: str) -> bool:
    """A set of ``field`` (or a sub-field), or the addition / removal of a record that has it."""
    if row.change == "set":
        return row.field == field or row.field.startswith(field + ".")
    fields = fields_of(row.new if row.change == "added" else row.old if row.change == "removed" else None)
    if fields is None:
        return False
    prefix = field + "."
    return field in fields or any(name.startswith(prefix) for name in fields)


def _parse_date(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def emails_of(handle_or_email: str, ws: R.Workspace) -> set[str]:
    """Every git email of a person (lower case), from a handle, a people.toml name or one of their emails; empty when unknown."""
    who = handle_or_email.strip()
    if "@" in who:
        email = who.lower()
        for person in ws.people.values():
            mine = {e.lower() for e in person.emails}
            if email in mine:
                return mine
        return {email}
    known = ws.people.get(who) or next(
        (p for p in ws.people.values() if p.name and p.name.casefold() == who.casefold()), None
    )  # a handle, else the name people.toml gives
    return {e.lower() for e in known.emails} if known else set()


def authored_by(handle_or_email: str, ws: R.Workspace) -> Callable[[str, str], bool]:
    """A test of (git author name, email) for one person: by their people.toml emails, else by git name."""
    emails = emails_of(handle_or_email, ws)
    if emails:
        return lambda name, email: email.lower() in emails
    wanted = handle_or_email.strip().lower()
    return lambda name, email: name.lower() == wanted


def person_of(email: str, ws: R.Workspace) -> str | None:
    """The handle whose people.toml emails include ``email``, if any."""
    email = email.lower()
    for handle, person in ws.people.items():
        if any(e.lower() == email for e in person.emails):
            return handle
    return None


def build_index(
    root: str | os.PathLike[str],
    *,
    on_progress: Progress | None = None,
    use_cache: bool = True,
    timezone: str = "UTC",
) -> HistoryIndex:
    """The history of the workspace at ``root`` (which may be a folder inside the repository).

    Reads only the commits since the cached build, or all of them the first
    time (``on_progress(done, total)`` is called as commits are read).
    ``timezone`` is the workspace's (``ws.settings.timezone``): the day of
    each change is the day there, as the app and the CLI show it.
    Raises git.GitError when ``root`` is not in a git repository.
    """
    data, stats = build(root, on_progress=on_progress, use_cache=use_cache)
    return HistoryIndex(data, stats, timezone=timezone)


# --- plain text for people (the command line and the app) -------------------------

KIND_NAMES = {
    "milestones": "milestone",
    "tasks": "task",
    "goals": "goal",
    "risks": "risk",
    "changes": "change request",
    "log": "log entry",
    "people": "person",
    "clients": "client",
    "project": "project",
    "escalation": "escalation step",
    "outcomes": "review outcome",
    "review": "review",
    "workspace": "workspace",
}


def show(value: Any, limit: int = 60) -> str:
    """A value as a person reads it: dates as 2026-12-11, text quoted and cut, "(none)" for nothing."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, str):
        text = "".join(ch if ch.isprintable() else " " for ch in value)
        return '"' + (text if len(text) <= limit else text[: limit - 1] + "…") + '"'
    if isinstance(value, list):
        return "[" + ", ".join(show(v, 20) if not isinstance(v, str) else v for v in value) + "]"
    if isinstance(value, dict):
        return f"{{{len(value)} fields}}"
    return str(value)


def describe(change: FieldChange, field: str | None = None) -> str:
    """ "due 2026-12-04 -> 2026-12-11", "added milestone \"Go-live\"", "renamed acme -> acme-crm"."""
    if change.change == "set":
        return f"{change.field} {show(change.old)} -> {show(change.new)}" + (
            " (chosen in a merge)" if change.chosen else ""
        )
    if change.change == "renamed":
        return f"renamed {change.old} -> {change.new}"
    kind = KIND_NAMES.get(change.table, change.table)
    fields = (change.new if change.change == "added" else change.old) or {}
    if field:
        value = change.value(field)[1 if change.change == "added" else 0]
        return f"{change.change} {kind}" + (f", {field} {show(value)}" if value is not None else "")
    title = fields.get("title") or fields.get("summary") or fields.get("name") or fields.get("text")
    return f"{change.change} {kind}" + (f" {show(title)}" if isinstance(title, str) and title else "")


__all__ = [
    "TRUST",
    "BuildStats",
    "FieldChange",
    "HistoryIndex",
    "Note",
    "authored_by",
    "build_index",
    "describe",
    "emails_of",
    "person_of",
    "show",
]
