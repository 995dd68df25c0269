"""Where ducu keeps its caches of a workspace, and how it writes them; where a sync notes a merge it is writing.

A workspace's caches (the load cache, project_cache.py; the listing,
views/listing_cache.py; the rules' findings, rules/cache.py; the first
frame's template) live in its clone's git dir, ``.git/ducu/``, where git
neither shows nor commits them; outside a git repository in the user's
cache folder (``$XDG_CACHE_HOME/ducu/load-cache/<hash of the path>-<name>``).
Light to import (no msgspec): ``ducu list`` answers from its cache with this alone.
"""

from __future__ import annotations

import os
from pathlib import Path


def git_dir(root: Path) -> Path | None:
    """The git dir of the repository holding ``root``, found without running git."""
    for folder in (root, *root.parents):
        dot = folder / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():
            try:
                line = dot.read_text("utf-8").strip()
            except OSError:
                return None
            if line.startswith("gitdir:"):
                target = Path(line[len("gitdir:") :].strip())
                return target if target.is_absolute() else (folder / target).resolve()
            return None
    return None


def merge_note(root: Path) -> Path | None:
    """Where git/merge_write.py notes a merge it is writing (None outside git): a stat of it is all a caller pays."""
    folder = git_dir(root)
    return folder / "ducu" / "merge-writing.json" if folder is not None else None


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ducu"


def cache_file(root: Path, name: str) -> Path:
    """Where the cache ``name`` of the workspace at ``root`` is kept: in its clone's git dir, else in the user's cache folder."""
    folder = git_dir(root)
    return folder / "ducu" / name if folder else user_cache_dir() / "load-cache" / f"{_path_hash(root)}-{name}"


def write_cache(path: Path, data: bytes) -> None:
    """Replace the cache file ``path`` with ``data`` in one step; a failure only costs speed next time.

    No fsync: a cache lost in a power cut is rebuilt, unlike a workspace file (atomic.py).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_bytes(data)
        os.replace(temp, path)
    except OSError:
        pass


def _path_hash(root: Path) -> str:
    import hashlib  # only outside git: most caches live in the clone's git dir

    return hashlib.blake2b(str(root.resolve()).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
