"""What the client screen draws: one client's record (views/clients.py) as Rich Text, section by section.

Pure: no Textual. Every name and text from the files goes through
tui.render.text (control characters shown, never obeyed; cut by cells).
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from tui.render.text import fit, pad, safe
from workspace_schema.core.dates import counted
from workspace_schema.views.clients import ClientRecord
from workspace_schema.views.support import sla_text
from workspace_schema.views.surveys import sparkline


def client_text(r: ClientRecord, today: dt.date, width: int) -> Text:
    out = Text(no_wrap=True, overflow="ellipsis")  # each line fitted to the width, none wrapped
    _head(out, r, today)
    _contacts(out, r, width)
    _projects(out, r, width)
    _satisfaction(out, r)
    _support(out, r, width)
    _scorecard(out, r)
    _recent(out, r, width)
    return out


def _section(out: Text, title: str) -> None:
    out.append(f"\n{title}\n", "bold underline")


def _head(out: Text, r: ClientRecord, today: dt.date) -> None:
    c = r.client
    out.append_text(safe(c.name or r.client_id, "bold"))
    out.append(f"  ({r.client_id}) · {c.language}", "dim")
    for label, handle in (("account owner", c.account_owner), ("sponsor", c.sponsor)):
        if handle:
            out.append(f" · {label} ", "dim")
            out.append_text(safe(handle))
    out.append("\n")
    k = r.contract
    if k is not None:
        out.append("Contract ", "dim")
        out.append_text(safe(k.reference or "(no reference)", "bold"))
        if k.signed_on:
            out.append(f" · signed {k.signed_on}")
        if k.starts or k.ends:
            out.append(f" · {k.starts or '?'} → {k.ends or '?'}")
        if k.value is not None:
            out.append(f" · {k.value:,.0f} {k.currency or ''}".rstrip())
        out.append("\n")
    every = c.contact_every
    out.append("Contact ", "dim")
    out.append(f"every {counted(every, 'day')}" if every else "no cadence set")
    if r.last_contact:
        ago = (today - r.last_contact).days
        out.append(f" · last {r.last_contact} ({counted(ago, 'day')} ago)", "bold red" if r.contact_due else "")
    else:
        out.append(" · no contact logged", "bold red" if r.contact_due else "dim")
    if r.contact_due:
        out.append("  overdue: get in touch and log it", "bold red")
    out.append("\n")
    out.append("Surveys ", "dim")
    out.append(f"every {counted(c.survey_every, 'day')}" if c.survey_every else "no cadence set")
    answered = [p.on for d, points in r.trends.items() if d != "overall" for p in points]
    out.append(f" · last {max(answered)}" if answered else " · none answered yet", "" if answered else "dim")
    for due in r.surveys_due:
        what = f"close-out survey for {due.project}" if due.project else f"a survey (last {due.since})"
        out.append(f" · due: {what}", "bold yellow")
    out.append("\n")


def _contacts(out: Text, r: ClientRecord, width: int) -> None:
    _section(out, f"Contacts ({len(r.contacts)})")
    if not r.contacts:
        out.append("  nobody in people.toml has this client's org\n", "dim")
    for handle, p in r.contacts:
        out.append("  ")
        out.append(pad(p.name or handle, 22), "bold")
        out.append(" ")
        out.append(pad(p.role, 26), "dim")
        out.append(" " + fit(p.emails[0] if p.emails else "", max(width - 53, 10)))
        out.append("\n")
        reach = [*([p.phone] if p.phone else []), *(f"{k}: {v}" for k, v in p.im.items())]
        if reach:  # phone and IM on a line of their own: the email alone can fill the first
            out.append(" " * 50 + fit(" · ".join(reach), max(width - 53, 10)) + "\n")


def _projects(out: Text, r: ClientRecord, width: int) -> None:
    _section(out, f"Projects ({len(r.projects)})")
    for line in r.projects:
        out.append("  ")
        out.append(pad(line.project_id, 22), "bold")
        out.append(" ")
        out.append(pad(line.status, 9), "dim")
        out.append(f" due {line.due}" if line.due else " no due date", "dim")
        out.append("  " + fit(line.title, max(width - 50, 10)))
        out.append("\n")


def _satisfaction(out: Text, r: ClientRecord) -> None:
    _section(out, "Satisfaction (1..5, oldest → newest)")
    shown = False
    for dimension, points in r.trends.items():
        if not points:
            continue
        shown = True
        values = [p.score for p in points]
        out.append(f"  {dimension:<14}")
        out.append(f"{sparkline(values[-12:]):<13}", "cyan")
        out.append(f"last {values[-1]} ({points[-1].on})", "bold" if values[-1] >= 4 else "yellow")
        out.append(f" · mean {sum(values) / len(values):.1f} of {len(values)}\n", "dim")
    if not shown:
        out.append("  no scores yet: record a survey with `ducu survey`\n", "dim")


def _support(out: Text, r: ClientRecord, width: int) -> None:
    _section(out, f"Support: {counted(len(r.support), 'open request')}")
    for state in r.support:
        breached = state.response_breached or state.resolution_breached
        out.append("  ")
        out.append(pad(state.request.title, 34), "bold")
        out.append(f" {state.request.severity:<8} ", "dim")
        out.append(fit(sla_text(state), max(width - 48, 10)), "bold red" if breached else "")
        out.append("\n")


def _scorecard(out: Text, r: ClientRecord) -> None:
    s = r.scorecard
    _section(out, f"Scorecard {s.period}")
    if s.delivered:
        rate = f"{s.on_time_rate:.0%}" if s.on_time_rate is not None else "-"
        out.append(f"  on time {s.on_time} of {s.delivered} ({rate})")
        if s.mean_slip_days is not None:
            out.append(f" · mean slip {s.mean_slip_days:.1f} days")
        if s.nudges_per_delivery is not None:
            out.append(f" · nudges per delivery {s.nudges_per_delivery:.1f}")
        out.append("\n")
    else:
        out.append("  nothing of theirs delivered in this period yet\n", "dim")
    if s.late_open:
        out.append(f"  {counted(s.late_open, 'item')} of theirs late and still open\n", "yellow")
    if s.incentives_earned or s.incentives_missed or s.incentives_at_risk:
        out.append(
            f"  incentives: {s.incentives_earned} earned, {s.incentives_missed} missed, "
            f"{s.incentives_at_risk} at risk\n"
        )
    for e in s.evaluations:
        out.append(f"  evaluation: {e.outcome}", "bold")
        out.append(f" by {e.decided_by or '?'} on {e.decided_on or '?'}", "dim")
        if e.note:
            out.append(" · ")
            out.append_text(safe(e.note))
        out.append("\n")


def _recent(out: Text, r: ClientRecord, width: int) -> None:
    _section(out, "Recent contact")
    if not r.recent:
        out.append("  nothing logged\n", "dim")
    for line in r.recent:
        row = Text(f"  {line.on} ", "dim")
        row.append(pad(line.project_id, 20), "")
        row.append(f" {line.what}: ", "dim")
        row.append(fit(line.summary, max(width - row.cell_len, 10)))
        out.append_text(row)
        out.append("\n")
