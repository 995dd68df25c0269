"""Whose git email is this? Pick the person to add it to in people.toml (the likely one first).

In a browser (textual-serve) the question is who is at the browser: the
app then commits as the person picked (GitApp.ask_person).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.render.text import fit, pad, safe
from workspace_schema.core import records as R
from workspace_schema.git.identity import IdentityResult


class IdentityScreen(ModalScreen[str | None]):
    """Dismisses with the handle picked, or None."""

    CSS_PATH = "identity.tcss"  # this screen's own rules, beside it

    AREA = "identity"
    HELP = """\
# Add your email

Your git email is not in people.toml, so your commits are not tied to a
person. Pick yourself: ducu adds the email to your `emails` in people.toml
and commits that change. **escape** leaves people.toml as it is.

In a browser, git's identity is the server's, so ducu asks who you are
before your first commit (or on **I**): your edits are then committed with
your name and first email in people.toml, and people.toml is left as it is.
**escape** cancels the edit that asked.
"""
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="identity.cancel")]

    def __init__(self, ws: R.Workspace, who: IdentityResult | None) -> None:
        """``who``: git's identity, to add to a person; None in a browser: who is at it."""
        super().__init__()
        self.ws = ws
        self.who = who
        self.handles: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="identity-box", classes="question-box"):
            question = Text()
            if self.who is None:
                question.append("You are using ducu in a browser. Who are you?")
                keys = (
                    "enter: your edits are committed in the name and first email people.toml gives you; escape cancels"
                )
            else:
                question.append("Your git email ")
                question.append_text(safe(self.who.email, "bold"))
                question.append(" is not in people.toml. Who are you?")
                keys = "enter adds the email to the person picked and commits people.toml; escape cancels"
            yield Static(question, id="identity-question")
            yield Static(Text(keys, style="dim"))
            yield OptionList(*self.options(), id="identity-people")

    def options(self) -> list[Option]:
        ours = self.ws.settings.team
        likely = self.who.suggestion if self.who is not None else None
        self.handles = handles = sorted(
            self.ws.people, key=lambda h: (h != likely, bool(ours) and self.ws.people[h].org != ours, h)
        )
        out = []
        for handle in handles:
            person = self.ws.people[handle]
            line = Text()
            line.append(pad(handle, 16), style="bold")
            line.append(" ")
            line.append(pad(person.name or "", 28))  # cells, not characters: 王伟 is 4
            line.append(" ")
            line.append(fit(person.org or "", 14), style="dim")
            if handle == likely:
                line.append("  likely you", style="bold green")
            out.append(Option(line))
        return out

    def on_mount(self) -> None:
        people = self.query_one(OptionList)
        people.highlighted = 0 if people.option_count else None
        people.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.handles[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
