"""The people of a project: who an owner picker offers, and who asks for a change on the client's side."""

from __future__ import annotations

from workspace_schema.core import records as R


def project_people(ws: R.Workspace, project_id: str | None) -> list[str]:
    """Handles of the project's people: our team first, then the project's client's people, each by name.

    People of other clients are left out (a picker for Acme's plan does not offer Huamei's contacts).
    Without a project (people.toml, clients.toml) it is everyone, in the same order.
    """
    project = ws.projects.get(project_id or "")
    client = project.client if project is not None else None

    def order(handle: str) -> tuple[int, str, str]:
        return (
            1 if ws.is_client_side(handle) else 0,
            ws.person_org(handle) or "",
            (ws.people[handle].name or handle).lower(),
        )

    handles = [h for h in ws.people if project is None or not ws.is_client_side(h) or ws.person_org(h) == client]
    return sorted(handles, key=order)


def client_sponsor(ws: R.Workspace, project_id: str | None) -> str | None:
    """The project's client's sponsor (clients.toml), if that person is in people.toml."""
    project = ws.projects.get(project_id or "")
    client = ws.clients.get(project.client or "") if project is not None else None
    sponsor = client.sponsor if client is not None else None
    return sponsor if sponsor in ws.people else None
