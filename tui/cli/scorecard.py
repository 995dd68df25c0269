"""`ducu scorecard`, `ducu incentives`, `ducu evaluate`: how clients and people kept their side, and what was decided."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.helpers import (
    EXIT_FINDINGS,
    EXIT_NOT_COMMITTED,
    EXIT_OK,
    err,
    load_for_edit,
    load_for_view,
    pad,
    printable,
    workspace_option,
    workspace_root,
    write_json,
)

if TYPE_CHECKING:
    from workspace_schema.views.scorecard import Scorecard


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "scorecard",
        help="on-time rate, slip, reminders, support, RACI load, surveys and incentives per client or person: "
        "ducu scorecard --by client --period 2026-Q4",
    )
    p.add_argument("--by", choices=("client", "person"), default="client", help="one card per client or per person")
    p.add_argument("--period", metavar="P", help="2026-Q4, 2026-11 or 2026 (default: this quarter)")
    p.add_argument("--subject", metavar="ID", help="only this client id or person handle, every number on its own line")
    p.add_argument("--format", choices=("text", "json", "md"), default="text")
    workspace_option(p)
    p.set_defaults(run=cmd_scorecard)

    p = sub.add_parser(
        "incentives",
        help="milestones' incentives evaluated from the data; --evaluate records the final ones in one commit",
    )
    p.add_argument("--project", metavar="ID", help="only this project")
    p.add_argument(
        "--evaluate", action="store_true", help="write evaluated_on and earned on each final outcome not yet written"
    )
    workspace_option(p)
    p.set_defaults(run=cmd_incentives)

    p = sub.add_parser(
        "evaluate",
        help="record an evaluation and its outcome in evaluations.toml and commit: "
        "ducu evaluate acme --period 2026-Q4 --outcome reward --note '...'",
    )
    p.add_argument("subject", help="a client id or a person handle")
    p.add_argument("--period", metavar="P", required=True, help="2026-Q4, 2026-11 or 2026")
    p.add_argument("--outcome", choices=("reward", "warning", "none"), required=True)
    p.add_argument("--note", metavar="TEXT", help="what was decided, and why")
    p.add_argument("--by", metavar="HANDLE", help="who decided (default: you, from your git email)")
    workspace_option(p)
    p.set_defaults(run=cmd_evaluate)


def cmd_scorecard(args: argparse.Namespace) -> int:
    from workspace_schema.core.periods import PeriodError, parse_period, period_of
    from workspace_schema.export.scorecard_words import scorecards_markdown
    from workspace_schema.views.scorecard import scorecard, scorecards

    ws, today = load_for_view(args.workspace)
    try:
        period = parse_period(args.period) if args.period else period_of(today)
    except PeriodError as exc:
        err(str(exc))
        return EXIT_FINDINGS
    if args.subject is not None:
        known = ws.clients if args.by == "client" else ws.people
        if args.subject not in known:
            where = "clients.toml" if args.by == "client" else "people.toml"
            err(printable(f"no {args.by} {args.subject!r} in {where}; there are: {', '.join(known) or 'none'}"))
            return EXIT_FINDINGS
        cards = [scorecard(ws, args.by, args.subject, period, today)]
    else:
        cards = scorecards(ws, args.by, period, today)
    if args.format == "json":
        write_json(cards)
    elif args.format == "md":
        sys.stdout.write(scorecards_markdown(cards) + "\n")  # user text in it is escaped, one line each
    elif args.subject is not None:
        sys.stdout.write(card_text(cards[0]))
    else:
        sys.stdout.write(table_text(cards, period.text))
    return EXIT_OK


def card_text(card: Scorecard) -> str:
    """One card as label: value lines, the labels padded to one width."""
    from workspace_schema.export.scorecard_words import scorecard_lines
    from workspace_schema.views.listing import width

    lines = scorecard_lines(card)
    cells = max(width(label) for label, _ in lines)
    head = f"{printable(card.name)} ({card.subject}), {card.period}: {card.start} to {card.end}\n"
    return head + "".join(f"  {pad(label, cells)}  {printable(value)}\n" for label, value in lines)


def table_text(cards: list[Scorecard], period: str) -> str:
    """One row per card, columns aligned by terminal cells (Chinese names are two cells a character)."""
    from workspace_schema.export.scorecard_words import TABLE_HEADERS, table_row
    from workspace_schema.views.listing import width

    if not cards:
        return f"nothing to score in {period}\n"
    rows = [list(TABLE_HEADERS), *([printable(c) for c in table_row(card)] for card in cards)]
    widths = [max(width(row[i]) for row in rows) for i in range(len(TABLE_HEADERS))]
    text = "".join("  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() + "\n" for row in rows)
    return f"{period}\n{text}"


def cmd_incentives(args: argparse.Namespace) -> int:
    from workspace_schema.views.incentives import incentive_rows
    from workspace_schema.views.listing import width

    ws, today = load_for_view(args.workspace)
    if args.project is not None and args.project not in ws.projects:
        err(printable(f"no project {args.project!r}; projects are: {', '.join(ws.projects) or 'none yet'}"))
        return EXIT_FINDINGS
    rows = incentive_rows(ws, today, project=args.project)
    if args.evaluate:
        return _evaluate_incentives(args, [(r.ref, r.state == "earned") for r in rows if r.to_write])
    if not rows:
        print("no incentives")
        return EXIT_OK
    table = [
        [
            printable(r.ref),
            r.state.replace("_", " "),
            str(r.deadline or "-"),
            printable(r.why) + ("" if r.evaluated_on is None else f" (recorded {r.evaluated_on})"),
            printable(r.reward),
        ]
        for r in rows
    ]
    widths = [max(width(row[i]) for row in table) for i in range(4)]
    for row in table:
        print("  ".join(pad(cell, widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    return EXIT_OK


def _evaluate_incentives(args: argparse.Namespace, outcomes: list[tuple[str, bool]]) -> int:
    from workspace_schema.core import clock
    from workspace_schema.edit.evaluations import record_incentives
    from workspace_schema.edit.storage import EditError, StaleFile
    from workspace_schema.edit.values import EditRejected
    from workspace_schema.git import runner as git
    from workspace_schema.git.commit import commit_changes

    if not outcomes:
        print("nothing to record: no final outcome that is not written yet")
        return EXIT_OK
    ws, _, is_repo = load_for_edit(args.workspace)
    root = Path(ws.root)
    try:
        changes = record_incentives(ws, outcomes, clock.today(ws.settings.timezone))
    except (EditRejected, EditError, StaleFile) as exc:
        err(printable(f"{exc} (nothing was written)"))
        return EXIT_FINDINGS
    for ref, earned in outcomes:
        print(printable(f"{ref}: {'earned' if earned else 'missed'}"))
    if not is_repo:
        print("saved; not a git repository, so not committed")
        return EXIT_OK
    try:
        sha = commit_changes(root, changes)
    except git.GitError as exc:
        err(f"saved but could not commit: {exc}\n`ducu sync` commits them once that is fixed.")
        return EXIT_NOT_COMMITTED
    print(f"recorded {len(changes)} in one commit ({sha[:7]})")
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    from workspace_schema.core import clock
    from workspace_schema.edit.evaluations import add_evaluation
    from workspace_schema.edit.storage import EditError, StaleFile
    from workspace_schema.edit.values import EditRejected
    from workspace_schema.export.schema import schema_comment
    from workspace_schema.git import identity
    from workspace_schema.git import runner as git
    from workspace_schema.git.commit import commit_change
    from workspace_schema.load.loader import load_workspace

    root = workspace_root(args.workspace)
    is_repo = git.is_repo(root)
    me = git.identity(root) if is_repo else None
    if is_repo and me is None:
        err(str(git.NoIdentity()))
        return EXIT_FINDINGS
    ws, _ = load_workspace(root)
    by = args.by or (identity.person_of(ws, me[1]) if me else None)
    try:
        change = add_evaluation(
            ws,
            args.subject,
            args.period,
            args.outcome,
            clock.today(ws.settings.timezone),
            by=by,
            note=args.note,
            header=schema_comment("evaluations"),
        )
    except (EditRejected, EditError, StaleFile) as exc:
        err(printable(f"{exc} (nothing was written)"))
        return EXIT_FINDINGS
    if not is_repo:
        print(printable(f"{change.subject()} (saved; not a git repository, so not committed)"))
        return EXIT_OK
    try:
        sha = commit_change(root, change)
    except git.GitError as exc:
        err(f"saved {change.file} but could not commit: {exc}\n`ducu sync` commits it once that is fixed.")
        return EXIT_NOT_COMMITTED
    print(printable(f"{change.subject()} ({sha[:7]})"))
    return EXIT_OK
