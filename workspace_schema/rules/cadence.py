"""Keeping things moving: regular check-ins, and nudges for late client work.

Only projects still under way are checked: check-ins for active projects,
nudges for planned, active and on-hold ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from workspace_schema.core.dates import days
from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Workspace
from workspace_schema.rules.items import LIVE_PROJECT_STATUSES, is_open, key_line, ref, work_items
from workspace_schema.rules.registry import Report, rule


def last_reviews(ws: Workspace) -> dict[str, dt.date]:
    """The latest review date of each project."""
    last: dict[str, dt.date] = {}
    for review in ws.reviews.values():
        held = review.held_on
        if held is not None and (review.project not in last or held > last[review.project]):
            last[review.project] = held
    return last


@rule(
    "CAD001",
    "warning",
    "An active project has had no check-in (review or check-in log entry) within its check_in_every days.",
)
def check_in_overdue(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    reviewed = last_reviews(ws)
    for pid, p in ws.projects.items():
        every = p.check_in_every if p.check_in_every is not None else ws.settings.check_in_every
        if p.status != "active" or every <= 0:
            continue
        dates = [e.on for e in p.log.values() if e.kind == "check-in" and e.on is not None]
        if pid in reviewed:
            dates.append(reviewed[pid])
        last = max(dates, default=None)
        if last is None:
            if p.start is None or (today - p.start).days <= every:  # not started long enough ago (or unknown)
                continue
            what = f"project has never had a check-in (started {p.start}"
        elif (today - last).days > every:
            what = f"project's last check-in was {last} ({days((today - last).days)} ago"
        else:
            continue
        yield report(
            message=f"{what}, check-in every {days(every)}); hold one and record it as a review "
            'or a log entry with kind = "check-in"',
            file=p.file,
            line=key_line(ws, p, ("project",), "check_in_every"),
            item=pid,
        )


@rule(
    "CAD002",
    "warning",
    "A late client-side item (side client, or a client owner) has had no nudge within nudge_every days.",
)
def nudge_overdue(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    window = dt.timedelta(
        days=min(max(ws.settings.nudge_every, 0), (today - dt.date.min).days)
    )  # a huge value: any nudge
    for pid, p in ws.projects.items():
        if p.status not in LIVE_PROJECT_STATUSES:
            continue
        last_nudge: dict[str, dt.date] = {}
        for entry in p.log.values():
            if entry.kind != "nudge" or entry.on is None or entry.on > today:
                continue
            for iid in entry.items:
                if iid not in last_nudge or entry.on > last_nudge[iid]:
                    last_nudge[iid] = entry.on
        for _table, kind, iid, item in work_items(p):
            if not item.due or item.due >= today or not is_open(item):
                continue
            if item.side != "client" and not ws.is_client_side(item.owner):
                continue
            nudged = last_nudge.get(iid)
            if nudged is not None and nudged >= today - window:
                continue
            who = f"`{item.owner}`" if item.owner else "the client"
            yield report(
                message=f"client-side {kind} `{iid}` is {days((today - item.due).days)} late and was "
                f"{'last nudged ' + str(nudged) if nudged else 'never nudged'}; nudge {who} (at least every "
                f'{days(window.days)}) and log it with kind = "nudge", items = ["{iid}"]',
                file=item.file,
                line=item.line,
                item=ref(pid, iid),
            )


def last_contacts(ws: Workspace, today: dt.date) -> dict[str, dt.date]:
    """The latest contact with each client: a log entry with one of its people, or a review of its project."""
    org = {handle: person.org for handle, person in ws.people.items()}
    last: dict[str, dt.date] = {}

    def saw(client: str | None, on: dt.date | None) -> None:
        if client and on is not None and on <= today and (client not in last or on > last[client]):
            last[client] = on

    for p in ws.projects.values():
        for entry in p.log.values():
            for handle in entry.with_:
                saw(org.get(handle), entry.on)
    for review in ws.reviews.values():
        project = ws.projects.get(review.project)
        if project is not None and any(org.get(h) == project.client for h in review.attendees):
            saw(project.client, review.held_on)
    return last


@rule(
    "CON001",
    "warning",
    "A client with contact_every and a project under way has had no logged contact (a log entry with one of "
    "its people, or a review they attended) within that many days.",
)
def contact_overdue(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    contacts = last_contacts(ws, today)
    for cid, client in ws.clients.items():
        every = client.contact_every
        projects = [p for p in ws.projects.values() if p.client == cid and p.status in LIVE_PROJECT_STATUSES]
        if not every or every <= 0 or not projects:
            continue
        last = contacts.get(cid)
        starts = [p.start for p in projects if p.start is not None and p.start <= today]
        since = last or min(starts, default=None)
        if since is None or (today - since).days <= every:
            continue
        what = (
            f"was last contacted on {last}" if last else f"has had no logged contact since its work started ({since})"
        )
        yield report(
            message=f"client `{cid}` {what}, {days((today - since).days)} ago; the promised cadence is every "
            f"{days(every)}: get in touch and log it (a log entry with one of their people in `with`)",
            file=client.file,
            line=ws.key_line(client.file, ("clients", cid), "contact_every") or client.line,
        )
