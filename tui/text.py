"""User text is data, never markup: one place turns it into safe Rich Text."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text

# C0/C1 controls (ESC starts ANSI and OSC sequences), bidi overrides and isolates.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(value: object) -> str:
    """``value`` as one line of printable text: controls become "�", newlines spaces."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _UNSAFE.sub("\ufffd", text)


def safe(value: object, style: str = "") -> Text:
    """A Text that shows ``value`` literally (no markup, no escape sequences)."""
    return Text(clean(value), style=style, no_wrap=True, overflow="ellipsis")


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
