"""The file on disk an Edit works on: reading it safely, and where our version goes when it changed meanwhile.

A link is followed only when it points inside the tree, a file over
MAX_FILE_BYTES is refused, and the text must be UTF-8 (a BOM is kept
apart, to be written back as it was).
"""

from __future__ import annotations

import os
from pathlib import Path

from workspace_schema.core.errors import EditError
from workspace_schema.load.file_bytes import MAX_FILE_BYTES, Unreadable, read_file, resolve


def read_for_edit(
    path: str | os.PathLike[str], root: str | os.PathLike[str] | None, missing_ok: bool
) -> tuple[Path, bytes | None, str, str]:
    """(where the bytes live, the bytes or None for a missing file, the BOM, the text without it).

    Read as the loader reads (file_bytes.read_file): a plain file, a link
    only when it points inside ``root`` (default: the file's own folder),
    never a pipe or device, at most MAX_FILE_BYTES. With ``missing_ok`` a
    file that does not exist reads as empty (bytes None).
    """
    shown = str(path)
    p = Path(path)
    base = os.path.realpath(root if root is not None else p.parent)
    real_path, inside = resolve(p, base) if p.is_symlink() else (str(p), True)
    if p.is_symlink() and inside:  # a commit would record the link, not the edit: say where the file is
        target = os.path.relpath(real_path, base)
        raise EditError(
            f"is a link (to {target}); ducu edits plain files only, so that each edit is committed as it was made. "
            "Edit the file it points to, or replace the link with that file.",
            shown,
        )
    real = p
    raw: bytes | None
    try:
        raw = read_file(p, root=base, limit=MAX_FILE_BYTES)
    except FileNotFoundError:
        if not missing_ok:
            raise EditError("no such file.", shown) from None
        raw = None
    except Unreadable as exc:
        raise EditError(exc.message, shown) from None
    try:
        text = (raw or b"").decode("utf-8")
    except UnicodeDecodeError as exc:
        assert raw is not None
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise EditError(f"is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8.", shown, line, col) from None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return real, raw, bom, text[len(bom) :]


def free_mine_path(path: str, data: bytes) -> str:
    """``<file>.mine``, or ``<file>.mine-2``... when an older, different .mine is still there."""
    for n in range(1, 1000):
        mine = f"{path}.mine" if n == 1 else f"{path}.mine-{n}"
        try:
            if Path(mine).read_bytes() == data:
                return mine
        except FileNotFoundError:
            return mine
        except OSError:
            continue
    raise EditError("too many .mine files next to it; merge and delete them.", path)
