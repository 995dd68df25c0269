"""Docs that name codes stay in step with the code."""

from __future__ import annotations

from tests.helpers.workspace import REPO
from workspace_schema.rules import RULES

DOCS = REPO / "docs"


def test_every_rule_is_documented_with_its_level() -> None:
    text = (DOCS / "rules.md").read_text("utf-8")
    for code, rule in RULES.items():
        assert f"| {code} | {rule.level} |" in text, code
