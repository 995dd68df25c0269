"""Plain-words descriptions of what a record field expects, for messages."""

from __future__ import annotations

import datetime as dt
import types
import typing
from functools import cache
from typing import Any, Literal, get_args, get_origin

from msgspec import Struct


def describe(tp: Any) -> str:
    origin = get_origin(tp)
    args = get_args(tp)
    if origin in (typing.Union, types.UnionType):
        parts = [describe(a) for a in args if a is not type(None)]
        return " or ".join(parts)
    if origin is Literal:
        return "one of " + ", ".join(f'"{a}"' for a in args)
    if origin is list:
        inner = describe(args[0]) if args else "values"
        if args and args[0] is str:
            return 'a list of names in quotes, like ["alice", "bob"]'
        return f"a list of {inner}"
    if origin is dict:
        if len(args) == 2 and args[1] is dt.date:
            return 'a table of dates by item id, like { "item-id" = 2026-12-11 }'
        return "a set of tables, one per id"
    if tp is dt.datetime:
        return "a local date and time like 2026-12-11T09:30 (written without quotes)"
    if tp is dt.date:
        return "a date like 2026-12-11 (written without quotes)"
    if tp is bool:
        return "true or false"
    if tp is int:
        return "a whole number"
    if tp is float:
        return "a number"
    if tp is str:
        return 'text in quotes, like "..."'
    if isinstance(tp, type) and hasattr(tp, "__struct_fields__"):
        return "a table of keys"
    return getattr(tp, "__name__", str(tp))


@cache
def _hints(cls: type[Struct]) -> dict[str, Any]:
    from workspace_schema.core import records

    hints = typing.get_type_hints(cls, globalns=vars(records), include_extras=False)
    # fields renamed in TOML ("with" is with_ in Python)
    renames = dict(zip(cls.__struct_encode_fields__, cls.__struct_fields__))
    return {enc: hints[py] for enc, py in renames.items()}


def describe_field(cls: type[Struct], field: str) -> str:
    tp = _hints(cls).get(field)
    return describe(tp) if tp is not None else "a valid value"
