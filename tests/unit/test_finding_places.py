"""Where Enter on a finding leads (views/finding_places.py): a project, the improvement register, a client."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.workspace import SAMPLE
from workspace_schema.core.findings import Finding
from workspace_schema.load.loader import load_workspace
from workspace_schema.rules import check
from workspace_schema.views.finding_places import FindingPlace, finding_place


@pytest.fixture(scope="module")
def ws():
    return load_workspace(SAMPLE, cache=False)[0]


def test_the_samples_client_and_improvement_findings_lead_to_their_screens(ws) -> None:
    later = check(ws, dt.date(2027, 3, 1))  # every client is due a survey and a contact by then
    places = {(f.code, f.line): finding_place(ws, f) for f in later if f.code in ("CON001", "SUR001", "IMP001")}
    assert places[("CON001", 8)] == places[("SUR001", 11)] == FindingPlace(kind="client", client="acme")
    assert places[("SUR001", 27)] == FindingPlace(kind="client", client="huamei")
    assert places[("CON001", 40)] == FindingPlace(kind="client", client="greenleaf")
    assert places[("IMP001", 11)] == FindingPlace(kind="improvement", item="freeze-banner-k5vq")


@pytest.mark.parametrize(
    ("finding", "place"),
    [
        (Finding(level="warning", code="X", message="m", item="acme-crm/data-export-k3f9"), ("project", "acme-crm")),
        (Finding(level="warning", code="X", message="m", item="acme-crm"), ("project", "acme-crm")),
        (Finding(level="warning", code="X", message="m", item="gone/x"), (None, None)),
        (Finding(level="error", code="X", message="m", file="improvements.toml", line=3), ("improvement", None)),
        (
            Finding(level="error", code="X", message="m", file="surveys/2026-11-06-huamei-miniapp.toml"),
            ("client", "huamei"),
        ),
        (Finding(level="error", code="X", message="m", file="people.toml", line=3), (None, None)),
    ],
)
def test_other_findings(ws, finding: Finding, place: tuple[str | None, str | None]) -> None:
    got = finding_place(ws, finding)
    assert (got.kind, got.project or got.client) == place
