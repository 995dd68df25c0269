"""The workspace as a library: everything ducu does, without a screen.

Packages by layer, bottom first (docs/architecture.md; import-linter checks it):
core, then load and toml_text, then edit and rules, then git, then views,
merge and history, then export and changes, then review, then setup.
Never imports Textual, Rich or tui.
"""

__all__ = [
    "changes",
    "core",
    "edit",
    "export",
    "git",
    "history",
    "load",
    "merge",
    "review",
    "rules",
    "setup",
    "toml_text",
    "views",
]
