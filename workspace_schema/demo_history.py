"""Six weeks of scripted history for the demo, so every history view has something to show.

``build(root, today)`` is called by make_demo on a fresh clone whose files
are the sample as it stands "today" (dates already moved by whole weeks).
It commits a path from an earlier state of the sample to exactly those
files: a first commit six weeks back (the plans as signed, tagged
``baseline/<project>/<date>``), then about 35 commits by three people of
the sample (their names and first emails from people.toml), each dated in
the past with its author's date and UTC offset: dates moved (one forecast
twice and back), steps ticked, tasks done, log entries, a change request
recorded and approved, two review meetings with their minutes.

How: the script below lists each commit as edits of the *final* files
(field X went from old to new; record Y was added; file Z was added). They
are undone from the last to the first on the text of the files, which gives
every intermediate state; then all the commits and tags are written by one
``git fast-import`` (one process, well under a second) and the index is
set to the last commit, whose tree is the files on disk, byte for byte.

Commit messages are the ones ducu makes for the same edit (edits.Change
subjects and trailers; change_requests.approval_message; the minutes'
"Review ..." subject with Ducu-Review), except for the few commits
marked as hand edits, which have a plain message and no trailers. The
plain field edits give exactly the bytes edits.set_fields would write
(tests/test_demo_history.py replays them); additions of records are
written in the sample's own layout.

A step whose edit no longer matches the sample (someone changed the sample)
is left out and named in ``BuildResult.skipped``; the demo still starts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rtoml

from . import git
from . import records as R
from .demo import SAMPLE_TODAY, shift_dates, week_shift
from .edits import KIND_NAMES, Change, FieldChange
from .storage import render_key, render_value

__all__ = ["Add", "AddFile", "BuildResult", "Note", "Set", "Step", "build", "script", "unwind"]

SHANGHAI = dt.timezone(dt.timedelta(hours=8))  # the sample's agency works in Asia/Shanghai
WEEKS = 6
AUTHORS = {  # used when people.toml does not name them
    "hannah": ("Hannah Okafor", "hannah@northwind.digital"),
    "mei": ("陈美 (Chen Mei)", "mei@northwind.digital"),
    "raj": ("Raj Patel", "raj@northwind.digital"),
}


# --- what a step does to the files --------------------------------------------------------


@dataclass(frozen=True)
class Set:
    """Field ``key`` of the table ``path`` went from ``old`` (None: absent) to ``new``."""

    file: str
    path: tuple[str, ...]
    key: str
    old: Any
    new: Any
    drop_comment: bool = False  # the line's comment was written in this step too


@dataclass(frozen=True)
class Add:
    """The record at ``path`` (with its sub-tables) was added."""

    file: str
    path: tuple[str, ...]


@dataclass(frozen=True)
class AddFile:
    file: str


@dataclass(frozen=True)
class Note:
    """Someone wrote the comment at the end of ``key``'s line by hand."""

    file: str
    path: tuple[str, ...]
    key: str


Op = Set | Add | AddFile | Note


@dataclass(frozen=True)
class Step:
    when: dt.datetime
    who: str  # a handle in people.toml
    style: str  # "ducu" (an edit as the app makes it), "hand", "approve", "review"
    ops: tuple[Op, ...]
    reason: str | None = None
    subject: str | None = None  # for hand edits and reviews
    body: str | None = None


@dataclass
class BuildResult:
    head: str
    commits: int
    tags: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # steps left out: "<when> <subject>: why"
    seconds: float = 0.0


class _Mismatch(Exception):
    pass


# --- the script (dates as in the sample, moved by ``days``) ------------------------------------


def script(days: int = 0) -> list[Step]:
    """The commits after the first one, oldest first, with every date moved by ``days``."""
    D = dt.date

    def d(y: int, m: int, day: int) -> dt.date:
        return D(y, m, day) + dt.timedelta(days=days)

    def at(m: int, day: int, hh: int, mm: int) -> dt.datetime:
        return dt.datetime(2026, m, day, hh, mm, tzinfo=SHANGHAI) + dt.timedelta(days=days)

    def s(text: str) -> str:
        return shift_dates(text, days)

    acme, hm = "projects/acme-crm.toml", "projects/huamei-miniapp.toml"
    intra, portal = "projects/greenleaf-intranet.toml", "projects/greenleaf-portal.toml"
    rev_acme = s("reviews/2026-11-20-acme-crm.toml")
    rev_hm = s("reviews/2026-11-24-huamei-miniapp.toml")
    mig, dev = "门店数据迁移-7k2m", "小程序开发-8qwe"
    email, outlook = ("milestones", "email-integration-9dkp"), ("tasks", "outlook-sync-t6bk")

    def done(file: str, path: tuple[str, ...], was: str, on: dt.date) -> tuple[Op, ...]:
        return (Set(file, path, "status", was, "done"), Set(file, path, "done_on", None, on))

    steps = [
        Step(at(10, 19, 9, 40), "raj", "ducu", (Set(hm, ("milestones", dev), "status", "todo", "doing"),)),
        Step(at(10, 22, 17, 35), "raj", "ducu", done(acme, ("tasks", "roles-permissions-c7wd"), "doing", d(2026, 10, 22))),
        Step(at(10, 26, 11, 5), "raj", "ducu", (Set(hm, ("goals", "shouping-xingneng-2kbd"), "current", 3200, 2400),),
             reason=s("first build of the home page on the 20 test phones")),
        Step(at(10, 29, 18, 2), "raj", "hand", done(acme, ("milestones", "crm-config-h8rw"), "doing", d(2026, 10, 29)),
             subject="crm-config done: Dana's team walked a deal through the sandbox"),
        Step(at(10, 29, 19, 20), "hannah", "ducu", (Add(acme, ("log", "sandbox-demo-3r8t")),)),
        Step(at(11, 2, 9, 15), "raj", "ducu", (Set(acme, email, "status", "todo", "doing"),)),
        Step(at(11, 3, 14, 0), "raj", "ducu", (Set(hm, ("milestones", dev), "due", d(2026, 12, 18), d(2026, 12, 25)),),
             reason="华美 IT sent the member API spec two weeks late"),
        Step(at(11, 5, 16, 40), "hannah", "hand", done(intra, ("milestones", "content-migration-b8qz"), "doing", d(2026, 11, 5)),
             subject="Intranet: policies and rotas migrated, clinic managers checked their pages"),
        Step(at(11, 6, 17, 30), "raj", "ducu", done(acme, ("tasks", "field-mapping-q3za"), "doing", d(2026, 11, 6))),
        Step(at(11, 9, 10, 5), "raj", "ducu", (Set(acme, email, "due", d(2026, 12, 4), d(2026, 12, 11)),),
             reason="Acme IT has not granted the Microsoft Graph admin consent yet"),
        Step(at(11, 9, 10, 20), "raj", "ducu", (Set(hm, ("tasks", "zhuce-denglu-a7wf"), "status", "todo", "doing"),)),
        Step(at(11, 10, 11, 0), "mei", "ducu", (Set(hm, ("risks", "chunjie-chuangkou-9vkd"), "last_drill", d(2026, 10, 10), d(2026, 11, 10)),)),
        Step(at(11, 12, 14, 25), "raj", "ducu", (Set(hm, ("risks", "weixin-bohui-3mha", "steps", "1"), "done", False, True),)),
        Step(at(11, 13, 15, 20), "raj", "ducu", done(acme, ("tasks", "graph-consent-m8vf"), "waiting", d(2026, 11, 13))),
        Step(at(11, 13, 16, 5), "mei", "ducu", (Add(hm, ("log", "sheji-fankui-6pwx")),)),
        Step(at(11, 16, 9, 20), "raj", "ducu", (Set(acme, email, "due", d(2026, 12, 11), d(2026, 12, 4)),),
             reason=s("Graph consent arrived on 2026-11-13; back on plan")),
        Step(at(11, 16, 9, 25), "raj", "ducu", (Set(acme, outlook, "status", "todo", "doing"),)),
        Step(at(11, 16, 9, 30), "raj", "ducu", (Set(acme, ("tasks", "import-script-x2m1"), "status", "todo", "doing"),)),
        Step(at(11, 16, 11, 45), "raj", "ducu", (Set(hm, ("goals", "shouping-xingneng-2kbd"), "current", 2400, 1900),),
             reason="image lazy loading and a smaller font subset"),
        Step(at(11, 16, 18, 10), "hannah", "hand", done(intra, ("milestones", "staff-launch-j2rx"), "doing", d(2026, 11, 16)),
             subject="Intranet is live for all staff"),
        Step(at(11, 16, 17, 20), "raj", "ducu", (Set(hm, ("milestones", dev), "due", d(2026, 12, 25), d(2026, 12, 18)),),
             reason="Tomás joined the front end; back on the signed date"),
        Step(at(11, 17, 9, 0), "hannah", "ducu", (Set(intra, ("milestones", "handover-signoff-9gtv"), "status", "todo", "doing"),)),
        Step(at(11, 17, 9, 10), "hannah", "ducu", (Set(intra, ("goals", "staff-weekly-use-5xkp"), "current", 35, 118),),
             reason="first week after the launch"),
        Step(at(11, 17, 10, 30), "hannah", "ducu", (Set(acme, ("tasks", "dedupe-rules-j5sp"), "status", "todo", "doing"),)),
        Step(at(11, 18, 14, 10), "hannah", "ducu", (Add(acme, ("log", "ben-leave-6ywa")),)),
        Step(at(11, 18, 14, 30), "hannah", "hand", (
            Set(acme, ("risks", "export-owner-away-r5tb"), "status", "watching", "triggered"),
            Set(acme, ("risks", "export-owner-away-r5tb"), "triggered_on", None, d(2026, 11, 18)),
        ), subject="Acme: our DBA risk is real, Ben is out until December"),
        Step(at(11, 18, 15, 5), "hannah", "ducu", (Add(acme, ("changes", "export-slip-w8d1")),),
             reason=s("Ben Kim is on medical leave 2026-11-19 to 2026-12-01 and nobody else at Acme can run the export")),
        Step(at(11, 19, 10, 0), "mei", "ducu", (Add(hm, ("log", "renzheng-tixing-2bcz")),)),
        Step(at(11, 19, 17, 45), "hannah", "hand", (
            *done(portal, ("milestones", "prototype-approved-k5hx"), "doing", d(2026, 11, 19)),
            Add(portal, ("log", "prototype-feedback-9amc")),
        ), subject="Greenleaf portal: Priya approved the prototype a day early"),
        Step(at(11, 20, 10, 40), "hannah", "approve", (
            Set(acme, ("changes", "export-slip-w8d1"), "status", "proposed", "approved"),
            Set(acme, ("changes", "export-slip-w8d1"), "decided_by", None, "hannah", drop_comment=True),
            Set(acme, ("changes", "export-slip-w8d1"), "decided_on", None, d(2026, 11, 20)),
            Set(acme, ("milestones", "data-export-k3f9"), "due", d(2026, 12, 4), d(2026, 12, 11), drop_comment=True),
        )),
        Step(at(11, 20, 11, 15), "hannah", "review", (
            AddFile(rev_acme),
            Set(acme, ("tasks", "import-script-x2m1"), "owner", "raj", "tomas", drop_comment=True),
            Set(acme, ("risks", "export-owner-away-r5tb", "steps", "1"), "done", False, True),
            Add(acme, ("tasks", "readonly-account-w3nr")),
            Add(acme, ("log", "review-decision-n2qd")),
            Add(acme, ("log", "slip-feedback-8kcm")),
        ), subject=s("Review acme-crm 2026-11-20: 1 moved, 1 reassigned, 1 action, 2 noted, 1 skipped")),
        Step(at(11, 23, 9, 10), "raj", "ducu", (Set(acme, ("tasks", "readonly-account-w3nr"), "status", "todo", "waiting"),),
             reason="asked Dana for the account, waiting on Acme IT"),
        Step(at(11, 23, 9, 20), "raj", "ducu", (Add(acme, ("log", "readonly-request-5hfa")),)),
        Step(at(11, 23, 10, 0), "hannah", "ducu", (Set(intra, ("goals", "staff-weekly-use-5xkp"), "current", 118, 162),)),
        Step(at(11, 24, 9, 45), "raj", "ducu", (Set(acme, email, "due", d(2026, 12, 4), d(2026, 12, 18)),),
             reason="calendar sync of recurring meetings needs a second pass"),
        Step(at(11, 24, 9, 50), "raj", "ducu", (
            Set(acme, outlook, "due", d(2026, 12, 2), d(2026, 12, 16)),
            Set(acme, outlook, "notes", None, "Calendar sync of recurring meetings needs a second pass; estimate was too low."),
        ), reason="the estimate was too low"),
        Step(at(11, 24, 12, 30), "mei", "review", (
            AddFile(rev_hm),
            Add(hm, ("tasks", "fenpi-daochu-b2kt")),
            Set(hm, ("milestones", mig), "notes", None, "李娜：门店系统年终盘点占用人手。先给 3 家试点门店的数据（见 fenpi-daochu-b2kt）。"),
            Set(hm, ("milestones", "weixin-renzheng-4npz"), "notes", None, s("2026-11-24 例会上王伟说法务在盖章，本周内提交。之后没有再跟进。")),
            Add(hm, ("log", "zhouli-hui-7gqa")),
        ), subject=s("Review huamei-miniapp 2026-11-24: 1 action, 4 noted")),
        Step(at(11, 24, 18, 0), "hannah", "ducu", (
            Set(acme, ("tasks", "dedupe-rules-j5sp"), "notes", None, "Half done: company matching agreed, person matching still open."),
        )),
        Step(at(11, 25, 10, 20), "mei", "ducu", (Add(hm, ("changes", "shuju-yanqi-5tgm")),),
             reason="信息部在做年终盘点，李娜团队人手不足；先交 3 家试点门店的数据"),
        Step(at(11, 25, 10, 25), "mei", "ducu", (Add(hm, ("log", "yanqi-shenqing-f5nd")),)),
        Step(at(11, 25, 16, 50), "raj", "ducu", (
            Set(hm, ("tasks", "daoru-jiaoben-x8nh"), "status", "todo", "blocked"),
            Set(hm, ("tasks", "daoru-jiaoben-x8nh"), "notes", None, "脚本写好了，等真实数据做校验。"),
        ), reason="门店数据还没到"),
        Step(at(11, 25, 17, 5), "mei", "ducu", (Add(hm, ("log", "shuju-cuiban-k8tr")),)),
        Step(at(11, 25, 18, 30), "hannah", "hand", (Note(acme, email, "due"), Note(acme, email, "baseline_due")),
             subject="acme-crm: note that the Outlook sync moved without a change request"),
        Step(at(11, 26, 15, 10), "hannah", "ducu", (Add(acme, ("log", "status-call-z7pe")),)),
        Step(at(11, 26, 16, 30), "mei", "ducu", (Add(hm, ("log", "shuju-cuiban-q2wj")),)),
    ]
    return steps


def first_commit_time(days: int = 0) -> dt.datetime:
    start = SAMPLE_TODAY - dt.timedelta(weeks=WEEKS)
    return dt.datetime(start.year, start.month, start.day, 9, 5, tzinfo=SHANGHAI) + dt.timedelta(days=days)


# --- undoing a step on the text -----------------------------------------------------------


def _header(path: tuple[str, ...]) -> str:
    return "[" + ".".join(render_key(p) for p in path) + "]"


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


def unwind(final: dict[str, bytes], steps: Sequence[Step]) -> tuple[dict[str, bytes], list[tuple[Step, dict[str, bytes | None]]], list[str]]:
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


# --- commit messages ------------------------------------------------------------------------


def _ref(file: str, path: tuple[str, ...]) -> str:
    project = file.removeprefix("projects/").removesuffix(".toml")
    if path == ("project",):
        return project
    if len(path) == 4 and path[2] == "steps":
        return f"{project}/{path[1]}/steps/{path[3]}"
    return f"{project}/{path[1]}"


def _record(files: dict[str, bytes | None], file: str, path: tuple[str, ...]) -> dict[str, Any]:
    raw = files.get(file)
    node: Any = rtoml.loads(raw.decode("utf-8")) if raw else {}
    for part in path:
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node if isinstance(node, dict) else {}


def _message(step: Step, after: dict[str, bytes | None], people: dict[str, tuple[str, str]]) -> str:
    if step.style == "hand":
        return (step.subject or "Edit the plan by hand") + ("\n\n" + step.body if step.body else "") + "\n"
    if step.style == "approve":
        return _approval(step, after, people)
    if step.style == "review":
        return _review(step)
    op = step.ops[0]
    if isinstance(op, Add):
        fields = _record(after, op.file, op.path)
        plain = {k: v for k, v in fields.items() if not isinstance(v, dict)}
        title = str(plain.get("title") or plain.get("summary") or plain.get("text") or op.path[-1])
        change = Change(op.file, _ref(op.file, op.path), "add", tuple(FieldChange(k, None, v) for k, v in plain.items()),
                        step.reason, title=title, kind=KIND_NAMES.get(op.path[0], op.path[0]))
        return change.message()
    sets = [o for o in step.ops if isinstance(o, Set)]
    return Change(sets[0].file, _ref(sets[0].file, sets[0].path), "set", tuple(FieldChange(o.key, o.old, o.new) for o in sets), step.reason).message()


def _approval(step: Step, after: dict[str, bytes | None], people: dict[str, tuple[str, str]]) -> str:
    from .change_requests import Impact, Move, approval_message

    first = next(o for o in step.ops if isinstance(o, Set) and o.path[0] == "changes")
    project_id = _ref(first.file, ("project",))
    change_id = first.path[1]
    fields = _record(after, first.file, first.path)
    change = R.Change(summary=str(fields.get("summary", "")), reason=fields.get("reason"))
    moves = []
    for o in step.ops:
        if isinstance(o, Set) and o.path[0] in ("milestones", "tasks") and o.key == "due":
            title = str(_record(after, o.file, o.path).get("title", ""))
            moves.append(Move(ref=_ref(o.file, o.path), title=title, old_due=o.old, new_due=o.new, days=(o.new - o.old).days,
                              reason="requested", kind="milestone" if o.path[0] == "milestones" else "task"))
    due = _record(after, first.file, ("project",)).get("due")
    imp = Impact(project=project_id, change=change_id, moves=moves, project_due_old=due, project_due_new=due)
    name, email = people[step.who]
    return approval_message(project_id, change_id, change, imp, f"{name} <{email}>")


def _review(step: Step) -> str:
    review = next(o.file for o in step.ops if isinstance(o, AddFile))
    rid = review.removeprefix("reviews/").removesuffix(".toml")
    trailers = [f"Ducu-Item: reviews/{rid}"]
    trailers += [f"Ducu-Item: {_ref(o.file, o.path)}" for o in step.ops if isinstance(o, (Set, Add)) and o.path[0] != "log"]
    held = rid[:10]
    trailers.append(f"Ducu-Reason: review of {held}, minutes in {review}")
    trailers.append(f"Ducu-Review: {review}")
    return f"{step.subject}\n\n" + "\n".join(dict.fromkeys(trailers)) + "\n"


# --- writing it to git ----------------------------------------------------------------------


def _people(final: dict[str, bytes]) -> dict[str, tuple[str, str]]:
    out = dict(AUTHORS)
    try:
        people = rtoml.loads(final.get("people.toml", b"").decode("utf-8")).get("people", {})
    except Exception:
        return out
    for handle in out:
        person = people.get(handle)
        if isinstance(person, dict) and person.get("name") and person.get("emails"):
            out[handle] = (str(person["name"]), str(person["emails"][0]))
    return out


def _ident(who: tuple[str, str], when: dt.datetime) -> str:
    name = who[0].replace("<", "").replace(">", "").replace("\n", " ")
    offset = when.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{name} <{who[1]}> {int(when.timestamp())} {sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def _files_on_disk(root: Path) -> dict[str, bytes]:
    """Every file ``git add .`` would commit, by path relative to ``root``."""
    out = git.run(root, "ls-files", "-z", "--others", "--cached", "--exclude-standard").stdout
    return {rel: (root / rel).read_bytes() for rel in sorted(set(out.split("\0"))) if rel and (root / rel).is_file()}


def _mode(root: Path, rel: str) -> str:
    return "100755" if os.access(root / rel, os.X_OK) and not rel.endswith(".toml") else "100644"


def build(root: str | os.PathLike[str], today: dt.date, *, branch: str = "main") -> BuildResult:
    """Commit the scripted history in the fresh repository at ``root``; the last commit is the files on disk.

    ``root`` must be a repository without commits whose files are the sample
    moved to ``today`` (what make_demo writes). Raises git.GitError when git
    refuses the history (nothing is committed then).
    """
    started = time.perf_counter()
    root = Path(root)
    days = week_shift(today)
    final = _files_on_disk(root)
    people = _people(final)
    first, done, skipped = unwind(final, script(days))
    start = first_commit_time(days)
    stream = bytearray()
    hannah = people["hannah"]
    message = (
        "Northwind plans for four client projects, as signed\n\n"
        "The demo's history starts here: the dates every client agreed to.\n"
        "Created by `ducu demo` from the sample workspace.\n"
    ).encode("utf-8")
    stream += f"commit refs/heads/{branch}\nmark :1\n".encode()
    stream += f"author {_ident(hannah, start)}\ncommitter {_ident(hannah, start)}\n".encode()
    stream += _data(message)
    for rel, blob in sorted(first.items()):
        stream += f"M {_mode(root, rel)} inline {_quote(rel)}\n".encode() + _data(blob)
    stream += b"\n"
    for n, (step, after) in enumerate(done, start=2):
        who = people[step.who]
        stream += f"commit refs/heads/{branch}\nmark :{n}\n".encode()
        stream += f"author {_ident(who, step.when)}\ncommitter {_ident(who, step.when)}\n".encode()
        stream += _data(_message(step, after, people).encode("utf-8"))
        for rel, blob in sorted(after.items()):
            if blob is None:
                stream += f"D {_quote(rel)}\n".encode()
            else:
                stream += f"M {_mode(root, rel)} inline {_quote(rel)}\n".encode() + _data(blob)
        stream += b"\n"
    tags = []
    for rel in sorted(first):
        if not (rel.startswith("projects/") and rel.endswith(".toml")):
            continue
        project_id = rel.removeprefix("projects/").removesuffix(".toml")
        from .change_requests import _tag_base

        tag = _tag_base(project_id, start.date())
        title = _record(first, rel, ("project",)).get("title") or project_id
        text = f"Signed plan of {project_id} ({title}): the dates agreed with the client\n".encode()
        stream += f"tag {tag}\nfrom :1\ntagger {_ident(hannah, start)}\n".encode() + _data(text)
        tags.append(tag)
    _fast_import(root, bytes(stream))
    git.run(root, "reset", "-q")  # the index of the new branch; the files on disk already are its last commit
    head = git.run(root, "rev-parse", "HEAD").stdout.strip()
    return BuildResult(head=head, commits=len(done) + 1, tags=tags, skipped=skipped, seconds=time.perf_counter() - started)


def _quote(rel: str) -> str:
    """A path as fast-import reads it: quoted C-style when it needs to be."""
    if not any(ch in rel for ch in ' "\\\n') and not rel.startswith('"'):
        return rel
    escaped = rel.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _fast_import(root: Path, stream: bytes) -> None:
    try:
        proc = subprocess.run(
            ["git", "-C", os.fspath(root), "fast-import", "--quiet", "--date-format=raw", "--done"],
            input=stream + b"done\n", capture_output=True, env=git._env(), check=False,
        )
    except FileNotFoundError as exc:
        raise git.GitError("git is not installed or not on PATH; install git and try again.") from exc
    if proc.returncode != 0:
        raise git.GitError(f"git fast-import failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
