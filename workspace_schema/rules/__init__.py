"""Lint rules over a loaded workspace.

    from workspace_schema.rules import check, RULES
    findings = check(ws, today)        # list[Finding], sorted by file and line
    RULES["RACI001"].summary           # code -> Rule(code, level, summary)

Each rule is a small function in the module named for what it checks
(references, links, raci, goals, schedule, baseline, milestones, contingency,
cadence, workspace, improvements, incentives, support); registry.py holds the decorator that gives it a stable code and
a level. Rules only read the workspace already in memory, never the disk.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from workspace_schema.core.findings import Finding, Limit, sort_key
from workspace_schema.core.records import Workspace
from workspace_schema.load.gcpause import paused

# Importing a module registers its rules; this order is the order of RULES.
from workspace_schema.rules import (  # noqa: F401 (imported to register their rules)
    baseline,
    cadence,
    contingency,
    goals,
    improvements,
    incentives,
    links,
    milestones,
    raci,
    references,
    schedule,
    support,
    surveys,
    workspace,
)
from workspace_schema.rules.registry import RULES, Rule, rule

RULE_CAP = 100  # findings of one rule listed per file; the rest are counted in one more

__all__ = ["RULES", "Rule", "check", "rule"]


def check(ws: Workspace, today: dt.date) -> list[Finding]:
    """Every finding of every rule for ``ws`` as of ``today`` (a date in the workspace's timezone)."""
    with paused():
        return _check(ws, today)


def _check(ws: Workspace, today: dt.date) -> list[Finding]:
    findings: list[Finding] = []
    for r in RULES.values():
        report = partial(Finding, level=r.level, code=r.code)
        try:
            assert r.fn is not None, f"rule {r.code} has no function"  # @rule always gives one
            findings.extend(r.fn(ws, today, report))
        except Exception as exc:  # a bug in one rule must not hide the findings of the others
            findings.append(
                report(
                    message=f"the rule crashed ({type(exc).__name__}: {exc}); its other findings "
                    "are missing. Please report this as a ducu bug.",
                    file="",
                    line=0,
                )
            )
    findings.sort(key=sort_key)
    kept = Limit([], RULE_CAP)  # 100,000 broken references are one mistake repeated: list 100, count the rest
    for f in findings:
        kept.add(f)
    return sorted(kept.findings + kept.summaries(), key=sort_key)
