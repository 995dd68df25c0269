"""The audit trail from git: field history, renames, broken versions, the cache, slips and the trend.

Every test builds a real repository in tmp_path with controlled authors and
dates (GIT_AUTHOR_* / GIT_COMMITTER_* in the commit's environment; CI has no
git identity of its own). Edits are made both through workspace_schema.edit.edits
(commits with ducu's trailers) and by rewriting files by hand (no trailers):
both must count.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import rtoml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.workspace import REPO, copy_sample, write_ws
from workspace_schema.edit import edits
from workspace_schema.git import runner as git
from workspace_schema.history import slips
from workspace_schema.history import trail as history
from workspace_schema.history.index import cache_path
from workspace_schema.history.versions import Parser, records, split
from workspace_schema.load.loader import load_workspace

D = dt.date
ALICE = ("Alice Wong", "alice@example.com")
BOB = ("Bob Kim", "bob@acme.example")
CAROL = ("Carol Ng", "carol@example.com")

WORKSPACE = """\
[workspace]
name = "Test"
timezone = "Asia/Shanghai"
team = "us"
holidays = [2026-12-25]
"""

PEOPLE = """\
[people.alice]
name = "Alice Wong"
emails = ["alice@example.com"]
org = "us"

[people.bob]
name = "Bob Kim"
emails = ["bob@acme.example", "bkim@users.noreply.example"]
org = "acme"

[people.carol]
name = "Carol Ng"
emails = ["carol@example.com"]
org = "us"
"""

CLIENTS = """\
[clients.acme]
name = "Acme"
sponsor = "bob"

[clients.globex]
name = "Globex"
"""

PROJECT = """\
# The Acme CRM rollout.

[project]
title = "CRM rollout"
client = "acme"
owner = "alice"
status = "active"
start = 2026-10-05
due = 2027-03-31

[milestones.data-export-k3f9]
title = "Acme delivers the legacy data export"
side = "client"
owner = "bob"
status = "waiting"
due = 2026-12-04
baseline_due = 2026-12-04

[milestones.data-export-k3f9.raci]
responsible = ["bob"]
accountable = "carol"

[milestones.go-live-5mfe]
title = "Go-live"
side = "team"
owner = "alice"
status = "todo"
due = 2027-03-19
baseline_due = 2027-03-19

[tasks.import-script-x2m1]
title = "Write the import script"
milestone = "data-export-k3f9"
owner = "alice"
status = "doing"
due = 2026-12-09

[risks.holiday-freeze-p7q2]
title = "Change freeze over the holidays"
owner = "alice"

[risks.holiday-freeze-p7q2.steps.1]
text = "Call the sponsor"
done = false
"""

EXPORT = "acme-crm/data-export-k3f9"


def _env(who: tuple[str, str], when: str) -> dict[str, str]:
    name, email = who
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }


def commit(root: Path, message: str, who: tuple[str, str], when: str, paths: list[str] | None = None) -> str:
    """Commit every change under root (or ``paths``) as ``who`` at ``when`` ("2026-11-21T10:00:00+08:00")."""
    return git.commit(root, paths or ["."], message, env=_env(who, when))


def set_due(root: Path, ref: str, day: dt.date, who: tuple[str, str], when: str, reason: str | None = None) -> str:
    """An edit as ducu makes it: edits.set_field, then one commit with the change's trailers."""
    ws, _ = load_workspace(root)
    change = edits.set_field(ws, ref, "due", day, reason=reason)
    return git.commit(root, [change.file], change.message(), env=_env(who, when))


def hand_edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def git_run(root: Path, *args: str, who: tuple[str, str] = ALICE, when: str = "2026-12-01T09:00:00+08:00") -> str:
    return git.run(root, *args, env=_env(who, when)).stdout.strip()


def start_repo(top: Path, folder: str = "") -> Path:
    """A workspace (in ``folder`` of the repository at ``top``) whose history: Alice starts it (11-01), Carol moves the export with a reason (11-21)."""
    root = write_ws(
        top / folder,
        {
            "workspace.toml": WORKSPACE,
            "people.toml": PEOPLE,
            "clients.toml": CLIENTS,
            "projects/acme-crm.toml": PROJECT,
        },
    )
    git.init(top)
    commit(top, "Start the workspace", ALICE, "2026-11-01T09:00:00+08:00")
    set_due(root, EXPORT, D(2026, 12, 11), CAROL, "2026-11-21T10:00:00+08:00", reason="DBA on leave")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return start_repo(tmp_path / "ws")


# --- item history -------------------------------------------------------------------


def test_item_history_says_who_when_old_new_and_why(repo: Path) -> None:
    hand_edit(repo, "projects/acme-crm.toml", "due = 2026-12-11", "due = 2026-12-18")
    sha = commit(repo, "export later again", BOB, "2026-11-25T16:30:00+08:00")

    changes = history.build_index(repo).item(EXPORT, "due")

    assert [(c.change, c.author, c.day, c.old, c.new) for c in changes] == [
        ("set", "Bob Kim", D(2026, 11, 25), D(2026, 12, 11), D(2026, 12, 18)),
        ("set", "Carol Ng", D(2026, 11, 21), D(2026, 12, 4), D(2026, 12, 11)),
        ("added", "Alice Wong", D(2026, 11, 1), None, changes[2].new),
    ]
    hand, by_ducu, added = changes
    assert by_ducu.reason == "DBA on leave" and by_ducu.by_ducu and by_ducu.email == "carol@example.com"
    assert hand.reason is None and not hand.by_ducu and hand.sha == sha  # a hand edit counts, without trailers
    assert added.new["due"] == D(2026, 12, 4) and added.new["raci.accountable"] == "carol"
    assert hand.date.utcoffset() == dt.timedelta(hours=8) and hand.short == sha[:7]
    assert history.describe(by_ducu) == "due 2026-12-04 -> 2026-12-11"


def test_last_change_and_nested_fields(repo: Path) -> None:
    hand_edit(repo, "projects/acme-crm.toml", 'accountable = "carol"', 'accountable = "alice"')
    hand_edit(repo, "projects/acme-crm.toml", "done = false", "done = true")
    commit(repo, "raci and a step", BOB, "2026-11-26T09:00:00+08:00")
    index = history.build_index(repo)

    last = index.last_change(EXPORT, "due")
    assert last is not None and (last.author, last.day, last.new) == ("Carol Ng", D(2026, 11, 21), D(2026, 12, 11))
    raci = index.item(EXPORT, "raci")
    assert [(c.field, c.old, c.new) for c in raci if c.change == "set"] == [("raci.accountable", "carol", "alice")]
    step = index.item("acme-crm/holiday-freeze-p7q2", "steps.1.done")
    assert [(c.old, c.new) for c in step if c.change == "set"] == [(False, True)]


def test_signature_status_is_what_git_reports(repo: Path) -> None:
    changes = history.build_index(repo).item(EXPORT)
    assert changes and {(c.signature, c.trust) for c in changes} == {("N", "none")}


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen to make a signing key")
def test_a_signed_commit_says_what_git_verified(repo: Path, tmp_path: Path) -> None:
    key = tmp_path / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "carol", "-f", str(key)], check=True)
    (tmp_path / "allowed").write_text(f"carol@example.com {key.with_suffix('.pub').read_text()}")
    for name, value in (
        ("gpg.format", "ssh"),
        ("user.signingkey", str(key)),
        ("gpg.ssh.allowedSignersFile", str(tmp_path / "allowed")),
    ):
        git_run(repo, "config", name, value)
    hand_edit(repo, "projects/acme-crm.toml", "due = 2026-12-11", "due = 2026-12-18")
    git_run(repo, "commit", "-q", "-S", "-a", "-m", "signed move", who=CAROL)

    signed, unsigned = history.build_index(repo).item(EXPORT, "due")[:2]
    assert (signed.signature, signed.trust) == ("G", "good")
    assert (unsigned.signature, unsigned.trust) == ("N", "none")


def test_project_feed_and_person(repo: Path) -> None:
    hand_edit(repo, "people.toml", 'name = "Bob Kim"', 'name = "Ben Kim"')
    commit(repo, "Bob's name", ("B. Kim", "bkim@users.noreply.example"), "2026-11-22T09:00:00+08:00")
    ws, _ = load_workspace(repo)
    index = history.build_index(repo)

    feed = index.project("acme-crm")
    assert feed[0].ref == EXPORT and feed[0].field == "due"
    assert {c.ref for c in feed} >= {"acme-crm", EXPORT, "acme-crm/go-live-5mfe"}
    assert index.project("acme-crm", since="2026-11-20") == [feed[0]]

    mine = index.person("bob", ws)  # matched by his second email in people.toml, not by the name git recorded
    assert [(c.ref, c.field, c.old, c.new) for c in mine] == [("people/bob", "name", "Bob Kim", "Ben Kim")]
    assert index.person("bob@acme.example", ws) == mine
    assert [c.author for c in index.person("carol", ws)] == ["Carol Ng"]
    assert index.item("people/bob", "name")[0].new == "Ben Kim"


# --- files renamed, records deleted, versions broken ----------------------------------------


def test_renamed_project_file_is_followed(repo: Path) -> None:
    git_run(repo, "mv", "projects/acme-crm.toml", "projects/acme-crm-2027.toml")
    commit(repo, "rename the project", ALICE, "2026-11-23T09:00:00+08:00", paths=["projects"])
    set_due(repo, "acme-crm-2027/data-export-k3f9", D(2026, 12, 14), ALICE, "2026-11-24T09:00:00+08:00")
    index = history.build_index(repo)

    dues = index.item("acme-crm-2027/data-export-k3f9", "due")
    assert [(c.day, c.new) for c in dues] == [
        (D(2026, 11, 24), D(2026, 12, 14)),
        (D(2026, 11, 21), D(2026, 12, 11)),
        (D(2026, 11, 1), dues[2].new),
    ]
    assert all(c.ref == "acme-crm-2027/data-export-k3f9" for c in dues)
    renamed = [c for c in index.project("acme-crm-2027") if c.change == "renamed"]
    assert [(c.old, c.new) for c in renamed] == [("acme-crm", "acme-crm-2027")]
    assert not [c for c in index.project("acme-crm-2027") if c.change == "added" and c.day == D(2026, 11, 23)]


def test_item_deleted_and_added_again(repo: Path) -> None:
    ws, _ = load_workspace(repo)
    change = edits.delete_record(ws, "acme-crm/go-live-5mfe")
    git.commit(repo, [change.file], change.message(), env=_env(ALICE, "2026-11-22T09:00:00+08:00"))
    ws, _ = load_workspace(repo)
    change = edits.add_record(
        ws, "acme-crm", "milestones", {"title": "Go-live", "due": D(2027, 4, 2)}, rid="go-live-5mfe"
    )
    git.commit(repo, [change.file], change.message(), env=_env(CAROL, "2026-11-24T09:00:00+08:00"))

    changes = history.build_index(repo).item("acme-crm/go-live-5mfe")
    assert [(c.change, c.author) for c in changes] == [
        ("added", "Carol Ng"),
        ("removed", "Alice Wong"),
        ("added", "Alice Wong"),
    ]
    assert changes[1].old["due"] == D(2027, 3, 19) and changes[0].new == {"title": "Go-live", "due": D(2027, 4, 2)}


def test_a_version_that_does_not_parse_is_skipped_with_a_note(repo: Path) -> None:
    hand_edit(repo, "projects/acme-crm.toml", 'title = "CRM rollout"', 'title = "CRM rollout')
    broken = commit(repo, "oops", BOB, "2026-11-22T09:00:00+08:00")
    hand_edit(repo, "projects/acme-crm.toml", 'title = "CRM rollout', 'title = "CRM rollout 2"')
    hand_edit(repo, "projects/acme-crm.toml", "due = 2026-12-11", "due = 2026-12-15")
    commit(repo, "fix", BOB, "2026-11-23T09:00:00+08:00")
    index = history.build_index(repo)

    assert [(n.sha, n.file) for n in index.notes] == [(broken, "projects/acme-crm.toml")]
    assert "not valid TOML" in index.notes[0].message
    # The fix is compared with the last version that parsed: only what really changed.
    assert [(c.field, c.old, c.new) for c in index.item("acme-crm") if c.change == "set"] == [
        ("title", "CRM rollout", "CRM rollout 2")
    ]
    assert index.item(EXPORT, "due")[0].new == D(2026, 12, 15)
    # ... also when the fix arrives in a later, incremental build.
    hand_edit(repo, "projects/acme-crm.toml", 'title = "CRM rollout 2"', 'title = "CRM rollout')
    commit(repo, "oops again", BOB, "2026-11-24T09:00:00+08:00")
    assert history.build_index(repo).stats.mode == "incremental"
    hand_edit(repo, "projects/acme-crm.toml", 'title = "CRM rollout', 'title = "CRM rollout 3"')
    commit(repo, "fix again", BOB, "2026-11-25T09:00:00+08:00")
    again = history.build_index(repo)
    assert again.stats.mode == "incremental" and len(again.notes) == 2
    assert [c.new for c in again.item("acme-crm", "title")][:2] == ["CRM rollout 3", "CRM rollout 2"]


def test_workspace_in_a_folder_of_the_repository(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    root = write_ws(
        top / "plans",
        {
            "workspace.toml": WORKSPACE,
            "people.toml": PEOPLE,
            "clients.toml": CLIENTS,
            "projects/acme-crm.toml": PROJECT,
        },
    )
    (top / "README.md").write_text("other things\n")
    git.init(top)
    commit(top, "start", ALICE, "2026-11-01T09:00:00+08:00")
    set_due(root, EXPORT, D(2026, 12, 11), CAROL, "2026-11-21T10:00:00+08:00")
    index = history.build_index(root)
    assert [c.file for c in index.item(EXPORT, "due")] == ["projects/acme-crm.toml"] * 2
    assert cache_path(git.repo_state(root)[0], "plans/").is_file()


# --- the cache ------------------------------------------------------------------------


def test_the_cache_is_updated_with_new_commits_only(repo: Path) -> None:
    calls: list[tuple[int, int]] = []
    first = history.build_index(repo, on_progress=lambda done, total: calls.append((done, total)))
    assert (first.stats.mode, first.stats.processed) == ("full", 2)
    assert calls[-1] == (2, 2)
    assert cache_path(git.repo_state(repo)[0]).is_file()

    again = history.build_index(repo, on_progress=lambda done, total: calls.append((done, total)))
    assert (again.stats.mode, again.stats.processed) == ("cached", 0) and calls == [(1, 2), (2, 2)]

    set_due(repo, EXPORT, D(2026, 12, 14), BOB, "2026-11-24T09:00:00+08:00")
    (repo / "notes.txt").write_text("not a workspace file\n")
    commit(repo, "notes", BOB, "2026-11-24T10:00:00+08:00", paths=["notes.txt"])
    set_due(repo, "acme-crm/go-live-5mfe", D(2027, 3, 26), BOB, "2026-11-25T09:00:00+08:00")
    calls.clear()
    updated = history.build_index(repo, on_progress=lambda done, total: calls.append((done, total)))
    assert (updated.stats.mode, updated.stats.processed) == (
        "incremental",
        2,
    )  # the notes commit touches no workspace file
    assert calls == [(1, 2), (2, 2)]
    assert [c.new for c in updated.item(EXPORT, "due")][:2] == [D(2026, 12, 14), D(2026, 12, 11)]
    assert updated.item(EXPORT) == history.build_index(repo, use_cache=False).item(EXPORT)


def test_a_cached_index_reads_back_as_it_was_built(repo: Path) -> None:
    set_due(repo, EXPORT, D(2026, 12, 14), BOB, "2026-11-24T09:00:00+08:00")
    built = history.build_index(repo)
    cached = history.build_index(repo)  # its rows decoded one by one (index.load_cache)
    assert cached.stats.mode == "cached" and cached.data == built.data and cached.data.rows
    assert cached.prepare() is cached  # the app builds the queries' lookup in its worker
    assert cached.item(EXPORT) == built.item(EXPORT) and cached.project("acme-crm") == built.project("acme-crm")


def test_the_cache_is_rebuilt_when_history_is_rewritten(repo: Path) -> None:
    set_due(repo, EXPORT, D(2026, 12, 14), BOB, "2026-11-24T09:00:00+08:00")
    assert history.build_index(repo).item(EXPORT, "due")[0].new == D(2026, 12, 14)
    git_run(repo, "reset", "-q", "--hard", "HEAD~1")
    set_due(repo, EXPORT, D(2026, 12, 21), CAROL, "2026-11-24T11:00:00+08:00")

    index = history.build_index(repo)
    assert (index.stats.mode, index.stats.reason) == ("full", "history rewritten")
    assert [c.new for c in index.item(EXPORT, "due") if c.change == "set"] == [D(2026, 12, 21), D(2026, 12, 11)]


def test_a_damaged_cache_is_rebuilt(repo: Path) -> None:
    history.build_index(repo)
    cache_path(git.repo_state(repo)[0]).write_bytes(b"\x00not msgpack")
    index = history.build_index(repo)
    assert index.stats.mode == "full" and index.item(EXPORT, "due")


def test_an_empty_repository_and_a_folder_outside_git(tmp_path: Path) -> None:
    root = write_ws(tmp_path / "ws")
    git.init(root)
    index = history.build_index(root)
    assert index.stats.mode == "empty" and index.item("acme-crm") == []
    with pytest.raises(git.GitError):
        history.build_index(write_ws(tmp_path / "plain"))


# --- slips, variance, client rate, trend --------------------------------------------------


def test_slips_count_moves_and_measure_against_the_baseline(repo: Path) -> None:
    # Carol moved the export 12-04 -> 12-11 (fixture); Bob moves it over Christmas, then back a little.
    set_due(repo, EXPORT, D(2026, 12, 29), BOB, "2026-11-28T09:00:00+08:00")
    set_due(repo, EXPORT, D(2026, 12, 28), ("Bob (laptop)", "bkim@users.noreply.example"), "2026-12-01T09:00:00+08:00")
    ws, _ = load_workspace(repo)
    index = history.build_index(repo)

    export, go_live = slips.slips(index, ws, "acme-crm")
    assert (export.milestone, export.moves, export.later) == ("data-export-k3f9", 3, 2)
    assert export.slip_days == 24  # 2026-12-04 -> 2026-12-28
    # Working days from 12-04 (excluded) to 12-28 (included): 16 weekdays, less Christmas (a holiday) = 15.
    assert export.slip_working_days == 15
    assert export.moved_by == ("carol", "bob")  # people handles, by email; Bob's two identities are one person
    assert export.last_move is not None and export.last_move.day == D(2026, 12, 1)
    assert (go_live.moves, go_live.slip_days, go_live.moved_by) == (0, 0, ())

    variance = slips.project_variance(index, ws, "acme-crm")
    assert (variance.open_milestones, variance.slipped, variance.total_days, variance.mean_days) == (2, 1, 24, 12.0)
    assert (variance.total_working_days, variance.mean_working_days, variance.moves) == (15, 7.5, 3)


def test_client_slip_rate(repo: Path) -> None:
    ws, _ = load_workspace(repo)
    change = edits.add_record(
        ws,
        "acme-crm",
        "tasks",
        {"title": "Acme grants access", "side": "client", "due": D(2026, 12, 1), "baseline_due": D(2026, 12, 1)},
        rid="access-j4kq",
    )
    git.commit(repo, [change.file], change.message(), env=_env(ALICE, "2026-11-22T09:00:00+08:00"))
    ws, _ = load_workspace(repo)
    rates = slips.client_slip_rate(history.build_index(repo), ws)

    assert set(rates) == {"acme", "globex"}
    acme = rates["acme"]
    assert (acme.items, acme.slipped, acme.moves, acme.rate) == (
        2,
        1,
        1,
        0.5,
    )  # the export slipped, the access task did not
    assert (rates["globex"].items, rates["globex"].rate) == (0, None)


def test_mta_has_one_point_per_reporting_date(repo: Path) -> None:
    set_due(repo, "acme-crm/go-live-5mfe", D(2027, 3, 26), BOB, "2026-11-21T15:00:00+08:00")  # same day as Carol's move
    hand_edit(repo, "projects/acme-crm.toml", 'status = "doing"', 'status = "done"')  # a task: no forecast changes
    commit(repo, "import done", ALICE, "2026-11-22T09:00:00+08:00")
    ws, _ = load_workspace(repo)
    change = edits.delete_record(ws, EXPORT)
    git.commit(repo, [change.file], change.message(), env=_env(ALICE, "2026-11-30T09:00:00+08:00"))
    ws, _ = load_workspace(repo)

    points = slips.mta(history.build_index(repo), ws, "acme-crm")
    assert points == [
        (D(2026, 11, 1), {"data-export-k3f9": D(2026, 12, 4), "go-live-5mfe": D(2027, 3, 19)}),
        (D(2026, 11, 21), {"data-export-k3f9": D(2026, 12, 11), "go-live-5mfe": D(2027, 3, 26)}),
        (D(2026, 11, 30), {"go-live-5mfe": D(2027, 3, 26)}),
    ]


def test_a_dropped_milestone_leaves_the_trend_and_comes_back_when_taken_up(repo: Path) -> None:
    def set_status(status: str, when: str) -> None:
        ws, _ = load_workspace(repo)
        change = edits.set_field(ws, EXPORT, "status", status)
        git.commit(repo, [change.file], change.message(), env=_env(ALICE, when))

    set_status("dropped", "2026-11-25T09:00:00+08:00")
    set_due(repo, EXPORT, D(2026, 12, 18), BOB, "2026-11-26T09:00:00+08:00")  # moved while dropped: no forecast
    set_status("todo", "2026-11-28T09:00:00+08:00")
    ws, _ = load_workspace(repo)

    points = dict(slips.mta(history.build_index(repo), ws, "acme-crm"))
    assert points[D(2026, 11, 21)]["data-export-k3f9"] == D(2026, 12, 11)
    assert "data-export-k3f9" not in points[D(2026, 11, 25)]  # its line ends the day it was dropped
    assert D(2026, 11, 26) not in points  # no forecast changed that day
    assert points[D(2026, 11, 28)]["data-export-k3f9"] == D(2026, 12, 18)  # taken up again, at its due date then


# --- reading versions ------------------------------------------------------------------


TRICKY = [
    PROJECT,
    PROJECT.replace("\n", "\r\n"),
    '\ufeff[project]\ntitle = "bom"\n',
    '[project]\nnotes = """\n[milestones.fake]\ntitle = "inside a string"\n"""\n\n[milestones.real]\ntitle = "x"\n',
    "[project]\ntitle = 'a'\n  [milestones.indented]\n  title = \"b\"\n",
    "[project]\ntitle = 'a'\n[milestones.m]\ntitle = 'b'\n  [milestones.m.raci]\n  accountable = 'c'\n",
    'title = "top-level key"\n[milestones.m]\ndue = 2026-01-01\n',
    '[milestones.m]\ndepends_on = [\n["nested"],\n]\n',
    '[milestones."小程序开发-8qwe"]\ntitle = "中文"\n[milestones."小程序开发-8qwe".raci]\naccountable = "mei"\n',
    "[[log]]\nsummary = 'array of tables'\n",
    "[milestones.m.raci]\naccountable = 'x'\n[milestones.m]\ntitle = 'child first'\n",
    "[project]\ntitle = 'x'\n[extra]\nthing = 1\n[milestones]\nm = { title = 'inline' }\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_versions_cut_at_headers_read_like_the_whole_file(text: str) -> None:
    version, error = Parser().version(text.encode("utf-8"), "project")
    assert not error and version is not None
    assert records(version) == split("project", rtoml.loads(text.lstrip("\ufeff")))


@pytest.mark.parametrize(
    "text",
    [
        '[project]\ntitle = "unterminated\n',
        "[milestones.m]\ntitle = 'a'\n[milestones.m]\ntitle = 'twice'\n",
        "[project]\ntitle = 'a'\n[",
        "[milestones.m]\ntitle = 'a'\n[milestones.\"m\"]\nowner = 'same table, other spelling'\n",
        "[milestones.m]\nraci = { accountable = 'c' }\n[milestones.m.raci]\nconsulted = ['d']\n",
        "[milestones.m.raci]\nconsulted = ['d']\n[milestones.m]\nraci.accountable = 'c'\n",
    ],
)
def test_versions_that_do_not_parse_are_refused(text: str) -> None:
    version, error = Parser().version(text.encode("utf-8"), "project")
    assert version is None and "not valid TOML" in error


FRAGMENTS = [
    "[project]",
    "[milestones.m]",
    "[milestones.m.raci]",
    "[milestones.n]",
    "[risks.r.steps.1]",
    '[milestones."中-x"]',
    "  [milestones.k]",
    "[[log]]",
    "[extra]",
    "[milestones]",
    "[",
    "title = 'a'",
    'title = "b"',
    "due = 2026-12-04",
    "done = true",
    "n = 1",
    "x.y = 2",
    'notes = """',
    '"""',
    "[a.b]",
    "deps = [",
    '"m",',
    "]",
    '["nested"],',
    "m = { title = 'inline' }",
    "# [milestones.comment]",
    "[milestones.m.x]",
    "raci = { accountable = 'c' }",
    "",
    "\r",
    "  title = 'indented'",
    "title = 'dup'",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=14), st.binary(max_size=3))
def test_cut_reading_never_disagrees_with_the_whole_parse(lines: list[str], noise: bytes) -> None:
    raw = "\n".join(lines).encode("utf-8") + noise
    version, error = Parser().version(raw, "project")
    try:
        expected = split("project", rtoml.loads(raw.decode("utf-8").lstrip("\ufeff")))
    except Exception:
        expected = None
    if expected is None:
        assert version is None and error  # what rtoml refuses is skipped, never half-read
    else:
        assert version is not None and records(version) == expected


# --- the command line -------------------------------------------------------------------


def ducu(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    import sys

    repo_root = REPO
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or repo_root,
        env={**_clean_env(), "PYTHONPATH": str(repo_root)},
    )


def _clean_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def test_cli_history_text(repo: Path) -> None:
    hand_edit(repo, "projects/acme-crm.toml", "due = 2026-12-11", "due = 2026-12-18")
    sha = commit(repo, "later", BOB, "2026-11-25T09:00:00+08:00")
    out = ducu("history", EXPORT, "--field", "due", "-w", str(repo))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == f"2026-11-25  Bob Kim     due 2026-12-11 -> 2026-12-18  {sha[:7]}"
    assert lines[1].startswith('2026-11-21  Carol Ng    due 2026-12-04 -> 2026-12-11  "DBA on leave"  ')
    assert lines[2].startswith("2026-11-01  Alice Wong  added milestone, due 2026-12-04  ")

    feed = ducu("history", "acme-crm", "--since", "2026-11-20", "-w", str(repo)).stdout.splitlines()
    assert [re.split(r"\s{2,}", line)[2] for line in feed] == ["data-export-k3f9", "data-export-k3f9"]
    by = ducu("history", "--by", "carol", "-w", str(repo)).stdout.splitlines()
    assert len(by) == 1 and EXPORT in by[0]
    slug = ducu(
        "history", "acme-crm/data-export", "--field", "due", "-w", str(repo)
    )  # the id without its random suffix
    assert slug.returncode == 0 and slug.stdout == out.stdout


def test_cli_history_json(repo: Path) -> None:
    out = ducu("history", EXPORT, "--format", "json", "-w", str(repo))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [(d["change"], d["field"], d["old"], d["new"] if d["change"] == "set" else None) for d in data] == [
        ("set", "due", "2026-12-04", "2026-12-11"),
        ("added", "", None, None),
    ]
    assert (
        data[0]["author"] == "Carol Ng"
        and data[0]["reason"] == "DBA on leave"
        and data[0]["date"].startswith("2026-11-21T10:00:00")
    )
    assert (data[0]["signature"], data[0]["trust"]) == ("N", "none") and len(data[0]["sha"]) == 40


def test_cli_history_exit_codes(repo: Path, tmp_path: Path) -> None:
    assert ducu("history", "acme-crm/no-such-item", "-w", str(repo)).returncode == 1
    assert ducu("history", "no-such-project", "-w", str(repo)).returncode == 1
    (tmp_path / "empty").mkdir()
    assert ducu("history", EXPORT, "-w", str(tmp_path / "empty")).returncode == 2
    known = ducu("history", "acme-crm/go-live-5mfe", "--field", "owner", "--since", "2026-11-02", "-w", str(repo))
    assert known.returncode == 0 and known.stdout == "" and "no committed changes" in known.stderr
    people = ducu("history", "people/bob", "-w", str(repo), cwd=repo)
    assert people.returncode == 0 and "added person" in people.stdout


def test_history_never_needs_textual() -> None:
    code = "import sys, workspace_schema.history.trail; print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    out = subprocess.run(
        [__import__("sys").executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert out.stdout.strip() == "False"


def test_sample_workspace_history_reads(tmp_path: Path) -> None:

    root = copy_sample(tmp_path, "sample")
    git.init(root)
    commit(root, "sample", ALICE, "2026-11-01T09:00:00+08:00")
    index = history.build_index(root)
    assert not index.notes
    ws, _ = load_workspace(root)
    assert {c.ref for c in index.project("huamei-miniapp")} >= {
        f"huamei-miniapp/{m}" for m in ws.projects["huamei-miniapp"].milestones
    }
