"""Review minutes: the draft survives a crash; finish writes the review and every edit in ONE commit."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import rtoml

from tests.helpers.gitteam import sample_clone
from tests.helpers.workspace import REPO, copy_sample
from workspace_schema import review as minutes
from workspace_schema.git import runner as G
from workspace_schema.load.loader import load_workspace
from workspace_schema.review import NewAction

TODAY = dt.date(2026, 11, 27)
ACME = "projects/acme-crm.toml"
REVIEW = "reviews/2026-11-27-acme-crm.toml"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, git_identity: dict[str, str]) -> Path:
    root = sample_clone(tmp_path)
    return root


def meeting(ws) -> minutes.Draft:
    """The Acme meeting of 2026-11-27, recorded the same way every time."""
    draft = minutes.new_draft(ws, "acme-crm", TODAY)
    assert [i.ref.partition("/")[2] for i in draft.items] == [
        "dedupe-rules-j5sp",
        "readonly-account-w3nr",
        "import-script-x2m1",
        "data-export-k3f9",
        "export-owner-away-r5tb",
        "holiday-freeze-p7q2",
        "contacts-migrated-7m2k",
        "reps-active-q4hn",
        "freeze-banner-k5vq",  # the improvement register's open one, on every agenda
    ]
    minutes.record(draft, 0, "done", note="Dana approved the rules on Wednesday")
    minutes.record(
        draft, "acme-crm/readonly-account-w3nr", "moved", new_due=dt.date(2026, 12, 9), reason="Acme IT is slow"
    )
    minutes.record(draft, 2, "reassigned", new_owner="raj")
    minutes.record(
        draft,
        3,
        "action",
        action=NewAction(
            title="Call Ben about the export", owner="hannah", due=dt.date(2026, 12, 1), id="call-ben-k7q2"
        ),
    )
    minutes.record(draft, 4, "noted", note="Ben back on 12-01")
    minutes.record(draft, 5, "done")  # the drill was held in the meeting
    minutes.record(draft, 6, "skipped")
    # item 7 is left undiscussed
    minutes.record(draft, 8, "noted", note="Banner up on the old intranet")  # an improvement: the team's only
    draft.attendees = ["hannah", "raj", "dgreen"]
    draft.decisions = ["Pilot starts 2027-01-18 as planned", "Dana asks Acme IT for the freeze exception"]
    draft.actions.append(
        NewAction(title="Send the signed DPA", owner="dgreen", due=dt.date(2026, 12, 4), id="send-dpa-w2m9")
    )
    draft.satisfaction = 4
    draft.satisfaction_comment = "Happier: the export has a date"
    draft.current = 7
    return draft


def test_finish_writes_review_and_every_edit_in_one_commit(repo: Path) -> None:
    ws, _ = load_workspace(repo)
    draft = meeting(ws)
    minutes.save_draft(repo, draft)
    before = git(repo, "rev-list", "--count", "HEAD").strip()

    result = minutes.finish(ws, draft, TODAY)

    assert git(repo, "rev-list", "--count", "HEAD").strip() == str(int(before) + 1)  # exactly ONE commit
    stat = git(repo, "show", "--stat=200", "--format=", "HEAD").splitlines()
    assert [line.split("|")[0].strip() for line in stat[:-1]] == [ACME, REVIEW]
    assert stat[-1].startswith(" 2 files changed")
    assert sorted(git(repo, "show", "--format=", "--name-only", "HEAD").split()) == [ACME, REVIEW]
    assert git(repo, "status", "--porcelain") == ""
    subject = git(repo, "log", "-1", "--format=%s").strip()
    assert subject == "Review acme-crm 2026-11-27: 2 done, 1 moved, 1 reassigned, 2 actions"
    body = git(repo, "log", "-1", "--format=%B")
    assert "Ducu-Item: reviews/2026-11-27-acme-crm" in body
    assert "Ducu-Item: acme-crm/readonly-account-w3nr" in body and "Ducu-Item: acme-crm/call-ben-k7q2" in body
    assert "Ducu-Reason: review of 2026-11-27, minutes in reviews/2026-11-27-acme-crm.toml" in body
    assert "Ducu-Reason: readonly-account-w3nr: Acme IT is slow" in body
    assert result.commit == git(repo, "rev-parse", "HEAD").strip()
    assert result.subject == subject and result.tasks == ("call-ben-k7q2", "send-dpa-w2m9")
    assert result.files == (ACME, REVIEW)
    assert result.counts == {"done": 2, "moved": 1, "reassigned": 1, "noted": 2, "action": 2, "skipped": 2}
    assert minutes.load_draft(repo, "acme-crm") is None  # the draft is gone once committed

    ws2, findings = load_workspace(repo, cache=False)
    assert findings == []
    review = ws2.reviews["2026-11-27-acme-crm"]
    assert review.project == "acme-crm" and review.held_on == TODAY
    assert review.attendees == ["hannah", "raj", "dgreen"]
    assert review.satisfaction == 4 and review.satisfaction_comment == "Happier: the export has a date"
    assert review.next_review == dt.date(2026, 12, 4)  # today + review_every (7)
    assert review.decisions == ["Pilot starts 2027-01-18 as planned", "Dana asks Acme IT for the freeze exception"]
    assert review.actions == ["call-ben-k7q2", "send-dpa-w2m9"]
    outcomes = {k: (o.item, o.outcome, o.new_due, o.new_owner, o.note) for k, o in review.outcomes.items()}
    assert outcomes == {
        "dedupe-rules-j5sp": ("dedupe-rules-j5sp", "done", None, None, "Dana approved the rules on Wednesday"),
        "readonly-account-w3nr": ("readonly-account-w3nr", "moved", dt.date(2026, 12, 9), None, "Acme IT is slow"),
        "import-script-x2m1": ("import-script-x2m1", "reassigned", None, "raj", None),
        "data-export-k3f9": (
            "data-export-k3f9",
            "action",
            None,
            None,
            "new task call-ben-k7q2: Call Ben about the export (hannah, due 2026-12-01)",
        ),
        "export-owner-away-r5tb": ("export-owner-away-r5tb", "noted", None, None, "Ben back on 12-01"),
        "holiday-freeze-p7q2": ("holiday-freeze-p7q2", "done", None, None, None),
        "contacts-migrated-7m2k": ("contacts-migrated-7m2k", "skipped", None, None, None),
        "reps-active-q4hn": ("reps-active-q4hn", "skipped", None, None, "not discussed"),
        "freeze-banner-k5vq": (
            "improvements/freeze-banner-k5vq",
            "noted",
            None,
            None,
            "Banner up on the old intranet",
        ),
        "send-dpa-w2m9": (
            "send-dpa-w2m9",
            "action",
            None,
            None,
            "new task: Send the signed DPA (dgreen, due 2026-12-04)",
        ),
    }

    p = ws2.projects["acme-crm"]
    assert (p.tasks["dedupe-rules-j5sp"].status, p.tasks["dedupe-rules-j5sp"].done_on) == ("done", TODAY)
    assert p.tasks["readonly-account-w3nr"].due == dt.date(2026, 12, 9)
    assert p.tasks["import-script-x2m1"].owner == "raj"
    assert p.risks["holiday-freeze-p7q2"].last_drill == TODAY
    call = p.tasks["call-ben-k7q2"]
    assert (call.title, call.owner, call.due, call.start, call.status, call.milestone, call.side) == (
        "Call Ben about the export",
        "hannah",
        dt.date(2026, 12, 1),
        TODAY,
        "todo",
        "data-export-k3f9",
        "team",
    )
    assert (call.raci.responsible, call.raci.accountable) == (["hannah"], "hannah")
    dpa = p.tasks["send-dpa-w2m9"]
    assert (dpa.side, dpa.raci.accountable, dpa.milestone) == (
        "client",
        "dgreen",
        None,
    )  # the client's person answers to the client
    # the rest of the project file is as it was: only the edited lines and the new tasks differ
    diff = git(repo, "show", "--format=", "-U0", "HEAD", "--", ACME)
    removed = [l for l in diff.splitlines() if l.startswith("-") and not l.startswith("---")]
    assert removed == [
        '-owner = "tomas"                 # reassigned from raj in the 2026-11-20 review',
        '-status = "doing"',
        "-due = 2026-12-02",
        "-last_drill = 2026-10-20         # last walk-through; the November one was skipped",
    ]


def test_minutes_markdown_of_the_finished_review(repo: Path) -> None:
    ws, _ = load_workspace(repo)
    draft = meeting(ws)
    draft.decisions.append("Ship [it](javascript:alert(1)) <script>x</script> | now")
    minutes.finish(ws, draft, TODAY)
    ws2, _ = load_workspace(repo, cache=False)
    text = minutes.to_markdown(ws2.reviews["2026-11-27-acme-crm"], ws2)
    assert text.startswith("# Review: CRM rollout for Acme Logistics — 2026-11-27\n")
    assert "**Attendees**: Hannah Okafor, Raj Patel, Dana Green" in text
    assert (
        "| Ask Acme IT for a read-only account on the legacy database | moved | new date 2026-12-09; Acme IT is slow |"
        in text
    )
    assert "| Call Ben about the export | Hannah Okafor | 2026-12-01 | todo |" in text
    assert "Banner up" not in text and "freeze-banner" not in text  # the improvement register stays in the team
    assert "3. Ship \\[it\\](javascript:alert(1)) \\<script\\>x\\</script\\> \\| now" in text
    assert "<script>" not in text and "[it](" not in text
    zh = minutes.to_markdown(ws2.reviews["2026-11-24-huamei-miniapp"], ws2)
    assert zh.startswith("# 例会纪要：会员小程序上线 — 2026-11-24\n") and "## 行动项" in zh


def test_a_rejected_draft_writes_nothing_and_keeps_the_draft(repo: Path) -> None:
    ws, _ = load_workspace(repo)
    draft = meeting(ws)
    draft.items[2].new_owner = "nobody"  # not in people.toml
    draft.items[1].new_due = dt.date(2026, 11, 1)  # before the task's start (11-23)
    draft.actions.append(NewAction(title="No owner"))
    draft.attendees.append("ghost")
    minutes.save_draft(repo, draft)
    head = git(repo, "rev-parse", "HEAD")
    with pytest.raises(minutes.FinishRejected) as caught:
        minutes.finish(ws, draft, TODAY)
    texts = [p.text() for p in caught.value.problems]
    assert any(t.startswith("attendees: ghost: not in people.toml") for t in texts)
    assert any("nobody: not in people.toml" in t for t in texts)
    assert any("before its start 2026-11-23" in t for t in texts)
    assert any(t.startswith("action 2: “No owner” needs an owner") for t in texts)
    assert [p.index for p in caught.value.problems if p.index is not None] == [1, 2]
    assert minutes.problems(ws, draft) == caught.value.problems
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain") == ""
    assert minutes.load_draft(repo, "acme-crm") == draft


def test_a_failed_commit_puts_the_files_back_and_keeps_the_draft(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    ws, _ = load_workspace(repo)
    draft = meeting(ws)
    minutes.save_draft(repo, draft)
    original = (repo / ACME).read_bytes()
    head = git(repo, "rev-parse", "HEAD")
    with pytest.raises(minutes.MinutesError, match="hook says no.*put back"):
        minutes.finish(ws, draft, TODAY)
    assert (repo / ACME).read_bytes() == original
    assert not (repo / REVIEW).exists()
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain") == ""  # nothing left staged either
    assert minutes.load_draft(repo, "acme-crm") == draft
    hook.unlink()
    ws, _ = load_workspace(repo)
    assert minutes.finish(ws, draft, TODAY).commit  # and it goes through once git lets it


def test_a_second_review_the_same_day_is_refused(repo: Path) -> None:
    ws, _ = load_workspace(repo)
    minutes.finish(ws, meeting(ws), TODAY)
    ws, _ = load_workspace(repo)
    again = minutes.new_draft(ws, "acme-crm", TODAY)
    with pytest.raises(minutes.FinishRejected, match="already exists"):
        minutes.finish(ws, again, TODAY)


def test_no_git_identity_writes_nothing(repo: Path, no_git_identity: None) -> None:
    ws, _ = load_workspace(repo)
    draft = meeting(ws)
    with pytest.raises(G.NoIdentity):
        minutes.finish(ws, draft, TODAY)
    assert git(repo, "status", "--porcelain") == ""


CRASH = """\
import datetime as dt, os, signal, sys
sys.path.insert(0, {repo!r})
sys.path.insert(0, {here!r})  # this test file's folder
from workspace_schema.load.loader import load_workspace
from workspace_schema import review as minutes
from test_minutes import meeting
ws, _ = load_workspace({root!r})
draft = meeting(ws)
minutes.save_draft({root!r}, draft)
os.kill(os.getpid(), signal.SIGKILL)  # the laptop dies before anyone presses "finish"
minutes.finish(ws, draft, dt.date(2026, 11, 27))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_meeting_killed_before_finish_resumes_where_it_stopped(repo: Path) -> None:
    script = CRASH.format(repo=str(REPO), here=str(Path(__file__).resolve().parent), root=str(repo))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=repo)
    assert proc.returncode == -9, proc.stderr
    path = minutes.draft_path(repo, "acme-crm")
    assert path.is_file() and path.parent == repo / ".git" / "ducu" / "review-drafts"
    assert git(repo, "status", "--porcelain") == ""  # the draft is not in the working tree
    ws, _ = load_workspace(repo)
    resumed = minutes.load_draft(repo, "acme-crm")
    assert resumed == meeting(ws)
    assert resumed.current == 7 and resumed.items[1].new_due == dt.date(2026, 12, 9)
    assert minutes.drafts(repo) == ["acme-crm"]
    result = minutes.finish(ws, resumed, TODAY)
    assert result.subject.startswith("Review acme-crm 2026-11-27")
    assert minutes.drafts(repo) == []


def test_drafts_outside_git_go_to_the_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = copy_sample(tmp_path, "plain")
    ws, _ = load_workspace(root)
    draft = minutes.new_draft(ws, "huamei-miniapp", TODAY)
    path = minutes.save_draft(root, draft)
    assert path.is_relative_to(tmp_path / "cache" / "ducu" / "review-drafts")
    assert minutes.load_draft(root, "huamei-miniapp") == draft
    # without git, finish saves the files and commits nothing
    minutes.record(draft, 0, "noted", note="法务在盖章")
    result = minutes.finish(ws, draft, TODAY)
    assert result.commit is None and result.files == ("reviews/2026-11-27-huamei-miniapp.toml",)
    saved = rtoml.loads((root / result.review_file).read_text("utf-8"))
    assert saved["outcomes"]["weixin-renzheng-4npz"] == {
        "item": "weixin-renzheng-4npz",
        "outcome": "noted",
        "note": "法务在盖章",
    }
    assert not path.exists()


def test_an_unreadable_draft_is_reported_and_kept(repo: Path) -> None:
    path = minutes.draft_path(repo, "acme-crm")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x93not msgpack at all")
    with pytest.raises(minutes.DraftError, match="not a review draft"):
        minutes.load_draft(repo, "acme-crm")
    assert path.read_bytes() == b"\x93not msgpack at all"


def test_record_checks_the_shape(repo: Path) -> None:
    ws, _ = load_workspace(repo)
    draft = minutes.new_draft(ws, "acme-crm", TODAY)
    assert draft.attendees == ["hannah", "raj", "tomas", "dgreen", "bkim"]  # as at the previous review
    assert draft.held_on == TODAY and all(i.outcome is None for i in draft.items)
    with pytest.raises(minutes.MinutesError, match="new date"):
        minutes.record(draft, 0, "moved")
    with pytest.raises(minutes.MinutesError, match="does not apply"):
        minutes.record(draft, 4, "done")  # a triggered risk: talk, act, or skip
    with pytest.raises(minutes.MinutesError, match="no item 99"):
        minutes.record(draft, 99, "noted")
    with pytest.raises(minutes.MinutesError, match="needs a title"):
        minutes.record(draft, 0, "action", action=NewAction(title=" "))
    item = minutes.record(draft, 0, "moved", new_due=dt.date(2026, 12, 1), new_owner="raj")
    assert item.new_owner is None  # only what the outcome uses is kept
    assert minutes.record(draft, 0, None).outcome is None


def test_draft_files_are_written_atomically(repo: Path) -> None:
    ws, _ = load_workspace(repo)
    draft = minutes.new_draft(ws, "acme-crm", TODAY)
    path = minutes.save_draft(repo, draft)
    draft.decisions.append("second save")
    minutes.save_draft(repo, draft)
    leftovers = [p.name for p in path.parent.iterdir() if p.name != path.name]
    assert leftovers == []
    assert minutes.load_draft(repo, "acme-crm").decisions == ["second save"]
    assert minutes.delete_draft(repo, "acme-crm") and not minutes.delete_draft(repo, "acme-crm")
    with pytest.raises(minutes.DraftError):
        minutes.draft_path(repo, "../escape")
