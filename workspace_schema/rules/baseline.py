"""The baseline: an agreed date moves only by an approved change request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Workspace
from workspace_schema.rules.items import is_open, key_line, ref, work_items
from workspace_schema.rules.registry import Report, rule


@rule("BASE001", "warning", "An open item is due after its baseline_due and no approved change moves it that far.")
def unapproved_slip(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    for pid, p in ws.projects.items():
        approved: dict[str, dt.date] = {}  # item id -> latest date an approved change moves it to
        for change in p.changes.values():
            if change.status != "approved":
                continue
            for iid, moved_to in change.moves.items():
                if iid not in approved or moved_to > approved[iid]:
                    approved[iid] = moved_to
        for table, kind, iid, item in work_items(p):
            if not item.due or not item.baseline_due or item.due <= item.baseline_due or not is_open(item):
                continue
            if iid in approved and approved[iid] >= item.due:
                continue
            yield report(
                message=f"{kind} `{iid}` is due {item.due}, after its baseline {item.baseline_due}, and no approved "
                f'change moves it there; record a change request with moves = {{ "{iid}" = {item.due} }} '
                "and get it approved, or set due back to the baseline",
                file=item.file,
                line=key_line(ws, item, (table, iid), "due"),
                item=ref(pid, iid),
            )
