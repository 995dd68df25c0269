"""The demo's scripted history: several authors, dates that moved, an approved change, the trend chart.

The demo is made on a machine without a git identity (like CI): every commit
carries the author and date of its step.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from pathlib import Path

import pytest
import rtoml

from tests.helpers.workspace import SAMPLE, copy_sample
from workspace_schema import changes as change_requests
from workspace_schema.edit import edits
from workspace_schema.edit.acceptance import accept_milestone
from workspace_schema.history import slips
from workspace_schema.history import trail as history
from workspace_schema.load.loader import load_workspace
from workspace_schema.setup import history as demo_history
from workspace_schema.setup.demo import (
    SAMPLE_TODAY,
    make_demo,
    sample_timezone,
    shift_dates,
    week_shift,
    weekday_note,
)

D = dt.date


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    with pytest.MonkeyPatch.context() as mp:
        home = tmp_path_factory.mktemp("home")
        mp.setenv("HOME", str(home))
        mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
        mp.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
        for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
            mp.delenv(key, raising=False)
        started = time.perf_counter()
        root = make_demo(tmp_path_factory.mktemp("d") / "demo", SAMPLE_TODAY)
        return root, time.perf_counter() - started


def test_the_demo_is_quick_clean_and_the_sample_byte_for_byte(demo: tuple[Path, float]) -> None:
    root, seconds = demo
    assert seconds < 2.0, f"make_demo took {seconds:.2f} s"
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "rev-parse", "HEAD") == git(root, "rev-parse", "origin/main")
    for src in SAMPLE.rglob("*"):
        if src.is_file():
            assert (root / src.relative_to(SAMPLE)).read_bytes() == src.read_bytes(), src
    assert 30 <= int(git(root, "rev-list", "--count", "HEAD")) <= 60


def test_commits_by_three_people_over_six_weeks_in_the_past(demo: tuple[Path, float]) -> None:
    root, _ = demo
    people = rtoml.loads((SAMPLE / "people.toml").read_text("utf-8"))["people"]
    emails = {p["emails"][0]: h for h, p in people.items()}
    log = git(root, "log", "--format=%ae %ce %aI").splitlines()
    authors = {line.split()[0] for line in log}
    assert len(authors) == 3 and authors <= set(emails)
    assert all(line.split()[0] == line.split()[1] for line in log)  # committed by the author, not "ducu demo"
    days = sorted(dt.datetime.fromisoformat(line.split()[2]) for line in log)
    assert days[-1].date() < SAMPLE_TODAY
    assert (days[-1] - days[0]).days >= 35
    assert days[0].date() == SAMPLE_TODAY - dt.timedelta(weeks=6)
    # hand edits without trailers too
    subjects = git(root, "log", "--format=%(trailers:key=Ducu-Item,valueonly)%x1f%s").splitlines()
    assert sum(1 for s in subjects if s.startswith("\x1f")) >= 3


def test_history_shows_moves_an_approved_change_and_a_trend(demo: tuple[Path, float]) -> None:
    root, _ = demo
    ws, _ = load_workspace(root)
    index = history.build_index(root)
    assert len({c.email for c in index.commits}) == 3
    moves = [c for c in index.item("acme-crm/email-integration-9dkp", "due") if c.change == "set"]
    assert [(c.old, c.new) for c in moves] == [
        (D(2026, 12, 4), D(2026, 12, 18)),
        (D(2026, 12, 11), D(2026, 12, 4)),
        (D(2026, 12, 4), D(2026, 12, 11)),
    ]
    assert moves[0].author == "Raj Patel" and moves[0].reason and moves[0].by_ducu
    export = index.item("acme-crm/data-export-k3f9", "due")[0]
    assert (export.old, export.new, export.author) == (D(2026, 12, 4), D(2026, 12, 11), "Hannah Okafor")
    status = [c for c in index.item("acme-crm/export-slip-w8d1", "status") if c.change == "set"]
    assert [(c.old, c.new) for c in status] == [("proposed", "approved")]
    sha = status[0].sha
    assert git(root, "log", "-1", "--format=%(trailers:key=Ducu-Change,valueonly)", sha) == "export-slip-w8d1"
    assert (
        git(root, "log", "-1", "--format=%(trailers:key=Approved-by,valueonly)", sha)
        == "Hannah Okafor <hannah@northwind.digital>"
    )
    ticked = index.item("acme-crm/export-owner-away-r5tb", "steps.1.done")
    assert [(c.old, c.new) for c in ticked if c.change == "set"] == [(False, True)]
    assert index.item("reviews/2026-11-20-acme-crm") and index.item("reviews/2026-11-24-huamei-miniapp")
    trend = slips.mta(index, ws, "acme-crm")
    assert len(trend) >= 4
    assert trend[0][1]["email-integration-9dkp"] == D(2026, 12, 4) and trend[-1][1]["email-integration-9dkp"] == D(
        2026, 12, 18
    )
    assert len(slips.mta(index, ws, "huamei-miniapp")) >= 3
    moved = {s.milestone: s for s in slips.slips(index, ws, "acme-crm")}
    assert (moved["email-integration-9dkp"].moves, moved["email-integration-9dkp"].moved_by) == (3, ("raj",))


def test_the_signed_plans_are_baseline_tags_on_the_first_commit(demo: tuple[Path, float]) -> None:
    root, _ = demo
    first = git(root, "rev-list", "--max-parents=0", "HEAD")
    start = (SAMPLE_TODAY - dt.timedelta(weeks=6)).isoformat()
    ws, _ = load_workspace(root)
    for pid in ws.projects:
        tag = f"baseline/{pid}/{start}"
        assert change_requests.baseline_tags(root, pid) == [tag]
        assert git(root, "rev-parse", f"{tag}^{{commit}}") == first
    assert len(git(root, "ls-remote", "--tags", "origin").splitlines()) == 2 * len(
        ws.projects
    )  # pushed (tag and peeled)
    rows = {r.ref: r for r in change_requests.baseline_diff(root, ws, "acme-crm") if r.state != "same"}
    assert {ref: r.days for ref, r in rows.items()} == {
        "acme-crm/data-export-k3f9": 7,
        "acme-crm/email-integration-9dkp": 14,
        "acme-crm/outlook-sync-t6bk": 14,
        "acme-crm/readonly-account-w3nr": None,
    }


def test_a_demo_made_later_is_the_sample_moved_by_whole_weeks(tmp_path: Path, no_git_identity: None) -> None:
    today = D(2027, 6, 9)
    days = week_shift(today)
    root = make_demo(tmp_path / "demo", today)
    for src in SAMPLE.rglob("*.toml"):
        rel = shift_dates(src.relative_to(SAMPLE).as_posix(), days)
        assert (root / rel).read_text("utf-8") == shift_dates(src.read_text("utf-8"), days), rel
    assert git(root, "status", "--porcelain") == ""
    last = dt.datetime.fromisoformat(git(root, "log", "-1", "--format=%aI"))
    assert last.date() < today and (today - last.date()).days < 14


def _sample_files() -> dict[str, bytes]:
    return {p.relative_to(SAMPLE).as_posix(): p.read_bytes() for p in SAMPLE.rglob("*") if p.is_file()}


def test_every_step_applies_to_the_sample() -> None:
    first, done, skipped = demo_history.unwind(_sample_files(), demo_history.script(0))
    assert skipped == []
    assert len(done) == len(demo_history.script(0))
    assert "reviews/2026-11-20-acme-crm.toml" not in first
    assert (
        b"export-slip-w8d1"
        not in first["projects/acme-crm.toml"].split(b"# --- Communication log")[0].split(b"# --- Change requests")[1]
    )


def test_a_sample_that_changed_only_loses_the_steps_that_no_longer_fit() -> None:
    files = _sample_files()
    files["projects/acme-crm.toml"] = files["projects/acme-crm.toml"].replace(
        b"due = 2026-12-18                # Raj", b"due = 2026-12-19                # Raj"
    )
    _first, done, skipped = demo_history.unwind(files, demo_history.script(0))
    assert [s[:16] for s in skipped] == [
        "2026-11-09 10:05",
        "2026-11-16 09:20",
        "2026-11-24 09:45",
    ]  # the three moves of that date
    assert all("email-integration-9dkp" in s for s in skipped)
    assert len(done) + len(skipped) == len(demo_history.script(0))


def test_the_field_edits_are_what_set_fields_writes(tmp_path: Path) -> None:
    """Replay every ducu-style field edit through edits.set_fields: the same bytes as the scripted commit."""
    first, done, _ = demo_history.unwind(_sample_files(), demo_history.script(0))
    root = copy_sample(tmp_path)
    for rel in ("reviews/2026-11-20-acme-crm.toml", "reviews/2026-11-24-huamei-miniapp.toml"):
        (root / rel).unlink()
    for rel, blob in first.items():
        (root / rel).write_bytes(blob)
    replayed = 0
    for step, after in done:
        sets = [op for op in step.ops if isinstance(op, demo_history.Set)]
        plain = step.style == "ducu" and len(sets) == len(step.ops) and not any(op.drop_comment for op in sets)
        if plain and len({(op.file, op.path) for op in sets}) == 1:
            op = sets[0]
            pid = op.file.removeprefix("projects/").removesuffix(".toml")
            ws, _ = load_workspace(root, projects=[pid], cache=False)
            ref = f"{pid}/{op.path[1]}" + (f"/steps/{op.path[3]}" if len(op.path) == 4 else "")
            values = {o.key: o.new for o in sets}
            if "accepted_by" in values:  # the client's sign-off, as ducu accept records it
                on = values["accepted_on"]
                change = accept_milestone(ws, ref, values["accepted_by"], on, on=on, evidence=values.get("evidence"))
            else:
                change = edits.set_fields(ws, ref, values, reason=step.reason)
            assert (root / op.file).read_bytes() == after[op.file], (step.when, ref)
            assert (
                demo_history._message(step, after, demo_history.AUTHORS) == change.message()
            )  # the commit ducu would make
            replayed += 1
        for rel, blob in after.items():
            if blob is None:
                (root / rel).unlink(missing_ok=True)
            else:
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_bytes(blob)
    assert replayed >= 20
    for rel, blob in _sample_files().items():
        assert (root / rel).read_bytes() == blob, rel


def test_the_demo_s_today_is_the_sample_s_timezone_s(
    tmp_path: Path, no_git_identity: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """20:00 UTC on Thursday 3 December is Friday the 4th in Shanghai, the sample's timezone: a new week there."""
    from tui.cli import main
    from workspace_schema.core import clock

    monkeypatch.delenv("DUCU_TODAY", raising=False)
    monkeypatch.setattr(clock, "system_clock", lambda: dt.datetime(2026, 12, 3, 20, tzinfo=dt.UTC))
    assert main(["demo", str(tmp_path / "demo"), "--no-open"]) == 0
    text = (tmp_path / "demo" / "projects" / "acme-crm.toml").read_text("utf-8")
    assert (
        "due = 2026-12-18                # moved by the approved change" in text
    )  # the sample's 2026-12-11, a week on


def test_the_demo_says_what_this_weekday_changes() -> None:
    assert weekday_note(SAMPLE_TODAY + dt.timedelta(days=14)) == ""  # the sample's own weekday: as the README
    monday = weekday_note(D(2026, 12, 7))
    assert "2026-12-04" in monday and "3 days later" in monday
    assert "1 day later" in weekday_note(D(2026, 12, 5))
    assert sample_timezone() == "Asia/Shanghai"
