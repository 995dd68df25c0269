"""User text is data, never markup: one place turns it into safe Rich Text.

Which characters are controls is decided once, in workspace_schema.core.text_safety;
here they become a visible "\ufffd" (newlines and tabs a space), so the screen
shows that something odd is in the text without the terminal obeying it.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from workspace_schema.core.text_safety import scrub

# The zero-width joiner and variation selector 16 make Rich measure a string
# differently from the sum of its characters (a joined emoji family is 2 cells
# as a whole, 6 one by one) and terminals disagree on both; Textual crops and
# places by character, so on screen they become a zero-width non-joiner: an
# emoji family shows as its members, side by side, and every column stays
# where it is measured to be.
_ONE_FOR_ONE = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\u200d": "\u200c", "\ufe0f": "\u200c"})


def clean(value: object) -> str:
    """``value`` as one line of printable text: controls become "\ufffd", line breaks and tabs spaces.

    Character for character (the result is as long as the text), so a widget
    that keeps the real value, like LiteralInput, can show this instead.
    """
    text = "" if value is None else str(value)
    return scrub(text.translate(_ONE_FOR_ONE), "\ufffd")


def safe(value: object, style: str = "") -> Text:
    """A Text that shows ``value`` literally (no markup, no escape sequences), on one line."""
    return Text(clean(value), style=style, no_wrap=True, overflow="ellipsis")


# User text that may wrap (a title on the review's projector page, a note) is cut
# to this many cells: at most three lines of a wide terminal, so a 10,000-character
# title cannot push the rest of a page off the screen.
PARAGRAPH_CELLS = 360


def para(value: object, style: str = "", cells: int = PARAGRAPH_CELLS) -> Text:
    """A Text that shows ``value`` literally and may wrap, cut to ``cells`` cells."""
    return Text(fit(value, cells), style=style)


def fit(value: object, width: int) -> str:
    """Cut ``value`` to ``width`` terminal cells (double-width characters count 2)."""
    text = clean(value)
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    out = []
    used = 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def pad(value: object, width: int) -> str:
    """``value`` cut or padded to exactly ``width`` cells."""
    text = fit(value, width)
    return text + " " * (width - cell_len(text))
