"""An Input that keeps its value as the file holds it and shows it literally.

A title with an escape sequence, a bidi override or a line break is shown as
tui.render.text.clean shows it everywhere ("\ufffd" for a control, a space for a
line break), character for character, so the cursor stays on the character
it is on; the value itself is untouched, so a field nobody edits is written
back exactly as it was (not at all). Textual's Input would send the controls
to the terminal, and drops BEL, CR and a few others from what it draws
(Rich does) while its cursor still counts them.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Input

from tui.render.text import clean


class LiteralInput(Input):
    @property
    def _value(self) -> Text:
        """What is drawn: the value as clean() shows it, one character for each."""
        return Text(clean(self.value), no_wrap=True, overflow="ignore", end="")

    def _position_to_cell(self, position: int) -> int:
        """The cursor's cell (for scrolling), measured on what is drawn."""
        return cell_len(clean(self.value[:position]))
