"""File versions as records, and what changed between two of them.

A workspace file is a set of records: the file's own table ([project],
[workspace], [review]) and keyed tables by id ([milestones.<id>],
[people.<handle>], ...). Two versions are compared record by record, and
field by field (nested tables as dotted names: "raci.accountable",
"steps.2.done") only where a record differs.

Reading is the hot path of the history index (thousands of versions), so a
version is cut at its table headers and each piece is parsed with rtoml once
per build: consecutive versions share nearly every piece, and comparing
them compares the pieces first. Cutting is checked piece by piece; a file
that cannot be cut cleanly is parsed whole, and gives the same records.
Values are packed for the cache (dates as msgpack extensions, which msgspec
would otherwise turn into strings). A whole record's fields (an added or
removed record) are kept as their msgpack bytes, in the cache and in memory:
a dict of them took five times the memory, and a first commit of 20,000
items kept the whole workspace again that way (tens of MiB in the app).
"""

from __future__ import annotations

import datetime as dt
import operator
from typing import Any, cast

import msgspec
import rtoml

from workspace_schema.core.records import ITEM_KINDS

MAX_BLOB_BYTES = 5 * 1024 * 1024

# --- values ---------------------------------------------------------------

_EXT_DATE, _EXT_DATETIME, _EXT_TIME = 1, 2, 3


def pack(value: Any) -> Any:
    """``value`` with every date, datetime and time as a msgpack extension (msgspec would make them strings)."""
    kind = type(value)
    if kind is dt.date:
        return msgspec.msgpack.Ext(_EXT_DATE, value.isoformat().encode())
    if kind is dt.datetime:
        return msgspec.msgpack.Ext(_EXT_DATETIME, value.isoformat().encode())
    if kind is dt.time:
        return msgspec.msgpack.Ext(_EXT_TIME, value.isoformat().encode())
    if kind is list:
        return [pack(v) for v in value]
    if kind is dict:
        return {k: pack(v) for k, v in value.items()}
    return value


def store(value: Any) -> Any:
    """``value`` as a history row keeps it: packed, and a record's fields (a dict) as their msgpack bytes."""
    if type(value) is dict:
        return msgspec.msgpack.encode(pack(value))
    return pack(value)


def fields_of(value: Any) -> dict[str, Any] | None:
    """A row's record fields (see store) with their values still packed; None when ``value`` is not a record."""
    if type(value) is bytes:
        value = msgspec.msgpack.decode(value)
    return value if type(value) is dict else None


def unpack(value: Any) -> Any:
    """A value as store() kept it, as it was: dates, datetimes and times again, records as dicts."""
    kind = type(value)
    if kind is bytes:  # a record's fields: TOML itself has no bytes
        return unpack(msgspec.msgpack.decode(value))
    if kind is msgspec.msgpack.Ext:
        text = bytes(value.data).decode()
        if value.code == _EXT_DATE:
            return dt.date.fromisoformat(text)
        if value.code == _EXT_DATETIME:
            return dt.datetime.fromisoformat(text)
        return dt.time.fromisoformat(text)
    if kind is list:
        return [unpack(v) for v in value]
    if kind is dict:
        return {k: unpack(v) for k, v in value.items()}
    return value


# --- files as records -------------------------------------------------------

# Record key inside a file: (table, id); the file's own record is (header, "").
Key = tuple[str, str]
Records = dict[Key, Any]


def file_kind(path: str) -> tuple[str, str] | None:
    """(kind, base ref) of a workspace file, or None for any other path."""
    if path in ("workspace.toml", "people.toml", "clients.toml"):
        return path[:-5], path[:-5]
    folder, _, name = path.partition("/")
    if folder in ("projects", "reviews") and name.endswith(".toml") and "/" not in name:
        stem = name[:-5]
        return (folder[:-1], stem if folder == "projects" else f"reviews/{stem}")
    return None


HEADERS = {"workspace": "workspace", "people": "", "clients": "", "project": "project", "review": "review"}
_KEYED = {
    "workspace": frozenset({"escalation"}),
    "people": frozenset({"people"}),
    "clients": frozenset({"clients"}),
    "project": frozenset(ITEM_KINDS),
    "review": frozenset({"outcomes"}),
}


def split(kind: str, data: dict[str, Any]) -> Records:
    """The records of one parsed file: the header table (and anything unexpected) under ("<header>", ""), keyed tables by id."""
    header_name, keyed = HEADERS[kind], _KEYED[kind]
    own: dict[str, Any] = {}
    out: Records = {}
    for name, value in data.items():
        if name == header_name and type(value) is dict:
            own.update(value)
        elif name in keyed and type(value) is dict:
            for rid, body in value.items():
                if type(body) is dict:
                    out[(name, rid)] = body
                else:
                    own[f"{name}.{rid}"] = body
        else:
            own[name] = value
    if own or header_name:
        return {(header_name or kind, ""): own, **out}
    return out


def flatten(body: dict[str, Any], prefix: str = "", out: dict[str, Any] | None = None) -> dict[str, Any]:
    """Nested tables as dotted names: {"raci": {"accountable": "carol"}} -> {"raci.accountable": "carol"}."""
    if out is None:
        out = {}
    for key, value in body.items():
        if type(value) is dict and value:
            flatten(value, f"{prefix}{key}.", out)
        else:
            out[f"{prefix}{key}"] = value
    return out


_MISSING = object()


def _same(a: Any, b: Any) -> bool:
    """Equal and of one type (1, 1.0 and true are three values); nan is itself."""
    return a is b or (type(a) is type(b) and (a == b or (a != a and b != b)))


KeyChange = tuple[str, Key, str, Any, Any]  # (change, key, field, old, new)


def diff(old: Records, new: Records) -> list[KeyChange]:
    """Field-level changes between two versions of one file (unpacked values)."""
    out: list[KeyChange] = []
    for key, body in new.items():
        before = old.get(key)
        if before is None:
            out.append(("added", key, "", None, flatten(body)))
        elif before != body:
            a, b = flatten(before), flatten(body)
            for name, value in b.items():
                was = a.get(name, _MISSING)
                if was is _MISSING:
                    out.append(("set", key, name, None, value))
                elif not _same(was, value):
                    out.append(("set", key, name, was, value))
            for name, was in a.items():
                if name not in b:
                    out.append(("set", key, name, was, None))
    for key, before in old.items():
        if key not in new:
            out.append(("removed", key, "", flatten(before), None))
    return out


def ref_of(base: str, key: Key) -> str:
    return f"{base}/{key[1]}" if key[1] else base


# A parsed piece: (record key, sub-table path inside the record, the table's keys, (key, path),
# and for a sub-table the (slot, name) pairs that must not be keys of an enclosing table).
Piece = tuple[Any, tuple[str, ...], dict[str, Any], Any, tuple[tuple[Any, str], ...]]


class Version:
    """One version of one file, cut at its table headers; each piece is parsed once per build.

    Commits change a line or two, so consecutive versions share nearly all
    pieces: comparing two versions compares the pieces first and parses and
    compares only the records whose pieces changed. A file that cannot be
    cut cleanly (arrays of tables, a header-like line inside a multi-line
    string, keys outside any table) is parsed whole instead (``full``).
    """

    __slots__ = ("_set", "chunks", "full", "info", "kind")

    def __init__(self, kind: str, chunks: list[bytes], info: list[Piece], full: Records | None) -> None:
        self.kind, self.chunks, self.info, self.full = kind, chunks, info, full
        self._set: set[bytes] | None = None

    def chunk_set(self) -> set[bytes]:
        if self._set is None:
            self._set = set(self.chunks)
        return self._set


class _Cut(Exception):
    """The text cannot be cut at its headers; parse it whole."""


_SLOT = operator.itemgetter(3)  # (record key, sub-table path) of a piece; None for the top one


class Parser:
    """rtoml over pieces of files, remembering every piece it has parsed."""

    MAX_PIECES = 200_000

    def __init__(self) -> None:
        self.pieces: dict[str, dict[bytes, Piece]] = {kind: {} for kind in HEADERS}
        self.tops: dict[bytes, Piece] = {}
        self.paths: dict[str, tuple[str, ...]] = {}

    def version(self, raw: bytes, kind: str) -> tuple[Version | None, str]:
        """The version, or None and why it was skipped."""
        if len(raw) > MAX_BLOB_BYTES:
            return None, f"is {len(raw) / 1e6:.1f} MB, over the {MAX_BLOB_BYTES // 1024 // 1024} MB limit; skipped"
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            return self._cut(raw, kind), ""
        except _Cut:
            pass
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None, "is not UTF-8; skipped"
        try:
            data = rtoml.loads(text)
        except Exception as exc:  # rtoml.TomlParsingError and a few others on odd input
            return None, f"is not valid TOML ({' '.join(str(exc).split())[:200]}); skipped"
        return Version(kind, [], [], split(kind, data)), ""

    def _cut(self, raw: bytes, kind: str) -> Version:
        if b"\n[[" in raw or raw.startswith(b"[["):
            raise _Cut
        # Headers start a line (an indented one stays inside its piece, which the piece's parse notices).
        # Pieces are the bytes after each "\n[" (the first: before any), so the same table text is the same key.
        chunks = raw.split(b"\n[")
        if raw.startswith(b"["):
            chunks[0:1] = [b"", chunks[0][1:]]
        known = self.pieces[kind]
        if len(known) > self.MAX_PIECES:
            known.clear()
            self.tops.clear()
        top = self.tops.get(chunks[0]) or self._top(chunks[0])
        every = set(chunks)
        for chunk in every.difference(known):  # set operations: only new pieces cost Python time
            if chunk is not chunks[0]:
                self._piece(kind, chunk)
        found = [top, *map(known.get, chunks[1:])]
        if None in found:  # a piece equal to the top one (only in broken files): parse it as a table
            info = [top, *(known.get(c) or self._piece(kind, c) for c in chunks[1:])]
        else:
            info = cast("list[Piece]", found)  # no None in it: checked just above
        if len(set(map(_SLOT, info))) != len(info):
            raise _Cut  # a table defined twice: let the whole parse say so
        checks = [check for piece in info if piece[4] for check in piece[4]]
        if checks:
            bodies = {piece[3]: piece[2] for piece in info}
            for slot, name in checks:
                if name in bodies.get(slot, ()):
                    raise _Cut  # a table both inline (or dotted) and a header: let the whole parse judge
        version = Version(kind, chunks, info, None)
        version._set = every
        return version

    def _top(self, chunk: bytes) -> Piece:
        """The text before the first table: comments, or keys (then the whole parse takes over)."""
        try:
            parsed = rtoml.loads(chunk.decode("utf-8"))
        except Exception:
            raise _Cut from None
        if parsed:
            raise _Cut
        got: Piece = (None, (), {}, None, ())
        self.tops[chunk] = got
        return got

    def _piece(self, kind: str, chunk: bytes) -> Piece:
        """One table: its header line gives the record and the path inside it."""
        try:
            text = "[" + chunk.decode("utf-8")
            parsed = rtoml.loads(text)
        except Exception:
            raise _Cut from None
        line = text.split("\n", 1)[0].rstrip("\r")
        path = self.paths.get(line)
        if path is None:
            path = self.paths[line] = _header_path(line)
        body: Any = parsed
        for name in path:  # one table per piece (an indented header of another table: parse whole)
            if type(body) is not dict or len(body) != 1 or name not in body:
                raise _Cut
            body = body[name]
        if type(body) is not dict:
            raise _Cut
        header, keyed = HEADERS[kind], _KEYED[kind]
        if path[0] == header:
            key, sub = (header, ""), path[1:]
        elif path[0] in keyed:
            if len(path) < 2:
                raise _Cut  # [milestones] with keys of its own
            key, sub = (path[0], path[1]), path[2:]
        else:
            key, sub = (header or kind, ""), path
        # [milestones.m.raci] may not reopen a table that [milestones.m] made with raci = {...} or raci.x = ...
        checks = tuple(((key, sub[:n]), sub[n]) for n in range(len(sub)))
        got: Piece = (key, sub, body, (key, sub), checks)
        self.pieces[kind][chunk] = got
        return got


def _header_path(line: str) -> tuple[str, ...]:
    try:
        table: Any = rtoml.loads(line)
    except Exception:
        raise _Cut from None
    path = []
    while type(table) is dict and len(table) == 1:
        name, table = next(iter(table.items()))
        path.append(name)
    if not path or table != {}:
        raise _Cut
    return tuple(path)


def records(version: Version | None) -> Records:
    """Every record of a version."""
    if version is None:
        return {}
    if version.full is not None:
        return version.full
    return _assemble(version, None)


def _assemble(version: Version, keys: set[Any] | None) -> Records:
    header = HEADERS[version.kind]
    out: Records = {(header, ""): {}} if header and (keys is None or (header, "") in keys) else {}
    pieces = version.info[1:] if keys is None else [p for p in version.info if p[0] in keys]
    for key, sub, body, _, _ in pieces:
        node = out.get(key)
        if node is None:
            node = out[key] = {}
        for name in sub:  # a sub-table: [milestones.x.raci], [risks.r.steps.1]
            child = node.get(name)
            child = node[name] = dict(child) if type(child) is dict else {}
            node = child
        node.update(body)
    return out


def diff_versions(old: Version | None, new: Version | None, parser: Parser | None = None) -> list[KeyChange]:
    """Field-level changes from ``old`` to ``new`` (None: the file did not exist)."""
    if old is None or new is None or old.full is not None or new.full is not None or old.kind != new.kind:
        return diff(records(old), records(new))
    before, after = old.chunk_set(), new.chunk_set()
    changed = before ^ after
    known = parser.pieces[new.kind] if parser is not None else {}
    try:
        keys = {known[chunk][0] for chunk in changed}
    except KeyError:  # the parser forgot some pieces (a very long history): find them the slow way
        keys = {info[0] for chunk, info in zip(old.chunks, old.info) if chunk in changed}
        keys.update(info[0] for chunk, info in zip(new.chunks, new.info) if chunk in changed)
    keys.discard(None)
    if not keys:
        return []
    return diff(_assemble(old, keys), _assemble(new, keys))
