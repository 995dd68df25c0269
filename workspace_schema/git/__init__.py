"""The one door to git: every other package reaches git through these modules.

runner    plain functions over subprocess git calls (run, commit, log_raw, read_blobs, ...)
remote    fetch, push, shared baseline tags, and what a network failure means
status    what state a clone is in, read without the network (RepoStatus)
damage    what an interrupted git command leaves in a clone, and what to say about it
commit    one commit per edit, one for files changed outside ducu, a merge finished
sync      commit, fetch, merge (never rebase), validate, push; never force
identity  who is using ducu: the git identity matched to a person in people.toml
rewrite   a force-pushed remote noticed before any merge, and the way on (--after-rewrite)
guards    what sync checks before merging (merge attributes) and pushing (files that load)
"""

__all__ = ["commit", "damage", "guards", "identity", "remote", "rewrite", "runner", "status", "sync"]
