"""The screens a user opens from the dashboard, made ready in the app's idle time.

The first open of a screen used to pay for importing its modules (at 20,000
items: a project's screen 60-75 ms, who owes what 30-40 ms, the edit form
20 ms: the first screen imports none of them, for a faster start) and for
Textual reading its CSS_PATH, which re-parses the app's whole stylesheet
(40-50 ms). Once the work after the first paint is done, the app does this
here, one short step at a time (one module, or one CSS file): a step runs
only when no key or click came in the last ``QUIET`` seconds, and each next
step is queued behind whatever arrived meanwhile, so a key waits for one
step at most (a few milliseconds), never for the lot.

What is done here is what the first open would do, no more: the same
modules; the screens' CSS files added to the stylesheet as Textual adds them
when a screen with CSS_PATH is pushed (their rules name only their own
screen's widgets); the DEFAULT_CSS of the widget classes they mount, as
Textual adds it when the first of a class is mounted; and the stylesheet
applied once, as Textual applies it then. Who owes what's groups for the
loaded state are made too, in a thread, as the screen itself would make them.
"""

from __future__ import annotations

import importlib
import inspect
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path, PurePath
from types import SimpleNamespace
from typing import TYPE_CHECKING

from tui.frozen import COLLECT_QUIET

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tui.app import DucuApp

QUIET = 0.3  # seconds without input before a step runs
READY_QUIET = 0.1  # seconds without input before a screen is made ahead (tui/screens/ready.py)
BUSY = 0.02  # seconds before looking again at a screen being composed (tui/screens/ready.py)

# Leaves first, so that each import is one short step; the screen's module last
# pulls in whatever a change of the code has added since this list was written.
MODULES = (
    # a project's screen (Enter)
    "tui.widgets.project_view",
    "tui.widgets.record_list",
    "tui.widgets.care",
    "workspace_schema.changes.assessment",
    "workspace_schema.changes.baselines",
    "workspace_schema.changes.decisions",
    "workspace_schema.changes",
    "tui.widgets.changes",
    "tui.widgets.checklist",
    "tui.widgets.goals",
    "workspace_schema.views.raci",
    "tui.widgets.raci_grid",
    "tui.widgets.matrix",
    "tui.render.mta_layout",
    "tui.widgets.trend_chart",
    "tui.widgets.history",
    "workspace_schema.views.timeline",
    "tui.render.timeline_window",
    "tui.widgets.timeline",
    "tui.widgets.tab_bar",
    # the edit form (e, and e on any record of a project)
    "tomlkit.items",
    "tomlkit.container",
    "tomlkit",
    "workspace_schema.edit.storage",
    "workspace_schema.edit.edits",
    "tui.render.history_facts",
    "tui.screens.form",
    "tui.widgets.literal_input",
    "tui.screens.edit_form",
    "tui.screens.confirm",
    "tui.flows.edit",
    "tui.screens.project",
    # who owes what (O)
    "workspace_schema.views.nudges",
    "tui.render.owed_rows",
    "tui.flows.outputs",
    "workspace_schema.views.improvements",
    "workspace_schema.review.agenda",
    "workspace_schema.review.retro",
    "workspace_schema.review.plan",
    "workspace_schema.review.store",
    "workspace_schema.review.draft",
    "workspace_schema.review.finishing",
    "html",
    "workspace_schema.review.documents",
    "workspace_schema.review.markdown",
    "workspace_schema.review",
    "tui.screens.review.questions",
    "tui.screens.nudge",
    "tui.screens.owed",
    # the findings (f)
    "tui.screens.findings",
)
# The screens whose CSS_PATH is read ahead: the dashboard's keys open these.
SCREENS = (
    ("tui.screens.owed", "OwedScreen"),
    ("tui.screens.findings", "FindingsScreen"),
)


# The widget classes those screens mount that the dashboard has not: their DEFAULT_CSS is
# parsed when the first of each is mounted (16 of them, 15-20 ms of the form's or a project's
# first open). The edit form, then a project's screen (its first tab, the timeline).
WIDGETS = (
    ("tui.screens.edit_form", "EditForm"),
    ("tui.screens.form", "FieldSelect"),
    ("textual.widgets._select", "SelectCurrent"),
    ("textual.widgets._select", "SelectOverlay"),
    ("textual.widgets", "Button"),
    ("textual.widgets", "Label"),
    ("textual.containers", "Horizontal"),
    ("textual.containers", "Vertical"),
    ("textual.containers", "VerticalScroll"),
    ("tui.widgets.literal_input", "LiteralInput"),
    ("tui.widgets.tab_bar", "TabBar"),
    ("textual.widgets", "ContentSwitcher"),
    ("tui.widgets.timeline", "TimelineView"),
)


def default_css(app: DucuApp, widget_classes: Iterable[type[DOMNode]]) -> None:
    """Add the DEFAULT_CSS of ``widget_classes`` (and their bases) to the app's stylesheet and parse it,
    as Textual does when the first widget of each class is mounted (Widget._post_register)."""
    sheet = app.stylesheet
    for widget_class in widget_classes:
        # What Textual's DOMNode._get_default_css reads of a node is its class's CSS bases only.
        node = SimpleNamespace(_node_bases=widget_class._css_bases(widget_class))
        for read_from, css, tie_breaker, scope in widget_class._get_default_css(node):  # type: ignore[arg-type]
            sheet.add_source(css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope)
    sheet.parse()  # the new sources only


def css_files(screen_class: type) -> list[Path]:
    """The files of a screen class's CSS_PATH, as Textual resolves them (beside the class's module)."""
    css_path = getattr(screen_class, "CSS_PATH", None) or []
    paths = [css_path] if isinstance(css_path, (str, PurePath)) else list(css_path)
    here = Path(inspect.getfile(screen_class)).parent
    return [path if path.is_absolute() else (here / path).resolve() for path in map(Path, paths)]


def read_css(app: DucuApp, paths: Iterable[Path]) -> bool:
    """Add ``paths`` to the app's stylesheet, as pushing their screen would; True if one was new."""
    sheet = app.stylesheet
    new = False
    for path in paths:
        if not sheet.has_source(str(path), ""):
            sheet.read(path)
            new = True
    if new:
        sheet.parse()  # only the new sources: the others' rules are kept from their parse
    return new


def steps() -> list[Callable[[DucuApp], object]]:
    """What to do, in order: each module's import, then each screen's CSS, then the stylesheet applied once."""
    out: list[Callable[[DucuApp], object]] = [partial(_import, name) for name in MODULES]
    out.insert(MODULES.index("tui.screens.owed") + 1, _owed_groups)
    for module, name in SCREENS:

        def css(app: DucuApp, module: str = module, name: str = name) -> bool:
            return read_css(app, css_files(getattr(importlib.import_module(module), name)))

        out.append(css)
    for part in (WIDGETS[:10], WIDGETS[10:]):

        def widgets(app: DucuApp, part: tuple[tuple[str, str], ...] = part) -> None:
            default_css(app, [getattr(importlib.import_module(module), name) for module, name in part])

        out.append(widgets)
    out.append(lambda app: app.stylesheet.update(app))
    out.append(lambda app: app.frozen.freeze(app.screens_alive()))  # the modules live as long as the app
    return out


def _import(name: str, app: DucuApp) -> object:
    return importlib.import_module(name)


def _owed_groups(app: DucuApp) -> None:
    """Who owes what for the loaded state, made in a thread (~80 ms at 20,000 items): `O` shows it at once."""
    from tui.screens.owed import prepare

    if app.state is not None:
        app.run_worker(
            partial(prepare, app.state),
            thread=True,
            group="preload",
            exit_on_error=False,
            description="who owes what, made ahead",
        )


class Preload:
    """Runs ``steps`` on the app's own thread, one per turn of its message loop, when no input came lately.

    ``last_input`` is when the app last had a key or a click (time.monotonic()).
    """

    def __init__(self, app: DucuApp, last_input: Callable[[], float]) -> None:
        self.app = app
        self.last_input = last_input
        self.todo = steps()
        self.done = False
        self.asleep = False  # nothing to do until a key, a click or a new state (wake)

    def threads_running(self) -> bool:
        """Whether what a step started in a thread (who owes what's groups) is still under way."""
        return any(worker.group == "preload" and not worker.is_finished for worker in self.app.workers)

    def wake(self) -> None:
        """A key, a click or a new state came: look again at what to make, after the rest."""
        if self.asleep:
            self.asleep = False
            self.start(READY_QUIET)

    def start(self, delay: float = QUIET) -> None:
        self.app.set_timer(max(delay, 0.01), self.step)  # (a timer of 0 s divides by zero in Textual)

    def step(self) -> None:
        if not self.app.is_running:
            return
        if not self.todo and self.threads_running():  # a screen made now would slow both down, and a key after
            self.app.set_timer(min(READY_QUIET, QUIET), self.step)
            return
        quiet_for = time.monotonic() - self.last_input()
        # The preload's steps after a rest of QUIET; then, for as long as the app runs, the screens the dashboard
        # opens (tui/screens/ready.py), after a rest of READY_QUIET (why the shorter one: that module's docstring).
        rest = QUIET if self.todo else READY_QUIET
        if quiet_for < rest:
            self.app.set_timer(max(min(rest - quiet_for, QUIET), 0.01), self.step)
            return
        if self.todo:
            self.todo.pop(0)(self.app)
            self.done = not self.todo
            self.app.call_later(self.step)  # behind whatever is queued now: a key that came meanwhile goes first
            return
        done = self.app.ready.step()
        if done == "done":
            self.app.call_later(self.step)
        elif done == "busy":  # a screen being composed is waited for a moment
            self.app.set_timer(BUSY, self.step)
        elif self.app.frozen.kept_too_long():  # a screen a freeze took in is closed: collected after a longer rest
            if quiet_for < COLLECT_QUIET:
                self.app.set_timer(COLLECT_QUIET - quiet_for, self.step)
                return
            self.app.frozen.collect(self.app.screens_alive())
            self.app.call_later(self.step)
        else:  # all made and up to date: nothing runs (no polling while the app is idle) until wake
            self.asleep = True
