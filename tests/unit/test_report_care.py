"""The report's survey, support and training sections (export/report_care.py): golden files, who sees what, Chinese.

Update the golden files after a deliberate change with
``DUCU_UPDATE_GOLDEN=1 python -m pytest tests/unit/test_report_care.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.helpers.golden import golden
from tests.helpers.language import html_text, leftover_english
from tests.helpers.workspace import SAMPLE, copy_sample
from workspace_schema.core import records as R
from workspace_schema.export import report, report_html, report_markdown
from workspace_schema.export.charts.sparkline import sparkline_svg
from workspace_schema.load.loader import load_workspace

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def sample() -> R.Workspace:
    ws, findings = load_workspace(SAMPLE, cache=False)
    assert findings == []
    return ws


def _with(tmp_path: Path, project: str, extra: str, files: dict[str, str] | None = None) -> R.Workspace:
    """The sample with ``extra`` TOML appended to a project's file (and other files written)."""
    root = copy_sample(tmp_path)
    path = root / "projects" / f"{project}.toml"
    path.write_text(path.read_text("utf-8") + extra, "utf-8")
    for rel, text in (files or {}).items():
        (root / rel).write_text(text, "utf-8")
    ws, findings = load_workspace(root, cache=False)
    assert [f for f in findings if f.level == "error"] == []
    return ws


def test_golden_greenleaf_has_surveys_support_and_training(sample: R.Workspace) -> None:
    r = report.build(sample, "greenleaf-intranet", TODAY)
    text = report_markdown.to_markdown(r)
    golden("report-greenleaf-intranet.md", text)
    golden("report-greenleaf-intranet.html", report_html.to_html(r))
    assert r.surveys is not None and r.support is not None and r.training is not None
    assert [(t.dimension, t.scores, t.last) for t in r.surveys.trends] == [
        ("schedule", [5], 5),
        ("quality", [4], 4),
        ("communication", [5], 5),
        ("support", [3], 3),
        ("overall", [5, 5], 5),
        ("nps", [9], 9),
    ]
    assert (r.surveys.nps, r.surveys.promoters) == (100, 1)
    # the sign-in loop is answered and waits on its resolution; the rota upload is resolved: 3 targets met this period
    assert [(x.id, x.status, x.overdue) for x in r.support.open] == [("sso-login-loop-d6tb", "responded", False)]
    assert (r.support.met, r.support.missed) == (3, 0)
    assert [(s.status, s.attendees) for s in r.training.sessions] == [("held", 1), ("held", 1)]
    assert r.training.mean_feedback == pytest.approx(4.4)
    assert "| Two receptionists stuck in a sign-in loop | Medium | 2026-11-26 14:05 |" in text
    assert "resolution due 2026-12-03 09:05 (27.1 working hours left)" in text
    assert "Targets in this period: 3 met, 0 missed." in text
    assert "| Schedule | █ | 5 | 5/5 on 2026-11-20 | 5.0/5 (1 answer) |" in text


def test_sections_appear_only_with_data(sample: R.Workspace) -> None:
    acme = report.build(sample, "acme-crm", TODAY)
    assert acme.surveys is not None and acme.support is None and acme.training is None
    text = report_markdown.to_markdown(acme)
    assert "## Satisfaction surveys" in text and "## Support requests" not in text and "## Training" not in text
    assert "| Schedule | █▅ | 5 → 3 | 3/5 on 2026-11-13 | 4.0/5 (2 answers) |" in text
    assert "Net Promoter Score: 0 (promoters 0, passives 2, detractors 0)" in text
    page = report_html.to_html(acme)
    assert page.count('<div class="spark"><svg') == 6
    # a client with no survey (and none due) has no survey section
    portal = report.build(sample, "greenleaf-portal", dt.date(2026, 11, 1))
    assert portal.surveys is None
    assert "## Satisfaction surveys" not in report_markdown.to_markdown(portal)


def test_a_survey_due_is_in_the_team_copy_only(sample: R.Workspace) -> None:
    later = dt.date(2027, 3, 1)  # Acme surveys every 90 days; the last was 2026-11-13
    team = report.build(sample, "acme-crm", later, audience="team")
    client = report.build(sample, "acme-crm", later)
    assert team.surveys is not None and client.surveys is not None
    assert team.surveys.due == ["A satisfaction survey is due: the last was on 2026-11-13, 18 days past the cadence."]
    assert client.surveys.due == []
    assert "survey is due" in report_markdown.to_markdown(team)
    assert "survey is due" in report_html.to_html(team)
    assert "survey is due" not in report_markdown.to_markdown(client) + report_html.to_html(client)


def test_the_clients_overall_leaves_out_internal_scores(tmp_path: Path) -> None:
    ws = _with(
        tmp_path,
        "acme-crm",
        """
[log.grumpy-cto-x1]
on = 2026-11-25
by = "hannah"
kind = "feedback"
score = 1
summary = "Their CTO, off the record"
internal = true
""",
    )
    client = report.build(ws, "acme-crm", TODAY)
    team = report.build(ws, "acme-crm", TODAY, audience="team")
    assert client.surveys is not None and team.surveys is not None
    overall = {r.audience: next(t for t in r.surveys.trends if t.dimension == "overall") for r in (client, team)}
    assert overall["client"].scores == [3, 4, 3] and overall["team"].scores == [3, 4, 3, 1]
    assert "3 → 4 → 3 → 1" not in report_html.to_html(client)


OVERDUE = """
[support.printer-down-k2jx]
title = "{title}"
reporter = "{reporter}"
severity = "critical"
opened = 2026-11-25T10:00:00

[support.slow-answer-q9we]
title = "{title2}"
severity = "low"
opened = 2026-11-02T09:00:00
responded = 2026-11-20T09:00:00

[trainings.admin-3-h7ty]
title = "{training}"
on = 2026-12-09
mode = "online"
status = "planned"
attendees = ["{reporter}"]
materials = "{materials}"

[trainings.cancelled-5tre]
title = "{training} (cancelled)"
on = 2026-12-01
status = "cancelled"
"""


def test_a_request_past_its_target_and_the_period_counts(tmp_path: Path) -> None:
    extra = OVERDUE.format(
        title="Printer down",
        title2="Slow",
        reporter="priya",
        training="Admin 3",
        materials="javascript:alert(1) <b>slides</b>",
    )
    ws = _with(tmp_path, "greenleaf-intranet", extra)
    r = report.build(ws, "greenleaf-intranet", TODAY)
    assert r.support is not None and r.training is not None
    late = {x.id: x for x in r.support.open}
    assert late["printer-down-k2jx"].overdue and late["printer-down-k2jx"].status == "open"
    # low: answered late, on 11-20 (in the period); its resolution was due 11-12 (before it) and is still open
    assert late["slow-answer-q9we"].overdue and late["slow-answer-q9we"].status == "responded"
    # met: the rota upload's two and the sign-in loop's response; missed: both of the printer's, the slow response
    assert (r.support.met, r.support.missed) == (3, 3)
    text = report_markdown.to_markdown(r)
    assert "**response was due 2026-11-25 11:00:" in text and "past the target**" in text
    page = report_html.to_html(r)
    assert '<span class="late">response was due 2026-11-25 11:00' in page
    # the planned session is listed, the cancelled one is not; materials that are no link are text, escaped
    assert [s.id for s in r.training.sessions][-1] == "admin-3-h7ty"
    assert "cancelled" not in text
    assert "<b>slides</b>" not in page and "&lt;b&gt;slides&lt;/b&gt;" in page and "<a " not in page
    assert "\\<b\\>slides\\</b\\>" in text
    assert "Sessions held: 2; planned: 1. Mean feedback: 4.4/5." in text


def test_the_chinese_sections_have_no_english_left(tmp_path: Path) -> None:
    extra = OVERDUE.format(
        title="收银系统故障",
        title2="会员积分查询慢",
        reporter="wangwei",
        training="门店店长培训",
        materials="店长手册（纸质）",
    )
    extra += """
[trainings.held-1-m3kd]
title = "小程序后台培训"
on = 2026-11-18
mode = "on-site"
status = "held"
attendees = ["wangwei"]
materials = "https://huamei.example/培训资料.pdf"
feedback = 4.5
"""
    ws = _with(tmp_path, "huamei-miniapp", extra)
    for audience in ("client", "team"):
        for today in (TODAY, dt.date(2027, 3, 1)):  # and with a survey due, in the team's copy
            r = report.build(ws, "huamei-miniapp", today, audience=audience)  # type: ignore[arg-type]
            assert r.surveys is not None and r.support is not None and r.training is not None
            text = report_markdown.to_markdown(r)
            assert leftover_english(text, ws, "huamei-miniapp") == [], (audience, today)
            page = html_text(report_html.to_html(r))
            assert leftover_english(page, ws, "huamei-miniapp") == [], (audience, today)
            assert "## 满意度调查" in text and "## 支持请求" in text and "## 培训" in text
    assert "应进行满意度调查" in report_markdown.to_markdown(
        report.build(ws, "huamei-miniapp", dt.date(2027, 3, 1), audience="team")
    )


def test_sparkline_svg_is_deterministic_on_a_fixed_scale() -> None:
    svg = sparkline_svg([5, 3, 1], "Schedule", "en")
    assert svg == sparkline_svg([5, 3, 1], "Schedule", "en")
    assert svg.startswith("<svg") and "<title>Schedule: 5 → 3 → 1</title>" in svg
    assert svg.count("<circle") == 3 and 'data-score="1"' in svg and "<polyline" in svg
    one = sparkline_svg([9], "NPS", "zh", low=0, high=10)
    assert one.count("<circle") == 1 and "<polyline" not in one and "NPS：9" in one
    # the same score stands as high in every row: a 5 at the top, a 1 at the bottom
    top = sparkline_svg([5], "x", "en")
    bottom = sparkline_svg([1], "x", "en")
    assert 'cy="5"' in top and 'cy="23"' in bottom


def test_the_published_page_has_the_sections_and_nothing_of_the_team(tmp_path: Path) -> None:
    from workspace_schema.publish.site import client_site

    ws = _with(
        tmp_path,
        "greenleaf-intranet",
        """
[log.off-the-record-z8mn]
on = 2026-11-25
by = "hannah"
kind = "feedback"
score = 1
summary = "Priya, off the record"
internal = true
""",
    )
    later = dt.date(2027, 3, 1)  # Greenleaf is due a survey by then: the team's nudge, not the client's
    assert report.build(ws, "greenleaf-intranet", later, audience="team").surveys.due  # type: ignore[union-attr]
    page = client_site(ws, "greenleaf", later)["greenleaf-intranet/index.html"].decode()
    for heading in ("Satisfaction surveys", "Support requests", "Training"):
        assert f"<h2>{heading}</h2>" in page
    assert '<div class="spark"><svg' in page and "Two receptionists stuck in a sign-in loop" in page
    assert "survey is due" not in page and "off the record" not in page
    assert "<title>Overall: 5 → 5</title>" in page  # the internal 1 is not among the client's scores
