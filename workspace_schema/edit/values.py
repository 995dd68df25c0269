"""Field values as people type them and as records hold them: the editable fields, parsing typed
text ("+7d", "alice, bob", "done"), and a record's values as text; EditRejected when text is not valid.

edits.py (the edits themselves) uses these and re-exports them: import them from there.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from typing import Any, Literal, get_args, get_origin

from msgspec import Struct

from workspace_schema.core import records as R
from workspace_schema.core.dates import DateError, parse_date
from workspace_schema.core.types import _hints, describe


class EditRejected(Exception):
    """The edit was not made; ``field`` is the field the message is about (or "")."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


# --- values as typed ---------------------------------------------------------


def field_type(cls: type[Struct], name: str) -> Any:
    if name.startswith("raci."):
        cls, name = R.Raci, name.split(".", 1)[1]
    hints = _hints(cls)
    if name not in hints or name.startswith("@") or name in _nested(cls):
        allowed = ", ".join(editable_fields(cls))
        raise EditRejected(f"`{name}` is not a field here; fields are: {allowed}", name)
    return hints[name]


def editable_fields(cls: type[Struct], record: Any = None) -> list[str]:
    """The fields a form or `ducu set` types in; with ``record``, not those it holds as a table.

    A structured incentive (``[milestones.<id>.incentive]``) is edited in the
    file: typed in as text it would replace the table and lose its condition.
    """
    nested = _nested(cls)
    names = [n for n in R.user_fields(cls) if n not in nested]
    if "raci" in R.user_fields(cls):
        names += [f"raci.{n}" for n in R.user_fields(R.Raci)]
    if record is not None:
        attrs = dict(zip(cls.__struct_encode_fields__, cls.__struct_fields__))
        names = [n for n in names if not isinstance(getattr(record, attrs.get(n, ""), None), Struct)]
    return names


def _nested(cls: type[Struct]) -> set[str]:
    return {n for n in ("raci", "steps", "escalation", "outcomes", *R.ITEM_KINDS) if n in R.user_fields(cls)}


def parse_value(
    cls: type[Struct], name: str, text: str, today: dt.date, holidays: typing.Iterable[dt.date] = ()
) -> Any:
    """Turn what a person typed for field ``name`` into a value; "" clears an optional field."""
    tp = field_type(cls, name)
    text = text.strip()
    optional, inner = optional_of(tp)
    if text == "":
        if optional:
            return None
        if get_origin(inner) is list:
            return []
        if get_origin(inner) is dict:
            return {}
        if inner is str:
            return ""
        raise EditRejected(f"{name} cannot be empty; expected {describe(tp)}", name)
    try:
        if inner is dt.datetime:
            return dt.datetime.fromisoformat(text.replace(" ", "T", 1)).replace(tzinfo=None, microsecond=0)
        if inner is dt.date:
            return parse_date(text, today, holidays)
        if inner is bool:
            lowered = text.lower()
            if lowered in ("true", "yes", "y", "1", "x", "done"):
                return True
            if lowered in ("false", "no", "n", "0", ""):
                return False
            raise ValueError
        if inner is int:
            return int(text)
        if inner is float:
            number = float(text)
            return int(number) if number.is_integer() and "." not in text else number
        if get_origin(inner) is Literal:
            choices = get_args(inner)
            lowered = text.lower().replace(" ", "_") if name == "status" else text.lower()
            if lowered in choices:
                return lowered
            raise ValueError
        if get_origin(inner) is list:
            return [part for part in text.replace(",", " ").split() if part]
        if get_origin(inner) is dict and get_args(inner)[1:] == (dt.date,):
            parse = functools.partial(parse_date, today=today, holidays=holidays)
            return _parse_pairs(name, text, parse, "item = date: data-export-k3f9 = 2026-12-11")
        if get_origin(inner) is dict and get_args(inner)[1:] == (str,):
            return _parse_pairs(name, text, lambda v: v.strip().strip('"'), "service = handle: wechat = wangwei_hm")
        if inner is str:
            return text
    except DateError as exc:
        raise EditRejected(str(exc), name) from None
    except ValueError:
        raise EditRejected(f"{name}: {text!r} is not valid; expected {describe(tp)}", name) from None
    raise EditRejected(f"{name} cannot be typed in; edit the file", name)


def _parse_pairs(name: str, text: str, parse_one: typing.Callable[[str], Any], example: str) -> dict[str, Any]:
    """``key = value, other = value`` -> {"key": value, ...}: the moves of a change, a person's IM handles."""
    pairs: dict[str, Any] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        key = key.strip().strip('"')
        if not sep or not key or not value.strip():
            raise EditRejected(f"{name}: write pairs separated by commas, like {example}", name)
        try:
            pairs[key] = parse_one(value)
        except DateError as exc:
            raise EditRejected(f"{name}: {key}: {exc}", name) from None
    return pairs


def text_of(value: Any) -> str:
    """A value as a person would type it: what ``parse_value`` reads back to the same value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} = {text_of(v)}" for k, v in value.items())
    return str(value)


def current_values(record: Any, cls: type[Struct]) -> dict[str, Any]:
    """The editable fields of ``record`` read as type ``cls``, by their TOML names ("with", "raci.accountable")."""
    attrs = dict(zip(cls.__struct_encode_fields__, cls.__struct_fields__))
    out: dict[str, Any] = {}
    for name in editable_fields(cls, record):
        if name.startswith("raci."):
            raci = getattr(record, "raci", None)
            out[name] = getattr(raci, name[5:]) if raci is not None else getattr(R.Raci(), name[5:])
        else:
            out[name] = getattr(record, attrs[name], None)
    return out


def optional_of(tp: Any) -> tuple[bool, Any]:
    """(whether ``tp`` admits None, the type without None): ``date | None`` -> (True, date)."""
    if get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) > 1 and str in args:
            return len(args) < len(get_args(tp)), str  # text or a table (an incentive): typed in, it is text
        return True, args[0] if len(args) == 1 else tp
    return False, tp
