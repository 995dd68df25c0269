"""Progress reports: golden Markdown and HTML under a frozen clock, hostile user text shown literally.

Update the golden files after a deliberate change with
``DUCU_UPDATE_GOLDEN=1 python -m pytest tests/unit/test_report.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers.golden import GOLDEN, golden
from tests.helpers.pages import TAGS
from tests.helpers.workspace import SAMPLE, write_ws
from tui.cli import main
from workspace_schema.export import report, report_html, report_markdown
from workspace_schema.export.markdown_text import md_text
from workspace_schema.load.loader import load_workspace

TODAY = dt.date(2026, 11, 27)

HOSTILE_PEOPLE = """\
[people.alice]
name = "Alice <b>Admin</b>"
org = "us"

[people.bob]
name = "Bob | \\"Boss\\" *Bold*"
org = "acme"
"""

HOSTILE_CLIENTS = """\
[clients.acme]
name = "Acme <script>alert('client')</script>"
sponsor = "bob"
language = "en"
"""

HOSTILE_PROJECT = """\
[project]
title = "Evil <script>alert(1)</script> & [x](javascript:alert(1))"
client = "acme"
owner = "alice"
status = "active"
start = 2026-10-01
due = 2027-03-31

[milestones.shipped]
title = "# Not a heading | with a pipe"
owner = "alice"
status = "done"
due = 2026-11-25
done_on = 2026-11-24

[milestones.next-one]
title = "[click me](javascript:alert(document.cookie)) *and* _this_"
owner = "alice"
status = "doing"
due = 2026-12-10
baseline_due = 2026-12-03

[milestones.client-part]
title = "- 1. list? <img src=x onerror=alert(1)>"
side = "client"
owner = "bob"
status = "waiting"
start = 2026-11-01
due = 2026-11-30
done_criteria = "CSV with | pipes,\\nnew lines & <tags>; `code` and &lt;entities&gt;"

[risks.scary]
title = "<iframe src=//evil> ~~gone~~ $x$"
probability = 5
impact = 5
response = "transfer"
status = "triggered"

[changes.moved]
summary = "Move it | because <reasons>"
status = "approved"
decided_on = 2026-11-20
moves = { next-one = 2026-12-10 }

[log.happy]
on = 2026-11-26
kind = "feedback"
score = 5
summary = "<script>nope</script>"
"""


@pytest.fixture(scope="module")
def sample():
    ws, findings = load_workspace(SAMPLE, cache=False)
    assert findings == []
    return ws


@pytest.fixture
def hostile(tmp_path: Path):
    write_ws(
        tmp_path,
        {"people.toml": HOSTILE_PEOPLE, "clients.toml": HOSTILE_CLIENTS, "projects/evil.toml": HOSTILE_PROJECT},
    )
    ws, findings = load_workspace(tmp_path, cache=False)
    assert findings == []
    return ws


def test_golden_acme_markdown_and_html(sample) -> None:
    r = report.build(sample, "acme-crm", TODAY)
    golden("report-acme-crm.md", report_markdown.to_markdown(r))
    golden("report-acme-crm.html", report_html.to_html(r))


def test_golden_chinese_report(sample) -> None:
    r = report.build(sample, "huamei-miniapp", TODAY)
    assert r.language == "zh"
    text = report_markdown.to_markdown(r)
    assert text.startswith("# 项目进展报告：会员小程序上线\n")
    golden("report-huamei-miniapp.md", text)
    golden("report-huamei-miniapp.html", report_html.to_html(r))


def test_golden_hostile_text(hostile) -> None:
    r = report.build(hostile, "evil", TODAY)
    golden("report-hostile.md", report_markdown.to_markdown(r))
    golden("report-hostile.html", report_html.to_html(r))


def test_hostile_markdown_renders_literally(hostile) -> None:
    mdit = pytest.importorskip("markdown_it")
    text = report_markdown.to_markdown(report.build(hostile, "evil", TODAY))
    # a real CommonMark + GFM-tables parser, with raw HTML allowed (as GitHub and GitLab pass some through)
    rendered = mdit.MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(text)
    for bad in ("<script", "<img", "<iframe", "<a ", "<em>and", "<em>this", "<em>Bold", "<del>", "<h1>#", "<ol", "<b>"):
        assert bad not in rendered, bad
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "[click me](javascript:alert(document.cookie)) *and* _this_" in rendered
    # every table row keeps its columns: the pipes in user text are text
    for table in rendered.split("<table>")[1:]:
        body = table.split("</table>")[0]
        rows = body.split("<tr>")[1:]
        widths = {row.count("<td") + row.count("<th") for row in rows}
        assert len(widths) == 1, body
    assert "CSV with | pipes, new lines &amp; &lt;tags&gt;; `code` and &amp;lt;entities&amp;gt;" in rendered


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def test_hostile_html_is_escaped(hostile) -> None:
    page = report_html.to_html(report.build(hostile, "evil", TODAY))
    parser = Tags()
    parser.feed(page)
    assert parser.tags <= TAGS
    names = {name for name, _ in parser.attrs}
    assert not {n for n in names if n.startswith("on") or "href" in n or n in ("src", "style")}
    text = "".join(parser.text)
    assert "Evil <script>alert(1)</script> & [x](javascript:alert(1))" in text  # shown as typed
    assert "<img src=x onerror=alert(1)>" in text
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "@media print" in page and "<script" not in page.lower().replace("&lt;script", "")


def test_sections_have_the_right_content(sample) -> None:
    r = report.build(sample, "acme-crm", TODAY)
    assert r.since == dt.date(2026, 11, 20)  # the last review before today
    # the client's copy: the reasons the client may read, and the colour they make
    assert r.health == "amber" and r.reasons[0].startswith("1 item overdue")
    assert not any("risk" in reason or "score" in reason for reason in r.reasons)
    team = report.build(sample, "acme-crm", TODAY, audience="team")
    assert team.health == "red" and team.reasons[0].startswith("1 triggered risk")
    assert [i.id for i in r.next] == ["data-export-k3f9", "email-integration-9dkp", "contact-import-b6nx"]
    assert [i.id for i in r.client_needs] == ["data-export-k3f9", "pilot-users-h4dx"]
    assert [(s.id, s.state, s.days, s.change is not None) for s in r.slips] == [
        ("email-integration-9dkp", "open", 14, False),
        ("data-export-k3f9", "open", 7, True),
        ("dedupe-rules-j5sp", "overdue", 3, False),  # overdue and never moved is a slip too
    ]
    assert [c.id for c in r.changes] == ["export-slip-w8d1"]
    assert [(m.from_date, m.to) for m in r.changes[0].moves] == [(dt.date(2026, 12, 4), dt.date(2026, 12, 11))]
    assert r.changes[0].days == 7
    # risks: only the shared ones for the client; every open one for the team
    assert [k.status for k in r.risks] == ["watching"] and len(team.risks) == 3
    # a score given at the review and logged the same day counts once
    assert [(p.on, p.score, p.source) for p in r.satisfaction] == [
        (dt.date(2026, 10, 29), 4, "feedback"),
        (dt.date(2026, 11, 20), 3, "review"),
    ]
    assert [g.id for g in r.goals] and all(g.bar_svg.startswith("<svg") for g in r.goals)
    intranet = report.build(sample, "greenleaf-intranet", TODAY, since=dt.date(2026, 11, 1))
    assert [i.id for i in intranet.done] == ["content-migration-b8qz", "staff-launch-j2rx"]
    assert report.build(sample, "greenleaf-intranet", TODAY).since == TODAY - dt.timedelta(days=14)  # no review yet


def test_a_project_finished_late_shows_its_slips(sample) -> None:
    """Every milestone done: the slips of done items still count, and the project reads as finished late."""
    r = report.build(sample, "acme-tracking", TODAY)
    assert r.finished_on == dt.date(2026, 9, 18) and r.agreed_due == dt.date(2026, 8, 28)
    assert [(s.id, s.state, s.days) for s in r.slips] == [
        ("carrier-api-7wgn", "done", 28),
        ("tracking-live-v9mc", "done", 21),
        ("tracking-design-p3kd", "done", 7),
    ]
    text = report_markdown.to_markdown(r)
    assert "No slips" not in text and "late)" not in text.split("## Status")[0]  # not "due ... (N days late)"
    assert "**Finished**: 2026-09-18 (21 days after the agreed 2026-08-28)" in text


def test_a_pending_change_request_is_listed_with_its_impact(sample) -> None:
    r = report.build(sample, "huamei-miniapp", TODAY)
    (pending,) = r.pending
    assert pending.id == "shuju-yanqi-5tgm" and pending.requested_by == "王伟" and pending.days == 10
    assert "门店会员数据导出延期至 2026-12-04" in report_markdown.to_markdown(r)


def test_the_chinese_report_has_no_english_left(sample) -> None:
    from tests.helpers.language import html_text, leftover_english

    for audience in ("client", "team"):
        r = report.build(sample, "huamei-miniapp", TODAY, audience=audience)  # type: ignore[arg-type]
        assert leftover_english(report_markdown.to_markdown(r), sample, "huamei-miniapp") == [], audience
        assert leftover_english(html_text(report_html.to_html(r)), sample, "huamei-miniapp") == [], audience
    english = report.build(sample, "acme-crm", TODAY)  # and the check can fail: an English report is full of words
    assert len(leftover_english(report_markdown.to_markdown(english), sample, "acme-crm")) > 20


def test_internal_items_stay_in_the_team_copy(tmp_path: Path) -> None:
    text = (
        HOSTILE_PROJECT
        + """
[tasks.secret-t1]
title = "INTERNAL-TASK chase their CTO"
side = "client"
owner = "bob"
status = "todo"
due = 2026-12-01
internal = true

[changes.internal-c1]
summary = "INTERNAL-CHANGE pad the estimate"
status = "proposed"
internal = true

[log.internal-l1]
on = 2026-11-20
kind = "feedback"
score = 1
summary = "INTERNAL-LOG they were furious"
internal = true
"""
    )
    write_ws(tmp_path, {"people.toml": HOSTILE_PEOPLE, "clients.toml": HOSTILE_CLIENTS, "projects/evil.toml": text})
    ws, findings = load_workspace(tmp_path, cache=False)
    assert not [f for f in findings if f.level == "error"], findings
    client = report.build(ws, "evil", TODAY)
    team = report.build(ws, "evil", TODAY, audience="team")
    for r, shown in ((client, False), (team, True)):
        out = report_markdown.to_markdown(r) + report_html.to_html(r)
        assert ("INTERNAL-TASK" in out) is shown and ("INTERNAL-CHANGE" in out) is shown
        assert (1 in [p.score for p in r.satisfaction]) is shown


def test_the_team_copy_counts_each_real_move_once(tmp_path: Path, git_identity: dict[str, str]) -> None:
    """The same number as ``ducu history`` and the timeline: one per change of due, not the record's addition."""
    from tests.helpers.gitteam import edit, g
    from tests.helpers.workspace import copy_sample
    from workspace_schema.history.slips import slips
    from workspace_schema.history.trail import build_index

    root = copy_sample(tmp_path)
    g(root, "init", "-q", "--initial-branch=main")
    g(root, "add", "-A")
    g(root, "commit", "-q", "-m", "Start")
    ref = "acme-crm/email-integration-9dkp"
    edit(root, ref, "due", dt.date(2026, 12, 21))
    ws, _ = load_workspace(root, cache=False)
    index = build_index(root)
    team = report.build(ws, "acme-crm", TODAY, history=index, audience="team")
    moved = {s.id: s.moves for s in team.slips}
    assert moved["email-integration-9dkp"] == 1 and moved["data-export-k3f9"] == 0
    by_timeline = {s.milestone: s.moves for s in slips(index, ws, "acme-crm")}
    assert by_timeline["email-integration-9dkp"] == 1
    assert "moved once" in report_markdown.to_markdown(team)
    client = report.build(ws, "acme-crm", TODAY, history=index)
    assert all(s.moves is None for s in client.slips)
    assert not re.search(r"moved (once|\d+ times)", report_markdown.to_markdown(client))  # internal churn
    assert client.trend_svg is not None and "<svg" in report_html.to_html(client)


def test_md_text_escapes() -> None:
    assert md_text("[x](javascript:y)") == "\\[x\\](javascript:y)"
    assert md_text("a | b") == "a \\| b"
    assert md_text("<script>") == "\\<script\\>"
    assert md_text("- item") == "\\- item"
    assert md_text("1. one") == "1\\. one"
    assert md_text("line\nbreak\x1b[31m") == "line break \\[31m"
    assert md_text("会员 *数据*") == "会员 \\*数据\\*"


def test_cli_report(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.helpers.workspace import copy_sample

    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    ws = str(copy_sample(tmp_path))  # outside git: no history, as the golden files
    assert main(["report", "acme-crm", "-w", ws]) == 0
    assert capsys.readouterr().out == (GOLDEN / "report-acme-crm.md").read_text("utf-8")
    out = tmp_path / "r.html"
    assert main(["report", "acme-crm", "--format", "html", "--out", str(out), "-w", ws]) == 0
    assert out.read_text("utf-8") == (GOLDEN / "report-acme-crm.html").read_text("utf-8")
    assert main(["report", "acme-crm", "--since", "2026-09-01", "-w", ws]) == 0
    assert "## Done since 2026-09-01" in capsys.readouterr().out
    assert main(["report", "acme-crm", "--for", "team", "-w", ws]) == 0
    assert "team copy" in capsys.readouterr().out
    assert main(["report", "nope", "-w", ws]) == 1
    assert main(["report", "acme-crm", "--since", "someday", "-w", ws]) == 1
    assert main(["report", "acme-crm", "-w", str(tmp_path)]) == 2
