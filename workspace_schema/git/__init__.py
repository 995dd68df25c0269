"""The one door to git: every other package reaches git through these modules.

runner    plain functions over subprocess git calls (run, ok, rev_parse, ...)
status    what state a clone is in, read without the network (RepoStatus)
damage    what an interrupted git command leaves in a clone, and what to say about it
commit    one commit per edit, one for files changed outside ducu, a merge finished
sync      commit, fetch, merge (never rebase), validate, push; never force
identity  who is using ducu: the git identity matched to a person in people.toml
"""

__all__ = ["commit", "damage", "identity", "runner", "status", "sync"]
