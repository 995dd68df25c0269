"""MS001 (a milestone neither measurable nor time-bound) and ACC001 (delivered but never accepted)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.helpers.workspace import SAMPLE, copy_sample
from workspace_schema.load.loader import load_workspace
from workspace_schema.rules import check

TODAY = dt.date(2026, 11, 27)


def codes(root: Path, today: dt.date = TODAY) -> list[tuple[str, str | None]]:
    ws, _ = load_workspace(root)
    return [(f.code, f.item) for f in check(ws, today) if f.code in ("MS001", "ACC001")]


def test_the_sample_has_one_unaccepted_delivery_and_no_unmeasurable_milestone() -> None:
    assert codes(SAMPLE) == [("ACC001", "greenleaf-intranet/content-migration-b8qz")]


def test_acceptance_within_the_window_or_switched_off_is_quiet(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    assert codes(root, dt.date(2026, 11, 19)) == []  # done 2026-11-05: 14 days is still within
    ws_file = root / "workspace.toml"
    ws_file.write_text(
        ws_file.read_text("utf-8").replace("max_accountable = 8", "accept_within = 0\nmax_accountable = 8")
    )
    assert codes(root) == []


def test_client_side_milestones_need_no_acceptance_and_a_bare_milestone_is_an_error(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    path = root / "projects/greenleaf-intranet.toml"
    text = path.read_text("utf-8")
    text = text.replace(
        'owner = "tomas"\nstatus = "done"\nstart = 2026-10-19', 'owner = "priya"\nstatus = "done"\nstart = 2026-10-19'
    )
    text += '\n[milestones.bare-x1y2]\ntitle = "Something"\n\n[milestones.dropped-z3w4]\ntitle = "Not any more"\nstatus = "dropped"\n'
    path.write_text(text, "utf-8")
    assert codes(root) == [("MS001", "greenleaf-intranet/bare-x1y2")]
