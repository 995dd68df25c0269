"""The Log view: the communication log (nudges, check-ins, feedback...), newest first."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from tui.render.text import clean, safe
from tui.state import State
from tui.widgets.record_list import RecordListView, Row, columns
from workspace_schema.core.dates import humanize_distance
from workspace_schema.core.records import LogEntry
from workspace_schema.views.change_list import log_newest_first

KIND_STYLE = {
    "nudge": "yellow",
    "check-in": "cyan",
    "feedback": "magenta",
    "escalation": "bold red",
    "decision": "green",
    "update": "",
    "note": "dim",
}
KIND_CELLS = 14  # "feedback 4/5"
CHANNEL_CELLS = 9
DATE_CELLS = 10
SUMMARY_INDENT = 3  # with DATE_CELLS, the summary lines up under the kind


class LogView(RecordListView):
    AREA = "log"
    TAB = "Log"
    EMPTY = "Nothing logged for this project yet."
    HELP = """\
# Communication log

Every nudge, check-in, update, piece of feedback (with its satisfaction score,
1-5), escalation and decision with the client, newest first: the date, the
kind, the channel, who reached whom (**by → with**), the items it was about
and a summary.

**enter** on an entry shows its first item in the timeline.
"""
    BINDINGS = [
        Binding("enter", "go", "Go to item", id="log.go"),
    ]

    def build(self, state: State, width: int) -> list[Row]:
        project = state.project(self.project_id)
        assert project is not None
        if not project.log:
            return []
        order = log_newest_first(project.log)
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(f" {len(order)} entr{'ies' if len(order) != 1 else 'y'}", "bold")
        check_ins = [e.on for e in project.log.values() if e.kind == "check-in" and e.on and e.on <= state.today]
        if check_ins:
            last = max(check_ins)
            head.append(f" · last check-in {last} ({humanize_distance(last, state.today).replace(' late', ' ago')})")
        head.append(" · newest first · enter shows the item in the timeline", "dim")
        rows = [
            Row(head),
            Row(
                columns(
                    width,
                    [
                        ("", 1, ""),
                        ("date", DATE_CELLS, "dim"),
                        ("kind", KIND_CELLS, "dim"),
                        ("channel", CHANNEL_CELLS, "dim"),
                        ("by → with", None, "dim"),
                        ("about", None, "dim"),
                    ],
                )
            ),
        ]
        for lid in order:
            rows += self.entry_rows(state, lid, project.log[lid], width)
        return rows

    def entry_rows(self, state: State, lid: str, entry: LogEntry, width: int) -> list[Row]:
        kind = Text()
        kind.append(entry.kind, KIND_STYLE.get(entry.kind, ""))
        if entry.score is not None:
            kind.append(
                f" {entry.score}/5", "bold red" if entry.score <= 2 else ("bold green" if entry.score >= 4 else "bold")
            )
        who = Text(clean(entry.by or "?"))
        who.append(" → ", "dim")
        who.append(clean(", ".join(entry.with_) or "?"))
        about = safe(", ".join(entry.items), "dim")
        rows = [
            Row(
                columns(
                    width,
                    [
                        (" ", 1, ""),
                        (str(entry.on or "no date"), DATE_CELLS, "bold" if entry.on else "yellow"),
                        (kind, KIND_CELLS, ""),
                        (entry.channel, CHANNEL_CELLS, ""),
                        (who, None, ""),
                        (about, None, ""),
                    ],
                ),
                key=(lid,),
            )
        ]
        summary = self.labelled(
            "",
            entry.summary or "(no summary)",
            width,
            indent=SUMMARY_INDENT,
            max_lines=3,
            style="" if entry.summary else "dim",
            name_cells=DATE_CELLS,
        )
        rows += summary
        rows += self.finding_rows(lid, width, indent=SUMMARY_INDENT + DATE_CELLS)
        return rows

    def action_go(self) -> None:
        key = self.selected_key()
        if key is None or self.state is None:
            return
        project = self.state.project(self.project_id)
        entry = project.log.get(key[0]) if project else None
        if entry is None:
            return
        if not entry.items:
            self.app.notify("This entry is not about a particular item", timeout=3)
            return
        self.show_elsewhere(entry.items[0])
