"""The statements of a TOML file, as the merge driver needs them.

A file is cut into statements (blank line, comment line, table header, key =
value; a value may span lines) and the statements into sections: the keys
before the first header, then one section per header. A section owns the
comment lines right above its header ("comments attached to a table travel
with it") and ends at its last key line; the comment lines right above the
next header belong to that header. Each key is known by (table path, key
path) and its value by what rtoml parsed, so the merge compares values, not
spellings.

The statements come from the scanner in toml_text/statements.py (fast, no
tomlkit: the driver runs once per file git merges). It only ever sees text
that rtoml has already accepted; anything it does not follow raises
NotMergeable and the driver falls back to a text merge.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import rtoml

from workspace_schema.toml_text.statements import ScanError, TablePath, scan, section_bounds

KeyPath = tuple[str, ...]


class NotMergeable(Exception):
    """The files cannot be merged key by key (not TOML, arrays of tables, or a scanner surprise)."""


class Section:
    """A table in the text: its header statement (None for the top-level keys), the
    statements it owns [start, end) and its keys in file order (key path -> statement index)."""

    __slots__ = ("end", "head", "keys", "path", "start")

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
            raise NotMergeable(
                f"not valid TOML ({str(exc).strip().splitlines()[0] if str(exc).strip() else exc})"
            ) from None
        try:
            self.stmts = scan(text)
        except ScanError as exc:
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
        heads = [i for i, s in enumerate(stmts) if s.is_header]
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
            a, b = section_bounds(stmts, i, j)
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
        return (
            "" if section.head is None else self.text[self.stmts[section.start].start : self.stmts[section.head].start]
        )

    def comment_counts(self) -> Counter[str]:
        """How often each comment line (stripped) appears anywhere in the file."""
        if self._comment_counts is None:
            self._comment_counts = Counter(
                self.text[s.start : s.end].strip() for s in self.stmts if s.kind == "comment"
            )
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
        return bool(a != a and b != b)
    if kind is str:
        return bool(a.replace("\r\n", "\n") == b.replace("\r\n", "\n"))
    return False
