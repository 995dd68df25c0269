"""What ducu writes to git, read back by a second implementation: GitPython's object model.

ducu drives the git command line (workspace_schema.git); these tests make
real edits through ducu's CLI in clones of the sample with a local bare
remote (tests/helpers/gitteam.py), then read the repository with GitPython
(``git.Repo``: commits, their messages and trailers, parents, trees and blobs,
tags) and check that both agree on what is there. GitPython is a test
dependency only; the library never imports it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import git as gitpython  # GitPython; not workspace_schema.git
import pytest
import rtoml

from tests.helpers.gitteam import ACME, DUE, Team, make_team
from tui.cli import main

EXPORT = DUE[0]  # acme-crm/data-export-k3f9, due 2026-12-11 in the sample
HANNAH = ("Hannah Okafor", "hannah@northwind.digital")  # people.toml: hannah, accountable for acme-crm
RAJ = ("Raj Patel", "raj@northwind.digital")


def as_person(monkeypatch: pytest.MonkeyPatch, who: tuple[str, str]) -> None:
    """Commit as ``who``: CI machines have no git identity, so every test sets its own."""
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", who[0])
        monkeypatch.setenv(f"GIT_{role}_EMAIL", who[1])


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Team:
    """A bare remote and two clones of the sample (``a`` pushed it, ``b`` cloned it); today is 2026-11-27."""
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    as_person(monkeypatch, HANNAH)
    return make_team(tmp_path)


def ducu(root: Path, *args: str) -> None:
    assert main([*args, "-w", str(root)]) == 0


def blob_text(commit: gitpython.Commit, rel: str) -> str:
    return (commit.tree / rel).data_stream.read().decode("utf-8")


def plan_at(commit: gitpython.Commit, rel: str = ACME) -> dict:
    return rtoml.loads(blob_text(commit, rel))


def changed_paths(commit: gitpython.Commit) -> list[str]:
    """The paths a (non-merge) commit changed against its parent, as GitPython's diff sees them."""
    return sorted({d.b_path or d.a_path for d in commit.parents[0].diff(commit)})


def test_a_set_is_one_commit_whose_message_trailers_and_tree_gitpython_reads(team: Team) -> None:
    repo = gitpython.Repo(team.a)
    before = repo.head.commit
    ducu(team.a, "set", EXPORT, "due=2026-12-18", "--reason", "DBA away; Dana agreed")

    commit = repo.head.commit
    assert commit.parents == (before,)
    assert commit.summary == "acme-crm: data-export-k3f9 due 2026-12-11 -> 2026-12-18"
    assert (commit.author.name, commit.author.email) == HANNAH
    assert (commit.committer.name, commit.committer.email) == HANNAH
    assert commit.trailers_dict == {
        "Ducu-Item": [EXPORT],
        "Ducu-Field": ["due"],
        "Ducu-Reason": ["DBA away; Dana agreed"],
    }
    assert changed_paths(commit) == [ACME]
    # the committed blob is the file on disk, byte for byte; the parent still has the old date
    assert (commit.tree / ACME).data_stream.read() == (team.a / ACME).read_bytes()
    assert plan_at(commit)["milestones"]["data-export-k3f9"]["due"] == dt.date(2026, 12, 18)
    assert plan_at(before)["milestones"]["data-export-k3f9"]["due"] == dt.date(2026, 12, 11)
    assert not repo.is_dirty(untracked_files=True)


def test_several_fields_in_one_set_are_one_commit_with_a_field_trailer_each(team: Team) -> None:
    repo = gitpython.Repo(team.a)
    before = repo.head.commit
    ducu(team.a, "set", EXPORT, "due=2026-12-18", "owner=raj")

    commit = repo.head.commit
    assert commit.parents == (before,)
    assert commit.trailers_dict["Ducu-Item"] == [EXPORT]
    assert sorted(commit.trailers_dict["Ducu-Field"]) == ["due", "owner"]
    assert "Ducu-Reason" not in commit.trailers_dict  # no reason given, no trailer
    item = plan_at(commit)["milestones"]["data-export-k3f9"]
    assert (item["due"], item["owner"]) == (dt.date(2026, 12, 18), "raj")
    assert changed_paths(commit) == [ACME]


def test_sync_pushes_the_commit_gitpython_finds_on_the_bare_remote(team: Team) -> None:
    ducu(team.a, "set", EXPORT, "due=2026-12-18")
    ducu(team.a, "sync")

    local, remote = gitpython.Repo(team.a), gitpython.Repo(team.remote)
    assert remote.bare
    pushed = remote.heads.main.commit
    assert pushed == local.head.commit
    assert pushed.hexsha == team.remote_head()  # GitPython and git's rev-parse agree
    assert pushed.trailers_dict["Ducu-Item"] == [EXPORT]
    assert blob_text(pushed, ACME) == (team.a / ACME).read_text("utf-8")


def test_sync_merges_a_teammates_push_into_a_commit_with_two_parents(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = gitpython.Repo(team.b).head.commit
    # Hannah (clone a) moves the export and pushes; Raj (clone b) edits another project and syncs.
    ducu(team.a, "set", EXPORT, "due=2026-12-18", "--reason", "DBA away")
    ducu(team.a, "sync")
    theirs = gitpython.Repo(team.a).head.commit
    as_person(monkeypatch, RAJ)
    other, item = "projects/huamei-miniapp.toml", "小程序开发-8qwe"  # doing, due 2026-12-18
    ducu(team.b, "set", f"huamei-miniapp/{item}", "due=2027-01-08")
    ours = gitpython.Repo(team.b).head.commit
    ducu(team.b, "sync")

    repo = gitpython.Repo(team.b)
    merge = repo.head.commit
    assert len(merge.parents) == 2
    assert merge.parents == (ours, theirs)  # the local commit first, then what was fetched
    assert ours.parents == (start,) and theirs.parents == (start,)
    assert repo.merge_base(ours, theirs) == [start]
    assert ours.trailers_dict["Ducu-Item"] == [f"huamei-miniapp/{item}"]
    assert theirs.trailers_dict == {"Ducu-Item": [EXPORT], "Ducu-Field": ["due"], "Ducu-Reason": ["DBA away"]}
    assert (theirs.author.email, ours.author.email) == (HANNAH[1], RAJ[1])
    # the merged tree has both edits, and the merge was pushed
    assert plan_at(merge)["milestones"]["data-export-k3f9"]["due"] == dt.date(2026, 12, 18)
    assert plan_at(merge, other)["milestones"][item]["due"] == dt.date(2027, 1, 8)
    assert gitpython.Repo(team.remote).heads.main.commit == merge
    assert not repo.is_dirty(untracked_files=True)


def test_approving_a_change_request_commits_it_and_tags_that_commit_as_the_baseline(team: Team) -> None:
    repo = gitpython.Repo(team.a)
    ducu(team.a, "change", "request", EXPORT, "--to", "2026-12-18", "--reason", "Ben is on leave")
    requested = repo.head.commit
    changes = plan_at(requested)["changes"]
    (cid,) = [c for c, change in changes.items() if change.get("status", "proposed") == "proposed"]
    assert requested.trailers_dict["Ducu-Item"] == [f"acme-crm/{cid}"]
    assert repo.tags == []  # a request makes no baseline

    ducu(team.a, "change", "approve", f"acme-crm/{cid}")
    approved = repo.head.commit
    assert approved.parents == (requested,)
    assert approved.summary.startswith(f"acme-crm: approve change {cid}")
    trailers = approved.trailers_dict
    assert trailers["Ducu-Item"][0] == f"acme-crm/{cid}" and EXPORT in trailers["Ducu-Item"]
    assert trailers["Ducu-Reason"] == ["Ben is on leave"]
    assert trailers["Ducu-Change"] == [cid]
    assert len(trailers["Approved-by"]) == 1 and "hannah" in trailers["Approved-by"][0].lower()
    plan = plan_at(approved)
    assert plan["changes"][cid]["status"] == "approved"
    assert plan["changes"][cid]["decided_by"] == "hannah"
    assert plan["milestones"]["data-export-k3f9"]["due"] == dt.date(2026, 12, 18)

    (tag,) = repo.tags
    assert tag.name == "baseline/acme-crm/2026-11-27"
    assert tag.tag is not None  # annotated, with its own tagger and message
    assert tag.commit == approved
    assert tag.tag.message.strip()


def test_rejecting_a_change_request_names_every_field_and_makes_no_tag(team: Team) -> None:
    repo = gitpython.Repo(team.a)
    ducu(team.a, "change", "request", EXPORT, "--to", "2027-01-08", "--reason", "Ben is on leave")
    requested = repo.head.commit
    (cid,) = [c for c, ch in plan_at(requested)["changes"].items() if ch.get("status", "proposed") == "proposed"]

    ducu(team.a, "change", "reject", f"acme-crm/{cid}", "--reason", "Dana needs the export first")
    rejected = repo.head.commit
    assert rejected.parents == (requested,)
    assert rejected.trailers_list[:4] == [
        ("Ducu-Item", f"acme-crm/{cid}"),
        ("Ducu-Field", "status"),
        ("Ducu-Field", "decided_by"),
        ("Ducu-Field", "decided_on"),
    ]
    assert rejected.trailers_dict["Ducu-Reason"] == ["Dana needs the export first"]
    assert rejected.trailers_dict["Ducu-Change"] == [cid]
    assert "Rejected-by" in rejected.trailers_dict
    plan = plan_at(rejected)
    assert plan["changes"][cid]["status"] == "rejected"
    assert plan["milestones"]["data-export-k3f9"]["due"] == dt.date(2026, 12, 11)  # no date moved
    assert changed_paths(rejected) == [ACME]
    assert repo.tags == []
