"""`ducu minutes` and `ducu agenda`: what a review sends the client, as Markdown or an HTML page."""

from __future__ import annotations

import argparse
import difflib

from tui.cli.helpers import EXIT_FINDINGS, emit, err, load_for_view, workspace_option


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "minutes",
        help="the minutes of a recorded review, in the client's language: ducu minutes 2026-11-20-acme-crm --format html",
    )
    p.add_argument("review", help="the review's file stem in reviews/, e.g. 2026-11-20-acme-crm")
    _format_and_out(p)
    p.set_defaults(run=cmd_minutes)

    p = sub.add_parser(
        "agenda",
        help="the agenda of a project's next review, to send before it: ducu agenda acme-crm --out agenda.md",
    )
    p.add_argument("project", help="project id")
    p.add_argument(
        "--retro",
        action="store_true",
        help="the agenda of a retro (a done project's look back): what went well, what did not, lessons to record",
    )
    _format_and_out(p)
    p.set_defaults(run=cmd_agenda)


def _format_and_out(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format", choices=("md", "html"), default="md", help="Markdown (default) or a standalone HTML page"
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of printing")
    workspace_option(p)


def cmd_minutes(args: argparse.Namespace) -> int:
    from workspace_schema.review.documents import minutes_html
    from workspace_schema.review.markdown import to_markdown

    ws, _today = load_for_view(args.workspace)
    review = ws.reviews.get(args.review)
    if review is None:
        near = difflib.get_close_matches(args.review, list(ws.reviews), n=5, cutoff=0.5)
        known = near or sorted(ws.reviews)[-5:]
        hint = ("did you mean: " if near else "latest reviews: ") + ", ".join(known) if known else "no reviews yet"
        err(f"no review `{args.review}` in reviews/; {hint}")
        return EXIT_FINDINGS
    return emit(minutes_html(review, ws) if args.format == "html" else to_markdown(review, ws), args.out)


def cmd_agenda(args: argparse.Namespace) -> int:
    from workspace_schema.review.documents import agenda_html, agenda_markdown, agenda_of

    ws, today = load_for_view(args.workspace)
    if args.project not in ws.projects:
        from workspace_schema.edit.edits import no_project

        err(no_project(ws, args.project))
        return EXIT_FINDINGS
    doc = agenda_of(ws, args.project, today, retro=args.retro)
    return emit(agenda_html(doc) if args.format == "html" else agenda_markdown(doc), args.out)
