"""The early frame (tui/first_frame.py): the dashboard that `ducu` draws before Textual is
imported must be the frame the app then draws, and is never drawn when it could be wrong."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest
from rich.cells import get_character_cell_size
from rich.segment import Segment

import tui.screens.dashboard as dashboard
from benchmarks.generate import generate
from tests.helpers.app import TODAY, settle, sync
from tests.helpers.workspace import REPO, copy_sample
from tui import first_frame
from tui.app import make_app
from tui.first_frame import Template, make_frame, read_template
from tui.state import State
from workspace_schema.core.clock import frozen, today
from workspace_schema.core.findings import sort_key
from workspace_schema.load.loader import load_workspace

Cells = list[tuple[str, str]]


def cells(segments: list[Segment]) -> Cells:
    """One (character, style) per terminal cell; the second cell of a wide character is ("", style)."""
    out: Cells = []
    for s in segments:
        style = str(s.style or "")
        for ch in s.text:
            out.append((ch, style))
            out.extend([("", style)] * (get_character_cell_size(ch) - 1))
    return out


def first_state(root: Path) -> State:
    """The state the early frame is made from: the loader's findings, not the rules' yet."""
    ws, findings = load_workspace(root)
    return State.build(ws, sorted(findings, key=sort_key), today(ws.settings.timezone, frozen(TODAY)))


async def template_and_screen(
    root: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> tuple[Template, list[Cells], tuple[int, int, int, int]]:
    """Run the app until it saves its template; return it with the screen as drawn at that moment."""
    seen: dict = {}
    make = dashboard.first_frame_template

    def spy(screen):
        template = make(screen)
        seen["screen"] = [cells(list(strip)) for strip in screen._compositor.render_strips()]
        seen["content"] = tuple(screen.query_one("#projects").scrollable_content_region)
        return template

    monkeypatch.setattr(dashboard, "first_frame_template", spy)
    app = make_app(root, frozen(TODAY), watch=False)
    app.keep_first_frame = True
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
    template = read_template(root, size)
    assert template is not None, "the app saved no template"
    return template, seen["screen"], seen["content"]


@pytest.fixture(params=["sample", "generated"])
def workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "sample":
        return copy_sample(tmp_path)
    return generate(tmp_path / "big", projects=60, items=8, seed=3)  # rows to scroll, zebra, Chinese titles


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
@sync
async def test_the_early_frame_is_the_apps_frame(
    workspace: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    template, screen, content = await template_and_screen(workspace, size, monkeypatch)
    frame = make_frame(template, first_state(workspace), first_frame.console())
    assert frame is not None
    lines = frame.lines
    width, height = size
    assert len(lines) == height
    _x, y, _w, h = template.table
    # The app's later frames have scrollbars, its first has not: they are not compared.
    scrollbar_x, scrollbar_y = content[0] + content[2], content[1] + content[3]
    compared = 0
    for row, (ours, theirs) in enumerate(zip(lines, screen)):
        ours_cells = cells(ours)
        assert len(ours_cells) == width, f"line {row} is not {width} cells"
        if row == height - 1:  # the footer: empty, in the footer's colour (its keys come later)
            assert {ch for ch, _ in ours_cells} == {" "}
            assert len({style for _, style in ours_cells}) == 1
            continue
        if scrollbar_y <= row < y + h:
            continue
        if y <= row < y + h:
            ours_cells, theirs = ours_cells[:scrollbar_x], theirs[:scrollbar_x]
        assert ours_cells == theirs, (
            f"line {row} differs:\n{''.join(c for c, _ in ours_cells)}\n{''.join(c for c, _ in theirs)}"
        )
        compared += 1
    assert compared == height - 1 - (y + h - scrollbar_y)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
@sync
async def test_down_on_the_early_frame_draws_what_the_app_draws_after_down(
    workspace: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The early frame answers Down itself while Textual is imported: the row it leaves, the row it
    lands on and the reasons panel must be the cells the app draws after the same Down."""
    template, _, _ = await template_and_screen(workspace, size, monkeypatch)
    frame = make_frame(template, first_state(workspace), first_frame.console())
    assert frame is not None and frame.panel is not None
    drawn = [cells(line) for line in frame.lines]
    changed = frame.moved(0, 1)
    for x, y, line in changed:
        drawn[y][x : x + len(cells(line))] = cells(line)
    app = make_app(workspace, frozen(TODAY), watch=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        screen = [cells(list(strip)) for strip in app.screen._compositor.render_strips()]
        content = app.screen.query_one("#projects").scrollable_content_region
    scrollbar_x = content.x + content.width
    rows = {y for _, y, _ in changed}
    assert len(rows) == 2 + frame.panel.height
    for y in sorted(rows):
        ours, theirs = drawn[y], screen[y]
        if y < frame.panel.y:  # a table row: the app has a scrollbar by now
            ours, theirs = ours[:scrollbar_x], theirs[:scrollbar_x]
        assert ours == theirs, f"line {y} differs:\n{''.join(c for c, _ in ours)}\n{''.join(c for c, _ in theirs)}"


@sync
async def test_a_part_whose_data_changed_is_left_blank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_sample(tmp_path)
    template, screen, _ = await template_and_screen(root, (120, 40), monkeypatch)
    settings = root / "workspace.toml"
    settings.write_text(settings.read_text("utf-8").replace('name = "', 'name = "Renamed ', 1), "utf-8")
    frame = make_frame(template, first_state(root), first_frame.console())
    assert frame is not None
    lines = frame.lines
    header = cells(lines[0])
    assert {ch for ch, _ in header} == {" "}  # the title had the old name: blank, Textual draws it
    assert len({style for _, style in header}) == 1 and header[0][1] == screen[0][-1][1]  # in the header's colour
    assert cells(lines[2])[:100] == screen[2][:100]  # the rows are made from the data, so they are right
    assert {ch for ch, _ in cells(lines[38])} == {" "}  # the status bar names the workspace: blank too
    assert cells(lines[33]) == screen[33]  # the reasons panel is the same project's: drawn


@sync
async def test_a_style_the_template_has_not_seen_means_no_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_sample(tmp_path)
    template, _, _ = await template_and_screen(root, (120, 40), monkeypatch)
    state = first_state(root)
    assert make_frame(template, state, first_frame.console()) is not None
    for spans in template.styles.values():
        for span in [s for s in spans if s]:
            del spans[span]
    assert make_frame(template, state, first_frame.console()) is None


def test_no_projects_no_frame(tmp_path: Path) -> None:
    from tests.helpers.workspace import write_ws

    root = write_ws(tmp_path / "empty")
    template = Template(
        first_frame.VERSION,
        first_frame.setting(),
        120,
        40,
        (0, 1, 120, 31),
        {k: {"": ""} for k in first_frame.KINDS},
        [],
    )
    assert make_frame(template, first_state(root), first_frame.console()) is None


class Terminal:
    """A pseudo-terminal of ``size`` whose output is collected in the background."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.master, self.slave = pty.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.out = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.out += data

    def wait_for(self, needle: bytes | re.Pattern[bytes], timeout: float = 20.0, after: int = 0) -> None:
        """Until ``needle`` (bytes, or a pattern) is in what was written from byte ``after`` on."""
        end = time.monotonic() + timeout
        while not (needle.search(self.out, after) if isinstance(needle, re.Pattern) else needle in self.out[after:]):
            assert time.monotonic() < end, f"{needle!r} never came; output so far: {bytes(self.out[-2000:])!r}"
            time.sleep(0.02)

    def close(self) -> None:
        os.close(self.slave)
        os.close(self.master)


def on_terminal(term: Terminal, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``term`` this process's stdin, stdout and stderr, as `ducu` has them in a terminal."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("__stdout__", "w"), ("__stderr__", "w")):
        monkeypatch.setattr(sys, name, os.fdopen(os.dup(term.slave), mode))


@pytest.fixture
def sample_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A copy of the sample with its 120x40 template saved, and a 120x40 terminal for stdin, stdout and stderr."""
    import asyncio

    for name in ("COLUMNS", "LINES"):  # a terminal's size comes from the terminal (pytest-xdist's workers set these)
        monkeypatch.delenv(name, raising=False)
    root = copy_sample(tmp_path)
    asyncio.run(template_and_screen(root, (120, 40), monkeypatch))
    term = Terminal((120, 40))
    try:
        yield root, term
    finally:
        term.close()


def test_paint_draws_the_frame_and_gives_the_terminal_back(
    sample_on_a_terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, term = sample_on_a_terminal
    before = termios.tcgetattr(term.slave)
    handlers = {n: signal.getsignal(n) for n in (signal.SIGTSTP, signal.SIGQUIT, signal.SIGTERM)}
    on_terminal(term, monkeypatch)
    first = first_frame.paint(root, frozen(TODAY))
    assert first is not None
    term.wait_for(b"CRM rollout")
    assert term.out.startswith(first_frame.ALT_SCREEN.encode())  # the alternate screen, as Textual uses
    assert not termios.tcgetattr(term.slave)[3] & termios.ECHO  # keys pressed now are not echoed over the frame
    assert signal.getsignal(signal.SIGTSTP) == signal.SIG_IGN  # nor can Ctrl+Z or Ctrl+\\ leave the terminal so
    assert signal.getsignal(signal.SIGQUIT) == signal.SIG_IGN
    with pytest.raises(SystemExit):  # a SIGTERM ends ducu through Python, which gives the terminal back
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)
    first.terminal.release()
    assert termios.tcgetattr(term.slave) == before
    assert {n: signal.getsignal(n) for n in handlers} == handlers
    assert first.state.ws.settings.name == load_workspace(root)[0].settings.name
    monkeypatch.setenv("DUCU_FIRST_FRAME", "0")
    assert first_frame.paint(root, frozen(TODAY)) is None
    monkeypatch.delenv("DUCU_FIRST_FRAME")
    fcntl.ioctl(term.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    assert first_frame.paint(root, frozen(TODAY)) is None  # the template is for 120x40


def wait_until(condition, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "it never happened"
        time.sleep(0.01)


def test_the_early_frame_moves_its_cursor_and_keeps_other_keys_for_the_app(
    sample_on_a_terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, term = sample_on_a_terminal
    before = termios.tcgetattr(term.slave)
    on_terminal(term, monkeypatch)
    first = first_frame.paint(root, frozen(TODAY))
    assert first is not None
    hold, frame = first.terminal, first.terminal.frame
    assert frame is not None
    term.wait_for(b"CRM rollout")
    second = frame.table.shown[1].title.encode()
    painted = len(term.out)
    os.write(term.master, b"\x1b[B")  # Down, as terminals send it
    wait_until(lambda: hold.cursor == 1)  # set once the rows and the reasons are written
    wait_until(lambda: second in term.out[painted:])  # the reasons panel names the project now under the cursor
    os.write(term.master, b"jjjjjjjjjjjjjjjjjjjjk")  # past the last project, then up one
    wait_until(lambda: hold.cursor == len(frame.table.shown) - 2)
    os.write(term.master, b"\x1b[A\x1b[6~j")  # Up, then PageDown: for the app, and every key after it
    wait_until(lambda: hold.cursor == len(frame.table.shown) - 3)
    time.sleep(0.2)
    first.terminal.release()
    assert hold.cursor == len(frame.table.shown) - 3
    assert hold.unread == b"\x1b[6~j"
    assert termios.tcgetattr(term.slave) == before


def test_ctrl_c_while_the_frame_is_written_gives_the_terminal_back(
    sample_on_a_terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow terminal (ssh, Ctrl+S) holds the write; Ctrl+C then must not leave the shell without echo."""
    root, term = sample_on_a_terminal
    before = termios.tcgetattr(term.slave)
    on_terminal(term, monkeypatch)
    write = os.write
    calls = []

    def interrupted(fd: int, data: bytes) -> int:
        calls.append(data)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return write(fd, data)

    monkeypatch.setattr(first_frame.os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        first_frame.paint(root, frozen(TODAY))
    assert termios.tcgetattr(term.slave) == before
    assert calls[-1] == first_frame.LEAVE.encode()  # and off the alternate screen


def test_no_early_frame_when_stderr_is_not_the_terminal(
    sample_on_a_terminal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual draws on stderr: with `ducu 2>log` the frame would be left on screen behind an unseen app."""
    root, term = sample_on_a_terminal
    on_terminal(term, monkeypatch)
    monkeypatch.setattr(sys, "__stderr__", open(tmp_path / "log", "w"))  # noqa: SIM115 (closed with the test)
    assert first_frame.paint(root, frozen(TODAY)) is None
    assert not term.out


def test_ducu_paints_early_on_its_second_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the real command in a terminal: the first start saves the template, the second
    draws the dashboard before Textual starts, and both give the terminal back as it was."""
    root = copy_sample(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # where ducu keeps the template: read it there too
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", "DUCU_TODAY": TODAY}
    second_title = first_frame.first_table(first_state(root), 120, 40).shown[1].title
    for name in ("NO_COLOR", "COLUMNS", "LINES"):  # the size comes from the terminal (pytest-xdist sets COLUMNS/LINES)
        env.pop(name, None)
    outputs = []
    for _ in range(2):
        term = Terminal((120, 40))
        try:
            before = termios.tcgetattr(term.slave)
            app = subprocess.Popen(
                [sys.executable, "-m", "tui.cli", str(root)],
                stdin=term.slave,
                stdout=term.slave,
                stderr=term.slave,
                cwd=REPO,
                env=env,
                start_new_session=True,
            )
            try:
                term.wait_for(b"CRM rollout")
                if outputs:  # Down for the early frame, e for the app: the edit form of the project at the cursor
                    painted = len(term.out)
                    os.write(term.master, b"\x1b[Be")  # at once: the frame reads e too, and hands it to the app
                    term.wait_for(second_title.encode(), after=painted)  # its reasons, drawn
                    moved = term.out.index(second_title.encode(), painted)
                    assert b"\x1b[?1004h" not in term.out[:moved]  # by the early frame, before Textual started
                    header = re.compile(rb"Edit project \xc2\xb7 (\x1b\[[0-9;]*m)*" + re.escape(second_title.encode()))
                    term.wait_for(header)
                    os.write(term.master, b"\x1b")
                term.wait_for(b"\x1b[?1004h")  # Textual's driver has started
                deadline = time.monotonic() + 20
                while read_template(root, (120, 40)) is None:
                    assert time.monotonic() < deadline, "the first start saved no template for 120x40"
                    time.sleep(0.05)
                time.sleep(0.5)
                os.write(term.master, b"q")
                assert app.wait(timeout=20) == 0
            finally:
                if app.poll() is None:
                    app.kill()
            assert termios.tcgetattr(term.slave) == before
            outputs.append(bytes(term.out))
        finally:
            term.close()
    title = b"CRM rollout"
    first, second = outputs
    assert first.index(title) > first.index(b"\x1b[?1004h")  # no template yet: Textual drew it
    assert second.index(title) < second.index(b"\x1b[?1004h")  # drawn before Textual started
    # Entered once: xterm and VTE would clear the frame if Textual entered the alternate screen again.
    assert first.count(b"\x1b[?1049h") == second.count(b"\x1b[?1049h") == 1


@sync
async def test_a_tampered_template_writes_no_terminal_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_sample(tmp_path)
    template, _, _ = await template_and_screen(root, (120, 40), monkeypatch)
    state = first_state(root)
    header = next(r for r in template.regions if r.name == "header")
    header.lines[0][0] = ("\x1b]52;c;aGk=\x07\x1b[2J", header.lines[0][0][1])  # OSC 52 (the clipboard), clear screen
    frame = make_frame(template, state, first_frame.console())
    assert frame is not None
    text = first_frame.frame_text(frame.lines, first_frame.console())
    assert "\x1b]" not in text and "\x07" not in text and "\x1b[2J" not in text
    header.lines[0][0] = (" ", "link https://example.com/x")
    assert make_frame(template, state, first_frame.console()) is None  # a style with a link: no frame at all


def test_templates_are_kept_per_terminal_size(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    sizes = [(80 + n, 24 + n) for n in range(first_frame.KEEP + 2)]
    for n, (w, h) in enumerate(sizes):
        template = Template(first_frame.VERSION, "s", w, h, (0, 1, w, h - 9), {}, [])
        first_frame.write_template(root, template)
        path = first_frame.template_path(root, (w, h))
        os.utime(path, ns=(n * 10**9, n * 10**9))  # written one after another
        assert read_template(root, (w, h)) == template
    kept = [size for size in sizes if read_template(root, size) is not None]
    assert kept == sizes[-first_frame.KEEP :]  # the most recent sizes; the oldest are gone


def test_the_early_frame_is_made_without_textual() -> None:
    """The point of the early frame: it is drawn before Textual is imported (0.2 s of every start)."""
    code = "import sys, tui.first_frame; print(','.join(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == ""
