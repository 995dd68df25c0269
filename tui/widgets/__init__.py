"""Widgets: the project views (ProjectView and its Messages), lists drawn with the Line API, the status bar,
charts. A widget never imports a screen, a flow or the app (import-linter); it posts Messages upward."""

__all__ = [
    "care",
    "changes",
    "checklist",
    "goals",
    "history",
    "history_feed",
    "line_list",
    "literal_input",
    "log",
    "matrix",
    "project_view",
    "raci_grid",
    "record_list",
    "status_bar",
    "timeline",
    "trend_chart",
]
