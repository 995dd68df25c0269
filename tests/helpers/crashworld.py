"""The parent side of the crash tests: the children it kills, what they reported, and the checks after a kill.

``Children`` starts tests/helpers/crashdriver.py processes and kills a whole process
group at a chosen moment; ``World`` holds the clones (``a`` crashes, ``b`` is
a teammate who pushes), the ledger of what every child reported saved and
committed, the checks made after every kill and what a user does next,
following ducu's messages. tests/robustness/test_crash_safety.py drives them.
"""

from __future__ import annotations

import collections
import datetime as dt
import os
import random
import re
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import rtoml

from tests.helpers.gitteam import ACME, Team, g
from tests.helpers.workspace import GIT_IDENTITY, REPO
from workspace_schema import review as minutes
from workspace_schema.edit.edits import set_fields
from workspace_schema.git.commit import commit_change, finish_merge
from workspace_schema.git.damage import lock_files
from workspace_schema.git.status import status
from workspace_schema.load.loader import load_workspace

TODAY = dt.date(2026, 11, 27)
OPS = ("set", "app", "sync", "finish")
DECISIONS = 3  # a finish run records this many decisions, saving the draft after each, then finishes
SET_REF = "acme-crm/import-script-x2m1"  # ducu set changes its notes
APP_REF = "acme-crm/readonly-account-w3nr"  # the app-like edits change its notes
REMOTE_REF = "acme-crm/dedupe-rules-j5sp"  # the teammate (clone b) changes its notes: same file, other item
READ_ERRORS = ("FILE001", "FILE002", "TOML001", "GIT001")
TEMP = re.compile(r"(\.ducu-[0-9a-f]+\.tmp|^\.merge_file_\w+)$")


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k.startswith("GIT_CONFIG")}
    env.update(GIT_IDENTITY, DUCU_TODAY=TODAY.isoformat(), PYTHONUNBUFFERED="1")
    return env


# --- what the children reported ------------------------------------------------------------------


@dataclass
class Field:
    """One field the test edits: every value tried, in order, and the last reported saved / committed."""

    values: list[str | None]
    saved: int = 0  # index in values of the last value reported saved (0: the value at the start)
    committed: int = 0

    def tried(self, value: str) -> None:
        self.values.append(value)

    def reported(self, value: str, *, committed: bool) -> None:
        at = len(self.values) - 1 - self.values[::-1].index(value)
        self.saved = max(self.saved, at)
        if committed:
            self.committed = max(self.committed, at)


@dataclass
class Ledger:
    fields: dict[str, Field] = field(default_factory=dict)
    commits: list[str] = field(default_factory=list)  # every commit id a reported
    theirs: list[str] = field(default_factory=list)  # every commit the teammate (b) pushed
    reviews: dict[str, str] = field(default_factory=dict)  # review file -> the draft's first note
    decided: dict[str, int] = field(default_factory=dict)  # review file -> decisions reported saved in its draft

    def field(self, ref: str) -> Field:
        return self.fields[ref]


def notes(text: str, ref: str) -> str | None:
    """The notes of task ``ref`` in a project file's text ("<no such task>" when it is not there)."""
    task = rtoml.loads(text).get("tasks", {}).get(ref.partition("/")[2])
    return "<no such task>" if task is None else task.get("notes")


def head_text(root: Path, rel: str) -> str:
    return g(root, "show", f"HEAD:{rel}")


def git_ok(root: Path, *args: str) -> bool:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True).returncode == 0


def reason(said: str) -> str:
    """Why a saved edit was not committed, in a word, for the figures."""
    if "lock file" in said:
        return "a lock file"
    if "staged" in said:
        return "a file left staged"
    raise AssertionError(f"not committed, and not for a reason a crash explains: {said}")


def leftover_kind(name: str) -> str:
    if ".ducu-" in name:
        return "atomic_write's temporary file (.NAME.ducu-XXXX.tmp)"
    if name.startswith(".merge_file_"):
        return "git's copy for the merge driver (.merge_file_XXXXXX)"
    return "git commit's temporary index (.git/next-index-PID.lock)"


# --- running and killing ------------------------------------------------------------------------


def group_alive(pgid: int) -> list[int]:
    """Processes of the group still running (zombies hold nothing and do not count)."""
    alive = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        state, _ppid, pgrp = stat.rpartition(")")[2].split()[:3]
        if int(pgrp) == pgid and state != "Z":
            alive.append(int(entry.name))
    return alive


class Children:
    """Starts the driver processes; the next one imports while the test checks the last one."""

    def __init__(self) -> None:
        self.next: subprocess.Popen[str] | None = None

    def spawn(self) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.crashdriver"],
            cwd=REPO,
            env=child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    def run(self, args: list[str], delay: float | None, *, dies: bool = False) -> tuple[str, str, bool, float]:
        """Run ``args``; kill the process group ``delay`` s after READY (None: let it finish; ``dies``: it kills itself).

        (stdout, stderr, killed while running, seconds from READY to the end).
        """
        proc, self.next = self.next or self.spawn(), None
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(" ".join(shlex.quote(a) for a in args) + "\n")
        proc.stdin.flush()
        ready = proc.stdout.readline()
        start = time.perf_counter()
        killed = False
        if ready.strip() == "READY" and delay is not None:
            try:
                proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
        out, err = proc.communicate(timeout=60)
        took = time.perf_counter() - start
        if dies:
            assert proc.returncode == -signal.SIGKILL, f"{args} did not die:\n{out}\n{err}"
            return out, err, True, took
        self.next = self.spawn()
        if killed:
            deadline = time.monotonic() + 5
            while group_alive(proc.pid) and time.monotonic() < deadline:
                time.sleep(0.01)
            assert not group_alive(proc.pid), "a killed process lives on"
        else:
            assert proc.returncode == 0 and ready.strip() == "READY", f"{args[0]} failed:\n{ready}{out}\n{err}"
        return out, err, killed, took

    def close(self) -> None:
        if self.next is not None:
            self.next.communicate("\n", timeout=60)  # an empty line: nothing to do


# --- the world: clones a (crashing) and b (a teammate) ------------------------------------------


def serve_apart(team: Team) -> None:
    """Run the remote side of fetch and push in a session of its own, as a server's: a kill cannot reach it."""
    for clone in (team.a, team.b):
        g(clone, "config", "remote.origin.receivepack", "setsid git-receive-pack")
        g(clone, "config", "remote.origin.uploadpack", "setsid git-upload-pack")


class World:
    def __init__(self, team: Team, rng: random.Random) -> None:
        self.team = team
        self.a = team.a
        self.rng = rng
        self.ledger = Ledger()
        self.runs: collections.Counter[str] = collections.Counter()
        self.kills: collections.Counter[str] = collections.Counter()
        self.stats: collections.Counter[str] = collections.Counter()
        self.leftovers: set[str] = set()
        self.last: tuple[str, str, str] = ("", "", "")  # the last run: op, its output
        self.killed = False  # the last run was killed
        self.damaged: set[str] = set()  # plan files git was writing when killed: missing or cut short
        self.serial = 0
        self.held = TODAY  # the day of the last review finished (one review a day per project)
        for ref in (SET_REF, APP_REF, REMOTE_REF):
            self.ledger.fields[ref] = Field([notes((self.a / ACME).read_text("utf-8"), ref)])
        _ws, findings = load_workspace(self.a, cache=False)
        self.baseline = {(f.code, f.file) for f in findings if f.level == "error"}

    # --- the operations --------------------------------------------------------

    def prepare(self, op: str) -> list[str]:
        """Set up one run of ``op`` (the teammate's push, the draft) and return the driver's arguments."""
        self.serial += 1
        n = self.serial
        if op == "set":
            value = f"set-{n}"
            self.ledger.field(SET_REF).tried(value)
            return ["set", str(self.a), SET_REF, f"notes={value}"]
        if op == "app":
            for i in range(3):
                self.ledger.field(APP_REF).tried(f"app-{n}-{i}")
            return ["app", str(self.a), APP_REF, "notes", f"app-{n}", "3"]
        if op == "sync":
            self.teammate_edit(f"remote-{n}")
            return ["sync", str(self.a)]
        assert op == "finish"
        self.held += dt.timedelta(days=1)
        ws, _ = load_workspace(self.a)
        draft = minutes.new_draft(ws, "acme-crm", self.held)
        note = f"crash round {n}"
        minutes.record(draft, 0, "noted", note=note)
        draft.attendees = ["hannah"]
        draft.actions.append(
            minutes.NewAction(title=f"Follow up round {n}", owner="hannah", due=self.held + dt.timedelta(days=7))
        )
        minutes.save_draft(self.a, draft)
        self.ledger.reviews[self.review] = note
        self.ledger.decided[self.review] = 0
        return ["finish", str(self.a), "acme-crm", str(DECISIONS)]

    @property
    def review(self) -> str:
        """The file of the review the last finish writes."""
        return f"reviews/{self.held.isoformat()}-acme-crm.toml"

    def teammate_edit(self, value: str) -> None:
        b = self.team.b
        g(b, "pull", "-q", "--no-rebase", "origin", "main")
        ws, _ = load_workspace(b)
        sha = commit_change(b, set_fields(ws, REMOTE_REF, {"notes": value}))
        g(b, "push", "-q", "origin", "main")
        self.ledger.field(REMOTE_REF).tried(value)
        self.ledger.theirs.append(sha)

    def read_report(self, op: str, out: str, err: str) -> None:
        """Note what the child reported as saved and committed."""
        led = self.ledger
        for line in out.splitlines():
            word, *rest = line.split()
            if word == "SAVED":
                led.field(rest[0]).reported(rest[2], committed=False)
            elif word == "COMMITTED":
                led.field(rest[1]).reported(rest[3], committed=True)
                led.commits.append(rest[0])
            elif word == "NOT-COMMITTED":
                self.stats[f"app: saved, not committed ({reason(line)})"] += 1
            elif word == "DRAFT":
                led.decided[self.review] = int(rest[0])
            elif word == "FINISHED":
                led.commits.append(rest[0])
                assert rest[1] == self.review and self.decisions_in_head() == DECISIONS
            elif op == "set" and (m := re.search(r"notes \S+ -> (\S+) \(([0-9a-f]{7,})\)$", line)):
                led.field(SET_REF).reported(m.group(1), committed=True)
                led.commits.append(g(self.a, "rev-parse", m.group(2)))
            elif op == "sync" and line.startswith("Synced"):
                remote = led.field(REMOTE_REF)
                assert notes(head_text(self.a, ACME), REMOTE_REF) == remote.values[-1], (
                    "a reported sync lacks the teammate's edit"
                )
                pushed = set(g(self.a, "rev-list", self.team.remote_head()).split())
                merged = set(g(self.a, "rev-list", "HEAD").split())
                assert pushed >= set(led.commits), "a reported sync did not push everything"
                assert merged >= set(led.theirs), "a reported sync did not merge everything"
        if op == "set" and "but could not commit" in err:
            led.field(SET_REF).reported(led.field(SET_REF).values[-1], committed=False)
            self.stats[f"set: saved, not committed ({reason(err)})"] += 1

    def after(self, op: str, out: str, err: str, *, killed: bool = False) -> None:
        """After a run: note what it reported, check, do what ducu says, check again if that changed something."""
        self.last, self.killed = (op, out, err), killed
        self.read_report(op, out, err)
        self.check()
        if self.recover():
            self.check()

    def report(self, seed: int, took: dict[str, float], elapsed: float) -> str:
        lines = [
            f"\ncrash safety, seed {seed}: {sum(self.kills.values())} kills in {sum(self.runs.values())} runs, {elapsed:.1f} s"
        ]
        lines += [
            f"  {op:7s} {self.runs[op]:4d} runs  {self.kills[op]:4d} killed  (one run takes {took[op] * 1000:.0f} ms)"
            for op in OPS
        ]
        lines += [f"  {what}: {count}" for what, count in sorted(self.stats.items())]
        kinds = collections.Counter(leftover_kind(Path(p).name) for p in self.leftovers)
        lines.append(f"  leftover temporary files, none read by the loader: {len(self.leftovers)}")
        lines += [f"    {kind}: {count}" for kind, count in sorted(kinds.items())]
        return "\n".join(lines)

    # --- the checks after every kill ----------------------------------------------

    def check(self) -> None:
        """Everything that must hold after a kill (see tests/robustness/test_crash_safety.py).

        The one thing ducu cannot prevent: git killed while it writes the
        working tree in a sync's merge leaves a plan file missing, empty or
        cut short. Such files are noted in ``damaged`` (only after a killed
        sync, only with git's lock left) and must be refused by ducu and
        restored (recover); every other file, every time, must parse.
        """
        a = self.a
        was_writing = self.last[0] == "sync" and self.killed and bool(lock_files(a))
        tracked = g(a, "ls-files", "--", "*.toml").split()
        for rel in tracked:
            if not (a / rel).exists():
                assert was_writing, f"{rel} is missing after {self.last}"
                self.damaged.add(rel)
        for path in a.rglob("*"):
            if ".git" in path.relative_to(a).parts or not path.is_file():
                continue
            rel = path.relative_to(a).as_posix()
            if TEMP.search(path.name):
                assert path.name.startswith(".") and not path.name.endswith(".toml"), (
                    f"{rel}: a leftover the loader would read"
                )
                self.leftovers.add(rel)
            elif path.suffix == ".toml":
                text = path.read_text("utf-8")
                try:
                    rtoml.loads(text)  # every file parses
                    problem = "is empty" if not text else ""
                except rtoml.TomlParsingError as exc:
                    problem = f"does not parse ({exc})"
                if problem:
                    assert was_writing, f"{rel} {problem} after {self.last}"
                    self.damaged.add(rel)
        self.leftovers.update(
            f".git/{p.name}" for p in (a / ".git").glob("next-index-*.lock")
        )  # git's own, blocks nothing
        fsck = subprocess.run(
            ["git", "-C", str(a), "fsck", "--strict", "--no-progress"], capture_output=True, text=True
        )
        assert fsck.returncode == 0 and "error" not in fsck.stderr and "warning" not in fsck.stderr, fsck.stderr
        history = set(g(a, "rev-list", "HEAD").split())
        lost = [sha for sha in self.ledger.commits if sha not in history]
        assert not lost, f"reported commits not in HEAD's history: {lost}"
        if self.damaged:
            return  # checked again once restored
        _ws, findings = load_workspace(a, cache=False)
        errors = {(f.code, f.file) for f in findings if f.level == "error"}
        assert not [f for f in findings if f.code in READ_ERRORS], findings
        assert errors <= self.baseline, sorted(errors - self.baseline)
        disk, head = (a / ACME).read_text("utf-8"), head_text(a, ACME)
        for ref in (SET_REF, APP_REF):
            f = self.ledger.field(ref)
            assert notes(disk, ref) in f.values[f.saved :], (
                f"{ref}: the saved edit {f.values[f.saved]!r} is not on disk"
            )
            assert notes(head, ref) in f.values[f.committed :], (
                f"{ref}: the committed edit {f.values[f.committed]!r} is not in HEAD"
            )

    # --- what a user does next, following ducu's messages --------------------------------

    def recover(self) -> bool:
        """Do what ducu's messages say; True when that changed something."""
        a = self.a
        acted = False
        st = status(a)
        blocked = st.blocker()
        locks = lock_files(a)
        if locks:
            assert blocked is not None, f"lock files {locks} left, and sync would start anyway"
            assert blocked[1].startswith("git's lock file"), blocked[1]
            message = blocked[1]
            for lock in locks:
                assert lock in message, message
            assert "delete" in message, message
            for lock in locks:
                (a / ".git" / lock).unlink()  # no process of the killed group lives on (run_child checked)
                self.stats[f"lock left: {lock.rpartition('/')[2] if lock.startswith('refs/') else lock}"] += 1
            st = status(a)
            blocked = st.blocker()
            acted = True
        if self.damaged:  # ducu must refuse to commit them, and say how to take them back
            assert blocked is not None and {rel for rel, _what in st.unsafe} == self.damaged, (blocked, self.damaged)
            files = " ".join(rel for rel, _what in st.unsafe)
            assert f"take back the committed version with `git restore -- {files}`" in blocked[1], blocked[1]
            g(a, "restore", "--", *sorted(self.damaged))
            self.stats["plan file git was writing when killed: refused by sync, restored"] += len(self.damaged)
            self.damaged.clear()
            st = status(a)
            blocked = st.blocker()
            acted = True
        if blocked is not None and st.merge_in_progress:
            assert not st.conflicted, f"a crash left conflicts in {st.conflicted}, and the edits touch different items"
            if st.merge_hollow:  # git never wrote the result: ducu says undo it
                self.stats["merge left without its result: undone (git merge --abort)"] += 1
                assert blocked[1].startswith("A merge was started but git never wrote its result"), blocked[1]
                g(a, "merge", "--abort")
            else:  # the result is there: finish it, as the app's conflict screen does
                self.stats["merge left with its result: finished"] += 1
                assert "Finish it with `git merge --continue`" in blocked[1], blocked[1]
                finish_merge(a)
            blocked = status(a).blocker()
            acted = True
        if blocked is not None and st.staged_by_others:
            self.stats["staged files left"] += 1
            assert "git restore --staged" in blocked[1], blocked[1]
            g(a, "restore", "--staged", "--", *st.staged_by_others)
            blocked = status(a).blocker()
            acted = True
        assert blocked is None, blocked
        return self.resume_review() or acted

    def resume_review(self) -> bool:
        """Open the review again, as the app does after a crash, and finish it; True when there was one."""
        a = self.a
        draft = minutes.load_draft(a, "acme-crm")
        rel = self.review
        if rel not in self.ledger.reviews:
            assert draft is None
            return False
        decided = self.ledger.decided[rel]
        if draft is None:
            assert self.in_head(rel), f"{rel}: the draft is gone and the review is not committed"
            assert self.decisions_in_head() in (decided, decided + 1, DECISIONS)
            return False
        assert draft.held_on == self.held and draft.items[0].note == self.ledger.reviews[rel]
        assert len(draft.decisions) in (decided, decided + 1), (
            f"the draft lost a decision: {draft.decisions}, {decided} saved"
        )
        assert draft.decisions == [f"decision {n}" for n in range(1, len(draft.decisions) + 1)]
        assert not self.in_head(rel), f"{rel} is committed, and its draft is still offered"
        ws, _ = load_workspace(a)
        result = minutes.finish(ws, draft, TODAY)
        self.stats["review resumed and finished"] += 1
        assert result.commit and self.in_head(rel) and self.decisions_in_head() == len(draft.decisions)
        self.ledger.commits.append(result.commit)
        assert minutes.load_draft(a, "acme-crm") is None and minutes.drafts(a) == []
        return True

    def decisions_in_head(self) -> int:
        return len(rtoml.loads(head_text(self.a, self.review))["review"]["decisions"])

    def in_head(self, rel: str) -> bool:
        return git_ok(self.a, "cat-file", "-e", f"HEAD:{rel}")

    def finish_line(self) -> None:
        """One clean sync at the end: the remote has every commit either clone reported."""
        from tui.cli import main

        self.recover()
        assert main(["sync", "-w", str(self.a)]) == 0
        remote = self.team.remote_head()
        assert g(self.a, "rev-parse", "HEAD") == remote
        lost = set(self.ledger.commits + self.ledger.theirs) - set(g(self.a, "rev-list", remote).split())
        assert not lost, f"reported commits that never reached the remote: {lost}"
        head = head_text(self.a, ACME)
        for ref, f in self.ledger.fields.items():
            assert notes(head, ref) in f.values[f.committed :]
        for rel in self.ledger.reviews:
            assert self.in_head(rel), rel
