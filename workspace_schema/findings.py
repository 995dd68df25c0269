"""Findings: what the loader and the rules have to say, as plain values."""

from __future__ import annotations

from typing import Literal

from msgspec import Struct

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
        return f"{self.where()}: {self.level} {self.code} {self.message}"


def sort_key(f: Finding) -> tuple:
    return (f.file, f.line, f.col, f.code, f.message)


def count_by_level(findings: list[Finding]) -> dict[str, int]:
    counts = {level: 0 for level in LEVELS}
    for f in findings:
        counts[f.level] += 1
    return counts
