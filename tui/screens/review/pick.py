"""Review meetings for the whole workspace: the live projects, one meeting (and one commit) each.

Below them, done projects that have not had their retro yet (review/retro.py):
enter holds the retro, which records the lessons learned."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.render.dashboard_table import HEALTH_STYLE
from tui.render.text import fit
from tui.screens.base import DucuScreen
from tui.screens.review.screen import ReviewScreen
from tui.state import State
from tui.widgets.header import Header
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar
from workspace_schema import review as minutes
from workspace_schema.core.records import ReviewKind
from workspace_schema.review.retro import is_done

LIVE = ("planned", "active", "on_hold")


class ReviewPickScreen(DucuScreen):
    """The whole workspace: one review per project, picked here one after another."""

    CSS_PATH = "review.tcss"  # this screen's own rules, beside it

    AREA = "reviews"
    HELP = """\
# Review meetings: the whole workspace

The live projects, worst health first. **enter** holds the selected
project's review meeting. Below them, projects that are done and have had
no retro yet are marked **retro**: **enter** holds the retro (what went
well, what did not, lessons to record). When a meeting is finished or left
you come back here,
and the list shows which meetings are in progress or held today. Each
project gets its own minutes file and its own commit, so a meeting can be
paused and resumed without holding up the others.
"""
    BINDINGS = [
        Binding("enter", "open", "Hold review", id="reviews.open", show=True),
        Binding("escape", "app.pop_screen", "Back", id="reviews.back"),
    ]

    retro: set[str] = set()  # done projects whose retro is due

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="review-pick-head")
        yield OptionList(id="review-pick-list")
        yield StatusBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Review meetings"
        if self.app.state is not None:
            self.show_state(self.app.state)
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        if self.app.state is not None:
            self.show_state(self.app.state)

    def show_state(self, state: State) -> None:
        self.query_one(StatusBar).show_state(state)
        in_progress = set(minutes.drafts(self.app.root))
        held = {r.project for r in state.ws.reviews.values() if r.held_on == state.today}
        had_retro = {r.project for r in state.ws.reviews.values() if r.kind == "retro"}
        self.retro = {
            s.project_id for s in state.summaries if is_done(state.ws, s.project_id) and s.project_id not in had_retro
        }
        order = {"red": 0, "amber": 1, "green": 2, "grey": 3}
        rows = [s for s in state.summaries if s.status in LIVE or s.project_id in self.retro]
        rows.sort(key=lambda s: (s.project_id in self.retro, order.get(s.health, 9), s.title.lower()))
        options = self.query_one(OptionList)
        keep = options.highlighted_option.id if options.highlighted_option is not None else None
        options.clear_options()
        for s in rows:
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append("● ", HEALTH_STYLE.get(s.health, ""))
            label.append(fit(s.title, 40), "bold")
            label.append(f"  {fit(s.client_name or '', 22)}", "dim")
            if s.project_id in self.retro:
                label.append("  retro", "bold cyan")
            if s.project_id in held:
                label.append("  ✔ held today", "green")
            elif s.project_id in in_progress:
                label.append("  ◐ meeting in progress", "bold yellow")
            if s.overdue:
                label.append(f"  {s.overdue} overdue", "red")
            options.add_option(Option(label, id=s.project_id))
        ids = [s.project_id for s in rows]
        if ids:
            options.highlighted = ids.index(keep) if keep in ids else 0
        head = Text()
        head.append(f"{len(rows) - len(self.retro)} live projects", style="bold")
        if self.retro:
            head.append(f" · {len(self.retro)} done, retro due", style="cyan")
        if in_progress:
            head.append(f" · {len(in_progress & set(ids))} meetings in progress", style="yellow")
        head.append(" · enter holds the selected project's review", style="dim")
        self.query_one("#review-pick-head", Static).update(head)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            kind: ReviewKind = "retro" if event.option.id in self.retro else "regular"
            self.app.push_screen(ReviewScreen(event.option.id, kind))

    def action_open(self) -> None:
        self.query_one(OptionList).action_select()
