"""The key-by-key part of the TOML merge: a plan of edits to OUR text, and the data it must give.

merge.py explains what is merged how. Here: _Plan holds our statements, each
kept, replaced or removed, with their lines and conflict blocks inserted
before or after them; _Expect holds what the merged file must parse to when
every conflict is resolved our way and their way; merge_docs fills both from
the three sides, and render_plan writes the text with git-style markers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import rtoml

from workspace_schema.merge.text import Doc, KeyPath, NotMergeable, in_nl, same
from workspace_schema.toml_text.statements import ScanError, TablePath, value_span

_MISSING: Any = object()


@dataclass(frozen=True)
class Conflict:
    """One conflict block in the merged text.

    For a key: ``key`` is its dotted name inside [table_path] and base / ours /
    theirs are the parsed values (None where that side has no such key). For
    a whole table (removed on one side, edited on the other): ``key`` is ""
    and the values are the table's dicts. After a text merge: table_path is
    (), key is "" and the values are the lines of each side. ``line`` is the
    1-based line of the ``<<<<<<<`` marker in the result.
    """

    table_path: TablePath
    key: str
    base: Any
    ours: Any
    theirs: Any
    line: int


# --- the plan: our statements, with their changes applied -------------------------------


class _Clash:
    """A conflict block waiting for its line number."""

    __slots__ = ("base", "ours", "theirs", "where")

    def __init__(self, ours: str, base: str, theirs: str, where: tuple[TablePath, str, Any, Any, Any]) -> None:
        self.ours, self.base, self.theirs, self.where = ours, base, theirs, where


class _Plan:
    """Our statements, each kept, replaced or removed, with text inserted before or after them."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.replace: dict[int, list[Any]] = {}
        self.before: defaultdict[int, list[Any]] = defaultdict(list)
        self.after_keys: defaultdict[int, list[Any]] = defaultdict(list)  # key lines come before table blocks
        self.after_blocks: defaultdict[int, list[Any]] = defaultdict(list)
        self.end_keys: list[
            Any
        ] = []  # top-level keys of a file without tables or keys: before any table added at the end
        self.end: list[Any] = []

    def pieces(self) -> Iterator[str | _Clash]:
        doc = self.doc
        for i in range(len(doc.stmts)):
            yield from self.before.get(i, ())
            if i in self.replace:
                yield from self.replace[i]
            else:
                yield doc.stmt_text(i)
            yield from self.after_keys.get(i, ())
            yield from self.after_blocks.get(i, ())
        yield from self.end_keys
        yield from self.end

    def remove(self, first: int, stop: int) -> None:
        """Remove statements [first, stop) and the blank lines before them (after them at the top of the file)."""
        stmts = self.doc.stmts
        while first > 0 and stmts[first - 1].kind == "blank":
            first -= 1
        if first == 0:
            while stop < len(stmts) and stmts[stop].kind == "blank":
                stop += 1
        for i in range(first, stop):
            self.replace[i] = []

    def wrap(self, first: int, stop: int, clash: _Clash) -> None:
        """Put statements [first, stop) inside a conflict block."""
        self.replace[first] = [clash]
        for i in range(first + 1, stop):
            self.replace[i] = []

    def add_block(self, anchor: int | None, pieces: list[Any], nl: str) -> None:
        """Add a block of tables after statement ``anchor`` (or at the end), after a blank line."""
        if anchor is not None:
            self.after_blocks[anchor] += [nl, *pieces]
            return
        text = self.doc.text
        if self.end or (text.strip() and not text.endswith(nl + nl)):
            self.end.append(nl)
        self.end += pieces


class _Expect:
    """What the merged file must hold: header paths and (table, key) -> value."""

    def __init__(self, doc: Doc) -> None:
        self.headers = set(doc.sections)
        self.values = dict(doc.values)

    def set(self, table: TablePath, key: KeyPath, value: Any) -> None:
        if value is _MISSING:
            self.values.pop((table, key), None)
        else:
            self.values[(table, key)] = value

    def drop_table(self, doc: Doc, table: TablePath) -> None:
        self.headers.discard(table)
        for key in doc.sections[table].keys:
            self.values.pop((table, key), None)

    def add_table(self, doc: Doc, table: TablePath) -> None:
        self.headers.add(table)
        for key in doc.sections[table].keys:
            self.values[(table, key)] = doc.values[(table, key)]

    def data(self) -> dict[str, Any]:
        root: dict[str, Any] = {}
        for table in self.headers:
            _walk(root, table)
        for (table, key), value in self.values.items():
            _walk(root, table + key[:-1])[key[-1]] = value
        return root


def _walk(node: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    for part in path:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise NotMergeable(f"{'.'.join(path)} would be both a value and a table")
    return node


# --- the merge ---------------------------------------------------------------------


def merge_docs(base: Doc, ours: Doc, theirs: Doc, nl: str) -> tuple[_Plan, _Expect, _Expect]:
    plan = _Plan(ours)
    want_ours, want_theirs = _Expect(ours), _Expect(ours)  # the data when each conflict is resolved our way / their way
    tb, to, tt = set(base.sections), set(ours.sections), set(theirs.sections)
    claimed: set[TablePath] = set()

    # Tables they removed that we kept: removed too, unless we edited them.
    for root in _roots(tb & to - tt, ours.order):
        unit = [h for h in ours.order if h[: len(root)] == root and h not in tt]
        claimed.update(unit)
        for h in unit:
            want_theirs.drop_table(ours, h)
        if not _edited(ours, base, unit):
            for h in unit:
                want_ours.drop_table(ours, h)
                plan.remove(ours.sections[h].start, ours.sections[h].end)
            continue
        where = (root, "", _table_value(base, root), _table_value(ours, root), None)
        for first, last in _runs(ours, unit):
            clash = _Clash(ours.span_text(first, last), _blocks(base, [h for h in unit if h in tb], nl), "", where)
            plan.wrap(first, last + 1, clash)

    # Tables we removed that they kept: stay removed, unless they edited them.
    for root in _roots(tb & tt - to, theirs.order):
        unit = [h for h in theirs.order if h[: len(root)] == root and h not in to]
        claimed.update(unit)
        if not _edited(theirs, base, unit):
            continue
        for h in unit:
            want_theirs.add_table(theirs, h)
        where = (root, "", _table_value(base, root), None, _table_value(theirs, root))
        clash = _Clash("", _blocks(base, [h for h in unit if h in tb], nl), _blocks(theirs, unit, nl), where)
        plan.add_block(_block_anchor(ours, root), [clash], nl)

    # Tables on both sides: key by key, then the comment lines they added, changed or removed.
    for table in [(), *ours.order]:
        if table in tt:
            _merge_keys(plan, base, ours, theirs, table, want_ours, want_theirs, nl)
            if table in tb:
                _merge_comments(plan, base, ours, theirs, table, nl)

    # Tables only they added.
    known_comments = {base.lead_comments(h) for h in base.order} & {ours.lead_comments(h) for h in ours.order}
    known_comments.discard("")
    new = [h for h in theirs.order if h not in to and h not in tb and h not in claimed]
    for run in _new_runs(theirs, new):
        first_sec, last_sec = theirs.sections[run[0]], theirs.sections[run[-1]]
        start: int | None = first_sec.start
        if theirs.lead_comments(run[0]) in known_comments:
            start = first_sec.head  # the comment above it is one of ours that they only moved up
        assert start is not None and first_sec.head is not None
        block = theirs.text[theirs.stmts[start].start : theirs.stmts[last_sec.end - 1].end]
        plan.add_block(_block_anchor(ours, run[0]), [in_nl(block, nl)], nl)
        for h in run:
            want_ours.add_table(theirs, h)
            want_theirs.add_table(theirs, h)
    return plan, want_ours, want_theirs


def _merge_keys(
    plan: _Plan, base: Doc, ours: Doc, theirs: Doc, table: TablePath, want_ours: _Expect, want_theirs: _Expect, nl: str
) -> None:
    ours_keys = ours.sections[table].keys
    their_keys = theirs.sections[table].keys
    base_keys = base.sections[table].keys if table in base.sections else {}

    def text(doc: Doc, keys: dict[KeyPath, int], key: KeyPath) -> str:
        return in_nl(doc.stmt_text(keys[key]), nl) if key in keys else ""

    for key, i in ours_keys.items():
        o = ours.values[(table, key)]
        t = theirs.values.get((table, key), _MISSING)
        b = base.values.get((table, key), _MISSING)
        if _same(t, o) or _same(t, b):
            if b is not _MISSING and _same(o, b) and _same(t, b) and not _changed_line(base, base_keys[key], ours, i):
                j = their_keys[key]
                if _changed_line(base, base_keys[key], theirs, j):
                    plan.replace[i] = [in_nl(theirs.stmt_text(j), nl)]  # only their comment or spacing on it changed
            elif b is not _MISSING and _same(t, o) and not _same(o, b):  # both changed it to the same value
                ours_tail, their_tail = _tail(ours, i), _tail(theirs, their_keys[key])
                if ours_tail.strip() == _tail(base, base_keys[key]).strip() != their_tail.strip() != "":
                    # our comment is the old line's, theirs was written for the new value: our value, their comment
                    line = ours.stmt_text(i)
                    plan.replace[i] = [in_nl(line[: len(line) - len(ours_tail)] + their_tail, nl)]
            continue  # the same on both sides, or only we changed it
        want_theirs.set(table, key, t)
        if _same(o, b):  # only they changed it
            want_ours.set(table, key, t)
            plan.replace[i] = [text(theirs, their_keys, key)]
        else:
            where = (table, ".".join(key), _value(b), o, _value(t))
            plan.replace[i] = [
                _Clash(ours.stmt_text(i), text(base, base_keys, key), text(theirs, their_keys, key), where)
            ]
    order = {key: n for n, key in enumerate(their_keys)}
    for key in their_keys:
        if key in ours_keys:
            continue
        t = theirs.values[(table, key)]
        b = base.values.get((table, key), _MISSING)
        if _same(t, b):
            continue  # we removed it and they left it alone
        want_theirs.set(table, key, t)
        line = text(theirs, their_keys, key)
        if b is _MISSING:  # they added it, with the new comment lines right above it
            want_ours.set(table, key, t)
            piece: Any = in_nl(
                theirs.span_text(_glued_comments(base, ours, theirs, table, their_keys[key]), their_keys[key]), nl
            )
        else:  # we removed it, they changed it
            piece = _Clash("", text(base, base_keys, key), line, (table, ".".join(key), b, None, t))
        _insert_key(plan, ours, theirs, table, key, order, base_keys, piece, nl)


def _insert_key(
    plan: _Plan,
    ours: Doc,
    theirs: Doc,
    table: TablePath,
    key: KeyPath,
    order: dict[KeyPath, int],
    base_keys: dict[KeyPath, int],
    piece: Any,
    nl: str,
) -> None:
    ours_keys = ours.sections[table].keys
    their_keys = theirs.sections[table].keys
    previous = [k for k in their_keys if order[k] < order[key] and k in ours_keys]
    if previous:
        i = ours_keys[previous[-1]]
        stmts = ours.stmts
        while i + 1 < len(stmts) and stmts[i + 1].kind == "kv" and stmts[i + 1].table == table:
            following = stmts[i + 1].path
            if following in base_keys or following in their_keys:
                break
            i += 1  # a key we added right there: theirs goes after it
        plan.after_keys[i].append(piece)
    elif ours_keys:
        plan.before[next(iter(ours_keys.values()))].append(piece)
    elif ours.sections[table].head is not None:
        plan.after_keys[ours.sections[table].head].append(piece)  # type: ignore[index]
    elif ours.order:  # a top-level key in a file whose top has none: above the first table
        plan.before[ours.sections[ours.order[0]].start] += [piece, nl]
    else:
        plan.end_keys.append(piece)


def _tail(doc: Doc, i: int) -> str:
    """What follows the value of key statement i on its last line: spacing, the comment, the line break."""
    s = doc.stmts[i]
    try:
        _, end = value_span(doc.text, s)
    except ScanError:
        raise NotMergeable(f"cannot follow the value of {'.'.join(s.path)}") from None
    return doc.text[end : s.end]


def _changed_line(base: Doc, i: int, doc: Doc, j: int) -> bool:
    a, b = base.stmt_text(i), doc.stmt_text(j)
    return a != b and a.replace("\r\n", "\n") != b.replace("\r\n", "\n")


def _merge_comments(plan: _Plan, base: Doc, ours: Doc, theirs: Doc, table: TablePath, nl: str) -> None:
    """Their edits to the comments of a table that is on all three sides, where we left them alone.

    The header line (with its end-of-line comment) and the comment block right
    above it are taken when only they changed them. A comment line they added
    inside the table goes after the nearest line above it that we also have
    (or travels with the key it sits on, when that key is new too); one they
    removed goes when we kept it as it was. Blank lines stay as ours.
    """
    b, o, t = base.sections[table], ours.sections[table], theirs.sections[table]
    if o.head is not None and t.head is not None and b.head is not None:
        if _changed_line(base, b.head, theirs, t.head) and not _changed_line(base, b.head, ours, o.head):
            plan.replace[o.head] = [in_nl(theirs.stmt_text(t.head), nl)]
        lead_b, lead_o, lead_t = (_plain(d.lead_comments(table)) for d in (base, ours, theirs))
        was, now = ({x.strip() for x in lead.splitlines()} for lead in (lead_b, lead_t))
        moved = any(base.comment_counts()[x] or ours.comment_counts()[x] for x in now - was) or any(
            theirs.comment_counts()[x] for x in was - now
        )
        if lead_t != lead_b and lead_o == lead_b and not moved:
            text = in_nl(theirs.lead_comments(table), nl)
            if o.start < o.head:
                plan.replace[o.start] = [text]
                for n in range(o.start + 1, o.head):
                    plan.replace[n] = []
            else:
                plan.before[o.head].append(text)
    old, mine = (Counter(x for x, _ in _comments(d, s)) for d, s in ((base, b), (ours, o)))
    where = {x: i for x, i in _comments(ours, o)}
    in_base = {x: i for x, i in _comments(base, b)}
    freed: dict[
        tuple[Any, ...], list[tuple[int | None, str]]
    ] = {}  # where a comment they removed was -> (our line, its text)
    for text, j in in_base.items():
        if old[text] == 1 and not theirs.comment_counts()[text]:  # gone from their file, not only moved
            i = where[text] if mine[text] == 1 else None  # None: we changed or removed it too
            if i is not None:
                plan.replace[i] = []
            freed.setdefault(_place(base, b, j, {}), []).append((i, text))
    took: dict[
        str, tuple[int | None, str]
    ] = {}  # a comment they wrote in place of a removed one -> (our line, old text)
    for text, j in _comments(theirs, t):
        if base.comment_counts()[text] or ours.comment_counts()[text]:
            continue  # not new: moved, or already ours
        k = j + 1
        while k < t.end and theirs.stmts[k].kind == "comment":
            k += 1
        if (
            k < t.end
            and theirs.stmts[k].kind == "kv"
            and theirs.stmts[k].path not in o.keys
            and theirs.stmts[k].path not in b.keys
        ):
            continue  # above a key they added: it came with that key
        piece = in_nl(theirs.stmt_text(j), nl)
        spot = freed.get(_place(theirs, t, j, took))
        if spot:  # they rewrote a comment: the new text takes the old one's line (unless we rewrote it too)
            i, old_text = spot.pop(0)
            took[text] = (i, old_text)
            if i is not None:
                plan.replace[i] = [piece]
            continue
        anchor = o.head
        for k in range(j - 1, (t.head + 1 if t.head is not None else 0) - 1, -1):
            s = theirs.stmts[k]
            seen = _plain(theirs.stmt_text(k))
            if s.kind == "kv" and s.path in o.keys:
                anchor = o.keys[s.path]
                break
            if s.kind == "comment" and (took.get(seen, (None,))[0] is not None or mine[seen] == 1):
                anchor = took[seen][0] if seen in took else where[seen]
                break
        if anchor is not None:
            plan.after_keys[anchor].append(piece)
        elif ours.stmts:
            plan.before[0].append(piece)  # the top of the file
        else:
            plan.end_keys.append(piece)


def _place(doc: Doc, section: Any, j: int, renamed: dict[str, tuple[int | None, str]]) -> tuple[Any, ...]:
    """What is right above statement j, blank lines skipped: a key, a comment, or the start of the table."""
    for k in range(j - 1, (section.head + 1 if section.head is not None else 0) - 1, -1):
        s = doc.stmts[k]
        if s.kind == "kv":
            return ("kv", s.path)
        if s.kind == "comment":
            text = _plain(doc.stmt_text(k))
            return ("comment", renamed[text][1] if text in renamed else text)
    return ("start",)


def _glued_comments(base: Doc, ours: Doc, theirs: Doc, table: TablePath, j: int) -> int:
    """The first of the new comment lines right above statement j of theirs (j when there are none)."""
    t = theirs.sections[table]
    known = {x for d in (base, ours) if table in d.sections for x, _ in _comments(d, d.sections[table])}
    first = t.head + 1 if t.head is not None else 0
    while j > first and theirs.stmts[j - 1].kind == "comment" and _plain(theirs.stmt_text(j - 1)) not in known:
        j -= 1
    return j


def _comments(doc: Doc, section: Any) -> list[tuple[str, int]]:
    """The comment lines inside a table (between its header and its last line), as (text, index)."""
    first = section.head + 1 if section.head is not None else 0
    return [(_plain(doc.stmt_text(i)), i) for i in range(first, section.end) if doc.stmts[i].kind == "comment"]


def _plain(text: str) -> str:
    return text.replace("\r\n", "\n").strip(" \t\n")


def _same(a: Any, b: Any) -> bool:
    if a is _MISSING or b is _MISSING:
        return a is b
    return same(a, b)


def _value(value: Any) -> Any:
    return None if value is _MISSING else value


def _roots(removed: set[TablePath], order: list[TablePath]) -> list[TablePath]:
    """The removed tables whose parent table was not removed too, in file order."""
    return [h for h in order if h in removed and not any(h[:n] in removed for n in range(1, len(h)))]


def _edited(doc: Doc, base: Doc, unit: list[TablePath]) -> bool:
    for h in unit:
        if h not in base.sections:
            return True
        mine, old = doc.table_values(h), base.table_values(h)
        if mine.keys() != old.keys() or any(not same(v, old[k]) for k, v in mine.items()):
            return True
    return False


def _table_value(doc: Doc, table: TablePath) -> Any:
    node: Any = doc.data
    for part in table:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _runs(doc: Doc, tables: list[TablePath]) -> list[tuple[int, int]]:
    """The statement ranges (first, last) of runs of tables that follow each other in ``doc``."""
    position = {h: n for n, h in enumerate(doc.order)}
    out: list[tuple[int, int]] = []
    previous = -2
    for h in sorted(tables, key=position.__getitem__):
        section = doc.sections[h]
        if position[h] == previous + 1:
            out[-1] = (out[-1][0], section.end - 1)
        else:
            out.append((section.start, section.end - 1))
        previous = position[h]
    return out


def _blocks(doc: Doc, tables: list[TablePath], nl: str) -> str:
    return in_nl(nl.join(doc.span_text(first, last) for first, last in _runs(doc, tables)), nl)


def _new_runs(doc: Doc, tables: list[TablePath]) -> list[list[TablePath]]:
    """New tables grouped into runs that follow each other in their file and share a top-level name."""
    position = {h: n for n, h in enumerate(doc.order)}
    runs: list[list[TablePath]] = []
    for h in tables:
        if runs and position[runs[-1][-1]] == position[h] - 1 and runs[-1][-1][0] == h[0]:
            runs[-1].append(h)
        else:
            runs.append([h])
    return runs


def _block_anchor(doc: Doc, table: TablePath) -> int | None:
    """The last statement of our last table sharing the longest prefix with ``table`` (None: the end)."""
    for n in range(len(table) - 1, 0, -1):
        prefix = table[:n]
        for h in reversed(doc.order):
            if h[:n] == prefix:
                return doc.sections[h].end - 1
    return None


# --- writing the result -------------------------------------------------------------


def render_plan(
    plan: _Plan, labels: tuple[str, str, str], diff3: bool, size: int, nl: str
) -> tuple[str, str, str, list[Conflict]]:
    merged: list[str] = []
    mine: list[str] = []
    yours: list[str] = []
    conflicts: list[Conflict] = []
    line = 1
    for piece in plan.pieces():
        if isinstance(piece, str):
            merged.append(piece)
            mine.append(piece)
            yours.append(piece)
            line += piece.count("\n")
            continue
        conflicts.append(Conflict(*piece.where, line=line))
        block = [f"{'<' * size} {labels[0]}{nl}", piece.ours]
        if diff3:
            block += [f"{'|' * size} {labels[1]}{nl}", piece.base]
        block += [f"{'=' * size}{nl}", piece.theirs, f"{'>' * size} {labels[2]}{nl}"]
        text = "".join(block)
        merged.append(text)
        mine.append(piece.ours)
        yours.append(piece.theirs)
        line += text.count("\n")
    return "".join(merged), "".join(mine), "".join(yours), conflicts


def check_plan(text: str, want: _Expect) -> None:
    try:
        got = rtoml.loads(text)
    except Exception as exc:
        raise NotMergeable(f"the key-by-key result would not parse ({str(exc).strip()[:120]})") from None
    if not same(got, want.data()):
        raise NotMergeable("the key-by-key result would not hold exactly both sides' changes")
