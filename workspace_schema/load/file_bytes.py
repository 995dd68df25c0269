"""Reading one file of a workspace: a plain file, inside the tree, of bounded size.

A workspace is a git clone that anyone on the team (or a pulled commit, or
an unpacked archive) can fill with odd things. Reading one of its files ends
with the file's bytes or with a reason, in bounded time and memory:

- a link, or a linked folder on the way, that leads outside the workspace
  is not followed: its target could be /etc/passwd or /dev/zero, and its
  bytes would end up in findings or, worse, be edited;
- only a plain file is read: opening a named pipe (FIFO) blocks until
  someone writes to it, a device such as /dev/zero never ends, a folder has
  no bytes. The type is checked before opening, and again on the open file
  (opened non-blocking, so even a pipe swapped in meanwhile cannot hang);
- the size is checked before reading, and the read stops one byte past the
  limit even if the file grows meanwhile, so a 50 MB file costs no memory.
"""

from __future__ import annotations

import errno
import os
import stat

MAX_FILE_BYTES = 5 * 1024 * 1024

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class Unreadable(Exception):
    """Why a file is not read: ``code`` (FILE001...) and a message that says what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def resolve(path: str | os.PathLike[str], root: str, folders: dict[str, str] | None = None) -> tuple[str, bool]:
    """Where ``path`` really is (every link followed), and whether that is inside ``root``.

    ``root`` is a real path already (``os.path.realpath``): a loader resolves
    its workspace once, not once per file. ``folders`` keeps the real path of
    each folder resolved during one load: a file that is no link is then
    where its folder really is (one lstat, not realpath's walk from /: 10 ms
    of 500 project files).
    """
    real = _real(os.fspath(path), folders) if folders is not None else os.path.realpath(path)
    base = root if root.endswith(os.sep) else root + os.sep
    return real, real == root or real.startswith(base)


def _real(path: str, folders: dict[str, str]) -> str:
    head, name = os.path.split(path)
    if name in ("", ".", ".."):
        return os.path.realpath(path)
    try:
        if stat.S_ISLNK(os.lstat(path).st_mode):
            return os.path.realpath(path)
    except OSError:
        pass  # gone, or not to be looked at: realpath would give the same name in the same folder
    folder = folders.get(head)
    if folder is None:
        folder = folders[head] = os.path.realpath(head)
    return os.path.join(folder, name)


def read_file(
    path: str | os.PathLike[str], *, root: str, limit: int = MAX_FILE_BYTES, folders: dict[str, str] | None = None
) -> bytes:
    """The bytes of the plain file at ``path``, which must stay inside ``root`` (a real path, see resolve).

    Raises Unreadable with a finding's code and message, or FileNotFoundError
    when there is no such file (the caller knows whether that is a problem).
    ``folders``: as for resolve.
    """
    real, inside = resolve(path, root, folders)
    if not inside:
        how = "is a link to" if os.path.islink(path) else "is in a linked folder that leads to"
        raise Unreadable(
            "FILE005", f"{how} {real}, outside the workspace; ducu does not follow it. Replace the link with the file."
        )
    try:
        _check(os.stat(real), limit)  # before opening: opening a device can do things
        fd = os.open(real, _OPEN_FLAGS)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Unreadable(
                "FILE001",
                "cannot be read: it is a link that leads back to itself (a loop). Replace the link with the file.",
            ) from None
        raise _cannot(exc) from None
    try:
        size = _check(os.fstat(fd), limit)  # the file opened may not be the one looked at
        chunks, total, want = [], 0, size + 1  # asking for more than is there costs memory: read(n) allocates n
        while total <= limit:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = min(limit + 1 - total, 1 << 16)  # EOF next, or it grew meanwhile: read on, up to the limit
    except OSError as exc:
        raise _cannot(exc) from None
    finally:
        os.close(fd)
    if total > limit:
        raise Unreadable("FILE004", _too_big(total, limit, grew=True))
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _cannot(exc: OSError) -> Unreadable:
    return Unreadable("FILE001", f"cannot be read ({exc.strerror or exc}); check its permissions.")


def folder_problem(path: str | os.PathLike[str], root: str) -> Unreadable | None:
    """Why the folder at ``path`` (projects/, reviews/) cannot be listed, or None (also when it is absent); ``root`` as for resolve."""
    real, inside = resolve(path, root)
    if not inside:
        return Unreadable(
            "FILE005",
            f"is a link to {real}, outside the workspace; ducu does not follow it. Replace the link with the folder.",
        )
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _cannot(exc)
    if not stat.S_ISDIR(mode):
        return Unreadable(
            "FILE008", f"is {_kind(mode)} where a folder is expected; move it away and make a folder of that name."
        )
    return None


def _check(st: os.stat_result, limit: int) -> int:
    """The size of a plain file within ``limit``; Unreadable otherwise."""
    if stat.S_ISDIR(st.st_mode):
        raise Unreadable("FILE006", "is a folder where a file is expected; rename or remove it.")
    if not stat.S_ISREG(st.st_mode):
        raise Unreadable(
            "FILE007",
            f"is {_kind(st.st_mode)}, not a plain file; ducu reads only plain files. Replace it with the file.",
        )
    if st.st_size > limit:
        raise Unreadable("FILE004", _too_big(st.st_size, limit))
    return st.st_size


def _too_big(size: int, limit: int, grew: bool = False) -> str:
    now = f"grew past {limit / 1e6:.1f} MB while being read" if grew else f"is {size / 1e6:.1f} MB"
    return f"{now}, over the {limit / 2**20:g} MB limit for one file; split it (one project per file) or remove what does not belong."


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a plain file"
