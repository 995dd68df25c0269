"""Every word of a Chinese document is Chinese: what is left once the plan's own text is taken out.

leftover_english(text, ws, "huamei-miniapp")     # [] when nothing of ours is untranslated
html_text(page)                                  # the visible text of an HTML page (no CSS, no SVG markup)
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from workspace_schema.core import records as R


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip = tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self.skip = False

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def user_data(ws: R.Workspace, project_id: str) -> list[str]:
    """Every string the plan's authors typed that could reach the documents: titles, names, ids, notes."""
    p = ws.projects[project_id]
    out = [project_id, p.title, p.client or ""]
    out += [c.name or "" for c in ws.clients.values()]
    out += [x for h, person in ws.people.items() for x in (h, person.name or "")]
    for table in ("milestones", "tasks", "risks", "goals", "changes", "log", "support", "trainings"):
        for iid, rec in getattr(p, table).items():
            out.append(iid)
            fields = ("title", "summary", "unit", "note", "notes", "reason", "metric", "done_criteria", "evidence")
            fields += ("materials",)
            out += [str(getattr(rec, f, "") or "") for f in fields]
            incentive = getattr(rec, "incentive", None)  # its reward is the plan's words too
            out.append(incentive if isinstance(incentive, str) else getattr(incentive, "reward", "") or "")
    for rid, review in ws.reviews.items():
        if review.project == project_id:
            out += [rid, review.satisfaction_comment or "", *review.decisions]
            out += [x for oid, o in review.outcomes.items() for x in (oid, o.item or "", o.note or "")]
    return sorted({s for s in out if s}, key=len, reverse=True)


def leftover_english(text: str, ws: R.Workspace, project_id: str) -> list[str]:
    """Runs of three or more Latin letters in ``text`` that are not the plan's own words, URLs or numbers."""
    for s in user_data(ws, project_id):
        text = text.replace(s, " ")
    text = re.sub(r"https?://\S+|\d{4}-\d{2}-\d{2}|\d{2}-\d{2}|[\d.,%+/:]+|\bducu\b", " ", text)  # ducu: a name
    return re.findall(r"[A-Za-z]{3,}", text)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)
