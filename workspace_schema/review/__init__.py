"""Review meetings: the agenda, and the minutes, a draft the screen fills, kept safe until finished in one commit.

    from workspace_schema import review as minutes
    draft = minutes.load_draft(root, "acme-crm") or minutes.new_draft(ws, "acme-crm", today, findings)
    minutes.record(draft, 0, "done")                                   # item 0 of the agenda is done
    minutes.record(draft, 1, "moved", new_due=date(2026, 12, 18), reason="DBA on leave")
    minutes.record(draft, 2, "action", action=minutes.NewAction(title="Call Dana", owner="hannah", due=...))
    draft.attendees = ["hannah", "dgreen"]; draft.decisions.append("..."); draft.satisfaction = 4
    minutes.save_draft(root, draft)                                    # after every change: a crash loses nothing
    minutes.problems(ws, draft)                                        # what finish would refuse, as a list
    result = minutes.finish(ws, draft, today)                          # review file + every edit, ONE commit
    retro = minutes.new_draft(ws, "acme-tracking", today, kind="retro")  # a done project's look back
    retro.lessons.append(minutes.NewLesson(title="...", cause="...", improvement="...", register=True))

The minutes' names below are the ones to import; the work is done in:

agenda    what to talk about, in order, and why (imported on its own: agenda.build)
agenda_care the agenda's support, incentive and survey topics
agenda_item an agenda item, its kinds in section order and the outcomes it takes
retro     a retro's agenda: what went well, what did not, the lessons so far (retro.build)
draft     the draft (Draft, DraftItem, NewAction), new_draft, record
store     where drafts are kept (the clone's git dir), save / load / delete
plan      what finish will write and every reason it would refuse
          (Problem, FinishRejected); the table of what each outcome does
finishing the review file and the project file, one commit, put back on failure
markdown  a recorded review as Markdown, in the client's language
documents what goes to the client: the next review's agenda (Markdown, HTML) and the
          minutes as HTML, internal items left out (imported on its own)
"""

from __future__ import annotations

from workspace_schema.review.draft import (
    DRAFT_VERSION,
    Draft,
    DraftError,
    DraftItem,
    MinutesError,
    NewAction,
    NewLesson,
    new_draft,
    record,
    review_id,
)
from workspace_schema.review.finishing import FinishResult, finish
from workspace_schema.review.markdown import to_markdown
from workspace_schema.review.plan import FinishRejected, Problem, problems
from workspace_schema.review.store import delete_draft, draft_path, drafts, load_draft, save_draft

__all__ = [
    "DRAFT_VERSION",
    "Draft",
    "DraftError",
    "DraftItem",
    "FinishRejected",
    "FinishResult",
    "MinutesError",
    "NewAction",
    "NewLesson",
    "Problem",
    "delete_draft",
    "draft_path",
    "drafts",
    "finish",
    "load_draft",
    "new_draft",
    "problems",
    "record",
    "review_id",
    "save_draft",
    "to_markdown",
]
