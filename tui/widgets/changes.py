"""The Changes view: change requests (delays, scope), what they move and who decided."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from tui.render.impact_text import impact_heading, impact_lines
from tui.render.text import clean, pad, safe
from tui.state import State
from tui.widgets.record_list import INDENT, NAME_CELLS, NARROW, RecordListView, Row, columns
from workspace_schema.core.dates import days
from workspace_schema.core.records import ChangeRequest
from workspace_schema.views.change_list import Move, change_order, moves_of

STATUS_STYLE = {"proposed": "bold black on yellow", "approved": "bold black on green", "rejected": "dim reverse"}
STATUS_CELLS = 10
WHEN_CELLS = (22, 10)  # wide "requested 2026-11-18", narrow the date


class ChangesView(RecordListView):
    AREA = "changes"
    TAB = "Changes"
    EMPTY = "No change requests for this project."
    HELP = """\
# Changes

The project's change requests: a client's delay or scope request, assessed
and decided. Proposed ones (waiting for a decision) come first, then the
rest, newest first. Each shows who asked and when, who decided and when,
the reason, and the dates it moves: `item: baseline → new date`, with the
item's due and baseline as they stand now (an approved change whose new
date is not yet the item's due is flagged).

The pane under the list shows the impact of the change under the cursor, as
`ducu change impact` prints it: for a proposed change, what approving it
would move (the requested items, the items that follow them through
`depends_on`, whether the project's due moves), the warnings and who
decides; for a decided one, who decided and what it moved. **i** hides the
pane (for more rows of the list) and shows it again.

**enter** on a change or one of its moves shows that item in the timeline.
**y** shows the impact again and asks to approve: the moves are applied, the
moved items' baselines set, one commit is made with `Ducu-Change` and
`Approved-by` trailers and the new baseline is tagged. **j** rejects. Anyone may decide; someone other
than the accountable person gets a warning, not a block.
"""
    BINDINGS = [
        Binding("enter", "go", "Go to item", id="changes.go"),
        Binding("i", "impact", "Impact", id="changes.impact"),
        Binding("y", "decide(True)", "Approve", id="changes.approve"),
        Binding("j", "decide(False)", "Reject", id="changes.reject"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.pane = ImpactPane()
        self._shown: tuple[int, str | None] | None = None  # (state, change) the pane shows

    def on_mount(self) -> None:
        if isinstance(self.parent, Widget):  # the pane sits under the list, in the view's tab
            self.parent.mount(self.pane, after=self)

    # --- the impact pane: the change under the cursor ------------------------------

    def redraw(self) -> None:
        super().redraw()
        self.show_impact()

    def watch_cursor(self, old: int, new: int) -> None:
        super().watch_cursor(old, new)
        self.show_impact()

    def show_impact(self) -> None:
        state, cid = self.state, self.selected_record()
        if (id(state), cid) == self._shown:
            return
        self._shown = (id(state), cid)
        project = state.project(self.project_id) if state is not None else None
        change = project.changes.get(cid) if project is not None and cid is not None else None
        if state is None or change is None or cid is None:
            self.pane.show(None)
            return
        self.pane.show(impact_block(state, self.project_id, cid, change))

    def action_impact(self) -> None:
        self.pane.fold()

    # --- deciding a proposed change ------------------------------------------------

    def _proposed_change(self) -> str | None:
        state = self.app.state
        cid = self.selected_record()
        project = state.project(self.project_id) if state else None
        if project is None or cid not in project.changes:
            return None
        if project.changes[cid].status != "proposed":
            self.app.notify(f"{clean(cid)} is already {project.changes[cid].status}.", markup=False, timeout=4)
            return None
        return cid

    def action_decide(self, approve: bool) -> None:
        cid = self._proposed_change()
        if cid is not None:  # in a browser, who decides says who they are first
            self.app.as_known_person(lambda: self.ask_decision(cid, approve))

    def ask_decision(self, cid: str, approve: bool) -> None:
        state = self.app.state
        if state is None:  # a proposed change is found only in a loaded state
            return
        handle = self.app.git_view.handle
        if not handle:
            self.app.notify(
                "ducu does not know who you are (your git email is not in people.toml), so it cannot record a decision. Press I to add it.",
                severity="warning",
                markup=False,
                timeout=8,
            )
            return
        verb = "Approve" if approve else "Reject"
        question = Text(f"{verb} change {clean(cid)} as {clean(handle)}?")
        project = state.project(self.project_id)
        detail = impact_block(state, self.project_id, cid, project.changes[cid]) if approve and project else None

        def answered(yes: bool | None) -> None:
            if yes:
                self.decide(cid, handle, approve)

        self.post_message(self.Confirm(question, detail, verb, answered))

    @work(thread=True, group="edit", exit_on_error=False, description="decide a change request")
    def decide(self, cid: str, handle: str, approve: bool) -> None:
        from workspace_schema import changes as change_requests

        app = self.app
        with app.git_lock:
            state = app.state
            if state is None:  # never: a decision is asked for over a loaded state, and the app never unloads one
                return
            ws, today = state.ws, state.today
            fn = change_requests.approve if approve else change_requests.reject
            decision = fn(ws, app.root, self.project_id, cid, handle, today)
        if decision.warning:
            app.call_from_thread(app.notify, decision.warning, severity="warning", markup=False, timeout=8)
        if decision.tag:
            app.call_from_thread(app.notify, f"Tagged the new baseline {decision.tag}", markup=False, timeout=6)
        app.post_message(app.Edited(decision.change))

    def build(self, state: State, width: int) -> list[Row]:
        project = state.project(self.project_id)
        assert project is not None
        if not project.changes:
            return []
        pending = sum(1 for c in project.changes.values() if c.status == "proposed")
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(f" {len(project.changes)} change request{'s' if len(project.changes) != 1 else ''}", "bold")
        if pending:
            head.append(f" · {pending} waiting for a decision", "bold yellow")
        head.append(" · proposed first, then newest · enter shows an item in the timeline", "dim")
        rows = [Row(head)]
        for cid in change_order(project.changes):
            rows.append(Row(Text()))
            rows += self.change_rows(state, cid, project.changes[cid], width)
        return rows

    def change_rows(self, state: State, cid: str, change: ChangeRequest, width: int) -> list[Row]:
        project = state.project(self.project_id)
        assert project is not None
        narrow = width < NARROW
        when = (
            str(change.requested_on or "no date")
            if narrow
            else (f"requested {change.requested_on}" if change.requested_on else "no request date")
        )
        rows = [
            Row(
                columns(
                    width,
                    [
                        (" ", 1, ""),
                        (Text(f" {change.status} ", style=STATUS_STYLE.get(change.status, "")), STATUS_CELLS, ""),
                        (safe(change.summary or cid, "bold"), None, ""),
                        (when, WHEN_CELLS[narrow], "dim"),
                    ],
                ),
                key=(cid,),
            )
        ]
        rows += self.labelled("asked", self.asked_line(state, change), width)
        if change.reason:
            rows += self.labelled("reason", change.reason, width, max_lines=2)
        else:
            rows += self.labelled("reason", "none given", width, style="dim")
        rows += self.finding_rows(cid, width)
        moves = moves_of(project, change)
        for n, move in enumerate(moves):
            line = Text(" " * INDENT, no_wrap=True, overflow="ellipsis")
            line.append(pad("moves" if n == 0 else "", NAME_CELLS), "dim")
            line.append_text(self.move_text(move))
            line.truncate(width, overflow="ellipsis")
            rows.append(Row(line, key=(cid, move.item_id)))
            if move.kind is not None:
                rows += self.labelled("", self.item_now(change, move), width, indent=INDENT + 2, max_lines=2)
        if not moves:
            rows += self.labelled(
                "moves", "no dates (a scope change, or moves = { item = date } is missing)", width, style="dim"
            )
        return rows

    def asked_line(self, state: State, change: ChangeRequest) -> Text:
        line = Text(no_wrap=True)
        line.append(f"by {clean(change.requested_by or 'nobody recorded')}")
        if change.requested_on:
            line.append(f" on {change.requested_on}")
        if change.status == "proposed":
            if change.requested_on:
                waited = (state.today - change.requested_on).days
                line.append(
                    f" · waiting for a decision for {days(waited)}" if waited > 0 else " · waiting for a decision",
                    "yellow",
                )
            else:
                line.append(" · waiting for a decision", "yellow")
        else:
            line.append(
                f" · {change.status} by {clean(change.decided_by or 'nobody recorded')}",
                "green" if change.status == "approved" else "",
            )
            if change.decided_on:
                line.append(f" on {change.decided_on}")
        return line

    def move_text(self, move: Move) -> Text:
        """``data-export-k3f9: 2026-12-04 → 2026-12-11 (+7 days)``: from the baseline (else the due)."""
        text = Text(no_wrap=True)
        text.append_text(safe(move.item_id, "bold"))
        if move.kind is None:
            text.append(f": → {move.to}  ")
            text.append("not a milestone or task of this project", "red")
            return text
        text.append(f": {move.from_date or '?'} → {move.to}")
        if move.shift:
            text.append(f" ({'+' if move.shift > 0 else '−'}{days(abs(move.shift))})", "dim")
        return text

    def item_now(self, change: ChangeRequest, move: Move) -> Text:
        """The moved item as it stands: ``Acme delivers … · now due 2026-12-11, baseline 2026-12-04``."""
        text = safe(move.title or move.item_id, "dim")
        text.append(f" · {move.kind} {move.status} · now due {move.due or 'not set'}", "dim")
        if move.baseline_due:
            text.append(f", baseline {move.baseline_due}", "dim")
        if change.status == "approved" and not move.applied and move.status not in ("done", "dropped"):
            text.append(" · not applied: the due is not the approved date", "yellow")
        return text

    def action_go(self) -> None:
        key = self.selected_key()
        if key is None or self.state is None:
            return
        project = self.state.project(self.project_id)
        change = project.changes.get(key[0]) if project else None
        if change is None:
            return
        target = key[1] if len(key) == 2 else next(iter(change.moves), None)
        if target is None:
            self.app.notify("This change moves no dates", timeout=3)
            return
        self.show_elsewhere(target)


class ImpactPane(Static):
    """The impact of one change request, under the Changes list (hidden when there is none, or by i)."""

    DEFAULT_CSS = """
    ImpactPane {
        height: auto; max-height: 45%; padding: 0 1; border-top: solid $primary-muted;
        overflow-y: auto; overflow-x: hidden; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def __init__(self) -> None:
        super().__init__(id="impact-pane")
        self.folded = False  # i hid it
        self.has_text = False
        self.display = False

    def show(self, text: Text | None) -> None:
        self.has_text = text is not None
        self.display = self.has_text and not self.folded
        self.update(text or "")

    def fold(self) -> None:
        """Hide the pane, or show it again."""
        self.folded = not self.folded
        self.display = self.has_text and not self.folded


def impact_block(state: State, project_id: str, cid: str, change: ChangeRequest) -> Text:
    """The heading and lines of the change's impact (tui/render/impact_text.py), or why it has none."""
    from workspace_schema.changes import impact
    from workspace_schema.edit.values import EditRejected

    try:
        imp = impact(state.ws, project_id, cid)
    except EditRejected as exc:  # never: the change is in the loaded project
        return Text(clean(exc), style="red")
    return Text("\n", no_wrap=True, overflow="ellipsis").join([impact_heading(change, imp), *impact_lines(imp)])
