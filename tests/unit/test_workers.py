"""Thread workers that take arguments name themselves: Textual would repr() the arguments on the UI thread.

``@work`` builds a worker's description from ``repr()`` of its arguments
unless it is given one, on the thread that starts it. A workspace's repr
takes 0.25 s at 20,000 items and a State's 0.7 s: a key, an edit or a
screen switch waited that long (benchmarks/startup_keys.py found it).
"""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"


def work_decorators(tree: ast.AST) -> list[tuple[ast.FunctionDef, ast.Call]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and getattr(deco.func, "id", getattr(deco.func, "attr", "")) == "work":
                    found.append((node, deco))
    return found


def test_a_worker_with_arguments_has_a_description() -> None:
    missing = []
    for path in sorted(TUI.rglob("*.py")):
        for fn, deco in work_decorators(ast.parse(path.read_text("utf-8"))):
            params = [a.arg for a in [*fn.args.args, *fn.args.kwonlyargs]][1:]
            if (params or fn.args.vararg or fn.args.kwarg) and not any(k.arg == "description" for k in deco.keywords):
                missing.append(f"{path.relative_to(TUI.parent)}:{fn.lineno} {fn.name}")
    assert not missing, "give these @work(...) a description= (their arguments would be repr()'d):\n" + "\n".join(
        missing
    )
