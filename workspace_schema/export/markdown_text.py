"""User text inside Markdown written for a reader: one line, every construct escaped.

    md_text("<script>x</script> | [x](javascript:y)")   # "\\<script\\>x\\</script\\> \\| \\[x\\](javascript:y)"

The minutes and agendas (review/markdown.py, review/documents.py) escape
with it; it is the escaping the progress report's Markdown has used.
"""

from __future__ import annotations

import re

from workspace_schema.core.text_safety import one_line

__all__ = ["md_cell", "md_text"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$&#])")
_MD_LEADING = re.compile(r"^([-+=>]|\d+(?=[.)]))")


def md_text(text: str | None) -> str:
    """User text as literal Markdown inline text: one line, every construct escaped.

    Control characters and line breaks become spaces; backslash, backtick,
    * _ [ ] < > | ~ $ & # get a backslash (so ``[x](javascript:...)``,
    ``<script>``, ``|`` and ``&lt;`` show as typed, in table cells too); a
    leading - + = > or "1." cannot start a list, heading or quote.
    """
    if not text:
        return ""
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line(str(text)))
    m = _MD_LEADING.match(escaped)
    if m:
        if m.group(1)[0].isdigit():
            end = m.end()
            escaped = escaped[:end] + "\\" + escaped[end:]
        else:
            escaped = "\\" + escaped
    return escaped


def md_cell(text: str | None) -> str:
    """User text for a table cell (md_text already escapes | and keeps it on one line)."""
    return md_text(text)
