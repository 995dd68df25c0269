"""Change requests: see what a request moves, decide it, re-baseline, compare with a baseline.

    imp = impact(ws, "acme-crm", "export-slip-w8d1")        # nothing written
    for m in imp.moves:                                      # requested first, then what follows
        f"{m.ref}: {m.old_due} -> {m.new_due} ({m.days:+d}) {m.reason}"
    d = approve(ws, root, "acme-crm", "export-slip-w8d1", "dgreen", today)
    d.commit, d.tag, d.warning                               # one commit, baseline/acme-crm/<today>
    reject(ws, root, "acme-crm", "export-slip-w8d1", "dgreen", today, reason="no")
    ch = request(ws, "acme-crm/data-export-k3f9", new_due, "DBA on leave", "bkim", today)
    commit.commit_change(root, ch)                           # the caller commits a request (git/commit.py)
    rows = baseline_diff(root, ws, "acme-crm")               # vs the latest baseline tag

The package's names below are the ones to import; the work is done in:

assessment what approving would move (Impact, Move, LateTask) and who decides
decisions  request, approve, reject: the project file written once, one commit each
baselines  the baseline tags an approval makes, and the plan compared with one
"""

from __future__ import annotations

from workspace_schema.changes.assessment import Impact, LateTask, Move, impact, impact_of_moves
from workspace_schema.changes.baselines import (
    BaselineError,
    DiffRow,
    agreed_diff,
    baseline_diff,
    baseline_tags,
    latest_baseline,
    tag_baseline,
)
from workspace_schema.changes.decisions import (
    Decision,
    approval_message,
    approve,
    reject,
    rejection_message,
    request,
    request_moves,
)

__all__ = [
    "BaselineError",
    "Decision",
    "DiffRow",
    "Impact",
    "LateTask",
    "Move",
    "agreed_diff",
    "approval_message",
    "approve",
    "baseline_diff",
    "baseline_tags",
    "impact",
    "impact_of_moves",
    "latest_baseline",
    "reject",
    "rejection_message",
    "request",
    "request_moves",
    "tag_baseline",
]
