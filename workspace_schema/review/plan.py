"""What finishing a review draft will write, and every reason it would refuse, worked out before anything is written.

    problems(ws, draft)          # what finish would refuse, as a list (empty: it would write it)
    plan = plan_of(ws, draft)    # the edits of the project file and the tasks to create

The checks are those of the app's edits (edits.check_fields, edits.check_new).
What each outcome does to the plan:

==========  =======================================================================
done        a milestone or task: status = "done", done_on = held_on;
            a risk whose drill is due: last_drill = held_on
moved       due = new_due (the reason goes to the minutes and the commit)
reassigned  owner = new_owner
action      a new task in the project: title, owner, due, start = held_on, status
            todo, the milestone of the agenda item, raci (owner responsible; the
            project owner accountable, or the owner when they are at the
            client); its id goes to review.actions
noted       nothing (the note goes to the minutes)
skipped     nothing; an item nobody recorded an outcome for is written as
            skipped with the note "not discussed"
==========  =======================================================================

A retro's new lessons (draft.lessons) become [lessons.<id>] in the project
file (id from the title, core/ids.new_id; status open, raised_on the meeting,
raised_by the project's owner unless given); one put on the register also
becomes [improvements.<id>] in improvements.toml (title: its improvement,
else its title; source "<project>/<lesson-id>", owner who raised it, status
proposed, raised_on the meeting).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workspace_schema.core import records as R
from workspace_schema.core.ids import new_id
from workspace_schema.edit import edits
from workspace_schema.edit import values as edit_values
from workspace_schema.review.draft import Draft, DraftItem, MinutesError, NewAction, NewLesson, review_id


@dataclass(frozen=True)
class Problem:
    """One reason finish would refuse: ``where`` is "item 3" / "attendees" / "action 1" / "review"."""

    where: str
    message: str
    index: int | None = None  # the agenda item's index in draft.items, when it is about one
    field: str = ""

    def text(self) -> str:
        return f"{self.where}: {self.message}"


class FinishRejected(MinutesError):
    """finish checked the draft and wrote nothing; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("the minutes were not written: " + "; ".join(p.text() for p in problems))


@dataclass
class Plan:
    """Everything finish will write, worked out before anything is written."""

    sets: list[tuple[str, tuple[str, ...], dict[str, Any], str | None]]  # (ref, table path, values, reason)
    tasks: list[tuple[str, dict[str, Any], DraftItem | None]]  # (task id, fields, the agenda item or None)
    problems: list[Problem]
    lessons: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (lesson id, fields): a retro's
    improvements: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (improvement id, fields)


def problems(ws: R.Workspace, draft: Draft) -> list[Problem]:
    """Every reason finish would refuse the draft (empty when it would write it)."""
    return plan_of(ws, draft).problems


def plan_of(ws: R.Workspace, draft: Draft) -> Plan:
    """The edits and new tasks of the draft, checked against the workspace; ``problems`` says what is wrong."""
    plan = Plan([], [], [])
    bad = plan.problems.append
    project = ws.projects.get(draft.project)
    if project is None:
        bad(Problem("review", f"no project `{draft.project}` in this workspace"))
        return plan
    unknown = [a for a in draft.attendees if a not in ws.people]
    if unknown:
        bad(Problem("attendees", f"{', '.join(unknown)}: not in people.toml", field="attendees"))
    if draft.satisfaction is not None and not 1 <= draft.satisfaction <= 5:
        bad(Problem("satisfaction", f"is 1 to 5, not {draft.satisfaction}", field="satisfaction"))
    rel = f"reviews/{review_id(draft)}.toml"
    if (Path(ws.root) / rel).exists() or review_id(draft) in ws.reviews:
        bad(
            Problem(
                "review",
                f"{rel} already exists: a review of {draft.project} on {draft.held_on} is recorded; "
                "finish this one another day or add to that file by hand",
            )
        )
    taken = {i for t in R.ITEM_KINDS for i in getattr(project, t)}
    held = draft.held_on

    def new_task(where: str, index: int | None, action: NewAction, item: DraftItem | None) -> None:
        title = (action.title or "").strip()
        if not title:
            bad(Problem(where, "an action item needs a title", index, "action.title"))
            return
        if not action.owner:
            bad(Problem(where, f"“{title}” needs an owner", index, "action.owner"))
            return
        if action.due is None:
            bad(Problem(where, f"“{title}” needs a due date", index, "action.due"))
            return
        if action.due < held:
            bad(Problem(where, f"“{title}” is due {action.due}, before the meeting ({held})", index, "action.due"))
            return
        tid = action.id or new_id(title, taken)
        if tid in taken:
            bad(Problem(where, f"task id {tid} is taken", index, "action.id"))
            return
        taken.add(tid)
        fields: dict[str, Any] = {"title": title}
        milestone = _milestone_of(project, item)
        if milestone:
            fields["milestone"] = milestone
        fields["side"] = "client" if ws.is_client_side(action.owner) else "team"
        fields["owner"] = action.owner
        fields["status"] = "todo"
        fields["start"] = held
        fields["due"] = action.due
        about = f" about {item.item_id}" if item is not None and item.item_id else ""
        fields["notes"] = f"Action item from the review of {held}{about}."
        # the client's own people answer to the client (rule RACI004), ours to the project's lead
        accountable = (
            action.owner if ws.is_client_side(action.owner) or project.owner not in ws.people else project.owner
        )
        fields["raci"] = {"responsible": [action.owner], "accountable": accountable}
        try:
            edits.check_new(ws, R.Task, fields, draft.project)
        except edit_values.EditRejected as exc:
            bad(Problem(where, f"“{title}”: {exc}", index, f"action.{exc.field}" if exc.field else "action"))
            return
        plan.tasks.append((tid, fields, item))

    for index, item in enumerate(draft.items):
        where = f"item {index + 1} ({item.title})"
        outcome = item.outcome
        if outcome is None or outcome in ("noted", "skipped"):
            continue
        if item.actions and outcome not in item.actions:
            bad(Problem(where, f"{outcome} does not apply to it", index, "outcome"))
            continue
        if outcome == "action":
            if item.action is None:
                bad(Problem(where, "the action item is missing", index, "action"))
            else:
                new_task(where, index, item.action, item)
            continue
        iid = item.item_id
        table = item.table
        values: dict[str, Any]
        if outcome == "done" and table in ("milestones", "tasks"):
            values = {"status": "done", "done_on": held}
        elif outcome == "done" and table == "risks":
            values = {"last_drill": held}
        elif outcome == "moved" and table in ("milestones", "tasks"):
            if item.new_due is None:
                bad(Problem(where, "moved needs a new date", index, "new_due"))
                continue
            values = {"due": item.new_due}
        elif outcome == "reassigned" and table in ("milestones", "tasks"):
            if not item.new_owner:
                bad(Problem(where, "reassigned needs the new owner", index, "new_owner"))
                continue
            values = {"owner": item.new_owner}
        else:
            bad(Problem(where, f"{outcome} does not apply to a {item.kind} item", index, "outcome"))
            continue
        ref = f"{draft.project}/{iid}"
        try:
            target = edits.check_fields(ws, ref, values)
        except edit_values.EditRejected as exc:
            bad(Problem(where, str(exc), index, exc.field))
            continue
        record_ = target.record
        if outcome == "moved" and getattr(record_, "start", None) and item.new_due < record_.start:
            bad(
                Problem(
                    where,
                    f"the new date {item.new_due} is before its start {record_.start}; "
                    "move the start too (in the plan), or pick a later date",
                    index,
                    "new_due",
                )
            )
            continue
        plan.sets.append((ref, target.path, values, item.reason if outcome == "moved" else None))

    for n, action in enumerate(draft.actions):
        new_task(f"action {n + 1}", None, action, None)
    for n, lesson in enumerate(draft.lessons):
        _new_lesson(ws, draft, project, plan, f"lesson {n + 1}", lesson)
    return plan


def _new_lesson(ws: R.Workspace, draft: Draft, project: R.Project, plan: Plan, where: str, lesson: NewLesson) -> None:
    """Check a retro's new lesson and add it (and its improvement) to the plan, or say what is wrong."""
    bad = plan.problems.append
    title = (lesson.title or "").strip()
    if not title:
        bad(Problem(where, "a lesson needs a title: what happened", field="lesson.title"))
        return
    taken = set(project.lessons) | {lid for lid, _f in plan.lessons}
    lid = lesson.id or new_id(title, taken)
    if lid in taken:
        bad(Problem(where, f"lesson id {lid} is taken", field="lesson.id"))
        return
    raised_by = lesson.raised_by or project.owner
    if raised_by and raised_by not in ws.people:
        bad(Problem(where, f"“{title}”: {raised_by} is not in people.toml", field="lesson.raised_by"))
        return
    fields: dict[str, Any] = {"title": title}
    for key in ("cause", "improvement", "action"):
        value = (getattr(lesson, key) or "").strip()
        if value:
            fields[key] = value
    fields["status"] = "open"
    fields["raised_on"] = draft.held_on
    if raised_by:
        fields["raised_by"] = raised_by
    try:
        edits.check_new(ws, R.Lesson, fields, draft.project)
    except edit_values.EditRejected as exc:
        bad(Problem(where, f"“{title}”: {exc}", field=f"lesson.{exc.field}" if exc.field else "lesson"))
        return
    plan.lessons.append((lid, fields))
    if not lesson.register:
        return
    if not raised_by:
        bad(Problem(where, f"“{title}”: the register needs an owner; say who raised it", field="lesson.raised_by"))
        return
    improvement = {
        "title": fields.get("improvement") or title,
        "source": f"{draft.project}/{lid}",
        "owner": raised_by,
        "status": "proposed",
        "raised_on": draft.held_on,
    }
    try:
        edits.check_new(ws, R.Improvement, improvement)
    except edit_values.EditRejected as exc:
        bad(Problem(where, f"“{title}”: {exc}", field="lesson.register"))
        return
    iids = set(ws.improvements) | {iid for iid, _f in plan.improvements}
    plan.improvements.append((new_id(str(improvement["title"]), iids), improvement))


def _milestone_of(project: R.Project, item: DraftItem | None) -> str | None:
    if item is None or not item.item_id:
        return None
    if item.table == "milestones" and item.item_id in project.milestones:
        return item.item_id
    if item.table == "tasks":
        task = project.tasks.get(item.item_id)
        if task is not None and task.milestone in project.milestones:
            return task.milestone
    return None
