"""A nudge about an open item: log one (channel and what was said), or draft a reminder to copy or save.

ducu never sends anything: the reminder is text for the user's own email or
chat. What is copied (OSC 52) or written is only the text ducu made, with
control characters removed.
"""

from __future__ import annotations

import typing

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from tui.flows.outputs import clean_text, delivered, write_output
from tui.render.text import clean, fit
from tui.screens.form import FieldSelect
from tui.screens.review.questions import KEYS, Question
from tui.widgets.literal_input import LiteralInput
from workspace_schema.core import records as R
from workspace_schema.views.nudges import OwedItem

CHANNELS: tuple[str, ...] = typing.get_args(R.Channel)


class NudgeScreen(Question):
    """How the nudge went: (channel, summary)."""

    AREA = "log nudge"
    HELP = """\
# Log a nudge

How you reminded them (email, call, chat — WeChat counts as chat — ...) and
what was said or agreed. It becomes a log entry of kind "nudge" in the
project, dated today, listing the item and its owner, in one commit; the
item's *Nudged* column starts again from today.
"""

    def __init__(self, question: Text, channel: str) -> None:
        super().__init__(question)
        self.channel = channel

    def compose(self) -> ComposeResult:
        with Vertical(classes="review-question"):
            yield Static(self.question, classes="question-title")
            with Horizontal(classes="question-row"):
                yield Static("Channel", classes="question-label")
                yield FieldSelect(
                    [(c, c) for c in CHANNELS], value=self.channel, allow_blank=False, id="question-channel"
                )
            with Horizontal(classes="question-row"):
                yield Static("Summary", classes="question-label")
                yield LiteralInput(placeholder="what was said or agreed", id="question-summary")
            yield Static(id="question-error")
            yield Static(Text(KEYS, style="dim"), classes="question-keys")

    FIRST = "#question-summary"

    def action_save(self) -> None:
        summary = " ".join(self.query_one("#question-summary", Input).value.split())
        if not summary:
            self.error("say in a few words what was said or agreed")
            return
        channel = self.query_one("#question-channel", Select).value
        self.dismiss((channel if isinstance(channel, str) else "other", summary))


class ReminderScreen(ModalScreen[None]):
    """A reminder to copy into an email or chat; ducu never sends it."""

    CSS_PATH = "nudge.tcss"  # this screen's own rules, beside it

    AREA = "reminder"
    HELP = """\
# Reminder draft

A polite reminder about the item, in the client's language, addressed to the
item's owner and signed by the project's lead. **c** copies it to the
clipboard (through the terminal: OSC 52, which most terminals allow), **w**
writes it to a file in out/ in the workspace (the path is shown). ducu never
sends anything: paste it where you talk to them, then log the nudge (**l**).
"""
    BINDINGS = [
        Binding("c", "copy", "Copy", id="reminder.copy"),
        Binding("w", "write", "Write file", id="reminder.write"),
        Binding("escape", "close", "Close", id="reminder.close"),
    ]

    def __init__(self, text: str, name: str, item: OwedItem) -> None:
        super().__init__()
        self.text = clean_text(text)  # only what ducu wrote, without control characters
        self.file_name = name
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(id="reminder-box"):
            title = Text("Reminder draft · ", style="bold")
            title.append(fit(self.item.ref, 60), style="dim")
            yield Static(title, id="reminder-title")
            with VerticalScroll(id="reminder-scroll"):
                yield Static(Text("\n").join(Text(clean(line)) for line in self.text.split("\n")), id="reminder-text")
            yield Static(
                Text("c copy · w write to a file · escape close · ducu never sends anything", style="dim"),
                id="reminder-keys",
            )

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify("The reminder is on the clipboard (if your terminal allows OSC 52).", title="Copied", timeout=4)

    def action_write(self) -> None:
        try:
            path = write_output(self.app.root, "reminders", self.file_name, self.text)  # type: ignore[attr-defined]
        except OSError as exc:
            self.notify(clean(f"{exc}"), title="Not written", severity="error", timeout=8, markup=False)
            return
        self.notify(
            delivered(self.app, path), title="Reminder written", timeout=10, markup=False
        )  # browser: downloaded

    def action_close(self) -> None:
        self.dismiss()
