"""Where a finding leads in the app: a project at its item, the improvement register at one, or a client.

    place = finding_place(ws, finding)
    place.kind            # "project" | "improvement" | "client" | None (only its file says where)
    place.project, place.item, place.client

- item ``improvements/<id>`` (IMP001, IMP003): the register at that improvement;
  ``improvements.toml`` without an item: the register.
- item ``<project>`` or ``<project>/<item>`` of a project that exists: that project.
- no item, in clients.toml (CON001, SUR001): the client whose table holds
  the finding's line; in a survey file (``surveys/...``): the client of the
  survey's project.
"""

from __future__ import annotations

from typing import Literal

from msgspec import Struct

from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Workspace

__all__ = ["FindingPlace", "finding_place"]


class FindingPlace(Struct, frozen=True, kw_only=True):
    kind: Literal["project", "improvement", "client"] | None
    project: str | None = None
    item: str | None = None  # the project's record, or the improvement's id
    client: str | None = None


def finding_place(ws: Workspace, finding: Finding) -> FindingPlace:
    """Where ``finding`` leads (see the module's docstring)."""
    item = finding.item or ""
    if item.startswith("improvements/") or (not item and finding.file == "improvements.toml"):
        return FindingPlace(kind="improvement", item=item.partition("/")[2] or None)
    if item:
        pid, _, iid = item.partition("/")
        if pid in ws.projects:
            return FindingPlace(kind="project", project=pid, item=iid or None)
        return FindingPlace(kind=None)
    client = _client_at(ws, finding)
    return FindingPlace(kind="client", client=client) if client else FindingPlace(kind=None)


def _client_at(ws: Workspace, finding: Finding) -> str | None:
    survey = next((s for s in ws.surveys.values() if s.file == finding.file), None)
    if survey is not None:
        project = ws.projects.get(survey.project)
        return project.client if project is not None and project.client in ws.clients else None
    tables = sorted((c.line, cid) for cid, c in ws.clients.items() if c.file == finding.file)
    above = [cid for line, cid in tables if line <= finding.line]
    return above[-1] if above else None
