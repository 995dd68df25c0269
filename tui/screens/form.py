"""What every form and dialog that asks for input shares: one focus model, keys held while it opens, no silent loss.

- **enter** on a field moves to the next field and, on the last one, saves
  (``save``). A list (FieldSelect) opens with **space** or **down**, so
  enter moves on from it as from any field; a checkbox toggles with
  **space**. On a button enter presses it. **ctrl+s** saves from anywhere.
- Keys typed between the key that opens the form and the moment its fields
  are built are held and given, in order, to the field that gets focus
  (``start_typing``); nothing goes to the screen underneath or is lost.
- **escape** closes without writing; when something was typed, a note
  says it was discarded (``typed`` tells whether there is anything).
- A letter typed on a list or a checkbox (where it cannot go) says so
  instead of vanishing.
"""

from __future__ import annotations

import asyncio
from typing import Generic, TypeVar

from rich.console import RenderableType
from textual import events, on
from textual.actions import SkipAction
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select

from tui.screens.dimmed import dimmed

T = TypeVar("T")
MOVES = frozenset({"enter", "tab", "shift+tab"})  # held keys after which the next waits for the focus to move
MOVE_WAIT_ROUNDS = 50  # x 2 ms: a key that moves nothing (enter on a refused value) holds the rest 0.1 s
FIELD_TYPES = (Input, Select, Checkbox)


class FieldSelect(Select[str], inherit_bindings=False):
    """A Select whose list opens with space, down or up: enter moves on to the next field."""

    BINDINGS = [Binding("space,down,up", "show_overlay", "Open the list", show=False, id="form.open_list")]


class FieldCheckbox(Checkbox, inherit_bindings=False):
    """A Checkbox toggled with space: enter moves on to the next field."""

    BINDINGS = [Binding("space", "toggle_button", "Toggle", show=False, id="form.toggle")]


class FormScreen(ModalScreen[T], Generic[T]):
    AUTO_FOCUS = ""  # the form focuses its first field itself, once built (start_typing)
    BINDINGS = [
        Binding("enter", "next_field", "Next", id="form.next", show=False),
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def render(self) -> RenderableType:
        return dimmed(super().render())  # the screen beneath, dimmed as Textual dims it, faster (tui/screens/dimmed.py)

    def __init__(self) -> None:
        super().__init__()
        self.held: list[events.Key | events.Paste] = []
        self.typing = False  # the fields are built and focused: keys go to them
        self.resumed = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """(Before Textual's handler of the same name.) A form is shown once, just made: its widgets were styled as
        they were mounted, a moment ago, and Textual's styling them all again on showing it is skipped (~20 ms of
        the edit form at 20,000 items). Shown again (back from a dialog it opened), it is styled as Textual does."""
        if not self.resumed:
            self.resumed = True
            event.refresh_styles = False

    # --- keys typed while the form opens --------------------------------------------------

    def _forward_event(self, event: events.Event) -> None:
        """Keys the app hands to this screen before a field has focus are held for that field."""
        if not self.typing and isinstance(event, (events.Key, events.Paste)):
            self.held.append(event)
            return
        super()._forward_event(event)

    def start_typing(self, field: Widget | None) -> None:
        """The form is built: focus ``field`` and give it the keys typed meanwhile, in order.

        Each key goes through the app as if typed now; after one that moves the focus (enter, tab) the
        next waits until the focus has moved, so "title, enter, +2w" puts +2w in the second field. The
        replay runs beside this screen's messages (a worker), since moving the focus needs them.
        """
        self.typing = True
        if field is not None and self.focused is None:  # (a click while it was built keeps its field)
            self.set_focus(field, scroll_visible=False)
        if self.held:
            self.run_worker(self.replay_held(), group="form-keys", exit_on_error=False)

    async def replay_held(self) -> None:
        while self.held and self.app.screen is self:
            event = self.held.pop(0)
            again = (
                events.Key(event.key, event.character) if isinstance(event, events.Key) else events.Paste(event.text)
            )
            again.set_sender(self.app)  # as the driver sends it: made here, it would stop bubbling at this screen
            before = self.focused
            self.app.post_message(again)
            if isinstance(event, events.Key) and event.key in MOVES:
                for _ in range(MOVE_WAIT_ROUNDS):
                    await asyncio.sleep(0.002)
                    if self.focused is not before or self.app.screen is not self:
                        break

    # --- one focus model ---------------------------------------------------------------------

    def fields(self) -> list[Widget]:
        """The inputs, lists and checkboxes that can take focus now, in focus order."""
        return [w for w in self.focus_chain if isinstance(w, FIELD_TYPES)]

    def action_next_field(self) -> None:
        """enter on a list or a checkbox (an input sends Submitted, handled below)."""
        if not self.advance(self.focused):
            raise SkipAction()  # a button presses, an open list picks

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.advance(event.input)

    def advance(self, field: Widget | None) -> bool:
        """Move from ``field`` to the next field, or save on the last one; False if ``field`` is not a field."""
        fields = self.fields()
        if field not in fields:
            return False
        if field is fields[-1]:
            self.action_save()
        else:
            fields[fields.index(field) + 1].focus()
        return True

    def on_key(self, event: events.Key) -> None:
        """A letter typed where it cannot go (a list, a checkbox) says so."""
        focused = self.focused
        if event.is_printable and event.key != "space" and isinstance(focused, (Select, Checkbox)):
            event.stop()
            how = "space opens the list" if isinstance(focused, Select) else "space ticks it"
            self.notify(f"{event.character!r} was not typed: this field is not text ({how}).", timeout=3)

    def typed(self) -> bool:
        """Whether anything was typed or picked that closing would lose."""
        return False

    def action_save(self) -> None:  # pragma: no cover - each form saves its own way
        raise NotImplementedError

    def action_cancel(self) -> None:
        if self.typed():
            self.notify("Closed without saving: what was typed was discarded.", title="Not saved", timeout=4)
        self.dismiss(None)
