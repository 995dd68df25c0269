"""Hostile files (issue 7, part 2): each gets a clear finding in bounded time; no crash, no hang, nothing written.

Every case is a small workspace (a git clone, so the load cache is in play)
with one hostile thing in it: nesting 10,000 levels deep, 100,000 keys, a
50 MB file, links that lead outside the workspace (to a secret file, to
/etc/passwd, to /dev/zero, a linked folder), link loops and dangling links,
ids and references with path traversal, a folder where a file belongs and a
file where a folder belongs, a file nobody may read, a named pipe, a device,
binary garbage, a BOM, NUL bytes, CRLF and lone CR line ends, escape
sequences in keys and file names.

For each case, through the library, `ducu validate` and (for all of them
at once) the app:

- the finding names the file, says what is wrong and what to do;
- it comes within LIMIT seconds (the real figure is printed: run with -s);
- nothing raises, nothing hangs (a case that blocks fails after LIMIT, and
  its pipes are opened from the other end so the test run goes on);
- no file or folder of the workspace changes (bytes, mode, mtime of every
  entry, the folders' own mtimes included), nor the files links point to;
- the load cache holds only plain files inside the workspace whose bytes
  match, and a second (cached) load says exactly what the first said.

"File nobody may read" needs a user the permissions apply to: as root the
load runs in a forked child that drops to uid 65534.

    python -m pytest -q -p no:cacheprovider tests/robustness/test_hostile_files.py -s
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import pickle
import stat
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.app import app_on, settle, sync
from tests.helpers.hostile_cases import (
    BY_NAME,
    CASES,
    ROOT_USER,
    SECRET,
    Case,
    items_20k,
    put,
    unreadable,
    workspace,
)
from tests.helpers.workspace import REPO
from tui.cli import main
from workspace_schema import rules
from workspace_schema.core.findings import Finding
from workspace_schema.edit.atomic import NOT_A_FILE, atomic_write, disk_sha256
from workspace_schema.edit.edits import set_field
from workspace_schema.edit.storage import EditError
from workspace_schema.load.file_bytes import Unreadable, read_file
from workspace_schema.load.loader import MAX_FINDINGS_PER_CODE, load_workspace
from workspace_schema.load.project_cache import LoadCache, digest

LIMIT = 5.0  # seconds a hostile case may take, generous for a 2-core machine shared with others
TODAY = dt.date(2026, 11, 27)
NOBODY = 65534

DO = ("replace", "remove", "rename", "fix", "save", "split", "check", "move", "set")  # a finding says what to do


# --- helpers -----------------------------------------------------------------------------------------


def snapshot(*tops: Path) -> dict[str, tuple]:
    """Every entry under ``tops`` (links not followed): type, mode, mtime and the bytes or link target.

    Folders count too: a file made and removed again changes its folder's mtime.
    """
    seen: dict[str, tuple] = {}
    for top in tops:
        for folder, dirs, files in os.walk(top):
            if ".git" in dirs:
                dirs.remove(".git")  # git's own (and the load cache's) business; checked apart
            for name in [".", *dirs, *files]:
                path = os.path.join(folder, name)
                st = os.lstat(path)
                body: object = st.st_size
                if stat.S_ISLNK(st.st_mode):
                    body = os.readlink(path)
                elif stat.S_ISREG(st.st_mode) and st.st_size <= 10 * 2**20:
                    with contextlib.suppress(PermissionError):
                        body = Path(path).read_bytes()
                seen[os.path.normpath(path)] = (stat.S_IFMT(st.st_mode), st.st_mode, st.st_mtime_ns, body)
    return seen


def unblock_pipes(root: Path) -> None:
    """Open every named pipe under ``root`` for writing and close it: a reader blocked on one gets EOF."""
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            if stat.S_ISFIFO(os.lstat(path).st_mode):
                with contextlib.suppress(OSError):
                    os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


def bounded(root: Path, fn: Callable[[], object], limit: float = LIMIT) -> tuple[object, float]:
    """``fn()`` in a thread, failing (not hanging) when it takes longer than ``limit``; (result, seconds)."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["result"] = fn()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    start = time.perf_counter()
    thread.start()
    thread.join(limit)
    took = time.perf_counter() - start
    if thread.is_alive():
        unblock_pipes(root)
        thread.join(5)
        pytest.fail(f"still running after {limit:.0f} s (hung?)")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["result"], took


def as_nobody(fn: Callable[[], object]) -> object:
    """``fn()`` in a forked child running as uid 65534, so file permissions apply (root reads anything)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            payload = pickle.dumps(("ok", fn()))
        except BaseException as exc:
            payload, code = pickle.dumps(("error", f"{type(exc).__name__}: {exc}")), 1
        with os.fdopen(write_end, "wb") as f:
            f.write(payload)
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as f:
        kind, value = pickle.loads(f.read())
    os.waitpid(pid, 0)
    if kind == "error":
        pytest.fail(f"in the child running as uid {NOBODY}: {value}")
    return value


def opened_to_others(tmp_path: Path) -> None:
    """Let uid 65534 reach the workspace (tmp_path's parents are root's own, mode 0700)."""
    path = tmp_path
    while path != path.parent:
        if path.stat().st_uid == os.geteuid():
            path.chmod(path.stat().st_mode | 0o011)  # search only: nothing becomes listable or readable
        path = path.parent
    for folder, dirs, _files in os.walk(tmp_path):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o755)


def in_process_or_as_nobody(case: Case, tmp_path: Path, fn: Callable[[], object]) -> Callable[[], object]:
    if case.make is unreadable and ROOT_USER:
        opened_to_others(tmp_path)
        return lambda: as_nobody(fn)
    return fn


def load_and_check(root: Path) -> tuple[list[Finding], list[Finding], set[str]]:
    ws, loaded = load_workspace(root)
    return loaded, rules.check(ws, TODAY), set(ws.projects)


def clear(findings: list[Finding], case: Case) -> None:
    """A finding names the file, says what is wrong (the case's words) and what to do, and is one printable line."""
    mine = [f for f in findings if f.file == case.file and f.code == case.code]
    assert mine, [f.text() for f in findings][:20]
    f = next((f for f in mine if all(words in f.message for words in case.says)), None)
    assert f is not None, (case.says, [f.message for f in mine][:5])
    assert any(verb in f.message.lower() for verb in DO), f.message
    assert f.text().isprintable(), f.text()


def cache_is_sound(root: Path) -> None:
    """Every entry of the load cache is a plain file inside the workspace, and its bytes match."""
    for rel, entry in LoadCache(root).old.items():
        path = root / rel
        assert stat.S_ISREG(os.lstat(path).st_mode), rel
        assert digest(path.read_bytes()) == entry.digest, rel


# --- the library ------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_library_gives_a_clear_finding_in_bounded_time_and_writes_nothing(tmp_path: Path, case: Case) -> None:
    root, out = workspace(tmp_path, case)
    before = snapshot(root, out)
    run = in_process_or_as_nobody(case, tmp_path, lambda: load_and_check(root))
    (loaded, checked, projects), took = bounded(root, run)
    print(
        f"\n{case.name}: load + check {took * 1000:.0f} ms, {len(loaded)} load findings, {len(checked)} rule findings"
    )

    everything = loaded + checked
    if case.code is None:
        assert [f for f in loaded if f.file == case.file] == []
        assert Path(case.file).stem in projects
    else:
        clear(everything, case)
    assert "good" in projects or case.code == "FILE008", "the rest of the workspace still loads"
    assert not any("rule crashed" in f.message for f in checked)
    assert all(f.file for f in loaded)
    assert not any(SECRET in f.message or "root:x:" in f.message for f in everything)
    assert len([f for f in loaded if f.file == case.file]) <= 2 * MAX_FINDINGS_PER_CODE + 5
    assert snapshot(root, out) == before

    if case.make is unreadable and ROOT_USER:
        return  # the cache is root's, written in the child's absence
    cache_is_sound(root)
    again, took_again = bounded(root, lambda: load_and_check(root))  # from the cache where it can
    assert again[:2] == (loaded, checked)
    assert load_workspace(root, cache=False)[1] == loaded
    assert snapshot(root, out) == before
    print(f"{case.name}: again, with the load cache {took_again * 1000:.0f} ms")


def test_case_names_cover_the_issue() -> None:
    """The issue's list: deep nesting, 100,000 keys, 50 MB, a link outside, path traversal, a folder for a file, permissions."""
    for words in (
        "deep",
        "100,000",
        "50 MB",
        "outside",
        "traversal",
        "folder where a file",
        "permission",
        "pipe",
        "/dev/zero",
        "garbage",
        "BOM",
        "NUL",
        "CRLF",
    ):
        assert any(words in name for name in BY_NAME), words


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    root, _ = workspace(tmp_path, BY_NAME["50 MB file"])
    tracemalloc.start()
    try:
        _, findings = load_workspace(root)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [f.code for f in findings if f.file == "projects/big.toml"] == ["FILE004"]
    print(f"\nloading a workspace with a 50 MB file: {peak / 1024:.0f} KB allocated at the peak")
    assert peak < 2**20, f"{peak / 2**20:.1f} MB allocated while loading"


def test_a_file_that_grows_while_read_stops_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The size looked at is not trusted: the read itself stops one byte past the limit."""
    path = put(tmp_path, "growing.toml", b"x" * 1000)
    for name in ("stat", "fstat"):  # both looks say 10 bytes
        real = getattr(os, name)
        monkeypatch.setattr(
            os, name, lambda f, real=real, **kw: os.stat_result((*real(f, **kw)[:6], 10, *real(f, **kw)[7:]))
        )
    with pytest.raises(Unreadable) as info:
        read_file(path, root=str(tmp_path.resolve()), limit=100)
    assert info.value.code == "FILE004" and "grew past" in info.value.message
    assert read_file(path, root=str(tmp_path.resolve()), limit=1000) == b"x" * 1000


def test_100000_unknown_keys_are_100_findings_and_one_that_counts_the_rest(tmp_path: Path) -> None:
    root, _ = workspace(tmp_path, BY_NAME["100,000 keys in a table"])
    _, findings = load_workspace(root)
    keys = [f for f in findings if f.file == "projects/keys.toml"]
    assert len(keys) == MAX_FINDINGS_PER_CODE + 1
    assert [f.line for f in keys[:3]] == [6, 7, 8]  # the first ones, at their lines
    assert "99,900 more KEY001 findings in this file are not listed" in keys[-1].message


def test_a_cached_file_swapped_for_a_link_or_a_pipe_is_not_served_from_the_cache(tmp_path: Path) -> None:
    root, out = workspace(tmp_path)
    assert "good" in load_workspace(root)[0].projects  # now in the cache
    good = root / "projects" / "good.toml"
    put(out, "good.toml", good.read_bytes())  # the same bytes, outside
    good.unlink()
    good.symlink_to(out / "good.toml")
    ws, findings = load_workspace(root)
    assert "good" not in ws.projects and [f.code for f in findings] == ["FILE005"]
    good.unlink()
    os.mkfifo(good)
    (ws, findings), _ = bounded(root, lambda: load_workspace(root))
    assert "good" not in ws.projects and [f.code for f in findings] == ["FILE007"]


def test_finding_lines_of_a_cached_file_come_from_the_file_as_the_loader_reads_it(tmp_path: Path) -> None:
    """A file served from the cache reads its text only when a rule asks for a line: never from a pipe put there since."""
    root, _ = workspace(tmp_path, BY_NAME["BOM"])
    load_workspace(root)
    ws, _ = load_workspace(root)  # bom.toml from the cache
    lines = ws.sources["projects/bom.toml"]
    assert lines.table_line(("milestones", "kickoff-k3f9")) == 9
    assert lines.key_line(("milestones", "kickoff-k3f9"), "due") == 13  # the BOM is not a character of line 1
    pipe = root / "projects" / "good.toml"
    ws, _ = load_workspace(root)
    pipe.unlink()
    os.mkfifo(pipe)
    text, _ = bounded(root, lambda: ws.sources["projects/good.toml"].text)
    assert text == ""


# --- edits and writes ----------------------------------------------------------------------------------


def test_an_edit_never_writes_through_a_link_that_leads_outside(tmp_path: Path) -> None:
    """The file was a plain file when loaded, then became a link (a pull, a teammate): the edit refuses."""
    root, out = workspace(tmp_path)
    ws, _ = load_workspace(root)
    good = root / "projects" / "good.toml"
    put(out, "good.toml", good.read_bytes())
    good.unlink()
    good.symlink_to(out / "good.toml")
    before = snapshot(root, out)
    with pytest.raises(EditError, match="outside"):
        set_field(ws, "good/kickoff-k3f9", "title", "Written through the link")
    assert snapshot(root, out) == before


def test_an_edit_of_a_file_swapped_for_a_pipe_refuses_in_bounded_time(tmp_path: Path) -> None:
    root, out = workspace(tmp_path)
    ws, _ = load_workspace(root)
    good = root / "projects" / "good.toml"
    good.unlink()
    os.mkfifo(good)
    before = snapshot(root, out)
    with pytest.raises(EditError):
        bounded(root, lambda: set_field(ws, "good/kickoff-k3f9", "title", "x"), limit=2)
    assert snapshot(root, out) == before


@pytest.mark.parametrize("kind", ["pipe", "folder", "device"])
def test_atomic_write_refuses_to_replace_what_is_not_a_plain_file(tmp_path: Path, kind: str) -> None:
    """`--out /dev/null` (or a pipe, or a folder) must stay what it is: renaming over it would replace it."""
    target = tmp_path / "target"
    if kind == "pipe":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        try:
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # /dev/null's numbers, made here
        except (PermissionError, AttributeError) as exc:
            pytest.skip(f"cannot make a device node here ({exc})")
    kept = os.lstat(target).st_mode
    assert bounded(tmp_path, lambda: disk_sha256(target))[0] == NOT_A_FILE
    link = tmp_path / "link"
    link.symlink_to(target)
    for path in (target, link):
        with pytest.raises(OSError, match="not a plain file"):
            bounded(tmp_path, lambda path=path: atomic_write(path, b"x"))
    assert os.lstat(target).st_mode == kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "target"]  # no temporary file left


# --- the command line -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", [c for c in CASES if c.code], ids=[c.name for c in CASES if c.code])
def test_validate_exits_1_and_prints_the_finding(tmp_path: Path, case: Case) -> None:
    root, out = workspace(tmp_path, case)
    before = snapshot(root, out)

    def validate() -> tuple[int, str, str]:
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(["validate", str(root)])
        return code, stdout.getvalue(), stderr.getvalue()

    (code, stdout, stderr), _ = bounded(root, in_process_or_as_nobody(case, tmp_path, validate))
    assert code == 1, stdout + stderr
    assert "Traceback" not in stdout + stderr
    named = [line for line in stdout.splitlines() if f"ws/{case.file}:" in line and f" error {case.code} " in line]
    assert named, stdout[:2000]
    assert all(line.isprintable() for line in named)
    assert len(stdout.splitlines()) < 2 * MAX_FINDINGS_PER_CODE + 50 or case.make is items_20k
    assert snapshot(root, out) == before


def test_printed_findings_never_carry_control_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A rule quotes a reference (`depends_on = ["\\u001b[2J"]`), the loader a link target: the printed line stays one printable line."""
    root, _out = workspace(tmp_path, BY_NAME["escape sequences in keys"])
    os.symlink("/tmp/\x1b]0;owned\x07", root / "projects" / "evil.toml")
    assert main(["validate", str(root)]) == 1
    stdout = capsys.readouterr().out
    assert "\x1b" not in stdout and "\x07" not in stdout
    assert all(line.isprintable() for line in stdout.splitlines())
    assert "depends on `\ufffd[2J`" in stdout and "/tmp/\ufffd]0;owned\ufffd, outside the workspace" in stdout


def test_validate_as_a_process_on_every_hostile_file_at_once(tmp_path: Path) -> None:
    """The whole zoo through the installed entry point: exit 1, each file named, no traceback, in bounded time."""
    zoo = [c for c in CASES if c.zoo and c.code and c.make is not items_20k]
    root, out = workspace(tmp_path, *zoo)
    before = snapshot(root, out)
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from tui.cli import main; sys.exit(main(sys.argv[1:]))",
            "validate",
            str(root),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    took = time.perf_counter() - start
    print(f"\nducu validate, {len(zoo)} hostile files in one workspace: {took * 1000:.0f} ms (whole process)")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    for case in zoo:
        assert f"{case.file}" in done.stdout and case.code in done.stdout, case.name
    assert took < 3 * LIMIT
    assert snapshot(root, out) == before


# --- the app ---------------------------------------------------------------------------------------------


ZOO_APP = [c for c in CASES if c.zoo and c.code]


@pytest.mark.parametrize(
    "cases",
    [
        ZOO_APP,
        [BY_NAME["projects/ is a file"], BY_NAME["linked folder outside"]],
        [BY_NAME["workspace.toml is a folder"], BY_NAME["people.toml is a folder"]],
        [BY_NAME["workspace.toml is a named pipe"]],
    ],
    ids=[
        "every hostile file at once",
        "projects is a file, reviews a link",
        "workspace and people are folders",
        "workspace.toml is a pipe",
    ],
)
@sync
async def test_the_app_shows_the_dashboard_and_lists_each_problem(tmp_path: Path, cases: list[Case]) -> None:
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.findings import FindingsScreen

    root, out = workspace(tmp_path, *cases)
    before = snapshot(root, out)
    app = app_on(root)
    start = time.perf_counter()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        took = time.perf_counter() - start
        assert isinstance(app.screen, DashboardScreen)
        assert app.state is not None
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FindingsScreen)
        shown = {(f.file, f.code) for f in app.screen.shown}
        for case in cases:
            assert (case.file, case.code) in shown, case.name
    print(f"\napp, {len(cases)} hostile file(s): dashboard and findings in {took * 1000:.0f} ms")
    assert took < 3 * LIMIT
    assert snapshot(root, out) == before
