"""The bottom layer: what a workspace is made of, as plain values.

records      typed, immutable records for every file kind (Workspace, Project, Milestone, ...)
types        plain-words descriptions of what a field expects, for messages
ids          record ids: generated as a slug plus random characters, checked on load
findings     what the loader and the rules have to say (Finding, Limit)
clock        what day it is in the workspace's timezone, with a clock tests can freeze
dates        dates as people type them (`12-11`, `+3d`, `next fri`) and working days
periods      a quarter, month or year a scorecard covers ("2026-Q4", "2026-11", "2026")
work_hours   the working day (work_starts..work_ends, weekdays, not holidays): hours counted and added
sla          a support request against its response and resolution targets
text_safety  the characters that must never leave ducu as they are
errors       EditError (an edit cannot be made) and StaleFile (the file changed meanwhile)

Imports nothing else of workspace_schema at run time (records names load.lines.FileLines
for the type checker only).
"""

__all__ = [
    "clock",
    "dates",
    "errors",
    "findings",
    "ids",
    "periods",
    "records",
    "sla",
    "text_safety",
    "types",
    "work_hours",
]
