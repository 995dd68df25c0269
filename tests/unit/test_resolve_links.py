"""file_bytes.resolve with a load's folder memo must say what realpath says, links or not."""

from __future__ import annotations

import os
from pathlib import Path

from workspace_schema.load.file_bytes import resolve


def test_the_folder_memo_resolves_as_realpath_does(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "projects").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.toml").write_text("", "utf-8")
    (root / "projects" / "plain.toml").write_text("", "utf-8")
    (root / "inner").mkdir()
    (root / "inner" / "y.toml").write_text("", "utf-8")
    links = {
        "projects/to-inside.toml": root / "inner" / "y.toml",
        "projects/to-outside.toml": outside / "x.toml",
        "projects/dangling.toml": root / "nowhere.toml",
        "projects/loop.toml": root / "projects" / "loop.toml",
        "linked-folder": root / "inner",
        "folder-outside": outside,
    }
    for name, target in links.items():
        os.symlink(target, root / name)
    real_root = os.path.realpath(root)
    paths = [
        *links,
        "projects/plain.toml",
        "projects/missing.toml",
        "linked-folder/y.toml",
        "folder-outside/x.toml",
        "projects/../projects/plain.toml",
    ]
    folders: dict[str, str] = {}
    for rel in paths * 2:  # the second time from the memo
        path = root / rel
        assert resolve(path, real_root, folders) == resolve(path, real_root), rel
    assert resolve(root / "folder-outside" / "x.toml", real_root, folders)[1] is False
    assert resolve(root / "linked-folder" / "y.toml", real_root, folders)[1] is True
