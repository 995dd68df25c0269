"""The lint rules: for every code, a workspace that triggers it and one that does not.

Fixtures are small TOML texts written to tmp_path and read with the real
loader, so lines are checked against the file as a person would see it.
"""

from __future__ import annotations

import datetime as dt
import json
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers.workspace import SAMPLE
from workspace_schema.core.findings import sort_key
from workspace_schema.core.records import Milestone, Project, Task
from workspace_schema.load.loader import load_workspace
from workspace_schema.rules import RULES, Rule, check
from workspace_schema.rules.links import find_cycles

TODAY = dt.date(2026, 11, 27)
PID = "crm"
PFILE = "projects/crm.toml"

# The codes and levels other code relies on (the brief of the rules).
LEVELS = {
    "WS002": "error",
    "WS003": "error",
    "REF001": "error",
    "REF002": "error",
    "REF003": "error",
    "REF004": "error",
    "REF005": "error",
    "REF006": "error",
    "REF007": "error",
    "REF008": "warning",
    "REF009": "error",
    "RACI001": "error",
    "RACI002": "warning",
    "RACI003": "error",
    "RACI004": "warning",
    "RACI005": "warning",
    "GOAL001": "warning",
    "GOAL002": "warning",
    "GOAL003": "warning",
    "SCH001": "error",
    "SCH002": "warning",
    "SCH003": "warning",
    "SCH004": "warning",
    "SCH005": "warning",
    "BASE001": "warning",
    "MS001": "error",
    "ACC001": "warning",
    "RISK001": "warning",
    "RISK002": "warning",
    "RISK003": "warning",
    "RISK004": "warning",
    "CAD001": "warning",
    "CAD002": "warning",
    "IMP001": "warning",
    "IMP002": "error",
    "IMP003": "warning",
    "LES001": "info",
    "SUP001": "warning",
    "SUP002": "warning",
    "SUP003": "warning",
    "SUP004": "error",
    "FUP001": "warning",
    "INC001": "warning",
    "INC002": "info",
    "CON001": "warning",
    "SUR001": "warning",
    "SUR002": "warning",
    "SUR003": "error",
    "SUR004": "error",
}

# --- building fixtures -------------------------------------------------------

PEOPLE = {"alice": "us", "dave": "us", "bob": "acme", "carol": "acme"}
CLIENTS = '[clients.acme]\nname = "Acme"\nsponsor = "carol"\n'


def value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dt.date, int, float)):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {value(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


def table(header: str, **fields) -> str:
    """A TOML table; fields set to None are left out, ``with_`` is written ``with``."""
    body = "".join(f"{k.rstrip('_')} = {value(v)}\n" for k, v in fields.items() if v is not None)
    return f"\n[{header}]\n{body}"


def workspace(**fields) -> str:
    return table("workspace", **{"name": "Test", "timezone": "Europe/Berlin", "team": "us", **fields}).lstrip()


def people(mapping: dict[str, str] = PEOPLE) -> str:
    return "".join(table(f"people.{h}", name=h.title(), org=org) for h, org in mapping.items()).lstrip()


RACI = {"responsible": ["alice"], "accountable": "alice"}


def milestone(mid: str = "m1", raci: dict | None = RACI, **fields) -> str:
    base = {
        "title": "Export",
        "side": "team",
        "owner": "alice",
        "status": "doing",
        "start": dt.date(2026, 11, 20),
        "due": dt.date(2026, 12, 11),
    }
    text = table(f"milestones.{mid}", **{**base, **fields})
    return text + (table(f"milestones.{mid}.raci", **raci) if raci is not None else "")


def task(tid: str = "t1", raci: dict | None = None, **fields) -> str:
    base = {
        "title": "Import script",
        "milestone": "m1",
        "owner": "alice",
        "status": "todo",
        "start": dt.date(2026, 11, 23),
        "due": dt.date(2026, 12, 9),
    }
    text = table(f"tasks.{tid}", **{**base, **fields})
    return text + (table(f"tasks.{tid}.raci", **raci) if raci is not None else "")


def goal(gid: str = "g1", **fields) -> str:
    base = {
        "title": "Contacts migrated",
        "metric": "contacts migrated",
        "unit": "contacts",
        "start_value": 0,
        "target": 12000,
        "due": dt.date(2027, 1, 15),
        "owner": "alice",
        "milestones": ["m1"],
    }
    return table(f"goals.{gid}", **{**base, **fields})


def risk(rid: str = "r1", steps: dict[str, dict] | None = None, **fields) -> str:
    base = {
        "title": "Holiday freeze",
        "probability": 4,
        "impact": 4,
        "owner": "alice",
        "trigger": "No export by 12-11",
        "status": "watching",
    }
    if steps is None:
        steps = {"1": {"text": "Call the sponsor", "owner": "alice"}}
    text = table(f"risks.{rid}", **{**base, **fields})
    return text + "".join(table(f"risks.{rid}.steps.{sid}", **s) for sid, s in steps.items())


def log(lid: str, **fields) -> str:
    return table(f"log.{lid}", **{"on": dt.date(2026, 11, 25), "by": "alice", "kind": "check-in", **fields})


CHECK_IN = log("checkin-1")


def project(*parts: str, checkin: bool = True, **header) -> str:
    base = {
        "title": "CRM rollout",
        "client": "acme",
        "owner": "alice",
        "status": "active",
        "start": dt.date(2026, 11, 1),
        "due": dt.date(2027, 3, 31),
    }
    text = table("project", **{**base, **header}).lstrip()
    return text + "".join(parts) + (CHECK_IN if checkin else "")


def review(project_id: str = PID, **fields) -> str:
    return table(
        "review", **{"project": project_id, "held_on": dt.date(2026, 11, 20), "attendees": ["alice"], **fields}
    ).lstrip()


def make_ws(
    tmp_path: Path,
    project_toml: str | None = None,
    *,
    people_toml: str | None = None,
    clients: str = CLIENTS,
    workspace_toml: str | None = None,
    reviews: dict[str, str] | None = None,
    projects: dict[str, str] | None = None,
):
    """Write a workspace (one project, crm, by default) and load it; the fixture itself must load cleanly."""
    files = {
        "workspace.toml": workspace_toml if workspace_toml is not None else workspace(),
        "people.toml": people_toml if people_toml is not None else people(),
        "clients.toml": clients,
    }
    all_projects = {PID: project_toml if project_toml is not None else project(milestone()), **(projects or {})}
    files.update({f"projects/{pid}.toml": text for pid, text in all_projects.items()})
    files.update({f"reviews/{name}.toml": text for name, text in (reviews or {}).items()})
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    ws, load_findings = load_workspace(tmp_path)
    assert load_findings == [], [f.text() for f in load_findings]
    return ws


def found(ws, code: str) -> list:
    return [f for f in check(ws, TODAY) if f.code == code]


def line_at(text: str, header: str, key: str | None = None) -> int:
    """1-based line of ``[header]``, or of ``key = `` in that table."""
    lines = text.split("\n")
    start = lines.index(f"[{header}]")
    if key is None:
        return start + 1
    for i in range(start + 1, len(lines)):
        if lines[i].startswith("["):
            break
        if lines[i].startswith(f"{key} = "):
            return i + 1
    raise AssertionError(f"no {key} in [{header}]")


def expect_one(ws, code: str, file: str, line: int, item: str | None):
    findings = found(ws, code)
    assert len(findings) == 1, [f.text() for f in findings]
    f = findings[0]
    assert (f.code, f.level, f.file, f.line, f.item) == (code, LEVELS[code], file, line, item), f.text()
    assert f.message and "; " in f.message, "a message says what is wrong and then what to do"
    return f


def expect_none(ws, code: str) -> None:
    assert found(ws, code) == [], [f.text() for f in found(ws, code)]


# --- the registry and the clean case --------------------------------------------


def test_registry_has_every_code_with_its_level():
    assert set(RULES) == set(LEVELS)
    for code, r in RULES.items():
        assert isinstance(r, Rule) and r.code == code and r.level == LEVELS[code]
        assert r.summary and "\n" not in r.summary


def clean_project() -> str:
    return project(
        goal(),
        milestone(
            side="client",
            owner="bob",
            baseline_due=dt.date(2026, 12, 4),
            raci={"responsible": ["bob"], "accountable": "carol", "consulted": ["alice"], "informed": ["dave"]},
        ),
        milestone("m2", depends_on=["m1"], start=dt.date(2026, 12, 11), due=dt.date(2027, 1, 10)),
        task(depends_on=[]),
        task(
            "t2",
            depends_on=["t1"],
            start=dt.date(2026, 12, 9),
            due=dt.date(2026, 12, 10),
            raci={"responsible": ["dave"], "accountable": "alice"},
        ),
        task("t3", status="done", start=dt.date(2026, 11, 2), due=dt.date(2026, 11, 10)),
        risk(drill_every=90, last_drill=dt.date(2026, 10, 20)),
        table(
            "changes.cr1",
            summary="Export slips a week",
            requested_by="bob",
            requested_on=dt.date(2026, 11, 20),
            status="approved",
            decided_by="carol",
            decided_on=dt.date(2026, 11, 21),
            moves={"m1": dt.date(2026, 12, 11)},
        ),
        log("nudge-1", kind="nudge", with_=["bob"], items=["m1"]),
    )


def test_a_clean_workspace_has_no_findings(tmp_path):
    ws = make_ws(tmp_path, clean_project(), reviews={"2026-11-20-crm": review(attendees=["alice", "bob"])})
    assert check(ws, TODAY) == []


def test_findings_come_sorted_by_file_and_line(tmp_path):
    text = project(milestone(owner="zed", due=dt.date(2026, 11, 1), start=dt.date(2026, 10, 1)), task(owner="zed"))
    findings = check(make_ws(tmp_path, text, workspace_toml=workspace(timezone="Nowhere/Land")), TODAY)
    assert len(findings) >= 3 and findings == sorted(findings, key=sort_key)


def test_a_crashing_rule_becomes_a_finding_and_the_others_still_run(tmp_path, monkeypatch):
    def broken(ws, today, report):
        raise KeyError("boom")
        yield

    monkeypatch.setitem(RULES, "ZZZ999", Rule("ZZZ999", "error", "always crashes", broken))
    ws = make_ws(tmp_path, project(milestone(owner="zed")))
    findings = check(ws, TODAY)
    assert [f.code for f in findings if f.code == "ZZZ999"] == ["ZZZ999"]
    assert any(f.code == "REF001" for f in findings)


# --- workspace.toml -------------------------------------------------------------


def test_ws002_unknown_timezone(tmp_path):
    text = workspace(timezone="Mars/Olympus_Mons")
    expect_one(
        make_ws(tmp_path, workspace_toml=text), "WS002", "workspace.toml", line_at(text, "workspace", "timezone"), None
    )


def test_ws002_passes_for_iana_names(tmp_path):
    expect_none(make_ws(tmp_path, workspace_toml=workspace(timezone="Asia/Shanghai")), "WS002")


@pytest.mark.parametrize("team", ["", "them"])
def test_ws003_team_empty_or_nobodys_org(tmp_path, team):
    text = workspace(team=team)
    f = expect_one(
        make_ws(tmp_path, workspace_toml=text), "WS003", "workspace.toml", line_at(text, "workspace", "team"), None
    )
    assert "`us`" in f.message  # suggests the org our people actually have


def test_ws003_unset_team_silences_ref008(tmp_path):
    ws = make_ws(tmp_path, workspace_toml=workspace(team=None))
    assert [f.code for f in check(ws, TODAY)] == ["WS003"]


def test_ws003_passes_when_team_is_an_org(tmp_path):
    expect_none(make_ws(tmp_path), "WS003")


def test_ws003_passes_for_a_new_workspace_with_nobody_yet(tmp_path):
    # `ducu init` writes a team before anyone is in people.toml
    expect_none(make_ws(tmp_path, people_toml=""), "WS003")


# --- references ------------------------------------------------------------------


def test_ref001_unknown_item_owner(tmp_path):
    text = project(milestone(owner="zara"))
    f = expect_one(make_ws(tmp_path, text), "REF001", PFILE, line_at(text, "milestones.m1", "owner"), "crm/m1")
    assert "`zara`" in f.message and "people.toml" in f.message


@pytest.mark.parametrize("where", ["project", "raci", "goal", "risk", "step", "change", "log", "task"])
def test_ref001_every_kind_of_person_reference(tmp_path, where):
    parts = {
        "project": (project(milestone(), owner="zed"), "project", "owner", "crm"),
        "raci": (project(milestone(raci={**RACI, "consulted": ["zed"]})), "milestones.m1.raci", "consulted", "crm/m1"),
        "goal": (project(milestone(), goal(owner="zed")), "goals.g1", "owner", "crm/g1"),
        "risk": (project(milestone(), risk(owner="zed")), "risks.r1", "owner", "crm/r1"),
        "step": (
            project(milestone(), risk(steps={"1": {"text": "x", "owner": "zed"}})),
            "risks.r1.steps.1",
            "owner",
            "crm/r1",
        ),
        "change": (
            project(milestone(), table("changes.c1", summary="s", requested_by="bob", decided_by="zed")),
            "changes.c1",
            "decided_by",
            "crm/c1",
        ),
        "log": (project(milestone(), log("l1", kind="update", with_=["bob", "zed"])), "log.l1", "with", "crm/l1"),
        "task": (
            project(milestone(), task(raci={"responsible": ["zed"], "accountable": "alice"})),
            "tasks.t1.raci",
            "responsible",
            "crm/t1",
        ),
    }
    text, header, key, item = parts[where]
    expect_one(make_ws(tmp_path, text), "REF001", PFILE, line_at(text, header, key), item)


def test_ref001_client_sponsor_and_review_attendee(tmp_path):
    clients = '[clients.acme]\nname = "Acme"\nsponsor = "zed"\n'
    rev = review(attendees=["alice", "yan"])
    ws = make_ws(tmp_path, clients=clients, reviews={"2026-11-20-crm": rev})
    got = sorted((f.file, f.line) for f in found(ws, "REF001"))
    assert got == [("clients.toml", 3), ("reviews/2026-11-20-crm.toml", line_at(rev, "review", "attendees"))]


def test_ref001_passes_for_known_people(tmp_path):
    expect_none(make_ws(tmp_path, clean_project()), "REF001")


def test_ref001_leaves_empty_names_to_the_missing_field_rules(tmp_path):
    text = project(milestone(owner="", raci={"responsible": ["alice"], "accountable": ""}))
    ws = make_ws(tmp_path, text)
    expect_none(ws, "REF001")
    expect_one(ws, "RACI001", PFILE, line_at(text, "milestones.m1.raci", "accountable"), "crm/m1")


def test_ref002_unknown_client(tmp_path):
    text = project(milestone(), client="globex")
    expect_one(make_ws(tmp_path, text), "REF002", PFILE, line_at(text, "project", "client"), "crm")


def test_ref002_passes_for_a_known_client(tmp_path):
    expect_none(make_ws(tmp_path, project(milestone(), client="acme")), "REF002")


def test_ref003_unknown_dependency(tmp_path):
    text = project(milestone(depends_on=["ghost"]))
    expect_one(make_ws(tmp_path, text), "REF003", PFILE, line_at(text, "milestones.m1", "depends_on"), "crm/m1")


def test_ref003_passes_for_a_task_or_milestone_of_the_project(tmp_path):
    ws = make_ws(tmp_path, project(milestone(depends_on=["t1"]), task(), milestone("m2", depends_on=["m1"])))
    expect_none(ws, "REF003")


def test_ref004_task_of_unknown_milestone(tmp_path):
    text = project(milestone(), task(milestone="m9"))
    expect_one(make_ws(tmp_path, text), "REF004", PFILE, line_at(text, "tasks.t1", "milestone"), "crm/t1")


def test_ref004_passes_for_an_existing_milestone(tmp_path):
    expect_none(make_ws(tmp_path, project(milestone(), task(milestone="m1"))), "REF004")


def test_ref005_same_id_for_a_milestone_and_a_task(tmp_path):
    text = project(milestone("x"), task("x", milestone="x"))
    f = expect_one(make_ws(tmp_path, text), "REF005", PFILE, line_at(text, "tasks.x"), "crm/x")
    assert f"line {line_at(text, 'milestones.x')}" in f.message


def test_ref005_passes_for_distinct_ids(tmp_path):
    expect_none(make_ws(tmp_path, project(milestone("x"), task("y", milestone="x"), goal(milestones=["x"]))), "REF005")


def test_ref006_cycle_is_named_in_order_once(tmp_path):
    text = project(
        milestone("m1", depends_on=["m2"]),
        milestone("m2", depends_on=["t1"]),
        task("t1", depends_on=["m1"]),
    )
    f = expect_one(make_ws(tmp_path, text), "REF006", PFILE, line_at(text, "milestones.m1", "depends_on"), "crm/m1")
    assert "m1 -> m2 -> t1 -> m1" in f.message


def test_ref006_self_dependency(tmp_path):
    text = project(milestone(), task("t1", depends_on=["t1"]))
    f = expect_one(make_ws(tmp_path, text), "REF006", PFILE, line_at(text, "tasks.t1", "depends_on"), "crm/t1")
    assert "t1 -> t1" in f.message


def test_ref006_passes_for_a_diamond(tmp_path):
    text = project(
        milestone("m1"),
        milestone("m2", depends_on=["m1"], start=dt.date(2026, 12, 11), due=dt.date(2026, 12, 20)),
        task("t1", depends_on=["m1"], start=dt.date(2026, 12, 11), due=dt.date(2026, 12, 15)),
        milestone("m3", depends_on=["m2", "t1"], start=dt.date(2026, 12, 20), due=dt.date(2027, 1, 5)),
    )
    expect_none(make_ws(tmp_path, text), "REF006")


@pytest.mark.parametrize("kind", ["moves", "log items", "goal milestones"])
def test_ref007_other_item_references(tmp_path, kind):
    if kind == "moves":
        extra = table("changes.c1", summary="s", status="proposed", moves={"ghost": dt.date(2026, 12, 20)})
        header, key, item = "changes.c1", "moves", "crm/c1"
    elif kind == "log items":
        extra = log("l1", kind="nudge", items=["m1", "ghost"])
        header, key, item = "log.l1", "items", "crm/l1"
    else:
        extra = goal(milestones=["t1"])  # a task is not a milestone
        header, key, item = "goals.g1", "milestones", "crm/g1"
    text = project(milestone(), task(), extra)
    expect_one(make_ws(tmp_path, text), "REF007", PFILE, line_at(text, header, key), item)


def test_ref007_passes_for_existing_items(tmp_path):
    text = project(
        milestone(),
        task(),
        goal(milestones=["m1"]),
        log("l1", kind="nudge", items=["m1", "t1"]),
        table("changes.c1", summary="s", moves={"t1": dt.date(2026, 12, 10)}),
    )
    expect_none(make_ws(tmp_path, text), "REF007")


def test_ref008_person_of_an_unknown_org(tmp_path):
    text = people({**PEOPLE, "erin": "contractors"})
    f = expect_one(
        make_ws(tmp_path, people_toml=text), "REF008", "people.toml", line_at(text, "people.erin", "org"), None
    )
    assert "`contractors`" in f.message


def test_ref008_passes_for_team_and_client_orgs(tmp_path):
    expect_none(make_ws(tmp_path), "REF008")


def test_ref009_review_of_unknown_project(tmp_path):
    rev = review("crn")
    ws = make_ws(tmp_path, reviews={"2026-11-20-crn": rev})
    f = expect_one(ws, "REF009", "reviews/2026-11-20-crn.toml", line_at(rev, "review", "project"), None)
    assert "`crm`" in f.message  # did you mean


def test_ref009_passes_for_an_existing_project(tmp_path):
    expect_none(make_ws(tmp_path, reviews={"2026-11-20-crm": review(PID)}), "REF009")


# --- RACI ------------------------------------------------------------------------


def test_raci001_milestone_without_raci_table(tmp_path):
    text = project(milestone(raci=None))
    f = expect_one(make_ws(tmp_path, text), "RACI001", PFILE, line_at(text, "milestones.m1"), "crm/m1")
    assert "raci.accountable" in f.message


def test_raci001_task_raci_without_accountable(tmp_path):
    text = project(milestone(), task(raci={"responsible": ["alice"]}))
    expect_one(make_ws(tmp_path, text), "RACI001", PFILE, line_at(text, "tasks.t1.raci"), "crm/t1")


def test_raci001_passes_for_tasks_without_raci_and_dropped_milestones(tmp_path):
    text = project(milestone(), task(raci=None), milestone("m2", raci=None, status="dropped"))
    expect_none(make_ws(tmp_path, text), "RACI001")


def test_raci002_nobody_responsible(tmp_path):
    text = project(milestone(raci={"accountable": "alice", "responsible": []}))
    expect_one(make_ws(tmp_path, text), "RACI002", PFILE, line_at(text, "milestones.m1.raci", "responsible"), "crm/m1")


def test_raci002_passes_with_someone_responsible_or_no_task_raci(tmp_path):
    expect_none(make_ws(tmp_path, project(milestone(), task(raci=None))), "RACI002")


def test_raci003_one_person_two_letters(tmp_path):
    text = project(milestone(raci={"responsible": ["alice", "dave"], "accountable": "alice", "consulted": ["dave"]}))
    f = expect_one(
        make_ws(tmp_path, text), "RACI003", PFILE, line_at(text, "milestones.m1.raci", "consulted"), "crm/m1"
    )
    assert "`dave` is responsible and consulted" in f.message


def test_raci003_accountable_and_consulted_is_reported(tmp_path):
    text = project(milestone(raci={"responsible": ["dave"], "accountable": "alice", "informed": ["alice"]}))
    expect_one(make_ws(tmp_path, text), "RACI003", PFILE, line_at(text, "milestones.m1.raci", "informed"), "crm/m1")


def test_raci003_passes_for_accountable_who_is_also_responsible(tmp_path):
    text = project(milestone(raci={"responsible": ["alice"], "accountable": "alice", "consulted": ["dave"]}))
    expect_none(make_ws(tmp_path, text), "RACI003")


def test_raci004_client_milestone_accountable_on_our_side(tmp_path):
    text = project(milestone(side="client", owner="bob", raci={"responsible": ["bob"], "accountable": "alice"}))
    expect_one(make_ws(tmp_path, text), "RACI004", PFILE, line_at(text, "milestones.m1.raci", "accountable"), "crm/m1")


def test_raci004_passes_for_a_client_accountable(tmp_path):
    text = project(milestone(side="client", owner="bob", raci={"responsible": ["bob"], "accountable": "carol"}))
    expect_none(make_ws(tmp_path, text), "RACI004")


def overloaded_project(last_status: str) -> str:
    return project(
        milestone("m1"),
        milestone("m2", start=dt.date(2026, 12, 1), due=dt.date(2026, 12, 20)),
        milestone("m3", status=last_status, start=dt.date(2026, 12, 1), due=dt.date(2026, 12, 20)),
    )


def test_raci005_accountable_for_too_many_open_items(tmp_path):
    ppl = people()
    ws = make_ws(tmp_path, overloaded_project("todo"), workspace_toml=workspace(max_accountable=2), people_toml=ppl)
    f = expect_one(ws, "RACI005", "people.toml", line_at(ppl, "people.alice"), None)
    assert "3 open items" in f.message


def test_raci005_passes_when_extra_items_are_closed(tmp_path):
    expect_none(make_ws(tmp_path, overloaded_project("done"), workspace_toml=workspace(max_accountable=2)), "RACI005")


# --- goals -------------------------------------------------------------------------


def test_goal001_missing_smart_parts(tmp_path):
    text = project(milestone(), goal(unit=None, target=None, owner=None))
    f = expect_one(make_ws(tmp_path, text), "GOAL001", PFILE, line_at(text, "goals.g1"), "crm/g1")
    assert "missing unit, target, owner;" in f.message


def test_goal001_passes_for_a_smart_goal(tmp_path):
    expect_none(make_ws(tmp_path, project(milestone(), goal())), "GOAL001")


def test_goal002_target_equals_start(tmp_path):
    text = project(milestone(), goal(start_value=100, target=100))
    expect_one(make_ws(tmp_path, text), "GOAL002", PFILE, line_at(text, "goals.g1", "target"), "crm/g1")


def test_goal002_passes_for_a_real_target(tmp_path):
    expect_none(make_ws(tmp_path, project(milestone(), goal(start_value=100, target=0))), "GOAL002")


def test_goal003_milestone_due_after_goal(tmp_path):
    text = project(milestone(), goal(due=dt.date(2026, 12, 1)))
    expect_one(make_ws(tmp_path, text), "GOAL003", PFILE, line_at(text, "goals.g1", "milestones"), "crm/g1")


def test_goal003_passes_when_milestone_is_in_time(tmp_path):
    expect_none(make_ws(tmp_path, project(milestone(), goal(due=dt.date(2026, 12, 11)))), "GOAL003")


# --- schedule ----------------------------------------------------------------------


def test_sch001_milestone_starts_after_due(tmp_path):
    text = project(milestone(start=dt.date(2026, 12, 20)))
    expect_one(make_ws(tmp_path, text), "SCH001", PFILE, line_at(text, "milestones.m1", "start"), "crm/m1")


def test_sch001_project_starts_after_due(tmp_path):
    text = project(milestone(), start=dt.date(2027, 5, 1))
    expect_one(make_ws(tmp_path, text), "SCH001", PFILE, line_at(text, "project", "start"), "crm")


def test_sch001_passes_for_a_one_day_item(tmp_path):
    expect_none(make_ws(tmp_path, project(milestone(start=dt.date(2026, 12, 11)))), "SCH001")


def test_sch002_task_due_after_its_milestone(tmp_path):
    text = project(milestone(), task(due=dt.date(2026, 12, 15)))
    expect_one(make_ws(tmp_path, text), "SCH002", PFILE, line_at(text, "tasks.t1", "due"), "crm/t1")


def test_sch002_passes_on_the_milestone_day(tmp_path):
    expect_none(make_ws(tmp_path, project(milestone(), task(due=dt.date(2026, 12, 11)))), "SCH002")


def test_sch003_starts_before_open_predecessor_is_due(tmp_path):
    text = project(
        milestone(), milestone("m2", depends_on=["m1"], start=dt.date(2026, 12, 1), due=dt.date(2027, 1, 10))
    )
    f = expect_one(make_ws(tmp_path, text), "SCH003", PFILE, line_at(text, "milestones.m2", "start"), "crm/m2")
    assert "`m1`" in f.message


def test_sch003_passes_when_predecessor_is_done(tmp_path):
    text = project(
        milestone(status="done"),
        milestone("m2", depends_on=["m1"], start=dt.date(2026, 12, 1), due=dt.date(2027, 1, 10)),
    )
    expect_none(make_ws(tmp_path, text), "SCH003")


def test_sch004_item_due_after_project(tmp_path):
    text = project(milestone(due=dt.date(2027, 4, 10)))
    expect_one(make_ws(tmp_path, text), "SCH004", PFILE, line_at(text, "milestones.m1", "due"), "crm/m1")


def test_sch004_passes_for_done_items(tmp_path):
    expect_none(make_ws(tmp_path, project(milestone(due=dt.date(2027, 4, 10), status="done"))), "SCH004")


def test_sch005_overdue_item_says_how_late(tmp_path):
    text = project(milestone(due=dt.date(2026, 11, 22), status="waiting"))
    f = expect_one(make_ws(tmp_path, text), "SCH005", PFILE, line_at(text, "milestones.m1", "due"), "crm/m1")
    assert "5 days late" in f.message


def test_sch005_overdue_project(tmp_path):
    text = project(milestone(status="done"), start=dt.date(2026, 10, 1), due=dt.date(2026, 11, 26))
    f = expect_one(make_ws(tmp_path, text), "SCH005", PFILE, line_at(text, "project", "due"), "crm")
    assert "1 day late" in f.message


@pytest.mark.parametrize(
    "item_status, project_status", [("done", "active"), ("dropped", "active"), ("waiting", "cancelled")]
)
def test_sch005_passes_for_done_items_and_closed_projects(tmp_path, item_status, project_status):
    text = project(milestone(due=dt.date(2026, 11, 22), status=item_status), status=project_status)
    expect_none(make_ws(tmp_path, text), "SCH005")


# --- baseline ----------------------------------------------------------------------


@pytest.mark.parametrize("change", [None, ("proposed", dt.date(2026, 12, 11)), ("approved", dt.date(2026, 12, 8))])
def test_base001_slip_without_an_approved_change(tmp_path, change):
    extra = table("changes.c1", summary="s", status=change[0], moves={"m1": change[1]}) if change else ""
    text = project(milestone(baseline_due=dt.date(2026, 12, 4)), extra)
    expect_one(make_ws(tmp_path, text), "BASE001", PFILE, line_at(text, "milestones.m1", "due"), "crm/m1")


def test_base001_passes_with_an_approved_change(tmp_path):
    text = project(
        milestone(baseline_due=dt.date(2026, 12, 4)),
        table("changes.c1", summary="s", status="approved", moves={"m1": dt.date(2026, 12, 11)}),
    )
    expect_none(make_ws(tmp_path, text), "BASE001")


# --- contingency -------------------------------------------------------------------


def test_risk001_big_risk_without_a_plan(tmp_path):
    text = project(milestone(), risk(owner=None, trigger=None, steps={}))
    f = expect_one(make_ws(tmp_path, text), "RISK001", PFILE, line_at(text, "risks.r1"), "crm/r1")
    assert "no owner, trigger, steps;" in f.message


@pytest.mark.parametrize("fields", [{"probability": 3, "impact": 3}, {"status": "closed"}])
def test_risk001_passes_for_small_or_closed_risks(tmp_path, fields):
    expect_none(make_ws(tmp_path, project(milestone(), risk(owner=None, trigger=None, steps={}, **fields))), "RISK001")


def test_risk002_drill_overdue(tmp_path):
    text = project(milestone(), risk(drill_every=30, last_drill=dt.date(2026, 10, 1)))
    f = expect_one(make_ws(tmp_path, text), "RISK002", PFILE, line_at(text, "risks.r1", "last_drill"), "crm/r1")
    assert "57 days ago" in f.message


def test_risk002_never_drilled(tmp_path):
    text = project(milestone(), risk(drill_every=30))
    expect_one(make_ws(tmp_path, text), "RISK002", PFILE, line_at(text, "risks.r1", "drill_every"), "crm/r1")


@pytest.mark.parametrize("last, project_status", [(dt.date(2026, 10, 28), "active"), (dt.date(2026, 1, 1), "done")])
def test_risk002_passes_when_drilled_or_project_done(tmp_path, last, project_status):
    text = project(milestone(status="done"), risk(drill_every=30, last_drill=last), status=project_status)
    expect_none(make_ws(tmp_path, text), "RISK002")


def test_risk003_step_without_owner(tmp_path):
    text = project(milestone(), risk(steps={"1": {"text": "a", "owner": "alice"}, "2": {"text": "b"}}))
    expect_one(make_ws(tmp_path, text), "RISK003", PFILE, line_at(text, "risks.r1.steps.2"), "crm/r1")


def test_risk003_passes_for_done_steps_and_closed_risks(tmp_path):
    text = project(
        milestone(),
        risk(steps={"1": {"text": "a", "done": True}}),
        risk("r2", status="closed", steps={"1": {"text": "b"}}),
    )
    expect_none(make_ws(tmp_path, text), "RISK003")


@pytest.mark.parametrize("key, fields", [("probability", {"probability": 7}), ("impact", {"impact": 0})])
def test_risk004_off_scale(tmp_path, key, fields):
    text = project(milestone(), risk(**fields))
    expect_one(make_ws(tmp_path, text), "RISK004", PFILE, line_at(text, "risks.r1", key), "crm/r1")


def test_risk004_passes_at_the_ends_of_the_scale(tmp_path):
    expect_none(make_ws(tmp_path, project(milestone(), risk(probability=5, impact=1))), "RISK004")


# --- cadence -----------------------------------------------------------------------


def test_cad001_never_checked_in(tmp_path):
    text = project(milestone(), checkin=False)
    f = expect_one(make_ws(tmp_path, text), "CAD001", PFILE, line_at(text, "project"), "crm")
    assert "never" in f.message


def test_cad001_last_check_in_too_old(tmp_path):
    text = project(milestone(), log("c1", on=dt.date(2026, 11, 10)), checkin=False, check_in_every=14)
    f = expect_one(make_ws(tmp_path, text), "CAD001", PFILE, line_at(text, "project", "check_in_every"), "crm")
    assert "17 days ago" in f.message


def test_cad001_passes_with_a_recent_review(tmp_path):
    ws = make_ws(tmp_path, project(milestone(), checkin=False), reviews={"r": review(held_on=dt.date(2026, 11, 24))})
    expect_none(ws, "CAD001")


@pytest.mark.parametrize(
    "header", [{"start": dt.date(2026, 11, 23)}, {"start": None}, {"status": "on_hold"}, {"check_in_every": 30}]
)
def test_cad001_passes_for_new_paused_or_slow_cadence_projects(tmp_path, header):
    expect_none(make_ws(tmp_path, project(milestone(), checkin=False, **header)), "CAD001")


LATE_CLIENT = {
    "side": "client",
    "owner": "bob",
    "status": "waiting",
    "due": dt.date(2026, 11, 22),
    "raci": {"responsible": ["bob"], "accountable": "carol"},
}


@pytest.mark.parametrize("nudged_on", [None, dt.date(2026, 11, 23)])
def test_cad002_late_client_item_not_nudged_lately(tmp_path, nudged_on):
    nudge = log("n1", kind="nudge", on=nudged_on, items=["m1"]) if nudged_on else ""
    text = project(milestone(**LATE_CLIENT), nudge)
    f = expect_one(make_ws(tmp_path, text), "CAD002", PFILE, line_at(text, "milestones.m1"), "crm/m1")
    assert "`bob`" in f.message


def test_cad002_client_owner_on_a_team_item(tmp_path):
    text = project(milestone(**{**LATE_CLIENT, "side": "team"}))
    expect_one(make_ws(tmp_path, text), "CAD002", PFILE, line_at(text, "milestones.m1"), "crm/m1")


def test_cad002_passes_after_a_recent_nudge(tmp_path):
    text = project(milestone(**LATE_CLIENT), log("n1", kind="nudge", on=dt.date(2026, 11, 24), items=["m1"]))
    expect_none(make_ws(tmp_path, text), "CAD002")


def test_cad002_passes_for_late_team_items(tmp_path):
    expect_none(make_ws(tmp_path, project(milestone(due=dt.date(2026, 11, 22)))), "CAD002")


# --- cycle search on random graphs -------------------------------------------------

NODES = ["a", "b", "c", "d", "e", "f"]


@given(
    st.dictionaries(st.sampled_from(NODES), st.lists(st.sampled_from(NODES), max_size=3), min_size=1),
    st.sets(st.sampled_from(NODES)),
)
def test_find_cycles_finds_a_cycle_exactly_when_there_is_one(deps, as_tasks):
    p = Project(
        milestones={n: Milestone(depends_on=d) for n, d in deps.items() if n not in as_tasks},
        tasks={n: Task(depends_on=d) for n, d in deps.items() if n in as_tasks},
    )
    graph = {n: [d for d in ds if d in deps] for n, ds in deps.items()}
    try:
        tuple(TopologicalSorter(graph).static_order())
        acyclic = True
    except CycleError:
        acyclic = False
    cycles = find_cycles(p)
    assert (cycles == []) == acyclic
    for cycle in cycles:
        assert cycle[0] == min(cycle) and len(set(cycle)) == len(cycle)
        for a, b in zip(cycle, cycle[1:] + cycle[:1]):
            assert b in deps[a], f"{a} -> {b} is not an edge"


def test_a_mistake_repeated_100000_times_is_100_findings_and_a_count(tmp_path: Path) -> None:
    import time

    from workspace_schema.rules import RULE_CAP, check

    ws = make_ws(tmp_path, project(milestone(depends_on=[f"ghost-{n}" for n in range(100_000)])))
    t0 = time.perf_counter()
    found = [f for f in check(ws, dt.date(2026, 11, 27)) if f.code == "REF003"]
    assert time.perf_counter() - t0 < 10
    assert len(found) == RULE_CAP + 1
    assert sum("99,900 more REF003 findings in this file are not listed" in f.message for f in found) == 1


def test_huge_cadences_are_findings_or_nothing_never_a_crash(tmp_path: Path) -> None:
    """A drill_every or nudge_every past the calendar's end (found by the fuzz test) means "not yet", not OverflowError."""
    import re
    import shutil

    from workspace_schema.views.contingency import drill_status

    root = Path(shutil.copytree(SAMPLE, tmp_path / "ws"))
    project = root / "projects" / "acme-crm.toml"
    project.write_text(re.sub(r"drill_every = \d+", "drill_every = 99999999999", project.read_text()))
    settings = root / "workspace.toml"
    settings.write_text(settings.read_text().replace("[workspace]", "[workspace]\nnudge_every = 99999999999", 1))
    ws, _ = load_workspace(root)
    codes = {f.code for f in check(ws, TODAY)}
    assert "RISK002" not in codes
    states = [drill_status(r, TODAY).state for p in ws.projects.values() for r in p.risks.values()]
    assert "overdue" not in states and states
