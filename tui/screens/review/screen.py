"""Review meeting mode: who is there, the agenda one item at a time on a big screen, the client's score, finish.

The meeting is a draft (workspace_schema.review) saved to the clone's git
dir after every decision, so quitting, a crash or a closed laptop never loses
it: opening the review again resumes where it stopped. Finish writes the
minutes (reviews/<date>-<project>.toml) and every change to the plan in ONE
commit, in a thread worker.

For the whole workspace, ReviewPickScreen (review_pick.py) lists the live projects (worst
health first, meetings in progress marked); you hold one project's review at
a time and come back to the list, so each meeting gets its own minutes and
its own commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import ContentSwitcher, Digits, SelectionList, Static

from tui.render.text import clean, fit, para
from tui.screens.base import DucuScreen
from tui.screens.review.items import (
    end_head,
    facts_text,
    meeting_line,
    outcome_block,
    problems_at,
    score_words,
    section_line,
    state_findings,
    strip,
    summary,
)
from tui.screens.review.outcomes import OutcomeCommands
from tui.screens.review.questions import people_choices
from tui.state import State
from tui.widgets.header import Header
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar
from workspace_schema import review as minutes
from workspace_schema.core.dates import counted
from workspace_schema.core.records import ReviewKind
from workspace_schema.git import runner as git
from workspace_schema.review import Draft, FinishResult, MinutesError, Problem

ITEM_KEYS = frozenset(
    {"done", "move", "reassign", "note", "decision", "action", "skip", "clear", "prev", "next", "wrap_up", "attendees"}
    | {"lesson"}
)
END_KEYS = frozenset({"score", "comment", "decision", "action", "prev", "attendees", "finish", "lesson"})
OUTCOME_OF = {"done": "done", "move": "moved", "reassign": "reassigned", "skip": "skipped"}


@dataclass
class ReviewFinished(Message):
    result: FinishResult


@dataclass
class ReviewNotFinished(Message):
    message: str
    problems: list[Problem] | None = None


class ReviewScreen(OutcomeCommands, DucuScreen):
    CSS_PATH = "review.tcss"  # this screen's own rules, beside it
    AREA = "review"
    HELP = """\
# Review meeting

A meeting walks the project's agenda (overdue, due soon, waiting on the
client, risks, drills, change requests, goals off track, open actions of
earlier reviews), one item per page, big enough for a shared screen.

1. **Who is here**: tick the attendees (**space**), **enter** starts. The
   last review's attendees are ticked already.
2. **Each item**: **d** done, **n** a new date (and why), **r** reassign,
   **a** an action item (a task with an owner and a due date), **s** skip,
   **t** a note on the item, **D** a decision of the meeting, **u** clears
   the outcome. Deciding moves to the next item; **left**/**right** move
   without deciding. **A** goes back to the attendees, **w** to the wrap-up.
3. **Wrap up**: the client's satisfaction **1**–**5** (**0** none) and a
   comment (**c**), then the counts and anything that would stop the
   minutes. **enter** finishes: the minutes file and every change to the
   plan in one commit.

A **retro** (offered in the review list for a done project) walks what went
well and what did not instead, then the lessons learned so far; **L** adds a
lesson (what happened, its cause, what we do differently, optionally a task
and the improvement register), written with the minutes in the same commit.

Every decision is saved at once (in the clone's git dir, not the plan):
**escape** leaves the meeting and opening the review again resumes it where
it stopped.

To send the client, on the attendees page and at the wrap-up: **g** writes
the agenda of the next review, **m** the minutes of the last recorded
review, as Markdown or an HTML page in the client's language, without
internal items or risks not shared; the app says where the file is (out/
in the workspace, which git ignores). For the whole workspace, pick the
projects one after another: each meeting has its own minutes and commit.
"""
    BINDINGS = [
        Binding("enter", "start", "Start the agenda", id="review.start", priority=True),
        Binding("d", "done", "Done", id="review.done"),
        Binding("n", "move", "New date", id="review.move"),
        Binding("r", "reassign", "Reassign", id="review.reassign"),
        Binding("a", "action", "Action", id="review.action"),
        Binding("s", "skip", "Skip", id="review.skip"),
        Binding("t", "note", "Note", id="review.note"),
        Binding("D", "decision", "Decision", key_display="D", id="review.decision"),
        Binding("L", "lesson", "Lesson", key_display="L", id="review.lesson"),
        Binding("u", "clear", "Clear outcome", id="review.clear", show=False),
        Binding("left", "prev", "Prev", key_display="←", id="review.prev"),
        Binding("right", "next", "Next", key_display="→", id="review.next"),
        Binding("A", "attendees", "Attendees", key_display="A", id="review.attendees", show=False),
        Binding("w", "wrap_up", "Wrap up", id="review.wrap_up", show=False),
        *[
            Binding(
                str(n),
                f"score({n})",
                f"Satisfaction {n}" if n else "No satisfaction score",
                id=f"review.score_{n}",
                show=False,
            )
            for n in range(6)
        ],
        Binding("c", "comment", "Comment", id="review.comment"),
        Binding("enter", "finish", "Finish", id="review.finish", priority=True),
        Binding("g", "agenda_file", "Agenda to send", id="review.agenda_file"),
        Binding("m", "minutes_file", "Minutes to send", id="review.minutes_file"),
        Binding("escape", "leave", "Leave", id="review.leave"),
    ]

    def __init__(self, project_id: str, kind: ReviewKind = "regular") -> None:
        super().__init__()
        self.project_id = project_id
        self.kind = kind  # of a new meeting; a resumed one keeps its draft's
        self.draft: Draft | None = None
        self.page = "attendees"  # "attendees", "item", "end"
        self.index = 0  # the agenda item on screen
        self.on_disk = False  # the draft has been saved: leaving keeps it
        self.found: list[Problem] = []  # what finish would refuse (minutes.problems)
        self.finishing = False

    # --- layout -----------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with ContentSwitcher(initial="review-attendees", id="review-pages"):
            with Vertical(id="review-attendees"):
                yield Static(id="review-attendees-head")
                yield SelectionList[str](id="review-people")
                yield Static(id="review-attendees-hint")
            with Vertical(id="review-item"):
                with Horizontal(id="review-band"):
                    with Vertical(id="review-band-text"):
                        yield Static(id="review-section")
                        yield Static(id="review-meeting")
                    yield Digits(id="review-number")
                    yield Static(id="review-of")
                yield Static(id="review-title")
                yield Static(id="review-why")
                yield Static(id="review-facts")
                yield Static(id="review-outcome")
                yield Static(id="review-strip")
            with Vertical(id="review-end"):
                yield Static(id="review-end-head")
                with Horizontal(id="review-scores"):
                    for n in range(1, 6):
                        yield Digits(str(n), id=f"review-score-{n}", classes="review-score")
                yield Static(id="review-score-words")
                yield Static(id="review-summary")
        yield StatusBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        state = self.app.state
        if state is not None:
            self.show_state(state)

    @property
    def root(self) -> Path:
        return Path(self.app.root)

    # --- the draft ----------------------------------------------------------------------------------------

    def open_draft(self, state: State) -> bool:
        """Resume the saved meeting, or start one from today's agenda; False (and a message) when it cannot."""
        if state.project(self.project_id) is None:
            self.notify(
                f"There is no project {clean(self.project_id)} in this workspace.",
                title="No review",
                severity="error",
                markup=False,
            )
            return False
        try:
            draft = minutes.load_draft(self.root, self.project_id)
        except MinutesError as exc:
            self.notify(clean(str(exc)), title="Cannot resume the review", severity="error", timeout=15, markup=False)
            return False
        if draft is not None:
            self.draft, self.on_disk = draft, True
            done = sum(1 for item in draft.items if item.outcome)
            self.notify(
                f"Resumed the review of {draft.held_on}: {done} of {counted(len(draft.items), 'item')} recorded.",
                title="Review in progress",
                timeout=6,
                markup=False,
            )
            started = bool(draft.attendees) or done > 0 or draft.current > 0
            self.index = max(0, min(draft.current, len(draft.items)))
            self.page = ("end" if self.index >= len(draft.items) else "item") if started else "attendees"
        else:
            self.draft = minutes.new_draft(state.ws, self.project_id, state.today, state.findings, kind=self.kind)
            self.page, self.index = "attendees", 0
        self.fill_people(state)
        return True

    def save(self) -> None:
        """Write the draft now (a small atomic write): a crash after this loses nothing."""
        if self.draft is None:
            return
        self.draft.current = self.index
        try:
            minutes.save_draft(self.root, self.draft)
        except MinutesError as exc:
            self.notify(clean(str(exc)), title="The meeting is NOT saved", severity="error", timeout=15, markup=False)
            return
        self.on_disk = True

    def check(self) -> None:
        state = self.app.state
        if state is not None and self.draft is not None:
            self.found = minutes.problems(state.ws, self.draft)

    # --- showing -------------------------------------------------------------------------------------------

    def show_state(self, state: State) -> None:
        self.query_one(StatusBar).show_state(state)
        if self.draft is None:
            if not self.open_draft(state):
                self.close()
                return
        project = state.project(self.project_id)
        title = project.title if project is not None and project.title else self.project_id
        assert self.draft is not None
        what = "Retro" if self.draft.kind == "retro" else "Review meeting"
        self.sub_title = f"{what} · {fit(title, 60)} · {self.draft.held_on}"
        self.check()
        self.show_page()

    def show_page(self) -> None:
        if self.draft is None or self.app.state is None:
            return
        switcher = self.query_one(ContentSwitcher)
        switcher.current = f"review-{self.page}"
        # off its page the list must not take the focus back (its left/right would shadow the agenda's)
        self.query_one(SelectionList).disabled = self.page != "attendees"
        if self.page == "attendees":
            self.show_attendees()
            self.query_one(SelectionList).focus()
        elif self.page == "item":
            self.show_item()
            self.set_focus(None)
        else:
            self.show_end()
            self.set_focus(None)
        self.refresh_bindings()

    def fill_people(self, state: State) -> None:
        assert self.draft is not None
        chosen = set(self.draft.attendees)
        people = self.query_one(SelectionList)
        people.clear_options()
        people.add_options(
            [(label, handle, handle in chosen) for handle, label in people_choices(state.ws, self.project_id)]
        )
        if people.option_count:
            people.highlighted = 0

    def show_attendees(self) -> None:
        state, draft = self.app.state, self.draft
        assert state is not None and draft is not None
        project = state.project(self.project_id)
        head = Text()
        head.append("Retro  " if draft.kind == "retro" else "Review meeting  ", style="bold")
        head.append_text(para(project.title if project is not None else self.project_id, "bold"))
        head.append(f"\n{draft.held_on:%A %Y-%m-%d} · {counted(len(draft.items), 'item')} on the agenda", style="dim")
        head.append("\n\nWho is here?", style="bold")
        self.query_one("#review-attendees-head", Static).update(head)
        hint = Text(
            "space ticks a person · enter starts the agenda · escape leaves (nothing is kept until you start)",
            style="dim",
        )
        self.query_one("#review-attendees-hint", Static).update(hint)

    def show_item(self) -> None:
        state, draft = self.app.state, self.draft
        assert state is not None and draft is not None
        item = draft.items[self.index]
        self.query_one("#review-section", Static).update(section_line(draft, self.index))
        self.query_one("#review-meeting", Static).update(meeting_line(state.ws, draft))
        self.query_one("#review-number", Digits).update(str(self.index + 1))
        self.query_one("#review-of", Static).update(Text(f"of {len(draft.items)}", style="bold"))
        self.query_one("#review-title", Static).update(para(item.title, "bold"))
        self.query_one("#review-why", Static).update(para(item.why))
        self.query_one("#review-facts", Static).update(facts_text(state.ws, self.project_id, item, state.today))
        block = outcome_block(state.ws, item, problems_at(self.found, self.index), state_findings(state, item.ref))
        self.query_one("#review-outcome", Static).update(block)
        self.query_one("#review-strip", Static).update(strip(draft, self.index, max(self.size.width - 4, 20)))

    def show_end(self) -> None:
        state, draft = self.app.state, self.draft
        assert state is not None and draft is not None
        self.query_one("#review-end-head", Static).update(end_head(draft))
        for n in range(1, 6):
            self.query_one(f"#review-score-{n}", Digits).set_class(draft.satisfaction == n, "-chosen")
        self.query_one("#review-score-words", Static).update(score_words(draft))
        self.query_one("#review-summary", Static).update(summary(state.ws, draft, self.found, self.finishing))

    def on_resize(self) -> None:
        if self.page == "item" and self.draft is not None and self.app.state is not None:
            self.show_item()

    # --- which keys apply now ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave":
            return True
        if action in ("agenda_file", "minutes_file"):
            return self.page != "item"  # before the agenda and at the wrap-up: the item page's footer is full
        if self.draft is None or self.finishing:
            return False
        if action == "start":
            return self.page == "attendees"
        if action == "lesson" and self.draft.kind != "retro":
            return False
        if self.page == "item":
            if action not in ITEM_KEYS:
                return False
            if action == "prev" and self.index == 0:
                return None
            item = self.draft.items[self.index]
            outcome = OUTCOME_OF.get(action)
            if outcome is not None and item.actions and outcome not in item.actions:
                return None  # shown dimmed: it does not apply to this kind of item
            return True
        if self.page == "end":
            return action in END_KEYS
        return False

    def go(self, index: int) -> None:
        """Show item ``index`` (len(items): the wrap-up page) and remember it in the draft."""
        assert self.draft is not None
        self.index = max(0, min(index, len(self.draft.items)))
        self.page = "end" if self.index >= len(self.draft.items) else "item"
        if self.on_disk:
            self.save()
        if self.page == "end":
            self.check()
        self.show_page()

    # --- attendees ----------------------------------------------------------------------------------------------

    @on(SelectionList.SelectedChanged, "#review-people")
    def _attendees_changed(self, event: SelectionList.SelectedChanged) -> None:
        if self.draft is None:
            return
        chosen = set(event.selection_list.selected)
        order = (
            [handle for handle, _label in people_choices(self.app.state.ws, self.project_id)] if self.app.state else []
        )
        self.draft.attendees = [h for h in order if h in chosen] + [
            h for h in self.draft.attendees if h in chosen and h not in order
        ]
        if self.on_disk:
            self.save()

    def action_start(self) -> None:
        self.save()
        self.go(self.index)

    def action_attendees(self) -> None:
        self.page = "attendees"
        self.show_page()

    # --- moving ---------------------------------------------------------------------------------------------------

    def action_prev(self) -> None:
        if self.index > 0:
            self.go(self.index - 1)

    def action_next(self) -> None:
        self.go(self.index + 1)

    def action_wrap_up(self) -> None:
        assert self.draft is not None
        self.go(len(self.draft.items))

    # --- wrap up ----------------------------------------------------------------------------------------------------

    def action_score(self, n: int) -> None:
        assert self.draft is not None
        self.draft.satisfaction = n or None
        self.save()
        self.check()
        self.show_page()

    def action_finish(self) -> None:
        state, draft = self.app.state, self.draft
        if state is None or draft is None or self.finishing:
            return
        self.check()
        if self.found:
            self.notify(
                f"{len(self.found)} problem(s) stop the minutes; they are listed here and on their items.",
                title="Not finished",
                severity="warning",
                timeout=6,
                markup=False,
            )
            self.show_page()
            return
        self.save()

        def finish() -> None:  # in a browser, once its user said who they are: the minutes commit as them
            self.finishing = True
            self.show_page()
            self._finish(state, draft)

        self.app.as_known_person(finish)

    @work(thread=True, exclusive=True, group="review-finish", exit_on_error=False, description="finish the review")
    def _finish(self, state: State, draft: Draft) -> None:
        try:
            with self.app.git_lock:
                result = minutes.finish(state.ws, draft, state.today)
        except minutes.FinishRejected as exc:
            self.post_message(ReviewNotFinished(str(exc), exc.problems))
        except (MinutesError, git.GitError, OSError) as exc:
            self.post_message(ReviewNotFinished(str(exc)))
        else:
            self.post_message(ReviewFinished(result))

    @on(ReviewFinished)
    def _finished(self, event: ReviewFinished) -> None:
        result = event.result
        where = f"commit {result.commit[:8]}" if result.commit else "saved, not committed (not a git clone)"
        self.notify(
            f"{result.subject}\n{result.review_file} · {where}", title="Review finished", timeout=10, markup=False
        )
        self.on_disk = False
        self.app.reload()
        self.close()

    @on(ReviewNotFinished)
    def _not_finished(self, event: ReviewNotFinished) -> None:
        self.finishing = False
        if event.problems is not None:
            self.found = event.problems
        self.notify(
            clean(event.message) + "\nThe meeting is kept.",
            title="Not finished",
            severity="error",
            timeout=15,
            markup=False,
        )
        self.show_page()

    # --- what goes to the client -------------------------------------------------------------------------------------

    def action_agenda_file(self) -> None:
        from tui.flows.outputs import export_agenda

        export_agenda(self.app, self.project_id)

    def action_minutes_file(self) -> None:
        from tui.flows.outputs import export_minutes

        export_minutes(self.app, self.project_id)

    # --- leaving -----------------------------------------------------------------------------------------------------

    def action_leave(self) -> None:
        if self.finishing:
            self.notify("Finishing the minutes; a moment.", timeout=3)
            return
        if self.on_disk and self.draft is not None:
            where = (
                "the wrap-up"
                if self.index >= len(self.draft.items)
                else f"item {self.index + 1} of {len(self.draft.items)}"
            )
            self.notify(
                f"The meeting is kept. Open the review again (R) to resume at {where}.",
                title="Review paused",
                timeout=6,
                markup=False,
            )
        self.close()

    def close(self) -> None:
        """Leave the screen; when a question or the help is on top, as soon as it closes."""
        if self.app.screen is self:
            self.dismiss()
        else:
            self._close_on_resume = True

    _close_on_resume = False

    def on_screen_resume(self) -> None:
        if self._close_on_resume:
            self.dismiss()
