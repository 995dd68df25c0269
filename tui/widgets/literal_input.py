"""An Input that keeps its value as the file holds it and shows it literally.

A title with an escape sequence, a bidi override or a line break is shown as
tui.render.text.clean shows it everywhere ("\ufffd" for a control, a space for a
line break), character for character, so the cursor stays on the character
it is on; the value itself is untouched, so a field nobody edits is written
back exactly as it was (not at all). Textual's Input would send the controls
to the terminal, and drops BEL, CR and a few others from what it draws
(Rich does) while its cursor still counts them.

Focused with the value it started with, it selects the whole value with the
cursor at its start, so the start shows (not a scrolled middle of a long
title) and typing replaces it. Focused again after something was typed, the
cursor goes to the end and nothing is selected: tabbing away and back never
lets the next key wipe what was typed.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import Input
from textual.widgets.input import Selection

from tui.render.text import clean


class LiteralInput(Input):
    @property
    def _value(self) -> Text:
        """What is drawn: the value as clean() shows it, one character for each."""
        return Text(clean(self.value), no_wrap=True, overflow="ignore", end="")

    def _position_to_cell(self, position: int) -> int:
        """The cursor's cell (for scrolling), measured on what is drawn."""
        return cell_len(clean(self.value[:position]))

    _first: str | None = None  # the value when first focused

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        event.prevent_default()  # Textual would call Input._on_focus again after this one, selecting anew
        if self._first is None:
            self._first = self.value
        if not self.select_on_focus or event.from_app_focus:
            return
        if self.value == self._first:
            self.selection = Selection(len(self.value), 0)  # all of it, the cursor (and the view) at its start
        else:
            self.selection = Selection.cursor(len(self.value))  # typed into: keep it, go on at the end
