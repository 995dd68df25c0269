"""Writing the improvement register (improvements.toml): add one from a lesson, mark one done.

    change = add_improvement(ws, "Announce freezes two weeks ahead", source="greenleaf-intranet/freeze-t2pz",
                             owner="hannah", today=today, due=dt.date(2026, 12, 18))
    change = mark_improvement_done(ws, "freeze-banner-k5vq", today)

Each returns an AppliedEdit; the caller commits it (git.commit.commit_change),
one commit each, like every other edit. A register that does not exist yet is
created with its ``#:schema`` line, so editors check it from the first entry.
Marking done is edit/done.mark_done on "improvements/<id>": status and
done_on move together, and one already done is left alone.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

from workspace_schema.core import records as R
from workspace_schema.core.ids import new_id
from workspace_schema.edit.atomic import ABSENT, atomic_write
from workspace_schema.edit.done import mark_done
from workspace_schema.edit.edits import AppliedEdit, FieldEdit, Target, _check_record
from workspace_schema.edit.storage import Edit
from workspace_schema.edit.values import EditRejected

FILE = "improvements.toml"
# export.schema.schema_comment("improvements"), which this layer cannot import (a test keeps them equal)
SCHEMA_LINE = "#:schema ./.ducu/schema/improvements.json"
HEADER = (
    f"{SCHEMA_LINE}\n"
    "# The improvement register: what we change in how we work, from lessons learned,\n"
    "# tracked to done and carried on every review agenda until then.\n"
)

__all__ = ["FILE", "SCHEMA_LINE", "add_improvement", "mark_improvement_done", "source_problem"]


def source_problem(ws: R.Workspace, source: str) -> str | None:
    """Why ``source`` ("<project>/<lesson-id>") names no lesson of the workspace, or None when it does."""
    project_id, slash, lesson = source.partition("/")
    if not slash or not project_id or not lesson:
        return f"--from is PROJECT/LESSON (a lesson's id in [lessons.<id>]), not {source!r}"
    project = ws.projects.get(project_id)
    if project is None:
        return f"no project `{project_id}`{_hint(project_id, ws.projects)}"
    if lesson not in project.lessons:
        known = ", ".join(project.lessons) or "none yet (ducu add lesson PROJECT title=...)"
        return f"{project_id} has no lesson `{lesson}`{_hint(lesson, project.lessons)}; its lessons: {known}"
    return None


def add_improvement(
    ws: R.Workspace,
    title: str,
    *,
    owner: str,
    today: dt.date,
    source: str | None = None,
    due: dt.date | None = None,
    status: R.ImprovementStatus = "proposed",
    notes: str | None = None,
    reason: str | None = None,
) -> AppliedEdit:
    """A new [improvements.<id>] (id from the title), raised today; EditRejected says why not, nothing written."""
    title = title.strip()
    if not title:
        raise EditRejected("an improvement needs a title", "title")
    if source is not None:
        problem = source_problem(ws, source)
        if problem:
            raise EditRejected(problem, "source")
    if due is not None and due < today:
        raise EditRejected(f"due {due} is already past (today is {today})", "due")
    fields: dict[str, Any] = {"title": title}
    if source is not None:
        fields["source"] = source
    fields |= {"owner": owner, "status": status, "raised_on": today}
    if due is not None:
        fields["due"] = due
    if notes:
        fields["notes"] = notes
    _check_record(ws, Target(FILE, ("improvements", ""), R.Improvement, None), fields)
    iid = new_id(title, set(ws.improvements))
    path = Path(ws.root) / FILE
    ed = Edit.open(path, root=ws.root, missing_ok=True)
    if iid in ed.data.get("improvements", {}):  # added on disk since the load
        raise EditRejected(f"improvement `{iid}` is already in {FILE} (changed on disk?); reload and try again")
    new_file = not path.exists()
    ed.add_record(("improvements",), iid, fields)
    if new_file:
        ed.check()
        atomic_write(path, (HEADER + "\n" + ed.text()).encode("utf-8"), expect_sha256=ABSENT)
    else:
        ed.save()
    return AppliedEdit(
        FILE,
        f"improvements/{iid}",
        "add",
        tuple(FieldEdit(k, None, v) for k, v in fields.items()),
        reason,
        title=title,
        kind="improvement",
    )


def mark_improvement_done(ws: R.Workspace, iid: str, today: dt.date, *, reason: str | None = None) -> AppliedEdit:
    """Status done, done_on today; one already done is left alone (the AppliedEdit has no fields)."""
    if iid not in ws.improvements:
        raise EditRejected(f"no improvement `{iid}` in {FILE}{_hint(iid, ws.improvements)}")
    return mark_done(ws, f"improvements/{iid}", today, reason=reason)


def _hint(name: str, known: Any) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""
