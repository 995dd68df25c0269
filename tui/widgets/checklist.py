"""The Contingency view: the project's risks as a checklist, active plans first."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from tui.render.text import clean, safe
from tui.state import State
from tui.widgets.record_list import INDENT, NARROW, RecordListView, Row, columns
from workspace_schema.core.dates import days, humanize_distance
from workspace_schema.core.records import Risk
from workspace_schema.edit.edits import record_drill, toggle_step, trigger_risk
from workspace_schema.views.contingency import drill_status, heat, plan_progress, risk_order

HEAT_STYLE = {"high": "bold white on red", "medium": "bold black on yellow", "low": "green"}
STATUS_STYLE = {"triggered": "bold red", "watching": "", "closed": "dim"}
DRILL_STYLE = {"overdue": "yellow", "never": "yellow", "due": "", "none": "dim"}
OWNER_CELLS = (10, 8)  # wide, narrow
TAIL_CELLS = (26, 16)  # "ACTIVE PLAN 1/3 steps done", "drill overdue by 100 days"; narrow "PLAN 1/3 done"


class ChecklistView(RecordListView):
    AREA = "checklist"
    TAB = "Contingency"
    EMPTY = "No risks recorded for this project."
    HELP = """\
# Contingency checklist

The project's risks, highest **probability × impact** first, coloured by that
score (red from 15, amber from 8). Triggered risks come first: their steps
are the **active plan**, with how many are done. Each risk shows its status
(watching, triggered, closed), the trigger that says when to act, its owner,
and when its plan was last rehearsed (drilled).

**enter** or **space** on a risk opens or closes its steps (**right** opens,
**left** closes); on a step they tick it done or not. **T** marks the risk
triggered today, which makes its checklist the active plan. **d** records a
drill held today. Each of these is written to the project file at once.
"""
    BINDINGS = [
        Binding("enter,space", "activate", "Open / tick step", id="checklist.activate"),
        Binding("right,l", "expand", "Open steps", id="checklist.expand", show=False),
        Binding("left,h", "collapse", "Close steps", id="checklist.collapse", show=False),
        Binding("T", "trigger", "Trigger risk", key_display="T", id="checklist.trigger"),
        Binding("d", "drill", "Drill held today", id="checklist.drill"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        # risk id -> open or closed, as the user left it; otherwise triggered risks are open
        self.expanded: dict[str, bool] = {}

    # --- drawing -------------------------------------------------------------------

    def is_expanded(self, rid: str, risk: Risk) -> bool:
        return self.expanded.get(rid, risk.status == "triggered")

    def build(self, state: State, width: int) -> list[Row]:
        project = state.project(self.project_id)
        assert project is not None
        risks = project.risks
        if not risks:
            return []
        order = risk_order(risks)
        open_count = sum(1 for r in risks.values() if r.status != "closed")
        triggered = sum(1 for r in risks.values() if r.status == "triggered")
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(f" {open_count} open risk{'s' if open_count != 1 else ''}", "bold")
        if triggered:
            head.append(f" · {triggered} triggered", "bold red")
        head.append(" · highest probability × impact first · enter opens the steps", "dim")
        narrow = width < NARROW
        rows = [
            Row(head),
            Row(
                columns(
                    width,
                    [
                        ("", 1, ""),
                        ("score", 5, "dim"),
                        ("status", 9, "dim"),
                        ("risk", None, "dim"),
                        ("owner", OWNER_CELLS[narrow], "dim"),
                        ("drill / plan", TAIL_CELLS[narrow], "dim"),
                    ],
                )
            ),
        ]
        for n, rid in enumerate(order):
            if n:
                rows.append(Row(Text()))
            rows += self.risk_rows(state, rid, risks[rid], width)
        return rows

    def risk_rows(self, state: State, rid: str, risk: Risk, width: int) -> list[Row]:
        expanded = self.is_expanded(rid, risk)
        closed = risk.status == "closed"
        score = risk.score
        badge = Text(f"{score:>3} ", style="dim" if closed else HEAT_STYLE[heat(score)])
        narrow = width < NARROW
        done, total = plan_progress(risk)
        if risk.status == "triggered":
            plan = f"PLAN {done}/{total} done" if narrow else f"ACTIVE PLAN {done}/{total} steps done"
            tail = Text(plan, style="bold green" if total and done == total else "bold red")
        elif closed:
            tail = Text("closed", style="dim")
        else:
            drill = drill_status(risk, state.today)
            text = drill.text
            if narrow and drill.state == "overdue":
                text = f"drill {drill.days}d late"
            elif narrow and drill.state == "due":
                text = f"drill in {drill.days}d" if drill.days else "drill today"
            tail = Text(text, style=DRILL_STYLE[drill.state])
        findings = self.item_findings(rid)
        marker = ("▾" if expanded else "▸") if risk.steps else " "
        title = safe(risk.title or rid, "dim" if closed else ("bold" if risk.status == "triggered" else ""))
        if findings:
            title = Text.assemble(Text("⚠ ", style="yellow"), title)
        rows = [
            Row(
                columns(
                    width,
                    [
                        (marker, 1, "bold"),
                        (badge, 5, ""),
                        (risk.status, 9, STATUS_STYLE.get(risk.status, "")),
                        (title, None, ""),
                        (clean(risk.owner or "no owner"), OWNER_CELLS[narrow], "" if risk.owner else "yellow"),
                        (tail, TAIL_CELLS[narrow], ""),
                    ],
                ),
                key=(rid,),
            )
        ]
        indent = INDENT + 3
        trigger = risk.trigger or "no trigger: say what event sets this plan off"
        rows += self.labelled(
            "trigger", trigger, width, indent=indent, style="" if risk.trigger else "yellow", max_lines=2
        )
        if not expanded:
            return rows
        rows += self.labelled("plan", self.plan_line(state, risk), width, indent=indent, max_lines=2)
        rows += self.labelled("drill", self.drill_line(state, risk), width, indent=indent, max_lines=2)
        rows += self.finding_rows(rid, width, indent=indent)
        if not risk.steps:
            rows += self.labelled(
                "steps", "none yet: add the steps to take in the project file", width, indent=indent, style="yellow"
            )
        for sid, step in risk.steps.items():
            box = Text("[x] " if step.done else "[ ] ", style="green" if step.done else "bold")
            step_text = Text.assemble(
                box, safe(f"{sid}. ", "dim"), safe(step.text or "(no text)", "dim" if step.done else "")
            )
            owner = clean(step.owner) if step.owner else "no owner"
            cols: list[tuple[str | Text, int | None, str]] = [
                (" " * (indent - 1), indent - 1, ""),
                (step_text, None, ""),
                (owner, OWNER_CELLS[narrow], "dim" if step.done else ("" if step.owner else "yellow")),
            ]
            if not narrow:  # owners line up under the risk's owner
                cols.append(("", TAIL_CELLS[narrow], ""))
            rows.append(Row(columns(width, cols), key=(rid, sid)))
        return rows

    def plan_line(self, state: State, risk: Risk) -> Text:
        line = Text(no_wrap=True)
        line.append(f"{risk.response} · probability {risk.probability} × impact {risk.impact} = {risk.score}")
        if risk.status == "triggered":
            on = risk.triggered_on
            line.append(
                f" · triggered {on} ({humanize_distance(on, state.today).replace(' late', ' ago')})"
                if on
                else " · triggered (date not recorded)",
                "red",
            )
        return line

    def drill_line(self, state: State, risk: Risk) -> Text:
        drill = drill_status(risk, state.today)
        if drill.state == "none":
            return Text("no drill cadence: set drill_every to rehearse this plan", style="dim")
        line = Text(no_wrap=True)
        line.append(drill.text, DRILL_STYLE[drill.state])
        last = f"last held {risk.last_drill}" if risk.last_drill else "never held"
        line.append(f" · every {days(risk.drill_every or 0)}, {last} · d records one held today", "dim")
        return line

    # --- what is selected ----------------------------------------------------------------

    def selected_ref(self) -> str | None:
        """The risk under the cursor, or its step ("project-id/risk-id/steps/N")."""
        ref = super().selected_ref()
        key = self.selected_key()
        if ref and key and len(key) == 2:
            ref = f"{ref}/steps/{key[1]}"  # the cursor is on a step of the risk
        return ref

    def selected_risk(self) -> tuple[str, Risk] | None:
        rid = self.selected_record()
        project = self.state.project(self.project_id) if self.state else None
        if rid is None or project is None or rid not in project.risks:
            return None
        return rid, project.risks[rid]

    # --- keys ------------------------------------------------------------------------------

    def action_activate(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        if len(key) == 2:
            self.app.edit(toggle_step, f"{self.project_id}/{key[0]}", key[1])
            return
        selected = self.selected_risk()
        if selected is not None:
            rid, risk = selected
            self.set_expanded(rid, not self.is_expanded(rid, risk))

    def action_expand(self) -> None:
        key = self.selected_key()
        if key is not None and len(key) == 1:
            self.set_expanded(key[0], True)

    def action_collapse(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        self.set_expanded(key[0], False)
        if len(key) == 2:  # closing from a step: the cursor goes to its risk
            self.focus_item(key[0])

    def set_expanded(self, rid: str, value: bool) -> None:
        self.expanded[rid] = value
        self.redraw()

    def action_trigger(self) -> None:
        selected = self.selected_risk()
        if selected is None or self.state is None:
            return
        rid, risk = selected
        if risk.status == "triggered":
            self.app.notify(
                f"{clean(rid)} is already triggered (since {risk.triggered_on or 'an unrecorded date'})", timeout=4
            )
            return
        self.app.edit(trigger_risk, f"{self.project_id}/{rid}", self.state.today)

    def action_drill(self) -> None:
        selected = self.selected_risk()
        if selected is None or self.state is None:
            return
        rid, risk = selected
        if risk.last_drill == self.state.today:
            self.app.notify(f"A drill of {clean(rid)} is already recorded today", timeout=4)
            return
        self.app.edit(record_drill, f"{self.project_id}/{rid}", self.state.today)
