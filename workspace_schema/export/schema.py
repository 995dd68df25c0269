"""JSON Schemas of every file kind, for editors that check TOML as you type.

Taplo and Even Better TOML read a first-line comment ``#:schema PATH`` and
then complete and check keys. The schemas come straight from the records, so
they can never drift from what the loader accepts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec

from workspace_schema.core.records import FILE_KINDS

SCHEMA_DIR = ".ducu/schema"


def _tighten(node: Any) -> Any:
    """Drop loader-only "@" fields and forbid unknown keys, as the loader does."""
    if isinstance(node, dict):
        out = {k: _tighten(v) for k, v in node.items()}
        props = out.get("properties")
        if isinstance(props, dict) and out.get("type") == "object":
            out["properties"] = {k: v for k, v in props.items() if not k.startswith("@")}
            if "required" in out:
                out["required"] = [k for k in out["required"] if not k.startswith("@")]
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [_tighten(v) for v in node]
    return node


def json_schema(kind: str) -> dict[str, Any]:
    schema = _tighten(msgspec.json.schema(FILE_KINDS[kind]))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"ducu {kind} file", **schema}


def schema_texts() -> dict[str, str]:
    """File name -> text of every schema (``project.json`` ...)."""
    return {f"{kind}.json": json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n" for kind in FILE_KINDS}


def write_schemas(out_dir: str | Path) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def schema_comment(kind: str, depth: int = 0) -> str:
    """The first line a file of ``kind`` starts with, ``depth`` folders below the root."""
    prefix = "../" * depth if depth else "./"
    return f"#:schema {prefix}{SCHEMA_DIR}/{kind}.json"
