"""A cache of loaded project files, so a reopen parses only what changed.

Clean project files (the loader had nothing to report) are kept as msgpack
in the clone's git dir (``.git/ducu/load-cache-<version>.msgpack``), keyed by
path and a hash of the file's bytes, with the line of every table header.
Reading and hashing the bytes is cheap; parsing, converting and scanning
them is not, and decoding the cache is several times faster. Keying by
content rather than size and mtime means no edit can ever be served stale.
Outside a git repository the cache lives in the user's cache folder
(cache.py says where).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import msgspec

from workspace_schema.core.records import Project
from workspace_schema.load.cache import cache_file, write_cache

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
