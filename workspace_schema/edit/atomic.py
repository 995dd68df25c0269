"""Atomic file writes: a file is either its old bytes or its new bytes, never half.

The new bytes go to a temporary file in the same folder (so the rename does
not cross file systems), which is flushed to disk, renamed over the target
with os.replace, and then the folder is flushed so the rename itself
survives a power cut. The temporary file is named ``.<name>.ducu-XXXX.tmp``:
hidden, and not a ``.toml`` file, so neither the loader nor git's usual
patterns pick it up if a crash leaves it behind.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import stat
import time
from pathlib import Path

ABSENT = "absent"  # expect_sha256 value meaning "the file must not exist yet"


class ChangedOnDisk(Exception):
    """The file on disk is not the one the caller read (see atomic_write's expect_sha256)."""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


NOT_A_FILE = "not a plain file"  # disk_sha256 of a folder, pipe or device: never a digest anyone expects


def disk_sha256(path: str | os.PathLike[str]) -> str:
    """The sha256 of the file's bytes, ABSENT when there is no such file, NOT_A_FILE for a pipe, device or folder.

    Opened without blocking and checked before reading: a named pipe put in
    the file's place must not hang the check.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return ABSENT
    except IsADirectoryError:
        return NOT_A_FILE
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return NOT_A_FILE
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)


def atomic_write(path: str | os.PathLike[str], data: bytes, *, expect_sha256: str | None = None) -> None:
    """Replace the file at ``path`` with ``data`` atomically.

    The file mode of an existing file is kept; a new file gets the usual mode
    (0o666 less the umask). With ``expect_sha256`` (a digest, or ABSENT) the
    bytes on disk are checked just before the rename, and ChangedOnDisk is
    raised (and nothing is written) when they are not the expected ones.
    On any failure before the rename the temporary file is removed. A
    target that exists and is not a plain file (``--out /dev/null``, a pipe,
    a folder) is refused with OSError: the rename would replace it.
    """
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)  # write through a link, keep it
    folder = target.parent
    try:
        st = os.stat(target)
    except FileNotFoundError:
        mode: int | None = None
    else:
        if not stat.S_ISREG(st.st_mode):  # renaming over /dev/null or a pipe would replace it with a file
            raise OSError(
                errno.EINVAL,
                "not a plain file (a folder, device, pipe or socket); ducu writes only plain files",
                str(path),
            )
        mode = st.st_mode & 0o7777
    tmp, fd = _create_temp(folder, target.name)
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if expect_sha256 is not None and disk_sha256(target) != expect_sha256:
            raise ChangedOnDisk(str(target))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_folder(folder)
    _remove_stale_temps(folder, target.name)


STALE_TEMP_SECONDS = 600


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Remove this file's temporary files left by a writer killed before its rename (older than
    STALE_TEMP_SECONDS, so none that a live writer is still filling); `git status` lists them otherwise."""
    prefix = f".{name}.ducu-"
    now = time.time()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                    try:
                        if (
                            entry.is_file(follow_symlinks=False)
                            and now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS
                        ):
                            os.unlink(entry.path)
                    except OSError:
                        pass
    except OSError:
        pass


def _create_temp(folder: Path, name: str) -> tuple[str, int]:
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.ducu-{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        return tmp, fd
    raise FileExistsError(f"cannot create a temporary file in {folder}")


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable. Not every platform can open a folder (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):  # file systems that cannot sync a folder
            raise
    finally:
        os.close(fd)
