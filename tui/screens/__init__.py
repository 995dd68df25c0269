"""Full screens and dialogs. Screens that hear loads and history are DucuScreens (base.py);
a screen's own CSS sits beside it (CSS_PATH). review/ is the meeting mode. preload makes the
screens the dashboard opens ready in the app's idle time (their modules and CSS)."""

__all__ = [
    "base",
    "confirm",
    "conflicts",
    "dashboard",
    "edit_form",
    "findings",
    "help",
    "identity",
    "nudge",
    "owed",
    "people",
    "pick_person",
    "preload",
    "project",
    "review",
]
