"""Edits to the plan files: checked, written with the user's formatting kept, atomically.

edits    Edit / FileEdit as the app and the command line make them: check, then write one file
done     marking an item done and undoing it: status and done_on together
evaluations an incentive's outcome on its milestone; a scorecard evaluation in evaluations.toml
acceptance  the client accepts a done milestone (accepted_by, accepted_on, evidence; an Accepted-by trailer)
surveys  an answered satisfaction survey as a new file in surveys/
support  a support request's response and resolution
improvements the improvement register: add one from a lesson, mark one done
values   the editable fields and values as people type them
storage  one TOML file edited with tomlkit and saved, never over someone else's change
files    the file on disk an edit works on, and where our version goes when it changed
atomic   a file is either its old bytes or its new bytes, never half
"""

__all__ = [
    "acceptance",
    "atomic",
    "done",
    "edits",
    "evaluations",
    "files",
    "improvements",
    "storage",
    "support",
    "surveys",
    "values",
]
