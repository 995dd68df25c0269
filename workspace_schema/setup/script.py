"""The demo's story: six weeks of edits by three people of the sample, as data.

``script(days)`` lists the commits after the first one, oldest first: who
made each, when (with the author's UTC offset), in which style ("ducu": an
edit as the app makes it, "hand", "approve", "review") and what it did to
the *final* files of the sample: a field went from old to new (``Set``), a
record was added (``Add``), a file was added (``AddFile``), a comment was
written by hand (``Note``). Every date is moved by ``days`` (whole weeks,
so the story ends "today"). The machinery that turns this into commits is
in setup/history.py (undoing the steps: setup/unwind.py; their messages:
setup/messages.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from workspace_schema.setup.demo import SAMPLE_TODAY, shift_dates

SHANGHAI = dt.timezone(dt.timedelta(hours=8))  # the sample's agency works in Asia/Shanghai
WEEKS = 6
AUTHORS = {  # used when people.toml does not name them
    "hannah": ("Hannah Okafor", "hannah@northwind.digital"),
    "mei": ("陈美 (Chen Mei)", "mei@northwind.digital"),
    "raj": ("Raj Patel", "raj@northwind.digital"),
}


# --- what a step does to the files --------------------------------------------------------


@dataclass(frozen=True)
class Set:
    """Field ``key`` of the table ``path`` went from ``old`` (None: absent) to ``new``."""

    file: str
    path: tuple[str, ...]
    key: str
    old: Any
    new: Any
    drop_comment: bool = False  # the line's comment was written in this step too


@dataclass(frozen=True)
class Add:
    """The record at ``path`` (with its sub-tables) was added."""

    file: str
    path: tuple[str, ...]


@dataclass(frozen=True)
class AddFile:
    file: str


@dataclass(frozen=True)
class Note:
    """Someone wrote the comment at the end of ``key``'s line by hand."""

    file: str
    path: tuple[str, ...]
    key: str


Op = Set | Add | AddFile | Note


@dataclass(frozen=True)
class Step:
    """One commit of the story."""

    when: dt.datetime
    who: str  # a handle in people.toml
    style: str  # "ducu" (an edit as the app makes it), "hand", "approve", "review"
    ops: tuple[Op, ...]
    reason: str | None = None
    subject: str | None = None  # for hand edits and reviews
    body: str | None = None


# --- the script (dates as in the sample, moved by ``days``) ------------------------------------


def script(days: int = 0) -> list[Step]:
    """The commits after the first one, oldest first, with every date moved by ``days``."""
    D = dt.date

    def d(y: int, m: int, day: int) -> dt.date:
        return D(y, m, day) + dt.timedelta(days=days)

    def at(m: int, day: int, hh: int, mm: int) -> dt.datetime:
        return dt.datetime(2026, m, day, hh, mm, tzinfo=SHANGHAI) + dt.timedelta(days=days)

    def s(text: str) -> str:
        return shift_dates(text, days)

    acme, hm = "projects/acme-crm.toml", "projects/huamei-miniapp.toml"
    intra, portal = "projects/greenleaf-intranet.toml", "projects/greenleaf-portal.toml"
    rev_acme = s("reviews/2026-11-20-acme-crm.toml")
    rev_hm = s("reviews/2026-11-24-huamei-miniapp.toml")
    mig, dev = "门店数据迁移-7k2m", "小程序开发-8qwe"
    email, outlook = ("milestones", "email-integration-9dkp"), ("tasks", "outlook-sync-t6bk")

    def done(file: str, path: tuple[str, ...], was: str, on: dt.date) -> tuple[Op, ...]:
        return (Set(file, path, "status", was, "done"), Set(file, path, "done_on", None, on))

    def accepted(file: str, path: tuple[str, ...], by: str, on: dt.date, evidence: str) -> tuple[Op, ...]:
        """The client signed the milestone off (edit.acceptance.accept_milestone: an Accepted-by trailer)."""
        return (
            Set(file, path, "accepted_by", None, by),
            Set(file, path, "accepted_on", None, on),
            Set(file, path, "evidence", None, evidence),
        )

    steps = [
        Step(at(10, 19, 9, 40), "raj", "ducu", (Set(hm, ("milestones", dev), "status", "todo", "doing"),)),
        Step(
            at(10, 22, 17, 35), "raj", "ducu", done(acme, ("tasks", "roles-permissions-c7wd"), "doing", d(2026, 10, 22))
        ),
        Step(
            at(10, 26, 11, 5),
            "raj",
            "ducu",
            (Set(hm, ("goals", "shouping-xingneng-2kbd"), "current", 3200, 2400),),
            reason=s("first build of the home page on the 20 test phones"),
        ),
        Step(
            at(10, 29, 18, 2),
            "raj",
            "hand",
            done(acme, ("milestones", "crm-config-h8rw"), "doing", d(2026, 10, 29)),
            subject="crm-config done: Dana's team walked a deal through the sandbox",
        ),
        Step(at(10, 29, 19, 20), "hannah", "ducu", (Add(acme, ("log", "sandbox-demo-3r8t")),)),
        Step(
            at(10, 30, 10, 15),
            "raj",
            "ducu",
            accepted(
                acme,
                ("milestones", "crm-config-h8rw"),
                "dgreen",
                d(2026, 10, 30),
                "https://mail.acme-logistics.example/msg/sandbox-walkthrough-ok",
            ),
        ),
        Step(at(11, 2, 9, 15), "raj", "ducu", (Set(acme, email, "status", "todo", "doing"),)),
        Step(
            at(11, 3, 14, 0),
            "raj",
            "ducu",
            (Set(hm, ("milestones", dev), "due", d(2026, 12, 18), d(2026, 12, 25)),),
            reason="华美 IT sent the member API spec two weeks late",
        ),
        Step(
            at(11, 5, 16, 40),
            "hannah",
            "hand",
            done(intra, ("milestones", "content-migration-b8qz"), "doing", d(2026, 11, 5)),
            subject="Intranet: policies and rotas migrated, clinic managers checked their pages",
        ),
        Step(at(11, 6, 17, 30), "raj", "ducu", done(acme, ("tasks", "field-mapping-q3za"), "doing", d(2026, 11, 6))),
        Step(
            at(11, 9, 10, 5),
            "raj",
            "ducu",
            (Set(acme, email, "due", d(2026, 12, 4), d(2026, 12, 11)),),
            reason="Acme IT has not granted the Microsoft Graph admin consent yet",
        ),
        Step(at(11, 9, 10, 20), "raj", "ducu", (Set(hm, ("tasks", "zhuce-denglu-a7wf"), "status", "todo", "doing"),)),
        Step(
            at(11, 10, 11, 0),
            "mei",
            "ducu",
            (Set(hm, ("risks", "chunjie-chuangkou-9vkd"), "last_drill", d(2026, 10, 10), d(2026, 11, 10)),),
        ),
        Step(
            at(11, 12, 14, 25),
            "raj",
            "ducu",
            (Set(hm, ("risks", "weixin-bohui-3mha", "steps", "1"), "done", False, True),),
        ),
        Step(
            at(11, 13, 15, 20), "raj", "ducu", done(acme, ("tasks", "graph-consent-m8vf"), "waiting", d(2026, 11, 13))
        ),
        Step(at(11, 13, 16, 5), "mei", "ducu", (Add(hm, ("log", "sheji-fankui-6pwx")),)),
        Step(
            at(11, 16, 9, 20),
            "raj",
            "ducu",
            (Set(acme, email, "due", d(2026, 12, 11), d(2026, 12, 4)),),
            reason=s("Graph consent arrived on 2026-11-13; back on plan"),
        ),
        Step(at(11, 16, 9, 25), "raj", "ducu", (Set(acme, outlook, "status", "todo", "doing"),)),
        Step(
            at(11, 16, 9, 30), "raj", "ducu", (Set(acme, ("tasks", "import-script-x2m1"), "status", "todo", "doing"),)
        ),
        Step(
            at(11, 16, 11, 45),
            "raj",
            "ducu",
            (Set(hm, ("goals", "shouping-xingneng-2kbd"), "current", 2400, 1900),),
            reason="image lazy loading and a smaller font subset",
        ),
        Step(
            at(11, 16, 18, 10),
            "hannah",
            "hand",
            done(intra, ("milestones", "staff-launch-j2rx"), "doing", d(2026, 11, 16)),
            subject="Intranet is live for all staff",
        ),
        Step(
            at(11, 16, 17, 20),
            "raj",
            "ducu",
            (Set(hm, ("milestones", dev), "due", d(2026, 12, 25), d(2026, 12, 18)),),
            reason="Tomás joined the front end; back on the signed date",
        ),
        Step(
            at(11, 17, 9, 0),
            "hannah",
            "ducu",
            (Set(intra, ("milestones", "handover-signoff-9gtv"), "status", "todo", "doing"),),
        ),
        Step(
            at(11, 17, 9, 10),
            "hannah",
            "ducu",
            (Set(intra, ("goals", "staff-weekly-use-5xkp"), "current", 35, 118),),
            reason="first week after the launch",
        ),
        Step(
            at(11, 17, 10, 30),
            "hannah",
            "ducu",
            (Set(acme, ("tasks", "dedupe-rules-j5sp"), "status", "todo", "doing"),),
        ),
        Step(at(11, 18, 14, 10), "hannah", "ducu", (Add(acme, ("log", "ben-leave-6ywa")),)),
        Step(
            at(11, 18, 14, 30),
            "hannah",
            "hand",
            (
                Set(acme, ("risks", "export-owner-away-r5tb"), "status", "watching", "triggered"),
                Set(acme, ("risks", "export-owner-away-r5tb"), "triggered_on", None, d(2026, 11, 18)),
            ),
            subject="Acme: our DBA risk is real, Ben is out until December",
        ),
        Step(
            at(11, 18, 15, 5),
            "hannah",
            "ducu",
            (Add(acme, ("changes", "export-slip-w8d1")),),
            reason=s("Ben Kim is on medical leave 2026-11-19 to 2026-12-01 and nobody else at Acme can run the export"),
        ),
        Step(at(11, 19, 10, 0), "mei", "ducu", (Add(hm, ("log", "renzheng-tixing-2bcz")),)),
        Step(
            at(11, 19, 17, 45),
            "hannah",
            "hand",
            (
                *done(portal, ("milestones", "prototype-approved-k5hx"), "doing", d(2026, 11, 19)),
                Add(portal, ("log", "prototype-feedback-9amc")),
            ),
            subject="Greenleaf portal: Priya approved the prototype a day early",
        ),
        Step(
            at(11, 20, 9, 30),
            "hannah",
            "ducu",
            accepted(
                portal,
                ("milestones", "prototype-approved-k5hx"),
                "priya",
                d(2026, 11, 20),
                "https://greenleaf.example/portal/prototype-approval-email.pdf",
            ),
        ),
        Step(
            at(11, 20, 10, 40),
            "hannah",
            "approve",
            (
                Set(acme, ("changes", "export-slip-w8d1"), "status", "proposed", "approved"),
                Set(acme, ("changes", "export-slip-w8d1"), "decided_by", None, "hannah", drop_comment=True),
                Set(acme, ("changes", "export-slip-w8d1"), "decided_on", None, d(2026, 11, 20)),
                Set(
                    acme, ("milestones", "data-export-k3f9"), "due", d(2026, 12, 4), d(2026, 12, 11), drop_comment=True
                ),
            ),
        ),
        Step(
            at(11, 20, 11, 15),
            "hannah",
            "review",
            (
                AddFile(rev_acme),
                Set(acme, ("tasks", "import-script-x2m1"), "owner", "raj", "tomas", drop_comment=True),
                Set(acme, ("risks", "export-owner-away-r5tb", "steps", "1"), "done", False, True),
                Add(acme, ("tasks", "readonly-account-w3nr")),
                Add(acme, ("log", "review-decision-n2qd")),
                Add(acme, ("log", "slip-feedback-8kcm")),
            ),
            subject=s("Review acme-crm 2026-11-20: 1 moved, 1 reassigned, 1 action, 2 noted, 1 skipped"),
        ),
        Step(
            at(11, 23, 9, 10),
            "raj",
            "ducu",
            (Set(acme, ("tasks", "readonly-account-w3nr"), "status", "todo", "waiting"),),
            reason="asked Dana for the account, waiting on Acme IT",
        ),
        Step(at(11, 23, 9, 20), "raj", "ducu", (Add(acme, ("log", "readonly-request-5hfa")),)),
        Step(
            at(11, 23, 10, 0), "hannah", "ducu", (Set(intra, ("goals", "staff-weekly-use-5xkp"), "current", 118, 162),)
        ),
        Step(
            at(11, 24, 9, 45),
            "raj",
            "ducu",
            (Set(acme, email, "due", d(2026, 12, 4), d(2026, 12, 18)),),
            reason="calendar sync of recurring meetings needs a second pass",
        ),
        Step(
            at(11, 24, 9, 50),
            "raj",
            "ducu",
            (
                Set(acme, outlook, "due", d(2026, 12, 2), d(2026, 12, 16)),
                Set(
                    acme,
                    outlook,
                    "notes",
                    None,
                    "Calendar sync of recurring meetings needs a second pass; estimate was too low.",
                ),
            ),
            reason="the estimate was too low",
        ),
        Step(
            at(11, 24, 12, 30),
            "mei",
            "review",
            (
                AddFile(rev_hm),
                Add(hm, ("tasks", "fenpi-daochu-b2kt")),
                Set(
                    hm,
                    ("milestones", mig),
                    "notes",
                    None,
                    "李娜：门店系统年终盘点占用人手。先给 3 家试点门店的数据（见 fenpi-daochu-b2kt）。",
                ),
                Set(
                    hm,
                    ("milestones", "weixin-renzheng-4npz"),
                    "notes",
                    None,
                    s("2026-11-24 例会上王伟说法务在盖章，本周内提交。之后没有再跟进。"),
                ),
                Add(hm, ("log", "zhouli-hui-7gqa")),
            ),
            subject=s("Review huamei-miniapp 2026-11-24: 1 action, 4 noted"),
        ),
        Step(
            at(11, 24, 18, 0),
            "hannah",
            "ducu",
            (
                Set(
                    acme,
                    ("tasks", "dedupe-rules-j5sp"),
                    "notes",
                    None,
                    "Half done: company matching agreed, person matching still open.",
                ),
            ),
        ),
        Step(
            at(11, 25, 10, 20),
            "mei",
            "ducu",
            (Add(hm, ("changes", "shuju-yanqi-5tgm")),),
            reason="信息部在做年终盘点，李娜团队人手不足；先交 3 家试点门店的数据",
        ),
        Step(at(11, 25, 10, 25), "mei", "ducu", (Add(hm, ("log", "yanqi-shenqing-f5nd")),)),
        Step(
            at(11, 25, 16, 50),
            "raj",
            "ducu",
            (
                Set(hm, ("tasks", "daoru-jiaoben-x8nh"), "status", "todo", "blocked"),
                Set(hm, ("tasks", "daoru-jiaoben-x8nh"), "notes", None, "脚本写好了，等真实数据做校验。"),
            ),
            reason="门店数据还没到",
        ),
        Step(at(11, 25, 17, 5), "mei", "ducu", (Add(hm, ("log", "shuju-cuiban-k8tr")),)),
        Step(
            at(11, 25, 18, 30),
            "hannah",
            "hand",
            (Note(acme, email, "due"), Note(acme, email, "baseline_due")),
            subject="acme-crm: note that the Outlook sync moved without a change request",
        ),
        Step(at(11, 26, 15, 10), "hannah", "ducu", (Add(acme, ("log", "status-call-z7pe")),)),
        Step(at(11, 26, 16, 30), "mei", "ducu", (Add(hm, ("log", "shuju-cuiban-q2wj")),)),
        Step(at(11, 26, 17, 40), "hannah", "ducu", (Add(acme, ("log", "cto-hard-to-reach-4vqx")),)),  # internal
    ]
    return steps


def first_commit_time(days: int = 0) -> dt.datetime:
    """When the first commit (the plans as signed) was made: six weeks before the sample's today, moved by ``days``."""
    start = SAMPLE_TODAY - dt.timedelta(weeks=WEEKS)
    return dt.datetime(start.year, start.month, start.day, 9, 5, tzinfo=SHANGHAI) + dt.timedelta(days=days)
