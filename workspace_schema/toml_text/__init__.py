"""TOML as text: what editing and merging share.

statements     the statements of a TOML file and where they are in its text
render         TOML text for Python values and whole records as [table] blocks
tomlkit_fixes  work-arounds for what tomlkit does badly when a value is changed in place
"""

__all__ = ["render", "statements", "tomlkit_fixes"]
