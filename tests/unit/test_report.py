"""Progress reports: golden Markdown and HTML under a frozen clock, hostile user text shown literally.

Update the golden files after a deliberate change with
``DUCU_UPDATE_GOLDEN=1 python -m pytest tests/unit/test_report.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers.workspace import SAMPLE, write_ws
from tui.cli import main
from workspace_schema.export import report
from workspace_schema.load.loader import load_workspace

TODAY = dt.date(2026, 11, 27)
GOLDEN = Path(__file__).resolve().parent / "golden"

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


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("DUCU_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"no golden file {path}; run with DUCU_UPDATE_GOLDEN=1 to write it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


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
    golden("report-acme-crm.md", report.to_markdown(r))
    golden("report-acme-crm.html", report.to_html(r))


def test_golden_chinese_report(sample) -> None:
    r = report.build(sample, "huamei-miniapp", TODAY)
    assert r.language == "zh"
    text = report.to_markdown(r)
    assert text.startswith("# 项目进展报告：会员小程序上线\n")
    golden("report-huamei-miniapp.md", text)
    golden("report-huamei-miniapp.html", report.to_html(r))


def test_golden_hostile_text(hostile) -> None:
    r = report.build(hostile, "evil", TODAY)
    golden("report-hostile.md", report.to_markdown(r))
    golden("report-hostile.html", report.to_html(r))


def test_hostile_markdown_renders_literally(hostile) -> None:
    mdit = pytest.importorskip("markdown_it")
    text = report.to_markdown(report.build(hostile, "evil", TODAY))
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
    page = report.to_html(report.build(hostile, "evil", TODAY))
    parser = Tags()
    parser.feed(page)
    allowed = {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "h1",
        "h2",
        "dl",
        "dt",
        "dd",
        "p",
        "span",
        "ul",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "strong",
        "br",
        "footer",
    }
    assert parser.tags <= allowed
    assert {name for name, _ in parser.attrs} <= {"lang", "charset", "name", "content", "class"}
    text = "".join(parser.text)
    assert "Evil <script>alert(1)</script> & [x](javascript:alert(1))" in text  # shown as typed
    assert "<img src=x onerror=alert(1)>" in text
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "@media print" in page and "<script" not in page.lower().replace("&lt;script", "")


def test_sections_have_the_right_content(sample) -> None:
    r = report.build(sample, "acme-crm", TODAY)
    assert r.since == dt.date(2026, 11, 20)  # the last review before today
    assert r.health == "red" and r.reasons[0].startswith("1 triggered risk")
    assert all("score" not in reason for reason in r.reasons)  # internal scores stay inside
    assert [i.id for i in r.next] == ["data-export-k3f9", "email-integration-9dkp", "contact-import-b6nx"]
    assert [i.id for i in r.client_needs] == ["data-export-k3f9", "pilot-users-h4dx"]
    assert [(s.id, s.days, s.approved) for s in r.slips] == [
        ("email-integration-9dkp", 14, False),
        ("data-export-k3f9", 7, True),
    ]
    assert [c.id for c in r.changes] == ["export-slip-w8d1"]
    assert [(k.title[:10], k.response, k.status) for k in r.risks][0] == ("Acme's onl", "mitigate", "triggered")
    assert [(p.on, p.score, p.source) for p in r.satisfaction] == [
        (dt.date(2026, 10, 29), 4, "feedback"),
        (dt.date(2026, 11, 20), 3, "review"),
        (dt.date(2026, 11, 20), 3, "feedback"),
    ]
    intranet = report.build(sample, "greenleaf-intranet", TODAY, since=dt.date(2026, 11, 1))
    assert [i.id for i in intranet.done] == ["content-migration-b8qz", "staff-launch-j2rx"]
    assert report.build(sample, "greenleaf-intranet", TODAY).since == TODAY - dt.timedelta(days=14)  # no review yet


def test_history_counts_moves_of_slipped_dates(sample) -> None:
    class History:
        def item(self, ref: str, field: str) -> list:
            assert field == "due"
            return ["a", "b"] if ref == "acme-crm/email-integration-9dkp" else ["a"]

    r = report.build(sample, "acme-crm", TODAY, history=History())
    assert [s.moves for s in r.slips] == [2, 1]
    assert "not agreed yet; moved 2 times" in report.to_markdown(r)


def test_md_text_escapes() -> None:
    assert report.md_text("[x](javascript:y)") == "\\[x\\](javascript:y)"
    assert report.md_text("a | b") == "a \\| b"
    assert report.md_text("<script>") == "\\<script\\>"
    assert report.md_text("- item") == "\\- item"
    assert report.md_text("1. one") == "1\\. one"
    assert report.md_text("line\nbreak\x1b[31m") == "line break \\[31m"
    assert report.md_text("会员 *数据*") == "会员 \\*数据\\*"


def test_cli_report(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    assert main(["report", "acme-crm", "-w", str(SAMPLE)]) == 0
    assert capsys.readouterr().out == (GOLDEN / "report-acme-crm.md").read_text("utf-8")
    out = tmp_path / "r.html"
    assert main(["report", "acme-crm", "--format", "html", "--out", str(out), "-w", str(SAMPLE)]) == 0
    assert out.read_text("utf-8") == (GOLDEN / "report-acme-crm.html").read_text("utf-8")
    assert main(["report", "acme-crm", "--since", "2026-09-01", "-w", str(SAMPLE)]) == 0
    assert "## Done since 2026-09-01" in capsys.readouterr().out
    assert main(["report", "nope", "-w", str(SAMPLE)]) == 1
    assert main(["report", "acme-crm", "--since", "someday", "-w", str(SAMPLE)]) == 1
    assert main(["report", "acme-crm", "-w", str(tmp_path)]) == 2
