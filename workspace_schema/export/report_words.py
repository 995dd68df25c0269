"""The report's phrases both writers share (Markdown and HTML), in the report's language.

Each takes the Report and returns plain text; the writers escape it.
"""

from __future__ import annotations

import datetime as dt

from workspace_schema.core.catalogue import days
from workspace_schema.export.report import ChangeLine, GoalLine, MoveLine, Report, Slip
from workspace_schema.views.goals import number

__all__ = [
    "change_impact",
    "change_moves",
    "days_text",
    "due_text",
    "due_words",
    "finished_text",
    "goal_numbers",
    "paren",
    "percent",
    "sep",
    "slip_note",
    "title",
    "trend",
]


def sep(r: Report) -> str:
    """': ' after a label, or the full-width colon in Chinese."""
    return r.say("colon")


def paren(r: Report, text: str) -> str:
    """'(text)', with full-width brackets in a Chinese report."""
    return r.say("paren", text=text)


def days_text(r: Report, n: int) -> str:
    return r.say("day", n=n)


def title(r: Report) -> str:
    return r.say("report.team_title" if r.audience == "team" else "report.title")


def due_words(r: Report, due: dt.date) -> str:
    """'3 days late', 'in 5 days', 'today': exact days, in the report's language."""
    delta = (due - r.today).days
    if delta == 0:
        return r.say("report.today")
    if delta < 0:
        return r.say("report.late", n=days(-delta))
    return r.say("report.in", n=days(delta))


def due_text(r: Report, due: dt.date | None) -> str:
    """'2026-12-11 (3 days late)' in the report's language ('' without a date)."""
    return r.say("report.due_when", day=due, when=due_words(r, due)) if due is not None else ""


def finished_text(r: Report) -> str:
    """A done project's last day, on time or how late against its agreed date (Report.agreed_due)."""
    assert r.finished_on is not None
    if r.agreed_due is not None and r.finished_on > r.agreed_due:
        late = days((r.finished_on - r.agreed_due).days)
        return r.say("report.finished_late", day=r.finished_on, days=late, agreed=r.agreed_due)
    return r.say("report.finished_on_time", day=r.finished_on)


def slip_note(r: Report, s: Slip) -> str:
    """What the slip is (finished late, planned later, overdue), whether a change covers it, and the team's count of moves."""
    note = r.say(f"report.slip.{s.state}", days=days(s.days))
    if s.state != "done":
        note += r.say("list.semi") + (
            f"{r.say('report.approved')}{sep(r)}{s.change}" if s.change else r.say("report.not_agreed")
        )
    if s.moves:
        note += r.say("list.semi") + r.say("report.moved", n=s.moves)
    return note


def change_moves(r: Report, c: ChangeLine) -> list[str]:
    """'Data export: 2026-12-04 → 2026-12-18' per moved item."""
    return [_move(r, m) for m in c.moves]


def _move(r: Report, m: MoveLine) -> str:
    return f"{m.title}{sep(r)}{m.from_date or '?'} → {m.to}"


def change_impact(r: Report, c: ChangeLine) -> str:
    return r.say("report.impact_days", days=days_text(r, c.days)) if c.days > 0 else r.say("report.impact_none")


def goal_numbers(g: GoalLine) -> tuple[str, str, str]:
    """(start, now, target), each with the goal's unit."""
    unit = f" {g.unit}" if g.unit else ""
    return tuple(f"{number(v)}{unit}" if v is not None else "" for v in (g.start, g.current, g.target))  # type: ignore[return-value]


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


def trend(r: Report) -> str | None:
    """'improving', 'declining' or 'steady': the last score against the one before; None with fewer than two."""
    points = r.satisfaction
    if len(points) < 2:
        return None
    last, prev = points[-1].score, points[-2].score
    return r.say("report.trend." + ("up" if last > prev else "down" if last < prev else "flat"))
