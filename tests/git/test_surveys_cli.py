"""`ducu survey` records an answered survey as a new file in one commit; `ducu surveys` shows the trends."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers.gitteam import sample_clone
from tui.cli import main


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    return sample_clone(tmp_path)


def test_a_survey_is_a_new_file_and_one_commit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    head = git(repo, "rev-parse", "HEAD")
    args = ["survey", "huamei-miniapp", "schedule=3", "support=4", "--by", "wangwei", "--nps", "7", "-w", str(repo)]
    assert main([*args, "--comment", "接口文档还是晚了"]) == 0
    path = repo / "surveys" / "2026-11-27-huamei-miniapp.toml"
    assert path.read_text("utf-8") == (
        "#:schema ../.ducu/schema/survey.json\n\n[survey]\n"
        'project = "huamei-miniapp"\nkind = "periodic"\nanswered_on = 2026-11-27\nanswered_by = "wangwei"\n'
        'schedule = 3\nsupport = 4\nnps = 7\ncomment = "接口文档还是晚了"\n'
    )
    assert git(repo, "rev-list", "--count", f"{head}..HEAD") == "1"
    assert git(repo, "log", "-1", "--format=%s") == (
        "huamei-miniapp: survey by wangwei on 2026-11-27 (schedule 3, support 4, NPS 7)"
    )
    assert git(repo, "show", "--name-only", "--format=", "HEAD") == "surveys/2026-11-27-huamei-miniapp.toml"
    assert git(repo, "status", "--porcelain") == ""
    assert main([*args, "--close-out"]) == 0  # a second one that day: its own file
    assert (repo / "surveys" / "2026-11-27-huamei-miniapp-2.toml").is_file()
    assert 'kind = "close-out"' in (repo / "surveys" / "2026-11-27-huamei-miniapp-2.toml").read_text("utf-8")
    capsys.readouterr()
    assert main(["surveys", "--client", "huamei", "-w", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "schedule       ▆▅" in out and "last 3 (2026-11-27)" in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["acme-crm", "quality=6", "--by", "dgreen"], "quality = 6: a score is 1 to 5"),
        (["acme-crm", "mood=4", "--by", "dgreen"], "`mood` is not a survey dimension"),
        (["acme-crm", "quality=4", "--by", "dana"], "`dana` is not in people.toml"),
        (["acme", "quality=4", "--by", "dgreen"], "no project `acme`"),
        (["acme-crm", "--by", "dgreen"], "give at least one score"),
        (["acme-crm", "quality=good", "--by", "dgreen"], "write DIMENSION=N"),
        (["acme-crm", "quality=4", "--by", "dgreen", "--nps", "11"], "the net promoter score is 0 to 10"),
    ],
)
def test_a_wrong_survey_writes_nothing_and_says_why(
    repo: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    head = git(repo, "rev-parse", "HEAD")
    assert main(["survey", *args, "-w", str(repo)]) == 1
    assert said in capsys.readouterr().err
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""
