"""The minutes of a recorded review as GitHub/GitLab-flavoured Markdown, in the client's language.

text = to_markdown(ws.reviews["2026-11-27-acme-crm"], ws)
"""

from __future__ import annotations

from workspace_schema.core import records as R
from workspace_schema.export.report import md_cell, md_text

_MD = {
    "en": {
        "title": "Review",
        "project": "Project",
        "client": "Client",
        "held": "Held on",
        "next": "Next review",
        "attendees": "Attendees",
        "satisfaction": "Client satisfaction",
        "decisions": "Decisions",
        "outcomes": "Outcomes",
        "actions": "Action items",
        "item": "Item",
        "outcome": "Outcome",
        "details": "Details",
        "task": "Task",
        "owner": "Owner",
        "due": "Due",
        "status": "Status",
        "none": "none",
        "o.done": "done",
        "o.moved": "moved",
        "o.reassigned": "reassigned",
        "o.noted": "noted",
        "o.action": "action item",
        "o.skipped": "skipped",
        "new_due": "new date",
        "new_owner": "new owner",
    },
    "zh": {
        "title": "例会纪要",
        "project": "项目",
        "client": "客户",
        "held": "日期",
        "next": "下次例会",
        "attendees": "参会人",
        "satisfaction": "客户满意度",
        "decisions": "决定",
        "outcomes": "议题结果",
        "actions": "行动项",
        "item": "议题",
        "outcome": "结果",
        "details": "说明",
        "task": "任务",
        "owner": "负责人",
        "due": "截止",
        "status": "状态",
        "none": "无",
        "o.done": "已完成",
        "o.moved": "改期",
        "o.reassigned": "换负责人",
        "o.noted": "记录",
        "o.action": "行动项",
        "o.skipped": "跳过",
        "new_due": "新日期",
        "new_owner": "新负责人",
    },
}


def to_markdown(review: R.Review, ws: R.Workspace) -> str:
    """The minutes of ``review`` as GitHub/GitLab-flavoured Markdown, in the client's language.

    User text is escaped (report.md_text), so links, HTML and table pipes in
    titles and notes show as typed.
    """
    project = ws.projects.get(review.project)
    client = ws.clients.get(project.client or "") if project is not None else None
    lang = "zh" if client is not None and client.language == "zh" else "en"
    w = _MD[lang]

    def person(handle: str | None) -> str:
        if not handle:
            return ""
        p = ws.people.get(handle)
        return (p.name or handle) if p is not None else handle

    def title_of(iid: str | None) -> str:
        if project is None or not iid:
            return iid or ""
        for table in ("milestones", "tasks", "risks", "goals", "changes"):
            rec = getattr(project, table).get(iid)
            if rec is not None:
                return getattr(rec, "title", None) or getattr(rec, "summary", None) or iid
        return iid

    sep = "：" if lang == "zh" else ": "
    head = project.title if project is not None and project.title else review.project
    out = [f"# {w['title']}{sep}{md_text(head)} — {review.held_on or ''}", ""]
    facts = [f"**{w['project']}**{sep}{md_text(head)} ({md_text(review.project)})"]
    if client is not None:
        assert project is not None  # a client is only found through the project
        facts.append(f"**{w['client']}**{sep}{md_text(client.name or project.client or '')}")
    facts.append(f"**{w['held']}**{sep}{review.held_on or ''}")
    if review.next_review:
        facts.append(f"**{w['next']}**{sep}{review.next_review}")
    out += ["  \n".join(facts), ""]
    names = ", ".join(md_text(person(a)) for a in review.attendees) or w["none"]
    out += [f"**{w['attendees']}**{sep}{names}", ""]
    if review.satisfaction is not None:
        comment = f" — {md_text(review.satisfaction_comment)}" if review.satisfaction_comment else ""
        out += [f"**{w['satisfaction']}**{sep}{review.satisfaction}/5{comment}", ""]
    out += [f"## {w['decisions']}", ""]
    out += [f"{n}. {md_text(d)}" for n, d in enumerate(review.decisions, 1)] or [w["none"]]
    out += ["", f"## {w['outcomes']}", ""]
    if review.outcomes:
        out += [f"| {w['item']} | {w['outcome']} | {w['details']} |", "|---|---|---|"]
        for oid, o in review.outcomes.items():
            details = []
            if o.new_due:
                details.append(f"{w['new_due']} {o.new_due}")
            if o.new_owner:
                details.append(f"{w['new_owner']} {md_cell(person(o.new_owner))}")
            if o.note:
                details.append(md_cell(o.note))
            label = md_cell(title_of(o.item or oid))
            out.append(f"| {label} | {w['o.' + o.outcome]} | {'; '.join(details)} |")
    else:
        out.append(w["none"])
    out += ["", f"## {w['actions']}", ""]
    if review.actions:
        out += [f"| {w['task']} | {w['owner']} | {w['due']} | {w['status']} |", "|---|---|---|---|"]
        for tid in review.actions:
            task = project.tasks.get(tid) if project is not None else None
            if task is None:
                out.append(f"| {md_cell(tid)} |  |  |  |")
                continue
            out.append(
                f"| {md_cell(task.title or tid)} | {md_cell(person(task.owner))} | {task.due or ''} | {task.status} |"
            )
    else:
        out.append(w["none"])
    return "\n".join(out) + "\n"
