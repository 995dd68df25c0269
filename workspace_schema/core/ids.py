"""Record ids: generated as a slug plus random characters, checked on load.

Ids are TOML keys, file names and references, so they never contain a path
separator, "..", whitespace or control characters. Generated ids are a slug
of the title (any script: Chinese stays Chinese) and four characters from a
32-letter alphabet, so two people adding items offline do not collide.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32: no i, l, o, u
assert len(ALPHABET) == 32
SUFFIX_LEN = 4
MAX_SLUG = 24
MAX_ID = 64

_BAD_ID = re.compile(r"[\s/\\\x00-\x1f\x7f-\x9f\"'\[\].=#]")


_PLAIN_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-]{0,63}\Z")  # always valid: skip the Unicode checks


def id_problem(value: str) -> str | None:
    """Why ``value`` is not a valid id, or None when it is."""
    if _PLAIN_ID.match(value) and ".." not in value:
        return None
    if not value:
        return "an id cannot be empty"
    if len(value) > MAX_ID:
        return f"an id is at most {MAX_ID} characters"
    if ".." in value:
        return 'an id cannot contain ".."'
    if value.startswith("-"):
        return 'an id cannot start with "-"'
    bad = _BAD_ID.search(value)
    if bad:
        ch = bad.group()
        shown = repr(ch) if not ch.isprintable() or ch.isspace() else f'"{ch}"'
        return f"an id cannot contain {shown}; use letters, digits and -"
    for ch in value:
        cat = unicodedata.category(ch)
        if cat[0] in "CZ":  # control, format (zero-width, bidi), separators
            return f"an id cannot contain the invisible character U+{ord(ch):04X}"
    return None


def is_valid_id(value: str) -> bool:
    return id_problem(value) is None


def slugify(title: str, max_len: int = MAX_SLUG) -> str:
    """Lower-case words joined by "-"; letters of any script are kept."""
    text = unicodedata.normalize("NFKC", title).lower()
    words: list[str] = []
    current: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "LN" or cat == "Mn" or cat == "Mc":
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_len:
            if not slug:
                slug = word[:max_len]
            break
        slug = candidate
    return slug


def try_instead(value: str, taken: Iterable[str] = ()) -> str:
    """ "; try 'cpython-3-13'" for an id the format refuses, when its slug is a free, valid id; else ""."""
    hint = slugify(value)
    return f"; try {hint!r}" if hint and not id_problem(hint) and hint not in set(taken) else ""


def new_id(title: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A fresh id for an item titled ``title``, not in ``taken``."""
    import secrets  # here: it loads OpenSSL (~4 ms), and every load imports this module for id_problem

    slug = slugify(title) or "item"
    while True:
        suffix = "".join(secrets.choice(ALPHABET) for _ in range(SUFFIX_LEN))
        candidate = f"{slug}-{suffix}"
        if candidate not in taken:
            return candidate
