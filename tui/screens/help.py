"""F1 / ?: help generated from the bindings of the screen below, plus its HELP text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

from tui.commands import entries


def help_markdown(screen: Screen) -> str:
    parts = []
    texts = []
    for node in [screen, *screen.focus_chain]:
        text = getattr(node, "HELP", None)
        if text and text not in texts:
            texts.append(text)
    parts += [t.strip() for t in texts]
    rows = sorted(entries(screen), key=lambda e: (e.area, e.title))
    if rows:
        parts.append("## Keys\n\n| key | command |\n|---|---|")
        parts[-1] += "".join(f"\n| `{e.key}` | {e.title} |" for e in rows)
    parts.append(
        "Every command is also in the command palette (`ctrl+p`); the footer shows the keys that apply now, as many as fit."
    )
    return "\n\n".join(parts)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"  # this screen's own rules, beside it
    AREA = "help"
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close help", id="help.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.text = help_markdown(under)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(self.text)

    async def action_dismiss(self, result: None = None) -> None:  # Screen's signature; closes at once
        self.dismiss()
