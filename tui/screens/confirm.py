"""Small questions: yes or no (ConfirmScreen), and one of a few choices (ChoiceScreen)."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.render.text import PARAGRAPH_CELLS, para


def _capped(text: Text) -> Text:
    """``text`` cut to PARAGRAPH_CELLS cells: a 10,000-character title leaves the buttons on screen."""
    out = text.copy()
    out.truncate(PARAGRAPH_CELLS, overflow="ellipsis")
    return out


class ConfirmScreen(ModalScreen[bool]):
    """Ask ``question`` (a Text built with tui.render.text.safe for any user text); y or n."""

    AREA = "confirm"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: Text, detail: Text | None = None, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="question-box"):
            yield Static(_capped(self.question), id="confirm-question")
            if self.detail is not None:
                yield Static(_capped(self.detail), id="confirm-detail")
            with Horizontal(classes="question-buttons"):
                yield Button(f"{self.yes} (y)", variant="primary", id="confirm-yes", compact=True)
                yield Button(f"{self.no} (n)", id="confirm-no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few ``choices`` (key, value, label); escape picks none."""

    AREA = "choice"
    BINDINGS = [Binding("escape", "pick(None)", "Cancel", id="choice.cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box", classes="question-box"):
            yield Static(para(self.question, "bold"))
            with Horizontal(classes="question-buttons" + (" two-columns" if len(self.choices) > 3 else "")):
                for key, value, label in self.choices:
                    yield Button(f"{label} ({key})", id=f"choice-{value}", compact=True)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event: events.Key) -> None:
        """The letter shown on a button picks it (the choices differ per question, so no fixed Bindings)."""
        for key, value, _label in self.choices:
            if event.character == key:
                event.stop()
                self.dismiss(value)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_pick(self, value: str | None) -> None:
        self.dismiss(value)
