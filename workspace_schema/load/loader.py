"""Load a workspace folder into records, with findings instead of exceptions.

Every file is read with rtoml (the fast parser) and turned into msgspec
records. A file that cannot be read or parsed becomes a finding with
file:line:col and the rest of the workspace still loads; a record with a
wrong value loses that one field (with a finding), an unknown key is a
finding with a did-you-mean, and a record with an invalid id is rejected.
Bytes come only from file_bytes.read_file: plain files inside the workspace,
size-checked before reading (no link out, no pipe, no device). At most
MAX_FINDINGS_PER_CODE findings of one code per file are listed, then one
that counts the rest. Nothing here ever writes a file.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import msgspec
import rtoml
from msgspec import Struct

from workspace_schema.core import records as R
from workspace_schema.core.findings import Finding, Level, Limit
from workspace_schema.core.ids import id_problem
from workspace_schema.core.types import describe_field
from workspace_schema.load.fast_path import project_from_data, user_keys
from workspace_schema.load.file_bytes import MAX_FILE_BYTES, Unreadable, folder_problem, read_file
from workspace_schema.load.gcpause import paused
from workspace_schema.load.lines import FileLines
from workspace_schema.load.project_cache import LoadCache, digest

MAX_FINDINGS_PER_CODE = 100  # per file: past it, one finding counts the rest (100,000 unknown keys are one mistake)
WORKSPACE_FILE = "workspace.toml"
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
_RTOML_POS = re.compile(r"at line (\d+) column (\d+)")
_MSGSPEC_PATH = re.compile(r" - at `\$((?:\.[^.`\[]+)?)")


class NotAWorkspace(Exception):
    """The folder is not a usable workspace; the message says what to do."""


def find_root(start: str | os.PathLike[str]) -> Path | None:
    """The nearest folder at or above ``start`` that holds workspace.toml."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / WORKSPACE_FILE).is_file():
            return folder
    return None


def check_root(root: str | os.PathLike[str]) -> Path:
    path = Path(root)
    if not path.exists():
        raise NotAWorkspace(
            f"{path}: no such folder. Give the path of a workspace, or create one with `ducu init {path}`."
        )
    if not path.is_dir():
        raise NotAWorkspace(f"{path}: not a folder. Give the folder that holds workspace.toml.")
    if not (path / WORKSPACE_FILE).exists():
        raise NotAWorkspace(
            f"{path}: not a ducu workspace (no {WORKSPACE_FILE}). "
            f"Run ducu inside a workspace clone, or create one with `ducu init {path}`."
        )
    return path


class Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)  # links are followed only inside it (file_bytes.py)
        self.folders: dict[str, str] = {}  # the real path of each folder read from, for this load (file_bytes.resolve)
        self.findings: list[Finding] = []
        self.sources: dict[str, FileLines] = {}
        self.limit = Limit(self.findings, MAX_FINDINGS_PER_CODE)
        self.full = self.limit.full  # ask before building a message nobody will see

    # --- reading --------------------------------------------------------

    def finding(
        self, level: Level, code: str, message: str, rel: str, line: int = 0, col: int = 0, item: str | None = None
    ) -> None:
        self.limit.add(Finding(level=level, code=code, message=message, file=rel, line=line, col=col, item=item))

    def raw(self, rel: str) -> bytes | None:
        """The bytes of one file; None (and a finding) when they cannot be read safely (file_bytes.py)."""
        try:
            return read_file(self.root / rel, root=self.real_root, limit=MAX_FILE_BYTES, folders=self.folders)
        except Unreadable as exc:
            self.finding("error", exc.code, exc.message, rel)
        except FileNotFoundError:
            self.finding(
                "error",
                "FILE001",
                "cannot be read: it is gone, or a link to a file that does not exist. Replace the link with the file.",
                rel,
            )
        return None

    def read(self, rel: str) -> dict[str, Any] | None:
        """Read and parse one file; None (and a finding) when it cannot be used."""
        raw = self.raw(rel)
        return None if raw is None else self.parse(rel, raw)

    def parse(self, rel: str, raw: bytes) -> dict[str, Any] | None:
        """The tables of one file's bytes; None (and a finding) when they are not UTF-8 TOML."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            self.finding(
                "error", "FILE002", f"is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8.", rel, line, col
            )
            return None
        if text.startswith("\ufeff"):
            text = text[1:]
        if "\n<<<<<<<" in text or text.startswith("<<<<<<<") or "\n>>>>>>>" in text:
            m = _CONFLICT.search(text)
            if m:
                line = text.count("\n", 0, m.start()) + 1
                self.finding(
                    "error",
                    "GIT001",
                    "has unresolved git conflict markers; resolve the conflict (keep one side of each <<<<<<< ======= >>>>>>> block) and save.",
                    rel,
                    line,
                    1,
                )
                return None
        try:
            data = rtoml.loads(text)
        except rtoml.TomlParsingError as exc:
            message = str(exc).strip()
            m = _RTOML_POS.search(message)
            line, col = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
            message = _RTOML_POS.sub("", message).strip().rstrip(",")
            if "recurs" in message:  # rtoml stops at 80 levels of arrays, inline tables or dotted keys
                self.finding(
                    "error",
                    "TOML001",
                    f"nests arrays or tables too deeply ({message}); no ducu file needs more than a few levels. Remove the nesting.",
                    rel,
                    line,
                    col,
                )
                return None
            self.finding(
                "error",
                "TOML001",
                f"is not valid TOML: {message}. Fix the syntax; ducu will not rewrite this file until it parses.",
                rel,
                line,
                col,
            )
            return None
        except Exception as exc:  # rtoml raises a few other types on odd input
            self.finding(
                "error",
                "TOML001",
                f"is not valid TOML: {exc}. Fix the syntax; ducu will not rewrite this file until it parses.",
                rel,
            )
            return None
        self.sources[rel] = FileLines(text)
        return data

    # --- turning tables into records --------------------------------------

    def check_keys(self, table: dict[str, Any], cls: type[Struct], rel: str, path: tuple[str, ...]) -> dict[str, Any]:
        """Drop (and report) keys the record type does not know."""
        allowed = user_keys(cls)
        unknown = {k for k in table if k not in allowed}
        if not unknown:
            return table
        lines = self.sources[rel]
        for key in table:
            if key not in unknown or self.full(rel, "KEY001"):
                continue
            close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else f"; expected one of: {', '.join(sorted(allowed))}"
            where = _shown_key(".".join(path) or "top level")
            self.finding(
                "error",
                "KEY001",
                f"unknown key `{_shown_key(key)}` in [{where}]{hint} (the value is ignored until the key is fixed)",
                rel,
                lines.key_line(path, key),
            )
        return {k: v for k, v in table.items() if k not in unknown}

    def record(self, table: Any, cls: type[Struct], rel: str, path: tuple[str, ...], rid: str, item: str | None) -> Any:
        """One keyed record from ``table``; None when it cannot be made."""
        lines = self.sources[rel]
        line = lines.table_line(path)
        where = ".".join(path)
        if not isinstance(table, dict):
            if not self.full(rel, "TYPE002"):
                where = _shown_key(where)
                self.finding(
                    "error",
                    "TYPE002",
                    f"`{where}` must be a table ([{where}] with keys below it), got {_kind(table)}",
                    rel,
                    lines.key_line(path[:-1], path[-1]),
                    item=item,
                )
            return None
        table = self.check_keys(table, cls, rel, path)
        for name, child_cls in _record_children(cls).items():
            children = table.get(name)
            if children is None:
                continue
            if not isinstance(children, dict):
                self.report_type(cls, name, children, rel, path, item)
                table = {k: v for k, v in table.items() if k != name}
                continue
            converted = {}
            for cid, ctable in children.items():
                rec = self.record(ctable, child_cls, rel, (*path, name, str(cid)), str(cid), item)
                if rec is not None:
                    converted[str(cid)] = rec
            table = {**table, name: converted}
        raci = table.get("raci")
        if isinstance(raci, dict) and "raci" in user_keys(cls):
            table = {**table, "raci": self.raci(raci, rel, (*path, "raci"), item)}
        table = {**table, "@id": rid, "@file": rel, "@line": line}
        for _ in range(len(table) + 1):
            try:
                return msgspec.convert(table, cls)
            except msgspec.ValidationError as exc:
                m = _MSGSPEC_PATH.search(str(exc))
                field = m.group(1)[1:] if m and m.group(1) else None
                if not field or field not in table:
                    self.finding("error", "TYPE001", f"[{where}] cannot be read: {exc}", rel, line, item=item)
                    return None
                self.report_type(cls, field, table[field], rel, path, item)
                table = {k: v for k, v in table.items() if k != field}
        return None

    def raci(self, raci: dict[str, Any], rel: str, path: tuple[str, ...], item: str | None) -> dict[str, Any]:
        """A RACI table with its unknown keys and each unreadable value reported at its own line and left out."""
        raci = self.check_keys(raci, R.Raci, rel, path)
        bad: list[str] = []
        for key, value in raci.items():
            try:
                msgspec.convert({key: value}, R.Raci)
            except msgspec.ValidationError:
                self.report_type(R.Raci, key, value, rel, path, item)
                bad.append(key)
        if not bad:
            return raci
        return {**{k: v for k, v in raci.items() if k not in bad}, "@unreadable": tuple(bad)}

    def report_type(
        self, cls: type[Struct], field: str, value: Any, rel: str, path: tuple[str, ...], item: str | None
    ) -> None:
        if self.full(rel, "TYPE001"):
            return
        where = _shown_key(".".join((*path, field)))
        lines = self.sources[rel]
        line = lines.headers.get((*path, field)) or lines.key_line(path, field)  # [a.b.field] or field = ...
        expected = describe_field(cls, field)
        if cls is R.Raci and field == "accountable":
            expected = (
                'one person (a handle in quotes, like "dgreen"): a RACI row has exactly one accountable; '
                "list the others as responsible or consulted"
            )
        self.finding(
            "error",
            "TYPE001",
            f"`{where}` = {_show(value)} is not valid; expected {expected}. The field is ignored until it is fixed.",
            rel,
            line,
            item=item,
        )

    def keyed(
        self, data: dict[str, Any], name: str, cls: type[Struct], rel: str, project: str | None
    ) -> dict[str, Any]:
        """All records of the keyed table ``name`` (e.g. [milestones.<id>])."""
        table = data.get(name)
        if table is None:
            return {}
        if not isinstance(table, dict):
            self.finding(
                "error",
                "TYPE002",
                f"`{name}` must be a set of tables ([{name}.<id>]), got {_kind(table)}",
                rel,
                self.sources[rel].key_line((), name),
            )
            return {}
        out: dict[str, Any] = {}
        for rid, body in table.items():
            rid = str(rid)
            item = f"{project}/{rid}" if project else None
            problem = id_problem(rid)
            if problem:
                if not self.full(rel, "ID001"):
                    self.finding(
                        "error",
                        "ID001",
                        f'[{name}."{_shown_key(rid)}"] has an invalid id: {problem}. Rename the key (and every reference to it).',
                        rel,
                        self.sources[rel].table_line((name, rid)),
                        item=project,
                    )
                continue
            rec = self.record(body, cls, rel, (name, rid), rid, item)
            if rec is not None:
                out[rid] = rec
        return out

    def header(self, data: dict[str, Any], name: str, cls: type[Struct], rel: str, rid: str, item: str | None) -> Any:
        table = data.get(name)
        if table is None:
            self.finding("error", "FILE003", f"has no [{name}] table; add one (see docs/format.md).", rel, 1, item=item)
            table = {}
        return self.record(table, cls, rel, (name,), rid, item)

    def top_keys(self, data: dict[str, Any], allowed: tuple[str, ...], rel: str) -> None:
        for key in data:
            if key not in allowed and not self.full(rel, "KEY001"):
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f"; did you mean `{close[0]}`?" if close else f"; this file holds only: {', '.join(allowed)}"
                self.finding(
                    "error",
                    "KEY001",
                    f"unknown table `{_shown_key(key)}`{hint} (ignored until fixed)",
                    rel,
                    self.sources[rel].table_line((key,)) or self.sources[rel].key_line((), key),
                )

    # --- file kinds ---------------------------------------------------------

    def settings(self) -> R.Settings:
        rel = WORKSPACE_FILE
        data = self.read(rel)
        if data is None:
            return R.Settings(file=rel)
        if not data:
            self.finding(
                "error",
                "WS001",
                "is empty; it needs a [workspace] table with at least name and timezone (see docs/format.md, or create a workspace with `ducu init`).",
                rel,
                1,
            )
            return R.Settings(file=rel)
        self.top_keys(data, ("workspace", "escalation", "support"), rel)
        header = self.header(data, "workspace", R.WorkspaceHeader, rel, "workspace", None) or R.WorkspaceHeader(
            file=rel
        )
        ladder = self.keyed(data, "escalation", R.EscalationStep, rel, None)
        support = self.keyed(data, "support", R.SupportTarget, rel, None)
        fields = {f: getattr(header, f) for f in header.__struct_fields__}
        return R.Settings(**fields, escalation=ladder, support=support)

    def keyed_file(self, rel: str, name: str, cls: type[Struct]) -> dict[str, Any]:
        if not os.path.lexists(self.root / rel):
            return {}
        data = self.read(rel)
        if data is None:
            return {}
        self.top_keys(data, (name,), rel)
        return self.keyed(data, name, cls, rel, None)

    def project(self, rel: str, pid: str, raw: bytes | None = None) -> R.Project | None:
        data = self.read(rel) if raw is None else self.parse(rel, raw)
        if data is None:
            return None
        fast = self.project_fast(data, rel, pid)
        if fast is not None:
            return fast
        self.top_keys(data, tuple(R.user_fields(R.ProjectFile)), rel)
        header = self.header(data, "project", R.ProjectHeader, rel, pid, pid)
        if header is None:
            return None
        items: dict[str, Any] = {name: self.keyed(data, name, cls, rel, pid) for name, cls in R.ITEM_KINDS.items()}
        fields = {f: getattr(header, f) for f in header.__struct_fields__}
        return R.Project(**fields, **items)

    def project_fast(self, data: dict[str, Any], rel: str, pid: str) -> R.Project | None:
        """The whole file in one msgspec call when there is nothing to report (load/fast_path.py)."""
        return project_from_data(data, rel, pid, self.sources[rel].table_line)

    def review(self, rel: str, rid: str) -> R.Review | None:
        data = self.read(rel)
        if data is None:
            return None
        self.top_keys(data, tuple(R.user_fields(R.ReviewFile)), rel)
        header = self.header(data, "review", R.ReviewHeader, rel, rid, None)
        if header is None:
            return None
        outcomes = self.keyed(data, "outcomes", R.ReviewOutcome, rel, None)
        fields = {f: getattr(header, f) for f in header.__struct_fields__}
        return R.Review(**fields, outcomes=outcomes)

    def survey(self, rel: str, sid: str) -> R.Survey | None:
        data = self.read(rel)
        if data is None:
            return None
        self.top_keys(data, ("survey",), rel)
        survey: R.Survey | None = self.header(data, "survey", R.Survey, rel, sid, None)
        return survey

    def folder(self, name: str) -> list[tuple[str, str]]:
        """(relative path, id) of every .toml file in a workspace folder, sorted."""
        folder = self.root / name
        problem = folder_problem(folder, self.real_root)
        if problem is not None:
            self.finding("error", problem.code, problem.message, name)
            return []
        if not folder.exists():
            return []
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.finding("error", "FILE001", f"cannot be listed ({exc.strerror or exc}); check its permissions.", name)
            return []
        out = []
        for entry in entries:
            if not entry.name.endswith(".toml") or entry.name.startswith("."):
                continue
            rel = f"{name}/{entry.name}"
            stem = entry.name[: -len(".toml")]
            bad_id = id_problem(stem)
            if bad_id:
                self.finding(
                    "error", "ID001", f"file name is not a valid id: {bad_id}. Rename the file.", _shown_key(rel)
                )
                continue
            out.append((rel, stem))
        return out


def load_workspace(
    root: str | os.PathLike[str], *, projects: Iterable[str] | None = None, cache: bool = True
) -> tuple[R.Workspace, list[Finding]]:
    """Read every file of the workspace at ``root``.

    With ``projects``, read only those project files (and no reviews): what a
    one-item edit needs to check references, at a fraction of the cost.

    Returns the workspace and the findings of loading (syntax, types, unknown
    keys, ids). Clean project files come from the load cache in the clone's
    git dir when they have not changed (load/project_cache.py), except with
    ``projects`` (parsing a few files beats decoding the whole cache);
    ``cache=False`` reads everything. Raises NotAWorkspace only when ``root`` is not a workspace at
    all. The rules (``workspace_schema.rules.check``) add the lint findings.
    """
    path = check_root(root)
    with paused():  # no reference cycles are made; see gcpause.py
        # A few files parse faster than the cache of every file decodes.
        use_cache = cache and projects is None
        return _load(path, None if projects is None else set(projects), LoadCache(path) if use_cache else None)


def _load(path: Path, only: set[str] | None, cache: LoadCache | None) -> tuple[R.Workspace, list[Finding]]:
    loader = Loader(path)
    settings = loader.settings()
    people = loader.keyed_file("people.toml", "people", R.Person)
    clients = loader.keyed_file("clients.toml", "clients", R.Client)
    projects: dict[str, R.Project] = {}
    unread: set[str] = set()
    for rel, pid in loader.folder("projects"):
        if only is not None and pid not in only:
            continue
        raw = loader.raw(rel)
        if raw is None:
            continue
        key = digest(raw) if cache is not None else b""
        entry = cache.get(rel, key) if cache is not None else None
        if entry is not None:
            loader.sources[rel] = FileLines(path=str(path / rel), root=loader.real_root, headers=dict(entry.headers))
            projects[pid] = entry.project
            continue
        before = loader.limit.made
        project = loader.project(rel, pid, raw)
        if cache is not None and project is not None and loader.limit.made == before:
            cache.put(rel, key, project, loader.sources[rel].headers)
        if project is not None:
            projects[pid] = project
        else:
            unread.add(rel)
    reviews: dict[str, R.Review] = {}
    for rel, rid in [] if only is not None else loader.folder("reviews"):
        review = loader.review(rel, rid)
        if review is not None:
            reviews[rid] = review
    surveys: dict[str, R.Survey] = {}
    for rel, sid in [] if only is not None else loader.folder("surveys"):
        survey = loader.survey(rel, sid)
        if survey is not None:
            surveys[sid] = survey
    improvements = loader.keyed_file("improvements.toml", "improvements", R.Improvement)
    evaluations = loader.keyed_file("evaluations.toml", "evaluations", R.Evaluation)
    if cache is not None and only is None:
        cache.save()
    loader.findings.extend(loader.limit.summaries())
    ws = R.Workspace(
        root=str(path),
        settings=settings,
        people=people,
        clients=clients,
        projects=projects,
        reviews=reviews,
        surveys=surveys,
        improvements=improvements,
        evaluations=evaluations,
        unread=frozenset(unread),
        sources=loader.sources,
    )
    return ws, loader.findings


def _record_children(cls: type[Struct]) -> dict[str, type[Struct]]:
    """Fields of ``cls`` that hold keyed sub-records (a risk's steps)."""
    return {"steps": R.Step} if cls is R.Risk else {}


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (int, float)):
        return "a number"
    return type(value).__name__


def _shown_key(key: str) -> str:
    """A key or file name from the file, with control characters as escapes: it is shown, never obeyed."""
    return key if key.isprintable() else key.encode("unicode_escape").decode("ascii")


def _show(value: Any) -> str:
    if isinstance(value, str):
        escaped = value.encode("unicode_escape").decode("ascii")
        return '"' + (escaped if len(escaped) <= 60 else escaped[:59] + "…") + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        text = "[" + ", ".join(_show(v) for v in value) + "]"
    else:
        text = repr(value) if not hasattr(value, "isoformat") else value.isoformat()
    return text if len(text) <= 60 else text[:59] + "…"
