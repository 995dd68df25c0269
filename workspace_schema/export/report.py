"""The progress report a project sends its client: plain data, then Markdown or HTML.

    from workspace_schema import report
    r = report.build(ws, "acme-crm", today)                 # since: the last review before today, else 14 days ago
    text = report.to_markdown(r)                            # GitHub/GitLab-flavoured Markdown
    page = report.to_html(r)                                # one standalone page, inline CSS, prints well

Sections, with headings in the client's language (clients.toml ``language``:
"zh" or "en"; both sets are in HEADINGS):

- summary: client, lead, period, progress (done / open + done milestones and
  tasks, as health.py counts), the project's due date
- status: red / amber / green / grey and the reasons, from health.py
  (the reasons are English sentences: health.py writes them so)
- done since the last report: milestones with ``done_on >= since``
- what comes next: the next 3 open milestones that have a due date
- what we need from the client, and by when: open client-side milestones and
  tasks (owner at the client, or no owner and side "client"), soonest first,
  with what is needed (``done_criteria``)
- slips and approved changes: open items due after their ``baseline_due``
  (and whether an approved change covers the new date), and the approved
  change requests with the dates they moved. With ``history`` (a
  history.HistoryIndex, or anything with ``item(ref, field)``), how many
  times each slipped date was moved.
- risks in words fit for the client: title, our response and the status;
  no probability, impact or score
- satisfaction: the scores of reviews and feedback log entries, oldest first

User text is escaped: ``md_text`` backslash-escapes what Markdown would read
as links, emphasis, HTML, table pipes or block markers; the HTML writer runs
everything through html.escape.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, Literal

from msgspec import Struct

from workspace_schema.core.records import OPEN_ITEM_STATUSES, Milestone, Project, Task, Workspace
from workspace_schema.core.text_safety import one_line
from workspace_schema.views.change_list import moves_of
from workspace_schema.views.health import summarize
from workspace_schema.views.nudges import ItemKind, is_client_item

__all__ = [
    "HEADINGS",
    "SINCE_DAYS",
    "ApprovedChange",
    "Report",
    "ReportItem",
    "RiskLine",
    "SatisfactionPoint",
    "Slip",
    "build",
    "md_cell",
    "md_text",
    "to_html",
    "to_markdown",
]

SINCE_DAYS = 14  # the default period without an earlier review
NEXT_MILESTONES = 3

Language = Literal["en", "zh"]

HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Progress report",
        "summary": "Summary",
        "status": "Status",
        "done": "Done since {since}",
        "next": "What comes next",
        "needs": "What we need from you, and by when",
        "slips": "Slips and approved changes",
        "risks": "Risks and what we do about them",
        "satisfaction": "Satisfaction",
        "client": "Client",
        "lead": "Project lead",
        "period": "Period",
        "progress": "Progress",
        "due": "Project due",
        "report_date": "Report date",
        "items_done": "{done} of {total} milestones and tasks done ({pct})",
        "none_done": "No milestones were completed in this period.",
        "none_next": "No open milestones with a date.",
        "none_needs": "Nothing is waiting on you at the moment. Thank you!",
        "none_slips": "No slips: every date is as agreed.",
        "none_risks": "No open risks.",
        "none_satisfaction": "No scores yet.",
        "col.milestone": "Milestone",
        "col.item": "Item",
        "col.due": "Due",
        "col.done_on": "Done on",
        "col.owner": "Owner",
        "col.needed": "What is needed",
        "col.agreed": "Agreed date",
        "col.now": "Now",
        "col.shift": "Shift",
        "col.change": "Change",
        "col.risk": "Risk",
        "col.response": "Our response",
        "col.status": "Status",
        "col.date": "Date",
        "col.score": "Score",
        "col.source": "From",
        "col.decided": "Decided",
        "col.moves": "Dates moved",
        "late": "{n} late",
        "in": "in {n}",
        "today": "today",
        "day": "1 day",
        "days": "{n} days",
        "approved": "approved change",
        "not_agreed": "not agreed yet",
        "moved_times": "moved {n} times",
        "moved_once": "moved once",
        "approved_changes": "Approved changes",
        "rag.red": "Red",
        "rag.amber": "Amber",
        "rag.green": "Green",
        "rag.grey": "Grey",
        "resp.avoid": "Avoid",
        "resp.mitigate": "Reduce",
        "resp.transfer": "Transfer",
        "resp.accept": "Accept",
        "risk.watching": "Watching",
        "risk.triggered": "Happening: our plan is in action",
        "risk.closed": "Closed",
        "src.review": "Review",
        "src.feedback": "Feedback",
        "trend": "Trend",
        "trend.up": "improving",
        "trend.down": "declining",
        "trend.flat": "steady",
        "footer": "Prepared with ducu on {today}.",
    },
    "zh": {
        "title": "项目进展报告",
        "summary": "概要",
        "status": "状态",
        "done": "自 {since} 以来完成",
        "next": "接下来",
        "needs": "需要贵方提供的内容与时间",
        "slips": "延期与已批准的变更",
        "risks": "风险与应对",
        "satisfaction": "满意度",
        "client": "客户",
        "lead": "项目负责人",
        "period": "报告期间",
        "progress": "进度",
        "due": "项目截止",
        "report_date": "报告日期",
        "items_done": "已完成 {done} / {total} 个里程碑与任务（{pct}）",
        "none_done": "本期没有完成的里程碑。",
        "none_next": "没有已排期的未完成里程碑。",
        "none_needs": "目前没有需要贵方提供的内容，谢谢！",
        "none_slips": "没有延期：所有日期都与约定一致。",
        "none_risks": "没有未关闭的风险。",
        "none_satisfaction": "暂无评分。",
        "col.milestone": "里程碑",
        "col.item": "事项",
        "col.due": "截止",
        "col.done_on": "完成日期",
        "col.owner": "负责人",
        "col.needed": "需要的内容",
        "col.agreed": "约定日期",
        "col.now": "目前",
        "col.shift": "变化",
        "col.change": "变更",
        "col.risk": "风险",
        "col.response": "应对方式",
        "col.status": "状态",
        "col.date": "日期",
        "col.score": "评分",
        "col.source": "来源",
        "col.decided": "批准日期",
        "col.moves": "调整的日期",
        "late": "已逾期 {n}",
        "in": "还有 {n}",
        "today": "今天",
        "day": "1 天",
        "days": "{n} 天",
        "approved": "已批准变更",
        "not_agreed": "尚未确认",
        "moved_times": "调整过 {n} 次",
        "moved_once": "调整过 1 次",
        "approved_changes": "已批准的变更",
        "rag.red": "红",
        "rag.amber": "黄",
        "rag.green": "绿",
        "rag.grey": "灰",
        "resp.avoid": "规避",
        "resp.mitigate": "降低",
        "resp.transfer": "转移",
        "resp.accept": "接受",
        "risk.watching": "持续关注",
        "risk.triggered": "已发生，正在执行应对计划",
        "risk.closed": "已关闭",
        "src.review": "例会",
        "src.feedback": "反馈",
        "trend": "趋势",
        "trend.up": "上升",
        "trend.down": "下降",
        "trend.flat": "平稳",
        "footer": "由 ducu 于 {today} 生成。",
    },
}


class ReportItem(Struct, frozen=True, kw_only=True):
    id: str
    kind: Literal["milestone", "task"]
    title: str
    owner: str | None
    owner_name: str | None
    status: str
    due: dt.date | None
    done_on: dt.date | None = None
    late_days: int = 0  # > 0 when open and past due
    needed: str | None = None  # done_criteria


class Slip(Struct, frozen=True, kw_only=True):
    id: str
    title: str
    baseline_due: dt.date
    due: dt.date
    days: int  # due - baseline_due
    approved: bool  # an approved change moves it at least this far
    change: str | None  # that change's summary (or id)
    moves: int | None = None  # times its due was moved (from history; None without it)


class ApprovedChange(Struct, frozen=True, kw_only=True):
    id: str
    summary: str
    reason: str | None
    decided_on: dt.date | None
    moves: list[tuple[str, dt.date | None, dt.date]]  # (item title, from, to)


class RiskLine(Struct, frozen=True, kw_only=True):
    id: str
    title: str
    response: str  # avoid | mitigate | transfer | accept
    status: str  # watching | triggered


class SatisfactionPoint(Struct, frozen=True, kw_only=True):
    on: dt.date
    score: int
    source: Literal["review", "feedback"]


class Report(Struct, frozen=True, kw_only=True):
    project_id: str
    title: str
    client_name: str | None
    language: Language
    today: dt.date
    since: dt.date
    lead: str | None  # the project owner's name
    project_due: dt.date | None
    health: str
    reasons: list[str]
    progress: float
    done_items: int
    total_items: int
    done: list[ReportItem]
    next: list[ReportItem]
    client_needs: list[ReportItem]
    slips: list[Slip]
    changes: list[ApprovedChange]
    risks: list[RiskLine]
    satisfaction: list[SatisfactionPoint]
    workspace_name: str = ""

    def words(self) -> dict[str, str]:
        return HEADINGS[self.language]


def default_since(ws: Workspace, project_id: str, today: dt.date) -> dt.date:
    """The latest review of the project held before today, else SINCE_DAYS days ago."""
    held = [
        r.held_on
        for r in ws.reviews.values()
        if r.project == project_id and r.held_on is not None and r.held_on < today
    ]
    return max(held) if held else today - dt.timedelta(days=SINCE_DAYS)


def build(ws: Workspace, project_id: str, today: dt.date, since: dt.date | None = None, history: Any = None) -> Report:
    """The report of ``project_id`` as of ``today``; KeyError if there is no such project."""
    p = ws.projects[project_id]
    since = since or default_since(ws, project_id, today)
    summary = summarize(ws, project_id, today)
    client = ws.clients.get(p.client or "")
    language: Language = "zh" if client is not None and client.language == "zh" else "en"

    def name(handle: str | None) -> str | None:
        if not handle:
            return None
        person = ws.people.get(handle)
        return (person.name or handle) if person is not None else handle

    def item_of(iid: str, item: Milestone | Task, kind: ItemKind) -> ReportItem:
        late = (
            (today - item.due).days
            if item.due is not None and item.due < today and item.status in OPEN_ITEM_STATUSES
            else 0
        )
        return ReportItem(
            id=iid,
            kind=kind,
            title=item.title or iid,
            owner=item.owner,
            owner_name=name(item.owner),
            status=item.status,
            due=item.due,
            done_on=item.done_on,
            late_days=late,
            needed=getattr(item, "done_criteria", None),
        )

    done = [
        item_of(mid, m, "milestone")
        for mid, m in p.milestones.items()
        if m.status == "done" and m.done_on is not None and since <= m.done_on <= today
    ]
    done.sort(key=lambda r: (r.done_on, r.id))
    upcoming = [
        (m.due, n, mid, m)
        for n, (mid, m) in enumerate(p.milestones.items())
        if m.status in OPEN_ITEM_STATUSES and m.due is not None
    ]
    upcoming.sort(key=lambda t: (t[0], t[1]))
    nxt = [item_of(mid, m, "milestone") for _due, _n, mid, m in upcoming[:NEXT_MILESTONES]]
    needs = []
    tables: tuple[tuple[Mapping[str, Milestone | Task], ItemKind], ...] = (
        (p.milestones, "milestone"),
        (p.tasks, "task"),
    )
    for table, kind in tables:
        for iid, item in table.items():
            if item.status in OPEN_ITEM_STATUSES and is_client_item(ws, item):
                needs.append(item_of(iid, item, kind))
    needs.sort(key=lambda r: (r.due or dt.date.max, r.id))

    return Report(
        project_id=project_id,
        title=p.title or project_id,
        client_name=(client.name or p.client) if client else p.client,
        language=language,
        today=today,
        since=since,
        lead=name(p.owner),
        project_due=p.due,
        health=summary.health,
        reasons=[client_reason(x) for x in summary.reasons],
        progress=summary.progress,
        done_items=summary.done_items,
        total_items=summary.total_items,
        done=done,
        next=nxt,
        client_needs=needs,
        slips=_slips(p, project_id, history),
        changes=_approved(p),
        risks=[
            RiskLine(id=rid, title=r.title or rid, response=r.response, status=r.status)
            for rid, r in sorted(p.risks.items(), key=lambda kv: (kv[1].status != "triggered",))
            if r.status != "closed"
        ],
        satisfaction=_satisfaction(ws, project_id, p, today),
        workspace_name=ws.settings.name,
    )


def _slips(p: Project, pid: str, history: Any) -> list[Slip]:
    approved: dict[str, tuple[dt.date, str]] = {}  # item -> (latest approved date, change summary)
    for cid, change in p.changes.items():
        if change.status != "approved":
            continue
        for iid, to in change.moves.items():
            if iid not in approved or to > approved[iid][0]:
                approved[iid] = (to, change.summary or cid)
    out = []
    for table in (p.milestones, p.tasks):
        for iid, item in table.items():
            if (
                item.status not in OPEN_ITEM_STATUSES
                or item.due is None
                or item.baseline_due is None
                or item.due <= item.baseline_due
            ):
                continue
            cover = approved.get(iid)
            ok = cover is not None and cover[0] >= item.due
            moves = None
            if history is not None:
                try:
                    moves = len(history.item(f"{pid}/{iid}", "due"))
                except Exception:  # a history that cannot answer is no reason to fail the report
                    moves = None
            out.append(
                Slip(
                    id=iid,
                    title=item.title or iid,
                    baseline_due=item.baseline_due,
                    due=item.due,
                    days=(item.due - item.baseline_due).days,
                    approved=ok,
                    change=cover[1] if ok and cover else None,
                    moves=moves,
                )
            )
    out.sort(key=lambda s: (-s.days, s.id))
    return out


def _approved(p: Project) -> list[ApprovedChange]:
    out = []
    for cid, change in p.changes.items():
        if change.status != "approved" or not change.moves:
            continue
        moves = [(m.title or m.item_id, m.from_date, m.to) for m in moves_of(p, change)]
        out.append(
            ApprovedChange(
                id=cid, summary=change.summary or cid, reason=change.reason, decided_on=change.decided_on, moves=moves
            )
        )
    out.sort(key=lambda c: (c.decided_on or dt.date.min, c.id))
    return out


def _satisfaction(ws: Workspace, pid: str, p: Project, today: dt.date) -> list[SatisfactionPoint]:
    points: list[tuple[dt.date, int, SatisfactionPoint]] = []
    for review in ws.reviews.values():
        if (
            review.project == pid
            and review.held_on is not None
            and review.held_on <= today
            and review.satisfaction is not None
        ):
            points.append(
                (review.held_on, 0, SatisfactionPoint(on=review.held_on, score=review.satisfaction, source="review"))
            )
    for entry in p.log.values():
        if entry.kind == "feedback" and entry.score is not None and entry.on is not None and entry.on <= today:
            points.append((entry.on, 1, SatisfactionPoint(on=entry.on, score=entry.score, source="feedback")))
    points.sort(key=lambda t: (t[0], t[1]))
    return [pt for _, _, pt in points]


def trend(points: list[SatisfactionPoint]) -> str | None:
    """ "up", "down" or "flat": the last score against the one before; None with fewer than two."""
    if len(points) < 2:
        return None
    last, prev = points[-1].score, points[-2].score
    return "up" if last > prev else "down" if last < prev else "flat"


# --- words shared by both writers ------------------------------------------------------------


def days_word(r: Report, n: int) -> str:
    w = r.words()
    return w["day"] if n == 1 else w["days"].format(n=n)


def distance(r: Report, due: dt.date | None) -> str:
    """'3 days late', 'in 5 days', 'today' in the report's language ('' without a date)."""
    if due is None:
        return ""
    w = r.words()
    delta = (due - r.today).days
    if delta == 0:
        return w["today"]
    if delta < 0:
        return w["late"].format(n=days_word(r, -delta))
    return w["in"].format(n=days_word(r, delta))


def paren(r: Report, text: str) -> str:
    """'(text)', with full-width brackets in a Chinese report."""
    return f"（{text}）" if r.language == "zh" else f"({text})"


_SCORE = re.compile(r" \(score \d+ = \d+ x \d+\)")


def client_reason(reason: str) -> str:
    """A health.py reason without the internal risk score ("... (score 20 = 4 x 5)")."""
    return _SCORE.sub("", reason)


def percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def slip_note(r: Report, s: Slip) -> str:
    w = r.words()
    note = f"{w['approved']}: {s.change}" if s.approved and s.change else w["not_agreed"]
    if s.moves:
        note += "; " + (w["moved_once"] if s.moves == 1 else w["moved_times"].format(n=s.moves))
    return note


# --- Markdown ----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$&#])")
_MD_LEADING = re.compile(r"^([-+=>]|\d+(?=[.)]))")


def md_text(text: str | None) -> str:
    """User text as literal Markdown inline text: one line, every construct escaped.

    Control characters and line breaks become spaces; backslash, backtick,
    * _ [ ] < > | ~ $ & # get a backslash (so ``[x](javascript:...)``,
    ``<script>``, ``|`` and ``&lt;`` show as typed, in table cells too); a
    leading - + = > or "1." cannot start a list, heading or quote.
    """
    if not text:
        return ""
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line(str(text)))
    m = _MD_LEADING.match(escaped)
    if m:
        if m.group(1)[0].isdigit():
            end = m.end()
            escaped = escaped[:end] + "\\" + escaped[end:]
        else:
            escaped = "\\" + escaped
    return escaped


def md_cell(text: str | None) -> str:
    """User text for a table cell (md_text already escapes | and keeps it on one line)."""
    return md_text(text)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def to_markdown(r: Report) -> str:
    w = r.words()
    sep = "：" if r.language == "zh" else ": "
    out = [f"# {w['title']}{sep}{md_text(r.title)}", ""]

    out += [f"## {w['summary']}", ""]
    facts = []
    if r.client_name:
        facts.append(f"- **{w['client']}**{sep}{md_text(r.client_name)}")
    if r.lead:
        facts.append(f"- **{w['lead']}**{sep}{md_text(r.lead)}")
    facts.append(f"- **{w['report_date']}**{sep}{r.today}")
    facts.append(f"- **{w['period']}**{sep}{r.since} – {r.today}")
    facts.append(
        f"- **{w['progress']}**{sep}"
        + w["items_done"].format(done=r.done_items, total=r.total_items, pct=percent(r.progress))
    )
    if r.project_due:
        facts.append(f"- **{w['due']}**{sep}{r.project_due} {paren(r, distance(r, r.project_due))}")
    out += facts + [""]

    out += [f"## {w['status']}", "", f"**{w['rag.' + r.health]}**", ""]
    out += [f"- {md_text(reason)}" for reason in r.reasons] + [""]

    out += [f"## {w['done'].format(since=r.since)}", ""]
    if r.done:
        out += _table([w["col.milestone"], w["col.done_on"]], [[md_cell(i.title), str(i.done_on)] for i in r.done])
    else:
        out.append(w["none_done"])
    out.append("")

    out += [f"## {w['next']}", ""]
    if r.next:
        out += _table(
            [w["col.milestone"], w["col.due"], w["col.owner"]],
            [[md_cell(i.title), f"{i.due} {paren(r, distance(r, i.due))}", md_cell(i.owner_name)] for i in r.next],
        )
    else:
        out.append(w["none_next"])
    out.append("")

    out += [f"## {w['needs']}", ""]
    if r.client_needs:
        out += _table(
            [w["col.item"], w["col.owner"], w["col.due"], w["col.needed"]],
            [
                [
                    md_cell(i.title),
                    md_cell(i.owner_name),
                    f"{i.due} {paren(r, distance(r, i.due))}" if i.due else "",
                    md_cell(i.needed),
                ]
                for i in r.client_needs
            ],
        )
    else:
        out.append(w["none_needs"])
    out.append("")

    out += [f"## {w['slips']}", ""]
    if r.slips:
        out += _table(
            [w["col.item"], w["col.agreed"], w["col.now"], w["col.shift"], w["col.change"]],
            [
                [
                    md_cell(s.title),
                    str(s.baseline_due),
                    str(s.due),
                    f"+{days_word(r, s.days)}",
                    md_cell(slip_note(r, s)),
                ]
                for s in r.slips
            ],
        )
    else:
        out.append(w["none_slips"])
    if r.changes:
        out += ["", f"**{w['approved_changes']}**", ""]
        rows = []
        for c in r.changes:
            moves = "; ".join(f"{md_cell(t)}: {frm or '?'} → {to}" for t, frm, to in c.moves)
            rows.append([md_cell(c.summary), str(c.decided_on or ""), moves])
        out += _table([w["col.change"], w["col.decided"], w["col.moves"]], rows)
    out.append("")

    out += [f"## {w['risks']}", ""]
    if r.risks:
        out += _table(
            [w["col.risk"], w["col.response"], w["col.status"]],
            [[md_cell(k.title), w["resp." + k.response], w["risk." + k.status]] for k in r.risks],
        )
    else:
        out.append(w["none_risks"])
    out.append("")

    out += [f"## {w['satisfaction']}", ""]
    if r.satisfaction:
        out += _table(
            [w["col.date"], w["col.score"], w["col.source"]],
            [[str(pt.on), f"{pt.score}/5", w["src." + pt.source]] for pt in r.satisfaction],
        )
        way = trend(r.satisfaction)
        line = " → ".join(str(pt.score) for pt in r.satisfaction)
        out += ["", f"{w['trend']}{sep}{line}" + (f" {paren(r, w['trend.' + way])}" if way else "")]
    else:
        out.append(w["none_satisfaction"])
    out += ["", "---", "", f"*{w['footer'].format(today=r.today)}*", ""]
    return "\n".join(out)


def to_html(r: Report) -> str:
    """The report as one standalone HTML page (inline CSS, fit to print); every text is html-escaped."""
    from workspace_schema.export.report_html import render

    return render(r)
