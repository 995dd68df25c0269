"""Crash safety: ducu killed with SIGKILL at random moments while it saves, commits, syncs and finishes a review.

A clone ``a`` of a local bare remote runs, over and over, one of four real
operations in a child process (tests/helpers/crashdriver.py) and kills its whole
process group after a random delay: ``ducu set`` (save + commit), an edit as
the app makes it (edits.set_fields + commit_edits.commit_change, three in a
row), ``ducu sync`` with a teammate's commit to merge (clone ``b`` edits the
same file) and finishing a review meeting (minutes.finish). The delays are
spread over each operation's own duration, measured first (uniform in
[0, 1.2 x duration], so some runs finish before the kill). The remote side
of a push or fetch runs in its own session, as a server would, so a kill
cannot leave the remote half-written.

After every kill:

- every TOML file of the workspace parses, and loading it finds no error
  the sample did not have; leftover temporary files are ones the loader
  never reads (hidden, not ``.toml``);
- ``git fsck --strict`` is clean;
- every edit the child reported as saved is in the file, and every edit it
  reported as committed is in HEAD (and the commit is in HEAD's history);
- a lock file git left behind is named, with what to do, by the status
  ducu's sync checks first; the test then does what the message says (no
  process of the killed group is alive, so the lock is stale) and counts it;
- an unfinished merge is refused with a safe next step, which the test
  follows;
- a review whose finish was killed resumes: the draft loads and finishing
  it again ends with the review committed, exactly once.

At the end ``ducu sync`` runs clean and the remote holds every commit either
clone reported. The figures (kills per operation, locks found, leftover
temporary files) are printed (``pytest -s``).

    DUCU_CRASH_ROUNDS=500 python -m pytest -q -s -p no:cacheprovider tests/robustness/test_crash_safety.py   # long run
    DUCU_CRASH_SEED=7 ...                                                                        # another seed

Default: 36 rounds (about 30 kills, 15-25 s). Linux only (SIGKILL of a
process group, /proc to check no killed process lives on).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rtoml

from tests.helpers.crashworld import (
    ACME,
    APP_REF,
    OPS,
    REMOTE_REF,
    SET_REF,
    TODAY,
    Children,
    World,
    child_env,
    git_ok,
    head_text,
    notes,
    serve_apart,
)
from tests.helpers.gitteam import Team, g, make_team
from tests.helpers.workspace import REPO
from workspace_schema import review as minutes
from workspace_schema.edit.edits import set_fields
from workspace_schema.git import runner as G
from workspace_schema.git.commit import commit_change, finish_merge
from workspace_schema.git.status import status
from workspace_schema.load.loader import load_workspace

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL of a process group, /proc")

ROUNDS = int(os.environ.get("DUCU_CRASH_ROUNDS", "20"))  # the suite's share; hardening.md has the 500-round run
SEED = int(os.environ.get("DUCU_CRASH_SEED", "20261127"))


@pytest.fixture
def world(tmp_path: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("DUCU_TODAY", TODAY.isoformat())
    team = make_team(tmp_path)
    serve_apart(team)
    return World(team, random.Random(SEED))


def test_killed_at_random_points_nothing_reported_is_lost(world: World) -> None:
    rng = world.rng
    children = Children()
    took = {}
    try:
        for op in OPS:  # how long each operation takes, run once to the end
            out, err, _killed, took[op] = children.run(world.prepare(op), None)
            world.after(op, out, err)
        started = time.perf_counter()
        for n in range(ROUNDS):
            op = OPS[n % len(OPS)] if n < len(OPS) else rng.choice(OPS)
            out, err, killed, _t = children.run(world.prepare(op), rng.uniform(0, 1.2 * took[op]))
            world.runs[op] += 1
            world.kills[op] += killed
            world.after(op, out, err, killed=killed)
    finally:
        children.close()
    world.finish_line()
    print(world.report(SEED, took, time.perf_counter() - started))
    assert sum(world.kills.values()) >= ROUNDS // 2


# --- the states a kill leaves, one at a time -------------------------------------------------------


@pytest.fixture
def team(tmp_path: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Team:
    monkeypatch.setenv("DUCU_TODAY", TODAY.isoformat())
    return make_team(tmp_path)


def diverge(team: Team) -> str:
    """The teammate pushes an edit, ``a`` commits one of its own; the teammate's commit."""
    ws, _ = load_workspace(team.b)
    theirs = commit_change(team.b, set_fields(ws, REMOTE_REF, {"notes": "theirs"}))
    g(team.b, "push", "-q", "origin", "main")
    ws, _ = load_workspace(team.a)
    commit_change(team.a, set_fields(ws, APP_REF, {"notes": "ours"}))
    return theirs


def cli(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "tui.cli", *args], cwd=REPO, env=child_env(), capture_output=True, text=True
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_a_lock_left_behind_stops_sync_before_it_merges(team: Team) -> None:
    theirs = diverge(team)
    head = g(team.a, "rev-parse", "HEAD")
    lock = team.a / ".git" / "index.lock"
    lock.write_bytes(b"")  # what a git killed while writing the index leaves
    code, _out, err = cli("sync", "-w", str(team.a))
    assert code == 1
    assert "git's lock file .git/index.lock (made just now) is there" in err
    assert (
        "if no git command is running, delete that file (`rm .git/index.lock`). Then sync again. Nothing was changed."
        in err
    )
    assert lock.exists()  # ducu never deletes a lock: a running git may hold it
    assert not (team.a / ".git" / "MERGE_HEAD").exists() and g(team.a, "rev-parse", "HEAD") == head
    lock.unlink()
    assert cli("sync", "-w", str(team.a))[0] == 0
    assert git_ok(team.a, "merge-base", "--is-ancestor", theirs, "HEAD")


def test_an_edit_blocked_by_a_lock_is_saved_and_says_what_to_do(team: Team) -> None:
    lock = team.a / ".git" / "refs" / "heads" / "main.lock"
    lock.write_bytes(b"")  # what a git killed while moving the branch leaves
    head = g(team.a, "rev-parse", "HEAD")
    code, _out, err = cli("set", SET_REF, "notes=kept", "-w", str(team.a))
    assert code == 7  # saved, not committed (README: exit codes)
    assert err.startswith(
        f"ducu: saved {ACME} but could not commit: git's lock file .git/refs/heads/main.lock (made just now) is there"
    )
    assert "delete that file (`rm .git/refs/heads/main.lock`). Then sync: what is saved in" in err
    assert notes((team.a / ACME).read_text("utf-8"), SET_REF) == "kept"
    assert g(team.a, "rev-parse", "HEAD") == head and lock.exists()
    lock.unlink()
    assert cli("sync", "-w", str(team.a))[0] == 0
    assert notes(head_text(team.a, ACME), SET_REF) == "kept"


def test_a_merge_git_could_not_write_is_undone_not_committed(team: Team) -> None:
    """git merge with the index locked writes MERGE_HEAD but not the merge: committing that drops theirs."""
    theirs = diverge(team)
    g(team.a, "fetch", "-q", "origin")
    lock = team.a / ".git" / "index.lock"
    lock.write_bytes(b"")
    assert not git_ok(team.a, "merge", "--no-edit", "origin/main")  # e.g. an editor's git held the lock
    lock.unlink()
    st = status(team.a)
    assert st.merge_in_progress and st.merge_hollow and not st.conflicted
    assert st.blocker() == (
        "error",
        (
            "A merge was started but git never wrote its result (another git command held the index, or the merge was "
            "stopped): committing it as it is would drop the changes it was merging in. Undo it with `git merge --abort` "
            "(your commits and saved edits are kept), then sync again: the merge is made again. Nothing was changed."
        ),
    )
    with pytest.raises(G.GitError, match="would drop the changes"):
        finish_merge(team.a)
    g(team.a, "merge", "--abort")
    assert cli("sync", "-w", str(team.a))[0] == 0
    assert git_ok(team.a, "merge-base", "--is-ancestor", theirs, "HEAD")
    assert notes(head_text(team.a, ACME), REMOTE_REF) == "theirs"


def test_a_plan_file_a_killed_merge_was_writing_is_never_committed(team: Team) -> None:
    """git writes the working tree in place: killed in a merge, it leaves a file missing or cut short."""
    theirs = diverge(team)
    head, remote = g(team.a, "rev-parse", "HEAD"), team.remote_head()
    whole = (team.a / ACME).read_bytes()
    (team.a / ACME).unlink()
    code, _out, err = cli("sync", "-w", str(team.a))
    assert code == 1
    assert err.startswith(
        f"ducu: Sync will not commit {ACME} is missing (deleted, but not with git rm). If ducu, a sync or git "
        f"was stopped while writing it, take back the committed version with `git restore -- {ACME}`"
    )
    (team.a / ACME).write_bytes(b"")  # made, not written yet
    code, _out, err = cli("sync", "-w", str(team.a))
    assert code == 1 and f"Sync will not commit {ACME} is empty. If ducu" in err
    (team.a / ACME).write_bytes(whole[:4096])  # a write cut at a page
    code, _out, err = cli("sync", "-w", str(team.a))
    assert code == 1 and f"Sync will not commit {ACME} is not valid TOML (" in err and "Nothing was changed." in err
    assert (g(team.a, "rev-parse", "HEAD"), team.remote_head()) == (head, remote)
    g(team.a, "restore", "--", ACME)  # what the message says
    assert cli("sync", "-w", str(team.a))[0] == 0
    assert (
        git_ok(team.a, "merge-base", "--is-ancestor", theirs, "HEAD") and (team.a / ACME).read_bytes() != whole[:4096]
    )
    g(team.a, "rm", "-q", "--", "reviews/2026-11-20-acme-crm.toml")  # a deletion made on purpose, as the message says
    g(team.a, "commit", "-q", "-m", "Drop a review")
    assert cli("sync", "-w", str(team.a))[0] == 0
    assert not git_ok(team.a, "cat-file", "-e", f"{team.remote_head()}:reviews/2026-11-20-acme-crm.toml")


def meeting(root: Path) -> minutes.Draft:
    ws, _ = load_workspace(root)
    draft = minutes.new_draft(ws, "acme-crm", TODAY)
    minutes.record(draft, 0, "done")
    draft.attendees = ["hannah"]
    draft.actions.append(
        minutes.NewAction(title="Call Ben", owner="hannah", due=dt.date(2026, 12, 4), id="call-ben-k7q2")
    )
    minutes.save_draft(root, draft)
    return draft


def finish_killed_before(root: Path, step: str) -> str:
    """Finish the saved draft in a child killed just before ``step``; HEAD before it."""
    head = g(root, "rev-parse", "HEAD")
    out, err, _killed, _took = Children().run(["finish", str(root), "acme-crm", "0", step], None, dies=True)
    assert "FINISHED" not in out, out + err
    return head


REVIEW = "reviews/2026-11-27-acme-crm.toml"


def review_commit_is_whole(root: Path, head: str) -> None:
    """One commit after ``head``: the review and the project file, with the review's subject; nothing left over."""
    assert g(root, "rev-list", "--count", f"{head}..HEAD") == "1"
    assert g(root, "log", "-1", "--format=%s") == "Review acme-crm 2026-11-27: 1 done, 1 action"
    assert sorted(g(root, "show", "--format=", "--name-only", "HEAD").split()) == [ACME, REVIEW]
    assert g(root, "status", "--porcelain") == ""
    project = rtoml.loads(head_text(root, ACME))
    assert project["tasks"]["call-ben-k7q2"]["title"] == "Call Ben"
    assert minutes.drafts(root) == [] and minutes.load_draft(root, "acme-crm") is None
    assert list(minutes.draft_path(root, "acme-crm").parent.iterdir()) == []


def test_a_finish_killed_before_its_commit_is_committed_on_resume(team: Team) -> None:
    meeting(team.a)
    head = finish_killed_before(team.a, "commit")
    assert (team.a / REVIEW).exists() and g(team.a, "rev-parse", "HEAD") == head  # written, not committed
    assert minutes.drafts(team.a) == []  # the app's "review in progress" note: settled, nothing to resume
    review_commit_is_whole(team.a, head)


def test_a_finish_killed_between_its_two_writes_resumes_from_the_draft(team: Team) -> None:
    draft = meeting(team.a)
    head = finish_killed_before(team.a, "project")
    assert (team.a / REVIEW).exists() and g(team.a, "status", "--porcelain") == f"?? {REVIEW}"
    resumed = minutes.load_draft(team.a, "acme-crm")
    assert resumed == draft and not (team.a / REVIEW).exists()  # the half-written finish is taken back
    ws, _ = load_workspace(team.a)
    result = minutes.finish(ws, resumed, TODAY)
    assert result.commit == g(team.a, "rev-parse", "HEAD")
    review_commit_is_whole(team.a, head)


def test_a_finish_killed_after_its_commit_is_not_offered_again(team: Team) -> None:
    draft = meeting(team.a)
    head = finish_killed_before(team.a, "draft")
    assert minutes.draft_path(team.a, "acme-crm").exists()  # the crash left the draft
    ws, _ = load_workspace(team.a)
    result = minutes.finish(ws, draft, TODAY)  # a screen that still held the draft finishes it: the same commit
    assert result.commit == g(team.a, "rev-parse", "HEAD") and result.tasks == ("call-ben-k7q2",)
    review_commit_is_whole(team.a, head)
