"""Who owes what: grouping, overdue first, nudges, the escalation ladder, and reminders in zh and en."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.helpers.workspace import SAMPLE, copy_sample, write_ws
from tui.cli import main
from workspace_schema.core.records import EscalationStep
from workspace_schema.load.loader import load_workspace
from workspace_schema.views import nudges

TODAY = dt.date(2026, 11, 27)

LADDER = [
    EscalationStep(id="reminder", after_days=1, action="Friendly reminder", who="owner"),
    EscalationStep(id="lead-call", after_days=5, action="Lead calls", who="lead"),
    EscalationStep(id="sponsor", after_days=10, action="Raise with the sponsor", who="sponsor"),
]


@pytest.mark.parametrize(
    ("days", "step", "next_"),
    [
        (-3, None, "reminder"),
        (0, None, "reminder"),
        (1, "reminder", "lead-call"),
        (4, "reminder", "lead-call"),
        (5, "lead-call", "sponsor"),
        (9, "lead-call", "sponsor"),
        (10, "sponsor", None),
        (45, "sponsor", None),
    ],
)
def test_escalation_schedule(days: int, step: str | None, next_: str | None) -> None:
    got = nudges.escalation_step(LADDER, days)
    assert (got.id if got else None) == step
    up = nudges.next_step(LADDER, days)
    assert (up.id if up else None) == next_


def test_ladder_from_workspace_toml_is_sorted_by_after_days(tmp_path: Path) -> None:
    write_ws(
        tmp_path,
        {
            "workspace.toml": """\
        [workspace]
        name = "T"
        team = "us"

        [escalation.late]
        after_days = 10
        action = "sponsor"
        who = "sponsor"

        [escalation.early]
        after_days = 2
        action = "remind"
        who = "owner"
        """
        },
    )
    ws, _ = load_workspace(tmp_path, cache=False)
    assert [s.id for s in ws.settings.ladder()] == ["early", "late"]
    assert nudges.escalation_step(ws.settings.ladder(), 3).id == "early"


@pytest.fixture(scope="module")
def sample():
    ws, _ = load_workspace(SAMPLE, cache=False)
    return ws


def test_groups_overdue_first_people_and_client_orgs(sample) -> None:
    groups = nudges.build(sample, TODAY)
    assert [(g.key, g.name, g.side, g.overdue, g.worst) for g in groups[:2]] == [
        ("org:huamei", "华美百货", "client", 2, 4),
        ("person:hannah", "Hannah Okafor", "team", 1, 3),
    ]
    keys = [g.key for g in groups]
    assert "org:acme" in keys and "person:bkim" not in keys  # client people are grouped by their organisation
    huamei = groups[0]
    assert [it.item for it in huamei.items] == ["weixin-renzheng-4npz", "门店数据迁移-7k2m", "huiyuan-quanyi-c9rt"]
    late = huamei.items[0]
    assert (late.days_overdue, late.last_nudge, late.days_since_nudge, late.nudge_due) == (
        4,
        dt.date(2026, 11, 19),
        8,
        True,
    )
    assert (late.step.step, late.step.person, late.step.person_name) == ("reminder", "wangwei", "王伟")
    assert (late.next_step.step, late.next_step.in_days, late.next_step.person) == ("lead-call", 1, "mei")
    export = huamei.items[1]
    assert (export.days_overdue, export.last_nudge, export.nudge_due) == (
        3,
        dt.date(2026, 11, 26),
        False,
    )  # nudged yesterday
    ours = groups[1].items[0]
    assert (ours.item, ours.days_overdue, ours.client_side, ours.step) == ("dedupe-rules-j5sp", 3, False, None)
    # every open item is somewhere, once; done and dropped ones nowhere
    refs = [it.ref for g in groups for it in g.items]
    assert len(refs) == len(set(refs))
    open_items = sum(
        1
        for p in sample.projects.values()
        for t in (p.milestones, p.tasks)
        for i in t.values()
        if i.status in ("todo", "doing", "waiting", "blocked")
    )
    assert len(refs) == open_items


def test_sponsor_and_lead_resolve_per_project(tmp_path: Path) -> None:
    write_ws(
        tmp_path,
        {
            "workspace.toml": """\
            [workspace]
            name = "T"
            team = "us"
            nudge_every = 3

            [escalation.remind]
            after_days = 1
            action = "Remind"
            who = "owner"

            [escalation.lead]
            after_days = 5
            action = "Lead calls"
            who = "lead"

            [escalation.top]
            after_days = 10
            action = "Sponsor"
            who = "sponsor"
            """,
            "projects/p.toml": """\
            [project]
            title = "P"
            client = "acme"
            owner = "alice"

            [milestones.very-late]
            title = "Very late"
            side = "client"
            owner = "bob"
            due = 2026-11-10

            [milestones.no-owner]
            title = "Nobody's"
            side = "client"
            due = 2026-11-21

            [tasks.ours]
            title = "Ours"
            owner = "alice"
            due = 2026-11-01
            """,
        },
    )
    ws, findings = load_workspace(tmp_path, cache=False)
    assert findings == []
    groups = {g.key: g for g in nudges.build(ws, TODAY)}
    acme = groups["org:acme"]
    assert acme.name == "Acme" and [it.item for it in acme.items] == ["very-late", "no-owner"]
    top = acme.items[0].step
    assert (top.step, top.who, top.person, top.person_name, top.after_days) == ("top", "sponsor", "bob", "Bob", 10)
    lead = acme.items[1].step
    assert (lead.step, lead.person) == ("lead", "alice")
    assert groups["person:alice"].items[0].step is None  # our own lateness is not escalated to the client
    assert groups["person:alice"].worst == 26


def test_draft_in_chinese(sample) -> None:
    text = nudges.draft_reminder(sample, "huamei-miniapp/weixin-renzheng-4npz", TODAY)
    assert text == (
        "提醒：华美提交微信小程序认证与类目审核材料（截止 2026-11-23）\n"
        "\n"
        "王伟，您好！\n"
        "\n"
        "关于「会员小程序上线」项目中的「华美提交微信小程序认证与类目审核材料」，想跟您确认一下进展。"
        "原定截止日期为 2026-11-23，目前已逾期 4 天。\n"
        "\n"
        "需要的内容：营业执照、对公账户、零售类目资质已在微信公众平台提交，认证费已付\n"
        "\n"
        "请问预计什么时候可以提供？如果遇到任何困难，请随时告诉我们，我们很乐意协助。\n"
        "\n"
        "谢谢！\n"
        "陈美 (Chen Mei)\n"
        "Northwind Digital\n"
    )


def test_draft_in_english(sample) -> None:
    text = nudges.draft_reminder(sample, "acme-crm/data-export-k3f9", TODAY)
    assert text == (
        "Reminder: Acme delivers the legacy data export (due 2026-12-11)\n"
        "\n"
        "Dear Ben Kim,\n"
        "\n"
        "I hope you are well. This is a friendly reminder about “Acme delivers the legacy data export” in our project "
        "“CRM rollout for Acme Logistics”. It is due on 2026-12-11, in 14 days.\n"
        "\n"
        "What we need: CSV of all 12,000 contacts and 3 years of deal history, validated by our import script\n"
        "\n"
        "Could you let me know if it is still on track, or whether anything is in the way? We are glad to help.\n"
        "\n"
        "Thank you, and best regards,\n"
        "Hannah Okafor\n"
        "Northwind Digital\n"
    )
    late = nudges.draft_reminder(sample, "acme-crm/dedupe-rules-j5sp", TODAY)
    assert "Hi Hannah Okafor," in late and "It was due on 2026-11-24, 3 days ago." in late
    assert "What we need" not in late  # a task has no done_criteria


def test_draft_refuses_what_is_not_open(sample) -> None:
    with pytest.raises(ValueError, match="done"):
        nudges.draft_reminder(sample, "acme-crm/crm-config-h8rw", TODAY)
    with pytest.raises(KeyError):
        nudges.draft_reminder(sample, "acme-crm/nope", TODAY)


def test_cli_nudges(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    assert main(["nudges", "-w", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("华美百货 (client, 2 overdue)\n")
    assert "huamei-miniapp/weixin-renzheng-4npz" in out and "last nudged 2026-11-19 (8d ago)" in out
    assert "-> reminder: Friendly reminder from the item owner" in out
    assert main(["nudges", "--format", "json", "-w", str(SAMPLE)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["key"] == "org:huamei" and data[0]["items"][0]["step"]["step"] == "reminder"
    assert main(["nudges", "--draft", "huamei-miniapp/门店数据", "-w", str(SAMPLE)]) == 0  # a unique prefix will do
    assert capsys.readouterr().out.startswith("提醒：华美交付 38 家门店的会员数据导出（截止 2026-11-24）\n")
    assert main(["nudges", "--draft", "acme-crm/nope", "-w", str(SAMPLE)]) == 1
    assert main(["nudges", "--draft", "acme-crm/crm-config-h8rw", "-w", str(SAMPLE)]) == 1
    assert "nothing to remind" in capsys.readouterr().err


def test_cli_nudges_json_writes_controls_as_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    root = copy_sample(tmp_path)
    path = root / "projects" / "huamei-miniapp.toml"
    text = path.read_text("utf-8")
    path.write_text(text.replace('title = "华美提交微信', 'title = "\\u202eevil\\u009b31m 华美提交微信', 1), "utf-8")
    assert main(["nudges", "--format", "json", "-w", str(root)]) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out and "\x9b" not in out  # a bidi override or a one-byte CSI would act on the terminal
    assert "\\u202eevil\\u009b31m" in out
    assert "\u202eevil\x9b31m 华美提交微信" in json.dumps(json.loads(out), ensure_ascii=False)  # the data is unchanged
