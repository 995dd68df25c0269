"""The statements of a TOML file and where they are in its text.

A statement is a blank line, a comment line, a table header or a key =
value (a value may span lines). An Edit finds with them where a new key
goes (after the last key line of its own table), which lines a removed
table takes with it, and where a record's block of tables ends.

The scanner is only given text that tomlkit already parsed, so it is valid
TOML; what it does not understand raises ScanError (or IndexError and
ValueError), never a wrong answer.
"""

from __future__ import annotations

import re

TablePath = tuple[str, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class Stmt:
    """One statement of the file: a blank line, a comment line, a header or a key/value (which may span lines).

    kind is blank, comment, header, aot or kv; path is the header's path or
    the key's whole path (its table's path, then the key's parts).
    """

    __slots__ = ("kind", "start", "end", "path", "indent")

    def __init__(self, kind: str, start: int, end: int, path: TablePath, indent: str) -> None:
        self.kind, self.start, self.end, self.path, self.indent = kind, start, end, path, indent

    @property
    def is_header(self) -> bool:
        return self.kind in ("header", "aot")


class ScanError(Exception):
    """The scanner met something it does not expect in valid TOML."""


_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}
_HEX_LEN = {"u": 4, "U": 8, "x": 2}


def scan(text: str) -> list[Stmt]:
    """The statements of ``text``, in order; together they cover it all."""
    out: list[Stmt] = []
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
                raise ScanError(f"expected = at offset {pos}")
            pos = _skip_value(text, _skip_blank(text, pos + 1))
            path = table + keys
        end = text.find("\n", pos)
        end = n if end < 0 else end + 1
        out.append(Stmt(kind, start, end, path, indent))
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
                raise ScanError(f"unexpected {c!r} in a key at offset {pos}")
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
                raise ScanError(f"unknown escape \\{e}")
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
            raise ScanError("unterminated multi-line string")
        if quote == '"':
            slash = text.find("\\", pos, close)
            if slash >= 0:
                pos = slash + 2
                continue
        end = close + 3
        while end < len(text) and text[end] == quote and end - close < 5:
            end += 1
        return end


def section_range(stmts: list[Stmt], i: int, j: int) -> tuple[int, int]:
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
