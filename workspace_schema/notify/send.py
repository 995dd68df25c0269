"""Send the messages, then log each sent reminder as a nudge (and each sent digest), all in one commit.

    from workspace_schema.notify import send
    outcome = send.notify(root, ws, today, messages.reminders(ws, today), config)
    outcome.sent, outcome.failed      # Results: each with the reason it failed (the server's reply)
    outcome.commit                    # the one commit holding a nudge log entry per sent reminder
    outcome.problem                   # sent, but the log could not be written or committed: why

Each message is sent on its own: one that fails does not stop the others,
and is reported with its reason. Only reminders that were sent get a log
entry (kind "nudge", the item, the person, the channel, today, by the person
sending), written with the same edit the app's who-owes-what screen uses
(``edits.add_record``) and committed together (``commit.commit_changes``).
A reminder that failed is not logged, so the next run offers it again; one
that was sent and logged is no longer due (rule CAD002's window), so it is
not sent twice. A digest nudges nobody about one item, so it is no log
entry: sending it writes the day on the person (people.toml
``digest_sent_on``), in the same commit, and a second run that week sends
that person none (messages.digests).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import parseaddr

from workspace_schema.core.errors import EditError, StaleFile
from workspace_schema.core.ids import new_id
from workspace_schema.core.records import ITEM_KINDS, Workspace
from workspace_schema.edit import edits
from workspace_schema.edit.edits import AppliedEdit
from workspace_schema.edit.values import EditRejected
from workspace_schema.git import runner as git
from workspace_schema.git.commit import commit_changes
from workspace_schema.git.identity import current_person
from workspace_schema.notify.config import NotifyConfig
from workspace_schema.notify.messages import Outgoing, email, is_address
from workspace_schema.notify.transports import Sender, SendFailed, open_transport

__all__ = ["NotifyOutcome", "Result", "log_sent", "notify", "send_all"]


@dataclass(frozen=True)
class Result:
    outgoing: Outgoing
    error: str | None = None  # why it was not sent; None: sent

    @property
    def sent(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class NotifyOutcome:
    results: list[Result]
    logged: list[AppliedEdit] = field(default_factory=list)
    commit: str | None = None
    problem: str | None = None  # sent, but the log entries could not all be written or committed

    @property
    def sent(self) -> list[Result]:
        return [r for r in self.results if r.sent]

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if not r.sent]


def send_all(outgoing: Sequence[Outgoing], send: Sender, sender: str, now: dt.datetime | None = None) -> list[Result]:
    """Send each message that can be sent; a Result for every one, in order."""
    results = []
    for out in outgoing:
        if out.problem is not None:
            results.append(Result(out, out.problem))
            continue
        try:
            send(email(out, sender, now))
        except SendFailed as exc:
            results.append(Result(out, str(exc)))
        else:
            results.append(Result(out, None))
    return results


def log_sent(
    ws: Workspace, results: Sequence[Result], today: dt.date, *, by: str | None, channel: str
) -> tuple[list[AppliedEdit], list[str]]:
    """A nudge log entry for each sent reminder, the day on each person sent a digest; (the edits written,
    what could not be written and why)."""
    changes: list[AppliedEdit] = []
    problems: list[str] = []
    added: dict[str, set[str]] = {}
    for result in results:
        out = result.outgoing
        if not result.sent:
            continue
        if out.kind == "digest":
            try:
                change = edits.set_fields(
                    ws, f"people/{out.handle}", {"digest_sent_on": today}, reason="sent by ducu notify"
                )
            except (EditRejected, EditError, StaleFile, OSError) as exc:
                problems.append(f"{out.handle}: sent, but digest_sent_on could not be written ({exc}); set it by hand")
                continue
            if change.fields:  # sent again (--again) the same day: nothing new to record
                changes.append(change)
            continue
        for ref in out.items:
            pid, _, iid = ref.partition("/")
            project = ws.projects[pid]
            taken = added.setdefault(pid, {i for table in ITEM_KINDS for i in getattr(project, table)})
            summary = f"Reminder sent to {out.to}: {out.subject}"
            fields: dict[str, object] = {"on": today}
            if by:
                fields["by"] = by
            fields.update(
                {"with": [out.handle] if out.handle else [], "channel": channel, "kind": "nudge", "items": [iid]}
            )
            fields["summary"] = summary
            rid = new_id(f"reminder {iid}", taken)
            try:
                changes.append(edits.add_record(ws, pid, "log", fields, rid=rid, reason="sent by ducu notify"))
            except (EditRejected, EditError, StaleFile, OSError) as exc:
                problems.append(f"{ref}: sent, but its nudge could not be logged ({exc}); log it by hand")
                continue
            taken.add(rid)
    return changes, problems


def notify(
    root: str | os.PathLike[str],
    ws: Workspace,
    today: dt.date,
    outgoing: Sequence[Outgoing],
    config: NotifyConfig,
    now: dt.datetime | None = None,
) -> NotifyOutcome:
    """Send ``outgoing`` the configured way, log the sent reminders, commit them as one.

    Raises NotifySetupError (nothing to send with, no sender, no password)
    and git.NoIdentity (git cannot commit the log) before anything is sent.
    """
    from workspace_schema.notify.config import NotifySetupError

    if not config.sender:
        raise NotifySetupError("no sender: set git config sendemail.from (or user.name and user.email)")
    if not is_address(parseaddr(config.sender)[1]):
        raise NotifySetupError(
            f"the sender {config.sender!r} has no valid email address; fix git config sendemail.from"
        )
    is_repo = git.is_repo(root)
    if is_repo and git.identity(root) is None:
        raise git.NoIdentity()
    by = current_person(ws, root).handle if is_repo else None
    if all(out.problem is not None for out in outgoing):  # nothing can go: no server, no password asked for
        results = [Result(out, out.problem) for out in outgoing]
    else:
        with open_transport(root, config) as send:
            results = send_all(outgoing, send, config.sender, now)
    changes, problems = log_sent(ws, results, today, by=by, channel=config.channel)
    sha = None
    if changes and is_repo:
        try:
            sha = commit_changes(root, changes)
        except git.GitError as exc:
            files = ", ".join(sorted({c.file for c in changes}))
            problems.append(f"what was sent is recorded in {files} but not committed: {exc}; `ducu sync` commits it")
    return NotifyOutcome(results, changes, sha, "\n".join(problems) or None)
