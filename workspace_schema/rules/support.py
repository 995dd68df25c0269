"""Looking after the client once they use what we built: support targets, trainings, follow-ups.

Rules are given a date, not a time. Open support requests are judged as of
the end of that day's working day (``work_ends``), so a request whose target
falls later today is listed with the hour it is due, before it is missed;
recorded responses and resolutions are judged by their own times. Requests
answered late are history, not findings: the support view and the report
count them. Cancelled projects are skipped; done ones are not (support goes
on after the hand-over).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from workspace_schema.core.dates import days
from workspace_schema.core.findings import Finding
from workspace_schema.core.records import SupportRequest, Workspace
from workspace_schema.core.sla import RequestState, request_state
from workspace_schema.core.work_hours import WorkCalendar, end_of_day
from workspace_schema.load.loader import WORKSPACE_FILE
from workspace_schema.rules.items import key_line, ref
from workspace_schema.rules.registry import Report, rule

FEEDBACK_SCALE = (1, 5)


def _at(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "?"


def _hours(value: float) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} working hour{'' if text == '1' else 's'}"


def _states(ws: Workspace, today: dt.date) -> Iterator[RequestState]:
    now = end_of_day(WorkCalendar.of(ws.settings), today)
    for pid, p in ws.projects.items():
        if p.status == "cancelled":
            continue
        for rid, request in p.support.items():
            if request.opened is not None and request.opened <= now:
                yield request_state(ws.settings, pid, rid, request, now)


def _when(due: dt.datetime | None, today: dt.date) -> str:
    if due is not None and due.date() >= today:
        return f"is due by {due:%H:%M} today"
    return f"was due by {_at(due)}"


@rule(
    "SUP001",
    "warning",
    "An open support request has no response within its respond_within working hours, or it falls due today.",
)
def response_due(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for s in _states(ws, today):
        if s.status != "open" or not s.response_breached:
            continue
        r = s.request
        yield report(
            message=f"support request `{s.id}` ({r.severity}, opened {_at(r.opened)}) has no response and "
            f"{_when(s.respond_by, today)} ({_hours(s.respond_within)}); answer the reporter and record it: "
            f"ducu support respond {s.ref}",
            file=r.file,
            line=key_line(ws, r, ("support", s.id), "opened"),
            item=s.ref,
        )


@rule(
    "SUP002",
    "warning",
    "A support request is not resolved within its resolve_within working hours, or it falls due today.",
)
def resolution_due(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for s in _states(ws, today):
        if s.status == "resolved" or not s.resolution_breached:
            continue
        r = s.request
        yield report(
            message=f"support request `{s.id}` ({r.severity}, opened {_at(r.opened)}) is not resolved and "
            f"{_when(s.resolve_by, today)} ({_hours(s.resolve_within)}); resolve it or agree a new target with "
            f"the reporter (resolve_within = HOURS), and record it: ducu support resolve {s.ref} --summary TEXT",
            file=r.file,
            line=key_line(ws, r, ("support", s.id), "opened"),
            item=s.ref,
        )


@rule(
    "SUP003",
    "warning",
    "A held training has no feedback score, or a planned one's date has passed and it is not marked held or cancelled.",
)
def training_loose_ends(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        if p.status == "cancelled":
            continue
        for tid, t in p.trainings.items():
            if t.status == "held" and t.feedback is None:
                what = (
                    f"training `{tid}` was held{f' on {t.on}' if t.on else ''} and has no feedback score; ask "
                    "the attendees and record their mean score: feedback = 1..5"
                )
                key = "status"
            elif t.status == "planned" and t.on is not None and t.on < today:
                what = (
                    f"training `{tid}` was planned for {t.on} ({days((today - t.on).days)} ago) and is still "
                    'planned; set status = "held" (with its feedback) or "cancelled", or move on to its new date'
                )
                key = "on"
            else:
                continue
            yield report(message=what, file=t.file, line=key_line(ws, t, ("trainings", tid), key), item=ref(pid, tid))


def _request_problems(r: SupportRequest) -> Iterator[tuple[str, str]]:
    """(key, what to do) for each value of a request that cannot be right."""
    for name in ("responded", "resolved"):
        moment = getattr(r, name)
        if moment is None:
            continue
        if r.opened is None:
            yield name, f"is {name} at {_at(moment)} but has no opened time; set opened = YYYY-MM-DDTHH:MM:00"
        elif moment < r.opened:
            yield name, f"was {name} at {_at(moment)}, before it was opened ({_at(r.opened)}); correct one of them"
    if r.responded is not None and r.resolved is not None and r.resolved < r.responded:
        yield "resolved", f"was resolved at {_at(r.resolved)}, before its response ({_at(r.responded)}); correct one"
    for name in ("respond_within", "resolve_within"):
        value = getattr(r, name)
        if value is not None and value <= 0:
            yield name, f"has {name} = {value}; give a number of working hours above 0, or remove it for the default"


@rule(
    "SUP004",
    "error",
    "A support or training value cannot be right: feedback outside 1..5, responded or resolved before opened, "
    "a target of 0 hours or less, a working day that ends before it starts.",
)
def bad_values(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    s = ws.settings
    if not 0 <= s.work_starts < s.work_ends <= 24:
        yield report(
            message=f"the working day runs from work_starts = {s.work_starts} to work_ends = {s.work_ends}; give "
            "hours of the day with work_starts before work_ends (like 9 and 18): support targets count these hours",
            file=WORKSPACE_FILE,
            line=ws.key_line(WORKSPACE_FILE, ("workspace",), "work_ends"),
        )
    for severity, target in s.support.items():
        for name in ("respond_within", "resolve_within"):
            value = getattr(target, name)
            if value is not None and value <= 0:
                yield report(
                    message=f"[support.{severity}] has {name} = {value}; give a number of working hours above 0",
                    file=WORKSPACE_FILE,
                    line=ws.key_line(WORKSPACE_FILE, ("support", severity), name),
                )
    low, high = FEEDBACK_SCALE
    for pid, p in ws.projects.items():
        for tid, t in p.trainings.items():
            if t.feedback is not None and not low <= t.feedback <= high:
                yield report(
                    message=f"training `{tid}` has feedback = {t.feedback}; use the attendees' mean score from "
                    f"{low} (poor) to {high} (excellent)",
                    file=t.file,
                    line=key_line(ws, t, ("trainings", tid), "feedback"),
                    item=ref(pid, tid),
                )
        for rid, r in p.support.items():
            for key, what in _request_problems(r):
                yield report(
                    message=f"support request `{rid}` {what}",
                    file=r.file,
                    line=key_line(ws, r, ("support", rid), key),
                    item=ref(pid, rid),
                )


@rule(
    "FUP001",
    "warning",
    "A handed-over project (done, or with done_on) with follow_up_every has had no follow-up "
    "(log kind follow-up, else done_on) within that many days.",
)
def follow_up_missed(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        every = p.follow_up_every
        if not every or every <= 0 or p.status == "cancelled" or (p.status != "done" and p.done_on is None):
            continue
        ups = [e.on for e in p.log.values() if e.kind == "follow-up" and e.on is not None and e.on <= today]
        last = max(ups, default=None)
        if last is not None:
            since = f"its last follow-up was {last}"
        elif p.done_on is not None:
            last, since = p.done_on, f"it was handed over on {p.done_on} and has had no follow-up"
        else:
            yield report(
                message="project is done but has no done_on, so its follow-ups cannot be counted; set done_on to "
                "the hand-over date",
                file=p.file,
                line=key_line(ws, p, ("project",), "follow_up_every"),
                item=pid,
            )
            continue
        if (today - last).days <= every:
            continue
        yield report(
            message=f"{since} ({days((today - last).days)} ago, follow-up every {days(every)}); call or visit "
            'the client and log it with kind = "follow-up"',
            file=p.file,
            line=key_line(ws, p, ("project",), "follow_up_every"),
            item=pid,
        )
