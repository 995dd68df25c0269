"""The taplo CLI (the pip package `taplo`, a test dependency), or a clean skip where it is missing."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest


def taplo_cli() -> str:
    """The path of the taplo command; skips the test when there is none."""
    found = shutil.which("taplo") or str(Path(sys.executable).parent / "taplo")
    if not Path(found).exists():
        pytest.skip("taplo is not installed (pip install taplo)")
    return found
