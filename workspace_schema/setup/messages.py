"""The commit messages of the demo's steps: the ones ducu makes for the same edit.

A "ducu" step gets the edits.AppliedEdit subject and trailers (so the history
views read it as an edit made in the app; an acceptance its Accepted-by), an approval gets
change_requests.approval_message, a review gets the minutes' "Review ..."
subject with its Ducu-Item, Ducu-Reason and Ducu-Review trailers, and a
hand edit gets its plain subject and no trailers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import rtoml

from workspace_schema.core import records as R
from workspace_schema.edit.edits import KIND_NAMES, AppliedEdit, FieldEdit
from workspace_schema.setup.script import Add, AddFile, Set, Step


def _ref(file: str, path: tuple[str, ...]) -> str:
    project = file.removeprefix("projects/").removesuffix(".toml")
    if path == ("project",):
        return project
    if len(path) == 4 and path[2] == "steps":
        return f"{project}/{path[1]}/steps/{path[3]}"
    return f"{project}/{path[1]}"


def table_of(files: Mapping[str, bytes | None], file: str, path: tuple[str, ...]) -> dict[str, Any]:
    """The table at ``path`` of ``file`` as ``files`` hold it ({} when it or the file is missing)."""
    raw = files.get(file)
    node: Any = rtoml.loads(raw.decode("utf-8")) if raw else {}
    for part in path:
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node if isinstance(node, dict) else {}


def commit_message(step: Step, after: dict[str, bytes | None], people: dict[str, tuple[str, str]]) -> str:
    """The message of ``step``'s commit; ``after``: the files it changed as they are after it."""
    if step.style == "hand":
        return (step.subject or "Edit the plan by hand") + ("\n\n" + step.body if step.body else "") + "\n"
    if step.style == "approve":
        return _approval(step, after, people)
    if step.style == "review":
        return _review(step)
    op = step.ops[0]
    if isinstance(op, Add):
        fields = table_of(after, op.file, op.path)
        plain = {k: v for k, v in fields.items() if not isinstance(v, dict)}
        title = str(plain.get("title") or plain.get("summary") or plain.get("text") or op.path[-1])
        change = AppliedEdit(
            op.file,
            _ref(op.file, op.path),
            "add",
            tuple(FieldEdit(k, None, v) for k, v in plain.items()),
            step.reason,
            title=title,
            kind=KIND_NAMES.get(op.path[0], op.path[0]),
        )
        return change.message()
    sets = [o for o in step.ops if isinstance(o, Set)]
    accepted_by = next((o.new for o in sets if o.key == "accepted_by" and o.new), None)  # as accept_milestone signs
    return AppliedEdit(
        sets[0].file,
        _ref(sets[0].file, sets[0].path),
        "set",
        tuple(FieldEdit(o.key, o.old, o.new) for o in sets),
        step.reason,
        signed=(f"Accepted-by: {accepted_by}",) if accepted_by else (),
    ).message()


def _approval(step: Step, after: dict[str, bytes | None], people: dict[str, tuple[str, str]]) -> str:
    from workspace_schema.changes import Impact, Move, approval_message

    first = next(o for o in step.ops if isinstance(o, Set) and o.path[0] == "changes")
    project_id = _ref(first.file, ("project",))
    change_id = first.path[1]
    fields = table_of(after, first.file, first.path)
    change = R.ChangeRequest(summary=str(fields.get("summary", "")), reason=fields.get("reason"))
    moves = []
    for o in step.ops:
        if isinstance(o, Set) and o.path[0] in ("milestones", "tasks") and o.key == "due":
            title = str(table_of(after, o.file, o.path).get("title", ""))
            moves.append(
                Move(
                    ref=_ref(o.file, o.path),
                    title=title,
                    old_due=o.old,
                    new_due=o.new,
                    days=(o.new - o.old).days,
                    reason="requested",
                    kind="milestone" if o.path[0] == "milestones" else "task",
                )
            )
    due = table_of(after, first.file, ("project",)).get("due")
    imp = Impact(project=project_id, change=change_id, moves=moves, project_due_old=due, project_due_new=due)
    name, email = people[step.who]
    return approval_message(project_id, change_id, change, imp, f"{name} <{email}>")


def _review(step: Step) -> str:
    review = next(o.file for o in step.ops if isinstance(o, AddFile))
    rid = review.removeprefix("reviews/").removesuffix(".toml")
    trailers = [f"Ducu-Item: reviews/{rid}"]
    trailers += [
        f"Ducu-Item: {_ref(o.file, o.path)}" for o in step.ops if isinstance(o, (Set, Add)) and o.path[0] != "log"
    ]
    held = rid[:10]
    trailers.append(f"Ducu-Reason: review of {held}, minutes in {review}")
    trailers.append(f"Ducu-Review: {review}")
    return f"{step.subject}\n\n" + "\n".join(dict.fromkeys(trailers)) + "\n"
