"""Enter on a finding about an improvement opens the register at it; one about a client, that client's screen."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.app import app_on, settle, sync
from tests.helpers.workspace import copy_sample
from tui.screens.client import ClientScreen
from tui.screens.findings import FindingsScreen
from tui.screens.improvements import ImprovementsScreen
from tui.widgets.line_list import LineList


def workspace(tmp_path: Path) -> Path:
    """The sample with a stale improvement (IMP001) and Acme due a survey (SUR001)."""
    root = copy_sample(tmp_path)
    register = root / "improvements.toml"
    register.write_text(register.read_text("utf-8").replace("due = 2026-12-18", "due = 2026-11-20"), "utf-8")
    clients = root / "clients.toml"
    clients.write_text(clients.read_text("utf-8").replace("survey_every = 90", "survey_every = 10", 1), "utf-8")
    return root


async def enter_on(pilot, code: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, FindingsScreen)
    target = next(i for i, f in enumerate(screen.shown) if f.code == code)
    screen.query_one(LineList).cursor = target
    await pilot.press("enter")
    await settle(pilot, 1)


@sync
async def test_enter_on_improvement_and_client_findings(tmp_path: Path) -> None:
    app = app_on(workspace(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 2)
        await pilot.press("f")
        await settle(pilot, 1)
        await enter_on(pilot, "IMP001")
        assert isinstance(app.screen, ImprovementsScreen)
        selected = app.screen.selected()
        assert selected is not None and selected.id == "freeze-banner-k5vq"
        await pilot.press("escape")
        await settle(pilot, 1)
        await enter_on(pilot, "SUR001")
        assert isinstance(app.screen, ClientScreen) and app.screen.client_id == "acme"
