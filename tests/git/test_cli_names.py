"""The CLI a release manager needed (issue 14, items 12-13): people by their names, `--since -4w`, baselines before any tag."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.helpers.gitteam import DUE, edit, g, make_team
from tui.cli import main


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, git_identity: dict[str, str]) -> Path:
    team = make_team(tmp_path)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "hk")  # a git name people.toml does not use
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "hannah@northwind.digital")
    edit(team.a, *DUE, dt.date(2026, 12, 18))
    return team.a


def test_history_names_people_as_people_toml_does_and_by_takes_a_name(clone: Path, capsys) -> None:
    w = ["-w", str(clone)]
    assert main(["history", "acme-crm/data-export-k3f9", "--field", "due", *w]) == 0
    out = capsys.readouterr().out
    assert "Hannah Okafor" in out.splitlines()[0] and " hk " not in out
    assert main(["history", "--by", "Hannah Okafor", "--since", "-4w", *w]) == 0  # a name, and "-4w" as a value
    assert "2026-12-11 -> 2026-12-18" in capsys.readouterr().out
    assert main(["history", "--by", "hannah@northwind.digital", "--since=-4w", *w]) == 0
    assert "2026-12-18" in capsys.readouterr().out


def test_history_days_are_the_workspace_timezone_s_in_the_cli_and_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, git_identity: dict[str, str], capsys
) -> None:
    """A change made late on 30 November in California is 1 December in Shanghai, the sample's timezone."""
    from workspace_schema.history.trail import build_index

    team = make_team(tmp_path)
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-11-30T23:30:00-08:00")
    edit(team.a, *DUE, dt.date(2026, 12, 18))
    assert main(["history", "acme-crm/data-export-k3f9", "--field", "due", "-w", str(team.a)]) == 0
    out = capsys.readouterr().out.splitlines()[0]
    assert out.startswith("2026-12-01 ")
    index = build_index(team.a, timezone="Asia/Shanghai")
    change = index.item("acme-crm/data-export-k3f9", "due", since=dt.date(2026, 12, 1))[0]
    assert change.change == "set" and change.day == dt.date(2026, 12, 1) and change.date.date() == dt.date(2026, 11, 30)
    assert build_index(team.a, timezone="America/Los_Angeles").item("acme-crm/data-export-k3f9", "due")[0].day == (
        dt.date(2026, 11, 30)
    )


def test_baselines_before_any_tag(clone: Path, capsys) -> None:
    w = ["-w", str(clone)]
    assert g(clone, "tag", "--list", "baseline/*") == ""
    assert main(["baseline", "list", "acme-crm", *w]) == 0
    assert "no baseline tag yet" in capsys.readouterr().out
    assert main(["baseline", "diff", "acme-crm", *w]) == 0
    out = capsys.readouterr().out
    assert "against the agreed dates (baseline_due" in out
    assert "data-export-k3f9" in out and "2026-12-04 -> 2026-12-18" in out and "+14 days" in out


def test_add_takes_a_reason_and_nests_dotted_fields(clone: Path) -> None:
    w = ["-w", str(clone)]
    assert (
        main(
            ["add", "task", "acme-crm", "title=Send the DPA", "raci.accountable=hannah", "--reason", "legal asked", *w]
        )
        == 0
    )
    message = g(clone, "log", "-1", "--format=%B")
    assert "Ducu-Reason: legal asked" in message
    text = (clone / "projects/acme-crm.toml").read_text()
    assert '"raci.accountable"' not in text and 'accountable = "hannah"' in text
    assert main(["validate", str(clone)]) in (0, 1)  # loads; no new error from the added task
    from workspace_schema.load.loader import load_workspace

    ws, findings = load_workspace(clone)
    task = next(t for t in ws.projects["acme-crm"].tasks.values() if t.title == "Send the DPA")
    assert task.raci is not None and task.raci.accountable == "hannah"
    assert not [f for f in findings if f.level == "error"]


def test_a_renamed_project_keeps_its_history_and_its_baseline(clone: Path) -> None:
    from workspace_schema import changes as C
    from workspace_schema.history import trail
    from workspace_schema.load.loader import load_workspace

    g(clone, "tag", "baseline/acme-crm/2026-11-20")
    g(clone, "mv", "projects/acme-crm.toml", "projects/acme-crm-2.toml")
    g(clone, "commit", "-q", "-m", "Rename the project file")
    edit(clone, "acme-crm-2/data-export-k3f9", "due", dt.date(2026, 12, 24))
    ws, _ = load_workspace(clone)
    moves = [
        (c.old, c.new) for c in trail.build_index(clone).item("acme-crm-2/data-export-k3f9", "due") if c.change == "set"
    ]
    assert moves == [(dt.date(2026, 12, 18), dt.date(2026, 12, 24)), (dt.date(2026, 12, 11), dt.date(2026, 12, 18))]
    rows = {r.ref: r for r in C.baseline_diff(clone, ws, "acme-crm-2", "baseline/acme-crm/2026-11-20")}
    export = rows["acme-crm-2/data-export-k3f9"]
    assert (export.state, export.baseline, export.now) == ("moved", dt.date(2026, 12, 18), dt.date(2026, 12, 24))
    assert sum(r.state == "added" for r in rows.values()) == 0  # not "everything is new" after the rename
    assert C.baseline_tags(clone, "acme-crm-2") == ["baseline/acme-crm/2026-11-20"]  # found under the former id
    by_default = {r.ref: r for r in C.baseline_diff(clone, ws, "acme-crm-2")}
    assert by_default["acme-crm-2/data-export-k3f9"].baseline == dt.date(2026, 12, 18)
    assert C.baseline_diff(clone, ws, "acme-crm-2", "2026-11-20") == list(rows.values())


def test_the_trend_ends_on_the_plan_as_it_is_after_a_rebase(clone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Author dates out of the graph's order (a rebase, an amend): the last point is still the file's value."""
    from workspace_schema.history import slips, trail
    from workspace_schema.load.loader import load_workspace

    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-11-25T10:00:00+00:00")
    edit(clone, *DUE, dt.date(2026, 12, 30))
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-11-21T10:00:00+00:00")  # the child was authored first
    edit(clone, *DUE, dt.date(2027, 1, 8))
    ws, _ = load_workspace(clone)
    trend = slips.mta(trail.build_index(clone), ws, "acme-crm")
    assert (
        trend[-1][1]["data-export-k3f9"]
        == dt.date(2027, 1, 8)
        == ws.projects["acme-crm"].milestones["data-export-k3f9"].due
    )
    days = [day for day, _ in trend]
    assert days == sorted(days)  # reporting dates never go back


def test_several_items_set_in_one_commit_or_none(clone: Path, capsys) -> None:
    w = ["-w", str(clone)]
    head = g(clone, "rev-parse", "HEAD")
    args = ["set", "acme-crm/go-live-5mfe", "due=2027-04-09", "acme-crm/data-export-k3f9", "owner=raj"]
    assert main([*args, "--reason", "the plan after the steering call", *w]) == 0
    assert g(clone, "rev-parse", "HEAD~1") == head  # one commit
    message = g(clone, "log", "-1", "--format=%B")
    assert "Ducu-Item: acme-crm/go-live-5mfe" in message and "Ducu-Item: acme-crm/data-export-k3f9" in message
    assert message.count("Ducu-Reason: the plan after the steering call") == 1
    text = (clone / "projects/acme-crm.toml").read_text()
    head, before = g(clone, "rev-parse", "HEAD"), text
    capsys.readouterr()
    # one bad value: nothing is written, not even the good first item
    assert (
        main(["set", "acme-crm/go-live-5mfe", "due=2027-05-07", "acme-crm/data-export-k3f9", "owner=nobody", *w]) == 1
    )
    assert "nothing was written" in capsys.readouterr().err
    assert (clone / "projects/acme-crm.toml").read_text() == before and g(clone, "rev-parse", "HEAD") == head


def test_add_person_client_and_project_with_the_apps_checks(clone: Path, capsys) -> None:
    w = ["-w", str(clone)]
    assert main(["add", "client", "pyorg", "name=Python Software Foundation", "language=en", *w]) == 0
    assert main(["add", "person", "thomas", "name=Thomas Wouters", "org=pyorg", "emails=thomas@python.org", *w]) == 0
    assert main(["add", "project", "cpython-3.13", "title=Python 3.13", "client=pyorg", *w]) == 1
    assert "try 'cpython-3-13'" in capsys.readouterr().err  # an id the format refuses gets a suggestion
    assert main(["add", "project", "cpython-3-13", "title=Python 3.13", "client=pyorg", "owner=thomas", *w]) == 0
    assert main(["add", "project", "cpython-3-14", "title=Python 3.14", "client=nobody", *w]) == 1
    assert "no client `nobody`" in capsys.readouterr().err
    assert main(["add", "person", "thomas", "name=Again", *w]) == 1  # taken: nothing written
    assert g(clone, "status", "--porcelain") == ""  # every add was committed, the refused ones wrote nothing
    assert main(["add", "milestone", "cpython-3-13", "title=Beta 1", "due=2024-05-08", *w]) == 0
    assert main(["validate", str(clone), "--format", "json"]) in (0, 1)
    from workspace_schema.load.loader import load_workspace

    ws, findings = load_workspace(clone)
    assert ws.projects["cpython-3-13"].title == "Python 3.13" and ws.people["thomas"].org == "pyorg"
    assert not [f for f in findings if f.level == "error"]
    assert "add project" in g(clone, "log", "--format=%s", "-3")


def test_history_json_carries_the_handle(clone: Path, capsys) -> None:
    import json

    assert main(["history", "acme-crm/data-export-k3f9", "--field", "due", "--format", "json", "-w", str(clone)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["handle"] == "hannah" and rows[0]["author"] == "hk" and rows[0]["new"] == "2026-12-18"
