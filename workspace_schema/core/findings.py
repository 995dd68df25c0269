"""Findings: what the loader and the rules have to say, as plain values."""

from __future__ import annotations

from typing import Literal

from msgspec import Struct

from workspace_schema.core.text_safety import scrub

Level = Literal["error", "warning", "info"]
LEVELS: tuple[Level, ...] = ("error", "warning", "info")


class Finding(Struct, frozen=True, kw_only=True):
    level: Level
    code: str
    message: str
    file: str = ""  # relative to the workspace root, with forward slashes
    line: int = 0
    col: int = 0
    item: str | None = None  # "project-id/item-id" or "project-id", to jump to

    def where(self) -> str:
        if not self.file:
            return "workspace"
        if self.line and self.col:
            return f"{self.file}:{self.line}:{self.col}"
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file

    def text(self) -> str:
        """One printable line: a key, id or link target quoted from a file cannot act on the terminal."""
        return scrub(f"{self.where()}: {self.level} {self.code} {self.message}", "\ufffd")


class Limit:
    """At most ``cap`` findings of one code per file go into ``findings``; the rest are counted.

    100,000 unknown keys in one file are one mistake repeated: a list of them
    all would take minutes to make and bury every other finding. ``full``
    lets a caller skip building a message nobody will see; ``summaries``
    gives one finding per (file, code) that says how many were left out.
    """

    def __init__(self, findings: list[Finding], cap: int) -> None:
        self.findings = findings
        self.cap = cap
        self.made = 0  # every finding, kept or counted
        self._counts: dict[tuple[str, str], int] = {}
        self._levels: dict[tuple[str, str], Level] = {}

    def full(self, file: str, code: str) -> bool:
        """True once ``file`` has ``cap`` findings of ``code``; the caller's one is then counted, not kept."""
        n = self._counts.get((file, code), 0)
        if n < self.cap:
            return False
        self._counts[file, code] = n + 1
        self.made += 1
        return True

    def add(self, finding: Finding) -> None:
        if self.full(finding.file, finding.code):
            return
        key = (finding.file, finding.code)
        self._counts[key] = self._counts.get(key, 0) + 1
        self._levels[key] = finding.level
        self.made += 1
        self.findings.append(finding)

    def summaries(self) -> list[Finding]:
        return [
            Finding(
                level=self._levels[key],
                code=key[1],
                file=key[0],
                message=(
                    f"{n - self.cap:,} more {key[1]} {'finding' if n - self.cap == 1 else 'findings'} in this file are not listed (only the first {self.cap}); "
                    "they are often one mistake repeated: fix the listed ones and validate again."
                ),
            )
            for key, n in self._counts.items()
            if n > self.cap
        ]


def sort_key(f: Finding) -> tuple[str, int, int, str, str]:
    return (f.file, f.line, f.col, f.code, f.message)


def count_by_level(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {level: 0 for level in LEVELS}
    for f in findings:
        counts[f.level] += 1
    return counts
