"""The `ducu` command line, run in-process on real folders and real git."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import rtoml

from tests.helpers.workspace import SAMPLE, write_ws
from tui.cli import main
from workspace_schema.export.schema import schema_texts

BAD_PROJECT = """\
[project]
title = "x"
client = "acme"
owner = "alice"

[milestones.m1]
title = "M1"
due = "next week"
done_criteria = "the demo runs"

[milestones.m1.raci]
responsible = ["alice"]
accountable = "alice"
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def test_validate_clean_workspace_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_ws(tmp_path)
    assert main(["validate", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "0 errors" in err


def test_validate_reports_file_line_level_code_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ws(tmp_path, {"projects/p.toml": BAD_PROJECT})
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 1
    out = capsys.readouterr().out
    assert 'projects/p.toml:8: error TYPE001 `milestones.m1.due` = "next week" is not valid' in out


def test_validate_json_is_a_list_of_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_ws(tmp_path, {"projects/p.toml": BAD_PROJECT})
    assert main(["validate", str(tmp_path), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert {"level": "error", "code": "TYPE001", "file": "projects/p.toml", "line": 8}.items() <= findings[0].items()


def test_validate_not_a_workspace_exits_2_with_advice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    assert "ducu init" in capsys.readouterr().err


def test_a_relative_workspace_path_prints_relative_files_and_a_missing_one_its_full_path(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_ws(tmp_path / "plans", {"projects/p.toml": BAD_PROJECT})
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "plans"]) == 1
    assert capsys.readouterr().out.startswith("plans/projects/p.toml:8: error TYPE001")
    assert main(["validate", "gone"]) == 2
    assert f"{tmp_path / 'gone'}: no such folder" in capsys.readouterr().err


def test_validate_strict_fails_on_warnings(tmp_path: Path) -> None:
    # an overdue milestone is a warning
    write_ws(tmp_path, {"projects/p.toml": BAD_PROJECT.replace('due = "next week"', "due = 2020-01-01")})
    assert main(["validate", str(tmp_path)]) == 0
    assert main(["validate", str(tmp_path), "--strict"]) == 1


def test_validate_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--list-rules"]) == 0
    out = capsys.readouterr().out
    assert "RACI001" in out and "error" in out


def test_schema_prints_and_writes_every_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {
        "workspace",
        "people",
        "clients",
        "project",
        "review",
        "survey",
        "improvements",
        "evaluations",
    }
    milestone = printed["project"]["$defs"]["Milestone"]
    assert "due" in milestone["properties"] and milestone["additionalProperties"] is False
    assert not any(k.startswith("@") for k in milestone["properties"])
    assert main(["schema", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "clients.json",
        "evaluations.json",
        "improvements.json",
        "people.json",
        "project.json",
        "review.json",
        "survey.json",
        "workspace.json",
    ]


def test_sample_workspace_ships_current_schemas() -> None:
    for name, text in schema_texts().items():
        assert (SAMPLE / ".ducu" / "schema" / name).read_text("utf-8") == text, (
            "run: ducu schema --out sample_workspace/.ducu/schema"
        )


def test_init_creates_a_valid_committed_workspace(
    tmp_path: Path, git_identity: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "plans"
    assert main(["init", str(root), "--name", "Northwind", "--team", "northwind", "--timezone", "Asia/Shanghai"]) == 0
    settings = rtoml.load(root / "workspace.toml")["workspace"]
    assert (settings["name"], settings["team"], settings["timezone"]) == ("Northwind", "northwind", "Asia/Shanghai")
    assert "*.toml merge=ducu" in (root / ".gitattributes").read_text()
    assert git(root, "status", "--porcelain") == ""
    assert "Start the ducu workspace" in git(root, "log", "--format=%s")
    assert "Test Author" in git(root, "log", "--format=%an")
    files = git(root, "ls-files").split()
    assert {"workspace.toml", "people.toml", "clients.toml", "README.md", ".ducu/schema/project.json"} <= set(files)
    capsys.readouterr()
    assert main(["validate", str(root)]) == 0
    # a second init refuses and changes nothing
    assert main(["init", str(root)]) == 2
    assert "already holds a workspace" in capsys.readouterr().err


def test_init_without_git_identity_writes_files_and_says_how(
    tmp_path: Path, no_git_identity: None, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "plans"
    code = main(["init", str(root)])
    err = capsys.readouterr().err
    assert (root / "workspace.toml").exists()
    if code == 1:  # git could not guess an identity on this machine
        assert "git config --global user.email" in err
    else:
        assert code == 0


def test_init_rejects_bad_timezone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "x"), "--timezone", "Mars/Olympus"]) == 2
    assert not (tmp_path / "x").exists()


def test_demo_makes_a_clone_of_a_local_bare_remote(
    tmp_path: Path, no_git_identity: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    outer = tmp_path / "outer"
    outer.mkdir()
    subprocess.run(["git", "init", "-q", str(outer)], check=True)
    monkeypatch.chdir(outer)  # started from inside another repository
    assert main(["demo", str(tmp_path / "demo"), "--no-open"]) == 0
    root = Path(capsys.readouterr().out.strip())
    assert root == (tmp_path / "demo").resolve()
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "rev-parse", "HEAD") == git(root, "rev-parse", "origin/main")
    remote = git(root, "remote", "get-url", "origin").strip()
    assert Path(remote).is_dir() and git(Path(remote), "rev-parse", "--is-bare-repository").strip() == "true"
    # the repository it was started from is untouched
    assert subprocess.run(["git", "-C", str(outer), "rev-parse", "HEAD"], capture_output=True).returncode != 0
    assert git(outer, "status", "--porcelain") == ""
    # same dates as the sample when today is the sample's day
    assert (root / "projects").is_dir()
    for src in SAMPLE.rglob("*.toml"):
        assert (root / src.relative_to(SAMPLE)).read_text("utf-8") == src.read_text("utf-8")


def test_demo_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    assert main(["demo", str(tmp_path / "x"), "--no-open"]) == 2
    assert (tmp_path / "x" / "keep.txt").read_text() == "mine"


def test_open_outside_a_workspace_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([]) == 2
    assert "ducu demo" in capsys.readouterr().err


def test_the_command_map_names_what_each_module_registers() -> None:
    """`ducu list` builds the parser of tui.cli.reports alone: tui.cli.MODULES must say where each command is."""
    import argparse
    import importlib

    from tui.cli import MODULES

    for name, commands in MODULES.items():
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(name).add_parsers(sub)
        assert tuple(sub.choices) == commands, name


def test_a_command_imports_only_its_own_module() -> None:
    code = (
        "import sys; from tui.cli import main\n"
        "try:\n    main(['list', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('LOADED', ','.join(sorted(m for m in sys.modules if m.startswith('tui.cli.'))), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[2], check=True
    )
    assert proc.stderr.strip().splitlines()[-1] == "LOADED tui.cli.helpers,tui.cli.reports"


def test_opening_the_app_imports_no_command_module() -> None:
    """`ducu PATH` builds no command's parser: their imports were ~30 ms of the app's first paint."""
    code = (
        "import sys, tui.cli as cli\n"
        "cli.open_app = lambda path, every: print('OPEN', path, every, file=sys.stderr) or 0\n"
        "cli.main(['some/where', '--sync-every', '5'])\n"
        "print('LOADED', ','.join(sorted(m for m in sys.modules if m.startswith('tui.cli.'))), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[2], check=True
    )
    assert proc.stderr.strip().splitlines()[-2:] == ["OPEN some/where 5.0", "LOADED tui.cli.helpers"]


def test_a_command_after_the_path_says_it_comes_first(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["some/where", "list"])
    assert stop.value.code == 2
    assert "a command comes first: `ducu list --help`" in capsys.readouterr().err
