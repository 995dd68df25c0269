"""A form that edits (or adds) one record: one row per field, built from the record type.

The form is made from ``edit_values.editable_fields(cls)`` and the type hints: a
Select for fixed choices (status, side...), for people (owner, accountable...)
and for the project's milestones and the workspace's clients; a Checkbox for
true/false; an Input for the rest, dates included (``2026-12-11``, ``+3d``,
``next fri``, shown parsed beside the input as you type).

Saving checks everything here, synchronously, before the form closes: each
changed field goes through ``edit_values.parse_value``, then the caller's ``check``
(``edits.check_fields`` / ``check_new``: people and items exist) runs against
the workspace as it is now. A rejected value shows its message under the
field it names and the form stays open with the input as typed. Only then
does the form close with the changed fields, and the caller writes them
through ``app.edit``. The form does not redraw on reloads, so a change made
on disk meanwhile never loses what was typed; the library re-reads the file
and writes only the changed fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from tui.render.text import clean, fit, safe
from tui.screens.form import FieldCheckbox, FieldSelect, FormScreen
from tui.state import State
from tui.widgets.key_footer import KeyFooter
from tui.widgets.literal_input import LiteralInput
from workspace_schema.edit import edits
from workspace_schema.edit import values as edit_values
from workspace_schema.edit.values import EditRejected, optional_of
from workspace_schema.views.people import project_people

if TYPE_CHECKING:
    from textual import getters

    from tui.app import DucuApp

FIRST_ROWS = 3  # fields built with the box; the rest are mounted right after its first paint (docs: forms open fast)
LABEL_CELLS = 18
PREVIEW_CELLS = 21  # .form-preview in app.tcss: 22 cells wide, less its padding; longer wraps onto a second line
# Item fields that pick one milestone of the project, and the workspace's clients.
MILESTONE_FIELDS = frozenset({"milestone"})
CLIENT_FIELDS = frozenset({"client"})
PLACEHOLDERS = {
    "date": "e.g. 2026-12-11, +3d, next fri",
    "people": "handles, comma separated",
    "items": "item ids, comma separated",
    "moves": "item-id = 2026-12-11, other-id = +1w",
    "list": "comma separated",
    "number": "a number",
}


@dataclass(frozen=True)
class FormSpec:
    """What to edit: the record type, its fields and current values, and how to check them."""

    title: str  # "Edit milestone", "New task"
    cls: type
    initial: dict[str, Any]  # typed values by field name; missing means empty
    subject: str = ""  # the record's title, shown after the form title
    where: str = ""  # "acme-crm/data-export-k3f9 · projects/acme-crm.toml:78"
    history: str = ""  # "due changed by Raj Patel on 2026-11-24 (0372bf9)", from git (tui/render/history_facts.py)
    adding: bool = False  # a new record: every non-empty field is returned, not only the changed ones
    fields: tuple[str, ...] = ()  # default: every editable field of cls
    extra: tuple[str, ...] = ()  # text fields that are not fields of cls (a new person's handle), first
    required: tuple[str, ...] = ()
    reason_for: str | None = None  # ask "why?" when this field changes ("due")
    project_id: str | None = None  # for the milestone choices
    check: Callable[[State, dict[str, Any]], None] | None = None  # raises EditRejected

    def names(self) -> tuple[str, ...]:
        """The fields in form order: the required ones (a title, a summary) first, then the record's own order."""
        names = (*self.extra, *(self.fields or tuple(edit_values.editable_fields(self.cls))))
        return (*[n for n in names if n in self.required], *[n for n in names if n not in self.required])


@dataclass(frozen=True)
class FormResult:
    values: dict[str, Any]  # typed; an edit returns only the fields that changed
    reason: str | None = None


@dataclass
class FieldRow:
    name: str
    kind: str  # "select", "bool", "date", "text"
    widget: Widget
    initial: str  # the text (or select value) the form started with
    preview: Static | None = None
    error: Static | None = None
    hint: str = ""


class EditForm(FormScreen[FormResult | None]):
    AREA = "form"
    HELP = """\
# Edit form

One line per field. Dates accept `2026-12-11`, `12-11`, `+3d`, `-1w`, `+5wd`
(working days), `today`, `fri`, `next fri`, `eow`, `eom`; the date it means
shows beside the input. Lists are comma separated. An empty input clears an
optional field. People fields offer the project's people: our team and
that project's client. **enter** moves to the next field (and saves in the
last), **space** opens a list or ticks a box, **ctrl+s** saves, **escape**
closes without writing anything (and says so when something was typed).
"""

    if TYPE_CHECKING:
        app = getters.app(DucuApp)  # the app every form runs in (Textual's typed `app`)

    def __init__(self, spec: FormSpec) -> None:
        super().__init__()
        self.spec = spec
        self.rows: dict[str, FieldRow] = {}
        self.reason: Input | None = None

    # --- building -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        spec = self.spec
        with Vertical(id="form-box"):
            head = Text(spec.title, style="bold", no_wrap=True, overflow="ellipsis")
            if spec.subject:
                head.append(" · ")
                head.append_text(safe(spec.subject, "bold"))
            yield Static(head, id="form-title")
            if spec.where or spec.history:
                where = [safe(spec.where, "dim")] if spec.where else []
                where += [safe(spec.history, "dim italic")] if spec.history else []
                yield Static(Text("\n", no_wrap=True, overflow="ellipsis").join(where), id="form-where")
            with VerticalScroll(id="form-fields"):
                for n, name in enumerate(spec.names()[:FIRST_ROWS]):
                    yield from self.row_lines(n, name)
            yield Static(id="form-message", classes="form-error")
        yield KeyFooter()

    def row_lines(self, n: int, name: str) -> list[Widget]:
        """The line of field ``name`` (label, input, preview), and the reason's line after the field that asks why."""
        spec = self.spec
        row = self.make_row(n, name)
        self.rows[name] = row
        label = Text(fit(name, LABEL_CELLS - 1), style="bold" if name in spec.required else "")
        row.preview = Static(classes="form-preview")
        lines: list[Widget] = [
            Horizontal(Label(label, classes="form-label"), row.widget, row.preview, classes="form-row")
        ]
        if name == spec.reason_for and not spec.adding:
            self.reason = LiteralInput(
                placeholder="why it moves (optional, kept in the history)", id="form-reason", compact=True
            )
            reason = Horizontal(
                Label("reason", classes="form-label"), self.reason, classes="form-row", id="form-reason-row"
            )
            reason.display = False  # shown once the field it explains changes
            lines.append(reason)
        return lines

    async def build_rest(self) -> None:
        """The fields after the first few, mounted once the form is on screen; then the first field takes the keys."""
        names = self.spec.names()
        lines = [line for n, name in enumerate(names) if n >= FIRST_ROWS for line in self.row_lines(n, name)]
        if lines:
            await self.query_one("#form-fields").mount_all(lines)
        buttons = Horizontal(
            Button("Save", variant="primary", id="form-save", compact=True),
            Button("Cancel", id="form-cancel", compact=True),
            Static(Text("ctrl+s save · esc cancel", style="dim"), id="form-keys"),
            id="form-buttons",
        )
        await self.query_one("#form-box").mount(buttons)  # with the rest: Textual's Button styles itself twice over
        for name in names[FIRST_ROWS:]:
            self.update_preview(self.rows[name])
        self.fit_height()  # the fields now fill what the terminal leaves; they scroll past that
        first = next(iter(self.rows.values()), None)
        self.start_typing(first.widget if first is not None else None)

    def make_row(self, n: int, name: str) -> FieldRow:
        spec = self.spec
        wid = f"field-{n}"
        value = spec.initial.get(name)
        if name in spec.extra:
            text = edit_values.text_of(value)
            return FieldRow(name, "text", LiteralInput(text, id=wid, compact=True), text)
        tp = edit_values.field_type(spec.cls, name)
        optional, inner = optional_of(tp)
        key = name.split(".")[-1]
        options = self.choices(key, inner, value)
        if options is not None:
            allow_blank = optional or value is None
            current = value if value is not None else Select.NULL
            select = FieldSelect(options, value=current, allow_blank=allow_blank, prompt="(none)", id=wid, compact=True)
            return FieldRow(name, "select", select, "" if value is None else str(value))
        if inner is bool:
            return FieldRow(
                name, "bool", FieldCheckbox(value=bool(value), id=wid, compact=True), "true" if value else "false"
            )
        text = edit_values.text_of(value)
        kind = "date" if inner is dt.date else "text"
        if inner is dt.date:
            hint = PLACEHOLDERS["date"]
        elif key in edits.PERSON_LIST_FIELDS:
            hint = PLACEHOLDERS["people"]
        elif key in edits.ITEM_LIST_FIELDS:
            hint = PLACEHOLDERS["items"]
        elif get_origin(inner) is dict:
            hint = PLACEHOLDERS["moves"]
        elif get_origin(inner) is list:
            hint = PLACEHOLDERS["list"]
        elif inner in (int, float):
            hint = PLACEHOLDERS["number"]
        else:
            hint = ""
        return FieldRow(name, kind, LiteralInput(text, placeholder=hint, id=wid, compact=True), text, hint=hint)

    def choices(self, key: str, inner: Any, value: Any) -> list[tuple[Text, str]] | None:
        """The options of a field picked from a list, or None for a field that is typed."""
        state = self.app.state
        ws = state.ws if state else None
        options: list[tuple[Text, str]]
        if get_origin(inner) is Literal:
            options = [(Text(str(c)), str(c)) for c in get_args(inner)]
        elif key in edits.PERSON_FIELDS and inner is str and ws is not None:
            handles = project_people(ws, self.spec.project_id)
            options = [(_labelled(h, ws.people[h].name), h) for h in handles]
        elif key in CLIENT_FIELDS and ws is not None:
            options = [(_labelled(c, client.name), c) for c, client in sorted(ws.clients.items())]
        elif key in MILESTONE_FIELDS and ws is not None:
            project = ws.projects.get(self.spec.project_id or "")
            milestones = project.milestones if project else {}
            options = [(_labelled(m, ms.title), m) for m, ms in milestones.items()]
        else:
            return None
        if value is not None and str(value) not in {v for _, v in options}:
            person = ws.people.get(str(value)) if ws is not None and key in edits.PERSON_FIELDS else None
            note = (
                Text(f"  {fit(person.name or '', LABEL_CELLS)} (not on this project)", style="yellow")
                if person
                else None
            )
            options.append(
                (Text.assemble(safe(fit(value, LABEL_CELLS * 2)), note or Text("  (unknown)", style="red")), str(value))
            )
        return options

    def on_mount(self) -> None:
        for row in self.rows.values():
            self.update_preview(row)
        self.query_one("#form-message").display = False
        self.call_after_refresh(self.build_rest)

    def on_resize(self) -> None:
        self.fit_height()

    def fit_height(self) -> None:
        """Cap the fields to what the terminal leaves after the title, buttons and footer; they scroll."""
        chrome = 2 + 3 + 2 + 1  # box border, title and where, buttons, the footer
        chrome += 1 if self.spec.history else 0  # the line from git under where
        message = self.query_one("#form-message", Static)
        if message.display:
            chrome += max(message.outer_size.height, 1)
        self.query_one("#form-fields").styles.max_height = max(self.size.height - chrome, 3)

    # --- reading the fields ---------------------------------------------------------

    def text(self, row: FieldRow) -> str:
        widget = row.widget
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL or widget.value is None else str(widget.value)
        if isinstance(widget, Checkbox):
            return "true" if widget.value else "false"
        assert isinstance(widget, Input)
        return widget.value

    def parse(self, row: FieldRow, text: str) -> Any:
        if row.name in self.spec.extra:
            return text.strip()
        state = self.app.state
        today = state.today if state else dt.date.today()
        holidays = state.ws.settings.holidays if state else ()
        return edit_values.parse_value(self.spec.cls, row.name, text, today, holidays)

    def changed(self, row: FieldRow) -> bool:
        text = self.text(row)
        if self.spec.adding:
            return text.strip() != "" and not (row.kind == "bool" and text == "false")
        return text.strip() != row.initial.strip()

    # --- live feedback ----------------------------------------------------------------

    def update_preview(self, row: FieldRow) -> None:
        if row.preview is None:
            return
        row.preview.update(self.preview(row))

    def preview(self, row: FieldRow) -> Text:
        text = self.text(row).strip()
        key = row.name.split(".")[-1]
        if row.kind == "date":
            if not text:
                return Text("(none)", style="dim")
            try:
                day = self.parse(row, text)
            except EditRejected:
                return Text("? not a date yet", style="yellow")
            return Text(f"→ {day:%a %Y-%m-%d}", style="green" if text != day.isoformat() else "dim")
        state = self.app.state
        if key in edits.PERSON_LIST_FIELDS and text and state is not None:
            handles = [h for h in text.replace(",", " ").split() if h]
            unknown = [h for h in handles if h not in state.ws.people]
            if unknown:
                return Text(fit("? " + ", ".join(unknown), PREVIEW_CELLS), style="yellow")
            return Text(
                fit("→ " + ", ".join(state.ws.people[h].name or h for h in handles), PREVIEW_CELLS), style="dim"
            )
        return Text()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        for row in self.rows.values():
            if row.widget is event.input:
                self.update_preview(row)
                self.clear_error(row)
                if row.name == self.spec.reason_for:
                    self.show_reason(self.changed(row))
                return

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Show the start of a long value again when the cursor leaves it."""
        if isinstance(event.widget, Input):
            event.widget.cursor_position = 0

    @on(Select.Changed)
    def _picked(self, event: Select.Changed) -> None:
        for row in self.rows.values():
            if row.widget is event.select:
                self.clear_error(row)

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    # --- errors -------------------------------------------------------------------------

    def show_reason(self, show: bool) -> None:
        if self.reason is not None:
            self.query_one("#form-reason-row").display = show

    def show_error(self, name: str, message: str) -> Widget | None:
        """The message under the field it is about (or above the buttons); the field's widget."""
        row = self.rows.get(name)
        text = Text("✖ " + clean(message), style="red")
        if row is None:
            box = self.query_one("#form-message", Static)
            box.update(text)
            box.display = True
            self.call_after_refresh(self.fit_height)
            return None
        if row.error is None:  # made on demand: most fields never show one
            row.error = Static(text, classes="form-error")
            line = row.widget.parent  # the field's line: a Widget once mounted
            self.query_one("#form-fields").mount(row.error, after=line if isinstance(line, Widget) else None)
        else:
            row.error.update(text)
        return row.widget

    def clear_error(self, row: FieldRow) -> None:
        if row.error is not None:
            row.error.remove()
            row.error = None
        box = self.query_one("#form-message", Static)
        if box.display:
            box.display = False

    def clear_errors(self) -> None:
        for row in self.rows.values():
            self.clear_error(row)

    # --- saving -------------------------------------------------------------------------

    def collect(self) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The typed values of the changed fields, and (field, message) for each that does not parse."""
        values: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        for name, row in self.rows.items():
            text = self.text(row)
            if name in self.spec.required and not text.strip():
                problems.append((name, f"{name} is required"))
                continue
            if not self.changed(row):
                continue
            try:
                values[name] = self.parse(row, text)
            except EditRejected as exc:
                problems.append((exc.field or name, str(exc)))
        return values, problems

    def action_save(self) -> None:
        self.clear_errors()
        values, problems = self.collect()
        if not problems and self.spec.check is not None and self.app.state is not None and values:
            try:
                self.spec.check(self.app.state, values)
            except EditRejected as exc:
                problems.append((exc.field, str(exc)))
        if problems:
            focus = [self.show_error(name, message) for name, message in problems]
            target = next((w for w in focus if w is not None), None)
            if target is not None:
                target.focus()
                target.scroll_visible(animate=False)
            return
        if not values:
            self.notify("Nothing changed", timeout=2)
            self.dismiss(None)
            return
        reason = self.reason.value.strip() if self.reason is not None and self.spec.reason_for in values else ""
        self.dismiss(FormResult(values, reason or None))

    def typed(self) -> bool:
        return any(self.changed(row) for row in self.rows.values()) or bool(self.reason and self.reason.value.strip())


def _labelled(key: str, name: str) -> Text:
    """An option: the id, then the name (cut: a select shows its value on one line)."""
    text = safe(fit(key, LABEL_CELLS * 2))
    if name and name != key:
        text.append("  ")
        text.append(fit(name, LABEL_CELLS * 2), style="dim")
    return text
