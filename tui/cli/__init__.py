"""The `ducu` command line: the parser and the dispatch to the command modules.

Thin: arguments in, library calls, text out. Each group of commands lives in
a module of its own (MODULES) with `add_parsers(sub)`, which registers its
commands and the function that runs each one; what they share (exit codes,
errors, finding the workspace) is in tui/cli/helpers.py. Heavy imports
(Textual, the rules) happen inside the commands that need them, so
`ducu validate` and friends start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tui.cli.helpers import EXIT_OK, Stopped, open_app

# The command modules, in the order `ducu --help` lists their commands, and the commands each registers:
# `ducu list` imports its own module only, not all twelve and what they import (~80 ms of every start).
# tests/git/test_cli.py checks the names against what each module's add_parsers registers.
MODULES = {
    "tui.cli.workspace": ("validate", "schema", "init", "demo"),
    "tui.cli.git": ("merge-driver", "sync", "history"),
    "tui.cli.reports": ("report", "nudges", "export", "list"),
    "tui.cli.minutes": ("minutes", "agenda"),
    "tui.cli.publish": ("publish",),
    "tui.cli.changes": ("change", "baseline"),
    "tui.cli.edits": ("set", "add", "done", "accept"),
    "tui.cli.scorecard": ("scorecard", "incentives", "evaluate"),
    "tui.cli.surveys": ("survey", "surveys"),
    "tui.cli.support": ("support",),
    "tui.cli.notify": ("notify",),
    "tui.cli.improvements": ("improvements", "improve"),
}
COMMANDS = frozenset(name for names in MODULES.values() for name in names)


def _parser(command: str | None = None, app: bool = False) -> argparse.ArgumentParser:
    """The parser: of ``command`` alone when it is one (its module's commands), of none when ``app`` (`ducu
    [PATH]` opens the app: the command modules' imports would be ~30 ms of its first paint), else of every command."""
    parser = argparse.ArgumentParser(
        prog="ducu",
        description="Keep client projects on schedule. `ducu [PATH]` opens the app on a workspace.",
    )
    parser.add_argument(
        "--sync-every",
        type=float,
        metavar="MIN",
        help="when opening the app: also sync in the background every MIN minutes (default: only on S)",
    )
    parser.set_defaults(command=None)
    if app:
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, commands in MODULES.items():
        if command is None or command in commands:
            importlib.import_module(name).add_parsers(sub)
    return parser


DATE_OPTIONS = ("--since", "--on")  # options whose value may start with "-" ("-4w": four weeks ago)


def _dates_as_values(args: list[str]) -> list[str]:
    """``--since -4w`` as ``--since=-4w``: argparse would take "-4w" for an option."""
    out: list[str] = []
    i = 0
    while i < len(args):
        if args[i] in DATE_OPTIONS and i + 1 < len(args) and args[i + 1].startswith("-") and args[i + 1][1:2].isdigit():
            out.append(f"{args[i]}={args[i + 1]}")
            i += 2
            continue
        out.append(args[i])
        i += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args_list = _dates_as_values(list(sys.argv[1:] if argv is None else argv))
    command = args_list[0] if args_list and args_list[0] in COMMANDS else None
    app = not args_list or (command is None and not args_list[0].startswith("-"))  # `ducu`, `ducu PATH ...`
    parser = _parser(command, app=app and not {"-h", "--help"} & set(args_list))
    if args_list and command is None and not args_list[0].startswith("-"):
        if args_list[1:2] and args_list[1] in COMMANDS:
            parser.error(f"`ducu PATH` opens the app; a command comes first: `ducu {args_list[1]} --help` says how")
        path, args = args_list[0], parser.parse_args(args_list[1:])  # ducu PATH [--sync-every MIN]
    else:
        path, args = None, parser.parse_args(args_list)
    try:
        if path is not None or args.command is None:
            return open_app(path, args.sync_every)
        return args.run(args)
    except Stopped as stop:
        return stop.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
