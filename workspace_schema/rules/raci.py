"""The accountability (RACI) matrix: one accountable per row, sensible letters, fair load.

Every milestone needs a RACI row (at least its accountable person). A task
may have one; when it does, the same rules apply, and when it does not, the
task is covered by its milestone's row. Dropped items are exempt.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Raci, Workspace
from workspace_schema.rules.items import LIVE_PROJECT_STATUSES, WorkItem, is_open, key_line, ref, work_items
from workspace_schema.rules.registry import Report, rule

LETTERS = ("responsible", "accountable", "consulted", "informed")
# Common practice lets the accountable person also do the work; any other pair is a muddle.
ALLOWED_PAIR = frozenset({"accountable", "responsible"})


def rows(ws: Workspace) -> Iterator[tuple[str, str, str, str, WorkItem]]:
    """(project id, table, kind, id, item) of every item the RACI rules cover."""
    for pid, p in ws.projects.items():
        for table, kind, iid, item in work_items(p):
            if item.status == "dropped" or (table == "tasks" and item.raci is None):
                continue
            yield pid, table, kind, iid, item


@rule(
    "RACI001",
    "error",
    "A milestone, or a task with a raci table, has no accountable person "
    "(tasks without one are covered by their milestone; dropped items are exempt).",
)
def no_accountable(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, table, kind, iid, item in rows(ws):
        if item.raci is not None and "accountable" in item.raci.unreadable:
            continue  # the loader has reported the value that is there (a list, a number, ...)
        if item.raci is None or not item.raci.accountable:
            yield report(
                message=f"{kind} `{iid}` has no accountable person; set raci.accountable to exactly one person",
                file=item.file,
                line=key_line(ws, item, (table, iid, "raci"), "accountable"),
                item=ref(pid, iid),
            )


@rule("RACI002", "warning", "A RACI row has nobody responsible.")
def no_responsible(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, table, kind, iid, item in rows(ws):
        if item.raci is not None and not item.raci.responsible:
            yield report(
                message=f"{kind} `{iid}` has nobody responsible; list who does the work in raci.responsible",
                file=item.file,
                line=key_line(ws, item, (table, iid, "raci"), "responsible"),
                item=ref(pid, iid),
            )


def letters_of(raci: Raci) -> dict[str, list[str]]:
    """Each person of the row with the letters they hold, in row order."""
    held: dict[str, list[str]] = {}
    for letter in LETTERS:
        names = [raci.accountable] if letter == "accountable" else getattr(raci, letter)
        for name in names:
            if name and letter not in held.setdefault(name, []):
                held[name].append(letter)
    return held


@rule(
    "RACI003",
    "error",
    "A person holds two letters in one RACI row (accountable + responsible is allowed, as is common practice).",
)
def mixed_letters(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, table, kind, iid, item in rows(ws):
        if item.raci is None:
            continue
        for name, held in letters_of(item.raci).items():
            if len(held) < 2 or frozenset(held) == ALLOWED_PAIR:
                continue
            yield report(
                message=f"`{name}` is {' and '.join(held)} on {kind} `{iid}`; give each person one letter per row "
                "(only accountable may also be responsible)",
                file=item.file,
                line=key_line(ws, item, (table, iid, "raci"), held[-1]),
                item=ref(pid, iid),
            )


@rule("RACI004", "warning", "A client-side milestone or task is accountable to someone on our team, not the client.")
def client_item_team_accountable(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, table, kind, iid, item in rows(ws):
        acc = item.raci.accountable if item.raci else None
        if item.side != "client" or not acc or acc not in ws.people or ws.is_client_side(acc):
            continue
        yield report(
            message=f"{kind} `{iid}` is on the client side but its accountable person `{acc}` is not a client "
            "person; make someone at the client accountable (raci.accountable), or set side to team or joint",
            file=item.file,
            line=key_line(ws, item, (table, iid, "raci"), "accountable"),
            item=ref(pid, iid),
        )


@rule(
    "RACI005",
    "warning",
    "A person is accountable for more open items than workspace.max_accountable "
    "(done and cancelled projects are not counted).",
)
def overloaded(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    limit = ws.settings.max_accountable
    if limit <= 0:
        return
    load: Counter[str] = Counter()
    for _pid, p in ws.projects.items():
        if p.status not in LIVE_PROJECT_STATUSES:
            continue
        for _table, _kind, _iid, item in work_items(p):
            if item.raci is not None and item.raci.accountable and is_open(item):
                load[item.raci.accountable] += 1
    for name, count in load.items():
        person = ws.people.get(name)
        if count <= limit or person is None:
            continue
        yield report(
            message=f"`{name}` is accountable for {count} open items, more than max_accountable = {limit}; "
            "hand some to others, or raise max_accountable in workspace.toml if that load is agreed",
            file=person.file,
            line=person.line,
        )
