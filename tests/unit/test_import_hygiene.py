"""workspace_schema is a library: it never imports Textual or the app."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.helpers.workspace import REPO

LIB = REPO / "workspace_schema"
FORBIDDEN = ("textual", "tui", "rich")


def test_no_module_of_the_library_names_textual_or_tui() -> None:
    offenders = []
    for path in sorted(LIB.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_importing_every_library_module_loads_no_textual() -> None:
    modules = sorted(
        "workspace_schema." + ".".join(p.relative_to(LIB).with_suffix("").parts)
        for p in LIB.rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py")
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=LIB.parent, check=True)
    assert out.stdout.strip() == ""
