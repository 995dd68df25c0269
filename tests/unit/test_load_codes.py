"""The loader's finding codes are listed: in load.codes, by `ducu validate --list-rules`, in docs/format.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.cli import main
from workspace_schema.load.codes import LOAD_CODES
from workspace_schema.rules import RULES

REPO = Path(__file__).resolve().parents[2]
LOAD = REPO / "workspace_schema" / "load"


def codes_the_loader_uses() -> set[str]:
    return {
        code
        for path in LOAD.glob("*.py")
        if path.name != "codes.py"
        for code in re.findall(r'"([A-Z]+[0-9]{3})"', path.read_text("utf-8"))
    }


def test_every_code_the_loader_uses_is_listed_and_documented() -> None:
    used = codes_the_loader_uses()
    assert {"KEY001", "TYPE001", "FILE003"} <= used
    assert used == set(LOAD_CODES)
    assert not set(LOAD_CODES) & set(RULES)
    format_md = (REPO / "docs" / "format.md").read_text("utf-8")
    assert [c for c in LOAD_CODES if f"`{c}`" not in format_md] == []


def test_list_rules_lists_the_loaders_codes_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--list-rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    codes = [line.split()[0] for line in lines]
    assert codes == sorted(codes) and set(codes) == set(LOAD_CODES) | set(RULES)
    for code in ("KEY001", "TYPE001", "FILE003"):
        line = next(line for line in lines if line.startswith(code))
        assert line.split()[1] == "error" and line.split(maxsplit=2)[2] == LOAD_CODES[code][1]
