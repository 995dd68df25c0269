"""The child process of the crash tests: one operation of ducu, killed at a random moment.

    python -m tests.helpers.crashdriver        # then one line on stdin, the operation and its arguments:
    set ROOT REF FIELD=VALUE           # `ducu set` (the CLI's own main)
    sync ROOT                          # `ducu sync`
    app ROOT REF FIELD TAG N           # N edits as the app makes them: set_fields, then commit_change
    finish ROOT PROJECT N [STEP]       # the meeting's end: N decisions recorded, the draft saved after each
                                       # (as the review screen does), then minutes.finish; with STEP, die just
                                       # before that step: project (its write), commit, draft (its deletion)

It imports everything first and then waits for its line, so the test can
start the next child while it checks the last one; it prints ``READY`` when
the line came, and the test starts its kill timer then, so the kills land in
the work, not in the imports. Output is unbuffered (the test sets
PYTHONUNBUFFERED), so a line the test read was printed before the kill. The
lines are what the app would report:

    SAVED <ref> <field> <value>            the library said the edit is written
    COMMITTED <sha> <ref> <field> <value>  ... and committed
    NOT-COMMITTED <ref> <why>              ... and not committed (the app says so and goes on)
    DRAFT <n>                              the draft is saved with its n-th decision
    FINISHED <sha> <review file>           the review is written and committed
    EXIT <code>                            the CLI command returned

``ducu set`` and ``ducu sync`` report through their own output.
"""

from __future__ import annotations

import os
import shlex
import signal
import sys
from pathlib import Path

import tui.cli
import tui.cli.edits
import tui.cli.git
from tui.state import finish_stopped_merge
from workspace_schema import review as minutes
from workspace_schema.core import clock
from workspace_schema.edit import storage
from workspace_schema.edit.edits import set_fields
from workspace_schema.git import runner as git
from workspace_schema.git import sync  # noqa: F401
from workspace_schema.git.commit import commit_change
from workspace_schema.load.loader import load_workspace
from workspace_schema.review import finishing as minutes_finish

# The steps of a finish a test can stop it at: (object, attribute) replaced by a SIGKILL.
STEPS = {
    "project": (storage.Edit, "save"),
    "commit": (git, "commit"),
    "draft": (minutes_finish, "delete_draft"),
}


def die(*_args: object, **_kwargs: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> int:
    line = sys.stdin.readline()
    if not line.strip():
        return 0  # the test is done and never used this one
    argv = shlex.split(line)
    op, root = argv[0], Path(argv[1])
    print("READY", flush=True)
    if op in ("set", "sync"):
        args = ["set", *argv[2:], "-w", str(root)] if op == "set" else ["sync", "-w", str(root)]
        code = tui.cli.main(args)
        print(f"EXIT {code}", flush=True)
    elif op == "app":
        ref, field, tag, n = argv[2], argv[3], argv[4], int(argv[5])
        for i in range(n):
            value = f"{tag}-{i}"
            finish_stopped_merge(root)  # as the app does before it loads (tui/state.py)
            ws, _ = load_workspace(root, projects=[ref.partition("/")[0]])
            change = set_fields(ws, ref, {field: value})
            print(f"SAVED {ref} {field} {value}", flush=True)
            try:
                sha = commit_change(root, change)
            except git.GitError as exc:  # what the app shows as "Saved, not committed"
                print(f"NOT-COMMITTED {ref} {' '.join(str(exc).split())}", flush=True)
                continue
            print(f"COMMITTED {sha} {ref} {field} {value}", flush=True)
    elif op == "finish":
        if len(argv) > 4:
            owner, name = STEPS[argv[4]]
            setattr(owner, name, die)
        finish_stopped_merge(root)  # as the app does before it loads
        ws, _ = load_workspace(root)
        draft = minutes.load_draft(root, argv[2])
        assert draft is not None, "no draft to finish"
        for n in range(1, int(argv[3]) + 1):
            draft.decisions.append(f"decision {n}")
            minutes.save_draft(root, draft)
            print(f"DRAFT {n}", flush=True)
        result = minutes.finish(ws, draft, clock.today(ws.settings.timezone))
        print(f"FINISHED {result.commit} {result.review_file}", flush=True)
    else:
        raise SystemExit(f"unknown operation {op!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
