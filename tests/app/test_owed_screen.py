"""Who owes what: the groups and rows, logging a nudge (checked on the FILE), reminders to copy or save."""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

import pytest

from tests.helpers.app import app_on, settle, sync
from tests.helpers.workspace import copy_sample
from tui.flows.outputs import clean_text
from tui.screens.nudge import NudgeScreen, ReminderScreen
from tui.screens.owed import OwedList, OwedScreen
from tui.screens.project import ProjectScreen
from workspace_schema.views.nudges import OwedGroup, OwedItem

SIZE = (120, 40)
HUAMEI = "projects/huamei-miniapp.toml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    ws = copy_sample(tmp_path)
    subprocess.run(["git", "-C", str(ws), "init", "-q"], check=True)
    return ws


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]


async def open_owed(app, pilot) -> OwedScreen:
    await settle(pilot)
    await pilot.press("O")
    await settle(pilot, 2)
    screen = app.screen
    assert isinstance(screen, OwedScreen)
    return screen


@sync
async def test_rows_are_grouped_by_who_must_act_overdue_first(root: Path) -> None:
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_owed(app, pilot)
        owed = screen.query_one(OwedList)
        heads = [e.key for e in owed.entries if isinstance(e, OwedGroup)]
        assert heads[:2] == ["org:huamei", "person:hannah"]  # the groups with overdue items first, worst first
        assert {"person:raj", "person:tomas", "org:acme", "org:greenleaf"} <= set(heads)
        # the cursor starts on the first ITEM (group heads are skipped), the most overdue of the group
        first = owed.selected()
        assert owed.cursor == 1 and first is not None and first.ref == "huamei-miniapp/weixin-renzheng-4npz"
        row = owed.rows[1].plain
        assert (
            "华美提交微信小程序认证" in row
            and "11-23" in row
            and "4d" in row
            and "8d ago" in row
            and "reminder: 王伟" in row
        )
        assert owed.rows[1].plain.index("!") < 4  # a nudge is due
        detail = str(screen.query_one("#owed-detail").render())
        assert "Friendly reminder from the item owner" in detail and "a nudge is due" in detail
        # moving down past the group's last item skips the next group's head
        await pilot.press("down", "down", "down")
        assert isinstance(owed.entries[owed.cursor], OwedItem) and owed.selected().ref == "acme-crm/dedupe-rules-j5sp"
        await pilot.press("up")
        assert owed.selected().ref == "huamei-miniapp/huiyuan-quanyi-c9rt"
        # overdue only
        await pilot.press("f")
        await pilot.pause()
        items = [e.ref for e in owed.entries if isinstance(e, OwedItem)]
        assert items == [
            "huamei-miniapp/weixin-renzheng-4npz",
            "huamei-miniapp/门店数据迁移-7k2m",
            "acme-crm/dedupe-rules-j5sp",
        ]
        assert owed.selected().ref == "acme-crm/dedupe-rules-j5sp"  # the item it was on is filtered out: the next one
        # enter opens the item in its project
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen) and app.screen.project_id == "acme-crm"


@sync
async def test_l_logs_a_nudge_as_a_log_entry(root: Path) -> None:
    before = (root / HUAMEI).read_text("utf-8")
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_owed(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NudgeScreen)
        await pilot.press("enter")  # an empty summary is refused
        await pilot.pause()
        assert app.screen is form
        await pilot.press(*"WeChat: Wang Wei sends it Monday", "enter")
        await settle(pilot)
        assert app.screen is screen
        row = screen.query_one(OwedList).rows[1].plain
        assert "today" in row and "!" not in row[:4]  # nudged today: no nudge due any more
    diff = changed_lines(before, (root / HUAMEI).read_text("utf-8"))
    assert all(line.startswith("+") for line in diff)  # only added lines
    body = [line for line in diff if line != "+"]
    assert body[0].startswith("+[log.wechat-wang-wei-") and body[1:] == [
        "+on = 2026-11-27",
        '+with = ["wangwei"]',
        '+channel = "chat"',  # the client speaks Chinese: chat (WeChat) is the default
        '+kind = "nudge"',
        '+items = ["weixin-renzheng-4npz"]',
        '+summary = "WeChat: Wang Wei sends it Monday"',
    ]


@sync
async def test_m_drafts_a_reminder_in_the_clients_language_to_copy_or_save(root: Path) -> None:
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        await open_owed(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ReminderScreen)
        text = str(modal.query_one("#reminder-text").render())
        assert text.startswith("提醒：华美提交微信小程序认证与类目审核材料（截止 2026-11-23）")
        assert "王伟，您好！" in text and "已逾期 4 天" in text
        await pilot.press("c")
        assert app.clipboard == modal.text and "您好" in app.clipboard
        await pilot.press("w")
        await pilot.pause()
        path = root.resolve() / "out" / "reminders" / "2026-11-27-huamei-miniapp-weixin-renzheng-4npz.txt"
        assert path.read_text("utf-8") == modal.text
        assert str(path) in "\n".join(n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OwedScreen)


def test_what_is_copied_or_written_has_no_control_characters() -> None:
    assert clean_text("Hi\x1b]52;c;ZXZpbA==\x07 there\r\nline\u202e2\tok\x9b") == "Hi]52;c;ZXZpbA== there\nline2\tok"


def test_snapshot_who_owes_what(snap_compare, root: Path) -> None:
    async def run_before(pilot) -> None:
        await open_owed(pilot.app, pilot)

    assert snap_compare(app_on(root), terminal_size=SIZE, run_before=run_before)


def test_snapshot_who_owes_what_at_80x24(snap_compare, root: Path) -> None:
    async def run_before(pilot) -> None:
        await open_owed(pilot.app, pilot)

    assert snap_compare(app_on(root), terminal_size=(80, 24), run_before=run_before)


@sync
async def test_columns_follow_the_width_and_titles_take_what_is_left(root: Path) -> None:
    app = app_on(root)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_owed(app, pilot)
        owed = screen.query_one(OwedList)
        columns = screen.query_one("#owed-columns").render().plain

        def fits() -> None:
            assert owed.virtual_size.width <= owed.scrollable_content_region.width  # nothing to scroll sideways
            assert all(row.cell_len <= owed.scrollable_content_region.width for row in owed.rows[:10])

        assert columns.split() == ["Item", "Due", "Late", "Nudged", "Escalation", "now"]  # Project gives way
        assert "Draft de-duplication rules fo" in owed.rows[5].plain  # the title had 12 cells
        fits()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert "Project" in screen.query_one("#owed-columns").render().plain
        assert "greenleaf-intranet" in "".join(row.plain for row in owed.rows[:8])  # a whole project id
        assert "Draft de-duplication rules for Acme sales ops" in owed.rows[5].plain
        fits()
