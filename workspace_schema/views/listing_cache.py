"""`ducu list`'s last answer, kept with what it was made from, so asking again prints it without a load.

    kept = lookup(root, options)          # options: everything the command was asked, as one string
    if kept.text is None:                 # not kept, or made from something that has changed since
        text = ...                        # load the workspace and make the listing
        kept.save(text, today, ws.settings.timezone)

The answer is kept in the clone's git dir (``.git/ducu/listing-<VERSION>``,
load/cache.py says where outside git) with its key, and it is used only when
the key is the same now:

- the stat (size, mtime, ctime, inode) of workspace.toml, people.toml, the
  projects folder and each file in it: what the listing is made from (the
  timezone, the team, people's names and organisations, the items). They
  are taken before the load reads the files;
- the options and the workspace's path;
- the code: the Python version and the stat of every module of
  workspace_schema's core, load and views packages (an edited or
  reinstalled ducu makes a new listing);
- today: ``DUCU_TODAY`` as it is set, and the instants between which the
  date in the workspace's timezone stays the day the listing was made for
  (clock.day_bounds: until the next midnight; never kept across a change of
  offset, on a daylight-saving day);

and when no file of the key was changed in the ``RACY_NS`` before the key
was taken, or after: git's rule for a racily clean index. A file changed in
the same clock tick as the stat that was kept has the same stat; so a file
whose times are not older than the key (with a margin for the clock's
ticks and for filesystems that keep whole seconds) is taken as changed, and
the listing is made again until it is older. Nothing here imports msgspec
or the loader: a kept answer costs a stat of each file and a read.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from workspace_schema.load.cache import cache_file, merge_note, write_cache

if TYPE_CHECKING:
    import datetime as dt

__all__ = ["NAME", "RACY_NS", "VERSION", "Kept", "lookup", "root_of"]

VERSION = 1
NAME = f"listing-{VERSION}"
RACY_NS = 3_000_000_000  # FAT keeps times to 2 s; coarse kernel clocks lag a tick; with room to spare
FILES = ("workspace.toml", "people.toml")
FOLDERS = ("projects",)
CODE = ("core", "load", "views")  # workspace_schema's packages that make a listing
_LIBRARY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def root_of(path: str | None) -> Path | None:
    """The workspace folder ``path`` names (default: the one holding the current folder), as tui.cli finds it.

    Found as loader.find_root finds it, without importing the loader; None
    when the command line must say why there is none.
    """
    if path is not None:
        return None if path.startswith("-") else Path(path).absolute()
    try:
        here = Path.cwd().resolve()
    except OSError:  # the current folder is gone
        return None
    for folder in (here, *here.parents):
        if (folder / "workspace.toml").is_file():
            return folder
    return None


class Kept:
    """The key of a listing now, and the listing kept under that key, if any (``text``)."""

    __slots__ = ("key", "path", "root", "stamp", "text")

    def __init__(self, root: Path | None, path: Path | None, key: str | None, stamp: int, text: str | None) -> None:
        self.root = root  # the workspace; None when none was found, or a merge must be finished first
        self.path = path  # where the listing is kept; None when it cannot be
        self.key = key  # None: a file's stat could not be taken, or one changed too recently to trust
        self.stamp = stamp
        self.text = text

    def save(self, text: str, today: dt.date, timezone: str) -> None:
        """Keep ``text``, made for ``today`` from the files as they were when the key was taken, while that holds.

        Not kept when a file of the key changed within RACY_NS of it, or
        when it is no longer ``today`` in the workspace's timezone, or the
        offset changes before midnight (clock.day_bounds). A failure to
        write only costs speed next time.
        """
        if self.path is None or self.key is None:
            return
        from workspace_schema.core import clock

        bounds = clock.day_bounds(today, timezone)
        if bounds is None:
            return
        head = f"ducu-listing {VERSION}\n{bounds[0]} {bounds[1]} {self.stamp}\n{len(self.key)}\n"
        write_cache(self.path, (head + self.key + text).encode("utf-8", "surrogatepass"))


def lookup(root: Path | None, options: str, now: int | None = None) -> Kept:
    """The key of the listing of ``root`` with ``options`` (taken now), and the listing kept under it.

    ``now`` (ns since the epoch) is for tests; by default the system's clock.
    """
    stamp = time.time_ns() if now is None else now
    if root is None:
        return Kept(None, None, None, stamp, None)
    path = cache_file(root, NAME)
    note = merge_note(root)
    if note is not None and os.path.lexists(note):  # a sync stopped while writing a merge: finish it first
        return Kept(None, path, None, stamp, None)
    key = _key(root, options, stamp)
    return Kept(root, path, key, stamp, None if key is None else _kept(path, key, stamp))


def _kept(path: Path, key: str, now: int) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        magic, window, size, rest = data.decode("utf-8", "surrogatepass").split("\n", 3)
        lo, hi, _ = (int(n) for n in window.split())
        n = int(size)
    except ValueError:
        return None
    if magic != f"ducu-listing {VERSION}" or not lo <= now < hi or rest[:n] != key:
        return None
    return rest[n:]


def _key(root: Path, options: str, stamp: int) -> str | None:
    """What the listing is made from, as one text; None when a file changed within RACY_NS of ``stamp``."""
    parts = [sys.version, os.fspath(root), options, os.environ.get("DUCU_TODAY", "")]
    newest = 0
    for name in FILES:
        try:
            st = os.stat(root / name)
        except OSError:
            parts.append(f"{name}\t-")
            continue
        parts.append(f"{name}\t{st.st_size}\t{st.st_mtime_ns}\t{st.st_ctime_ns}\t{st.st_ino}")
        newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
    for folder in FOLDERS:
        where = root / folder
        try:
            st = os.stat(where)
            with os.scandir(where) as it:
                entries = sorted(it, key=lambda e: e.name)
            parts.append(f"{folder}/\t{st.st_mtime_ns}\t{st.st_ctime_ns}\t{st.st_ino}")
            newest = max(newest, st.st_mtime_ns, st.st_ctime_ns)
            for entry in entries:
                est = entry.stat()  # follows a link: its file's stat
                parts.append(f"{entry.name}\t{est.st_size}\t{est.st_mtime_ns}\t{est.st_ctime_ns}\t{est.st_ino}")
                newest = max(newest, est.st_mtime_ns, est.st_ctime_ns)
        except OSError:  # missing, unreadable, a dangling link: the load says what, and nothing is kept
            return None
    if newest >= stamp - RACY_NS:
        return None
    for package in CODE:
        try:
            with os.scandir(os.path.join(_LIBRARY, package)) as it:
                code = sorted((e.name, e.stat()) for e in it if e.name.endswith(".py"))
        except OSError:
            return None
        parts.extend(f"{package}/{name}\t{st.st_size}\t{st.st_mtime_ns}\t{st.st_ino}" for name, st in code)
    return "\0".join(parts) + "\0"
