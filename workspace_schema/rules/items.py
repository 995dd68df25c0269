"""Small helpers the rules share: walking work items, naming them, finding lines."""

from __future__ import annotations

from collections.abc import Iterator

from workspace_schema.core.records import OPEN_ITEM_STATUSES, Milestone, Project, Record, Task, Workspace

# Table name in the file -> the word used in messages.
WORK_KINDS = (("milestones", "milestone"), ("tasks", "task"))

# Projects whose dates still matter: time-based rules skip done and cancelled ones.
LIVE_PROJECT_STATUSES = frozenset({"planned", "active", "on_hold"})

WorkItem = Milestone | Task


def work_items(project: Project) -> Iterator[tuple[str, str, str, WorkItem]]:
    """(table, kind word, id, record) of every milestone and task of ``project``."""
    for table, kind in WORK_KINDS:
        for iid, item in getattr(project, table).items():
            yield table, kind, iid, item


def is_open(item: WorkItem) -> bool:
    return item.status in OPEN_ITEM_STATUSES


def ref(pid: str, iid: str | None = None) -> str:
    """The jump target of a finding: "project-id/item-id" or "project-id"."""
    return f"{pid}/{iid}" if iid else pid


def key_line(ws: Workspace, rec: Record, path: tuple[str, ...], key: str | None = None) -> int:
    """The line of ``key`` in the table at ``path`` of the record's file, else the record's line."""
    return ws.key_line(rec.file, path, key) or rec.line
