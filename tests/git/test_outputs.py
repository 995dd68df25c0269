"""Reports, agendas, minutes and reminder drafts go to out/ in the workspace, which ignores itself.

git never sees out/ (its own .gitignore holds ``*``), sync never counts it as
"changed outside ducu", and neither the loader nor `ducu validate` reads it.
`ducu demo` says where the demo lives on start and on quit.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers.gitteam import sample_clone
from tui.cli import main
from tui.flows.outputs import ensure_out_root, write_output
from workspace_schema.git.status import pending
from workspace_schema.load.loader import load_workspace


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str]) -> Path:
    return sample_clone(tmp_path)


def test_outputs_go_to_out_and_git_does_not_see_them(repo: Path) -> None:
    path = write_output(repo, "reports", "2026-11-27-acme-crm.md", "# Report\n")
    assert path == repo.resolve() / "out" / "reports" / "2026-11-27-acme-crm.md"
    assert path.read_text("utf-8") == "# Report\n"
    write_output(repo, "reminders", "r.txt", "Hi")
    assert git(repo, "status", "--porcelain", "--untracked-files=all", "--ignored=no") == ""
    assert git(repo, "check-ignore", "-q", "out/reports/2026-11-27-acme-crm.md") == ""
    assert pending(repo) == []  # sync's "files changed outside ducu"
    assert (repo / ".gitignore").exists() is False, "no file of the team's changes"
    assert not [p.name for p in repo.iterdir() if p.name.startswith(".ducu-out-")], "no temporary folder left"


def test_out_is_never_loaded_nor_validated(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before, found_before = load_workspace(repo, cache=False)
    assert main(["validate", str(repo)]) == 0
    said_before = capsys.readouterr()
    # plan-looking files in out/, even broken ones, are not the plan
    write_output(repo, "projects", "zz-broken.toml", "this is [not toml")
    write_output(repo, "reports", "acme-crm.toml", "[project]\nid = 'x'\n")
    after, found_after = load_workspace(repo, cache=False)
    assert after.projects.keys() == before.projects.keys() and found_after == found_before
    assert main(["validate", str(repo)]) == 0
    assert capsys.readouterr() == said_before


def test_an_existing_out_folder_is_left_as_the_team_made_it(repo: Path) -> None:
    (repo / "out").mkdir()
    (repo / "out" / "README.md").write_text("our outputs, tracked on purpose\n")
    write_output(repo, "agendas", "a.md", "# Agenda\n")
    assert not (repo / "out" / ".gitignore").exists()
    assert "out/agendas/a.md" in git(repo, "status", "--porcelain", "--untracked-files=all")


def test_a_file_named_out_is_not_replaced(repo: Path) -> None:
    (repo / "out").write_text("mine")
    with pytest.raises(OSError, match="not a folder"):
        write_output(repo, "reports", "r.md", "x")
    assert (repo / "out").read_text() == "mine"
    assert not [p.name for p in repo.iterdir() if p.name.startswith(".ducu-out-")]


def test_out_is_made_once_with_its_gitignore(repo: Path) -> None:
    out = ensure_out_root(repo)
    assert (out / ".gitignore").read_bytes().endswith(b"\n*\n")
    (out / ".gitignore").unlink()  # the team chose to track its outputs
    ensure_out_root(repo)
    assert not (out / ".gitignore").exists()


def test_demo_says_where_it_lives_on_start_and_on_quit(
    tmp_path: Path, no_git_identity: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.cli.workspace as cli_workspace

    seen: list[str] = []

    def fake_open(path: str | None, sync_every: float | None = None) -> int:
        seen.append(capsys.readouterr().out)  # what was printed before the app started
        return 0

    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    monkeypatch.setattr(cli_workspace, "open_app", fake_open)
    assert main(["demo", str(tmp_path / "demo")]) == 0
    root = (tmp_path / "demo").resolve()
    line = f"The demo workspace is in {root} (its remote beside it). Open it again with `ducu {root}`.\n"
    assert seen == [line]
    assert capsys.readouterr().out == line
