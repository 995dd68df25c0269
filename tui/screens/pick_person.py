"""Pick one person (for the History tab's "what did Bob change" filter); escape picks none."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.render.text import fit, safe

EVERYONE = ""  # the choice that clears the filter


class PickPersonScreen(ModalScreen[str | None]):
    """``choices`` are (key, name, note): a people.toml handle (or a git author name), a name and a dim note."""

    CSS_PATH = "pick_person.tcss"  # this screen's own rules, beside it

    AREA = "pick person"
    HELP = """\
# Pick a person

**enter** shows only that person's changes of the last 30 days; the first
line, *everyone*, shows all changes again. **escape** leaves the filter as
it was. People come from people.toml (matched by the emails they commit
with); names git recorded that people.toml does not know are listed too.
"""
    BINDINGS = [Binding("escape", "pick_none", "Cancel", id="pick_person.cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str, str]], current: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-person-box"):
            yield Static(safe(self.question, "bold"), id="pick-person-question")
            options = [Option(Text("everyone (no filter)", style="italic"), id="\0")]
            for key, name, note in self.choices:
                label = Text(no_wrap=True)
                label.append(fit(name, 28), style="bold")
                if name != key:
                    label.append(f"  {fit(key, 16)}", style="dim")
                if note:
                    label.append(f"  {fit(note, 30)}", style="dim")
                options.append(Option(label, id=key))
            yield OptionList(*options, id="pick-person-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        keys = [key for key, _, _ in self.choices]
        options.highlighted = keys.index(self.current) + 1 if self.current in keys else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        self.dismiss(EVERYONE if key in (None, "\0") else key)

    def action_pick_none(self) -> None:
        self.dismiss(None)
