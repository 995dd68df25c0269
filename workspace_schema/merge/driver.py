"""Three-way merge of TOML plan files key by key: what git runs as `ducu merge-driver`.

Git calls the driver for each ``*.toml`` file both sides changed (see
register_driver: ``merge.ducu.driver`` in the clone's config and ``*.toml
merge=ducu`` in .gitattributes). The result starts from OUR text, so our
layout and comments stay, and THEIR changes relative to the base are applied
to it as whole statements (a statement is a key's line or lines, or a table
with the comment lines glued above its header):

- a key only they changed: our line is replaced by theirs;
- a key only they added: their line goes after the key that precedes it in
  their file (after the keys we added there, so both additions read ours
  first);
- a key only they removed (and we left alone): our line goes;
- a table only they added: their block goes after our last table with the
  longest common prefix ([log.x] after our last [log.*], [risks.r.steps.3]
  after our last step of that risk), or at the end;
- a table they removed (with its sub-tables) that we did not touch: our
  block goes, with the comment above it;
- both changed a key the same way, or only we changed it: ours stays (but
  when our line still has the base line's comment and they wrote a new one
  for the new value, their comment replaces the stale one);
- comments: a comment or spacing only they changed on a key's line or a
  header line, or in the comment block above a header, is theirs; comment
  lines they added inside a table go after the nearest line above them that
  we also have (or come with the new key they sit on); comment lines they
  removed go where we kept them unchanged. Blank lines are ours.

Values are compared as parsed values (rtoml), so reformatting alone is not a
change. A key both sides changed to different values, or removed on one side
and changed on the other, becomes a git-style conflict around just that
key's lines; a table removed on one side and edited on the other becomes a
conflict around the whole table (one side empty). Conflict markers follow
git's conflict style (``merge.conflictStyle`` diff3/zdiff3 add the base).

Nothing is trusted blindly: the plan of edits is also applied to the data,
and the merged text (or, with conflicts, each side's resolution of it) must
parse with rtoml to exactly that data. When it does not, or when a side is
not valid TOML or uses arrays of tables ([[x]]), the files are merged line
by line with ``git merge-file`` instead, so the user still gets an ordinary
text conflict and no side is lost.

Known limits: a list or inline table is one value, so two people adding
different elements to the same list conflict on that line; a table they
moved elsewhere in the file stays where we have it; blank lines they added
or removed are not taken.

The work is split in three: merge/text.py reads a side into statements and
values, merge/plan.py makes the plan of edits to our text and checks it,
and this module is the API and the git side (driver, fallback, registration).
"""

from __future__ import annotations

import os
import shlex
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import rtoml

from workspace_schema.git import runner as git
from workspace_schema.load.file_bytes import MAX_FILE_BYTES
from workspace_schema.merge.plan import Conflict, check_plan, merge_docs, render_plan
from workspace_schema.merge.text import Doc, NotMergeable

__all__ = ["DRIVER_COMMAND", "Conflict", "MergeResult", "main", "merge_files", "merge_texts", "register_driver"]

DRIVER_NAME = "ducu: merge TOML plans field by field"
DRIVER_COMMAND = "ducu merge-driver %O %A %B %P"
ATTRIBUTE_LINE = "*.toml merge=ducu"
# What front ends say, once, when ensure_driver changed the clone's config: the only git config ducu writes.
DRIVER_NOTICE = (
    "set up the ducu merge driver in this clone (merge.ducu.* in .git/config, *.toml merge=ducu in "
    ".gitattributes): git now merges plan files field by field. Nothing else in your git config was changed."
)
LABELS = ("ours", "base", "theirs")


@dataclass
class MergeResult:
    text: str
    conflicts: list[Conflict]
    mode: str = "toml"  # "text": merged line by line by git merge-file (``note`` says why)
    note: str = ""

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_texts(
    base: str,
    ours: str,
    theirs: str,
    path: str = "",
    *,
    labels: tuple[str, str, str] = LABELS,
    conflict_style: str = "merge",
    marker_size: int = 7,
) -> MergeResult:
    """Merge three versions of a TOML file key by key; see the module docstring.

    ``conflict_style`` is git's merge.conflictStyle: "diff3" or "zdiff3" add
    the base between ``|||||||`` and ``=======``. ``path`` only names the
    file in notes.
    """
    if ours == theirs or base == theirs:
        return MergeResult(ours, [])
    if base == ours:
        return MergeResult(theirs, [])
    diff3 = conflict_style in ("diff3", "zdiff3")
    docs = []
    for side, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        try:
            docs.append(Doc(text))
        except NotMergeable as exc:
            where = f"{path}: " if path else ""
            return _text_merge(base, ours, theirs, labels, conflict_style, marker_size, f"{where}{side} {exc}")
    b, o, t = docs
    nl = o.nl or t.nl or "\n"
    try:
        plan, want_ours, want_theirs = merge_docs(b, o, t, nl)
        text, mine, yours, conflicts = render_plan(plan, labels, diff3, marker_size, nl)
        check_plan(mine, want_ours)
        if conflicts:
            check_plan(yours, want_theirs)
    except Exception as exc:  # NotMergeable, or a bug: either way git gets an ordinary text merge
        why = str(exc) if isinstance(exc, NotMergeable) else f"internal error {type(exc).__name__}: {exc}"
        return _text_merge(base, ours, theirs, labels, conflict_style, marker_size, f"{path}: {why}" if path else why)
    if not o.had_final_newline and text.endswith(nl):
        text = text[: -len(nl)]
    return MergeResult(o.bom + text, conflicts)


# --- falling back to a text merge ------------------------------------------------------


def _text_merge(
    base: str, ours: str, theirs: str, labels: tuple[str, str, str], style: str, size: int, note: str
) -> MergeResult:
    """``git merge-file`` on the three texts; a whole-file conflict if even that fails, or
    if its clean result of three files that parse (say, with arrays of tables) does not."""
    text: str | None = None
    with tempfile.TemporaryDirectory(prefix="ducu-merge-") as tmp:
        files = []
        for name, content in (("ours", ours), ("base", base), ("theirs", theirs)):
            p = Path(tmp) / name
            p.write_bytes(content.encode("utf-8", "surrogateescape"))
            files.append(str(p))
        args = ["merge-file", "-L", labels[0], "-L", labels[1], "-L", labels[2], f"--marker-size={size}"]
        if style in ("diff3", "zdiff3"):
            args.append(f"--{style}")
        try:
            proc = git.run(tmp, *args, *files, check=False)
            if 0 <= proc.returncode <= 127:
                text = Path(files[0]).read_bytes().decode("utf-8", "surrogateescape")
        except (git.GitError, OSError):
            pass
    if text is None:
        return _whole_file(base, ours, theirs, labels, style, size, note + "; git merge-file failed")
    conflicts = _marker_conflicts(text, size)
    if not conflicts and not _parses(text) and all(_parses(side) for side in (base, ours, theirs)):
        return _whole_file(base, ours, theirs, labels, style, size, note + "; the line-by-line merge does not parse")
    return MergeResult(text, conflicts, mode="text", note=note)


def _parses(text: str) -> bool:
    try:
        rtoml.loads(text.removeprefix("\ufeff"))
    except Exception:
        return False
    return True


def _whole_file(
    base: str, ours: str, theirs: str, labels: tuple[str, str, str], style: str, size: int, note: str
) -> MergeResult:
    def ended(text: str) -> str:
        return text if not text or text.endswith("\n") else text + "\n"

    parts = [f"{'<' * size} {labels[0]}\n", ended(ours)]
    if style in ("diff3", "zdiff3"):
        parts += [f"{'|' * size} {labels[1]}\n", ended(base)]
    parts += [f"{'=' * size}\n", ended(theirs), f"{'>' * size} {labels[2]}\n"]
    return MergeResult("".join(parts), [Conflict((), "", base, ours, theirs, 1)], mode="text", note=note)


def _marker_conflicts(text: str, size: int) -> list[Conflict]:
    out: list[Conflict] = []
    state, start = "", 0
    parts: dict[str, list[str]] = {}
    for n, line in enumerate(text.splitlines(keepends=True), 1):
        if line.startswith("<" * size + " ") or line.rstrip("\r\n") == "<" * size:
            state, start, parts = "ours", n, {"ours": [], "base": [], "theirs": []}
        elif state and (line.startswith("|" * size + " ") or line.rstrip("\r\n") == "|" * size):
            state = "base"
        elif state and line.rstrip("\r\n") == "=" * size:
            state = "theirs"
        elif state and line.startswith(">" * size):
            out.append(
                Conflict(
                    (), "", "".join(parts["base"]) or None, "".join(parts["ours"]), "".join(parts["theirs"]), start
                )
            )
            state = ""
        elif state:
            parts[state].append(line)
    return out


# --- the git side -----------------------------------------------------------------------


def merge_files(
    base_path: str | os.PathLike[str],
    ours_path: str | os.PathLike[str],
    theirs_path: str | os.PathLike[str],
    path_label: str = "",
    *,
    labels: tuple[str, str, str] = LABELS,
    conflict_style: str | None = None,
    marker_size: int = 7,
) -> int:
    """Git's merge-driver contract: merge %O %A %B, write the result into %A (``ours_path``).

    Returns 0 when the merge is clean and 1 when the result holds conflict
    markers (or could not be written). Never raises: whatever goes wrong, the
    file is merged as text or left as a whole-file conflict.
    """
    label = path_label or str(ours_path)
    try:
        sizes = [os.stat(p).st_size for p in (base_path, ours_path, theirs_path)]
    except OSError as exc:
        print(f"ducu merge-driver: {label}: cannot read the versions to merge ({exc})", file=sys.stderr)
        return 1
    if max(sizes) > MAX_FILE_BYTES:  # the loader refuses such a file anyway: never parse three of them
        print(
            f"ducu merge-driver: {label}: a version is {max(sizes) / 2**20:.1f} MiB, over the "
            f"{MAX_FILE_BYTES // 2**20} MiB a plan file may have; not merged (ours kept). Split or shrink the file, "
            "then commit the version you want.",
            file=sys.stderr,
        )
        return 1
    try:
        raw = [Path(p).read_bytes() for p in (base_path, ours_path, theirs_path)]
    except OSError as exc:
        print(f"ducu merge-driver: {label}: cannot read the versions to merge ({exc})", file=sys.stderr)
        return 1
    try:
        base, ours, theirs = (r.decode("utf-8", "surrogateescape") for r in raw)
        result = merge_texts(
            base, ours, theirs, label, labels=labels, conflict_style=conflict_style or "merge", marker_size=marker_size
        )
        if result.conflicts and conflict_style is None:  # only now does the style matter: ask git for it
            style = _conflict_style()
            if style != "merge":
                result = merge_texts(
                    base, ours, theirs, label, labels=labels, conflict_style=style, marker_size=marker_size
                )
        data = result.text.encode("utf-8", "surrogateescape")
    except Exception as exc:  # a bug here must still leave git an ordinary merge
        print(f"ducu merge-driver: {label}: {type(exc).__name__}: {exc}; merging line by line", file=sys.stderr)
        return _merge_file_in_place(base_path, ours_path, theirs_path, raw, labels, marker_size)
    try:
        Path(ours_path).write_bytes(data)
    except OSError as exc:
        print(f"ducu merge-driver: {label}: cannot write the result ({exc})", file=sys.stderr)
        return 1
    if result.mode == "text" and result.note:
        print(f"ducu merge-driver: {label}: merged line by line: {result.note}", file=sys.stderr)
    for c in result.conflicts:
        what = f"[{'.'.join(c.table_path)}] {c.key}".strip() if c.table_path or c.key else "text"
        print(f"ducu merge-driver: {label}:{c.line}: conflict in {what}", file=sys.stderr)
    return 0 if result.clean else 1


def _merge_file_in_place(
    base_path: str | os.PathLike[str],
    ours_path: str | os.PathLike[str],
    theirs_path: str | os.PathLike[str],
    raw: list[bytes],
    labels: tuple[str, str, str],
    size: int,
) -> int:
    """``git merge-file`` on the files themselves (it writes into ours); a whole-file conflict if it fails."""
    paths = [os.path.abspath(p) for p in (ours_path, base_path, theirs_path)]
    try:
        proc = git.run(
            ".",
            "merge-file",
            "-L",
            labels[0],
            "-L",
            labels[1],
            "-L",
            labels[2],
            f"--marker-size={size}",
            *paths,
            check=False,
        )
        if 0 <= proc.returncode <= 127:
            return 0 if proc.returncode == 0 else 1
    except (git.GitError, OSError):
        pass

    def ended(b: bytes) -> bytes:
        return b if not b or b.endswith(b"\n") else b + b"\n"

    whole = [
        f"{'<' * size} {labels[0]}\n".encode(),
        ended(raw[1]),
        f"{'=' * size}\n".encode(),
        ended(raw[2]),
        f"{'>' * size} {labels[2]}\n".encode(),
    ]
    try:
        Path(ours_path).write_bytes(b"".join(whole))
    except OSError:
        pass
    return 1


def _conflict_style() -> str:
    try:
        proc = git.run(".", "config", "--get", "merge.conflictStyle", check=False)
    except git.GitError:
        return "merge"
    return proc.stdout.strip().lower() or "merge"


def driver_command() -> str:
    """The driver command to register: this installation's Python running this module.

    Git runs it through the shell of whoever pulls, where a virtualenv may
    not be active, so the command names this Python by its full path. ``-P``
    keeps the folder git runs it in (the clone, whose files anyone on the
    team can change) off the import path, and main() reads its arguments as
    paths, so a file named ``-x.toml`` is never taken for an option.
    """
    return f"{shlex.quote(sys.executable)} -P -m workspace_schema.merge %O %A %B %P"


def ensure_driver(repo_root: str | os.PathLike[str]) -> bool:
    """Register this installation's driver in the clone if needed; True when the config changed.

    Outside a git repository, or with .gitattributes not writable, nothing
    happens: git then merges the files as text, as it would without ducu.
    """
    try:
        return register_driver(repo_root, driver_command())
    except (git.GitError, OSError):
        return False


def register_driver(repo_root: str | os.PathLike[str], command: str = DRIVER_COMMAND) -> bool:
    """Make git in this clone use the driver: merge.ducu.* in .git/config (not global) when
    not set yet, and ``*.toml merge=ducu`` in .gitattributes. True when something changed.

    .gitattributes is written, not committed. Raises git.GitError when
    ``repo_root`` is not a git repository.
    """
    changed = False
    for key, value in (("merge.ducu.name", DRIVER_NAME), ("merge.ducu.driver", command)):
        if git.run(repo_root, "config", "--local", "--get", key, check=False).returncode != 0:
            git.run(repo_root, "config", "--local", key, value)
            changed = True
    attributes = Path(repo_root) / ".gitattributes"
    try:
        existing = attributes.read_bytes().decode("utf-8", "surrogateescape")
    except FileNotFoundError:
        existing = ""
    for line in existing.splitlines():
        fields = line.split()
        if fields and fields[0] == "*.toml" and "merge=ducu" in fields[1:]:
            return changed
    nl = "\r\n" if "\r\n" in existing else "\n"
    if existing and not existing.endswith("\n"):
        existing += nl
    text = existing + f"# ducu merges TOML field by field (`ducu merge-driver`){nl}{ATTRIBUTE_LINE}{nl}"
    attributes.write_bytes(text.encode("utf-8", "surrogateescape"))
    return True


def main(argv: list[str]) -> int:
    """``merge-driver BASE OURS THEIRS [PATH [MARKER_SIZE]]`` as git calls it (%O %A %B %P %L)."""
    if not 3 <= len(argv) <= 5:
        print("usage: ducu merge-driver %O %A %B %P  (git calls this; see `git help gitattributes`)", file=sys.stderr)
        return 2
    size = int(argv[4]) if len(argv) == 5 and argv[4].isdigit() else 7
    return merge_files(argv[0], argv[1], argv[2], argv[3] if len(argv) > 3 else "", marker_size=size)
