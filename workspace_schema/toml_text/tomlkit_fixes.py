"""Work-arounds for what tomlkit 0.15.2 does badly when a value is changed in place.

Each has a test in tests/test_storage.py:

- tomlkit reads the spaces after a date inside [ ] or { } as a comment gap
  it never writes, so ``{ a = 2026-12-11 }`` came back without the space:
  fixed after every parse (keep_date_spaces).
- A list set on a multi-line array is applied as inserts and deletes, so
  the other elements keep their lines and comments (edit_lines_of_array).
- A shorter or longer value would move its end-of-line comment; the
  comment keeps its column (keep_comment_column).
- ``container[key]`` gives a plain bool for booleans, so items are read
  with .item(key) (item_of).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Any

import tomlkit
from tomlkit.container import OutOfOrderTableProxy
from tomlkit.exceptions import ParseError
from tomlkit.items import AoT, Array, Date, InlineTable, Item, Table

from workspace_schema.core.errors import EditError
from workspace_schema.toml_text.render import render_value


def parse_doc(text: str, shown: str, mine: bool = False) -> tomlkit.TOMLDocument:
    """``text`` parsed by tomlkit (dates inside [ ] and { } keep their spaces); EditError if it is not TOML."""
    try:
        doc = tomlkit.parse(text)
    except ParseError as exc:
        message = re.sub(r"\.? at line \d+ col \d+$", "", str(exc)).strip()
        if mine:
            raise EditError(
                f"ducu made text that does not parse ({message}); nothing was written. Please report this.", shown
            ) from None
        raise EditError(
            f"is not valid TOML: {message}. Fix the syntax; ducu will not rewrite this file until it parses.",
            shown,
            exc.line,
            exc.col + 1,
        ) from None
    except Exception as exc:  # tomlkit raises a few other types on odd input
        raise EditError(f"is not valid TOML: {exc}. Fix the syntax first.", shown) from None
    keep_date_spaces(doc.values(), False)
    return doc


def value_item(rendered: str) -> Item:
    """The tomlkit item for a value rendered by render_value."""
    item = tomlkit.value(rendered)
    keep_date_spaces([item], False)
    return item


def keep_date_spaces(items: Any, inside: bool) -> None:
    """Put back the spaces after a date inside [...] or { ... }.

    tomlkit 0.15.2 reads the spaces after a local date as the date's
    comment_ws, which is only written for a key's own line, so
    ``{ a = 2026-12-11 }`` came back as ``{ a = 2026-12-11}``. The spaces
    are moved into the date's raw text, which is what tomlkit writes.
    """
    for item in items:
        if isinstance(item, (Table, InlineTable, OutOfOrderTableProxy)):
            keep_date_spaces(item.values(), inside or isinstance(item, InlineTable))
        elif isinstance(item, (Array, AoT)):
            keep_date_spaces(list(item), inside or isinstance(item, Array))
        elif inside and isinstance(item, Date) and item.trivia.comment_ws and not item.trivia.comment:
            item._raw += item.trivia.comment_ws
            item.trivia.comment_ws = ""


def item_of(container: Any, key: str) -> Any:
    """The tomlkit item (container[key] gives a plain bool for booleans)."""
    container = getattr(container, "_internal_container", container)  # an OutOfOrderTableProxy
    return container.item(key)


def edit_lines_of_array(array: Array, values: list[Any]) -> None:
    """Turn a multi-line array into ``values`` by deleting and inserting elements, so the
    lines (and comments) of the elements that stay are untouched."""
    old = [render_value(v.unwrap() if hasattr(v, "unwrap") else v) for v in array]
    new = [render_value(v) for v in values]
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(ops):
        if tag == "equal":
            continue
        same = i2 - i1 if i2 - i1 == j2 - j1 else 0  # changed one for one: each keeps its comment
        for offset in range(same):
            array[i1 + offset] = value_item(new[j1 + offset])
        for _ in range(i2 - i1 - same):
            del array[i1 + same]
        for offset, text in enumerate(new[j1 + same : j2]):
            array.insert(i1 + same + offset, value_item(text))


def keep_comment_column(old: Item, new: Item) -> None:
    """Keep an end-of-line comment where it was (tomlkit keeps the spaces, so it would move)."""
    trivia = old.trivia
    old_text = old.as_string()
    if not trivia.comment or "\n" in old_text or trivia.comment_ws.strip(" "):
        return
    column = text_width(old_text) + len(trivia.comment_ws)
    new.trivia.comment_ws = " " * max(1, column - text_width(new.as_string()))


def text_width(text: str) -> int:
    """Terminal cells of ``text`` (CJK characters take two), for keeping comment columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
