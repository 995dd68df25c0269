"""The progress report as GitHub/GitLab-flavoured Markdown.

User text is escaped (markdown_text.md_text: links, emphasis, HTML, table
pipes and block markers show as typed). Markdown carries no pictures: the
HTML page (report_html.py) has the timeline and trend charts.
"""

from __future__ import annotations

from workspace_schema.export.markdown_text import md_cell, md_text
from workspace_schema.export.report import Report
from workspace_schema.export.report_care_words import (
    at_text,
    attendees_text,
    feedback_text,
    mean_text,
    nps_text,
    period_text,
    score_list,
    severity_text,
    state_text,
    target_text,
    training_date,
    training_lines,
    trend_last,
)
from workspace_schema.export.report_words import (
    change_impact,
    change_moves,
    days_text,
    due_text,
    finished_text,
    goal_numbers,
    paren,
    percent,
    sep,
    slip_note,
    title,
    trend,
)
from workspace_schema.views.surveys import sparkline

__all__ = ["to_markdown"]


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _bar(progress: float | None) -> str:
    """'██████░░░░ 62%' (capped at ten blocks; the percentage says how far past the target)."""
    if progress is None:
        return ""
    full = max(0, min(10, round(progress * 10)))
    return "█" * full + "░" * (10 - full) + f" {percent(progress)}"


def to_markdown(r: Report) -> str:
    s = sep(r)
    out = [f"# {title(r)}{s}{md_text(r.title)}", ""]

    out += [f"## {r.say('report.summary')}", ""]
    facts = []
    if r.client_name:
        facts.append(f"- **{r.say('report.client')}**{s}{md_text(r.client_name)}")
    if r.lead:
        facts.append(f"- **{r.say('report.lead')}**{s}{md_text(r.lead)}")
    facts.append(f"- **{r.say('report.report_date')}**{s}{r.today}")
    facts.append(f"- **{r.say('report.period')}**{s}{r.since} – {r.today}")
    progress = r.say("report.items_done", done=r.done_items, total=r.total_items, pct=percent(r.progress))
    facts.append(f"- **{r.say('report.progress')}**{s}{progress}")
    if r.finished_on:
        facts.append(f"- **{r.say('report.finished')}**{s}{finished_text(r)}")
    elif r.project_due:
        facts.append(f"- **{r.say('report.due')}**{s}{due_text(r, r.project_due)}")
    out += facts + [""]

    out += [f"## {r.say('report.status')}", "", f"**{r.say('report.rag.' + r.health)}**", ""]
    out += [f"- {md_text(reason)}" for reason in r.reasons] + [""]

    out += [f"## {r.say('report.done', since=r.since)}", ""]
    if r.done:
        rows = [[md_cell(i.title), str(i.done_on), md_cell(i.accepted)] for i in r.done]
        out += _table([r.say("report.col.milestone"), r.say("report.col.done_on"), r.say("report.col.accepted")], rows)
    else:
        out.append(r.say("report.none_done"))
    out.append("")

    out += [f"## {r.say('report.next')}", ""]
    if r.next:
        out += _table(
            [r.say("report.col.milestone"), r.say("report.col.due"), r.say("report.col.owner")],
            [[md_cell(i.title), due_text(r, i.due), md_cell(i.owner_name)] for i in r.next],
        )
    else:
        out.append(r.say("report.none_next"))
    out.append("")

    out += [f"## {r.say('report.needs')}", ""]
    if r.client_needs:
        out += _table(
            [r.say("report.col.item"), r.say("report.col.owner"), r.say("report.col.due"), r.say("report.col.needed")],
            [[md_cell(i.title), md_cell(i.owner_name), due_text(r, i.due), md_cell(i.needed)] for i in r.client_needs],
        )
    else:
        out.append(r.say("report.none_needs"))
    out.append("")

    out += [f"## {r.say('report.slips')}", ""]
    if r.slips:
        out += _table(
            [
                r.say("report.col.item"),
                r.say("report.col.agreed"),
                r.say("report.col.now"),
                r.say("report.col.shift"),
                r.say("report.col.change"),
            ],
            [
                [md_cell(x.title), str(x.agreed), str(x.now), f"+{days_text(r, x.days)}", md_cell(slip_note(r, x))]
                for x in r.slips
            ],
        )
    else:
        out.append(r.say("report.none_slips"))
    out.append("")

    out += [f"## {r.say('report.pending')}", ""]
    if r.pending:
        out += _table(
            [
                r.say("report.col.change"),
                r.say("report.col.requested_by"),
                r.say("report.col.requested_on"),
                r.say("report.col.moves"),
                r.say("report.col.impact"),
            ],
            [
                [
                    md_cell(c.summary),
                    md_cell(c.requested_by),
                    str(c.requested_on or ""),
                    r.say("list.semi").join(md_cell(m) for m in change_moves(r, c)),
                    change_impact(r, c),
                ]
                for c in r.pending
            ],
        )
    else:
        out.append(r.say("report.none_pending"))
    if r.changes:
        out += ["", f"**{r.say('report.approved_changes')}**", ""]
        out += _table(
            [
                r.say("report.col.change"),
                r.say("report.col.decided"),
                r.say("report.col.moves"),
                r.say("report.col.impact"),
            ],
            [
                [
                    md_cell(c.summary),
                    str(c.decided_on or ""),
                    r.say("list.semi").join(md_cell(m) for m in change_moves(r, c)),
                    change_impact(r, c),
                ]
                for c in r.changes
            ],
        )
    out.append("")

    out += [f"## {r.say('report.goals')}", ""]
    if r.goals:
        rows = []
        for g in r.goals:
            start, now, target = goal_numbers(g)
            rows.append(
                [md_cell(g.title), md_cell(g.metric), md_cell(start), md_cell(now), md_cell(target), _bar(g.progress)]
            )
        out += _table(
            [
                r.say("report.col.goal"),
                r.say("report.col.metric"),
                r.say("report.col.start"),
                r.say("report.col.current"),
                r.say("report.col.target"),
                r.say("report.col.progress"),
            ],
            rows,
        )
    else:
        out.append(r.say("report.none_goals"))
    out.append("")

    out += [f"## {r.say('report.risks' if r.audience == 'team' else 'report.risks_shared')}", ""]
    if r.risks:
        out += _table(
            [r.say("report.col.risk"), r.say("report.col.response"), r.say("report.col.status")],
            [
                [
                    md_cell(k.title),
                    r.say("report.resp." + k.response),
                    r.say("report.risk." + k.status),
                ]
                for k in r.risks
            ],
        )
    else:
        out.append(r.say("report.none_risks"))
    out.append("")

    out += [f"## {r.say('report.satisfaction')}", ""]
    if r.satisfaction:
        out += _table(
            [r.say("report.col.date"), r.say("report.col.score"), r.say("report.col.source")],
            [[str(pt.on), f"{pt.score}/5", r.say("report.src." + pt.source)] for pt in r.satisfaction],
        )
        way = trend(r)
        line = " → ".join(str(pt.score) for pt in r.satisfaction)
        out += ["", f"{r.say('report.trend')}{s}{line}" + (f" {paren(r, way)}" if way else "")]
    else:
        out.append(r.say("report.none_satisfaction"))
    out += _care(r)
    if r.scorecard:
        out += ["", f"## {md_text(r.scorecard_title)}", "", md_text(r.scorecard_period), ""]
        out += _table(
            [r.say("scorecard.col.measure"), r.say("scorecard.col.value")],
            [[md_cell(label), md_cell(value)] for label, value in r.scorecard],
        )
    out += ["", "---", "", f"*{r.say('report.footer', today=r.today)}*", ""]
    return "\n".join(out)


def _care(r: Report) -> list[str]:
    """The survey trends, the open support requests and the trainings: each only with data (report_care.py)."""
    out: list[str] = []
    if r.surveys is not None:
        out += ["", f"## {r.say('report.surveys')}", ""]
        if r.surveys.trends:
            out += [r.say("report.surveys.intro"), ""]
            out += _table(
                [r.say(f"report.surveys.col.{c}") for c in ("dimension", "trend", "scores", "last", "mean")],
                [
                    [
                        md_cell(t.name),
                        sparkline(t.scores, t.low, t.high),
                        score_list(t),
                        trend_last(r, t),
                        mean_text(r, t),
                    ]
                    for t in r.surveys.trends
                ],
            )
        nps = nps_text(r)
        out += ["", nps] if nps else []
        out += [""] + [f"- {md_text(due)}" for due in r.surveys.due] if r.surveys.due else []
    if r.support is not None:
        out += ["", f"## {r.say('report.support')}", ""]
        if r.support.open:
            out += _table(
                [r.say(f"report.support.col.{c}") for c in ("request", "severity", "opened", "state", "target")],
                [
                    [
                        md_cell(x.title),
                        severity_text(r, x),
                        at_text(x.opened),
                        state_text(r, x),
                        f"**{target_text(r, x)}**" if x.overdue else target_text(r, x),
                    ]
                    for x in r.support.open
                ],
            )
        else:
            out.append(r.say("report.support.none_open"))
        out += ["", period_text(r)]
    if r.training is not None:
        out += ["", f"## {r.say('report.training')}", ""]
        columns = ("session", "date", "mode", "status", "attendees", "materials", "feedback")
        out += _table(
            [r.say(f"report.training.col.{c}") for c in columns],
            [
                [
                    md_cell(s.title),
                    training_date(r, s),
                    r.say(f"report.training.mode.{s.mode}"),
                    r.say(f"report.training.status.{s.status}"),
                    attendees_text(s),
                    md_cell(s.materials),
                    feedback_text(s),
                ]
                for s in r.training.sessions
            ],
        )
        out += ["", " ".join(training_lines(r))]
    return out
