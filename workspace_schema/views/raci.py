"""The accountability (RACI) matrix of a project, and each person's load across projects.

Pure functions over a loaded Workspace; the app's Matrix view draws what
they return. The rules that judge a matrix live in rules/raci.py; this module
only arranges it:

- rows: the project's milestones in due order, each followed by its tasks
  (in due order); tasks whose milestone is missing come last;
- columns: our team first (org == workspace.team), then the project's
  client, then any other organisation, then handles not in people.toml;
  alphabetical inside each group;
- cells: the letters a person holds on a row, "A", "R", "C", "I", or "AR"
  for the accountable person who also does the work;
- load: where a person is responsible or accountable, in every project.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from workspace_schema.core.records import OPEN_ITEM_STATUSES, Milestone, Project, Raci, Task, Workspace

LIVE_PROJECT_STATUSES = frozenset({"planned", "active", "on_hold"})
# The letter of each RACI field, and the order letters are written in a cell.
LETTER = {"accountable": "A", "responsible": "R", "consulted": "C", "informed": "I"}
FIELD = {v: k for k, v in LETTER.items()}
_FAR = dt.date.max


@dataclass(frozen=True)
class Row:
    """One milestone or task of the matrix."""

    item_id: str
    kind: str  # "milestone" | "task"
    title: str
    status: str
    due: dt.date | None
    milestone: str | None  # the milestone a task belongs to (None for milestones)
    has_raci: bool  # False: a task covered by its milestone's row
    cells: dict[str, str] = field(default_factory=dict)  # handle -> "A", "R", "AR", "C", "I"

    @property
    def open(self) -> bool:
        return self.status in OPEN_ITEM_STATUSES


@dataclass(frozen=True)
class Column:
    handle: str
    name: str
    org: str  # "" for a handle that is not in people.toml
    team: bool  # our side


@dataclass(frozen=True)
class Totals:
    accountable: int = 0
    responsible: int = 0


@dataclass(frozen=True)
class Matrix:
    project_id: str
    rows: list[Row]
    columns: list[Column]  # everyone shown, in order
    totals: dict[str, Totals]  # by handle, over this project's rows (dropped items not counted)


@dataclass(frozen=True)
class LoadItem:
    """One item a person is responsible or accountable for."""

    project_id: str
    project_title: str
    item_id: str
    kind: str
    title: str
    letters: str  # "A", "R" or "AR"
    status: str
    due: dt.date | None
    open: bool  # an open item of a live project: it counts towards max_accountable when A

    @property
    def ref(self) -> str:
        return f"{self.project_id}/{self.item_id}"


# --- cells and rows --------------------------------------------------------------


def cell_letters(raci: Raci | None) -> dict[str, str]:
    """Each person of a RACI row with the letters they hold: A, R, C, I in that order ("AR")."""
    cells: dict[str, str] = {}
    if raci is None:
        return cells
    for fname, letter in LETTER.items():
        names = [raci.accountable] if fname == "accountable" else getattr(raci, fname)
        for name in names:
            if name and letter not in cells.get(name, ""):
                cells[name] = cells.get(name, "") + letter
    return cells


def _due_key(item: Milestone | Task, iid: str) -> tuple[dt.date, dt.date, str, str]:
    return (item.due or _FAR, item.start or _FAR, item.title, iid)


def _row(iid: str, kind: str, item: Milestone | Task) -> Row:
    milestone = item.milestone if isinstance(item, Task) else None
    return Row(iid, kind, item.title, item.status, item.due, milestone, item.raci is not None, cell_letters(item.raci))


def matrix_rows(project: Project) -> list[Row]:
    """Milestones in due order, each followed by its tasks; orphan tasks at the end."""
    by_milestone: dict[str, list[tuple[str, Task]]] = {}
    orphans: list[tuple[str, Task]] = []
    for tid, task in project.tasks.items():
        if task.milestone and task.milestone in project.milestones:
            by_milestone.setdefault(task.milestone, []).append((tid, task))
        else:
            orphans.append((tid, task))
    rows: list[Row] = []
    for mid, ms in sorted(project.milestones.items(), key=lambda kv: _due_key(kv[1], kv[0])):
        rows.append(_row(mid, "milestone", ms))
        for tid, task in sorted(by_milestone.get(mid, []), key=lambda kv: _due_key(kv[1], kv[0])):
            rows.append(_row(tid, "task", task))
    for tid, task in sorted(orphans, key=lambda kv: _due_key(kv[1], kv[0])):
        rows.append(_row(tid, "task", task))
    return rows


# --- columns ------------------------------------------------------------------------


def project_people(project: Project, rows: Iterable[Row] | None = None) -> set[str]:
    """Everyone holding a letter in the project's matrix, plus the project owner."""
    people = {h for row in (rows if rows is not None else matrix_rows(project)) for h in row.cells}
    if project.owner:
        people.add(project.owner)
    return people


def column_order(ws: Workspace, handles: Iterable[str], client: str | None = None) -> list[Column]:
    """Our team first, then ``client``'s people, then other orgs (by org id), then unknown handles."""
    team = ws.settings.team

    def key(handle: str) -> tuple[int, str, str]:
        person = ws.people.get(handle)
        if person is None:
            return (3, "", handle)
        if team and person.org == team:
            return (0, "", handle)
        if client and person.org == client:
            return (1, "", handle)
        return (2, person.org, handle)

    columns = []
    for handle in sorted(set(handles), key=key):
        person = ws.people.get(handle)
        org = person.org if person else ""
        columns.append(Column(handle, (person.name if person else "") or handle, org, bool(team) and org == team))
    return columns


def project_totals(rows: Iterable[Row]) -> dict[str, Totals]:
    """How many rows each person is accountable and responsible for (dropped items not counted)."""
    acc: Counter[str] = Counter()
    resp: Counter[str] = Counter()
    for row in rows:
        if row.status == "dropped":
            continue
        for handle, letters in row.cells.items():
            if "A" in letters:
                acc[handle] += 1
            if "R" in letters:
                resp[handle] += 1
    return {h: Totals(acc[h], resp[h]) for h in set(acc) | set(resp)}


def build_matrix(ws: Workspace, project_id: str, *, everyone: bool = False) -> Matrix:
    """The matrix of a project; ``everyone`` shows all people, else only those involved + the owner."""
    project = ws.projects[project_id]
    rows = matrix_rows(project)
    handles = project_people(project, rows)
    if everyone:
        handles |= set(ws.people)
    return Matrix(project_id, rows, column_order(ws, handles, project.client), project_totals(rows))


# --- load across projects ------------------------------------------------------------


def accountable_load(ws: Workspace) -> Counter[str]:
    """Open items of live projects each person is accountable for (what RACI005 counts)."""
    load: Counter[str] = Counter()
    for p in ws.projects.values():
        if p.status not in LIVE_PROJECT_STATUSES:
            continue
        for items in (p.milestones, p.tasks):
            for item in items.values():
                if item.raci is not None and item.raci.accountable and item.status in OPEN_ITEM_STATUSES:
                    load[item.raci.accountable] += 1
    return load


def overloaded(ws: Workspace, load: Counter[str] | None = None) -> set[str]:
    """People accountable for more open items than workspace.max_accountable (none when it is 0)."""
    limit = ws.settings.max_accountable
    if limit <= 0:
        return set()
    load = accountable_load(ws) if load is None else load
    return {h for h, n in load.items() if n > limit}


def _load_key(item: LoadItem) -> tuple[bool, dt.date, str, str]:
    return (not item.open, item.due or _FAR, item.project_id, item.item_id)


def person_load(ws: Workspace, handle: str) -> list[LoadItem]:
    """Every milestone and task ``handle`` is responsible or accountable for, in all projects.

    Open items of live projects first, then by due date (undated last), project and item.
    """
    return load_index(ws, only=handle).get(handle, [])


def load_index(ws: Workspace, *, only: str | None = None) -> dict[str, list[LoadItem]]:
    """person_load of everyone (or of ``only``) in one pass over the workspace.

    About 5 ms for one person and 75 ms for everyone on 20,000 items: the app
    builds the full index once per load in a worker, then each column it
    shows is a dict lookup.
    """
    index: dict[str, list[LoadItem]] = {}
    for pid, p in ws.projects.items():
        live = p.status in LIVE_PROJECT_STATUSES
        for kind, items in (("milestone", p.milestones), ("task", p.tasks)):
            for iid, item in items.items():
                raci = item.raci
                if raci is None:
                    continue
                if only is None:
                    held = {h: l for h, l in cell_letters(raci).items() if "A" in l or "R" in l}
                else:
                    letters = ("A" if raci.accountable == only else "") + ("R" if only in raci.responsible else "")
                    held = {only: letters} if letters else {}
                if not held:
                    continue
                is_open = live and item.status in OPEN_ITEM_STATUSES
                for handle, letters in held.items():
                    letters = letters.replace("C", "").replace("I", "")
                    index.setdefault(handle, []).append(
                        LoadItem(pid, p.title or pid, iid, kind, item.title, letters, item.status, item.due, is_open)
                    )
    for loads in index.values():
        loads.sort(key=_load_key)
    return index


def with_letter(cells: dict[str, str], handle: str, letter: str | None) -> dict[str, str]:
    """The row's cells after edits.set_raci(handle, letter): what the app shows before the reload.

    The person's letters become exactly ``letter`` (None clears them); a new A
    takes accountability from whoever held it (an "AR" keeps its R).
    """
    out = {h: v for h, v in cells.items() if h != handle}
    if letter is None:
        return out
    letter = letter.upper()
    if letter == "A":
        for h, v in list(out.items()):
            rest = v.replace("A", "")
            if rest != v:
                if rest:
                    out[h] = rest
                else:
                    del out[h]
    out[handle] = letter
    return out
