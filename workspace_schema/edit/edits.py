"""Edits as the app and the command line make them: check, then write one file.

Each function takes the loaded workspace (for references and checks), reads
the one file it changes fresh from disk through storage.Edit (so an edit
made elsewhere since the load is not lost: the stale check protects it), and
returns an AppliedEdit that says what moved, for the commit message and the audit
trail. Nothing is written when a check fails: EditRejected names the field
and says what to do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from workspace_schema.core import records as R
from workspace_schema.core.ids import id_problem, new_id, try_instead
from workspace_schema.core.text_safety import one_line
from workspace_schema.core.types import describe
from workspace_schema.edit.storage import Edit
from workspace_schema.edit.values import (
    EditRejected,
    field_type,
)

RACI_LETTERS = {"R": "responsible", "A": "accountable", "C": "consulted", "I": "informed"}
PERSON_FIELDS = frozenset(
    {
        "owner",
        "requested_by",
        "decided_by",
        "by",
        "sponsor",
        "new_owner",
        "accountable",
        "accepted_by",
        "account_owner",
        "reporter",
        "trainer",
        "raised_by",
        "answered_by",
    }
)  # the fields REF001 checks (rules/references.py): an edit refuses what validate would call an error
PERSON_LIST_FIELDS = frozenset({"with", "attendees", "responsible", "consulted", "informed"})
ITEM_LIST_FIELDS = frozenset({"depends_on", "items", "milestones"})
RANGES = {"probability": (1, 5), "impact": (1, 5), "score": (1, 5), "satisfaction": (1, 5), "feedback": (1, 5)}
POSITIVE = frozenset(
    {"check_in_every", "drill_every", "contact_every", "review_every", "nudge_every", "survey_every", "follow_up_every"}
)


@dataclass(frozen=True)
class FieldEdit:
    field: str  # dotted inside the record: "due", "raci.accountable", "steps.2.done"
    old: Any
    new: Any


@dataclass(frozen=True)
class AppliedEdit:
    """What one edit did: the file, the item, the fields, and why."""

    file: str
    ref: str  # "acme-crm", "acme-crm/data-export-k3f9", "people/alice"
    verb: str  # "set", "add", "delete"
    fields: tuple[FieldEdit, ...] = ()
    reason: str | None = None
    title: str = ""
    kind: str = ""  # "task", "milestone", ... for add and delete
    signed: tuple[str, ...] = ()  # trailers that say who signed what off ("Accepted-by: lchen"), after the fields

    def subject(self) -> str:
        """One line a human reads: user text in it is one line, without controls, each value cut to 60 characters."""
        project, _, item = self.ref.partition("/")
        target = f"{project}: {item}" if item else project
        if self.verb in ("add", "delete"):
            what = f"{self.kind} {item}".strip() if self.kind else item
            title = f' "{_brief(self.title)}"' if self.title and self.title != item else ""
            return _one_line(f"{project}: {self.verb} {what}{title}")
        parts = [f"{fc.field} {_show(fc.old)} -> {_show(fc.new)}" for fc in self.fields]
        return _one_line(f"{target} {', '.join(parts)}")

    def message(self) -> str:
        """A commit message: a subject a human reads, trailers a program reads.

        User text (titles, values, the reason) is one line without control
        characters, so it can neither end the subject nor start a trailer of
        its own ("x\\n\\nApproved-by: eve" stays inside Ducu-Reason).
        """
        return f"{self.subject()}\n\n" + "\n".join([*self.trailers(), *self.reason_trailer()]) + "\n"

    def trailers(self) -> list[str]:
        """Ducu-Item, one Ducu-Field per field, then any sign-off: what a program reads of the commit."""
        return [
            f"Ducu-Item: {_one_line(self.ref)}",
            *(f"Ducu-Field: {_one_line(fc.field)}" for fc in self.fields),
            *(_one_line(t) for t in self.signed),
        ]

    def reason_trailer(self) -> list[str]:
        return [f"Ducu-Reason: {_one_line(self.reason)}"] if self.reason and _one_line(self.reason) else []


@dataclass(frozen=True)
class Target:
    """Where a ref points: the file, the table path and the record type."""

    file: str
    path: tuple[str, ...]
    cls: type
    record: Any
    project: R.Project | None = None
    extra: dict[str, Any] = field(default_factory=dict)


KIND_NAMES = {
    "milestones": "milestone",
    "tasks": "task",
    "goals": "goal",
    "risks": "risk",
    "changes": "change",
    "log": "log entry",
    "support": "support request",
    "trainings": "training",
    "people": "person",
    "clients": "client",
    "improvements": "improvement",
    "lessons": "lesson",
}


def no_project(ws: R.Workspace, project_id: str) -> str:
    """What to say when ``project_id`` is not a project: the projects there are, from the folder
    too (a one-project load, as `ducu set` makes, holds only the project it was asked for)."""
    folder = Path(ws.root) / "projects" if ws.root else None
    on_disk = (
        {p.name[: -len(".toml")] for p in folder.glob("*.toml") if not p.name.startswith(".")}
        if folder and folder.is_dir()
        else set()
    )
    names = sorted(on_disk | set(ws.projects))
    return f"no project `{project_id}`; projects are: {', '.join(names) or 'none yet'}"


def locate(ws: R.Workspace, ref: str) -> Target:
    """Resolve "project", "project/item-id", "people/handle", "clients/id" or "improvements/id"."""
    head, _, rest = ref.partition("/")
    if head in ("people", "clients", "improvements") and rest:
        records: dict[str, Any] = getattr(ws, head)
        record = records.get(rest)
        if record is None:
            raise EditRejected(f"no {KIND_NAMES[head]} `{rest}` in {head}.toml")
        return Target(f"{head}.toml", (head, rest), type(record), record)
    project = ws.projects.get(head)
    if project is None:
        raise EditRejected(no_project(ws, head))
    if not rest:
        return Target(project.file, ("project",), R.ProjectHeader, project, project)
    item_id, _, sub = rest.partition("/")
    for table, cls in R.ITEM_KINDS.items():
        record = getattr(project, table).get(item_id)
        if record is not None:
            if sub:  # a risk's step: "project/risk/steps/1" or "project/risk/1"
                step_id = sub.removeprefix("steps/")
                step = getattr(record, "steps", {}).get(step_id)
                if step is None:
                    raise EditRejected(f"risk `{item_id}` has no step `{step_id}`")
                return Target(project.file, (table, item_id, "steps", step_id), R.Step, step, project)
            return Target(project.file, (table, item_id), cls, record, project)
    raise EditRejected(f"project `{head}` has no item `{item_id}`")


def check_value(ws: R.Workspace, target: Target, name: str, value: Any) -> None:
    """Refuse values the rules would call errors: unknown people, items, out of range."""
    key = name.split(".")[-1]
    if value is None:
        return
    if key in RANGES and isinstance(value, int | float) and not isinstance(value, bool):
        lo, hi = RANGES[key]
        if not lo <= value <= hi:
            raise EditRejected(f"{key} is {lo} to {hi}, not {value}", name)
    if key in POSITIVE and isinstance(value, int) and value <= 0:
        raise EditRejected(f"{key} is a number of days, at least 1", name)
    people = [value] if key in PERSON_FIELDS and isinstance(value, str) else value if key in PERSON_LIST_FIELDS else []
    unknown = [p for p in people if p not in ws.people]
    if unknown:
        raise EditRejected(
            f"{', '.join(unknown)}: not in people.toml; pick one of: {', '.join(sorted(ws.people))}", name
        )
    project = target.project
    if project is not None:
        items = set(project.milestones) | set(project.tasks)
        if key == "action" and target.cls is R.Lesson and value not in project.tasks:
            raise EditRejected(f"no task `{value}` in {project.id}: a lesson's action is the id of a task", name)
        if key == "milestone" and value not in project.milestones:
            raise EditRejected(f"no milestone `{value}` in {project.id}", name)
        if key in ITEM_LIST_FIELDS:
            wanted = set(project.milestones) if key == "milestones" else items
            unknown = [v for v in value if v not in wanted]
            if unknown:
                raise EditRejected(f"{', '.join(unknown)}: no such item in {project.id}", name)
            if key == "depends_on" and target.record is not None and target.record.id in value:
                raise EditRejected("an item cannot depend on itself", name)
        if key == "moves" and isinstance(value, dict):
            unknown = [v for v in value if v not in items]
            if unknown:
                raise EditRejected(f"{', '.join(unknown)}: no such milestone or task in {project.id}", name)
    if key == "client" and value not in ws.clients:
        raise EditRejected(f"no client `{value}` in clients.toml; pick one of: {', '.join(sorted(ws.clients))}", name)


# --- edits -------------------------------------------------------------------


def _open(ws: R.Workspace, rel: str, *, missing_ok: bool = False) -> Edit:
    return Edit.open(Path(ws.root) / rel, root=ws.root, missing_ok=missing_ok)


def _current(ed: Edit, path: tuple[str, ...], key: str) -> Any:
    node: Any = ed.data
    for part in (*path, *(key.split(".") if key else ())):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def check_fields(ws: R.Workspace, ref: str, values: dict[str, Any]) -> Target:
    """Everything set_fields checks before it writes: the ref, the types, people and items exist."""
    target = locate(ws, ref)
    for name, value in values.items():
        tp = field_type(target.cls, name)
        if value is not None:
            try:
                msgspec.convert(value, tp)
            except msgspec.ValidationError:
                raise EditRejected(f"{name}: {value!r} is not valid; expected {describe(tp)}", name) from None
        check_value(ws, target, name, value)
    return target


def check_new(ws: R.Workspace, cls: type, fields: dict[str, Any], project_id: str | None = None) -> None:
    """What add_record, add_step and add_person check about the fields of a new record, without writing."""
    project = ws.projects.get(project_id) if project_id else None
    _check_record(ws, Target("", (), cls, None, project), fields)


def set_fields(ws: R.Workspace, ref: str, values: dict[str, Any], *, reason: str | None = None) -> AppliedEdit:
    """Set several fields of one record in one write; None removes a field."""
    target = check_fields(ws, ref, values)
    ed = _open(ws, target.file)
    if _current(ed, target.path, "") is None and target.path != ("project",):
        raise EditRejected(f"{ref} is no longer in {target.file} (changed on disk?); reload and try again")
    changes = []
    for name, value in values.items():
        path, key = _split(target.path, name)
        old = _current(ed, path, key)
        if old == value:
            continue
        if value is None:
            ed.unset(path, key)
        else:
            ed.set(path, key, value)
        changes.append(FieldEdit(name, old, value))
    if changes:
        ed.save()
    return AppliedEdit(target.file, ref, "set", tuple(changes), reason)


def set_field(ws: R.Workspace, ref: str, name: str, value: Any, *, reason: str | None = None) -> AppliedEdit:
    return set_fields(ws, ref, {name: value}, reason=reason)


def _split(path: tuple[str, ...], name: str) -> tuple[tuple[str, ...], str]:
    parts = name.split(".")
    return (*path, *parts[:-1]), parts[-1]


def set_raci(ws: R.Workspace, ref: str, person: str, letter: str | None) -> AppliedEdit:
    """Give ``person`` the RACI ``letter`` (R, A, C, I) on the item, or clear it (None).

    A person holds one letter per row; setting A replaces the accountable.
    """
    target = locate(ws, ref)
    if target.cls not in (R.Milestone, R.Task):
        raise EditRejected("RACI is set on milestones and tasks")
    if person not in ws.people:
        raise EditRejected(f"{person}: not in people.toml")
    if letter is not None and letter.upper() not in RACI_LETTERS:
        raise EditRejected(f"RACI letters are R, A, C and I, not {letter!r}")
    raci = target.record.raci or R.Raci()
    lists = {k: [p for p in getattr(raci, k) if p != person] for k in ("responsible", "consulted", "informed")}
    accountable = None if raci.accountable == person else raci.accountable
    if letter is not None:
        key = RACI_LETTERS[letter.upper()]
        if key == "accountable":
            accountable = person
        else:
            lists[key].append(person)
    values: dict[str, Any] = {f"raci.{k}": v for k, v in lists.items() if v != getattr(raci, k)}
    if accountable != raci.accountable:
        values["raci.accountable"] = accountable
    return set_fields(ws, ref, values)


def toggle_step(ws: R.Workspace, ref: str, step_id: str) -> AppliedEdit:
    target = locate(ws, ref)
    step = target.record.steps.get(step_id) if target.cls is R.Risk else None
    if step is None:
        raise EditRejected(f"{ref} has no step {step_id}")
    return set_fields(ws, f"{ref}/steps/{step_id}", {"done": not step.done})


def trigger_risk(ws: R.Workspace, ref: str, today: dt.date) -> AppliedEdit:
    return set_fields(ws, ref, {"status": "triggered", "triggered_on": today})


def record_drill(ws: R.Workspace, ref: str, today: dt.date) -> AppliedEdit:
    return set_fields(ws, ref, {"last_drill": today})


def add_record(
    ws: R.Workspace,
    project_id: str,
    table: str,
    fields: dict[str, Any],
    *,
    rid: str | None = None,
    reason: str | None = None,
) -> AppliedEdit:
    """Add a milestone, task, goal, risk, change or log entry; the id comes from the title."""
    project = ws.projects.get(project_id)
    if project is None:
        raise EditRejected(f"no project `{project_id}`")
    cls = R.ITEM_KINDS.get(table)
    if cls is None:
        raise EditRejected(f"cannot add {table!r}; kinds are: {', '.join(R.ITEM_KINDS)}")
    taken = {i for t in R.ITEM_KINDS for i in getattr(project, t)}
    title = str(fields.get("title") or fields.get("summary") or fields.get("text") or table)
    rid = rid or new_id(title, taken)
    if id_problem(rid) or rid in taken:
        raise EditRejected(f"id {rid!r} is {'taken' if rid in taken else id_problem(rid)}")
    target = Target(project.file, (table, rid), cls, None, project)
    fields = nest(fields)
    _check_record(ws, target, fields)
    ed = _open(ws, project.file)
    ed.add_record((table,), rid, fields)
    ed.save()
    return AppliedEdit(
        project.file,
        f"{project_id}/{rid}",
        "add",
        tuple(FieldEdit(k, None, v) for k, v in fields.items()),
        reason,
        title=title,
        kind=KIND_NAMES.get(table, table),
    )


def add_step(ws: R.Workspace, ref: str, text: str, owner: str | None = None) -> AppliedEdit:
    target = locate(ws, ref)
    if target.cls is not R.Risk:
        raise EditRejected("steps belong to risks")
    numbers = [int(k) for k in target.record.steps if k.isdigit()]
    step_id = str(max(numbers, default=0) + 1)
    fields: dict[str, Any] = {"text": text, "done": False}
    if owner:
        fields["owner"] = owner
    _check_record(ws, Target(target.file, (*target.path, "steps", step_id), R.Step, None, target.project), fields)
    ed = _open(ws, target.file)
    ed.add_record((*target.path, "steps"), step_id, fields)
    ed.save()
    return AppliedEdit(
        target.file,
        f"{ref}/steps/{step_id}",
        "add",
        tuple(FieldEdit(k, None, v) for k, v in fields.items()),
        title=text,
        kind="step",
    )


def add_person(ws: R.Workspace, handle: str, fields: dict[str, Any], *, reason: str | None = None) -> AppliedEdit:
    return _add_entry(ws, "people", handle, fields, reason)


def add_client(ws: R.Workspace, client_id: str, fields: dict[str, Any], *, reason: str | None = None) -> AppliedEdit:
    return _add_entry(ws, "clients", client_id, fields, reason)


def _add_entry(ws: R.Workspace, table: str, key: str, fields: dict[str, Any], reason: str | None) -> AppliedEdit:
    """A person in people.toml or a client in clients.toml, with the same checks as the app's form."""
    cls, word, name = (R.Person, "handle", "person") if table == "people" else (R.Client, "client id", "client")
    taken = ws.people if table == "people" else ws.clients
    problem = id_problem(key)
    if problem or key in taken:
        hint = try_instead(key, taken) if problem else ""
        raise EditRejected(f"{word} {key!r}: {problem or 'taken'}{hint}", "handle" if table == "people" else "id")
    fields = nest(fields)
    file = f"{table}.toml"
    _check_record(ws, Target(file, (table, key), cls, None), fields)
    ed = _open(ws, file, missing_ok=True)
    ed.add_record((table,), key, fields)
    ed.save()
    return AppliedEdit(
        file,
        f"{table}/{key}",
        "add",
        tuple(FieldEdit(k, None, v) for k, v in fields.items()),
        reason,
        title=str(fields.get("name", key)),
        kind=name,
    )


def delete_record(ws: R.Workspace, ref: str) -> AppliedEdit:
    """Remove a record (and its sub-tables). References to it become lint findings."""
    target = locate(ws, ref)
    if target.path == ("project",):
        raise EditRejected("a project is deleted by removing its file with git")
    ed = _open(ws, target.file)
    ed.remove_record(target.path[:-1], target.path[-1])
    ed.save()
    kind = "step" if target.cls is R.Step else KIND_NAMES.get(target.path[0], target.path[0])
    return AppliedEdit(
        target.file,
        ref,
        "delete",
        title=str(getattr(target.record, "title", "") or getattr(target.record, "name", "") or ""),
        kind=kind,
    )


def nest(values: dict[str, Any]) -> dict[str, Any]:
    """{"raci.accountable": "carol"} -> {"raci": {"accountable": "carol"}}: a new record's fields as its tables."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        head, dot, rest = name.partition(".")
        if dot:
            inner = out.setdefault(head, {})
            if not isinstance(inner, dict):
                raise EditRejected(f"{head} is a value, so {name} cannot be set", name)
            inner[rest] = value
        else:
            out[name] = value
    return out


def _check_record(ws: R.Workspace, target: Target, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if name == "raci" and isinstance(value, dict):
            for key, sub in value.items():
                check_value(ws, target, f"raci.{key}", sub)
            continue
        field_type(target.cls, name)
        check_value(ws, target, name, value)
    body = {k: v for k, v in fields.items()}
    try:
        msgspec.convert(body, target.cls)
    except msgspec.ValidationError as exc:
        raise EditRejected(f"not a valid {target.cls.__name__.lower()}: {exc}") from None


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return _brief("[" + ", ".join(map(str, value)) + "]")
    if isinstance(value, bool):
        return "true" if value else "false"
    return _brief(str(value))


def _brief(text: str, limit: int = 60) -> str:
    """A value in a commit subject: one line, cut to ``limit`` characters, a cut one ending in "…"."""
    line = one_line(text)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _one_line(text: str) -> str:
    """User text in a commit header or trailer: one line, no control characters, at most 200 characters ("…" if cut)."""
    return _brief(text, 200)
