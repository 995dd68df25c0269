"""What a merge kept where the other side had changed the field too.

The index is one list of commits, parents before children, sides of a
merge interleaved by date; a field's newest change is its last row. git
shows a merge's own change only where the result matches no parent (a
conflict resolved to a typed value; history/index.py records those). Where
the merge kept one side's value, the result matches a parent, and if the
other side had changed the field too, its row may come later in the list:
the history would end with a value the merge did not keep. So for each
field where the parents differ, the merge kept one side's value, and the
other side has a row for it since the merge base, the merge gets a "set"
row from the other side's value to the kept one (``chosen``). That covers
a conflict resolved either way, a clean merge that brought one side's value
over the other side's changes that had come back to the base value, and a
merge that dropped a change. A field only one side changed is recorded at
that side's commit and not again at the merge.

The sides come from the commit graph (one ``git rev-list`` for all merges,
walked in Python); the merge's files from one ``git diff-tree --stdin``.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from workspace_schema.git import runner as git
from workspace_schema.history.versions import KeyChange, Parser, Version, diff_versions, ref_of

_OURS, _THEIRS, _STALE = 1, 2, 4


class Split(NamedTuple):
    """Two commits' histories: the merge bases, and the commits only one of them has."""

    bases: list[str]
    ours: list[str]  # in the history of the first, not of the second
    theirs: list[str]


class MergeFile(NamedTuple):
    """A file whose versions differ between a merge's two parents: its blob in each and in the merge."""

    path: str
    ours: str  # first parent
    theirs: str  # second parent
    merged: str

    def blobs(self) -> tuple[str, str, str]:
        return self.ours, self.theirs, self.merged


class MergePlan(NamedTuple):
    files: list[MergeFile]
    split: Split


class Touched(NamedTuple):
    """What the rows of one side of a merge changed: (ref, field) set, refs added or removed, every ref."""

    fields: set[tuple[str, str]]
    records: set[str]
    refs: set[str]

    @classmethod
    def of(cls, rows: Iterable[tuple[str, str, str]]) -> Touched:
        """From (change, ref, field) of rows."""
        touched = cls(set(), set(), set())
        for change, ref, name in rows:
            if change == "set":
                touched.fields.add((ref, name))
            elif change != "renamed":
                touched.records.add(ref)
            touched.refs.add(ref)
        return touched

    def has(self, change: str, ref: str, name: str) -> bool:
        if change == "set":
            return (ref, name) in self.fields or ref in self.records
        return ref in self.refs


def generations(graph: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Each commit's distance from the farthest root (``graph`` lists parents before children)."""
    gen: dict[str, int] = {}
    for sha, parents in graph.items():
        gen[sha] = 1 + max((gen.get(p, 0) for p in parents), default=0)
    return gen


def split(graph: dict[str, tuple[str, ...]], gen: dict[str, int], a: str, b: str) -> Split:
    """The best common ancestors of ``a`` and ``b`` (as ``git merge-base --all``) and the commits only one has.

    Walks newest generation first, painting each commit with the sides it is
    reached from. A commit reached from both is a base unless it is below
    one already found (then it is stale, and so are its ancestors); the walk
    ends when only stale commits are left, by which time every commit of
    one side only has been visited.
    """
    if a == b:
        return Split([a], [], [])
    flags = {a: _OURS, b: _THEIRS}
    queue = sorted([(-gen.get(a, 0), a), (-gen.get(b, 0), b)])  # a sorted list is a heap
    active = 2  # queued commits that are not stale
    found: Split = Split([], [], [])
    while active:
        _, sha = heapq.heappop(queue)
        here = flags[sha]
        if not here & _STALE:
            active -= 1
            if here == _OURS:
                found.ours.append(sha)
            elif here == _THEIRS:
                found.theirs.append(sha)
            else:
                found.bases.append(sha)
                here |= _STALE
        for parent in graph.get(sha, ()):
            was = flags.get(parent, 0)
            now = was | here
            if now == was:
                continue
            flags[parent] = now
            if not was:
                heapq.heappush(queue, (-gen.get(parent, 0), parent))
                active += 0 if now & _STALE else 1
            elif now & _STALE and not was & _STALE:
                active -= 1
    return found


def plan(
    root: str | os.PathLike[str],
    head: str,
    merges: Sequence[tuple[str, str, str]],
    pathspecs: Sequence[str],
) -> dict[str, MergePlan]:
    """For each merge (sha, first parent, second parent): the files in ``pathspecs`` its parents differ in, and its sides."""
    if not merges:
        return {}
    graph = git.parents_of(root, head)
    gen = generations(graph)
    diffs = git.tree_diffs(
        root, [pair for merge, ours, theirs in merges for pair in ((merge, ours), (merge, theirs))], pathspecs
    )
    out: dict[str, MergePlan] = {}
    for n, (merge, ours, theirs) in enumerate(merges):
        from_ours, from_theirs = diffs[2 * n], diffs[2 * n + 1]  # {path: (blob in the parent, blob in the merge)}
        files = []
        for path in sorted(from_ours.keys() | from_theirs.keys()):
            merged = (from_ours.get(path) or from_theirs[path])[1]
            mine = from_ours[path][0] if path in from_ours else merged  # not in the diff: as in the merge
            yours = from_theirs[path][0] if path in from_theirs else merged
            if mine != yours and mine and yours and merged:  # a file added or deleted on a side is left out
                files.append(MergeFile(path, mine, yours, merged))
        if files:
            out[merge] = MergePlan(files, split(graph, gen, ours, theirs))
    return out


def choices(
    ours: Version,
    theirs: Version,
    merged: Version,
    base_ref: str,
    touched: tuple[Touched, Touched],
    parser: Parser,
) -> list[KeyChange]:
    """The merge's rows in one file: (change, key, field, the other side's value, the kept one).

    ``touched``: what each side's commits since the merge base changed. A
    value in neither parent (typed while resolving) is left out: git shows
    it as the merge's own change, and history/index.py records it.
    """
    took_theirs = diff_versions(ours, merged, parser)  # where the merge differs from ours
    kept_ours = diff_versions(theirs, merged, parser)  # where it differs from theirs
    out = []
    for changes, elsewhere, side in ((kept_ours, took_theirs, touched[1]), (took_theirs, kept_ours, touched[0])):
        typed = {(c[1], c[2]) for c in elsewhere}
        for c in changes:
            if (c[1], c[2]) not in typed and (c[1], "") not in typed and side.has(c[0], ref_of(base_ref, c[1]), c[2]):
                out.append(c)
    return out
