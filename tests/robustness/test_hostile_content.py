"""Hostile text in the plan is shown, written and copied literally and safely.

A workspace carries each hostile string of HOSTILE (Rich markup with click and
link actions, ANSI colours and cursor moves, OSC 0 window titles, OSC 52
clipboard writes, BEL, C1 controls, zero-width characters, bidi overrides, a
10,000-character string, emoji and double-width text, line breaks that try
to forge commit trailers, Markdown and HTML) in every kind of user text: a
project per string with its goal, milestones, task, risk and its step,
change request, log entries and review, its client and two people named
with it. Its git history has a ducu edit per string whose reason is the
string, by an author whose name is hostile too.

Then:
- every screen of the app, rendered by Textual's compositor, holds no
  control character, no link and no click action from the data, keeps
  every line exactly as wide as the terminal (counted character by
  character, as Textual crops and places them), shows the text literally
  and keeps its footer on screen;
- commit messages keep user text on one line (no forged trailers) and
  `ducu history` gives the reason back;
- Markdown and HTML reports and minutes escape everything (checked by
  rendering the Markdown with markdown-it);
- the ICS export escapes and folds per RFC 5545;
- reminder drafts and what the app puts on the clipboard hold no controls;
- `ducu list`, `ducu nudges`, `ducu history` and `ducu validate` print none.

The app is run once for the module; by default it opens the projects of a
few strings (SCREEN_KEYS); DUCU_HOSTILE_ALL=1 opens every one (slower).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.cells import cell_len

from tests.helpers.app import settle
from tests.helpers.pages import TAGS
from tests.helpers.workspace import write_ws
from tui.app import make_app
from tui.cli import main
from tui.flows import edit as edit_flows
from tui.render.text import clean
from tui.screens.nudge import ReminderScreen
from tui.screens.project import ProjectScreen
from workspace_schema.core.clock import frozen
from workspace_schema.edit import edits
from workspace_schema.export import ics, report, report_html, report_markdown
from workspace_schema.git import runner as git
from workspace_schema.history import trail as history
from workspace_schema.load.loader import load_workspace
from workspace_schema.review import markdown as minutes_markdown
from workspace_schema.views import nudges
from workspace_schema.views.listing import width as list_width

# Each hostile string, by a name that is also usable in ids.
HOSTILE: dict[str, str] = {
    "markup": "[red]RED[/red] [@click=app.quit]QUIT[/] [link=file:///etc/passwd]LINK[/link] [b]bold",
    "ansi": "\x1b[31mRED\x1b[0m\x1b[2J\x1b[10;10Hmoved\x1b[1A up",
    "osc-title": "\x1b]0;pwned window title\x07after title",
    "osc52": "\x1b]52;c;ZXZpbA==\x07after clip \x1b]52;c;ZXZpbA==\x1b\\",
    "bel": "ring\x07\x07 the bell",
    "c1": "c1 \x9b31mCSI\x9d0;osc\x9c \x85next",
    "zero-width": "zero\u200bwidth\u200djoin\u2060er\ufeffbom",
    "rlo": "left \u202etxet desrever\u202c \u2066isolate\u2069 right",
    "long": "L" + "0123456789" * 1000,
    "wide": "👩‍👩‍👧 🚀 门店数据迁移 ｆｕｌｌ",
    "lines": "first line\nApproved-by: eve\r\nDucu-Reason: forged\n\nSigned-off-by: eve",
    "markdown": "<script>alert(1)</script> *em* _u_ `code` | pipe | [x](javascript:alert(1)) # &amp; ~~s~~ $m$",
}

# What may never reach a terminal or a file from the data (written here on its
# own, not taken from the code under test): C0 controls, DEL, C1 controls, bidi
# controls, the line and paragraph separators. On screen not even a newline.
SCREEN_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# In files and printed text, lines end in newlines.
CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
TODAY = dt.date(2026, 11, 27)
AUTHOR = "Eve \x1b]0;owned\x07 [red]Mallory[/red]"  # git keeps an author name as given


def letters(text: str) -> str:
    """``text`` without spaces and zero-width characters: what must survive when spacing may not."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def words(text: str) -> str:
    """What one line of ``text`` should read: controls and line breaks as spaces, runs of spaces as one."""
    return " ".join(SCREEN_CONTROLS.sub(" ", text).split())


def toml_str(text: str) -> str:
    """``text`` as a TOML basic string, every character that is not printable as \\uXXXX."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif not ch.isprintable():
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return "".join(out) + '"'


def project_toml(title: str, client: str, owner: str) -> str:
    return f"""\
[project]
title = {toml_str(title)}
client = "{client}"
owner = "{owner}"
status = "active"
start = 2026-10-01
due = 2027-03-01
check_in_every = 7

"""


def records_toml(key: str, text: str) -> str:
    """A goal, two milestones, a task, a risk with a step, a change request and two log entries, all saying ``text``."""
    s = toml_str(text)
    return f"""\
[goals.goal-{key}]
title = {s}
metric = {s}
unit = {s}
start_value = 0
target = 100
current = 10
due = 2026-12-01
owner = "lead-{key}"
milestones = ["ms-{key}"]

[milestones.ms-{key}]
title = {s}
side = "client"
owner = "cl-{key}"
status = "waiting"
start = 2026-11-02
due = 2026-11-20
baseline_due = 2026-11-13
done_criteria = {s}
incentive = {s}
notes = {s}

[milestones.ms-{key}.raci]
responsible = ["cl-{key}"]
accountable = "lead-{key}"
consulted = []
informed = ["cl-{key}"]

[milestones.done-{key}]
title = {s}
side = "team"
owner = "lead-{key}"
status = "done"
start = 2026-10-01
due = 2026-11-10
baseline_due = 2026-11-10
done_on = 2026-11-09

[tasks.task-{key}]
title = {s}
milestone = "ms-{key}"
side = "team"
owner = "lead-{key}"
status = "doing"
start = 2026-11-16
due = 2026-12-04
notes = {s}

[risks.risk-{key}]
title = {s}
probability = 4
impact = 5
owner = "lead-{key}"
trigger = {s}
response = "mitigate"
status = "triggered"
triggered_on = 2026-11-21
drill_every = 30
last_drill = 2026-09-01

[risks.risk-{key}.steps.1]
text = {s}
owner = "lead-{key}"
done = false

[changes.cr-{key}]
summary = {s}
requested_by = "cl-{key}"
requested_on = 2026-11-18
reason = {s}
status = "proposed"
moves = {{ "ms-{key}" = 2026-12-18 }}

[log.nudge-{key}]
on = 2026-11-21
by = "lead-{key}"
with = ["cl-{key}"]
channel = "email"
kind = "nudge"
items = ["ms-{key}"]
summary = {s}

[log.feedback-{key}]
on = 2026-11-20
by = "lead-{key}"
with = ["cl-{key}"]
channel = "call"
kind = "feedback"
score = 3
summary = {s}
"""


def review_toml(project: str, keys: list[str]) -> str:
    """A review of ``project`` whose comment, decisions and notes say the strings of ``keys``."""
    texts = [HOSTILE[k] for k in keys]
    out = f"""\
[review]
project = "{project}"
held_on = 2026-11-20
attendees = [{", ".join(f'"lead-{k}", "cl-{k}"' for k in keys)}]
satisfaction = 3
satisfaction_comment = {toml_str(texts[0])}
next_review = 2026-11-27
decisions = [{", ".join(toml_str(t) for t in texts)}]
"""
    for k in keys:
        out += f'\n[outcomes.ms-{k}]\nitem = "ms-{k}"\noutcome = "noted"\nnote = {toml_str(HOSTILE[k])}\n'
    return out


# Every string but the long one, in one line of text: the workspace's name, an escalation step, p-all's title.
MIX = " ".join(v for k, v in HOSTILE.items() if k != "long")


def hostile_files() -> dict[str, str]:
    """The workspace: per hostile string a project, a client and two people; and p-all, whose records say every string."""
    mix = MIX
    files = {
        "workspace.toml": f"""\
[workspace]
name = {toml_str(mix)}
timezone = "Asia/Shanghai"
team = "us"
nudge_every = 3

[escalation.reminder]
after_days = 1
action = {toml_str(mix)}
who = "owner"
""",
    }
    people, clients = [], []
    for key, text in HOSTILE.items():
        s = toml_str(text)
        people.append(f'[people.lead-{key}]\nname = {s}\nemails = ["lead-{key}@example.com"]\norg = "us"\nrole = {s}\n')
        people.append(f'[people.cl-{key}]\nname = {s}\norg = "c-{key}"\nrole = {s}\n')
        clients.append(
            f'[clients.c-{key}]\nname = {s}\nsponsor = "cl-{key}"\nlanguage = "{"zh" if key == "wide" else "en"}"\n'
        )
        files[f"projects/p-{key}.toml"] = project_toml(text, f"c-{key}", f"lead-{key}") + records_toml(key, text)
        files[f"reviews/2026-11-20-p-{key}.toml"] = review_toml(f"p-{key}", [key])
    clients.append(f'[clients.c-all]\nname = {toml_str(MIX)}\nsponsor = "cl-markup"\n')
    files["projects/p-all.toml"] = project_toml(MIX + " " + HOSTILE["long"], "c-all", "lead-markup") + "\n".join(
        records_toml(k, t) for k, t in HOSTILE.items()
    )
    files["reviews/2026-11-20-p-all.toml"] = review_toml("p-all", list(HOSTILE))
    files["people.toml"] = "\n".join(people)
    files["clients.toml"] = "\n".join(clients)
    return files


# --- the workspace and its history ------------------------------------------------------------------


def git_env(when: str) -> dict[str, str]:
    return {
        "GIT_AUTHOR_NAME": AUTHOR,
        "GIT_AUTHOR_EMAIL": "eve@example.com",
        "GIT_COMMITTER_NAME": "Eve",
        "GIT_COMMITTER_EMAIL": "eve@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile workspace as a git clone: one commit of the plan, then per string a ducu edit with it as the reason."""
    root = write_ws(tmp_path_factory.mktemp("hostile") / "ws", hostile_files(), base=False)
    git.init(root)
    git.commit(root, ["."], "The hostile plan\n", env=git_env("2026-11-20T09:00:00+00:00"))
    for key, text in HOSTILE.items():
        ws, _ = load_workspace(root)
        for project in (f"p-{key}", "p-all"):
            change = edits.set_fields(
                ws, f"{project}/ms-{key}", {"title": text + " v2", "due": dt.date(2026, 11, 24)}, reason=text
            )
            git.commit(root, [change.file], change.message(), env=git_env("2026-11-25T10:00:00+00:00"))
            ws, _ = load_workspace(root)
    return root


@pytest.fixture(scope="module")
def ws(repo: Path):
    ws, findings = load_workspace(repo)
    assert not [f for f in findings if f.level == "error"], findings
    return ws


# --- every screen of the app ------------------------------------------------------------------------

SIZE = (140, 40)
TALL = (140, 110)  # the project's views, so that every string's records are on screen at once
ALL = bool(os.environ.get("DUCU_HOSTILE_ALL"))
# p-all shows every string in every view; DUCU_HOSTILE_ALL=1 also opens each string's own project.
PROJECTS = ["p-all", *(f"p-{key}" for key in HOSTILE if ALL)]
# The records opened in the edit form, and drafted as reminders (every string with DUCU_HOSTILE_ALL=1).
EDIT_KEYS = list(HOSTILE) if ALL else ["ansi", "long", "wide"]
REMINDER_KEYS = list(HOSTILE) if ALL else ["osc52", "lines"]
TABS = ("timeline", "matrix", "checklist", "goals", "changes", "log", "history")
PER_PROJECT = (*TABS, "delete question", "review attendees", "review item", "review wrap-up")
WORKSPACE_SCREENS = (
    "dashboard",
    "findings",
    "help",
    "people",
    "owed",
    "nudge question",
    "review question",
    "review pick",
)
SHOTS = [
    *WORKSPACE_SCREENS,
    *(f"{screen}/{project}" for project in PROJECTS for screen in PER_PROJECT),
    *(f"edit form/{key}" for key in EDIT_KEYS),
    *(f"reminder/{key}" for key in REMINDER_KEYS),
]


@dataclass
class Shot:
    """A screen as the compositor drew it: one string per row, and what is wrong with it."""

    lines: list[str]
    problems: list[str]

    @property
    def body(self) -> str:
        return "\n".join(self.lines[1:])


def shoot(app) -> Shot:
    """The current screen, checked row by row (the header row has a test of its own)."""
    width = app.screen.size.width
    lines: list[str] = []
    problems: list[str] = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        text = "".join(segment.text for segment in strip)
        lines.append(text)
        if y == 0:
            continue
        bad = sorted(set(SCREEN_CONTROLS.findall(text)))
        if bad:
            problems.append(f"row {y}: control characters {bad} in {text!r:.160}")
        cells = sum(cell_len(ch) for ch in text)  # as Textual crops and places: character by character
        if cells != width:
            problems.append(f"row {y} is {cells} cells wide, not {width}: {text!r:.160}")
        for segment in strip:
            style = segment.style
            if style is not None and style.link:
                problems.append(f"row {y}: a link to {style.link!r} on {segment.text!r:.40}")
            if style is not None and "@click" in (style.meta or {}):
                problems.append(f"row {y}: a click action {style.meta['@click']!r} on {segment.text!r:.40}")
    return Shot(lines, problems)


async def visit(root: Path) -> tuple[dict[str, Shot], dict[str, str]]:
    """Open every screen once over the hostile workspace: the shots, and the clipboard after each reminder's copy."""
    app = make_app(root, frozen(TODAY.isoformat()), watch=False)
    app.read_history = True  # the History tab, without the git status machinery
    app.animation_level = "none"
    shots: dict[str, Shot] = {}
    copied: dict[str, str] = {}
    async with app.run_test(size=SIZE) as pilot:

        async def press(*keys: str) -> None:
            for key in keys:
                await pilot.press(key)
                await settle(pilot, rounds=2)

        await settle(pilot, rounds=2)
        shots["dashboard"] = shoot(app)
        await press("f1")
        shots["help"] = shoot(app)
        await press("escape", "f")
        shots["findings"] = shoot(app)
        await press("escape", "P")
        shots["people"] = shoot(app)
        await press("escape", "O")
        shots["owed"] = shoot(app)
        await press("l")
        shots["nudge question"] = shoot(app)
        await press("escape")
        state = app.state
        items = {it.ref: it for g in nudges.build(state.ws, state.today) for it in g.items}
        for key in REMINDER_KEYS:
            ref = f"p-all/ms-{key}"
            await app.push_screen(
                ReminderScreen(nudges.draft_reminder(state.ws, ref, state.today), "r.txt", items[ref])
            )
            await settle(pilot, rounds=2)
            shots[f"reminder/{key}"] = shoot(app)
            await press("c")
            copied[key] = app.clipboard
            await press("escape")
        for key in EDIT_KEYS:
            edit_flows.edit_record(app, f"p-all/ms-{key}")
            await settle(pilot, rounds=2)
            shots[f"edit form/{key}"] = shoot(app)
            await press("escape")
        await press("escape")
        for project in PROJECTS:
            await app.push_screen(ProjectScreen(project))
            await pilot.resize_terminal(*TALL)
            await settle(pilot, rounds=2)
            for n, tab in enumerate(TABS, start=1):
                await press(str(n))
                shots[f"{tab}/{project}"] = shoot(app)
            await pilot.resize_terminal(*SIZE)
            await press("1", "x")
            shots[f"delete question/{project}"] = shoot(app)
            await press("n", "R")
            shots[f"review attendees/{project}"] = shoot(app)
            await press("enter")
            review = app.screen
            longest = max(range(len(review.draft.items)), key=lambda n: len(review.draft.items[n].title))
            review.go(longest)  # the agenda item with the longest title
            await settle(pilot, rounds=2)
            shots[f"review item/{project}"] = shoot(app)
            await press("w")
            shots[f"review wrap-up/{project}"] = shoot(app)
            await press("escape")
            app.pop_screen()
            await settle(pilot, rounds=2)
        await press("R")
        shots["review question"] = shoot(app)
        await press("w")
        shots["review pick"] = shoot(app)
    return shots, copied


@pytest.fixture(scope="module")
def app_run(repo: Path) -> tuple[dict[str, Shot], dict[str, str]]:
    return asyncio.run(visit(repo))


@pytest.fixture(scope="module")
def shots(app_run) -> dict[str, Shot]:
    return app_run[0]


def cells_before(line: str, needle: str) -> int:
    """The terminal column where ``needle`` starts in ``line``."""
    return sum(cell_len(ch) for ch in line[: line.index(needle)])


@pytest.mark.parametrize("name", SHOTS)
def test_screens_show_no_controls_links_or_actions_and_keep_their_width(shots: dict[str, Shot], name: str) -> None:
    assert name in shots, f"the visit did not reach {name}"
    assert not shots[name].problems, "\n".join(shots[name].problems)


@pytest.mark.parametrize("name", SHOTS)
def test_screens_keep_their_footer(shots: dict[str, Shot], name: str) -> None:
    """However long the text, the keys stay on the last row."""
    last = shots[name].lines[-1]
    assert any(key in last for key in ("Quit", "Cancel", "esc", "Close")), last


@pytest.mark.parametrize("tab", [t for t in TABS if t != "timeline"])
def test_every_view_of_p_all_shows_every_string_literally(shots: dict[str, Shot], tab: str) -> None:
    """The start of each string, as clean() shows it (controls as "\ufffd", markup as typed), is in the view."""
    body = shots[f"{tab}/p-all"].body
    missing = [key for key, text in HOSTILE.items() if clean(text)[:8] not in body]
    assert not missing, missing


def test_the_project_title_line_shows_the_text_unstyled(shots: dict[str, Shot]) -> None:
    for project in PROJECTS:
        line = shots[f"timeline/{project}"].lines[1]
        title = MIX + " " + HOSTILE["long"] if project == "p-all" else HOSTILE[project[2:]]
        assert line.startswith(" " + clean(title)[:100]) or line.startswith(" " + clean(title)[: len(line) - 3])
    assert (
        shots["timeline/p-all"]
        .lines[1]
        .startswith(" [red]RED[/red] [@click=app.quit]QUIT[/] [link=file:///etc/passwd]LINK[/link]")
    )


def test_dashboard_rows_stay_in_their_columns(shots: dict[str, Shot]) -> None:
    lines = shots["dashboard"].lines
    head = next(n for n, line in enumerate(lines) if line.lstrip().startswith("Project"))
    projects = len(HOSTILE) + 1
    rows = lines[head + 1 : head + 1 + projects]
    assert all("11-24" in row for row in rows), "one row per project, each with its next milestone's date"
    assert "11-24" not in lines[head + 1 + projects], "no row wrapped onto a second line"
    assert {cells_before(row, "11-24") for row in rows} == {cells_before(lines[head], "Due")}
    missing = [key for key, text in HOSTILE.items() if clean(text)[:8] not in shots["dashboard"].body]
    assert not missing, missing


def test_people_and_owed_rows_stay_in_their_columns(shots: dict[str, Shot]) -> None:
    lines = shots["people"].lines
    head = next(n for n, line in enumerate(lines) if line.lstrip().startswith("handle"))
    rows = [line for line in lines[head + 1 :] if line.lstrip().startswith(("lead-", "cl-"))]
    assert len(rows) == min(2 * len(HOSTILE), SIZE[1] - head - 4)
    column = cells_before(lines[head], "org")
    assert {cells_before(row, " us " if row.lstrip().startswith("lead-") else " c-") + 1 for row in rows} == {column}
    owed = shots["owed"].lines
    head = next(n for n, line in enumerate(owed) if "Escalation now" in line)
    items = [line for line in owed[head + 1 :] if re.search(r" p-[a-z0-9-]+ +\d\d-\d\d ", line)]
    assert len(items) > len(HOSTILE) and {cells_before(line, " p-") + 1 for line in items} == {
        cells_before(owed[head], "Project")
    }


def test_timeline_and_history_columns_stay_put(shots: dict[str, Shot]) -> None:
    chart = [line for line in shots["timeline/p-all"].lines if "│" in line and line[:2] in ("◆ ", "└ ")]
    assert len(chart) > len(HOSTILE) and len({cells_before(line, "│") for line in chart}) == 1
    feed = shots["history/p-all"].lines
    head = next(line for line in feed if line.startswith(" date "))
    rows = [line for line in feed if line.startswith(" 2026-") and "unsigned" in line]
    assert rows and {cells_before(line, "unsigned") for line in rows} == {cells_before(head, "signature")}
    assert all(line[12:].startswith("Eve \ufffd]0;owned") for line in rows), "the author's name, literally"


@pytest.mark.parametrize("key", EDIT_KEYS)
def test_the_edit_form_keeps_one_line_per_field(shots: dict[str, Shot], key: str) -> None:
    form = shots[f"edit form/{key}"].lines
    inside = [line.split("█")[1] if line.count("█") >= 2 else "" for line in form]
    fields = [
        "title",
        "side",
        "owner",
        "status",
        "start",
        "due",
        "baseline_due",
        "done_on",
        "done_criteria",
        "depends_on",
        "incentive",
        "notes",
        "accepted_by",
        "accepted_on",
        "evidence",
        "raci.responsible",
        "raci.accountable",
        "raci.consulted",
        "raci.informed",
    ]
    rows = [
        (n, m.group(1))
        for n, part in enumerate(inside)
        if (m := re.match(r" (\S+) {2,}", part)) and m.group(1) in fields
    ]
    assert [name for _, name in rows] == fields, "every field, in order"
    assert [n for n, _ in rows] == list(range(rows[0][0], rows[0][0] + len(fields))), "one line per field, none wrapped"
    assert any("Save" in part and "Cancel" in part for part in inside)
    # a focused value shows its start (issue 16 item 3: a scrolled middle looks like corrupted data)
    assert clean(HOSTILE[key] + " v2")[:8].strip() in inside[rows[0][0]], "the title's start, as clean() shows it"


def test_questions_and_review_pages_keep_their_parts_on_screen(shots: dict[str, Shot]) -> None:
    for project in PROJECTS:
        assert "Delete (y)" in shots[f"delete question/{project}"].body
        assert "Who is here?" in shots[f"review attendees/{project}"].body
        item = shots[f"review item/{project}"].lines
        assert any(re.fullmatch(r"\s*[✔→↻✎+»·](\s*[✔→↻✎+»·])+\s*", line) for line in item), (
            "the agenda strip is on screen"
        )
        assert "Summary" in shots[f"review wrap-up/{project}"].body
    for key in REMINDER_KEYS:
        assert "c copy" in shots[f"reminder/{key}"].body


def test_the_header_shows_the_workspace_name_without_controls(shots: dict[str, Shot]) -> None:
    assert not SCREEN_CONTROLS.search(shots["dashboard"].lines[0])


@pytest.mark.parametrize("key", REMINDER_KEYS)
def test_the_clipboard_gets_the_reminder_without_controls(app_run, key: str) -> None:
    """An OSC 52 in a title stays text: what ducu copies has no escape character to start a sequence."""
    text = app_run[1][key]
    assert text.startswith("Reminder: ") and not CONTROLS.search(text)
    assert words(HOSTILE[key])[:20] in text


# --- commit messages and the history read back from them ----------------------------------------------


def trailers(message: str, cwd: Path) -> list[tuple[str, str]]:
    """The trailers git itself reads in ``message`` (git interpret-trailers --parse)."""
    out = subprocess.run(
        ["git", "interpret-trailers", "--parse"], input=message, capture_output=True, text=True, check=True, cwd=cwd
    ).stdout
    return [tuple(line.split(": ", 1)) for line in out.splitlines()]  # type: ignore[misc]


@pytest.mark.parametrize("key", HOSTILE)
def test_commit_messages_keep_user_text_in_its_place(key: str, tmp_path: Path) -> None:
    text = HOSTILE[key]
    ref = f"p-{key}/ms-{key}"
    changes = [
        edits.AppliedEdit(
            f"projects/p-{key}.toml",
            ref,
            "set",
            (
                edits.FieldEdit("title", text, text + " v2"),
                edits.FieldEdit("due", dt.date(2026, 11, 20), dt.date(2026, 11, 24)),
            ),
            reason=text,
        ),
        edits.AppliedEdit(f"projects/p-{key}.toml", f"p-{key}/task-{key}", "add", title=text, kind="task", reason=text),
    ]
    for change in changes:
        message = change.message()
        assert not CONTROLS.search(message)
        subject, blank, *rest = message.rstrip("\n").split("\n")
        assert subject == change.subject() and len(subject) <= 200 and blank == ""
        assert all(line.startswith("Ducu-") for line in rest), rest
        assert {k for k, _ in trailers(message, tmp_path)} <= {"Ducu-Item", "Ducu-Field", "Ducu-Reason"}
        assert dict(trailers(message, tmp_path))["Ducu-Reason"] == cut(words(text))
    assert "due 2026-11-20 -> 2026-11-24" in changes[0].subject(), "a long title does not push the other fields out"


def cut(text: str, limit: int = 200) -> str:
    """A trailer value as commits carry it: at most ``limit`` characters, "…" where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@pytest.mark.parametrize("key", HOSTILE)
def test_the_history_gives_the_reason_back(repo: Path, key: str) -> None:
    index = history.build_index(repo)
    (change,) = [c for c in index.item(f"p-all/ms-{key}", "due") if c.new == dt.date(2026, 11, 24)]
    assert change.reason == cut(words(HOSTILE[key]))
    assert change.author == AUTHOR


# --- reports, minutes, calendar, reminders ---------------------------------------------------------------


def inline_texts(markdown: str) -> list[tuple[str, str]]:
    """(block, text) for each inline run markdown-it reads: block is the token type that opened it (heading, td, ...)."""
    out, opened = [], "paragraph"
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type.endswith("_open"):
            opened = token.type[:-5]
        if token.type == "inline":
            kinds = {child.type for child in token.children or []}
            assert not kinds & {"html_inline", "link_open", "image", "code_inline"}, (kinds, token.content)
            out.append((opened, "".join(c.content if c.type == "text" else " " for c in token.children or [])))
        assert token.type not in ("html_block", "code_block", "fence"), token.content
    return out


@pytest.mark.parametrize("key", HOSTILE)
def test_markdown_report_reads_back_as_the_text(ws, key: str) -> None:
    r = report.build(ws, f"p-{key}", TODAY)
    text = report_markdown.to_markdown(r)
    assert not CONTROLS.search(text)
    runs = inline_texts(text)
    heading = "项目进展报告：" if key == "wide" else "Progress report: "  # the client's language
    assert runs[0] == ("heading", heading + words(HOSTILE[key]))
    # the item is in three tables (next, what we need from the client, slips): in each, the cell after its
    # title is the next column (a date, the owner), not a piece of the title split off at a pipe
    cells = [t for block, t in runs if block in ("td", "th")]
    title = words(HOSTILE[key] + " v2")
    after = [cells[n + 1] for n, cell in enumerate(cells) if cell == title]
    assert len(after) == 3 and all(c.startswith("2026-") or c == words(HOSTILE[key]) for c in after), after


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[str] = []
        self.h1 = ""
        self.cells: list[str] = []
        self.where: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += [f"{k}={v}" for k, v in attrs]
        self.where.append(tag)
        if tag == "td":
            self.cells.append("")

    def handle_endtag(self, tag):
        if self.where and self.where[-1] == tag:
            self.where.pop()

    def handle_data(self, data):
        if "h1" in self.where:
            self.h1 += data
        if "td" in self.where:
            self.cells[-1] += data


@pytest.mark.parametrize("key", HOSTILE)
def test_html_report_escapes_everything(ws, key: str) -> None:
    page = report_html.to_html(report.build(ws, f"p-{key}", TODAY))
    assert not CONTROLS.search(page)
    parsed = Page()
    parsed.feed(page)
    assert parsed.tags <= TAGS
    assert not [a for a in parsed.attrs if "javascript" in a or "passwd" in a]
    heading = "项目进展报告：" if key == "wide" else "Progress report: "
    assert " ".join(parsed.h1.split()) == heading + words(HOSTILE[key])
    assert words(HOSTILE[key] + " v2") in [" ".join(c.split()) for c in parsed.cells]


@pytest.mark.parametrize("key", HOSTILE)
def test_minutes_read_back_as_the_text(ws, key: str) -> None:
    text = minutes_markdown.to_markdown(ws.reviews[f"2026-11-20-p-{key}"], ws)
    assert not CONTROLS.search(text)
    runs = inline_texts(text)
    assert ("list_item", words(HOSTILE[key])) in [(b, t) for b, t in runs if b in ("list_item", "paragraph")] or (
        "paragraph",
        words(HOSTILE[key]),
    ) in runs, runs


def unescape_ics(value: str) -> str:
    """An RFC 5545 TEXT value read back; a bare , or ; (which would split the value) fails."""
    out, chars = [], iter(value)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars)
            assert nxt in "\\;,nN", f"bad escape \\{nxt}"
            out.append("\n" if nxt in "nN" else nxt)
        else:
            assert ch not in ",;", f"unescaped {ch!r} in {value!r:.80}"
            out.append(ch)
    return "".join(out)


@pytest.mark.parametrize("key", HOSTILE)
def test_calendar_is_escaped_and_folded(ws, key: str) -> None:
    text = ics.export(ws, project=f"p-{key}", today=TODAY)
    raw = text.encode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    physical = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical)
    lines = text.replace("\r\n ", "").split("\r\n")[:-1]  # unfolded
    assert not [line for line in lines if SCREEN_CONTROLS.search(line)]
    values = {}
    for line in lines:
        name, _, value = line.partition(":")
        if name in ("SUMMARY", "DESCRIPTION", "X-WR-CALNAME"):
            values.setdefault(name, []).append(unescape_ics(value))
    title = words(HOSTILE[key])
    assert f"{title}: {words(HOSTILE[key] + ' v2')}" in values["SUMMARY"]
    assert any(f"Owner: {title}" in d.split("\n") for d in values["DESCRIPTION"])


@pytest.mark.parametrize("key", HOSTILE)
def test_reminder_drafts_are_plain_lines(ws, key: str) -> None:
    text = nudges.draft_reminder(ws, f"p-{key}/ms-{key}", TODAY)
    assert not CONTROLS.search(text)
    lines = text.split("\n")
    assert lines[0].startswith(("Reminder: ", "提醒：")) and words(HOSTILE[key] + " v2") in lines[0]
    assert words(HOSTILE[key]) in lines[2] and lines[3] == "", "the greeting names the owner on one line"


# --- the command line ------------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    main(list(argv))
    out, err = capsys.readouterr()
    for stream in (out, err):
        if argv[0] == "export":
            stream = stream.replace("\r\n", "\n")  # iCalendar lines end in CRLF
        bad = sorted(set(CONTROLS.findall(stream)))
        assert not bad, f"ducu {' '.join(argv)} printed {bad}"
    return out


def test_cli_texts_print_no_controls(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCU_TODAY", TODAY.isoformat())
    root = str(repo)
    listing = run(capsys, "list", "-w", root).splitlines()
    due = cells_before(listing[0], "due ")
    assert {list_width(line[: line.index("2026-")]) for line in listing[1:] if "2026-" in line} == {due}, (
        "columns align"
    )
    assert len(listing) == 1 + 2 * 3 * len(HOSTILE), "a line per milestone and task, none broken"
    run(capsys, "list", "--format", "csv", "-w", root)
    rows = json.loads(run(capsys, "list", "--format", "json", "-w", root))
    assert {r["title"] for r in rows if r["project"] == "p-all"} >= set(HOSTILE.values()), "JSON keeps the data exactly"
    run(capsys, "nudges", "-w", root)
    for key in HOSTILE:
        run(capsys, "nudges", "--draft", f"p-{key}/ms-{key}", "-w", root)
        out = run(capsys, "history", f"p-all/ms-{key}", "--field", "due", "-w", root)
        assert letters(words(HOSTILE[key])[:30]) in letters(out), "the reason, as history.show prints it"
    run(capsys, "validate", root)
    run(capsys, "report", "p-all", "-w", root)
    run(capsys, "report", "p-all", "--format", "html", "-w", root)
    assert "SUMMARY:" in run(capsys, "export", "ics", "-w", root)


# --- the one function every screen shows user text through -------------------------------------------


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_clean_is_one_for_one_without_controls_and_measures_the_same_whole_or_by_character(text: str) -> None:
    shown = clean(text)
    assert len(shown) == len(text), "a widget that keeps the value (LiteralInput) can show this instead"
    assert not SCREEN_CONTROLS.search(shown)
    assert cell_len(shown) == sum(cell_len(ch) for ch in shown), "Rich's measure and Textual's cropping agree"


def test_literal_input_keeps_the_value_and_shows_it_where_the_cursor_is() -> None:
    """The form's inputs hold the value as the file has it (unchanged, it is not written back), show it
    as clean() does, the cursor on the character it is on, and scroll by what is shown: past a run of
    escape sequences the end of the text and the cursor are in view."""
    from textual.app import App

    from tui.widgets.literal_input import LiteralInput

    value = "\x1b[31m门店\u202e👩\u200d👩\u200d👧 [b]x" + "\x1b]52;c;ZXZpbA==\x07" * 12 + " the end"

    class One(App[None]):
        def compose(self):
            yield LiteralInput(value, compact=True)

    async def run() -> list[tuple[str, str, str]]:
        app = One()
        seen = []
        async with app.run_test(size=(60, 3)) as pilot:
            box = app.query_one(LiteralInput)
            box.cursor_blink = False
            box.focus()
            assert box.value == value
            for position in (0, 7, 9, 12, len(value) - 1, len(value)):
                box.cursor_position = position
                await pilot.pause()
                strip = list(app.screen._compositor.render_strips()[0])
                text = "".join(s.text for s in strip)
                assert not SCREEN_CONTROLS.search(text)
                ground = max(
                    {s.style.bgcolor for s in strip},
                    key=lambda c: sum(len(s.text) for s in strip if s.style.bgcolor == c),
                )
                cursor = [s for s in strip if s.style.bgcolor != ground]  # the cursor: drawn in swapped colours
                seen.append((cursor[0].text[0] if cursor else "", clean(value[position : position + 1]) or " ", text))
        return seen

    for under_cursor, char, line in asyncio.run(run()):
        assert under_cursor == char, line
    assert "the end" in line
