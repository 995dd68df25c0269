"""Open a workspace file in the user's editor ($VISUAL, $EDITOR, else vi) at a record's line.

The app hands the terminal over (``App.suspend``), waits for the editor, then
reloads. A file the editor left unparseable is reported at once with the
loader's own finding; the library refuses to write such a file, so the app
never overwrites what the person typed.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported

from tui.render.text import clean
from workspace_schema.core.findings import Finding
from workspace_schema.load.loader import Loader

if TYPE_CHECKING:
    from tui.app import DucuApp

# Editors that take "+LINE path"; others get the path alone.
PLUS_LINE = frozenset({"vi", "vim", "nvim", "view", "nano", "emacs", "emacsclient", "micro", "hx", "helix", "kak"})
# Editors that take "--goto path:line".
GOTO = frozenset({"code", "code-insiders", "codium", "cursor"})


def editor_setting(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    return env.get("VISUAL") or env.get("EDITOR") or "vi"


def editor_command(editor: str, path: str, line: int = 0) -> list[str]:
    """The command line that opens ``path`` at ``line`` (1-based; 0 for the top) in ``editor``."""
    words = shlex.split(editor) or ["vi"]
    name = Path(words[0]).name.removesuffix(".exe")
    if line > 0 and name in PLUS_LINE:
        return [*words, f"+{line}", path]
    if line > 0 and name in GOTO:
        return [*words, "--goto", f"{path}:{line}"]
    return [*words, path]


def open_in_editor(app: DucuApp, root: Path, rel: str, line: int = 0) -> bool:
    """Run the editor on ``root/rel`` with the app suspended; reload afterwards. False if it could not run."""
    path = root / rel
    command = editor_command(editor_setting(), str(path), line)
    where = f"{rel}:{line}" if line else rel
    try:
        with app.suspend():
            # Nothing may escape this block: Textual resumes the terminal only when the
            # block ends normally, so an exception here would leave the screen blank.
            failure = run_editor(command)
    except SuspendNotSupported:
        app.notify(
            f"This terminal cannot hand over to an editor; open {clean(where)} yourself.",
            title="No editor here",
            severity="warning",
            timeout=6,
            markup=False,
        )
        return False
    if failure is not None:
        app.notify(failure, title="No editor", severity="error", timeout=8, markup=False)
        return False
    for finding in file_problems(root, rel):
        app.notify(
            f"{clean(finding.where())}: {clean(finding.message)}",
            title="The file no longer loads",
            severity="error",
            timeout=12,
            markup=False,
        )
    app.reload()
    return True


def run_editor(command: list[str]) -> str | None:
    """Run the editor and wait for it; None when it ran, else why it could not (for a notification)."""
    try:
        subprocess.run(command, check=False)
    except FileNotFoundError:
        return f"The editor {clean(command[0])} was not found; nothing was written. Set $VISUAL or $EDITOR."
    except OSError as exc:
        return f"Could not run {clean(command[0])}: {clean(exc.strerror or str(exc))}; nothing was written."
    return None


def file_problems(root: Path, rel: str) -> list[Finding]:
    """What the loader says when it reads this one file (nothing when it parses)."""
    loader = Loader(root)
    loader.read(rel)
    return [f for f in loader.findings if f.level == "error"]
