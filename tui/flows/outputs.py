"""Files ducu writes that are not part of the plan: progress reports, agendas, minutes and reminder drafts.

They go to ``out/`` in the workspace (``out/reports/``, ``agendas/``,
``minutes/``, ``reminders/``), where the team can see and send them. ducu
makes ``out/`` with a ``.gitignore`` holding ``*``, so the folder ignores
itself: nothing appears in ``git status`` and nothing is committed by
accident, and no file of the team's changes. A team that wants its outputs
in git edits or deletes ``out/.gitignore``; ducu writes it only when it
makes the folder. The loader never reads ``out/`` (it reads the plan files
and ``projects/``, ``reviews/`` only). The app always shows the path it wrote.

In a browser (the app served by textual-serve) ``out/`` is on the server,
out of the browser user's reach: the file is written there all the same and
also sent to the browser as a download (``delivered``).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from workspace_schema.core.text_safety import scrub_lines
from workspace_schema.edit.atomic import atomic_write

if TYPE_CHECKING:
    from textual.app import App

    from tui.app import DucuApp

_UNSAFE_NAME = re.compile(r"[^\w.-]+")


OUT = "out"
IGNORE_ALL = (
    b"# Made by ducu: reports, agendas, minutes and reminder drafts stay out of git.\n"
    b"# Edit or delete this file to keep them in git; ducu does not write it again.\n"
    b"*\n"
)


def out_root(root: str | Path) -> Path:
    """The workspace's ``out/`` folder (made by ensure_out_root)."""
    return Path(root).resolve() / OUT


def output_folder(root: str | Path, kind: str) -> Path:
    """Where files of ``kind`` ("reports", "reminders") for the workspace at ``root`` go: ``out/<kind>``."""
    return out_root(root) / kind


def ensure_out_root(root: str | Path) -> Path:
    """``out/`` in the workspace; when missing, made whole with its ``.gitignore`` (``*``), never half.

    The folder is built beside its place and renamed into it, so a crash
    never leaves an ``out/`` that git would see. An existing ``out/`` is left
    as it is: the team may have chosen to track it.
    """
    out = out_root(root)
    if out.is_dir():
        return out
    tmp = Path(tempfile.mkdtemp(prefix=".ducu-out-", dir=out.parent))
    try:
        os.chmod(tmp, 0o755)  # as mkdir would make it (mkdtemp's folder is the owner's alone)
        (tmp / ".gitignore").write_bytes(IGNORE_ALL)
        try:
            os.rename(tmp, out)
        except OSError:
            if not out.exists():
                raise
        if not out.is_dir():  # another writer made out/ first: theirs stands; a file is in the way
            raise NotADirectoryError(f"{out} is not a folder; move it away so ducu can write its outputs there")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def file_name(*parts: str, suffix: str) -> str:
    """ "2026-11-27-acme-crm.md" from the parts; anything but letters, digits, dot and dash becomes "-"."""
    stem = "-".join(_UNSAFE_NAME.sub("-", p).strip("-") for p in parts if p)
    return (stem or "ducu") + suffix


def clean_text(text: str) -> str:
    """``text`` with control characters (escape sequences included) removed; lines and tabs kept."""
    return scrub_lines(text)


def write_output(root: str | Path, kind: str, name: str, text: str) -> Path:
    """Write ``text`` (cleaned) atomically to ``output_folder(root, kind)/name``; the path."""
    ensure_out_root(root)
    folder = output_folder(root, kind)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    atomic_write(path, clean_text(text).encode("utf-8"))
    return path


def delivered(app: App[Any], path: Path) -> str:
    """What to say about the file just written at ``path``: where it is, and in a browser that it is downloaded.

    In a browser the file is also delivered to it (Textual's deliver_text: a
    one-time download link), as the server's out/ is out of the user's reach.
    """
    from tui.render.text import clean

    if not app.is_web:
        return clean(path)
    app.deliver_text(path, save_filename=path.name, encoding="utf-8")
    return f"Your browser downloads it as {clean(path.name)}.\nA copy stays on the server in {clean(path.parent)}."


# --- the project screen's "progress report" ------------------------------------------------------


def export_report(app: DucuApp, project_id: str) -> None:
    """Ask whose copy and which format, write the project's progress report to out/, and say where.

    The report is a few kilobytes built from the loaded workspace (and the
    history, when the app has read it, for the trend chart and, in the
    team's copy, how often dates moved): written at once, not in a worker.
    """
    from tui.render.text import clean
    from workspace_schema.export import report, report_html, report_markdown

    state = app.state
    if state is None or (project := state.project(project_id)) is None:
        return

    def make(choice: str) -> tuple[str, str]:
        audience: Literal["client", "team"] = "team" if choice.startswith("team-") else "client"
        kind = choice.removeprefix("team-")
        r = report.build(state.ws, project_id, state.today, history=app.history, audience=audience)
        text = report_markdown.to_markdown(r) if kind == "md" else report_html.to_html(r)
        stem = f"{project_id}-team" if audience == "team" else project_id
        return file_name(state.today.isoformat(), stem, suffix=f".{kind}"), text

    question = (
        f"Progress report of {clean(project.title or project_id)} as of {state.today}: the client's copy, "
        "or the team's (with every risk, internal items and how often dates moved)?"
    )
    choices = [
        ("m", "md", "Client: Markdown"),
        ("h", "html", "Client: HTML"),
        ("t", "team-md", "Team: Markdown"),
        ("T", "team-html", "Team: HTML"),
    ]
    _ask_and_write(app, question, "reports", "Progress report", make, choices)


# --- the review screen's agenda and minutes, to send the client ------------------------------------


FORMATS = [("m", "md", "Markdown"), ("h", "html", "HTML page")]


def _ask_and_write(
    app: DucuApp,
    question: str,
    kind: str,
    what: str,
    make: Callable[[str], tuple[str, str]],
    choices: list[tuple[str, str, str]] = FORMATS,
) -> None:
    """Ask one of ``choices`` (Markdown or HTML), write ``make(choice)`` -> (file name, text) under ``kind``, say where."""
    from tui.render.text import clean
    from tui.screens.confirm import ChoiceScreen

    def picked(choice: str | None) -> None:
        if choice is None or choice not in {value for _, value, _ in choices}:
            return
        try:
            name, text = make(choice)
            path = write_output(app.root, kind, name, text)
        except (OSError, KeyError, ValueError) as exc:
            app.notify(
                clean(f"{type(exc).__name__}: {exc}"),
                title=f"{what} not written",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        app.notify(
            f"{delivered(app, path)}\n(outside the plan: nothing to commit; send or copy it from there)",
            title=f"{what} written",
            timeout=12,
            markup=False,
        )

    app.push_screen(ChoiceScreen(question, choices), picked)


def export_agenda(app: DucuApp, project_id: str) -> None:
    """The agenda of the project's next review, for the client (review/documents.py), written as export_report does."""
    from tui.render.text import clean
    from workspace_schema.review import documents

    state = app.state
    if state is None or (project := state.project(project_id)) is None:
        return

    def make(fmt: str) -> tuple[str, str]:
        doc = documents.agenda_of(state.ws, project_id, state.today)
        text = documents.agenda_markdown(doc) if fmt == "md" else documents.agenda_html(doc)
        return file_name(doc.date.isoformat(), project_id, "agenda", suffix=f".{fmt}"), text

    question = f"Agenda of the next review of {clean(project.title or project_id)}, to send the client: which format?"
    _ask_and_write(app, question, "agendas", "Agenda", make)


def export_minutes(app: DucuApp, project_id: str) -> None:
    """The minutes of the project's last recorded review, for the client; says so when there is none."""
    from tui.render.text import clean
    from workspace_schema.review import documents
    from workspace_schema.review.agenda import previous_review
    from workspace_schema.review.markdown import to_markdown

    state = app.state
    if state is None or state.project(project_id) is None:
        return
    last = previous_review(state.ws, project_id, state.today)
    if last is None:
        app.notify(
            "No review of this project has been recorded yet: finish a meeting first.",
            title="No minutes",
            severity="warning",
            timeout=6,
            markup=False,
        )
        return
    rid, review = last

    def make(fmt: str) -> tuple[str, str]:
        text = to_markdown(review, state.ws) if fmt == "md" else documents.minutes_html(review, state.ws)
        return file_name(rid, "minutes", suffix=f".{fmt}"), text

    _ask_and_write(
        app, f"Minutes of the review {clean(rid)}, to send the client: which format?", "minutes", "Minutes", make
    )
