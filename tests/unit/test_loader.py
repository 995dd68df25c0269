"""Loading: good files become records, bad files become findings, nothing raises."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.helpers.workspace import write_ws
from workspace_schema.load.loader import NotAWorkspace, find_root, load_workspace

PROJECT = """\
[project]
title = "CRM rollout"
client = "acme"
owner = "alice"
start = 2026-10-05
due = 2027-03-31

[milestones.export-k3f9]
title = "Acme delivers the export"
side = "client"
owner = "bob"
status = "waiting"
due = 2026-12-11
depends_on = []

[milestones.export-k3f9.raci]
responsible = ["bob"]
accountable = "bob"

[tasks.script-x2m1]
title = "Import script"
milestone = "export-k3f9"
due = 2026-12-09

[risks.freeze-p7q2]
title = "Change freeze"
probability = 4
impact = 5

[risks.freeze-p7q2.steps.1]
text = "Call the sponsor"
owner = "alice"

[log.call-n4c8]
on = 2026-11-24
with = ["bob"]
kind = "nudge"
summary = "Reminded Bob"
"""


def codes(findings):
    return [f.code for f in findings]


def test_good_workspace_loads_into_records_that_know_their_line(tmp_path: Path) -> None:
    ws, findings = load_workspace(write_ws(tmp_path, {"projects/acme-crm.toml": PROJECT}))
    assert findings == []
    project = ws.projects["acme-crm"]
    assert (project.id, project.file, project.line) == ("acme-crm", "projects/acme-crm.toml", 1)
    milestone = project.milestones["export-k3f9"]
    assert milestone.due == dt.date(2026, 12, 11)
    assert milestone.line == 8
    assert milestone.raci.accountable == "bob"
    assert project.tasks["script-x2m1"].line == 20
    step = project.risks["freeze-p7q2"].steps["1"]
    assert (step.text, step.line) == ("Call the sponsor", 30)
    assert project.log["call-n4c8"].with_ == ["bob"]
    assert ws.people["bob"].line == 6
    assert ws.is_client_side("bob") and not ws.is_client_side("alice")


def test_unknown_key_is_an_error_with_did_you_mean_and_its_line(tmp_path: Path) -> None:
    text = PROJECT.replace('owner = "bob"', 'ownr = "bob"')
    ws, findings = load_workspace(write_ws(tmp_path, {"projects/acme-crm.toml": text}))
    [f] = findings
    assert (f.code, f.level, f.file, f.line) == ("KEY001", "error", "projects/acme-crm.toml", 11)
    assert "`ownr`" in f.message and "did you mean `owner`?" in f.message
    # the rest of the record still loads
    assert ws.projects["acme-crm"].milestones["export-k3f9"].status == "waiting"


def test_wrong_type_names_field_value_and_expectation(tmp_path: Path) -> None:
    text = PROJECT.replace("due = 2026-12-11", 'due = "next week"')
    ws, findings = load_workspace(write_ws(tmp_path, {"projects/acme-crm.toml": text}))
    [f] = findings
    assert (f.code, f.line) == ("TYPE001", 13)
    assert '`milestones.export-k3f9.due` = "next week"' in f.message
    assert "a date like 2026-12-11" in f.message
    assert ws.projects["acme-crm"].milestones["export-k3f9"].due is None


def test_several_bad_fields_in_one_record_are_all_reported(tmp_path: Path) -> None:
    text = PROJECT.replace('status = "waiting"', 'status = "late"').replace("due = 2026-12-11", "due = 5")
    _ws, findings = load_workspace(write_ws(tmp_path, {"projects/acme-crm.toml": text}))
    assert sorted((f.code, f.line) for f in findings) == [("TYPE001", 12), ("TYPE001", 13)]
    assert 'one of "todo", "doing"' in " ".join(f.message for f in findings)


def test_syntax_error_gives_line_and_column_and_other_files_still_load(tmp_path: Path) -> None:
    ws, findings = load_workspace(
        write_ws(tmp_path, {"projects/acme-crm.toml": PROJECT, "projects/broken.toml": "[project]\ntitle = \n"})
    )
    [f] = findings
    assert (f.code, f.file, f.line, f.col) == ("TOML001", "projects/broken.toml", 2, 9)
    assert "acme-crm" in ws.projects and "broken" not in ws.projects


def test_conflict_markers_are_reported_not_parsed(tmp_path: Path) -> None:
    text = '[project]\n<<<<<<< HEAD\ntitle = "A"\n=======\ntitle = "B"\n>>>>>>> theirs\n'
    _ws, findings = load_workspace(write_ws(tmp_path, {"projects/x.toml": text}))
    [f] = findings
    assert (f.code, f.line) == ("GIT001", 2)
    assert "conflict" in f.message


def test_non_utf8_bytes_point_at_the_byte(tmp_path: Path) -> None:
    _ws, findings = load_workspace(write_ws(tmp_path, {"projects/x.toml": b'[project]\ntitle = "caf\xe9"\n'}))
    [f] = findings
    assert (f.code, f.line, f.col) == ("FILE002", 2, 13)
    assert "UTF-8" in f.message


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workspace_schema.load import loader

    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 1000)
    _ws, findings = load_workspace(write_ws(tmp_path, {"projects/x.toml": "# " + "x" * 2000 + "\n[project]\n"}))
    assert codes(findings) == ["FILE004"]


def test_invalid_ids_are_rejected(tmp_path: Path) -> None:
    text = PROJECT + '\n[tasks."../../etc"]\ntitle = "evil"\n\n[tasks."a b"]\ntitle = "space"\n'
    ws, findings = load_workspace(write_ws(tmp_path, {"projects/acme-crm.toml": text}))
    assert codes(findings) == ["ID001", "ID001"]
    assert set(ws.projects["acme-crm"].tasks) == {"script-x2m1"}


def test_a_record_that_is_not_a_table(tmp_path: Path) -> None:
    _ws, findings = load_workspace(
        write_ws(tmp_path, {"projects/x.toml": '[project]\ntitle = "x"\n[milestones]\nm1 = 5\n'})
    )
    assert codes(findings) == ["TYPE002"]


def test_missing_project_table(tmp_path: Path) -> None:
    _ws, findings = load_workspace(write_ws(tmp_path, {"projects/x.toml": '[milestones.m1]\ntitle = "x"\n'}))
    assert codes(findings) == ["FILE003"]


def test_empty_workspace_toml_is_a_finding(tmp_path: Path) -> None:
    _ws, findings = load_workspace(write_ws(tmp_path, {"workspace.toml": ""}))
    assert codes(findings) == ["WS001"]


def test_not_a_workspace_raises_with_advice(tmp_path: Path) -> None:
    with pytest.raises(NotAWorkspace, match="ducu init"):
        load_workspace(tmp_path)
    with pytest.raises(NotAWorkspace, match="no such folder"):
        load_workspace(tmp_path / "missing")


def test_find_root_walks_up(tmp_path: Path) -> None:
    write_ws(tmp_path, {"projects/acme-crm.toml": PROJECT})
    assert find_root(tmp_path / "projects") == tmp_path.resolve()


def test_loading_never_writes(tmp_path: Path) -> None:
    write_ws(tmp_path, {"projects/acme-crm.toml": PROJECT, "projects/bad.toml": "[project\n"})
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*") if p.is_file()}
    load_workspace(tmp_path)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*") if p.is_file()}
    assert before == after


def test_fast_path_gives_the_same_records_as_the_careful_path(tmp_path: Path) -> None:
    from tests.helpers.workspace import SAMPLE
    from workspace_schema.load.loader import Loader

    for root in (SAMPLE, write_ws(tmp_path, {"projects/acme-crm.toml": PROJECT})):
        loader = Loader(Path(root))
        for rel, pid in loader.folder("projects"):
            data = loader.read(rel)
            fast = loader.project_fast(data, rel, pid)
            assert fast is not None, rel
            careful = Loader(Path(root))
            careful.read(rel)
            careful.project_fast = lambda *a: None  # force the record-by-record path
            assert careful.project(rel, pid) == fast
            assert careful.findings == []


def test_fast_path_steps_aside_for_anything_to_report(tmp_path: Path) -> None:
    from workspace_schema.load.loader import Loader

    write_ws(tmp_path, {"projects/p.toml": PROJECT.replace('owner = "bob"', 'ownr = "bob"')})
    loader = Loader(tmp_path)
    data = loader.read("projects/p.toml")
    assert loader.project_fast(data, "projects/p.toml", "p") is None


def test_a_list_of_accountables_is_one_finding_at_its_own_line(tmp_path: Path) -> None:
    """accountable = ["a", "b"]: one TYPE001 at that key's line saying accountable is one person; no RACI001."""
    from workspace_schema.rules import check

    text = PROJECT.replace('accountable = "bob"', 'accountable = ["bob", "alice"]')
    write_ws(tmp_path, {"projects/crm.toml": text})
    ws, findings = load_workspace(tmp_path)
    line = text.splitlines().index('accountable = ["bob", "alice"]') + 1
    bad = [f for f in findings if f.code == "TYPE001"]
    assert [(f.file, f.line) for f in bad] == [("projects/crm.toml", line)]
    assert bad[0].message.startswith(
        '`milestones.export-k3f9.raci.accountable` = ["bob", "alice"] is not valid; expected one person (a handle'
    )
    milestone = ws.projects["crm"].milestones["export-k3f9"]
    assert milestone.raci is not None and milestone.raci.responsible == ["bob"]
    assert milestone.raci.accountable is None
    rules = check(ws, dt.date(2026, 11, 27))
    assert [f for f in rules if f.item == "crm/export-k3f9" and f.code.startswith("RACI")] == []


def test_a_long_value_is_cut_with_an_ellipsis(tmp_path: Path) -> None:
    text = PROJECT.replace('status = "waiting"', f'status = "{"w" * 80}"')
    write_ws(tmp_path, {"projects/crm.toml": text})
    _, findings = load_workspace(tmp_path)
    (bad,) = [f for f in findings if f.code == "TYPE001"]
    assert f'= "{"w" * 59}…" is not valid' in bad.message
