"""`ducu survey` (record an answered satisfaction survey, one commit) and `ducu surveys` (trends, what is due)."""

from __future__ import annotations

import argparse
from typing import Any

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


def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "survey",
        help="record an answered satisfaction survey and commit: ducu survey PROJECT --by PERSON schedule=4 quality=5",
    )
    p.add_argument("project", help="the project the survey is about")
    p.add_argument("scores", nargs="*", metavar="DIMENSION=N", help="schedule, quality, communication, support: 1..5")
    p.add_argument("--by", required=True, metavar="PERSON", help="who answered (a handle in people.toml)")
    p.add_argument("--nps", type=int, metavar="N", help="net promoter score, 0..10")
    p.add_argument("--comment", metavar="TEXT", help="what the client wrote")
    p.add_argument("--on", metavar="DATE", help="the day it was answered (default today)")
    p.add_argument("--close-out", action="store_true", help="the survey at the end of a project")
    workspace_option(p)
    p.set_defaults(run=run_survey)
    p = sub.add_parser("surveys", help="satisfaction by client and dimension over time, and the surveys due")
    p.add_argument("--client", metavar="ID", help="one client only")
    p.add_argument("--format", choices=("text", "json"), default="text")
    workspace_option(p)
    p.set_defaults(run=run_surveys)


def run_survey(args: argparse.Namespace) -> int:
    from workspace_schema.core.dates import DateError, parse_date
    from workspace_schema.edit.surveys import survey_file, write_survey
    from workspace_schema.edit.values import EditRejected
    from workspace_schema.git.commit import commit_files

    ws, today, is_repo = load_for_edit(args.workspace)
    root = ws.root
    try:
        scores: dict[str, int] = {}
        for text in args.scores:
            key, sep, value = text.partition("=")
            if not sep or not value.strip().lstrip("-").isdigit():
                raise EditRejected(f"{text!r}: write DIMENSION=N, like quality=4", "scores")
            scores[key.strip()] = int(value)
        on = parse_date(args.on, today, ws.settings.holidays) if args.on else today
        new = survey_file(
            ws,
            args.project,
            args.by,
            on,
            scores,
            nps=args.nps,
            comment=args.comment,
            kind="close-out" if args.close_out else "periodic",
        )
        write_survey(root, new)
    except (DateError, EditRejected, OSError) as exc:
        err(printable(f"{exc} (nothing was written)"))
        return EXIT_FINDINGS
    if not is_repo:
        print(printable(new.rel))
        return EXIT_OK
    sha = commit_files(root, [new.rel], new.message)
    print(printable(f"{new.message.splitlines()[0]} ({sha[:7]})"))
    return EXIT_OK


def run_surveys(args: argparse.Namespace) -> int:
    from workspace_schema.rules.surveys import due_surveys
    from workspace_schema.views.listing import width
    from workspace_schema.views.surveys import DIMENSIONS, scores, sparkline

    ws, today = load_for_view(args.workspace)
    if args.client and args.client not in ws.clients:
        err(f"no client `{args.client}`; clients are: {', '.join(sorted(ws.clients))}")
        return EXIT_FINDINGS
    clients = [args.client] if args.client else sorted(ws.clients)
    due = due_surveys(ws, today)
    trends = {cid: scores(ws, cid, today) for cid in clients}
    if args.format == "json":
        write_json(
            {
                "clients": {
                    cid: {
                        d: [{"on": p.on, "score": p.score, "project": p.project} for p in pts] for d, pts in t.items()
                    }
                    for cid, t in trends.items()
                },
                "due": [d for d in due if d.client in clients],
            }
        )
        return EXIT_OK
    cells = max(width(d) for d in DIMENSIONS)
    for cid in clients:
        print(printable(f"{ws.clients[cid].name or cid} ({cid})"))
        for dimension, points in trends[cid].items():
            if not points:
                continue
            values = [p.score for p in points]
            mean = sum(values) / len(values)
            print(
                f"  {pad(dimension, cells)}  {sparkline(values[-12:]):<12}  last {values[-1]} "
                f"({points[-1].on})  mean {mean:.1f} of {len(values)}"
            )
        for d in due:
            if d.client == cid:
                what = f"close-out survey for {d.project}" if d.project else "a survey"
                print(printable(f"  due: {what} (since {d.since})"))
        print()
    return EXIT_OK
