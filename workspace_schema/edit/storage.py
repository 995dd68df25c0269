"""Edit one TOML file and keep the user's formatting; save atomically, never over someone else's change.

Reading the workspace uses rtoml (loader.py); editing uses tomlkit on the one
file being changed, so comments, key order, blank lines and alignment
survive and changing one value changes one line.

The usual edit, a key on a line of its own getting a one-line value, is
made on the text: the value's characters are replaced and the end-of-line
comment keeps its column (Edit._set_line; a property test checks it writes
exactly what the tomlkit path writes). tomlkit parses the file only when an
edit needs its model, which is 110 ms of a 330 ms `ducu set` on a 40-item
file otherwise.

Other values of existing keys are replaced through tomlkit's model, which keeps
the key's spelling, its alignment and the end-of-line comment; we also keep
the comment's column when the value gets shorter or longer. What tomlkit
0.15.2 does badly is worked around (each has a test in tests/test_storage.py):

- A new key: tomlkit appends it after the table's trailing comments (the
  comment that belongs to the next header) and writes "\n" into CRLF files.
  Here it goes after the last key line of its own table, found by a small
  scanner of statements (toml_text/statements.py), with the file's line ending.
- New records and sub-tables are written as text blocks (toml_text/render.py);
  removing a record cuts its lines (tomlkit keeps the blank lines and
  comments before a header inside the previous table, so its own removal
  leaves them wrong).
- Adding or removing a key of an inline table leaves odd spaces: the
  { ... } is written again.
- Dates inside [ ] or { } losing their spaces, multi-line arrays, comment
  columns and booleans read as plain bools: tomlkit_fixes.py.
- Values are rendered by render_value (toml_text/render.py): dicts as inline
  tables, and characters that editors and diffs treat as line breaks or
  hide as \\u escapes.

Every edit is also applied to a plain copy of the data (Edit.data); save()
parses the new text with rtoml (the loader's parser) and writes only if it
gives exactly that data, types included. Then the text goes to disk with
atomic_write, and only if the bytes on disk are still the ones that were
read; otherwise our version is kept in ``<file>.mine`` and StaleFile says
what to do.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import rtoml
import tomlkit
from tomlkit.container import OutOfOrderTableProxy
from tomlkit.items import AoT, Array, Date, InlineTable, Table

from workspace_schema.core.errors import EditError, StaleFile
from workspace_schema.core.ids import id_problem
from workspace_schema.edit.atomic import ABSENT, ChangedOnDisk, atomic_write, sha256_of
from workspace_schema.edit.files import free_mine_path, read_for_edit
from workspace_schema.toml_text.render import (
    SUB_TABLES,
    dotted,
    plain,
    render_key,
    render_record,
    render_value,
)
from workspace_schema.toml_text.statements import (
    ScanError,
    Stmt,
    TablePath,
    block_end,
    kind_end,
    scan,
    section_range,
    value_span,
)
from workspace_schema.toml_text.tomlkit_fixes import (
    edit_lines_of_array,
    item_of,
    keep_comment_column,
    parse_doc,
    text_width,
    value_item,
)

# The order of a project file's kinds of record, as ducu writes them (docs/format.md).
KIND_ORDER = ("project", "goals", "milestones", "tasks", "risks", "changes", "log")

__all__ = ["KIND_ORDER", "Edit", "EditError", "StaleFile", "atomic_write", "render_key", "render_value"]


class Edit:
    """One file opened for editing. Make changes with set/unset/add_record/remove_record, then save()."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        real: Path,
        raw: bytes | None,
        text: str,
        bom: str,
        doc: tomlkit.TOMLDocument | None,
        data: dict[str, Any],
    ) -> None:
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
    def open(
        cls, path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None, missing_ok: bool = False
    ) -> Edit:
        """Read and parse ``path``. A link must point inside ``root`` (default: the file's own folder).

        With ``missing_ok`` a file that does not exist opens as empty, and
        save() creates it (refusing if someone else created it meanwhile).
        """
        real, raw, bom, text = read_for_edit(path, root, missing_ok)
        try:
            data = rtoml.loads(text)
        except Exception as exc:
            message = str(exc).strip()
            m = re.search(r"at line (\d+) column (\d+)", message)
            line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
            raise EditError(
                f"is not valid TOML: {message}. Fix the syntax; ducu will not rewrite this file until it parses.",
                str(path),
                line,
                col,
            ) from None
        return cls(path, real, raw, text, bom, None, data)

    # --- the current state ----------------------------------------------------

    def text(self) -> str:
        """The file's new text."""
        return self._bom + self._text()

    @property
    def data(self) -> dict[str, Any]:
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
        """tomlkit's model of the current text, parsed when an edit first needs it."""
        if self._doc is None:
            text = self._text()
            doc = parse_doc(text, self.path, mine=text != self._original[len(self._bom) :])
            if doc.as_string() != text:
                raise EditError(
                    "tomlkit cannot write this file back unchanged, so ducu will not edit it; edit it by hand.",
                    self.path,
                )
            self._doc = doc
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
                raise EditError(
                    f"[[{dotted(table[: depth + 1])}]] is an array of tables; ducu does not edit inside it.", self.path
                )
            if not isinstance(node, (Table, InlineTable, OutOfOrderTableProxy)):
                raise EditError(f"`{dotted(table[: depth + 1])}` is a value, not a table.", self.path)
        return node

    # --- changing values ------------------------------------------------------

    def set(self, table: TablePath, key: str, value: Any) -> None:
        """Set ``key`` of the table at ``table`` to ``value`` (one line changes)."""
        table = _table_path(table)
        rendered = render_value(value)
        render_key(key)
        if self._set_line(table, key, rendered):
            _data_set(self._data, table, key, plain(value))
            return
        container = self._container(table)
        if container is not None and key in container:
            old = item_of(container, key)
            if isinstance(old, (Table, AoT, OutOfOrderTableProxy)):
                self._set_table(table, key, old, value)
                return
            if isinstance(old, Array) and isinstance(value, (list, tuple)) and "\n" in old.as_string():
                edit_lines_of_array(old, list(value))
                self._touched_doc()
                _data_set(self._data, table, key, plain(value))
                return
            new = value_item(rendered)
            if isinstance(container, InlineTable):
                # the spaces after an old date are in its raw text (see keep_date_spaces)
                tail = old.as_string()[len(old.as_string().rstrip(" \t")) :]
                if tail and not isinstance(new, Date):
                    self._set_in_inline(table, key, value)
                    return
                if tail:
                    assert isinstance(new, Date)  # any other kind of value went to _set_in_inline above
                    new._raw += tail
            keep_comment_column(old, new)
            container[key] = new
            self._touched_doc()
        elif isinstance(container, InlineTable):
            self._set_in_inline(table, key, value)
            return
        else:
            self._add_key(table, key, rendered, container)
        _data_set(self._data, table, key, plain(value))

    def _set_line(self, table: TablePath, key: str, rendered: str) -> bool:
        """The usual case without tomlkit: ``key`` is on a line of its own in [table] and the
        value fits on one line, so only the value's text is replaced (the end-of-line comment
        keeps its column). False when the file is laid out otherwise; save() checks the result."""
        if self._body is None or "\n" in rendered:
            return False  # the tree holds edits the text does not have yet
        body = self._body
        stmts = _scan(body)
        found = [s for s in stmts if s.kind == "kv" and s.table == table and s.path == (key,)]
        heads = [s for s in stmts if s.is_header and s.path == table]
        if len(found) != 1 or len(heads) != (1 if table else 0) or any(h.kind == "aot" for h in heads):
            return False
        stmt = found[0]
        try:
            start, end = value_span(body, stmt)
        except ScanError:
            return False
        old = body[start:end]
        if "\n" in old:
            return False
        rest = body[end : stmt.end]
        gap = len(rest) - len(rest.lstrip(" \t"))
        if rest[gap:].startswith("#") and not rest[:gap].strip(" "):
            rest = " " * max(1, text_width(old) + gap - text_width(rendered)) + rest[gap:]
        self._set_text(body[:start] + rendered + rest + body[stmt.end :])
        return True

    def unset(self, table: TablePath, key: str) -> None:
        """Remove ``key`` (its line, with its comment) from the table at ``table``; nothing if it is not there."""
        table = _table_path(table)
        container = self._container(table)
        if container is None or key not in container:
            return
        old = item_of(container, key)
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
            raise EditError(f"[{dotted(where)}] is a table; set its keys one by one, or remove it first.", self.path)
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
                raise EditError(f"[[{dotted(table)}]] is an array of tables; ducu does not edit inside it.", self.path)
            first = heads[0] + 1 if heads else 0
            stop = next((k for k in range(first, len(stmts)) if stmts[k].is_header), len(stmts))
            keys = [k for k in range(first, stop) if stmts[k].kind == "kv"]
            if keys:
                after = stmts[keys[-1]]
                self._insert(body, after.end, after.indent(body) + line + self._nl)
            elif heads:
                self._insert(body, stmts[heads[0]].end, line + self._nl)
            else:
                self._insert(body, 0, line + self._nl + (self._nl if body.strip() else ""))
            return
        if isinstance(container, Table) and not container.is_super_table():
            # a table made by dotted keys (raci.accountable = ...) inside its parent
            new = value_item(rendered)
            new.trivia.trail = self._nl
            container[key] = new
            self._touched_doc()
            return
        if container is not None:
            # a table that only exists through its sub-tables ([m.x.raci] but no [m.x]): give it a header above them
            sub_head = next((k for k, s in enumerate(stmts) if s.is_header and s.path[: len(table)] == table), None)
            if sub_head is not None:
                while sub_head > 0 and stmts[sub_head - 1].kind == "comment":
                    sub_head -= 1
                self._insert(body, stmts[sub_head].start, f"[{dotted(table)}]{self._nl}{line}{self._nl}{self._nl}")
                return
        if len(table) > 1 and table[-1] not in SUB_TABLES:
            raise EditError(
                f"there is no [{dotted(table)}] in the file (was it removed?); reload and try again.", self.path
            )
        self._add_table(table[:-1] or None, f"[{dotted(table)}]{self._nl}{line}{self._nl}")

    def _insert(self, body: str, at: int, text: str) -> None:
        if at > 0 and body[at - 1] != "\n":
            text = self._nl + text
        self._set_text(body[:at] + text + body[at:])

    def begin(self, header: str) -> None:
        """A file that is still empty starts with ``header`` (its #:schema line) and a blank line."""
        if self._text().strip():
            raise EditError("begin() is for a new, empty file", self.path)
        self._set_text(header.rstrip("\r\n") + self._nl + self._nl)

    # --- records --------------------------------------------------------------

    def add_record(self, table: TablePath, rid: str, fields: dict[str, Any]) -> None:
        """Add [table.rid] with ``fields`` after the last record of its kind (after its parent record, for
        nested ones); the first of its kind goes before the kinds that follow it in KIND_ORDER, or at the end.

        Dicts under "raci" and "steps" become sub-tables after it; other dicts
        are inline tables; keys whose value is None are left out.
        """
        table = _table_path(table)
        problem = id_problem(rid) if isinstance(rid, str) else "an id must be text"
        if problem:
            raise EditError(f"cannot add [{dotted(table)}.{rid!r}]: {problem}.", self.path)
        if self._container(table) is not None and rid in self._container(table):
            raise EditError(f"[{dotted((*table, rid))}] already exists.", self.path)
        lines: list[str] = []
        data = render_record((*table, rid), fields, lines)
        block = self._nl.join(lines) + self._nl
        if len(table) == 1:
            self._add_top_record(table, block)
        else:
            self._add_table(table[:-1], block)
        _data_set(self._data, table, rid, data)

    def _add_top_record(self, table: TablePath, block: str) -> None:
        body = self._text()
        order = KIND_ORDER.index(table[0]) + 1 if table[0] in KIND_ORDER else len(KIND_ORDER)
        end = kind_end(_scan(body), table, KIND_ORDER[order:])
        if end is None:
            self._add_table(None, block)
        else:
            self._insert(body, end, self._nl + block)

    def _add_table(self, parent: TablePath | None, block: str) -> None:
        """Add a block of tables: after the lines of the ``parent`` record, or at the end of the file."""
        body = self._text()
        end = block_end(_scan(body), parent) if parent else None
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
            raise EditError(f"there is no [{dotted((*table, rid))}] in the file.", self.path)
        self._cut((*table, rid))
        _data_del(self._data, table, rid)

    def _cut(self, prefix: TablePath) -> None:
        body = self._text()
        stmts = _scan(body)
        heads = [k for k, s in enumerate(stmts) if s.is_header] + [len(stmts)]
        ranges = [
            section_range(stmts, i, heads[n + 1])
            for n, i in enumerate(heads[:-1])
            if stmts[i].path[: len(prefix)] == prefix
        ]
        ranges += [(s.start, s.end) for s in stmts if s.kind == "kv" and (s.table + s.path)[: len(prefix)] == prefix]
        if not ranges:
            raise EditError(f"cannot find the lines of [{dotted(prefix)}]; edit the file by hand.", self.path)
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
            raise EditError(
                f"ducu made text that does not parse ({exc}); nothing was written. Please report this.", self.path
            ) from None
        if _pruned(got) != _pruned(self._data):
            raise EditError(
                "ducu could not make this change faithfully with the file's layout; nothing was written. Make it by hand.",
                self.path,
            )

    def save(self) -> None:
        """Write the new text atomically; StaleFile if the file changed on disk since open()."""
        if not self.changed:
            return
        self.check()
        data = self.text().encode("utf-8")
        try:
            atomic_write(self._real, data, expect_sha256=self._sha)
        except ChangedOnDisk:
            mine = free_mine_path(self.path, data)
            atomic_write(mine, data)
            raise StaleFile(self.path, mine) from None
        self._sha = sha256_of(data)
        self._original = self.text()


def _scan(text: str) -> list[Stmt]:
    """The statements of a file that tomlkit already parsed (so it is valid TOML)."""
    try:
        return scan(text)
    except ScanError as exc:  # a bug here must not write a wrong file
        raise EditError(f"cannot find my way in the file ({exc or 'unexpected end'}); edit it by hand") from None


def _table_path(table: Any) -> TablePath:
    if isinstance(table, str) or not all(isinstance(p, str) for p in table):
        raise EditError(f'a table path is a tuple of keys, like ("milestones", "x"), got {table!r}')
    return tuple(table)


def _pruned(data: Any) -> Any:
    """For comparing data: without empty tables (a table whose last record was removed
    is gone from the text), and with each value's type, so True is not 1."""
    if isinstance(data, dict):
        out = {k: _pruned(v) for k, v in data.items()}
        return {k: v for k, v in out.items() if v != {} or not isinstance(data[k], dict)}
    if isinstance(data, list):
        return [_pruned(v) for v in data]
    return (type(data), data)


def _data_set(data: dict[str, Any], table: TablePath, key: str, value: Any) -> None:
    node = data
    for part in table:
        node = node.setdefault(part, {})
    node[key] = value


def _data_del(data: dict[str, Any], table: TablePath, key: str) -> None:
    node = data
    for part in table:
        node = node.get(part, {})
    node.pop(key, None)
