"""Links between the items of one project: ids, depends_on, milestone, moves, cycles.

References name an item by its id alone (never its kind), so ids must be
unique within a project and every referenced id must exist there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from workspace_schema.core.findings import Finding
from workspace_schema.core.records import ITEM_KINDS, Project, Workspace
from workspace_schema.rules.items import key_line, ref, work_items
from workspace_schema.rules.registry import Report, rule

KIND_WORDS = {
    "goals": "goal",
    "milestones": "milestone",
    "tasks": "task",
    "risks": "risk",
    "changes": "change",
    "log": "log entry",
}


@rule("REF003", "error", "depends_on names an id that is not a milestone or task of the same project.")
def unknown_dependency(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        for table, kind, iid, item in work_items(p):
            for dep in item.depends_on:
                if p.item(dep) is None:
                    yield report(
                        message=f"{kind} `{iid}` depends on `{dep}`, which is not a milestone or task of this "
                        "project; fix the id or remove it from depends_on",
                        file=item.file,
                        line=key_line(ws, item, (table, iid), "depends_on"),
                        item=ref(pid, iid),
                    )


@rule("REF004", "error", "A task's milestone does not exist in its project.")
def unknown_milestone(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        for tid, task in p.tasks.items():
            if task.milestone is not None and task.milestone not in p.milestones:
                yield report(
                    message=f"task `{tid}` belongs to milestone `{task.milestone}`, which is not a milestone of "
                    "this project; set milestone to an existing milestone id or remove the key",
                    file=task.file,
                    line=key_line(ws, task, ("tasks", tid), "milestone"),
                    item=ref(pid, tid),
                )


@rule(
    "REF005",
    "error",
    "Two items of one project share an id (e.g. a milestone and a task); references do not name the kind.",
)
def duplicate_id(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        first: dict[str, tuple[str, int]] = {}
        for table in ITEM_KINDS:
            for iid, rec in getattr(p, table).items():
                if iid not in first:
                    first[iid] = (table, rec.line)
                    continue
                other, line = first[iid]
                yield report(
                    message=f"id `{iid}` is used by a {KIND_WORDS[other]} (line {line}) and a {KIND_WORDS[table]}; "
                    "references do not name the kind, so rename one (and every reference to it)",
                    file=rec.file,
                    line=rec.line,
                    item=ref(pid, iid),
                )


@rule(
    "REF007", "error", "A change's moves, a log entry's items or a goal's milestones name an item that does not exist."
)
def unknown_item(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        for cid, change in p.changes.items():
            for iid in change.moves:
                if p.item(iid) is None:
                    yield report(
                        message=f"change `{cid}` moves `{iid}`, which is not a milestone or task of this project; "
                        "fix the id or remove it from moves",
                        file=change.file,
                        line=key_line(ws, change, ("changes", cid), "moves"),
                        item=ref(pid, cid),
                    )
        for lid, entry in p.log.items():
            for iid in entry.items:
                if p.item(iid) is None:
                    yield report(
                        message=f"log entry `{lid}` is about `{iid}`, which is not a milestone or task of this "
                        "project; fix the id or remove it from items",
                        file=entry.file,
                        line=key_line(ws, entry, ("log", lid), "items"),
                        item=ref(pid, lid),
                    )
        for gid, goal in p.goals.items():
            for mid in goal.milestones:
                if mid in p.milestones:
                    continue
                what = "a task, not a milestone" if mid in p.tasks else "not a milestone of this project"
                yield report(
                    message=f"goal `{gid}` is delivered by `{mid}`, which is {what}; "
                    "list only milestone ids in milestones",
                    file=goal.file,
                    line=key_line(ws, goal, ("goals", gid), "milestones"),
                    item=ref(pid, gid),
                )


@rule("REF006", "error", "Items depend on each other in a cycle, so none of them can start.")
def dependency_cycle(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        for cycle in find_cycles(p):
            head = cycle[0]
            item = p.item(head)
            assert item is not None  # find_cycles walks only ids of the project's milestones and tasks
            table = "milestones" if head in p.milestones else "tasks"
            shown = " -> ".join([*cycle, head])
            yield report(
                message=f"dependency cycle {shown} (each depends on the next); remove one of these depends_on entries",
                file=item.file,
                line=key_line(ws, item, (table, head), "depends_on"),
                item=ref(pid, head),
            )


def find_cycles(p: Project) -> list[list[str]]:
    """Each cycle of depends_on found by a depth-first walk, rotated to start at its smallest id."""
    graph = {iid: item.depends_on for iid, item in p.tasks.items()}
    graph.update((iid, item.depends_on) for iid, item in p.milestones.items())  # p.item(): milestones win
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    found: dict[tuple[str, ...], None] = {}
    for root in graph:
        if root in state:
            continue
        path, where = [root], {root: 0}
        stack = [iter(graph[root])]
        state[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                done = path.pop()
                del where[done]
                state[done] = 2
            elif nxt not in graph or state.get(nxt) == 2:
                continue
            elif state.get(nxt) == 1:
                cycle = path[where[nxt] :]
                start = cycle.index(min(cycle))
                found[tuple(cycle[start:] + cycle[:start])] = None
            else:
                state[nxt] = 1
                where[nxt] = len(path)
                path.append(nxt)
                stack.append(iter(graph[nxt]))
    return [list(c) for c in found]
