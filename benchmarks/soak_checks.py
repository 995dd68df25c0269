"""The soak's verdict (benchmarks/soak.py): after the clones converged, what must hold.

Each check takes the Soak and appends plain-words problems to
``soak.problems``; ``check_all`` runs them in order. The checks read git and
the files only, so a test can tamper with a finished soak (a lossy merge, a
forced push) and see the matching check fail.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import rtoml

from workspace_schema.git import runner as G
from workspace_schema.history import trail as history
from workspace_schema.load.loader import load_workspace
from workspace_schema.merge.resolve import marker_line

ZERO = "0" * 40
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "(absent)"})()
Leaves = dict[tuple[str, ...], Any]


def check_all(soak: Any, *, merges: bool = True) -> None:
    """Every check; ``merges=False`` leaves out check_merges (a recheck does not know the values typed in resolutions)."""
    started = time.perf_counter()
    soak.stage = "checks"
    check_converged(soak)
    for clone in soak.clones:
        check_files(soak, clone.path, clone.name)
    check_fsck(soak)
    check_pushes(soak)
    check_ledger(soak)
    check_history_tips(soak)
    if merges:
        check_merges(soak, soak.clones[0].path)
    soak.fig.check_seconds = time.perf_counter() - started


def check_converged(soak: Any) -> None:
    heads = {c.name: soak.head(c.path) for c in soak.clones} | {"remote": soak.head(soak.remote)}
    if len(set(heads.values())) != 1:
        soak.problem(f"not converged: HEADs {', '.join(f'{k} {v[:10]}' for k, v in heads.items())}")
    trees = {c.name: soak.git(c.path, "rev-parse", "HEAD^{tree}") for c in soak.clones}
    if len(set(trees.values())) != 1:
        soak.problem(f"not converged: trees {trees}")
    for c in soak.clones:
        dirty = soak.git(c.path, "status", "--porcelain")
        if dirty:
            soak.problem(f"{c.name} is not clean after the last sync: {dirty[:300]}")
    root = soak.clones[0].path
    soak.fig.commits = int(soak.git(root, "rev-list", "--count", "HEAD"))
    soak.fig.merges = int(soak.git(root, "rev-list", "--count", "--merges", "HEAD"))


def check_files(soak: Any, root: Path, name: str) -> None:
    """No conflict markers in any file, every TOML file parses, the loader reports no error."""
    for rel in soak.git(root, "ls-files", "-z").split("\0"):
        if not rel:
            continue
        text = (root / rel).read_bytes().decode("utf-8", "replace")
        toml = rel.endswith(".toml")
        line = (
            marker_line(text)
            if toml
            else next(
                (n for n, s in enumerate(text.splitlines(), 1) if s.startswith(("<<<<<<<", ">>>>>>>", "|||||||"))), 0
            )
        )
        if line:
            soak.problem(f"{name}/{rel}:{line}: a conflict marker")
        if toml:
            try:
                rtoml.loads(text.lstrip("\ufeff"))
            except Exception as exc:
                soak.problem(f"{name}/{rel} does not parse: {str(exc)[:200]}")
    _, findings = load_workspace(root, cache=False)
    for f in findings:
        if f.level == "error":
            soak.problem(f"{name}: the loader reports {f.text()}")


def check_fsck(soak: Any) -> None:
    for root in (soak.remote, *(c.path for c in soak.clones)):
        proc = G.run(root, "fsck", "--no-progress", "--no-dangling", check=False)
        said = (proc.stdout + proc.stderr).strip()
        if proc.returncode != 0 or said:
            soak.problem(f"git fsck in {root.name}: exit {proc.returncode}: {said[:300]}")


def check_pushes(soak: Any) -> None:
    """Every ref update the remote received moved a branch forward; tags were only created."""
    lines = soak.pushlog.read_text("utf-8").splitlines() if soak.pushlog.exists() else []
    last: dict[str, str] = {}
    for line in lines:
        old, new, ref = line.split()
        if ref.startswith("refs/heads/"):
            soak.fig.pushes += 1
            if new == ZERO:
                soak.problem(f"a push deleted {ref} (was {old[:10]})")
            elif old == ZERO and ref in last:
                soak.problem(f"a push created {ref} again at {new[:10]}")
            elif old != ZERO and not G.is_ancestor(soak.remote, old, new):
                soak.problem(f"a push moved {ref} from {old[:10]} to {new[:10]}: not fast-forward (forced)")
        elif ref.startswith("refs/tags/") and old != ZERO:
            soak.problem(f"a push moved the tag {ref} from {old[:10]} to {new[:10]}")
        last[ref] = new
    now = soak.head(soak.remote)
    if last.get("refs/heads/main") != now:
        soak.problem(
            f"the remote's main is {now[:10]}, but the last push logged put it at {last.get('refs/heads/main', 'nothing')[:10]}"
        )


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return MISSING
        data = data[part]
    return data


def check_ledger(soak: Any) -> None:
    """Every committed edit is in HEAD's ancestry and in its field's history, and is kept or superseded."""
    root = soak.clones[0].path
    head = soak.head(root)
    reachable = set(soak.git(root, "rev-list", "HEAD").split())
    index = history.build_index(root)
    files = {rel: rtoml.loads((root / rel).read_text("utf-8")) for rel in {e.field.file for e in soak.edits}}
    for e in soak.edits:
        where = f"edit of round {e.round} by {e.clone}: {e.field.ref} {e.field.name} = {e.value!r} ({e.sha[:10]})"
        if e.sha not in reachable:
            soak.problem(f"{where} is not in the history of HEAD {head[:10]}: the commit was dropped")
            continue
        ref, name = e.field.history
        changes = [c for c in index.item(ref, name) if c.field == name and c.change == "set"]
        mine = [c for c in changes if c.sha == e.sha]
        if not mine or mine[0].new != e.value:
            said = f"says {mine[0].new!r}" if mine else "has no change in that commit"
            soak.problem(f"{where}: the history of {ref} {name} {said}")
        if _get(files[e.field.file], e.field.path) == e.value:
            soak.fig.kept += 1
        elif _explained(root, e, changes):
            soak.fig.superseded += 1
        else:
            soak.problem(
                f"{where} is lost: the file says {_get(files[e.field.file], e.field.path)!r} and no later change of the field explains it"
            )


def _explained(root: Path, e: Any, changes: list[Any]) -> bool:
    """A change of the field made after edit ``e`` or beside it explains why the file no longer has its value.

    A merge's choice (``chosen``) explains it only when the value it kept was
    set by such a change too: a merge that put back a value from before the
    edit, which no one set again, dropped the edit.
    """
    chosen = []
    for c in changes:  # newest first: the first change not before the edit usually decides
        if c.sha == e.sha or G.is_ancestor(root, c.sha, e.sha):
            continue
        if not c.chosen:
            return True
        chosen.append(c)
    return any(d is not c and _same(d.new, c.new) for c in chosen for d in chosen)


def check_history_tips(soak: Any) -> None:
    """The newest change of every edited field in the history is the value the files hold.

    After a conflict, the merge's choice is the field's latest change: a
    history that shows the overruled value last tells the team the wrong
    story.
    """
    root = soak.clones[0].path
    index = history.build_index(root)
    files: dict[str, Any] = {}
    edited = {e.field for e in soak.edits}
    soak.fig.edited_fields = len(edited)
    for f in edited:
        if f.file not in files:
            files[f.file] = rtoml.loads((root / f.file).read_text("utf-8"))
        ref, name = f.history
        newest = next((c for c in index.item(ref, name) if c.field == name), None)
        now = _get(files[f.file], f.path)
        if newest is not None and newest.change == "set" and not _same(newest.new, now):
            soak.fig.wrong_tips += 1
            soak.problem(
                f"the history of {ref} {name} ends with {newest.new!r} ({newest.sha[:10]}), but the file says {now!r}"
            )


# --- every merge, key by key ------------------------------------------------------------


def check_merges(soak: Any, root: Path) -> None:
    """Each merge kept every one-sided change; only a conflict the soak resolved took one side's value.

    For each merge commit M of parents P1, P2 and merge base B, per TOML leaf
    value: P1 == P2 -> M has it; only one side changed it -> M has that side's
    value; both changed it differently -> M was committed by resolve.finish
    and has ours, theirs or the typed value. With several merge bases (a
    criss-cross merge) the base is git's own virtual one, so only "M has one
    side's value" is checked.
    """
    merges = []
    needed: set[str] = set()
    trees: dict[str, dict[str, str]] = {}
    for line in soak.git(root, "rev-list", "--merges", "--parents", "HEAD").splitlines():
        m, *parents = line.split()
        if len(parents) != 2:
            soak.problem(f"merge {m[:10]} has {len(parents)} parents")
            continue
        bases = soak.git(root, "merge-base", "--all", *parents).split()
        commits = [m, *parents, bases[0]] if len(bases) == 1 else [m, *parents]
        for c in commits:
            if c not in trees:
                trees[c] = _toml_blobs(soak, root, c)
        files = set().union(*(trees[c] for c in commits))
        changed = [f for f in files if len({trees[c].get(f) for c in commits}) > 1]
        merges.append((m, commits, changed))
        needed.update(trees[c][f] for c in commits for f in changed if f in trees[c])
    leaves = _leaves(soak, root, needed)
    for m, commits, changed in merges:
        typed = soak.typed.get(m)
        for f in changed:
            sides = [leaves.get(trees[c].get(f, ""), {}) for c in commits]
            for key in set().union(*sides):
                values = [s.get(key, MISSING) for s in sides]
                wrong = _judge(values, typed, (f, key))
                if wrong:
                    soak.problem(f"merge {m[:10]} {f} {'.'.join(key)}: {wrong}")


def _toml_blobs(soak: Any, root: Path, commit: str) -> dict[str, str]:
    out = {}
    for entry in soak.git(root, "ls-tree", "-r", "-z", commit).split("\0"):
        if entry:
            info, _, path = entry.partition("\t")
            if path.endswith(".toml"):
                out[path] = info.split()[2]
    return out


def _leaves(soak: Any, root: Path, oids: set[str]) -> dict[str, Leaves]:
    out: dict[str, Leaves] = {}
    for oid, data in G.read_blobs(root, sorted(oids)):
        text = (data or b"").decode("utf-8", "replace")
        if marker_line(text):
            soak.problem(
                f"a committed version of a file (blob {oid[:10]}) has a conflict marker at line {marker_line(text)}"
            )
        try:
            out[oid] = _flatten(rtoml.loads(text.lstrip("\ufeff")))
        except Exception as exc:
            soak.problem(f"a committed version of a file (blob {oid[:10]}) does not parse: {str(exc)[:200]}")
    return out


def _flatten(data: dict[str, Any], prefix: tuple[str, ...] = ()) -> Leaves:
    out: Leaves = {}
    for key, value in data.items():
        if isinstance(value, dict) and value:
            out.update(_flatten(value, (*prefix, key)))
        else:
            out[(*prefix, key)] = value
    return out


def _judge(values: list[Any], typed: dict[Any, Any] | None, where: Any) -> str:
    """What is wrong with the merged value ``values[0]`` of ours, theirs (and base); "" when nothing."""
    m, ours, theirs = values[:3]
    if _same(ours, theirs):
        return "" if _same(m, ours) else f"both sides have {ours!r} but the merge has {m!r}"
    if len(values) == 4:
        base = values[3]
        if _same(ours, base) or _same(theirs, base):
            want = theirs if _same(ours, base) else ours
            return (
                ""
                if _same(m, want)
                else f"only one side changed it (to {want!r}), but the merge has {m!r}: an edit was lost"
            )
        if typed is None:
            return f"both sides changed it ({ours!r}, {theirs!r}) and the merge took {m!r} without a conflict being resolved"
    if _same(m, ours) or _same(m, theirs) or (typed is not None and where in typed and _same(m, typed[where])):
        return ""
    return f"the merge has {m!r}, neither ours {ours!r} nor theirs {theirs!r}"


def _same(a: Any, b: Any) -> bool:
    return a is b or (type(a) is type(b) and a == b)
