"""The front ends: the `ducu` command line (cli/) and the Textual app (app.py and its screens and widgets).

Thin: keys and arguments become workspace_schema calls. render/ draws lines
without Textual (the early frame uses it), flows/ holds what a key does
apart from any one screen. See docs/architecture.md.
"""

__all__ = [
    "app",
    "cli",
    "commands",
    "first_frame",
    "flows",
    "git_app",
    "history_app",
    "render",
    "screens",
    "state",
    "widgets",
]
