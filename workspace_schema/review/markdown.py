"""The minutes of a recorded review as GitHub/GitLab-flavoured Markdown, in the client's language.

text = to_markdown(ws.reviews["2026-11-27-acme-crm"], ws)

The words are the catalogue's ``minutes.*``; what the minutes hold, and
what they leave out (internal items, risks not shared), is documents.minutes_of.
"""

from __future__ import annotations

from workspace_schema.core import records as R
from workspace_schema.core.catalogue import say
from workspace_schema.export.markdown_text import md_cell, md_text
from workspace_schema.review.documents import minutes_facts, minutes_of, outcome_details, status_word


def to_markdown(review: R.Review, ws: R.Workspace) -> str:
    """The minutes of ``review`` as GitHub/GitLab-flavoured Markdown, in the client's language.

    User text is escaped (report.md_text), so links, HTML and table pipes in
    titles and notes show as typed.
    """
    doc = minutes_of(review, ws)
    w = doc.lang

    def t(key: str) -> str:
        return say(w, f"minutes.{key}")

    sep = say(w, "colon")
    title = t("title_retro") if doc.kind == "retro" else t("title")
    out = [f"# {title}{sep}{md_text(doc.title)} — {doc.held_on or ''}", ""]
    out += ["  \n".join(f"**{label}**{sep}{md_text(value)}" for label, value in minutes_facts(doc)), ""]
    names = say(w, "list.sep").join(md_text(a) for a in doc.attendees) or t("none")
    out += [f"**{t('attendees')}**{sep}{names}", ""]
    if doc.satisfaction is not None:
        comment = f" — {md_text(doc.satisfaction_comment)}" if doc.satisfaction_comment else ""
        out += [f"**{t('satisfaction')}**{sep}{doc.satisfaction}/5{comment}", ""]
    out += [f"## {t('decisions')}", ""]
    out += [f"{n}. {md_text(d)}" for n, d in enumerate(doc.decisions, 1)] or [t("none")]
    out += ["", f"## {t('outcomes')}", ""]
    if doc.outcomes:
        out += [f"| {t('item')} | {t('outcome')} | {t('details')} |", "|---|---|---|"]
        for o in doc.outcomes:
            out.append(f"| {md_cell(o.item)} | {t('o.' + o.outcome)} | {outcome_details(doc, o, md_cell)} |")
    else:
        out.append(t("none"))
    out += ["", f"## {t('actions')}", ""]
    if doc.actions:
        out += [f"| {t('task')} | {t('owner')} | {t('due')} | {t('status')} |", "|---|---|---|---|"]
        for a in doc.actions:
            row = [md_cell(a.title), md_cell(a.owner), str(a.due or ""), status_word(doc, a.status)]
            out.append("| " + " | ".join(row) + " |")
    else:
        out.append(t("none"))
    return "\n".join(out) + "\n"
