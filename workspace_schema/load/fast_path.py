"""The fast path of loading a project file: the whole file in one msgspec call when there is nothing to report.

Keys are checked with set operations first; anything unusual (an unknown
key, a bad id, a value of the wrong type) returns None and the loader's
record-by-record path (loader.py) finds and reports it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
from msgspec import Struct

from workspace_schema.core import records as R
from workspace_schema.core.ids import id_problem

__all__ = ["project_from_data", "user_keys"]


def user_keys(cls: type[Struct]) -> frozenset[str]:
    """The keys a user may write in a record of ``cls`` (computed once per type)."""
    cached = _ALLOWED.get(cls)
    if cached is None:
        cached = _ALLOWED[cls] = frozenset(R.user_fields(cls))
    return cached


_ALLOWED: dict[type[Struct], frozenset[str]] = {}


def project_from_data(
    data: dict[str, Any], rel: str, pid: str, table_line: Callable[[tuple[str, ...]], int]
) -> R.Project | None:
    """The project of a parsed file, or None when the careful path must read it."""
    if not data.keys() <= user_keys(R.ProjectFile):
        return None
    head = data.get("project")
    if type(head) is not dict or not head.keys() <= user_keys(R.ProjectHeader):
        return None
    tables: dict[str, Any] = {"project": {**head, "@id": pid, "@file": rel, "@line": table_line(("project",))}}
    raci_keys, step_keys = user_keys(R.Raci), user_keys(R.Step)
    for name, cls in R.ITEM_KINDS.items():
        table = data.get(name)
        if table is None:
            continue
        if type(table) is not dict:
            return None
        allowed = user_keys(cls)
        records = {}
        for rid, body in table.items():
            if type(body) is not dict or not body.keys() <= allowed or id_problem(rid):
                return None
            raci = body.get("raci")
            if raci is not None and (type(raci) is not dict or not raci.keys() <= raci_keys):
                return None
            record = {**body, "@id": rid, "@file": rel, "@line": table_line((name, rid))}
            steps = body.get("steps")
            if steps is not None:
                if type(steps) is not dict:
                    return None
                for _sid, step in steps.items():
                    if type(step) is not dict or not step.keys() <= step_keys:
                        return None
                record["steps"] = {
                    sid: {**step, "@id": sid, "@file": rel, "@line": table_line((name, rid, "steps", sid))}
                    for sid, step in steps.items()
                }
            records[rid] = record
        tables[name] = records
    try:
        parsed = msgspec.convert(tables, R.ProjectFile)
    except msgspec.ValidationError:
        return None
    head_rec = parsed.project
    fields = {f: getattr(head_rec, f) for f in head_rec.__struct_fields__}
    return R.Project(**fields, **{name: getattr(parsed, name) for name in R.ITEM_KINDS})
