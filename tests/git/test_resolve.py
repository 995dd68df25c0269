"""Resolving conflicts field by field (workspace_schema.merge.resolve) against real git: a bare remote, two clones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import rtoml

from tests.helpers.gitteam import ACME, DUE, Team, conflict, edit, g, make_team, value
from workspace_schema.git import status as repo_status
from workspace_schema.git import sync
from workspace_schema.merge import resolve
from workspace_schema.merge.resolve import OURS, THEIRS, Choice, ResolveError, parse_typed


@pytest.fixture
def team(tmp_path: Path, git_identity: dict[str, str]) -> Team:
    return make_team(tmp_path)


def test_lists_the_field_with_base_ours_theirs_and_who(team: Team) -> None:
    conflict(team)
    files = resolve.conflicts(team.b)
    assert [f.file for f in files] == [ACME]
    fc = files[0]
    assert not fc.editor_only and fc.theirs_by == "Test Author"
    (c,) = fc.fields
    assert (c.item, c.field, c.table_path, c.key) == (
        "data-export-k3f9",
        "due",
        ("milestones", "data-export-k3f9"),
        "due",
    )
    assert (c.base, c.ours, c.theirs) == (dt.date(2026, 12, 11), dt.date(2027, 1, 8), dt.date(2026, 12, 18))
    assert c.title == "Acme delivers the legacy data export"
    assert fc.line > 0  # the working file has git's markers there


@pytest.mark.parametrize(
    ("choice", "want"),
    [
        (THEIRS, dt.date(2026, 12, 18)),
        (OURS, dt.date(2027, 1, 8)),
        (Choice("value", dt.date(2027, 2, 1)), dt.date(2027, 2, 1)),
    ],
)
def test_each_choice_changes_only_that_line_and_finish_pushes(team: Team, choice: Choice, want: dt.date) -> None:
    conflict(team)
    before = g(team.b, "show", f"HEAD:{ACME}")  # ours, committed
    (fc,) = resolve.conflicts(team.b)
    resolve.write_resolution(team.b, fc, {0: choice})
    text = (team.b / ACME).read_text("utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), text.splitlines()) if a != b]
    assert len(before.splitlines()) == len(text.splitlines())
    if choice is OURS:
        assert changed == []
    else:
        assert len(changed) == 1 and changed[0][1].startswith(f"due = {want.isoformat()}")
        assert changed[0][1].endswith("# moved by the approved change export-slip-w8d1")  # the comment stays
    assert repo_status.status(team.b).conflicted == ()
    merge, result = resolve.finish(team.b)
    assert result.status == "synced", result.message
    assert g(team.b, "rev-list", "--parents", "-1", merge).count(" ") == 2  # a merge commit
    assert team.remote_head() == merge
    assert value(team.b, *DUE) == want
    assert sync.sync(team.a).status == "synced"
    assert g(team.a, "rev-parse", "HEAD^{tree}") == g(team.b, "rev-parse", "HEAD^{tree}")


def test_nothing_is_written_until_a_file_is_resolved(team: Team) -> None:
    conflict(team)
    marked = (team.b / ACME).read_bytes()
    (fc,) = resolve.conflicts(team.b)
    with pytest.raises(ResolveError, match="choose ours, theirs or a value"):
        resolve.write_resolution(team.b, fc, {})
    assert (team.b / ACME).read_bytes() == marked
    st = repo_status.status(team.b)
    assert st.conflicted == (ACME,) and st.merge_in_progress  # git's own state, as any git tool expects


def test_refuses_to_overwrite_a_file_edited_since_it_was_listed(team: Team) -> None:
    conflict(team)
    (fc,) = resolve.conflicts(team.b)
    path = team.b / ACME
    path.write_text(path.read_text("utf-8") + "# fixed by hand meanwhile\n", encoding="utf-8")
    with pytest.raises(ResolveError, match="changed on disk"):
        resolve.write_resolution(team.b, fc, {0: THEIRS})
    assert path.read_text("utf-8").endswith("# fixed by hand meanwhile\n")


def test_never_writes_through_a_link_that_leads_out_of_the_workspace(team: Team, tmp_path: Path) -> None:
    conflict(team)
    (fc,) = resolve.conflicts(team.b)
    outside = tmp_path / "outside.toml"
    outside.write_bytes((team.b / ACME).read_bytes())
    (team.b / ACME).unlink()
    (team.b / ACME).symlink_to(outside)
    with pytest.raises(ResolveError, match="outside the workspace"):
        resolve.write_resolution(team.b, fc, {0: THEIRS})
    assert (team.b / ACME).is_symlink() and b"<<<<<<<" in outside.read_bytes()


def test_a_broken_side_is_listed_for_the_editor_and_staged_once_fixed(team: Team) -> None:
    path_a, path_b = team.a / ACME, team.b / ACME
    path_a.write_text(path_a.read_text("utf-8").replace('title = "CRM', 'title = "Broken CRM', 1), encoding="utf-8")
    g(team.a, "commit", "-q", "-am", "theirs")
    assert sync.sync(team.a).status == "synced"
    path_b.write_text(path_b.read_text("utf-8").replace('title = "CRM', "title = CRM unquoted", 1), encoding="utf-8")
    g(team.b, "commit", "-q", "-am", "ours, not TOML")
    assert sync.sync(team.b).status == "conflicts"
    (fc,) = resolve.conflicts(team.b)
    assert fc.editor_only and fc.fields == () and "editor" in fc.note and fc.line > 0
    with pytest.raises(ResolveError):
        resolve.resolved_text(fc, {})
    assert "conflict marker" in (resolve.mark_resolved(team.b, ACME) or "")
    text = path_b.read_text("utf-8")
    start, end = text.index("<<<<<<<"), text.index(">>>>>>>")
    end = text.index("\n", end) + 1
    theirs_part = text[text.index("=======\n", start) + 8 : text.index(">>>>>>>", start)]
    path_b.write_text(text[:start] + theirs_part + text[end:], encoding="utf-8")
    assert resolve.mark_resolved(team.b, ACME) is None
    assert repo_status.status(team.b).conflicted == ()
    _, result = resolve.finish(team.b)
    assert result.status == "synced"
    assert rtoml.loads(path_b.read_text("utf-8"))["project"]["title"].startswith("Broken CRM")


def test_two_fields_of_one_file_each_get_their_own_choice(team: Team) -> None:
    edit(team.a, *DUE, dt.date(2026, 12, 18))
    edit(team.a, "acme-crm/data-export-k3f9", "status", "blocked")
    assert sync.sync(team.a).status == "synced"
    edit(team.b, *DUE, dt.date(2027, 1, 8))
    edit(team.b, "acme-crm/data-export-k3f9", "status", "doing")
    assert sync.sync(team.b).status == "conflicts"
    (fc,) = resolve.conflicts(team.b)
    by_field = {c.field: c.index for c in fc.fields}
    assert set(by_field) == {"due", "status"}
    resolve.write_resolution(team.b, fc, {by_field["due"]: THEIRS, by_field["status"]: OURS})
    resolve.finish(team.b)
    assert value(team.b, *DUE) == dt.date(2026, 12, 18)
    assert value(team.b, "acme-crm/data-export-k3f9", "status") == "doing"


def test_typed_values_are_read_like_the_sides() -> None:
    day = dt.date(2026, 12, 1)
    assert parse_typed("2027-02-01", [day]) == dt.date(2027, 2, 1)
    assert parse_typed("blocked", ["doing", "waiting"]) == "blocked"
    assert parse_typed("2027-02-01", ["text"]) == "2027-02-01"  # a text field keeps what was typed
    assert parse_typed('"quoted"', ["text"]) == "quoted"
    assert parse_typed("3", [2.5]) == 3.0
    assert parse_typed('["a", "b"]', [["a"]]) == ["a", "b"]
    with pytest.raises(ResolveError, match="date"):
        parse_typed("next week", [day])
    with pytest.raises(ResolveError):
        parse_typed("yes", [True])
