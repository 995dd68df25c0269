"""New workspaces: an empty one for a team, and the demo with six weeks of history.

scaffold  `ducu init`: the files a team starts from
demo      `ducu demo`: the sample copied, made a clone of a local remote
script    the demo's story: six weeks of edits by three people, as data
messages  the commit messages of those steps (the ones ducu makes for the same edit)
unwind    undoing the steps on the text of the files, last to first
history   replaying the story as commits
"""

__all__ = ["demo", "history", "messages", "scaffold", "script", "unwind"]
