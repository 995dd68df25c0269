"""Where things are in a TOML file: the line of a table header or a key.

The fast parser gives values without positions, so positions come from a
cheap scan of the text: one regex over the table headers when a file is
loaded, and a look at the lines of one table when a finding names a field.
"""

from __future__ import annotations

import functools
import json
import re

_HEADER = re.compile(r"^[ \t]*\[\[?[ \t]*([^\]\n#]+?)[ \t]*\]\]?", re.MULTILINE)
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


def header_lines(text: str) -> dict[tuple[str, ...], int]:
    """Every table header of ``text`` by its dotted path, with its 1-based line."""
    found: dict[tuple[str, ...], int] = {}
    line = 1
    last = 0
    for m in _HEADER.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        path = split_dotted(m.group(1))
        if path is not None and path not in found:
            found[path] = line
    return found


@functools.lru_cache(maxsize=512)
def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(r'^\s*(?:' + re.escape(key) + r'|"' + re.escape(key) + r'")\s*[=.]')


class FileLines:
    """The text of one file, and lookups of headers and keys in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.headers = header_lines(text)
        self._lines: list[str] | None = None

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
