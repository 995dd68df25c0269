"""What ducu writes for people outside the app: reports, pictures, calendars, schemas.

report          the progress report of a project as data, for the client or the team
report_words    the phrases both report writers share, in the report's language
report_care     the report's sections on the client's surveys, support requests and trainings, as data
report_care_words the phrases of those sections both writers share
report_markdown the report as Markdown
scorecard_words a scorecard as labelled lines (en, zh), a table row and Markdown
report_html     the report as one standalone HTML page with its pictures
html_page       the page shell every HTML output shares (CSS for CJK text and A4 print)
charts          SVG made in-process: timeline, milestone trend, goal progress, score sparklines
markdown_text   user text escaped for Markdown (reports, minutes, agendas)
ics             the plan as an iCalendar file
schema          JSON Schemas of every file kind, for editors
"""

__all__ = [
    "charts",
    "html_page",
    "ics",
    "markdown_text",
    "report",
    "report_care",
    "report_care_words",
    "report_html",
    "report_markdown",
    "report_words",
    "schema",
    "scorecard_words",
]
