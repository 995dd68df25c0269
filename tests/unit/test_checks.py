"""The checks that keep the house standing run with the suite: ruff, mypy and import-linter.

Each is one test, so pytest-xdist runs them beside the others; their
configuration is in pyproject.toml (mypy: strict on workspace_schema, with
Textual's types on tui; import-linter: the layers of docs/architecture.md).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "."),
        ("ruff", "format", "--check", "."),
    ],
    ids=["ruff check", "ruff format"],
)
def test_ruff(command: tuple[str, ...]) -> None:
    out = run(sys.executable, "-m", *command)
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy() -> None:
    out = run(sys.executable, "-m", "mypy")  # the files and strictness come from pyproject.toml
    assert out.returncode == 0, out.stdout + out.stderr


def test_import_linter_contracts() -> None:
    out = run(str(BIN / "lint-imports"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "BROKEN" not in out.stdout
