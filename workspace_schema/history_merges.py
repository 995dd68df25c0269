"""What a merge chose where both sides had changed the same field.

git shows a merge's own change only where the result matches no parent
(a conflict resolved to a typed value); history_index.py records those.
When both sides changed a field since their merge base and the merge kept
one side's value, the result matches a parent, so nothing of it shows at
the merge: the field's newest change in the history would then be
whichever side's commit came last, possibly the value the merge rejected.

For each merge of the log this module finds the merge base(s) (from the
commit graph, in Python: one ``git rev-list`` for all merges), the files
both sides changed since (one ``git diff-tree --stdin`` for all merges),
and, once the index has read those versions, the fields both sides
changed: each gives one "set" change at the merge, from the rejected value
to the kept one. A field only one side changed is recorded at that side's
commit and not again at the merge.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Sequence
from typing import NamedTuple

from . import git
from .history_versions import Change, Parser, Version, diff_versions

_OURS, _THEIRS, _STALE = 1, 2, 4


class MergeFile(NamedTuple):
    """One file both parents of a merge changed since their merge base(s): its blob in each."""

    path: str
    bases: tuple[str, ...]  # one per merge base
    ours: str  # first parent
    theirs: str  # second parent
    merged: str

    def blobs(self) -> tuple[str, ...]:
        return (*self.bases, self.ours, self.theirs, self.merged)


def generations(graph: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Each commit's distance from the farthest root (``graph`` lists parents before children)."""
    gen: dict[str, int] = {}
    for sha, parents in graph.items():
        gen[sha] = 1 + max((gen.get(p, 0) for p in parents), default=0)
    return gen


def merge_bases(graph: dict[str, tuple[str, ...]], gen: dict[str, int], a: str, b: str) -> list[str]:
    """The best common ancestors of ``a`` and ``b`` (as ``git merge-base --all``), walking newest generation first.

    A commit reached from both sides is a base unless it is below one
    already found (then it is marked stale, and so are its ancestors); the
    walk ends when only stale commits are left to visit.
    """
    if a == b:
        return [a]
    flags = {a: _OURS, b: _THEIRS}
    queue = sorted([(-gen.get(a, 0), a), (-gen.get(b, 0), b)])  # a sorted list is a heap
    active = 2  # queued commits that are not stale
    found: list[str] = []
    while active:
        _, sha = heapq.heappop(queue)
        here = flags[sha]
        if not here & _STALE:
            active -= 1
            if here & _OURS and here & _THEIRS:
                found.append(sha)
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


def conflicted_files(
    root: str | os.PathLike[str], head: str, merges: Sequence[tuple[str, str, str]], pathspecs: Sequence[str],
) -> dict[str, list[MergeFile]]:
    """For each merge (sha, first parent, second parent): the files in ``pathspecs`` both parents changed since their merge base(s)."""
    if not merges:
        return {}
    graph = git.parents_of(root, head)
    gen = generations(graph)
    pairs: list[tuple[str, str]] = []
    jobs: list[tuple[str, int]] = []  # (merge, its first pair); three pairs per base: ours, theirs, merged
    for merge, ours, theirs in merges:
        bases = merge_bases(graph, gen, ours, theirs)
        if not bases or ours in bases or theirs in bases:
            continue  # no common history, or one side made no commit of its own: nothing to choose between
        jobs.append((merge, len(pairs)))
        for base in bases:
            pairs += [(ours, base), (theirs, base), (merge, base)]
    diffs = git.tree_diffs(root, pairs, pathspecs) if pairs else []
    out: dict[str, list[MergeFile]] = {}
    for n, (merge, start) in enumerate(jobs):
        end = jobs[n + 1][1] if n + 1 < len(jobs) else len(pairs)
        per_base = [diffs[i: i + 3] for i in range(start, end, 3)]
        paths = set.intersection(*(set(ours) & set(theirs) for ours, theirs, _ in per_base))
        files = []
        for path in sorted(paths):
            ours_diff, theirs_diff, merged_diff = per_base[0]
            ours_blob, theirs_blob = ours_diff[path][1], theirs_diff[path][1]
            merged = merged_diff[path][1] if path in merged_diff else ours_diff[path][0]  # not in the diff: as in the base
            bases = tuple(diff[0][path][0] for diff in per_base)
            if ours_blob != theirs_blob and all((*bases, ours_blob, theirs_blob, merged)):
                files.append(MergeFile(path, bases, ours_blob, theirs_blob, merged))
        if files:
            out[merge] = files
    return out


def _both_changed(base: Version, ours: Version, theirs: Version, parser: Parser) -> tuple[set, set]:
    """((record, field) both sides changed, records one side added or removed and the other changed)."""
    mine = diff_versions(base, ours, parser)
    yours = diff_versions(base, theirs, parser)
    fields = {(c[1], c[2]) for c in mine} & {(c[1], c[2]) for c in yours}
    records = (
        {c[1] for c in mine if c[0] != "set"} & {c[1] for c in yours}
        | {c[1] for c in yours if c[0] != "set"} & {c[1] for c in mine}
    )
    return fields, records


def choices(bases: Sequence[Version], ours: Version, theirs: Version, merged: Version, parser: Parser) -> list[Change]:
    """The merge's choices in one file: (change, key, field, rejected value, kept value) where both sides had changed it.

    A value in neither parent (typed while resolving) is left out: git
    shows it as the merge's own change, and history_index.py records it.
    """
    both: tuple[set, set] | None = None
    for base in bases:
        fields, records = _both_changed(base, ours, theirs, parser)
        both = (fields, records) if both is None else (both[0] & fields, both[1] & records)
    if not both or not (both[0] or both[1]):
        return []
    fields, records = both
    took_theirs = diff_versions(ours, merged, parser)  # where the merge differs from ours
    kept_ours = diff_versions(theirs, merged, parser)  # where it differs from theirs
    differs = [{(c[1], c[2]) for c in side} for side in (took_theirs, kept_ours)]
    out = []
    for changes, other in ((kept_ours, differs[0]), (took_theirs, differs[1])):
        for c in changes:
            if ((c[1], c[2]) in fields or c[1] in records) and (c[1], c[2]) not in other and (c[1], "") not in other:
                out.append(c)
    return out
