"""What the screens show: one loaded workspace, its findings and today's date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from workspace_schema.findings import Finding, count_by_level
from workspace_schema.health import ProjectSummary, summarize_all
from workspace_schema.records import Project, Workspace


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
