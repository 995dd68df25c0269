"""Files ducu writes that are not part of the plan: progress reports and reminder drafts.

They go to the clone's git dir (``<git-dir>/ducu/reports/``,
``<git-dir>/ducu/reminders/``), next to the review drafts: nothing appears in
the working tree, so nothing is committed by accident. Outside a git
repository they go to the user's cache folder
(``$XDG_CACHE_HOME/ducu/<kind>/<hash of the folder>/``). The app always shows
the path it wrote.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from workspace_schema.core.text_safety import scrub_lines
from workspace_schema.edit.atomic import atomic_write
from workspace_schema.load.cache import git_dir, user_cache_dir

if TYPE_CHECKING:
    from tui.app import DucuApp

_UNSAFE_NAME = re.compile(r"[^\w.-]+")


def output_folder(root: str | Path, kind: str) -> Path:
    """Where files of ``kind`` ("reports", "reminders") for the workspace at ``root`` go."""
    root = Path(root).resolve()
    gd = git_dir(root)
    if gd is not None:
        return gd / "ducu" / kind
    tag = hashlib.sha256(str(root).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return user_cache_dir() / kind / tag


def file_name(*parts: str, suffix: str) -> str:
    """ "2026-11-27-acme-crm.md" from the parts; anything but letters, digits, dot and dash becomes "-"."""
    stem = "-".join(_UNSAFE_NAME.sub("-", p).strip("-") for p in parts if p)
    return (stem or "ducu") + suffix


def clean_text(text: str) -> str:
    """``text`` with control characters (escape sequences included) removed; lines and tabs kept."""
    return scrub_lines(text)


def write_output(root: str | Path, kind: str, name: str, text: str) -> Path:
    """Write ``text`` (cleaned) atomically to ``output_folder(root, kind)/name``; the path."""
    folder = output_folder(root, kind)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    atomic_write(path, clean_text(text).encode("utf-8"))
    return path


# --- the project screen's "progress report" ------------------------------------------------------


def export_report(app: DucuApp, project_id: str) -> None:
    """Ask Markdown or HTML, write the project's progress report to the git dir, and say where.

    The report is a few kilobytes built from the loaded workspace (and the
    history, when the app has read it, for how often dates moved): written
    at once, not in a worker.
    """
    from tui.render.text import clean
    from tui.screens.confirm import ChoiceScreen
    from workspace_schema.export import report

    state = app.state
    if state is None or (project := state.project(project_id)) is None:
        return

    def picked(kind: str | None) -> None:
        if kind not in ("md", "html"):
            return
        try:
            r = report.build(state.ws, project_id, state.today, history=app.history)
            text = report.to_markdown(r) if kind == "md" else report.to_html(r)
            path = write_output(
                app.root, "reports", file_name(state.today.isoformat(), project_id, suffix=f".{kind}"), text
            )
        except (OSError, KeyError, ValueError) as exc:
            app.notify(
                clean(f"{type(exc).__name__}: {exc}"),
                title="Report not written",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        app.notify(
            f"{clean(path)}\n(outside the plan: nothing to commit; send or copy it from there)",
            title="Progress report written",
            timeout=12,
            markup=False,
        )

    question = f"Progress report of {clean(project.title or project_id)} as of {state.today}: which format?"
    app.push_screen(ChoiceScreen(question, [("m", "md", "Markdown"), ("h", "html", "HTML page")]), picked)
