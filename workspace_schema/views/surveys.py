"""The client's satisfaction over time: surveys by dimension, the cadence they are due on, close-out surveys.

    scores(ws, "acme", today)          # {"schedule": [ScorePoint(on, score, project)], ..., "overall": [...]}

A survey (surveys/<date>-<project>.toml) scores up to four dimensions
(records.SURVEY_DIMENSIONS) and an NPS. The scores of reviews and of
feedback log entries (views/satisfaction.py) still count, as one more
dimension, "overall", so trends go back before the first survey.

Which surveys are due (the client's cadence, close-outs) is rules/surveys.py's
due_surveys, which the rules and the health summary share.
"""

from __future__ import annotations

import datetime as dt
from statistics import mean

from msgspec import Struct

from workspace_schema.core.records import SURVEY_DIMENSIONS, Survey, Workspace
from workspace_schema.rules.surveys import client_surveys
from workspace_schema.views.satisfaction import satisfaction_points

__all__ = ["BARS", "DIMENSIONS", "ScorePoint", "scores", "sparkline", "survey_mean"]

DIMENSIONS = (*SURVEY_DIMENSIONS, "overall")


class ScorePoint(Struct, frozen=True, kw_only=True):
    on: dt.date
    score: int
    project: str


def survey_mean(survey: Survey) -> float | None:
    """The mean of the dimensions answered, or None when none is."""
    answered = survey.scores()
    return mean(answered.values()) if answered else None


def scores(ws: Workspace, client: str, today: dt.date, *, include_internal: bool = True) -> dict[str, list[ScorePoint]]:
    """Each dimension's scores for ``client``, oldest first (``include_internal=False``: the client's view)."""
    out: dict[str, list[ScorePoint]] = {d: [] for d in DIMENSIONS}
    for survey in client_surveys(ws, client, today):
        assert survey.answered_on is not None
        for dimension, score in survey.scores().items():
            out[dimension].append(ScorePoint(on=survey.answered_on, score=score, project=survey.project))
    for pid, p in ws.projects.items():
        if p.client != client:
            continue
        for point in satisfaction_points(ws, pid, today, include_internal=include_internal):
            out["overall"].append(ScorePoint(on=point.on, score=point.score, project=pid))
    out["overall"].sort(key=lambda p: (p.on, p.project))
    return out


BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int], low: int = 1, high: int = 5) -> str:
    """One character per score, its height the score: "▃▅█" for 2, 3, 5 (on a 1..5 scale)."""
    span = high - low or 1
    return "".join(BARS[round((min(max(v, low), high) - low) / span * (len(BARS) - 1))] for v in values)
