"""`ducu change` and `ducu baseline`: change requests (impact, request, approve, reject) and baseline diffs."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.cli.helpers import (
    EXIT_FINDINGS,
    EXIT_OK,
    err,
    pad,
    printable,
    workspace_option,
    workspace_root,
    write_json,
)
from workspace_schema.core.dates import signed_days

if TYPE_CHECKING:
    from workspace_schema.changes import Impact
    from workspace_schema.core.records import Workspace


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "change",
        help="change requests: ducu change impact|approve|reject PROJECT/CHANGE, ducu change request ITEM --to DATE --reason TEXT",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = actions.add_parser("impact", help="what approving the change would move, and who decides (nothing is written)")
    q.add_argument("change", help="PROJECT/CHANGE-ID (a unique start of the change id will do)")
    q.add_argument("--format", choices=("text", "json"), default="text")
    q = actions.add_parser(
        "approve", help="apply the moves, re-baseline the moved items, commit and tag baseline/PROJECT/DATE"
    )
    q.add_argument("change", help="PROJECT/CHANGE-ID")
    q.add_argument(
        "--as", dest="who", metavar="HANDLE", help="who approves (default: you, from your git email in people.toml)"
    )
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
        workspace_option(q)
    p.set_defaults(run=cmd_change)

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
        workspace_option(q)
    p.set_defaults(run=cmd_baseline)


def _pick(ws: Workspace, target: str, tables: tuple[str, ...]) -> tuple[str, str]:
    """(project, id) from "project/id", allowing a unique start of the id; ValueError says what is wrong."""
    project_id, _, rest = target.strip().strip("/").partition("/")
    project = ws.projects.get(project_id)
    if project is None:
        from workspace_schema.edit.edits import no_project

        raise ValueError(no_project(ws, project_id))
    ids = [i for t in tables for i in getattr(project, t)]
    if not rest:
        raise ValueError(f"give PROJECT/ID, e.g. {project_id}/{ids[0] if ids else 'id'}")
    if rest in ids:
        return project_id, rest
    found = [i for i in dict.fromkeys(ids) if i.startswith(rest)]
    if len(found) == 1:
        return project_id, found[0]
    what = "change" if tables == ("changes",) else "milestone or task"
    raise ValueError(
        f"{target}: could be any of {', '.join(found)}"
        if found
        else f"{project_id} has no {what} {rest!r}; it has: {', '.join(ids) or 'none'}"
    )


def _print_impact(imp: Impact) -> None:
    from workspace_schema.views.listing import width

    cells = max((width(m.item_id) for m in imp.moves), default=0) + 2
    for m in imp.moves:
        print(
            f"  {pad(printable(m.item_id), cells)}{m.old_due or '(none)'} -> {m.new_due}  {signed_days(m.days):>9}  {m.reason}"
        )
    if imp.project_due_moves:
        print(f"  project due {imp.project_due_old} -> {imp.project_due_new} ({signed_days(imp.project_days)})")
    elif imp.project_due_old:
        print(f"  project due stays {imp.project_due_old}")


def cmd_change(args: argparse.Namespace) -> int:
    from workspace_schema import changes as C
    from workspace_schema.core import clock
    from workspace_schema.core.dates import DateError, parse_date
    from workspace_schema.edit import values as edit_values
    from workspace_schema.edit.storage import EditError, StaleFile
    from workspace_schema.git import runner as git
    from workspace_schema.git.identity import current_person
    from workspace_schema.load.loader import load_workspace

    root = workspace_root(args.workspace)
    target = args.item if args.action == "request" else args.change
    ws, _ = load_workspace(root, projects=[target.strip().strip("/").partition("/")[0]])
    today = clock.today(ws.settings.timezone)
    try:
        project_id, rid = _pick(ws, target, ("milestones", "tasks") if args.action == "request" else ("changes",))
    except ValueError as exc:
        err(str(exc))
        return EXIT_FINDINGS
    who: str | None = getattr(args, "who", None)
    if args.action != "impact" and who is None:
        me = current_person(ws, root)
        if not me.ok or me.handle is None:  # (ok says the handle is known)
            flag = "--by" if args.action == "request" else "--as"
            err(f"{me.problem} (or say who with {flag} HANDLE)")
            return EXIT_FINDINGS
        who = me.handle
    try:
        if args.action == "impact":
            imp = C.impact(ws, project_id, rid)
            if args.format == "json":
                write_json(imp)
                return EXIT_OK
            change = ws.projects[project_id].changes[rid]
            print(printable(f"{project_id}/{rid} ({change.status}): {change.summary}"))
            asked = f"requested by {change.requested_by or '?'}" + (
                f" on {change.requested_on}" if change.requested_on else ""
            )
            print(printable(asked + (f": {change.reason}" if change.reason else "")))
            if change.status != "proposed":
                print(
                    f"decided by {change.decided_by or '?'} on {change.decided_on or '?'}; the moves below are as the plan stands now"
                )
            _print_impact(imp)
            for warning in imp.warnings:
                print(printable(f"warning: {warning}"))
            if change.status == "proposed":
                print(f"decides: {', '.join(imp.accountable) or 'anyone (no accountable, no project owner)'}")
                print(
                    f"next: ducu change approve {project_id}/{rid}   or   ducu change reject {project_id}/{rid} --reason TEXT"
                )
            return EXIT_OK
        assert who is not None  # every action but impact has one (above)
        if args.action == "request":
            when = parse_date(args.to, today, ws.settings.holidays)
            applied = C.request(ws, f"{project_id}/{rid}", when, args.reason, who, today)
            if git.is_repo(root):
                from workspace_schema.git.commit import commit_change

                sha = commit_change(root, applied)
                print(printable(f"{applied.subject()} ({sha[:7]})"))
            else:
                print(printable(f"{applied.subject()} (saved; not a git repository, so not committed)"))
            ws, _ = load_workspace(root, projects=[project_id])
            cid = applied.ref.partition("/")[2]
            _print_impact(C.impact(ws, project_id, cid))
            print(f"next: ducu change impact {project_id}/{cid}, then approve or reject it")
            return EXIT_OK
        if args.action == "approve":
            d = C.approve(ws, root, project_id, rid, who, today)
            print(
                f"{project_id}/{rid} approved by {who} ({d.commit[:7]})"
                + (f", baseline tagged {d.tag}" if d.tag else "")
            )
            if d.impact is not None:
                _print_impact(d.impact)
        else:
            d = C.reject(ws, root, project_id, rid, who, today, reason=args.reason)
            print(f"{project_id}/{rid} rejected by {who} ({d.commit[:7]})")
        if d.warning:
            err(f"warning: {d.warning}")
        return EXIT_OK
    except DateError as exc:
        err(f"--to: {exc}")
    except (edit_values.EditRejected, EditError, StaleFile, git.GitError) as exc:
        err(str(exc))
    return EXIT_FINDINGS


def cmd_baseline(args: argparse.Namespace) -> int:
    from workspace_schema import changes as C
    from workspace_schema.git import runner as git
    from workspace_schema.load.loader import load_workspace
    from workspace_schema.views.listing import width

    root = workspace_root(args.workspace)
    ws, _ = load_workspace(root, projects=[args.project])
    if args.project not in ws.projects:
        from workspace_schema.edit.edits import no_project

        err(no_project(ws, args.project))
        return EXIT_FINDINGS
    try:
        if args.action == "list":
            tags = C.baseline_tags(root, args.project)
            for name in tags:
                print(name)
            if not tags:
                print(
                    f"{args.project} has no baseline tag yet: approving a change request makes one. "
                    f"`ducu baseline diff {args.project}` compares with the agreed dates (baseline_due) meanwhile."
                )
            return EXIT_OK
        tag = args.tag or C.latest_baseline(root, args.project)
        if tag is None:  # no tag yet: the agreed dates written in the plan are the baseline
            rows = C.agreed_diff(ws, args.project)
        else:
            rows = C.baseline_diff(root, ws, args.project, tag)
    except (C.BaselineError, git.GitError) as exc:
        err(str(exc))
        return EXIT_FINDINGS
    if args.format == "json":
        write_json(rows)
        return EXIT_OK
    against = tag or "the agreed dates (baseline_due; no baseline tag yet)"
    print(f"{args.project}: due dates now against {against}")
    shown = [r for r in rows if args.all or r.state != "same"]
    cells = max((width(r.ref.partition("/")[2] or "project") for r in shown), default=0) + 2
    for r in shown:
        name = r.ref.partition("/")[2] or "project"
        then = str(r.baseline) if r.state != "added" else "(added)"
        now = str(r.now) if r.state != "removed" else "(removed)"
        days = f"{signed_days(r.days):>9}" if r.days else ""
        print(printable(f"  {pad(name, cells)}{then:>10} -> {now:<10}  {days:9}  {r.title}").rstrip())
    same = sum(1 for r in rows if r.state == "same")
    if not args.all and same:
        print(f"  ({same} unchanged; --all lists them)")
    return EXIT_OK
