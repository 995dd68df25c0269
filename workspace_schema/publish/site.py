"""The published view of one client: a static, self-contained site, as files in memory.

    files = client_site(ws, "acme", today, history=index)    # {"index.html": b"...", "acme-crm/index.html": ...}

Pages (every link relative, so the folder works from ``file://`` and from
any web server; no scripts, no fonts or files from elsewhere):

    index.html                       the client's projects: colour, progress, next milestone, due
    <project>/index.html             the client's copy of the progress report (report.build, audience
                                     "client"): status and reasons, the timeline, what is done, what
                                     comes next and who owes what, slips and the trend chart, change
                                     requests with their decisions and impact, goals, shared risks,
                                     satisfaction; links to the next review's agenda, the minutes of
                                     past reviews and the calendar
    <project>/agenda.html            what the next review will cover (review/documents.py)
    <project>/minutes/<review>.html  the minutes of each review held
    <project>/milestones.ics         the milestones and the next review, for a calendar app

Only that client's projects (cancelled ones left out), and in them nothing
internal: each project is taken through documents.for_client (internal
records and risks not shared go) before anything is built, and the report,
agenda and minutes apply the same rules again. Every word is in the
client's language. The same workspace, day and history give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from workspace_schema.core.catalogue import Language, say
from workspace_schema.core.records import Workspace
from workspace_schema.export import ics
from workspace_schema.export.html_page import e, page, table
from workspace_schema.export.report import build
from workspace_schema.export.report_html import body
from workspace_schema.export.report_words import due_text, percent
from workspace_schema.review.documents import agenda_html, agenda_of, for_client, minutes_html

if TYPE_CHECKING:
    from workspace_schema.history.trail import HistoryIndex

__all__ = ["client_projects", "client_site", "client_sites"]

SHOWN = ("planned", "active", "on_hold", "done")  # project statuses a client sees; cancelled ones are not


def client_projects(ws: Workspace, client_id: str) -> list[str]:
    """The ids of the client's projects the published view shows, in the workspace's order."""
    return [pid for pid, p in ws.projects.items() if p.client == client_id and p.status in SHOWN]


def client_site(ws: Workspace, client_id: str, today: dt.date, history: HistoryIndex | None = None) -> dict[str, bytes]:
    """Every file of the client's site by its path in the folder; KeyError for an unknown client."""
    client = ws.clients[client_id]
    lang: Language = "zh" if client.language == "zh" else "en"
    files: dict[str, bytes] = {}
    rows = []
    for pid in client_projects(ws, client_id):
        view = for_client(ws, pid)
        r = build(view, pid, today, history=history, audience="client")
        held = sorted(
            (rid for rid, rv in view.reviews.items() if rv.project == pid and rv.held_on and rv.held_on <= today),
            reverse=True,
        )
        links = [
            ("agenda.html", say(lang, "publish.agenda")),
            *(
                (f"minutes/{_name(rid)}.html", say(lang, "publish.minutes", day=view.reviews[rid].held_on))
                for rid in held
            ),
            ("milestones.ics", say(lang, "publish.calendar")),
        ]
        nav = _nav([("../index.html", say(lang, "publish.all_projects"))])
        more = (
            f"<h2>{e(say(lang, 'publish.documents'))}</h2><ul>"
            + "".join(f'<li><a href="{e(href)}">{e(text)}</a></li>' for href, text in links)
            + "</ul>"
        )
        files[f"{pid}/index.html"] = _page(r.title, nav + body(r) + more, lang)
        back = _nav([("index.html", r.title)])
        files[f"{pid}/agenda.html"] = agenda_html(agenda_of(view, pid, today), back).encode()
        minutes_back = _nav([("../index.html", r.title)])
        for rid in held:
            files[f"{pid}/minutes/{_name(rid)}.html"] = minutes_html(view.reviews[rid], view, minutes_back).encode()
        files[f"{pid}/milestones.ics"] = ics.export(view, pid, today=today, client_view=True, history=history).encode()
        nxt = r.next[0] if r.next else None
        rows.append(
            [
                f'<a href="{e(pid)}/index.html">{e(r.title)}</a>',
                f'<span class="rag rag-{e(r.health)}">{e(say(lang, "report.rag." + r.health))}</span>',
                e(percent(r.progress)),
                e(f"{nxt.title}: {due_text(r, nxt.due)}" if nxt else ""),
                e(
                    due_text(r, r.project_due)
                    if r.finished_on is None
                    else say(lang, "publish.finished", day=r.finished_on)
                ),
            ]
        )
    title = say(lang, "publish.title", client=client.name or client_id)
    head = [say(lang, k) for k in ("publish.col.project", "publish.col.status", "publish.col.progress")]
    head += [say(lang, "publish.col.next"), say(lang, "report.due")]
    listing = table(head, rows) if rows else f'<p class="muted">{e(say(lang, "publish.none"))}</p>'
    footer = f"<footer>{e(say(lang, 'report.footer', today=today))}</footer>"
    files["index.html"] = _page(title, f"<h1>{e(title)}</h1>\n{listing}\n{footer}", lang)
    return dict(sorted(files.items()))


def client_sites(
    ws: Workspace, client_ids: list[str], today: dt.date, history: HistoryIndex | None = None
) -> dict[str, dict[str, bytes]]:
    """``client_site`` of each client, by client id; on several cores, clients are built in parallel.

    Forked workers inherit the loaded workspace and history (nothing is
    copied to them); each sends its site back. The bytes are the same as one
    ``client_site`` at a time.
    """
    workers = min(len(client_ids), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return {cid: client_site(ws, cid, today, history) for cid in client_ids}
    global _SHARED
    _SHARED = (ws, today, history)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return dict(
                zip(
                    client_ids,
                    pool.map(_site_of, client_ids, chunksize=max(1, len(client_ids) // (4 * workers))),
                    strict=True,
                )
            )
    finally:
        _SHARED = None


_SHARED: tuple[Workspace, dt.date, HistoryIndex | None] | None = None  # what forked workers read


def _site_of(client_id: str) -> dict[str, bytes]:
    assert _SHARED is not None
    ws, today, history = _SHARED
    return client_site(ws, client_id, today, history)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def _name(file_id: str) -> str:
    """A file name from an id (ids are already safe; anything else becomes '-')."""
    return _UNSAFE.sub("-", file_id) or "-"


def _nav(links: list[tuple[str, str]]) -> str:
    return '<nav class="crumbs">' + " · ".join(f'<a href="{e(h)}">← {e(t)}</a>' for h, t in links) + "</nav>\n"


def _page(title: str, html_body: str, lang: Language) -> bytes:
    return page(title, html_body, lang).encode()
