"""Build the field-level history of a workspace from git, and keep it cached.

One ``git log --raw -z`` stream names, for every commit that touched a
workspace file, the blob of each file before and after. One ``git cat-file
--batch`` process reads every blob once; rtoml parses it; the records of the
two versions are compared (history/versions.py), so hand edits count
exactly like edits made by ducu.

- Merges: every side of every merge is read (``--full-history``), so an
  edit a merge overruled is still history, at its own commit. A merge
  records a field where the merged value is in no parent (a conflict
  resolved to something new), and where it kept one side's value over a
  side that had changed the field too: a "set" from the other side's value
  to the kept one, marked ``chosen`` (history/merges.py), so a field's
  newest change is always the value HEAD holds. A change made on one side
  only is recorded once, at its own commit.
- A version that does not parse is skipped with a note; the next version
  that parses is compared with the last one before it that did.
- Renamed files are followed (``--find-renames``): a renamed project file
  gives one "renamed" change, and its items keep their history (the queries
  in history.py follow the old name up to the rename).
- The result is cached in ``<git dir>/ducu/history-<VERSION>.msgpack`` with
  the commit it was built at; a later build reads only the commits since
  (``git log <cached>..HEAD``), or everything again when that commit is no
  longer in HEAD's history (rebased, reset, another branch).
"""

from __future__ import annotations

import gc
import hashlib
import operator
import os
import tempfile
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec

from workspace_schema.git import runner as git
from workspace_schema.history.merges import MergePlan, Touched, choices, plan
from workspace_schema.history.versions import (
    HEADERS,
    KeyChange,
    Parser,
    Version,
    diff_versions,
    file_kind,
    ref_of,
    store,
)

VERSION = 4  # 2: --full-history and the merges' choices; 3: a choice wherever the other side had changed the field;
# 4: a record's fields as msgpack bytes (versions.store)
PATHSPECS = ("workspace.toml", "people.toml", "clients.toml", ":(glob)projects/*.toml", ":(glob)reviews/*.toml")

# One commit: a start marker, then fields split by \x1f; the subject last (it may hold anything but NUL).
_START = "\x1educu\x1f"
_FORMAT = (
    "%x1educu%x1f%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%G?%x1f"
    "%(trailers:key=Ducu-Reason,valueonly,separator=%x1d)%x1f%(trailers:key=Ducu-Item,valueonly,separator=%x1d)%x1f%s"
)

Progress = Callable[[int, int], None]
_COMMIT = operator.attrgetter("commit")


class Commit(msgspec.Struct, frozen=True, array_like=True):
    sha: str
    author: str
    email: str
    date: str  # ISO 8601 with the author's UTC offset, as git reports it
    signature: str  # git's %G?: G B U X Y R E N
    reason: str  # the Ducu-Reason trailer, "" when there is none
    subject: str
    by_ducu: bool  # the commit carries a Ducu-Item trailer (made by ducu, not by hand)


class Row(msgspec.Struct, frozen=True, array_like=True):
    """One change of one record in one commit. Values are packed (dates as msgpack extensions)."""

    commit: int  # index into IndexData.commits (oldest first)
    change: str  # "set" | "added" | "removed" | "renamed"
    ref: str  # "acme-crm", "acme-crm/data-export-k3f9", "people/alice", "workspace"
    table: str  # "project", "milestones", "tasks", "people", "workspace", ...
    field: str  # dotted: "due", "raci.accountable", "steps.2.done"; "" for added / removed / renamed
    old: Any  # added: None; removed: the record's fields; renamed: the old ref
    new: Any  # added: the record's fields; removed: None; renamed: the new ref
    file: str
    chosen: bool = (
        False  # a merge kept one side's value over the other side's changes of the field (old: that side's value)
    )


class Note(msgspec.Struct, frozen=True, array_like=True):
    sha: str
    file: str
    message: str


class IndexData(msgspec.Struct, kw_only=True):
    version: int = VERSION
    prefix: str = ""
    head: str = ""
    commits: list[Commit] = []
    rows: list[Row] = []
    notes: list[Note] = []
    broken: dict[str, str] = {}  # blob that does not parse -> the last blob of that file that did ("" for none)


class BuildStats(msgspec.Struct, frozen=True, kw_only=True):
    mode: str  # "cached" (nothing new), "incremental", "full", "empty"
    processed: int  # commits read in this build
    seconds: float
    reason: str = ""  # why a full build: "no cache", "history rewritten", ...


# --- the log stream -----------------------------------------------------------


class Entry(msgspec.Struct, frozen=True, array_like=True):
    status: str  # "A", "M", "D", "R", "T" or, for a merge, one letter per parent
    parents: tuple[str, ...]  # blob before, one per parent ("" when absent)
    blob: str  # blob after ("" when deleted)
    path: str
    old_path: str  # for renames; else == path


LogCommit = tuple[Commit, tuple[str, ...], list[Entry]]  # the commit, its parents, its entries


def parse_log(out: str) -> Iterator[LogCommit]:
    commit: Commit | None = None
    parents: tuple[str, ...] = ()
    entries: list[Entry] = []
    tokens = out.split("\0")
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if token.startswith(_START):
            if commit is not None:
                yield commit, parents, entries
            fields = token[len(_START) :].split("\x1f", 8)
            fields += [""] * (9 - len(fields))
            sha, parent_list, name, email, date, sig, reason, item, subject = fields
            commit = Commit(
                sha, name, email, date, sig.strip() or "N", reason.split("\x1d")[0].strip(), subject, bool(item.strip())
            )
            parents = tuple(parent_list.split())
            entries = []
        elif token.startswith(":") and commit is not None:
            colons = len(token) - len(token.lstrip(":"))
            parts = token[colons:].split()
            shas = parts[colons + 1 : 2 * colons + 2]
            status = parts[-1]
            blobs = tuple("" if set(s) == {"0"} else s for s in shas)
            path = tokens[i]
            i += 1
            old_path = path
            if status[0] in "RC" and colons == 1:
                old_path, path = path, tokens[i]
                i += 1
            if status[0] == "C" and colons == 1:  # a copy (a user's diff.renames=copies): a new file, the source stays
                status, old_path, blobs = "A", path, ("", blobs[-1])
            entries.append(Entry(status[:1] if colons == 1 else status, blobs[:-1], blobs[-1], path, old_path))
    if commit is not None:
        yield commit, parents, entries


# --- building -------------------------------------------------------------------


class _Blobs:
    """Blobs read once each, in order of first use, parsed per kind of file, dropped after their last use."""

    def __init__(self, root: Path, order: list[str], last_use: dict[str, int]) -> None:
        self.stream = git.read_blobs(root, order)
        self.raw: dict[str, bytes | None] = {}
        self.versions: dict[tuple[str, str], Version | None] = {}
        self.errors: dict[str, str] = {}
        self.last_use = last_use
        self.parser = Parser()

    def version(self, oid: str, kind: str) -> Version | None:
        """The version of blob ``oid`` read as a ``kind`` file; None when it does not parse (``errors`` says why)."""
        key = (oid, kind)
        if key in self.versions:
            return self.versions[key]
        while oid not in self.raw:
            got, raw = next(self.stream)
            self.raw[got] = raw
        raw = self.raw[oid]
        if raw is None:
            version, error = None, "is missing from the repository (a shallow or partial clone?); skipped"
        else:
            version, error = self.parser.version(raw, kind)
        if error:
            self.errors[oid] = error
        self.versions[key] = version
        return version

    def drop(self, oid: str) -> None:
        self.raw.pop(oid, None)
        for kind in HEADERS:
            self.versions.pop((oid, kind), None)

    def close(self) -> None:
        self.stream.close()


def _process(
    root: Path, log: list[LogCommit], merges: dict[str, MergePlan], index: IndexData, on_progress: Progress | None
) -> None:
    """Append the commits of ``log`` (oldest first) and their changes to ``index``; ``merges``: what each merge may have chosen between."""
    broken = index.broken
    # Which blobs each commit needs (a known-broken blob brings the last good one), and when each is last needed.
    order: list[str] = []
    last_use: dict[str, int] = {}
    for i, (commit, _, entries) in enumerate(log):
        needs = [oid for entry in entries for oid in (*entry.parents, entry.blob)]
        if commit.sha in merges:
            needs += [oid for mf in merges[commit.sha].files for oid in mf.blobs()]
        for oid in needs:
            for need in (oid, broken.get(oid, "")):
                if need:
                    if need not in last_use:
                        order.append(need)
                    last_use[need] = i
    expiry: dict[int, list[str]] = {}
    for oid, i in last_use.items():
        expiry.setdefault(i, []).append(oid)
    blobs = _Blobs(root, order, last_use)
    collecting = gc.isenabled()
    gc.disable()  # the build makes no cycles; the collector would only rescan the growing index
    total = len(log)
    step = max(1, total // 100)
    first = len(index.commits)
    numbers = {c.sha: n for n, c in enumerate(index.commits)} if merges else {}
    try:
        for i, (commit, _, entries) in enumerate(log):
            number = first + i
            index.commits.append(commit)
            if merges:
                numbers[commit.sha] = number
            for entry in entries:
                _entry(blobs, index, number, i, commit, entry, expiry)
            if commit.sha in merges:
                _chosen(blobs, index, number, merges[commit.sha], numbers)
            for oid in expiry.pop(i, ()):
                if blobs.last_use.get(oid) == i:
                    blobs.drop(oid)
            if on_progress is not None and ((i + 1) % step == 0 or i + 1 == total):
                on_progress(i + 1, total)
    finally:
        blobs.close()
        if collecting:
            gc.enable()


def _resolve(index: IndexData, oid: str) -> str:
    """The blob to compare with: ``oid`` itself, or the last version that parsed when ``oid`` does not."""
    return index.broken.get(oid, oid) if oid else ""


def _entry(
    blobs: _Blobs, index: IndexData, number: int, i: int, commit: Commit, entry: Entry, expiry: dict[int, list[str]]
) -> None:
    new_kind = file_kind(entry.path) if entry.blob else None
    old_kind = file_kind(entry.old_path)
    new = blobs.version(entry.blob, new_kind[0]) if new_kind else None
    if new_kind is not None and new is None:
        # This version does not parse: note it, and compare the next one with the last that did.
        if entry.blob not in index.broken:
            fallback = _resolve(index, entry.parents[0] if entry.parents else "")
            index.broken[entry.blob] = fallback
            later = blobs.last_use.get(entry.blob, i)
            if fallback and blobs.last_use.get(fallback, -1) < later:
                blobs.last_use[fallback] = later
                expiry.setdefault(later, []).append(fallback)
        index.notes.append(Note(commit.sha, entry.path, blobs.errors.get(entry.blob) or "does not parse; skipped"))
        return
    parents = [_resolve(index, oid) for oid in entry.parents] or [""]
    rows = index.rows
    if old_kind is not None and new_kind is not None and old_kind[0] == new_kind[0]:
        if parents[0] and old_kind[1] != new_kind[1]:
            rows.append(
                Row(
                    number,
                    "renamed",
                    new_kind[1],
                    HEADERS[new_kind[0]] or new_kind[0],
                    "",
                    old_kind[1],
                    new_kind[1],
                    entry.path,
                )
            )
        sides = [(new_kind, entry.path, _changes(blobs, parents, new_kind[0], new))]
    else:  # added, deleted, or moved between kinds of file: records leave one file and arrive in the other
        sides = []
        if old_kind is not None and parents[0]:
            sides.append((old_kind, entry.old_path, _changes(blobs, parents, old_kind[0], None)))
        if new_kind is not None:
            sides.append((new_kind, entry.path, diff_versions(None, new)))
    for (_, base), path, changes in sides:
        for change, key, name, before, after in changes:
            rows.append(Row(number, change, ref_of(base, key), key[0], name, store(before), store(after), path))


def _chosen(blobs: _Blobs, index: IndexData, number: int, merge: MergePlan, numbers: dict[str, int]) -> None:
    """The rows of merge ``number`` where it kept one side's value over the other side's changes (history/merges.py)."""
    touched = (_touched(index, numbers, merge.split.ours), _touched(index, numbers, merge.split.theirs))
    for mf in merge.files:
        found = file_kind(mf.path)
        if found is None:
            continue
        kind, base = found
        ours, theirs, merged = (blobs.version(oid, kind) for oid in mf.blobs())
        if ours is None or theirs is None or merged is None:
            continue  # a version that does not parse: noted where it was committed
        for change, key, name, before, after in choices(ours, theirs, merged, base, touched, blobs.parser):
            index.rows.append(
                Row(number, change, ref_of(base, key), key[0], name, store(before), store(after), mf.path, True)
            )


def _touched(index: IndexData, numbers: dict[str, int], shas: list[str]) -> Touched:
    """What the rows of commits ``shas`` changed (rows are in commit order; a commit not in the index has none)."""
    rows = index.rows
    found = []
    for sha in shas:
        number = numbers.get(sha)
        if number is None:
            continue
        n = bisect_left(rows, number, key=_COMMIT)
        while n < len(rows) and rows[n].commit == number:
            found.append((rows[n].change, rows[n].ref, rows[n].field))
            n += 1
    return Touched.of(found)


def _changes(blobs: _Blobs, parents: list[str], kind: str, new: Version | None) -> list[KeyChange]:
    """Changes from the first parent; for a merge, only those the result took from no parent."""
    changes = diff_versions(blobs.version(parents[0], kind) if parents[0] else None, new, blobs.parser)
    for oid in parents[1:]:
        theirs = {
            (key, name)
            for _, key, name, _, _ in diff_versions(blobs.version(oid, kind) if oid else None, new, blobs.parser)
        }
        changes = [c for c in changes if (c[1], c[2]) in theirs or (c[1], "") in theirs]
    return changes


# --- the cache ------------------------------------------------------------------


def cache_path(git_dir: Path, prefix: str = "") -> Path:
    """Where the index of the workspace at ``prefix`` inside the repository is kept (one file per workspace)."""
    tag = "" if not prefix else "-" + hashlib.sha1(prefix.encode()).hexdigest()[:10]
    return git_dir / "ducu" / f"history-{VERSION}{tag}.msgpack"


class _Undecoded(msgspec.Struct, kw_only=True):
    """IndexData with its rows left as msgpack bytes: decoded one by one (load_cache)."""

    version: int = VERSION
    prefix: str = ""
    head: str = ""
    commits: list[Commit] = []
    rows: list[msgspec.Raw] = []
    notes: list[Note] = []
    broken: dict[str, str] = {}


_DECODER = msgspec.msgpack.Decoder(_Undecoded)
_ROW = msgspec.msgpack.Decoder(Row)
_ENCODER = msgspec.msgpack.Encoder()


def load_cache(path: Path, prefix: str) -> IndexData | None:
    """The cached index; None when there is none, or it is damaged or of another version or workspace.

    The rows are decoded one at a time: one decode of the whole file holds
    Python's interpreter lock for 0.25 s at 20,000 items, and the app reads
    the cache in a thread while the user presses keys; between rows the lock
    is free to take.
    """
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        undecoded = _DECODER.decode(raw)
        if undecoded.version != VERSION or undecoded.prefix != prefix:
            return None
        rows = [_ROW.decode(row) for row in undecoded.rows]
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError):
        return None
    return IndexData(
        version=undecoded.version,
        prefix=undecoded.prefix,
        head=undecoded.head,
        commits=undecoded.commits,
        rows=rows,
        notes=undecoded.notes,
        broken=undecoded.broken,
    )


def save_cache(path: Path, data: IndexData) -> bool:
    """Write the cache atomically; False (and no harm) when the git dir is read-only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".history-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_ENCODER.encode(data))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


def build(
    root: str | os.PathLike[str], *, on_progress: Progress | None = None, use_cache: bool = True
) -> tuple[IndexData, BuildStats]:
    """The index of every commit in HEAD's history that touched a workspace file.

    Raises git.GitError when ``root`` is not in a git repository.
    """
    started = time.perf_counter()
    root = Path(root)
    git_dir, prefix, head = git.repo_state(root)
    path = cache_path(git_dir, prefix)
    if head is None:
        return IndexData(prefix=prefix), BuildStats(mode="empty", processed=0, seconds=time.perf_counter() - started)
    cached = load_cache(path, prefix) if use_cache else None
    if cached is not None and cached.head == head:
        return cached, BuildStats(mode="cached", processed=0, seconds=time.perf_counter() - started)
    if cached is not None and cached.head and git.is_ancestor(root, cached.head, head):
        data, revs, mode, reason = cached, [head, f"^{cached.head}"], "incremental", ""
    else:
        reason = "no cache" if cached is None else "history rewritten"
        data, revs, mode = IndexData(prefix=prefix), [head], "full"
    log = list(parse_log(git.log_raw(root, revs, PATHSPECS, _FORMAT)))
    merges = plan(root, head, [(c.sha, *parents) for c, parents, _ in log if len(parents) == 2], PATHSPECS)
    _process(root, log, merges, data, on_progress)
    data.head = head
    if use_cache:
        save_cache(path, data)
    return data, BuildStats(mode=mode, processed=len(log), seconds=time.perf_counter() - started, reason=reason)
