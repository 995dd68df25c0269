"""The Care view: the client's support requests against their targets, trainings and lessons learned."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.binding import Binding

from tui.render.text import clean, safe
from tui.state import State
from tui.widgets.record_list import RecordListView, Row, columns
from workspace_schema.core import clock as clocks
from workspace_schema.core.records import Project
from workspace_schema.core.sla import RequestState
from workspace_schema.edit.support import record_resolution, record_response
from workspace_schema.views.support import project_states, sla_text, training_summary, trainings_in_order

SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "dim"}
STATUS_STYLE = {"planned": "cyan", "held": "green", "cancelled": "dim"}
DATE_CELLS = 16  # "2026-11-26 14:05"
SEVERITY_CELLS = 9  # "critical" and a space


def sla_style(state: RequestState) -> str:
    if state.overdue:
        return "bold red"
    if state.breached:
        return "yellow"
    return "green" if state.status == "resolved" else ""


class CareView(RecordListView):
    AREA = "care"
    TAB = "Care"
    EMPTY = "No support requests, trainings or lessons for this project yet: n adds a support request."
    HELP = """\
# Care: support, training, lessons

The client's side once they use what we built. **Support requests** with
their severity, when they were opened and where they stand against their
targets in working hours (work_starts to work_ends on weekdays that are not
holidays): the response and resolution targets are the request's own, else
workspace.toml's `[support.<severity>]`, else critical 1/8, high 4/24,
medium 8/40, low 16/80 hours. A request past a target is **red**.
**Trainings** with their date, mode, attendees and feedback, and the
project's **lessons learned**.

**r** records that the selected request was responded to now, **v** that it
was resolved now (one commit each; `ducu support respond|resolve --at` for
another time). **n** adds a support request (a training when the cursor is
on one), **e** edits the selected record. **enter** on a lesson shows its
action (a task) in the timeline.
"""
    BINDINGS = [
        Binding("enter", "go", "Go to action", id="care.go", show=False),
        Binding("r", "respond", "Responded", id="care.respond"),
        Binding("v", "resolve", "Resolved", id="care.resolve"),
    ]

    def now(self, state: State) -> dt.datetime:
        return clocks.now(state.ws.settings.timezone, self.app.clock).replace(second=0)

    def build(self, state: State, width: int) -> list[Row]:
        project = state.project(self.project_id)
        assert project is not None
        if not (project.support or project.trainings or project.lessons):
            return []
        now = self.now(state)
        rows = self.support_rows(project, project_states(state.ws, self.project_id, now), now, width)
        rows += self.training_rows(state, project, width)
        rows += self.lesson_rows(project, width)
        return rows

    def support_rows(self, project: Project, states: list[RequestState], now: dt.datetime, width: int) -> list[Row]:
        head = Text(no_wrap=True, overflow="ellipsis")
        open_ = [s for s in states if s.status != "resolved"]
        late = [s for s in open_ if s.overdue]
        head.append(f" Support: {len(states)} request{'s' if len(states) != 1 else ''}", "bold")
        head.append(f" · {len(open_)} open")
        if late:
            head.append(f" · {len(late)} past a target", "bold red")
        head.append(f" · as of {now:%Y-%m-%d %H:%M} · r responded, v resolved", "dim")
        rows = [Row(head)]
        for s in states:
            r = s.request
            opened = f"{r.opened:%Y-%m-%d %H:%M}" if r.opened else "not opened"
            rows.append(
                Row(
                    columns(
                        width,
                        [
                            (" ", 1, ""),
                            (r.severity, SEVERITY_CELLS, SEVERITY_STYLE.get(r.severity, "")),
                            (opened, DATE_CELLS, ""),
                            (safe(r.title or s.id, "bold"), None, ""),
                        ],
                    ),
                    key=(s.id,),
                )
            )
            who = f"{clean(r.reporter or '?')} → {clean(r.owner or '?')}"
            rows += self.labelled("", Text(sla_text(s), style=sla_style(s)), width, name_cells=SEVERITY_CELLS - 2)
            rows += self.labelled("", Text(who, style="dim"), width, name_cells=SEVERITY_CELLS - 2)
            if r.summary:
                rows += self.labelled("", r.summary, width, name_cells=SEVERITY_CELLS - 2, max_lines=2)
            rows += self.finding_rows(s.id, width)
        return rows

    def training_rows(self, state: State, project: Project, width: int) -> list[Row]:
        if not project.trainings:
            return []
        summary = training_summary(project, state.today)
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(f" Training: {summary.held} held, {summary.planned} planned", "bold")
        if summary.mean_feedback is not None:
            head.append(f" · mean feedback {summary.mean_feedback:.1f}/5")
        rows = [Row(Text()), Row(head)]
        for tid, t in trainings_in_order(project):
            feedback = f"{t.feedback:g}/5" if t.feedback is not None else ""
            rows.append(
                Row(
                    columns(
                        width,
                        [
                            (" ", 1, ""),
                            (t.status, SEVERITY_CELLS, STATUS_STYLE.get(t.status, "")),
                            (str(t.on or "no date"), DATE_CELLS, ""),
                            (safe(t.title or tid, "bold"), None, ""),
                            (feedback, 5, "bold"),
                        ],
                    ),
                    key=(tid,),
                )
            )
            people = ", ".join(t.attendees) or "no attendees listed"
            detail = f"{t.mode} · {clean(t.trainer or '?')} → {clean(people)}"
            rows += self.labelled("", Text(detail, style="dim"), width, name_cells=SEVERITY_CELLS - 2)
            if t.materials:
                rows += self.labelled("", Text(clean(t.materials), style="dim underline"), width, name_cells=6)
            rows += self.finding_rows(tid, width)
        return rows

    def lesson_rows(self, project: Project, width: int) -> list[Row]:
        if not project.lessons:
            return []
        rows = [Row(Text()), Row(Text(f" Lessons learned: {len(project.lessons)}", style="bold"))]
        for lid, lesson in sorted(project.lessons.items(), key=lambda kv: (kv[1].raised_on or dt.date.max, kv[0])):
            rows.append(
                Row(
                    columns(
                        width,
                        [
                            (" ", 1, ""),
                            (lesson.status, SEVERITY_CELLS, "green" if lesson.status == "done" else "cyan"),
                            (str(lesson.raised_on or "no date"), DATE_CELLS, ""),
                            (safe(lesson.title or lid, "bold"), None, ""),
                        ],
                    ),
                    key=(lid,),
                )
            )
            if lesson.improvement:
                rows += self.labelled("", lesson.improvement, width, name_cells=SEVERITY_CELLS - 2, max_lines=2)
            rows += self.finding_rows(lid, width)
        return rows

    # --- the keys ------------------------------------------------------------------------

    def selected_table(self) -> str | None:
        """The table of the selected record: "support", "trainings" or "lessons"."""
        project = self.state.project(self.project_id) if self.state else None
        rid = self.selected_record()
        if project is None or rid is None:
            return None
        return next((t for t in ("support", "trainings", "lessons") if rid in getattr(project, t)), None)

    def add_table(self) -> str:
        """What n adds here: a training when the cursor is on one, else a support request."""
        return "trainings" if self.selected_table() == "trainings" else "support"

    def _answer(self, field: str) -> None:
        state = self.state
        ref = self.selected_ref()
        if state is None or ref is None or self.selected_table() != "support":
            self.app.notify("Select a support request first", timeout=3)
            return
        project = state.project(self.project_id)
        request = project.support[ref.split("/", 1)[1]] if project else None
        if request is None:
            return
        done = request.resolved if field == "resolved" else (request.responded or request.resolved)
        if done is not None:
            what = "resolved" if request.resolved else field
            self.app.notify(clean(f"{ref} was {what} at {done:%Y-%m-%d %H:%M}"), title="Nothing to do", timeout=4)
            return
        fn = record_resolution if field == "resolved" else record_response
        self.app.edit(fn, ref, self.now(state))

    def action_go(self) -> None:
        project = self.state.project(self.project_id) if self.state else None
        lesson = project.lessons.get(self.selected_record() or "") if project else None
        if lesson is None or not lesson.action:
            self.app.notify("Only a lesson with an action (a task) has somewhere to go", timeout=3)
            return
        self.show_elsewhere(lesson.action)

    def action_respond(self) -> None:
        self._answer("responded")

    def action_resolve(self) -> None:
        self._answer("resolved")
