"""The statements of a TOML file, as the merge driver needs them.

A file is cut into statements (blank line, comment line, table header, key =
value; a value may span lines) and the statements into sections: the keys
before the first header, then one section per header. A section owns the
comment lines right above its header ("comments attached to a table travel
with it") and ends at its last key line; the comment lines right above the
next header belong to that header. Each key is known by (table path, key
path) and its value by what rtoml parsed, so the merge compares values, not
spellings.

This scanner is small and regex-driven (the driver runs once per file git
merges, so it must start and run fast: no tomlkit here). It only ever sees
text that rtoml has already accepted; anything it does not understand
raises NotMergeable and the driver falls back to a text merge.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import rtoml

TablePath = tuple[str, ...]
KeyPath = tuple[str, ...]


class NotMergeable(Exception):
    """The files cannot be merged key by key (not TOML, arrays of tables, or a scanner surprise)."""


class Stmt:
    """One statement: kind is blank, comment, header, aot or kv; path is the header's path or the key's path."""

    __slots__ = ("kind", "start", "end", "path", "table")

    def __init__(self, kind: str, start: int, end: int, path: tuple[str, ...], table: TablePath) -> None:
        self.kind, self.start, self.end, self.path, self.table = kind, start, end, path, table


class Section:
    """A table in the text: its header statement (None for the top-level keys), the
    statements it owns [start, end) and its keys in file order (key path -> statement index)."""

    __slots__ = ("path", "head", "start", "end", "keys")

    def __init__(self, path: TablePath, head: int | None, start: int, end: int) -> None:
        self.path, self.head, self.start, self.end = path, head, start, end
        self.keys: dict[KeyPath, int] = {}


class Doc:
    """One side of the merge: its text (without BOM, ending with a newline), statements, sections and values."""

    def __init__(self, text: str) -> None:
        self.bom = "\ufeff" if text.startswith("\ufeff") else ""
        text = text[len(self.bom) :]
        self.had_final_newline = not text or text.endswith("\n")
        nl = text.find("\n")
        self.nl = "\r\n" if nl > 0 and text[nl - 1] == "\r" else "\n" if nl >= 0 else ""
        if not self.had_final_newline:
            text += self.nl or "\n"
        self.text = text
        try:
            self.data: dict[str, Any] = rtoml.loads(text)
        except Exception as exc:
            raise NotMergeable(f"not valid TOML ({str(exc).strip().splitlines()[0] if str(exc).strip() else exc})") from None
        try:
            self.stmts = scan(text)
        except (IndexError, ValueError, AttributeError, KeyError, TypeError) as exc:
            raise NotMergeable(f"cannot follow the file's statements ({exc})") from None
        self.sections: dict[TablePath, Section] = {}
        self.order: list[TablePath] = []  # header paths in file order
        self._build_sections()
        self._comment_counts: Counter[str] | None = None
        self.values: dict[tuple[TablePath, KeyPath], Any] = {}
        for path, section in self.sections.items():
            for key in section.keys:
                self.values[(path, key)] = self._lookup(path + key)

    def _build_sections(self) -> None:
        stmts = self.stmts
        heads = [i for i, s in enumerate(stmts) if s.kind in ("header", "aot")]
        if any(stmts[i].kind == "aot" for i in heads):
            raise NotMergeable("it has arrays of tables ([[...]]), which are merged as text")
        n = len(stmts)
        first = heads[0] if heads else n
        while first > 0 and heads and stmts[first - 1].kind == "comment":
            first -= 1
        root = Section((), None, 0, first)
        self.sections[()] = root
        bounds = heads + [n]
        for h, i in enumerate(heads):
            j = bounds[h + 1]
            a = i
            while a > 0 and stmts[a - 1].kind == "comment":
                a -= 1
            b = j
            while b > i + 1 and stmts[b - 1].kind == "comment":
                b -= 1
            if j == n and (b == i + 1 or stmts[b - 1].kind != "blank"):
                b = j  # trailing comments glued to the last table's lines are its own
            while b > i + 1 and stmts[b - 1].kind == "blank":
                b -= 1
            path = stmts[i].path
            if path in self.sections:
                raise NotMergeable(f"[{'.'.join(path)}] appears twice")
            section = Section(path, i, a, b)
            section.keys = {stmts[k].path: k for k in range(i + 1, j) if stmts[k].kind == "kv"}
            self.sections[path] = section
            self.order.append(path)
        root.keys = {stmts[k].path: k for k in range(0, heads[0] if heads else n) if stmts[k].kind == "kv"}

    def _lookup(self, path: tuple[str, ...]) -> Any:
        node: Any = self.data
        for part in path:
            if not isinstance(node, dict) or part not in node:
                raise NotMergeable(f"the scanner and the parser disagree about {'.'.join(path)}")
            node = node[part]
        return node

    # --- text of parts ----------------------------------------------------------

    def stmt_text(self, i: int) -> str:
        s = self.stmts[i]
        return self.text[s.start : s.end]

    def span_text(self, first: int, last: int) -> str:
        """The text of statements first..last (inclusive)."""
        return self.text[self.stmts[first].start : self.stmts[last].end]

    def lead_comments(self, path: TablePath) -> str:
        section = self.sections[path]
        return "" if section.head is None else self.text[self.stmts[section.start].start : self.stmts[section.head].start]

    def comment_counts(self) -> Counter[str]:
        """How often each comment line (stripped) appears anywhere in the file."""
        if self._comment_counts is None:
            self._comment_counts = Counter(self.text[s.start : s.end].strip() for s in self.stmts if s.kind == "comment")
        return self._comment_counts

    def table_values(self, path: TablePath) -> dict[KeyPath, Any]:
        section = self.sections.get(path)
        return {} if section is None else {k: self.values[(path, k)] for k in section.keys}


def in_nl(text: str, nl: str) -> str:
    """``text`` with ``nl`` line endings."""
    if nl == "\r\n":
        return text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text.replace("\r\n", "\n")


def same(a: Any, b: Any) -> bool:
    """Whether two parsed values are the same: typed (true is not 1, 1 is not 1.0), NaN
    equal to itself, and CRLF inside strings read as LF (line endings are not content)."""
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is dict:
        return a.keys() == b.keys() and all(same(v, b[k]) for k, v in a.items())
    if kind is list:
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if a == b:
        return True
    if kind is float:
        return a != a and b != b
    if kind is str:
        return a.replace("\r\n", "\n") == b.replace("\r\n", "\n")
    return False


# --- the scanner ---------------------------------------------------------------

_WS = re.compile(r"[ \t]*")
_STR = r'"(?!"")(?:[^"\\\r\n]|\\.)*"' + r"|'(?!'')[^'\r\n]*'"
_FLAT = r"(?:[^\[\]{}\"'#\r\n]|" + _STR + ")*"
_EOL = r"[ \t]*(?:#[^\r\n]*)?(?:\r?\n|\Z)"
_BARE_PATH = r"[A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*"
# The usual lines, matched whole: a bare key = a one-line string, scalar, flat array or
# flat inline table; a [bare.header]; a blank or comment line. Anything else takes the slow path.
_FAST_KV = re.compile(r"[ \t]*(" + _BARE_PATH + r")[ \t]*=[ \t]*(?:" + _STR + r"|[^\"'\[{\s#][^\r\n#]*|\[" + _FLAT + r"\]|\{" + _FLAT + r"\})" + _EOL)
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


def scan(text: str) -> list[Stmt]:
    """The statements of ``text`` (valid TOML, ending with a newline)."""
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
    """Up to two quotes right before the closing delimiter are content: ``""""`` ends one later."""
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
