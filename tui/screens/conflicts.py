"""The conflict resolver: every field both sides changed differently, with base / ours / theirs.

Opened after a sync that stopped on conflicts, or at start when the clone is
in a conflicted merge. For each field: o takes ours, t takes theirs, e types
a value. When every field of a file is chosen, the app asks before writing
that file (and stages it); when every file is written, it commits the merge
and syncs, which pushes it. Leaving half-way writes nothing more: git's
ordinary conflicted state stays, and the app offers this screen again on the
next start (or on S). Files that cannot be merged field by field are listed
whole: o opens them in $EDITOR, and they are staged once saved without markers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.git_app import SyncDone
from tui.render.conflict_text import Row, detail_text, row_text, rows_of, show_value, title_text
from tui.render.text import clean, fit, safe
from tui.screens.base import DucuScreen
from tui.state import State
from tui.widgets.header import Header
from tui.widgets.key_footer import KeyFooter
from tui.widgets.status_bar import StatusBar
from workspace_schema.git import runner as git
from workspace_schema.git.sync import SyncResult
from workspace_schema.merge import resolve
from workspace_schema.merge.resolve import OURS, THEIRS, Choice, FieldConflict, FileConflict


class ConflictScreen(DucuScreen):
    CSS_PATH = "conflicts.tcss"  # this screen's own rules, beside it
    AREA = "conflicts"
    HELP = """\
# Resolve conflicts

You and someone else changed the same values. Each line is one field, with
the value it had before (**base**), yours (**ours**) and the other person's
(**theirs**). **o** takes ours, **t** takes theirs, **e** types a value,
**enter** goes to the next field. When every field of a file is chosen,
ducu asks before writing it (**w** asks again); when every file is written
it commits the merge and syncs, which pushes it.

Leaving (**escape**) writes nothing more: the merge waits in git's usual
conflicted state and ducu offers this screen again (press **S**). A file
that cannot be merged field by field is fixed in your editor: **o** opens
it; once it is saved without conflict markers ducu stages it (**w** checks a
file you fixed in another window).
"""
    BINDINGS = [
        Binding("o", "ours", "Take ours", id="conflicts.ours"),
        Binding("t", "theirs", "Take theirs", id="conflicts.theirs"),
        Binding("e", "type_value", "Type a value", id="conflicts.type"),
        Binding("enter", "next", "Next", id="conflicts.next", priority=True),
        Binding("w", "write", "Write file", id="conflicts.write"),
        Binding("escape", "leave", "Leave", id="conflicts.leave"),
    ]

    @dataclass
    class Listed(Message):
        files: list[FileConflict]
        merging: bool
        problem: str = ""

    @dataclass
    class Written(Message):
        fi: int
        problem: str | None

    @dataclass
    class Finished(Message):
        result: SyncResult | None
        problem: str = ""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[FileConflict] = []
        self.choices: list[dict[int, Choice]] = []
        self.done: list[bool] = []
        self.rows: list[Row] = []
        self.merging = False
        self.busy = False
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Reading the conflicts…", style="italic"), id="conflicts-title")
        yield OptionList(id="conflicts-list")
        yield Static(id="conflicts-detail")
        yield Input(placeholder='The value to keep, as in the file (2026-12-18, "text", 3)', id="conflicts-value")
        yield StatusBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#conflicts-value", Input).display = False
        self.query_one(OptionList).focus()
        if self.app.state is not None:
            self.show_state(self.app.state)
        self._list()

    def show_state(self, state: State) -> None:
        self.query_one(StatusBar).show_state(state)

    # --- reading -----------------------------------------------------------------

    @work(thread=True, group="resolve", exit_on_error=False)
    def _list(self) -> None:
        app: Any = self.app
        try:
            with app.git_lock:
                files = resolve.conflicts(app.root)
                merging = (git.git_dir(app.root) / "MERGE_HEAD").exists()
        except (git.GitError, OSError) as exc:
            self.post_message(self.Listed([], False, str(exc)))
            return
        self.post_message(self.Listed(files, merging))

    @on(Listed)
    def _listed(self, event: Listed) -> None:
        self.loaded = True
        if event.problem:
            self.notify(
                clean(event.problem), title="Cannot read the conflicts", severity="error", timeout=10, markup=False
            )
        self.files, self.merging = event.files, event.merging
        self.choices = [{} for _ in self.files]
        self.done = [False for _ in self.files]
        self.rows = rows_of(self.files)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(self.prompt(row), disabled=row.kind == "file") for row in self.rows])
        self.update_title()
        self.goto_next(start=0)
        self.update_detail()

    # --- drawing -----------------------------------------------------------------

    def update_title(self) -> None:
        title = title_text(self.files, self.done, busy=self.busy, merging=self.merging)
        self.query_one("#conflicts-title", Static).update(title)

    def prompt(self, row: Row) -> Text:
        return row_text(self.files[row.fi], row, self.choices[row.fi], self.done[row.fi])

    def refresh_row(self, fi: int, ci: int | None = None) -> None:
        options = self.query_one(OptionList)
        for n, row in enumerate(self.rows):
            if row.fi == fi and (row.kind != "field" or ci is None or row.ci == ci):
                options.replace_option_prompt_at_index(n, self.prompt(row))
        self.update_title()
        self.update_detail()

    def current(self) -> Row | None:
        index = self.query_one(OptionList).highlighted
        return self.rows[index] if index is not None and 0 <= index < len(self.rows) else None

    def update_detail(self) -> None:
        detail = self.query_one("#conflicts-detail", Static)
        row = self.current()
        detail.display = row is not None
        if row is not None:
            choice = self.choices[row.fi].get(row.ci) if row.kind == "field" else None
            detail.update(detail_text(self.files[row.fi], row, choice, self.size.width))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self.update_detail()

    # --- choosing ------------------------------------------------------------------

    def field_row(self) -> tuple[Row, FieldConflict] | None:
        row = self.current()
        if row is None or row.kind != "field":
            return None
        return row, self.files[row.fi].fields[row.ci]

    def choose(self, choice: Choice) -> None:
        picked = self.field_row()
        if picked is None:
            self.notify("Pick a field first (up and down move).", timeout=3)
            return
        row, _c = picked
        if self.done[row.fi]:
            self.notify(f"{clean(self.files[row.fi].file)} is already written.", timeout=3, markup=False)
            return
        self.choices[row.fi][row.ci] = choice
        self.refresh_row(row.fi, row.ci)
        if len(self.choices[row.fi]) == len(self.files[row.fi].fields):
            self.ask_write(row.fi)
        else:
            self.goto_next()

    def action_ours(self) -> None:
        row = self.current()
        if row is not None and row.kind == "editor":
            self.open_editor(row.fi)
        else:
            self.choose(OURS)

    def action_theirs(self) -> None:
        row = self.current()
        if row is not None and row.kind == "editor":
            self.notify("This file cannot be merged field by field: o opens it in your editor.", timeout=4)
            return
        self.choose(THEIRS)

    def action_type_value(self) -> None:
        picked = self.field_row()
        if picked is None:
            return
        row, c = picked
        if c.whole_table:
            self.notify("This is a whole record: take ours or theirs, then edit it.", timeout=4)
            return
        box = self.query_one("#conflicts-value", Input)
        choice = self.choices[row.fi].get(row.ci)
        start = choice.value if choice and choice.pick == "value" else c.ours if c.ours is not None else c.theirs
        box.value = start if isinstance(start, str) else show_value(start)
        box.display = True
        box.focus()

    def submit_value(self) -> None:
        picked = self.field_row()
        box = self.query_one("#conflicts-value", Input)
        if picked is None:
            self.hide_input()
            return
        _row, c = picked
        try:
            value = c.parse(box.value)
        except resolve.ResolveError as exc:
            self.notify(clean(exc), title="Not a value for this field", severity="error", timeout=6, markup=False)
            return
        self.hide_input()
        self.choose(Choice("value", value))

    def hide_input(self) -> None:
        box = self.query_one("#conflicts-value", Input)
        box.display = False
        self.query_one(OptionList).focus()

    def action_next(self) -> None:
        if self.query_one("#conflicts-value", Input).display:
            self.submit_value()
            return
        self.goto_next()

    def goto_next(self, start: int | None = None) -> None:
        """Highlight the next field without a choice (or file to fix); offer to write when none is left."""
        if not self.rows:
            return
        here = self.query_one(OptionList).highlighted
        first = start if start is not None else (here + 1 if here is not None else 0)
        n = len(self.rows)
        for step in range(n):
            i = (first + step) % n
            row = self.rows[i]
            if self.done[row.fi]:
                continue
            if row.kind == "editor" or (row.kind == "field" and row.ci not in self.choices[row.fi]):
                self.query_one(OptionList).highlighted = i
                return
        for fi, fc in enumerate(self.files):
            if not self.done[fi] and not fc.editor_only and len(self.choices[fi]) == len(fc.fields):
                self.ask_write(fi)
                return

    # --- writing -----------------------------------------------------------------------

    def action_write(self) -> None:
        if self.busy:
            return
        if not self.files:
            if self.merging and self.loaded:
                self.finish()
            return
        row = self.current()
        if row is None:
            return
        fc = self.files[row.fi]
        if self.done[row.fi]:
            self.notify(f"{clean(fc.file)} is already written.", timeout=3, markup=False)
        elif fc.editor_only:  # fixed in another window: stage it once its markers are gone
            self._mark(row.fi, fc.file)
        elif len(self.choices[row.fi]) < len(fc.fields):
            left = len(fc.fields) - len(self.choices[row.fi])
            self.notify(
                f"Choose ours, theirs or a value for {left} more field{'s' if left != 1 else ''} of {clean(fc.file)} first.",
                timeout=4,
                markup=False,
            )
        else:
            self.ask_write(row.fi)

    def ask_write(self, fi: int) -> None:
        from tui.screens.confirm import ConfirmScreen

        fc = self.files[fi]
        question = Text.assemble("Write ", safe(fc.file, "bold"), " with these choices and mark it resolved?")
        detail = Text()
        for n, c in enumerate(fc.fields):
            if n:
                detail.append("\n")
            detail.append_text(safe(f"{fit(c.item, 24)} {fit(c.field, 16)}"))
            detail.append(" → ")
            detail.append(fit(self.choices[fi][c.index].describe(), 30), style="bold")

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(fi, fc, dict(self.choices[fi]))

        self.app.push_screen(ConfirmScreen(question, detail, yes="Write", no="Not yet"), answered)

    @work(thread=True, group="resolve", exit_on_error=False, description="write a resolved file")
    def _write(self, fi: int, fc: FileConflict, choices: dict[int, Choice]) -> None:
        app: Any = self.app
        try:
            with app.git_lock:
                resolve.write_resolution(app.root, fc, choices)
        except (resolve.ResolveError, git.GitError, OSError) as exc:
            self.post_message(self.Written(fi, str(exc)))
            return
        self.post_message(self.Written(fi, None))

    def open_editor(self, fi: int) -> None:
        from tui.flows.editor import open_in_editor

        fc = self.files[fi]
        app: Any = self.app
        if open_in_editor(self.app, app.root, fc.file, fc.line):
            self._mark(fi, fc.file)

    @work(thread=True, group="resolve", exit_on_error=False, description="mark a file resolved")
    def _mark(self, fi: int, file: str) -> None:
        app: Any = self.app
        try:
            with app.git_lock:
                problem = resolve.mark_resolved(app.root, file)
        except (git.GitError, OSError) as exc:
            problem = str(exc)
        self.post_message(self.Written(fi, problem))

    @on(Written)
    def _written(self, event: Written) -> None:
        fc = self.files[event.fi]
        if event.problem:
            self.notify(
                clean(event.problem), title=f"{clean(fc.file)} not resolved", severity="error", timeout=10, markup=False
            )
            return
        self.done[event.fi] = True
        self.refresh_row(event.fi)
        self.notify(f"{clean(fc.file)} is resolved and staged.", title="Written", timeout=4, markup=False)
        if all(self.done):
            self.finish()
        else:
            self.goto_next()

    def finish(self) -> None:
        self.busy = True
        self.update_title()
        self._finish()

    @work(thread=True, group="resolve", exit_on_error=False)
    def _finish(self) -> None:
        app: Any = self.app
        try:
            with app.git_lock:
                _commit, result = resolve.finish(app.root)
        except git.GitError as exc:
            self.post_message(self.Finished(None, str(exc)))
            return
        self.post_message(self.Finished(result))

    @on(Finished)
    def _finished(self, event: Finished) -> None:
        self.busy = False
        if event.result is None:
            self.update_title()
            self.notify(
                f"{clean(event.problem)}\nThe resolved files stay staged; w tries again.",
                title="Merge not committed",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        self.app.post_message(SyncDone(event.result, lead="The merge is committed. "))
        self.dismiss()

    # --- leaving -------------------------------------------------------------------------

    def action_leave(self) -> None:
        if self.query_one("#conflicts-value", Input).display:
            self.hide_input()
            return
        if self.busy:
            self.notify("Wait a moment: the merge is being committed and synced.", timeout=3)
            return
        if self.files and not all(self.done):
            self.notify(
                "Nothing more was written: the merge waits in git's usual conflicted state. Press S to come back to it.",
                title="Conflicts left",
                severity="warning",
                timeout=8,
                markup=False,
            )
        self.dismiss()
