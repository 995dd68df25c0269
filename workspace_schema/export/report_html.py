"""The progress report as one standalone HTML page: inline CSS, no scripts, no external files.

Every piece of text, the user's and ours, goes through html.escape (quotes
too), so nothing in a plan can become markup. The page prints on A4 or
Letter: tables do not split a row across pages, colours survive printing.
"""

from __future__ import annotations

import datetime as dt

from workspace_schema.export.html_page import e, page
from workspace_schema.export.html_page import table as _table
from workspace_schema.export.report import Report, days_word, distance, paren, percent, slip_note, trend


def _due(r: Report, due: dt.date | None, late: int) -> str:
    if due is None:
        return ""
    cls = ' class="late"' if late > 0 else ""
    return f"{e(due)} <span{cls}>{e(paren(r, distance(r, due)))}</span>"


def render(r: Report) -> str:
    w = r.words()
    sep = "：" if r.language == "zh" else ": "
    parts: list[str] = []
    add = parts.append
    add(f"<h1>{e(w['title'])}{e(sep)}{e(r.title)}</h1>")

    add(f'<h2>{e(w["summary"])}</h2><dl class="facts">')
    if r.client_name:
        add(f"<dt>{e(w['client'])}</dt><dd>{e(r.client_name)}</dd>")
    if r.lead:
        add(f"<dt>{e(w['lead'])}</dt><dd>{e(r.lead)}</dd>")
    add(f"<dt>{e(w['report_date'])}</dt><dd>{e(r.today)}</dd>")
    add(f"<dt>{e(w['period'])}</dt><dd>{e(r.since)} – {e(r.today)}</dd>")
    add(
        f"<dt>{e(w['progress'])}</dt><dd>{e(w['items_done'].format(done=r.done_items, total=r.total_items, pct=percent(r.progress)))}</dd>"
    )
    if r.project_due:
        add(f"<dt>{e(w['due'])}</dt><dd>{_due(r, r.project_due, (r.today - r.project_due).days)}</dd>")
    add("</dl>")

    add(f"<h2>{e(w['status'])}</h2>")
    add(f'<p><span class="rag rag-{e(r.health)}">{e(w["rag." + r.health])}</span></p>')
    if r.reasons:
        add('<ul class="reasons">' + "".join(f"<li>{e(reason)}</li>" for reason in r.reasons) + "</ul>")

    add(f"<h2>{e(w['done'].format(since=r.since))}</h2>")
    if r.done:
        add(_table([w["col.milestone"], w["col.done_on"]], [[e(i.title), e(i.done_on)] for i in r.done], (1,)))
    else:
        add(f'<p class="muted">{e(w["none_done"])}</p>')

    add(f"<h2>{e(w['next'])}</h2>")
    if r.next:
        add(
            _table(
                [w["col.milestone"], w["col.due"], w["col.owner"]],
                [[e(i.title), _due(r, i.due, i.late_days), e(i.owner_name)] for i in r.next],
                (1,),
            )
        )
    else:
        add(f'<p class="muted">{e(w["none_next"])}</p>')

    add(f"<h2>{e(w['needs'])}</h2>")
    if r.client_needs:
        add(
            _table(
                [w["col.item"], w["col.owner"], w["col.due"], w["col.needed"]],
                [[e(i.title), e(i.owner_name), _due(r, i.due, i.late_days), e(i.needed)] for i in r.client_needs],
                (2,),
            )
        )
    else:
        add(f'<p class="muted">{e(w["none_needs"])}</p>')

    add(f"<h2>{e(w['slips'])}</h2>")
    if r.slips:
        add(
            _table(
                [w["col.item"], w["col.agreed"], w["col.now"], w["col.shift"], w["col.change"]],
                [
                    [e(s.title), e(s.baseline_due), e(s.due), e("+" + days_word(r, s.days)), e(slip_note(r, s))]
                    for s in r.slips
                ],
                (1, 2),
            )
        )
    else:
        add(f'<p class="muted">{e(w["none_slips"])}</p>')
    if r.changes:
        add(f"<p><strong>{e(w['approved_changes'])}</strong></p>")
        rows = []
        for c in r.changes:
            moves = "<br>".join(f"{e(t)}: {e(frm or '?')} → {e(to)}" for t, frm, to in c.moves)
            rows.append([e(c.summary), e(c.decided_on or ""), moves])
        add(_table([w["col.change"], w["col.decided"], w["col.moves"]], rows, (1,)))

    add(f"<h2>{e(w['risks'])}</h2>")
    if r.risks:
        add(
            _table(
                [w["col.risk"], w["col.response"], w["col.status"]],
                [[e(k.title), e(w["resp." + k.response]), e(w["risk." + k.status])] for k in r.risks],
            )
        )
    else:
        add(f'<p class="muted">{e(w["none_risks"])}</p>')

    add(f"<h2>{e(w['satisfaction'])}</h2>")
    if r.satisfaction:
        add(
            _table(
                [w["col.date"], w["col.score"], w["col.source"]],
                [[e(pt.on), e(f"{pt.score}/5"), e(w["src." + pt.source])] for pt in r.satisfaction],
                (0,),
            )
        )
        way = trend(r.satisfaction)
        line = " → ".join(str(pt.score) for pt in r.satisfaction)
        add(f"<p>{e(w['trend'])}{e(sep)}{e(line)}" + (f" {e(paren(r, w['trend.' + way]))}" if way else "") + "</p>")
    else:
        add(f'<p class="muted">{e(w["none_satisfaction"])}</p>')
    add(f"<footer>{e(w['footer'].format(today=r.today))}</footer>")

    return page(f"{w['title']}{sep}{r.title}", "\n".join(parts), r.language)
