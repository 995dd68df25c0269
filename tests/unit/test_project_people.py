"""Owner pickers offer the project's people: our team and that project's client, not every client's contacts."""

from __future__ import annotations

from pathlib import Path

from workspace_schema.load.loader import load_workspace
from workspace_schema.views.people import client_sponsor, project_people

SAMPLE = Path(__file__).resolve().parents[2] / "sample_workspace"


def test_a_project_offers_our_team_then_its_clients_people() -> None:
    ws, _ = load_workspace(SAMPLE)
    people = project_people(ws, "acme-crm")
    # the team by name, then Acme's people by name; Huamei's and Greenleaf's contacts are not offered
    assert people == ["hannah", "raj", "sofia", "tomas", "mei", "bkim", "dgreen"]


def test_without_a_project_everyone_is_offered() -> None:
    ws, _ = load_workspace(SAMPLE)
    assert set(project_people(ws, None)) == set(ws.people)
    assert set(project_people(ws, "no-such-project")) == set(ws.people)


def test_the_sponsor_is_the_projects_clients() -> None:
    ws, _ = load_workspace(SAMPLE)
    assert client_sponsor(ws, "acme-crm") == "dgreen"
    assert client_sponsor(ws, "huamei-miniapp") == "wangwei"
    assert client_sponsor(ws, None) is None
