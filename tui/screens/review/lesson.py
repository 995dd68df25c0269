"""A retro's question: a lesson learned (what happened, its cause, what we do differently), for the draft.

LessonScreen returns a minutes.NewLesson; the review screen adds it to the
draft and finishing writes it as [lessons.<id>] in the project file (and,
when put on the register, as an improvement) with the minutes, in one commit.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static

from tui.screens.form import FieldCheckbox, FieldSelect
from tui.screens.review.questions import KEYS, Question
from tui.widgets.literal_input import LiteralInput
from workspace_schema.review import NewLesson


class LessonScreen(Question):
    AREA = "lesson"
    HELP = """\
# Lesson learned

What happened, why, and what we will do differently next time. **Action** is
a task of the project that carries the improvement out (optional). **On the
register** also adds the improvement to improvements.toml, where it is
tracked to done and carried on every review agenda. Nothing is written until
the meeting is finished: then the lessons, the register and the minutes go in
one commit. **enter** goes to the next input and saves in the last,
**ctrl+s** saves, **escape** changes nothing.
"""
    FIRST = "#question-title"

    def __init__(self, question: Text, tasks: list[tuple[str, str]]) -> None:
        super().__init__(question)
        self.tasks = tasks  # (task id, title) of the project

    def compose(self) -> ComposeResult:
        with Vertical(classes="review-question"):
            yield Static(self.question, classes="question-title")
            for label, wid, hint in (
                ("What", "question-title", "what happened"),
                ("Cause", "question-cause", "why it happened"),
                ("Next time", "question-improvement", "what we will do differently"),
            ):
                with Horizontal(classes="question-row"):
                    yield Static(label, classes="question-label")
                    yield LiteralInput("", placeholder=hint, id=wid)
            with Horizontal(classes="question-row"):
                yield Static("Action", classes="question-label")
                yield FieldSelect(
                    [(f"{title} ({tid})", tid) for tid, title in self.tasks],
                    prompt="no task (optional)",
                    id="question-action",
                )
            with Horizontal(classes="question-row"):
                yield Static("", classes="question-label")
                yield FieldCheckbox("On the improvement register", id="question-register")
            yield Static(id="question-error")
            yield Static(Text(KEYS, style="dim"), classes="question-keys")

    def typed(self) -> bool:
        return super().typed() or self.query_one("#question-action", Select).value is not Select.NULL

    def action_save(self) -> None:
        def text(wid: str) -> str | None:
            return " ".join(self.query_one(f"#{wid}", Input).value.split()) or None

        title = text("question-title")
        if not title:
            self.error("what happened? type the lesson's title")
            self.query_one("#question-title", Input).focus()
            return
        improvement = text("question-improvement")
        register = self.query_one("#question-register", FieldCheckbox).value
        if register and not improvement:
            self.error("the register needs the improvement: what will we do differently?")
            self.query_one("#question-improvement", Input).focus()
            return
        action = self.query_one("#question-action", Select).value
        self.dismiss(
            NewLesson(
                title=title,
                cause=text("question-cause"),
                improvement=improvement,
                action=action if isinstance(action, str) else None,
                register=register,
            )
        )
