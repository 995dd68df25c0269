"""The statements of a TOML file and where they are in its text.

A file is cut into statements: a blank line, a comment line, a table header
([t] or [[t]]) or a key = value (a value may span lines). Two writers use
them: the merge driver (merge/text.py) cuts a file into sections with them
and an Edit (storage.py) finds where a new key goes (after the last key
line of its own table), which lines a removed table takes with it, and
where a record's block of tables ends.

The scanner is small and regex-driven (the merge driver runs once per file
git merges, so it must start and run fast: no tomlkit here). It is only
given text a parser already accepted; anything it does not follow raises
ScanError, never a wrong answer.
"""

from __future__ import annotations

import re

TablePath = tuple[str, ...]


class Stmt:
    """One statement: kind is blank, comment, header, aot or kv; start and end are offsets
    in the text (end after the line break); path is the header's path or the key's path
    (its parts within its table), and table the path of the table it is in."""

    __slots__ = ("end", "kind", "path", "start", "table")

    def __init__(self, kind: str, start: int, end: int, path: tuple[str, ...], table: TablePath) -> None:
        self.kind, self.start, self.end, self.path, self.table = kind, start, end, path, table

    @property
    def is_header(self) -> bool:
        return self.kind in ("header", "aot")

    def indent(self, text: str) -> str:
        """The spaces and tabs the statement's line starts with."""
        return _WS.match(text, self.start).group()  # type: ignore[union-attr]


class ScanError(Exception):
    """The scanner could not follow the text (which should not happen with valid TOML)."""


def scan(text: str) -> list[Stmt]:
    """The statements of ``text`` (valid TOML), in order; together they cover it all."""
    try:
        return _scan(text)
    except (IndexError, ValueError, AttributeError, KeyError, TypeError) as exc:
        raise ScanError(str(exc)) from None


def section_bounds(stmts: list[Stmt], i: int, j: int) -> tuple[int, int]:
    """The statements [a, b) the header stmts[i] owns, up to the next header at j.

    It owns the comment lines right above it and ends at its last key line:
    the comment lines right above the next header belong to that one. At the
    end of the file, comment lines glued to its last line are its own (a
    comment block after a blank line is a footer).
    """
    a = i
    while a > 0 and stmts[a - 1].kind == "comment":
        a -= 1
    b = j
    while b > i + 1 and stmts[b - 1].kind == "comment":
        b -= 1
    if j == len(stmts) and (b == i + 1 or stmts[b - 1].kind != "blank"):
        b = j  # trailing comments glued to the last table's lines are its own
    while b > i + 1 and stmts[b - 1].kind == "blank":
        b -= 1
    return a, b


def section_range(stmts: list[Stmt], i: int, j: int) -> tuple[int, int]:
    """The text of the header stmts[i] and its lines (up to the next header at j) to cut.

    Its section (section_bounds) goes, with the blank lines before it; those
    after it stay, so the gap that was after it is now after what came
    before. At the top of the file, the blank lines after it go. Before
    another header, comment lines after a blank line stay too: they are the
    next section's heading ("# --- Risks", a blank line, its first table).
    """
    a, b = section_bounds(stmts, i, j)
    if j < len(stmts):
        k = b
        while k > i + 1 and stmts[k - 1].kind in ("comment", "blank"):
            k -= 1
        while k < b and stmts[k].kind == "comment":
            k += 1
        b = k
    before = a
    while before > 0 and stmts[before - 1].kind == "blank":
        before -= 1
    if before > 0:
        return stmts[before].start, stmts[b - 1].end
    while b < j and stmts[b].kind == "blank":
        b += 1
    return 0, stmts[b - 1].end


def block_end(stmts: list[Stmt], prefix: TablePath) -> int | None:
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


def kind_end(stmts: list[Stmt], table: TablePath, follows: tuple[str, ...] = ()) -> int | None:
    """Where a new record of ``table`` goes: after the last line of the last record of that kind
    (its sub-tables included), else before the comment heading of the first table whose kind is
    in ``follows`` (the kinds that come after it); None when neither is in the file.

    The offset is the end of a statement with content, so what follows it (blank lines, the next
    section's comments) stays after the new record.
    """
    heads = [k for k, s in enumerate(stmts) if s.is_header]
    mine = [k for k in heads if stmts[k].path[: len(table)] == table]
    if mine:
        return block_end(stmts, stmts[mine[-1]].path)
    nxt = next((k for k in heads if stmts[k].path[:1] and stmts[k].path[0] in follows), None)
    if nxt is None:
        return None
    before = next((k for k in range(nxt - 1, -1, -1) if stmts[k].kind not in ("blank", "comment")), None)
    return None if before is None else stmts[before].end


def value_span(text: str, stmt: Stmt) -> tuple[int, int]:
    """Where the value of the key = value statement ``stmt`` starts and ends in ``text``.

    A string, array or inline table ends at its closing delimiter; a number,
    date or boolean at the comment or the line's end (trailing spaces not
    included).
    """
    try:
        _, p = _read_key(text, _WS.match(text, stmt.start).end())  # type: ignore[union-attr]
        start = _WS.match(text, p + 1).end()  # type: ignore[union-attr]
        end = _skip_value(text, start)
    except (IndexError, ValueError, AttributeError, KeyError, TypeError) as exc:
        raise ScanError(str(exc)) from None
    if end == start:  # a scalar: up to the comment or the line break
        stop = text.find("#", start, stmt.end)
        end = start + len(text[start : stmt.end if stop < 0 else stop].rstrip(" \t\r\n"))
    return start, end


_WS = re.compile(r"[ \t]*")
_STR = r'"(?!"")(?:[^"\\\r\n]|\\.)*"' + r"|'(?!'')[^'\r\n]*'"
_FLAT = r"(?:[^\[\]{}\"'#\r\n]|" + _STR + ")*"
_EOL = r"[ \t]*(?:#[^\r\n]*)?(?:\r?\n|\Z)"
_BARE_PATH = r"[A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*"
# The usual lines, matched whole: a bare key = a one-line string, scalar, flat array or
# flat inline table; a [bare.header]; a blank or comment line. Anything else takes the slow path.
_FAST_KV = re.compile(
    r"[ \t]*("
    + _BARE_PATH
    + r")[ \t]*=[ \t]*(?:"
    + _STR
    + r"|[^\"'\[{\s#][^\r\n#]*|\["
    + _FLAT
    + r"\]|\{"
    + _FLAT
    + r"\})"
    + _EOL
)
_FAST_HEADER = re.compile(r"[ \t]*\[[ \t]*(" + _BARE_PATH + r")[ \t]*\]" + _EOL)
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_BASIC = re.compile(r'"((?:[^"\\\r\n]|\\.)*)"')
_LITERAL = re.compile(r"'([^'\r\n]*)'")
_ML_BASIC_END = re.compile(r'(?:[^"\\]+|\\.|"(?!""))*"""', re.S)
_OTHER = re.compile(r"[^\"'#\[\]{}]+")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|(.))", re.S)
_SIMPLE = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1) or m.group(2) or m.group(3)
    if code:
        return chr(int(code, 16))
    return _SIMPLE[m.group(4)]


def _scan(text: str) -> list[Stmt]:
    out: list[Stmt] = []
    n = len(text)
    pos = 0
    table: TablePath = ()
    while pos < n:
        start = pos
        m = _FAST_KV.match(text, pos)
        if m:
            out.append(Stmt("kv", start, m.end(), _split(m.group(1)), table))
            pos = m.end()
            continue
        m = _FAST_HEADER.match(text, pos)
        if m:
            table = _split(m.group(1))
            out.append(Stmt("header", start, m.end(), table, table))
            pos = m.end()
            continue
        p = _WS.match(text, pos).end()  # type: ignore[union-attr]
        c = text[p] if p < n else "\n"
        path: tuple[str, ...] = ()
        if c in "\r\n":
            kind = "blank"
        elif c == "#":
            kind = "comment"
        elif c == "[":
            kind = "aot" if text.startswith("[[", p) else "header"
            path, p = _read_key(text, p + (2 if kind == "aot" else 1))
            table = path
        else:
            kind = "kv"
            path, p = _read_key(text, p)
            if text[p] != "=":
                raise ValueError(f"expected = at offset {p}")
            p = _skip_value(text, _WS.match(text, p + 1).end())  # type: ignore[union-attr]
        end = text.find("\n", p)
        end = n if end < 0 else end + 1
        out.append(Stmt(kind, start, end, path, table))
        pos = end
    return out


def _split(key: str) -> tuple[str, ...]:
    parts = key.split(".")
    return tuple(p.strip(" \t") for p in parts) if " " in key or "\t" in key else tuple(parts)


def _read_key(text: str, pos: int) -> tuple[tuple[str, ...], int]:
    parts: list[str] = []
    while True:
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        c = text[pos]
        if c == '"':
            m = _BASIC.match(text, pos)
            part = _ESCAPE.sub(_unescape, m.group(1))  # type: ignore[union-attr]
        elif c == "'":
            m = _LITERAL.match(text, pos)
            part = m.group(1)  # type: ignore[union-attr]
        else:
            m = _BARE.match(text, pos)
            part = m.group()  # type: ignore[union-attr]
        parts.append(part)
        pos = _WS.match(text, m.end()).end()  # type: ignore[union-attr]
        if text[pos] != ".":
            return tuple(parts), pos
        pos += 1


def _skip_string(text: str, pos: int) -> int:
    if text.startswith('"""', pos):
        end = _ML_BASIC_END.match(text, pos + 3).end()  # type: ignore[union-attr]
        return _extra_quotes(text, end, '"')
    if text.startswith("'''", pos):
        end = text.index("'''", pos + 3) + 3
        return _extra_quotes(text, end, "'")
    m = (_BASIC if text[pos] == '"' else _LITERAL).match(text, pos)
    return m.end()  # type: ignore[union-attr]


def _extra_quotes(text: str, end: int, quote: str) -> int:
    """Up to two quotes right before the closing delimiter are content: ``""" "`` ends one later." ""
    extra = 0
    while extra < 2 and end < len(text) and text[end] == quote:
        end += 1
        extra += 1
    return end


def _skip_value(text: str, pos: int) -> int:
    """Past a value that may span lines; a number, date or boolean ends on its own line."""
    c = text[pos]
    if c in "\"'":
        return _skip_string(text, pos)
    if c not in "[{":
        return pos
    depth = 0
    while True:
        c = text[pos]
        if c in "[{":
            depth += 1
            pos += 1
        elif c in "]}":
            depth -= 1
            pos += 1
            if depth == 0:
                return pos
        elif c in "\"'":
            pos = _skip_string(text, pos)
        elif c == "#":
            pos = text.index("\n", pos)
        else:
            pos = _OTHER.match(text, pos).end()  # type: ignore[union-attr]
