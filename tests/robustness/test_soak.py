"""The multi-user soak (benchmarks/soak.py) at a small size, and proof that its checks can fail.

Three clones of the sample workspace make 25 seeded rounds of `ducu set`,
`ducu sync`, clashes and resolutions against a local bare remote (about
15 s); every check of the soak must pass, also when the kept soak is
checked again from git alone. The full run is the same test with more
rounds (several minutes on two cores):

    DUCU_SOAK_ROUNDS=500 python -m pytest -q -p no:cacheprovider tests/robustness/test_soak.py -s

Identities come from each clone's environment, so no git identity is needed.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.workspace import REPO
from workspace_schema.merge import resolve

BENCH = REPO / "benchmarks"
SEED = 4  # at 25 rounds on the sample as it is now: clean merges, three conflicts, edits kept and superseded


def _load_soak():
    spec = importlib.util.spec_from_file_location("soak", BENCH / "soak.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["soak"] = module
    spec.loader.exec_module(module)
    return module


soak = _load_soak()
import soak_checks  # noqa: E402  (benchmarks/ is on sys.path once soak.py is loaded)


def git(clone, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(clone.path), *args], capture_output=True, text=True, env=clone.env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def field(run, ref: str, name: str):
    return next(f for f in run.fields if f.ref == ref and f.name == name)


def at(clone, when: str) -> None:
    """The clone's next commits are made at ``when`` (so the history's order does not depend on the clock)."""
    clone.env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)


def test_three_clones_converge_and_no_edit_is_lost(tmp_path: Path) -> None:
    rounds = int(os.environ.get("DUCU_SOAK_ROUNDS", "25"))
    run = soak.run_soak(tmp_path, rounds=rounds, clones=3, seed=SEED)
    print(soak.report(run))
    assert run.problems == []
    fig = run.fig
    assert fig.committed == len(run.edits) >= rounds // 3
    assert fig.kept + fig.superseded == len(run.edits) and fig.superseded >= 1  # clashes overrule edits
    assert fig.conflicts_met >= 2 and fig.resolved == fig.conflicts_met
    assert fig.sync_exits[3] >= 2 and set(fig.sync_exits) <= {0, 3}
    assert fig.merges >= fig.resolved and fig.pushes >= 3
    assert fig.edited_fields >= 10 and fig.wrong_tips == 0

    # A kept soak checked again (soak.py --check) reads the run's own ledger back from git.
    again = soak.reopen(tmp_path)
    assert sorted((e.sha, e.clone, e.field, repr(e.value)) for e in again.edits) == sorted(
        (e.sha, e.clone, e.field, repr(e.value)) for e in run.edits
    )
    soak_checks.check_all(again, merges=False)
    assert again.problems == []
    assert (again.fig.kept, again.fig.superseded, again.fig.edited_fields) == (
        fig.kept,
        fig.superseded,
        fig.edited_fields,
    )

    # A merge that drops a one-sided change is caught, by the merge audit and by the ledger.
    run.problems.clear()
    first = run.clones[0]
    git(first, "checkout", "-q", "-b", "side")
    text = next(f for f in run.fields if f.kind == "text")
    assert run.set(first, text, f"lost edit {text.name}") is not None and not run.problems
    git(first, "checkout", "-q", "main")
    git(first, "merge", "-q", "-s", "ours", "--no-edit", "side")
    soak_checks.check_merges(run, first.path)
    assert len(run.problems) == 1 and "an edit was lost" in run.problems[0]
    assert ".".join(text.path) in run.problems[0] and text.file in run.problems[0]
    run.problems.clear()
    soak_checks.check_ledger(run)
    assert [p for p in run.problems if "is lost" in p and "lost edit" in p], run.problems

    # A forced push is caught.
    run.problems.clear()
    soak_checks.check_pushes(run)
    assert run.problems == []
    git(first, "push", "-q", "--force", "origin", "origin/main~1:main")
    soak_checks.check_pushes(run)
    assert len(run.problems) == 1 and "not fast-forward (forced)" in run.problems[0]


def test_an_edit_overruled_in_a_conflict_stays_in_the_history(tmp_path: Path) -> None:
    """Ada moves a date and pushes; Bo moves it elsewhere, meets the conflict and keeps his: Ada's edit is still history."""
    run = soak.Soak(tmp_path, clones=2, seed=0)
    run.setup()
    ada, bo = run.clones
    due = field(run, "acme-crm/data-export-k3f9", "due")
    run.set(ada, due, dt.date(2026, 12, 18))
    run.sync(ada)
    run.set(bo, due, dt.date(2027, 1, 8))
    run.choose = lambda fc, c, typed: resolve.OURS
    run.sync(bo)
    assert run.fig.conflicts_met == 1 and run.fig.resolved == 1 and run.problems == []
    run.sync(ada)  # the checks read the first clone
    soak_checks.check_ledger(run)
    assert run.problems == []


def test_the_value_chosen_in_a_conflict_is_the_fields_last_change(tmp_path: Path) -> None:
    """Bo moves a date offline; Ada moves it later and pushes; Bo keeps his date: the history must end with it."""
    run = soak.Soak(tmp_path, clones=2, seed=0)
    run.setup()
    ada, bo = run.clones
    due = field(run, "acme-crm/data-export-k3f9", "due")
    at(bo, "2026-11-27T10:00:00+0800")
    run.set(bo, due, dt.date(2027, 1, 8))
    at(ada, "2026-11-27T11:00:00+0800")
    run.set(ada, due, dt.date(2026, 12, 18))
    run.set(ada, field(run, "acme-crm/data-export-k3f9", "status"), "doing")  # so the merge is not just one side
    run.sync(ada)
    at(bo, "2026-11-27T12:00:00+0800")
    run.choose = lambda fc, c, typed: resolve.OURS
    run.sync(bo)
    assert run.fig.conflicts_met == 1 and run.fig.resolved == 1 and run.problems == []
    run.sync(ada)
    soak_checks.check_history_tips(run)
    assert run.problems == []
