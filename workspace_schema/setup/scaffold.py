"""Create a new, empty workspace: the files a team starts from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from workspace_schema.core import records as R
from workspace_schema.core.ids import id_problem, try_instead
from workspace_schema.edit.atomic import ABSENT, atomic_write
from workspace_schema.edit.edits import AppliedEdit, FieldEdit, check_new, nest
from workspace_schema.edit.storage import render_key, render_value
from workspace_schema.edit.values import EditRejected
from workspace_schema.export.schema import SCHEMA_DIR, schema_comment, write_schemas
from workspace_schema.git import runner as git
from workspace_schema.merge.driver import DRIVER_NOTICE, ensure_driver

GITATTRIBUTES = "# ducu merges TOML field by field (see `ducu merge-driver`)\n*.toml merge=ducu\n"

TEAM_README = """# {name}

This repository is a ducu workspace: the plans of our client engagements as
TOML files. Open it with `ducu` in this folder; every edit made in the app is
a commit, and `ducu sync` shares it with the team.

- workspace.toml: timezone, review cadence, nudge and escalation policy, holidays
- people.toml: everyone on our side and the clients' side, with their git emails
- clients.toml: our clients
- projects/<id>.toml: one client engagement per file
- reviews/<date>-<project>.toml: the minutes of each review meeting

Check the files with `ducu validate`. Editors with TOML support (taplo, Even
Better TOML) complete and check fields from the schemas in {schema_dir}/.
"""


TAPLO = """\
# taplo (Even Better TOML in VS Code, the taplo CLI): check the plan files against .ducu/schema
# (each file names its schema on its first line) and format them the way ducu writes them:
# one space before a comment, keys and tables in their order, arrays as written.
[formatting]
align_comments = false
align_entries = false
array_auto_collapse = false
array_auto_expand = false
compact_arrays = true
column_width = 120
reorder_keys = false
allowed_blank_lines = 2
"""


def _files(name: str, team: str, timezone: str) -> dict[str, str]:
    return {
        "workspace.toml": f"""{schema_comment("workspace")}
[workspace]
name = "{name}"
schema = 1
timezone = "{timezone}"
team = "{team}" # the org of our own people in people.toml
check_in_every = 7 # days between progress checks, unless a project says otherwise
review_every = 7 # days between review meetings
nudge_every = 3 # days an overdue client item may go without a nudge
max_accountable = 8 # open items one person may be accountable for
holidays = []

[escalation.reminder]
after_days = 1
action = "Friendly reminder from the item owner"
who = "owner"

[escalation.lead-call]
after_days = 5
action = "Call from our project lead"
who = "lead"

[escalation.sponsor]
after_days = 10
action = "Escalate to the client's sponsor"
who = "sponsor"
""",
        "people.toml": f"""{schema_comment("people")}
# [people.<handle>]: name, emails (the git identities), org ("{team}" or a client id), role
""",
        "clients.toml": f"""{schema_comment("clients")}
# [clients.<id>]: name, sponsor (a person handle), contact_every (days), language (en | zh)
""",
        "projects/.gitkeep": "",
        "reviews/.gitkeep": "",
        ".gitattributes": GITATTRIBUTES,
        ".taplo.toml": TAPLO,
        "README.md": TEAM_README.format(name=name, schema_dir=SCHEMA_DIR),
    }


class InitError(Exception):
    pass


def init_workspace(root: str | Path, name: str | None = None, *, team: str = "us", timezone: str = "UTC") -> list[Path]:
    """Write an empty workspace into ``root`` (created if needed). Refuses to overwrite,
    and refuses a path that starts with '-' (git would read it as an option)."""
    try:
        git.check_path(root)
    except git.UnsafeArgument as exc:
        raise InitError(f"{exc} Nothing was changed.") from None
    path = Path(root)
    if (path / "workspace.toml").exists():
        raise InitError(f"{path} already holds a workspace (workspace.toml exists); nothing was changed.")
    name = name or path.resolve().name
    files = _files(name.replace('"', "'"), team, timezone)
    clashes = [rel for rel in files if (path / rel).exists() and rel != ".gitattributes"]
    if clashes:
        raise InitError(
            f"{path}: {', '.join(clashes)} already exist; move them away or pick another folder. Nothing was changed."
        )
    written = []
    for rel, text in files.items():
        target = path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel == ".gitattributes" and target.exists():
            existing = target.read_text("utf-8")
            if "merge=ducu" in existing:
                continue
            text = existing.rstrip("\n") + "\n" + text
        target.write_text(text, encoding="utf-8")
        written.append(target)
    written += write_schemas(path / SCHEMA_DIR)
    return written


def init_repository(root: str | Path, paths: list[Path], *, say: Callable[[str], object] | None = None) -> str:
    """`git init` if needed and commit ``paths``; returns the commit id. Raises git.NoIdentity.

    Registers the merge driver in the clone and, when that changed its
    config, tells ``say`` (merge.DRIVER_NOTICE).
    """
    path = Path(root)
    if not git.is_repo(path):
        git.init(path)
    if ensure_driver(path) and say is not None:
        say(DRIVER_NOTICE)
    rels = [p.relative_to(path).as_posix() for p in paths]
    return git.commit(path, rels, "Start the ducu workspace\n\nCreated by `ducu init`.")


def add_project(ws: R.Workspace, project_id: str, fields: dict[str, Any], *, reason: str | None = None) -> AppliedEdit:
    """A new project file ``projects/<project_id>.toml`` with its [project] table, checked as the app checks.

    The id is the file's name: one the format refuses gets a suggestion
    ("cpython-3.13" -> "cpython-3-13"). Never overwrites a file.
    """
    problem = id_problem(project_id)
    if problem:
        raise EditRejected(f"project id {project_id!r}: {problem}{try_instead(project_id, ws.projects)}", "id")
    rel = f"projects/{project_id}.toml"
    if project_id in ws.projects or (Path(ws.root) / rel).exists():
        raise EditRejected(f"project id {project_id!r} is taken ({rel} exists)", "id")
    fields = nest(fields)
    if not fields.get("title"):
        raise EditRejected("a project needs title=...", "title")
    if fields.get("client") is not None and fields["client"] not in ws.clients:
        known = ", ".join(sorted(ws.clients)) or "none yet (ducu add client ID name=...)"
        raise EditRejected(f"no client `{fields['client']}` in clients.toml; clients are: {known}", "client")
    check_new(ws, R.ProjectHeader, fields)
    lines = [schema_comment("project", 1), "", "[project]"]
    lines += [f"{render_key(k)} = {render_value(v)}" for k, v in fields.items() if v is not None]
    path = Path(ws.root) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, ("\n".join(lines) + "\n").encode("utf-8"), expect_sha256=ABSENT)
    return AppliedEdit(
        rel,
        project_id,
        "add",
        tuple(FieldEdit(k, None, v) for k, v in fields.items()),
        reason,
        title=str(fields["title"]),
        kind="project",
    )
