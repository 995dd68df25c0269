"""What ducu writes for people outside the app: reports, calendars, schemas.

report       the progress report a project sends its client, as data and Markdown
report_html  the same report as one standalone HTML page
ics          the plan as an iCalendar file
schema       JSON Schemas of every file kind, for editors
"""

__all__ = ["ics", "report", "report_html", "schema"]
