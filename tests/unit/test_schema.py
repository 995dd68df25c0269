"""The JSON Schemas editors read (workspace_schema.export.schema): what they say, and taplo reading them."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.taplo import taplo_cli
from tests.helpers.workspace import SAMPLE, copy_sample
from workspace_schema.core.records import FILE_KINDS
from workspace_schema.export.schema import json_schema

SCHEMAS = {kind: json_schema(kind) for kind in FILE_KINDS}


def nodes(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        return [node, *(n for v in node.values() for n in nodes(v))]
    if isinstance(node, list):
        return [n for v in node for n in nodes(v)]
    return []


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_no_null_branches_and_every_key_described(kind: str) -> None:
    """TOML has no null: a null branch only turns each wrong value into an 'anyOf' message."""
    schema = SCHEMAS[kind]
    text = json.dumps(schema)
    assert '"null"' not in text and '"default": null' not in text
    assert text.count("anyOf") == (kind == "project")  # the one union: an incentive is text or a table
    for name, record in schema["$defs"].items():
        for key, prop in record.get("properties", {}).items():
            assert prop.get("description", "").strip(), f"{name}.{key} has no description"


def test_bounds_and_required_keys() -> None:
    defs = SCHEMAS["project"]["$defs"]
    for record, key in (("Risk", "probability"), ("Risk", "impact"), ("LogEntry", "score")):
        assert (defs[record]["properties"][key]["minimum"], defs[record]["properties"][key]["maximum"]) == (1, 5)
    satisfaction = SCHEMAS["review"]["$defs"]["ReviewHeader"]["properties"]["satisfaction"]
    assert (satisfaction["type"], satisfaction["minimum"], satisfaction["maximum"]) == ("integer", 1, 5)
    assert defs["Milestone"]["required"] == ["title"]
    assert defs["Milestone"]["properties"]["due"] == {
        "description": "Due date: the current forecast.",
        "type": "string",
        "format": "date",
    }


def _check(file: Path, schema: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [taplo_cli(), "check", "--schema", schema.as_uri(), str(file)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=file.parent,
    )


@pytest.mark.parametrize(
    ("kind", "file"),
    [
        ("project", "projects/acme-crm.toml"),
        ("project", "projects/huamei-miniapp.toml"),
        ("review", "reviews/2026-11-20-acme-crm.toml"),
        ("workspace", "workspace.toml"),
        ("people", "people.toml"),
        ("clients", "clients.toml"),
    ],
)
def test_taplo_accepts_the_sample(kind: str, file: str) -> None:
    got = _check(SAMPLE / file, SAMPLE / ".ducu" / "schema" / f"{kind}.json")
    assert got.returncode == 0, got.stderr


def test_taplo_names_a_wrong_date_and_a_score_out_of_range(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    path = root / "projects" / "acme-crm.toml"
    text = path.read_text("utf-8")
    text = re.sub(r"^start = \d{4}-\d\d-\d\d", 'start = "next week"', text, count=1, flags=re.MULTILINE)
    text = text.replace("\n[tasks.", '\n[tasks.no-date-x1y2]\ntitle = "T"\ndue = 5\n\n[tasks.', 1)
    text += '\n[risks.too-likely-z9z9]\ntitle = "R"\nprobability = 9\n'
    path.write_text(text, "utf-8")
    got = _check(path, root / ".ducu" / "schema" / "project.json")
    assert got.returncode != 0
    errors = [line for line in got.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3 and "anyOf" not in got.stderr, got.stderr
    assert '"next week" is not a "date"' in got.stderr
    assert '5 is not of type "string"' in got.stderr
    assert "9 is greater than the maximum of 5" in got.stderr
