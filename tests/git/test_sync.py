"""Commits and sync against real git: a bare remote and clones in tmp_path, no mocks.

The first clone gets the sample workspace and pushes it with ``sync``; the
others are ``git clone``s of the remote. Every test checks what matters to
the team: which commits exist where, what the files say, and that nothing
was force-pushed, reset or dropped.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.workspace import copy_sample
from tui.cli import main
from workspace_schema.edit.edits import locate, set_field
from workspace_schema.edit.values import current_values
from workspace_schema.git import commit as commits
from workspace_schema.git import remote, sync
from workspace_schema.git import runner as G
from workspace_schema.git import status as repo_status
from workspace_schema.load.loader import load_workspace

DUE = ("acme-crm/data-export-k3f9", "due")  # a milestone due date in projects/acme-crm.toml
ACME = "projects/acme-crm.toml"


def g(cwd: Path, *args: str, check: bool = True) -> str:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k.startswith(("GIT_AUTHOR", "GIT_COMMITTER"))
    }
    proc = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout.strip()


def head(root: Path) -> str:
    return g(root, "rev-parse", "HEAD")


def is_ancestor(root: Path, commit: str, of: str) -> bool:
    return (
        subprocess.run(
            ["git", "-C", str(root), "merge-base", "--is-ancestor", commit, of], capture_output=True
        ).returncode
        == 0
    )


def tree(root: Path) -> str:
    return g(root, "rev-parse", "HEAD^{tree}")


def history(root: Path, ref: str = "HEAD") -> set[str]:
    return set(g(root, "rev-list", ref).split())


def edit(root: Path, ref: str, field: str, value: object) -> str:
    """An edit as the app makes it: set one field, then one commit."""
    ws, _ = load_workspace(root)
    return commits.commit_change(root, set_field(ws, ref, field, value))


def value(root: Path, ref: str, field: str) -> object:
    ws, _ = load_workspace(root)
    target = locate(ws, ref)
    return current_values(target.record, target.cls)[field]


@dataclass
class Team:
    remote: Path
    a: Path
    b: Path
    c: Path

    def remote_head(self) -> str:
        return g(self.remote, "rev-parse", "refs/heads/main")


@pytest.fixture
def team(tmp_path: Path, git_identity: dict[str, str]) -> Team:
    remote = tmp_path / "remote.git"
    g(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(remote))
    a = copy_sample(tmp_path, "a")
    g(a, "init", "-q", "--initial-branch=main")
    g(a, "add", "-A")
    g(a, "commit", "-q", "-m", "Start the workspace")
    g(a, "remote", "add", "origin", str(remote))
    first = sync.sync(a)  # the first push: the branch follows nothing, sync pushes to origin all the same
    assert first.status == "synced", first.message
    assert repo_status.status(a).upstream == "origin/main"
    clones = []
    for name in ("b", "c"):
        g(tmp_path, "clone", "-q", str(remote), name)
        clones.append(tmp_path / name)
    return Team(remote, a, *clones)


def hook(repo: Path, name: str, script: str) -> None:
    path = repo / ".git" / "hooks" / name
    path.write_text("#!/bin/sh\nunset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC | stat.S_IXGRP | stat.S_IXOTH)


# --- one commit per edit ---------------------------------------------------------


def test_commit_change_commits_only_its_file_with_trailers(team: Team) -> None:
    a = team.a
    (a / "people.toml").write_text((a / "people.toml").read_text("utf-8") + "# a note\n", encoding="utf-8")
    ws, _ = load_workspace(a)
    change = set_field(ws, DUE[0], DUE[1], dt.date(2026, 12, 18), reason="Acme DBA on leave")
    sha = commits.commit_change(a, change)
    assert sha == head(a)
    assert g(a, "show", "--name-only", "--format=", sha).splitlines() == [ACME]
    message = g(a, "log", "-1", "--format=%B")
    assert message.splitlines()[0].startswith("acme-crm: data-export-k3f9 due")
    assert "Ducu-Item: acme-crm/data-export-k3f9" in message and "Ducu-Field: due" in message
    assert "Ducu-Reason: Acme DBA on leave" in message
    assert g(a, "log", "-1", "--format=%an <%ae>") == "Test Author <author@example.com>"
    assert repo_status.pending(a) == ["people.toml"]  # the hand edit is still there, not committed


def test_commit_change_of_an_unchanged_file_says_so(team: Team) -> None:
    ws, _ = load_workspace(team.a)
    change = set_field(ws, DUE[0], DUE[1], value(team.a, *DUE))  # the same date: nothing written
    with pytest.raises(commits.NothingToCommit):
        commits.commit_change(team.a, change)


def test_pending_lists_workspace_files_and_commit_pending_lists_them(team: Team) -> None:
    a = team.a
    with (a / ACME).open("a", encoding="utf-8") as f:
        f.write("# edited in an editor\n")
    (a / "reviews" / "2026-12-01-acme-crm.toml").write_text('[review]\nproject = "acme-crm"\n', encoding="utf-8")
    (a / "notes").mkdir()
    (a / "notes" / "new.toml").write_text("x = 1\n", encoding="utf-8")
    (a / ".gitattributes").write_text("*.toml merge=ducu\n*.svg text eol=lf\n", encoding="utf-8")
    (a / "README.md").write_text("changed\n", encoding="utf-8")
    (a / "scratch.txt").write_text("not ours\n", encoding="utf-8")
    (a / "people.toml").unlink()
    expected = [".gitattributes", "notes/new.toml", "people.toml", ACME, "reviews/2026-12-01-acme-crm.toml"]
    assert repo_status.pending(a) == expected
    before = head(a)
    sha = commits.commit_pending(a)
    assert sha is not None and g(a, "rev-parse", f"{sha}^") == before
    assert g(a, "log", "-1", "--format=%B") == "Edits made outside ducu\n\n" + "\n".join(f"- {f}" for f in expected)
    assert sorted(g(a, "show", "--name-only", "--format=", sha).splitlines()) == sorted(expected)
    assert repo_status.pending(a) == [] and commits.commit_pending(a) is None
    assert g(a, "status", "--porcelain").splitlines() == ["M README.md", "?? scratch.txt"]  # README not staged either
    assert g(a, "diff", "--cached", "--name-only") == ""


def test_a_workspace_in_a_subfolder_of_the_repository(tmp_path: Path, git_identity: dict[str, str]) -> None:
    repo = tmp_path / "repo"
    copy_sample(repo, "plans")
    (repo / "other.toml").write_text("x = 1\n", encoding="utf-8")
    g(repo, "init", "-q", "--initial-branch=main")
    g(repo, "add", "-A")
    g(repo, "commit", "-q", "-m", "start")
    ws_root = repo / "plans"
    (repo / "other.toml").write_text("x = 2\n", encoding="utf-8")
    edit(ws_root, *DUE, dt.date(2026, 12, 18))
    with (ws_root / "people.toml").open("a", encoding="utf-8") as f:
        f.write("# note\n")
    assert repo_status.pending(ws_root) == ["people.toml"]
    assert g(repo, "show", "--name-only", "--format=", "HEAD") == f"plans/{ACME}"


# --- two people, one remote -----------------------------------------------------------


def test_edits_to_different_files_and_items_merge_and_both_clones_converge(team: Team) -> None:
    a, b = team.a, team.b
    edit(a, "acme-crm/data-export-k3f9", "due", dt.date(2026, 12, 18))
    mine = edit(b, "huamei-miniapp", "status", "on_hold")
    edit(b, "acme-crm/dedupe-rules-j5sp", "status", "blocked")  # same file as a's edit, another item
    first = sync.sync(a)
    assert (first.status, first.pushed, first.pulled) == ("synced", 1, 0)
    second = sync.sync(b)
    assert second.status == "synced", second.message
    assert (second.ahead_before, second.behind_before) == (2, 1)
    assert (second.pulled, second.pushed) == (1, 3)  # two edits and the merge commit
    assert (second.ahead_after, second.behind_after) == (0, 0)
    third = sync.sync(a)
    assert (third.status, third.pulled, third.pushed) == ("synced", 3, 0)
    assert tree(a) == tree(b) == g(team.remote, "rev-parse", "main^{tree}")
    for root in (a, b):
        assert value(root, "acme-crm/data-export-k3f9", "due") == dt.date(2026, 12, 18)
        assert value(root, "acme-crm/dedupe-rules-j5sp", "status") == "blocked"
        assert value(root, "huamei-miniapp", "status") == "on_hold"
    assert mine in history(team.remote, "main")
    again = sync.sync(a)
    assert again.status == "nothing" and "nothing to pull or push" in again.message


def test_same_field_changed_differently_is_a_conflict_and_nothing_is_lost(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = team.a, team.b
    theirs = edit(a, *DUE, dt.date(2026, 12, 18))
    assert sync.sync(a).status == "synced"
    ours = edit(b, *DUE, dt.date(2027, 1, 8))
    remote_before = team.remote_head()

    assert main(["sync", "-w", str(b)]) == 3
    err = capsys.readouterr().err
    assert ACME in err and "git merge --abort" in err
    st = repo_status.status(b)
    assert st.conflicted == (ACME,) and st.merge_in_progress
    assert ours in history(b) and theirs in history(b, "MERGE_HEAD")
    assert team.remote_head() == remote_before  # nothing pushed, nothing forced
    again = sync.sync(b)  # still waiting for the resolution: refused, nothing touched
    assert again.status == "conflicts" and again.conflicted == (ACME,)

    g(b, "checkout", "--ours", "--", ACME)
    g(b, "add", "--", ACME)
    g(b, "commit", "-q", "--no-edit")
    done = sync.sync(b)
    assert done.status == "synced" and done.pushed == 2
    assert {ours, theirs} <= history(team.remote, "main")
    assert theirs in history(team.remote, remote_before) and remote_before in history(team.remote, "main")
    assert sync.sync(a).status == "synced"
    assert tree(a) == tree(b)
    assert value(a, *DUE) == dt.date(2027, 1, 8)


def test_cli_sync_exit_codes_and_messages(team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(team.a, *DUE, dt.date(2026, 12, 18))
    assert main(["sync", "-w", str(team.a)]) == 0
    assert capsys.readouterr().out.startswith("Synced with origin/main: pushed 1 commit.")
    assert main(["sync", "--workspace", str(team.a)]) == 0
    assert "nothing to pull or push" in capsys.readouterr().out
    assert main(["sync", "-w", str(tmp_path / "nowhere")]) == 2
    plain = copy_sample(tmp_path, "plain")
    assert main(["sync", "-w", str(plain)]) == 1
    assert "not in a git repository" in capsys.readouterr().err


# --- offline and failures -----------------------------------------------------------


def test_remote_gone_before_sync_is_offline_and_keeps_the_commit(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    b = team.b
    mine = edit(b, *DUE, dt.date(2026, 12, 18))
    away = team.remote.with_name("remote-away.git")
    team.remote.rename(away)
    assert main(["sync", "-w", str(b)]) == 4
    err = capsys.readouterr().err
    assert "offline" in err and "1 commit is kept" in err
    result = sync.sync(b)
    assert result.status == "offline" and result.ahead_after == 1
    assert head(b) == mine
    away.rename(team.remote)
    back = sync.sync(b)
    assert back.status == "synced" and back.pushed == 1
    assert team.remote_head() == mine


def test_remote_gone_between_fetch_and_push_is_offline_and_merge_is_kept(team: Team) -> None:
    a, b = team.a, team.b
    theirs = edit(a, "huamei-miniapp", "status", "on_hold")
    assert sync.sync(a).status == "synced"
    mine = edit(b, *DUE, dt.date(2026, 12, 18))
    g(b, "config", "remote.origin.pushurl", str(team.remote.with_name("gone.git")))  # fetch works, push cannot reach
    result = sync.sync(b)
    assert result.status == "offline", result.message
    assert result.pulled == 1 and "push to origin" in result.message and "kept here" in result.message
    assert {mine, theirs} <= history(b)
    g(b, "config", "--unset", "remote.origin.pushurl")
    back = sync.sync(b)
    assert (back.status, back.pulled, back.pushed) == ("synced", 0, 2)
    assert mine in history(team.remote, "main")


def test_no_remote_works_offline_and_commits_pending_edits(tmp_path: Path, git_identity: dict[str, str]) -> None:
    root = copy_sample(tmp_path, "solo")
    g(root, "init", "-q", "--initial-branch=main")
    g(root, "add", "-A")
    g(root, "commit", "-q", "-m", "start")
    with (root / ACME).open("a", encoding="utf-8") as f:
        f.write("# by hand\n")
    result = sync.sync(root)
    assert result.status == "offline"
    assert result.message.startswith("no remote: ducu works offline; add one with git remote add origin URL")
    assert result.committed == head(root) and repo_status.pending(root) == []
    st = repo_status.status(root)
    assert st.upstream is None and st.remotes == () and st.last_sync is None


def test_credentials_refused_is_an_error_that_says_so(team: Team) -> None:
    b = team.b
    mine = edit(b, *DUE, dt.date(2026, 12, 18))
    # A real transport that fails like ssh does when the key is refused.
    g(b, "config", "protocol.ext.allow", "always")
    refuse = "echo 'git@example.com: Permission denied (publickey).' >&2; exit 128"
    g(b, "remote", "set-url", "origin", "ext::sh -c " + refuse.replace(" ", "% "))
    result = sync.sync(b)
    assert result.status == "error"
    assert "did not accept your credentials" in result.message and "Permission denied (publickey)" in result.message
    assert "kept here" in result.message and head(b) == mine


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("fatal: unable to access 'https://example.com/x.git/': Could not resolve host: example.com", "offline"),
        (
            "ssh: connect to host example.com port 22: Connection refused\nfatal: Could not read from remote repository.",
            "offline",
        ),
        ("fatal: '/tmp/x.git' does not appear to be a git repository", "offline"),
        (
            "remote: Invalid username or password.\nfatal: Authentication failed for 'https://example.com/x.git/'",
            "auth",
        ),
        ("fatal: could not read Username for 'https://example.com': terminal prompts disabled", "auth"),
        ("git@example.com: Permission denied (publickey).\nfatal: Could not read from remote repository.", "auth"),
        ("error: src refspec main does not match any", None),
    ],
)
def test_remote_problems_are_told_apart(said: str, kind: str | None) -> None:
    assert remote.remote_problem(said) == kind


@pytest.mark.parametrize("moment", ["pre-push", "post-merge"])
def test_push_race_fetches_merges_and_pushes_again(team: Team, moment: str) -> None:
    """c pushes while b syncs: during b's push (the remote refuses to move its ref) or between
    b's merge and push (the remote says fetch first). b merges c's commit and pushes again."""
    a, b, c = team.a, team.b, team.c
    edit(a, "acme-crm/dedupe-rules-j5sp", "status", "blocked")
    assert sync.sync(a).status == "synced"  # so b has something to merge (and post-merge runs)
    g(c, "pull", "-q", "--no-rebase")
    edit(c, "huamei-miniapp", "status", "on_hold")
    racer = head(c)
    mine = edit(b, *DUE, dt.date(2026, 12, 18))
    once = b / ".git" / "raced"
    hook(b, moment, f'[ -f "{once}" ] || {{ touch "{once}"; git -C "{c}" push -q origin main; }}\n')
    result = sync.sync(b, retries=3)
    assert result.status == "synced", result.message
    assert result.attempts == 2 and result.pulled == 2
    assert {mine, racer} <= history(team.remote, "main")
    assert team.remote_head() == head(b)


def test_push_race_lost_every_time_stops_after_the_retries(team: Team) -> None:
    b, c = team.b, team.c
    mine = edit(b, *DUE, dt.date(2026, 12, 18))
    script = (
        f'cd "{c}" && echo "# race $(date +%s%N)" >> people.toml && git commit -q -am race && git push -q origin main\n'
    )
    hook(b, "pre-push", script)
    result = sync.sync(b, retries=2)
    assert result.status == "error"
    assert result.attempts == 3 and "kept moving" in result.message and "kept here" in result.message
    assert mine in history(b) and mine not in history(team.remote, "main")
    assert len(history(team.remote, "main")) == 1 + 3  # the start and c's three racing commits, nothing of b forced


def test_detached_head_is_refused(team: Team) -> None:
    b = team.b
    g(b, "checkout", "-q", "--detach")
    with (b / ACME).open("a", encoding="utf-8") as f:
        f.write("# by hand\n")
    before = head(b)
    result = sync.sync(b)
    assert result.status == "error" and "detached" in result.message and "git switch main" in result.message
    assert head(b) == before and repo_status.pending(b) == [ACME]
    assert repo_status.status(b).branch is None


def test_merge_and_rebase_started_by_hand_are_refused(team: Team) -> None:
    a, b = team.a, team.b
    edit(a, *DUE, dt.date(2026, 12, 18))
    assert sync.sync(a).status == "synced"
    mine = edit(b, *DUE, dt.date(2027, 1, 8))
    g(b, "fetch", "-q")
    g(b, "merge", "origin/main", check=False)
    result = sync.sync(b)
    assert result.status == "conflicts" and result.conflicted == (ACME,) and "git merge --abort" in result.message
    g(b, "checkout", "--theirs", "--", ACME)
    g(b, "add", "--", ACME)
    resolved = sync.sync(b)  # resolved but not committed: refused, with the way on
    assert resolved.status == "error" and "git merge --continue" in resolved.message
    commits.finish_merge(b)
    assert sync.sync(b).status == "synced" and mine in history(team.remote, "main")

    edit(a, *DUE, dt.date(2027, 2, 1))
    assert sync.sync(a).status == "synced"
    edit(b, *DUE, dt.date(2027, 3, 1))
    g(b, "fetch", "-q")
    g(b, "rebase", "origin/main", check=False)
    st = repo_status.status(b)
    assert st.rebase_in_progress
    rebase = sync.sync(b)
    assert (
        rebase.status == "error"
        and "git rebase --continue" in rebase.message
        and "git rebase --abort" in rebase.message
    )
    g(b, "rebase", "--abort")
    assert sync.sync(b).status == "conflicts"


def test_staged_changes_the_app_did_not_make_are_refused_and_listed(team: Team) -> None:
    b = team.b
    (b / "README.md").write_text("staged by hand\n", encoding="utf-8")
    g(b, "add", "README.md")
    edit(b, *DUE, dt.date(2026, 12, 18))  # the app's own commit is fine: it commits only its file
    with (b / "people.toml").open("a", encoding="utf-8") as f:
        f.write("# staged, then changed again\n")
    g(b, "add", "people.toml")
    with (b / "people.toml").open("a", encoding="utf-8") as f:
        f.write("# more\n")
    before = head(b)
    st = repo_status.status(b)
    assert st.staged_by_others == ("README.md", "people.toml")
    result = sync.sync(b)
    assert (
        result.status == "error"
        and "README.md, people.toml" in result.message
        and "git restore --staged" in result.message
    )
    assert head(b) == before and g(team.remote, "rev-parse", "main") != before
    assert g(b, "diff", "--cached", "--name-only").splitlines() == ["README.md", "people.toml"]
    ws, _ = load_workspace(b)
    with pytest.raises(commits.StagedByOthers) as refused:
        commits.commit_change(b, set_field(ws, "people/raj", "role", "Principal engineer"))
    assert refused.value.files == ["people.toml"]


def test_staged_workspace_file_equal_to_the_file_is_just_pending(team: Team) -> None:
    b = team.b
    with (b / ACME).open("a", encoding="utf-8") as f:
        f.write("# by hand\n")
    g(b, "add", ACME)
    assert repo_status.status(b).staged_by_others == ()
    result = sync.sync(b)
    assert result.status == "synced" and result.committed is not None and result.pushed == 1


def test_status_counts_and_last_sync(team: Team) -> None:
    a, b = team.a, team.b
    edit(a, *DUE, dt.date(2026, 12, 18))
    assert sync.sync(a).status == "synced"
    edit(b, "huamei-miniapp", "status", "on_hold")
    with (b / "people.toml").open("a", encoding="utf-8") as f:
        f.write("# note\n")
    g(b, "fetch", "-q")
    st = repo_status.status(b)
    assert (st.branch, st.upstream, st.ahead, st.behind) == ("main", "origin/main", 1, 1)
    assert st.pending == ("people.toml",) and not st.merge_in_progress and st.last_sync is None
    result = sync.sync(b)
    assert result.status == "synced"
    st = repo_status.status(b)
    assert (st.ahead, st.behind, st.pending) == (0, 0, ())
    assert st.last_sync is not None and abs((dt.datetime.now(dt.UTC) - st.last_sync).total_seconds()) < 60
    assert (Path(g(b, "rev-parse", "--absolute-git-dir")) / "ducu" / "last-sync").is_file()


def test_a_branch_that_follows_nothing_counts_against_origin_and_sync_leaves_it_so(team: Team) -> None:
    a, b = team.a, team.b  # a pushed first without --set-upstream: its main follows no remote branch
    assert subprocess.run(["git", "-C", str(a), "config", "branch.main.remote"], capture_output=True).returncode == 1
    edit(b, "huamei-miniapp", "status", "on_hold")
    assert sync.sync(b).status == "synced"
    edit(a, *DUE, dt.date(2026, 12, 18))
    st = repo_status.status(a)
    assert (st.upstream, st.ahead, st.behind) == ("origin/main", 1, 0)  # the status bar's counts, before a fetch
    g(a, "fetch", "-q", "origin")
    st = repo_status.status(a)
    assert (st.upstream, st.ahead, st.behind) == ("origin/main", 1, 1)
    result = sync.sync(a)
    assert (result.status, result.pulled, result.pushed) == ("synced", 1, 2), result.message
    assert (result.ahead_before, result.behind_before, result.ahead_after, result.behind_after) == (1, 1, 0, 0)
    assert (repo_status.status(a).ahead, repo_status.status(a).behind) == (0, 0)
    assert head(a) == team.remote_head()
    assert (
        subprocess.run(["git", "-C", str(a), "config", "--get-regexp", "^branch\\."], capture_output=True).stdout == b""
    )


def test_errors_after_a_merge_are_reported_but_the_push_happens(team: Team) -> None:
    a, b = team.a, team.b
    text = (a / ACME).read_text("utf-8")
    (a / ACME).write_text(text.replace('owner = "raj"', 'owner = "nobody-here"', 1), encoding="utf-8")
    assert sync.sync(a).status == "synced"
    mine = edit(b, "huamei-miniapp", "status", "on_hold")
    result = sync.sync(b)
    assert result.status == "synced" and result.pushed == 2
    assert result.errors and any("nobody-here" in f.message for f in result.errors)
    assert "ducu validate" in result.message
    assert mine in history(team.remote, "main")


# --- many rounds, three people ----------------------------------------------------------

KEYS = [
    ("acme-crm/data-export-k3f9", "due"),
    ("acme-crm/data-export-k3f9", "status"),
    ("acme-crm/crm-config-h8rw", "due"),
    ("acme-crm/dedupe-rules-j5sp", "status"),
    ("acme-crm/import-script-x2m1", "due"),
    ("huamei-miniapp", "status"),
    ("huamei-miniapp", "due"),
    ("greenleaf-portal", "status"),
]
STATUSES = {"acme-crm/": ["todo", "doing", "waiting", "blocked", "done"], "": ["planned", "active", "on_hold", "done"]}


def _random_value(rng: random.Random, ref: str, field: str) -> object:
    if field == "due":
        return dt.date(2026, 12, 1) + dt.timedelta(days=rng.randrange(120))
    return rng.choice(STATUSES["acme-crm/" if "/" in ref else ""])


def test_convergence_3_clones_50_random_rounds(team: Team) -> None:
    """Random edits and syncs by three people; conflicts resolved by taking theirs.

    At the end every clone has the same tree, and every field holds its last
    edit that was not thrown away by a "theirs" resolution (an edit is thrown
    away when its clone resolves a conflict in that file before the edit
    reached the remote).
    """
    rng = random.Random(20261127)
    clones = [team.a, team.b, team.c]
    original = {key: value(team.a, *key) for key in KEYS}
    edits: list[dict] = []  # in the order they were made
    outcomes: list[str] = []

    def do_sync(root: Path) -> None:
        result = sync.sync(root)
        outcomes.append(result.status)
        if result.status == "conflicts":
            theirs = g(root, "rev-parse", "MERGE_HEAD")
            for f in result.conflicted:
                g(root, "checkout", "--theirs", "--", f)
                g(root, "add", "--", f)
            g(root, "commit", "-q", "--no-edit")
            for e in edits:  # our edits to those files that the remote did not have are gone
                if (
                    e["file"] in result.conflicted
                    and is_ancestor(root, e["sha"], "HEAD^1")
                    and not is_ancestor(root, e["sha"], theirs)
                ):
                    e["lost"] = True
        else:
            assert result.status in ("synced", "nothing"), result.message

    for _ in range(50):
        root = rng.choice(clones)
        if rng.random() < 0.6:
            ref, field = rng.choice(KEYS)
            new = _random_value(rng, ref, field)
            ws, _ = load_workspace(root)
            change = set_field(ws, ref, field, new)
            if not change.fields:
                continue
            sha = commits.commit_change(root, change)
            edits.append({"key": (ref, field), "value": new, "sha": sha, "file": change.file, "lost": False})
        else:
            do_sync(root)

    for _ in range(4):  # everyone syncs until nothing moves
        for root in clones:
            do_sync(root)
        if len({head(r) for r in clones} | {team.remote_head()}) == 1:
            break
    assert len({tree(r) for r in clones}) == 1 and head(team.a) == team.remote_head()
    # the seed exercises clean merges, conflicts and edits thrown away by them
    assert outcomes.count("conflicts") >= 2 and outcomes.count("synced") >= 10
    assert 0 < sum(e["lost"] for e in edits) < len(edits)
    assert all(is_ancestor(team.a, e["sha"], "HEAD") for e in edits)  # no commit dropped, not even the overruled ones
    for key in KEYS:
        kept = [e for e in edits if e["key"] == key and not e["lost"]]
        expected = kept[-1]["value"] if kept else original[key]
        for root in clones:
            assert value(root, *key) == expected, (key, root.name)


def test_without_a_git_identity_nothing_is_committed_and_it_says_how(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = team.a, team.b
    edit(a, *DUE, dt.date(2026, 12, 18))
    assert sync.sync(a).status == "synced"
    mine = edit(b, "huamei-miniapp", "status", "on_hold")
    with (b / "people.toml").open("a", encoding="utf-8") as f:
        f.write("# by hand\n")
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    g(b, "config", "user.useConfigOnly", "true")
    result = sync.sync(b)
    assert result.status == "error" and "git config --global user.email" in result.message
    assert head(b) == mine and repo_status.pending(b) == ["people.toml"]
    g(b, "checkout", "--", "people.toml")
    merging = sync.sync(b)  # the merge commit needs an identity too
    assert merging.status == "error" and "git config --global user.email" in merging.message
    assert head(b) == mine and not repo_status.status(b).merge_in_progress


def test_cli_sync_registers_the_merge_driver_once(
    team: Team, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from workspace_schema.merge.driver import DRIVER_NOTICE, driver_command

    assert main(["sync", "-w", str(team.b)]) == 0
    assert capsys.readouterr().err.startswith(f"ducu: {DRIVER_NOTICE}\n")
    assert g(team.b, "config", "--local", "merge.ducu.driver") == driver_command()
    assert driver_command().endswith(
        " -P -m workspace_schema.merge %O %A %B %P"
    )  # this Python, never the clone's modules
    assert main(["sync", "-w", str(team.b)]) == 0
    assert "merge driver" not in capsys.readouterr().err  # already set up: nothing said


def test_sync_shares_baseline_tags_without_moving_any(team: Team) -> None:
    a, b = team.a, team.b
    g(a, "tag", "-a", "baseline/acme-crm/2026-11-27", "-m", "agreed plan")
    assert sync.sync(a).status in ("synced", "nothing")
    assert sync.sync(b).status in ("synced", "nothing")
    assert g(b, "tag", "--list", "baseline/*") == "baseline/acme-crm/2026-11-27"
    # a tag of the same name pointing elsewhere on one side is left alone, and sync still succeeds
    g(b, "tag", "-d", "baseline/acme-crm/2026-11-27")
    edit(b, *DUE, dt.date(2026, 12, 18))
    g(b, "tag", "-a", "baseline/acme-crm/2026-11-27", "-m", "other")
    mine = g(b, "rev-parse", "baseline/acme-crm/2026-11-27")
    assert sync.sync(b).status == "synced"
    assert g(b, "rev-parse", "baseline/acme-crm/2026-11-27") == mine


def test_a_commit_that_fails_after_its_add_leaves_nothing_staged(team: Team) -> None:
    """A process killed between git's add and commit must not leave the file staged (the next edit would be refused)."""
    from tests.helpers.gitteam import edit as edit_and_commit

    hook = team.a / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 1\n")  # the commit stops after the add, as a kill there would
    hook.chmod(0o755)
    with pytest.raises(G.GitError):
        edit_and_commit(team.a, "acme-crm/data-export-k3f9", "due", dt.date(2026, 12, 24))
    assert g(team.a, "diff", "--cached", "--name-only") == ""
    hook.unlink()
    assert sync.sync(team.a).status == "synced"  # the saved edit is committed as a pending file
    assert "due = 2026-12-24" in g(team.a, "show", "HEAD:projects/acme-crm.toml")


def test_a_plan_file_removed_with_git_rm_is_synced(team: Team) -> None:
    g(team.a, "rm", "-q", "--", "projects/greenleaf-intranet.toml")
    result = sync.sync(team.a)
    assert result.status == "synced", result.message
    assert "projects/greenleaf-intranet.toml" not in g(team.a, "ls-tree", "-r", "--name-only", "HEAD")
    assert g(team.a, "status", "--porcelain") == ""
