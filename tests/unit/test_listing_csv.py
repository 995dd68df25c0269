"""ducu list --format csv: safe to open in a spreadsheet (no formulas run) and, with --bom, readable by Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys

import pytest

from tests.helpers.workspace import REPO, SAMPLE, write_ws
from tui.cli import main
from workspace_schema.views import listing

ROW = {
    "project": "p",
    "id": "m-1",
    "kind": "milestone",
    "title": "t",
    "side": "team",
    "owner": "bob",
    "status": "todo",
    "start": None,
    "due": dt.date(2026, 12, 11),
    "baseline_due": None,
    "done_on": None,
    "days_late": -3,
    "client": "acme",
}


def cells(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\n=1+1"),
        ("-5", "-5"),
        ("+3.5", "+3.5"),
        ("Go-live = done", "Go-live = done"),
        ("华美交付", "华美交付"),
    ],
)
def test_formulas_are_neutralised_and_numbers_kept(title: str, written: str) -> None:
    (row,) = cells(listing.to_csv([{**ROW, "title": title}]))
    assert row["title"] == written


def test_real_numbers_and_dates_are_untouched() -> None:
    (row,) = cells(listing.to_csv([ROW]))
    assert row["days_late"] == "-3" and row["due"] == "2026-12-11" and row["start"] == ""


def test_bom_only_when_asked() -> None:
    assert not listing.to_csv([ROW]).startswith("\ufeff")
    assert listing.to_csv([ROW], bom=True).startswith("\ufeffproject,id,")


def test_cli_bom_writes_utf8_with_a_bom_whatever_the_terminal_encoding() -> None:
    code = f"from tui.cli import main; main(['list', '--format', 'csv', '--bom', '-w', {str(SAMPLE)!r}])"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        check=True,
        cwd=REPO,
        env={"PYTHONIOENCODING": "cp1252", "PATH": ""},
    ).stdout
    assert out.startswith(b"\xef\xbb\xbfproject,id,kind,")
    assert "华美提交微信小程序认证与类目审核材料".encode() in out


def test_cli_bom_is_refused_without_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--bom", "-w", str(SAMPLE)]) == 1
    assert "--bom is for --format csv" in capsys.readouterr().err


def test_a_formula_title_in_a_workspace_reaches_the_csv_neutralised(tmp_path, capsys) -> None:
    project = '[project]\ntitle = "P"\nclient = "acme"\nowner = "alice"\n\n[milestones.m-1]\ntitle = "=1+1"\ndue = 2026-12-11\n'
    write_ws(tmp_path, {"projects/p.toml": project})
    assert main(["list", "--format", "csv", "-w", str(tmp_path)]) == 0
    (row,) = cells(capsys.readouterr().out)
    assert row["title"] == "'=1+1"
