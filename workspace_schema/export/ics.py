"""The plan as a calendar: an iCalendar (RFC 5545) file to import or subscribe to.

    from workspace_schema import ics
    text = ics.export(ws, today=today)                       # every live project
    text = ics.export(ws, project="acme-crm", person="raj", today=today)

Events, all-day (DTSTART;VALUE=DATE, DTEND the day after):

- a milestone on its ``due`` (dropped ones left out; done ones say so);
  UID ``<project>/<milestone>@ducu``
- the next review of each project: ``next_review`` of its latest review;
  UID ``<project>/next-review@ducu`` (one per project, so a calendar that
  imports the file again moves the event instead of adding one)
- the next drill of each open risk with ``drill_every``: ``last_drill +
  drill_every`` (never drilled: due today); UID ``<project>/<risk>/drill@ducu``

UIDs depend only on ids, so importing the file again updates the same
events. With ``history`` (the workspace's history index), a milestone's
SEQUENCE is how many times its due date moved and LAST-MODIFIED the time
of its last change, so a calendar client applies a moved date as the newer
version of the event (RFC 5546 orders updates by them); without history,
SEQUENCE is 0 and there is no LAST-MODIFIED. DTSTAMP is ``today`` at 00:00 UTC, so the same plan on the same day
gives the same bytes. With ``person``: milestones the person owns or has a
RACI letter on, reviews of projects they lead or attended last, drills of
risks they own or hold a step of. Done and cancelled projects are left out
unless asked for by name.

Text values are escaped (backslash, semicolon, comma, newline) and control
characters dropped; lines end in CRLF and are folded at 75 octets, only
between characters, so a UTF-8 sequence is never split.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from workspace_schema.core.catalogue import language_of, say
from workspace_schema.core.dates import days
from workspace_schema.core.records import Milestone, Project, Review, Workspace
from workspace_schema.core.text_safety import one_line, scrub_lines
from workspace_schema.history.slips import due_moves

if TYPE_CHECKING:
    from workspace_schema.history.trail import HistoryIndex

__all__ = ["escape_text", "export", "fold"]

LIVE = frozenset({"planned", "active", "on_hold"})
PRODID = "-//ducu//ducu plan calendar//EN"
MAX_OCTETS = 75


_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n", "\t": " "})


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): \\ ; , and newlines escaped, other control characters dropped.

    Dropped are the characters text_safety names: escape sequences, C1 and
    bidi controls never reach a calendar.
    """
    return scrub_lines(text).translate(_ESCAPES)


def fold(line: str) -> str:
    """One content line folded into lines of at most 75 octets, joined by CRLF + space (RFC 5545 3.1).

    Breaks only between characters: a multi-byte UTF-8 character always
    stays whole on one line.
    """
    size = len(line.encode("utf-8"))
    if size <= MAX_OCTETS:
        return line
    if size == len(line):  # ASCII: one octet a character, so plain slices
        rest = MAX_OCTETS - 1
        return "\r\n ".join([line[:MAX_OCTETS], *(line[i : i + rest] for i in range(MAX_OCTETS, len(line), rest))])
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_OCTETS
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            parts.append("".join(current))
            current, size = [], 0
            limit = MAX_OCTETS - 1  # continuation lines start with a space, which counts
        current.append(ch)
        size += n
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _version(history: HistoryIndex | None, ref: str) -> tuple[int, dt.datetime | None]:
    """(SEQUENCE, LAST-MODIFIED) of a milestone's event: its due moves and its newest change, from the history."""
    if history is None:
        return 0, None
    changes = history.item(ref)
    return len(due_moves(history, ref)), (changes[0].date if changes else None)


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _event(
    uid: str,
    day: dt.date,
    summary: str,
    stamp: str,
    description: str = "",
    categories: tuple[str, ...] = (),
    version: tuple[int, dt.datetime | None] = (0, None),
) -> list[str]:
    sequence, modified = version
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{sequence}",
        *([f"LAST-MODIFIED:{modified.astimezone(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}"] if modified else []),
        f"DTSTART;VALUE=DATE:{_date(day)}",
        f"DTEND;VALUE=DATE:{_date(day + dt.timedelta(days=1))}",
        f"SUMMARY:{escape_text(one_line(summary))}",  # a summary is one line, whatever the titles hold
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in categories))
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def _involved(m: Milestone, person: str) -> bool:
    if m.owner == person:
        return True
    raci = m.raci
    return raci is not None and (
        raci.accountable == person or person in raci.responsible or person in raci.consulted or person in raci.informed
    )


def _name(ws: Workspace, handle: str | None) -> str:
    if not handle:
        return ""
    p = ws.people.get(handle)
    return one_line(p.name or handle) if p is not None else handle


def export(
    ws: Workspace,
    project: str | None = None,
    person: str | None = None,
    *,
    today: dt.date,
    client_view: bool = False,
    history: HistoryIndex | None = None,
) -> str:
    """The calendar as text (CRLF line ends). KeyError for an unknown ``project``.

    Each project's events read in its client's language (the catalogue's
    ``ics.*``). ``client_view``: the milestones and the next review only, for
    the client's published view (no contingency drills: risks are the team's).
    """
    if project is not None:
        projects: list[tuple[str, Project]] = [(project, ws.projects[project])]
    else:
        projects = [(pid, p) for pid, p in ws.projects.items() if p.status in LIVE]
    stamp = _date(today) + "T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    name = ws.settings.name or "ducu"
    cal = name + (f": {project}" if project else "") + (f" ({_name(ws, person)})" if person else "")
    lines.append(f"X-WR-CALNAME:{escape_text(one_line(cal))}")

    latest: dict[str, tuple[dt.date, Review]] = {}
    for review in ws.reviews.values():
        if review.held_on is None:
            continue
        seen = latest.get(review.project)
        if seen is None or review.held_on > seen[0]:
            latest[review.project] = (review.held_on, review)

    for pid, p in projects:
        title = p.title or pid
        lang = language_of(ws, p)
        for mid, m in p.milestones.items():
            if m.due is None or m.status == "dropped" or (person and not _involved(m, person)):
                continue
            summary = f"{title}: {m.title or mid}"
            if m.status == "done":
                summary = say(lang, "ics.done", title=summary)
            desc = [
                say(lang, "ics.milestone", ref=f"{pid}/{mid}"),
                say(lang, "ics.status", status=m.status),
                say(lang, "ics.side", side=m.side),
            ]
            if m.owner:
                desc.append(say(lang, "ics.owner", name=_name(ws, m.owner)))
            if m.baseline_due and m.baseline_due != m.due:
                desc.append(say(lang, "ics.agreed", day=m.baseline_due))
            if m.done_criteria:
                desc.append(say(lang, "ics.done_when", criteria=m.done_criteria))
            version = _version(history, f"{pid}/{mid}")
            lines += _event(f"{pid}/{mid}@ducu", m.due, summary, stamp, "\n".join(desc), ("milestone", m.side), version)
        last = latest.get(pid)
        if last is not None:
            review = last[1]
            nxt = getattr(review, "next_review", None)
            attendees = getattr(review, "attendees", [])
            if nxt is not None and (not person or person == p.owner or person in attendees):
                lines += _event(
                    f"{pid}/next-review@ducu",
                    nxt,
                    say(lang, "ics.review", title=title),
                    stamp,
                    say(lang, "ics.next_review", project=pid, day=last[0]),
                    ("review",),
                )
        for rid, risk in p.risks.items():
            if client_view or risk.status == "closed" or not risk.drill_every or risk.drill_every <= 0:
                continue
            if person and risk.owner != person and all(s.owner != person for s in risk.steps.values()):
                continue
            day = risk.last_drill + dt.timedelta(days=risk.drill_every) if risk.last_drill else today
            desc = [f"Contingency drill for risk {pid}/{rid}", f"Every {days(risk.drill_every)}"]
            desc.append(f"Last drill: {risk.last_drill}" if risk.last_drill else "Never drilled")
            if risk.owner:
                desc.append(f"Owner: {_name(ws, risk.owner)}")
            lines += _event(
                f"{pid}/{rid}/drill@ducu",
                day,
                f"{title}: drill – {risk.title or rid}",
                stamp,
                "\n".join(desc),
                ("drill",),
            )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
