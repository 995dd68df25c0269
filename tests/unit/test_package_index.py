"""Each package's __init__ names its modules in its docstring and in ``__all__`` (docs/architecture.md)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [
    "workspace_schema.core",
    "workspace_schema.edit",
    "workspace_schema.export",
    "workspace_schema.export.charts",
    "workspace_schema.views",
    "workspace_schema.notify",
    "workspace_schema.publish",
    "tui.render",
]


@pytest.mark.parametrize("name", PACKAGES)
def test_the_package_index_names_every_module(name: str) -> None:
    package = importlib.import_module(name)
    folder = ROOT.joinpath(*name.split("."))
    modules = sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_"))
    described = set(re.findall(r"^(\w+)\s", package.__doc__ or "", re.MULTILINE))
    assert [m for m in modules if m not in package.__all__] == []
    assert [m for m in modules if m not in described] == []
