"""Where things are, and small workspaces for tests: the sample copied, minimal workspaces written, git identity.

Every test imports shared helpers the same way, as ``tests.helpers.<module>``
(``python -m pytest`` from the repository puts it on ``sys.path``); nothing
imports ``conftest``, which only holds fixtures.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
SAMPLE = REPO / "sample_workspace"
BENCHMARKS = REPO / "benchmarks"

# Tests that commit set their own identity: CI machines have none.
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
}

MINIMAL_WORKSPACE = """\
[workspace]
name = "Test"
timezone = "Asia/Shanghai"
team = "us"
"""

MINIMAL_PEOPLE = """\
[people.alice]
name = "Alice"
emails = ["alice@example.com"]
org = "us"

[people.bob]
name = "Bob"
org = "acme"
"""

MINIMAL_CLIENTS = """\
[clients.acme]
name = "Acme"
sponsor = "bob"
"""


def copy_sample(where: Path, name: str = "ws") -> Path:
    """A writable copy of the sample at ``where / name``: tests that edit never touch the source tree."""
    return Path(shutil.copytree(SAMPLE, where / name, ignore=shutil.ignore_patterns("__pycache__")))


def write_ws(root: Path, files: dict[str, str] | None = None, *, base: bool = True) -> Path:
    """Write a workspace: the minimal three files plus ``files`` (dedented)."""
    contents = {}
    if base:
        contents = {"workspace.toml": MINIMAL_WORKSPACE, "people.toml": MINIMAL_PEOPLE, "clients.toml": MINIMAL_CLIENTS}
    contents.update(files or {})
    for rel, text in contents.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root
