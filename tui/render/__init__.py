"""Lines without Textual: what screens draw, as Rich Text built from library data.

The early frame uses these before Textual is imported; a test checks that
nothing here imports Textual.

columns          which columns of a table fit a width, and how wide each is
dashboard_table  the dashboard's table and reasons panel
owed_rows        who-owes-what's rows
scorecard_rows   the scorecard screen's table fitted to the width, and the selected card
client_text      the client screen's record, section by section
status_text      the status bar's words
timeline_layout  the timeline's Gantt chart
timeline_window  which dates the timeline shows in which columns, fitted to a project at each zoom
mta_layout       the milestone trend analysis chart
conflict_text    the conflict resolver's lines
impact_text      a change request's impact (the Changes view's pane, the approve question)
history_facts    what the views say about history, in words
text             user text as safe Rich Text
"""

__all__ = [
    "client_text",
    "columns",
    "conflict_text",
    "dashboard_table",
    "history_facts",
    "impact_text",
    "mta_layout",
    "owed_rows",
    "scorecard_rows",
    "status_text",
    "text",
    "timeline_layout",
    "timeline_window",
]
