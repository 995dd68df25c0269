"""Resolving a merge's conflicts field by field: what the app's conflict screen does.

When a sync stops on conflicts, git keeps three versions of each conflicted
file in its index: the base (stage 1), ours (stage 2) and theirs (stage 3).
``conflicts(root)`` merges them again with the ducu merge
(merge.merge_texts) and lists the fields both sides changed differently,
with who made their side. The person picks ours, theirs or a typed value for
each field; ``write_resolution`` writes the merged file without markers and
stages it (``git add``); ``finish`` commits the merge and syncs (which
pushes). Until a file is written git's ordinary conflicted state is left as
it is, so stopping half-way loses nothing, and any git tool can take over.

Files that cannot be merged key by key (a side is not valid TOML, a side
deleted the file, not a .toml file) are listed whole, to be fixed in an
editor; ``mark_resolved`` stages such a file once its markers are gone.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import rtoml

from workspace_schema.edit.atomic import ChangedOnDisk, atomic_write, disk_sha256
from workspace_schema.edit.storage import EditError, render_value
from workspace_schema.git import commit as commits
from workspace_schema.git import runner as git
from workspace_schema.git import status as repo_status
from workspace_schema.git import sync
from workspace_schema.load.file_bytes import resolve as resolve_link
from workspace_schema.merge.driver import merge_texts
from workspace_schema.merge.text import same

SIZE = 40  # conflict marker length: long enough that no value line looks like a marker
RECORD_TABLES = frozenset({"milestones", "tasks", "risks", "goals", "changes", "log", "people", "clients"})
_MISSING: Any = object()

Pick = Literal["ours", "theirs", "value"]


class ResolveError(Exception):
    """A resolution cannot be written as chosen; the message says why and what to do."""


@dataclass(frozen=True)
class Choice:
    pick: Pick
    value: Any = None  # the typed value when pick == "value"

    def describe(self) -> str:
        return render_value(self.value) if self.pick == "value" else self.pick


OURS, THEIRS = Choice("ours"), Choice("theirs")


@dataclass(frozen=True)
class FieldConflict:
    """One field (or a whole table, when ``key`` is "") both sides changed differently."""

    file: str
    index: int  # its place among the file's conflicts
    table_path: tuple[str, ...]
    key: str
    base: Any  # parsed values; None where that side has no such key
    ours: Any
    theirs: Any
    item: str  # "data-export-k3f9", "project", "alice"
    field: str  # "due", "raci.accountable", "" for a whole record
    title: str  # the item's title (ours, else theirs), "" when it has none
    line: int  # where its block starts in the merged text

    @property
    def whole_table(self) -> bool:
        return self.key == ""

    def parse(self, text: str) -> Any:
        """A typed value for this field, read like the sides' values: see parse_typed."""
        return parse_typed(text, [v for v in (self.ours, self.theirs, self.base) if v is not None])


@dataclass(frozen=True)
class FileConflict:
    """A conflicted file: its fields to choose, or a note that it must be fixed in an editor."""

    file: str
    fields: tuple[FieldConflict, ...]
    merged: str  # the field-by-field merge of the three versions, with markers ("" when editor_only)
    editor_only: bool
    note: str  # why it must be fixed in an editor
    theirs_by: str  # who made their version (the author of their last commit to the file)
    disk_sha: str  # the working file as listed: a resolution never overwrites later hand edits
    line: int = 0  # the first conflict line in the working file, for the editor


# --- listing -------------------------------------------------------------------------


def conflicts(root: str | os.PathLike[str]) -> list[FileConflict]:
    """Every conflicted file of the merge in progress at ``root`` (paths relative to ``root``)."""
    files = list(repo_status.status(root).conflicted)
    if not files:
        return []
    stages = _stages(root, files)
    return [_file_conflict(root, f, stages.get(f, {})) for f in files]


def _stages(root: str | os.PathLike[str], files: list[str]) -> dict[str, dict[int, str]]:
    """file -> {stage: blob id} from ``git ls-files -u`` (paths relative to ``root``)."""
    out = git.run(root, "ls-files", "-u", "-z", "--", *files, env=git.LITERAL).stdout
    stages: dict[str, dict[int, str]] = {}
    for entry in out.split("\0"):
        if not entry:
            continue
        info, _, path = entry.partition("\t")
        _mode, oid, stage = info.split()
        stages.setdefault(path, {})[int(stage)] = oid
    return stages


def _read(root: str | os.PathLike[str], oids: list[str]) -> dict[str, str]:
    texts = {}
    for oid, data in git.read_blobs(root, oids):
        if data is not None:
            texts[oid] = data.decode("utf-8", "surrogateescape")
    return texts


def _file_conflict(root: str | os.PathLike[str], file: str, stages: dict[int, str]) -> FileConflict:
    theirs_by = _theirs_author(root, file)
    disk = disk_sha256(Path(root) / file)
    line = _first_marker(Path(root) / file)

    def whole(note: str) -> FileConflict:
        return FileConflict(file, (), "", True, note, theirs_by, disk, line)

    if not file.endswith(".toml"):
        return whole("not a plan file: resolve it in your editor")
    if 2 not in stages or 3 not in stages:
        side = "you deleted it and they changed it" if 2 not in stages else "they deleted it and you changed it"
        return whole(f"{side}: keep it (fix it in your editor, then it is added) or delete it with `git rm`")
    texts = _read(root, list(stages.values()))
    try:
        base = texts[stages[1]] if 1 in stages else ""
        ours, theirs = texts[stages[2]], texts[stages[3]]
    except KeyError:
        return whole("git does not have every version of it here (a shallow clone?): resolve it in your editor")
    result = merge_texts(base, ours, theirs, file, marker_size=SIZE)
    if result.mode != "toml":
        why = result.note.removeprefix(f"{file}: ") if result.note else "it cannot be merged field by field"
        return whole(f"{why}: resolve it in your editor")
    data = _data(ours), _data(theirs)
    fields = tuple(
        FieldConflict(
            file,
            n,
            c.table_path,
            c.key,
            c.base,
            c.ours,
            c.theirs,
            *_item_field(c.table_path, c.key),
            _title(data, c.table_path),
            c.line,
        )
        for n, c in enumerate(result.conflicts)
    )
    return FileConflict(file, fields, result.text, False, "", theirs_by, disk, line)


def _theirs_author(root: str | os.PathLike[str], file: str) -> str:
    for revs in (("HEAD..MERGE_HEAD",), ("MERGE_HEAD",)):
        proc = git.run(root, "log", "-1", "--format=%an", *revs, "--", file, check=False, env=git.LITERAL)
        if proc.returncode == 0 and proc.stdout.strip():
            return proc.stdout.strip()
    return ""


def _first_marker(path: Path) -> int:
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            for n, text in enumerate(fh, 1):
                if text.startswith("<<<<<<<"):
                    return n
    except OSError:
        pass
    return 0


def _data(text: str) -> dict[str, Any]:
    try:
        return rtoml.loads(text.lstrip("\ufeff"))
    except Exception:
        return {}


def _item_field(table_path: tuple[str, ...], key: str) -> tuple[str, str]:
    """("milestones", "x", "raci"), "accountable" -> ("x", "raci.accountable")."""
    if len(table_path) >= 2 and table_path[0] in RECORD_TABLES:
        item, rest = table_path[1], table_path[2:]
    elif table_path:
        item, rest = table_path[0], table_path[1:]
    else:
        item, rest = "(top of the file)", ()
    return item, ".".join((*rest, key) if key else rest)


def _title(sides: tuple[dict[str, Any], dict[str, Any]], table_path: tuple[str, ...]) -> str:
    record_path = table_path[:2] if table_path and table_path[0] in RECORD_TABLES else table_path[:1]
    for data in sides:
        node: Any = data
        for part in record_path:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            for name in ("title", "summary", "name", "text"):
                value = node.get(name)
                if isinstance(value, str) and value:
                    return value
    return ""


# --- typed values -----------------------------------------------------------------------


def parse_typed(text: str, like: list[Any]) -> Any:
    """What a person typed, as a TOML value of the same kind as ``like`` (the sides' values).

    It is read as a TOML value (2026-12-18, 3, true, ["a", "b"], "quoted
    text"); where the sides are text, anything that is not a TOML value of
    that kind is taken as the text itself. Raises ResolveError when it is not
    a value of the sides' kind.
    """
    text = text.strip()
    try:
        parsed = rtoml.loads(f"v = {text}")["v"] if text else _MISSING
    except Exception:
        parsed = _MISSING
    kinds = {_kind(v) for v in like}
    if parsed is not _MISSING:
        kind = _kind(parsed)
        if not kinds or kind in kinds:
            return parsed
        if kind == "int" and "float" in kinds:
            return float(parsed)
    if not kinds or "text" in kinds:
        return text
    example = render_value(like[0]) if like else "a value"
    raise ResolveError(f"{text or 'nothing'} is not a {' or '.join(sorted(kinds))} value like {example}")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dt.datetime):
        return "date-time"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "table"
    return type(value).__name__


# --- writing a resolution -------------------------------------------------------------------


def resolved_text(fc: FileConflict, choices: Mapping[int, Choice]) -> str:
    """The file with every conflict block replaced by the chosen side or value (no markers).

    Raises ResolveError when a field has no choice, a typed value cannot be
    written, or the result would not be valid TOML.
    """
    if fc.editor_only:
        raise ResolveError(f"{fc.file}: {fc.note}")
    missing = [c for c in fc.fields if c.index not in choices]
    if missing:
        names = ", ".join(f"{c.item} {c.field}".strip() for c in missing)
        raise ResolveError(f"{fc.file}: choose ours, theirs or a value for {names} first")
    lines = fc.merged.splitlines(keepends=True)
    out: list[str] = []
    typed: list[tuple[FieldConflict, Any]] = []
    i = 0
    for c in sorted(fc.fields, key=lambda c: c.line):
        start = c.line - 1
        mid, end = _block(lines, start)
        out += lines[i:start]
        ours, theirs = "".join(lines[start + 1 : mid]), "".join(lines[mid + 1 : end])
        choice = choices[c.index]
        if choice.pick == "value" and c.theirs is not None and theirs and same(choice.value, c.theirs):
            choice = THEIRS  # their line, with their comment (ours may describe the old value)
        if choice.pick == "value":
            if c.whole_table:
                raise ResolveError(f"{fc.file}: {c.item} is a whole record; take ours or theirs (then edit it)")
            typed.append((c, choice.value))
        out.append(theirs if choice.pick == "theirs" else ours or theirs)
        i = end + 1
    out += lines[i:]
    text = "".join(out)
    if typed:
        text = _set_values(fc.file, text, typed)
    try:
        rtoml.loads(text.lstrip("\ufeff"))
    except Exception as exc:
        raise ResolveError(
            f"{fc.file}: the resolution would not be valid TOML ({str(exc).strip()[:120]}); resolve it in your editor"
        ) from None
    return text


def _block(lines: list[str], start: int) -> tuple[int, int]:
    """The line indexes of the ``=====`` and ``>>>>>`` markers of the block starting at ``start``."""
    if not lines[start].startswith("<" * SIZE):
        raise ResolveError("the merged text and its conflicts do not line up; resolve this file in your editor")
    mid = next(n for n in range(start + 1, len(lines)) if lines[n].rstrip("\r\n") == "=" * SIZE)
    end = next(n for n in range(mid + 1, len(lines)) if lines[n].startswith(">" * SIZE))
    return mid, end


def _set_values(file: str, text: str, typed: list[tuple[FieldConflict, Any]]) -> str:
    """Set each typed value in ``text`` with the format-keeping writer (storage.Edit)."""
    from workspace_schema.edit.storage import Edit

    with tempfile.TemporaryDirectory(prefix="ducu-resolve-") as tmp:
        path = Path(tmp) / "file.toml"
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        try:
            ed = Edit.open(path)
            for c, value in typed:
                parts = tuple(c.key.split("."))
                ed.set(c.table_path + parts[:-1], parts[-1], value)
            ed.check()
        except EditError as exc:
            raise ResolveError(
                f"{file}: cannot write the typed value ({exc}); take ours or theirs, or resolve it in your editor"
            ) from None
        return ed.text()


def write_resolution(root: str | os.PathLike[str], fc: FileConflict, choices: Mapping[int, Choice]) -> None:
    """Write the resolved file and stage it (``git add``): the conflict of this file is over.

    Refuses (ResolveError) when the file changed on disk since it was listed.
    """
    text = resolved_text(fc, choices)
    base = os.path.realpath(root)
    real, inside = resolve_link(Path(root) / fc.file, base)
    if not inside:
        raise ResolveError(
            f"{fc.file} leads to {real}, outside the workspace; ducu does not write through it. Resolve it by hand."
        )
    try:
        atomic_write(Path(root) / fc.file, text.encode("utf-8", "surrogateescape"), expect_sha256=fc.disk_sha)
    except ChangedOnDisk:
        raise ResolveError(
            f"{fc.file} changed on disk since the conflicts were listed; open the conflicts again"
        ) from None
    git.run(root, "add", "--", fc.file, env=git.LITERAL)


def marker_line(text: str) -> int:
    """The first line that looks like a conflict marker (1-based), or 0."""
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith(("<<<<<<<", ">>>>>>>", "|||||||")) or (line.startswith("=======") and not line.strip("=")):
            return n
    return 0


def mark_resolved(root: str | os.PathLike[str], file: str) -> str | None:
    """Stage a file fixed by hand once it has no markers left (and parses, for TOML); else what is wrong."""
    path = Path(root) / file
    if not path.exists():
        return f"{file} is gone; `git rm -- {file}` resolves its conflict by deleting it"
    text = path.read_bytes().decode("utf-8", "replace")
    line = marker_line(text)
    if line:
        return f"{file} still has a conflict marker at line {line}"
    if file.endswith(".toml"):
        try:
            rtoml.loads(text.lstrip("\ufeff"))
        except Exception as exc:
            return f"{file} is not valid TOML yet ({str(exc).strip().splitlines()[0][:120]})"
    git.run(root, "add", "--", file, env=git.LITERAL)
    return None


def finish(root: str | os.PathLike[str]) -> tuple[str, sync.SyncResult]:
    """Commit the merge (every conflict resolved) and sync, which pushes it; (merge commit, sync result)."""
    commit = commits.finish_merge(root)
    return commit, sync.sync(root, validate=False)
