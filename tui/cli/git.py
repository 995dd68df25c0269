"""`ducu sync`, `merge-driver` and `history`: the workspace's git clone from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.helpers import (
    EXIT_CONFLICTS,
    EXIT_FINDINGS,
    EXIT_OFFLINE,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_REWRITTEN,
    err,
    pad,
    printable,
    workspace_option,
    workspace_root,
    write_json,
)
from workspace_schema.core.dates import counted

if TYPE_CHECKING:
    from workspace_schema.core.records import Workspace


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "merge-driver",
        help="git's merge driver for plan files (registered by init, demo, sync and the app)",
        usage="ducu merge-driver %%O %%A %%B [%%P [%%L]]",
    )
    # Taken as they come, never as options: %P is a path in the repository, and one may be "-rf.toml".
    p.add_argument(
        "files",
        nargs=argparse.REMAINDER,
        help="%%O %%A %%B: base, ours, theirs (temporary files git passes); %%P: the path; %%L: the marker size",
    )
    p.set_defaults(run=cmd_merge_driver)

    p = sub.add_parser("sync", help="commit edits made outside ducu, then pull, merge and push (never forces)")
    p.add_argument(
        "--after-rewrite",
        action="store_true",
        help="the remote branch was force-pushed: move onto it with only this clone's own commits on top",
    )
    workspace_option(p)
    p.set_defaults(run=cmd_sync)

    p = sub.add_parser(
        "history",
        help="who changed an item, when, old -> new and why, from git: ducu history acme-crm/data-export --field due",
    )
    p.add_argument(
        "item", nargs="?", help="project, project/item, people/handle, clients/id or workspace (optional with --by)"
    )
    p.add_argument("--field", help="only this field (and its sub-fields: raci covers raci.accountable)")
    p.add_argument("--since", metavar="DATE", help="only changes on or after DATE (2026-11-01, -2w, ...)")
    p.add_argument("--by", metavar="PERSON", help="only changes by this person (handle or git email)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    workspace_option(p)
    p.set_defaults(run=cmd_history)


def cmd_merge_driver(args: argparse.Namespace) -> int:
    from workspace_schema.merge.driver import main

    return main(args.files)


def cmd_sync(args: argparse.Namespace) -> int:
    from workspace_schema.git.sync import sync

    root = workspace_root(args.workspace)
    _register_merge_driver(root)
    result = sync(root, after_rewrite=args.after_rewrite)
    if result.status in ("synced", "nothing"):
        print(result.message)
        return EXIT_OK
    err(result.message)
    codes = {"conflicts": EXIT_CONFLICTS, "offline": EXIT_OFFLINE, "rewritten": EXIT_REWRITTEN, "refused": EXIT_REFUSED}
    return codes.get(result.status, EXIT_FINDINGS)


def _register_merge_driver(root: Path) -> None:
    """Let git merge plan files field by field (says so when it changes the clone's config)."""
    from workspace_schema.merge.driver import DRIVER_NOTICE, ensure_driver

    if ensure_driver(root):
        err(DRIVER_NOTICE)


def cmd_history(args: argparse.Namespace) -> int:
    import time

    from workspace_schema.core import clock
    from workspace_schema.core.dates import DateError, parse_date
    from workspace_schema.core.records import ITEM_KINDS
    from workspace_schema.git import runner as git
    from workspace_schema.history import trail as history
    from workspace_schema.load.loader import load_workspace
    from workspace_schema.views.listing import width as cells

    root = workspace_root(args.workspace)
    item = args.item.strip().strip("/") if args.item else None
    if not item and not args.by:
        err("name what to show: ducu history PROJECT, PROJECT/ITEM or people/HANDLE (or --by PERSON)")
        return EXIT_FINDINGS
    head = (item or "").partition("/")[0]
    project_id = head if item and head not in ("people", "clients", "workspace", "reviews") else None
    ws, _ = load_workspace(root, projects=[project_id] if project_id else [])
    since = None
    if args.since:
        try:
            since = parse_date(args.since, clock.today(ws.settings.timezone), ws.settings.holidays)
        except DateError as exc:
            err(f"--since: {exc}")
            return EXIT_FINDINGS
    started = time.monotonic()
    shown: list[int] = []  # the progress reports seen

    def progress(done: int, total: int) -> None:
        if time.monotonic() - started < 0.5:
            return
        if sys.stderr.isatty():
            print(f"\rducu: reading history {done}/{total} commits", end="", file=sys.stderr, flush=True)
        elif not shown:
            print(
                f"ducu: reading the history of {counted(total, 'commit')} (once: later runs read only new commits)",
                file=sys.stderr,
            )
        shown.append(done)

    try:
        index = history.build_index(root, on_progress=progress, timezone=ws.settings.timezone)
    except git.GitError as exc:
        err(f"cannot read the history of {root}: {exc}")
        return EXIT_FINDINGS
    finally:
        if shown and sys.stderr.isatty():
            print(file=sys.stderr)
    if item and "/" in item and not _history_known(ws, item) and not index.item(item):
        head, _, rest = item.partition("/")  # "acme-crm/data-export": the item whose id starts with that slug
        project = ws.projects.get(head)
        ids = [] if project is None else [i for t in ITEM_KINDS for i in getattr(project, t) if i.startswith(rest)]
        if len(ids) > 1:
            err(f"{item} could be any of: {', '.join(sorted(ids))}")
            return EXIT_FINDINGS
        item = f"{head}/{ids[0]}" if ids else item
    if not item:
        changes = index.person(args.by, ws, since, field=args.field)
    elif "/" not in item and item != "workspace":
        changes = index.project(item, since, field=args.field)
    else:
        changes = index.item(item, args.field, since)
    if item and args.by:
        mine = history.authored_by(args.by, ws)
        changes = [c for c in changes if mine(c.author, c.email)]
    if args.format == "json":
        import msgspec

        handles = {c.email: history.person_of(c.email, ws) for c in changes}  # the person, for scripts to join on
        write_json([{**msgspec.to_builtins(c), "handle": handles[c.email]} for c in changes])
    else:
        names: dict[str, str] = {}  # people.toml's name for a git email it lists, else the name git recorded
        for c in changes:
            handle = names.get(c.email) or history.person_of(c.email, ws)
            person = ws.people.get(handle) if handle else None
            names[c.email] = (person.name or handle) if person is not None and handle else c.author
        width = max((cells(n) for n in names.values()), default=0)  # 王伟 takes 4 cells
        for c in changes:
            where = c.ref if not item else c.ref.removeprefix(f"{item}/") if c.ref != item else ""
            cols = [c.day.isoformat(), pad(names[c.email], width), where, history.describe(c, args.field)]
            if c.reason:
                cols.append(history.show(c.reason, 80))
            cols.append(c.short + ("" if c.signature == "N" else f" signature: {c.trust}"))
            print(printable("  ".join(col for col in cols if col)))
    if changes:
        return EXIT_OK
    if item and not _history_known(ws, item) and not (index.project(item) if "/" not in item else index.item(item)):
        err(f"no history for {item}, and the workspace has no such item (give project, project/item or people/handle)")
        return EXIT_FINDINGS
    err(f"no committed changes of {item or args.by} match")
    return EXIT_OK


def _history_known(ws: Workspace, ref: str) -> bool:
    """Whether ``ref`` names something in the workspace as it is now."""
    from workspace_schema.core.records import ITEM_KINDS

    head, _, rest = ref.partition("/")
    if head in ("people", "clients"):
        return rest in (ws.people if head == "people" else ws.clients)
    if head == "workspace":
        return True
    project = ws.projects.get(head)
    if project is None or not rest:
        return project is not None
    item_id = rest.partition("/")[0]
    return any(item_id in getattr(project, table) for table in ITEM_KINDS)
