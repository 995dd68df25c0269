"""What a review sends the client: the agenda before the meeting and the minutes after, Markdown or HTML.

    doc = agenda_of(ws, "huamei-miniapp", today)       # the next review: its date and items, in the client's language
    doc = agenda_of(ws, "acme-tracking", today, retro=True)   # a retro's (review/retro.py), held today
    agenda_markdown(doc), agenda_html(doc)
    minutes_html(ws.reviews["2026-11-24-huamei-miniapp"], ws)   # (markdown.to_markdown: the same minutes as Markdown)

Every word comes from the catalogue (``agenda.*``, ``minutes.*``) in the
language of the project's client; user text (titles, names, notes) is
escaped for the format. Nothing internal leaves: risks not marked
``shared`` and milestones, tasks, goals, changes and log entries marked
``internal`` are taken out of the project before the agenda is built
(for_client), and the minutes leave out outcomes and action items about
them. The improvement register is the team's too: no improvement is on the
client's agenda, and the minutes leave out outcomes about one. So are
the surveys we owe the client (review/agenda_care.py): a ``survey`` item
is on the team's agenda only, and its outcomes ("surveys/...") stay out of
the minutes. Support requests past their target and incentives at stake
are the client's business and stay in.

The agenda's date is the ``next_review`` the project's last review set,
else that review's date plus the workspace's ``review_every``; a date
already past, or no review yet, means the meeting is due now: today. The
items are those of review/agenda.py as of today, without findings (lint
codes are the team's business).

A retro's agenda (``retro=True``) is what went well and what did not
(review/retro.py), then "Lessons to record", the part the meeting fills in;
the lessons recorded so far are the team's, so the client's agenda leaves
them out, and its date is today (a retro is held when it is offered).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import msgspec
from msgspec import Struct

from workspace_schema.core import records as R
from workspace_schema.core.catalogue import Language, language_of, say
from workspace_schema.export.html_page import e, page, table
from workspace_schema.export.markdown_text import md_cell, md_text
from workspace_schema.review.agenda import build, previous_review
from workspace_schema.review.agenda_item import SECTIONS, AgendaItem, AgendaKind, why_in
from workspace_schema.review.retro import RETRO_SECTIONS
from workspace_schema.review.retro import build as build_retro

__all__ = [
    "AgendaDoc",
    "MinutesDoc",
    "agenda_html",
    "agenda_markdown",
    "agenda_of",
    "for_client",
    "hidden",
    "meeting_date",
    "minutes_html",
    "minutes_of",
]

_TABLES = ("milestones", "tasks", "risks", "goals", "changes", "log", "support")


def hidden(record: object, table: str) -> bool:
    """Whether ``record`` (of ``table``) stays in the team: marked internal, or a risk not marked shared."""
    if getattr(record, "internal", False):
        return True
    return table == "risks" and not getattr(record, "shared", False)


def for_client(ws: R.Workspace, project_id: str) -> R.Workspace:
    """``ws`` with the project's internal records taken out (see ``hidden``); KeyError for an unknown project."""
    p = ws.projects[project_id]
    kept = {t: {k: v for k, v in getattr(p, t).items() if not hidden(v, t)} for t in _TABLES}
    projects = {**ws.projects, project_id: msgspec.structs.replace(p, **kept)}
    return msgspec.structs.replace(ws, projects=projects, improvements={})  # the register is the team's own


def _person(ws: R.Workspace, handle: str | None) -> str:
    if not handle:
        return ""
    p = ws.people.get(handle)
    return (p.name or handle) if p is not None else handle


# --- the agenda ------------------------------------------------------------------------------------


class AgendaDoc(Struct, frozen=True, kw_only=True):
    project: str
    title: str
    client: str | None  # the client's name
    lang: Language
    date: dt.date  # of the meeting
    today: dt.date  # the items are as of this day
    last_review: dt.date | None
    items: list[AgendaItem]
    owners: dict[str, str]  # handle -> name, for the items' owners
    kind: R.ReviewKind = "regular"


def meeting_date(ws: R.Workspace, project_id: str, today: dt.date) -> dt.date:
    """When the project's next review is (see the module's docstring)."""
    last = previous_review(ws, project_id, today)
    if last is None or last[1].held_on is None:
        return today
    review = last[1]
    assert review.held_on is not None
    planned = review.next_review or review.held_on + dt.timedelta(days=max(ws.settings.review_every, 1))
    return max(planned, today)


def agenda_of(ws: R.Workspace, project_id: str, today: dt.date, *, retro: bool = False) -> AgendaDoc:
    """The agenda of the project's next review (its retro with ``retro``), for the client; KeyError if unknown."""
    client_ws = for_client(ws, project_id)
    p = client_ws.projects[project_id]
    if retro:
        items = [it for it in build_retro(client_ws, today, project_id) if it.kind != "lesson"]
    else:
        items = [it for it in build(client_ws, today, project_id) if it.kind != "survey"]  # a nudge to us
    client = client_ws.clients.get(p.client or "")
    last = previous_review(client_ws, project_id, today)
    owners = {it.owner: _person(client_ws, it.owner) for it in items if it.owner}
    return AgendaDoc(
        project=project_id,
        title=p.title or project_id,
        client=(client.name or p.client) if client is not None else p.client,
        lang=language_of(client_ws, p),
        date=today if retro else meeting_date(client_ws, project_id, today),
        today=today,
        last_review=last[1].held_on if last is not None else None,
        items=items,
        owners=owners,
        kind="retro" if retro else "regular",
    )


def _agenda_facts(doc: AgendaDoc) -> list[tuple[str, str]]:
    """(label, value) pairs, values plain text."""
    w = doc.lang
    facts = [(say(w, "agenda.project"), say(w, "agenda.titled", title=doc.title, id=doc.project))]
    if doc.client:
        facts.append((say(w, "agenda.client"), doc.client))
    facts.append((say(w, "agenda.date"), doc.date.isoformat()))
    if doc.last_review is not None:
        facts.append((say(w, "agenda.last"), doc.last_review.isoformat()))
    facts.append((say(w, "agenda.as_of"), doc.today.isoformat()))
    return facts


def _sections(doc: AgendaDoc) -> list[tuple[str, list[AgendaItem]]]:
    kinds: tuple[AgendaKind, ...] = RETRO_SECTIONS if doc.kind == "retro" else SECTIONS
    return [
        (say(doc.lang, f"agenda.section.{kind}"), [it for it in doc.items if it.kind == kind])
        for kind in kinds
        if any(it.kind == kind for it in doc.items)
    ]


def _title(doc: AgendaDoc) -> str:
    return say(doc.lang, "agenda.title_retro" if doc.kind == "retro" else "agenda.title")


def _agenda_head(doc: AgendaDoc) -> list[str]:
    w = doc.lang
    return [say(w, "agenda.col.item"), say(w, "agenda.col.why"), say(w, "agenda.col.owner"), say(w, "agenda.col.due")]


def agenda_markdown(doc: AgendaDoc) -> str:
    """The agenda as GitHub/GitLab-flavoured Markdown."""
    w, sep = doc.lang, say(doc.lang, "colon")
    out = [f"# {_title(doc)}{sep}{md_text(doc.title)} — {doc.date}", ""]
    out += ["  \n".join(f"**{label}**{sep}{md_text(value)}" for label, value in _agenda_facts(doc)), ""]
    out += [say(w, "agenda.intro"), ""]
    sections = _sections(doc)
    if not sections and doc.kind != "retro":
        out += [say(w, "agenda.none"), ""]
    for name, items in sections:
        out += [f"## {name}", "", "| " + " | ".join(_agenda_head(doc)) + " |", "|---|---|---|---|"]
        for it in items:
            owner = doc.owners.get(it.owner or "", "")
            row = [md_cell(it.title), md_cell(why_in(it, w)), md_cell(owner), str(it.due or "")]
            out.append("| " + " | ".join(row) + " |")
        out.append("")
    if doc.kind == "retro":
        out += [f"## {say(w, 'agenda.section.new-lesson')}", "", say(w, "agenda.new_lesson_prompt"), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def agenda_html(doc: AgendaDoc, nav: str = "") -> str:
    """The agenda as a standalone HTML page (export/html_page.py); ``nav``: links above it (a published site's)."""
    w = doc.lang
    title = f"{_title(doc)}{say(w, 'colon')}{doc.title} — {doc.date}"
    body = [f"<h1>{e(title)}</h1>", _facts_html(_agenda_facts(doc)), f"<p>{e(say(w, 'agenda.intro'))}</p>"]
    sections = _sections(doc)
    if not sections and doc.kind != "retro":
        body.append(f'<p class="muted">{e(say(w, "agenda.none"))}</p>')
    for name, items in sections:
        rows = [[e(it.title), e(why_in(it, w)), e(doc.owners.get(it.owner or "", "")), e(it.due or "")] for it in items]
        body += [f"<h2>{e(name)}</h2>", table(_agenda_head(doc), rows, date_cols=(3,))]
    if doc.kind == "retro":
        body += [
            f"<h2>{e(say(w, 'agenda.section.new-lesson'))}</h2>",
            f"<p>{e(say(w, 'agenda.new_lesson_prompt'))}</p>",
        ]
    return page(title, nav + "\n".join(body), w)


def _facts_html(facts: list[tuple[str, str]]) -> str:
    inner = "".join(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in facts)
    return f'<dl class="facts">{inner}</dl>'


# --- the minutes ------------------------------------------------------------------------------------


class OutcomeRow(Struct, frozen=True, kw_only=True):
    item: str  # the item's title (its id when the plan no longer has it)
    outcome: R.Outcome
    new_due: dt.date | None = None
    new_owner: str | None = None  # a name
    note: str | None = None


class ActionRow(Struct, frozen=True, kw_only=True):
    title: str
    owner: str = ""
    due: dt.date | None = None
    status: str | None = None  # None: the task is no longer in the plan


class MinutesDoc(Struct, frozen=True, kw_only=True):
    """A recorded review as the client reads it: names instead of handles, internal items left out."""

    project: str
    title: str
    client: str | None
    lang: Language
    held_on: dt.date | None
    next_review: dt.date | None
    kind: R.ReviewKind = "regular"
    attendees: list[str]
    satisfaction: int | None
    satisfaction_comment: str | None
    decisions: list[str]
    outcomes: list[OutcomeRow]
    actions: list[ActionRow]


def minutes_of(review: R.Review, ws: R.Workspace) -> MinutesDoc:
    """What the minutes of ``review`` say, for the client."""
    project = ws.projects.get(review.project)
    client = ws.clients.get(project.client or "") if project is not None else None

    def find(iid: str) -> tuple[str, object] | None:
        for t in _TABLES:
            rec = getattr(project, t).get(iid) if project is not None else None
            if rec is not None:
                return t, rec
        return None

    outcomes = []
    for oid, o in review.outcomes.items():
        iid = o.item or oid
        if iid.startswith(("improvements/", "surveys/")):
            continue  # the team's register and the surveys we owe (their outcomes' items are written so)
        found = find(iid)
        if found is not None and hidden(found[1], found[0]):
            continue
        rec = found[1] if found is not None else None
        label = (getattr(rec, "title", None) or getattr(rec, "summary", None) or iid) if rec is not None else iid
        outcomes.append(
            OutcomeRow(
                item=label,
                outcome=o.outcome,
                new_due=o.new_due,
                new_owner=_person(ws, o.new_owner) or None,
                note=o.note,
            )
        )
    actions = []
    for tid in review.actions:
        task = project.tasks.get(tid) if project is not None else None
        if task is None:
            actions.append(ActionRow(title=tid))
        elif not hidden(task, "tasks"):
            actions.append(
                ActionRow(title=task.title or tid, owner=_person(ws, task.owner), due=task.due, status=task.status)
            )
    return MinutesDoc(
        project=review.project,
        title=project.title if project is not None and project.title else review.project,
        client=(client.name or (project.client if project is not None else None)) if client is not None else None,
        lang=language_of(ws, project),
        held_on=review.held_on,
        next_review=review.next_review,
        kind=review.kind,
        attendees=[_person(ws, a) for a in review.attendees],
        satisfaction=review.satisfaction,
        satisfaction_comment=review.satisfaction_comment,
        decisions=list(review.decisions),
        outcomes=outcomes,
        actions=actions,
    )


def minutes_facts(doc: MinutesDoc) -> list[tuple[str, str]]:
    """(label, value) pairs, values plain text: project, client, held on, next review."""
    w = doc.lang
    facts = [(say(w, "minutes.project"), say(w, "agenda.titled", title=doc.title, id=doc.project))]
    if doc.client is not None:
        facts.append((say(w, "minutes.client"), doc.client))
    facts.append((say(w, "minutes.held"), str(doc.held_on or "")))
    if doc.next_review:
        facts.append((say(w, "minutes.next"), str(doc.next_review)))
    return facts


def outcome_details(doc: MinutesDoc, o: OutcomeRow, esc: Callable[[str], str]) -> str:
    """ "new date 2026-12-09; Acme IT is slow", user text through ``esc``."""
    w = doc.lang
    details = []
    if o.new_due:
        details.append(f"{esc(say(w, 'minutes.new_due'))} {o.new_due}")
    if o.new_owner:
        details.append(f"{esc(say(w, 'minutes.new_owner'))} {esc(o.new_owner)}")
    if o.note:
        details.append(esc(o.note))
    return say(w, "agenda.sep").join(details)  # "; " or "；": nothing to escape, and md_cell would trim it


def status_word(doc: MinutesDoc, status: str | None) -> str:
    return say(doc.lang, f"agenda.status.{status}") if status else ""


def minutes_title(doc: MinutesDoc) -> str:
    title = say(doc.lang, "minutes.title_retro" if doc.kind == "retro" else "minutes.title")
    return f"{title}{say(doc.lang, 'colon')}{doc.title} — {doc.held_on or ''}"


def minutes_html(review: R.Review, ws: R.Workspace, nav: str = "") -> str:
    """The minutes of ``review`` as a standalone HTML page, in the client's language; ``nav`` as for agenda_html."""
    doc = minutes_of(review, ws)
    w = doc.lang
    none = f'<p class="muted">{e(say(w, "minutes.none"))}</p>'
    body = [f"<h1>{e(minutes_title(doc))}</h1>", _facts_html(minutes_facts(doc))]
    names = say(w, "list.sep").join(doc.attendees) or say(w, "minutes.none")
    body.append(f"<p><strong>{e(say(w, 'minutes.attendees'))}</strong>{e(say(w, 'colon'))}{e(names)}</p>")
    if doc.satisfaction is not None:
        comment = f" — {e(doc.satisfaction_comment)}" if doc.satisfaction_comment else ""
        body.append(
            f"<p><strong>{e(say(w, 'minutes.satisfaction'))}</strong>{e(say(w, 'colon'))}"
            f"{doc.satisfaction}/5{comment}</p>"
        )
    body.append(f"<h2>{e(say(w, 'minutes.decisions'))}</h2>")
    body.append("<ol>" + "".join(f"<li>{e(d)}</li>" for d in doc.decisions) + "</ol>" if doc.decisions else none)
    body.append(f"<h2>{e(say(w, 'minutes.outcomes'))}</h2>")
    if doc.outcomes:
        head = [say(w, "minutes.item"), say(w, "minutes.outcome"), say(w, "minutes.details")]
        rows = [[e(o.item), e(say(w, f"minutes.o.{o.outcome}")), outcome_details(doc, o, e)] for o in doc.outcomes]
        body.append(table(head, rows))
    else:
        body.append(none)
    body.append(f"<h2>{e(say(w, 'minutes.actions'))}</h2>")
    if doc.actions:
        head = [say(w, "minutes.task"), say(w, "minutes.owner"), say(w, "minutes.due"), say(w, "minutes.status")]
        rows = [[e(a.title), e(a.owner), e(a.due or ""), e(status_word(doc, a.status))] for a in doc.actions]
        body.append(table(head, rows, date_cols=(2,)))
    else:
        body.append(none)
    return page(minutes_title(doc), nav + "\n".join(body), w)
