"""The three-way TOML merge git runs for `merge=ducu`, and resolving what it leaves.

driver   merge_files and the git registration (`python -P -m workspace_schema.merge`)
plan     the key-by-key merge: a plan of edits to our text and the data it must give
text     the statements of a TOML file as the merge driver needs them
resolve  conflicts resolved field by field (the app's conflict screen)
"""

__all__ = ["driver", "plan", "resolve", "text"]
