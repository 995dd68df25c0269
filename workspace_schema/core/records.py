"""Typed, immutable records for every file kind of a workspace.

The field names here are the file format (see docs/format.md). Fields a user
writes are plain names; fields the loader fills in (where a record came from)
are renamed to ``@id``, ``@file`` and ``@line`` so no TOML key can set them and
they never appear in the JSON Schemas.

Almost every field is optional: a missing part is a lint finding (a SMART
goal without a metric, a milestone without an accountable person), not a
load failure, and a field with a wrong value can be dropped while the rest of
the record still loads.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from msgspec import Struct, field

if TYPE_CHECKING:
    from workspace_schema.load.lines import FileLines

Date = dt.date

ProjectStatus = Literal["planned", "active", "on_hold", "done", "cancelled"]
ItemStatus = Literal["todo", "doing", "waiting", "blocked", "done", "dropped"]
Side = Literal["team", "client", "joint"]
RiskResponse = Literal["avoid", "mitigate", "transfer", "accept"]
RiskStatus = Literal["watching", "triggered", "closed"]
ChangeStatus = Literal["proposed", "approved", "rejected"]
LogKind = Literal["nudge", "check-in", "update", "escalation", "feedback", "decision", "note", "follow-up"]
Channel = Literal["email", "call", "meeting", "chat", "in-person", "letter", "other"]
Outcome = Literal["done", "moved", "reassigned", "noted", "action", "skipped"]
Severity = Literal["low", "medium", "high", "critical"]
TrainingMode = Literal["on-site", "online"]
TrainingStatus = Literal["planned", "held", "cancelled"]
LessonStatus = Literal["open", "done", "dropped"]
ImprovementStatus = Literal["proposed", "doing", "done", "dropped"]
IncentiveCondition = Literal["by_baseline", "by_date", "accepted", "survey_score"]
SurveyKind = Literal["periodic", "close-out"]
EvaluationOutcome = Literal["reward", "warning", "none"]
ReviewKind = Literal["regular", "retro"]
SURVEY_DIMENSIONS = ("schedule", "quality", "communication", "support")

OPEN_ITEM_STATUSES = frozenset({"todo", "doing", "waiting", "blocked"})
CLOSED_ITEM_STATUSES = frozenset({"done", "dropped"})


class Record(Struct, frozen=True, kw_only=True, gc=False):
    """Where a keyed record came from: its id (the TOML key), file and line."""

    id: str = field(default="", name="@id")
    file: str = field(default="", name="@file")
    line: int = field(default=0, name="@line")


# --- workspace.toml -------------------------------------------------------


class EscalationStep(Record, frozen=True, kw_only=True):
    after_days: int = 0
    action: str = ""
    who: str | None = None  # "owner", "lead", "sponsor" or a person handle


class WorkspaceHeader(Record, frozen=True, kw_only=True):
    """The [workspace] table of workspace.toml."""

    name: str = ""
    schema: int = 1
    timezone: str = "UTC"
    team: str = ""  # the org id of our own team in people.toml
    check_in_every: int = 7  # default days between progress checks
    review_every: int = 7  # days between review meetings
    nudge_every: int = 3  # days without a nudge before an overdue client item is flagged
    max_accountable: int = 8  # open items one person may be accountable for
    accept_within: int = 14  # days a done client-facing milestone may wait for the client's acceptance; 0: off
    holidays: list[Date] = []
    work_starts: int = 9  # the working day, in hours of the workspace's timezone: support targets count these
    work_ends: int = 18
    stale_after: int = 60  # days an open improvement or lesson may go without being done


class SupportTarget(Record, frozen=True, kw_only=True):
    """[support.<severity>] in workspace.toml: working hours to respond and to resolve."""

    respond_within: float | None = None
    resolve_within: float | None = None


class Settings(WorkspaceHeader, frozen=True, kw_only=True):
    escalation: dict[str, EscalationStep] = {}  # the ladder, by after_days
    support: dict[str, SupportTarget] = {}  # targets by severity; defaults in views/support.py

    def ladder(self) -> list[EscalationStep]:
        return sorted(self.escalation.values(), key=lambda s: s.after_days)


# --- people.toml, clients.toml --------------------------------------------


class Person(Record, frozen=True, kw_only=True):
    name: str = ""
    emails: list[str] = []
    org: str = ""
    role: str = ""
    language: str | None = None
    phone: str | None = None
    im: dict[str, str] = {}  # instant messaging handles by service: { wechat = "...", slack = "...", teams = "..." }
    digest_sent_on: Date | None = None  # the day `ducu notify --digest --send` last sent this person the digest


class Contract(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The contract or statement of work behind a client's projects."""

    reference: str = ""
    signed_on: Date | None = None
    starts: Date | None = None
    ends: Date | None = None
    value: float | None = None
    currency: str | None = None


class Client(Record, frozen=True, kw_only=True):
    name: str = ""
    sponsor: str | None = None  # a person handle on the client side
    contact_every: int | None = None  # days between contacts we promised
    language: str = "en"  # language for reminders and reports: en | zh
    account_owner: str | None = None  # the person on our team who owns the relationship
    survey_every: int | None = None  # days between satisfaction surveys
    contract: Contract | None = None


# --- projects/<id>.toml -----------------------------------------------------


class Raci(Struct, frozen=True, kw_only=True, gc=False):
    responsible: list[str] = []
    accountable: str | None = None
    consulted: list[str] = []
    informed: list[str] = []
    # keys the loader already reported as unreadable and ignored (rules do not report them missing)
    unreadable: tuple[str, ...] = field(default=(), name="@unreadable")


class Goal(Record, frozen=True, kw_only=True):
    title: str = ""
    metric: str | None = None
    unit: str | None = None
    start_value: float | None = None
    target: float | None = None
    current: float | None = None
    due: Date | None = None
    owner: str | None = None
    milestones: list[str] = []  # milestones that deliver this goal


class Incentive(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What the client gains by acting on time, with the condition ducu evaluates from the data."""

    condition: IncentiveCondition | None = None  # None: prose only, never evaluated
    by: Date | None = None  # the date for condition = "by_date"
    min_score: int | None = None  # the survey score for condition = "survey_score"
    reward: str = ""
    evaluated_on: Date | None = None  # written by ducu when it evaluates the incentive
    earned: bool | None = None


class Milestone(Record, frozen=True, kw_only=True):
    title: str = ""
    side: Side = "team"
    owner: str | None = None
    status: ItemStatus = "todo"
    start: Date | None = None
    due: Date | None = None
    baseline_due: Date | None = None
    done_on: Date | None = None
    done_criteria: str | None = None
    depends_on: list[str] = []
    incentive: str | Incentive | None = None  # text (read as the reward) or a table with a condition
    notes: str | None = None
    accepted_by: str | None = None  # who signed it off, normally a person on the client's side
    accepted_on: Date | None = None
    evidence: str | None = None  # a link or a few words: the sign-off email, the signed minutes
    raci: Raci | None = None


class Task(Record, frozen=True, kw_only=True):
    title: str = ""
    milestone: str | None = None
    side: Side = "team"
    owner: str | None = None
    status: ItemStatus = "todo"
    start: Date | None = None
    due: Date | None = None
    baseline_due: Date | None = None
    done_on: Date | None = None
    depends_on: list[str] = []
    notes: str | None = None
    internal: bool = False  # never shown to the client
    raci: Raci | None = None


class Step(Record, frozen=True, kw_only=True):
    text: str = ""
    owner: str | None = None
    done: bool = False


class Risk(Record, frozen=True, kw_only=True):
    title: str = ""
    probability: int = 1
    impact: int = 1
    owner: str | None = None
    trigger: str | None = None
    response: RiskResponse = "mitigate"
    status: RiskStatus = "watching"
    triggered_on: Date | None = None
    drill_every: int | None = None
    last_drill: Date | None = None
    shared: bool = False  # risks are internal unless shared with the client
    steps: dict[str, Step] = {}

    @property
    def score(self) -> int:
        return self.probability * self.impact


class ChangeRequest(Record, frozen=True, kw_only=True):
    summary: str = ""
    requested_by: str | None = None
    requested_on: Date | None = None
    reason: str | None = None
    status: ChangeStatus = "proposed"
    decided_by: str | None = None
    decided_on: Date | None = None
    moves: dict[str, Date] = {}
    moved_from: dict[str, Date] = {}  # written on approval: each moved item's due before it (knock-on moves too)
    internal: bool = False  # never shown to the client


class LogEntry(Record, frozen=True, kw_only=True):
    on: Date | None = None
    by: str | None = None
    with_: list[str] = field(default=[], name="with")
    channel: Channel = "email"
    kind: LogKind = "note"
    items: list[str] = []  # the milestones or tasks this entry is about
    summary: str = ""
    score: int | None = None  # satisfaction 1..5 for kind = "feedback"
    internal: bool = False  # never shown to the client


class SupportRequest(Record, frozen=True, kw_only=True):
    """A support request from the client, with response and resolution targets in working hours."""

    title: str = ""
    reporter: str | None = None  # a person handle, normally on the client's side
    owner: str | None = None  # who on our team handles it
    severity: Severity = "medium"
    opened: dt.datetime | None = None  # local date-time in the workspace's timezone
    respond_within: float | None = None  # working hours; default by severity (workspace.toml)
    resolve_within: float | None = None
    responded: dt.datetime | None = None
    resolved: dt.datetime | None = None
    summary: str | None = None


class Training(Record, frozen=True, kw_only=True):
    title: str = ""
    on: Date | None = None
    mode: TrainingMode = "online"
    status: TrainingStatus = "planned"
    trainer: str | None = None
    attendees: list[str] = []
    materials: str | None = None  # a link to the slides, recording or handout
    feedback: float | None = None  # the attendees' mean score, 1..5


class Lesson(Record, frozen=True, kw_only=True):
    title: str = ""  # what happened
    cause: str | None = None
    improvement: str | None = None  # what we do differently
    action: str | None = None  # the id of the task that carries it out
    status: LessonStatus = "open"
    raised_on: Date | None = None
    raised_by: str | None = None


class ProjectHeader(Record, frozen=True, kw_only=True):
    """The [project] table of a project file."""

    title: str = ""
    client: str | None = None
    owner: str | None = None
    status: ProjectStatus = "active"
    start: Date | None = None
    due: Date | None = None
    check_in_every: int | None = None
    done_on: Date | None = None  # when the project was handed over
    follow_up_every: int | None = None  # days between follow-ups once done (hypercare, handed over)


class Project(ProjectHeader, frozen=True, kw_only=True):
    goals: dict[str, Goal] = {}
    milestones: dict[str, Milestone] = {}
    tasks: dict[str, Task] = {}
    risks: dict[str, Risk] = {}
    changes: dict[str, ChangeRequest] = {}
    log: dict[str, LogEntry] = {}
    support: dict[str, SupportRequest] = {}
    trainings: dict[str, Training] = {}
    lessons: dict[str, Lesson] = {}

    def item(self, item_id: str) -> Milestone | Task | None:
        return self.milestones.get(item_id) or self.tasks.get(item_id)


# --- reviews/<date>-<project>.toml -----------------------------------------


class ReviewOutcome(Record, frozen=True, kw_only=True):
    item: str | None = None
    outcome: Outcome = "noted"
    note: str | None = None
    new_due: Date | None = None
    new_owner: str | None = None


class ReviewHeader(Record, frozen=True, kw_only=True):
    """The [review] table of a review file."""

    project: str = ""
    kind: ReviewKind = "regular"  # "retro": the look back when a project closes
    held_on: Date | None = None
    attendees: list[str] = []
    satisfaction: int | None = None
    satisfaction_comment: str | None = None
    next_review: Date | None = None
    decisions: list[str] = []
    actions: list[str] = []  # ids of tasks created as action items


class Review(ReviewHeader, frozen=True, kw_only=True):
    outcomes: dict[str, ReviewOutcome] = {}


# --- surveys/<date>-<project>.toml ---------------------------------------------


class Survey(Record, frozen=True, kw_only=True):
    """One answered satisfaction survey: 1..5 per dimension, NPS 0..10."""

    project: str = ""
    kind: SurveyKind = "periodic"
    answered_on: Date | None = None
    answered_by: str | None = None  # a person handle on the client's side
    schedule: int | None = None
    quality: int | None = None
    communication: int | None = None
    support: int | None = None
    nps: int | None = None
    comment: str | None = None

    def scores(self) -> dict[str, int]:
        """The dimensions answered, by name."""
        return {d: v for d in SURVEY_DIMENSIONS if (v := getattr(self, d)) is not None}


# --- improvements.toml, evaluations.toml ----------------------------------------


class Improvement(Record, frozen=True, kw_only=True):
    """An entry of the workspace's improvement register, tracked to done."""

    title: str = ""
    source: str | None = None  # "<project>/<lesson-id>" it came from
    owner: str | None = None
    status: ImprovementStatus = "proposed"
    raised_on: Date | None = None
    due: Date | None = None
    done_on: Date | None = None
    notes: str | None = None


class Evaluation(Record, frozen=True, kw_only=True):
    """A scorecard's evaluation and what was decided: a reward, a warning or nothing."""

    subject: str = ""  # a client id or a person handle
    period: str = ""  # "2026-Q4", "2026-11", "2026"
    outcome: EvaluationOutcome = "none"
    decided_by: str | None = None
    decided_on: Date | None = None
    note: str | None = None


# --- the whole workspace ----------------------------------------------------


class Workspace(Struct, frozen=True, kw_only=True):
    root: str
    settings: Settings
    people: dict[str, Person] = {}
    clients: dict[str, Client] = {}
    projects: dict[str, Project] = {}
    reviews: dict[str, Review] = {}  # keyed by file stem, "2026-11-20-acme-crm"
    surveys: dict[str, Survey] = {}  # keyed by file stem, "2026-11-20-acme-crm"
    improvements: dict[str, Improvement] = {}
    evaluations: dict[str, Evaluation] = {}
    unread: frozenset[str] = frozenset()  # files that are there but could not be read (the loader said why)
    # The text of each loaded file (lines.FileLines by relative path), so the
    # rules can find the line of a field without reading the file again.
    sources: dict[str, Any] = {}

    def key_line(self, rel: str, path: tuple[str, ...], key: str | None = None) -> int:
        lines: FileLines | None = self.sources.get(rel)
        if lines is None:
            return 0
        return lines.key_line(path, key) if key else lines.table_line(path)

    def person_org(self, handle: str | None) -> str | None:
        person = self.people.get(handle or "")
        return person.org if person else None

    def is_client_side(self, handle: str | None) -> bool:
        org = self.person_org(handle)
        return bool(org) and org != self.settings.team

    def is_client_item(self, item: Milestone | Task) -> bool:
        """The client must act: the owner is at a client, or there is no owner and the side is "client".

        Anything else (side team or joint with one of ours owning it) is a deliverable we hand to the client.
        """
        if item.owner and item.owner in self.people:
            return self.is_client_side(item.owner)
        return item.side == "client"


# File kinds as the files spell them (the loader's input, the JSON Schemas).


class WorkspaceFile(Struct, frozen=True, kw_only=True):
    workspace: WorkspaceHeader
    escalation: dict[str, EscalationStep] = {}
    support: dict[str, SupportTarget] = {}


class PeopleFile(Struct, frozen=True, kw_only=True):
    people: dict[str, Person] = {}


class ClientsFile(Struct, frozen=True, kw_only=True):
    clients: dict[str, Client] = {}


class ProjectFile(Struct, frozen=True, kw_only=True):
    project: ProjectHeader
    goals: dict[str, Goal] = {}
    milestones: dict[str, Milestone] = {}
    tasks: dict[str, Task] = {}
    risks: dict[str, Risk] = {}
    changes: dict[str, ChangeRequest] = {}
    log: dict[str, LogEntry] = {}
    support: dict[str, SupportRequest] = {}
    trainings: dict[str, Training] = {}
    lessons: dict[str, Lesson] = {}


class ReviewFile(Struct, frozen=True, kw_only=True):
    review: ReviewHeader
    outcomes: dict[str, ReviewOutcome] = {}


class SurveyFile(Struct, frozen=True, kw_only=True):
    survey: Survey


class ImprovementsFile(Struct, frozen=True, kw_only=True):
    improvements: dict[str, Improvement] = {}


class EvaluationsFile(Struct, frozen=True, kw_only=True):
    evaluations: dict[str, Evaluation] = {}


FILE_KINDS: dict[str, type[Struct]] = {
    "workspace": WorkspaceFile,
    "people": PeopleFile,
    "clients": ClientsFile,
    "project": ProjectFile,
    "review": ReviewFile,
    "survey": SurveyFile,
    "improvements": ImprovementsFile,
    "evaluations": EvaluationsFile,
}

# Record kinds a user adds and removes, by the table that holds them.
ITEM_KINDS: dict[str, type[Record]] = {
    "goals": Goal,
    "milestones": Milestone,
    "tasks": Task,
    "risks": Risk,
    "changes": ChangeRequest,
    "log": LogEntry,
    "support": SupportRequest,
    "trainings": Training,
    "lessons": Lesson,
}


def user_fields(cls: type[Struct]) -> tuple[str, ...]:
    """The keys a user may write for a record type, as spelled in TOML."""
    return tuple(n for n in cls.__struct_encode_fields__ if not n.startswith("@"))


__all__ = [n for n in dir() if not n.startswith("_") and n not in {"annotations", "dt", "msgspec"}]
