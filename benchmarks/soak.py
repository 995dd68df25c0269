"""Multi-user soak: clones of one workspace editing, syncing and resolving conflicts against a bare remote.

    python benchmarks/soak.py                                    # 3 clones x 500 rounds, seed 1
    python benchmarks/soak.py --rounds 50 --seed 7 --keep /tmp/ducu-soak

The sample workspace is pushed to a local bare remote and cloned N times,
each clone with its own git identity (environment variables, no global git
config needed). Each seeded round picks a clone and does one of:

- ``ducu set ITEM FIELD=VALUE`` of a random field of a random item (half the
  time one of a dozen "hot" fields), through the real command line in a
  subprocess; every commit it prints goes into the ledger;
- ``ducu sync``; exit 3 (conflicts) is resolved as the app's conflict screen
  does, through workspace_schema.merge.resolve: ours, theirs or (one time in ten)
  a typed value per field, then ``resolve.finish`` commits the merge and syncs;
- a clash: the same field set to different values in two clones, so that a
  later sync meets a true conflict.

At the end every clone syncs until nothing moves, then the checks run:
every clone and the remote have the same HEAD, tree and a clean working
tree; every ledger edit is an ancestor of HEAD, is in the field's history
(workspace_schema.history.trail) with its value, and is either in the final files
or superseded by a later change of that field; every merge commit kept each
one-sided change and took ours, theirs or the typed value only where the
soak resolved a conflict; no file has conflict markers; every file parses
(loader errors count); ``git fsck`` is clean everywhere; every push moved
the remote's branch fast-forward (a post-receive hook logs old -> new);
and no command ever moved a clone's HEAD other than forward.

Exit 0 when every check passes, 1 otherwise; each problem is printed with
the round and the command, so ``--seed`` and ``--keep`` reproduce it.

    python benchmarks/soak.py --check /tmp/ducu-soak             # check a kept soak again, after a fix

reads the ledger back from the commits ``ducu set`` made (their Ducu-Item
and Ducu-Field trailers, the value from the commit's file) and runs every
check but the merge audit, which needs the values the run typed while
resolving. Nothing in DIR changes but the clones' history caches.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (ROOT, HERE):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

import rtoml  # noqa: E402
from soak_checks import check_all  # noqa: E402

from workspace_schema.core import records as R  # noqa: E402
from workspace_schema.edit.edits import PERSON_FIELDS, PERSON_LIST_FIELDS, POSITIVE, RANGES  # noqa: E402
from workspace_schema.edit.values import editable_fields, field_type, text_of  # noqa: E402
from workspace_schema.git import runner as G  # noqa: E402
from workspace_schema.load.loader import load_workspace  # noqa: E402
from workspace_schema.merge import resolve  # noqa: E402

SAMPLE = ROOT / "sample_workspace"
TODAY = "2026-11-27"  # the sample's "today"
ZERO = "0" * 40
NAMES = ("Ada", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy")
TEXTS = (
    "Ship the export",
    "华美 数据导出 第二批",
    'Acme said "yes"',
    r"C:\exports\acme",
    "🚀 go-live",
    "# not a comment",
    "a = b [c]",
    "it's done",
    "tab\there",
    "Überprüfung der Daten",
)
SKIP = frozenset(
    {"depends_on", "items", "moves", "emails", "org", "language"}
)  # lists of items, inline tables, identities
SET, SYNC = 0.55, 0.35  # the rest of the rounds are clashes
HOT = 12  # fields edited half of the time, so edits meet
START = dt.date(2026, 9, 1)
_SHA = re.compile(r"\(([0-9a-f]{7,40})\)\s*$")
_MISSING: Any = object()


@dataclass(frozen=True)
class Field:
    """One field the soak edits: how `ducu set` names it, where it is in the file and in the history."""

    ref: str  # "acme-crm/data-export-k3f9", "acme-crm/holiday-freeze-p7q2/steps/1", "people/mei"
    name: str  # "due", "raci.accountable"
    file: str
    path: tuple[str, ...]  # its key path in the parsed file
    history: tuple[str, str]  # (ref, field) in the history index
    kind: str  # date | number | pick | people | text
    choices: tuple[Any, ...] = ()  # pick and people: the values; number: (low, high)


@dataclass(frozen=True)
class Edit:
    """An edit `ducu set` reported as committed."""

    round: int
    clone: str
    field: Field
    value: Any
    sha: str


@dataclass(frozen=True)
class Clone:
    name: str
    path: Path
    env: dict[str, str]  # its identity, for every command it runs


@dataclass
class Figures:
    rounds: int = 0
    actions: Counter = field(default_factory=Counter)  # set / sync / clash
    set_seconds: list[float] = field(default_factory=list)
    sync_seconds: list[float] = field(default_factory=list)
    committed: int = 0
    unchanged: int = 0  # `ducu set` said "nothing to change"
    sync_exits: Counter = field(default_factory=Counter)
    conflicts_met: int = 0  # syncs (command line or after a resolution) that stopped on conflicts
    fields_conflicted: int = 0
    picks: Counter = field(default_factory=Counter)  # ours / theirs / value
    resolved: int = 0  # merges committed by resolve.finish
    run_seconds: float = 0.0
    check_seconds: float = 0.0
    kept: int = 0  # ledger edits whose value is in the final files
    superseded: int = 0
    edited_fields: int = 0  # fields the ledger edited
    wrong_tips: int = 0  # of which the history's newest change is not the value in the file
    commits: int = 0
    merges: int = 0
    pushes: int = 0


def _unwrap(tp: Any) -> Any:
    args = [a for a in get_args(tp) if a is not type(None)]
    return args[0] if get_origin(tp) is not Literal and len(args) == 1 else tp


def _kind(name: str, tp: Any, ws: R.Workspace, project: Any) -> tuple[str, tuple[Any, ...]] | None:
    key, inner = name.split(".")[-1], _unwrap(tp)
    if key in SKIP:
        return None
    people = tuple(sorted(ws.people))
    if key in PERSON_LIST_FIELDS:
        return "people", people
    if key in PERSON_FIELDS:
        return "pick", people
    if key == "client":
        return "pick", tuple(sorted(ws.clients))
    if key == "milestone":
        return ("pick", tuple(sorted(project.milestones))) if project and project.milestones else None
    if get_origin(inner) is Literal:
        return "pick", get_args(inner)
    if inner is bool:
        return "pick", (True, False)
    if inner is dt.date:
        return "date", ()
    if inner in (int, float):
        return "number", RANGES.get(key) or ((1, 90) if key in POSITIVE else (0, 20000))
    if inner is str:
        return "text", ()
    return None


def catalog(root: Path) -> list[Field]:
    """Every field of the workspace at ``root`` the soak knows how to give a new value."""
    ws, _ = load_workspace(root, cache=False)
    out: list[Field] = []

    def add(ref: str, cls: type, file: str, path: tuple[str, ...], hist: str, prefix: str, project: Any) -> None:
        for name in editable_fields(cls):
            kind = _kind(name, field_type(cls, name), ws, project)
            if kind is not None:
                out.append(Field(ref, name, file, (*path, *name.split(".")), (hist, prefix + name), *kind))

    for pid, p in sorted(ws.projects.items()):
        add(pid, R.ProjectHeader, p.file, ("project",), pid, "", p)
        for table in ("milestones", "tasks", "goals", "risks", "changes", "log"):
            for iid, rec in getattr(p, table).items():
                add(f"{pid}/{iid}", R.ITEM_KINDS[table], p.file, (table, iid), f"{pid}/{iid}", "", p)
                for sid in getattr(rec, "steps", {}):
                    add(
                        f"{pid}/{iid}/steps/{sid}",
                        R.Step,
                        p.file,
                        (table, iid, "steps", sid),
                        f"{pid}/{iid}",
                        f"steps.{sid}.",
                        p,
                    )
    for handle in sorted(ws.people):
        add(f"people/{handle}", R.Person, "people.toml", ("people", handle), f"people/{handle}", "", None)
    return out


def new_value(f: Field, rng: random.Random, tag: str) -> Any:
    if f.kind == "date":
        return START + dt.timedelta(days=rng.randrange(300))
    if f.kind == "number":
        return rng.randint(*f.choices)
    if f.kind == "people":
        return sorted(rng.sample(f.choices, rng.randint(1, 2)))
    if f.kind == "pick":
        return rng.choice(f.choices)
    return f"{rng.choice(TEXTS)} {tag}"


def _env(name: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIT_AUTHOR_", "GIT_COMMITTER_", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX"))
    }
    email = f"{name.lower()}@soak.example"
    env.update(
        GIT_AUTHOR_NAME=name,
        GIT_AUTHOR_EMAIL=email,
        GIT_COMMITTER_NAME=name,
        GIT_COMMITTER_EMAIL=email,
        DUCU_TODAY=TODAY,
    )
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return env


@contextlib.contextmanager
def as_clone(clone: Clone) -> Iterator[None]:
    """Library calls made in this process commit as ``clone``'s person."""
    keys = [k for k in clone.env if k.startswith(("GIT_AUTHOR_", "GIT_COMMITTER_"))]
    saved = {k: os.environ.get(k) for k in keys}
    os.environ.update({k: clone.env[k] for k in keys})
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


class Soak:
    """The clones, the remote, the ledger and what went wrong; ``run`` plays the rounds, soak_checks judges."""

    def __init__(self, work: Path, *, clones: int = 3, seed: int = 1) -> None:
        self.work, self.seed = work, seed
        self.rng = random.Random(seed)
        self.remote = work / "remote.git"
        self.pushlog = work / "pushes.log"
        people = [NAMES[n % len(NAMES)] for n in range(clones)]
        self.clones = [
            Clone(f"c{n}-{who.lower()}", work / f"c{n}-{who.lower()}", _env(who)) for n, who in enumerate(people)
        ]
        self.fields: list[Field] = []
        self.hot: list[Field] = []
        self.by_path: dict[tuple[str, tuple[str, ...]], Field] = {}
        self.edits: list[Edit] = []
        self.typed: dict[
            str, dict[tuple[str, tuple[str, ...]], Any]
        ] = {}  # merge commit -> {(file, path): typed value}
        self.problems: list[str] = []
        self.fig = Figures()
        self.round = 0
        self.stage = "setup"  # where problems are met: "round 12", "final syncs", "checks"

    # --- git and ducu -----------------------------------------------------------------

    def git(self, root: Path, *args: str, check: bool = True) -> str:
        return G.run(root, *args, check=check).stdout.strip()

    def head(self, root: Path) -> str:
        return self.git(root, "rev-parse", "HEAD")

    def problem(self, text: str) -> None:
        self.problems.append(f"{self.stage}: {text}")

    def ducu(self, clone: Clone, *args: str) -> tuple[subprocess.CompletedProcess[str], float]:
        """Run ``ducu ARGS -w CLONE`` as a person would; HEAD may only move forward."""
        before = self.head(clone.path)
        started = time.perf_counter()
        cmd = [sys.executable, "-m", "tui.cli", *args, "-w", str(clone.path)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=clone.env, cwd=clone.path)
        seconds = time.perf_counter() - started
        self.forward(clone, before, f"ducu {args[0]}")
        return proc, seconds

    def forward(self, clone: Clone, before: str, what: str) -> None:
        after = self.head(clone.path)
        if after != before and not G.is_ancestor(clone.path, before, after):
            self.problem(f"{what} in {clone.name} moved HEAD from {before[:10]} to {after[:10]}, not a descendant")

    def repro(self, clone: Clone, args: list[str]) -> str:
        who = " ".join(f"{k}={clone.env[k]!r}" for k in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "DUCU_TODAY"))
        return f"(cd {clone.path} && {who} ducu {' '.join(repr(a) for a in args)}; seed {self.seed})"

    # --- setting up -------------------------------------------------------------------

    def setup(self) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        G.init(self.remote, bare=True)
        hook = self.remote / "hooks" / "post-receive"
        hook.write_text(f"#!/bin/sh\ncat >> '{self.pushlog}'\n", encoding="utf-8")
        hook.chmod(0o755)
        first = self.clones[0]
        shutil.copytree(SAMPLE, first.path, ignore=shutil.ignore_patterns("__pycache__"))
        G.init(first.path)
        G.run(first.path, "add", "-A")
        G.run(first.path, "commit", "-q", "-m", "Start the workspace", env=first.env)
        G.add_remote(first.path, "origin", str(self.remote))
        for clone in self.clones:
            if clone is not first:
                G.run(self.work, "clone", "-q", str(self.remote), str(clone.path))
            proc, _ = self.ducu(clone, "sync")  # registers the merge driver, as a first sync does
            if proc.returncode != 0:
                raise RuntimeError(f"the first sync of {clone.name} failed: {proc.stderr}")
        self.fields = catalog(first.path)
        self.by_path = {(f.file, f.path): f for f in self.fields}
        self.hot = self.rng.sample(self.fields, min(HOT, len(self.fields)))

    # --- the rounds ---------------------------------------------------------------------

    def run(self, rounds: int) -> None:
        started = time.perf_counter()
        for _ in range(rounds):
            self.round += 1
            self.stage = f"round {self.round}"
            clone = self.rng.choice(self.clones)
            r = self.rng.random()
            if r < SET:
                self.fig.actions["set"] += 1
                self.set(clone, self.pick_field())
            elif r < SET + SYNC:
                self.fig.actions["sync"] += 1
                self.sync(clone)
            else:
                self.fig.actions["clash"] += 1
                self.clash(clone)
        self.fig.rounds = rounds
        self.converge()
        self.fig.run_seconds = time.perf_counter() - started

    def pick_field(self) -> Field:
        return self.rng.choice(self.hot if self.rng.random() < 0.5 else self.fields)

    def set(self, clone: Clone, f: Field, value: Any = _MISSING) -> Any:
        if value is _MISSING:
            value = new_value(f, self.rng, f"r{self.round}{clone.name[:2]}")
        args = ["set", f.ref, f"{f.name}={text_of(value)}"]
        proc, seconds = self.ducu(clone, *args)
        self.fig.set_seconds.append(seconds)
        said = _SHA.search(proc.stdout.strip())
        if proc.returncode != 0 or (said is None and "nothing to change" not in proc.stdout):
            self.problem(
                f"`ducu set` exit {proc.returncode}: {(proc.stderr or proc.stdout).strip()[:400]} {self.repro(clone, args)}"
            )
            return None
        if said is None:
            self.fig.unchanged += 1
            return None
        sha = self.head(clone.path)
        if not sha.startswith(said.group(1)):
            self.problem(f"`ducu set` printed {said.group(1)} but HEAD of {clone.name} is {sha[:10]}")
        self.fig.committed += 1
        self.edits.append(Edit(self.round, clone.name, f, value, sha))
        return value

    def clash(self, clone: Clone) -> None:
        """The same field set to different values in two clones: a true conflict for whoever syncs second."""
        other = self.rng.choice([c for c in self.clones if c is not clone])
        f = self.pick_field()
        first = self.set(clone, f)
        for _ in range(20):
            second = new_value(f, self.rng, f"r{self.round}{other.name[:2]}")
            if second != first:
                break
        self.set(other, f, second)

    def sync(self, clone: Clone) -> None:
        proc, seconds = self.ducu(clone, "sync")
        self.fig.sync_seconds.append(seconds)
        self.fig.sync_exits[proc.returncode] += 1
        if proc.returncode == 3:
            self.fig.conflicts_met += 1
            self.resolve(clone)
        elif proc.returncode != 0:
            self.problem(
                f"`ducu sync` exit {proc.returncode}: {proc.stderr.strip()[:400]} {self.repro(clone, ['sync'])}"
            )

    def resolve(self, clone: Clone) -> None:
        """Resolve every conflict as the app's conflict screen does, then finish (commit the merge, sync)."""
        for _ in range(3):
            before = self.head(clone.path)
            typed: dict[tuple[str, tuple[str, ...]], Any] = {}
            try:
                with as_clone(clone):
                    for fc in resolve.conflicts(clone.path):
                        if fc.editor_only:
                            raise resolve.ResolveError(f"{fc.file} can only be resolved in an editor: {fc.note}")
                        self.fig.fields_conflicted += len(fc.fields)
                        choices = {c.index: self.choose(fc, c, typed) for c in fc.fields}
                        resolve.write_resolution(clone.path, fc, choices)
                    merge, result = resolve.finish(clone.path)
            except (resolve.ResolveError, G.GitError) as exc:
                self.problem(
                    f"resolving in {clone.name} failed: {exc}; the merge is aborted (seed {self.seed}, --keep to look)"
                )
                self.git(clone.path, "merge", "--abort", check=False)
                return
            self.forward(clone, before, "resolve.finish")
            self.fig.resolved += 1
            self.typed[merge] = typed
            if result.status in ("synced", "nothing"):
                return
            if result.status != "conflicts":
                self.problem(f"the sync after resolving in {clone.name} stopped: {result.status}: {result.message}")
                return
            self.fig.conflicts_met += 1
        self.problem(f"{clone.name} still had conflicts after resolving three times")

    def choose(
        self, fc: resolve.FileConflict, c: resolve.FieldConflict, typed: dict[tuple[str, tuple[str, ...]], Any]
    ) -> resolve.Choice:
        r = self.rng.random()
        f = self.by_path.get((fc.file, (*c.table_path, *c.key.split("."))))
        if r < 0.1 and f is not None and not c.whole_table:
            value = new_value(f, self.rng, f"r{self.round}typed")
            typed[(fc.file, f.path)] = value
            self.fig.picks["value"] += 1
            return resolve.Choice("value", value)
        pick = "ours" if r < 0.55 else "theirs"
        self.fig.picks[pick] += 1
        return resolve.OURS if pick == "ours" else resolve.THEIRS

    def converge(self) -> None:
        """Everyone syncs until every clone is at the remote's HEAD."""
        self.stage = "final syncs"
        for _ in range(6):
            for clone in self.clones:
                self.sync(clone)
            if len({self.head(c.path) for c in self.clones} | {self.head(self.remote)}) == 1:
                return
        self.problem("the clones did not converge after 6 rounds of syncs")


# --- the figures and the command ----------------------------------------------------------


def report(soak: Soak) -> str:
    f = soak.fig
    sets, syncs = f.set_seconds, f.sync_seconds
    exits = ", ".join(f"exit {code}: {n}" for code, n in sorted(f.sync_exits.items()))
    played = (
        [
            f"ducu soak: {len(soak.clones)} clones x {f.rounds} rounds, seed {soak.seed} (sample_workspace, local bare remote)",
            f"rounds: {f.actions['set']} set, {f.actions['sync']} sync, {f.actions['clash']} clash (the same field set in two clones)",
            f"ducu set: {len(sets)} runs, {f.committed} committed, {f.unchanged} nothing to change; "
            f"median {statistics.median(sets or [0]):.2f} s, p95 {quantile(sets, 0.95):.2f} s",
            f"ducu sync: {len(syncs)} runs incl. the final ones ({exits}); "
            f"median {statistics.median(syncs or [0]):.2f} s, p95 {quantile(syncs, 0.95):.2f} s",
            f"conflicts: met {f.conflicts_met} times, {f.fields_conflicted} fields; resolved {f.resolved} merges "
            f"(ours {f.picks['ours']}, theirs {f.picks['theirs']}, typed value {f.picks['value']})",
        ]
        if f.rounds
        else [
            f"ducu soak, checked again: {soak.work} ({len(soak.clones)} clones); the ledger read back from ducu's commits, "
            "the merge audit left out (it needs the values typed while resolving)",
        ]
    )
    return "\n".join(
        [
            *played,
            f"ledger: {len(soak.edits)} edits, {f.kept} in the final files, {f.superseded} superseded by a later change",
            f"history: {f.edited_fields} fields edited, {f.wrong_tips} of them end with a value the file does not hold",
            f"git: {f.commits} commits on main, {f.merges} merges, {f.pushes} pushes",
            f"wall time: {f.run_seconds:.1f} s for the rounds and final syncs, {f.check_seconds:.1f} s for the checks",
            f"problems: {len(soak.problems)}" + "".join(f"\n  - {p}" for p in soak.problems),
        ]
    )


def run_soak(work: Path, *, rounds: int = 500, clones: int = 3, seed: int = 1) -> Soak:
    """Set up, play ``rounds`` rounds, converge and check; the Soak with its figures and problems."""
    soak = Soak(work, clones=clones, seed=seed)
    soak.setup()
    soak.run(rounds)
    check_all(soak)
    return soak


def reopen(work: Path) -> Soak:
    """A kept soak (``--keep DIR``) with its ledger read back from git: each commit `ducu set` made is an edit."""
    dirs = sorted(p for p in work.iterdir() if p.is_dir() and p.name != "remote.git")
    soak = Soak(work, clones=len(dirs))
    if [c.path for c in soak.clones] != dirs or not soak.remote.is_dir():
        raise SystemExit(f"{work} is not a kept soak: expected remote.git and {', '.join(c.name for c in soak.clones)}")
    root = soak.clones[0].path
    soak.fields = catalog(root)
    by_ref = {(f.ref, f.name): f for f in soak.fields}
    clone_of = {c.env["GIT_AUTHOR_NAME"]: c.name for c in soak.clones}
    fmt = (
        "%H%x1f%an%x1f%(trailers:key=Ducu-Item,valueonly,separator=)%x1f%(trailers:key=Ducu-Field,valueonly,separator=)"
    )
    found = []
    for line in soak.git(root, "log", "--reverse", "--no-merges", f"--format={fmt}", "HEAD").splitlines():
        sha, author, item, name = line.split("\x1f")
        f = by_ref.get((item.strip(), name.strip()))
        if f is not None:
            found.append((sha, author, f))
    versions = dict(G.read_blobs(root, [f"{sha}:{f.file}" for sha, _, f in found]))
    for n, (sha, author, f) in enumerate(found, 1):
        data = rtoml.loads((versions[f"{sha}:{f.file}"] or b"").decode("utf-8"))
        for part in f.path:
            data = data[part]
        soak.edits.append(Edit(n, clone_of.get(author, author), f, data, sha))
    return soak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=500)
    parser.add_argument("--clones", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR", type=Path, help="work in DIR (new or empty) and keep it")
    parser.add_argument("--check", metavar="DIR", type=Path, help="check the soak kept in DIR again, playing no rounds")
    args = parser.parse_args(argv)
    if args.check:
        soak = reopen(args.check)
        check_all(soak, merges=False)
        print(report(soak))
        return 1 if soak.problems else 0
    if args.clones < 2:
        parser.error("--clones must be at least 2")
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"{args.keep} is not empty")
    work = args.keep or Path(tempfile.mkdtemp(prefix="ducu-soak-"))
    soak = run_soak(work, rounds=args.rounds, clones=args.clones, seed=args.seed)
    print(report(soak))
    if args.keep is None and not soak.problems:
        shutil.rmtree(work, ignore_errors=True)
    elif args.keep is None:
        print(f"kept {work} to look at")
    return 1 if soak.problems else 0


if __name__ == "__main__":
    sys.exit(main())
