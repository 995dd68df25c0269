"""Surveys: trends by dimension (old satisfaction scores as "overall"), the cadence and close-out rules, the
contact cadence of a client."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.helpers.workspace import SAMPLE, write_ws
from workspace_schema.load.loader import load_workspace
from workspace_schema.rules import check
from workspace_schema.views.surveys import scores

D = dt.date

CLIENTS = """\
[clients.acme]
name = "Acme"
sponsor = "bob"
survey_every = 30
contact_every = 7
"""


def ws_with(tmp_path: Path, files: dict[str, str]):
    root = write_ws(tmp_path, {"clients.toml": CLIENTS, **files})
    ws, findings = load_workspace(root, cache=False)
    assert [f for f in findings if f.level == "error"] == []
    return ws


def codes(ws, today: dt.date, prefix: str) -> list[tuple[str, int, str]]:
    return [(f.file, f.line, f.message) for f in check(ws, today) if f.code.startswith(prefix)]


ACTIVE = '[project]\ntitle = "P"\nclient = "acme"\nstart = 2026-09-01\n'


def test_a_client_is_due_a_survey_after_its_cadence(tmp_path: Path) -> None:
    survey = '[survey]\nproject = "p"\nanswered_on = 2026-10-01\nschedule = 4\n'
    ws = ws_with(tmp_path, {"projects/p.toml": ACTIVE, "surveys/2026-10-01-p.toml": survey})
    assert codes(ws, D(2026, 10, 31), "SUR001") == []  # 30 days: on time
    (found,) = codes(ws, D(2026, 11, 1), "SUR001")
    assert (
        found[:2] == ("clients.toml", 4) and "the last was 2026-10-01 (31 days ago, survey every 30 days)" in found[2]
    )


def test_never_surveyed_counts_from_the_first_start(tmp_path: Path) -> None:
    ws = ws_with(tmp_path, {"projects/p.toml": ACTIVE})
    assert codes(ws, D(2026, 10, 1), "SUR001") == []
    assert len(codes(ws, D(2026, 10, 2), "SUR001")) == 1


def test_a_done_project_wants_a_close_out_survey_after_its_hand_over(tmp_path: Path) -> None:
    done = '[project]\ntitle = "P"\nclient = "acme"\nstatus = "done"\ndone_on = 2026-11-02\n'
    ws = ws_with(tmp_path, {"projects/p.toml": done})
    (found,) = codes(ws, D(2026, 11, 10), "SUR002")
    assert found[:2] == ("projects/p.toml", 5) and "handed over on 2026-11-02" in found[2]
    early = '[survey]\nproject = "p"\nkind = "close-out"\nanswered_on = 2026-11-01\n'
    ws = ws_with(tmp_path, {"projects/p.toml": done, "surveys/2026-11-01-p.toml": early})
    assert len(codes(ws, D(2026, 11, 10), "SUR002")) == 1  # answered before the hand-over: not the close-out
    late = '[survey]\nproject = "p"\nkind = "close-out"\nanswered_on = 2026-11-05\n'
    ws = ws_with(tmp_path, {"projects/p.toml": done, "surveys/2026-11-05-p.toml": late})
    assert codes(ws, D(2026, 11, 10), "SUR002") == []


def test_a_survey_of_an_unknown_project_and_scores_out_of_range(tmp_path: Path) -> None:
    survey = '[survey]\nproject = "q"\nquality = 7\nnps = 11\n'
    ws = ws_with(tmp_path, {"projects/p.toml": ACTIVE, "surveys/2026-10-01-q.toml": survey})
    assert [(f, n) for f, n, _ in codes(ws, D(2026, 10, 2), "SUR003")] == [("surveys/2026-10-01-q.toml", 2)]
    assert [(n, m.split(" = ")[0]) for _, n, m in codes(ws, D(2026, 10, 2), "SUR004")] == [
        (3, "survey `quality`"),
        (4, "survey `nps`"),
    ]


def test_old_satisfaction_scores_read_as_the_overall_dimension(tmp_path: Path) -> None:
    project = ACTIVE + (
        '\n[log.f-a1b2]\non = 2026-09-20\nkind = "feedback"\nscore = 3\n'
        '\n[log.f-c3d4]\non = 2026-10-20\nkind = "feedback"\nscore = 5\ninternal = true\n'
    )
    survey = '[survey]\nproject = "p"\nanswered_on = 2026-10-01\nschedule = 2\nquality = 4\n'
    ws = ws_with(tmp_path, {"projects/p.toml": project, "surveys/2026-10-01-p.toml": survey})
    got = scores(ws, "acme", D(2026, 11, 1))
    assert [(p.on, p.score) for p in got["schedule"]] == [(D(2026, 10, 1), 2)]
    assert [(p.on, p.score) for p in got["overall"]] == [(D(2026, 9, 20), 3), (D(2026, 10, 20), 5)]
    assert [p.score for p in scores(ws, "acme", D(2026, 11, 1), include_internal=False)["overall"]] == [3]
    assert got["support"] == []


def test_the_contact_cadence_counts_log_entries_with_the_client_s_people(tmp_path: Path) -> None:
    project = ACTIVE + '\n[log.c-a1b2]\non = 2026-11-02\nwith = ["bob"]\nkind = "update"\n'
    ws = ws_with(tmp_path, {"projects/p.toml": project})
    assert codes(ws, D(2026, 11, 9), "CON001") == []
    (found,) = codes(ws, D(2026, 11, 10), "CON001")
    assert found[:2] == ("clients.toml", 5) and "last contacted on 2026-11-02, 8 days ago" in found[2]
    internal = ACTIVE + '\n[log.c-a1b2]\non = 2026-11-02\nwith = ["alice"]\nkind = "update"\n'  # our own person
    ws = ws_with(tmp_path, {"projects/p.toml": internal})
    assert "no logged contact since its work started (2026-09-01)" in codes(ws, D(2026, 11, 10), "CON001")[0][2]


def test_the_sample_is_quiet_on_its_own_date() -> None:
    ws, _ = load_workspace(SAMPLE, cache=False)
    assert [f for f in check(ws, D(2026, 11, 27)) if f.code[:3] in ("SUR", "CON")] == []


def test_a_project_file_that_cannot_be_read_is_not_called_missing(tmp_path: Path) -> None:
    """A conflicted project file is the loader's one finding, not also "no such project" for its reviews and surveys."""
    conflicted = ACTIVE + '<<<<<<< ours\ntitle = "A"\n=======\ntitle = "B"\n>>>>>>> theirs\n'
    survey = '[survey]\nproject = "p"\nanswered_on = 2026-10-01\nschedule = 4\n'
    review = '[review]\nproject = "p"\nheld_on = 2026-10-02\n'
    root = write_ws(
        tmp_path,
        {"projects/p.toml": conflicted, "surveys/2026-10-01-p.toml": survey, "reviews/2026-10-02-p.toml": review},
    )
    ws, findings = load_workspace(root, cache=False)
    assert [f.code for f in findings] == ["GIT001"] and ws.unread == {"projects/p.toml"}
    assert [f.code for f in check(ws, D(2026, 10, 3)) if f.level == "error"] == []
