"""The words of a review meeting's pages: an agenda item (what, who, when, the outcome) and the wrap-up.

Pure functions from the draft and the workspace to Rich Text; all user text
goes through tui.render.text. ReviewScreen (review.py) puts them on screen.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text

from tui.render.text import PARAGRAPH_CELLS, clean, fit, para
from tui.state import State
from workspace_schema.core import records as R
from workspace_schema.core.dates import humanize_distance
from workspace_schema.review import Draft, DraftItem, NewAction, Problem
from workspace_schema.review.agenda_item import ACTION_LABELS

SCORE_WORDS = {1: "very unhappy", 2: "unhappy", 3: "neutral", 4: "satisfied", 5: "very satisfied"}
LABEL_CELLS = 11
LINE_CELLS = 60  # a name or an action title in a line of facts

SECTION_NAMES = {
    "check-in": "Check-in overdue",
    "overdue": "Overdue",
    "due-soon": "Due soon",
    "waiting": "Waiting on the client",
    "risk": "Risks",
    "drill": "Drills due",
    "change": "Change requests",
    "goal": "Goals off track",
    "action": "Actions from earlier reviews",
    "improvement": "Open improvements",
    "went-well": "What went well",
    "went-wrong": "What did not go well",
    "lesson": "Lessons learned",
}
SECTION_STYLE = {
    "check-in": "yellow",
    "overdue": "red",
    "due-soon": "yellow",
    "waiting": "magenta",
    "risk": "red",
    "drill": "yellow",
    "change": "cyan",
    "goal": "blue",
    "action": "green",
    "improvement": "blue",
    "went-well": "green",
    "went-wrong": "red",
    "lesson": "cyan",
}
# One mark per outcome, for the agenda strip and the summary.
MARKS = {"done": "✔", "moved": "→", "reassigned": "↻", "noted": "✎", "action": "+", "skipped": "»", None: "·"}
MARK_STYLE = {
    "done": "bold green",
    "moved": "bold yellow",
    "reassigned": "bold cyan",
    "noted": "bold",
    "action": "bold magenta",
    "skipped": "dim",
    None: "dim",
}
TABLE_NAMES = {
    "milestones": "milestone",
    "tasks": "task",
    "risks": "risk",
    "goals": "goal",
    "changes": "change request",
    "improvements": "improvement",
    "lessons": "lesson",
}


# --- the words of a page ----------------------------------------------------------------------------


def person_name(ws: R.Workspace, handle: str | None) -> str:
    """ "Dana Green (dgreen)"; the handle alone when people.toml does not know it."""
    if not handle:
        return ""
    person = ws.people.get(handle)
    if person is None or not person.name or person.name == handle:
        return handle
    return f"{person.name} ({handle})"


def record_of(ws: R.Workspace, project_id: str, item: DraftItem) -> Any:
    """The plan's record the agenda item is about (None for a check-in, or when it is gone)."""
    if item.table == "improvements":
        return ws.improvements.get(item.item_id or "")
    project = ws.projects.get(project_id)
    if project is None or not item.table or not item.item_id:
        return project if project is not None and item.kind == "check-in" else None
    return getattr(project, item.table, {}).get(item.item_id)


def facts(ws: R.Workspace, project_id: str, item: DraftItem, today: dt.date) -> list[tuple[str, Text]]:
    """(name, value) lines about the item as the plan has it now: owner, due, status, ..."""
    rec = record_of(ws, project_id, item)
    out: list[tuple[str, Text]] = []
    what = TABLE_NAMES.get(item.table or "", "project check-in" if item.kind == "check-in" else item.kind)
    out.append(("What", Text(f"{what} · {clean(item.ref)}")))
    if rec is None:
        if item.kind != "check-in":
            out.append(
                ("Note", Text("no longer in the plan (renamed or deleted since the agenda was made)", style="yellow"))
            )
        return out
    owner = getattr(rec, "owner", None)
    if owner:
        line = para(person_name(ws, owner), cells=LINE_CELLS)
        if ws.is_client_side(owner):
            org = ws.person_org(owner) or ""
            client = ws.clients.get(org)
            line.append(f"  at {fit(client.name if client and client.name else org, LINE_CELLS)}", style="magenta")
        out.append(("Owner", line))
    due = getattr(rec, "due", None)
    if isinstance(due, dt.date):
        line = Text(due.isoformat())
        done_on = getattr(rec, "done_on", None)
        if getattr(rec, "status", None) == "done" and isinstance(done_on, dt.date):  # a retro's: when, not how late
            line.append(f"  done {done_on.isoformat()}", style="dim")
        else:
            line.append(f"  {humanize_distance(due, today)}", style="red" if due < today else "dim")
        base = getattr(rec, "baseline_due", None)
        if isinstance(base, dt.date) and base != due:
            line.append(f"  (agreed {base.isoformat()})", style="dim")
        out.append(("Due", line))
    status = getattr(rec, "status", None)
    if status:
        out.append(("Status", Text(clean(status))))
    if item.table == "risks":
        out.append(("Score", Text(f"{rec.probability} x {rec.impact} = {rec.score}")))
    criteria = getattr(rec, "done_criteria", None)
    if criteria:
        out.append(("Done when", para(criteria)))
    if item.carried_from:
        out.append(("From", Text(f"action of the review {clean(item.carried_from)}", style="dim")))
    return out


def outcome_text(ws: R.Workspace, item: DraftItem) -> Text:
    """What the meeting recorded for the item, in words: "✔ done", "→ new date 2026-12-18: DBA on leave"."""
    outcome = item.outcome
    out = Text()
    out.append(f"{MARKS[outcome]} ", MARK_STYLE[outcome])
    if outcome is None:
        out.append("not decided yet", style="dim italic")
    elif outcome == "moved":
        out.append(f"new date {item.new_due}", MARK_STYLE[outcome])
        if item.reason:
            out.append(": ")
            out.append_text(para(item.reason))
    elif outcome == "reassigned":
        out.append("reassigned to ", MARK_STYLE[outcome])
        out.append_text(para(person_name(ws, item.new_owner), cells=LINE_CELLS))
    elif outcome == "action" and item.action is not None:
        out.append("action item: ", MARK_STYLE[outcome])
        out.append_text(action_words(ws, item.action))
    else:
        out.append(ACTION_LABELS.get(outcome, outcome) if outcome != "noted" else "noted", MARK_STYLE[outcome])
    return out


def action_words(ws: R.Workspace, action: NewAction) -> Text:
    out = para(action.title, "bold", cells=LINE_CELLS)
    out.append(f"  {fit(person_name(ws, action.owner), LINE_CELLS)}, due {action.due}", style="")
    return out


def strip(draft: Draft, current: int, width: int) -> Text:
    """The agenda as one line of marks, the current item highlighted: ✔ → · [·] · »"""
    out = Text(no_wrap=True, overflow="ellipsis")
    gap = " " if len(draft.items) * 2 <= width else ""
    for n, item in enumerate(draft.items):
        mark = MARKS[item.outcome]
        style = MARK_STYLE[item.outcome]
        if n == current:
            out.append(mark, "reverse bold")
        else:
            out.append(mark, style)
        out.append(gap)
    return out


def counts(draft: Draft) -> dict[str | None, int]:
    tally: dict[str | None, int] = {}
    for item in draft.items:
        tally[item.outcome] = tally.get(item.outcome, 0) + 1
    return tally


def problems_at(found: list[Problem], index: int) -> list[Problem]:
    return [p for p in found if p.index == index]


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def state_findings(state: State, ref: str) -> list[str]:
    """The lint findings (errors and warnings) on the agenda item's record, as "CODE message"."""
    pid = ref.partition("/")[0]
    return [
        f"{f.code} {f.message}"
        for f in state.project_findings(pid)
        if f.item == ref and f.level in ("error", "warning")
    ]


# --- an agenda item's page ------------------------------------------------------------------------------------


def section_line(draft: Draft, index: int) -> Text:
    item = draft.items[index]
    out = Text()
    out.append(
        f" {SECTION_NAMES.get(item.kind, item.kind).upper()} ", style=f"bold reverse {SECTION_STYLE.get(item.kind, '')}"
    )
    kinds = list(dict.fromkeys(i.kind for i in draft.items))
    out.append(f"  section {kinds.index(item.kind) + 1} of {len(kinds)}", style="dim")
    return out


def meeting_line(ws: R.Workspace, draft: Draft) -> Text:
    out = Text(style="dim")
    names = (
        ", ".join(fit(person_name(ws, a).split(" (")[0], LINE_CELLS) for a in draft.attendees) or "no attendees yet (A)"
    )
    out.append(f"held {draft.held_on} · {fit(names, PARAGRAPH_CELLS)}")
    if draft.decisions:
        out.append(f" · {plural(len(draft.decisions), 'decision')}")
    if draft.actions:
        out.append(f" · {plural(len(draft.actions), 'meeting action')}")
    if draft.kind == "retro":
        out.append(f" · {plural(len(draft.lessons), 'new lesson')}")
    return out


def labelled(lines: list[tuple[str, Text, str]]) -> Text:
    """ "Owner      Dana Green" lines: (label, value, label style)."""
    out = Text()
    for n, (name, value, style) in enumerate(lines):
        if n:
            out.append("\n")
        out.append(f"{name:<{LABEL_CELLS}}", style=style)
        out.append_text(value)
    return out


def facts_text(ws: R.Workspace, project_id: str, item: DraftItem, today: dt.date) -> Text:
    return labelled([(name, value, "dim") for name, value in facts(ws, project_id, item, today)])


def outcome_block(ws: R.Workspace, item: DraftItem, found: list[Problem], findings: list[str]) -> Text:
    """The outcome recorded, the note, what would stop the minutes, and the lint findings on the record."""
    lines = [("Outcome", outcome_text(ws, item), "dim")]
    if item.note:
        lines.append(("Note", para(item.note), "dim"))
    lines += [("Problem", para(p.message, "red"), "bold red") for p in found]
    lines += [("Finding", para(f, "yellow"), "dim yellow") for f in findings]
    return labelled(lines)


# --- the wrap-up page ------------------------------------------------------------------------------------------


def end_head(draft: Draft) -> Text:
    out = Text()
    out.append(" WRAP UP " if draft.kind != "retro" else " WRAP UP THE RETRO ", style="bold reverse green")
    out.append(f"  {plural(len(draft.items), 'item')} · held {draft.held_on}", style="dim")
    out.append("\n\nHow satisfied is the client?  ", style="bold")
    out.append("press 1 to 5 (0: no score)", style="dim")
    return out


def score_words(draft: Draft) -> Text:
    out = Text()
    if draft.satisfaction:
        out.append(f"{draft.satisfaction} / 5  {SCORE_WORDS.get(draft.satisfaction, '')}", style="bold")
    else:
        out.append("no score yet", style="dim italic")
    out.append("\nComment  ", style="dim")
    if draft.satisfaction_comment:
        out.append_text(para(draft.satisfaction_comment))
    else:
        out.append("none (c adds one)", style="dim italic")
    return out


def summary(ws: R.Workspace, draft: Draft, found: list[Problem], finishing: bool) -> Text:
    """Counts per outcome, attendees, decisions, action items, and every problem finish would refuse."""
    out = Text()
    out.append("Summary\n", style="bold underline")
    if draft.kind == "retro":
        out.append("Lessons to record (L adds one)\n", style="dim")
        for lesson in draft.lessons:
            out.append("  ✎ ", "bold cyan")
            out.append_text(para(lesson.title, "bold"))
            if lesson.improvement:
                out.append(" → ", "dim")
                out.append_text(para(lesson.improvement))
            if lesson.register:
                out.append("  on the register", "blue")
            out.append("\n")
        if not draft.lessons:
            out.append("  none yet\n", "dim italic")
    tally = counts(draft)
    for outcome, label in (
        ("done", "done"),
        ("moved", "new date"),
        ("reassigned", "reassigned"),
        ("action", "action items"),
        ("noted", "noted"),
        ("skipped", "skipped"),
        (None, "not discussed (written as skipped)"),
    ):
        n = tally.get(outcome, 0)
        if n or outcome is None or (outcome == "done" and draft.kind != "retro"):
            out.append(f"  {MARKS[outcome]} ", MARK_STYLE[outcome])
            out.append(f"{n:>3}  {label}\n")
    names = ", ".join(fit(person_name(ws, a), LINE_CELLS) for a in draft.attendees) or "none"
    out.append("\nAttendees  ", style="dim")
    out.append(fit(names, PARAGRAPH_CELLS) + "\n")
    if draft.decisions:
        out.append("Decisions\n", style="dim")
        for n, decision in enumerate(draft.decisions, 1):
            out.append(f"  {n}. ")
            out.append_text(para(decision))
            out.append("\n")
    actions = [item.action for item in draft.items if item.outcome == "action" and item.action] + list(draft.actions)
    if actions:
        out.append("Action items\n", style="dim")
        for action in actions:
            out.append("  + ", "bold magenta")
            out.append_text(action_words(ws, action))
            out.append("\n")
    if found:
        out.append(
            f"\n{plural(len(found), 'problem')} to fix before finishing (left goes back to the items):\n",
            style="bold red",
        )
        for problem in found:
            out.append("  ✖ ", "bold red")
            out.append(fit(problem.text(), PARAGRAPH_CELLS) + "\n", "red")
    elif finishing:
        out.append("\nFinishing: writing the minutes and committing…", style="bold")
    else:
        out.append("\nenter finishes: the minutes and every change in one commit", style="bold green")
    return out
