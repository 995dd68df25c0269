"""workspace_schema.views.raci: the matrix model behind the Matrix view, and a person's load."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.workspace import SAMPLE, copy_sample, write_ws
from workspace_schema.core.records import Raci
from workspace_schema.edit.edits import set_raci
from workspace_schema.load.loader import load_workspace
from workspace_schema.rules import check
from workspace_schema.views import raci

PEOPLE = """\
[people.zoe]
name = "Zoe"
org = "us"

[people.alice]
name = "Alice"
org = "us"

[people.bob]
name = "Bob"
org = "acme"

[people.carl]
name = "Carl"
org = "acme"

[people."王伟"]
name = "王伟"
org = "huamei"

[people.ann]
name = "Ann"
org = "beta"
"""

PROJECT = """\
[project]
title = "Small"
client = "acme"
owner = "zoe"
status = "active"

[milestones.late]
title = "Late milestone"
due = 2027-03-01
[milestones.late.raci]
accountable = "bob"
responsible = ["alice"]

[milestones.early]
title = "Early milestone"
due = 2027-01-01
[milestones.early.raci]
accountable = "alice"
responsible = ["alice", "王伟"]
informed = ["ghost"]

[milestones.undated]
title = "No date yet"
status = "done"
[milestones.undated.raci]
accountable = "alice"
responsible = ["carl"]

[tasks.t-second]
title = "Second task of early"
milestone = "early"
due = 2026-12-20
[tasks.t-second.raci]
accountable = "alice"
responsible = ["bob"]
consulted = ["ann"]

[tasks.t-first]
title = "First task of early"
milestone = "early"
due = 2026-12-10

[tasks.t-dropped]
title = "Dropped task of late"
milestone = "late"
status = "dropped"
due = 2027-02-01
[tasks.t-dropped.raci]
accountable = "bob"
responsible = ["bob"]

[tasks.orphan]
title = "A task whose milestone is gone"
milestone = "deleted-one"
due = 2026-12-01
"""


def small(tmp_path):
    write_ws(tmp_path, {"people.toml": PEOPLE, "projects/small.toml": PROJECT})
    ws, _findings = load_workspace(tmp_path)
    return ws


def test_rows_are_milestones_in_due_order_each_followed_by_its_tasks(tmp_path) -> None:
    rows = raci.matrix_rows(small(tmp_path).projects["small"])
    assert [(r.kind, r.item_id) for r in rows] == [
        ("milestone", "early"),
        ("task", "t-first"),
        ("task", "t-second"),
        ("milestone", "late"),
        ("task", "t-dropped"),
        ("milestone", "undated"),  # no due date: last of the milestones
        ("task", "orphan"),  # its milestone is not in the file: after all milestones
    ]


def test_cells_hold_the_letters_with_accountable_first(tmp_path) -> None:
    rows = {r.item_id: r for r in raci.matrix_rows(small(tmp_path).projects["small"])}
    assert rows["early"].cells == {"alice": "AR", "王伟": "R", "ghost": "I"}
    assert rows["t-second"].cells == {"alice": "A", "bob": "R", "ann": "C"}
    assert rows["t-first"].has_raci is False and rows["t-first"].cells == {}
    assert raci.cell_letters(None) == {}
    assert raci.cell_letters(Raci(responsible=["x", "x"], consulted=["x"])) == {"x": "RC"}


def test_columns_team_first_then_the_client_then_other_orgs_then_unknown(tmp_path) -> None:
    ws = small(tmp_path)
    matrix = raci.build_matrix(ws, "small")
    assert [(c.handle, c.org, c.team) for c in matrix.columns] == [
        ("alice", "us", True),
        ("zoe", "us", True),  # the project owner, though on no row
        ("bob", "acme", False),  # the project's client
        ("carl", "acme", False),
        ("ann", "beta", False),  # other organisations, by org id
        ("王伟", "huamei", False),
        ("ghost", "", False),  # not in people.toml
    ]
    assert matrix.columns[-1].name == "ghost"
    assert matrix.columns[0].name == "Alice"


def test_everyone_adds_people_who_are_on_no_row(tmp_path) -> None:
    ws = small(tmp_path)
    assert {c.handle for c in raci.build_matrix(ws, "small").columns} == {
        "alice",
        "zoe",
        "bob",
        "carl",
        "ann",
        "王伟",
        "ghost",
    }
    extra = write_ws(tmp_path, {"people.toml": PEOPLE + '\n[people.nobody]\nname = "N"\norg = "us"\n'})
    ws, _ = load_workspace(extra)
    assert "nobody" not in {c.handle for c in raci.build_matrix(ws, "small").columns}
    everyone = [c.handle for c in raci.build_matrix(ws, "small", everyone=True).columns]
    assert everyone[:3] == ["alice", "nobody", "zoe"]


def test_totals_count_a_and_r_per_person_without_dropped_items(tmp_path) -> None:
    totals = raci.build_matrix(small(tmp_path), "small").totals
    assert totals["alice"] == raci.Totals(accountable=3, responsible=2)
    assert totals["bob"] == raci.Totals(accountable=1, responsible=1)  # t-dropped's A and R not counted
    assert totals["carl"] == raci.Totals(accountable=0, responsible=1)
    assert "ann" not in totals and "zoe" not in totals


def test_person_load_lists_r_and_a_across_projects_open_first(tmp_path) -> None:
    other = """\
    [project]
    title = "Other"
    client = "acme"
    status = "done"

    [milestones.old]
    title = "Old one"
    due = 2026-01-01
    status = "todo"
    [milestones.old.raci]
    accountable = "alice"
    responsible = ["bob"]
    """
    write_ws(tmp_path, {"people.toml": PEOPLE, "projects/small.toml": PROJECT, "projects/other.toml": other})
    ws, _ = load_workspace(tmp_path)
    load = raci.person_load(ws, "alice")
    assert [(i.project_id, i.item_id, i.letters, i.open) for i in load] == [
        ("small", "t-second", "A", True),
        ("small", "early", "AR", True),
        ("small", "late", "R", True),
        ("other", "old", "A", False),  # an open item of a done project is not open load
        ("small", "undated", "A", False),  # done
    ]
    assert load[0].ref == "small/t-second" and load[0].project_title == "Small" and load[0].due == dt.date(2026, 12, 20)
    assert [i.item_id for i in raci.person_load(ws, "ann")] == []  # C and I are not load
    assert raci.person_load(ws, "nobody-at-all") == []
    index = raci.load_index(ws)
    assert set(index) == {"alice", "bob", "carl", "王伟"}
    assert all(index[h] == raci.person_load(ws, h) for h in index)


def test_accountable_load_matches_the_overload_rule_raci005(tmp_path) -> None:
    write_ws(
        tmp_path,
        {
            "people.toml": PEOPLE,
            "projects/small.toml": PROJECT,
            "workspace.toml": '[workspace]\nname = "T"\nteam = "us"\nmax_accountable = 1\n',
        },
    )
    ws, _ = load_workspace(tmp_path)
    load = raci.accountable_load(ws)
    assert load == {"alice": 2, "bob": 1}  # undated is done, t-dropped is dropped
    assert raci.overloaded(ws, load) == {"alice"}
    flagged = {f.file for f in check(ws, dt.date(2026, 11, 27)) if f.code == "RACI005"}
    assert flagged == {"people.toml"}
    assert (
        raci.overloaded(
            ws.__class__(root=ws.root, settings=ws.settings.__class__(max_accountable=0), projects=ws.projects)
        )
        == set()
    )


def test_sample_acme_crm_matrix() -> None:
    ws, _ = load_workspace(SAMPLE)
    matrix = raci.build_matrix(ws, "acme-crm")
    assert [c.handle for c in matrix.columns] == ["hannah", "raj", "sofia", "tomas", "bkim", "dgreen"]
    assert matrix.rows[0].item_id == "requirements-signoff-a4tq"
    assert matrix.rows[1].item_id == "requirements-workshops-r2ye"
    assert sum(r.kind == "milestone" for r in matrix.rows) == 7 and len(matrix.rows) == 17
    assert matrix.totals["dgreen"].accountable == 6


LETTERS = st.sampled_from(["R", "A", "C", "I", None])
HANDLES = st.sampled_from(["hannah", "raj", "sofia", "bkim", "dgreen"])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(HANDLES, LETTERS), min_size=1, max_size=4))
def test_with_letter_predicts_what_set_raci_writes(tmp_path_factory, edits) -> None:
    """The view shows with_letter() before the reload; the file must then agree."""
    root = copy_sample(tmp_path_factory.mktemp("ws"))
    ws, _ = load_workspace(root)
    expected = raci.cell_letters(ws.projects["acme-crm"].milestones["data-export-k3f9"].raci)
    for handle, letter in edits:
        set_raci(ws, "acme-crm/data-export-k3f9", handle, letter)
        expected = raci.with_letter(expected, handle, letter)
        ws, _ = load_workspace(root)
        assert raci.cell_letters(ws.projects["acme-crm"].milestones["data-export-k3f9"].raci) == expected
