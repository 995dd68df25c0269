"""Slips, baselines and the milestone trend: numbers over the history index and the current plan.

- A milestone's *moves* are the commits that changed its ``due`` (any
  direction); *later* counts those that pushed it out. A merge that kept
  one side's date over the other's (a ``chosen`` change) is no move of its
  own (the sides' edits are); the trend follows it, as the forecast it
  leaves.
- Its *slip* is ``due - baseline_due`` in calendar days and in working days
  (weekends and the workspace's holidays left out); positive is late. No
  baseline, or no due date, means no slip (None), not a slip of 0.
- A project's schedule variance is the sum and mean of the slips of its open
  milestones that have both dates.
- A client's slip rate: of the client-side items (side = "client",
  milestones and tasks) in that client's projects, the share that slipped:
  moved later at least once, or due after their baseline now.
- The milestone trend (MTA) is one point per reporting date on which a
  forecast (a milestone's ``due``) changed, carrying every milestone's
  forecast as of the end of that date; a dropped milestone has none.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import msgspec

from workspace_schema.core import records as R
from workspace_schema.core.dates import working_days_between
from workspace_schema.history.versions import unpack

if TYPE_CHECKING:
    from workspace_schema.history.trail import FieldChange, HistoryIndex


class MilestoneSlip(msgspec.Struct, frozen=True, kw_only=True):
    project: str
    milestone: str
    title: str
    side: str
    status: str
    due: dt.date | None
    baseline_due: dt.date | None
    moves: int  # commits that changed due
    later: int  # of which to a later date
    slip_days: int | None  # due - baseline_due in calendar days; positive is late
    slip_working_days: int | None  # the same in working days (weekends, holidays excluded)
    moved_by: tuple[
        str, ...
    ]  # who moved it, first mover first: people handle when the git email is in people.toml, else the git name
    last_move: FieldChange | None = None


class ProjectVariance(msgspec.Struct, frozen=True, kw_only=True):
    project: str
    open_milestones: int  # open milestones with both due and baseline_due
    slipped: int  # of which late against the baseline
    total_days: int
    mean_days: float | None
    total_working_days: int
    mean_working_days: float | None
    moves: int  # due moves of those milestones, over the project's history


class ClientSlipRate(msgspec.Struct, frozen=True, kw_only=True):
    client: str
    items: int  # client-side milestones and tasks in the client's projects
    slipped: int  # moved later at least once, or due after the baseline now
    moves: int  # due moves of those items
    rate: float | None  # slipped / items; None when there are no items


def due_moves(index: HistoryIndex, ref: str) -> list[FieldChange]:
    """Changes of ``due`` of one record (not its additions, nor a merge's choice between two of them), newest first."""
    return [c for c in index.item(ref, "due") if c.change == "set" and c.field == "due" and not c.chosen]


def _later(change: FieldChange) -> bool:
    old, new = change.old, change.new
    return isinstance(old, dt.date) and isinstance(new, dt.date) and new > old


def slips(index: HistoryIndex, ws: R.Workspace, project_id: str) -> list[MilestoneSlip]:
    """One entry per milestone of the project as it is now, in file order."""
    from workspace_schema.history.trail import person_of

    project = ws.projects.get(project_id)
    if project is None:
        return []
    holidays = ws.settings.holidays
    out = []
    for mid, milestone in project.milestones.items():
        moves = due_moves(index, f"{project_id}/{mid}")
        movers: list[str] = []
        for change in reversed(moves):
            who = person_of(change.email, ws) or change.author
            if who not in movers:
                movers.append(who)
        due, base = milestone.due, milestone.baseline_due
        slip = (due - base).days if due and base else None
        out.append(
            MilestoneSlip(
                project=project_id,
                milestone=mid,
                title=milestone.title,
                side=milestone.side,
                status=milestone.status,
                due=due,
                baseline_due=base,
                moves=len(moves),
                later=sum(map(_later, moves)),
                slip_days=slip,
                slip_working_days=working_days_between(base, due, holidays) if due and base else None,
                moved_by=tuple(movers),
                last_move=moves[0] if moves else None,
            )
        )
    return out


def project_variance(index: HistoryIndex, ws: R.Workspace, project_id: str) -> ProjectVariance:
    # (slip days, slip working days, moves) of each open milestone whose slip is known
    measured = [
        (s.slip_days, s.slip_working_days, s.moves)
        for s in slips(index, ws, project_id)
        if s.status in R.OPEN_ITEM_STATUSES and s.slip_days is not None and s.slip_working_days is not None
    ]
    total = sum(days for days, _, _ in measured)
    total_wd = sum(working for _, working, _ in measured)
    n = len(measured)
    return ProjectVariance(
        project=project_id,
        open_milestones=n,
        slipped=sum(1 for days, _, _ in measured if days > 0),
        total_days=total,
        mean_days=total / n if n else None,
        total_working_days=total_wd,
        mean_working_days=total_wd / n if n else None,
        moves=sum(moves for _, _, moves in measured),
    )


def client_slip_rate(index: HistoryIndex, ws: R.Workspace) -> dict[str, ClientSlipRate]:
    """Per client id (every client in clients.toml, and any a project names): how often client-side items slipped."""
    counts: dict[str, list[int]] = {cid: [0, 0, 0] for cid in ws.clients}
    for pid, project in ws.projects.items():
        if not project.client:
            continue
        tally = counts.setdefault(project.client, [0, 0, 0])
        items: list[tuple[str, R.Milestone | R.Task]] = [*project.milestones.items(), *project.tasks.items()]
        for rid, item in items:
            if item.side != "client":
                continue
            moves = due_moves(index, f"{pid}/{rid}")
            late_now = bool(item.due and item.baseline_due and item.due > item.baseline_due)
            tally[0] += 1
            tally[1] += 1 if late_now or any(map(_later, moves)) else 0
            tally[2] += len(moves)
    return {
        cid: ClientSlipRate(client=cid, items=n, slipped=slipped, moves=moves, rate=slipped / n if n else None)
        for cid, (n, slipped, moves) in counts.items()
    }


def mta(index: HistoryIndex, ws: R.Workspace, project_id: str) -> list[tuple[dt.date, dict[str, dt.date]]]:
    """Milestone trend analysis: [(reporting date, {milestone id: forecast due})], oldest first.

    One point per date on which some milestone's forecast changed (added
    with a due date, moved, cleared, removed); several commits on one date
    give one point, as of the last of them. Points follow the commit graph,
    so the last one is the plan as it is now, also after a rebase or amend
    that left author dates out of order. Milestones removed from the plan,
    or dropped (status "dropped"), leave the forecasts from then on: their
    lines end there (one taken up again comes back). ``ws`` is unused today; it is where
    the chart's milestone titles and current dates come from.
    """
    del ws
    forecasts: dict[str, dt.date] = {}
    dues: dict[str, dt.date | None] = {}  # each milestone's due date, dropped or not
    dropped: set[str] = set()
    points: list[tuple[dt.date, dict[str, dt.date]]] = []
    last_commit = -1
    changed = False

    def flush() -> None:
        if not changed or last_commit < 0:
            return
        # The commit graph orders the points (a parent before its children), so the last point is the plan as
        # it is now. A commit authored before the point already drawn (a rebase, an amend, a late push) is
        # labelled with that point's date: reporting dates never go back.
        day = index.commit_day(last_commit)
        if points and day < points[-1][0]:
            day = points[-1][0]
        points.append((day, dict(forecasts)))

    for row in index.rows_of_project(project_id):
        if row.table != "milestones":
            continue
        if row.commit != last_commit:
            flush()
            last_commit, changed = row.commit, False
        mid = row.ref.partition("/")[2]
        if row.change == "added":
            fields = unpack(row.new)
            dues[mid] = _date(fields.get("due"))
            _mark_dropped(dropped, mid, fields.get("status"))
        elif row.change == "removed":
            dues.pop(mid, None)
        elif row.change == "set" and row.field == "due":
            dues[mid] = _date(unpack(row.new))
        elif row.change == "set" and row.field == "status":
            _mark_dropped(dropped, mid, unpack(row.new))
        else:
            continue
        forecast = None if mid in dropped else dues.get(mid)
        if forecasts.get(mid) != forecast:
            changed = True
            if forecast is None:
                del forecasts[mid]
            else:
                forecasts[mid] = forecast
    flush()
    return [point for n, point in enumerate(points) if n + 1 == len(points) or points[n + 1][0] != point[0]]


def _mark_dropped(dropped: set[str], mid: str, status: Any) -> None:
    if status == "dropped":
        dropped.add(mid)
    else:
        dropped.discard(mid)


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None
