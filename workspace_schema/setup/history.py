"""Six weeks of scripted history for the demo, so every history view has something to show.

``build(root, today)`` is called by make_demo on a fresh clone whose files
are the sample as it stands "today" (dates already moved by whole weeks).
It commits a path from an earlier state of the sample to exactly those
files: a first commit six weeks back (the plans as signed, tagged
``baseline/<project>/<date>``), then about 35 commits by three people of
the sample (their names and first emails from people.toml), each dated in
the past with its author's date and UTC offset: dates moved (one forecast
twice and back), steps ticked, tasks done, log entries, a change request
recorded and approved, two review meetings with their minutes.

How: the script below lists each commit as edits of the *final* files
(field X went from old to new; record Y was added; file Z was added). They
are undone from the last to the first on the text of the files, which gives
every intermediate state; then all the commits and tags are written by one
``git fast-import`` (one process, well under a second) and the index is
set to the last commit, whose tree is the files on disk, byte for byte.

Commit messages are the ones ducu makes for the same edit (edits.AppliedEdit
subjects and trailers; change_requests.approval_message; the minutes'
"Review ..." subject with Ducu-Review), except for the few commits
marked as hand edits, which have a plain message and no trailers. The
plain field edits give exactly the bytes edits.set_fields would write
(tests/test_demo_history.py replays them); additions of records are
written in the sample's own layout.

A step whose edit no longer matches the sample (someone changed the sample)
is left out and named in ``BuildResult.skipped``; the demo still starts.

The story is setup/script.py, the undoing setup/unwind.py and the messages
setup/messages.py; this module writes the commits and tags, and its names
(``script``, ``unwind``, ``Step``, ...) are still importable from here.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import rtoml

from workspace_schema.git import runner as git
from workspace_schema.setup.demo import week_shift
from workspace_schema.setup.messages import commit_message as _message  # the name tests/test_demo_history.py replays
from workspace_schema.setup.messages import table_of
from workspace_schema.setup.script import AUTHORS, Add, AddFile, Note, Set, Step, first_commit_time, script
from workspace_schema.setup.unwind import unwind

__all__ = ["AUTHORS", "Add", "AddFile", "BuildResult", "Note", "Set", "Step", "build", "script", "unwind"]


@dataclass
class BuildResult:
    head: str
    commits: int
    tags: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # steps left out: "<when> <subject>: why"
    seconds: float = 0.0


def _people(final: dict[str, bytes]) -> dict[str, tuple[str, str]]:
    """(name, email) of each author: their name and first email in people.toml, else AUTHORS."""
    out = dict(AUTHORS)
    try:
        people = rtoml.loads(final.get("people.toml", b"").decode("utf-8")).get("people", {})
    except Exception:
        return out
    for handle in out:
        person = people.get(handle)
        if isinstance(person, dict) and person.get("name") and person.get("emails"):
            out[handle] = (str(person["name"]), str(person["emails"][0]))
    return out


def _ident(who: tuple[str, str], when: dt.datetime) -> str:
    name = who[0].replace("<", "").replace(">", "").replace("\n", " ")
    offset = when.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{name} <{who[1]}> {int(when.timestamp())} {sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def _files_on_disk(root: Path) -> dict[str, bytes]:
    """Every file ``git add .`` would commit, by path relative to ``root``."""
    out = git.run(root, "ls-files", "-z", "--others", "--cached", "--exclude-standard").stdout
    return {rel: (root / rel).read_bytes() for rel in sorted(set(out.split("\0"))) if rel and (root / rel).is_file()}


def _mode(root: Path, rel: str) -> str:
    return "100755" if os.access(root / rel, os.X_OK) and not rel.endswith(".toml") else "100644"


def build(root: str | os.PathLike[str], today: dt.date, *, branch: str = "main") -> BuildResult:
    """Commit the scripted history in the fresh repository at ``root``; the last commit is the files on disk.

    ``root`` must be a repository without commits whose files are the sample
    moved to ``today`` (what make_demo writes). Raises git.GitError when git
    refuses the history (nothing is committed then).
    """
    started = time.perf_counter()
    root = Path(root)
    days = week_shift(today)
    final = _files_on_disk(root)
    people = _people(final)
    first, done, skipped = unwind(final, script(days))
    start = first_commit_time(days)
    stream = bytearray()
    hannah = people["hannah"]
    message = (
        b"Northwind plans for four client projects, as signed\n\n"
        b"The demo's history starts here: the dates every client agreed to.\n"
        b"Created by `ducu demo` from the sample workspace.\n"
    )
    stream += f"commit refs/heads/{branch}\nmark :1\n".encode()
    stream += f"author {_ident(hannah, start)}\ncommitter {_ident(hannah, start)}\n".encode()
    stream += _data(message)
    for rel, blob in sorted(first.items()):
        stream += f"M {_mode(root, rel)} inline {_quote(rel)}\n".encode() + _data(blob)
    stream += b"\n"
    for n, (step, after) in enumerate(done, start=2):
        who = people[step.who]
        stream += f"commit refs/heads/{branch}\nmark :{n}\n".encode()
        stream += f"author {_ident(who, step.when)}\ncommitter {_ident(who, step.when)}\n".encode()
        stream += _data(_message(step, after, people).encode("utf-8"))
        for rel, changed in sorted(after.items()):
            if changed is None:
                stream += f"D {_quote(rel)}\n".encode()
            else:
                stream += f"M {_mode(root, rel)} inline {_quote(rel)}\n".encode() + _data(changed)
        stream += b"\n"
    tags = []
    for rel in sorted(first):
        if not (rel.startswith("projects/") and rel.endswith(".toml")):
            continue
        project_id = rel.removeprefix("projects/").removesuffix(".toml")
        from workspace_schema.changes.baselines import tag_base

        tag = tag_base(project_id, start.date())
        title = table_of(first, rel, ("project",)).get("title") or project_id
        text = f"Signed plan of {project_id} ({title}): the dates agreed with the client\n".encode()
        stream += f"tag {tag}\nfrom :1\ntagger {_ident(hannah, start)}\n".encode() + _data(text)
        tags.append(tag)
    git.fast_import(root, bytes(stream))
    git.run(root, "reset", "-q")  # the index of the new branch; the files on disk already are its last commit
    head = git.run(root, "rev-parse", "HEAD").stdout.strip()
    return BuildResult(
        head=head, commits=len(done) + 1, tags=tags, skipped=skipped, seconds=time.perf_counter() - started
    )


def _quote(rel: str) -> str:
    """A path as fast-import reads it: quoted C-style when it needs to be."""
    if not any(ch in rel for ch in ' "\\\n') and not rel.startswith('"'):
        return rel
    escaped = rel.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
