"""Merges in the audit trail: every side's edits are history, once each, and a conflict's choice is the last word.

Real repositories in tmp_path with controlled authors and dates (the
helpers of test_history.py: Alice starts the workspace on 11-01, Carol
moves the export 12-04 -> 12-11 on 11-21).
Conflicts are made with git's own text merge (the ducu driver switched
off) and resolved by hand, as someone at a terminal would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_history import ALICE, BOB, CAROL, EXPORT, D, _env, ducu, git_run, set_due, start_repo

from tui.render.history_facts import change_words
from tui.widgets.history_feed import change_detail
from workspace_schema.git import runner as git
from workspace_schema.history import slips
from workspace_schema.history import trail as history
from workspace_schema.history.merges import generations, split
from workspace_schema.load.loader import load_workspace

PROJECT_FILE = "projects/acme-crm.toml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return start_repo(tmp_path / "ws")


def merge_side(
    root: Path,
    *,
    keep: str,
    who: tuple[str, str] = ALICE,
    when: str = "2026-11-23T09:00:00+08:00",
    branch: str = "side",
) -> str:
    """Merge ``branch`` into the current one; files in conflict take ``keep`` ("ours" / "theirs") whole. The merge's sha."""
    git.run(
        root,
        "-c",
        "merge.ducu.driver=false",
        "merge",
        "-q",
        "--no-ff",
        "--no-commit",
        branch,
        check=False,
        env=_env(who, when),
    )
    conflicted = git_run(root, "diff", "--name-only", "--diff-filter=U").split()
    for path in conflicted:
        git_run(root, "checkout", f"--{keep}", "--", path)
    git_run(root, "add", "-A")
    git_run(root, "commit", "-q", "--no-edit", who=who, when=when)
    return git_run(root, "rev-parse", "HEAD")


def set_due_on(root: Path, branch: str, start: str, day: object, who: tuple[str, str], when: str) -> str:
    """Move the export's date on a new ``branch`` from ``start``; the commit."""
    git_run(root, "checkout", "-q", "-b", branch, start)
    return set_due(root, EXPORT, day, who, when)  # type: ignore[arg-type]


def dues(index: history.HistoryIndex, ref: str = EXPORT) -> list[tuple[str, object, object, bool]]:
    return [(c.author, c.old, c.new, c.chosen) for c in index.item(ref, "due") if c.change == "set"]


def test_merge_counts_only_what_the_merge_itself_decided(repo: Path) -> None:
    git_run(repo, "checkout", "-q", "-b", "side")
    set_due(repo, "acme-crm/go-live-5mfe", D(2027, 3, 26), BOB, "2026-11-22T09:00:00+08:00")
    set_due(repo, EXPORT, D(2026, 12, 18), BOB, "2026-11-22T10:00:00+08:00")
    git_run(repo, "checkout", "-q", "main")
    set_due(repo, EXPORT, D(2026, 12, 16), CAROL, "2026-11-22T11:00:00+08:00")
    git.run(
        repo,
        "-c",
        "merge.ducu.driver=false",
        "merge",
        "-q",
        "--no-ff",
        "side",
        check=False,
        env=_env(ALICE, "2026-11-23T09:00:00+08:00"),
    )
    text = (repo / PROJECT_FILE).read_text("utf-8")
    assert "<<<<<<<" in text  # both moved the export: a conflict, resolved to a third date
    resolved = []
    skip = False
    for line in text.splitlines():
        if line.startswith("<<<<<<<"):
            resolved.append("due = 2026-12-17")
            skip = True
        elif line.startswith(">>>>>>>"):
            skip = False
        elif not skip:
            resolved.append(line)
    (repo / PROJECT_FILE).write_text("\n".join(resolved) + "\n", "utf-8")
    git_run(repo, "add", "-A")
    git_run(repo, "commit", "-q", "-m", "Merge side", when="2026-11-23T09:00:00+08:00")
    merge = git_run(repo, "rev-parse", "HEAD")
    index = history.build_index(repo)

    changes = index.item(EXPORT, "due")
    assert dues(index)[:1] == [("Alice Wong", D(2026, 12, 16), D(2026, 12, 17), False)]  # a new value: no choice
    assert changes[0].sha == merge
    assert {c.author for c in changes if c.change == "set"} == {"Alice Wong", "Bob Kim", "Carol Ng"}
    # The side branch's go-live move arrives with the merge but is Bob's, counted once.
    assert [(c.author, c.new) for c in index.item("acme-crm/go-live-5mfe", "due") if c.change == "set"] == [
        ("Bob Kim", D(2027, 3, 26))
    ]


@pytest.mark.parametrize("keep", ["ours", "theirs"])
def test_both_sides_edits_are_history_and_the_merges_choice_is_the_last_change(repo: Path, keep: str) -> None:
    history.build_index(repo)  # a cache from before the merge: the update must equal a build from scratch
    set_due(repo, EXPORT, D(2026, 12, 16), CAROL, "2026-11-22T09:00:00+08:00")  # main, the older edit
    git_run(repo, "checkout", "-q", "-b", "side", "HEAD~1")
    set_due(repo, EXPORT, D(2026, 12, 18), BOB, "2026-11-22T10:00:00+08:00")  # the newer edit
    git_run(repo, "checkout", "-q", "main")
    merge = merge_side(repo, keep=keep)
    kept, rejected = (D(2026, 12, 16), D(2026, 12, 18)) if keep == "ours" else (D(2026, 12, 18), D(2026, 12, 16))
    assert f"due = {kept.isoformat()}" in (repo / PROJECT_FILE).read_text("utf-8")

    index = history.build_index(repo)
    assert index.stats.mode == "incremental"
    assert dues(index) == [
        ("Alice Wong", rejected, kept, True),  # the merge's choice, by whoever made the merge
        ("Bob Kim", D(2026, 12, 11), D(2026, 12, 18), False),  # overruled or not, both edits stay
        ("Carol Ng", D(2026, 12, 11), D(2026, 12, 16), False),
        ("Carol Ng", D(2026, 12, 4), D(2026, 12, 11), False),
    ]
    last = index.last_change(EXPORT, "due")
    assert last is not None and (last.sha, last.new, last.chosen) == (merge, kept, True)
    assert history.describe(last) == f"due {rejected.isoformat()} -> {kept.isoformat()} (chosen in a merge)"
    # The app's History tab says so too: in the feed's words and in the change's detail.
    assert change_words(last).endswith("(chosen in a merge)")
    assert "(chosen in a merge)" in change_detail(last, load_workspace(repo)[0], 120).plain
    assert "(chosen in a merge)" not in change_detail(index.item(EXPORT, "due")[1], load_workspace(repo)[0], 120).plain
    assert [(c.ref, c.field) for c in index.project("acme-crm") if c.sha == merge] == [
        (EXPORT, "due")
    ]  # nothing else at the merge
    assert index.data.rows == history.build_index(repo, use_cache=False).data.rows

    ws, _ = load_workspace(repo)
    export = slips.slips(index, ws, "acme-crm")[0]
    assert (export.moves, export.later, export.moved_by) == (3, 3, ("carol", "bob"))  # the choice is no move of its own
    assert slips.mta(index, ws, "acme-crm")[-1][1] == {"data-export-k3f9": kept, "go-live-5mfe": D(2027, 3, 19)}


def test_a_merge_of_one_sided_edits_adds_nothing_and_loses_nothing(repo: Path) -> None:
    git_run(repo, "checkout", "-q", "-b", "side")
    set_due(repo, EXPORT, D(2026, 12, 18), BOB, "2026-11-22T10:00:00+08:00")
    git_run(repo, "checkout", "-q", "main")
    set_due(repo, "acme-crm/go-live-5mfe", D(2027, 3, 26), CAROL, "2026-11-22T11:00:00+08:00")
    merge = merge_side(repo, keep="ours")  # no conflict: each side changed its own field
    index = history.build_index(repo)
    assert not [c for c in index.project("acme-crm") if c.sha == merge]
    assert dues(index) == [
        ("Bob Kim", D(2026, 12, 11), D(2026, 12, 18), False),
        ("Carol Ng", D(2026, 12, 4), D(2026, 12, 11), False),
    ]
    assert dues(index, "acme-crm/go-live-5mfe") == [("Carol Ng", D(2027, 3, 19), D(2027, 3, 26), False)]


def test_a_clean_merge_over_a_side_that_chose_its_way_back_has_the_last_word(repo: Path) -> None:
    """Cy's conflict choice puts back Bo's date, dated after Ada's newer move; Ada's merge of Cy's line keeps her move."""
    bo = set_due_on(repo, "bo", "main", D(2026, 12, 18), BOB, "2026-11-22T09:00:00+08:00")
    set_due_on(repo, "cy", "main", D(2026, 12, 20), CAROL, "2026-11-22T10:00:00+08:00")
    set_due_on(repo, "ada", bo, D(2026, 12, 24), ALICE, "2026-11-22T11:00:00+08:00")
    git_run(repo, "checkout", "-q", "cy")
    merge_side(repo, keep="theirs", branch=bo, who=CAROL, when="2026-11-22T12:00:00+08:00")  # Cy keeps Bo's 12-18
    git_run(repo, "checkout", "-q", "ada")
    merge = merge_side(
        repo, keep="ours", branch="cy", when="2026-11-22T13:00:00+08:00"
    )  # no conflict: only Ada moved it since Bo
    assert "due = 2026-12-24" in (repo / PROJECT_FILE).read_text("utf-8")

    index = history.build_index(repo)
    assert dues(index)[:2] == [
        ("Alice Wong", D(2026, 12, 18), D(2026, 12, 24), True),  # Ada's merge brings her move over Cy's changes
        ("Carol Ng", D(2026, 12, 20), D(2026, 12, 18), True),  # Cy's choice, dated after Ada's move
    ]
    assert index.last_change(EXPORT, "due").sha == merge  # type: ignore[union-attr]
    assert len(dues(index)) == 6  # and Bo's, Cy's and Ada's own moves, and Carol's first, once each


def test_a_conflict_in_a_workspace_inside_a_folder(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    root = start_repo(top, "plans")
    set_due(root, EXPORT, D(2026, 12, 16), CAROL, "2026-11-22T09:00:00+08:00")
    git_run(top, "checkout", "-q", "-b", "side", "HEAD~1")
    set_due(root, EXPORT, D(2026, 12, 18), BOB, "2026-11-22T10:00:00+08:00")
    git_run(top, "checkout", "-q", "main")
    merge_side(top, keep="ours")
    assert dues(history.build_index(root))[0] == ("Alice Wong", D(2026, 12, 18), D(2026, 12, 16), True)
    out = ducu("history", EXPORT, "--field", "due", "-w", str(root))  # what a person reads
    assert [re.split(r"\s{2,}", line)[:3] for line in out.stdout.splitlines()[:3]] == [
        ["2026-11-23", "Alice Wong", "due 2026-12-18 -> 2026-12-16 (chosen in a merge)"],
        ["2026-11-22", "Bob Kim", "due 2026-12-11 -> 2026-12-18"],
        ["2026-11-22", "Carol Ng", "due 2026-12-11 -> 2026-12-16"],
    ]


# --- the sides of a merge ------------------------------------------------------------------


def _ancestors(graph: dict[str, tuple[str, ...]], c: str) -> set[str]:
    seen, todo = set(), [c]
    while todo:
        x = todo.pop()
        if x not in seen:
            seen.add(x)
            todo += graph[x]
    return seen


def _best_common(graph: dict[str, tuple[str, ...]], a: str, b: str) -> set[str]:
    """Best common ancestors the slow way: common ancestors that are no ancestor of another one."""
    common = _ancestors(graph, a) & _ancestors(graph, b)
    return {c for c in common if not any(c != d and c in _ancestors(graph, d) for d in common)}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.booleans()), min_size=1, max_size=40), st.data()
)
def test_the_split_is_gits_merge_bases_and_each_sides_own_commits(
    shape: list[tuple[int, int, bool]], data: st.DataObject
) -> None:
    graph: dict[str, tuple[str, ...]] = {"c0": ()}
    for n, (first, second, merge) in enumerate(shape, 1):
        parents = {f"c{first % n}"} | ({f"c{second % n}"} if merge else set())
        if n > 2 and data.draw(st.booleans()):
            parents = set()  # a second root now and then
        graph[f"c{n}"] = tuple(sorted(parents))
    gen = generations(graph)
    names = st.sampled_from(list(graph))
    for a, b in data.draw(st.lists(st.tuples(names, names), min_size=1, max_size=20)):
        got = split(graph, gen, a, b)
        mine, yours = _ancestors(graph, a), _ancestors(graph, b)
        assert (set(got.bases), set(got.ours), set(got.theirs)) == (
            _best_common(graph, a, b),
            mine - yours,
            yours - mine,
        ), (a, b, graph)
        assert len(got.ours) == len(set(got.ours)) and len(got.theirs) == len(set(got.theirs))


def test_the_split_of_a_criss_cross_has_both_bases() -> None:
    graph = {"r": (), "a": ("r",), "b": ("r",), "m1": ("a", "b"), "m2": ("b", "a"), "x": ("m1",), "y": ("m2",)}
    bases, ours, theirs = split(graph, generations(graph), "x", "y")
    assert (sorted(bases), sorted(ours), sorted(theirs)) == (["a", "b"], ["m1", "x"], ["m2", "y"])
    assert split(graph, generations(graph), "x", "m1") == (["m1"], ["x"], [])
