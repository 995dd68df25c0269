"""Baselines: git tags that mark the agreed plan of a project, and how the plan now differs from one.

    tag_baseline(root, "acme-crm", today, sha, message)     # baseline/acme-crm/<today>, -2, -3 when taken
    baseline_tags(root, "acme-crm")                          # oldest first
    rows = baseline_diff(root, ws, "acme-crm")               # vs the latest baseline tag

A baseline tag is annotated, named ``baseline/<project>/<day>`` (``-2``,
``-3``, ... when that name is taken); an existing tag is never moved.
Approving a change request makes one (change_decisions.approve).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import rtoml

from workspace_schema.changes.assessment import find_project
from workspace_schema.core import records as R
from workspace_schema.git import runner as git

TAG_PREFIX = "baseline"


class BaselineError(Exception):
    """A baseline cannot be read (no tag, unknown tag, a file that does not parse); the message says what to do."""


@dataclass(frozen=True)
class DiffRow:
    """One row of a baseline comparison: the project's due, a milestone or a task."""

    ref: str  # "acme-crm" for the project row, "acme-crm/<item>" otherwise
    kind: Literal["project", "milestone", "task"]
    title: str
    baseline: dt.date | None  # due at the baseline
    now: dt.date | None  # due in the current plan
    days: int | None  # now - baseline, when both are dates
    state: Literal["same", "moved", "added", "removed"]


_BAD_REF = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|@\{|\.\.|//")
_TAG_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:-(\d+))?$")


def tag_base(project_id: str, day: dt.date) -> str:
    """The name of the first baseline tag of ``project_id`` on ``day`` (a safe ref name)."""
    safe = _BAD_REF.sub("-", project_id).strip(".") or "project"
    if safe.endswith(".lock"):
        safe = safe[:-5] + "-lock"
    return f"{TAG_PREFIX}/{safe}/{day.isoformat()}"


def tag_baseline(
    root: str | Path, project_id: str, day: dt.date, commit: str, message: str, *, env: dict[str, str] | None = None
) -> str:
    """Make the annotated tag ``baseline/<project>/<day>`` on ``commit`` (-2, -3, ... when taken); its name."""
    base = tag_base(project_id, day)
    name, n = base, 1
    while git.ref_exists(root, f"refs/tags/{name}"):
        n += 1
        name = f"{base}-{n}"
    git.run(root, "tag", "-a", "-F", "-", "--", name, commit, env=env, input=message)
    return name


def baseline_tags(root: str | Path, project_id: str) -> list[str]:
    """The project's baseline tags, oldest first (by the date in the name, then the -N suffix, then when made).

    A project renamed with ``git mv`` keeps the tags made under its former ids.
    """
    prefixes = tuple(f"{TAG_PREFIX}/{pid}/" for pid in (project_id, *former_ids(root, project_id)))
    out = git.run(root, "for-each-ref", "--format=%(refname)%00%(creatordate:unix)", "refs/tags/").stdout
    found = []
    for line in out.splitlines():
        ref, _, when = line.partition("\0")
        name = ref.removeprefix("refs/tags/")
        prefix = next((p for p in prefixes if name.startswith(p)), None)
        if prefix is None or "/" in name[len(prefix) :]:
            continue
        m = _TAG_DAY.match(name[len(prefix) :])
        stamp = int(when) if when.strip().isdigit() else 0
        day = m.group(1) if m else dt.datetime.fromtimestamp(stamp, dt.UTC).date().isoformat()
        found.append((day, int(m.group(2) or 1) if m else 0, stamp, name))
    return [name for *_, name in sorted(found)]


def former_ids(root: str | Path, project_id: str) -> list[str]:
    """The ids the project's file had before it was renamed (``git mv``), newest first; [] when never renamed."""
    path = f"projects/{project_id}.toml"
    out = git.run(
        root, "log", "--follow", "--name-only", "--format=", "-z", "--", path, check=False, env=git.LITERAL
    ).stdout
    ids: list[str] = []
    for name in out.replace("\n", "\0").split("\0"):
        stem = Path(name).name.removesuffix(".toml")
        if name.endswith(".toml") and stem != project_id and stem not in ids:
            ids.append(stem)
    return ids


def latest_baseline(root: str | Path, project_id: str) -> str | None:
    tags = baseline_tags(root, project_id)
    return tags[-1] if tags else None


def _resolve(root: str | Path, project_id: str, tag: str | None) -> str:
    if tag is None:
        latest = latest_baseline(root, project_id)
        if latest is None:
            raise BaselineError(
                f"{project_id} has no baseline tag yet ({TAG_PREFIX}/{project_id}/<date>); approving a change makes one, "
                "or give a tag or commit to compare with"
            )
        return latest
    tag = tag.strip()
    if not tag or tag.startswith("-"):
        raise BaselineError(f"{tag!r} is not a tag or commit")
    for pid in (project_id, *former_ids(root, project_id)):
        if git.ref_exists(root, f"{TAG_PREFIX}/{pid}/{tag}"):
            return f"{TAG_PREFIX}/{pid}/{tag}"
    if git.ref_exists(root, tag):
        return tag
    raise BaselineError(
        f"no tag or commit {tag!r}; the baselines of {project_id} are: {', '.join(baseline_tags(root, project_id)) or 'none yet'}"
    )


def _due(table: Any) -> dt.date | None:
    value = table.get("due") if isinstance(table, dict) else None
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def baseline_diff(root: str | Path, ws: R.Workspace, project_id: str, tag: str | None = None) -> list[DiffRow]:
    """The current plan against a baseline: the project's due, then every milestone, then every task.

    ``tag`` is a baseline tag (``baseline/acme-crm/2026-11-20``, or just
    ``2026-11-20``) or any commit; by default the project's latest baseline
    tag. The project file is read as it was there (``git show TAG:projects/<p>.toml``).
    """
    project = find_project(ws, project_id)
    rev = _resolve(root, project_id, tag)
    proc = git.run(root, "show", "--no-textconv", f"{rev}:./{project.file}", "--", check=False)
    if proc.returncode != 0 and (was := _renamed_from(root, rev, project.file)) is not None:
        proc = git.run(root, "show", "--no-textconv", f"{rev}:{was}", "--", check=False)  # `git mv` since then
    if proc.returncode != 0:
        old: dict[str, Any] = {}  # the project did not exist there: everything is added
    else:
        try:
            old = rtoml.loads(proc.stdout)
        except Exception as exc:
            raise BaselineError(f"{project.file} at {rev} is not valid TOML ({exc}); pick another baseline") from None
    rows = [
        _row(project_id, "project", project.title, _due(old.get("project")), project.due, project_id, bool(old), True)
    ]
    for table, kind in (("milestones", "milestone"), ("tasks", "task")):
        got = old.get(table)
        then = got if isinstance(got, dict) else {}
        now = getattr(project, table)
        for iid, item in now.items():
            rows.append(
                _row(
                    project_id,
                    kind,
                    item.title,
                    _due(then.get(iid)),
                    item.due,
                    f"{project_id}/{iid}",
                    iid in then,
                    True,
                )
            )
        for iid, fields in then.items():
            if iid not in now:
                title = fields.get("title", "") if isinstance(fields, dict) else ""
                rows.append(_row(project_id, kind, str(title), _due(fields), None, f"{project_id}/{iid}", True, False))
    return rows


def _renamed_from(root: str | Path, rev: str, rel: str) -> str | None:
    """The path (from the repository's top) ``rel`` had at ``rev``, when it was renamed since; else None."""
    now = git.prefix(root) + rel
    out = git.run(root, "diff", "-M", "--name-status", "--diff-filter=R", "-z", rev, "HEAD", "--", check=False).stdout
    parts = out.split("\0")
    for i in range(0, len(parts) - 2, 3):
        if parts[i].startswith("R") and parts[i + 2] == now:
            return parts[i + 1]
    return None


def agreed_diff(ws: R.Workspace, project_id: str) -> list[DiffRow]:
    """The plan against its agreed dates (``baseline_due``), for a project with no baseline tag yet.

    One row per milestone and task that has a ``baseline_due``: moved when its
    due is elsewhere, same otherwise; items without one are not compared.
    """
    project = find_project(ws, project_id)
    rows = []
    for table, kind in (("milestones", "milestone"), ("tasks", "task")):
        for iid, item in getattr(project, table).items():
            if item.baseline_due is not None:
                rows.append(
                    _row(project_id, kind, item.title, item.baseline_due, item.due, f"{project_id}/{iid}", True, True)
                )
    return rows


def _row(
    project_id: str, kind: Any, title: str, base: dt.date | None, now: dt.date | None, ref: str, was: bool, is_: bool
) -> DiffRow:
    days = (now - base).days if base and now else None
    state: Any = "added" if not was else "removed" if not is_ else "moved" if base != now else "same"
    return DiffRow(ref=ref, kind=kind, title=title, baseline=base, now=now, days=days, state=state)
