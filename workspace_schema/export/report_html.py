"""The progress report as one standalone HTML page, with its pictures: no scripts, no external files.

The timeline, the milestone trend (with history) and each goal's progress
are inline SVG made in-process (export/charts). Every piece of text, the
user's and ours, goes through html_page.e (html.escape, quotes too), so
nothing in a plan can become markup. ``body`` is the page's content without
the document around it, for the published client view.
"""

from __future__ import annotations

import datetime as dt

from workspace_schema.export.html_page import e, page, table
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
    due_words,
    finished_text,
    goal_numbers,
    paren,
    percent,
    sep,
    slip_note,
    title,
    trend,
)

__all__ = ["body", "to_html"]


def to_html(r: Report) -> str:
    """The report as one standalone HTML page (inline CSS and SVG, fit to print on A4)."""
    return page(f"{title(r)}{sep(r)}{r.title}", body(r), r.language)


def _due(r: Report, due: dt.date | None) -> str:
    if due is None:
        return ""
    late = ' class="late"' if due < r.today else ""
    before, _, after = r.say("report.due_when", day=due, when="\0").partition("\0")
    return f"{e(before)}<span{late}>{e(due_words(r, due))}</span>{e(after)}"


def _none(text: str) -> str:
    return f'<p class="muted">{e(text)}</p>'


def body(r: Report, *, heading: int = 1) -> str:
    """The report's HTML without the page around it; ``heading`` is the level of its title (h1, or h2 when embedded)."""
    h1, h2 = f"h{heading}", f"h{heading + 1}"
    s = sep(r)
    parts: list[str] = []
    add = parts.append
    add(f"<{h1}>{e(title(r))}{e(s)}{e(r.title)}</{h1}>")

    add(f'<{h2}>{e(r.say("report.summary"))}</{h2}><dl class="facts">')
    if r.client_name:
        add(f"<dt>{e(r.say('report.client'))}</dt><dd>{e(r.client_name)}</dd>")
    if r.lead:
        add(f"<dt>{e(r.say('report.lead'))}</dt><dd>{e(r.lead)}</dd>")
    add(f"<dt>{e(r.say('report.report_date'))}</dt><dd>{e(r.today)}</dd>")
    add(f"<dt>{e(r.say('report.period'))}</dt><dd>{e(r.since)} – {e(r.today)}</dd>")
    progress = r.say("report.items_done", done=r.done_items, total=r.total_items, pct=percent(r.progress))
    add(f"<dt>{e(r.say('report.progress'))}</dt><dd>{e(progress)}</dd>")
    if r.finished_on:
        add(f"<dt>{e(r.say('report.finished'))}</dt><dd>{e(finished_text(r))}</dd>")
    elif r.project_due:
        add(f"<dt>{e(r.say('report.due'))}</dt><dd>{_due(r, r.project_due)}</dd>")
    add("</dl>")

    add(f"<{h2}>{e(r.say('report.status'))}</{h2}>")
    add(f'<p><span class="rag rag-{e(r.health)}">{e(r.say("report.rag." + r.health))}</span></p>')
    if r.reasons:
        add('<ul class="reasons">' + "".join(f"<li>{e(reason)}</li>" for reason in r.reasons) + "</ul>")

    add(f"<{h2}>{e(r.say('report.timeline'))}</{h2}>")
    add(f'<figure class="timeline">{r.timeline_svg}</figure>')

    add(f"<{h2}>{e(r.say('report.done', since=r.since))}</{h2}>")
    if r.done:
        rows = [[e(i.title), e(i.done_on), e(i.accepted)] for i in r.done]
        add(
            table(
                [r.say("report.col.milestone"), r.say("report.col.done_on"), r.say("report.col.accepted")], rows, (1,)
            )
        )
    else:
        add(_none(r.say("report.none_done")))

    add(f"<{h2}>{e(r.say('report.next'))}</{h2}>")
    if r.next:
        rows = [[e(i.title), _due(r, i.due), e(i.owner_name)] for i in r.next]
        add(table([r.say("report.col.milestone"), r.say("report.col.due"), r.say("report.col.owner")], rows, (1,)))
    else:
        add(_none(r.say("report.none_next")))

    add(f"<{h2}>{e(r.say('report.needs'))}</{h2}>")
    if r.client_needs:
        rows = [[e(i.title), e(i.owner_name), _due(r, i.due), e(i.needed)] for i in r.client_needs]
        head = [
            r.say("report.col.item"),
            r.say("report.col.owner"),
            r.say("report.col.due"),
            r.say("report.col.needed"),
        ]
        add(table(head, rows, (2,)))
    else:
        add(_none(r.say("report.none_needs")))

    add(f"<{h2}>{e(r.say('report.slips'))}</{h2}>")
    if r.slips:
        rows = [
            [
                e(x.title),
                e(x.agreed),
                e(x.now),
                f'<span class="late">+{e(days_text(r, x.days))}</span>',
                e(slip_note(r, x)),
            ]
            for x in r.slips
        ]
        head = ["report.col.item", "report.col.agreed", "report.col.now", "report.col.shift", "report.col.change"]
        add(table([r.say(k) for k in head], rows, (1, 2, 3)))
    else:
        add(_none(r.say("report.none_slips")))
    if r.trend_svg:
        add(f'<figure class="trend">{r.trend_svg}<figcaption>{e(r.say("report.trend_chart"))}</figcaption></figure>')

    add(f"<{h2}>{e(r.say('report.pending'))}</{h2}>")
    if r.pending:
        rows = [
            [
                e(c.summary),
                e(c.requested_by),
                e(c.requested_on),
                "<br>".join(e(m) for m in change_moves(r, c)),
                e(change_impact(r, c)),
            ]
            for c in r.pending
        ]
        head = ["report.col.change", "report.col.requested_by", "report.col.requested_on", "report.col.moves"]
        add(table([r.say(k) for k in (*head, "report.col.impact")], rows, (2,)))
    else:
        add(_none(r.say("report.none_pending")))
    if r.changes:
        add(f"<p><strong>{e(r.say('report.approved_changes'))}</strong></p>")
        rows = [
            [e(c.summary), e(c.decided_on), "<br>".join(e(m) for m in change_moves(r, c)), e(change_impact(r, c))]
            for c in r.changes
        ]
        head = ["report.col.change", "report.col.decided", "report.col.moves", "report.col.impact"]
        add(table([r.say(k) for k in head], rows, (1,)))

    add(f"<{h2}>{e(r.say('report.goals'))}</{h2}>")
    if r.goals:
        rows = []
        for g in r.goals:
            start, now, target = goal_numbers(g)
            rows.append([e(g.title), e(g.metric), e(start), e(now), e(target), f'<div class="bar">{g.bar_svg}</div>'])
        head = ["report.col.goal", "report.col.metric", "report.col.start", "report.col.current", "report.col.target"]
        add(table([r.say(k) for k in (*head, "report.col.progress")], rows))
    else:
        add(_none(r.say("report.none_goals")))

    add(f"<{h2}>{e(r.say('report.risks' if r.audience == 'team' else 'report.risks_shared'))}</{h2}>")
    if r.risks:
        rows = [
            [e(k.title), e(r.say("report.resp." + k.response)), e(r.say("report.risk." + k.status))] for k in r.risks
        ]
        add(table([r.say("report.col.risk"), r.say("report.col.response"), r.say("report.col.status")], rows))
    else:
        add(_none(r.say("report.none_risks")))

    add(f"<{h2}>{e(r.say('report.satisfaction'))}</{h2}>")
    if r.satisfaction:
        rows = [[e(pt.on), e(f"{pt.score}/5"), e(r.say("report.src." + pt.source))] for pt in r.satisfaction]
        add(table([r.say("report.col.date"), r.say("report.col.score"), r.say("report.col.source")], rows, (0,)))
        way = trend(r)
        line = " → ".join(str(pt.score) for pt in r.satisfaction)
        add(f"<p>{e(r.say('report.trend'))}{e(s)}{e(line)}" + (f" {e(paren(r, way))}" if way else "") + "</p>")
    else:
        add(_none(r.say("report.none_satisfaction")))
    parts += _care(r, h2)
    if r.scorecard:
        add(f"<{h2}>{e(r.scorecard_title)}</{h2}>")
        add(f"<p>{e(r.scorecard_period)}</p>")
        rows = [[e(label), e(value)] for label, value in r.scorecard]
        add(table([r.say("scorecard.col.measure"), r.say("scorecard.col.value")], rows))
    add(f"<footer>{e(r.say('report.footer', today=r.today))}</footer>")
    return "\n".join(parts)


def _care(r: Report, h2: str) -> list[str]:
    """The survey trends (a small chart each), the open support requests and the trainings, each only with data."""
    parts: list[str] = []
    add = parts.append
    if r.surveys is not None:
        add(f"<{h2}>{e(r.say('report.surveys'))}</{h2}>")
        if r.surveys.trends:
            add(f'<p class="muted">{e(r.say("report.surveys.intro"))}</p>')
            rows = [
                [
                    e(t.name),
                    f'<div class="spark">{t.svg}</div>',
                    e(score_list(t)),
                    e(trend_last(r, t)),
                    e(mean_text(r, t)),
                ]
                for t in r.surveys.trends
            ]
            add(
                table(
                    [r.say(f"report.surveys.col.{c}") for c in ("dimension", "trend", "scores", "last", "mean")], rows
                )
            )
        nps = nps_text(r)
        if nps:
            add(f"<p>{e(nps)}</p>")
        if r.surveys.due:
            add('<ul class="reasons">' + "".join(f"<li>{e(due)}</li>" for due in r.surveys.due) + "</ul>")
    if r.support is not None:
        add(f"<{h2}>{e(r.say('report.support'))}</{h2}>")
        if r.support.open:
            rows = [
                [
                    e(x.title),
                    e(severity_text(r, x)),
                    e(at_text(x.opened)),
                    e(state_text(r, x)),
                    f'<span class="late">{e(target_text(r, x))}</span>' if x.overdue else e(target_text(r, x)),
                ]
                for x in r.support.open
            ]
            head = [r.say(f"report.support.col.{c}") for c in ("request", "severity", "opened", "state", "target")]
            add(table(head, rows, (2,)))
        else:
            add(_none(r.say("report.support.none_open")))
        add(f"<p>{e(period_text(r))}</p>")
    if r.training is not None:
        add(f"<{h2}>{e(r.say('report.training'))}</{h2}>")
        rows = []
        for s in r.training.sessions:
            rows.append(
                [
                    e(s.title),
                    e(training_date(r, s)),
                    e(r.say(f"report.training.mode.{s.mode}")),
                    e(r.say(f"report.training.status.{s.status}")),
                    e(attendees_text(s)),
                    e(s.materials),
                    e(feedback_text(s)),
                ]
            )
        columns = ("session", "date", "mode", "status", "attendees", "materials", "feedback")
        add(table([r.say(f"report.training.col.{c}") for c in columns], rows, (1,)))
        add(f"<p>{e(' '.join(training_lines(r)))}</p>")
    return parts
