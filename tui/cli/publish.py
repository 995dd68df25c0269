"""`ducu publish`: the client's view of its projects as a static site, one folder per client."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.cli.helpers import EXIT_FINDINGS, EXIT_OK, err, history_of, load_for_view, workspace_option


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "publish",
        help="a static site of a client's projects for the client: ducu publish --out site/acme --client acme",
    )
    p.add_argument("--out", metavar="DIR", required=True, help="the folder for the site (replaced as a whole)")
    p.add_argument(
        "--client", metavar="ID", help="the client whose site it is (default: every client, each in DIR/<client>/)"
    )
    workspace_option(p)
    p.set_defaults(run=cmd_publish)


def cmd_publish(args: argparse.Namespace) -> int:
    import difflib

    from workspace_schema.publish.folder import PublishError, write_site
    from workspace_schema.publish.site import client_projects, client_sites

    ws, today = load_for_view(args.workspace)
    if args.client is not None and args.client not in ws.clients:
        near = difflib.get_close_matches(args.client, list(ws.clients), n=3)
        hint = f"did you mean {', '.join(near)}? " if near else ""
        err(f"no client {args.client!r} in clients.toml; {hint}clients are: {', '.join(ws.clients) or 'none yet'}")
        return EXIT_FINDINGS
    clients = [args.client] if args.client is not None else list(ws.clients)
    history = history_of(ws)
    files: dict[str, bytes] = {}
    for cid, site in client_sites(ws, clients, today, history).items():
        prefix = "" if args.client is not None else f"{cid}/"
        files.update({prefix + rel: data for rel, data in site.items()})
    try:
        write_site(Path(args.out), files)
    except PublishError as exc:
        err(str(exc))
        return EXIT_FINDINGS
    lonely = [pid for pid, p in ws.projects.items() if not p.client]
    if lonely:
        print(f"not published (no client): {', '.join(lonely)}", file=sys.stderr)
    for cid in clients:
        shown = client_projects(ws, cid)
        where = Path(args.out) / ("" if args.client is not None else cid) / "index.html"
        print(f"{cid}: {len(shown)} project{'s' if len(shown) != 1 else ''} -> {where}")
    return EXIT_OK
