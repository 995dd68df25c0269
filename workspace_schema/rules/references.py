"""References to people, clients and projects: every name must exist."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator

from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Project, Record, Workspace
from workspace_schema.rules.items import key_line, ref, work_items
from workspace_schema.rules.registry import Report, rule

# (handle, what names it, record, table path, key, item)
PersonRef = tuple[str, str, Record, tuple[str, ...], str, str | None]


def person_refs(ws: Workspace) -> Iterator[PersonRef]:
    """Every place a file names a person, in file order."""
    for cid, client in ws.clients.items():
        for key in ("sponsor", "account_owner"):
            handle = getattr(client, key)
            if handle is not None:
                yield handle, f"client `{cid}` {key}", client, ("clients", cid), key, None
    for pid, p in ws.projects.items():
        if p.owner is not None:
            yield p.owner, "project owner", p, ("project",), "owner", pid
        for gid, goal in p.goals.items():
            if goal.owner is not None:
                yield goal.owner, f"goal `{gid}` owner", goal, ("goals", gid), "owner", ref(pid, gid)
        for table, kind, iid, item in work_items(p):
            if item.owner is not None:
                yield item.owner, f"{kind} `{iid}` owner", item, (table, iid), "owner", ref(pid, iid)
            raci = item.raci
            if raci is None:
                continue
            path = (table, iid, "raci")
            if raci.accountable is not None:
                yield raci.accountable, f"{kind} `{iid}` raci.accountable", item, path, "accountable", ref(pid, iid)
            for letter in ("responsible", "consulted", "informed"):
                for handle in getattr(raci, letter):
                    yield handle, f"{kind} `{iid}` raci.{letter}", item, path, letter, ref(pid, iid)
        for rid, risk in p.risks.items():
            if risk.owner is not None:
                yield risk.owner, f"risk `{rid}` owner", risk, ("risks", rid), "owner", ref(pid, rid)
            for sid, step in risk.steps.items():
                if step.owner is not None:
                    yield (
                        step.owner,
                        f"risk `{rid}` step {sid} owner",
                        step,
                        ("risks", rid, "steps", sid),
                        "owner",
                        ref(pid, rid),
                    )
        for cid, change in p.changes.items():
            for key in ("requested_by", "decided_by"):
                handle = getattr(change, key)
                if handle is not None:
                    yield handle, f"change `{cid}` {key}", change, ("changes", cid), key, ref(pid, cid)
        for lid, entry in p.log.items():
            if entry.by is not None:
                yield entry.by, f"log entry `{lid}` by", entry, ("log", lid), "by", ref(pid, lid)
            for handle in entry.with_:
                yield handle, f"log entry `{lid}` with", entry, ("log", lid), "with", ref(pid, lid)
        yield from _client_loop_refs(pid, p)
    for review in ws.reviews.values():
        for handle in review.attendees:
            yield handle, "review attendees", review, ("review",), "attendees", None
        for oid, outcome in review.outcomes.items():
            if outcome.new_owner is not None:
                yield outcome.new_owner, f"outcome `{oid}` new_owner", outcome, ("outcomes", oid), "new_owner", None
    for survey in ws.surveys.values():
        if survey.answered_by is not None:
            yield survey.answered_by, "survey answered_by", survey, ("survey",), "answered_by", survey.project or None
    for table, records in (("improvements", ws.improvements), ("evaluations", ws.evaluations)):
        for rid, rec in records.items():
            for key in ("owner", "decided_by"):
                handle = getattr(rec, key, None)
                if handle is not None:
                    yield handle, f"{table[:-1]} `{rid}` {key}", rec, (table, rid), key, None


def _client_loop_refs(pid: str, p: Project) -> Iterator[PersonRef]:
    """The people a project's support requests, trainings and lessons name."""
    for table, kind, keys in (
        ("support", "support request", ("reporter", "owner")),
        ("trainings", "training", ("trainer", "attendees")),
        ("lessons", "lesson", ("raised_by",)),
    ):
        for rid, rec in getattr(p, table).items():
            for key in keys:
                value = getattr(rec, key)
                for handle in value if isinstance(value, list) else [value] if value is not None else []:
                    yield handle, f"{kind} `{rid}` {key}", rec, (table, rid), key, ref(pid, rid)


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


@rule("REF001", "error", "A file names a person (owner, RACI, sponsor, attendee, ...) who is not in people.toml.")
def unknown_person(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    people = ws.people
    hints: dict[str, str] = {}  # one wrong name is often used many times
    for handle, what, rec, path, key, item in person_refs(ws):
        if handle in people or not handle:  # an empty name is a missing one, not a wrong one
            continue
        if handle not in hints:
            hints[handle] = _did_you_mean(handle, people)
        yield report(
            message=f"{what} names `{handle}`, who is not in people.toml; add [people.{handle}] "
            f"to people.toml or fix the name{hints[handle]}",
            file=rec.file,
            line=key_line(ws, rec, path, key),
            item=item,
        )


@rule("REF002", "error", "A project's client is not in clients.toml.")
def unknown_client(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        if p.client and p.client not in ws.clients:
            yield report(
                message=f"project client `{p.client}` is not in clients.toml; add [clients.{p.client}] "
                f"to clients.toml or fix the id{_did_you_mean(p.client, ws.clients)}",
                file=p.file,
                line=key_line(ws, p, ("project",), "client"),
                item=pid,
            )


@rule(
    "REF008",
    "warning",
    "A person's org is neither our team (workspace.team) nor a client id (skipped while team is unset: see WS003).",
)
def unknown_org(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    team = ws.settings.team
    if not team:
        return
    for handle, person in ws.people.items():
        if person.org == team or person.org in ws.clients:
            continue
        what = f"has org `{person.org}`, which is" if person.org else "has no org, so is"
        yield report(
            message=f"person `{handle}` {what} neither our team (`{team}`) nor a client in clients.toml; "
            f"set org to `{team}` or to a client id{_did_you_mean(person.org, [team, *ws.clients])}",
            file=person.file,
            line=key_line(ws, person, ("people", handle), "org"),
        )


@rule("REF009", "error", "A review's project does not exist in projects/.")
def unknown_review_project(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for review in ws.reviews.values():
        if review.project in ws.projects or f"projects/{review.project}.toml" in ws.unread:
            continue  # there, or there and unreadable: the loader's finding says why
        what = (
            f"names project `{review.project}`, which has no file in projects/"
            if review.project
            else "names no project"
        )
        yield report(
            message=f"review {what}; set review.project to the id of a project file"
            f"{_did_you_mean(review.project, ws.projects)}",
            file=review.file,
            line=key_line(ws, review, ("review",), "project"),
        )
