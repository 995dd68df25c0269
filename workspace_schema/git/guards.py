"""What sync checks before it merges and before it pushes, so it never spreads a file teammates cannot load.

- Before a merge: every plan file (``*.toml``) must be merged by ducu's
  driver, in this clone's checkout and in the tree being merged in. A
  teammate's ``*.toml merge=union`` duplicates keys; ``*.toml -merge`` drops a
  non-conflicting edit silently. ``merge_attribute_problems`` names the file
  and the ``.gitattributes`` line to fix.
- Before a push: every plan file the push changes must load (parse, size,
  plain file); ``unloadable`` gives the loader's errors with file:line.
"""

from __future__ import annotations

import fnmatch
import os
import tempfile
from pathlib import Path

from workspace_schema.core.findings import Finding
from workspace_schema.git import runner as git

DRIVER = "ducu"
ATTRIBUTES = ".gitattributes"


def _plan_files(root: str | os.PathLike[str], rev: str) -> list[str]:
    """The ``*.toml`` files of ``rev`` under the workspace folder, relative to the repository's top."""
    out = git.run(root, "ls-tree", "-r", "--name-only", "--full-tree", rev, "--", check=False).stdout
    prefix = git.prefix(root)
    return [p for p in out.splitlines() if p.endswith(".toml") and p.startswith(prefix)]


def _attributes(root: str | os.PathLike[str], paths: list[str], rev: str | None) -> dict[str, str]:
    """The effective ``merge`` attribute of each path (top-relative): in the checkout, or in ``rev``'s tree."""
    if not paths:
        return {}
    top = git.run(root, "rev-parse", "--show-toplevel").stdout.strip()
    args = ["check-attr", "-z", "merge", "--stdin"]
    env: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="ducu-attr-") as tmp:
        if rev is not None:  # the tree's own .gitattributes, read through a throw-away index
            env["GIT_INDEX_FILE"] = str(Path(tmp) / "index")
            git.run(top, "read-tree", rev, env=env)
            args.insert(1, "--cached")
        out = git.run(top, *args, input="\0".join(paths) + "\0", env=env).stdout
    fields = out.split("\0")
    return {fields[i]: fields[i + 2] for i in range(0, len(fields) - 2, 3)}


def _culprit(text: str, path: str) -> str | None:
    """The last line of a .gitattributes text that sets ``merge`` for ``path`` to something else than ducu."""
    found = None
    for n, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        pattern, attrs = parts[0], parts[1:]
        target = path if "/" in pattern.strip("/") else path.rsplit("/", 1)[-1]
        if not fnmatch.fnmatchcase(target, pattern.lstrip("/")):
            continue
        for attr in attrs:
            if attr in ("-merge", "!merge", "binary") or (attr.startswith("merge=") and attr != f"merge={DRIVER}"):
                found = f"line {n}: `{line.strip()}`"
            elif attr == f"merge={DRIVER}":
                found = None
    return found


def merge_attribute_problems(root: str | os.PathLike[str], incoming: str) -> list[str]:
    """Why the merge of ``incoming`` would not go through ducu's driver for every plan file; [] when it would."""
    problems = []
    top = Path(git.run(root, "rev-parse", "--show-toplevel").stdout.strip())
    for where, rev in (("this clone", None), (incoming, incoming)):
        paths = sorted(set(_plan_files(root, "HEAD")) | set(_plan_files(root, incoming)))
        bad = {p: v for p, v in _attributes(root, paths, rev).items() if v != DRIVER}
        if not bad:
            continue
        path, value = next(iter(sorted(bad.items())))
        if rev is None:
            try:
                text = (top / ATTRIBUTES).read_text("utf-8", "replace")
            except OSError:
                text = ""
        else:
            text = git.run(root, "show", f"{rev}:{ATTRIBUTES}", check=False).stdout
        line = _culprit(text, path)
        shown = {"unset": "-merge (no merge at all)", "unspecified": "not set", "set": "merge (git's text merge)"}.get(
            value, f"merge={value}"
        )
        more = f" (and {len(bad) - 1} more plan files)" if len(bad) > 1 else ""
        problems.append(
            f"In {where}, {path}{more} would be merged with {shown}, not ducu's merge driver"
            + (f": {ATTRIBUTES} {line}" if line else "")
            + f". Change it to `*.toml merge={DRIVER}` (or remove the line), commit, and sync again."
        )
    return problems


def unloadable(root: str | os.PathLike[str], base: str | None) -> list[Finding]:
    """Errors of the loader for each plan file changed since ``base`` (the remote tip; None: every plan file)."""
    from workspace_schema.load.loader import Loader

    prefix = git.prefix(root)
    if base is None:
        changed = _plan_files(root, "HEAD")
    else:
        out = git.run(root, "diff", "--name-only", "--no-renames", "--diff-filter=AMRT", base, "HEAD", "--").stdout
        changed = [p for p in out.splitlines() if p.endswith(".toml") and p.startswith(prefix)]
    loader = Loader(Path(root))
    for path in changed:
        rel = path[len(prefix) :]
        if rel.startswith("."):  # .ducu/ and other hidden folders hold no plan files
            continue
        loader.read(rel)
    return [f for f in loader.findings if f.level == "error"]
