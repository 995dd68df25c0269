"""A cache of loaded project files, so a reopen parses only what changed.

Clean project files (the loader had nothing to report) are kept as msgpack
in the clone's git dir (``.git/ducu/load-cache-<version>.msgpack``), keyed by
path and a hash of the file's bytes, with the line of every table header.
Reading and hashing the bytes is cheap; parsing, converting and scanning
them is not, and decoding the cache is several times faster. Keying by
content rather than size and mtime means no edit can ever be served stale.
Outside a git repository the cache lives in the user's cache folder
(``$XDG_CACHE_HOME/ducu/load-cache/<hash of the path>.msgpack``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import msgspec

from workspace_schema.core.records import Project

VERSION = 3  # 3: projects gained support, trainings, lessons and structured incentives


class Entry(msgspec.Struct, frozen=True, array_like=True):
    digest: bytes
    project: Project
    headers: list[tuple[tuple[str, ...], int]]


class CacheFile(msgspec.Struct, frozen=True):
    version: int
    entries: dict[str, Entry]


_DECODER = msgspec.msgpack.Decoder(CacheFile)
_ENCODER = msgspec.msgpack.Encoder()


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
    return hashlib.blake2b(str(root.resolve()).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class LoadCache:
    """Read once at the start of a load, written once at its end."""

    def __init__(self, root: Path) -> None:
        self.path = cache_file(root, f"load-cache-{VERSION}.msgpack")
        self.old: dict[str, Entry] = {}
        self.new: dict[str, Entry] = {}
        if self.path is not None:
            try:
                cached = _DECODER.decode(self.path.read_bytes())
                if cached.version == VERSION:
                    self.old = cached.entries
            except (OSError, msgspec.DecodeError, msgspec.ValidationError):
                self.old = {}

    def get(self, rel: str, key: bytes) -> Entry | None:
        entry = self.old.get(rel)
        if entry is None or entry.digest != key:
            return None
        self.new[rel] = entry
        return entry

    def put(self, rel: str, key: bytes, project: Project, headers: dict[tuple[str, ...], int]) -> None:
        self.new[rel] = Entry(key, project, list(headers.items()))

    def save(self) -> None:
        """Write the cache if it changed; a failure only costs speed next time."""
        if self.path is None or (
            self.new.keys() == self.old.keys() and all(self.new[k] is self.old[k] for k in self.new)
        ):
            return
        write_cache(self.path, _ENCODER.encode(CacheFile(VERSION, self.new)))
