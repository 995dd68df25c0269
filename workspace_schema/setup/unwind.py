"""Undoing the demo's steps on the text of the files, from the last to the first.

The script (setup/script.py) says what each commit did to the *final*
files; ``unwind`` takes it back step by step on the text, which gives the
files after every commit and those of the first one. Only the lines a step
names change, so every other byte (comments, layout) stays the sample's.
A step whose edit no longer matches the text is left out and named.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from workspace_schema.setup.script import Add, AddFile, Note, Set, Step
from workspace_schema.toml_text.render import dotted, render_key, render_value


class _Mismatch(Exception):
    pass


def _header(path: tuple[str, ...]) -> str:
    return f"[{dotted(path)}]"


def _header_of(line: str) -> str | None:
    """The header of a table line ("[a.b]"), without a trailing comment; None for other lines."""
    text = line.strip()
    if not text.startswith("[") or text.startswith("[["):
        return None
    end = text.rfind("]")
    return text[: end + 1] if end > 0 else None


def _table(lines: list[str], path: tuple[str, ...]) -> tuple[int, int]:
    """(header line, end) of the table ``path``: its own key lines are header+1 .. end-1."""
    want = _header(path)
    for i, line in enumerate(lines):
        if _header_of(line) == want:
            j = i + 1
            while j < len(lines) and _header_of(lines[j]) is None:
                j += 1
            return i, j
    raise _Mismatch(f"no table {want}")


_COMMENT = re.compile(r"^(\s*)(#.*)?$")


def _key_line(lines: list[str], path: tuple[str, ...], key: str) -> tuple[int, str, str, str]:
    """(index, "key = ", value text and spaces, comment) of ``key`` in table ``path``."""
    start, end = _table(lines, path)
    pattern = re.compile(rf"^({re.escape(render_key(key))}\s*=\s*)(.*)$")
    for i in range(start + 1, end):
        m = pattern.match(lines[i])
        if m:
            rest = m.group(2)
            hash_at = _comment_start(rest)
            return i, m.group(1), rest[:hash_at] if hash_at >= 0 else rest, rest[hash_at:] if hash_at >= 0 else ""
    raise _Mismatch(f"no {key} in {_header(path)}")


def _comment_start(rest: str) -> int:
    """Where the comment starts in a value's text (outside quotes), or -1."""
    quote = None
    i = 0
    while i < len(rest):
        ch = rest[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return i
        i += 1
    return -1


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _undo_set(lines: list[str], op: Set) -> None:
    i, lead, value, comment = _key_line(lines, op.path, op.key)
    new = render_value(op.new)
    if value.rstrip() != new:
        raise _Mismatch(f"{op.key} in {_header(op.path)} is {value.strip()}, not {new}")
    if op.old is None:
        del lines[i]
        return
    old = render_value(op.old)
    if comment and not op.drop_comment:
        gap = len(value) - len(value.rstrip())
        pad = max(1, gap + _width(new) - _width(old))
        lines[i] = f"{lead}{old}{' ' * pad}{comment}"
    else:
        lines[i] = f"{lead}{old}"


def _undo_note(lines: list[str], op: Note) -> None:
    i, lead, value, comment = _key_line(lines, op.path, op.key)
    if not comment:
        raise _Mismatch(f"{op.key} in {_header(op.path)} has no comment")
    lines[i] = f"{lead}{value.rstrip()}"


def _undo_add(lines: list[str], op: Add) -> None:
    start, _ = _table(lines, op.path)
    own = _header(op.path)[:-1]
    end = start + 1
    while end < len(lines):
        head = _header_of(lines[end])
        if head is not None and head != own + "]" and not head.startswith(own + "."):
            break
        end += 1
    while end > start + 1 and _COMMENT.match(lines[end - 1]):  # blank lines and the next section's comments stay
        end -= 1
    if start > 0 and not lines[start - 1].strip():
        start -= 1
    del lines[start:end]


def _undo(files: dict[str, bytes | None], step: Step) -> dict[str, bytes | None]:
    """The files before ``step``, given the files after it (only the files it touches)."""
    texts: dict[str, list[str] | None] = {}
    for op in step.ops:
        if op.file not in texts:
            raw = files.get(op.file)
            texts[op.file] = None if raw is None else raw.decode("utf-8").split("\n")
    for op in reversed(step.ops):
        lines = texts[op.file]
        if lines is None:
            raise _Mismatch(f"{op.file} does not exist")
        if isinstance(op, AddFile):
            texts[op.file] = None
        elif isinstance(op, Set):
            _undo_set(lines, op)
        elif isinstance(op, Note):
            _undo_note(lines, op)
        else:
            _undo_add(lines, op)
    return {f: None if lines is None else "\n".join(lines).encode("utf-8") for f, lines in texts.items()}


def unwind(
    final: dict[str, bytes], steps: Sequence[Step]
) -> tuple[dict[str, bytes], list[tuple[Step, dict[str, bytes | None]]], list[str]]:
    """(files of the first commit, [(step, the files it changed as they are after it)], steps skipped)."""
    files: dict[str, bytes | None] = dict(final)
    done: list[tuple[Step, dict[str, bytes | None]]] = []
    skipped: list[str] = []
    for step in reversed(steps):
        try:
            before = _undo(files, step)
        except (_Mismatch, UnicodeDecodeError) as exc:
            skipped.append(f"{step.when:%Y-%m-%d %H:%M} {step.who} {step.style}: {exc}")
            continue
        after = {f: files.get(f) for f in before}
        files.update(before)
        done.append((step, after))
    done.reverse()
    skipped.reverse()
    return {f: b for f, b in files.items() if b is not None}, done, skipped
