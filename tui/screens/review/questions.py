"""The questions a review meeting asks: a new date and why, a note, a person, an action item.

Each is a small modal that checks what was typed before it closes (a date
ducu can read, a reason, a person who is in people.toml) and returns plain
values; ReviewScreen (review.py) records them with minutes.record. Who owes
what (owed.py) asks its nudge with the same Question base.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from tui.render.text import clean, fit, pad
from tui.screens.form import FieldSelect, FormScreen
from tui.widgets.literal_input import LiteralInput
from workspace_schema.core import records as R
from workspace_schema.core.dates import DateError, parse_date
from workspace_schema.review import NewAction

DATE_HINT = "e.g. 2026-12-18, 12-18, +1w, +5wd, next fri, eom"
KEYS = "enter next / save · ctrl+s save · esc cancel"  # every question's keys (tui/screens/form.py)


class Question(FormScreen[Any]):
    """A box with a question, a few inputs and an error line; escape closes it and changes nothing.

    The focus model is every form's (tui/screens/form.py): enter moves on and saves on the last field.
    """

    AREA = "question"
    FIRST = ""  # the field that takes the keys first (a selector)

    def __init__(self, question: Text) -> None:
        super().__init__()
        self.question = question
        self.opened_with: dict[str, str] = {}  # each input's value when the question opened

    def error(self, message: str) -> None:
        box = self.query_one("#question-error", Static)
        box.update(Text(clean(message), style="bold red"))
        box.display = bool(message)

    def on_mount(self) -> None:
        self.query_one("#question-error").display = False
        self.opened_with = {w.id or "": w.value for w in self.query(Input)}
        self.start_typing(self.query_one(self.FIRST) if self.FIRST else None)

    def typed(self) -> bool:
        return any(w.value.strip() and w.value != self.opened_with.get(w.id or "") for w in self.query(Input))


class DateReasonScreen(Question):
    """A new date and why it moves: (date, reason)."""

    AREA = "new date"
    HELP = f"""\
# New date

Type the new due date ({DATE_HINT}); the date it means shows beside it. Then
say why it moves: the reason goes into the minutes and the commit message.
**enter** goes to the next input and saves in the last; **escape** changes
nothing.
"""

    def __init__(
        self,
        question: Text,
        today: dt.date,
        holidays: list[dt.date],
        current: dt.date | None = None,
        date: str = "",
        reason: str = "",
    ) -> None:
        super().__init__(question)
        self.today, self.holidays, self.current = today, holidays, current
        self.initial = (date, reason)

    def compose(self) -> ComposeResult:
        with Vertical(classes="review-question"):
            yield Static(self.question, classes="question-title")
            with Horizontal(classes="question-row"):
                yield Static("New date", classes="question-label")
                yield LiteralInput(self.initial[0], placeholder=DATE_HINT, id="question-date")
                yield Static(id="question-preview")
            with Horizontal(classes="question-row"):
                yield Static("Why", classes="question-label")
                yield LiteralInput(
                    self.initial[1], placeholder="the reason, for the minutes and the commit", id="question-reason"
                )
            yield Static(id="question-error")
            yield Static(Text(KEYS, style="dim"), classes="question-keys")

    FIRST = "#question-date"

    def on_mount(self) -> None:
        super().on_mount()
        self.show_preview()

    def parsed(self) -> dt.date | None:
        try:
            return parse_date(self.query_one("#question-date", Input).value, self.today, self.holidays)
        except DateError:
            return None

    def show_preview(self) -> None:
        day = self.parsed()
        text = Text()
        if day is not None:
            text.append(f"{day:%a} {day.isoformat()}", style="bold")
            if self.current is not None and day != self.current:
                text.append(f"  {(day - self.current).days:+d}d", style="yellow" if day > self.current else "green")
        self.query_one("#question-preview", Static).update(text)

    @on(Input.Changed, "#question-date")
    def _typed(self) -> None:
        self.show_preview()
        self.error("")

    def action_save(self) -> None:
        text = self.query_one("#question-date", Input).value
        try:
            day = parse_date(text, self.today, self.holidays)
        except DateError as exc:
            self.error(str(exc))
            self.query_one("#question-date", Input).focus()
            return
        if self.current is not None and day == self.current:
            self.error(f"it is already due {day}; type another date, or escape")
            self.query_one("#question-date", Input).focus()
            return
        reason = " ".join(self.query_one("#question-reason", Input).value.split())
        if not reason:
            self.error("say why the date moves: the minutes and the history keep the reason")
            self.query_one("#question-reason", Input).focus()
            return
        self.dismiss((day, reason))


class TextScreen(Question):
    """One line of text: a note on the item, or a decision of the meeting. An empty note clears it."""

    AREA = "note"
    HELP = """\
# Note or decision

Type one line. A **note** stays with the agenda item in the minutes (an empty
note clears it); a **decision** goes to the meeting's list of decisions.
**enter** saves, **escape** changes nothing.
"""

    def __init__(self, question: Text, label: str, value: str = "", *, required: bool = False) -> None:
        super().__init__(question)
        self.label, self.value, self.required = label, value, required

    def compose(self) -> ComposeResult:
        with Vertical(classes="review-question"):
            yield Static(self.question, classes="question-title")
            with Horizontal(classes="question-row"):
                yield Static(self.label, classes="question-label")
                yield LiteralInput(self.value, id="question-text")
            yield Static(id="question-error")
            yield Static(Text(KEYS, style="dim"), classes="question-keys")

    FIRST = "#question-text"

    def action_save(self) -> None:
        text = " ".join(self.query_one("#question-text", Input).value.split())
        if self.required and not text:
            self.error("type something, or escape")
            return
        self.dismiss(text)


def people_choices(ws: R.Workspace, project_id: str | None = None) -> list[tuple[str, Text]]:
    """(handle, label) of everyone in people.toml: our team first, then the project's client, then the rest."""
    project = ws.projects.get(project_id or "")
    client = project.client if project is not None else None

    def order(handle: str) -> tuple:
        org = ws.person_org(handle) or ""
        return (
            0 if not ws.is_client_side(handle) else 1 if org == client else 2,
            org,
            (ws.people[handle].name or handle).lower(),
        )

    out = []
    for handle in sorted(ws.people, key=order):
        person = ws.people[handle]
        label = Text(no_wrap=True, overflow="ellipsis")
        label.append(pad(person.name or handle, 22), style="bold")
        label.append(f"  {fit(handle, 12)}", style="dim")
        org = ws.person_org(handle) or ""
        where = ws.clients[org].name if org in ws.clients and ws.clients[org].name else org
        role = f"{where}, {person.role}" if person.role else where
        if role:
            label.append(f"  {fit(role, 40)}", style="magenta" if ws.is_client_side(handle) else "dim")
        out.append((handle, label))
    return out


class PersonScreen(ModalScreen[str | None]):
    """Pick one person of people.toml; escape picks none."""

    AREA = "pick person"
    HELP = """\
# Pick a person

**up/down** to choose, **enter** picks, **escape** changes nothing. Our own
people come first, then the client's, then everyone else in people.toml.
"""
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="review_person.cancel")]

    def __init__(self, question: Text, choices: list[tuple[str, Text]], current: str | None = None) -> None:
        super().__init__()
        self.question, self.choices, self.current = question, choices, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="review-question"):
            yield Static(self.question, classes="question-title")
            yield OptionList(*[Option(label, id=handle) for handle, label in self.choices], id="question-people")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        keys = [h for h, _ in self.choices]
        if self.current in keys:
            options.highlighted = keys.index(self.current)
        options.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ActionItemScreen(Question):
    """An action item: a title, an owner and a due date (a task created when the meeting is finished)."""

    AREA = "action item"
    HELP = f"""\
# Action item

What must happen, who does it and by when. It becomes a task of the project
(status todo, starting today, under the item's milestone) when the meeting is
finished, and the next review lists it until it is done. Dates: {DATE_HINT}.
**enter** goes to the next input and saves in the last, **ctrl+s** saves,
**escape** changes nothing.
"""

    def __init__(
        self,
        question: Text,
        choices: list[tuple[str, Text]],
        today: dt.date,
        holidays: list[dt.date],
        action: NewAction | None = None,
        owner: str | None = None,
    ) -> None:
        super().__init__(question)
        self.choices, self.today, self.holidays = choices, today, holidays
        self.start = action or NewAction(owner=owner)

    def compose(self) -> ComposeResult:
        start = self.start
        keys = [h for h, _ in self.choices]
        with Vertical(classes="review-question"):
            yield Static(self.question, classes="question-title")
            with Horizontal(classes="question-row"):
                yield Static("What", classes="question-label")
                yield LiteralInput(start.title, placeholder="the action, as a task title", id="question-title")
            with Horizontal(classes="question-row"):
                yield Static("Who", classes="question-label")
                yield FieldSelect(
                    [(label, h) for h, label in self.choices],
                    prompt="pick a person",
                    value=start.owner if start.owner in keys else Select.NULL,
                    id="question-owner",
                )
            with Horizontal(classes="question-row"):
                yield Static("By", classes="question-label")
                yield LiteralInput(start.due.isoformat() if start.due else "", placeholder=DATE_HINT, id="question-due")
                yield Static(id="question-preview")
            yield Static(id="question-error")
            yield Static(Text(KEYS, style="dim"), classes="question-keys")

    FIRST = "#question-title"

    def on_mount(self) -> None:
        super().on_mount()
        self.show_preview()

    def show_preview(self) -> None:
        text = Text()
        try:
            day = parse_date(self.query_one("#question-due", Input).value, self.today, self.holidays)
            text.append(f"{day:%a} {day.isoformat()}", style="bold")
        except DateError:
            pass
        self.query_one("#question-preview", Static).update(text)

    @on(Input.Changed, "#question-due")
    def _typed(self) -> None:
        self.show_preview()

    def typed(self) -> bool:
        return super().typed() or self.query_one("#question-owner", Select).value not in (
            Select.NULL,
            self.start.owner,
        )

    def action_save(self) -> None:
        title = " ".join(self.query_one("#question-title", Input).value.split())
        owner = self.query_one("#question-owner", Select).value
        due_text = self.query_one("#question-due", Input).value
        if not title:
            self.error("what is the action? type a title")
            self.query_one("#question-title", Input).focus()
            return
        if owner is Select.NULL or not isinstance(owner, str):
            self.error("who does it? pick a person")
            self.query_one("#question-owner", Select).focus()
            return
        try:
            due = parse_date(due_text, self.today, self.holidays)
        except DateError as exc:
            self.error(str(exc))
            self.query_one("#question-due", Input).focus()
            return
        if due < self.today:
            self.error(f"{due} is before today ({self.today}); an action is due from today on")
            self.query_one("#question-due", Input).focus()
            return
        self.dismiss(NewAction(title=title, owner=owner, due=due, id=self.start.id))
