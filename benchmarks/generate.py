"""Write a large synthetic ducu workspace, for benchmarks.

    python benchmarks/generate.py OUT_DIR [--projects 500] [--items 40] [--seed 1] [--check]

The default is 500 projects x 40 items = 20,000 milestones and tasks, ~60
people (our team plus one or two contacts per client) and 50 clients. The
data is plausible rather than clean: some items are overdue or waiting on
the client, so the lint rules have something to say; but every file loads
with zero loader findings (``--check`` verifies that).

The same seed always gives byte-identical files. TOML is written with plain
string formatting (tomlkit would take longer than the load being measured).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from workspace_schema.core.ids import ALPHABET, SUFFIX_LEN, slugify  # noqa: E402

TODAY = dt.date(2026, 11, 27)
TEAM_ORG = "ducu-team"
CHINESE_SHARE = 0.10

# --- TOML text ----------------------------------------------------------------

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def toml_str(value: str) -> str:
    """``value`` as a TOML basic string: backslash, quote and control characters escaped."""
    out = []
    for ch in value:
        esc = _ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ch < " " or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)  # any other code point, astral ones too, is allowed as is
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    """A bare key when it can be one, else a quoted key."""
    return key if key and all(c in _BARE for c in key) else toml_str(key)


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(toml_str(v) for v in values) + "]"


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return toml_str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def table(out: list[str], path: tuple[str, ...], fields: dict[str, object]) -> None:
    """Append ``[a.b.c]`` and one ``key = value`` line per field (None is left out)."""
    out.append("")
    out.append("[" + ".".join(toml_key(p) for p in path) + "]")
    for key, value in fields.items():
        if value is not None:
            out.append(f"{toml_key(key)} = {toml_value(value)}")


# --- words ----------------------------------------------------------------------

FIRST = [
    "alice",
    "bob",
    "carol",
    "dave",
    "erin",
    "frank",
    "grace",
    "heidi",
    "ivan",
    "judy",
    "mallory",
    "niaj",
    "olivia",
    "peggy",
    "rupert",
    "sybil",
    "trent",
    "victor",
    "walter",
    "wendy",
    "li",
    "wang",
    "zhang",
    "chen",
    "yang",
    "zhao",
    "huang",
    "zhou",
    "wu",
    "xu",
]
LAST = [
    "smith",
    "jones",
    "garcia",
    "miller",
    "davis",
    "lopez",
    "wilson",
    "moore",
    "taylor",
    "clark",
    "lewis",
    "walker",
    "hall",
    "young",
    "king",
    "wright",
    "scott",
    "green",
    "baker",
    "adams",
]
ZH_NAMES = ["李娜", "王伟", "张敏", "陈静", "杨洋", "赵磊", "黄丽", "周杰", "吴芳", "徐强"]
COMPANIES = [
    "acme",
    "globex",
    "initech",
    "umbrella",
    "hooli",
    "stark",
    "wayne",
    "wonka",
    "tyrell",
    "cyberdyne",
    "soylent",
    "aperture",
    "vandelay",
    "oscorp",
    "massive",
    "gringotts",
    "monarch",
    "duff",
    "krusty",
    "pied-piper",
    "dunder",
    "sterling",
    "prestige",
    "nakatomi",
    "weyland",
    "zorg",
    "virtucon",
    "octan",
    "sirius",
    "paper-street",
]
ZH_COMPANIES = ["华远科技", "东方物流", "长江银行", "金桥零售", "天和医疗", "星河教育"]
KINDS = [
    "CRM rollout",
    "ERP migration",
    "Data platform",
    "Mobile app",
    "Billing revamp",
    "Portal redesign",
    "Warehouse automation",
    "Cloud move",
    "Analytics dashboard",
    "Support desk",
]
ZH_KINDS = ["客户关系系统上线", "数据平台迁移", "移动应用开发", "计费系统改造", "门户网站重构"]
VERBS = [
    "Deliver",
    "Review",
    "Sign off",
    "Export",
    "Import",
    "Configure",
    "Test",
    "Migrate",
    "Train users on",
    "Document",
    "Deploy",
    "Validate",
    "Agree scope of",
    "Prepare",
    "Integrate",
]
THINGS = [
    "legacy data export",
    "user accounts",
    "pricing rules",
    "invoice templates",
    "SSO settings",
    "reporting views",
    "acceptance tests",
    "go-live checklist",
    "data mapping",
    "API credentials",
    "firewall rules",
    "training plan",
    "cut-over runbook",
    "test environment",
    "master data",
]
ZH_TITLES = [
    "客户交付旧系统数据导出",
    "完成用户账户迁移",
    "确认价格规则",
    "验收测试签字",
    "配置单点登录",
    "准备上线检查清单",
    "培训最终用户",
    "提供接口凭证",
    "数据映射评审",
    "切换方案演练",
]
RISKS = [
    "Client change freeze over the holidays",
    "Key client engineer leaves",
    "Legacy data quality is poor",
    "Vendor API rate limits",
    "Budget approval delayed",
    "Sponsor changes role",
]
ZH_RISKS = ["节假日期间客户系统冻结", "客户关键人员离职", "旧数据质量差", "预算审批延迟"]
GOALS = [
    ("contacts migrated", "contacts"),
    ("invoices sent from the new system", "invoices"),
    ("users trained", "users"),
    ("reports automated", "reports"),
    ("tickets closed in SLA", "%"),
]
ZH_GOALS = [("迁移联系人", "个"), ("培训用户", "人"), ("自动化报表", "份")]
SUMMARIES = [
    "Reminded about the due date; confirmed",
    "Weekly check-in call",
    "Sent the progress report",
    "Client asked for a demo",
    "Escalated the missing export to the sponsor",
    "Agreed next steps",
]
ZH_SUMMARIES = ["提醒截止日期，对方已确认", "每周例会", "发送进度报告"]


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def suffix(self) -> str:
        return "".join(self.rng.choice(ALPHABET) for _ in range(SUFFIX_LEN))

    def new_id(self, title: str, taken: set[str]) -> str:
        slug = slugify(title) or "item"
        while True:
            candidate = f"{slug}-{self.suffix()}"
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    def zh(self) -> bool:
        return self.rng.random() < CHINESE_SHARE

    def day(self, around: dt.date, spread: int) -> dt.date:
        return around + dt.timedelta(days=self.rng.randint(-spread, spread))


# --- files ------------------------------------------------------------------------


def workspace_toml(name: str, holidays: list[dt.date], max_accountable: int) -> str:
    out = ["# Synthetic workspace written by benchmarks/generate.py"]
    table(
        out,
        ("workspace",),
        {
            "name": name,
            "schema": 1,
            "timezone": "Europe/Berlin",
            "team": TEAM_ORG,
            "check_in_every": 7,
            "review_every": 7,
            "nudge_every": 3,
            "max_accountable": max_accountable,
            "holidays": holidays,
        },
    )
    for sid, after, action, who in [
        ("remind", 0, "Friendly reminder to the owner", "owner"),
        ("lead", 3, "Our lead calls the client contact", "lead"),
        ("sponsor", 7, "Escalate to the client sponsor", "sponsor"),
    ]:
        table(out, ("escalation", sid), {"after_days": after, "action": action, "who": who})
    return "\n".join(out) + "\n"


def people_toml(people: dict[str, dict]) -> str:
    out = ["# People: our team and the client contacts"]
    for handle, fields in people.items():
        table(out, ("people", handle), fields)
    return "\n".join(out) + "\n"


def clients_toml(clients: dict[str, dict]) -> str:
    out = ["# Clients"]
    for cid, fields in clients.items():
        table(out, ("clients", cid), fields)
    return "\n".join(out) + "\n"


def project_toml(
    g: Gen, pid: str, kind: int, client_id: str, client: dict, team: list[str], contacts: list[str], items: int
) -> str:
    rng = g.rng
    zh_client = client["language"] == "zh"
    lead = rng.choice(team)
    start = g.day(TODAY - dt.timedelta(days=60), 45)
    due = start + dt.timedelta(days=rng.randint(150, 300))
    if g.zh() or (zh_client and rng.random() < 0.5):
        title = f"{client['name']}{ZH_KINDS[kind % len(ZH_KINDS)]}"
    else:
        title = f"{KINDS[kind]} for {client['name']}"
    status = rng.choices(["active", "planned", "on_hold", "done"], [80, 8, 7, 5])[0]
    out = [f"# {pid}"]
    table(
        out,
        ("project",),
        {
            "title": title,
            "client": client_id,
            "owner": lead,
            "status": status,
            "start": start,
            "due": due,
            "check_in_every": rng.choice([7, 7, 14]),
        },
    )

    taken: set[str] = set()
    n_milestones = max(1, round(items * 0.25))
    milestones: list[tuple[str, dt.date, str]] = []  # (id, due, status)
    item_ids: list[str] = []
    span = (due - start).days
    ms_blocks: list[list[str]] = []
    task_blocks: list[list[str]] = []

    earlier: list[tuple[str, dt.date]] = []  # (id, due) of items written so far
    late_client: list[str] = []  # open client-side items past due: the nudge log entry is about them
    for i in range(items):
        is_ms = i < n_milestones
        zh = g.zh()
        t = rng.choice(ZH_TITLES) if zh else f"{rng.choice(VERBS)} {rng.choice(THINGS)}"
        iid = g.new_id(t, taken)
        side = rng.choices(["team", "client", "joint"], [55, 30, 15])[0]
        owner = rng.choice(contacts) if side == "client" else rng.choice(team)
        if is_ms:
            i_due = start + dt.timedelta(days=rng.randint(14, max(15, span - 14)))  # inside the project
            i_start = i_due - dt.timedelta(days=rng.randint(7, 45))
            ms_id = None
        else:  # a task ends a few days before its milestone is due
            ms_id, ms_due, _ = rng.choice(milestones)
            i_due = ms_due - dt.timedelta(days=rng.randint(0, 10))
            i_start = i_due - dt.timedelta(days=rng.randint(2, 30))
        if i_due < TODAY - dt.timedelta(days=10):
            i_status = rng.choices(["done", "doing", "waiting", "blocked", "dropped"], [92, 2, 2, 1, 3])[0]
        elif i_start <= TODAY:
            i_status = rng.choices(["doing", "waiting", "todo", "blocked", "done"], [40, 20, 20, 5, 15])[0]
        else:
            i_status = rng.choices(["todo", "doing"], [90, 10])[0]
        done_on = None
        if i_status == "done":
            done_on = max(i_start, min(i_due + dt.timedelta(days=rng.randint(-5, 5)), TODAY))
        deps: list[str] = []
        if rng.random() < 0.3:  # only on items due before this one starts: no cycles, no impossible dates
            ready = [e for e, d in earlier if d <= i_start]
            if ready:
                deps = rng.sample(ready, k=min(len(ready), rng.choice([1, 1, 2])))
        block: list[str] = []
        if is_ms:
            slip = (
                7 if rng.random() < 0.04 and i_due + dt.timedelta(days=7) <= due else 0
            )  # a few slipped without a change
            table(
                block,
                ("milestones", iid),
                {
                    "title": t,
                    "side": side,
                    "owner": owner,
                    "status": i_status,
                    "start": i_start,
                    "due": i_due + dt.timedelta(days=slip),
                    "baseline_due": i_due,
                    "done_on": done_on,
                    "done_criteria": "验收通过并签字" if zh else f"{t} accepted in writing by the client",
                    "depends_on": deps,
                    "incentive": "Go-live support hours doubled if delivered by the baseline"
                    if rng.random() < 0.2
                    else None,
                },
            )
            # one letter per person and row (only the accountable one may also be responsible)
            accountable = rng.choice(contacts) if side == "client" else lead
            used = {owner, accountable}
            consulted = [rng.choice([p for p in team if p not in used])]
            spare = [c for c in contacts if c not in used]
            if side != "team" and spare:
                consulted.append(spare.pop(rng.randrange(len(spare))))
            used.update(consulted)
            informed = spare[:1] or [rng.choice([p for p in team if p not in used])]
            table(
                block,
                ("milestones", iid, "raci"),
                {
                    "responsible": [owner],
                    "accountable": accountable,
                    "consulted": consulted,
                    "informed": informed,
                },
            )
            i_due = i_due + dt.timedelta(days=slip)
            milestones.append((iid, i_due, i_status))
            ms_blocks.append(block)
        else:
            table(
                block,
                ("tasks", iid),
                {
                    "title": t,
                    "milestone": ms_id,
                    "side": side,
                    "owner": owner,
                    "status": i_status,
                    "start": i_start,
                    "due": i_due,
                    "done_on": done_on,
                    "depends_on": deps,
                    "notes": "需要客户确认"
                    if zh and rng.random() < 0.3
                    else ("Check with the client first" if rng.random() < 0.1 else None),
                },
            )
            task_blocks.append(block)
        item_ids.append(iid)
        earlier.append((iid, i_due))
        if side != "team" and i_status in ("todo", "doing", "waiting", "blocked") and i_due < TODAY:
            late_client.append(iid)

    # goals
    for _ in range(2):
        zh = g.zh()
        metric, unit = rng.choice(ZH_GOALS) if zh else rng.choice(GOALS)
        gtitle = f"全部{metric}" if zh else f"All {metric}"
        gid = g.new_id(gtitle, taken)
        target = rng.choice([100, 500, 1000, 12000])
        delivering = rng.sample(milestones, k=min(2, len(milestones)))
        table(
            out,
            ("goals", gid),
            {
                "title": gtitle,
                "metric": metric,
                "unit": unit,
                "start_value": 0,
                "target": target,
                "current": rng.randint(0, target),
                "due": max(m[1] for m in delivering) + dt.timedelta(days=rng.randint(0, 14)),
                "owner": lead,
                "milestones": [m[0] for m in delivering],
            },
        )
    for block in ms_blocks:
        out.extend(block)
    for block in task_blocks:
        out.extend(block)

    # risks, each with two steps
    for _ in range(2):
        zh = g.zh()
        rtitle = rng.choice(ZH_RISKS) if zh else rng.choice(RISKS)
        rid = g.new_id(rtitle, taken)
        rstatus = rng.choices(["watching", "triggered", "closed"], [75, 15, 10])[0]
        table(
            out,
            ("risks", rid),
            {
                "title": rtitle,
                "probability": rng.randint(1, 5),
                "impact": rng.randint(1, 5),
                "owner": lead,
                "trigger": f"No progress by {(TODAY + dt.timedelta(days=rng.randint(-10, 40))).isoformat()}",
                "response": rng.choice(["avoid", "mitigate", "transfer", "accept"]),
                "status": rstatus,
                "triggered_on": TODAY - dt.timedelta(days=rng.randint(0, 20)) if rstatus == "triggered" else None,
                "drill_every": 90,
                "last_drill": TODAY - dt.timedelta(days=rng.randint(5, 95)),
            },
        )
        for n in (1, 2):
            table(
                out,
                ("risks", rid, "steps", str(n)),
                {
                    "text": "致电客户负责人协商例外窗口"
                    if zh
                    else "Call the client sponsor and agree an exception window"
                    if n == 1
                    else "Move the cut-over one week",
                    "owner": rng.choice(team),
                    "done": rng.random() < 0.3,
                },
            )

    # one change request that moves a milestone
    ms_id, ms_due, _ = rng.choice(milestones)  # ms_due: the due date as written (after any slip)
    requested = TODAY - dt.timedelta(days=rng.randint(1, 30))
    cstatus = rng.choice(["proposed", "approved", "rejected"])
    cid = g.new_id(f"cr {requested.isoformat()}", taken)
    table(
        out,
        ("changes", cid),
        {
            "summary": "导出延期一周：客户DBA休假" if g.zh() else "Export slips one week: client DBA on leave",
            "requested_by": rng.choice(contacts),
            "requested_on": requested,
            "reason": "Staff on leave",
            "status": cstatus,
            "decided_by": lead if cstatus != "proposed" else None,
            "decided_on": requested + dt.timedelta(days=1) if cstatus != "proposed" else None,
            # an approved change has already moved the milestone; a pending one would move it a week
            "moves": {ms_id: ms_due if cstatus == "approved" else ms_due + dt.timedelta(days=7)},
        },
    )

    # three log entries
    for n in range(3):  # the first is the latest check-in, the others nudges and notes
        on = TODAY - dt.timedelta(
            days=rng.randint(0, 6) if n == 0 else rng.randint(0, 2) if n == 1 else rng.randint(0, 40)
        )
        lid = g.new_id(on.isoformat(), taken)
        kind = "check-in" if n == 0 else "nudge" if n == 1 else rng.choice(["update", "feedback", "note"])
        about = (late_client[:8] or [rng.choice(item_ids)]) if n == 1 else [rng.choice(item_ids)]
        table(
            out,
            ("log", lid),
            {
                "on": on,
                "by": lead,
                "with": [rng.choice(contacts)],
                "channel": rng.choice(["email", "call", "meeting", "chat"]),
                "kind": kind,
                "items": about,
                "summary": rng.choice(ZH_SUMMARIES) if g.zh() else rng.choice(SUMMARIES),
                "score": rng.randint(3, 5) if kind == "feedback" else None,
            },
        )
    return "\n".join(out) + "\n"


def generate(out_dir: str | Path, projects: int = 500, items: int = 40, seed: int = 1) -> Path:
    """Write a synthetic workspace into ``out_dir`` (created if needed) and return its path.

    Existing project files in ``out_dir/projects`` are removed first so the
    result holds exactly ``projects`` projects.
    """
    g = Gen(seed)
    rng = g.rng
    root = Path(out_dir)
    (root / "projects").mkdir(parents=True, exist_ok=True)
    for old in (root / "projects").glob("*.toml"):
        old.unlink()

    # people: our team, and one or two contacts per client
    n_clients = 50
    handles: set[str] = set()

    def handle() -> tuple[str, str]:
        while True:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            h = f"{first}-{last}"
            if h not in handles:
                handles.add(h)
                return h, f"{first.title()} {last.title()}"

    people: dict[str, dict] = {}
    team: list[str] = []
    for i in range(10):
        h, name = handle()
        people[h] = {
            "name": name,
            "emails": [f"{h}@ducu.example"],
            "org": TEAM_ORG,
            "role": "delivery lead" if i < 3 else "engineer",
        }
        team.append(h)

    clients: dict[str, dict] = {}
    contacts: dict[str, list[str]] = {}
    client_ids: set[str] = set()
    names: set[str] = set()
    for i in range(n_clients):
        zh = i % 8 == 5
        while True:  # unique client names: "Acme", "Acme Group", ...
            cname = rng.choice(ZH_COMPANIES) if zh else rng.choice(COMPANIES).replace("-", " ").title()
            cname += (
                rng.choice(["", "", "集团", "股份"]) if zh else rng.choice(["", "", " Group", " Labs", " GmbH", " Inc"])
            )
            if cname not in names:
                names.add(cname)
                break
        cid = g.new_id(cname, client_ids)
        contacts[cid] = []
        for k in range(2 if i < 2 else 1):  # 10 + 52 = 62 people in all
            h, name = handle()
            people[h] = {
                "name": rng.choice(ZH_NAMES) if zh else name,
                "emails": [f"{h}@{cid}.example"],
                "org": cid,
                "role": "sponsor" if k == 0 else "IT lead",
                "language": "zh" if zh else None,
            }
            contacts[cid].append(h)
        clients[cid] = {
            "name": cname,
            "sponsor": contacts[cid][0],
            "contact_every": rng.choice([7, 14]),
            "language": "zh" if zh else "en",
        }

    # one person may be accountable for this many open items before a finding
    open_share = 0.5
    max_accountable = max(8, round(projects * items * open_share / len(team) * 1.5))
    holidays = [dt.date(2026, 12, 24), dt.date(2026, 12, 25), dt.date(2026, 12, 31), dt.date(2027, 1, 1)]
    (root / "workspace.toml").write_text(
        workspace_toml("Synthetic benchmark workspace", holidays, max_accountable), encoding="utf-8"
    )
    (root / "people.toml").write_text(people_toml(people), encoding="utf-8")
    (root / "clients.toml").write_text(clients_toml(clients), encoding="utf-8")

    project_ids: set[str] = set()
    client_list = list(clients)
    for _ in range(projects):
        cid = rng.choice(client_list)
        kind = rng.randrange(len(KINDS))
        pid = g.new_id(f"{cid.rsplit('-', 1)[0]} {KINDS[kind]}", project_ids)
        text = project_toml(g, pid, kind, cid, clients[cid], team, contacts[cid], items)
        (root / "projects" / f"{pid}.toml").write_text(text, encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a synthetic ducu workspace for benchmarks.")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--projects", type=int, default=500)
    ap.add_argument("--items", type=int, default=40, help="milestones + tasks per project (~25%% milestones)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--check", action="store_true", help="load the result and fail on any loader finding")
    args = ap.parse_args(argv)
    if args.projects < 1 or args.items < 1:
        ap.error("--projects and --items must be at least 1")
    root = generate(args.out_dir, args.projects, args.items, args.seed)
    print(f"wrote {args.projects} projects x {args.items} items = {args.projects * args.items} items to {root}")
    if args.check:
        from workspace_schema.load.loader import load_workspace

        _, findings = load_workspace(root)
        for f in findings[:20]:
            print(f.text(), file=sys.stderr)
        if findings:
            print(f"{len(findings)} loader findings; expected none", file=sys.stderr)
            return 1
        print("loads with 0 loader findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
