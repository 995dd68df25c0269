"""Done and undone: status and done_on move together, so the report's "Done since" counts what was marked done."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import rtoml

from tests.helpers.workspace import copy_sample
from workspace_schema.core import records as R
from workspace_schema.edit import done
from workspace_schema.edit.values import EditRejected
from workspace_schema.load.loader import load_workspace

TODAY = dt.date(2026, 11, 27)
INTRANET = "projects/greenleaf-intranet.toml"
DOING = "greenleaf-intranet/handover-signoff-9gtv"  # doing, started 2026-11-17
DONE = "greenleaf-intranet/content-migration-b8qz"  # done on 2026-11-05, started 2026-10-19


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_sample(tmp_path)


def record(root: Path, ref: str) -> dict:
    table = rtoml.load(root / INTRANET)
    return table["milestones"][ref.split("/")[1]]


def ws(root: Path) -> R.Workspace:
    return load_workspace(root)[0]


def test_mark_done_sets_status_and_today(root: Path) -> None:
    change = done.mark_done(ws(root), DOING, TODAY, reason="signed")
    item = record(root, DOING)
    assert item["status"] == "done" and item["done_on"] == TODAY
    assert [f.field for f in change.fields] == ["status", "done_on"] and change.reason == "signed"


def test_mark_done_twice_writes_nothing_and_says_when(root: Path) -> None:
    before = (root / INTRANET).read_bytes()
    change = done.mark_done(ws(root), DONE, TODAY)
    assert change.fields == () and (root / INTRANET).read_bytes() == before
    assert done.already_done(ws(root).projects["greenleaf-intranet"].milestones["content-migration-b8qz"]) == (
        "already done (on 2026-11-05)"
    )


def test_undo_goes_back_to_doing_once_started_and_clears_done_on(root: Path) -> None:
    done.undo_done(ws(root), DONE, TODAY)
    item = record(root, DONE)
    assert item["status"] == "doing" and "done_on" not in item


def test_undo_before_the_start_goes_back_to_todo(root: Path) -> None:
    done.undo_done(ws(root), DONE, dt.date(2026, 10, 1))
    assert record(root, DONE)["status"] == "todo"


def test_toggle_twice_is_back_where_it_was(root: Path) -> None:
    before = (root / INTRANET).read_text("utf-8")
    done.toggle_done(ws(root), DOING, TODAY)
    assert record(root, DOING)["status"] == "done"
    done.toggle_done(ws(root), DOING, TODAY)
    assert (root / INTRANET).read_text("utf-8") == before


def test_only_milestones_and_tasks_toggle(root: Path) -> None:
    with pytest.raises(EditRejected, match="only milestones and tasks"):
        done.toggle_done(ws(root), "greenleaf-intranet/migration-freeze-8hwn", TODAY)


def test_follow_status_sets_and_clears_done_on() -> None:
    doing = R.Milestone(id="m", title="M", status="doing", start=dt.date(2026, 11, 1))
    finished = R.Milestone(id="m", title="M", status="done", done_on=dt.date(2026, 11, 5))
    assert done.follow_status(doing, {"status": "done"}, TODAY) == {"status": "done", "done_on": TODAY}
    assert done.follow_status(doing, {"status": "done", "done_on": None}, TODAY)["done_on"] == TODAY
    given = {"status": "done", "done_on": dt.date(2026, 11, 20)}
    assert done.follow_status(doing, given, TODAY) == given  # a day the user typed stays
    assert done.follow_status(finished, {"status": "todo"}, TODAY) == {"status": "todo", "done_on": None}
    assert done.follow_status(finished, {"title": "N"}, TODAY) == {"title": "N"}
    assert done.follow_status(doing, {"status": "blocked"}, TODAY) == {"status": "blocked"}
