"""`ducu support`: the client's support requests against their targets, and recording the answers.

    ducu support [--project P] [--open] [--format text|json]
    ducu support add PROJECT title=... reporter=... severity=high     (ducu add support ..., opened now)
    ducu support respond PROJECT/ID [--at TIME]
    ducu support resolve PROJECT/ID [--at TIME] [--summary TEXT]

Times are the workspace timezone's local time ("2026-11-27 14:30"; default
now, to the minute). Each write is one commit, like `ducu done`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from tui.cli.helpers import EXIT_FINDINGS, EXIT_OK, err, load_for_edit, load_for_view, pad, printable, write_json


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "support",
        help="support requests with their response and resolution targets (working hours): "
        "ducu support --open; ducu support respond|resolve PROJECT/ID",
    )
    p.add_argument("--project", metavar="P", help="only this project's requests")
    p.add_argument("--open", action="store_true", help="only requests not resolved")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-w", "--workspace", help="the workspace folder")
    p.set_defaults(run=cmd_list)
    actions = p.add_subparsers(dest="action", metavar="ACTION")

    a = actions.add_parser("add", help="add a request, opened now: ducu support add PROJECT title=... severity=high")
    a.add_argument("project", help="the project")
    a.add_argument("assignments", nargs="+", metavar="FIELD=VALUE", help="title=... is required; reporter, owner, ...")
    a.add_argument("--reason", help="why (kept in the commit)")
    a.add_argument("-w", "--workspace", help="the workspace folder")
    a.set_defaults(run=cmd_add)

    for name, what in (("respond", "responded"), ("resolve", "resolved")):
        a = actions.add_parser(name, help=f"record that a request was {what} (default: now) and commit")
        a.add_argument("item", help="project-id/request-id")
        a.add_argument("--at", metavar="TIME", help="when, local time: 2026-11-27 14:30 (default: now)")
        if name == "resolve":
            a.add_argument("--summary", metavar="TEXT", help="what was done")
        a.add_argument("--reason", help="why (kept in the commit)")
        a.add_argument("-w", "--workspace", help="the workspace folder")
        a.set_defaults(run=cmd_answer, action=name)


def cmd_list(args: argparse.Namespace) -> int:
    from workspace_schema.core import clock
    from workspace_schema.views.support import sla_text, state_json, support_states

    ws, _ = load_for_view(args.workspace)
    if args.project and args.project not in ws.projects:
        err(f"no project `{args.project}`; projects: {', '.join(ws.projects)}")
        return EXIT_FINDINGS
    now = clock.now(ws.settings.timezone)
    states = support_states(ws, now, project=args.project, open_only=args.open)
    if args.format == "json":
        write_json([state_json(s) for s in states])
        return EXIT_OK
    if not states:
        print(f"no {'open ' if args.open else ''}support requests")
        return EXIT_OK
    from workspace_schema.views.listing import width

    cells = max(width(s.ref) for s in states)
    for s in states:
        opened = f"{s.request.opened:%Y-%m-%d %H:%M}" if s.request.opened else "not opened"
        print(f"{pad(printable(s.ref), cells)}  {s.request.severity:<8}  {opened}  {printable(s.request.title)}")
        print(f"{'':{cells}}  {sla_text(s)}")
    breached = sum(1 for s in states if s.overdue)
    print(
        f"\n{len(states)} request{'s' if len(states) != 1 else ''}, {breached} open past a target (as of {now:%Y-%m-%d %H:%M})"
    )
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    """`ducu support add` is `ducu add support`: the same checks, the same commit."""
    from tui.cli.edits import run

    args.command, args.kind = "add", "support"
    return run(args)


def _when(text: str | None, now: dt.datetime) -> dt.datetime:
    if not text:
        return now
    try:
        return dt.datetime.fromisoformat(text.strip().replace(" ", "T", 1)).replace(tzinfo=None)
    except ValueError:
        raise ValueError(f"--at {text!r}: give a local time like 2026-11-27 14:30") from None


def cmd_answer(args: argparse.Namespace) -> int:
    """`ducu support respond|resolve`: one commit, or nothing when it was answered already."""
    from tui.cli.edits import commit_one
    from workspace_schema.core import clock
    from workspace_schema.edit import edits
    from workspace_schema.edit import support as edit_support
    from workspace_schema.edit import values as edit_values
    from workspace_schema.edit.storage import EditError, StaleFile

    ws, _, is_repo = load_for_edit(args.workspace, [args.item.split("/", 1)[0]])
    root = Path(ws.root)
    try:
        at = _when(args.at, clock.now(ws.settings.timezone))
        if args.action == "respond":
            change = edit_support.record_response(ws, args.item, at, reason=args.reason)
            field = "responded"
        else:
            change = edit_support.record_resolution(ws, args.item, at, summary=args.summary, reason=args.reason)
            field = "resolved"
    except (ValueError, edit_values.EditRejected, EditError, StaleFile) as exc:
        err(printable(f"{exc} (nothing was written)"))
        return EXIT_FINDINGS
    if not change.fields:
        request = edits.locate(ws, args.item).record
        done = edit_support.answered_text(request, field) or edit_support.answered_text(request, "resolved")
        sys.stdout.write(printable(f"{args.item} was {done}: nothing changed") + "\n")
        return EXIT_OK
    return commit_one(root, change, is_repo)
