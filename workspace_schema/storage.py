"""Edit one TOML file and keep the user's formatting; save atomically, never over someone else's change.

Reading the workspace uses rtoml (loader.py); editing uses tomlkit on the one
file being changed, so comments, key order, blank lines and alignment
survive and changing one value changes one line.

Values of existing keys are replaced through tomlkit's model, which keeps
the key's spelling, its alignment and the end-of-line comment; we also keep
the comment's column when the value gets shorter or longer. What tomlkit
0.15.2 does badly is worked around (each has a test in tests/test_storage.py):

- A new key: tomlkit appends it after the table's trailing comments (the
  comment that belongs to the next header) and writes "\n" into CRLF files.
  Here it goes after the last key line of its own table, found by a small
  scanner of statements (_scan), with the file's line ending.
- New records and sub-tables are written as text blocks; removing a record
  cuts its lines (tomlkit keeps the blank lines and comments before a
  header inside the previous table, so its own removal leaves them wrong).
- tomlkit reads the spaces after a date inside [ ] or { } as a comment gap
  it never writes, so ``{ a = 2026-12-11 }`` came back without the space:
  fixed after every parse (_keep_date_spaces).
- Adding or removing a key of an inline table leaves odd spaces: the
  { ... } is written again. A list set on a multi-line array is applied as
  inserts and deletes, so the other elements keep their lines and comments.
- Values are rendered here (render_value): dicts as inline tables (tomlkit
  would make a table), and characters that editors and diffs treat as line
  breaks or hide (NEL, U+2028, bidi controls) as \\u escapes.
- ``container[key]`` gives a plain bool for booleans, so items are read
  with .item(key).

Every edit is also applied to a plain copy of the data (Edit.data); save()
parses the new text with rtoml (the loader's parser) and writes only if it
gives exactly that data, types included. Then the text goes to disk with
atomic_write, and only if the bytes on disk are still the ones that were
read; otherwise our version is kept in ``<file>.mine`` and StaleFile says
what to do.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import rtoml
import tomlkit
from tomlkit.container import OutOfOrderTableProxy
from tomlkit.exceptions import ParseError
from tomlkit.items import AoT, Array, Date, InlineTable, Item, Table

from .atomic import ABSENT, ChangedOnDisk, atomic_write, sha256_of
from .ids import id_problem

__all__ = ["Edit", "EditError", "StaleFile", "atomic_write", "render_key", "render_value"]

MAX_FILE_BYTES = 5 * 1024 * 1024
# Dict values of these keys are written as sub-tables by add_record
# ([milestones.x.raci]); "steps" holds records by id ([risks.x.steps.1]).
SUB_TABLES = frozenset({"raci", "steps"})
KEYED_SUB_TABLES = frozenset({"steps"})
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1

TablePath = tuple[str, ...]


class EditError(Exception):
    """The file cannot be edited (or the edit cannot be made); the message says why."""

    def __init__(self, message: str, path: str | None = None, line: int = 0, col: int = 0) -> None:
        where = f"{path}:{line}:{col}: " if path and line else f"{path}: " if path else ""
        super().__init__(where + message)
        self.path, self.line, self.col = path, line, col


class StaleFile(Exception):
    """The file changed on disk after it was read; our version was saved next to it."""

    def __init__(self, path: str | os.PathLike[str], mine_path: str | os.PathLike[str]) -> None:
        self.path, self.mine_path = str(path), str(mine_path)
        super().__init__(
            f"{self.path} changed on disk since ducu read it; your version is in {self.mine_path}: "
            "compare and merge, then delete it"
        )


# --- writing values ---------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def render_key(key: str) -> str:
    if not isinstance(key, str):
        raise EditError(f"a key must be text, got {key!r}")
    return key if _BARE_KEY.fullmatch(key) else _render_str(key)


def _render_str(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise EditError(f"text {text[:40]!r} holds an unpaired surrogate, which a UTF-8 file cannot store") from None
    rendered = tomlkit.item(text).as_string()  # a basic string; quotes, newlines and C0 controls escaped
    return _INVISIBLE.sub(_escape_char, rendered)


# Characters tomlkit writes as they are but that break or hide lines in
# editors and diffs (NEL, line/paragraph separators, bidi and other format
# controls): written as \uXXXX escapes, which read back the same.
_INVISIBLE = re.compile("[\x80-\x9f\u2028\u2029\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]")


def _escape_char(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def render_value(value: Any) -> str:
    """``value`` as TOML text on one line: dates unquoted, dicts as inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if not _INT_MIN <= value <= _INT_MAX:
            raise EditError(f"{value} does not fit in a TOML integer (64 bits)")
        return str(int(value))
    if isinstance(value, float):
        if math.isnan(value):
            raise EditError("NaN (not a number) cannot be stored")
        return repr(float(value))  # "inf", "-0.0", "1e+300" are all TOML
    if isinstance(value, dt.datetime):
        raise EditError(f"{value!r} has a time of day; ducu stores dates (give a datetime.date)")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _render_str(str.__str__(value))  # a str subclass (an enum) is written as its text
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(render_value(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{render_key(k)} = {render_value(v)}" for k, v in value.items()) + " }"
    if value is None:
        raise EditError("None is not a TOML value; use unset() to remove a key")
    raise EditError(f"cannot store a {type(value).__name__} in TOML")


def _plain(value: Any) -> Any:
    """The value as the fast parser will read it back."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.date(value.year, value.month, value.day)
    return value


def _dotted(path: TablePath) -> str:
    return ".".join(render_key(p) for p in path)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# --- finding statements in the text -------------------------------------------


class _Stmt:
    """One statement of the file: a blank line, a comment line, a header or a key/value (which may span lines)."""

    __slots__ = ("kind", "start", "end", "path", "indent")

    def __init__(self, kind: str, start: int, end: int, path: TablePath, indent: str) -> None:
        self.kind, self.start, self.end, self.path, self.indent = kind, start, end, path, indent

    @property
    def is_header(self) -> bool:
        return self.kind in ("header", "aot")


class _ScanError(Exception):
    pass


_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}
_HEX_LEN = {"u": 4, "U": 8, "x": 2}


def _scan(text: str) -> list[_Stmt]:
    """The statements of a file that tomlkit already parsed (so it is valid TOML)."""
    try:
        return _scan_stmts(text)
    except (_ScanError, IndexError, ValueError) as exc:  # a bug here must not write a wrong file
        raise EditError(f"cannot find my way in the file ({exc or 'unexpected end'}); edit it by hand") from None


def _scan_stmts(text: str) -> list[_Stmt]:
    out: list[_Stmt] = []
    n = len(text)
    pos = 0
    table: TablePath = ()
    while pos < n:
        start = pos
        pos = _skip_blank(text, pos)
        indent = text[start:pos]
        c = text[pos] if pos < n else "\n"
        path: TablePath = ()
        if c in "\r\n":
            kind = "blank"
        elif c == "#":
            kind = "comment"
        elif c == "[":
            kind = "aot" if text.startswith("[[", pos) else "header"
            path, pos = _read_key(text, pos + (2 if kind == "aot" else 1))
            table = path
        else:
            kind = "kv"
            keys, pos = _read_key(text, pos)
            pos = _skip_blank(text, pos)
            if text[pos] != "=":
                raise _ScanError(f"expected = at offset {pos}")
            pos = _skip_value(text, _skip_blank(text, pos + 1))
            path = table + keys
        end = text.find("\n", pos)
        end = n if end < 0 else end + 1
        out.append(_Stmt(kind, start, end, path, indent))
        pos = end
    return out


def _skip_blank(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _read_key(text: str, pos: int) -> tuple[TablePath, int]:
    parts: list[str] = []
    while True:
        pos = _skip_blank(text, pos)
        c = text[pos]
        if c == '"':
            part, pos = _read_basic(text, pos + 1)
        elif c == "'":
            end = text.index("'", pos + 1)
            part, pos = text[pos + 1 : end], end + 1
        else:
            m = _BARE_KEY.match(text, pos)
            if not m:
                raise _ScanError(f"unexpected {c!r} in a key at offset {pos}")
            part, pos = m.group(), m.end()
        parts.append(part)
        pos = _skip_blank(text, pos)
        if text[pos] != ".":
            return tuple(parts), pos
        pos += 1


def _read_basic(text: str, pos: int) -> tuple[str, int]:
    out: list[str] = []
    while True:
        c = text[pos]
        if c == '"':
            return "".join(out), pos + 1
        if c == "\\":
            e = text[pos + 1]
            if e in _ESCAPES:
                out.append(_ESCAPES[e])
                pos += 2
            elif e in _HEX_LEN:
                size = _HEX_LEN[e]
                out.append(chr(int(text[pos + 2 : pos + 2 + size], 16)))
                pos += 2 + size
            else:
                raise _ScanError(f"unknown escape \\{e}")
        else:
            out.append(c)
            pos += 1


def _skip_value(text: str, pos: int) -> int:
    """Past a value that may span lines (multi-line strings, arrays, inline tables)."""
    depth = 0
    n = len(text)
    while pos < n:
        c = text[pos]
        if c == '"':
            pos = _end_multiline(text, pos + 3, '"') if text.startswith('"""', pos) else _read_basic(text, pos + 1)[1]
        elif c == "'":
            pos = _end_multiline(text, pos + 3, "'") if text.startswith("'''", pos) else text.index("'", pos + 1) + 1
        elif c in "[{":
            depth += 1
            pos += 1
            continue
        elif c in "]}":
            depth -= 1
            pos += 1
        elif depth == 0:
            return pos  # a number, date or boolean: it ends on this line
        elif c == "#":
            pos = text.find("\n", pos)
            if pos < 0:
                return n
            continue
        else:
            pos += 1
            continue
        if depth == 0:
            return pos
    return pos


def _end_multiline(text: str, pos: int, quote: str) -> int:
    delim = quote * 3
    while True:
        close = text.find(delim, pos)
        if close < 0:
            raise _ScanError("unterminated multi-line string")
        if quote == '"':
            slash = text.find("\\", pos, close)
            if slash >= 0:
                pos = slash + 2
                continue
        end = close + 3
        while end < len(text) and text[end] == quote and end - close < 5:
            end += 1
        return end


def _section_range(stmts: list[_Stmt], i: int, j: int) -> tuple[int, int]:
    """The text of the header stmts[i] and its lines (up to the next header at j) to cut.

    The comment lines right above the header go with it; the comment lines
    right above the next header stay with that one (and a comment block
    after a blank line at the end of the file stays as a footer). The blank
    lines before it go and those after it stay, so the gap that was after it
    is now after what came before; at the top of the file, the ones after go.
    """
    a = i
    while a > 0 and stmts[a - 1].kind == "comment":
        a -= 1
    b = j
    while b > i + 1 and stmts[b - 1].kind == "comment":
        b -= 1
    if j == len(stmts) and (b == i + 1 or stmts[b - 1].kind != "blank"):
        b = j  # trailing comments glued to this table's lines are this table's
    while b > i + 1 and stmts[b - 1].kind == "blank":
        b -= 1
    before = a
    while before > 0 and stmts[before - 1].kind == "blank":
        before -= 1
    if before > 0:
        return stmts[before].start, stmts[b - 1].end
    while b < j and stmts[b].kind == "blank":
        b += 1
    return 0, stmts[b - 1].end


def _block_end(stmts: list[_Stmt], prefix: TablePath) -> int | None:
    """The offset after the last line of the record at ``prefix`` and its sub-tables (None if it has no header)."""
    heads = [k for k, s in enumerate(stmts) if s.is_header]
    first = next((k for k in heads if stmts[k].path == prefix), None)
    if first is None:
        return None
    last = first
    for k in range(first + 1, len(stmts)):
        s = stmts[k]
        if s.is_header and s.path[: len(prefix)] != prefix:
            break
        if s.kind != "blank" and s.kind != "comment":
            last = k
    return stmts[last].end


# --- the edit -------------------------------------------------------------------


class Edit:
    """One file opened for editing. Make changes with set/unset/add_record/remove_record, then save()."""

    def __init__(self, path: str | os.PathLike[str], real: Path, raw: bytes | None, text: str, bom: str, doc: tomlkit.TOMLDocument, data: dict) -> None:
        self.path = str(path)
        self._real = real  # where the bytes live (a link inside the tree is followed)
        self._sha = ABSENT if raw is None else sha256_of(raw)
        self._bom = bom
        self._original = bom + text
        self._body: str | None = text  # the text without BOM; None when only the doc is current
        self._doc: tomlkit.TOMLDocument | None = doc  # None when only the text is current
        self._data = data  # what the fast parser must read from the new text
        nl = text.find("\n")
        self._nl = "\r\n" if nl > 0 and text[nl - 1] == "\r" else "\n"

    # --- opening --------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None, missing_ok: bool = False) -> Edit:
        """Read and parse ``path``. A link must point inside ``root`` (default: the file's own folder).

        With ``missing_ok`` a file that does not exist opens as empty, and
        save() creates it (refusing if someone else created it meanwhile).
        """
        shown = str(path)
        p = Path(path)
        real = p
        if p.is_symlink():
            real = p.resolve()
            base = Path(root).resolve() if root is not None else p.parent.resolve()
            if not real.is_relative_to(base):
                raise EditError(f"is a link to {real}, outside {base}; ducu does not write through it. Replace the link with the file.", shown)
        if real.is_dir():
            raise EditError("is a folder, not a file.", shown)
        raw: bytes | None
        try:
            size = real.stat().st_size
            if size > MAX_FILE_BYTES:
                raise EditError(f"is {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES // 2**20} MB limit for one file.", shown)
            raw = real.read_bytes()
        except FileNotFoundError:
            if not missing_ok:
                raise EditError("no such file.", shown) from None
            raw = None
        except OSError as exc:
            raise EditError(f"cannot be read ({exc.strerror or exc}); check its permissions.", shown) from None
        try:
            text = (raw or b"").decode("utf-8")
        except UnicodeDecodeError as exc:
            assert raw is not None
            line = raw.count(b"\n", 0, exc.start) + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            raise EditError(f"is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8.", shown, line, col) from None
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        text = text[len(bom) :]
        doc = _parse(text, shown)
        if doc.as_string() != text:
            raise EditError("tomlkit cannot write this file back unchanged, so ducu will not edit it; edit it by hand.", shown)
        try:
            data = rtoml.loads(text)
        except Exception as exc:
            message = str(exc).strip()
            m = re.search(r"at line (\d+) column (\d+)", message)
            line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
            raise EditError(f"is not valid TOML: {message}. Fix the syntax first.", shown, line, col) from None
        return cls(path, real, raw, text, bom, doc, data)

    # --- the current state ----------------------------------------------------

    def text(self) -> str:
        """The file's new text."""
        return self._bom + self._text()

    @property
    def data(self) -> dict:
        """The file's values as they are after the edits so far (plain Python, read-only)."""
        return self._data

    @property
    def changed(self) -> bool:
        return self.text() != self._original

    def _text(self) -> str:
        if self._body is None:
            assert self._doc is not None
            self._body = self._doc.as_string()
        return self._body

    @property
    def _tree(self) -> tomlkit.TOMLDocument:
        if self._doc is None:
            self._doc = _parse(self._text(), self.path, mine=True)
        return self._doc

    def _set_text(self, body: str) -> None:
        self._body, self._doc = body, None

    def _touched_doc(self) -> None:
        self._body = None

    def _container(self, table: TablePath) -> Any:
        """The table at ``table`` in the tree (Table, InlineTable, a proxy or the document), or None."""
        node: Any = self._tree
        for depth, part in enumerate(table):
            if part not in node:
                return None
            node = node[part]
            if isinstance(node, AoT):
                raise EditError(f"[[{_dotted(table[: depth + 1])}]] is an array of tables; ducu does not edit inside it.", self.path)
            if not isinstance(node, (Table, InlineTable, OutOfOrderTableProxy)):
                raise EditError(f"`{_dotted(table[: depth + 1])}` is a value, not a table.", self.path)
        return node

    # --- changing values ------------------------------------------------------

    def set(self, table: TablePath, key: str, value: Any) -> None:
        """Set ``key`` of the table at ``table`` to ``value`` (one line changes)."""
        table = _table_path(table)
        rendered = render_value(value)
        render_key(key)
        container = self._container(table)
        if container is not None and key in container:
            old = _item_of(container, key)
            if isinstance(old, (Table, AoT, OutOfOrderTableProxy)):
                self._set_table(table, key, old, value)
                return
            if isinstance(old, Array) and isinstance(value, (list, tuple)) and "\n" in old.as_string():
                _edit_lines_of_array(old, list(value))
                self._touched_doc()
                _data_set(self._data, table, key, _plain(value))
                return
            new = _value_item(rendered)
            if isinstance(container, InlineTable):
                # the spaces after an old date are in its raw text (see _keep_date_spaces)
                tail = old.as_string()[len(old.as_string().rstrip(" \t")) :]
                if tail and not isinstance(new, Date):
                    self._set_in_inline(table, key, value)
                    return
                if tail:
                    new._raw += tail
            _keep_comment_column(old, new)
            container[key] = new
            self._touched_doc()
        elif isinstance(container, InlineTable):
            self._set_in_inline(table, key, value)
            return
        else:
            self._add_key(table, key, rendered, container)
        _data_set(self._data, table, key, _plain(value))

    def unset(self, table: TablePath, key: str) -> None:
        """Remove ``key`` (its line, with its comment) from the table at ``table``; nothing if it is not there."""
        table = _table_path(table)
        container = self._container(table)
        if container is None or key not in container:
            return
        old = _item_of(container, key)
        if isinstance(old, (Table, AoT, OutOfOrderTableProxy)):
            self._cut((*table, key))
        elif isinstance(container, InlineTable):
            rest = {k: v for k, v in container.unwrap().items() if k != key}
            self.set(table[:-1], table[-1], rest)
            return
        else:
            del container[key]
            self._touched_doc()
        _data_del(self._data, table, key)

    def _set_table(self, table: TablePath, key: str, old: Any, value: Any) -> None:
        """Setting a dict on a [sub.table]: set its keys one by one so its layout stays."""
        where = (*table, key)
        if not isinstance(value, dict) or isinstance(old, AoT):
            raise EditError(f"[{_dotted(where)}] is a table; set its keys one by one, or remove it first.", self.path)
        for k in [k for k in old if k not in value]:
            self.unset(where, k)
        for k, v in value.items():
            self.set(where, k, v)

    def _set_in_inline(self, table: TablePath, key: str, value: Any) -> None:
        """Inside an inline table: write the whole { ... } again (tomlkit leaves odd spaces when keys come and go)."""
        container = self._container(table)
        current = dict(container.unwrap())
        current[key] = value
        self.set(table[:-1], table[-1], current)

    def _add_key(self, table: TablePath, key: str, rendered: str, container: Any) -> None:
        body = self._text()
        stmts = _scan(body)
        line = f"{render_key(key)} = {rendered}"
        heads = [k for k, s in enumerate(stmts) if s.is_header and s.path == table]
        if heads or table == ():
            if len(heads) > 1 or (heads and stmts[heads[0]].kind == "aot"):
                raise EditError(f"[[{_dotted(table)}]] is an array of tables; ducu does not edit inside it.", self.path)
            first = heads[0] + 1 if heads else 0
            stop = next((k for k in range(first, len(stmts)) if stmts[k].is_header), len(stmts))
            keys = [k for k in range(first, stop) if stmts[k].kind == "kv"]
            if keys:
                after = stmts[keys[-1]]
                self._insert(body, after.end, after.indent + line + self._nl)
            elif heads:
                self._insert(body, stmts[heads[0]].end, line + self._nl)
            else:
                self._insert(body, 0, line + self._nl + (self._nl if body.strip() else ""))
            return
        if isinstance(container, Table) and not container.is_super_table():
            # a table made by dotted keys (raci.accountable = ...) inside its parent
            new = _value_item(rendered)
            new.trivia.trail = self._nl
            container[key] = new
            self._touched_doc()
            return
        if container is not None:
            # a table that only exists through its sub-tables ([m.x.raci] but no [m.x]): give it a header above them
            first = next((k for k, s in enumerate(stmts) if s.is_header and s.path[: len(table)] == table), None)
            if first is not None:
                while first > 0 and stmts[first - 1].kind == "comment":
                    first -= 1
                self._insert(body, stmts[first].start, f"[{_dotted(table)}]{self._nl}{line}{self._nl}{self._nl}")
                return
        if len(table) > 1 and table[-1] not in SUB_TABLES:
            raise EditError(f"there is no [{_dotted(table)}] in the file (was it removed?); reload and try again.", self.path)
        self._add_table(table[:-1] or None, f"[{_dotted(table)}]{self._nl}{line}{self._nl}")

    def _insert(self, body: str, at: int, text: str) -> None:
        if at > 0 and body[at - 1] != "\n":
            text = self._nl + text
        self._set_text(body[:at] + text + body[at:])

    # --- records --------------------------------------------------------------

    def add_record(self, table: TablePath, rid: str, fields: dict[str, Any]) -> None:
        """Add [table.rid] with ``fields`` at the end of the file (after its parent record, for nested ones).

        Dicts under "raci" and "steps" become sub-tables after it; other dicts
        are inline tables; keys whose value is None are left out.
        """
        table = _table_path(table)
        problem = id_problem(rid) if isinstance(rid, str) else "an id must be text"
        if problem:
            raise EditError(f"cannot add [{_dotted(table)}.{rid!r}]: {problem}.", self.path)
        if self._container(table) is not None and rid in self._container(table):
            raise EditError(f"[{_dotted((*table, rid))}] already exists.", self.path)
        lines: list[str] = []
        data = _render_record((*table, rid), fields, lines)
        block = self._nl.join(lines) + self._nl
        self._add_table(table[:-1] or None, block)
        _data_set(self._data, table, rid, data)

    def _add_table(self, parent: TablePath | None, block: str) -> None:
        """Add a block of tables: after the lines of the ``parent`` record, or at the end of the file."""
        body = self._text()
        end = _block_end(_scan(body), parent) if parent else None
        if end is not None:
            self._insert(body, end, self._nl + block)
            return
        if body.strip(" \t\r\n"):
            if not body.endswith("\n"):
                body += self._nl
            if not re.search(r"\n[ \t]*\r?\n\Z", body):
                body += self._nl
        self._set_text(body + block)

    def remove_record(self, table: TablePath, rid: str) -> None:
        """Remove [table.rid], its sub-tables, the comment right above it and the blank line before it."""
        table = _table_path(table)
        if self._container((*table, rid)) is None:
            raise EditError(f"there is no [{_dotted((*table, rid))}] in the file.", self.path)
        self._cut((*table, rid))
        _data_del(self._data, table, rid)

    def _cut(self, prefix: TablePath) -> None:
        body = self._text()
        stmts = _scan(body)
        heads = [k for k, s in enumerate(stmts) if s.is_header] + [len(stmts)]
        ranges = [
            _section_range(stmts, i, heads[n + 1])
            for n, i in enumerate(heads[:-1])
            if stmts[i].path[: len(prefix)] == prefix
        ]
        ranges += [(s.start, s.end) for s in stmts if s.kind == "kv" and s.path[: len(prefix)] == prefix]
        if not ranges:
            raise EditError(f"cannot find the lines of [{_dotted(prefix)}]; edit the file by hand.", self.path)
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        for start, end in reversed(merged):
            body = body[:start] + body[end:]
        self._set_text(body)

    # --- saving ---------------------------------------------------------------

    def check(self) -> None:
        """Raise EditError unless the new text parses (with rtoml) to exactly the edited data."""
        try:
            got = rtoml.loads(self._text())
        except Exception as exc:
            raise EditError(f"ducu made text that does not parse ({exc}); nothing was written. Please report this.", self.path) from None
        if _pruned(got) != _pruned(self._data):
            raise EditError("ducu could not make this change faithfully with the file's layout; nothing was written. Make it by hand.", self.path)

    def save(self) -> None:
        """Write the new text atomically; StaleFile if the file changed on disk since open()."""
        if not self.changed:
            return
        self.check()
        data = self.text().encode("utf-8")
        try:
            atomic_write(self._real, data, expect_sha256=self._sha)
        except ChangedOnDisk:
            mine = _free_mine_path(self.path, data)
            atomic_write(mine, data)
            raise StaleFile(self.path, mine) from None
        self._sha = sha256_of(data)
        self._original = self.text()


def _parse(text: str, shown: str, mine: bool = False) -> tomlkit.TOMLDocument:
    try:
        doc = tomlkit.parse(text)
    except ParseError as exc:
        message = re.sub(r"\.? at line \d+ col \d+$", "", str(exc)).strip()
        if mine:
            raise EditError(f"ducu made text that does not parse ({message}); nothing was written. Please report this.", shown) from None
        raise EditError(f"is not valid TOML: {message}. Fix the syntax; ducu will not rewrite this file until it parses.", shown, exc.line, exc.col + 1) from None
    except Exception as exc:  # tomlkit raises a few other types on odd input
        raise EditError(f"is not valid TOML: {exc}. Fix the syntax first.", shown) from None
    _keep_date_spaces(doc.values(), False)
    return doc


def _value_item(rendered: str) -> Item:
    item = tomlkit.value(rendered)
    _keep_date_spaces([item], False)
    return item


def _keep_date_spaces(items: Any, inside: bool) -> None:
    """Put back the spaces after a date inside [...] or { ... }.

    tomlkit 0.15.2 reads the spaces after a local date as the date's
    comment_ws, which is only written for a key's own line, so
    ``{ a = 2026-12-11 }`` came back as ``{ a = 2026-12-11}``. The spaces
    are moved into the date's raw text, which is what tomlkit writes.
    """
    for item in items:
        if isinstance(item, (Table, InlineTable, OutOfOrderTableProxy)):
            _keep_date_spaces(item.values(), inside or isinstance(item, InlineTable))
        elif isinstance(item, (Array, AoT)):
            _keep_date_spaces(list(item), inside or isinstance(item, Array))
        elif inside and isinstance(item, Date) and item.trivia.comment_ws and not item.trivia.comment:
            item._raw += item.trivia.comment_ws
            item.trivia.comment_ws = ""


def _free_mine_path(path: str, data: bytes) -> str:
    """``<file>.mine``, or ``<file>.mine-2``... when an older, different .mine is still there."""
    for n in range(1, 1000):
        mine = f"{path}.mine" if n == 1 else f"{path}.mine-{n}"
        try:
            if Path(mine).read_bytes() == data:
                return mine
        except FileNotFoundError:
            return mine
        except OSError:
            continue
    raise EditError("too many .mine files next to it; merge and delete them.", path)


def _item_of(container: Any, key: str) -> Any:
    """The tomlkit item (container[key] gives a plain bool for booleans)."""
    container = getattr(container, "_internal_container", container)  # an OutOfOrderTableProxy
    return container.item(key)


def _table_path(table: Any) -> TablePath:
    if isinstance(table, str) or not all(isinstance(p, str) for p in table):
        raise EditError(f"a table path is a tuple of keys, like (\"milestones\", \"x\"), got {table!r}")
    return tuple(table)


def _edit_lines_of_array(array: Array, values: list[Any]) -> None:
    """Turn a multi-line array into ``values`` by deleting and inserting elements, so the
    lines (and comments) of the elements that stay are untouched."""
    old = [render_value(v.unwrap() if hasattr(v, "unwrap") else v) for v in array]
    new = [render_value(v) for v in values]
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(ops):
        if tag == "equal":
            continue
        same = i2 - i1 if i2 - i1 == j2 - j1 else 0  # changed one for one: each keeps its comment
        for offset in range(same):
            array[i1 + offset] = _value_item(new[j1 + offset])
        for _ in range(i2 - i1 - same):
            del array[i1 + same]
        for offset, text in enumerate(new[j1 + same : j2]):
            array.insert(i1 + same + offset, _value_item(text))


def _keep_comment_column(old: Item, new: Item) -> None:
    """Keep an end-of-line comment where it was (tomlkit keeps the spaces, so it would move)."""
    trivia = old.trivia
    old_text = old.as_string()
    if not trivia.comment or "\n" in old_text or trivia.comment_ws.strip(" "):
        return
    column = _width(old_text) + len(trivia.comment_ws)
    new.trivia.comment_ws = " " * max(1, column - _width(new.as_string()))


def _render_record(path: TablePath, fields: dict[str, Any], lines: list[str]) -> dict[str, Any]:
    """Append the lines of [path] (and its sub-tables) to ``lines``; return the data they hold."""
    if not isinstance(fields, dict):
        raise EditError(f"the fields of [{_dotted(path)}] must be a dict, got {type(fields).__name__}")
    lines.append(f"[{_dotted(path)}]")
    data: dict[str, Any] = {}
    subs: list[tuple[TablePath, dict]] = []
    for key, value in fields.items():
        if value is None:
            continue
        if key in SUB_TABLES and isinstance(value, dict):
            if key in KEYED_SUB_TABLES:
                subs += [((*path, key, str(sid)), sub) for sid, sub in value.items()]
            else:
                subs.append(((*path, key), value))
            continue
        lines.append(f"{render_key(key)} = {render_value(value)}")
        data[key] = _plain(value)
    for sub_path, sub in subs:
        lines.append("")
        sub_data = _render_record(sub_path, sub, lines)
        node = data
        for part in sub_path[len(path) : -1]:
            node = node.setdefault(part, {})
        node[sub_path[-1]] = sub_data
    return data


def _pruned(data: Any) -> Any:
    """For comparing data: without empty tables (a table whose last record was removed
    is gone from the text), and with each value's type, so True is not 1."""
    if isinstance(data, dict):
        out = {k: _pruned(v) for k, v in data.items()}
        return {k: v for k, v in out.items() if v != {} or not isinstance(data[k], dict)}
    if isinstance(data, list):
        return [_pruned(v) for v in data]
    return (type(data), data)


def _data_set(data: dict, table: TablePath, key: str, value: Any) -> None:
    node = data
    for part in table:
        node = node.setdefault(part, {})
    node[key] = value


def _data_del(data: dict, table: TablePath, key: str) -> None:
    node = data
    for part in table:
        node = node.get(part, {})
    node.pop(key, None)
