"""The status bar's words: the workspace, today and findings; git's side (who you are, branch,
ahead/behind, pending, conflicts, offline, the last sync). Textual-free: the
first frame (tui/first_frame.py) needs the same words before Textual is imported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

from tui.render.text import clean, fit
from tui.state import State
from workspace_schema.core.clock import local_time
from workspace_schema.core.dates import counted

if TYPE_CHECKING:  # identity imports the editor, sync all of git: neither is needed to draw the bar
    from workspace_schema.git.identity import IdentityResult
    from workspace_schema.git.status import RepoStatus


@dataclass(frozen=True)
class GitView:
    """What the app knows about the clone: kept by the app, drawn by every status bar."""

    enabled: bool = False  # the workspace is in a git clone (and the app uses git)
    status: RepoStatus | None = None
    identity: IdentityResult | None = None
    syncing: bool = False
    outcome: str | None = None  # the last sync's status in this session ("offline", "error", ...)
    problem: str = ""  # git could not be asked (shown as an error)

    @property
    def handle(self) -> str | None:
        """The person in people.toml the git identity is, when known."""
        return self.identity.handle if self.identity is not None else None


def workspace_text(state: State, *, compact: bool = False) -> Text:
    """ "Northwind · today 2026-11-27 · 0 errors, 6 warnings · 4 projects"; ``compact``: name and findings only."""
    counts = state.counts()
    text = Text()
    text.append(clean(state.ws.settings.name) or "workspace", style="bold")
    text.append(" · " if compact else f" · today {state.today.isoformat()} · ")
    errors, warnings = counts["error"], counts["warning"]
    text.append(counted(errors, "error"), style="bold red" if errors else "")
    text.append(", ")
    text.append(counted(warnings, "warning"), style="yellow" if warnings else "")
    if not compact:
        text.append(f" · {counted(len(state.ws.projects), 'project')}")
    return text


def git_text(view: GitView | None, state: State | None) -> Text:
    """The git half: "you: hannah · main ↑2 ↓1 · 3 pending · synced 14:02" (empty outside git)."""
    if view is None or not view.enabled or (view.status is None and view.identity is None and not view.problem):
        return Text()
    parts: list[Text] = []
    who = view.identity
    if who is not None:
        if who.handle is not None:
            parts.append(Text.assemble("you: ", (clean(who.handle), "bold")))
        elif who.email:
            parts.append(Text("you: not in people.toml (I)", style="bold yellow"))  # the email: in the notice and on I
        else:
            parts.append(Text("no git identity: not committing", style="bold red"))
    st = view.status
    if st is not None:
        branch = Text(fit(st.branch, 20) if st.branch else "detached HEAD", style="" if st.branch else "bold red")
        if st.ahead:
            branch.append(f" ↑{st.ahead}")
        if st.behind:
            branch.append(f" ↓{st.behind}")
        parts.append(branch)
        if st.conflicted:
            n = len(st.conflicted)
            parts.append(Text(f"{n} conflicted file{'s' if n != 1 else ''} (S)", style="bold red reverse"))
        elif st.merge_in_progress:
            parts.append(Text("merge unfinished", style="bold red"))
        if st.pending:
            parts.append(Text(f"{len(st.pending)} pending", style="bold yellow"))
    if view.problem:
        parts.append(Text("git error", style="bold red"))
    if view.syncing:
        parts.append(Text("syncing…", style="bold"))
    elif view.outcome == "offline":
        parts.append(Text("offline", style="bold yellow"))
    elif view.outcome == "error":
        parts.append(Text("sync failed", style="bold red"))
    if st is not None:
        parts.append(last_sync_text(st, state))
    text = Text()
    for n, part in enumerate(parts):
        if n:
            text.append(" · ")
        text.append_text(part)
    return text


def last_sync_text(st: RepoStatus, state: State | None) -> Text:
    if not st.remotes:
        return Text("no remote", style="dim")
    if st.last_sync is None:
        return Text("never synced", style="dim")
    when = _local(st.last_sync, state.ws.settings.timezone if state is not None else "UTC")
    today = state.today if state is not None else None
    shown = when.strftime("%H:%M") if when.date() == today else when.strftime("%m-%d %H:%M")
    return Text(f"synced {shown}")


def _local(moment: dt.datetime, timezone: str) -> dt.datetime:
    return local_time(moment, timezone).replace(second=0, microsecond=0)
