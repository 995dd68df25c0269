"""workspace.toml itself: a real timezone, and a team that people belong to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from workspace_schema.core.clock import valid_timezone
from workspace_schema.core.findings import Finding
from workspace_schema.core.records import Workspace
from workspace_schema.load.loader import WORKSPACE_FILE
from workspace_schema.rules.registry import Report, rule


@rule("WS002", "error", "workspace.timezone is not an IANA timezone name (like Europe/Berlin).")
def bad_timezone(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    tz = ws.settings.timezone
    if not valid_timezone(tz):
        yield report(
            message=f'timezone "{tz}" is not a known IANA timezone name; use one like "Europe/Berlin", '
            '"Asia/Shanghai" or "UTC" (dates are computed in UTC until it is fixed)',
            file=WORKSPACE_FILE,
            line=ws.key_line(WORKSPACE_FILE, ("workspace",), "timezone"),
        )


@rule("WS003", "error", "workspace.team is empty, or people.toml lists people but none in the team's org.")
def bad_team(ws: Workspace, today: dt.date, report: Report) -> Iterator[Finding]:
    team = ws.settings.team
    orgs = {p.org for p in ws.people.values()}
    if team and (team in orgs or not ws.people):  # a new workspace has nobody yet: nothing to contradict
        return
    if team:
        problem = f'team "{team}" is not the org of anyone in people.toml'
    else:
        problem = "team is not set"
    known = ", ".join(f"`{o}`" for o in sorted(orgs - set(ws.clients) - {""}))
    hint = f" (orgs in people.toml that are not clients: {known})" if known else ""
    yield report(
        message=f"{problem}; set team to the org id your own people have in people.toml{hint}, so ducu can tell "
        "our side from the client's",
        file=WORKSPACE_FILE,
        line=ws.key_line(WORKSPACE_FILE, ("workspace",), "team"),
    )
