"""Writing a published site: the whole folder or nothing.

    write_site(Path("site"), files)       # files: {"index.html": b"...", ...}

The files go to a new hidden folder beside ``out``, which then takes
``out``'s place in two renames, so a reader (or a web server) sees the old
site or the new one, never half of each, and an error leaves ``out`` as it
was. ``out`` may be new, empty, or a folder an earlier publish made (it
holds ``.ducu-publish``); any other folder, a file, or a place that cannot
be written is refused with PublishError, and nothing is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["MARKER", "PublishError", "write_site"]

MARKER = ".ducu-publish"
_MARK_TEXT = b"Made by `ducu publish`; publishing again replaces this whole folder.\n"


class PublishError(Exception):
    """The site cannot be written there; the message says why and what to do."""


def write_site(out: Path, files: dict[str, bytes]) -> None:
    """Replace the folder ``out`` with ``files`` (paths inside it -> bytes), as the module docstring says."""
    out = Path(os.path.abspath(out))
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out} is a file, not a folder; give a folder for the site (it is made when missing)")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise PublishError(
            f"{out} already holds files that `ducu publish` did not make; give a new or empty folder "
            "(publishing replaces the whole folder, so it only replaces one it made)"
        )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.publish-", dir=out.parent))
    except OSError as exc:
        raise PublishError(
            f"cannot write in {out.parent}: {exc.strerror or exc}; choose a folder you can write to"
        ) from None
    try:
        os.chmod(tmp, 0o755)  # readable by a web server, as a folder made by mkdir would be
        for rel, data in files.items():
            path = tmp / rel
            if tmp not in path.resolve().parents:
                raise PublishError(f"{rel}: a file of the site would land outside it")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (tmp / MARKER).write_bytes(_MARK_TEXT)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, old / "site")
            os.rename(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise PublishError(f"cannot write the site to {out}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
