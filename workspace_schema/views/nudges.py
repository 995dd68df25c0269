"""Who owes what: every open item grouped by who must act, with the nudge and escalation due.

    from workspace_schema.views.nudges import build, draft_reminder, escalation_step
    for group in build(ws, today):              # overdue first
        group.name, group.side                  # "Acme Logistics", "client"
        for it in group.items:
            it.ref, it.days_overdue, it.days_since_nudge, it.step   # step: the rung due now, or None
    print(draft_reminder(ws, "huamei-miniapp/weixin-renzheng-4npz", today))   # in the client's language

The reminder is text to copy into an email or chat; `ducu notify` (workspace_schema.notify)
sends the ones due and logs each as a nudge.

Definitions:

- An *open* item is a milestone or task with status todo, doing, waiting or
  blocked, in a project that is planned, active or on hold.
- Who must act is the item's owner. Our own people (org = the team of
  workspace.toml) are grouped one by one; people of a client are grouped by
  their organisation (the client id, shown with the client's name), because
  it is the client that owes the work. An item without an owner goes to the
  project's client when its side is "client", else to "no owner".
- ``days_overdue`` is today - due for an open item whose due has passed, else 0.
- The last nudge of an item is the latest log entry with kind "nudge" that
  lists it in ``items`` (entries dated after today are ignored, as rule
  CAD002 does). ``nudge_due`` is set on an overdue client-side item that has
  had no nudge within the workspace's ``nudge_every`` days (rule CAD002).
- The escalation ladder (``[escalation.<id>]`` in workspace.toml, ordered by
  ``after_days``) is for client-side items (owner at a client, or no owner and
  side "client"), as the sample workspace describes it: the step due now is
  the last one whose ``after_days`` is at most the days overdue. ``who``
  names the person the step involves: "owner" the item's owner, "lead" the
  project's owner (our accountable lead), "sponsor" the client's sponsor
  (clients.toml), anything else a person handle. Our own late items get no
  escalation step (they are ours to fix; the list still shows them late).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from msgspec import Struct

from workspace_schema.core.records import (
    OPEN_ITEM_STATUSES,
    EscalationStep,
    Milestone,
    Project,
    Task,
    Workspace,
)
from workspace_schema.core.text_safety import one_line

__all__ = [
    "EscalationNow",
    "OwedGroup",
    "OwedItem",
    "build",
    "draft_reminder",
    "escalation_step",
    "is_client_item",
    "last_nudges",
    "next_step",
    "resolve_who",
    "short_date",
]

LIVE_PROJECT_STATUSES = frozenset(
    {"planned", "active", "on_hold"}
)  # as rules/items.py (not imported: it loads every rule)

GroupKind = Literal["person", "org", "nobody"]
GroupSide = Literal["team", "client"]
ItemKind = Literal["milestone", "task"]


class EscalationNow(Struct, frozen=True, kw_only=True):
    """One rung of the ladder applied to one item: what to do and with whom."""

    step: str  # the step's id in workspace.toml ("lead-call")
    after_days: int
    action: str
    who: str | None  # as written: "owner", "lead", "sponsor", a handle, or None
    person: str | None  # the handle ``who`` resolves to for this item (None when it cannot)
    person_name: str | None
    in_days: int = 0  # for the next step: days until it is due (0 for the step due now)


class OwedItem(Struct, frozen=True, kw_only=True):
    ref: str  # "project/item"
    project: str
    item: str
    kind: Literal["milestone", "task"]
    title: str
    owner: str | None
    owner_name: str | None
    side: str
    status: str
    due: dt.date | None
    days_overdue: int  # 0 when not overdue
    client_side: bool  # the client must act (owner at a client, or no owner and side "client")
    last_nudge: dt.date | None
    days_since_nudge: int | None
    nudge_due: bool  # overdue, client side, and not nudged within nudge_every days
    step: EscalationNow | None  # the escalation step due now
    next_step: EscalationNow | None  # the next rung up, with in_days until it is due


class OwedGroup(Struct, frozen=True, kw_only=True):
    key: str  # "person:alice", "org:acme", "nobody"
    kind: GroupKind
    id: str | None  # the handle or org id
    name: str  # the person's name, the client's name, or "no owner"
    side: Literal["team", "client"]
    items: list[OwedItem]
    overdue: int  # items overdue
    worst: int  # the most days overdue of its items (0 when none is)


# --- small helpers other modules share (agenda, report) -----------------------------


def short_date(day: dt.date, today: dt.date) -> str:
    """'11-19' within today's year, else '2025-11-19'."""
    return day.strftime("%m-%d") if day.year == today.year else day.isoformat()


def last_nudges(project: Project, today: dt.date) -> dict[str, dt.date]:
    """Item id -> the date of its latest nudge (log kind "nudge" listing it), ignoring entries after today."""
    last: dict[str, dt.date] = {}
    for entry in project.log.values():
        on = entry.on
        if entry.kind != "nudge" or on is None or on > today:
            continue
        for iid in entry.items:
            if iid not in last or on > last[iid]:
                last[iid] = on
    return last


def is_client_item(ws: Workspace, item: Milestone | Task) -> bool:
    """The client must act: the owner is at a client, or there is no owner and the side is "client"."""
    return ws.is_client_item(item)


def escalation_step(ladder: Sequence[EscalationStep], days_overdue: int) -> EscalationStep | None:
    """The rung due after ``days_overdue`` days: the last step whose after_days is at most that; None before the first.

    ``ladder`` is ``settings.ladder()`` (sorted by after_days). Nothing is due
    for an item that is not overdue (0 days), whatever the first rung says.
    """
    due = None
    if days_overdue <= 0:
        return None
    for step in ladder:
        if step.after_days <= days_overdue:
            due = step
        else:
            break
    return due


def next_step(ladder: Sequence[EscalationStep], days_overdue: int) -> EscalationStep | None:
    """The first rung not yet due after ``days_overdue`` days (None past the top of the ladder)."""
    for step in ladder:
        if step.after_days > max(days_overdue, 0):
            return step
    return None


def resolve_who(ws: Workspace, project: Project, who: str | None, item: Milestone | Task) -> str | None:
    """The handle a step's ``who`` means for ``item``: owner, lead (project owner), sponsor (client sponsor) or a handle."""
    if not who:
        return None
    if who == "owner":
        return item.owner
    if who == "lead":
        return project.owner
    if who == "sponsor":
        client = ws.clients.get(project.client or "")
        if item.owner and ws.is_client_side(item.owner):  # the sponsor of the org that owes it
            client = ws.clients.get(ws.person_org(item.owner) or "") or client
        return client.sponsor if client is not None else None
    return who


def _name(ws: Workspace, handle: str | None) -> str | None:
    if not handle:
        return None
    person = ws.people.get(handle)
    return (person.name or handle) if person is not None else handle


def _applied(
    ws: Workspace, project: Project, step: EscalationStep | None, item: Milestone | Task, in_days: int = 0
) -> EscalationNow | None:
    if step is None:
        return None
    person = resolve_who(ws, project, step.who, item)
    return EscalationNow(
        step=step.id,
        after_days=step.after_days,
        action=step.action,
        who=step.who,
        person=person,
        person_name=_name(ws, person),
        in_days=in_days,
    )


# --- who owes what ------------------------------------------------------------------


def build(ws: Workspace, today: dt.date, *, project: str | None = None) -> list[OwedGroup]:
    """Every open item of the live projects (or of ``project``), grouped by who must act, overdue first."""
    ladder = ws.settings.ladder()
    window = max(ws.settings.nudge_every, 0)
    groups: dict[str, list[OwedItem]] = {}
    heads: dict[str, tuple[GroupKind, str | None, str, GroupSide]] = {}
    projects: Iterable[tuple[str, Project]]
    if project is not None:
        projects = [(project, ws.projects[project])] if project in ws.projects else []
    else:
        projects = ((pid, p) for pid, p in ws.projects.items() if p.status in LIVE_PROJECT_STATUSES)
    for pid, p in projects:
        nudged = last_nudges(p, today)
        tables: tuple[tuple[Mapping[str, Milestone | Task], ItemKind], ...] = (
            (p.milestones, "milestone"),
            (p.tasks, "task"),
        )
        for table, kind in tables:
            for iid, item in table.items():
                if item.status not in OPEN_ITEM_STATUSES:
                    continue
                client_side = is_client_item(ws, item)
                late = (today - item.due).days if item.due is not None and item.due < today else 0
                last = nudged.get(iid)
                since = (today - last).days if last is not None else None
                step = nxt = None
                if client_side:
                    step = _applied(ws, p, escalation_step(ladder, late), item)
                    up = next_step(ladder, late)
                    if up is not None and late > 0:
                        nxt = _applied(ws, p, up, item, up.after_days - late)
                owed = OwedItem(
                    ref=f"{pid}/{iid}",
                    project=pid,
                    item=iid,
                    kind=kind,
                    title=item.title or iid,
                    owner=item.owner,
                    owner_name=_name(ws, item.owner),
                    side=item.side,
                    status=item.status,
                    due=item.due,
                    days_overdue=late,
                    client_side=client_side,
                    last_nudge=last,
                    days_since_nudge=since,
                    nudge_due=bool(late and client_side and (since is None or since > window)),
                    step=step,
                    next_step=nxt,
                )
                key, head = _group_of(ws, p, item, client_side)
                groups.setdefault(key, []).append(owed)
                heads.setdefault(key, head)
    out = []
    for key, items in groups.items():
        items.sort(key=_item_order)
        group_kind, gid, name, side = heads[key]
        overdue = sum(1 for it in items if it.days_overdue > 0)
        out.append(
            OwedGroup(
                key=key,
                kind=group_kind,
                id=gid,
                name=name,
                side=side,
                items=items,
                overdue=overdue,
                worst=max((it.days_overdue for it in items), default=0),
            )
        )
    out.sort(key=_group_order)
    return out


def _group_of(
    ws: Workspace, p: Project, item: Milestone | Task, client_side: bool
) -> tuple[str, tuple[GroupKind, str | None, str, GroupSide]]:
    owner = item.owner
    if owner and client_side:
        org = ws.person_org(owner) or ""
        client = ws.clients.get(org)
        return f"org:{org}", ("org", org, (client.name or org) if client else org, "client")
    if owner:
        return f"person:{owner}", ("person", owner, _name(ws, owner) or owner, "team")
    if client_side and p.client:
        client = ws.clients.get(p.client)
        return f"org:{p.client}", ("org", p.client, (client.name or p.client) if client else p.client, "client")
    return "nobody", ("nobody", None, "no owner", "team")


def _item_order(it: OwedItem) -> tuple[int, dt.date, str]:
    return (-it.days_overdue, it.due or dt.date.max, it.ref)


def _group_order(g: OwedGroup) -> tuple[int, int, int, dt.date, str]:
    first_due = min((it.due for it in g.items if it.due is not None), default=dt.date.max)
    return (0 if g.overdue else 1, -g.worst, -g.overdue, first_due, g.name)


# --- a reminder to copy -------------------------------------------------------------

_EN = {
    "subject": "Reminder: {title} (due {due})",
    "subject_nodue": "Reminder: {title}",
    "hello": "Dear {name},",
    "hello_team": "Hi {name},",
    "intro": "I hope you are well. This is a friendly reminder about “{title}” in our project “{project}”.",
    "late": "It was due on {due}, {days} ago.",
    "today": "It is due today, {due}.",
    "soon": "It is due on {due}, in {days}.",
    "nodue": "It has no agreed date yet.",
    "needed": "What we need: {criteria}",
    "ask_late": "Could you let me know when we can expect it, or whether anything is blocking it? We are glad to help.",
    "ask": "Could you let me know if it is still on track, or whether anything is in the way? We are glad to help.",
    "thanks": "Thank you, and best regards,",
    "you": "you",
}
_ZH = {
    "subject": "提醒：{title}（截止 {due}）",
    "subject_nodue": "提醒：{title}",
    "hello": "{name}，您好！",
    "hello_team": "{name}，你好！",
    "intro": "关于「{project}」项目中的「{title}」，想跟您确认一下进展。",
    "late": "原定截止日期为 {due}，目前已逾期 {days}。",
    "today": "截止日期是今天（{due}）。",
    "soon": "截止日期为 {due}，还有 {days}。",
    "nodue": "目前还没有约定日期。",
    "needed": "需要的内容：{criteria}",
    "ask_late": "请问预计什么时候可以提供？如果遇到任何困难，请随时告诉我们，我们很乐意协助。",
    "ask": "请问目前进展是否顺利？如果遇到任何困难，请随时告诉我们，我们很乐意协助。",
    "thanks": "谢谢！",
    "you": "您",
}


def _days_en(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _days_zh(n: int) -> str:
    return f"{n} 天"


def draft_reminder(ws: Workspace, ref: str, today: dt.date) -> str:
    """A polite reminder about the open item ``ref`` ("project/item"), in the client's language.

    Names the item, its due date, what is needed (done_criteria, else the
    item's notes are not quoted: they are internal), and is signed by the
    project's owner (our accountable lead). Addressed to the item's owner.
    Raises KeyError for an unknown project or item, ValueError for an item
    that is not open.
    """
    pid, _, iid = ref.partition("/")
    p = ws.projects.get(pid)
    if p is None:
        raise KeyError(f"no project `{pid}`")
    item = p.item(iid)
    if item is None:
        raise KeyError(f"project `{pid}` has no milestone or task `{iid}`")
    if item.status not in OPEN_ITEM_STATUSES:
        raise ValueError(f"{ref} is {item.status}: there is nothing to remind anyone of")
    client = ws.clients.get(p.client or "")
    zh = (client.language if client is not None else "en") == "zh"
    words = _ZH if zh else _EN
    days = _days_zh if zh else _days_en
    title = one_line(item.title or iid)
    project_title = one_line(p.title or pid)
    due = item.due.isoformat() if item.due else ""
    lines = [
        words["subject"].format(title=title, due=due) if item.due else words["subject_nodue"].format(title=title),
        "",
    ]
    owner_name = one_line(_name(ws, item.owner))
    greeting = words["hello"] if ws.is_client_side(item.owner) or not owner_name else words["hello_team"]
    lines += [greeting.format(name=owner_name or words["you"]), ""]
    body = [words["intro"].format(title=title, project=project_title)]
    if item.due is None:
        body.append(words["nodue"])
    elif item.due < today:
        body.append(words["late"].format(due=due, days=days((today - item.due).days)))
    elif item.due == today:
        body.append(words["today"].format(due=due))
    else:
        body.append(words["soon"].format(due=due, days=days((item.due - today).days)))
    lines.append(("" if zh else " ").join(body))
    criteria = getattr(item, "done_criteria", None)
    if criteria:
        lines += ["", words["needed"].format(criteria=one_line(criteria))]
    lines += ["", words["ask_late"] if item.due is not None and item.due < today else words["ask"], "", words["thanks"]]
    sender = one_line(_name(ws, p.owner))
    if sender:
        lines.append(sender)
    if ws.settings.name:
        lines.append(one_line(ws.settings.name))
    return "\n".join(lines) + "\n"
