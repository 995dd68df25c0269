"""`ducu improvements` and `ducu improve`: the improvement register (improvements.toml), listed and written.

ducu improvements [--all] [--format text|json]     the open ones (proposed, doing), stale first
ducu improvements done ID                           status done, done_on today; one commit
ducu improve "title" --from PROJECT/LESSON --owner H [--due D]    a new one; one commit
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.edits import commit_one
from tui.cli.helpers import (
    EXIT_FINDINGS,
    EXIT_OK,
    err,
    load_for_edit,
    load_for_view,
    pad,
    printable,
    workspace_option,
    write_json,
)

if TYPE_CHECKING:
    pass


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "improvements",
        help="the improvement register: the open ones, stale first (--all: every one); "
        "ducu improvements done ID marks one done and commits",
    )
    p.add_argument("action", nargs="?", choices=("done",), help="done: mark the improvement ID done today")
    p.add_argument("id", nargs="?", help="the improvement's id (with done)")
    p.add_argument("--all", action="store_true", help="done and dropped ones too")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--reason", help="why (kept in the commit, with done)")
    workspace_option(p)
    p.set_defaults(run=cmd_improvements)

    p = sub.add_parser(
        "improve",
        help='add an improvement to the register from a lesson and commit: ducu improve "title" '
        "--from PROJECT/LESSON --owner HANDLE [--due DATE]",
    )
    p.add_argument("title", help="what we change in how we work")
    p.add_argument("--from", dest="source", metavar="PROJECT/LESSON", help="the lesson it comes from")
    p.add_argument("--owner", required=True, metavar="HANDLE", help="who sees it through (a handle in people.toml)")
    p.add_argument("--due", metavar="DATE", help="by when (2026-12-18, +3w, fri)")
    p.add_argument("--reason", help="why (kept in the commit)")
    workspace_option(p)
    p.set_defaults(run=cmd_improve)


def cmd_improvements(args: argparse.Namespace) -> int:
    if args.action == "done":
        return _done(args)
    if args.id is not None:
        err(f"{args.id!r}: did you mean `ducu improvements done {args.id}`?")
        return EXIT_FINDINGS
    from workspace_schema.views.improvements import register

    ws, today = load_for_view(args.workspace)
    rows = register(ws, today, everything=args.all)
    if args.format == "json":
        write_json(rows)
        return EXIT_OK
    if not rows:
        print("no open improvements" if not args.all else "the register is empty")
        return EXIT_OK
    for r in rows:
        when = f"done {r.done_on}" if r.done_on else f"due {r.due}" if r.due else "no due"
        line = f"{pad(r.id, 28)} {pad(r.status, 9)} {pad(r.owner_name or '-', 14)} {pad(when, 15)} {r.title}"
        print(printable(line))
        if r.stale:
            print(printable(f"{'':28} stale: {r.stale}"))
    return EXIT_OK


def _done(args: argparse.Namespace) -> int:
    from workspace_schema.edit import values as edit_values
    from workspace_schema.edit.improvements import mark_improvement_done
    from workspace_schema.edit.storage import EditError, StaleFile

    if not args.id:
        err("which one? ducu improvements done ID (ducu improvements lists the ids)")
        return EXIT_FINDINGS
    ws, today, is_repo = load_for_edit(args.workspace, [])
    try:
        change = mark_improvement_done(ws, args.id, today, reason=args.reason)
    except (edit_values.EditRejected, EditError, StaleFile) as exc:
        err(printable(f"{exc} (nothing was written)"))
        return EXIT_FINDINGS
    if not change.fields:
        print(printable(f"{args.id} is already done (on {ws.improvements[args.id].done_on}): nothing changed"))
        return EXIT_OK
    return commit_one(Path(ws.root), change, is_repo)


def cmd_improve(args: argparse.Namespace) -> int:
    from workspace_schema.core.dates import DateError, parse_date
    from workspace_schema.edit import values as edit_values
    from workspace_schema.edit.improvements import add_improvement
    from workspace_schema.edit.storage import EditError, StaleFile

    project = (args.source or "").split("/", 1)[0]
    ws, today, is_repo = load_for_edit(args.workspace, [project] if project else [])
    try:
        due = parse_date(args.due, today, ws.settings.holidays) if args.due else None
        change = add_improvement(
            ws, args.title, owner=args.owner, today=today, source=args.source, due=due, reason=args.reason
        )
    except (DateError, ValueError, edit_values.EditRejected, EditError, StaleFile) as exc:
        err(printable(f"{exc} (nothing was written)"))
        return EXIT_FINDINGS
    return commit_one(Path(ws.root), change, is_repo)
