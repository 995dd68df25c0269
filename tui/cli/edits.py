"""`ducu set`, `ducu add`, `ducu done`, `ducu accept`: the app's edits for scripts, bots and tests.

Same checks and the same commit as an edit made in the app. Only the files
an edit needs are read (settings, people, clients and the one project), so
a change takes a fraction of a full load.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tui.cli.helpers import EXIT_FINDINGS, EXIT_NOT_COMMITTED, EXIT_OK, err, load_for_edit, printable

KINDS = {
    "milestone": "milestones",
    "task": "tasks",
    "goal": "goals",
    "risk": "risks",
    "change": "changes",
    "log": "log",
    "lesson": "lessons",
    "support": "support",  # a support request; opened defaults to now
    "training": "trainings",
}

ENTRIES = ("person", "client", "project")  # `ducu add KIND ID FIELD=VALUE...`: the id names the new entry


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "set",
        help="change fields of items and commit: ducu set acme-crm/data-export due=+7d [ITEM FIELD=VALUE...]",
    )
    p.add_argument("item", help="project-id/item-id (or project-id for the project itself)")
    p.add_argument(
        "assignments",
        nargs="+",
        metavar="FIELD=VALUE",
        help="e.g. due=2026-12-11, owner=alice, status=done; FIELD= clears. Another ITEM starts its own "
        "FIELD=VALUE list: every item is checked first, then all are written and committed as ONE commit",
    )
    p.add_argument("--reason", help="why (kept in the commit for the audit trail)")
    p.add_argument("-w", "--workspace", help="the workspace folder (default: the one holding the current folder)")
    p.set_defaults(run=run)

    p = sub.add_parser(
        "add",
        help="add a milestone, task, goal, risk, change, log entry, lesson, support request or training "
        "(ducu add task PROJECT title=...), "
        "or a person, client or project (ducu add person HANDLE name=...), and commit",
    )
    p.add_argument("kind", choices=sorted([*KINDS, *ENTRIES]), help="what to add")
    p.add_argument("project", help="the project (for a person, client or project: the new handle or id)")
    p.add_argument(
        "assignments", nargs="+", metavar="FIELD=VALUE", help="title=... is required (summary=... for changes and log)"
    )
    p.add_argument("--reason", help="why (kept in the commit for the audit trail)")
    p.add_argument("-w", "--workspace", help="the workspace folder")
    p.set_defaults(run=run)

    p = sub.add_parser("done", help="mark an item done today and commit")
    p.add_argument("item", help="project-id/item-id")
    p.add_argument("--reason", help="why (kept in the commit)")
    p.add_argument("-w", "--workspace", help="the workspace folder")
    p.set_defaults(run=run)

    p = sub.add_parser(
        "accept",
        help="record that the client accepted a done milestone and commit: ducu accept PROJECT/MILESTONE --by PERSON",
    )
    p.add_argument("item", help="project-id/milestone-id (the milestone is done)")
    p.add_argument("--by", required=True, metavar="PERSON", help="who accepted it (a handle in people.toml)")
    p.add_argument("--evidence", metavar="TEXT", help="a link or a few words: the sign-off email, signed minutes")
    p.add_argument("--on", metavar="DATE", help="when (2026-11-20, -2d, fri; default: today)")
    p.add_argument("--reason", help="why (kept in the commit)")
    p.add_argument("-w", "--workspace", help="the workspace folder")
    p.set_defaults(run=run_accept)


def run_accept(args: argparse.Namespace) -> int:
    """`ducu accept`: the client signed off a done milestone; one commit with an Accepted-by trailer."""
    from workspace_schema.core.dates import DateError, parse_date
    from workspace_schema.edit import edits
    from workspace_schema.edit import values as edit_values
    from workspace_schema.edit.acceptance import accept_milestone, acceptance_text
    from workspace_schema.edit.storage import EditError, StaleFile

    ws, today, is_repo = load_for_edit(args.workspace, [args.item.split("/", 1)[0]])
    root = Path(ws.root)
    try:
        on = parse_date(args.on, today, ws.settings.holidays) if args.on else today
        change = accept_milestone(ws, args.item, args.by, today, on=on, evidence=args.evidence, reason=args.reason)
    except (DateError, ValueError, edit_values.EditRejected, EditError, StaleFile) as exc:
        err(printable(f"{exc} (nothing was written)"))
        return EXIT_FINDINGS
    if not change.fields:
        record = edits.locate(ws, args.item).record
        print(printable(f"{args.item} is already {acceptance_text(record)}: nothing changed"))
        return EXIT_OK
    return commit_one(root, change, is_repo)


def _pairs(assignments: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for text in assignments:
        field, sep, value = text.partition("=")
        if not sep or not field.strip():
            raise ValueError(f"{text!r}: write FIELD=VALUE, e.g. due=2026-12-11")
        pairs.append((field.strip(), value))
    return pairs


def _add_entry(ws: Any, kind: str, key: str, pairs: list[tuple[str, str]], today: Any, reason: str | None) -> Any:
    """`ducu add person|client|project ID FIELD=VALUE...`: the app's checks, one write."""
    from workspace_schema.core import records as R
    from workspace_schema.edit import edits
    from workspace_schema.edit import values as edit_values
    from workspace_schema.setup.scaffold import add_project

    classes: dict[str, type[R.Record]] = {"person": R.Person, "client": R.Client, "project": R.ProjectHeader}
    cls = classes[kind]
    fields = {f: edit_values.parse_value(cls, f, v, today, ws.settings.holidays) for f, v in pairs}
    fields = {f: v for f, v in fields.items() if v is not None}
    if kind == "person":
        return edits.add_person(ws, key, fields, reason=reason)
    if kind == "client":
        return edits.add_client(ws, key, fields, reason=reason)
    return add_project(ws, key, fields, reason=reason)


def _groups(tokens: list[str]) -> list[tuple[str, list[str]]]:
    """ITEM FIELD=VALUE... [ITEM FIELD=VALUE...] as (item, assignments) pairs."""
    groups: list[tuple[str, list[str]]] = []
    for token in tokens:
        if "=" in token or not groups:
            if not groups:
                groups.append((token, []))
            else:
                groups[-1][1].append(token)
        else:
            groups.append((token, []))
    return groups


def _set_many(path: str | None, groups: list[tuple[str, list[str]]], reason: str | None) -> int:
    """Several items set in one commit: every value parsed and checked before any file is written."""
    from workspace_schema.edit import edits
    from workspace_schema.edit import values as edit_values
    from workspace_schema.edit.atomic import atomic_write
    from workspace_schema.edit.storage import EditError, StaleFile
    from workspace_schema.git import runner as git
    from workspace_schema.git.commit import commit_changes

    ws, today, is_repo = load_for_edit(path, sorted({item.split("/", 1)[0] for item, _ in groups}))
    root = Path(ws.root)
    planned = []
    try:
        for item, assignments in groups:
            if not assignments:
                raise edit_values.EditRejected(f"{item}: no FIELD=VALUE to set")
            target = edits.locate(ws, item)
            values = {
                f: edit_values.parse_value(target.cls, f, v, today, ws.settings.holidays)
                for f, v in _pairs(assignments)
            }
            edits.check_fields(ws, item, values)
            planned.append((item, values, target.file))
    except (ValueError, edit_values.EditRejected, EditError, StaleFile) as exc:
        err(f"{exc} (nothing was written)")
        return EXIT_FINDINGS
    before = {file: (root / file).read_bytes() for _, _, file in planned}
    changes = []
    try:
        for item, values, _file in planned:
            changes.append(edits.set_fields(ws, item, values, reason=reason))
    except (ValueError, edit_values.EditRejected, EditError, StaleFile) as exc:
        for file, data in before.items():  # all or nothing: put back what was written
            atomic_write(root / file, data)
        err(f"{exc} (nothing was written)")
        return EXIT_FINDINGS
    changes = [c for c in changes if c.fields]
    if not changes:
        print("nothing to change")
        return EXIT_OK
    if not is_repo:
        print("\n".join(f"{c.subject()} (saved; not a git repository, so not committed)" for c in changes))
        return EXIT_OK
    try:
        sha = commit_changes(root, changes)
    except git.GitError as exc:
        err(
            f"saved {', '.join(sorted(before))} but could not commit: {exc}\n`ducu sync` commits them once that is fixed."
        )
        return EXIT_NOT_COMMITTED
    for c in changes:
        print(f"{c.subject()} ({sha[:7]})")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    from workspace_schema.core import clock
    from workspace_schema.edit import done, edits
    from workspace_schema.edit import values as edit_values
    from workspace_schema.edit.storage import EditError, StaleFile

    groups = _groups([args.item, *args.assignments]) if args.command == "set" else []
    if len(groups) > 1:
        return _set_many(args.workspace, groups, args.reason)
    entry = args.command == "add" and args.kind in ENTRIES
    project_id = "" if entry else (args.project if args.command == "add" else args.item).split("/", 1)[0]
    ws, today, is_repo = load_for_edit(args.workspace, [project_id] if project_id else [])
    root = Path(ws.root)
    holidays = ws.settings.holidays
    try:
        if args.command == "done":
            change = done.mark_done(ws, args.item, today, reason=args.reason)
            if not change.fields:  # done_on keeps the day it was first done
                print(f"{args.item} is {done.already_done(edits.locate(ws, args.item).record)}: nothing changed")
                return EXIT_OK
        elif args.command == "set":
            target = edits.locate(ws, args.item)
            values = {
                f: edit_values.parse_value(target.cls, f, v, today, holidays) for f, v in _pairs(args.assignments)
            }
            change = edits.set_fields(ws, args.item, values, reason=args.reason)
        elif entry:
            change = _add_entry(ws, args.kind, args.project, _pairs(args.assignments), today, args.reason)
        else:
            from workspace_schema.core import records as R

            table = KINDS[args.kind]
            cls = R.ITEM_KINDS[table]
            fields = {f: edit_values.parse_value(cls, f, v, today, holidays) for f, v in _pairs(args.assignments)}
            fields = {f: v for f, v in fields.items() if v is not None}
            if not (fields.get("title") or fields.get("summary") or fields.get("text")):
                raise edit_values.EditRejected(
                    f"a {args.kind} needs title=... (summary=... for changes and log entries)", "title"
                )
            if table == "log":
                fields.setdefault("on", today)
            if table == "support":
                fields.setdefault("opened", clock.now(ws.settings.timezone).replace(second=0))
            if table == "lessons":
                fields.setdefault("raised_on", today)
            change = edits.add_record(ws, project_id, table, fields, reason=args.reason)
    except (ValueError, edit_values.EditRejected, EditError, StaleFile) as exc:
        err(str(exc))
        return EXIT_FINDINGS
    if not change.fields and change.verb == "set":
        print(f"{change.ref}: nothing to change")
        return EXIT_OK
    return commit_one(root, change, is_repo)


def commit_one(root: Path, change: Any, is_repo: bool) -> int:
    """Commit one saved edit and say so: EXIT_OK, or EXIT_NOT_COMMITTED with the next step."""
    from workspace_schema.git import runner as git

    if not is_repo:
        print(f"{change.subject()} (saved; not a git repository, so not committed)")
        return EXIT_OK
    from workspace_schema.git.commit import commit_change

    try:
        sha = commit_change(root, change)
    except git.GitError as exc:
        err(
            f"saved {change.file} but could not commit: {exc}\nThe edit is in the file and shows as pending; "
            "`ducu sync` commits it once that is fixed (or `git restore -- FILE` takes it back)."
        )
        return EXIT_NOT_COMMITTED
    print(f"{change.subject()} ({sha[:7]})")
    return EXIT_OK
