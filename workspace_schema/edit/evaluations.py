"""Writing evaluations: an incentive's outcome on its milestone, and a scorecard's evaluation in evaluations.toml.

    changes = record_incentives(ws, [("acme-crm/data-export-k3f9", False)], today)
    git.commit.commit_changes(root, changes)              # every outcome in ONE commit

    change = add_evaluation(ws, "acme", "2026-Q4", "reward", today, by="alice", note="...",
                            header=schema_comment("evaluations"))
    git.commit.commit_change(root, change)

The outcomes come from views.incentives (which milestones are final and not
yet written); here they are only checked and written, each file opened
once with storage.Edit, so the file's layout stays.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import get_args

from workspace_schema.core import records as R
from workspace_schema.core.ids import new_id
from workspace_schema.core.periods import parse_period
from workspace_schema.edit.edits import AppliedEdit, FieldEdit, locate
from workspace_schema.edit.storage import Edit
from workspace_schema.edit.values import EditRejected

EVALUATIONS_FILE = "evaluations.toml"


def record_incentives(ws: R.Workspace, outcomes: list[tuple[str, bool]], today: dt.date) -> list[AppliedEdit]:
    """Write ``evaluated_on = today`` and ``earned`` in each ``(milestone ref, earned)``'s
    [milestones.<id>.incentive]; one AppliedEdit per milestone, each file written once.

    Every ref is checked before anything is written: a milestone without a
    structured incentive is refused (EditRejected).
    """
    by_file: dict[str, list[tuple[str, tuple[str, ...], bool]]] = defaultdict(list)
    for ref, earned in outcomes:
        target = locate(ws, ref)
        if target.cls is not R.Milestone or not isinstance(target.record.incentive, R.Incentive):
            raise EditRejected(f"{ref}: not a milestone with an [incentive] table")
        by_file[target.file].append((ref, target.path, earned))
    changes: list[AppliedEdit] = []
    for rel, entries in by_file.items():
        ed = Edit.open(Path(ws.root) / rel, root=ws.root)
        for ref, path, earned in entries:
            table = (*path, "incentive")
            old = ed.data
            for part in table:
                old = old.get(part, {})
            ed.set(table, "evaluated_on", today)
            ed.set(table, "earned", earned)
            fields = (
                FieldEdit("incentive.evaluated_on", old.get("evaluated_on"), today),
                FieldEdit("incentive.earned", old.get("earned"), earned),
            )
            changes.append(AppliedEdit(rel, ref, "set", fields, "incentive evaluated from the data"))
        ed.save()
    return changes


def add_evaluation(
    ws: R.Workspace,
    subject: str,
    period: str,
    outcome: str,
    today: dt.date,
    *,
    by: str | None = None,
    note: str | None = None,
    header: str = "",
) -> AppliedEdit:
    """Add [evaluations.<id>] to evaluations.toml (created, starting with ``header``, when missing)."""
    if subject not in ws.clients and subject not in ws.people:
        raise EditRejected(f"{subject!r} is neither a client in clients.toml nor a person in people.toml", "subject")
    try:
        text = parse_period(period).text
    except ValueError as exc:
        raise EditRejected(str(exc), "period") from None
    if outcome not in get_args(R.EvaluationOutcome):
        raise EditRejected(f"outcome {outcome!r}: write reward, warning or none", "outcome")
    if by is not None and by not in ws.people:
        raise EditRejected(f"{by}: not in people.toml; pick one of: {', '.join(sorted(ws.people))}", "decided_by")
    fields: dict[str, object] = {"subject": subject, "period": text, "outcome": outcome}
    if by:
        fields["decided_by"] = by
    fields["decided_on"] = today
    if note and note.strip():
        fields["note"] = note.strip()
    path = Path(ws.root) / EVALUATIONS_FILE
    ed = Edit.open(path, root=ws.root, missing_ok=True)
    taken = set(ed.data.get("evaluations", {})) | set(ws.evaluations)
    eid = new_id(f"{subject}-{text}", taken)
    if header and not ed.text().strip():
        ed.begin(header)
    ed.add_record(("evaluations",), eid, fields)
    ed.save()
    return AppliedEdit(
        EVALUATIONS_FILE,
        f"evaluations/{eid}",
        "add",
        tuple(FieldEdit(k, None, v) for k, v in fields.items()),
        note,
        title=f"{subject} {text}: {outcome}",
        kind="evaluation",
    )
