"""`ducu scorecard`, `ducu incentives [--evaluate]` and `ducu evaluate` on the sample, with real commits."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import rtoml

from tests.helpers.gitteam import sample_clone
from tui.cli import main
from workspace_schema.views.listing import width

ACME = "projects/acme-crm.toml"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    root = sample_clone(tmp_path)
    monkeypatch.chdir(root)
    return root


def test_scorecard_text_aligns_chinese_names_and_json_has_every_number(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scorecard", "--by", "person"]) == 0  # this quarter by default
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2026-Q4" and lines[1].startswith("Subject  ")
    on_time = lines[1].index("On time")
    for name in ("陈美 (Chen Mei)", "李娜", "王伟", "Raj Patel"):
        row = next(line for line in lines if line.startswith(name))
        cell = len(row) - len(row[len(name) :].lstrip(" "))  # where the On time cell starts, in characters
        assert width(row[:cell]) == on_time  # ... and in terminal cells it is under its header
    assert main(["scorecard", "--by", "client", "--period", "2026-Q4", "--format", "json"]) == 0
    cards = {c["subject"]: c for c in json.loads(capsys.readouterr().out)}
    assert list(cards) == ["acme", "huamei", "greenleaf"]
    assert (cards["acme"]["delivered"], cards["acme"]["incentives_at_risk"]) == (1, 1)
    assert cards["huamei"]["late_open"] == 2


def test_scorecard_refuses_a_bad_period_and_an_unknown_subject(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scorecard", "--period", "Q4"]) == 1
    assert "'Q4' is not a period; write a quarter (2026-Q4)" in capsys.readouterr().err
    assert main(["scorecard", "--subject", "acem"]) == 1
    assert "no client 'acem' in clients.toml; there are: acme, huamei, greenleaf" in capsys.readouterr().err


def test_evaluate_adds_the_file_in_one_commit_and_the_scorecard_shows_it(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not (repo / "evaluations.toml").exists()
    assert (
        main(
            [
                "evaluate",
                "acme",
                "--period",
                "2026-Q4",
                "--outcome",
                "reward",
                "--note",
                "export early",
                "--by",
                "hannah",
            ]
        )
        == 0
    )
    text = (repo / "evaluations.toml").read_text()
    assert text.startswith("#:schema ./.ducu/schema/evaluations.json\n\n[evaluations.acme-2026-q4-")
    assert git(repo, "show", "--format=", "--name-only", "HEAD").split() == ["evaluations.toml"]
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "2" and git(repo, "status", "--porcelain") == ""
    capsys.readouterr()
    assert main(["scorecard", "--subject", "acme"]) == 0
    assert "Evaluations                           reward (hannah, 2026-11-27): export early" in capsys.readouterr().out
    assert main(["evaluate", "acme", "--period", "2026-Q9", "--outcome", "reward"]) == 1
    assert "'2026-Q9' is not a period" in capsys.readouterr().err


def test_incentives_lists_and_evaluate_records_the_missed_one_in_one_commit(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["incentives"]) == 0
    out = capsys.readouterr().out
    assert "acme-crm/data-export-k3f9             at risk        2026-12-04  due 2026-12-11, after 2026-12-04" in out
    assert main(["incentives", "--evaluate"]) == 0
    assert "nothing to record" in capsys.readouterr().out
    before = (repo / ACME).read_text()
    monkeypatch.setenv("DUCU_TODAY", "2026-12-05")  # a day past its baseline, still waiting on Acme
    assert main(["incentives", "--evaluate"]) == 0
    assert "acme-crm/data-export-k3f9: missed" in capsys.readouterr().out
    assert (repo / ACME).read_text() == before.replace(
        'reward = "Go-live support hours doubled"\n',
        'reward = "Go-live support hours doubled"\nevaluated_on = 2026-12-05\nearned = false\n',
    )
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "2"
    assert "Ducu-Field: incentive.earned" in git(repo, "log", "-1", "--format=%B")
    inc = rtoml.load(repo / ACME)["milestones"]["data-export-k3f9"]["incentive"]
    assert inc["earned"] is False
    assert main(["incentives", "--evaluate"]) == 0  # written already: nothing more
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "2"
