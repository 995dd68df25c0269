"""Safe git (issue 7, part 4): git only through workspace_schema/git/runner.py, always with
argument lists; no user text becomes an option; ducu changes no git config but
its own merge driver, and says so when it does.

The first tests read the source (ast), so a shell or a new door to git fails
here. The rest use real git in temporary folders, with a HOME and a global
config of their own, so "nothing else changed" is compared key by key and byte
by byte.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers.workspace import GIT_IDENTITY, REPO, copy_sample, write_ws
from tui.cli import main
from workspace_schema.changes import baselines
from workspace_schema.git import remote, sync
from workspace_schema.git import runner as git
from workspace_schema.load.loader import load_workspace
from workspace_schema.merge.driver import DRIVER_NOTICE, ensure_driver
from workspace_schema.setup.demo import make_demo
from workspace_schema.setup.scaffold import init_repository, init_workspace

# --- static: who may start a process, and how -------------------------------------------------

SOURCE_DIRS = ("workspace_schema", "tui")
STARTS_PROCESSES = {
    "workspace_schema/git/runner.py": "the one door to git",
    "tui/flows/editor.py": "runs the user's $EDITOR (an argument list), not git",
    # the team's own command from git config (ducu.notifyCommand, as git send-email's sendmailCmd); what it sends
    # goes on stdin and in DUCU_NOTIFY_* variables, never spliced into the command line
    "workspace_schema/notify/transports.py": "runs the notify command the team configured",
    # ducu's own rules in a child Python (an argument list: the interpreter, this module, the root, a date),
    # so checking 20,000 items does not take the app's keys
    "workspace_schema/rules/apart.py": "runs ducu's rules in a child process",
}
PROCESS_MODULES = {"subprocess", "pty", "pexpect", "sh", "plumbum", "git"}  # top-level "git" is GitPython
SHELL_FUNCTIONS = {
    ("os", "system"),
    ("os", "popen"),
    ("subprocess", "getoutput"),
    ("subprocess", "getstatusoutput"),
    ("asyncio", "create_subprocess_shell"),
    ("asyncio", "create_subprocess_exec"),
}
OS_PROCESS_PREFIXES = ("exec", "spawn", "posix_spawn", "fork")


def process_uses(source: str) -> list[str]:
    """Every way ``source`` starts a process or reaches a shell: "LINE: what"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names if a.name.split(".")[0] in PROCESS_MODULES]
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").split(".")[0] in PROCESS_MODULES
        ):
            found.append(f"{node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    found.append(f"{node.lineno}: shell=")
            func = node.func
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                owner, name = func.value.id, func.attr
                if (owner, name) in SHELL_FUNCTIONS or (owner == "os" and name.startswith(OS_PROCESS_PREFIXES)):
                    found.append(f"{node.lineno}: {owner}.{name}")
    return found


@functools.cache
def uses_in_tree() -> dict[str, tuple[str, ...]]:
    """process_uses of every source file of the library and the app, by path."""
    return {
        path.relative_to(REPO).as_posix(): tuple(process_uses(path.read_text("utf-8")))
        for folder in SOURCE_DIRS
        for path in sorted((REPO / folder).rglob("*.py"))
    }


def test_the_scanner_sees_shells_processes_and_gitpython() -> None:
    planted = (
        "import subprocess\nfrom git import Repo\nimport os\nfrom . import git\n"
        "subprocess.run('ls', shell=True)\nos.system('ls')\nos.execvp('ls', ['ls'])\nsubprocess.run(['ls'], shell=False)\n"
    )
    assert process_uses(planted) == [
        "1: import subprocess",
        "2: from git import ...",
        "5: shell=",
        "6: os.system",
        "7: os.execvp",
    ]


def test_nothing_reaches_a_shell() -> None:
    shells = {rel: [u for u in uses if "import" not in u] for rel, uses in uses_in_tree().items()}
    assert {rel: uses for rel, uses in shells.items() if uses} == {}


def test_only_git_py_starts_processes() -> None:
    starters = {rel for rel, uses in uses_in_tree().items() if uses}
    assert "workspace_schema/git/runner.py" in starters  # the scan works on the real tree
    assert starters - set(STARTS_PROCESSES) == set()


def test_demo_history_goes_through_git_py() -> None:
    source = (REPO / "workspace_schema/setup/history.py").read_text("utf-8")
    assert process_uses(source) == []
    calls = {ast.unparse(n.func) for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)}
    assert "git.fast_import" in calls  # the scripted history is written through the one door


def test_git_py_runs_git_from_argument_lists_with_the_repository_first() -> None:
    tree = ast.parse((REPO / "workspace_schema/git/runner.py").read_text("utf-8"))
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and isinstance(n.func.value, ast.Name)
        and n.func.value.id == "subprocess"
        and n.func.attr in ("run", "Popen")
    ]
    assert len(calls) == 3
    for call in calls:
        argv = call.args[0]
        assert isinstance(argv, ast.List), ast.unparse(call)
        assert [ast.unparse(e) for e in argv.elts[:3]] == ["'git'", "'-C'", "root"], ast.unparse(call)


# --- the git layer refuses option-like text before git runs ------------------------------------


def test_a_repository_path_that_starts_with_a_dash_is_refused_and_nothing_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for call in (
        lambda: git.init("-ws"),
        lambda: git.run("-ws", "status"),
        lambda: git.fast_import("-ws", b""),
        lambda: list(git.read_blobs("-ws", ["0" * 40])),
    ):
        with pytest.raises(git.UnsafeArgument) as exc:
            call()
        assert "starts with '-'" in str(exc.value) and str(tmp_path / "-ws") in str(exc.value)
    assert list(tmp_path.iterdir()) == []


def test_fast_import_is_the_door_for_a_scripted_history(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    git.init(repo)
    data = b"a = 1\n"
    git.fast_import(
        repo,
        b"commit refs/heads/main\ncommitter A <a@x> 1764200000 +0000\ndata 5\nstart\n"
        b"M 100644 inline -rf.toml\ndata %d\n%s\n" % (len(data), data),
    )
    assert git.run(repo, "show", "main:-rf.toml").stdout == "a = 1\n"
    with pytest.raises(git.GitError, match="fast-import failed"):
        git.fast_import(repo, b"commit refs/heads/main\nnonsense\n")


def test_remotes_revisions_and_refs_like_options_are_refused_and_nothing_runs(
    tmp_path: Path, git_identity: dict[str, str]
) -> None:
    repo = tmp_path / "repo"
    git.init(repo)
    (repo / "a.toml").write_text("a = 1\n")
    head = git.commit(repo, ["a.toml"], "start")
    marker = tmp_path / "pwned"
    evil = f"--upload-pack=touch {marker}"
    calls = {
        "add_remote url": lambda: git.add_remote(repo, "origin", evil),
        "add_remote name": lambda: git.add_remote(repo, evil, str(tmp_path)),
        "fetch": lambda: remote.fetch(repo, evil),
        "push": lambda: git.push(repo, evil),
        "push branch": lambda: git.push(repo, "origin", "--mirror"),
        "push_branch": lambda: remote.push_branch(repo, evil, "main", "main"),
        "share_tags": lambda: remote.share_tags(repo, evil, "baseline/"),
        "ref_exists": lambda: git.ref_exists(repo, f"--output={tmp_path / 'out'}"),
        "commit_count": lambda: git.commit_count(repo, "--all"),
        "ahead_behind": lambda: git.ahead_behind(repo, "--all", head),
        "is_ancestor": lambda: git.is_ancestor(repo, "--all", head),
        "log_raw": lambda: git.log_raw(repo, [f"--output={tmp_path / 'out'}"], [], "%H"),
        "init branch": lambda: git.init(tmp_path / "other", branch="--bare"),
        "parents_of": lambda: git.parents_of(repo, "--all"),
        "tree_diffs": lambda: git.tree_diffs(repo, [("--all", head)], []),
    }
    for what, call in calls.items():
        with pytest.raises(git.UnsafeArgument, match="starts with '-'"):
            call()
            pytest.fail(what)
    assert not marker.exists() and not (tmp_path / "out").exists() and not (tmp_path / "other").exists()
    assert git.remotes(repo) == []


def test_a_remote_url_set_by_hand_that_is_an_option_runs_nothing(
    tmp_path: Path, git_identity: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    repo = write_ws(tmp_path / "ws")
    git.init(repo)
    git.commit(repo, ["."], "start")
    marker = tmp_path / "pwned"
    subprocess.run(["git", "-C", str(repo), "config", "remote.origin.url", f"--upload-pack=touch {marker}"], check=True)
    result = sync.sync(repo)
    assert result.status == "error" and "strange pathname" in result.message, result.message
    assert main(["sync", "-w", str(repo)]) == 1
    assert "Could not fetch from origin" in capsys.readouterr().err
    bare = tmp_path / "origin.git"
    git.init(bare, bare=True)
    subprocess.run(["git", "-C", str(repo), "config", "remote.origin.url", str(bare)], check=True)
    subprocess.run(
        ["git", "-C", str(repo), "config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"], check=True
    )
    subprocess.run(
        ["git", "-C", str(repo), "config", "remote.origin.pushurl", f"--receive-pack=touch {marker}"], check=True
    )
    result = sync.sync(repo)
    assert result.status != "synced" and "strange pathname" in result.message, result.message
    assert not marker.exists()
    assert git.run(bare, "for-each-ref").stdout == ""  # nothing was pushed anywhere


def test_files_named_like_options_or_globs_are_committed_as_files(tmp_path: Path, git_identity: dict[str, str]) -> None:
    repo = write_ws(tmp_path / "ws")
    git.init(repo)
    git.commit(repo, ["."], "start")
    odd = ["-rf.toml", "--output=x.toml", "*.toml"]
    for name in odd:
        (repo / name).write_text("a = 1\n")
    (repo / "people.toml").write_text((repo / "people.toml").read_text() + "\n# changed\n")
    for name in odd:  # one at a time: each commit holds exactly that file, "*.toml" is no glob
        git.commit(repo, [name], f"add {name}")
        assert git.run(repo, "show", "--name-only", "--format=", "HEAD").stdout.splitlines() == [name]
    assert git.status_entries(repo) == [(" M", "people.toml", None)]
    assert not (repo / "x.toml").exists()


def test_sync_commits_project_files_named_like_options_and_the_loader_names_them(
    tmp_path: Path, git_identity: dict[str, str]
) -> None:
    bare = tmp_path / "origin.git"
    git.init(bare, bare=True)
    repo = write_ws(tmp_path / "ws")
    git.init(repo)
    git.commit(repo, ["."], "start")
    git.add_remote(repo, "origin", str(bare))
    git.push(repo, "origin", "main", set_upstream=True)
    project = '[project]\ntitle = "x"\nclient = "acme"\nowner = "alice"\n'
    for name in ("-rf", "--output=x"):
        (repo / "projects" / f"{name}.toml").parent.mkdir(exist_ok=True)
        (repo / "projects" / f"{name}.toml").write_text(project)
    result = sync.sync(repo)
    assert result.status == "synced", result.message
    tracked = git.run(bare, "ls-tree", "-r", "--name-only", "main").stdout.splitlines()
    assert {"projects/-rf.toml", "projects/--output=x.toml"} <= set(tracked)
    assert not (repo / "x").exists() and not (repo / "projects" / "x").exists()
    ws, findings = load_workspace(repo)
    assert ws.projects == {}
    named = {f.file for f in findings if f.level == "error"}
    assert {"projects/-rf.toml", "projects/--output=x.toml"} <= named


def test_baseline_tags_of_a_project_named_like_an_option(tmp_path: Path, git_identity: dict[str, str]) -> None:
    repo = write_ws(tmp_path / "ws", {"projects/p.toml": '[project]\ntitle = "P"\nclient = "acme"\nowner = "alice"\n'})
    git.init(repo)
    head = git.commit(repo, ["."], "start")
    name = baselines.tag_baseline(repo, "-rf", dt.date(2026, 11, 27), head, "agreed")
    assert name == "baseline/-rf/2026-11-27"
    assert baselines.baseline_tags(repo, "-rf") == [name]
    ws, _ = load_workspace(repo)
    for tag in ("--output=x", "-rf"):
        with pytest.raises(baselines.BaselineError):
            baselines.baseline_diff(repo, ws, "p", tag)
    assert not (repo / "x").exists()


def test_the_registered_driver_merges_a_file_named_like_an_option_and_imports_nothing_from_the_clone(
    tmp_path: Path,
    git_identity: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    marker = tmp_path / "imported-from-the-clone"
    bare, seed = tmp_path / "origin.git", tmp_path / "seed"
    git.init(bare, bare=True)
    git.init(seed)
    (seed / "-rf.toml").write_text('[project]\ntitle = "P"\nowner = "alice"\n')
    plant = f"open({str(marker)!r}, 'w').close()\n"
    (seed / "rtoml.py").write_text(plant)  # what the driver imports, shadowed if the clone were on sys.path
    (seed / "workspace_schema").mkdir()
    (seed / "workspace_schema" / "__init__.py").write_text(plant)
    git.commit(seed, ["."], "start")
    git.add_remote(seed, "origin", str(bare))
    git.push(seed, "origin", "main", set_upstream=True)
    clones = []
    for name in ("a", "b"):
        subprocess.run(["git", "clone", "-q", str(bare), str(tmp_path / name)], check=True)
        assert ensure_driver(tmp_path / name)
        clones.append(tmp_path / name)
    a, b = clones
    (a / "-rf.toml").write_text('[project]\ntitle = "P (ours)"\nowner = "alice"\n')
    git.commit(a, ["-rf.toml"], "title")
    git.push(a, "origin", "main")
    (b / "-rf.toml").write_text('[project]\ntitle = "P"\nowner = "bob"\n')
    git.commit(b, ["-rf.toml"], "owner")
    pulled = git.run(b, "pull", "-q", "--no-rebase", "--no-edit", "--", "origin", "main", check=False)
    assert pulled.returncode == 0, pulled.stderr
    assert (b / "-rf.toml").read_text() == '[project]\ntitle = "P (ours)"\nowner = "bob"\n'
    assert not marker.exists()


def test_the_old_merge_driver_command_takes_a_path_named_like_an_option_as_a_path(tmp_path: Path) -> None:
    """Clones registered by older versions run `ducu merge-driver %O %A %B %P`: %P may be "-rf.toml"."""
    base, ours, theirs = (tmp_path / name for name in ("O", "A", "B"))
    base.write_text('[project]\ntitle = "P"\nowner = "alice"\n')
    ours.write_text('[project]\ntitle = "P (ours)"\nowner = "alice"\n')
    theirs.write_text('[project]\ntitle = "P"\nowner = "bob"\n')
    assert main(["merge-driver", str(base), str(ours), str(theirs), "-rf.toml"]) == 0
    assert ours.read_text() == '[project]\ntitle = "P (ours)"\nowner = "bob"\n'
    assert (
        main(["merge-driver", str(base), str(ours), str(theirs), "--help", "7"]) == 0
    )  # a path, not a request for help


# --- the CLI and the library refuse a workspace folder that starts with '-' --------------------


def test_init_and_demo_refuse_a_folder_that_starts_with_a_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--", "-ws"]) == 2
    said = capsys.readouterr().err
    assert "refusing the workspace path '-ws': it starts with '-'" in said and str(tmp_path / "-ws") in said
    assert main(["demo", "--no-open", "--", "-demo"]) == 2
    assert "refusing the demo folder '-demo'" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_sync_refuses_a_workspace_option_that_starts_with_a_dash(
    tmp_path: Path, git_identity: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = write_ws(tmp_path / "-ws")
    git.init(repo)
    git.commit(repo, ["."], "start")
    monkeypatch.chdir(tmp_path)
    assert main(["sync", "--workspace=-ws"]) == 2
    said = capsys.readouterr().err
    assert "refusing the workspace path '-ws': it starts with '-'" in said and str(tmp_path / "-ws") in said
    assert main(["validate", "--", "-ws"]) == 2 and "starts with '-'" in capsys.readouterr().err
    result = sync.sync("-ws")  # the library says so too, without a traceback
    assert result.status == "error" and "starts with '-'" in result.message, result.message
    assert main(["sync", "--workspace", str(tmp_path / "-ws")]) == 4  # by its full path it syncs: no remote, so offline
    assert "no remote: ducu works offline; add one with git remote add origin URL." in capsys.readouterr().err


# --- ducu writes no git config but merge.ducu.* ------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A HOME of its own whose global config holds the identity; no system config."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(
        f"[user]\n\tname = {GIT_IDENTITY['GIT_AUTHOR_NAME']}\n\temail = {GIT_IDENTITY['GIT_AUTHOR_EMAIL']}\n"
        "[init]\n\tdefaultBranch = main\n[pull]\n\trebase = false\n"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    for key in (*GIT_IDENTITY, "EMAIL"):
        monkeypatch.delenv(key, raising=False)
    return home


def config(repo: Path) -> set[tuple[str, str]]:
    out = git.run(repo, "config", "--local", "--list", "-z").stdout
    return {tuple(entry.split("\n", 1)) for entry in out.split("\0") if entry}  # type: ignore[misc]


def added_keys(before: set[tuple[str, str]], after: set[tuple[str, str]]) -> set[str]:
    assert before <= after, f"ducu changed or removed git config: {sorted(before - after)}"
    return {key for key, _ in after - before}


DRIVER_KEYS = {"merge.ducu.name", "merge.ducu.driver"}


def plain_clone(tmp_path: Path, name: str, bare: Path) -> Path:
    clone = tmp_path / name
    subprocess.run(["git", "clone", "-q", str(bare), str(clone)], check=True)
    git.run(clone, "config", "--local", "core.autocrlf", "false")  # some config of the user's own, kept as it is
    return clone


def test_init_in_an_existing_clone_adds_only_the_driver_and_says_so_once(tmp_path: Path, home: Path) -> None:
    global_before = (home / ".gitconfig").read_bytes()
    repo = tmp_path / "plans"
    git.init(repo)
    git.run(repo, "config", "--local", "core.autocrlf", "false")
    before = config(repo)
    told: list[str] = []
    init_repository(repo, init_workspace(repo, "Plans"), say=told.append)
    assert added_keys(before, config(repo)) == DRIVER_KEYS
    assert told == [DRIVER_NOTICE]
    assert (home / ".gitconfig").read_bytes() == global_before
    assert not ensure_driver(repo)  # registered once: nothing more to say


def test_init_in_a_new_folder_writes_what_git_init_writes_plus_the_driver(tmp_path: Path, home: Path) -> None:
    global_before = (home / ".gitconfig").read_bytes()
    plain = tmp_path / "plain"
    subprocess.run(["git", "init", "-q", str(plain)], check=True)
    assert main(["init", str(tmp_path / "plans")]) == 0
    assert added_keys(config(plain), config(tmp_path / "plans")) == DRIVER_KEYS
    assert (home / ".gitconfig").read_bytes() == global_before


def test_init_and_demo_say_they_set_up_the_merge_driver(
    tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (["init", str(tmp_path / "plans")], ["demo", "--no-open", str(tmp_path / "demo")]):
        assert main(command) == 0
        said = capsys.readouterr()
        assert (said.out + said.err).count("merge driver") == 1 and f"ducu: {DRIVER_NOTICE}\n" in said.err, command


def test_demo_changes_no_config_outside_its_new_clone(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    global_before = (home / ".gitconfig").read_bytes()
    outer = tmp_path / "outer"
    subprocess.run(["git", "init", "-q", str(outer)], check=True)
    outer_before = config(outer)
    plain = tmp_path / "plain"
    subprocess.run(["git", "init", "-q", str(plain)], check=True)
    monkeypatch.chdir(outer)  # started from inside another repository
    told: list[str] = []
    root = make_demo(tmp_path / "demo", dt.date(2026, 11, 27), say=told.append)
    assert told == [DRIVER_NOTICE]
    assert config(outer) == outer_before
    assert (home / ".gitconfig").read_bytes() == global_before
    keys = added_keys(config(plain), config(root))
    assert {k for k in keys if not k.startswith(("remote.origin.", "branch.main."))} == DRIVER_KEYS


def _shared(tmp_path: Path) -> Path:
    """A bare remote holding the sample, pushed with plain git."""
    bare = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    seed = copy_sample(tmp_path, "seed")
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["commit", "-q", "-m", "start"],
        ["push", "-q", str(bare), "HEAD:main"],
    ):
        subprocess.run(["git", "-C", str(seed), *args], check=True)
    return bare


def test_sync_adds_only_the_driver_and_says_so_once(
    tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    global_before = (home / ".gitconfig").read_bytes()
    bare = _shared(tmp_path)
    a, b = plain_clone(tmp_path, "a", bare), plain_clone(tmp_path, "b", bare)
    before = config(b)
    for clone, line in ((a, "# a's note\n"), (b, "# b's note\n")):
        path = clone / "people.toml" if clone == a else clone / "clients.toml"
        path.write_text(path.read_text("utf-8") + line, encoding="utf-8")
    assert main(["sync", "-w", str(a)]) == 0
    capsys.readouterr()
    assert main(["sync", "-w", str(b)]) == 0
    first = capsys.readouterr()
    assert (
        "pulled 1 commit" in first.out
        and first.err.count("merge driver") == 1
        and f"ducu: {DRIVER_NOTICE}\n" in first.err
    )
    assert added_keys(before, config(b)) == DRIVER_KEYS
    assert main(["sync", "-w", str(b)]) == 0
    assert "merge driver" not in capsys.readouterr().err
    assert added_keys(before, config(b)) == DRIVER_KEYS
    assert (home / ".gitconfig").read_bytes() == global_before


def test_sync_of_a_branch_without_upstream_writes_no_config(tmp_path: Path, home: Path) -> None:
    bare = tmp_path / "origin.git"
    git.init(bare, bare=True)
    repo = copy_sample(tmp_path)
    git.init(repo)
    git.commit(repo, ["."], "start")
    git.add_remote(repo, "origin", str(bare))
    ensure_driver(repo)
    before = config(repo)
    assert sync.sync(repo).status == "synced"
    assert added_keys(before, config(repo)) == set()


def test_app_start_adds_only_the_driver(tmp_path: Path, home: Path) -> None:
    import asyncio

    from tests.helpers.app import settle
    from tui.app import make_app
    from workspace_schema.core.clock import frozen

    global_before = (home / ".gitconfig").read_bytes()
    root = plain_clone(tmp_path, "a", _shared(tmp_path))
    before = config(root)

    async def start() -> list[str]:
        app = make_app(root, frozen("2026-11-27"), watch=False, use_git=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            return [n.message for n in app._notifications]

    said = asyncio.run(start())
    assert added_keys(before, config(root)) == DRIVER_KEYS
    assert sum("merge driver" in message for message in said) == 1 and DRIVER_NOTICE in said
    assert (home / ".gitconfig").read_bytes() == global_before
