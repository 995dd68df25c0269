"""The outcome commands of a review meeting: ask what is needed (a date, a person, a note, an action), then record it.

ReviewScreen (review.py) mixes these in. Each decision goes through
minutes.record and the draft is saved at once (ReviewScreen.save), so a crash
right after a key loses nothing; deciding moves on to the next item, notes
and decisions stay on the page.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rich.text import Text

from tui.render.text import clean, safe
from tui.screens.review.items import person_name
from tui.screens.review.lesson import LessonScreen
from tui.screens.review.questions import (
    ActionItemScreen,
    DateReasonScreen,
    PersonScreen,
    TextScreen,
    people_choices,
)
from workspace_schema import review as minutes
from workspace_schema.review import Draft, MinutesError


class OutcomeCommands:
    """d, s, u, n, r, t, D, a, c and a retro's L of the meeting, on ``self.draft.items[self.index]``."""

    draft: Draft | None
    index: int
    page: str
    project_id: str
    app: Any

    if TYPE_CHECKING:  # provided by ReviewScreen and Textual

        def save(self) -> None: ...
        def check(self) -> None: ...
        def go(self, index: int) -> None: ...
        def show_page(self) -> None: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...

    def record(self, outcome: str | None, *, advance: bool = True, **values: object) -> bool:
        assert self.draft is not None
        try:
            minutes.record(self.draft, self.index, outcome, **values)  # type: ignore[arg-type]
        except MinutesError as exc:
            self.notify(clean(str(exc)), title="Not recorded", severity="warning", timeout=6, markup=False)
            return False
        self.save()
        self.check()
        if advance:
            self.go(self.index + 1)
        else:
            self.show_page()
        return True

    def current_note(self) -> str | None:
        return self.draft.items[self.index].note if self.draft is not None else None

    def action_done(self) -> None:
        self.record("done", note=self.current_note())

    def action_skip(self) -> None:
        self.record("skipped", note=self.current_note())

    def action_clear(self) -> None:
        self.record(None, advance=False)

    def action_move(self) -> None:
        state, draft = self.app.state, self.draft
        if state is None or draft is None:
            return
        item = draft.items[self.index]
        rec = state.project(self.project_id)
        current = getattr(getattr(rec, item.table or "", {}).get(item.item_id or ""), "due", None) if rec else None
        question = Text("New date for ", style="bold")
        question.append_text(safe(item.title, "bold"))
        if current:
            question.append(f"\nnow due {current}", style="dim")
        start = (
            (item.new_due.isoformat() if item.new_due else "", item.reason or "")
            if item.outcome == "moved"
            else ("", "")
        )

        def answered(answer: tuple[dt.date, str] | None) -> None:
            if answer is not None:
                self.record("moved", new_due=answer[0], reason=answer[1], note=self.current_note())

        self.app.push_screen(
            DateReasonScreen(question, state.today, list(state.ws.settings.holidays), current, *start), answered
        )

    def action_reassign(self) -> None:
        state, draft = self.app.state, self.draft
        if state is None or draft is None:
            return
        item = draft.items[self.index]
        question = Text("Who owns ", style="bold")
        question.append_text(safe(item.title, "bold"))
        question.append(" from now on?", style="bold")
        project = state.project(self.project_id)
        rec = getattr(project, item.table or "", {}).get(item.item_id or "") if project else None
        current = item.new_owner or getattr(rec, "owner", None)

        def answered(handle: str | None) -> None:
            if handle is None:
                return
            if rec is not None and handle == getattr(rec, "owner", None):
                self.notify(f"{clean(person_name(state.ws, handle))} owns it already.", timeout=4, markup=False)
                return
            self.record("reassigned", new_owner=handle, note=self.current_note())

        self.app.push_screen(PersonScreen(question, people_choices(state.ws, self.project_id), current), answered)

    def action_note(self) -> None:
        draft = self.draft
        if draft is None:
            return
        item = draft.items[self.index]
        question = Text("A note on ", style="bold")
        question.append_text(safe(item.title, "bold"))

        def answered(text: str | None) -> None:
            if text is None:
                return
            if item.outcome is None or (item.outcome == "noted" and not text):
                self.record("noted" if text else None, advance=False, note=text or None)
            else:
                self.record(
                    item.outcome,
                    advance=False,
                    note=text or None,
                    new_due=item.new_due,
                    reason=item.reason,
                    new_owner=item.new_owner,
                    action=item.action,
                )

        self.app.push_screen(TextScreen(question, "Note", item.note or ""), answered)

    def action_decision(self) -> None:
        draft = self.draft
        if draft is None:
            return
        question = Text("A decision of the meeting", style="bold")
        if self.page == "item":
            question.append(" (about: ", style="dim")
            question.append_text(safe(draft.items[self.index].title, "dim"))
            question.append(")", style="dim")

        def answered(text: str | None) -> None:
            if text:
                draft.decisions.append(text)  # the meeting line (items) and the summary (wrap-up) count them
                self.save()
                self.show_page()

        self.app.push_screen(TextScreen(question, "Decision", required=True), answered)

    def action_action(self) -> None:
        state, draft = self.app.state, self.draft
        if state is None or draft is None:
            return
        item = draft.items[self.index] if self.page == "item" else None
        on_item = item is not None and "action" in item.actions and item.outcome in (None, "noted", "skipped", "action")
        question = Text("Action item", style="bold")
        if item is not None:
            question.append(" about ", style="bold")
            question.append_text(safe(item.title, "bold"))
            if not on_item:
                question.append("\nthe item keeps its outcome; this becomes an action of the meeting", style="dim")
        existing = item.action if item is not None and item.outcome == "action" else None
        project = state.project(self.project_id)
        rec = getattr(project, item.table or "", {}).get(item.item_id or "") if project and item else None
        owner = getattr(rec, "owner", None)

        def answered(action: minutes.NewAction | None) -> None:
            if action is None:
                return
            if on_item:
                self.record("action", action=action, note=self.current_note())
            else:
                draft.actions.append(action)
                self.save()
                self.check()
                self.notify(f"Meeting action {len(draft.actions)} added.", timeout=3)
                self.show_page()

        screen = ActionItemScreen(
            question,
            people_choices(state.ws, self.project_id),
            state.today,
            list(state.ws.settings.holidays),
            existing,
            owner,
        )
        self.app.push_screen(screen, answered)

    def action_lesson(self) -> None:
        state, draft = self.app.state, self.draft
        if state is None or draft is None:
            return
        project = state.project(self.project_id)
        tasks = [(tid, t.title or tid) for tid, t in project.tasks.items()] if project is not None else []

        def answered(lesson: minutes.NewLesson | None) -> None:
            if lesson is None:
                return
            draft.lessons.append(lesson)
            self.save()
            self.check()
            self.notify(f"Lesson {len(draft.lessons)} added; it is written when the retro is finished.", timeout=4)
            self.show_page()

        question = Text("A lesson learned", style="bold")
        self.app.push_screen(LessonScreen(question, tasks), answered)

    def action_comment(self) -> None:
        draft = self.draft
        if draft is None:
            return

        def answered(text: str | None) -> None:
            if text is not None:
                draft.satisfaction_comment = text or None
                self.save()
                self.show_page()

        question = Text("The client's comment on how it is going", style="bold")
        self.app.push_screen(TextScreen(question, "Comment", draft.satisfaction_comment or ""), answered)
