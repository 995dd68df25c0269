"""The `ducu` command line. Thin: arguments in, library calls, text out.

Heavy imports (Textual, the rules) happen inside the commands that need them,
so `ducu validate` and friends start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

COMMANDS = ("validate", "schema", "init", "demo", "set", "add", "done", "sync", "history", "merge-driver", "report", "nudges", "export", "list", "change", "baseline")

EXIT_OK = 0
EXIT_FINDINGS = 1  # also: any other error
EXIT_NOT_WORKSPACE = 2
EXIT_CONFLICTS = 3  # sync: conflicts are left to resolve
EXIT_OFFLINE = 4  # sync: the remote cannot be reached; local commits are kept


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ducu",
        description="Keep client projects on schedule. `ducu [PATH]` opens the app on a workspace.",
    )
    parser.add_argument("--sync-every", type=float, metavar="MIN", help="when opening the app: also sync in the background every MIN minutes (default: only on S)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check every file of a workspace and print the findings")
    p.add_argument("path", nargs="?", help="the workspace folder (default: the one holding the current folder)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.add_argument("--list-rules", action="store_true", help="print every rule code with its level and what it checks")

    p = sub.add_parser("schema", help="write JSON Schemas of every file kind (for editors)")
    p.add_argument("--out", help="folder to write <kind>.json into (default: print them as one JSON object)")

    p = sub.add_parser("init", help="create an empty workspace with a first commit")
    p.add_argument("dir", help="folder for the workspace (created if needed)")
    p.add_argument("--name", help="workspace name (default: the folder name)")
    p.add_argument("--team", default="us", help="the org id of your own team (default: us)")
    p.add_argument("--timezone", default="UTC", help="IANA timezone, e.g. Asia/Shanghai (default: UTC)")

    p = sub.add_parser("demo", help="make a demo workspace with a local remote and open it")
    p.add_argument("dir", nargs="?", help="a new folder for the demo (default: a temporary folder)")
    p.add_argument("--no-open", action="store_true", help="print the path and exit instead of opening the app")

    p = sub.add_parser("merge-driver", help="git's merge driver for plan files (registered by init, demo, sync and the app)")
    for name, letter in (("base", "O"), ("ours", "A"), ("theirs", "B")):
        p.add_argument(name, help=f"%%{letter}: the {name} version (a temporary file git passes)")
    p.add_argument("path", nargs="?", default="", help="%%P: the file's path in the repository")
    p.add_argument("marker_size", nargs="?", help="%%L: conflict marker size")

    p = sub.add_parser("sync", help="commit edits made outside ducu, then pull, merge and push (never forces)")
    p.add_argument("-w", "--workspace", metavar="PATH", help="the workspace folder (default: the one holding the current folder)")

    p = sub.add_parser("history", help="who changed an item, when, old -> new and why, from git: ducu history acme-crm/data-export --field due")
    p.add_argument("item", nargs="?", help="project, project/item, people/handle, clients/id or workspace (optional with --by)")
    p.add_argument("--field", help="only this field (and its sub-fields: raci covers raci.accountable)")
    p.add_argument("--since", metavar="DATE", help="only changes on or after DATE (2026-11-01, -2w, ...)")
    p.add_argument("--by", metavar="PERSON", help="only changes by this person (handle or git email)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("-w", "--workspace", metavar="PATH", help="the workspace folder (default: the one holding the current folder)")

    p = sub.add_parser("report", help="a progress report for the client, in its language: ducu report acme-crm --format html --out r.html")
    p.add_argument("project", help="project id")
    p.add_argument("--format", choices=("md", "html"), default="md", help="Markdown (default) or a standalone HTML page")
    p.add_argument("--since", metavar="DATE", help="report what was done from DATE on (default: the last review, else 14 days ago)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of printing")
    p.add_argument("-w", "--workspace", metavar="PATH", help="the workspace folder (default: the one holding the current folder)")

    p = sub.add_parser("nudges", help="who owes what: open items by who must act, overdue first, with the escalation step due")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--draft", metavar="ITEM", help="print a polite reminder about ITEM (project/item) in the client's language; ducu sends nothing")
    p.add_argument("-w", "--workspace", metavar="PATH", help="the workspace folder (default: the one holding the current folder)")

    p = sub.add_parser("export", help="the plan as a calendar: ducu export ics --project acme-crm --out plan.ics")
    p.add_argument("what", choices=("ics",), help="ics: milestones, next reviews and drills as all-day events (RFC 5545)")
    p.add_argument("--project", help="only this project")
    p.add_argument("--person", help="only what this person owns, leads or holds a RACI letter on")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of printing")
    p.add_argument("-w", "--workspace", metavar="PATH", help="the workspace folder (default: the one holding the current folder)")

    p = sub.add_parser("list", help="milestones and tasks as rows: ducu list --side client --overdue --format csv")
    p.add_argument("--project", help="only this project")
    p.add_argument("--owner", help="only items this person owns (a handle)")
    p.add_argument("--side", choices=("client", "team", "joint"), help="client: the client must act (side client, or a client owner)")
    p.add_argument("--overdue", action="store_true", help="only open items past their due")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    p.add_argument("-w", "--workspace", metavar="PATH", help="the workspace folder (default: the one holding the current folder)")

    p = sub.add_parser("change", help="change requests: ducu change impact|approve|reject PROJECT/CHANGE, ducu change request ITEM --to DATE --reason TEXT")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = actions.add_parser("impact", help="what approving the change would move, and who decides (nothing is written)")
    q.add_argument("change", help="PROJECT/CHANGE-ID (a unique start of the change id will do)")
    q.add_argument("--format", choices=("text", "json"), default="text")
    q = actions.add_parser("approve", help="apply the moves, re-baseline the moved items, commit and tag baseline/PROJECT/DATE")
    q.add_argument("change", help="PROJECT/CHANGE-ID")
    q.add_argument("--as", dest="who", metavar="HANDLE", help="who approves (default: you, from your git email in people.toml)")
    q = actions.add_parser("reject", help="mark the change rejected and commit; no date moves")
    q.add_argument("change", help="PROJECT/CHANGE-ID")
    q.add_argument("--reason", help="why (kept in the commit)")
    q.add_argument("--as", dest="who", metavar="HANDLE", help="who rejects (default: you)")
    q = actions.add_parser("request", help="record a proposed change moving ITEM to a new due date, and commit it")
    q.add_argument("item", help="PROJECT/ITEM-ID (a unique start of the item id will do)")
    q.add_argument("--to", required=True, metavar="DATE", help="the new due date (2026-12-18, +1w, fri, ...)")
    q.add_argument("--reason", required=True, help="why the date should move")
    q.add_argument("--by", dest="who", metavar="HANDLE", help="who asks (default: you)")
    for q in actions.choices.values():
        q.add_argument("-w", "--workspace", metavar="PATH", help="the workspace folder (default: the one holding the current folder)")

    p = sub.add_parser("baseline", help="compare the plan with a baseline tag: ducu baseline diff acme-crm [TAG]")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = actions.add_parser("diff", help="due dates now against a baseline (default: the project's latest baseline tag)")
    q.add_argument("project", help="project id")
    q.add_argument("tag", nargs="?", help="baseline/PROJECT/DATE, just DATE, or any commit")
    q.add_argument("--all", action="store_true", help="also list the items whose due did not change")
    q.add_argument("--format", choices=("text", "json"), default="text")
    q = actions.add_parser("list", help="the project's baseline tags, oldest first")
    q.add_argument("project", help="project id")
    for q in actions.choices.values():
        q.add_argument("-w", "--workspace", metavar="PATH", help="the workspace folder (default: the one holding the current folder)")

    from tui.cli_edits import add_parsers

    add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] not in COMMANDS and not args_list[0].startswith("-"):
        return _open(args_list[0], _parser().parse_args(args_list[1:]).sync_every)  # ducu PATH [--sync-every MIN]
    parser = _parser()
    args = parser.parse_args(args_list)
    try:
        if args.command is None:
            return _open(None, args.sync_every)
        if args.command == "merge-driver":
            from workspace_schema.merge import merge_files

            return merge_files(args.base, args.ours, args.theirs, args.path)
        if args.command in ("set", "add", "done"):
            from tui.cli_edits import run

            return run(args)
        if args.command in ("change", "baseline"):
            return cmd_change(args) if args.command == "change" else cmd_baseline(args)
        commands = {"validate": cmd_validate, "schema": cmd_schema, "init": cmd_init, "demo": cmd_demo, "sync": cmd_sync, "history": cmd_history,
                    "report": cmd_report, "nudges": cmd_nudges, "export": cmd_export, "list": cmd_list}
        return commands[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _err(message: str) -> None:
    print(f"ducu: {message}", file=sys.stderr)


def _workspace_root(path: str | None) -> Path:
    from workspace_schema.loader import NotAWorkspace, check_root, find_root

    if path is not None:
        return check_root(path)
    root = find_root(Path.cwd())
    if root is None:
        raise NotAWorkspace(
            f"{Path.cwd()} is not inside a ducu workspace (no workspace.toml here or above). "
            "Give a path, cd into a workspace clone, or try `ducu demo`."
        )
    return root


def cmd_validate(args: argparse.Namespace) -> int:
    from workspace_schema import clock
    from workspace_schema.findings import count_by_level, sort_key
    from workspace_schema.loader import NotAWorkspace, load_workspace
    from workspace_schema.rules import RULES, check

    if args.list_rules:
        for code, rule in sorted(RULES.items()):
            print(f"{code:8} {rule.level:8} {rule.summary}")
        return EXIT_OK
    try:
        root = _workspace_root(args.path)
        ws, findings = load_workspace(root)
    except NotAWorkspace as exc:
        _err(str(exc))
        return EXIT_NOT_WORKSPACE
    today = clock.today(ws.settings.timezone)
    findings = sorted(findings + check(ws, today), key=sort_key)
    if args.format == "json":
        import msgspec

        sys.stdout.write(msgspec.json.encode(findings).decode("utf-8") + "\n")
    else:
        base = os.path.relpath(root, Path.cwd())
        prefix = "" if base == "." else base.rstrip("/") + "/"
        for finding in findings:
            print(f"{prefix}{finding.text()}")
        counts = count_by_level(findings)
        files = len(ws.sources)
        print(f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info in {files} files", file=sys.stderr)
    counts = count_by_level(findings)
    if counts["error"] or (args.strict and counts["warning"]):
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from workspace_schema.schema import json_schema, write_schemas
    from workspace_schema.records import FILE_KINDS

    if args.out:
        for path in write_schemas(args.out):
            print(path)
        return EXIT_OK
    print(json.dumps({kind: json_schema(kind) for kind in FILE_KINDS}, indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from workspace_schema import git
    from workspace_schema.clock import valid_timezone
    from workspace_schema.scaffold import InitError, init_repository, init_workspace

    if not valid_timezone(args.timezone):
        _err(f"--timezone {args.timezone!r} is not an IANA timezone name; use one like Europe/Berlin or Asia/Shanghai.")
        return EXIT_NOT_WORKSPACE
    try:
        written = init_workspace(args.dir, args.name, team=args.team, timezone=args.timezone)
    except InitError as exc:
        _err(str(exc))
        return EXIT_NOT_WORKSPACE
    print(f"Created a ducu workspace in {args.dir} ({len(written)} files).")
    try:
        sha = init_repository(args.dir, written)
    except git.NoIdentity as exc:
        _err(f"the files are in place but not committed.\n{exc}\nThen run: git -C {args.dir} add -A && git -C {args.dir} commit -m 'Start the ducu workspace'")
        return EXIT_FINDINGS
    except git.GitError as exc:
        _err(f"the files are in place but not committed: {exc}")
        return EXIT_FINDINGS
    print(f"First commit {sha[:7]}. Next: add people to people.toml, then `ducu {args.dir}`.")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from workspace_schema import clock, git
    from workspace_schema.demo import DemoError, make_demo

    try:
        root = make_demo(args.dir, clock.today("UTC"))
    except (DemoError, git.GitError) as exc:
        _err(str(exc))
        return EXIT_NOT_WORKSPACE
    if args.no_open:
        print(root)
        return EXIT_OK
    return _open(str(root))


def cmd_sync(args: argparse.Namespace) -> int:
    from workspace_schema.loader import NotAWorkspace
    from workspace_schema.sync import sync

    try:
        root = _workspace_root(args.workspace)
    except NotAWorkspace as exc:
        _err(str(exc))
        return EXIT_NOT_WORKSPACE
    _register_merge_driver(root)
    result = sync(root)
    if result.status in ("synced", "nothing"):
        print(result.message)
        return EXIT_OK
    _err(result.message)
    return {"conflicts": EXIT_CONFLICTS, "offline": EXIT_OFFLINE}.get(result.status, EXIT_FINDINGS)


def _register_merge_driver(root: Path) -> None:
    """Let git merge plan files field by field (says so when it changes the clone's config)."""
    from workspace_schema.merge import ensure_driver

    if ensure_driver(root):
        _err("set up the ducu merge driver (merge.ducu in .git/config, *.toml merge=ducu in .gitattributes): git now merges plan files field by field.")


def _open(path: str | None, sync_every: float | None = None) -> int:
    from workspace_schema.loader import NotAWorkspace

    try:
        root = _workspace_root(path)
    except NotAWorkspace as exc:
        _err(str(exc))
        return EXIT_NOT_WORKSPACE
    from tui.app import make_app

    make_app(root, sync_every=sync_every).run()
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    import time

    from workspace_schema import clock, git, history
    from workspace_schema.dates import DateError, parse_date
    from workspace_schema.loader import NotAWorkspace, load_workspace

    try:
        root = _workspace_root(args.workspace)
    except NotAWorkspace as exc:
        _err(str(exc))
        return EXIT_NOT_WORKSPACE
    item = args.item.strip().strip("/") if args.item else None
    if not item and not args.by:
        _err("name what to show: ducu history PROJECT, PROJECT/ITEM or people/HANDLE (or --by PERSON)")
        return EXIT_FINDINGS
    head = (item or "").partition("/")[0]
    project_id = head if item and head not in ("people", "clients", "workspace", "reviews") else None
    ws, _ = load_workspace(root, projects=[project_id] if project_id else [])
    since = None
    if args.since:
        try:
            since = parse_date(args.since, clock.today(ws.settings.timezone), ws.settings.holidays)
        except DateError as exc:
            _err(f"--since: {exc}")
            return EXIT_FINDINGS
    started, shown = time.monotonic(), []

    def progress(done: int, total: int) -> None:
        if time.monotonic() - started < 0.5:
            return
        if sys.stderr.isatty():
            print(f"\rducu: reading history {done}/{total} commits", end="", file=sys.stderr, flush=True)
        elif not shown:
            print(f"ducu: reading the history of {total} commits (once: later runs read only new commits)", file=sys.stderr)
        shown.append(done)

    try:
        index = history.build_index(root, on_progress=progress)
    except git.GitError as exc:
        _err(f"cannot read the history of {root}: {exc}")
        return EXIT_FINDINGS
    finally:
        if shown and sys.stderr.isatty():
            print(file=sys.stderr)
    if item and "/" in item and not _history_known(ws, item) and not index.item(item):
        head, _, rest = item.partition("/")  # "acme-crm/data-export": the item whose id starts with that slug
        project = ws.projects.get(head)
        ids = [] if project is None else [i for t in ("goals", "milestones", "tasks", "risks", "changes", "log") for i in getattr(project, t) if i.startswith(rest)]
        if len(ids) > 1:
            _err(f"{item} could be any of: {', '.join(sorted(ids))}")
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

        sys.stdout.write(msgspec.json.encode(changes).decode("utf-8") + "\n")
    else:
        width = max((len(c.author) for c in changes), default=0)
        for c in changes:
            where = c.ref if not item else c.ref.removeprefix(f"{item}/") if c.ref != item else ""
            cols = [c.day.isoformat(), c.author.ljust(width), where, history.describe(c, args.field)]
            if c.reason:
                cols.append(history.show(c.reason, 80))
            cols.append(c.short + ("" if c.signature == "N" else f" signature: {c.trust}"))
            line = "  ".join(col for col in cols if col)
            print("".join(ch if ch.isprintable() else " " for ch in line))  # names and text from git are data, not terminal codes
    if changes:
        return EXIT_OK
    if item and not _history_known(ws, item) and not (index.project(item) if "/" not in item else index.item(item)):
        _err(f"no history for {item}, and the workspace has no such item (give project, project/item or people/handle)")
        return EXIT_FINDINGS
    _err(f"no committed changes of {item or args.by} match")
    return EXIT_OK


def _history_known(ws, ref: str) -> bool:
    """Whether ``ref`` names something in the workspace as it is now."""
    head, _, rest = ref.partition("/")
    if head in ("people", "clients"):
        return rest in (ws.people if head == "people" else ws.clients)
    if head == "workspace":
        return True
    project = ws.projects.get(head)
    if project is None or not rest:
        return project is not None
    item_id = rest.partition("/")[0]
    return any(item_id in getattr(project, table) for table in ("goals", "milestones", "tasks", "risks", "changes", "log"))


# --- report, nudges, export, list: read-only views of the plan ------------------------------------


def _load_for_view(path: str | None):
    """(workspace, today) for a read-only command; NotAWorkspace propagates."""
    from workspace_schema import clock
    from workspace_schema.loader import load_workspace

    ws, _ = load_workspace(_workspace_root(path))
    return ws, clock.today(ws.settings.timezone)


def _emit(text: str, out: str | None) -> int:
    """Print ``text``, or write it atomically to ``out`` and say where."""
    if out is None:
        sys.stdout.write(text)
        return EXIT_OK
    from workspace_schema.atomic import atomic_write

    try:
        atomic_write(out, text.encode("utf-8"))
    except OSError as exc:
        _err(f"cannot write {out}: {exc.strerror or exc}")
        return EXIT_FINDINGS
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK


def _item_ref(ws, text: str) -> str | None:
    """"project/item", allowing a unique prefix of the item id ("acme-crm/data-export")."""
    head, _, rest = text.strip().strip("/").partition("/")
    project = ws.projects.get(head)
    if project is None or not rest:
        return None
    if project.item(rest) is not None:
        return f"{head}/{rest}"
    ids = [i for t in (project.milestones, project.tasks) for i in t if i.startswith(rest)]
    return f"{head}/{ids[0]}" if len(ids) == 1 else None


def cmd_report(args: argparse.Namespace) -> int:
    from workspace_schema import report
    from workspace_schema.dates import DateError, parse_date
    from workspace_schema.loader import NotAWorkspace

    try:
        ws, today = _load_for_view(args.workspace)
    except NotAWorkspace as exc:
        _err(str(exc))
        return EXIT_NOT_WORKSPACE
    if args.project not in ws.projects:
        _err(f"no project {args.project!r}; projects are: {', '.join(sorted(ws.projects)) or 'none yet'}")
        return EXIT_FINDINGS
    since = None
    if args.since:
        try:
            since = parse_date(args.since, today, ws.settings.holidays)
        except DateError as exc:
            _err(f"--since: {exc}")
            return EXIT_FINDINGS
    r = report.build(ws, args.project, today, since=since)
    return _emit(report.to_html(r) if args.format == "html" else report.to_markdown(r), args.out)


def cmd_nudges(args: argparse.Namespace) -> int:
    from workspace_schema import nudges
    from workspace_schema.loader import NotAWorkspace

    try:
        ws, today = _load_for_view(args.workspace)
    except NotAWorkspace as exc:
        _err(str(exc))
        return EXIT_NOT_WORKSPACE
    if args.draft:
        ref = _item_ref(ws, args.draft)
        if ref is None:
            _err(f"{args.draft}: no such milestone or task; give project/item, e.g. acme-crm/data-export-k3f9")
            return EXIT_FINDINGS
        try:
            sys.stdout.write(nudges.draft_reminder(ws, ref, today))
        except (KeyError, ValueError) as exc:
            _err(str(exc).strip("'\""))
            return EXIT_FINDINGS
        return EXIT_OK
    groups = nudges.build(ws, today)
    if args.format == "json":
        import msgspec

        sys.stdout.write(msgspec.json.encode(groups).decode("utf-8") + "\n")
        return EXIT_OK
    from workspace_schema.listing import width

    def clean(text: str | None) -> str:
        return "".join(ch if ch.isprintable() else " " for ch in text or "")

    refs = [it.ref for g in groups for it in g.items]
    pad = max((width(r) for r in refs), default=0)
    for g in groups:
        late = f", {g.overdue} overdue" if g.overdue else ""
        print(f"{clean(g.name)} ({'client' if g.side == 'client' else 'team'}{late})")
        for it in g.items:
            when = f"{it.days_overdue}d late" if it.days_overdue else (f"due {it.due}" if it.due else "no due")
            ref = clean(it.ref)
            cols = [f"  {when:>14}", ref + " " * (pad - width(ref)), clean(it.title)]
            if g.kind == "org" and it.owner_name:
                cols.append(f"[{clean(it.owner_name)}]")
            if it.client_side and it.days_overdue:
                cols.append(f"last nudged {it.last_nudge} ({it.days_since_nudge}d ago)" if it.last_nudge else "never nudged")
            if it.step is not None:
                who = f" ({clean(it.step.person_name)})" if it.step.person_name else ""
                cols.append(f"-> {clean(it.step.step)}: {clean(it.step.action)}{who}")
            print("  ".join(cols))
        print()
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from workspace_schema import ics
    from workspace_schema.loader import NotAWorkspace

    try:
        ws, today = _load_for_view(args.workspace)
    except NotAWorkspace as exc:
        _err(str(exc))
        return EXIT_NOT_WORKSPACE
    if args.project and args.project not in ws.projects:
        _err(f"no project {args.project!r}; projects are: {', '.join(sorted(ws.projects)) or 'none yet'}")
        return EXIT_FINDINGS
    if args.person and args.person not in ws.people:
        _err(f"no person {args.person!r} in people.toml")
        return EXIT_FINDINGS
    text = ics.export(ws, args.project, args.person, today=today)
    if args.out is None:
        sys.stdout.buffer.write(text.encode("utf-8"))  # CRLF line ends as RFC 5545 wants, on every platform
        return EXIT_OK
    return _emit(text, args.out)


def cmd_list(args: argparse.Namespace) -> int:
    from workspace_schema.gcpause import paused

    with paused():  # 20,000 rows and no cycles: the collector would only rescan the loaded records
        return _cmd_list(args)


def _cmd_list(args: argparse.Namespace) -> int:
    from workspace_schema import listing
    from workspace_schema.loader import NotAWorkspace

    try:
        ws, today = _load_for_view(args.workspace)
    except NotAWorkspace as exc:
        _err(str(exc))
        return EXIT_NOT_WORKSPACE
    if args.project and args.project not in ws.projects:
        _err(f"no project {args.project!r}; projects are: {', '.join(sorted(ws.projects)) or 'none yet'}")
        return EXIT_FINDINGS
    if args.owner and args.owner not in ws.people:
        _err(f"no person {args.owner!r} in people.toml")
        return EXIT_FINDINGS
    found = listing.rows(ws, today, project=args.project, owner=args.owner, side=args.side, overdue=args.overdue)
    if args.format == "json":
        sys.stdout.write(listing.to_json(found))
    elif args.format == "csv":
        sys.stdout.write(listing.to_csv(found))
    else:
        sys.stdout.write(listing.to_text(found))
    return EXIT_OK


# --- change requests and baselines ---------------------------------------------------------------


def _cols(text: str, width: int = 0) -> str:
    """``text`` padded to ``width`` terminal columns (CJK characters count as two)."""
    return text + " " * max(width - _columns(text), 0)


def _columns(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _pick(ws, target: str, tables: tuple[str, ...]) -> tuple[str, str]:
    """(project, id) from "project/id", allowing a unique start of the id; ValueError says what is wrong."""
    project_id, _, rest = target.strip().strip("/").partition("/")
    project = ws.projects.get(project_id)
    if project is None:
        raise ValueError(f"no project {project_id!r}; projects are: {', '.join(sorted(ws.projects)) or 'none yet'}")
    ids = [i for t in tables for i in getattr(project, t)]
    if not rest:
        raise ValueError(f"give PROJECT/ID, e.g. {project_id}/{ids[0] if ids else 'id'}")
    if rest in ids:
        return project_id, rest
    found = [i for i in dict.fromkeys(ids) if i.startswith(rest)]
    if len(found) == 1:
        return project_id, found[0]
    what = "change" if tables == ("changes",) else "milestone or task"
    raise ValueError(f"{target}: could be any of {', '.join(found)}" if found else f"{project_id} has no {what} {rest!r}; it has: {', '.join(ids) or 'none'}")


def _print_impact(imp) -> None:
    width = max((_columns(m.item_id) for m in imp.moves), default=0) + 2
    for m in imp.moves:
        print(f"  {_cols(_printable(m.item_id), width)}{m.old_due or '(none)'} -> {m.new_due}  {m.days:+4d} days  {m.reason}")
    if imp.project_due_moves:
        print(f"  project due {imp.project_due_old} -> {imp.project_due_new} ({imp.project_days:+d} days)")
    elif imp.project_due_old:
        print(f"  project due stays {imp.project_due_old}")


def cmd_change(args: argparse.Namespace) -> int:
    from workspace_schema import change_requests as C
    from workspace_schema import clock, edits, git
    from workspace_schema.dates import DateError, parse_date
    from workspace_schema.identity import current_person
    from workspace_schema.loader import NotAWorkspace, load_workspace
    from workspace_schema.storage import EditError, StaleFile

    try:
        root = _workspace_root(args.workspace)
    except NotAWorkspace as exc:
        _err(str(exc))
        return EXIT_NOT_WORKSPACE
    target = args.item if args.action == "request" else args.change
    ws, _ = load_workspace(root, projects=[target.strip().strip("/").partition("/")[0]])
    today = clock.today(ws.settings.timezone)
    try:
        project_id, rid = _pick(ws, target, ("milestones", "tasks") if args.action == "request" else ("changes",))
    except ValueError as exc:
        _err(str(exc))
        return EXIT_FINDINGS
    who = getattr(args, "who", None)
    if args.action != "impact" and who is None:
        me = current_person(ws, root)
        if not me.ok:
            flag = "--by" if args.action == "request" else "--as"
            _err(f"{me.problem} (or say who with {flag} HANDLE)")
            return EXIT_FINDINGS
        who = me.handle
    try:
        if args.action == "impact":
            imp = C.impact(ws, project_id, rid)
            if args.format == "json":
                import msgspec

                sys.stdout.write(msgspec.json.encode(imp).decode("utf-8") + "\n")
                return EXIT_OK
            change = ws.projects[project_id].changes[rid]
            print(_printable(f"{project_id}/{rid} ({change.status}): {change.summary}"))
            asked = f"requested by {change.requested_by or '?'}" + (f" on {change.requested_on}" if change.requested_on else "")
            print(_printable(asked + (f": {change.reason}" if change.reason else "")))
            if change.status != "proposed":
                print(f"decided by {change.decided_by or '?'} on {change.decided_on or '?'}; the moves below are as the plan stands now")
            _print_impact(imp)
            for warning in imp.warnings:
                print(_printable(f"warning: {warning}"))
            if change.status == "proposed":
                print(f"decides: {', '.join(imp.accountable) or 'anyone (no accountable, no project owner)'}")
                print(f"next: ducu change approve {project_id}/{rid}   or   ducu change reject {project_id}/{rid} --reason TEXT")
            return EXIT_OK
        if args.action == "request":
            when = parse_date(args.to, today, ws.settings.holidays)
            change = C.request(ws, f"{project_id}/{rid}", when, args.reason, who, today)
            if git.is_repo(root):
                from workspace_schema.sync import commit_change

                sha = commit_change(root, change)
                print(_printable(f"{change.subject()} ({sha[:7]})"))
            else:
                print(_printable(f"{change.subject()} (saved; not a git repository, so not committed)"))
            ws, _ = load_workspace(root, projects=[project_id])
            cid = change.ref.partition("/")[2]
            _print_impact(C.impact(ws, project_id, cid))
            print(f"next: ducu change impact {project_id}/{cid}, then approve or reject it")
            return EXIT_OK
        if args.action == "approve":
            d = C.approve(ws, root, project_id, rid, who, today)
            print(f"{project_id}/{rid} approved by {who} ({d.commit[:7]})" + (f", baseline tagged {d.tag}" if d.tag else ""))
            if d.impact is not None:
                _print_impact(d.impact)
        else:
            d = C.reject(ws, root, project_id, rid, who, today, reason=args.reason)
            print(f"{project_id}/{rid} rejected by {who} ({d.commit[:7]})")
        if d.warning:
            _err(f"warning: {d.warning}")
        return EXIT_OK
    except DateError as exc:
        _err(f"--to: {exc}")
    except (edits.EditRejected, EditError, StaleFile, git.GitError) as exc:
        _err(str(exc))
    return EXIT_FINDINGS


def cmd_baseline(args: argparse.Namespace) -> int:
    from workspace_schema import change_requests as C
    from workspace_schema import git
    from workspace_schema.loader import NotAWorkspace, load_workspace

    try:
        root = _workspace_root(args.workspace)
    except NotAWorkspace as exc:
        _err(str(exc))
        return EXIT_NOT_WORKSPACE
    ws, _ = load_workspace(root, projects=[args.project])
    if args.project not in ws.projects:
        _err(f"no project {args.project!r}; projects are: {', '.join(sorted(ws.projects)) or 'none yet'}")
        return EXIT_FINDINGS
    try:
        if args.action == "list":
            for tag in C.baseline_tags(root, args.project):
                print(tag)
            return EXIT_OK
        tag = args.tag or C.latest_baseline(root, args.project)
        rows = C.baseline_diff(root, ws, args.project, tag)
    except (C.BaselineError, git.GitError) as exc:
        _err(str(exc))
        return EXIT_FINDINGS
    if args.format == "json":
        import msgspec

        sys.stdout.write(msgspec.json.encode(rows).decode("utf-8") + "\n")
        return EXIT_OK
    print(f"{args.project}: due dates now against {tag}")
    shown = [r for r in rows if args.all or r.state != "same"]
    width = max((_columns(r.ref.partition("/")[2] or "project") for r in shown), default=0) + 2
    for r in shown:
        name = r.ref.partition("/")[2] or "project"
        then = str(r.baseline) if r.state != "added" else "(added)"
        now = str(r.now) if r.state != "removed" else "(removed)"
        days = f"{r.days:+4d} days" if r.days else ""
        print(_printable(f"  {_cols(name, width)}{then:>10} -> {now:<10}  {days:9}  {r.title}").rstrip())
    same = sum(1 for r in rows if r.state == "same")
    if not args.all and same:
        print(f"  ({same} unchanged; --all lists them)")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
