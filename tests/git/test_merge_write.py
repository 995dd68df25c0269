"""Sync's clean merges are made before any file changes and written file by file atomically.

Real git, two clones of the sample and a bare remote (tests/helpers/gitteam.py).
"""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest

from tests.helpers.gitteam import DUE, Team, edit, g, make_team, value
from workspace_schema.git import merge_write, sync
from workspace_schema.load.loader import load_workspace

PORTAL = ("greenleaf-portal", "title")
ACME_FILE, PORTAL_FILE = "projects/acme-crm.toml", "projects/greenleaf-portal.toml"
MINIAPP = ("huamei-miniapp", "status")


@pytest.fixture
def team(tmp_path: Path, git_identity: dict[str, str]) -> Team:
    return make_team(tmp_path)


def hook(repo: Path, name: str, script: str) -> None:
    path = repo / ".git" / "hooks" / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def teammate_changes_two_files(team: Team) -> None:
    edit(team.a, *DUE, dt.date(2026, 12, 18))
    edit(team.a, *PORTAL, "Portal, second phase")
    assert sync.sync(team.a).status == "synced"


def test_a_clean_merge_is_one_commit_with_both_parents_and_leaves_nothing_to_commit(team: Team) -> None:
    a, b = team.a, team.b
    (a / "tools").mkdir()
    (a / "tools" / "check.sh").write_bytes(b"#!/bin/sh\necho ok\n")
    (a / "tools" / "check.sh").chmod(0o755)
    (a / "notes.txt").write_bytes(b"one\ntwo\n")
    (a / ".gitattributes").write_text((a / ".gitattributes").read_text("utf-8") + "notes.txt eol=crlf\n", "utf-8")
    g(a, "add", "-A")
    g(a, "commit", "-q", "-m", "Tools and notes")
    teammate_changes_two_files(team)
    mine = edit(b, *MINIAPP, "on_hold")

    result = sync.sync(b)

    assert result.status == "synced", result.message
    assert result.pulled == 3 and result.pushed == 2
    parents = g(b, "rev-list", "--parents", "-n", "1", "HEAD").split()[1:]
    assert parents == [mine, g(a, "rev-parse", "HEAD")]
    assert g(b, "log", "-1", "--format=%s") == "Merge remote-tracking branch 'origin/main'"
    assert g(b, "status", "--porcelain", "--untracked-files=all") == ""  # files, modes and index agree with HEAD
    assert (b / "notes.txt").read_bytes() == b"one\r\ntwo\r\n"  # written as git checks it out
    assert (b / "tools" / "check.sh").stat().st_mode & stat.S_IXUSR
    assert value(b, *DUE) == dt.date(2026, 12, 18) and value(b, *PORTAL) == "Portal, second phase"
    assert value(b, *MINIAPP) == "on_hold"
    assert sync.sync(a).status == "synced" and value(a, *MINIAPP) == "on_hold"


def stop_after_one_file(b: Path) -> str:
    """Sync ``b`` and kill it after the merge wrote its first file; that file's path."""
    real_write = merge_write._write
    written: list[str] = []

    def killed_after_one(top: Path, path: str, *args: object) -> None:
        if written:
            raise KeyboardInterrupt  # the process dies here
        real_write(top, path, *args)  # type: ignore[arg-type]
        written.append(path)

    with pytest.MonkeyPatch.context() as patch:  # its own: undoing the test's would drop git_identity too
        patch.setattr(merge_write, "_write", killed_after_one)
        with pytest.raises(KeyboardInterrupt):
            sync.sync(b)
    return written[0]


def test_a_merge_stopped_between_two_files_is_finished_by_the_next_command(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    """The kill the atomic writes are for: every file stays whole, the branch has not moved, and the
    next ducu command finishes the merge from its note before it reads a file."""
    from tui.cli import main

    a, b = team.a, team.b
    teammate_changes_two_files(team)
    edit(b, *MINIAPP, "on_hold")
    before = g(b, "rev-parse", "HEAD")
    first = stop_after_one_file(b)

    assert g(b, "rev-parse", "HEAD") == before
    _, findings = load_workspace(b)
    assert not [f for f in findings if f.level == "error"]
    assert g(b, "status", "--porcelain") == f"M {first}"  # g strips the leading blank
    assert (b / ".git/ducu/merge-writing.json").exists()

    assert main(["list", "-w", str(b)]) == 0
    assert "finished the merge a stopped sync was writing" in capsys.readouterr().err
    assert g(b, "status", "--porcelain") == "" and not (b / ".git/ducu/merge-writing.json").exists()
    assert g(b, "rev-list", "--parents", "-n", "1", "HEAD").split()[1:] == [before, g(a, "rev-parse", "HEAD")]
    assert value(b, *DUE) == dt.date(2026, 12, 18) and value(b, *PORTAL) == "Portal, second phase"

    result = sync.sync(b)
    assert result.status == "synced", result.message
    assert sync.sync(a).status == "synced"
    for root in (a, b):
        assert value(root, *DUE) == dt.date(2026, 12, 18)
        assert value(root, *PORTAL) == "Portal, second phase"
        assert value(root, *MINIAPP) == "on_hold"
    assert g(b, "rev-parse", "HEAD") == g(a, "rev-parse", "HEAD") == team.remote_head()


def test_a_stopped_merge_is_no_edit_of_ones_own_when_the_teammate_moves_on(team: Team) -> None:
    """Without the note, the half-written file would be committed as b's own edit of the teammate's values,
    and the teammate's next change of the same field would conflict with it (the soak's crash run found it)."""
    a, b = team.a, team.b
    teammate_changes_two_files(team)
    edit(b, *MINIAPP, "on_hold")
    stop_after_one_file(b)
    edit(a, *DUE, dt.date(2026, 12, 24))  # the teammate moves the same date again
    edit(a, *PORTAL, "Portal, third phase")
    assert sync.sync(a).status == "synced"

    result = sync.sync(b)

    assert result.status == "synced", result.message
    assert value(b, *DUE) == dt.date(2026, 12, 24) and value(b, *PORTAL) == "Portal, third phase"


def test_a_file_changed_by_hand_after_the_stop_is_left_and_named(team: Team) -> None:
    b = team.b
    teammate_changes_two_files(team)
    edit(b, *MINIAPP, "on_hold")
    first = stop_after_one_file(b)
    other = next(p for p in (ACME_FILE, PORTAL_FILE) if p != first)
    (b / other).write_text((b / other).read_text("utf-8") + "\n# typed by hand\n", "utf-8")

    result = sync.sync(b)

    assert result.status == "error" and other in result.message and "changed since" in result.message
    assert (b / other).read_text("utf-8").endswith("# typed by hand\n")  # nothing typed is lost


def test_a_file_saved_while_the_merge_is_written_is_kept_and_the_sync_stops(team: Team) -> None:
    """The hook runs after the merge was planned and before any file is written: a save then."""
    b = team.b
    teammate_changes_two_files(team)
    edit(b, *MINIAPP, "on_hold")
    before = g(b, "rev-parse", "HEAD")
    hook(b, "pre-merge-commit", 'printf "\\n# saved meanwhile\\n" >> projects/acme-crm.toml\n')

    result = sync.sync(b)

    assert result.status == "error"
    assert "changed while the merge was made; nothing was merged" in result.message
    assert (b / "projects/acme-crm.toml").read_text("utf-8").endswith("# saved meanwhile\n")
    assert g(b, "rev-parse", "HEAD") == before
    (b / ".git" / "hooks" / "pre-merge-commit").unlink()
    again = sync.sync(b)
    assert again.status == "synced", again.message
    assert (b / "projects/acme-crm.toml").read_text("utf-8").endswith("# saved meanwhile\n")
    assert value(b, *DUE) == dt.date(2026, 12, 18)


def test_a_refusing_pre_merge_commit_hook_is_left_to_git_merge_which_says_why(team: Team) -> None:
    b = team.b
    teammate_changes_two_files(team)
    edit(b, *MINIAPP, "on_hold")
    hook(b, "pre-merge-commit", "echo 'merges are frozen this week' >&2\nexit 1\n")

    result = sync.sync(b)

    assert result.status == "error"
    assert "merges are frozen this week" in result.message
    assert "git merge --abort" in result.message  # git left the merge in progress: the way on is named


def test_a_fast_forward_writes_the_files_and_moves_the_branch(team: Team) -> None:
    b = team.b
    teammate_changes_two_files(team)

    result = sync.sync(b)

    assert result.status == "synced" and result.pulled == 2, result.message
    assert g(b, "rev-parse", "HEAD") == team.remote_head()
    assert g(b, "status", "--porcelain") == ""
    assert value(b, *DUE) == dt.date(2026, 12, 18)
