"""Fuzzing (issue 7, part 6): the loader, the date parser and the merge driver fed
random and mutated input never raise; they give a result or a finding.

- The loader and the rules: random bytes, random TOML-ish text and mutations
  of the sample workspace's own files (bytes flipped, cut short, lines
  duplicated or dropped, brackets deleted, values swapped for odd ones, random
  Unicode) -> load_workspace and rules.check never raise, no rule crashes,
  every loader finding names a file, a file that cannot be read is named by
  an error finding, and loading never writes.
- Dates: parse_date and edits.parse_value give a value or DateError /
  EditRejected, for any text and any "today" from year 1 to 9999.
- The merge: merge_texts on mutated sample files, and the registered driver
  command run as git runs it -> a result or a conflict, never a traceback; a
  clean merge of three files that parse parses, and a key both sides kept
  unchanged is still there (in a conflicted field-level merge, whichever way
  the conflicts are resolved).

The default run is small (under 10 s). For a long run set DUCU_FUZZ_EXAMPLES,
the number of examples for each test (a 25th of it for the driver command,
which starts Python for every example):

    DUCU_FUZZ_EXAMPLES=5000 python -m pytest -q -p no:cacheprovider tests/robustness/test_fuzz.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import rtoml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.helpers.conflict_text import resolve  # every conflict block resolved to one side
from tests.helpers.workspace import REPO, SAMPLE, copy_sample
from workspace_schema import rules
from workspace_schema.core import records as R
from workspace_schema.core.dates import DateError, parse_date
from workspace_schema.edit.values import EditRejected, editable_fields, parse_value
from workspace_schema.load.loader import load_workspace
from workspace_schema.merge.driver import driver_command, merge_files, merge_texts
from workspace_schema.merge.text import same

TODAY = dt.date(2026, 11, 27)
LONG = int(os.environ.get("DUCU_FUZZ_EXAMPLES") or 0)


def examples(default: int, cost: int = 1) -> settings:
    """``default`` examples, or DUCU_FUZZ_EXAMPLES / ``cost`` for a long run; no example database in the tree."""
    return settings(
        max_examples=max(default, LONG // cost),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


SAMPLE_FILES = sorted(p.relative_to(SAMPLE).as_posix() for p in SAMPLE.rglob("*.toml"))
SAMPLE_TEXT = {rel: (SAMPLE / rel).read_text("utf-8") for rel in SAMPLE_FILES}

# --- strategies: odd values, TOML-ish text, mutations of real files -------------------------------

ODD_VALUES = [
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "2026-11-27T10:00:00",
    "10:00:00",
    "1979-05-27T07:32:00Z",
    "-1",
    "0",
    str(2**63 - 1),
    str(-(2**63)),
    "1e308",
    "inf",
    "-inf",
    "nan",
    "3.14",
    "true",
    "false",
    '""',
    '"\\u0000"',
    '"\\u202e evil"',
    '"中文 标题"',
    '"-rf"',
    '"../x"',
    '"a/b"',
    '"+7d"',
    '"next friday"',
    "[]",
    '["a", 1]',
    "[[1, 2], [3]]",
    '["", "-x", "中"]',
    "{}",
    "{ a = 1 }",
    "{ due = 9999-12-31 }",
    "'''\nmulti\nline'''",
    '"""\nmulti\n"""',
    "[ 2026-12-11, 2026-02-28 ]",
]
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
toml_values = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.dates().map(dt.date.isoformat),
    texts.map(lambda s: json.dumps(s, ensure_ascii=False)),
)


def _is_value(text: str) -> bool:
    try:
        rtoml.loads(f"x = {text}")
    except Exception:
        return False
    return True


valid_values = toml_values.filter(_is_value)
KEYS = [
    "title",
    "due",
    "start",
    "owner",
    "status",
    "side",
    "baseline_due",
    "depends_on",
    "raci",
    "steps",
    "moves",
    "probability",
    "impact",
    "emails",
    "org",
    "timezone",
    "holidays",
    "score",
    "on",
    "with",
    "done",
    "a b",
    '"x.y"',
]
HEADERS = [
    "[project]",
    "[workspace]",
    "[people.alice]",
    "[clients.acme]",
    "[milestones.m1]",
    "[milestones.m1.raci]",
    "[tasks.t1]",
    "[risks.r1]",
    "[risks.r1.steps.1]",
    "[changes.c1]",
    "[log.l1]",
    "[goals.g1]",
    "[[milestones]]",
    "[review]",
    "[outcomes.o1]",
    "[escalation.x]",
    "[milestones.-x]",
    "[tasks.'中文']",
    "[a.b.c.d.e]",
]
toml_lines = st.one_of(
    st.sampled_from(HEADERS),
    st.builds(lambda k, v: f"{k} = {v}", st.sampled_from(KEYS), toml_values),
    st.sampled_from(["", "# comment", "<<<<<<< ours", "=======", ">>>>>>> theirs", "\ufeff", "\t", "= 1", "x ="]),
    texts,
)
tomlish = st.lists(toml_lines, max_size=30).map(lambda lines: "\n".join(lines) + "\n")

_ASSIGN = re.compile(r"^(\s*[\w.\"'-]+\s*=\s*)(.+)$", re.M)
OPENS = ("[", "'" * 3, '"' * 3)  # a value that goes on over the next lines


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` with one to four edits of the kinds that break files in practice."""
    for _ in range(draw(st.integers(1, 4))):
        lines = text.splitlines(keepends=True) or [""]
        op = draw(
            st.sampled_from(["flip", "cut", "dup", "drop", "bracket", "value", "unicode", "swap", "crlf", "header"])
        )
        i = draw(st.integers(0, len(lines) - 1))
        at = draw(st.integers(0, len(text)))
        if op == "flip" and text:
            ch = draw(st.characters(exclude_categories=("Cs",)))
            text = text[: at % len(text)] + ch + text[at % len(text) + 1 :]
        elif op == "cut":
            text = text[:at]
        elif op == "dup":
            text = "".join(lines[: i + 1] + lines[i:])
        elif op == "drop":
            text = "".join(lines[:i] + lines[i + 1 :])
        elif op == "bracket":
            spots = [m.start() for m in re.finditer(r"[\[\]{}\"']", text)]
            if spots:
                k = draw(st.sampled_from(spots))
                text = text[:k] + text[k + 1 :]
        elif op == "value":
            spots = list(_ASSIGN.finditer(text))
            if spots:
                m = draw(st.sampled_from(spots))
                text = text[: m.start(2)] + draw(toml_values) + text[m.end(2) :]
        elif op == "unicode":
            text = (
                text[:at] + draw(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=5)) + text[at:]
            )
        elif op == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
        elif op == "crlf":
            text = text.replace("\n", "\r\n")
        elif op == "header":
            lines.insert(i, draw(st.sampled_from(HEADERS)) + "\n")
            text = "".join(lines)
    return text


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    """``text`` with one to five edits a person makes that keep it TOML (mostly): values
    changed, keys and tables added or removed, comments added."""
    for _ in range(draw(st.integers(1, 5))):
        lines = text.splitlines(keepends=True)
        keys = [
            i
            for i, line in enumerate(lines)
            if _ASSIGN.match(line.rstrip("\r\n")) and not line.rstrip().endswith(OPENS)
        ]
        heads = [i for i, line in enumerate(lines) if line.startswith("[")]
        op = draw(st.sampled_from(["set", "set", "set", "drop_key", "add_key", "drop_table", "add_table", "comment"]))
        if op == "set" and keys:
            i = draw(st.sampled_from(keys))
            m = _ASSIGN.match(lines[i].rstrip("\r\n"))
            assert m is not None
            lines[i] = m.group(1) + draw(valid_values) + "\n"
        elif op == "drop_key" and keys:
            del lines[draw(st.sampled_from(keys))]
        elif op == "add_key" and keys:
            name = draw(st.sampled_from(["extra", "notes", "x_1", "备注"])) + str(draw(st.integers(0, 3)))
            lines.insert(draw(st.sampled_from(keys)) + 1, f"{name} = {draw(valid_values)}\n")
        elif op == "drop_table" and heads:
            h = draw(st.sampled_from(heads))
            del lines[h : next((j for j in heads if j > h), len(lines))]
        elif op == "add_table":
            kind = draw(st.sampled_from(["milestones", "tasks", "log", "risks"]))
            block = (
                f"[{kind}.fz-{draw(st.integers(0, 5))}]\ntitle = {draw(valid_values)}\ndue = {draw(valid_values)}\n\n"
            )
            lines.insert(draw(st.sampled_from(heads + [len(lines)])), block)
        elif op == "comment":
            lines.insert(
                draw(st.integers(0, len(lines))), "# " + draw(texts).replace("\r", " ").replace("\n", " ") + "\n"
            )
        text = "".join(lines)
    return text


@st.composite
def file_contents(draw: st.DrawFn) -> tuple[str, bytes]:
    """(workspace file, new bytes): random bytes, TOML-ish text, or a mutation of that file as the sample has it."""
    rel = draw(st.sampled_from(SAMPLE_FILES + ["projects/new-one.toml", "reviews/2026-11-27-acme-crm.toml"]))
    kind = draw(st.sampled_from(["bytes", "tomlish", "mutated", "mutated", "edited", "edited"]))
    if kind == "bytes":
        return rel, draw(st.binary(max_size=400))
    if kind == "tomlish":
        return rel, draw(tomlish).encode("utf-8")
    base = SAMPLE_TEXT.get(rel) or SAMPLE_TEXT["projects/acme-crm.toml"]
    data = draw(mutated(base) if kind == "mutated" else edited(base)).encode("utf-8")
    if draw(st.integers(0, 9)) == 0:  # now and then bytes that are not UTF-8 in an otherwise fine file
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"])) + data[at:]
    return rel, data


# --- (a) the loader and the rules -----------------------------------------------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("fuzz"))
    return root


def usable(data: bytes) -> bool:
    """Whether the loader can read these bytes as a TOML file at all."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
        rtoml.loads(text)
    except Exception:
        return False
    return not re.search(r"^(<{7}|>{7})", text, re.M)


def load_with(root: Path, rel: str, data: bytes) -> None:
    """Put ``data`` in ``root/rel``, load and check the workspace, and restore the file."""
    path = root / rel
    before = path.read_bytes() if path.exists() else None
    path.write_bytes(data)
    try:
        ws, findings = load_workspace(root)
        lint = rules.check(ws, TODAY)
        assert path.read_bytes() == data, "loading wrote to the file"
    finally:
        if before is None:
            path.unlink()
        else:
            path.write_bytes(before)
    for f in findings:
        assert f.file and f.message and f.level in ("error", "warning", "info"), f
    assert [f for f in lint if "crashed" in f.message] == []
    if not usable(data):
        assert any(f.level == "error" and f.file == rel for f in findings), (rel, [f.text() for f in findings])


@given(file_contents())
@examples(150)
def test_the_loader_and_the_rules_never_raise_on_a_broken_file(workspace: Path, case: tuple[str, bytes]) -> None:
    load_with(workspace, *case)


@given(st.lists(st.tuples(st.sampled_from(SAMPLE_FILES), st.data()), min_size=2, max_size=4, unique_by=lambda t: t[0]))
@examples(20)
def test_several_broken_files_at_once(workspace: Path, picks: list[tuple[str, st.DataObject]]) -> None:
    saved = {rel: (workspace / rel).read_bytes() for rel, _ in picks}
    try:
        for rel, data in picks[1:]:
            (workspace / rel).write_bytes(data.draw(mutated(SAMPLE_TEXT[rel])).encode("utf-8"))
        first, data = picks[0]
        load_with(workspace, first, data.draw(mutated(SAMPLE_TEXT[first])).encode("utf-8"))
    finally:
        for rel, raw in saved.items():
            (workspace / rel).write_bytes(raw)


# --- (b) dates as people type them ----------------------------------------------------------------

FORMS = [
    "+7d",
    "-1w",
    "+2m",
    "+5wd",
    "-3bd",
    "+2 weeks",
    "today",
    "tomorrow",
    "yesterday",
    "eow",
    "eom",
    "fri",
    "next friday",
    "Next Monday",
    "2026-02-30",
    "2026-02-29",
    "9999-12-31",
    "0001-01-01",
    "12-31",
    "02-30",
    "13-01",
    "+9999d",
    "-9999d",
    "+9999w",
    "+9999m",
    "-9999m",
    "+9999wd",
    "+99999d",
    "20261211",
    "2026-W48-5",
    "next",
    "next next fri",
    "+",
    "+d",
    "++1d",
    "+1x",
    "+1 d",
    " + 1 d ",
    "１２-１１",
    "+٣d",
    "٢٠٢٦-١٢-١١",
    "+𝟕d",
]
UNITS = ["d", "w", "m", "wd", "bd", "days", "weeks", "months", "workdays", "x", ""]
date_texts = st.one_of(
    st.sampled_from(FORMS),
    st.builds(
        lambda sign, n, unit: f"{sign}{n}{unit}",
        st.sampled_from(["+", "-", "", "+ "]),
        st.integers(0, 10**30),
        st.sampled_from(UNITS),
    ),
    st.builds(
        lambda sign, digits, unit: f"{sign}{digits}{unit}",
        st.sampled_from(["+", "-"]),
        st.text(st.characters(categories=("Nd",)), min_size=1, max_size=5),
        st.sampled_from(UNITS),
    ),
    st.builds(lambda y, m, d: f"{y}-{m}-{d}", st.integers(-1, 10**5), st.integers(-1, 99), st.integers(-1, 99)),
    st.text(max_size=30),
)
any_day = st.dates(min_value=dt.date.min, max_value=dt.date.max) | st.sampled_from(
    [dt.date.min, dt.date.max, dt.date(9999, 12, 3), dt.date(9999, 11, 30), dt.date(1, 1, 5), dt.date(1, 2, 28)]
)
holiday_lists = st.lists(any_day, max_size=5)


@given(date_texts, any_day, holiday_lists)
@examples(300)
def test_dates_are_a_date_or_a_date_error_for_any_today(text: str, today: dt.date, holidays: list[dt.date]) -> None:
    try:
        day = parse_date(text, today, holidays)
    except DateError as exc:
        assert (str(exc) and repr(text)[:20] in str(exc)) or "empty date" in str(exc), str(exc)
        return
    assert type(day) is dt.date


TYPED_FIELDS = [
    (cls, name)
    for cls in (R.Milestone, R.Task, R.Goal, R.ChangeRequest, R.Risk, R.LogEntry, R.ProjectHeader)
    for name in editable_fields(cls)
]


@given(
    st.sampled_from(TYPED_FIELDS),
    date_texts | st.sampled_from(["", " ", "a = 2026-12-11, b = +1w", "x =", "=1"]),
    any_day,
)
@examples(300)
def test_typed_values_are_a_value_or_a_rejection(field: tuple[type, str], text: str, today: dt.date) -> None:
    cls, name = field
    try:
        parse_value(cls, name, text, today)
    except EditRejected as exc:
        assert str(exc)


# --- (c) the merge --------------------------------------------------------------------------------

PROJECTS = [rel for rel in SAMPLE_FILES if rel.startswith(("projects/", "reviews/"))] + [
    "people.toml",
    "workspace.toml",
]


@st.composite
def three_sides(draw: st.DrawFn) -> tuple[str, str, str]:
    """(base, ours, theirs): a sample file edited on both sides, mostly as people do
    (so the field-level merge runs), sometimes broken, now and then barely TOML."""
    if draw(st.integers(0, 9)) == 0:
        return draw(tomlish), draw(tomlish), draw(tomlish)
    base = SAMPLE_TEXT[draw(st.sampled_from(PROJECTS))]
    if draw(st.integers(0, 4)) == 0:
        base = draw(mutated(base))
    change = edited if draw(st.integers(0, 3)) else mutated
    return base, draw(change(base)), draw(change(base))


def parsed(text: str) -> dict | None:
    try:
        return rtoml.loads(text.removeprefix("\ufeff"))
    except Exception:
        return None


def leaves(data: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    if isinstance(data, dict) and data:
        out: dict[tuple[str, ...], Any] = {}
        for key, value in data.items():
            out.update(leaves(value, (*path, key)))
        return out
    return {path: data}


def kept_by_both(base: dict, ours: dict, theirs: dict) -> dict[tuple[str, ...], Any]:
    o, t = leaves(ours), leaves(theirs)
    return {p: v for p, v in leaves(base).items() if p and p in o and p in t and same(o[p], v) and same(t[p], v)}


def check_merge(base: str, ours: str, theirs: str, text: str, clean: bool, field_level: bool) -> None:
    sides = [parsed(t) for t in (base, ours, theirs)]
    if not all(s is not None for s in sides):
        return  # a side that is not TOML: any result or conflict will do, as long as nothing raised
    kept = kept_by_both(*sides)  # type: ignore[arg-type]
    if clean:
        results = [text]
    elif field_level:
        results = [resolve(text, "ours"), resolve(text, "theirs")]
    else:
        return  # a line-by-line conflict: git's ordinary markers, resolved by hand
    for result in results:
        data = parsed(result)
        assert data is not None, f"a merge reported as {'clean' if clean else 'resolvable'} does not parse:\n{result}"
        got = leaves(data)
        lost = [p for p, v in kept.items() if p not in got or not same(got[p], v)]
        assert lost == [], f"keys both sides kept were lost: {lost[:5]}"


@given(three_sides(), st.sampled_from(["merge", "diff3"]))
@example(  # arrays of tables are merged line by line; this clean line merge repeats a key
    ("[[a]]\nx = 1\nw = 0\nv = 9\n", "[[a]]\nx = 1\nw = 0\nv = 9\ny = 2\n", "[[a]]\nx = 1\ny = 3\nw = 0\nv = 9\n"),
    "merge",
)
@examples(200)
def test_the_merge_gives_a_result_or_a_conflict_and_keeps_what_both_kept(
    sides: tuple[str, str, str], style: str
) -> None:
    base, ours, theirs = sides
    result = merge_texts(base, ours, theirs, "projects/x.toml", conflict_style=style)
    assert isinstance(result.text, str)
    check_merge(base, ours, theirs, result.text, result.clean, result.mode == "toml")


@given(st.binary(max_size=300), st.binary(max_size=300), st.binary(max_size=300))
@examples(15, cost=5)
def test_merge_files_takes_any_bytes(
    tmp_path_factory: pytest.TempPathFactory, base: bytes, ours: bytes, theirs: bytes
) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    paths = []
    for name, data in (("O", base), ("A", ours), ("B", theirs)):
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    assert merge_files(*paths, "x.toml") in (0, 1)
    assert isinstance((folder / "A").read_bytes(), bytes)


@pytest.fixture(scope="module")
def driver_env() -> dict[str, str]:
    """The environment git gives the driver, with this source tree importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


@given(three_sides())
@examples(4, cost=25)
def test_the_registered_driver_command_exits_0_or_1_without_a_traceback(
    tmp_path_factory: pytest.TempPathFactory,
    driver_env: dict[str, str],
    sides: tuple[str, str, str],
) -> None:
    folder = tmp_path_factory.mktemp("driver")
    names = {}
    for placeholder, text in zip(("%O", "%A", "%B"), sides):
        path = folder / f".merge_file_{placeholder[1]}"
        path.write_text(text, encoding="utf-8", newline="")
        names[placeholder] = shlex.quote(str(path))
    command = driver_command()
    for placeholder, quoted in {**names, "%P": shlex.quote("projects/-x.toml")}.items():
        command = command.replace(placeholder, quoted)
    proc = subprocess.run(["/bin/sh", "-c", command], cwd=folder, env=driver_env, capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    merged = (folder / ".merge_file_A").read_bytes().decode("utf-8", "surrogateescape")
    check_merge(*sides, merged, proc.returncode == 0, field_level=False)


def test_the_fuzzers_see_what_they_should() -> None:
    """The checks above can fail: a broken file is named, a lost key is noticed."""
    assert (
        not usable(b"[project\n")
        and not usable(b"\xff")
        and not usable(b"a = 1\n<<<<<<< ours\n")
        and usable(b"a = 1\n")
    )
    base = "a = 1\nb = 2\n"
    with pytest.raises(AssertionError, match="lost"):
        check_merge(base, base, "a = 1\nb = 2\nc = 3\n", "a = 1\nc = 3\n", True, True)
    with pytest.raises(AssertionError, match="does not parse"):
        check_merge(base, base, base, "a = \n", True, True)
