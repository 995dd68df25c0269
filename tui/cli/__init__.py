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

# The command modules, in the order `ducu --help` lists their commands.
MODULES = (
    "tui.cli.workspace",
    "tui.cli.git",
    "tui.cli.reports",
    "tui.cli.minutes",
    "tui.cli.publish",
    "tui.cli.changes",
    "tui.cli.edits",
    "tui.cli.scorecard",
    "tui.cli.surveys",
    "tui.cli.support",
    "tui.cli.notify",
    "tui.cli.improvements",
)


def _parser() -> tuple[argparse.ArgumentParser, frozenset[str]]:
    """The parser and the names of its commands."""
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in MODULES:
        importlib.import_module(name).add_parsers(sub)
    return parser, frozenset(sub.choices)


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
    parser, commands = _parser()
    if args_list and args_list[0] not in commands and not args_list[0].startswith("-"):
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
