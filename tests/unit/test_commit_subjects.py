"""A commit subject that had to be cut says so: it ends in "…", never in the middle of a word."""

from __future__ import annotations

from workspace_schema.edit.edits import AppliedEdit, FieldEdit


def test_a_long_list_value_is_cut_with_an_ellipsis() -> None:
    people = [f"person-{i:03d}" for i in range(40)]
    edit = AppliedEdit(
        file="projects/acme-crm.toml", ref="acme-crm/x", verb="set", fields=(FieldEdit("raci.informed", [], people),)
    )
    subject = edit.subject()
    assert subject.startswith("acme-crm: x raci.informed [] -> [person-000, person-001")
    assert subject.endswith("…") and len(subject) <= 200


def test_a_subject_cut_at_200_characters_ends_in_an_ellipsis() -> None:
    fields = tuple(FieldEdit(f"field{i}", "a" * 50, "b" * 50) for i in range(5))
    edit = AppliedEdit(file="projects/acme-crm.toml", ref="acme-crm/x", verb="set", fields=fields)
    subject = edit.subject()
    assert len(subject) == 200 and subject.endswith("…")
    assert edit.message().splitlines()[0] == subject


def test_a_short_subject_is_left_whole() -> None:
    edit = AppliedEdit(
        file="projects/acme-crm.toml", ref="acme-crm/x", verb="set", fields=(FieldEdit("status", "todo", "done"),)
    )
    assert edit.subject() == "acme-crm: x status todo -> done"
