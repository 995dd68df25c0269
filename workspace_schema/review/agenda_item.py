"""An agenda item and the words about it: its kinds in section order, the outcomes a meeting may record.

agenda.py builds the items (and retro.py a retrospective's); documents.py,
draft.py and the review screen read them. The sections and their order are
described in agenda.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from msgspec import Struct

from workspace_schema.core.catalogue import Language, Msg, render, say
from workspace_schema.core.records import Outcome

__all__ = [
    "ACTION_LABELS",
    "CHECK_IN_ACTIONS",
    "DRILL_ACTIONS",
    "RANK",
    "SECTIONS",
    "TALK_ACTIONS",
    "WORK_ACTIONS",
    "AgendaItem",
    "AgendaKind",
    "english",
    "why_in",
]

AgendaKind = Literal[
    "check-in",
    "overdue",
    "due-soon",
    "waiting",
    "risk",
    "drill",
    "change",
    "goal",
    "action",
    "improvement",
    "support",
    "incentive",
    "survey",
    "went-well",  # a retro's sections (review/retro.py)
    "went-wrong",
    "lesson",
]
SECTIONS: tuple[AgendaKind, ...] = (
    "check-in",
    "overdue",
    "due-soon",
    "waiting",
    "support",
    "incentive",
    "risk",
    "drill",
    "change",
    "goal",
    "survey",
    "action",
    "improvement",
)
RANK = {kind: n for n, kind in enumerate(SECTIONS)} | {"drill": SECTIONS.index("risk")}

ACTION_LABELS: dict[str, str] = {
    "done": "done",
    "moved": "new date",
    "reassigned": "reassign",
    "noted": "note",
    "action": "action item",
    "skipped": "skip",
}
WORK_ACTIONS: tuple[Outcome, ...] = ("done", "moved", "reassigned", "noted", "action", "skipped")
TALK_ACTIONS: tuple[Outcome, ...] = ("noted", "action", "skipped")
DRILL_ACTIONS: tuple[Outcome, ...] = ("done", "noted", "action", "skipped")  # done: the drill was held today
CHECK_IN_ACTIONS: tuple[Outcome, ...] = ("noted", "skipped")


class AgendaItem(Struct, frozen=True, kw_only=True):
    kind: AgendaKind
    ref: str  # "project/item", or "project" for a check-in
    project: str
    item: str | None  # the record's id (None for a check-in)
    table: str | None  # "milestones", "tasks", "risks", "changes", "goals"; None for a check-in
    title: str
    why: str  # plain words: "5 days late", "waiting on Acme for 9 days, last nudged 11-19"
    reasons: tuple[Msg, ...] = ()  # the same in any language (why_in): why is these in English, joined by "; "
    actions: tuple[Outcome, ...]  # the outcomes that may be recorded for it
    owner: str | None = None
    due: dt.date | None = None
    carried_from: str | None = None  # the review (file stem) whose action item this is
    findings: tuple[str, ...] = ()  # "CODE message" of the findings about this record


def why_in(item: AgendaItem, lang: Language) -> str:
    """Why ``item`` is on the agenda, in ``lang`` ("en": the same as ``item.why``)."""
    return say(lang, "agenda.sep").join(render(m, lang) for m in item.reasons)


def english(parts: list[Msg]) -> str:
    """The reasons in English, joined by "; ": an item's ``why``."""
    return "; ".join(render(m, "en") for m in parts)
