"""What ducu writes for people outside the app: reports, calendars, schemas.

report       the progress report a project sends its client, as data and Markdown
report_html  the same report as one standalone HTML page
ics          the plan as an iCalendar file
markdown_text user text escaped for Markdown (minutes, agendas)
schema       JSON Schemas of every file kind, for editors
"""

__all__ = ["ics", "markdown_text", "report", "report_html", "schema"]
