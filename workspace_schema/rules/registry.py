"""The rule registry: every lint rule by its stable code.

A rule is a plain function ``fn(ws, today, report)`` that yields findings.
``report`` builds a Finding with the rule's code and level already filled in,
so a rule only says what is wrong, where, and what to do:

    @rule("RACI001", "error", "A milestone or task has no accountable person.")
    def accountable(ws, today, report):
        ...
        yield report(message="...", file=rec.file, line=n, item="acme-crm/x")

The level lives here, once, and `ducu validate --list-rules` reads RULES.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from workspace_schema.core.findings import LEVELS, Finding, Level
from workspace_schema.core.records import Workspace


class Report(Protocol):
    """What a rule calls to make a finding: its code and level are already filled in."""

    def __call__(self, *, message: str, file: str, line: int = 0, col: int = 0, item: str | None = None) -> Finding: ...


RuleFn = Callable[[Workspace, dt.date, Report], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    level: Level
    summary: str  # one line, for docs and `ducu validate --list-rules`
    fn: RuleFn | None = field(default=None, repr=False, compare=False)


RULES: dict[str, Rule] = {}


def rule(code: str, level: Level, summary: str) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` under ``code``; the function itself is returned unchanged."""
    if level not in LEVELS:
        raise ValueError(f"{code}: level must be one of {LEVELS}, got {level!r}")

    def register(fn: RuleFn) -> RuleFn:
        if code in RULES:
            raise ValueError(f"rule code {code} is registered twice ({RULES[code].fn} and {fn})")
        RULES[code] = Rule(code, level, summary, fn)
        return fn

    return register
