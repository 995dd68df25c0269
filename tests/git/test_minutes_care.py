"""Minutes of a meeting that talked about a survey we owe: the outcome is written with its ref as the item,
reads back clean, and stays out of the client's minutes (review/agenda_care.py, review/documents.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.helpers.gitteam import sample_clone
from workspace_schema import review as minutes
from workspace_schema.load.loader import load_workspace
from workspace_schema.review import documents

DAY = dt.date(2027, 3, 1)  # Acme's quarterly survey is due (the last was 2026-11-13, every 90 days)


def test_a_survey_outcome_is_the_teams(tmp_path: Path, git_identity: dict[str, str]) -> None:
    repo = sample_clone(tmp_path)
    ws, _ = load_workspace(repo)
    draft = minutes.new_draft(ws, "acme-crm", DAY)
    minutes.record(draft, "surveys/acme", "noted", note="Hannah sends the Q1 survey")
    minutes.finish(ws, draft, DAY)
    ws2, findings = load_workspace(repo, cache=False)
    assert [f.text() for f in findings] == []
    review = ws2.reviews["2027-03-01-acme-crm"]
    outcome = review.outcomes["acme"]
    assert (outcome.item, outcome.outcome, outcome.note) == ("surveys/acme", "noted", "Hannah sends the Q1 survey")
    assert "Hannah sends" not in documents.minutes_html(review, ws2)
