"""Library edits: checked, one file written, the change described for the commit."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest
import rtoml

from tests.helpers.workspace import copy_sample
from workspace_schema.edit import edits
from workspace_schema.edit import values as edit_values
from workspace_schema.edit.values import EditRejected
from workspace_schema.load.loader import load_workspace

TODAY = dt.date(2026, 11, 27)
PROJECT = "projects/acme-crm.toml"


@pytest.fixture
def ws_root(tmp_path: Path) -> Path:
    root = copy_sample(tmp_path)
    return root


def changed_lines(before: str, after: str) -> list[str]:
    return [
        l
        for l in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if l[:1] in "+-" and l[:3] not in ("+++", "---")
    ]


def load(root: Path):
    ws, _findings = load_workspace(root)
    return ws


def test_set_due_changes_one_line_and_describes_itself(ws_root: Path) -> None:
    before = (ws_root / PROJECT).read_text("utf-8")
    ws = load(ws_root)
    old = ws.projects["acme-crm"].milestones["data-export-k3f9"].due
    change = edits.set_field(ws, "acme-crm/data-export-k3f9", "due", dt.date(2026, 12, 18), reason="DBA still away")
    after = (ws_root / PROJECT).read_text("utf-8")
    lines = changed_lines(before, after)
    assert len(lines) == 2 and lines[0].startswith("-due = ") and lines[1].startswith("+due = 2026-12-18")
    assert load(ws_root).projects["acme-crm"].milestones["data-export-k3f9"].due == dt.date(2026, 12, 18)
    assert change.subject() == f"acme-crm: data-export-k3f9 due {old.isoformat()} -> 2026-12-18"
    message = change.message()
    assert "Ducu-Item: acme-crm/data-export-k3f9\nDucu-Field: due\nDucu-Reason: DBA still away" in message


def test_reason_cannot_inject_trailers_or_lines(ws_root: Path) -> None:
    ws = load(ws_root)
    change = edits.set_field(
        ws, "acme-crm/data-export-k3f9", "title", "x\nDucu-Item: evil", reason="a\nApproved-by: mallory"
    )
    message = change.message()
    assert message.count("\n") == message.rstrip("\n").count("\n") + 1
    assert "\nApproved-by" not in message and "\nDucu-Item: evil" not in message


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("owner", "nobody", "not in people.toml"),
        ("status", "late", "expected one of"),
        ("due", "next week", "expected a date"),
        ("depends_on", ["no-such-item"], "no such item"),
        ("ownr", "hannah", "not a field here"),
    ],
)
def test_rejected_edits_write_nothing(ws_root: Path, field: str, value: object, match: str) -> None:
    before = (ws_root / PROJECT).read_bytes()
    with pytest.raises(EditRejected, match=match) as info:
        edits.set_field(load(ws_root), "acme-crm/data-export-k3f9", field, value)
    assert info.value.field in (field, "")
    assert (ws_root / PROJECT).read_bytes() == before


def test_parse_value_accepts_what_people_type() -> None:
    from workspace_schema.core.records import Milestone, Risk

    assert edit_values.parse_value(Milestone, "due", "+3d", TODAY) == dt.date(2026, 11, 30)
    assert edit_values.parse_value(Milestone, "due", "", TODAY) is None
    assert edit_values.parse_value(Milestone, "depends_on", "a, b c", TODAY) == ["a", "b", "c"]
    assert edit_values.parse_value(Milestone, "status", "Done", TODAY) == "done"
    assert edit_values.parse_value(Risk, "probability", "4", TODAY) == 4
    with pytest.raises(EditRejected, match="whole number"):
        edit_values.parse_value(Risk, "probability", "high", TODAY)
    with pytest.raises(EditRejected, match="2026-12-11"):
        edit_values.parse_value(Milestone, "due", "someday", TODAY)


def test_set_raci_keeps_one_letter_per_person_and_one_accountable(ws_root: Path) -> None:
    ws = load(ws_root)
    ref = "acme-crm/data-export-k3f9"
    raci = ws.projects["acme-crm"].milestones["data-export-k3f9"].raci
    someone = next(p for p in ws.people if p != raci.accountable and p not in raci.responsible)
    edits.set_raci(ws, ref, someone, "A")
    raci2 = load(ws_root).projects["acme-crm"].milestones["data-export-k3f9"].raci
    assert raci2.accountable == someone
    edits.set_raci(load(ws_root), ref, someone, "C")
    raci3 = load(ws_root).projects["acme-crm"].milestones["data-export-k3f9"].raci
    assert raci3.accountable is None and someone in raci3.consulted
    edits.set_raci(load(ws_root), ref, someone, None)
    raci4 = load(ws_root).projects["acme-crm"].milestones["data-export-k3f9"].raci
    assert someone not in raci4.consulted


def test_toggle_step_trigger_and_drill(ws_root: Path) -> None:
    ws = load(ws_root)
    risk_id = next(r.id for r in ws.projects["acme-crm"].risks.values() if r.steps and r.status == "watching")
    ref = f"acme-crm/{risk_id}"
    step_id, step = next(iter(ws.projects["acme-crm"].risks[risk_id].steps.items()))
    edits.toggle_step(ws, ref, step_id)
    assert load(ws_root).projects["acme-crm"].risks[risk_id].steps[step_id].done is (not step.done)
    edits.trigger_risk(load(ws_root), ref, TODAY)
    edits.record_drill(load(ws_root), ref, TODAY)
    risk = load(ws_root).projects["acme-crm"].risks[risk_id]
    assert (risk.status, risk.triggered_on, risk.last_drill) == ("triggered", TODAY, TODAY)


def test_add_and_delete_a_task(ws_root: Path) -> None:
    before = (ws_root / PROJECT).read_text("utf-8")
    change = edits.add_record(
        load(ws_root),
        "acme-crm",
        "tasks",
        {"title": "Send the DPA", "owner": "hannah", "due": dt.date(2026, 12, 3), "milestone": "data-export-k3f9"},
    )
    item_id = change.ref.split("/")[1]
    assert item_id.startswith("send-the-dpa-")
    assert rtoml.load(ws_root / PROJECT)["tasks"][item_id]["due"] == dt.date(2026, 12, 3)
    edits.delete_record(load(ws_root), change.ref)
    assert (ws_root / PROJECT).read_text("utf-8") == before


@pytest.mark.parametrize(
    ("table", "fields", "heading"),
    [
        ("tasks", {"title": "Send the DPA", "owner": "hannah", "milestone": "data-export-k3f9"}, "# --- Risks"),
        ("changes", {"summary": "Move the pilot", "requested_by": "hannah"}, "# --- Communication log"),
        ("log", {"on": dt.date(2026, 11, 27), "by": "hannah", "summary": "Called Ben"}, None),
    ],
)
def test_a_new_record_goes_after_the_last_of_its_kind(
    ws_root: Path, table: str, fields: dict, heading: str | None
) -> None:
    """Not at the end of the file, under another section's heading: after the last record of its kind
    (and its sub-tables), before the next section's comment; every other byte stays."""
    before = (ws_root / PROJECT).read_text("utf-8")
    _, findings_before = load_workspace(ws_root)
    rid = edits.add_record(load(ws_root), "acme-crm", table, fields).ref.split("/")[1]
    after = (ws_root / PROJECT).read_text("utf-8")
    head = after.index(f"\n[{table}.{rid}]\n") + 1
    prefix = next(i for i, (a, b) in enumerate(zip(before + "\0", after, strict=False)) if a != b)
    suffix = next(i for i, (a, b) in enumerate(zip(before[::-1] + "\0", after[::-1], strict=False)) if a != b)
    assert prefix + suffix >= len(before) and prefix <= head  # only lines added, around the new header
    headers = [line.split("]")[0] for line in after.splitlines() if line.startswith("[")]
    mine = headers.index(f"[{table}.{rid}")
    assert headers[mine - 1].startswith(f"[{table}.")  # right after a record of its kind ...
    assert not any(h.startswith(f"[{table}.") for h in headers[mine + 1 :])  # ... the last one
    if heading:
        assert head < after.index(heading)
        assert "# ---" not in after[after.rindex(f"[{table}.", 0, head - 1) : head]
    _, findings_after = load_workspace(ws_root)
    assert [f.code for f in findings_after] == [f.code for f in findings_before]


def test_the_first_record_of_a_kind_goes_before_the_kinds_that_follow(tmp_path: Path) -> None:
    from workspace_schema.edit.storage import Edit

    path = tmp_path / "p.toml"
    text = '[project]\ntitle = "P"\n\n[milestones.m]\ntitle = "M"\n\n# --- Log\n\n[log.a]\nsummary = "x"\n'
    path.write_text(text, "utf-8")
    ed = Edit.open(path)
    ed.add_record(("risks",), "r", {"title": "R"})
    ed.add_record(("people",), "p", {"name": "P"})
    ed.save()
    assert (
        path.read_text("utf-8")
        == text.replace('"M"\n\n# --- Log', '"M"\n\n[risks.r]\ntitle = "R"\n\n# --- Log') + '\n[people.p]\nname = "P"\n'
    )


def test_add_person(ws_root: Path) -> None:
    edits.add_person(load(ws_root), "zhao", {"name": "赵磊", "org": "huamei", "emails": ["zhao@example.cn"]})
    assert load(ws_root).people["zhao"].name == "赵磊"
    with pytest.raises(EditRejected, match="taken"):
        edits.add_person(load(ws_root), "zhao", {"name": "again"})


def test_edit_of_a_file_changed_on_disk_keeps_both(ws_root: Path) -> None:
    from workspace_schema.edit.storage import StaleFile

    ws = load(ws_root)
    # someone else saves a different field after we loaded: our edit re-reads the file, so both survive
    path = ws_root / PROJECT
    path.write_text(
        path.read_text("utf-8").replace('title = "CRM rollout for Acme Logistics"', 'title = "CRM rollout (phase 1)"'),
        "utf-8",
    )
    edits.set_field(ws, "acme-crm/data-export-k3f9", "due", dt.date(2026, 12, 18))
    data = rtoml.load(path)
    assert data["project"]["title"] == "CRM rollout (phase 1)"
    assert data["milestones"]["data-export-k3f9"]["due"] == dt.date(2026, 12, 18)
    assert StaleFile  # the race inside one save is covered in test_storage


# --- what the app's forms use: values as typed, checks before writing --------------


def _records(ws):
    from workspace_schema.core import records as R

    for pid, project in ws.projects.items():
        yield pid, R.ProjectHeader, project
        for table, cls in R.ITEM_KINDS.items():
            for record in getattr(project, table).values():
                yield f"{pid}/{record.id}", cls, record
                for sid, step in getattr(record, "steps", {}).items():
                    yield f"{pid}/{record.id}/steps/{sid}", R.Step, step
    for handle, person in ws.people.items():
        yield f"people/{handle}", R.Person, person


def test_every_field_of_the_sample_reads_back_from_its_text(ws_root: Path) -> None:
    """A form shows text_of(value); saving it unchanged must parse to the same value."""
    ws = load(ws_root)
    seen = 0
    for ref, cls, record in _records(ws):
        for name, value in edit_values.current_values(record, cls).items():
            text = edit_values.text_of(value)
            parsed = edit_values.parse_value(cls, name, text, TODAY)
            if value in ([], "") and parsed is None:
                continue
            assert parsed == value, (ref, name, text)
            seen += 1
    assert seen > 300


def test_moves_are_typed_as_item_date_pairs_and_checked(ws_root: Path) -> None:
    from workspace_schema.core.records import ChangeRequest

    assert edit_values.parse_value(
        ChangeRequest, "moves", "data-export-k3f9 = 2026-12-18, go-live-5mfe=+1w", TODAY
    ) == {
        "data-export-k3f9": dt.date(2026, 12, 18),
        "go-live-5mfe": dt.date(2026, 12, 4),
    }
    with pytest.raises(EditRejected, match="item = date") as info:
        edit_values.parse_value(ChangeRequest, "moves", "data-export-k3f9 2026-12-18", TODAY)
    assert info.value.field == "moves"
    with pytest.raises(EditRejected, match="someday"):
        edit_values.parse_value(ChangeRequest, "moves", "data-export-k3f9 = someday", TODAY)
    ws = load(ws_root)
    change_id = next(iter(ws.projects["acme-crm"].changes))
    before = (ws_root / PROJECT).read_bytes()
    with pytest.raises(EditRejected, match="no-such-item") as info:
        edits.set_field(ws, f"acme-crm/{change_id}", "moves", {"no-such-item": dt.date(2026, 12, 18)})
    assert info.value.field == "moves" and (ws_root / PROJECT).read_bytes() == before
    edits.set_field(ws, f"acme-crm/{change_id}", "moves", {"data-export-k3f9": dt.date(2026, 12, 18)})
    assert load(ws_root).projects["acme-crm"].changes[change_id].moves == {"data-export-k3f9": dt.date(2026, 12, 18)}


def test_checks_run_without_writing(ws_root: Path) -> None:
    from workspace_schema.core.records import Person, Task

    ws = load(ws_root)
    before = (ws_root / PROJECT).read_bytes()
    target = edits.check_fields(ws, "acme-crm/data-export-k3f9", {"due": dt.date(2026, 12, 18), "owner": "bkim"})
    assert target.file == PROJECT
    with pytest.raises(EditRejected) as info:
        edits.check_fields(ws, "acme-crm/data-export-k3f9", {"raci.accountable": "nobody"})
    assert info.value.field == "raci.accountable"
    edits.check_new(
        ws, Task, {"title": "x", "milestone": "data-export-k3f9", "raci": {"accountable": "hannah"}}, "acme-crm"
    )
    with pytest.raises(EditRejected) as info:
        edits.check_new(ws, Task, {"title": "x", "milestone": "nope"}, "acme-crm")
    assert info.value.field == "milestone"
    with pytest.raises(EditRejected):
        edits.check_new(ws, Person, {"name": "x", "org": 3})
    assert (ws_root / PROJECT).read_bytes() == before


def test_an_edit_never_overwrites_a_file_that_does_not_parse(ws_root: Path) -> None:
    """A hand edit left the file broken: the library refuses, the bytes stay as the person left them."""
    from workspace_schema.edit.storage import EditError

    ws = load(ws_root)
    path = ws_root / PROJECT
    broken = path.read_text("utf-8").replace('status = "active"', 'status = "active', 1).encode("utf-8")
    path.write_bytes(broken)
    for fn, args in (
        (edits.set_field, ("acme-crm/data-export-k3f9", "due", dt.date(2026, 12, 18))),
        (edits.add_record, ("acme-crm", "tasks", {"title": "x"})),
        (edits.delete_record, ("acme-crm/data-export-k3f9",)),
    ):
        with pytest.raises(EditError, match="not valid TOML"):
            fn(ws, *args)
        assert path.read_bytes() == broken


@pytest.mark.parametrize(
    ("ref", "field", "value", "match"),
    [
        ("greenleaf-intranet/freeze-announced-late-t2pz", "raised_by", "nobody", "not in people.toml"),
        ("greenleaf-intranet/sso-login-loop-d6tb", "reporter", "nobody", "not in people.toml"),
        ("greenleaf-intranet/editor-training-1-q8rn", "trainer", "nobody", "not in people.toml"),
        ("greenleaf-intranet/editor-training-1-q8rn", "feedback", 7.5, "feedback is 1 to 5"),
    ],
)
def test_the_client_loop_records_refuse_what_validate_would_call_an_error(
    ws_root: Path, ref: str, field: str, value: object, match: str
) -> None:
    path = ws_root / "projects/greenleaf-intranet.toml"
    before = path.read_bytes()
    with pytest.raises(EditRejected, match=match):
        edits.set_field(load(ws_root), ref, field, value)
    assert path.read_bytes() == before
