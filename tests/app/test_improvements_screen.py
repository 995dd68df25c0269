"""The improvement register's screen: L from the dashboard, stale ones first, D marks one done in one commit."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import rtoml

from tests.helpers.app import app_on, settle, sync
from tests.helpers.gitteam import sample_clone
from tui.app import make_app
from tui.commands import entries
from tui.screens.improvements import ImprovementList, ImprovementsScreen
from workspace_schema.core.clock import frozen

SIZE = (120, 40)
MORE = """
[improvements.kickoff-checklist-3fqa]
title = "A kick-off checklist that names the client's data owner"
source = "greenleaf-intranet/freeze-announced-late-t2pz"
owner = "raj"
status = "proposed"
raised_on = 2026-08-03

[improvements.old-template-9xkd]
title = "Retire the old status-report template"
owner = "hannah"
status = "done"
raised_on = 2026-06-01
done_on = 2026-07-15
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def root(tmp_path: Path, git_identity: dict[str, str]) -> Path:
    ws = sample_clone(tmp_path)
    with (ws / "improvements.toml").open("a", encoding="utf-8") as f:
        f.write(MORE)
    git(ws, "commit", "-q", "-am", "two more improvements")
    return ws


async def open_register(app, pilot) -> ImprovementsScreen:
    await settle(pilot)
    await pilot.press("L")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ImprovementsScreen)
    return screen


@sync
async def test_l_lists_stale_first_and_d_marks_done_in_one_commit(root: Path) -> None:
    head = git(root, "rev-parse", "HEAD").strip()
    app = make_app(root, frozen("2026-11-27"), watch=False, use_git=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "dashboard: improvements" in {e.title for e in entries(app.screen)}  # in the command palette
        screen = await open_register(app, pilot)
        assert [r.id for r in screen.rows] == ["kickoff-checklist-3fqa", "freeze-banner-k5vq"]
        rows = [r.plain for r in screen.query_one(ImprovementList).rows]
        assert rows[0].startswith(" ● proposed") and "no due" in rows[0]
        head_text = screen.query_one("#improvements-head").render().plain
        assert head_text == "Improvement register · 2 open · 1 stale"
        detail = screen.query_one("#improvements-detail").render().plain
        assert "Stale: has been proposed since 2026-08-03 (116 days" in detail
        assert "From lesson greenleaf-intranet/freeze-announced-late-t2pz: Two clinics kept editing" in detail
        await pilot.press("down", "D")
        await settle(pilot, 5)
        assert [r.id for r in screen.rows] == ["kickoff-checklist-3fqa"]
        await pilot.press("a")
        await settle(pilot)
        assert [r.id for r in screen.rows] == ["kickoff-checklist-3fqa", "freeze-banner-k5vq", "old-template-9xkd"]
    imp = rtoml.load(root / "improvements.toml")["improvements"]["freeze-banner-k5vq"]
    assert (imp["status"], str(imp["done_on"])) == ("done", "2026-11-27")
    assert git(root, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    assert git(root, "show", "--name-only", "--format=%s", "HEAD").split("\n")[:3] == [
        "improvements: freeze-banner-k5vq status doing -> done, done_on (none) -> 2026-11-27",
        "",
        "improvements.toml",
    ]
    assert git(root, "status", "--porcelain") == ""


def test_snapshot_improvements(snap_compare, root: Path) -> None:
    async def run_before(pilot) -> None:
        await open_register(pilot.app, pilot)

    assert snap_compare(app_on(root), terminal_size=SIZE, run_before=run_before)


def test_snapshot_improvements_at_80x24(snap_compare, root: Path) -> None:
    async def run_before(pilot) -> None:
        await open_register(pilot.app, pilot)

    assert snap_compare(app_on(root), terminal_size=(80, 24), run_before=run_before)
