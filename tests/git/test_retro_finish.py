"""Finishing a retro: the minutes (kind = "retro"), its lessons in the project file and the improvement it
puts on the register, in ONE commit."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import rtoml

from tests.helpers.gitteam import sample_clone
from workspace_schema import review as minutes
from workspace_schema.load.loader import load_workspace
from workspace_schema.review.markdown import to_markdown

TODAY = dt.date(2026, 11, 27)


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def test_a_retro_writes_lessons_and_the_register_in_one_commit(tmp_path: Path, git_identity: dict[str, str]) -> None:
    root = sample_clone(tmp_path)
    head = git(root, "rev-parse", "HEAD").strip()
    ws, _ = load_workspace(root)
    draft = minutes.new_draft(ws, "acme-tracking", TODAY, kind="retro")
    minutes.record(draft, "acme-tracking/carrier-api-7wgn", "noted", note="Two carriers changed their API in July")
    draft.attendees = ["raj", "hannah"]
    draft.lessons += [
        minutes.NewLesson(
            title="Carrier APIs changed under us",
            cause="No contract test against the carriers' sandboxes",
            improvement="Run contract tests against every third-party API weekly",
            register=True,
        ),
        minutes.NewLesson(title="Load test came too late", cause="Planned for the last week", raised_by="hannah"),
    ]
    minutes.save_draft(root, draft)
    result = minutes.finish(ws, draft, TODAY)

    assert result.subject == "Retro acme-tracking 2026-11-27: 2 lessons"
    assert git(root, "rev-list", "--count", f"{head}..HEAD").strip() == "1"
    changed = git(root, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(changed) == [
        "improvements.toml",
        "projects/acme-tracking.toml",
        "reviews/2026-11-27-acme-tracking.toml",
    ]
    assert git(root, "status", "--porcelain").strip() == ""
    body = git(root, "log", "-1", "--format=%B")
    project = (root / "projects/acme-tracking.toml").read_text()
    lessons = rtoml.loads(project)["lessons"]
    (l1, first), (l2, second) = lessons.items()
    assert l1.startswith("carrier-apis") and l2.startswith("load-test")
    assert first == {
        "title": "Carrier APIs changed under us",
        "cause": "No contract test against the carriers' sandboxes",
        "improvement": "Run contract tests against every third-party API weekly",
        "status": "open",
        "raised_on": TODAY,
        "raised_by": "raj",  # the project's owner
    }
    assert second["raised_by"] == "hannah" and "improvement" not in second
    assert f"Ducu-Item: acme-tracking/{l1}" in body and f"Ducu-Item: acme-tracking/{l2}" in body
    register = rtoml.loads((root / "improvements.toml").read_text())["improvements"]
    new = {k: v for k, v in register.items() if k != "freeze-banner-k5vq"}
    ((iid, imp),) = new.items()
    assert imp == {
        "title": "Run contract tests against every third-party API weekly",
        "source": f"acme-tracking/{l1}",
        "owner": "raj",
        "status": "proposed",
        "raised_on": TODAY,
    }
    assert f"Ducu-Item: improvements/{iid}" in body
    review = (root / "reviews/2026-11-27-acme-tracking.toml").read_text()
    assert 'kind = "retro"' in review and "Two carriers changed their API in July" in review

    ws2, _ = load_workspace(root)
    assert ws2.reviews["2026-11-27-acme-tracking"].kind == "retro"
    assert ws2.improvements[iid].source == f"acme-tracking/{l1}"
    assert minutes.load_draft(root, "acme-tracking") is None
    assert to_markdown(ws2.reviews["2026-11-27-acme-tracking"], ws2).startswith("# Retrospective: ")
