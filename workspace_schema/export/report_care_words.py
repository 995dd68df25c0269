"""The phrases of the report's survey, support and training sections (report_care.py), shared by both writers.

Each returns plain text in the report's language; the writers escape it.
"""

from __future__ import annotations

import datetime as dt

from workspace_schema.export.report import Report
from workspace_schema.export.report_care import DimensionTrend, SupportLine, TrainingLine

__all__ = [
    "at_text",
    "attendees_text",
    "feedback_text",
    "hours",
    "mean_text",
    "nps_text",
    "period_text",
    "score_list",
    "severity_text",
    "state_text",
    "target_text",
    "training_date",
    "training_lines",
    "trend_last",
]


def score_list(t: DimensionTrend) -> str:
    """'5 → 3': the scores shown, oldest first."""
    return " → ".join(str(s) for s in t.scores)


def trend_last(r: Report, t: DimensionTrend) -> str:
    """'3/5 on 2026-11-13'."""
    return r.say("report.surveys.last", score=t.last, high=t.high, day=t.last_on)


def mean_text(r: Report, t: DimensionTrend) -> str:
    """'4.0/5 (2 answers)'."""
    return r.say("report.surveys.mean", mean=f"{t.mean:.1f}", high=t.high, n=t.answers)


def nps_text(r: Report) -> str | None:
    """'Net Promoter Score: +100 (1 promoters, ...)'; None without an answer to recommend."""
    s = r.surveys
    if s is None or s.nps is None:
        return None
    return r.say(
        "report.surveys.nps",
        score=f"{s.nps:+d}" if s.nps else "0",
        promoters=s.promoters,
        passives=s.passives,
        detractors=s.detractors,
    )


def hours(r: Report, value: float) -> str:
    """'3 working hours', '1.5 working hours' (one decimal at most)."""
    n = round(abs(value), 1)
    shown = f"{n:.1f}".removesuffix(".0")
    return r.say("report.support.hours", n=1 if shown == "1" else shown)


def at_text(moment: dt.datetime | None) -> str:
    """'2026-11-26 14:05' ('' without one)."""
    return f"{moment:%Y-%m-%d %H:%M}" if moment is not None else ""


def severity_text(r: Report, line: SupportLine) -> str:
    return r.say(f"report.support.severity.{line.severity}")


def state_text(r: Report, line: SupportLine) -> str:
    """'Waiting for our response' or 'Answered, being resolved'."""
    return r.say(f"report.support.state.{line.status}")


def target_text(r: Report, line: SupportLine) -> str:
    """The target the request waits on and the working hours left to it, or past it."""
    if line.due_by is None or line.left is None:
        return r.say("report.support.no_clock")
    which = "respond" if line.status == "open" else "resolve"
    if line.overdue:
        return r.say(f"report.support.{which}_late", at=at_text(line.due_by), over=hours(r, line.left))
    return r.say(f"report.support.{which}_by", at=at_text(line.due_by), left=hours(r, line.left))


def period_text(r: Report) -> str:
    assert r.support is not None
    return r.say("report.support.period", met=r.support.met, missed=r.support.missed)


def training_date(r: Report, s: TrainingLine) -> str:
    return str(s.on) if s.on is not None else r.say("report.training.no_date")


def attendees_text(s: TrainingLine) -> str:
    return str(s.attendees) if s.attendees else ""


def feedback_text(s: TrainingLine) -> str:
    return f"{s.feedback:.1f}/5" if s.feedback is not None else ""


def training_lines(r: Report) -> list[str]:
    """'Sessions held: 2; planned: 0.' and the mean feedback when there is one."""
    t = r.training
    assert t is not None
    out = [r.say("report.training.summary", held=t.held, planned=t.planned)]
    if t.mean_feedback is not None:
        out.append(r.say("report.training.mean", mean=f"{t.mean_feedback:.1f}"))
    return out
