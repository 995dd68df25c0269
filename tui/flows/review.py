"""The review meeting's entry points: the dashboard's and the project screen's R, and the note about meetings in progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.render.text import fit
from tui.screens.confirm import ChoiceScreen
from tui.screens.review.screen import ReviewScreen
from workspace_schema import review as minutes

if TYPE_CHECKING:
    from tui.app import DucuApp


def start_review(app: DucuApp, project_id: str | None) -> None:
    """Open the review of ``project_id`` (resuming its meeting), or with None the workspace's project list."""
    if app.state is None:
        return
    if project_id:
        app.push_screen(ReviewScreen(project_id))
    else:
        from tui.screens.review.pick import ReviewPickScreen

        app.push_screen(ReviewPickScreen())


def ask_review(app: DucuApp, project_id: str | None, title: str = "") -> None:
    """The dashboard's R: the selected project's review, or the whole workspace's?"""
    if project_id is None:
        start_review(app, None)
        return
    question = f"Review meeting: {fit(title or project_id, 120)}, or the whole workspace?"

    def picked(choice: str | None) -> None:
        if choice == "project":
            start_review(app, project_id)
        elif choice == "workspace":
            start_review(app, None)

    app.push_screen(
        ChoiceScreen(question, [("p", "project", "This project"), ("w", "workspace", "Whole workspace")]), picked
    )


def tell_drafts(app: DucuApp) -> None:
    """A note on start when meetings are in progress (saved drafts), so nobody forgets one.

    Only when the app works with git (the CLI): the drafts of a workspace
    inside another repository (the sample, in ducu's own) live in that
    repository's git dir, which screen tests must not depend on.
    """
    state = app.state
    if state is None or not app.use_git:
        return
    names = [pid for pid in minutes.drafts(app.root) if pid in state.ws.projects]
    if names:
        titles = ", ".join(fit(state.ws.projects[pid].title or pid, 60) for pid in names)
        app.notify(
            f"{titles}: a review meeting is in progress. Press R to resume it.",
            title="Review in progress",
            timeout=8,
            markup=False,
        )
