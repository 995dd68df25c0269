"""What `ducu notify` sends: a reminder per overdue client item due a nudge, and a weekly digest per person.

    from workspace_schema.notify import messages
    for out in messages.reminders(ws, today):          # the items whose nudge is due (rule CAD002)
        out.handle, out.address, out.subject, out.problem  # problem: why it cannot go (no email), else None
        mail = messages.email(out, "Chen Mei <mei@northwind.digital>")
    messages.digests(ws, today)                        # per person: overdue and due within 7 days

A reminder is views.nudges.draft_reminder's text (its first line is the
subject), in the client's language, to the item's owner at their first email
in people.toml. Only items whose nudge is due are reminded: one nudged within
the workspace's ``nudge_every`` days is not, so a reminder sent and logged
today is not sent again by a second run. A digest lists, for each person
who owns open items, those overdue and those due within the next 7 days, in
the person's language (people.toml ``language``, else their client's, else
English); one who was sent a digest this week (people.toml
``digest_sent_on``, which sending writes) gets none, unless ``again``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Literal

from workspace_schema.core.records import Workspace
from workspace_schema.core.text_safety import one_line
from workspace_schema.views import nudges
from workspace_schema.views.nudges import OwedItem

__all__ = ["DIGEST_DAYS", "Outgoing", "digests", "email", "is_address", "reminders", "sent_this_week"]

DIGEST_DAYS = 7  # a digest lists what falls due within this many days, today included

Kind = Literal["reminder", "digest"]


@dataclass(frozen=True)
class Outgoing:
    """One message to one person, before it is sent."""

    kind: Kind
    handle: str | None  # the person it goes to
    name: str  # their name as people.toml has it (else the handle)
    address: str | None  # their first email; None when there is none
    subject: str
    body: str
    items: tuple[str, ...]  # the "project/item" refs it is about (a reminder: one)
    problem: str | None = None  # why it cannot be sent, or None

    @property
    def to(self) -> str:
        """'Name <address>' as a line shows it."""
        return f"{self.name} <{self.address}>" if self.address else self.name


def _first_email(ws: Workspace, handle: str | None) -> str | None:
    person = ws.people.get(handle or "")
    if person is None:
        return None
    return next((e.strip() for e in person.emails if e.strip()), None)


def _name(ws: Workspace, handle: str) -> str:
    person = ws.people.get(handle)
    return one_line((person.name if person is not None else "") or handle)


def is_address(text: str) -> bool:
    """``text`` is one email address (user@host) that can go in a header as it is."""
    try:
        Address("", addr_spec=text)
    except Exception:  # HeaderParseError, ValueError (CR/LF, two addresses), IndexError (empty)
        return False
    return "@" in text


def _no_address(ws: Workspace, handle: str | None) -> str | None:
    if not handle:
        return "the item has no owner to send it to; set its owner"
    if handle not in ws.people:
        return f"{handle} is not in people.toml"
    address = _first_email(ws, handle)
    if address is None:
        return f"{handle} has no email in people.toml"
    if not is_address(address):
        return f"{handle}'s first email in people.toml, {one_line(address)!r}, is not an email address"
    return None


def reminders(ws: Workspace, today: dt.date, *, project: str | None = None, to: str | None = None) -> list[Outgoing]:
    """A reminder for each overdue client-side item whose nudge is due (of ``project``, to ``to`` when given)."""
    out = []
    for group in nudges.build(ws, today, project=project):
        for it in group.items:
            if not it.nudge_due or (to is not None and it.owner != to):
                continue
            subject, _, body = nudges.draft_reminder(ws, it.ref, today).partition("\n")
            out.append(
                Outgoing(
                    kind="reminder",
                    handle=it.owner,
                    name=_name(ws, it.owner) if it.owner else "nobody",
                    address=_first_email(ws, it.owner),
                    subject=one_line(subject),
                    body=body.lstrip("\n"),
                    items=(it.ref,),
                    problem=_no_address(ws, it.owner),
                )
            )
    return out


# --- the weekly digest ----------------------------------------------------------------

_EN = {
    "subject": "What you owe this week: {n} (overdue: {late})",
    "subject_none_late": "What you owe this week: {n}",
    "hello": "Hi {name},",
    "intro": "Here is what is waiting on you in {workspace} this week.",
    "late": "Overdue",
    "soon": "Due in the next {days} days",
    "late_line": "- {project}: {title} (due {due}, {days} late)",
    "soon_line": "- {project}: {title} (due {due})",
    "thanks": "Thank you.",
    "item": "1 item",
    "items": "{n} items",
    "day": "1 day",
    "days": "{n} days",
}
_ZH = {
    "subject": "本周待办：{n}（已逾期 {late} 项）",
    "subject_none_late": "本周待办：{n}",
    "hello": "{name}，您好！",
    "intro": "以下是 {workspace} 本周需要您处理的事项。",
    "late": "已逾期",
    "soon": "未来 {days} 天内到期",
    "late_line": "-「{project}」{title}（截止 {due}，已逾期 {days}）",
    "soon_line": "-「{project}」{title}（截止 {due}）",
    "thanks": "谢谢！",
    "item": "1 项",
    "items": "{n} 项",
    "day": "1 天",
    "days": "{n} 天",
}


def _count(words: dict[str, str], one: str, many: str, n: int) -> str:
    return words[one] if n == 1 else words[many].format(n=n)


def _language(ws: Workspace, handle: str) -> str:
    person = ws.people.get(handle)
    if person is not None and person.language:
        return person.language
    client = ws.clients.get(ws.person_org(handle) or "")
    return client.language if client is not None else "en"


def sent_this_week(ws: Workspace, handle: str, today: dt.date) -> dt.date | None:
    """The day this week (Monday to Sunday) ``handle`` was sent the digest, if they were."""
    person = ws.people.get(handle)
    sent = person.digest_sent_on if person is not None else None
    return sent if sent is not None and sent.isocalendar()[:2] == today.isocalendar()[:2] else None


def digests(
    ws: Workspace, today: dt.date, *, project: str | None = None, to: str | None = None, again: bool = False
) -> list[Outgoing]:
    """For each person who owns open items overdue or due within DIGEST_DAYS, and was not sent the digest
    this week (or ``again``): one message listing them."""
    horizon = today + dt.timedelta(days=DIGEST_DAYS - 1)
    owed: dict[str, list[OwedItem]] = {}
    for group in nudges.build(ws, today, project=project):
        for it in group.items:
            if it.owner and (to is None or it.owner == to) and it.due is not None and it.due <= horizon:
                owed.setdefault(it.owner, []).append(it)
    if not again:
        owed = {handle: items for handle, items in owed.items() if sent_this_week(ws, handle, today) is None}
    out = []
    for handle in sorted(owed):
        items = sorted(owed[handle], key=lambda it: (-it.days_overdue, it.due or dt.date.max, it.ref))
        words = _ZH if _language(ws, handle) == "zh" else _EN
        late = [it for it in items if it.days_overdue]
        soon = [it for it in items if not it.days_overdue]
        count = _count(words, "item", "items", len(items))
        subject = (words["subject"] if late else words["subject_none_late"]).format(n=count, late=len(late))
        name = _name(ws, handle)
        lines = [words["hello"].format(name=name), ""]
        lines += [words["intro"].format(workspace=one_line(ws.settings.name or "ducu")), ""]
        for heading, part, line in (
            (words["late"], late, words["late_line"]),
            (words["soon"], soon, words["soon_line"]),
        ):
            if not part:
                continue
            lines.append(heading.format(days=DIGEST_DAYS))
            for it in part:
                p = ws.projects[it.project]
                lines.append(
                    line.format(
                        project=one_line(p.title or it.project),
                        title=one_line(it.title),
                        due=it.due,
                        days=_count(words, "day", "days", it.days_overdue),
                    )
                )
            lines.append("")
        lines.append(words["thanks"])
        if ws.settings.name:
            lines.append(one_line(ws.settings.name))
        out.append(
            Outgoing(
                kind="digest",
                handle=handle,
                name=name,
                address=_first_email(ws, handle),
                subject=subject,
                body="\n".join(lines) + "\n",
                items=tuple(it.ref for it in items),
                problem=_no_address(ws, handle),
            )
        )
    return out


# --- as an email --------------------------------------------------------------------


def email(out: Outgoing, sender: str, now: dt.datetime | None = None) -> EmailMessage:
    """``out`` as an email from ``sender`` ("Name <address>"): UTF-8 where needed, with Date and Message-ID."""
    if out.address is None:
        raise ValueError(out.problem or f"{out.name} has no email address")
    sender_name, sender_address = parseaddr(sender)
    domain = sender_address.rpartition("@")[2] or "ducu.invalid"
    msg = EmailMessage()
    msg["From"] = Address(sender_name, addr_spec=sender_address) if sender_address else sender
    msg["To"] = Address(out.name, addr_spec=out.address)
    msg["Subject"] = out.subject
    msg["Date"] = format_datetime(now or dt.datetime.now(dt.UTC).astimezone())
    msg["Message-ID"] = make_msgid("ducu", domain=domain)  # a domain given: no DNS look-up of this host's name
    msg["X-Ducu-Kind"] = out.kind
    msg["X-Ducu-Items"] = ", ".join(out.items)
    if out.body.isascii():
        msg.set_content(out.body)
    else:
        msg.set_content(out.body, charset="utf-8", cte="base64")  # 7-bit clean for any server
    return msg
