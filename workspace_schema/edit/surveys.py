"""Recording an answered satisfaction survey: a new file, surveys/<date>-<project>.toml.

    new = survey_file(ws, "acme-crm", "dgreen", on, {"schedule": 4, "quality": 5}, nps=8, comment="...")
    write_survey(root, new)                         # the file, written once (never over another)
    git.commit.commit_files(root, [new.rel], new.message)

Checks first, writes nothing on a refusal: the project exists, the person is
in people.toml, every score is 1..5 and the NPS 0..10, at least one of them is
given. A second survey of a project on one day gets ``-2`` (``-3``...) in its
file name.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import msgspec
import rtoml

from workspace_schema.core import records as R
from workspace_schema.edit.atomic import ABSENT, atomic_write
from workspace_schema.edit.values import EditRejected
from workspace_schema.toml_text.render import render_value

__all__ = ["NewSurvey", "survey_file", "write_survey"]


@dataclass(frozen=True)
class NewSurvey:
    rel: str  # "surveys/2026-11-27-acme-crm.toml"
    text: str
    message: str  # the commit message, with its Ducu-Item trailer


def survey_file(
    ws: R.Workspace,
    project: str,
    by: str,
    on: dt.date,
    scores: dict[str, int],
    *,
    nps: int | None = None,
    comment: str | None = None,
    kind: R.SurveyKind = "periodic",
) -> NewSurvey:
    """The new file for a survey ``by`` answered ``on``; raises EditRejected with what to fix."""
    if project not in ws.projects:
        raise EditRejected(f"no project `{project}`; projects are: {', '.join(sorted(ws.projects))}", "project")
    if by not in ws.people:
        raise EditRejected(f"`{by}` is not in people.toml; give the handle of who answered", "answered_by")
    for key, value in scores.items():
        if key not in R.SURVEY_DIMENSIONS:
            raise EditRejected(f"`{key}` is not a survey dimension; they are: {', '.join(R.SURVEY_DIMENSIONS)}", key)
        if not 1 <= value <= 5:
            raise EditRejected(f"{key} = {value}: a score is 1 to 5", key)
    if nps is not None and not 0 <= nps <= 10:
        raise EditRejected(f"nps = {nps}: the net promoter score is 0 to 10", "nps")
    if not scores and nps is None:
        raise EditRejected("give at least one score, like schedule=4, or nps=8", "scores")
    first = f"{on.isoformat()}-{project}"
    stem, n = first, 1
    while stem in ws.surveys or (Path(ws.root) / "surveys" / f"{stem}.toml").exists():
        n += 1
        stem = f"{first}-{n}"
    rel = f"surveys/{stem}.toml"
    fields: dict[str, object] = {"project": project, "kind": kind, "answered_on": on, "answered_by": by}
    fields.update({d: scores[d] for d in R.SURVEY_DIMENSIONS if d in scores})
    if nps is not None:
        fields["nps"] = nps
    if comment:
        fields["comment"] = comment
    lines = ["#:schema ../.ducu/schema/survey.json", "", "[survey]"]
    lines += [f"{key} = {render_value(value)}" for key, value in fields.items()]
    text = "\n".join(lines) + "\n"
    msgspec.convert({**rtoml.loads(text)["survey"], "@id": stem}, R.Survey)  # what the loader will read
    said = ", ".join(f"{k} {v}" for k, v in scores.items()) + (f", NPS {nps}" if nps is not None else "")
    subject = f"{project}: {'close-out ' if kind == 'close-out' else ''}survey by {by} on {on.isoformat()} ({said})"
    return NewSurvey(rel=rel, text=text, message=f"{subject}\n\nDucu-Item: {rel.removesuffix('.toml')}\n")


def write_survey(root: str | os.PathLike[str], new: NewSurvey) -> Path:
    """Write the file; never over one that exists."""
    path = Path(root) / new.rel
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, new.text.encode("utf-8"), expect_sha256=ABSENT)
    return path
