"""The audit trail: field-level history built from git file versions, and what is counted over it.

index     build the history from git and keep it cached in the git dir
versions  file versions as records, and what changed between two of them
merges    what a merge kept where the other side changed the field too
trail     HistoryIndex and its queries: by item, project, person; FieldChange
slips     slips against baselines, moves, client slip rates, the milestone trend
"""

__all__ = ["index", "merges", "slips", "trail", "versions"]
