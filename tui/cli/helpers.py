"""What the `ducu` command modules share: exit codes, errors, finding the workspace, terminal text.

The command modules (tui/cli_*.py) import from here, and tui/cli/__init__.py imports
them, so nothing imports the entry module back (`python -m tui.cli` loads it
as __main__, a second copy).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from workspace_schema.core.records import Workspace
    from workspace_schema.history.trail import HistoryIndex

EXIT_OK = 0
EXIT_FINDINGS = 1  # also: any other error
EXIT_NOT_WORKSPACE = 2
EXIT_CONFLICTS = 3  # sync: conflicts are left to resolve
EXIT_OFFLINE = 4  # sync: the remote cannot be reached; local commits are kept
EXIT_REWRITTEN = 5  # sync: the remote branch was force-pushed; nothing merged or pushed (--after-rewrite)
EXIT_REFUSED = 6  # sync: not merged or not pushed: merge attributes, or plan files teammates could not load
EXIT_NOT_COMMITTED = 7  # set/add/done: the file is saved but could not be committed (the message says why)


class Stopped(Exception):
    """A command ended early after saying why; main returns ``code``."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def err(message: str) -> None:
    print(f"ducu: {message}", file=sys.stderr)


def workspace_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-w", "--workspace", metavar="PATH", help="the workspace folder (default: the one holding the current folder)"
    )


def workspace_root(path: str | None) -> Path:
    """The workspace folder ``path`` (default: the one holding the current folder).

    When there is none, or ``path`` starts with '-' (git would read it as an
    option), says why and stops the command with EXIT_NOT_WORKSPACE.
    """
    from workspace_schema.git.runner import UnsafeArgument, check_path
    from workspace_schema.load.loader import NotAWorkspace, check_root, find_root

    try:
        if path is not None:
            check_path(path)
            root = check_root(Path(path).absolute())
        else:
            found = find_root(Path.cwd())
            if found is None:
                raise NotAWorkspace(
                    f"{Path.cwd()} is not inside a ducu workspace (no workspace.toml here or above). "
                    "Give a path, cd into a workspace clone, or try `ducu demo`."
                )
            root = found
    except (NotAWorkspace, UnsafeArgument) as exc:
        err(str(exc))
        raise Stopped(EXIT_NOT_WORKSPACE) from None
    _finish_interrupted_merge(root)
    return root


def _finish_interrupted_merge(root: Path) -> None:
    """A sync stopped while it wrote a merge leaves a note: finish that merge before the command reads the files."""
    from workspace_schema.load.cache import merge_note

    note = merge_note(root)
    if note is None or not note.exists():  # the usual case: a stat, and no import of the app's modules
        return
    from tui.state import finish_stopped_merge

    kept = finish_stopped_merge(root)
    if kept is not None:
        err(
            "finished the merge a stopped sync was writing"
            + (f"; changed since, left as they are: {', '.join(kept)}" if kept else "")
        )


def load_for_view(path: str | None) -> tuple[Workspace, dt.date]:
    """(workspace, today) for a read-only command; stops it as workspace_root does."""
    from workspace_schema.core import clock
    from workspace_schema.load.loader import load_workspace

    ws, _ = load_workspace(workspace_root(path))
    return ws, clock.today(ws.settings.timezone)


def load_for_edit(path: str | None, projects: list[str] | None = None) -> tuple[Workspace, dt.date, bool]:
    """(workspace, today, is a git repository) for a command that writes and commits.

    With ``projects``, only those project files are read (and no reviews):
    what an edit of one item needs. Stops the command, saying why, when git
    does not know who commits: nothing may be written that cannot be committed.
    """
    from workspace_schema.core import clock
    from workspace_schema.git import runner as git
    from workspace_schema.load.loader import load_workspace

    root = workspace_root(path)
    is_repo = git.is_repo(root)
    if is_repo and git.identity(root) is None:
        err(str(git.NoIdentity()))
        raise Stopped(EXIT_FINDINGS)
    ws, _ = load_workspace(root, projects=projects)
    return ws, clock.today(ws.settings.timezone), is_repo


def printable(text: str | None) -> str:
    """``text`` with control characters as spaces: names and text from files and git are data, not terminal codes."""
    from workspace_schema.core.text_safety import scrub

    return scrub(text or "")


def write_json(value: object) -> None:
    """``value`` as one line of JSON on stdout, every control character inside strings written as a \\u escape."""
    import msgspec

    from workspace_schema.core.text_safety import json_text

    sys.stdout.write(json_text(msgspec.json.encode(value).decode("utf-8")) + "\n")


def pad(text: str, cells: int) -> str:
    """``text`` padded to ``cells`` terminal cells (CJK characters count as two)."""
    from workspace_schema.views.listing import width

    return text + " " * max(cells - width(text), 0)


def open_app(path: str | None, sync_every: float | None = None) -> int:
    """Run the app on the workspace ``path`` (default: the one holding the current folder)."""
    root = workspace_root(path)
    from tui.first_frame import paint

    first = paint(root)  # the dashboard on screen before Textual is even imported, when it can be
    try:
        from tui.app import make_app

        app = make_app(root, sync_every=sync_every, first=first)
    except BaseException:
        if first is not None:
            first.terminal.abandon()
        raise
    try:
        app.run()  # its driver takes the terminal over from the early frame (tui/app.py, keep_early_frame)
    finally:
        if first is not None:
            first.terminal.release()  # when the app stopped before its driver started
    return EXIT_OK


def emit(text: str, out: str | None) -> int:
    """Print ``text``, or write it atomically to ``out`` and say where."""
    if out is None:
        sys.stdout.write(text)
        return EXIT_OK
    from workspace_schema.edit.atomic import atomic_write

    try:
        atomic_write(out, text.encode("utf-8"))
    except OSError as exc:
        err(f"cannot write {out}: {exc.strerror or exc}")
        return EXIT_FINDINGS
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK


def history_of(ws: Workspace) -> HistoryIndex | None:
    """The workspace's history for the trend chart and the team's count of moves (cached); None outside git."""
    from workspace_schema.git.runner import GitError
    from workspace_schema.history.trail import build_index

    try:
        return build_index(ws.root, timezone=ws.settings.timezone)
    except GitError:
        return None
