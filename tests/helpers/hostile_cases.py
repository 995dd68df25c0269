"""The hostile files of tests/robustness/test_hostile_files.py: one small function per case, and the workspace they go into.

Each maker gets the workspace root and a folder outside it (for link
targets) and puts one hostile thing in the workspace; Case says which file
the finding must name, with which code and which words.
"""

from __future__ import annotations

import os
import random
import stat
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.workspace import write_ws

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0

GOOD = """\
[project]
title = "Good project"
client = "acme"
owner = "alice"
status = "active"
start = 2026-10-05
due = 2027-03-31

[milestones.kickoff-k3f9]
title = "Kickoff"
owner = "alice"
status = "todo"
due = 2026-12-11
"""

HEAD = '[project]\ntitle = "Hostile"\nclient = "acme"\nowner = "alice"\nstatus = "active"\n'
SECRET = "SECRET-MARKER-3f9a"
SECRET_PROJECT = f'[project]\ntitle = "{SECRET}"\nclient = "acme"\nowner = "alice"\n'


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path, Path], None]  # (workspace root, a folder outside it)
    file: str  # the file the finding names
    code: str | None  # None: the file loads without a finding (BOM, CRLF)
    says: tuple[str, ...] = ()  # words the message holds
    zoo: bool = True  # can share a workspace with the other cases (the app test)


def put(root: Path, rel: str, data: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def link(root: Path, rel: str, target: str | Path) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, root / rel)


def deep_arrays(root: Path, out: Path) -> None:
    put(root, "projects/deep-arrays.toml", HEAD + "notes = " + "[" * 10_000 + "]" * 10_000 + "\n")


def deep_tables(root: Path, out: Path) -> None:
    put(
        root,
        "projects/deep-tables.toml",
        HEAD + "[milestones.m]\ntitle = " + "{ a = " * 10_000 + "1" + " }" * 10_000 + "\n",
    )


def deep_headers(root: Path, out: Path) -> None:
    put(root, "projects/deep-headers.toml", HEAD + "[" + ".".join(["a"] * 10_000) + "]\nx = 1\n")


def nearly_too_deep(root: Path, out: Path) -> None:
    """79 levels parse: the values reach the records, the rules and the messages."""
    deep, table = "[" * 79 + "]" * 79, "{ a = " * 78 + "1" + " }" * 78
    put(
        root,
        "projects/nearly-deep.toml",
        HEAD + f"[milestones.m]\ntitle = {table}\ndepends_on = {deep}\n"
        f'[changes.c]\nsummary = "s"\nmoves = {table}\n[log.l]\non = 2026-11-01\nitems = {deep}\n',
    )


def keys_100k(root: Path, out: Path) -> None:
    put(root, "projects/keys.toml", HEAD + "".join(f"k{i} = {i}\n" for i in range(100_000)))


def top_keys_100k(root: Path, out: Path) -> None:
    put(root, "projects/top-keys.toml", "".join(f"k{i} = {i}\n" for i in range(100_000)) + HEAD)


def items_20k(root: Path, out: Path) -> None:
    put(
        root,
        "projects/items.toml",
        HEAD + "".join(f'[tasks.t{i}]\ntitle = "t"\ntitel = "typo"\n' for i in range(20_000)),
    )


def big(root: Path, out: Path) -> None:
    with open(root / "projects" / "big.toml", "wb") as f:  # sparse: 50 MB that take no disk
        f.write(HEAD.encode())
        f.truncate(50 * 2**20)


def link_outside(root: Path, out: Path) -> None:
    put(out, "secret.toml", SECRET_PROJECT)
    link(root, "projects/secret.toml", out / "secret.toml")


def link_passwd(root: Path, out: Path) -> None:
    link(root, "projects/passwd.toml", "/etc/passwd")


def link_dev_zero(root: Path, out: Path) -> None:
    link(root, "projects/zero.toml", "/dev/zero")


def link_via_inside(root: Path, out: Path) -> None:
    """A link to a link inside the workspace that leads out: where it ends is what counts."""
    link(root, "hop", "/dev/zero")
    link(root, "projects/hop.toml", "../hop")


def linked_folder(root: Path, out: Path) -> None:
    put(out, "folder/secret.toml", SECRET_PROJECT)
    (root / "reviews").rmdir()
    link(root, "reviews", out / "folder")


def link_loop(root: Path, out: Path) -> None:
    link(root, "projects/loop.toml", "loop.toml")


def link_dangling(root: Path, out: Path) -> None:
    link(root, "projects/gone.toml", "nowhere.toml")


def traversal_ids(root: Path, out: Path) -> None:
    put(
        root,
        "projects/ids.toml",
        HEAD + '[milestones."../../etc/passwd"]\ntitle = "t"\n[tasks."/abs"]\ntitle = "t"\n'
        '[risks.".."]\ntitle = "t"\n[goals."a\\\\b"]\ntitle = "t"\n',
    )


def traversal_refs(root: Path, out: Path) -> None:
    put(
        root,
        "projects/refs.toml",
        HEAD + '[milestones.m]\ntitle = "t"\ndepends_on = ["../x", "/etc/passwd", "..", "a/b"]\n'
        '[changes.c]\nsummary = "s"\nmoves = { "../../x" = 2026-12-01 }\n',
    )
    put(
        root,
        "reviews/2026-11-01-refs.toml",
        '[review]\nproject = "../../etc/passwd"\nheld_on = 2026-11-01\n'
        '[outcomes.o]\nitem = "../refs/m"\noutcome = "done"\n',
    )


def odd_file_names(root: Path, out: Path) -> None:
    put(root, "projects/-rf.toml", GOOD)
    put(root, "projects/a\x1b[31mb.toml", GOOD)


def folder_for_file(root: Path, out: Path) -> None:
    (root / "projects" / "folder.toml").mkdir(parents=True)


def projects_is_a_file(root: Path, out: Path) -> None:
    for path in (root / "projects").iterdir():
        path.unlink()
    (root / "projects").rmdir()
    put(root, "projects", "not a folder\n")


def workspace_is_a_folder(root: Path, out: Path) -> None:
    (root / "workspace.toml").unlink()
    (root / "workspace.toml").mkdir()


def people_is_a_folder(root: Path, out: Path) -> None:
    (root / "people.toml").unlink()
    (root / "people.toml").mkdir()


def unreadable(root: Path, out: Path) -> None:
    put(root, "projects/locked.toml", GOOD).chmod(0)


def fifo(root: Path, out: Path) -> None:
    os.mkfifo(root / "projects" / "pipe.toml")


def fifo_workspace(root: Path, out: Path) -> None:
    (root / "workspace.toml").unlink()
    os.mkfifo(root / "workspace.toml")


def device(root: Path, out: Path) -> None:
    """A character device (the numbers of /dev/zero) made in the workspace: needs root and a container that allows mknod."""
    try:
        os.mknod(root / "projects" / "device.toml", stat.S_IFCHR | 0o666, os.makedev(1, 5))
    except (PermissionError, AttributeError) as exc:
        pytest.skip(f"cannot make a device node here ({exc})")


def garbage(root: Path, out: Path) -> None:
    put(root, "projects/garbage.toml", b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(4096))


def bom(root: Path, out: Path) -> None:
    put(root, "projects/bom.toml", b"\xef\xbb\xbf" + GOOD.encode())


def nul(root: Path, out: Path) -> None:
    put(root, "projects/nul.toml", HEAD.encode() + b'notes = "a\x00b"\n\x00\x00\x00')


def crlf(root: Path, out: Path) -> None:
    put(root, "projects/crlf.toml", (GOOD + "colour = 1\n").replace("\n", "\r\n").encode())


def lone_cr(root: Path, out: Path) -> None:
    put(root, "projects/cr.toml", GOOD.replace("\n", "\r").encode())


def header_like_line(root: Path, out: Path) -> None:
    """Valid TOML: a multi-line string holding "[" and 100,000 spaces, which the header scan used to take hours over."""
    put(root, "projects/spaces.toml", GOOD + 'notes = """\n[' + " " * 100_000 + "x\n  [" + "\t" * 100_000 + '"\n"""\n')


def escape_keys(root: Path, out: Path) -> None:
    put(
        root,
        "projects/escapes.toml",
        HEAD + '"\\u001b]0;owned\\u0007" = 1\n[milestones.m]\ntitle = "t"\ndepends_on = ["\\u001b[2J"]\n',
    )


CASES = [
    Case("deep arrays", deep_arrays, "projects/deep-arrays.toml", "TOML001", ("too deeply", "Remove the nesting")),
    Case("deep inline tables", deep_tables, "projects/deep-tables.toml", "TOML001", ("too deeply",)),
    Case("deep dotted header", deep_headers, "projects/deep-headers.toml", "TOML001", ("too deeply",)),
    Case("79 levels of nesting", nearly_too_deep, "projects/nearly-deep.toml", "TYPE001", ("is not valid; expected",)),
    Case("100,000 keys in a table", keys_100k, "projects/keys.toml", "KEY001", ("unknown key",)),
    Case("100,000 top-level keys", top_keys_100k, "projects/top-keys.toml", "KEY001", ("unknown table",)),
    Case("20,000 records with a typo", items_20k, "projects/items.toml", "KEY001", ("`titel`", "did you mean `title`")),
    Case("50 MB file", big, "projects/big.toml", "FILE004", ("52.4 MB", "5 MB limit", "split it")),
    Case(
        "link to a file outside",
        link_outside,
        "projects/secret.toml",
        "FILE005",
        ("outside the workspace", "Replace the link"),
    ),
    Case(
        "link to /etc/passwd", link_passwd, "projects/passwd.toml", "FILE005", ("/etc/passwd", "outside the workspace")
    ),
    Case("link to /dev/zero", link_dev_zero, "projects/zero.toml", "FILE005", ("/dev/zero",)),
    Case("link via a link inside", link_via_inside, "projects/hop.toml", "FILE005", ("/dev/zero",)),
    Case(
        "linked folder outside",
        linked_folder,
        "reviews",
        "FILE005",
        ("outside the workspace", "Replace the link with the folder"),
        zoo=False,
    ),
    Case("link loop", link_loop, "projects/loop.toml", "FILE001", ("cannot be read", "loop", "Replace the link")),
    Case("dangling link", link_dangling, "projects/gone.toml", "FILE001", ("does not exist", "Replace the link")),
    Case("ids with path traversal", traversal_ids, "projects/ids.toml", "ID001", ("invalid id",)),
    Case("references with path traversal", traversal_refs, "projects/refs.toml", "REF003", ("../x",)),
    Case(
        "file names that are not ids",
        odd_file_names,
        "projects/-rf.toml",
        "ID001",
        ("not a valid id", "Rename the file"),
    ),
    Case(
        "folder where a file belongs",
        folder_for_file,
        "projects/folder.toml",
        "FILE006",
        ("is a folder", "rename or remove"),
    ),
    Case("projects/ is a file", projects_is_a_file, "projects", "FILE008", ("where a folder is expected",), zoo=False),
    Case("workspace.toml is a folder", workspace_is_a_folder, "workspace.toml", "FILE006", ("is a folder",), zoo=False),
    Case("people.toml is a folder", people_is_a_folder, "people.toml", "FILE006", ("is a folder",), zoo=False),
    Case(
        "no read permission",
        unreadable,
        "projects/locked.toml",
        "FILE001",
        ("Permission denied", "check its permissions"),
        zoo=not ROOT_USER,
    ),
    Case("named pipe", fifo, "projects/pipe.toml", "FILE007", ("named pipe", "Replace it with the file")),
    Case("workspace.toml is a named pipe", fifo_workspace, "workspace.toml", "FILE007", ("named pipe",), zoo=False),
    Case("device", device, "projects/device.toml", "FILE007", ("a device",), zoo=False),
    Case("binary garbage", garbage, "projects/garbage.toml", "FILE002", ("not UTF-8", "save it as UTF-8")),
    Case("BOM", bom, "projects/bom.toml", None),
    Case("NUL bytes", nul, "projects/nul.toml", "TOML001", ("not valid TOML", "Fix the syntax")),
    Case("CRLF line ends", crlf, "projects/crlf.toml", "KEY001", ("`colour`",)),
    Case("lone CR line ends", lone_cr, "projects/cr.toml", "TOML001", ("carriage return",)),
    Case("a header-like line of 100,000 spaces", header_like_line, "projects/spaces.toml", None),
    Case("escape sequences in keys", escape_keys, "projects/escapes.toml", "KEY001", ("\\x1b]0;owned\\x07",)),
]
BY_NAME = {c.name: c for c in CASES}


def workspace(tmp_path: Path, *cases: Case) -> tuple[Path, Path]:
    """A git clone with a good project and the cases' hostile files; (root, the folder outside)."""
    root, out = tmp_path / "ws", tmp_path / "outside"
    out.mkdir()
    write_ws(root, {"projects/good.toml": GOOD})
    (root / "reviews").mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for case in cases:
        case.make(root, out)
    return root, out
