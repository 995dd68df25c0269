"""What the screens show: one loaded workspace, its findings and today's date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from workspace_schema.core import clock as clocks
from workspace_schema.core.findings import Finding, count_by_level, sort_key
from workspace_schema.core.records import Project, Workspace
from workspace_schema.load.cache import merge_note
from workspace_schema.load.loader import load_workspace
from workspace_schema.rules import cache as rules_cache
from workspace_schema.rules.cache import Fingerprint, disk_fingerprint
from workspace_schema.views.health import ProjectSummary, summarize_all


@dataclass(frozen=True)
class State:
    ws: Workspace
    findings: list[Finding]
    today: dt.date
    by_project: dict[str, list[Finding]] = field(default_factory=dict)

    @classmethod
    def build(cls, ws: Workspace, findings: list[Finding], today: dt.date) -> State:
        by_project: dict[str, list[Finding]] = {}
        for f in findings:
            if f.item:
                by_project.setdefault(f.item.split("/", 1)[0], []).append(f)
        return cls(ws, findings, today, by_project)

    @cached_property
    def summaries(self) -> list[ProjectSummary]:
        """One summary per project, made once per state: the early frame, the dashboard and the review picker share them."""
        return summarize_all(self.ws, self.today, self.findings)

    def counts(self) -> dict[str, int]:
        return count_by_level(self.findings)

    def project(self, project_id: str) -> Project | None:
        return self.ws.projects.get(project_id)

    def project_findings(self, project_id: str) -> list[Finding]:
        return self.by_project.get(project_id, [])

    def item_findings(self, project_id: str, item_id: str) -> list[Finding]:
        ref = f"{project_id}/{item_id}"
        return [f for f in self.by_project.get(project_id, []) if f.item == ref]


@dataclass(frozen=True)
class FirstState:
    """The workspace as the first screen shows it, and what the app needs to finish loading it."""

    state: State  # the loader's findings, and the last check's when the files and the day are the same (rules_cache)
    loaded: list[Finding]  # the loader's findings alone: the app adds the rules' own when they have run
    fingerprint: Fingerprint  # the files as they were before the load (rules_cache.disk_fingerprint)


def finish_stopped_merge(root: Path) -> list[str] | None:
    """Finish the merge a stopped sync was writing, before the files are read (git/merge_write.py).

    None when there was none (a stat of one file: the first paint pays no more);
    else the files left as they were because they changed since. A git that
    cannot finish it now leaves the note for sync, which says why.
    """
    note = merge_note(root)
    if note is None or not note.exists():
        return None
    from workspace_schema.git.merge_write import finish_interrupted
    from workspace_schema.git.runner import GitError

    try:
        return finish_interrupted(root)
    except GitError:
        return None


def load_first(root: Path, clock: clocks.Clock) -> FirstState:
    """Load the workspace for its first screen: the rules run later, their last findings stand in."""
    finish_stopped_merge(root)
    fingerprint = disk_fingerprint(root)
    ws, loaded = load_workspace(root)
    today = clocks.today(ws.settings.timezone, clock)
    checked = rules_cache.read(root, fingerprint, today) or []
    return FirstState(State.build(ws, sorted(loaded + checked, key=sort_key), today), loaded, fingerprint)
