"""`ducu report`, `nudges`, `export` and `list`: read-only views of the plan, as text, files or rows."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tui.cli.helpers import (
    EXIT_FINDINGS,
    EXIT_OK,
    emit,
    err,
    history_of,
    load_for_view,
    pad,
    printable,
    workspace_option,
    workspace_root,
    write_json,
)

if TYPE_CHECKING:
    from workspace_schema.core.records import Workspace
    from workspace_schema.views import listing_cache


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="a progress report for the client, in its language: ducu report acme-crm --format html --out r.html",
    )
    p.add_argument("project", help="project id")
    p.add_argument(
        "--format", choices=("md", "html"), default="md", help="Markdown (default) or a standalone HTML page"
    )
    p.add_argument(
        "--since", metavar="DATE", help="report what was done from DATE on (default: the last review, else 14 days ago)"
    )
    p.add_argument(
        "--for",
        dest="audience",
        choices=("client", "team"),
        default="client",
        help="the client's copy (default: what the client may read) or the team's (risks, internal items, moves)",
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of printing")
    workspace_option(p)
    p.set_defaults(run=cmd_report)

    p = sub.add_parser(
        "nudges", help="who owes what: open items by who must act, overdue first, with the escalation step due"
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--draft",
        metavar="ITEM",
        help="print a polite reminder about ITEM (project/item) in the client's language (`ducu notify` sends the ones due)",
    )
    workspace_option(p)
    p.set_defaults(run=cmd_nudges)

    p = sub.add_parser("export", help="the plan as a calendar: ducu export ics --project acme-crm --out plan.ics")
    p.add_argument(
        "what", choices=("ics",), help="ics: milestones, next reviews and drills as all-day events (RFC 5545)"
    )
    p.add_argument("--project", help="only this project")
    p.add_argument("--person", help="only what this person owns, leads or holds a RACI letter on")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of printing")
    workspace_option(p)
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("list", help="milestones and tasks as rows: ducu list --side client --overdue --format csv")
    p.add_argument("--project", help="only this project")
    p.add_argument("--owner", help="only items this person owns (a handle)")
    p.add_argument(
        "--side",
        choices=("client", "team", "joint"),
        help="client: the client must act (side client, or a client owner)",
    )
    p.add_argument("--overdue", action="store_true", help="only open items past their due")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    p.add_argument(
        "--bom",
        action="store_true",
        help="with --format csv: start with a UTF-8 byte order mark, so Excel on Windows reads Chinese titles right",
    )
    workspace_option(p)
    p.set_defaults(run=cmd_list)


def _filters_known(ws: Workspace, project: str | None, person: str | None) -> bool:
    """Whether the --project and person filters (when given) name what the workspace has; says which does not."""
    if project and project not in ws.projects:
        from workspace_schema.edit.edits import no_project

        err(no_project(ws, project))
        return False
    if person and person not in ws.people:
        err(f"no person {person!r} in people.toml")
        return False
    return True


def _item_ref(ws: Workspace, text: str) -> str | None:
    """ "project/item", allowing a unique prefix of the item id ("acme-crm/data-export")."""
    head, _, rest = text.strip().strip("/").partition("/")
    project = ws.projects.get(head)
    if project is None or not rest:
        return None
    if project.item(rest) is not None:
        return f"{head}/{rest}"
    ids = [i for t in (project.milestones, project.tasks) for i in t if i.startswith(rest)]
    return f"{head}/{ids[0]}" if len(ids) == 1 else None


def cmd_report(args: argparse.Namespace) -> int:
    from workspace_schema.core.dates import DateError, parse_date
    from workspace_schema.export import report, report_html, report_markdown

    ws, today = load_for_view(args.workspace)
    if args.project not in ws.projects:
        from workspace_schema.edit.edits import no_project

        err(no_project(ws, args.project))
        return EXIT_FINDINGS
    since = None
    if args.since:
        try:
            since = parse_date(args.since, today, ws.settings.holidays)
        except DateError as exc:
            err(f"--since: {exc}")
            return EXIT_FINDINGS
    r = report.build(ws, args.project, today, since=since, history=history_of(ws), audience=args.audience)
    return emit(report_html.to_html(r) if args.format == "html" else report_markdown.to_markdown(r), args.out)


def cmd_nudges(args: argparse.Namespace) -> int:
    from workspace_schema.views import nudges

    ws, today = load_for_view(args.workspace)
    if args.draft:
        ref = _item_ref(ws, args.draft)
        if ref is None:
            err(f"{args.draft}: no such milestone or task; give project/item, e.g. acme-crm/data-export-k3f9")
            return EXIT_FINDINGS
        try:
            sys.stdout.write(nudges.draft_reminder(ws, ref, today))
        except (KeyError, ValueError) as exc:
            err(str(exc).strip("'\""))
            return EXIT_FINDINGS
        return EXIT_OK
    groups = nudges.build(ws, today)
    if args.format == "json":
        write_json(groups)
        return EXIT_OK
    from workspace_schema.views.listing import width

    ref_cells = max((width(it.ref) for g in groups for it in g.items), default=0)
    for g in groups:
        late = f", {g.overdue} overdue" if g.overdue else ""
        print(f"{printable(g.name)} ({'client' if g.side == 'client' else 'team'}{late})")
        for it in g.items:
            when = f"{it.days_overdue}d late" if it.days_overdue else (f"due {it.due}" if it.due else "no due")
            cols = [f"  {when:>14}", pad(printable(it.ref), ref_cells), printable(it.title)]
            if g.kind == "org" and it.owner_name:
                cols.append(f"[{printable(it.owner_name)}]")
            if it.client_side and it.days_overdue:
                cols.append(
                    f"last nudged {it.last_nudge} ({it.days_since_nudge}d ago)" if it.last_nudge else "never nudged"
                )
            if it.step is not None:
                who = f" ({printable(it.step.person_name)})" if it.step.person_name else ""
                cols.append(f"-> {printable(it.step.step)}: {printable(it.step.action)}{who}")
            print("  ".join(cols))
        print()
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from workspace_schema.export import ics

    ws, today = load_for_view(args.workspace)
    if not _filters_known(ws, args.project, args.person):
        return EXIT_FINDINGS
    text = ics.export(ws, args.project, args.person, today=today, history=history_of(ws))
    if args.out is None:
        sys.stdout.buffer.write(text.encode("utf-8"))  # CRLF line ends as RFC 5545 wants, on every platform
        return EXIT_OK
    return emit(text, args.out)


def cmd_list(args: argparse.Namespace) -> int:
    """The listing, from the one kept when nothing it was made from has changed (views/listing_cache.py)."""
    if args.bom and args.format != "csv":
        err("--bom is for --format csv")
        return EXIT_FINDINGS
    from workspace_schema.views import listing_cache

    # Every option but the path (the root is in the key): one added later is in the key without a thought.
    options = repr(sorted((k, v) for k, v in vars(args).items() if k not in ("run", "workspace")))
    kept = listing_cache.lookup(listing_cache.root_of(args.workspace), options)
    text = kept.text
    if text is None:
        from workspace_schema.load.gcpause import paused

        with paused():  # 20,000 rows and no cycles: the collector would only rescan the loaded records
            text = _list(args, kept, options)
        if text is None:
            return EXIT_FINDINGS
    raw = getattr(sys.stdout, "buffer", None)
    if args.bom and raw is not None:  # UTF-8 whatever the terminal's encoding: the BOM promises it
        sys.stdout.flush()
        raw.write(text.encode("utf-8"))
        raw.flush()
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _list(args: argparse.Namespace, kept: listing_cache.Kept, options: str) -> str | None:
    """The listing made from the files (and kept for next time); None when a filter names nothing there."""
    from workspace_schema.core import clock
    from workspace_schema.load.loader import load_workspace
    from workspace_schema.views import listing, listing_cache

    root = workspace_root(args.workspace)  # says why, and stops, when there is no workspace
    if root != kept.root:  # not the folder guessed, or a stopped merge was finished: the files are read anew
        kept = listing_cache.lookup(root, options)
    ws, _ = load_workspace(root)
    today = clock.today(ws.settings.timezone)
    if not _filters_known(ws, args.project, args.owner):
        return None
    text = listing.output(
        ws,
        today,
        project=args.project,
        owner=args.owner,
        side=args.side,
        overdue=args.overdue,
        format=args.format,
        bom=args.bom,
    )
    kept.save(text, today, ws.settings.timezone)
    return text
