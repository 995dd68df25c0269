"""The rules' findings kept between starts (workspace_schema/rules/cache.py): a start shows the
last check's findings at once, only while the files, the day and the rules are the same."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tests.helpers.app import TODAY, app_on, settle, sync
from tests.helpers.workspace import copy_sample
from tui.screens.dashboard import DashboardScreen
from tui.state import State
from workspace_schema.core.findings import Finding, sort_key
from workspace_schema.load.loader import load_workspace
from workspace_schema.rules import cache as rules_cache
from workspace_schema.rules import check
from workspace_schema.rules.apart import check_apart
from workspace_schema.rules.cache import disk_fingerprint

DAY = dt.date.fromisoformat(TODAY)


def test_findings_come_back_only_for_the_same_files_and_day(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    ws, _ = load_workspace(root)
    findings = check(ws, DAY)
    assert findings
    fingerprint = disk_fingerprint(root)
    assert rules_cache.read(root, fingerprint, DAY) is None  # nothing kept yet
    rules_cache.write(root, fingerprint, DAY, findings)
    assert rules_cache.read(root, disk_fingerprint(root), DAY) == findings
    assert rules_cache.read(root, fingerprint, DAY + dt.timedelta(days=1)) is None  # another day: dates move findings
    project = root / "projects" / "acme-crm.toml"
    project.write_text(project.read_text("utf-8") + "\n", "utf-8")
    assert rules_cache.read(root, disk_fingerprint(root), DAY) is None  # a file changed
    os.utime(project, ns=(0, 0))
    assert rules_cache.read(root, disk_fingerprint(root), DAY) is None


def test_a_damaged_cache_is_no_cache(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    fingerprint = disk_fingerprint(root)
    rules_cache.write(root, fingerprint, DAY, [Finding(level="error", code="X001", message="m")])
    rules_cache.path(root).write_bytes(b"\x00garbage")
    assert rules_cache.read(root, fingerprint, DAY) is None


@sync
async def test_the_apps_first_state_has_the_last_checks_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_sample(tmp_path)
    shown: list[State] = []
    show = DashboardScreen.show_state

    def spy(screen: DashboardScreen, state: State) -> None:
        shown.append(state)
        show(screen, state)

    monkeypatch.setattr(DashboardScreen, "show_state", spy)
    firsts, states = [], []
    for _ in range(2):
        shown.clear()
        app = app_on(root)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            final = app.state
        firsts.append(shown[0])
        states.append({id(state) for state in shown})  # the same state may be shown twice: on load and on mount
    assert final is not None
    assert firsts[0].findings != final.findings  # no cache yet: the loader's findings only
    assert len(states[0]) == 2  # then the rules' own
    assert firsts[1].findings == final.findings  # the rules' findings were there from the first frame
    assert states[1] == {id(final)}  # and the rules agreed: no new state was built and drawn


def test_the_rules_checked_apart_give_the_same_findings(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    ws, _ = load_workspace(root)
    fingerprint = disk_fingerprint(root)
    assert check_apart(root, fingerprint, DAY) == check(ws, DAY)  # a child process checked and kept them
    assert rules_cache.read(root, fingerprint, DAY) == check(ws, DAY)
    project = root / "projects" / "acme-crm.toml"
    project.write_text(project.read_text("utf-8") + "\n", "utf-8")
    assert check_apart(root, fingerprint, DAY) is None  # the files changed since they were loaded: the caller checks


@sync
async def test_a_big_workspace_is_checked_in_a_child_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_sample(tmp_path)
    ws, loaded = load_workspace(root)
    apart: list[Path] = []

    def spy(root: Path, fingerprint: rules_cache.Fingerprint, today: dt.date) -> list[Finding] | None:
        apart.append(root)
        return check_apart(root, fingerprint, today)

    monkeypatch.setattr("workspace_schema.rules.apart.check_apart", spy)
    app = app_on(root)
    app.rules_apart_from = 1  # the sample counts as big
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.state is not None
        assert apart == [root]
        assert app.state.findings == sorted(loaded + check(ws, DAY), key=sort_key)
