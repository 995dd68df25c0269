"""JSON Schemas of every file kind, for editors that check TOML as you type.

Taplo and Even Better TOML read a first-line comment ``#:schema PATH`` and
then complete and check keys. The schemas come straight from the records, so
they can never drift from what the loader accepts, with what msgspec cannot
know added here: each key's description (shown on hover; the words of
docs/format.md), bounds (scores 1..5) and the keys a record must have.

TOML has no null, so an optional field is just its type: msgspec's
``anyOf [X, {type: null}]`` would make every wrong value read "not valid
under any of the schemas listed in the 'anyOf' keyword" instead of saying
what was expected.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec

from workspace_schema.core.records import FILE_KINDS

SCHEMA_DIR = ".ducu/schema"


_ITEM_STATUS = "todo, doing, waiting, blocked, done or dropped"
_NEVER_CLIENT = "true: never shown to the client (default false)"

# What each key means, by field name; (record, field) where one record means something else by it.
DESCRIPTIONS: dict[str, str] = {
    # file tables
    "workspace": "The workspace's settings.",
    "escalation": "The escalation ladder, one [escalation.<id>] step each, ordered by after_days overdue.",
    "people": "[people.<handle>]: everyone on the team and at the clients.",
    "clients": "[clients.<id>]: the clients.",
    "project": "The project: one client engagement per file.",
    "goals": "[goals.<id>]: SMART goals.",
    "milestones": "[milestones.<id>]: what is delivered, by whom, by when.",
    "tasks": "[tasks.<id>]: the work under the milestones.",
    "risks": "[risks.<id>]: risks and their contingency plans.",
    "changes": "[changes.<id>]: change and delay requests.",
    "log": "[log.<id>]: the communication log.",
    "review": "The review meeting: when, who, how satisfied, what was decided.",
    "outcomes": "[outcomes.<id>]: each agenda item's outcome.",
    "support": "[support.<id>]: the client's support requests, with response and resolution targets.",
    "trainings": "[trainings.<id>]: training sessions for the client's people.",
    "lessons": "[lessons.<id>]: lessons learned on this project.",
    "survey": "One answered satisfaction survey.",
    "improvements": "[improvements.<id>]: the improvement register, tracked to done.",
    "evaluations": "[evaluations.<id>]: scorecard evaluations and what was decided.",
    # workspace.toml
    "name": "The name.",
    "schema": "File format version.",
    "timezone": 'IANA time zone name; "today" is computed in it (default UTC).',
    "team": "The org id of our own people in people.toml.",
    "check_in_every": "Days between progress checks (default 7).",
    "review_every": "Days between review meetings (default 7).",
    "nudge_every": "Days an overdue client-side item may go without a logged nudge (default 3).",
    "max_accountable": "Open items one person may be accountable for before a warning (default 8).",
    "accept_within": "Days a done client-facing milestone may wait for the client's acceptance; 0 turns the warning off (default 14).",
    "holidays": "Dates that are not working days.",
    "work_starts": "The hour the working day starts, in the workspace's timezone (default 9).",
    "work_ends": "The hour the working day ends (default 18).",
    "stale_after": "Days an open improvement or lesson may go without being done (default 60).",
    "respond_within": "Working hours to the first response.",
    "resolve_within": "Working hours to the resolution.",
    "after_days": "Days overdue before this step.",
    "action": "What to do at this step.",
    "who": "Who acts: owner, lead, sponsor or a person handle.",
    # people.toml, clients.toml
    "emails": "The git identities this person commits with.",
    "org": "The team's org id or a client id.",
    "role": "The person's role.",
    "language": "Language for reminders and reports: en or zh.",
    "sponsor": "The client's sponsor: a person handle on the client's side.",
    "contact_every": "Days between contacts we promised.",
    "phone": "Phone number.",
    "im": "Instant messaging handles by service: { wechat = ..., slack = ..., teams = ... }.",
    "digest_sent_on": "The day ducu notify last sent this person the weekly digest (written by ducu notify).",
    "account_owner": "The person on our team who owns the relationship: a person handle.",
    "survey_every": "Days between satisfaction surveys.",
    "contract": "The contract or statement of work.",
    "reference": "The contract's or statement of work's reference.",
    "signed_on": "The date it was signed.",
    "starts": "The date it starts.",
    "ends": "The date it ends.",
    "value": "Its value.",
    "currency": "The value's currency (ISO code: USD, CNY).",
    # project records
    "title": "The title.",
    "client": "The client id (clients.toml).",
    "owner": "The person handle accountable for it.",
    "status": f"Status: {_ITEM_STATUS}.",
    "start": "Start date.",
    "due": "Due date: the current forecast.",
    "metric": "What is measured.",
    "unit": "The metric's unit.",
    "start_value": "The metric's value at the start.",
    "target": "The metric's target value.",
    "current": "The metric's current value.",
    "side": "Who must act: team, client or joint.",
    "baseline_due": "The agreed due date; moves only by an approved change request.",
    "done_on": "The date it was done.",
    "done_criteria": "What done means, agreed with the client.",
    "depends_on": "Ids of the milestones or tasks that must be done first.",
    "incentive": "What the client gains by acting on time: text, or a table with condition, reward, by, min_score.",
    "condition": "When the incentive is earned: by_baseline, by_date, accepted or survey_score.",
    "min_score": "The survey score (1..5) that earns it, for condition = survey_score.",
    "reward": "What the client gains.",
    "evaluated_on": "Written by ducu: the date the incentive was evaluated.",
    "earned": "Written by ducu: whether the incentive was earned.",
    "notes": "Free notes.",
    "accepted_by": "Who signed it off: a person handle, normally on the client's side.",
    "accepted_on": "The date of the client's sign-off.",
    "evidence": "The sign-off: a link or a few words (the email, the signed minutes).",
    "raci": "Who is responsible, accountable, consulted and informed.",
    "responsible": "Person handles who do the work.",
    "accountable": "The one person handle accountable for it.",
    "consulted": "Person handles consulted before decisions.",
    "informed": "Person handles kept informed.",
    "milestone": "The milestone this task belongs to.",
    "internal": _NEVER_CLIENT + ".",
    "probability": "Probability, 1 (rare) to 5 (almost certain).",
    "impact": "Impact, 1 (minor) to 5 (severe).",
    "trigger": "What shows the risk is happening.",
    "response": "avoid, mitigate, transfer or accept.",
    "triggered_on": "The date the risk was triggered.",
    "drill_every": "Days between drills of the contingency plan.",
    "last_drill": "The date of the last drill.",
    "shared": "true: shown to the client; risks are internal unless shared (default false).",
    "steps": "[risks.<id>.steps.<n>]: the contingency checklist.",
    "text": "What to do.",
    "done": "Whether the step is done.",
    "summary": "What it is about, in a sentence.",
    "requested_by": "Who asked for the change: a person handle.",
    "requested_on": "The date of the request.",
    "reason": "Why the change is asked for.",
    "decided_by": "Who approved or rejected it: a person handle.",
    "decided_on": "The date of the decision.",
    "moves": 'The new due dates it asks for: { "<item-id>" = <date> }.',
    "moved_from": 'Written by ducu on approval: { "<item-id>" = <due before> } for every item it moved.',
    "on": "The date.",
    "by": "Who wrote or made the contact: a person handle.",
    "with": "Who it was with: person handles.",
    "channel": "email, call, meeting, chat, in-person, letter or other.",
    "kind": "nudge, check-in, update, escalation, feedback, decision or note.",
    "items": "Ids of the milestones or tasks it is about.",
    "score": "Satisfaction 1..5, for kind = feedback.",
    # reviews
    "held_on": "The date of the meeting.",
    "attendees": "Person handles of who was there.",
    "satisfaction": "The client's satisfaction, 1..5.",
    "satisfaction_comment": "What the client said about it.",
    "next_review": "The date of the next review.",
    "decisions": "What was decided, one text each.",
    "actions": "Ids of the tasks created as action items.",
    "item": "The milestone or task id the outcome is about.",
    "outcome": "done, moved, reassigned, noted, action or skipped.",
    "note": "A note on the outcome.",
    "new_due": "The new due date, when moved.",
    "new_owner": "The new owner, when reassigned.",
    # support, trainings, lessons
    "reporter": "Who reported it: a person handle, normally on the client's side.",
    "severity": "low, medium, high or critical.",
    "opened": "When it was opened: a local date-time (2026-11-20T09:30).",
    "responded": "When we first responded: a local date-time.",
    "resolved": "When it was resolved: a local date-time.",
    "mode": "on-site or online.",
    "trainer": "Who gives the training: a person handle.",
    "materials": "A link to the slides, recording or handout.",
    "feedback": "The attendees' mean score, 1..5.",
    "cause": "Why it happened.",
    "improvement": "What we do differently from now on.",
    "raised_on": "The date it was raised.",
    "raised_by": "Who raised it: a person handle.",
    "follow_up_every": "Days between follow-ups once the project is done (hypercare, handed over).",
    # surveys
    "answered_on": "The date the survey was answered.",
    "answered_by": "Who answered: a person handle on the client's side.",
    "schedule": "Score 1..5: keeping to the schedule.",
    "quality": "Score 1..5: the quality of what was delivered.",
    "communication": "Score 1..5: communication.",
    "nps": "Net promoter score 0..10: how likely they are to recommend us.",
    "comment": "What the client wrote.",
    # improvements, evaluations
    "source": "Where it came from: <project>/<lesson-id>.",
    "subject": "Who was evaluated: a client id or a person handle.",
    "period": "The period evaluated: 2026-Q4, 2026-11 or 2026.",
}
_BY_RECORD: dict[tuple[str, str], str] = {
    ("WorkspaceHeader", "name"): "The workspace's name.",
    ("Person", "name"): "The person's name.",
    ("Client", "name"): "The client's name.",
    ("ProjectHeader", "status"): "planned, active, on_hold, done or cancelled.",
    ("ProjectHeader", "owner"): "Our accountable lead: a person handle.",
    ("ProjectHeader", "check_in_every"): "Days between progress checks for this project (default: the workspace's).",
    ("Goal", "due"): "When the target should be reached.",
    ("Goal", "milestones"): "The milestones that deliver this goal.",
    ("Risk", "status"): "watching, triggered or closed.",
    ("Step", "owner"): "Who does this step: a person handle.",
    ("ChangeRequest", "status"): "proposed, approved or rejected.",
    ("ReviewHeader", "project"): "The project id (its file name without .toml).",
    ("ReviewHeader", "kind"): "regular, or retro: the look back when a project closes (went well, did not, lessons).",
    ("Survey", "project"): "The project id (its file name without .toml).",
    ("Survey", "kind"): "periodic or close-out (the survey when a project is done).",
    ("Survey", "support"): "Score 1..5: support.",
    ("Incentive", "by"): "The date to deliver by, for condition = by_date.",
    ("Lesson", "title"): "What happened.",
    ("Lesson", "action"): "The id of the task that carries out the improvement.",
    ("Lesson", "status"): "open, done or dropped.",
    ("Improvement", "status"): "proposed, doing, done or dropped.",
    ("Evaluation", "outcome"): "reward, warning or none.",
    ("Training", "on"): "The date of the session.",
    ("Training", "status"): "planned, held or cancelled.",
    ("Training", "attendees"): "Person handles of who attended.",
    ("SupportRequest", "owner"): "Who on our team handles it: a person handle.",
    ("SupportRequest", "summary"): "What was asked and what was done.",
    ("ProjectHeader", "done_on"): "The date the project was handed over.",
}
_BOUNDS: dict[tuple[str, str], dict[str, int]] = {
    ("Risk", "probability"): {"minimum": 1, "maximum": 5},
    ("Risk", "impact"): {"minimum": 1, "maximum": 5},
    ("LogEntry", "score"): {"minimum": 1, "maximum": 5},
    ("ReviewHeader", "satisfaction"): {"minimum": 1, "maximum": 5},
    **{("Survey", d): {"minimum": 1, "maximum": 5} for d in ("schedule", "quality", "communication", "support")},
    ("Survey", "nps"): {"minimum": 0, "maximum": 10},
    ("Training", "feedback"): {"minimum": 1, "maximum": 5},
    ("Incentive", "min_score"): {"minimum": 1, "maximum": 5},
    ("WorkspaceHeader", "work_starts"): {"minimum": 0, "maximum": 24},
    ("WorkspaceHeader", "work_ends"): {"minimum": 0, "maximum": 24},
}
# Keys a record must have (the loader reads a missing one as empty; the rules report it).
_REQUIRED: dict[str, list[str]] = {"Milestone": ["title"], "Survey": ["project"], "Evaluation": ["subject", "period"]}


def _tighten(node: Any) -> Any:
    """Drop loader-only "@" fields and null branches; forbid unknown keys, as the loader does."""
    if isinstance(node, dict):
        out = {k: _tighten(v) for k, v in node.items()}
        branches = out.get("anyOf")
        if isinstance(branches, list) and {"type": "null"} in branches:
            kept = [b for b in branches if b != {"type": "null"}]
            del out["anyOf"]
            out = {**kept[0], **out} if len(kept) == 1 else {"anyOf": kept, **out}
        if out.get("default", 0) is None:
            del out["default"]
        props = out.get("properties")
        if isinstance(props, dict) and out.get("type") == "object":
            out["properties"] = {k: v for k, v in props.items() if not k.startswith("@")}
            if "required" in out:
                out["required"] = [k for k in out["required"] if not k.startswith("@")]
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [_tighten(v) for v in node]
    return node


def _describe(schema: dict[str, Any]) -> dict[str, Any]:
    """Each record's keys get their description, bounds and what is required."""
    for name, record in schema.get("$defs", {}).items():
        for key, prop in record.get("properties", {}).items():
            text = _BY_RECORD.get((name, key)) or DESCRIPTIONS[key]
            ref = prop.pop("$ref", None)
            if ref is not None:  # a description beside $ref is ignored by draft-7 readers: wrap it
                prop["allOf"] = [{"$ref": ref}]
            prop.update(_BOUNDS.get((name, key), {}))
            record["properties"][key] = {"description": text, **prop}
        if name in _REQUIRED:
            record["required"] = sorted({*record.get("required", []), *_REQUIRED[name]})
    return schema


def json_schema(kind: str) -> dict[str, Any]:
    schema = _describe(_tighten(msgspec.json.schema(FILE_KINDS[kind])))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"ducu {kind} file", **schema}


def schema_texts() -> dict[str, str]:
    """File name -> text of every schema (``project.json`` ...)."""
    return {f"{kind}.json": json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n" for kind in FILE_KINDS}


def write_schemas(out_dir: str | Path) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def schema_problem(root: str | Path) -> str | None:
    """Why the workspace's schemas (``.ducu/schema``) are not the ones this ducu writes, or None when they are."""
    folder = Path(root) / SCHEMA_DIR
    fix = f"write them with `ducu schema --out {SCHEMA_DIR}` and commit them"
    if not folder.is_dir():
        return f"no JSON Schemas in {SCHEMA_DIR}: editors cannot check the plan files; {fix}"
    stale = []
    for name, text in schema_texts().items():
        try:
            if (folder / name).read_text("utf-8") != text:
                stale.append(name)
        except OSError:
            stale.append(name)
    if stale:
        return f"the JSON Schemas in {SCHEMA_DIR} ({', '.join(stale)}) are not the ones this ducu writes; {fix}"
    return None


def schema_comment(kind: str, depth: int = 0) -> str:
    """The first line a file of ``kind`` starts with, ``depth`` folders below the root."""
    prefix = "../" * depth if depth else "./"
    return f"#:schema {prefix}{SCHEMA_DIR}/{kind}.json"
