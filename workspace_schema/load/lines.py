"""Where things are in a TOML file: the line of a table header or a key.

The fast parser gives values without positions, so positions come from a
cheap scan of the text: one regex over the table headers when a file is
loaded, and a look at the lines of one table when a finding names a field.
"""

from __future__ import annotations

import functools
import json
import os
import re

from workspace_schema.load.file_bytes import Unreadable, read_file

# Linear on any line: no two quantifiers compete for the same characters (the
# old `[ \t]*([^\]\n#]+?)[ \t]*\]` took seconds on "[" and 1,000 spaces,
# which a multi-line string may hold); the spaces are stripped afterwards.
_HEADER = re.compile(r"[ \t]*\[\[?([^\]\n#]*)\]")
_KEY_PART = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([A-Za-z0-9_\-]+|[^.\s"\']+))\s*')


def split_dotted(key: str) -> tuple[str, ...] | None:
    """``milestones."a b".raci`` -> ("milestones", "a b", "raci"); None if malformed."""
    parts: list[str] = []
    pos = 0
    while True:
        m = _KEY_PART.match(key, pos)
        if not m or m.end() == pos:
            return None
        basic, literal, bare = m.groups()
        if basic is not None:
            try:
                parts.append(json.loads(f'"{basic}"'))
            except ValueError:
                parts.append(basic)
        else:
            parts.append(literal if literal is not None else bare)
        pos = m.end()
        if pos == len(key):
            return tuple(parts)
        if key[pos] != ".":
            return None
        pos += 1


_SIMPLE_HEADER = re.compile(r"\[([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*)\][ \t]*(?:#.*)?\Z")


_INDENTED_OPENING = re.compile(r"(?:^|\n)[ \t]+\[")


def header_lines(text: str) -> dict[tuple[str, ...], int]:
    """Every table header of ``text`` by its dotted path, with its 1-based line.

    The common file has bare dotted headers at the start of lines: str.find
    jumps from one "\\n[" to the next at C speed. Files with indented
    headers go line by line.
    """
    if _INDENTED_OPENING.search(text):
        return _header_lines_by_line(text)
    found: dict[tuple[str, ...], int] = {}
    pos = 0 if text.startswith("[") else text.find("\n[")
    line, last = 1, 0
    while pos != -1:
        start = pos if pos == 0 and text.startswith("[") else pos + 1
        end = text.find("\n", start)
        header = text[start:] if end == -1 else text[start:end]
        line += text.count("\n", last, start)
        last = start
        m = _SIMPLE_HEADER.match(header.rstrip("\r"))
        if m:
            path: tuple[str, ...] | None = tuple(m.group(1).split("."))
        else:
            m = _HEADER.match(header)
            path = split_dotted(m.group(1).strip(" \t")) if m else None
        if path is not None and path not in found:
            found[path] = line
        pos = text.find("\n[", start)
    return found


def _header_lines_by_line(text: str) -> dict[tuple[str, ...], int]:
    found: dict[tuple[str, ...], int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        first = line[:1]
        if first == "[":
            m = _SIMPLE_HEADER.match(line.rstrip("\r"))
            if m:
                path = tuple(m.group(1).split("."))
                if path not in found:
                    found[path] = number
                continue
        elif not (first == " " or first == "\t") or line.lstrip(" \t")[:1] != "[":
            continue
        m = _HEADER.match(line)
        if m:
            dotted = split_dotted(m.group(1).strip(" \t"))
            if dotted is not None and dotted not in found:
                found[dotted] = number
    return found


@functools.lru_cache(maxsize=512)
def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(r"^\s*(?:" + re.escape(key) + r'|"' + re.escape(key) + r'")\s*[=.]')


class FileLines:
    """The text of one file, and lookups of headers and keys in it.

    Made from the text (the loader has it) or from a path (a file whose
    records came from the load cache): then the text is read, and the headers
    scanned, only when a finding asks for a line.
    """

    def __init__(
        self,
        text: str | None = None,
        *,
        path: str | None = None,
        root: str | None = None,
        headers: dict[tuple[str, ...], int] | None = None,
    ) -> None:
        self._text = text
        self._path = path
        self._root = root  # the workspace's real path: a path read later is read as the loader reads it
        self._headers = headers
        self._lines: list[str] | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = ""
            if self._path is not None:
                try:
                    raw = read_file(self._path, root=self._root or os.path.dirname(os.path.realpath(self._path)))
                    self._text = raw.decode("utf-8").removeprefix("\ufeff")
                except (OSError, Unreadable, UnicodeDecodeError):
                    pass
        return self._text

    @property
    def headers(self) -> dict[tuple[str, ...], int]:
        if self._headers is None:
            self._headers = header_lines(self.text)
        return self._headers

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def table_line(self, path: tuple[str, ...]) -> int:
        """The header line of the table at ``path``, or of its nearest parent that has one."""
        while path:
            if path in self.headers:
                return self.headers[path]
            path = path[:-1]
        return 0

    def key_line(self, path: tuple[str, ...], key: str) -> int:
        """The line of ``key = ...`` inside the table at ``path`` (its header line if not found)."""
        start = self.table_line(path)
        lines = self.lines
        pattern = _key_pattern(key)
        for index in range(start, len(lines)):  # start is 1-based: the line after the header
            text = lines[index]
            if index >= start and text.lstrip().startswith("[") and index != start - 1:
                break
            if pattern.match(text):
                return index + 1
        return start
