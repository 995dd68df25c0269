"""`ducu notify`: send the reminders (or the weekly digest) by SMTP or the team's command; a dry run unless --send."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.cli.helpers import EXIT_FINDINGS, EXIT_NOT_COMMITTED, EXIT_OK, err, printable, workspace_option, workspace_root

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from workspace_schema.core.records import Workspace
    from workspace_schema.notify.config import NotifyConfig
    from workspace_schema.notify.messages import Outgoing

PREVIEW_LINES = 3  # of each message's body, in a dry run


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "notify",
        help="send the reminders due (or --digest: what each person owes this week) by email or the team's command; "
        "a dry run unless --send",
        description="Reminders go for the overdue client items whose nudge is due, each logged as a nudge when sent "
        "(one commit). Set up SMTP as for git send-email (git config sendemail.smtpServer ...) or "
        "git config ducu.notifyCommand '...'; see the README's 'Sending reminders'.",
    )
    p.add_argument("--send", action="store_true", help="send them (default: only show what would be sent)")
    p.add_argument("--digest", action="store_true", help="the weekly digest per person instead of the reminders")
    p.add_argument(
        "--again", action="store_true", help="with --digest: also to those sent the digest this week already"
    )
    p.add_argument("--project", metavar="P", help="only project P")
    p.add_argument("--to", metavar="HANDLE", help="only what goes to HANDLE (people.toml)")
    workspace_option(p)
    p.set_defaults(run=cmd_notify)


def cmd_notify(args: argparse.Namespace) -> int:
    from workspace_schema.core import clock
    from workspace_schema.load.loader import load_workspace
    from workspace_schema.notify import messages
    from workspace_schema.notify.config import HOW_TO, NotifySetupError, read_config

    root = workspace_root(args.workspace)
    ws, _ = load_workspace(root)
    today = clock.today(ws.settings.timezone)
    if args.project is not None and args.project not in ws.projects:
        err(f"no project `{printable(args.project)}`; projects are: {', '.join(sorted(ws.projects)) or 'none yet'}")
        return EXIT_FINDINGS
    if args.to is not None and args.to not in ws.people:
        err(f"no person `{printable(args.to)}` in people.toml")
        return EXIT_FINDINGS
    if args.digest:
        outgoing = messages.digests(ws, today, project=args.project, to=args.to, again=args.again)
        _say_sent_this_week(ws, today, args, outgoing)
    else:
        outgoing = messages.reminders(ws, today, project=args.project, to=args.to)
    what = ("digest" if args.digest else "reminder") + ("" if len(outgoing) == 1 else "s")
    if not outgoing:
        why = "nobody else owes anything due this week" if args.digest else "no overdue client item is due a nudge"
        print(f"Nothing to send: {why} (`ducu nudges` lists who owes what).")
        return EXIT_OK
    try:
        config = read_config(root)
    except NotifySetupError as exc:
        if args.send:
            err(str(exc))
            return EXIT_FINDINGS
        err(f"{exc} (shown anyway)")
        config = None
    if not args.send:
        how = config.describe() if config is not None else "nothing (set up wrongly)"
        sender = (config.sender if config is not None else None) or "nobody (set sendemail.from)"
        print(f"{len(outgoing)} {what} to send by {printable(how)} from {printable(sender)}:")
        for out in outgoing:
            _preview(out)
        print()
        if config is not None and not config.ready:
            print(f"Not set up to send: {HOW_TO}.")
        logged = (
            " and records each on its person (digest_sent_on), in one commit"
            if args.digest
            else " and logs each sent reminder as a nudge, in one commit"
        )
        print(f"Dry run: nothing sent. `ducu notify --send` sends them{logged}.")
        return EXIT_OK
    assert config is not None  # a setup error with --send returned above
    return _send(root, ws, today, outgoing, config)


def _say_sent_this_week(ws: Workspace, today: dt.date, args: argparse.Namespace, outgoing: list[Outgoing]) -> None:
    """Name those who would get a digest but were sent one this week: a second run sends nobody a second."""
    from workspace_schema.notify import messages

    going = {out.handle for out in outgoing}
    every = messages.digests(ws, today, project=args.project, to=args.to, again=True)
    held = [out.handle for out in every if out.handle is not None and out.handle not in going]
    sent = [(handle, messages.sent_this_week(ws, handle, today)) for handle in held]
    if sent:
        names = ", ".join(f"{printable(handle)} on {day}" for handle, day in sent)
        print(f"Sent this week already: {names} (`--again` sends theirs again).")


def _preview(out: Outgoing) -> None:
    print()
    if out.problem is not None:
        print(f"cannot send: {printable(out.problem)} ({printable(', '.join(out.items))})")
        return
    print(f"to {printable(out.to)}")
    print(f"  {printable(out.subject)}")
    for line in [line for line in out.body.splitlines() if line.strip()][:PREVIEW_LINES]:
        print(f"  | {printable(line)}")


def _send(root: Path, ws: Workspace, today: dt.date, outgoing: list[Outgoing], config: NotifyConfig) -> int:
    from workspace_schema.git import runner as git
    from workspace_schema.notify.config import HOW_TO, NotifySetupError
    from workspace_schema.notify.send import notify

    try:
        outcome = notify(root, ws, today, outgoing, config)
    except NotifySetupError as exc:
        err(f"{exc}; nothing was sent" + ("" if "git config" in str(exc) else f" ({HOW_TO})"))
        return EXIT_FINDINGS
    except git.GitError as exc:
        err(f"{exc} (nothing was sent: the nudges could not be committed)")
        return EXIT_FINDINGS
    for result in outcome.results:
        out = result.outgoing
        if result.sent:
            print(f"sent to {printable(out.to)}: {printable(out.subject)}")
        else:
            err(f"not sent to {printable(out.to)} ({printable(', '.join(out.items))}): {printable(result.error)}")
    if outcome.logged:
        where = f"in {outcome.commit[:7]}" if outcome.commit else "(not committed)"
        n = len(outcome.logged)
        if outgoing[0].kind == "digest":
            print(f"recorded {n} digest{'s' if n != 1 else ''} sent (people.toml digest_sent_on) {where}")
        else:
            print(f"logged {n} nudge{'s' if n != 1 else ''} {where}")
    if outcome.problem:
        err(printable(outcome.problem))
        return EXIT_NOT_COMMITTED
    if outcome.failed:
        print(
            f"{len(outcome.failed)} of {len(outcome.results)} not sent, nothing logged for them: "
            "fix what is said above and run it again (what was sent is not sent twice)."
        )
        return EXIT_FINDINGS
    return EXIT_OK
