"""The dashboard's first frame, painted before Textual is imported.

Starting Python, importing Textual and starting a Textual app take ~0.35 s
before the app can draw anything. So `ducu` draws the dashboard itself
first: it loads the workspace, makes the table's lines with the code the
dashboard screen uses (tui/render/dashboard_table.py), and writes them to the
terminal with a template the app saved the last time it drew the dashboard
(tui/screens/dashboard.py, ``first_frame_template``): what each row style
looks like on screen, and the lines around the table (title, reasons panel,
status bar) with the data they were drawn from. A part whose data has changed
since is painted blank, and Textual fills it in a moment later. Like
Textual's own first frame, it has no scrollbar and an empty footer yet.

The app then starts on the workspace loaded here (it is not read twice) and
draws the same frame over this one. Meanwhile the frame moves its cursor on
Down and Up itself (Hold); other keys wait for the app, in the order typed.

Nothing is painted, and the app starts as it would without this, when there
is no template for this terminal size and setting (the first start, another
size, TERM or colours, an upgrade of ducu or Textual), when stdin or stdout
is not a terminal, when DUCU_FIRST_FRAME=0, when the workspace has no
projects, and when anything at all goes wrong here: the app then says what.
"""

from __future__ import annotations

import gc
import importlib.util
import io
import json
import os
import shutil
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import msgspec
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from tui.render.dashboard_table import ProjectTable, sort_rows
from tui.render.status_text import workspace_text
from tui.render.text import clean
from tui.state import FirstState, State, load_first
from workspace_schema.core import clock as clocks
from workspace_schema.load.cache import cache_file, write_cache
from workspace_schema.load.gcpause import paused

VERSION = 1
TITLE = "ducu"  # the app's title, in the header
# Kinds of table line, by the style under their text: the column names, the
# cursor's row, rows on even and odd lines (zebra), and below the last row.
KINDS = ("header", "cursor", "even", "odd", "blank")
ALT_SCREEN = "\x1b[?1049h"  # to the alternate screen, as Textual's driver writes it (tui/app.py keep_early_frame)
LEAVE = "\x1b[?1049l\x1b[?25h"  # back to the normal screen, cursor shown


class Region(msgspec.Struct, array_like=True):
    """A rectangle of the screen outside the table's rows, as the app drew it."""

    name: str
    x: int
    y: int
    width: int
    height: int
    key: str  # the data it was drawn from: its lines are painted again only while that is unchanged
    lines: list[list[tuple[str, str]]]  # each line's (text, style) segments, styles as on screen


class Template(msgspec.Struct):
    version: int
    setting: str  # see setting(): the frame is right for this terminal and these versions only
    width: int
    height: int
    table: tuple[int, int, int, int]  # x, y, width, height of the table's lines (column names first)
    styles: dict[str, dict[str, str]]  # kind of line -> style of a span in the line -> style on screen
    regions: list[Region]


_DECODER = msgspec.json.Decoder(Template)


@dataclass(frozen=True)
class FirstLoad(FirstState):
    """What the painted frame was made from: the app starts on it instead of loading again."""

    terminal: Hold  # release() just before Textual takes the terminal; abandon() if ducu stops before


KEEP = 4  # templates kept per workspace: one per terminal size, the most recently used


def template_path(root: Path, size: tuple[int, int]) -> Path:
    return cache_file(root, f"first-frame-{VERSION}-{size[0]}x{size[1]}.json")


def read_template(root: Path, size: tuple[int, int]) -> Template | None:
    """The template for a terminal of ``size`` (columns, lines), if the app has saved one."""
    try:
        template = _DECODER.decode(template_path(root, size).read_bytes())
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None
    return template if template.version == VERSION and (template.width, template.height) == size else None


def write_template(root: Path, template: Template) -> None:
    """Keep ``template`` for the next start at its size; a failure only costs the next start its early frame.

    A laptop's terminal and a meeting room's screen each keep theirs: the
    KEEP most recently written sizes are kept, older ones removed.
    """
    path = template_path(root, (template.width, template.height))
    data = msgspec.json.encode(template)
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    write_cache(path, data)
    try:
        pattern = path.name.replace(f"-{template.width}x{template.height}.", "-*x*.")  # this workspace's, any size
        others = sorted(path.parent.glob(pattern), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in others[KEEP:]:
            old.unlink()
    except OSError:
        pass


_ENV = ("TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "TERM_PROGRAM", "COLUMNS", "LINES")
# The code that decides how the frame looks: a change to any of these files makes old templates useless.
_OURS = (
    "first_frame.py",
    "render/columns.py",
    "render/dashboard_table.py",
    "render/status_text.py",
    "app.py",
    "app.tcss",
    "screens/dashboard.py",
    "widgets/line_list.py",
    "widgets/status_bar.py",
)


def setting() -> str:
    """The terminal's settings and the versions of the code that draws: what a template was made for."""
    env = sorted((k, v) for k, v in os.environ.items() if k in _ENV or k.startswith("TEXTUAL_"))
    files = [Path(__file__).parent / name for name in _OURS]
    for package in ("textual", "rich"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
    stamps = []
    for path in files:
        try:
            st = path.stat()
            stamps.append((str(path), st.st_size, st.st_mtime_ns))
        except OSError:
            stamps.append((str(path), -1, -1))
    return json.dumps([env, stamps])


def console() -> Console:
    """A console that renders as Textual's does (tui/app.py's terminal, its colour system)."""
    environ = dict(os.environ)
    environ.pop("NO_COLOR", None)  # Textual does the same, and draws without colour with a filter
    return Console(
        color_system=os.environ.get("TEXTUAL_COLOR_SYSTEM", "auto"),  # type: ignore[arg-type]
        file=io.StringIO(),
        markup=True,
        highlight=False,
        emoji=False,
        legacy_windows=False,
        _environ=environ,
        force_terminal=True,
        safe_box=False,
        soft_wrap=False,
    )


def region_keys(state: State, table: ProjectTable) -> dict[str, str]:
    """What each region around the table is drawn from, on the dashboard's first frame.

    The app saves these with the regions' lines; the frame paints a region
    again only when the data gives the same key.
    """
    return {
        "header": f"{TITLE}\0{clean(state.ws.settings.name)}",
        "why": table.why(0).plain,
        "status": workspace_text(state).plain,
        "footer": "",
    }


def first_table(state: State, width: int, height: int) -> ProjectTable:
    """The dashboard's table as it first shows: every project, worst health first."""
    shown = sort_rows(state.summaries)
    return ProjectTable(state.ws, shown, width, height)


def _style(text: str) -> Style:
    """A style from a template; one with a link is refused (the frame never writes more than colours)."""
    style = Style.parse(text)
    if style.link:
        raise KeyError(text)
    return style


@dataclass
class Panel:
    """Where the reasons panel is: a border line, then its text lines between a cell of padding each side."""

    x: int
    y: int
    width: int
    height: int
    border: list[Segment]  # its first line, the same for every project


@dataclass
class Frame:
    """The early frame: its lines, and what it takes to draw them again when the cursor moves."""

    lines: list[list[Segment]]  # every line of the screen
    table: ProjectTable
    area: tuple[int, int, int, int]  # x, y, width, height of the table's lines (column names first)
    styles: dict[str, dict[str, Style]]  # as Template.styles, parsed
    render_console: Console
    panel: Panel | None  # the reasons panel, if on screen

    def styled(self, text: Text | None, kind: str, width: int, fill: Style | None = None) -> list[Segment]:
        """``text`` in the styles of a ``kind`` of line, ``width`` cells (the rest in ``fill``, by default the
        line's own style). KeyError for a style the template has not seen."""
        shown = self.styles[kind]
        rendered = [] if text is None else text.render(self.render_console, end="")
        segments = [Segment(s.text, shown[str(s.style or "")]) for s in rendered]
        return Segment.adjust_line_length(segments, width, style=shown[""] if fill is None else fill)

    def row(self, index: int, cursor: int) -> list[Segment]:
        """Row ``index`` of the table as the app draws it with the cursor on row ``cursor``."""
        kind = "cursor" if index == cursor else "odd" if index % 2 else "even"
        return self.styled(self.table.line(index), kind, self.area[2])

    def reasons(self, index: int) -> list[list[Segment]]:
        """The reasons panel for row ``index``; KeyError when the template does not know its styles."""
        panel = self.panel
        assert panel is not None
        lines = self.table.why(index).split("\n")
        padding = self.styles["why-padding"][""]  # the cells around the lines, and after a line's text
        pad = [Segment(" ", padding)]
        out = [panel.border]
        for i in range(panel.height - 1):
            text = lines[i] if i < len(lines) else None
            out.append(pad + self.styled(text, "why", panel.width - 2, None if text is None else padding) + pad)
        return out

    def moved(self, old: int, new: int) -> list[tuple[int, int, list[Segment]]]:
        """What to draw again, as (x, y, line), when the cursor moves from row ``old`` to ``new``."""
        x, y = self.area[0], self.area[1] + 1  # the table's first row
        out = [(x, y + row, self.row(row, new)) for row in (old, new)]
        if self.panel is not None:
            out.extend((self.panel.x, self.panel.y + dy, line) for dy, line in enumerate(self.reasons(new)))
        return out

    @property
    def rows(self) -> int:
        """The rows the cursor may move over here: those on screen, less the last, which the
        app may give to a scrollbar (it would scroll there, which this frame does not)."""
        return max(min(len(self.table.shown), self.area[3] - 2), 1)


def make_frame(template: Template, state: State, render_console: Console) -> Frame | None:
    """The early frame: the table made from ``state``, the rest from ``template``.

    None when it can't be drawn as the app would draw it: no projects, or a
    row has a style the template has not seen (the app saves it next time).
    """
    table = first_table(state, template.width, template.height)
    if not table.shown:
        return None
    keys = region_keys(state, table)
    parts: list[list[tuple[int, list[Segment]]]] = [[] for _ in range(template.height)]
    panel = None
    try:
        for region in template.regions:
            if region.key == keys.get(region.name):  # the text is the app's, but never trusted to carry terminal codes
                lines = [[Segment(clean(text), _style(style)) for text, style in line] for line in region.lines]
            else:
                fill = _style(region.lines[-1][-1][1]) if region.lines and region.lines[-1] else Style()
                lines = [[Segment(" " * region.width, fill)] for _ in range(region.height)]
            if region.name == "why" and region.lines:
                border = [Segment(clean(text), _style(style)) for text, style in region.lines[0]]
                panel = Panel(region.x, region.y, region.width, region.height, border)
            for dy, line in enumerate(lines):
                parts[region.y + dy].append((region.x, line))
        styles = {
            kind: {span: _style(shown) for span, shown in spans.items()} for kind, spans in template.styles.items()
        }
    except (KeyError, IndexError):
        return None
    frame = Frame([], table, template.table, styles, render_console, panel)
    x, y, width, height = template.table
    for dy in range(height):
        index = dy - 1
        try:
            if dy == 0:
                line = frame.styled(table.header(), "header", width)
            elif index < len(table.shown):
                line = frame.row(index, 0)
            else:
                line = frame.styled(None, "blank", width)
        except KeyError:  # a style the template has not seen, or a template without this kind
            return None
        parts[y + dy].append((x, line))
    frame.lines = [
        [segment for _, segments in sorted(line, key=lambda part: part[0]) for segment in segments] for line in parts
    ]
    return frame


def ansi(line: list[Segment], render_console: Console) -> str:
    """``line`` as the escape sequences Textual writes for it."""
    color_system = render_console._color_system
    return "".join(s.text if s.style is None else s.style.render(s.text, color_system=color_system) for s in line)


def frame_text(lines: list[list[Segment]], render_console: Console) -> str:
    """The escape sequences that draw ``lines`` on the alternate screen, as Textual writes its frames."""
    out = [ALT_SCREEN, "\x1b[?25l"]  # the alternate screen (Textual's: the app does not enter it again), no cursor
    for y, line in enumerate(lines):
        out.append(f"\x1b[{y + 1};1H")
        out.append(ansi(line, render_console))
    return "".join(out)


# Keys the early frame answers itself, as the dashboard's table does (tui/widgets/line_list.py): Down and Up,
# as terminals send them in normal and in application cursor mode, and j and k.
MOVES = {b"\x1b[B": 1, b"\x1bOB": 1, b"j": 1, b"\x1b[A": -1, b"\x1bOA": -1, b"k": -1}


class Hold:
    """The terminal while the early frame is on it, until Textual takes it over.

    Keys are not echoed over the frame. Down and Up (and j, k) move the
    frame's cursor at once, in a thread, while Textual is still imported; the
    first key the frame can't answer (any other, or a move that would
    scroll) and every key after it wait for the app, which starts with the
    cursor where the frame left it (``cursor``) and is given the bytes this
    read but did not answer (``unread``). Ctrl+Z and Ctrl+\\ are ignored
    and a SIGTERM ends ducu through Python, so nothing can leave the shell
    without echo or on the alternate screen.
    """

    def __init__(self, inp: int, out: int, frame: Frame | None = None) -> None:
        import signal
        import termios

        self.inp, self.out, self.frame = inp, out, frame
        self.cursor = 0  # the frame's cursor row; the app's dashboard starts there
        self.unread = b""  # read from the terminal but not answered: the app's, before anything typed later
        self._before = termios.tcgetattr(inp)
        quiet = list(self._before)
        quiet[3] &= ~(termios.ECHO | termios.ICANON)
        self._signals = {
            signal.SIGTSTP: signal.signal(signal.SIGTSTP, signal.SIG_IGN),
            signal.SIGQUIT: signal.signal(signal.SIGQUIT, signal.SIG_IGN),
            signal.SIGTERM: signal.signal(signal.SIGTERM, _stop),
        }
        termios.tcsetattr(inp, termios.TCSANOW, quiet)
        self.held = True
        self._keys: threading.Thread | None = None
        self._wake = os.pipe()

    def answer_keys(self) -> None:
        """Move the frame's cursor on Down and Up from now until release()."""
        if self.frame is not None and self._keys is None:
            self._keys = threading.Thread(target=self._answer, name="early-frame-keys", daemon=True)
            self._keys.start()

    def _answer(self) -> None:
        import select

        pending = b""
        try:
            while True:
                ready, _, _ = select.select([self.inp, self._wake[0]], [], [])
                if self._wake[0] in ready:
                    break
                data = os.read(self.inp, 1024)
                if not data:
                    break
                pending += data
                while pending:
                    key = next((k for k in MOVES if pending.startswith(k)), None)
                    if key is None or not self._move(MOVES[key]):
                        break
                    pending = pending[len(key) :]
                if pending and not any(k.startswith(pending) and k != pending for k in MOVES):
                    break  # a key for the app: it and everything after it wait for it, in order
        except (OSError, ValueError, KeyError):  # the terminal went away, or a style the frame can't draw
            pass
        self.unread = pending

    def _move(self, delta: int) -> bool:
        """Move the cursor by ``delta`` rows and draw it; False when that takes the app (it would scroll)."""
        frame = self.frame
        assert frame is not None
        new = self.cursor + delta
        if new >= frame.rows and frame.rows < len(frame.table.shown):
            return False
        new = max(0, min(new, frame.rows - 1))
        if new != self.cursor:
            try:
                lines = frame.moved(self.cursor, new)
            except KeyError:  # a style the template has not seen: the app draws it
                return False
            text = "".join(f"\x1b[{y + 1};{x + 1}H" + ansi(line, frame.render_console) for x, y, line in lines)
            data = text.encode("utf-8", "surrogateescape")
            while data:
                data = data[os.write(self.out, data) :]
            self.cursor = new
        return True

    def release(self) -> None:
        """Stop answering keys; give the terminal its settings and ducu its signals back (before Textual saves them)."""
        import signal
        import termios

        if self._keys is not None:
            os.write(self._wake[1], b"x")
            self._keys.join(timeout=2)
            self._keys = None
        if self.held:
            self.held = False
            for fd in self._wake:
                os.close(fd)
            termios.tcsetattr(self.inp, termios.TCSANOW, self._before)
            for number, handler in self._signals.items():
                signal.signal(number, handler)

    def abandon(self) -> None:
        """Release the terminal and leave the alternate screen: ducu stops before its app runs."""
        self.release()
        try:
            os.write(self.out, LEAVE.encode())
        except OSError:
            pass


def _stop(number: int, _frame: object) -> None:
    raise SystemExit(128 + number)  # through open_app, which gives the terminal back


def paint(root: Path, clock: clocks.Clock | None = None) -> FirstLoad | None:
    """Draw the dashboard now if a template allows; None when nothing was drawn (see the module's notes)."""
    if os.environ.get("DUCU_FIRST_FRAME") == "0":
        return None
    try:
        # Textual draws on stderr and reads stdin; it takes its size as shutil does: so does this frame.
        if sys.__stderr__ is None:  # no stderr to draw on
            return None
        inp, out = sys.stdin.fileno(), sys.__stderr__.fileno()
        if not (os.isatty(inp) and os.isatty(out) and os.isatty(sys.stdout.fileno())):
            return None
        size = shutil.get_terminal_size()
        template = read_template(root, (size.columns, size.lines))
        if template is None or template.setting != setting():
            return None
        with paused():  # no cycles are made: the collector would rescan the new records (~30 ms at 20,000 items)
            first = load_first(root, clock or clocks.default_clock())
            render_console = console()
            frame = make_frame(template, first.state, render_console)
            if frame is None:
                return None
            text = frame_text(frame.lines, render_console).encode("utf-8", "surrogateescape")
        terminal = Hold(inp, out, frame)
    except Exception:
        return None
    try:
        while text:
            text = text[os.write(out, text) :]
    except OSError:
        terminal.abandon()
        return None
    except BaseException:  # Ctrl+C, or a SIGTERM, while a slow terminal takes the frame
        terminal.abandon()
        raise
    # The records live as long as the app's first state and hold no cycles: keep the
    # collector from scanning them again and again while Textual is imported.
    gc.freeze()
    terminal.answer_keys()
    return FirstLoad(first.state, first.loaded, first.fingerprint, terminal)
