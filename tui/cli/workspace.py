"""`ducu validate`, `schema`, `init` and `demo`: check a workspace, describe its files, make a new one."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from tui.cli.helpers import (
    EXIT_FINDINGS,
    EXIT_NOT_WORKSPACE,
    EXIT_OK,
    err,
    open_app,
    workspace_root,
    write_json,
)
from workspace_schema.core.dates import counted


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check every file of a workspace and print the findings")
    p.add_argument("path", nargs="?", help="the workspace folder (default: the one holding the current folder)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.add_argument(
        "--list-rules",
        action="store_true",
        help="print every finding code (the loader's and the rules') with its level and what it checks",
    )
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("schema", help="write JSON Schemas of every file kind (for editors)")
    p.add_argument("--out", help="folder to write <kind>.json into (default: print them as one JSON object)")
    p.set_defaults(run=cmd_schema)

    p = sub.add_parser("init", help="create an empty workspace with a first commit")
    p.add_argument("dir", help="folder for the workspace (created if needed)")
    p.add_argument("--name", help="workspace name (default: the folder name)")
    p.add_argument("--team", default="us", help="the org id of your own team (default: us)")
    p.add_argument("--timezone", default="UTC", help="IANA timezone, e.g. Asia/Shanghai (default: UTC)")
    p.set_defaults(run=cmd_init)

    p = sub.add_parser("demo", help="make a demo workspace with a local remote and open it")
    p.add_argument("dir", nargs="?", help="a new folder for the demo (default: a temporary folder)")
    p.add_argument("--no-open", action="store_true", help="print the path and exit instead of opening the app")
    p.set_defaults(run=cmd_demo)


def cmd_validate(args: argparse.Namespace) -> int:
    from workspace_schema.core import clock
    from workspace_schema.core.findings import count_by_level, sort_key
    from workspace_schema.load.codes import LOAD_CODES
    from workspace_schema.load.loader import load_workspace
    from workspace_schema.rules import RULES, check

    if args.list_rules:  # the loader's codes and the rules', in one list by code
        listed = {**LOAD_CODES, **{code: (rule.level, rule.summary) for code, rule in RULES.items()}}
        for code, (level, summary) in sorted(listed.items()):
            print(f"{code:8} {level:8} {summary}")
        return EXIT_OK
    root = workspace_root(args.path)
    ws, findings = load_workspace(root)
    today = clock.today(ws.settings.timezone)
    findings = sorted(findings + check(ws, today), key=sort_key)
    counts = count_by_level(findings)
    if args.format == "json":
        write_json(findings)
    else:
        base = os.path.relpath(root, Path.cwd())
        prefix = "" if base == "." else base.rstrip("/") + "/"
        for finding in findings:
            print(f"{prefix}{finding.text()}")
        print(
            f"{counted(counts['error'], 'error')}, {counted(counts['warning'], 'warning')}, {counts['info']} info"
            f" in {counted(len(ws.sources), 'file')}",
            file=sys.stderr,
        )
        from workspace_schema.export.schema import schema_problem

        stale = schema_problem(root)
        if stale:
            print(f"note: {stale}", file=sys.stderr)
    if counts["error"] or (args.strict and counts["warning"]):
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from workspace_schema.core.records import FILE_KINDS
    from workspace_schema.export.schema import json_schema, write_schemas

    if args.out:
        for path in write_schemas(args.out):
            print(path)
        return EXIT_OK
    print(json.dumps({kind: json_schema(kind) for kind in FILE_KINDS}, indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from workspace_schema.core.clock import valid_timezone
    from workspace_schema.git import runner as git
    from workspace_schema.setup.scaffold import InitError, init_repository, init_workspace

    if not valid_timezone(args.timezone):
        err(f"--timezone {args.timezone!r} is not an IANA timezone name; use one like Europe/Berlin or Asia/Shanghai.")
        return EXIT_NOT_WORKSPACE
    try:
        written = init_workspace(args.dir, args.name, team=args.team, timezone=args.timezone)
    except InitError as exc:
        err(str(exc))
        return EXIT_NOT_WORKSPACE
    print(f"Created a ducu workspace in {args.dir} ({counted(len(written), 'file')}).")
    try:
        sha = init_repository(args.dir, written, say=err)
    except git.NoIdentity as exc:
        err(
            f"the files are in place but not committed.\n{exc}\nThen run: git -C {args.dir} add -A && git -C {args.dir} commit -m 'Start the ducu workspace'"
        )
        return EXIT_FINDINGS
    except git.GitError as exc:
        err(f"the files are in place but not committed: {exc}")
        return EXIT_FINDINGS
    print(f"First commit {sha[:7]}. Next: add people to people.toml, then `ducu {args.dir}`.")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from workspace_schema.core import clock
    from workspace_schema.git import runner as git
    from workspace_schema.setup.demo import DemoError, make_demo, sample_timezone, weekday_note

    today = clock.today(sample_timezone())  # the sample's timezone, as the app's "today" will be
    try:
        root = make_demo(args.dir, today, say=err)
    except (DemoError, git.GitError) as exc:
        err(str(exc))
        return EXIT_NOT_WORKSPACE
    if args.no_open:
        print(root)
        return EXIT_OK
    print(where_demo_lives(root), flush=True)
    if note := weekday_note(today):
        print(note, flush=True)
    try:
        return open_app(str(root))
    finally:
        print(where_demo_lives(root))


def where_demo_lives(root: Path) -> str:
    """What `ducu demo` says on start and on quit: the folder, and how to open it again."""
    return (
        f"The demo workspace is in {root} (its remote beside it). Open it again with `ducu {shlex.quote(str(root))}`."
    )
