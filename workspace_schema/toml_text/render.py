"""TOML text for Python values: keys, values on one line, and whole records as [table] blocks.

Dicts become inline tables (tomlkit would make a table), dates stay
unquoted, and characters that editors and diffs treat as line breaks or hide
(NEL, U+2028, bidi controls) are written as \\u escapes. plain() is the
value as the fast parser (rtoml) reads it back, for the copy of the data an
Edit keeps.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import tomlkit

from workspace_schema.core.errors import EditError

# Dict values of these keys are written as sub-tables by render_record
# ([milestones.x.raci]); "steps" holds records by id ([risks.x.steps.1]).
SUB_TABLES = frozenset({"raci", "steps"})
KEYED_SUB_TABLES = frozenset({"steps"})
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def render_key(key: str) -> str:
    if not isinstance(key, str):
        raise EditError(f"a key must be text, got {key!r}")
    return key if _BARE_KEY.fullmatch(key) else _render_str(key)


def _render_str(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise EditError(f"text {text[:40]!r} holds an unpaired surrogate, which a UTF-8 file cannot store") from None
    rendered = tomlkit.item(text).as_string()  # a basic string; quotes, newlines and C0 controls escaped
    return _INVISIBLE.sub(_escape_char, rendered)


# Characters tomlkit writes as they are but that break or hide lines in
# editors and diffs (NEL, line/paragraph separators, bidi and other format
# controls): written as \uXXXX escapes, which read back the same.
_INVISIBLE = re.compile(
    "[\x80-\x9f\u2028\u2029\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def _escape_char(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def render_value(value: Any) -> str:
    """``value`` as TOML text on one line: dates unquoted, dicts as inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if not _INT_MIN <= value <= _INT_MAX:
            raise EditError(f"{value} does not fit in a TOML integer (64 bits)")
        return str(int(value))
    if isinstance(value, float):
        if math.isnan(value):
            raise EditError("NaN (not a number) cannot be stored")
        return repr(float(value))  # "inf", "-0.0", "1e+300" are all TOML
    if isinstance(value, dt.datetime):  # a local date-time (support requests): the workspace's timezone is implied
        if value.tzinfo is not None:
            raise EditError(f"{value!r} has a timezone; ducu stores local times (the workspace's timezone)")
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _render_str(str.__str__(value))  # a str subclass (an enum) is written as its text
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(render_value(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{render_key(k)} = {render_value(v)}" for k, v in value.items()) + " }"
    if value is None:
        raise EditError("None is not a TOML value; use unset() to remove a key")
    raise EditError(f"cannot store a {type(value).__name__} in TOML")


def plain(value: Any) -> Any:
    """The value as the fast parser will read it back."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.date(value.year, value.month, value.day)
    return value


def dotted(path: tuple[str, ...]) -> str:
    return ".".join(render_key(p) for p in path)


def render_record(path: tuple[str, ...], fields: dict[str, Any], lines: list[str]) -> dict[str, Any]:
    """Append the lines of [path] (and its sub-tables) to ``lines``; return the data they hold."""
    if not isinstance(fields, dict):
        raise EditError(f"the fields of [{dotted(path)}] must be a dict, got {type(fields).__name__}")
    lines.append(f"[{dotted(path)}]")
    data: dict[str, Any] = {}
    subs: list[tuple[tuple[str, ...], dict[str, Any]]] = []
    for key, value in fields.items():
        if value is None:
            continue
        if key in SUB_TABLES and isinstance(value, dict):
            if key in KEYED_SUB_TABLES:
                subs += [((*path, key, str(sid)), sub) for sid, sub in value.items()]
            else:
                subs.append(((*path, key), value))
            continue
        lines.append(f"{render_key(key)} = {render_value(value)}")
        data[key] = plain(value)
    for sub_path, sub in subs:
        lines.append("")
        sub_data = render_record(sub_path, sub, lines)
        node = data
        for part in sub_path[len(path) : -1]:
            node = node.setdefault(part, {})
        node[sub_path[-1]] = sub_data
    return data
