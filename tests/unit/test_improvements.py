"""Lessons learned and the improvement register: the rules (IMP001-003, LES001) and the view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from workspace_schema.load.loader import load_workspace
from workspace_schema.rules import check
from workspace_schema.views import improvements as view

TODAY = dt.date(2026, 11, 27)

WORKSPACE = '[workspace]\nname = "T"\ntimezone = "Europe/Berlin"\nteam = "us"\nstale_after = 30\n'
PEOPLE = '[people.alice]\nname = "Alice"\norg = "us"\n\n[people.bob]\nname = "Bob"\norg = "acme"\n'
CLIENTS = '[clients.acme]\nname = "Acme"\n'
PROJECT = """[project]
title = "CRM"
client = "acme"
owner = "alice"
status = "{status}"
start = 2026-10-01
due = 2026-11-20

[tasks.banner-task]
title = "Put up the banner"
owner = "alice"
status = "todo"
due = 2026-12-20
{lessons}
[log.c1]
on = 2026-11-25
by = "alice"
kind = "check-in"
"""
LESSON = """
[lessons.late-freeze]
title = "The freeze was announced late"
cause = "Email only"
action = "{action}"
status = "open"
raised_on = 2026-11-06
"""


def write_ws(tmp_path: Path, *, status: str = "active", action: str | None = None, improvements: str = "") -> Path:
    lessons = LESSON.format(action=action) if action is not None else ""
    if action == "":
        lessons = lessons.replace('action = ""\n', "")
    files = {
        "workspace.toml": WORKSPACE,
        "people.toml": PEOPLE,
        "clients.toml": CLIENTS,
        "projects/crm.toml": PROJECT.format(status=status, lessons=lessons),
    }
    if improvements:
        files["improvements.toml"] = "#:schema ./.ducu/schema/improvements.json\n" + improvements
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


def load(tmp_path: Path, **kw):
    ws, findings = load_workspace(write_ws(tmp_path, **kw))
    assert findings == [], [f.text() for f in findings]
    return ws


def codes(ws, code: str) -> list:
    return [f for f in check(ws, TODAY) if f.code == code]


def improvement(iid: str, **fields: object) -> str:
    base: dict[str, object] = {"title": "Announce freezes early", "owner": "alice", "status": "doing"}
    base.update(fields)
    body = "".join(f'{k} = "{v}"\n' if isinstance(v, str) else f"{k} = {v}\n" for k, v in base.items())
    return f"\n[improvements.{iid}]\n{body}"


# --- IMP001 stale ---------------------------------------------------------------


def test_imp001_past_due_is_stale_and_points_at_due(tmp_path: Path) -> None:
    ws = load(tmp_path, improvements=improvement("a", raised_on=dt.date(2026, 11, 1), due=dt.date(2026, 11, 20)))
    [f] = codes(ws, "IMP001")
    assert (f.level, f.file, f.item) == ("warning", "improvements.toml", "improvements/a")
    assert f.line == 8  # the due line
    assert "past its due 2026-11-20 (7 days)" in f.message and "ducu improvements done a" in f.message


def test_imp001_no_due_and_older_than_stale_after(tmp_path: Path) -> None:
    text = improvement("old", raised_on=dt.date(2026, 10, 1)) + improvement("young", raised_on=dt.date(2026, 11, 1))
    ws = load(tmp_path, improvements=text)
    [f] = codes(ws, "IMP001")
    assert f.item == "improvements/old" and "57 days, more than stale_after = 30" in f.message


def test_imp001_quiet_when_done_dropped_or_due_ahead(tmp_path: Path) -> None:
    text = (
        improvement("d", status="done", raised_on=dt.date(2026, 1, 1), due=dt.date(2026, 2, 1))
        + improvement("x", status="dropped", raised_on=dt.date(2026, 1, 1))
        + improvement("ahead", raised_on=dt.date(2026, 1, 1), due=dt.date(2026, 12, 1))
        + improvement("today", due=dt.date(2026, 11, 27))
        + improvement("unknown")  # neither raised_on nor due: nothing to tell
    )
    assert codes(load(tmp_path, improvements=text), "IMP001") == []


# --- IMP002 a lesson's action ------------------------------------------------------


def test_imp002_action_not_a_task_with_did_you_mean(tmp_path: Path) -> None:
    ws = load(tmp_path, action="banner-tsak")
    [f] = codes(ws, "IMP002")
    assert (f.level, f.file, f.item) == ("error", "projects/crm.toml", "crm/late-freeze")
    assert "did you mean `banner-task`" in f.message
    text = (tmp_path / "projects/crm.toml").read_text().split("\n")
    assert text[f.line - 1].startswith("action = ")


def test_imp002_quiet_for_a_task_or_no_action(tmp_path: Path) -> None:
    assert codes(load(tmp_path / "a", action="banner-task"), "IMP002") == []
    assert codes(load(tmp_path / "b", action=""), "IMP002") == []


# --- IMP003 source -----------------------------------------------------------------


def test_imp003_source_must_name_a_lesson(tmp_path: Path) -> None:
    text = (
        improvement("ok", source="crm/late-freeze")
        + improvement("nolesson", source="crm/late-freze")
        + improvement("noproject", source="crn/late-freeze")
        + improvement("shape", source="late-freeze")
        + improvement("none")
    )
    ws = load(tmp_path, action="banner-task", improvements=text)
    found = {f.item: f for f in codes(ws, "IMP003")}
    assert set(found) == {"improvements/nolesson", "improvements/noproject", "improvements/shape"}
    assert "did you mean `late-freeze`" in found["improvements/nolesson"].message
    assert "did you mean `crm`" in found["improvements/noproject"].message
    assert "is not <project>/<lesson-id>" in found["improvements/shape"].message
    assert all(f.level == "warning" for f in found.values())


# --- LES001 done without a lesson ------------------------------------------------------


def test_les001_done_project_without_lesson_suggests_a_retro(tmp_path: Path) -> None:
    [f] = codes(load(tmp_path / "a", status="done"), "LES001")
    assert (f.level, f.item) == ("info", "crm") and "--retro" in f.message
    assert codes(load(tmp_path / "b", status="done", action=""), "LES001") == []
    assert codes(load(tmp_path / "c", status="active"), "LES001") == []


# --- the view ----------------------------------------------------------------------------


def test_view_open_stale_and_lessons(tmp_path: Path) -> None:
    text = (
        improvement("late", source="crm/late-freeze", raised_on=dt.date(2026, 11, 1), due=dt.date(2026, 11, 20))
        + improvement("fine", status="proposed", raised_on=dt.date(2026, 11, 20))
        + improvement("closed", status="done", done_on=dt.date(2026, 11, 21))
    )
    ws = load(tmp_path, action="banner-task", improvements=text)
    rows = view.register(ws, TODAY)
    assert [r.id for r in rows] == ["late", "fine"]
    assert [r.id for r in view.register(ws, TODAY, everything=True)] == ["late", "fine", "closed"]
    late = rows[0]
    assert late.stale and "past its due" in (late.stale or "") and late.owner_name == "Alice"
    assert [r.id for r in view.stale(ws, TODAY)] == ["late"]
    [lesson] = view.lessons(ws)
    assert (lesson.project, lesson.id, lesson.action, lesson.has_task, lesson.improvements) == (
        "crm",
        "late-freeze",
        "banner-task",
        True,
        ("late",),
    )


def test_view_on_the_sample() -> None:
    from tests.helpers.workspace import SAMPLE

    ws, _ = load_workspace(SAMPLE)
    rows = view.register(ws, TODAY)
    assert [r.id for r in rows] == ["freeze-banner-k5vq"] and rows[0].stale is None
    by_id = {lesson.id: lesson for lesson in view.lessons(ws)}
    assert by_id["freeze-announced-late-t2pz"].improvements == ("freeze-banner-k5vq",)


# --- on every review agenda, not on the client's ---------------------------------------------


def test_open_improvements_are_on_every_agenda_until_done(tmp_path: Path) -> None:
    from workspace_schema.review import agenda, agenda_item

    text = (
        improvement("late", raised_on=dt.date(2026, 11, 1), due=dt.date(2026, 11, 20))
        + improvement("old", status="proposed", raised_on=dt.date(2026, 10, 1))
        + improvement("fine", raised_on=dt.date(2026, 11, 20), due=dt.date(2026, 12, 18))
        + improvement("closed", status="done", done_on=dt.date(2026, 11, 21))
    )
    ws = load(tmp_path, action="banner-task", improvements=text)
    items = [i for i in agenda.build(ws, TODAY, "crm", check(ws, TODAY)) if i.kind == "improvement"]
    assert [(i.ref, i.why) for i in items] == [
        ("improvements/late", "improvement under way, 7 days late"),
        ("improvements/fine", "on the improvement register since 2026-11-20 (under way), due 2026-12-18"),
        ("improvements/old", "improvement proposed for 57 days with no due"),
    ]
    assert items[0].table == "improvements" and items[0].actions == ("noted", "action", "skipped")
    assert any(f.startswith("IMP001 ") for f in items[0].findings)
    assert [i.kind for i in agenda.build(ws, TODAY, None)].count("improvement") == 3  # once for the workspace
    assert agenda_item.SECTIONS[-1] == "improvement"


def test_the_client_agenda_and_minutes_leave_improvements_out(tmp_path: Path, git_identity: dict[str, str]) -> None:
    from workspace_schema import review as minutes
    from workspace_schema.review.documents import agenda_markdown, agenda_of, minutes_of

    ws = load(tmp_path, improvements=improvement("banner", title="Secret process fix", raised_on=dt.date(2026, 11, 1)))
    assert "Secret process fix" not in agenda_markdown(agenda_of(ws, "crm", TODAY))
    draft = minutes.new_draft(ws, "crm", TODAY)
    index = [i.ref for i in draft.items].index("improvements/banner")
    minutes.record(draft, index, "noted", note="going well")
    result = minutes.finish(ws, draft, TODAY)
    ws, _ = load_workspace(tmp_path)
    review = ws.reviews[result.review_id]
    assert review.outcomes["banner"].item == "improvements/banner"
    assert "banner" not in str(minutes_of(review, ws).outcomes)
