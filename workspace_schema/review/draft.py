"""The draft of a review meeting's minutes: plain data the review screen fills, one outcome at a time.

    draft = new_draft(ws, "acme-crm", today, findings)      # the agenda, nothing recorded yet
    record(draft, 0, "done")                                 # item 0 of the agenda is done
    record(draft, 1, "moved", new_due=date(2026, 12, 18), reason="DBA on leave")
    record(draft, 2, "action", action=NewAction(title="Call Dana", owner="hannah", due=...))
    retro = new_draft(ws, "acme-tracking", today, kind="retro")   # a retro: review/retro.py's agenda
    retro.lessons.append(NewLesson(title="...", cause="...", improvement="...", register=True))

``record`` checks the shape of an outcome only; what finishing the draft
writes, and every reason it would refuse, is worked out in review/plan.py.
"""

from __future__ import annotations

import datetime as dt

from msgspec import Struct

from workspace_schema.core import records as R
from workspace_schema.core.dates import counted
from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Outcome, ReviewKind
from workspace_schema.review.agenda import build as build_agenda
from workspace_schema.review.agenda import previous_review
from workspace_schema.review.agenda_item import AgendaItem
from workspace_schema.review.retro import build as build_retro

DRAFT_VERSION = 1
OUTCOMES: tuple[Outcome, ...] = ("done", "moved", "reassigned", "noted", "action", "skipped")


class MinutesError(Exception):
    """The minutes cannot be saved or finished; the message says why and what to do."""


class DraftError(MinutesError):
    """A draft cannot be written or read (the file is kept as it is)."""


class NewAction(Struct, kw_only=True):
    """An action item: a task to create when the meeting is finished."""

    title: str = ""
    owner: str | None = None
    due: dt.date | None = None
    id: str | None = None  # chosen at finish unless set


class NewLesson(Struct, kw_only=True):
    """A lesson a retro records: [lessons.<id>] in the project file when the meeting is finished."""

    title: str = ""  # what happened
    cause: str | None = None
    improvement: str | None = None  # what we do differently
    action: str | None = None  # the id of a task of the project that carries it out
    raised_by: str | None = None  # a person handle; the project's owner when None
    register: bool = False  # also put the improvement on the register (improvements.toml)
    id: str | None = None  # chosen at finish unless set


class DraftItem(Struct, kw_only=True):
    """One agenda item as the meeting treats it."""

    ref: str  # "project/item", or "project" for a check-in
    kind: str  # the agenda kind ("overdue", "risk", ...)
    title: str
    why: str = ""
    actions: list[str] = []  # the outcomes that apply (agenda_item.AgendaItem.actions)
    table: str | None = None
    carried_from: str | None = None
    outcome: Outcome | None = None  # None until recorded
    note: str | None = None
    new_due: dt.date | None = None  # moved
    reason: str | None = None  # moved: why the date moves
    new_owner: str | None = None  # reassigned
    action: NewAction | None = None  # action

    @property
    def item_id(self) -> str | None:
        return self.ref.partition("/")[2] or None


class Draft(Struct, kw_only=True):
    """A review meeting in progress. Plain data: the screen changes fields and calls save_draft."""

    project: str
    held_on: dt.date
    version: int = DRAFT_VERSION
    kind: ReviewKind = "regular"  # "retro": review/retro.py's agenda, and lessons to record
    attendees: list[str] = []
    items: list[DraftItem] = []
    decisions: list[str] = []
    actions: list[NewAction] = []  # action items not tied to one agenda item
    satisfaction: int | None = None  # 1..5
    satisfaction_comment: str | None = None
    lessons: list[NewLesson] = []  # a retro's new lessons
    current: int = 0  # the agenda item on screen, so a resumed meeting opens where it stopped


def review_id(draft: Draft) -> str:
    """The review's id and file stem: "2026-11-27-acme-crm"."""
    return f"{draft.held_on.isoformat()}-{draft.project}"


def draft_item(item: AgendaItem) -> DraftItem:
    return DraftItem(
        ref=item.ref,
        kind=item.kind,
        title=item.title,
        why=item.why,
        actions=list(item.actions),
        table=item.table,
        carried_from=item.carried_from,
    )


def new_draft(
    ws: R.Workspace,
    project_id: str,
    today: dt.date,
    findings: list[Finding] | tuple[Finding, ...] = (),
    *,
    kind: ReviewKind = "regular",
) -> Draft:
    """A fresh draft for a meeting held today: the project's agenda (a retro's with kind="retro"), nothing recorded.

    The attendees start as those of the previous review (who are still in
    people.toml): usually the same people meet every week; the screen edits
    the list.
    """
    build = build_retro if kind == "retro" else build_agenda
    agenda = build(ws, today, project_id, findings)
    last = previous_review(ws, project_id, today)
    attendees = [a for a in last[1].attendees if a in ws.people] if last is not None else []
    items = [draft_item(a) for a in agenda]
    return Draft(project=project_id, held_on=today, kind=kind, attendees=attendees, items=items)


def record(
    draft: Draft,
    index: int | str,
    outcome: Outcome | None,
    *,
    note: str | None = None,
    new_due: dt.date | None = None,
    reason: str | None = None,
    new_owner: str | None = None,
    action: NewAction | None = None,
) -> DraftItem:
    """Record the outcome of agenda item ``index`` (its position or its ref); None clears it.

    Checks the shape (the outcome applies to the item; moved has new_due,
    reassigned new_owner, action a NewAction); finish checks the values
    against the workspace. Raises MinutesError.
    """
    item = _item_at(draft, index)
    if outcome is not None and outcome not in OUTCOMES:
        raise MinutesError(f"{outcome!r} is not an outcome; outcomes are: {', '.join(OUTCOMES)}")
    if outcome is not None and item.actions and outcome not in item.actions:
        raise MinutesError(f"{item.title}: {outcome} does not apply to this item; it can be: {', '.join(item.actions)}")
    if outcome == "moved" and new_due is None:
        raise MinutesError(f"{item.title}: a new date is needed to move it")
    if outcome == "reassigned" and not new_owner:
        raise MinutesError(f"{item.title}: name the new owner")
    if outcome == "action" and (action is None or not action.title.strip()):
        raise MinutesError(f"{item.title}: an action item needs a title (and an owner and a due date)")
    item.outcome = outcome
    item.note = note if note else None
    item.new_due = new_due if outcome == "moved" else None
    item.reason = reason if outcome == "moved" and reason else None
    item.new_owner = new_owner if outcome == "reassigned" else None
    item.action = action if outcome == "action" else None
    return item


def _item_at(draft: Draft, index: int | str) -> DraftItem:
    if isinstance(index, str):
        for item in draft.items:
            if item.ref == index:
                return item
        raise MinutesError(f"{index} is not on this meeting's agenda")
    if not 0 <= index < len(draft.items):
        raise MinutesError(f"the agenda has {counted(len(draft.items), 'item')}; there is no item {index}")
    return draft.items[index]
