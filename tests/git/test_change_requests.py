"""Change requests: impact through depends_on, approve / reject with one commit and a baseline tag, request, baseline diff.

Real git in tmp_path; the identity comes from the environment (CI has none).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
import rtoml

from tests.helpers.workspace import write_ws
from tui.cli import main
from workspace_schema import changes as C
from workspace_schema.edit import edits
from workspace_schema.edit import values as edit_values
from workspace_schema.git import commit as git_commit
from workspace_schema.git.runner import GitError
from workspace_schema.load.loader import load_workspace

D = dt.date
TODAY = D(2026, 11, 27)

PEOPLE = """\
[people.alice]
name = "Alice Wong"
emails = ["alice@example.com"]
org = "us"

[people.bob]
name = "Bob Kim"
emails = ["bob@acme.example"]
org = "acme"

[people.carol]
name = "Carol Ng"
emails = ["carol@example.com", "carol@users.noreply.example"]
org = "acme"
"""

PROJECT = """\
[project]
title = "CRM rollout"
client = "acme"
owner = "alice"
start = 2026-10-05
due = 2027-03-31

[milestones.export]
title = "Acme delivers the export"
side = "client"
owner = "bob"
status = "waiting"
start = 2026-11-16
due = 2026-12-04              # the client's date
baseline_due = 2026-12-04

[milestones.export.raci]
accountable = "carol"

[milestones.import]
title = "Contacts imported"
status = "todo"
start = 2026-12-07
due = 2027-01-15
baseline_due = 2027-01-15
depends_on = ["export"]

[milestones.import.raci]
accountable = "alice"

[milestones.pilot]
title = "Pilot"
start = 2027-01-18
due = 2027-03-26
baseline_due = 2027-03-26
depends_on = ["import"]

[milestones.golive]
title = "Go-live"
start = 2027-03-29
due = 2027-03-31
baseline_due = 2027-03-31
depends_on = ["pilot"]

[milestones.docs]
title = "Docs, already done"
status = "done"
start = 2026-11-20
due = 2026-11-25
depends_on = ["export"]

[milestones.parallel]
title = "Starts well after the export"
start = 2027-01-20
due = 2027-02-01
depends_on = ["export"]

[tasks.script]
title = "Import script"
milestone = "export"
start = 2026-11-20
due = 2026-12-03

[tasks.load]
title = "Test load"
milestone = "import"
start = 2026-12-14
due = 2027-01-08
depends_on = ["export"]

[changes.slip]
summary = "Export slips two weeks"
requested_by = "bob"
requested_on = 2026-11-20
reason = "DBA on leave"
status = "proposed"
moves = { export = 2026-12-18 }

[changes.pullin]
summary = "Export a week early"
requested_by = "bob"
requested_on = 2026-11-21
reason = "DBA back early"
status = "proposed"
moves = { export = 2026-11-27 }
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str]) -> Path:
    root = write_ws(tmp_path / "ws", {"people.toml": PEOPLE, "projects/crm.toml": PROJECT})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return root


def load(root: Path):
    return load_workspace(root)[0]


def plan(root: Path) -> dict:
    return rtoml.loads((root / "projects/crm.toml").read_text("utf-8"))


def commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD"))


# --- impact --------------------------------------------------------------------------------


def test_impact_moves_successors_transitively_and_the_project_due(repo: Path) -> None:
    imp = C.impact(load(repo), "crm", "slip")
    got = {m.item_id: (m.old_due, m.new_due, m.days, m.reason) for m in imp.moves}
    assert got == {
        "export": (D(2026, 12, 4), D(2026, 12, 18), 14, "requested"),
        "import": (D(2027, 1, 15), D(2027, 1, 29), 14, "after export"),
        "load": (D(2027, 1, 8), D(2027, 1, 22), 14, "after export"),
        "pilot": (D(2027, 3, 26), D(2027, 4, 9), 14, "after import"),
        "golive": (D(2027, 3, 31), D(2027, 4, 14), 14, "after pilot"),
    }
    assert imp.moves[0].item_id == "export"  # requested first
    moved = {m.item_id: m for m in imp.moves}
    assert moved["import"].new_start == D(2026, 12, 21)  # the duration is kept
    assert moved["export"].new_start == D(2026, 11, 16)  # a requested move changes the due only
    assert "docs" not in got and "parallel" not in got  # done / starts after the new due
    assert (imp.project_due_old, imp.project_due_new, imp.project_days) == (D(2027, 3, 31), D(2027, 4, 14), 14)
    assert imp.accountable == ["carol", "alice"]
    assert imp.late_tasks == [] and imp.warnings == []


def test_impact_lists_tasks_that_would_end_after_a_milestone_pulled_in(repo: Path) -> None:
    imp = C.impact(load(repo), "crm", "pullin")
    assert [(m.item_id, m.days) for m in imp.moves] == [("export", -7)]  # an earlier date pushes nothing
    assert [(t.ref, t.due, t.milestone_due) for t in imp.late_tasks] == [
        ("crm/script", D(2026, 12, 3), D(2026, 11, 27))
    ]
    assert any("script" in w for w in imp.warnings)
    assert imp.project_due_new == imp.project_due_old == D(2027, 3, 31) and not imp.project_due_moves


def test_impact_warns_about_unknown_items_and_survives_cycles(repo: Path) -> None:
    cycle = 'depends_on = ["export"]\n\n[milestones.import.raci]'
    assert cycle in PROJECT
    text = PROJECT.replace(
        cycle, cycle.replace('"export"', '"export", "golive"')
    )  # import -> pilot -> golive -> import
    text = text.replace("moves = { export = 2026-12-18 }", "moves = { export = 2026-12-18, nothing = 2026-12-20 }")
    (repo / "projects/crm.toml").write_text(text, "utf-8")
    imp = C.impact(load(repo), "crm", "slip")
    assert {m.item_id for m in imp.moves} == {"export", "import", "load", "pilot", "golive"}
    assert all(m.days == 14 for m in imp.moves)
    assert any("nothing" in w for w in imp.warnings)


# --- approve -------------------------------------------------------------------------------


def test_approve_by_the_accountable_applies_rebaselines_commits_once_and_tags(repo: Path) -> None:
    before = commits(repo)
    d = C.approve(load(repo), repo, "crm", "slip", "carol", TODAY)
    assert d.warning is None
    data = plan(repo)
    ms = data["milestones"]
    assert (ms["export"]["due"], ms["export"]["baseline_due"], ms["export"]["start"]) == (
        D(2026, 12, 18),
        D(2026, 12, 18),
        D(2026, 11, 16),
    )
    assert (ms["import"]["start"], ms["import"]["due"], ms["import"]["baseline_due"]) == (
        D(2026, 12, 21),
        D(2027, 1, 29),
        D(2027, 1, 29),
    )
    assert ms["golive"]["due"] == ms["golive"]["baseline_due"] == D(2027, 4, 14)
    assert ms["parallel"]["due"] == D(2027, 2, 1) and "baseline_due" not in ms["parallel"]
    assert data["tasks"]["load"]["due"] == data["tasks"]["load"]["baseline_due"] == D(2027, 1, 22)
    assert data["project"]["due"] == D(2027, 4, 14)
    change = data["changes"]["slip"]
    assert (change["status"], change["decided_by"], change["decided_on"]) == ("approved", "carol", TODAY)
    assert change["moves"] == {"export": D(2026, 12, 18)}  # the request stays as it was made
    # the comment on the changed line survives
    assert "due = 2026-12-18              # the client's date" in (repo / "projects/crm.toml").read_text("utf-8")
    # exactly one commit, of the project file, with the trailers
    assert commits(repo) == before + 1
    assert git(repo, "rev-parse", "HEAD") == d.commit
    assert git(repo, "show", "--name-only", "--format=", "HEAD") == "projects/crm.toml"
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "log", "-1", "--format=%(trailers:key=Ducu-Change,valueonly)") == "slip"
    assert git(repo, "log", "-1", "--format=%(trailers:key=Approved-by,valueonly)") == "Carol Ng <carol@example.com>"
    assert git(repo, "log", "-1", "--format=%(trailers:key=Ducu-Reason,valueonly)") == "DBA on leave"
    assert git(repo, "log", "-1", "--format=%an") == "Test Author"  # committed as the clone's identity
    # the new baseline: an annotated tag on that commit
    assert d.tag == "baseline/crm/2026-11-27"
    assert git(repo, "cat-file", "-t", d.tag) == "tag"
    assert git(repo, "rev-parse", f"{d.tag}^{{commit}}") == d.commit
    assert "slip" in git(repo, "tag", "-l", "--format=%(contents)", d.tag)
    assert d.change.ref == "crm/slip" and [fc.field for fc in d.change.fields] == [
        "status",
        "decided_by",
        "decided_on",
        "moved_from",
    ]
    assert d.impact is not None and len(d.impact.moves) == 5
    # the agreed old dates stay in the file, so the change still reads from -> to with its impact
    assert change["moved_from"] == {m.item_id: m.old_due for m in d.impact.moves}
    after = C.impact(load(repo), "crm", "slip")
    export = next(m for m in after.moves if m.item_id == "export")
    assert (export.old_due, export.new_due, export.days) == (
        d.impact.moves[0].old_due,
        D(2026, 12, 18),
        (D(2026, 12, 18) - d.impact.moves[0].old_due).days,
    )
    assert export.days > 0 and {m.item_id for m in after.moves} == {m.item_id for m in d.impact.moves}
    from workspace_schema.views.change_list import moves_of

    ws = load(repo)
    (move,) = moves_of(ws.projects["crm"], ws.projects["crm"].changes["slip"])
    assert (move.from_date, move.to) == (d.impact.moves[0].old_due, D(2026, 12, 18)) and move.shift == export.days


def test_approve_by_someone_else_warns_and_applies(repo: Path) -> None:
    d = C.approve(load(repo), repo, "crm", "slip", "bob", TODAY)
    assert d.warning is not None and "bob" in d.warning and "carol" in d.warning
    assert plan(repo)["milestones"]["export"]["due"] == D(2026, 12, 18)
    assert plan(repo)["changes"]["slip"]["decided_by"] == "bob"
    assert git(repo, "log", "-1", "--format=%(trailers:key=Approved-by,valueonly)") == "Bob Kim <bob@acme.example>"


def test_a_failed_approval_commit_leaves_the_file_and_the_index_as_they_were(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    before = (repo / "projects/crm.toml").read_bytes()
    with pytest.raises(GitError):
        C.approve(load(repo), repo, "crm", "slip", "carol", TODAY)
    assert (repo / "projects/crm.toml").read_bytes() == before
    assert git(repo, "status", "--porcelain") == ""


def test_approve_never_moves_an_existing_tag(repo: Path) -> None:
    start = git(repo, "rev-parse", "HEAD")
    git(repo, "tag", "baseline/crm/2026-11-27")
    git(repo, "tag", "-a", "-m", "x", "baseline/crm/2026-11-27-2")
    d = C.approve(load(repo), repo, "crm", "slip", "carol", TODAY)
    assert d.tag == "baseline/crm/2026-11-27-3"
    assert git(repo, "rev-parse", "baseline/crm/2026-11-27^{commit}") == start
    assert git(repo, "rev-parse", "baseline/crm/2026-11-27-2^{commit}") == start
    assert C.latest_baseline(repo, "crm") == "baseline/crm/2026-11-27-3"


def test_a_decided_change_cannot_be_decided_again(repo: Path) -> None:
    C.approve(load(repo), repo, "crm", "slip", "carol", TODAY)
    before, text = commits(repo), (repo / "projects/crm.toml").read_bytes()
    with pytest.raises(edit_values.EditRejected, match="already approved by carol"):
        C.approve(load(repo), repo, "crm", "slip", "carol", TODAY)
    with pytest.raises(edit_values.EditRejected, match="already approved"):
        C.reject(load(repo), repo, "crm", "slip", "carol", TODAY)
    with pytest.raises(edit_values.EditRejected, match="not in people.toml"):
        C.approve(load(repo), repo, "crm", "pullin", "mallory", TODAY)
    assert commits(repo) == before and (repo / "projects/crm.toml").read_bytes() == text


def test_approve_without_a_git_identity_puts_the_file_back(repo: Path, no_git_identity: None) -> None:
    from workspace_schema.git import runner as G

    text = (repo / "projects/crm.toml").read_bytes()
    with pytest.raises(G.NoIdentity):
        C.approve(load(repo), repo, "crm", "slip", "carol", TODAY)
    assert (repo / "projects/crm.toml").read_bytes() == text


# --- reject, request -----------------------------------------------------------------------


def test_reject_sets_the_decision_and_commits(repo: Path) -> None:
    before = commits(repo)
    d = C.reject(load(repo), repo, "crm", "slip", "carol", TODAY, reason="the pilot date is fixed")
    assert d.warning is None and d.tag is None
    data = plan(repo)
    assert data["milestones"]["export"]["due"] == D(2026, 12, 4)
    assert (
        data["changes"]["slip"]["status"],
        data["changes"]["slip"]["decided_by"],
        data["changes"]["slip"]["decided_on"],
    ) == ("rejected", "carol", TODAY)
    assert commits(repo) == before + 1 and git(repo, "status", "--porcelain") == ""
    assert git(repo, "log", "-1", "--format=%(trailers:key=Ducu-Change,valueonly)") == "slip"
    assert git(repo, "log", "-1", "--format=%(trailers:key=Ducu-Reason,valueonly)") == "the pilot date is fixed"
    assert git(repo, "log", "-1", "--format=%(trailers:key=Rejected-by,valueonly)") == "Carol Ng <carol@example.com>"
    assert git(repo, "tag") == ""
    d = C.reject(load(repo), repo, "crm", "pullin", "bob", TODAY)
    assert d.warning is not None and "bob" in d.warning


def test_request_creates_a_proposed_change(repo: Path) -> None:
    ws = load(repo)
    change = C.request(ws, "crm/import", D(2027, 1, 22), "vendor API late", "bob", TODAY)
    cid = change.ref.partition("/")[2]
    assert cid.startswith("import-slip-")
    record = plan(repo)["changes"][cid]
    assert record == {
        "summary": "Contacts imported: due 2027-01-15 -> 2027-01-22 (+7 days)",
        "requested_by": "bob",
        "requested_on": TODAY,
        "reason": "vendor API late",
        "status": "proposed",
        "moves": {"import": D(2027, 1, 22)},
    }
    sha = git_commit.commit_change(repo, change)
    assert git(repo, "log", "-1", "--format=%(trailers:key=Ducu-Reason,valueonly)", sha) == "vendor API late"
    assert [m.item_id for m in C.impact(load(repo), "crm", cid).moves] == ["import", "pilot", "golive"]
    with pytest.raises(edit_values.EditRejected):
        C.request(ws, "crm/import", D(2027, 1, 22), "", "bob", TODAY)  # no reason
    with pytest.raises(edit_values.EditRejected):
        C.request(ws, "crm/nothing", D(2027, 1, 22), "x", "bob", TODAY)
    with pytest.raises(edit_values.EditRejected):
        C.request(ws, "crm/import", D(2027, 1, 15), "x", "bob", TODAY)  # already due then
    with pytest.raises(edit_values.EditRejected):
        C.request(ws, "crm/import", D(2027, 1, 22), "x", "mallory", TODAY)


# --- baseline diff -------------------------------------------------------------------------


def test_baseline_diff_after_a_later_slip(repo: Path) -> None:
    with pytest.raises(C.BaselineError, match="no baseline tag"):
        C.baseline_diff(repo, load(repo), "crm")
    first = C.approve(load(repo), repo, "crm", "slip", "carol", TODAY)
    rows = C.baseline_diff(repo, load(repo), "crm")
    assert all(r.state == "same" for r in rows)
    # later: the export slips again without a change, a task is added, one removed
    ws = load(repo)
    git_commit.commit_change(repo, edits.set_field(ws, "crm/export", "due", D(2026, 12, 25), reason="still on leave"))
    ws = load(repo)
    git_commit.commit_change(
        repo,
        edits.add_record(
            ws, "crm", "tasks", {"title": "Rehearse", "milestone": "import", "due": D(2027, 1, 20)}, rid="rehearse"
        ),
    )
    ws = load(repo)
    git_commit.commit_change(repo, edits.delete_record(ws, "crm/script"))
    rows = {r.ref: r for r in C.baseline_diff(repo, load(repo), "crm")}
    assert rows["crm"].kind == "project" and rows["crm"].state == "same" and rows["crm"].now == D(2027, 4, 14)
    export = rows["crm/export"]
    assert (export.kind, export.baseline, export.now, export.days, export.state) == (
        "milestone",
        D(2026, 12, 18),
        D(2026, 12, 25),
        7,
        "moved",
    )
    assert (rows["crm/rehearse"].state, rows["crm/rehearse"].baseline, rows["crm/rehearse"].now) == (
        "added",
        None,
        D(2027, 1, 20),
    )
    assert (
        rows["crm/script"].state,
        rows["crm/script"].baseline,
        rows["crm/script"].now,
        rows["crm/script"].title,
    ) == ("removed", D(2026, 12, 3), None, "Import script")
    assert rows["crm/import"].state == "same"
    # the same by tag name, by its date, and against the first commit
    assert C.baseline_diff(repo, load(repo), "crm", first.tag) == C.baseline_diff(repo, load(repo), "crm", "2026-11-27")
    root_commit = git(repo, "rev-list", "--max-parents=0", "HEAD")
    old = {r.ref: r for r in C.baseline_diff(repo, load(repo), "crm", root_commit)}
    assert (old["crm/export"].baseline, old["crm/export"].days) == (D(2026, 12, 4), 21)
    assert old["crm"].days == 14
    with pytest.raises(C.BaselineError, match="no tag or commit"):
        C.baseline_diff(repo, load(repo), "crm", "2020-01-01")


# --- the command line ----------------------------------------------------------------------


def test_cli_request_impact_approve_and_baseline_diff(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    w = ["-w", str(repo)]
    assert main(["change", "impact", "crm/sl", *w]) == 0
    out = capsys.readouterr().out
    assert "crm/slip (proposed): Export slips two weeks" in out
    assert "import" in out and "+14 days" in out and "after export" in out
    assert "project due 2027-03-31 -> 2027-04-14 (+14 days)" in out
    assert "decides: carol, alice" in out
    # the current person comes from the git identity; Test Author is nobody in people.toml
    assert main(["change", "approve", "crm/slip", *w]) == 1
    assert "people.toml" in capsys.readouterr().err
    assert main(["change", "approve", "crm/slip", "--as", "bob", *w]) == 0
    out, err = capsys.readouterr()
    assert "approved by bob" in out and "baseline/crm/2026-11-27" in out
    assert "warning: bob is not accountable" in err
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "carol@users.noreply.example")  # Carol's second email: she is the one asking
    assert main(["change", "request", "crm/export", "--to", "2026-12-31", "--reason", "still on leave", *w]) == 0
    out = capsys.readouterr().out
    assert "add change export-slip-" in out and "next: ducu change impact crm/export-slip-" in out
    cid = next(c for c in plan(repo)["changes"] if c.startswith("export-slip-"))
    assert plan(repo)["changes"][cid]["requested_by"] == "carol"
    assert main(["change", "reject", f"crm/{cid}", "--reason", "no", *w]) == 0
    assert "rejected by carol" in capsys.readouterr().out
    assert main(["set", "crm/export", "due=2026-12-21", *w]) == 0
    capsys.readouterr()
    assert main(["baseline", "diff", "crm", *w]) == 0
    out = capsys.readouterr().out
    assert "against baseline/crm/2026-11-27" in out
    assert "export" in out and "2026-12-18 -> 2026-12-21" in out and "+3 days" in out
    assert "unchanged" in out
    assert main(["baseline", "list", "crm", *w]) == 0
    assert capsys.readouterr().out == "baseline/crm/2026-11-27\n"
    assert main(["change", "approve", "crm/nope", *w]) == 1
    assert "no change" in capsys.readouterr().err
    assert main(["baseline", "diff", "crm", "1999-01-01", *w]) == 1
