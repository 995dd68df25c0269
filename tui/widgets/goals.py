"""The Goals view: each SMART goal with its progress and the milestones that deliver it."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from tui.render.text import clean, fit, pad, safe
from tui.state import State
from tui.widgets.record_list import INDENT, NAME_CELLS, NARROW, RecordListView, Row, bar, columns, number
from workspace_schema.core.dates import humanize_distance
from workspace_schema.core.records import Goal
from workspace_schema.views.goals import counts_down, goal_progress, missing_parts

OWNER_CELLS = (10, 8)  # wide, narrow
DUE_CELLS = (30, 15)  # "due 2027-01-22 · in 8 weeks"; narrow "due 2027-01-22"
BAR_CELLS = (24, 12)
UNIT_CELLS = 20  # "contacts": the progress numbers stay on one line
STATUS_STYLE = {"done": "green", "blocked": "bold red", "waiting": "yellow", "dropped": "dim"}


class GoalsView(RecordListView):
    AREA = "goals"
    TAB = "Goals"
    EMPTY = "No goals recorded for this project."
    HELP = """\
# Goals

The project's SMART goals. For each: the metric and unit, where it started,
where it is now and the target (**start → current → target**), a bar of how
far current has come toward target (goals that count down, like a load time,
work the same way), the due date, the owner and the milestones that deliver
it. Missing SMART parts and other lint findings are listed under the goal.

**enter** on a goal or one of its milestones shows that milestone in the
timeline.
"""
    BINDINGS = [
        Binding("enter", "go", "Go to milestone", id="goals.go"),
    ]

    def build(self, state: State, width: int) -> list[Row]:
        project = state.project(self.project_id)
        assert project is not None
        if not project.goals:
            return []
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(f" {len(project.goals)} goal{'s' if len(project.goals) != 1 else ''}", "bold")
        head.append(" · progress from start toward target · enter shows a milestone in the timeline", "dim")
        rows = [Row(head)]
        for gid, goal in project.goals.items():
            rows.append(Row(Text()))
            rows += self.goal_rows(state, gid, goal, width)
        return rows

    def goal_rows(self, state: State, gid: str, goal: Goal, width: int) -> list[Row]:
        project = state.project(self.project_id)
        assert project is not None
        narrow = width < NARROW
        progress = goal_progress(goal)
        reached = progress is not None and progress >= 1
        if goal.due is None:
            due = Text("no due date", style="yellow")
        else:
            distance = humanize_distance(goal.due, state.today)
            late = goal.due < state.today and not reached
            due = Text(
                f"due {goal.due}" if narrow else f"due {goal.due} · {distance}", style="bold red" if late else ""
            )
        owner = clean(goal.owner) if goal.owner else "no owner"
        rows = [
            Row(
                columns(
                    width,
                    [
                        (" ", 1, ""),
                        (safe(goal.title or gid, "bold"), None, ""),
                        (owner, OWNER_CELLS[narrow], "" if goal.owner else "yellow"),
                        (due, DUE_CELLS[narrow], ""),
                    ],
                ),
                key=(gid,),
            )
        ]
        rows += self.labelled("progress", self.progress_line(goal, progress, BAR_CELLS[narrow]), width, max_lines=2)
        rows += self.labelled(
            "metric",
            goal.metric or "no metric: say what is counted",
            width,
            max_lines=2,
            style="" if goal.metric else "yellow",
        )
        missing = missing_parts(goal)
        if missing:
            rows += self.labelled(
                "missing", f"{', '.join(missing)}: not a SMART goal until these are set", width, style="yellow"
            )
        rows += self.finding_rows(gid, width, skip=("GOAL001",))  # GOAL001 is the "missing" line above
        for n, mid in enumerate(goal.milestones):
            rows.append(Row(self.milestone_line(state, mid, width, first=n == 0), key=(gid, mid)))
        if not goal.milestones:
            rows += self.labelled(
                "milestone", "none delivers this goal yet: list them in milestones = [...]", width, style="dim"
            )
        return rows

    def progress_line(self, goal: Goal, progress: float | None, cells: int) -> Text:
        line = Text(no_wrap=True)
        if progress is None:
            line.append("░" * cells, "dim")
            line.append("   ?  ", "dim")
        else:
            style = "green" if progress >= 1 else ("red" if progress < 0 else "cyan")
            line.append_text(bar(progress, cells, style))
            line.append(f" {progress * 100:4.0f}% ", "bold " + style)
        unit = f" {fit(goal.unit, UNIT_CELLS)}" if goal.unit else ""
        line.append(f" {number(goal.start_value)} → ")
        line.append(number(goal.current), "bold")
        line.append(f" → {number(goal.target)}{unit}")
        if counts_down(goal):
            line.append("  (lower is better)", "dim")
        if progress is not None and progress > 1:
            line.append("  past the target", "green")
        elif progress is not None and progress < 0:
            line.append("  moved away from the start", "red")
        return line

    def milestone_line(self, state: State, mid: str, width: int, *, first: bool) -> Text:
        project = state.project(self.project_id)
        assert project is not None
        line = Text(" " * INDENT, no_wrap=True, overflow="ellipsis")
        line.append(pad("milestone" if first else "", NAME_CELLS), "dim")
        rest = width - INDENT - NAME_CELLS
        m = project.milestones.get(mid)
        if m is None:
            line.append_text(safe(f"{mid}: not a milestone of this project", "red"))
            return line
        title = Text.assemble(safe(mid, "dim"), "  ", safe(m.title or mid))
        narrow = width < NARROW
        due = (
            "no due date"
            if not m.due
            else (f"due {m.due}" if narrow else f"due {m.due} · {humanize_distance(m.due, state.today)}")
        )
        line.append_text(
            columns(
                rest,
                [
                    (title, None, ""),
                    (m.status, 8, STATUS_STYLE.get(m.status, "")),
                    (due, DUE_CELLS[narrow] - 1, "dim" if m.status in ("done", "dropped") else ""),
                ],
            )
        )
        return line

    def action_go(self) -> None:
        key = self.selected_key()
        if key is None or self.state is None:
            return
        project = self.state.project(self.project_id)
        goal = project.goals.get(key[0]) if project else None
        if goal is None:
            return
        target = key[1] if len(key) == 2 else (goal.milestones[0] if goal.milestones else None)
        if target is None:
            self.app.notify("This goal lists no milestones", timeout=3)
            return
        self.show_elsewhere(target)
