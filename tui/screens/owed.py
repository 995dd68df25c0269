"""Who owes what: every open item grouped by who must act, overdue first, with the nudge and escalation due.

The groups come from workspace_schema.views.nudges.build (a thread worker: 20,000
items take ~80 ms; made ahead for the loaded state in the app's idle time,
tui/screens/preload.py, so a first open shows them at once) and are drawn by
a Line-API list that renders only the visible rows, building each row's text
the first time it is shown. From an
item: log a nudge (a log entry, one commit), draft a reminder to copy or
save (the app sends nothing; `ducu notify` does), or open the item in its project.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import overload

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from tui.flows.outputs import file_name
from tui.render.owed_rows import group_row, header_row, item_row, natural_widths, nudge_words, owed_plan
from tui.render.text import clean, fit, safe
from tui.screens.base import DucuScreen
from tui.screens.nudge import NudgeScreen, ReminderScreen
from tui.state import State
from tui.widgets.header import Header
from tui.widgets.key_footer import KeyFooter
from tui.widgets.line_list import LineList
from tui.widgets.status_bar import StatusBar
from workspace_schema.core.dates import days, humanize_distance
from workspace_schema.edit import edits
from workspace_schema.views import nudges
from workspace_schema.views.nudges import OwedGroup, OwedItem

Entry = OwedGroup | OwedItem


# --- the groups, made once per loaded state ---------------------------------------------------------


@dataclass(frozen=True)
class Owed:
    """Who owes what in one state: the groups, and the longest texts of their columns (natural_widths)."""

    groups: list[OwedGroup]
    natural: dict[str, int]


_kept: tuple[weakref.ref[State], Owed] | None = None  # the last state's (not keeping the state alive)


def prepare(state: State) -> Owed:
    """Who owes what in ``state`` (made once; any thread): what the screen shows."""
    global _kept
    owed = kept_for(state)
    if owed is None:
        groups = nudges.build(state.ws, state.today)
        owed = Owed(groups, natural_widths(it for g in groups for it in g.items))
        _kept = (weakref.ref(state), owed)
    return owed


def kept_for(state: State) -> Owed | None:
    """What was made for ``state`` already, if anything."""
    kept = _kept
    return kept[1] if kept is not None and kept[0]() is state else None


# --- the rows (their lines: tui/render/owed_rows.py) ---------------------------------------------------


class LazyRows(Sequence[Text]):
    """The list's rows, each built the first time it is drawn (thousands of items, a screenful drawn)."""

    def __init__(self, entries: list[Entry], make: Callable[[Entry], Text]) -> None:
        self.entries = entries
        self.make = make
        self.cache: dict[int, Text] = {}

    def __len__(self) -> int:
        return len(self.entries)

    @overload
    def __getitem__(self, index: int) -> Text: ...
    @overload
    def __getitem__(self, index: slice) -> list[Text]: ...
    def __getitem__(self, index: int | slice) -> Text | list[Text]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        row = self.cache.get(index)
        if row is None:
            row = self.cache[index] = self.make(self.entries[index])
        return row


class OwedList(LineList):
    """Groups and their items; the cursor stops on items only."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entries: list[Entry] = []

    def show(self, entries: list[Entry], width: int, make: Callable[[Entry], Text], keep: str | None = None) -> None:
        self.entries = entries
        self.set_rows(LazyRows(entries, make), width)
        target = (
            next((n for n, e in enumerate(entries) if isinstance(e, OwedItem) and e.ref == keep), None)
            if keep
            else None
        )
        if target is None:
            target = self.stop(min(self.cursor, max(len(entries) - 1, 0)), 1)
        self.cursor = target
        self.scroll_to_region_of(target)
        self.refresh()

    def stop(self, index: int, step: int) -> int:
        """The nearest item at or after ``index`` going ``step``; the other way when there is none."""
        for direction in (step, -step):
            probe = index
            while 0 <= probe < len(self.entries):
                if isinstance(self.entries[probe], OwedItem):
                    return probe
                probe += direction
        return 0

    def selected(self) -> OwedItem | None:
        if 0 <= self.cursor < len(self.entries):
            entry = self.entries[self.cursor]
            return entry if isinstance(entry, OwedItem) else None
        return None

    def action_move(self, delta: int) -> None:
        if self.entries:
            target = max(0, min(len(self.entries) - 1, self.cursor + delta))
            self.cursor = self.stop(target, 1 if delta > 0 else -1)

    def action_jump(self, index: int) -> None:
        if self.entries:
            self.cursor = self.stop(index % len(self.entries), -1 if index < 0 else 1)

    def scroll_to_region_of(self, index: int) -> None:
        # keep the group's head in view when the cursor is on its first item
        if index > 0 and not isinstance(self.entries[index - 1] if index - 1 < len(self.entries) else None, OwedItem):
            top = self.scroll_offset.y
            if index - 1 < top:
                self.scroll_to(y=index - 1, animate=False)
                return
        super().scroll_to_region_of(index)


# --- the screen ----------------------------------------------------------------------------------------


@dataclass
class OwedReady(Message):
    state: State
    owed: Owed


class OwedScreen(DucuScreen):
    CSS_PATH = "owed.tcss"  # this screen's own rules, beside it
    AREA = "who owes what"
    HELP = """\
# Who owes what

Every open milestone and task of the live projects, grouped by who must act:
our own people one by one, the client's people by their organisation (it is
the client that owes the work). Groups with overdue items come first, the
most overdue item first in each group.

*Late* is the days past due, *Nudged* the days since the last log entry of
kind "nudge" that lists the item (**!** marks an overdue client item not
nudged within the workspace's `nudge_every` days), *Escalation now* the rung
of the ladder in workspace.toml due for an overdue client item, with the
person it involves; the panel below says what to do and what comes next.

**l** logs a nudge (channel and what was said: a log entry in the project,
one commit). **m** drafts a reminder in the client's language to copy (**c**)
or save (**w**, to out/ in the workspace): the app sends nothing itself;
`ducu notify --send` emails the reminders due and logs each as a nudge.
**enter** opens the item in its project, **f** shows overdue items only.
"""
    BINDINGS = [
        Binding("l", "log_nudge", "Log nudge", id="owed.log_nudge"),
        Binding("m", "reminder", "Draft reminder", id="owed.reminder"),
        Binding("enter", "open_item", "Open item", id="owed.open_item"),
        Binding("f", "overdue_only", "Overdue only", id="owed.overdue_only"),
        Binding("escape", "app.pop_screen", "Back", id="owed.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[OwedGroup] = []
        self.natural: dict[str, int] = {}  # the longest texts of the columns, over every group
        self.today: dt.date | None = None
        self.overdue_only = False
        self.filled_width = 0  # the list's width at the last fill

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Who owes what: reading the plan…", style="italic"), id="owed-head")
        yield Static(id="owed-columns")
        yield OwedList(id="owed-list")
        yield Static(id="owed-detail")
        yield StatusBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Who owes what"
        self.query_one(OwedList).focus()
        if self.app.state is not None:
            self.show_state(self.app.state)

    def show_state(self, state: State) -> None:
        self.query_one(StatusBar).show_state(state)
        owed = kept_for(state)
        if owed is not None:  # made ahead (the preload) or by an earlier open: shown now
            self.groups, self.natural, self.today = owed.groups, owed.natural, state.today
            self.fill()
        else:
            self._build(state)

    @work(thread=True, exclusive=True, group="owed", exit_on_error=False, description="who owes what")
    def _build(self, state: State) -> None:
        self.post_message(OwedReady(state, prepare(state)))

    @on(OwedReady)
    def _ready(self, event: OwedReady) -> None:
        self.groups, self.natural, self.today = event.owed.groups, event.owed.natural, event.state.today
        self.fill()

    def list_width(self) -> int:
        width = self.query_one(OwedList).scrollable_content_region.width
        return width if width > 0 else max(self.app.size.width - 2, 40)

    def fill(self) -> None:
        if self.today is None:
            return
        owed = self.query_one(OwedList)
        keep = owed.selected()
        width = self.list_width()
        today = self.today
        entries: list[Entry] = []
        items = overdue = groups = 0
        for g in self.groups:
            shown = [it for it in g.items if it.days_overdue > 0] if self.overdue_only else g.items
            if not shown:
                continue
            entries.append(g)
            entries += shown
            items += len(shown)
            groups += 1
            overdue += sum(1 for it in shown if it.days_overdue > 0)
        self.filled_width = width

        columns = owed_plan(width, self.natural)

        def make(entry: Entry) -> Text:
            return item_row(entry, columns, today) if isinstance(entry, OwedItem) else group_row(entry, width)

        owed.show(entries, width, make, keep.ref if keep is not None else None)
        head = Text()
        head.append("Who owes what", style="bold")
        head.append(f"  {items} open item{'s' if items != 1 else ''} in {groups} group{'s' if groups != 1 else ''}")
        head.append(f" · {overdue} overdue", style="bold red" if overdue else "dim")
        head.append(f" · as of {today}", style="dim")
        if self.overdue_only:
            head.append("  (overdue only: f shows all)", style="yellow")
        self.query_one("#owed-head", Static).update(head)
        self.query_one("#owed-columns", Static).update(header_row(columns))
        if not entries:
            owed.set_rows(
                [
                    Text(
                        " Nobody owes anything: no open items." if not self.overdue_only else " Nothing is overdue.",
                        style="dim",
                    )
                ],
                width,
            )
        self.show_detail()

    def on_resize(self) -> None:
        if self.list_width() != self.filled_width:  # (the first layout gives the width the first fill guessed)
            self.fill()

    @on(LineList.Highlighted)
    def _moved(self) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        it = self.query_one(OwedList).selected()
        box = self.query_one("#owed-detail", Static)
        state = self.app.state
        if it is None or state is None or self.today is None:
            box.update("")
            return
        today = self.today
        out = safe(it.title, "bold")
        out.append(f"  {clean(it.ref)}", style="dim")
        out.append("\n")
        owner = clean(it.owner_name or it.owner or "no owner")
        out.append(f"{it.kind} · {owner} · {it.status} · ")
        if it.due is not None:
            out.append(f"due {it.due} ({humanize_distance(it.due, today)})", style="red" if it.days_overdue else "")
        else:
            out.append("no due date", style="dim")
        out.append(" · client side" if it.client_side else " · our side", style="magenta" if it.client_side else "dim")
        out.append("\n")
        if it.last_nudge is not None:
            out.append(f"Last nudged {it.last_nudge} ({nudge_words(it)})")
        else:
            out.append("Never nudged", style="dim")
        if it.nudge_due:
            out.append(
                f" · a nudge is due (every {days(state.ws.settings.nudge_every)} while overdue)", style="bold yellow"
            )
        if it.step is not None:
            out.append("\nNow: ", style="bold magenta")
            out.append(fit(it.step.action, self.list_width() - 20))
            if it.step.person_name or it.step.person:
                out.append(f" (with {clean(it.step.person_name or it.step.person)})", style="magenta")
        if it.next_step is not None:
            out.append(f"\nNext in {it.next_step.in_days} day{'s' if it.next_step.in_days != 1 else ''}: ", style="dim")
            out.append(fit(it.next_step.action, self.list_width() - 30), style="dim")
        box.update(out)

    # --- actions -----------------------------------------------------------------------------------------

    def selected(self) -> OwedItem | None:
        it = self.query_one(OwedList).selected()
        if it is None:
            self.notify("Pick an item first (up/down).", timeout=3)
        return it

    @on(LineList.Selected)
    def _chosen(self) -> None:
        self.action_open_item()

    def action_overdue_only(self) -> None:
        self.overdue_only = not self.overdue_only
        self.fill()

    def action_open_item(self) -> None:
        it = self.selected()
        if it is not None:
            from tui.screens.project import ProjectScreen

            self.app.push_screen(ProjectScreen(it.project, it.item))

    def action_log_nudge(self) -> None:
        it = self.selected()
        state = self.app.state
        if it is None or state is None or self.today is None:
            return
        today = self.today
        project = state.project(it.project)
        client = state.ws.clients.get(project.client or "") if project is not None else None
        channel = "chat" if client is not None and client.language == "zh" else "email"
        question = Text("Log a nudge about ", style="bold")
        question.append_text(safe(it.title, "bold"))
        question.append(f"\nwith {clean(it.owner_name or it.owner or 'nobody named')} · {today}", style="dim")

        def answered(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            channel, summary = answer
            fields: dict[str, object] = {"on": today}
            me = self.app.git_view.handle
            if me:
                fields["by"] = me
            fields.update(
                {
                    "with": [it.owner] if it.owner else [],
                    "channel": channel,
                    "kind": "nudge",
                    "items": [it.item],
                    "summary": summary,
                }
            )
            self.app.edit(edits.add_record, it.project, "log", fields)

        self.app.push_screen(NudgeScreen(question, channel), answered)

    def action_reminder(self) -> None:
        it = self.selected()
        state = self.app.state
        if it is None or state is None or self.today is None:
            return
        try:
            text = nudges.draft_reminder(state.ws, it.ref, self.today)
        except (KeyError, ValueError) as exc:
            self.notify(clean(str(exc)), title="No reminder", severity="warning", timeout=5, markup=False)
            return
        name = file_name(self.today.isoformat(), it.project, it.item, suffix=".txt")
        self.app.push_screen(ReminderScreen(text, name, it))
