"""Incentives on milestones, evaluated from the data as of a day.

    rows = incentive_rows(ws, today)            # every milestone with an incentive, in project and due order
    row.state                                   # earned | missed | pending | at_risk | not_evaluable
    row.final                                   # earned or missed for good: `ducu incentives --evaluate` writes it
    at_stake(ws, "acme-crm", today)             # the open milestones' ones to chase (health, the review agenda)

What each condition means (docs/format.md, [milestones.<id>.incentive]):

- ``by_baseline``: done on or before its ``baseline_due``; ``by_date``: done
  on or before ``by``. Open and past that date, it is missed (it can no
  longer be done in time); open with its ``due`` (the forecast) past that
  date, it is at risk.
- ``accepted``: the client accepted it (``accepted_on``). When the workspace
  has ``accept_within`` (days, default 14), the acceptance must come within
  that many days of ``done_on``, since the reward is for a prompt sign-off;
  past that without one, it is missed. With ``accept_within = 0`` any
  acceptance earns it and only a dropped milestone misses it.
- ``survey_score``: the first survey of the project answered on or after
  ``done_on`` has a mean score (over the dimensions answered) of at least
  ``min_score``. No such survey yet: pending.

An incentive is at stake (``at_stake``) while its milestone is open, its
outcome is not written yet (``evaluated_on``) and it is at risk, missed, or
pending with its date within WARN_WITHIN days (as rule INC001 warns): the
project's health and its review agenda name it.

A dropped milestone misses its incentive. An incentive written as text, or
missing what its condition needs (a baseline_due, ``by``, ``min_score``), is
not evaluable.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from msgspec import Struct

from workspace_schema.core.records import OPEN_ITEM_STATUSES, Incentive, Milestone, Survey, Workspace
from workspace_schema.rules.incentives import WARN_WITHIN

__all__ = [
    "IncentiveRow",
    "IncentiveState",
    "at_stake",
    "evaluate",
    "incentive_rows",
    "mean_score",
    "survey_after",
]

IncentiveState = Literal["earned", "missed", "pending", "at_risk", "not_evaluable"]
FINAL_STATES = frozenset({"earned", "missed"})


class IncentiveRow(Struct, frozen=True, kw_only=True):
    project_id: str
    client: str | None  # the project's client id
    milestone_id: str
    title: str
    owner: str | None
    condition: str | None  # None: prose
    reward: str
    state: IncentiveState
    deadline: dt.date | None  # the date the condition needs it done (or accepted) by
    why: str  # one line: what the state rests on
    evaluated_on: dt.date | None  # as written in the file
    earned: bool | None  # as written in the file

    @property
    def ref(self) -> str:
        return f"{self.project_id}/{self.milestone_id}"

    @property
    def final(self) -> bool:
        return self.state in FINAL_STATES

    @property
    def to_write(self) -> bool:
        """Final and not yet written in the file."""
        return self.final and self.evaluated_on is None


def as_incentive(value: str | Incentive | None) -> Incentive | None:
    """The structured form: text is a reward without a condition."""
    if value is None or isinstance(value, Incentive):
        return value
    return Incentive(reward=value)


def mean_score(survey: Survey) -> float | None:
    scores = list(survey.scores().values())
    return sum(scores) / len(scores) if scores else None


def survey_after(ws: Workspace, project_id: str, day: dt.date) -> Survey | None:
    """The project's first survey answered on or after ``day`` (with at least one score)."""
    found = [
        s
        for s in ws.surveys.values()
        if s.project == project_id and s.answered_on is not None and s.answered_on >= day and s.scores()
    ]
    return min(found, key=lambda s: (s.answered_on, s.file), default=None)


def evaluate(
    ws: Workspace, project_id: str, m: Milestone, today: dt.date
) -> tuple[IncentiveState, dt.date | None, str]:
    """(state, deadline, why) of the milestone's incentive as of ``today``."""
    inc = as_incentive(m.incentive)
    if inc is None or inc.condition is None:
        return "not_evaluable", None, "written as text: no condition to evaluate"
    if inc.condition in ("by_baseline", "by_date"):
        return _by(m, inc, today)
    if inc.condition == "accepted":
        return _accepted(ws, m, today)
    return _survey(ws, project_id, m, inc)


def _by(m: Milestone, inc: Incentive, today: dt.date) -> tuple[IncentiveState, dt.date | None, str]:
    deadline = m.baseline_due if inc.condition == "by_baseline" else inc.by
    if deadline is None:
        need = "baseline_due" if inc.condition == "by_baseline" else "by"
        return "not_evaluable", None, f"{inc.condition} needs {need}"
    if m.status == "dropped":
        return "missed", deadline, "dropped"
    if m.status == "done":
        if m.done_on is None:
            return "not_evaluable", deadline, "done without done_on"
        late = (m.done_on - deadline).days
        if late <= 0:
            return "earned", deadline, f"done {m.done_on}, by {deadline}"
        return "missed", deadline, f"done {m.done_on}, {late} days after {deadline}"
    if today > deadline:
        return "missed", deadline, f"not done by {deadline}"
    if m.due is not None and m.due > deadline:
        return "at_risk", deadline, f"due {m.due}, after {deadline}"
    return "pending", deadline, f"to be done by {deadline}"


def _accepted(ws: Workspace, m: Milestone, today: dt.date) -> tuple[IncentiveState, dt.date | None, str]:
    within = ws.settings.accept_within
    if m.status == "dropped":
        return "missed", None, "dropped"
    if m.status != "done" or m.done_on is None:
        return "pending", None, "to be accepted once done"
    deadline = m.done_on + dt.timedelta(days=within) if within > 0 else None
    if m.accepted_on is not None:
        if deadline is None or m.accepted_on <= deadline:
            return "earned", deadline, f"accepted {m.accepted_on}"
        return "missed", deadline, f"accepted {m.accepted_on}, after {deadline}"
    if deadline is not None and today > deadline:
        return "missed", deadline, f"not accepted by {deadline}"
    return "pending", deadline, f"to be accepted by {deadline}" if deadline else "to be accepted"


def _survey(ws: Workspace, project_id: str, m: Milestone, inc: Incentive) -> tuple[IncentiveState, dt.date | None, str]:
    if inc.min_score is None:
        return "not_evaluable", None, "survey_score needs min_score"
    if m.status == "dropped":
        return "missed", None, "dropped"
    if m.status != "done" or m.done_on is None:
        return "pending", None, "the first survey after it is done decides"
    survey = survey_after(ws, project_id, m.done_on)
    score = mean_score(survey) if survey is not None else None
    if survey is None or score is None:
        return "pending", None, f"no survey since {m.done_on}"
    verdict: IncentiveState = "earned" if score >= inc.min_score else "missed"
    return verdict, survey.answered_on, f"survey of {survey.answered_on}: mean {score:.1f}, needs {inc.min_score}"


def incentive_rows(ws: Workspace, today: dt.date, *, project: str | None = None) -> list[IncentiveRow]:
    """Every milestone with an incentive (of ``project``, or all), by project then due date."""
    rows: list[IncentiveRow] = []
    # One project is looked up, not searched for: the health of every project asks for its own (quadratic).
    projects = ws.projects.items() if project is None else [(project, ws.projects[project])]
    for pid, p in projects:
        for mid, m in sorted(p.milestones.items(), key=lambda kv: (kv[1].due or dt.date.max, kv[0])):
            inc = as_incentive(m.incentive)
            if inc is None:
                continue
            state, deadline, why = evaluate(ws, pid, m, today)
            rows.append(
                IncentiveRow(
                    project_id=pid,
                    client=p.client,
                    milestone_id=mid,
                    title=m.title,
                    owner=m.owner,
                    condition=inc.condition,
                    reward=inc.reward,
                    state=state,
                    deadline=deadline,
                    why=why,
                    evaluated_on=inc.evaluated_on,
                    earned=inc.earned,
                )
            )
    return rows


def at_stake(ws: Workspace, project_id: str, today: dt.date) -> list[IncentiveRow]:
    """The project's incentives to chase now (see the module's docstring), in due order."""
    p = ws.projects[project_id]
    return [
        row
        for row in incentive_rows(ws, today, project=project_id)
        if p.milestones[row.milestone_id].status in OPEN_ITEM_STATUSES
        and row.evaluated_on is None
        and (
            row.state in ("at_risk", "missed")
            or (row.state == "pending" and row.deadline is not None and (row.deadline - today).days <= WARN_WITHIN)
        )
    ]
