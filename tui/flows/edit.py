"""The edit commands of the app: edit, add, delete and open a record, whatever view it is in.

Each flow asks (a form or a yes/no), checks synchronously while the question
is still open, and only then hands the library function to ``app.edit``,
which writes in a worker and reloads. The project views, the dashboard and
the people screen all call these with a ref ("acme-crm/data-export-k3f9",
"acme-crm" for the [project] table, "acme-crm/risk-id/steps/2",
"people/bkim").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.worker import WorkerState

from tui.flows.editor import open_in_editor
from tui.render.history_facts import record_history
from tui.render.text import clean, safe
from tui.screens.confirm import ChoiceScreen, ConfirmScreen
from tui.screens.edit_form import EditForm, FormResult, FormSpec
from workspace_schema.core import clock as clocks
from workspace_schema.core import records as R
from workspace_schema.core.dates import days
from workspace_schema.core.ids import id_problem
from workspace_schema.edit import acceptance, done, edits
from workspace_schema.edit import values as edit_values
from workspace_schema.edit.edits import Target
from workspace_schema.edit.values import EditRejected
from workspace_schema.views.people import client_sponsor

if TYPE_CHECKING:
    from tui.app import DucuApp

KIND = {
    "milestones": "milestone",
    "tasks": "task",
    "risks": "risk",
    "goals": "goal",
    "changes": "change",
    "log": "log entry",
    "support": "support request",
    "trainings": "training",
}
TITLE_FIELD = {"changes": "summary", "log": "summary"}


def kind_of(target: Target) -> str:
    head = target.path[0]
    if head == "people":
        return "person"
    if head == "clients":
        return "client"
    if head == "project":
        return "project"
    if len(target.path) == 4:
        return "step"
    return KIND.get(head, head)


def subject_of(record: Any) -> str:
    for name in ("title", "summary", "text", "name"):
        value = getattr(record, name, None)
        if value:
            return str(value)
    return str(getattr(record, "id", "") or "")


def _notify_error(app: DucuApp, message: str) -> None:
    app.notify(clean(message), title="Cannot edit", severity="error", timeout=6, markup=False)


def _locate(app: DucuApp, ref: str | None) -> Target | None:
    if app.state is None:
        return None
    if not ref:
        app.notify("Nothing selected", timeout=2)
        return None
    try:
        return edits.locate(app.state.ws, ref)
    except EditRejected as exc:
        _notify_error(app, str(exc))
        return None


# --- edit ---------------------------------------------------------------------------


def edit_record(app: DucuApp, ref: str | None) -> None:
    target = _locate(app, ref)
    if target is None or ref is None:
        return
    cls = target.cls
    fields = edit_values.editable_fields(cls, target.record)  # not a table such as a structured incentive
    title_field = next((f for f in ("title", "summary", "text") if f in fields), None)
    kind = kind_of(target)
    spec = FormSpec(
        title=f"Edit {kind}",
        cls=cls,
        fields=tuple(fields),
        initial=edit_values.current_values(target.record, cls),
        subject=subject_of(target.record),
        where=f"{ref} · {target.file}:{getattr(target.record, 'line', 0)}",
        history=record_history(app.history, app.state.ws, ref, fields) if app.state else "",
        required=(title_field,) if title_field and kind != "step" else (),
        reason_for="due" if "due" in fields else None,
        project_id=target.project.id if target.project else None,
        check=lambda state, values: _ignore(edits.check_fields(state.ws, ref, values)),
    )

    def saved(result: FormResult | None) -> None:
        if result is None:
            return
        values = result.values
        if app.state is not None:  # status done with done_on left empty: done today; away from done: not done
            values = done.follow_status(target.record, values, app.state.today)
        app.edit(edits.set_fields, ref, values, reason=result.reason)
        offer_change_request(app, target, ref, result)

    app.push_screen(EditForm(spec), saved)


def _ignore(_: Any) -> None:
    return None


def offer_change_request(app: DucuApp, target: Target, ref: str, result: FormResult) -> None:
    """The due date moved past the agreed baseline: offer to record a change request for it.

    The offer is a small form: who asked (the client's sponsor by default, from the project's people) and
    the summary; save records it (status proposed), escape records nothing.
    """
    new_due = result.values.get("due")
    if target.cls not in (R.Milestone, R.Task) or not isinstance(new_due, dt.date) or app.state is None:
        return
    baseline = result.values.get("baseline_due", target.record.baseline_due)
    if baseline is None or new_due <= baseline:
        return
    project_id, item_id = ref.split("/")[:2]
    title = subject_of(target.record)
    today = app.state.today
    sponsor = client_sponsor(app.state.ws, project_id)
    spec = FormSpec(
        title="Record a change request for this slip?",
        cls=R.ChangeRequest,
        initial={"summary": f"Move {title} to {new_due:%Y-%m-%d}", **({"requested_by": sponsor} if sponsor else {})},
        subject=title,
        where=(
            f"now ends {new_due:%a %Y-%m-%d}, {days((new_due - baseline).days)} after its baseline {baseline:%Y-%m-%d}; "
            "a change request (proposed) is how the client agrees the new date · esc: not now"
        ),
        adding=True,
        fields=("requested_by", "summary"),
        required=("requested_by", "summary"),
        project_id=project_id,
        check=lambda st, values: edits.check_new(st.ws, R.ChangeRequest, values, project_id),
    )

    async def answered(answer: FormResult | None) -> None:
        if answer is None:
            return
        await edits_finished(app)  # the date change writes the same file
        fields: dict[str, Any] = {
            "summary": answer.values["summary"],
            "requested_by": answer.values["requested_by"],
            "requested_on": today,
            "status": "proposed",
            "moves": {item_id: new_due},
        }
        if result.reason:
            fields["reason"] = result.reason
        app.edit(edits.add_record, project_id, "changes", fields)

    app.push_screen(EditForm(spec), answered)


async def edits_finished(app: DucuApp) -> None:
    for worker in list(app.workers):
        if worker.group == "edit" and worker.state in (WorkerState.PENDING, WorkerState.RUNNING):
            try:
                await worker.wait()
            except Exception:
                pass


# --- add ------------------------------------------------------------------------------


def defaults_of(cls: type) -> dict[str, Any]:
    """The values a new record of ``cls`` starts with in a form: its non-empty defaults."""
    return {k: v for k, v in edit_values.current_values(cls(), cls).items() if v not in (None, "", [], {}, False)}


def add_record(app: DucuApp, project_id: str, table: str, initial: dict[str, Any] | None = None) -> None:
    state = app.state
    if state is None:
        return
    project = state.project(project_id)
    cls = R.ITEM_KINDS.get(table)
    if project is None or cls is None:
        _notify_error(app, f"cannot add {table} to {project_id}")
        return
    start = defaults_of(cls)
    if table == "log":
        start["on"] = state.today
    if table == "changes":
        start["requested_on"] = state.today
    if table == "support":  # opened now, in the workspace's timezone, to the minute
        start["opened"] = clocks.now(state.ws.settings.timezone, app.clock).replace(second=0)
    if table == "trainings":
        start["on"] = state.today
    start.update(initial or {})
    spec = FormSpec(
        title=f"New {KIND[table]}",
        cls=cls,
        initial=start,
        subject=project.title or project_id,
        where=f"{project_id} · {project.file}",
        adding=True,
        required=(TITLE_FIELD.get(table, "title"),),
        project_id=project_id,
        check=lambda st, values: edits.check_new(st.ws, cls, edits.nest(values), project_id),
    )

    def saved(result: FormResult | None) -> None:
        if result is not None:
            app.edit(edits.add_record, project_id, table, result.values)  # add_record nests raci.x

    app.push_screen(EditForm(spec), saved)


def add_timeline_item(app: DucuApp, project_id: str, selected: str | None) -> None:
    """The timeline holds milestones and tasks: ask which, then add it (a task under the selected milestone)."""
    state = app.state
    project = state.project(project_id) if state else None
    if project is None:
        return
    milestone = None
    if selected:
        item_id = selected.split("/")[1]
        if item_id in project.milestones:
            milestone = item_id
        elif item_id in project.tasks:
            milestone = project.tasks[item_id].milestone

    def picked(kind: str | None) -> None:
        if kind == "milestones":
            add_record(app, project_id, "milestones")
        elif kind == "tasks":
            add_record(app, project_id, "tasks", {"milestone": milestone} if milestone else {})

    app.push_screen(
        ChoiceScreen("Add to the timeline:", [("m", "milestones", "Milestone"), ("t", "tasks", "Task")]), picked
    )


def add_step(app: DucuApp, risk_ref: str | None) -> None:
    target = _locate(app, risk_ref)
    if target is None or risk_ref is None:
        return
    if target.cls is R.Step:
        risk_ref = risk_ref.split("/steps/")[0]
        target = _locate(app, risk_ref)
        if target is None:
            return
    if target.cls is not R.Risk:
        app.notify("Steps belong to risks: select a risk first", timeout=3)
        return
    spec = FormSpec(
        title="New step",
        cls=R.Step,
        initial={},
        subject=subject_of(target.record),
        where=f"{risk_ref} · {target.file}",
        adding=True,
        fields=("text", "owner"),
        required=("text",),
        check=lambda st, values: edits.check_new(st.ws, R.Step, values),
    )

    def saved(result: FormResult | None) -> None:
        if result is not None:
            app.edit(edits.add_step, risk_ref, result.values["text"], result.values.get("owner"))

    app.push_screen(EditForm(spec), saved)


def add_person(app: DucuApp) -> None:
    def check(state: Any, values: dict[str, Any]) -> None:
        handle = values.get("handle", "")
        problem = id_problem(handle)
        if problem or handle in state.ws.people:
            raise EditRejected(f"handle {handle!r}: {problem or 'taken'}", "handle")
        edits.check_new(state.ws, R.Person, {k: v for k, v in values.items() if k != "handle"})

    spec = FormSpec(
        title="New person",
        cls=R.Person,
        initial={},
        where="people.toml",
        adding=True,
        extra=("handle",),
        required=("handle", "name"),
        check=check,
    )

    def saved(result: FormResult | None) -> None:
        if result is not None:
            values = dict(result.values)
            handle = values.pop("handle")
            app.edit(edits.add_person, handle, values)

    app.push_screen(EditForm(spec), saved)


# --- the client accepts a milestone -------------------------------------------------------


def accept_milestone(app: DucuApp, ref: str | None) -> None:
    """Ask who accepted the selected (done) milestone and the evidence; one commit with an Accepted-by trailer."""
    target = _locate(app, ref)
    state = app.state
    if target is None or ref is None or state is None:
        return
    if target.cls is not R.Milestone:
        app.notify("The client accepts milestones: select a milestone first", timeout=3)
        return
    milestone: R.Milestone = target.record
    already = acceptance.acceptance_text(milestone)
    if already:
        app.notify(clean(f"{ref} is already {already}"), title="Nothing to do", timeout=5, markup=False)
        return
    if milestone.status != "done":
        _notify_error(app, f"{ref} is {milestone.status}, not done: mark it done first (e, status), then accept it")
        return
    project = target.project
    client = state.ws.clients.get(project.client or "") if project else None
    initial: dict[str, Any] = {"accepted_on": state.today}
    if client is not None and client.sponsor in state.ws.people:
        initial["accepted_by"] = client.sponsor  # the client's sponsor signs off most deliveries
    today = state.today

    def check(st: Any, values: dict[str, Any]) -> None:
        acceptance.check_acceptance(st.ws, ref, values["accepted_by"], values.get("accepted_on") or today, st.today)

    spec = FormSpec(
        title="Accept milestone",
        cls=R.Milestone,
        initial=initial,
        subject=subject_of(milestone),
        where=f"{ref} · done on {milestone.done_on or '?'}",
        adding=True,
        fields=("accepted_by", "evidence", "accepted_on"),
        required=("accepted_by",),
        check=check,
    )

    def saved(result: FormResult | None) -> None:
        if result is not None:
            v = result.values
            app.edit(
                acceptance.accept_milestone,
                ref,
                v["accepted_by"],
                today,
                on=v.get("accepted_on"),
                evidence=v.get("evidence"),
            )

    app.push_screen(EditForm(spec), saved)


def toggle_done(app: DucuApp, ref: str | None) -> None:
    """The selected milestone or task done today, or back to doing / todo when it is done: one commit."""
    target = _locate(app, ref)
    if target is None or ref is None or app.state is None:
        return
    if target.cls not in (R.Milestone, R.Task):
        app.notify("Only milestones and tasks are marked done: select one first", timeout=3)
        return
    app.edit(done.toggle_done, ref, app.state.today)


# --- delete and open --------------------------------------------------------------------


def delete_record(app: DucuApp, ref: str | None) -> None:
    target = _locate(app, ref)
    if target is None or ref is None:
        return
    if target.path == ("project",):
        app.notify("A project is deleted by removing its file (with git).", timeout=4)
        return
    kind = kind_of(target)
    question = Text(f"Delete {kind} ", style="bold")
    question.append_text(safe(f"'{subject_of(target.record)}'", "bold"))
    question.append("?", style="bold")
    detail = Text(f"{clean(ref)} in {clean(target.file)}. ", style="dim")
    detail.append(
        "References to it will show as findings." if kind != "person" else "Plans that name them will show findings."
    )

    def answered(yes: bool | None) -> None:
        if yes:
            app.edit(edits.delete_record, ref)

    app.push_screen(ConfirmScreen(question, detail, yes="Delete", no="Keep"), answered)


def open_record(app: DucuApp, ref: str | None) -> None:
    target = _locate(app, ref)
    if target is None or app.state is None:
        return
    open_in_editor(app, Path(app.state.ws.root), target.file, getattr(target.record, "line", 0))
