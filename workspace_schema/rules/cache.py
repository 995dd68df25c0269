"""The rules' findings from the last check, so that a start can show them at once.

The app paints the dashboard as soon as the files are loaded and runs the
rules afterwards (they take 0.2-0.3 s at 20,000 items). Without their
findings the first frame would show a health that an error finding may
change a second later, and rows that move. This cache keeps the last
check's findings keyed by what they were computed from: the workspace's
files (names, sizes and modification times, as ``disk_fingerprint`` takes
them), today's date and the rules' code. The app still runs the rules after
the first paint and shows their answer, so an entry that is wrong for a
reason the key misses lives a second at most.

It is kept next to the load cache (load_cache.cache_file): in the clone's
git dir, never shared.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import msgspec

from workspace_schema.core.findings import Finding
from workspace_schema.load.cache import cache_file, write_cache

VERSION = 1
RULES = Path(__file__).resolve().parent


class Entry(msgspec.Struct, frozen=True):
    version: int
    key: str
    findings: list[Finding]


# (folder, file name, size, mtime in ns) of each file, sorted
Fingerprint = tuple[tuple[str, str, int, int], ...]

_DECODER = msgspec.msgpack.Decoder(Entry)
_ENCODER = msgspec.msgpack.Encoder()


def disk_fingerprint(root: Path) -> Fingerprint:
    """Names, sizes and mtimes of the workspace's files: cheap to take, changes on any edit."""
    items: list[tuple[str, str, int, int]] = []
    for folder in (root, root / "projects", root / "reviews"):
        try:
            with os.scandir(folder) as it:
                for entry in it:
                    if entry.name.endswith(".toml"):
                        try:
                            st = entry.stat()
                        except OSError:  # a dangling link or a loop: the loader says what is wrong with it
                            st = entry.stat(follow_symlinks=False)
                        items.append((folder.name, entry.name, st.st_size, st.st_mtime_ns))
        except OSError:
            continue
    return tuple(sorted(items))


def _code_stamp() -> list[tuple[str, int, int]]:
    stamps = []
    for path in sorted([*RULES.glob("*.py"), *RULES.parent.glob("*.py")]):
        try:
            st = path.stat()
        except OSError:
            continue
        stamps.append((path.name, st.st_size, st.st_mtime_ns))
    return stamps


def key(fingerprint: Fingerprint, today: dt.date) -> str:
    """What a check's findings depend on: the files, the day and the code that checks them."""
    return hashlib.blake2b(repr((fingerprint, today.isoformat(), _code_stamp())).encode(), digest_size=16).hexdigest()


def path(root: Path) -> Path:
    return cache_file(root, f"rules-cache-{VERSION}.msgpack")


def read(root: Path, fingerprint: Fingerprint, today: dt.date) -> list[Finding] | None:
    """The findings of the last check of exactly these files on ``today``; None when there is none."""
    try:
        entry = _DECODER.decode(path(root).read_bytes())
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None
    if entry.version != VERSION or entry.key != key(fingerprint, today):
        return None
    return entry.findings


def write(root: Path, fingerprint: Fingerprint, today: dt.date, findings: list[Finding]) -> None:
    """Keep a check's findings; a failure only costs the next start its early findings."""
    write_cache(path(root), _ENCODER.encode(Entry(VERSION, key(fingerprint, today), findings)))
