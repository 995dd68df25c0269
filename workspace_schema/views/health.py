"""Project health: one summary row per project, the data behind the dashboard.

    from workspace_schema.views.health import ProjectSummary, summarize, summarize_all
    s = summarize(ws, "acme-crm", today, findings)    # findings from the loader and the rules; may be []
    rows = summarize_all(ws, today, findings)         # one per project, in ws.projects order

A summary is plain data: the screen only displays it. ``health`` is one of
"red", "amber", "green" or "grey", and ``reasons`` says why, most severe
first: each a ``Reason`` (a catalogue message that names the items with
their distance, so it reads in the app's English and in a client's own
language: ``reason.text("zh")``), whether it makes the project red, and
whether the client may read it (``client``: dates and items are the
client's business; check-ins, satisfaction, risks and findings are the
team's). Every rule that applies is listed, so a red project also shows its
amber reasons after the red ones. docs/health.md holds the same table for
users.

Health, checked in this order (``today`` is a date in the workspace's
timezone; "open" means status todo, doing, waiting or blocked):

======  ======================================================================
colour  when
======  ======================================================================
grey    the project's status is done or cancelled, or it is planned and has
        not started (start after today, or no start date). Nothing below is
        checked.
red     the project's due date has passed (and it is not done)
red     an open milestone is more than 7 days past its due
red     a triggered risk has steps not done (or no steps at all: nothing of
        its contingency plan has been done)
red     the project is active and the last check-in is more than twice
        ``check_in_every`` days ago (two check-ins missed)
red     an error-level finding is on the project
amber   an open milestone or task is past its due: client-side items
        (side = "client") are listed apart from ours, and milestones
        already named by the red rule are not named again
amber   an open milestone is due after its baseline_due (slipped)
amber   the project is active and the last check-in is more than
        ``check_in_every`` days ago
amber   an open risk (watching or triggered) scores probability x impact >= 15
amber   the latest satisfaction score is 2 or lower
amber   an open support request is past its response or resolution
        target, judged at the end of today's working day as rule SUP001/
        SUP002 does (core/sla.py); the client may read it
amber   an incentive on an open milestone is at stake: at risk (due after
        the date it needs), missed, or its date within 7 days
        (views/incentives.at_stake, as INC001); the client may read it
green   none of the above: "all milestones on track"
note    a satisfaction survey is due (rules/surveys.due_surveys): the
        client's periodic one (on its active and on-hold projects) or this
        project's close-out one (on a done project, after "done"). A note
        is listed after the colour's reasons and changes no colour; it is
        the team's only
======  ======================================================================

Definitions the rows use:

- ``progress`` = done / (open + done) over milestones and tasks; dropped
  items count nowhere. 0.0 when there are none.
- ``overdue``: open milestones and tasks whose due is before today.
- ``waiting_on_client``: open milestones and tasks whose side is "client",
  plus items whose status is "waiting" (whatever their side); each item
  counts once.
- ``last_check_in``: the latest of the project's reviews (held_on) and log
  entries with kind "check-in", ignoring any dated after today. Without one,
  check-in lateness counts from the project's start (as rule CAD001 does);
  without a start either, it is not overdue. ``check_in_every`` is the
  project's own or the workspace's; 0 or less turns the check off, and only
  active projects are checked (like CAD001).
- ``satisfaction_trend``: the scores of reviews (satisfaction) and log entries
  with kind "feedback" (score), oldest first, each counted once
  (views/satisfaction.py); ``satisfaction`` is the last of them.
- ``top_risk_score``: the highest probability x impact of risks not closed.
- ``errors`` / ``warnings``: findings whose ``item`` is the project or one of
  its records ("pid" or "pid/..."), plus findings without an item in the
  project's own file (the loader reports some of those).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from msgspec import Struct

from workspace_schema.core.catalogue import Language, Msg, days, distance, render
from workspace_schema.core.dates import humanize_distance
from workspace_schema.core.findings import Finding
from workspace_schema.core.records import OPEN_ITEM_STATUSES, Project, ProjectStatus, Workspace
from workspace_schema.core.sla import request_state
from workspace_schema.core.work_hours import WorkCalendar, end_of_day
from workspace_schema.rules.surveys import DueSurvey, due_surveys
from workspace_schema.views.incentives import at_stake
from workspace_schema.views.satisfaction import merge_points

__all__ = [
    "CHECK_IN_RED_FACTOR",
    "HEALTH_COLOURS",
    "HIGH_RISK_SCORE",
    "LOW_SATISFACTION",
    "MILESTONE_RED_DAYS",
    "Health",
    "ProjectSummary",
    "Reason",
    "summarize",
    "summarize_all",
]

Health = Literal["red", "amber", "green", "grey"]
HEALTH_COLOURS: tuple[Health, ...] = ("red", "amber", "green", "grey")
MILESTONE_RED_DAYS = 7  # an open milestone more late than this makes a project red
CHECK_IN_RED_FACTOR = 2  # no check-in for more than this many cadences makes a project red
HIGH_RISK_SCORE = 15  # an open risk scoring this much (probability x impact) makes a project amber
LOW_SATISFACTION = 2  # a latest satisfaction score this low makes a project amber
AMBER = 10  # reasons ranked from here on are amber, below it red


class Reason(Msg, frozen=True, kw_only=True):
    """Why a project has its colour: a catalogue message, whether it is a red one, whether the client may read it."""

    red: bool = False
    client: bool = False

    def text(self, lang: Language = "en") -> str:
        return render(self, lang)


class ProjectSummary(Struct, frozen=True, kw_only=True):
    """One dashboard row. See the module docstring for how each field is computed."""

    project_id: str
    title: str
    client_id: str | None
    client_name: str | None  # the client's name, else its id (a dangling reference), None without a client
    status: ProjectStatus
    health: Health
    reasons: list[Reason]
    progress: float
    done_items: int
    total_items: int
    next_milestone_id: str | None
    next_milestone_title: str | None
    next_milestone_due: dt.date | None
    next_milestone_distance: str | None  # "in 3 days", "5 days late"; None without a due
    overdue: int
    waiting_on_client: int
    last_check_in: dt.date | None
    days_since_check_in: int | None
    check_in_every: int
    check_in_overdue: bool
    top_risk_score: int
    top_risk_title: str | None
    triggered_risks: int
    satisfaction: int | None
    satisfaction_trend: list[int]
    errors: int
    warnings: int


class _Facts:
    """What the workspace says about each project outside its own file, gathered in one pass."""

    __slots__ = ("errors", "reviews", "surveys", "warnings")

    def __init__(self, ws: Workspace, today: dt.date, findings: Iterable[Finding], only: str | None = None) -> None:
        self.surveys: list[DueSurvey] = due_surveys(ws, today)
        # project id -> [(held_on, satisfaction)] in ws.reviews order
        self.reviews: dict[str, list[tuple[dt.date, int | None]]] = {}
        for review in ws.reviews.values():
            if review.held_on is None or (only is not None and review.project != only):
                continue
            self.reviews.setdefault(review.project, []).append((review.held_on, review.satisfaction))
        # project id -> its error findings; project id -> its warning count
        self.errors: dict[str, list[Finding]] = {}
        self.warnings: dict[str, int] = {}
        by_file: dict[str, str] | None = None  # made at the first finding without an item: one project asks often
        for f in findings:
            if f.level not in ("error", "warning"):
                continue
            if not f.item and by_file is None:
                by_file = {p.file: pid for pid, p in ws.projects.items() if p.file}
            pid = f.item.partition("/")[0] if f.item else (by_file or {}).get(f.file)
            if pid is None or (only is not None and pid != only):
                continue
            if f.level == "error":
                self.errors.setdefault(pid, []).append(f)
            else:
                self.warnings[pid] = self.warnings.get(pid, 0) + 1


def summarize(ws: Workspace, project_id: str, today: dt.date, findings: Iterable[Finding] = ()) -> ProjectSummary:
    """The summary of one project; KeyError if ``project_id`` is not in ``ws.projects``."""
    project = ws.projects[project_id]
    return _summarize(ws, project_id, project, today, _Facts(ws, today, findings, only=project_id))


def summarize_all(ws: Workspace, today: dt.date, findings: Iterable[Finding] = ()) -> list[ProjectSummary]:
    """One summary per project, in ``ws.projects`` order (reviews and findings are grouped once)."""
    facts = _Facts(ws, today, findings)
    return [_summarize(ws, pid, p, today, facts) for pid, p in ws.projects.items()]


# --- one project ------------------------------------------------------------------


def _worst_first(entries: list[tuple[int, Msg]]) -> list[Msg]:
    """The messages of (sort key, message) pairs, the largest key first (a list argument: "A, B and 3 more")."""
    return [m for _, m in sorted(entries, key=lambda e: e[0], reverse=True)]


def _reason(rank: int, key: str, *, client: bool, **args: object) -> tuple[int, Reason]:
    return rank, Reason(key=key, args=dict(args), red=rank < AMBER, client=client)


def _summarize(ws: Workspace, pid: str, p: Project, today: dt.date, facts: _Facts) -> ProjectSummary:
    status = p.status
    done = total = overdue = waiting = 0
    found: list[tuple[int, Reason]] = []  # (rank, reason): ranks below AMBER are red, in the order of the table

    # --- milestones and tasks, in one pass each --------------------------------
    late_red: list[tuple[int, Msg]] = []  # milestones more than MILESTONE_RED_DAYS late
    late_ours: list[tuple[int, Msg]] = []  # other overdue items, our side or joint
    late_client: list[tuple[int, Msg]] = []  # other overdue items, side client
    slipped: list[tuple[int, Msg]] = []
    next_m = None
    next_m_id: str | None = None
    for table in (p.milestones, p.tasks):
        is_milestone = table is p.milestones
        for iid, item in table.items():
            st = item.status
            if st not in OPEN_ITEM_STATUSES:
                if st == "done":
                    done += 1
                    total += 1
                continue
            total += 1
            client = item.side == "client"
            if client or st == "waiting":
                waiting += 1
            due = item.due
            if is_milestone:
                if next_m is None or (due is not None and (next_m.due is None or due < next_m.due)):
                    next_m, next_m_id = item, iid
                base = item.baseline_due
                if due is not None and base is not None and due > base:
                    slip = (due - base).days
                    slipped.append(
                        (
                            slip,
                            Msg(
                                key="health.slip_item",
                                args={"title": item.title or iid, "due": due, "days": days(slip), "base": base},
                            ),
                        )
                    )
            if due is not None and due < today:
                overdue += 1
                late = (today - due).days
                named = {"title": item.title or iid, "distance": distance(due, today)}
                if is_milestone and late > MILESTONE_RED_DAYS:
                    key = "health.item_late_client" if client else "health.item_late"
                    late_red.append((late, Msg(key=key, args=named)))
                else:
                    (late_client if client else late_ours).append((late, Msg(key="health.item_late", args=named)))
    if p.due is not None and p.due < today:
        found.append(_reason(0, "health.project_due_passed", client=True, due=p.due, distance=distance(p.due, today)))
    if late_red:
        found.append(
            _reason(
                1,
                "health.milestones_late",
                client=True,
                n=len(late_red),
                limit=days(MILESTONE_RED_DAYS),
                items=_worst_first(late_red),
            )
        )
    if late_client:
        found.append(
            _reason(
                AMBER, "health.client_items_overdue", client=True, n=len(late_client), items=_worst_first(late_client)
            )
        )
    if late_ours:
        found.append(
            _reason(AMBER + 1, "health.items_overdue", client=True, n=len(late_ours), items=_worst_first(late_ours))
        )
    if slipped:
        found.append(_reason(AMBER + 2, "health.slipped", client=True, n=len(slipped), items=_worst_first(slipped)))

    # --- check-ins -----------------------------------------------------------------
    every = p.check_in_every if p.check_in_every is not None else ws.settings.check_in_every
    reviews = facts.reviews.get(pid, ())
    last: dt.date | None = None
    for held, _score in reviews:
        if held <= today and (last is None or held > last):
            last = held
    for entry in p.log.values():
        on = entry.on
        if on is not None and on <= today and entry.kind == "check-in" and (last is None or on > last):
            last = on
    since = (today - last).days if last is not None else None
    check_in_overdue = False
    if status == "active" and every > 0:
        quiet = since if since is not None else ((today - p.start).days if p.start is not None else None)
        if quiet is not None and quiet > every:
            check_in_overdue = True
            then = (
                Msg(key="health.checkin_last", args={"day": last})
                if last is not None
                else Msg(key="health.checkin_none", args={"start": p.start})
            )
            found.append(
                _reason(
                    3 if quiet > CHECK_IN_RED_FACTOR * every else AMBER + 3,
                    "health.checkin_overdue",
                    client=False,
                    late=days(quiet - every),
                    then=then,
                    quiet=days(quiet),
                    every=days(every),
                )
            )

    # --- satisfaction -----------------------------------------------------------------
    scores = merge_points(reviews, p.log.values(), today)
    trend = [point.score for point in scores]
    satisfaction = trend[-1] if trend else None
    if satisfaction is not None and satisfaction <= LOW_SATISFACTION:
        on = scores[-1].on
        source = Msg(key=f"health.source.{scores[-1].source}")
        ago = Msg(key="when.ago", args={"days": days((today - on).days)}) if on < today else Msg(key="when.today")
        found.append(
            _reason(
                AMBER + 5, "health.satisfaction_low", client=False, score=satisfaction, source=source, on=on, ago=ago
            )
        )

    # --- support requests past their targets (as of the end of today's working day, like SUP001/SUP002) ---
    if p.support:
        now = end_of_day(WorkCalendar.of(ws.settings), today)
        late_support: list[tuple[int, Msg]] = []
        for rid, request in p.support.items():
            sla = request_state(ws.settings, pid, rid, request, now)
            if not sla.overdue or sla.due_by is None:
                continue
            what = "response" if sla.status == "open" else "resolution"
            named = {"title": request.title or rid, "due": f"{sla.due_by:%Y-%m-%d %H:%M}"}
            late_support.append((int(-(sla.left or 0)), Msg(key=f"health.support_item.{what}", args=named)))
        if late_support:
            found.append(
                _reason(
                    AMBER + 6,
                    "health.support_late",
                    client=True,
                    n=len(late_support),
                    items=_worst_first(late_support),
                )
            )

    # --- incentives at stake on open milestones (as INC001) -----------------------------
    stake: list[tuple[int, Msg]] = []
    for row in at_stake(ws, pid, today):
        if row.deadline is None:
            continue
        m = p.milestones[row.milestone_id]
        named = {"title": row.title or row.milestone_id, "reward": row.reward, "by": row.deadline}
        if row.state == "at_risk":
            named["due"] = m.due
        else:
            named["distance"] = distance(row.deadline, today)
        key = "at_risk" if row.state == "at_risk" else "missed" if row.state == "missed" else "soon"
        stake.append(((today - row.deadline).days, Msg(key=f"health.incentive_item.{key}", args=named)))
    if stake:
        found.append(_reason(AMBER + 7, "health.incentives", client=True, n=len(stake), items=_worst_first(stake)))

    # --- risks -----------------------------------------------------------------------
    top_score = 0
    top_title: str | None = None
    triggered = 0
    risky: list[tuple[int, Msg]] = []
    unhandled: list[tuple[int, Msg]] = []
    for rid, risk in p.risks.items():
        if risk.status == "closed":
            continue
        score = risk.probability * risk.impact
        title = risk.title or rid
        if score > top_score:
            top_score, top_title = score, title
        if risk.status == "triggered":
            triggered += 1
            steps = risk.steps
            open_steps = sum(1 for s in steps.values() if not s.done)
            if open_steps or not steps:
                plan = (
                    Msg(key="health.steps_open", args={"open": open_steps, "total": len(steps)})
                    if steps
                    else Msg(key="health.no_steps")
                )
                args = {"title": title, "plan": plan, "on": risk.triggered_on}
                key = "health.risk_plan_since" if risk.triggered_on else "health.risk_plan"
                unhandled.append((score, Msg(key=key, args=args)))
        if score >= HIGH_RISK_SCORE:
            args = {"title": title, "score": score, "probability": risk.probability, "impact": risk.impact}
            risky.append((score, Msg(key="health.high_risk_item", args=args)))
    if unhandled:
        found.append(
            _reason(2, "health.risks_unhandled", client=False, n=len(unhandled), items=_worst_first(unhandled))
        )
    if risky:
        found.append(_reason(AMBER + 4, "health.high_risks", client=False, n=len(risky), items=_worst_first(risky)))

    # --- findings ----------------------------------------------------------------------
    errs, warns = facts.errors.get(pid, []), facts.warnings.get(pid, 0)
    if errs:
        shown: str | Msg = "; ".join(f"{f.code} {f.message}" for f in errs[:2])
        if len(errs) > 2:
            shown = Msg(key="health.errors_more", args={"shown": shown, "n": len(errs) - 2})
        found.append(_reason(4, "health.errors", client=False, n=len(errs), shown=shown))

    notes = [_survey_note(due, ws, today) for due in facts.surveys if _survey_concerns(due, pid, p)]
    grey = _grey_reason(p, today)
    if grey is not None:
        health: Health = "grey"
        reasons = [grey, *notes]
    elif found:
        found.sort(key=lambda r: r[0])
        health = "red" if found[0][0] < AMBER else "amber"
        reasons = [reason for _, reason in found] + notes
    else:
        health = "green"
        reasons = [Reason(key="health.on_track" if p.milestones else "health.on_track_empty", client=True), *notes]

    client_rec = ws.clients.get(p.client) if p.client else None
    return ProjectSummary(
        project_id=pid,
        title=p.title or pid,
        client_id=p.client,
        client_name=(client_rec.name or p.client) if client_rec is not None else p.client,
        status=status,
        health=health,
        reasons=reasons,
        progress=done / total if total else 0.0,
        done_items=done,
        total_items=total,
        next_milestone_id=next_m_id,
        next_milestone_title=(next_m.title or next_m_id) if next_m is not None else None,
        next_milestone_due=next_m.due if next_m is not None else None,
        next_milestone_distance=humanize_distance(next_m.due, today) if next_m is not None and next_m.due else None,
        overdue=overdue,
        waiting_on_client=waiting,
        last_check_in=last,
        days_since_check_in=since,
        check_in_every=every,
        check_in_overdue=check_in_overdue,
        top_risk_score=top_score,
        top_risk_title=top_title,
        triggered_risks=triggered,
        satisfaction=satisfaction,
        satisfaction_trend=trend,
        errors=len(errs),
        warnings=warns,
    )


def _survey_concerns(due: DueSurvey, pid: str, p: Project) -> bool:
    """The client's periodic survey is a note on its active and on-hold projects; a close-out on its own project."""
    if due.kind == "close-out":
        return due.project == pid
    return due.client == p.client and p.status in ("active", "on_hold")


def _survey_note(due: DueSurvey, ws: Workspace, today: dt.date) -> Reason:
    """A survey due, as a note: it changes no colour, and it is the team's (a nudge to us)."""
    if due.kind == "close-out":
        ago = (
            Msg(key="when.ago", args={"days": days((today - due.since).days)})
            if due.since < today
            else Msg(key="when.today")
        )
        return Reason(key="health.close_out_survey_due", args={"since": due.since, "ago": ago})
    every = ws.clients[due.client].survey_every or 0
    return Reason(key="health.survey_due", args={"late": days(due.days_over), "since": due.since, "every": days(every)})


def _grey_reason(p: Project, today: dt.date) -> Reason | None:
    if p.status == "done":
        return Reason(key="health.done", client=True)
    if p.status == "cancelled":
        return Reason(key="health.cancelled", client=True)
    if p.status == "planned":
        if p.start is None:
            return Reason(key="health.planned_no_start", client=True)
        if p.start > today:
            return Reason(
                key="health.planned_starts", args={"start": p.start, "distance": distance(p.start, today)}, client=True
            )
    return None
