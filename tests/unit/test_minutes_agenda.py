"""The agenda and the minutes sent to the client (workspace_schema/review/documents.py, review/markdown.py).

Golden files are the sample's English (acme-crm) and Chinese (huamei-miniapp)
project on 2026-12-07; after a deliberate change, refresh them with
``DUCU_UPDATE_GOLDEN=1 python -m pytest tests/unit/test_minutes_agenda.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.helpers.golden import GOLDEN, golden
from tests.helpers.language import html_text, leftover_english
from tests.helpers.workspace import SAMPLE, copy_sample
from tui.cli import main
from workspace_schema.core import records as R
from workspace_schema.load.loader import load_workspace
from workspace_schema.review import documents
from workspace_schema.review.markdown import to_markdown

TODAY = dt.date(2026, 12, 7)
CASES = [("acme-crm", "2026-11-20-acme-crm"), ("huamei-miniapp", "2026-11-24-huamei-miniapp")]


@pytest.fixture(scope="module")
def sample() -> R.Workspace:
    ws, findings = load_workspace(SAMPLE, cache=False)
    assert findings == []
    return ws


@pytest.mark.parametrize(("project", "review"), CASES)
def test_golden_agenda_and_minutes(sample: R.Workspace, project: str, review: str) -> None:
    doc = documents.agenda_of(sample, project, TODAY)
    golden(f"agenda-{project}.md", documents.agenda_markdown(doc))
    golden(f"agenda-{project}.html", documents.agenda_html(doc))
    golden(f"minutes-{project}.md", to_markdown(sample.reviews[review], sample))
    golden(f"minutes-{project}.html", documents.minutes_html(sample.reviews[review], sample))


def test_the_agenda_date_is_the_next_review_else_the_cadence_else_today(sample: R.Workspace) -> None:
    # the last review (11-20) set 11-27: before it that is the date, after it the meeting is due now
    assert documents.meeting_date(sample, "acme-crm", dt.date(2026, 11, 24)) == dt.date(2026, 11, 27)
    assert documents.meeting_date(sample, "acme-crm", TODAY) == TODAY
    assert documents.agenda_of(sample, "huamei-miniapp", dt.date(2026, 11, 25)).date == dt.date(2026, 12, 1)
    review = sample.reviews["2026-11-20-acme-crm"]
    no_next = R.Review(**{**{f: getattr(review, f) for f in review.__struct_fields__}, "next_review": None})
    ws = R.Workspace(**{**{f: getattr(sample, f) for f in sample.__struct_fields__}, "reviews": {"r": no_next}})
    assert documents.meeting_date(ws, "acme-crm", dt.date(2026, 11, 24)) == dt.date(2026, 11, 27)  # + review_every
    assert documents.meeting_date(ws, "greenleaf-portal", TODAY) == TODAY  # never reviewed


# --- every word of a Chinese document is Chinese -------------------------------------------------


def test_the_chinese_agenda_and_minutes_have_no_english_left(sample: R.Workspace) -> None:
    pid, rid = "huamei-miniapp", "2026-11-24-huamei-miniapp"
    doc = documents.agenda_of(sample, pid, TODAY)
    assert doc.lang == "zh" and doc.items, "the sample's zh project has an agenda"
    texts = {
        "agenda.md": documents.agenda_markdown(doc),
        "agenda.html": html_text(documents.agenda_html(doc)),
        "minutes.md": to_markdown(sample.reviews[rid], sample),
        "minutes.html": html_text(documents.minutes_html(sample.reviews[rid], sample)),
    }
    for name, text in texts.items():
        assert leftover_english(text, sample, pid) == [], f"untranslated words in the zh {name}"
    # and the test can fail: an English agenda of the same project is full of them
    english = documents.agenda_markdown(documents.AgendaDoc(**{**_fields(doc), "lang": "en"}))
    assert len(leftover_english(english, sample, pid)) > 10


def test_every_kind_of_reason_reads_in_chinese(sample: R.Workspace) -> None:
    """Reasons the sample's zh project does not produce today: drills, triggered and high risks, carried actions."""
    from workspace_schema.review.agenda import build
    from workspace_schema.review.agenda_item import why_in

    for day in (dt.date(2026, 11, 20), TODAY, dt.date(2027, 1, 20), dt.date(2027, 3, 1)):
        for project in sample.projects:
            for item in build(sample, day, project):
                zh = why_in(item, "zh")
                assert item.why == why_in(item, "en")
                assert leftover_english(zh, sample, project) == [], f"{item.ref}: {zh}"


def _fields(doc: documents.AgendaDoc) -> dict[str, object]:
    return {f: getattr(doc, f) for f in doc.__struct_fields__}


# --- nothing internal leaves -------------------------------------------------------------------------


def test_internal_items_and_unshared_risks_stay_out(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    acme = root / "projects" / "acme-crm.toml"
    text = acme.read_text("utf-8")
    # one risk shared, the other left internal; one task marked internal (whatever the sample marks now)
    text = re.sub(r"^(shared|internal) = .*\n", "", text, flags=re.M)
    text = text.replace("[risks.holiday-freeze-p7q2]\n", "[risks.holiday-freeze-p7q2]\nshared = true\n", 1)
    text = text.replace("[tasks.readonly-account-w3nr]\n", "[tasks.readonly-account-w3nr]\ninternal = true\n", 1)
    acme.write_text(text, "utf-8")
    ws, _ = load_workspace(root, cache=False)
    p = ws.projects["acme-crm"]
    day = dt.date(2026, 11, 27)
    refs = {it.ref for it in documents.agenda_of(ws, "acme-crm", day).items}
    assert "acme-crm/holiday-freeze-p7q2" in refs
    assert "acme-crm/export-owner-away-r5tb" not in refs  # a risk not shared
    assert "acme-crm/readonly-account-w3nr" not in refs  # internal = true
    agenda = documents.agenda_markdown(documents.agenda_of(ws, "acme-crm", day))
    assert p.risks["export-owner-away-r5tb"].title not in agenda
    minutes = to_markdown(ws.reviews["2026-11-20-acme-crm"], ws)
    assert p.tasks["readonly-account-w3nr"].title not in minutes
    assert p.tasks["readonly-account-w3nr"].title not in documents.minutes_html(ws.reviews["2026-11-20-acme-crm"], ws)


# --- hostile text ---------------------------------------------------------------------------------------

HOSTILE = "<script>alert(1)</script> | [x](javascript:alert(1)) &amp;"


def test_hostile_text_is_escaped_in_both_formats(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    hm = root / "projects" / "huamei-miniapp.toml"
    text = hm.read_text("utf-8")
    text = re.sub(r'(\[tasks\.daoru-jiaoben-x8nh\]\ntitle = )"[^"]*"', lambda m: m.group(1) + f'"{HOSTILE}"', text)
    text = re.sub(r'(\[project\]\ntitle = )"[^"]*"', lambda m: m.group(1) + f'"{HOSTILE}"', text)
    hm.write_text(text, "utf-8")
    review = root / "reviews" / "2026-11-24-huamei-miniapp.toml"
    review.write_text(
        review.read_text("utf-8").replace("decisions = [\n", f'decisions = [\n    "{HOSTILE}",\n'), "utf-8"
    )
    ws, _ = load_workspace(root, cache=False)
    assert ws.projects["huamei-miniapp"].tasks["daoru-jiaoben-x8nh"].title == HOSTILE
    doc = documents.agenda_of(ws, "huamei-miniapp", TODAY)
    rid = "2026-11-24-huamei-miniapp"
    for md in (documents.agenda_markdown(doc), to_markdown(ws.reviews[rid], ws)):
        assert not re.search(r"(?<!\\)<script|(?<!\\)\]\(javascript", md), "nothing unescaped"
        assert "\\<script\\>" in md and "\\[x\\](javascript:alert(1))" in md and " \\| " in md
        assert all(line.count("|") - line.count("\\|") in (0, 5, 4) for line in md.splitlines()), "no cell split"
    for html in (documents.agenda_html(doc), documents.minutes_html(ws.reviews[rid], ws)):
        assert "<script>" not in html and "javascript:alert" not in html.replace("[x](javascript:alert(1))", "")
        assert "&lt;script&gt;" in html and "&amp;amp;" in html and "<a " not in html


# --- the command line -------------------------------------------------------------------------------------


def test_cli_minutes_and_agenda(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DUCU_TODAY", TODAY.isoformat())
    assert main(["minutes", "2026-11-24-huamei-miniapp", "-w", str(SAMPLE)]) == 0
    assert capsys.readouterr().out == (GOLDEN / "minutes-huamei-miniapp.md").read_text("utf-8")
    out = tmp_path / "m.html"
    assert main(["minutes", "2026-11-20-acme-crm", "--format", "html", "--out", str(out), "-w", str(SAMPLE)]) == 0
    assert out.read_text("utf-8") == (GOLDEN / "minutes-acme-crm.html").read_text("utf-8")
    assert f"wrote {out}" in capsys.readouterr().err
    assert main(["agenda", "huamei-miniapp", "-w", str(SAMPLE)]) == 0
    assert capsys.readouterr().out == (GOLDEN / "agenda-huamei-miniapp.md").read_text("utf-8")
    out = tmp_path / "a.html"
    assert main(["agenda", "acme-crm", "--format", "html", "--out", str(out), "-w", str(SAMPLE)]) == 0
    assert out.read_text("utf-8") == (GOLDEN / "agenda-acme-crm.html").read_text("utf-8")
    capsys.readouterr()
    # unknown ids: a message with what there is, the same exit code as `ducu report nope`
    assert main(["minutes", "2026-11-21-acme-crm", "-w", str(SAMPLE)]) == 1
    assert "did you mean: 2026-11-20-acme-crm" in capsys.readouterr().err
    assert main(["agenda", "acme", "-w", str(SAMPLE)]) == 1
    assert "acme-crm" in capsys.readouterr().err
    assert main(["agenda", "acme-crm", "-w", str(tmp_path)]) == 2  # not a workspace
    with pytest.raises(SystemExit) as stop:
        main(["agenda", "acme-crm", "--format", "pdf", "-w", str(SAMPLE)])
    assert stop.value.code == 2
