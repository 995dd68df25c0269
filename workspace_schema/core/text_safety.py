"""User text is data: the characters that must never leave ducu as they are, and the one way to remove them.

Text from the plan files, people's names and git (author names, reasons)
may hold characters that act instead of being shown:

- C0 controls: ESC starts ANSI and OSC sequences (colours, cursor moves, the
  window title, OSC 52 clipboard writes), BEL rings, CR and BS move the
  cursor, newline and tab break lines and columns;
- DEL and the C1 controls (U+0080-U+009F: U+009B is a one-character CSI,
  U+009D an OSC, U+0085 a line break);
- bidi embeddings, overrides, isolates and marks (U+202A-U+202E,
  U+2066-U+2069, U+200E, U+200F, U+061C), which reorder the text after
  them ("Trojan Source");
- the Unicode line and paragraph separators (U+2028, U+2029).

Everything else (CJK, emoji, zero-width joiners inside emoji, combining
marks) is text and kept. Output that keeps line breaks (reports, reminder
drafts) uses ``scrub_lines``; one line of a table, a commit subject or a
trailer uses ``one_line``.
"""

from __future__ import annotations

import re

__all__ = ["CONTROLS", "json_text", "one_line", "scrub", "scrub_lines"]

# Every character named above, newline and tab included.
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROLS_BUT_LINES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# The ones JSON encoders leave as they are (they must escape C0 controls inside strings).
_CONTROLS_JSON_KEEPS = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def scrub(text: str, replacement: str = " ") -> str:
    """``text`` with each control character (newlines and tabs too) replaced by ``replacement``."""
    if not CONTROLS.search(text):
        return text
    return CONTROLS.sub(replacement, text)


def one_line(text: str | None) -> str:
    """``text`` as one line of words: controls and line breaks become spaces, runs of spaces one."""
    if not text:
        return ""
    return " ".join(scrub(text).split())


def scrub_lines(text: str | None, replacement: str = "") -> str:
    """``text`` keeping its lines ("\\r\\n" and "\\r" become "\\n") and tabs, other controls replaced."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS_BUT_LINES.sub(replacement, text)


def json_text(text: str) -> str:
    """JSON text (as an encoder wrote it) with every control character as a \\u escape: the same data, safe to print.

    Encoders escape C0 controls inside strings but leave DEL, C1 controls,
    bidi controls and the line separators as they are; inside a string any
    character may be written as \\uXXXX, and outside strings there are none
    of them (newlines and tabs there are layout, and stay).
    """
    return _CONTROLS_JSON_KEEPS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
