"""What the app does with a key, apart from any one screen: edits, outputs, the editor.

edit     edit, add, delete and open a record, whatever view it is in
outputs  files ducu writes that are not part of the plan: reports, reminder drafts
editor   a workspace file opened in the user's editor at a record's line
review   the review meeting's entry points (R) and the note about meetings in progress
"""

__all__ = ["edit", "editor", "outputs", "review"]
