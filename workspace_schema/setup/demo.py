"""The demo: a copy of the sample workspace, made a git clone of a local remote.

Its history is six weeks of scripted commits by three of the sample's people
(setup/history.py), so the history views have something to show at once.

The sample is written as of SAMPLE_TODAY. The copy moves every date by whole
weeks so that, whenever the demo is opened, the sample's "today" falls in the
current week and the weekdays stay the same: the overdue items are still
overdue by the same amount, and the demo never goes stale.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from workspace_schema.core.dates import counted
from workspace_schema.git import runner as git
from workspace_schema.merge.driver import DRIVER_NOTICE, ensure_driver

SAMPLE_TODAY = dt.date(2026, 11, 27)
SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_workspace"
_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?![\d])")
DEMO_IDENTITY = {
    "GIT_AUTHOR_NAME": "ducu demo",
    "GIT_AUTHOR_EMAIL": "demo@ducu.invalid",
    "GIT_COMMITTER_NAME": "ducu demo",
    "GIT_COMMITTER_EMAIL": "demo@ducu.invalid",
}


class DemoError(Exception):
    pass


def week_shift(today: dt.date, anchor: dt.date = SAMPLE_TODAY) -> int:
    """Days (a multiple of 7) that move ``anchor`` into the week of ``today``."""
    return ((today - anchor).days // 7) * 7


def sample_timezone(sample: Path = SAMPLE_DIR) -> str:
    """The sample's own timezone (workspace.toml): the demo's "today" is the date there, as in the app."""
    import rtoml

    try:
        zone = rtoml.load(sample / "workspace.toml").get("workspace", {}).get("timezone")
    except (OSError, rtoml.TomlParsingError):
        return "UTC"
    return zone if isinstance(zone, str) else "UTC"


def weekday_note(today: dt.date) -> str:
    """What the demo shows unlike the README on this weekday ("" on the sample's own weekday, a Friday).

    The README and the sample are written as of SAMPLE_TODAY; dates move by whole
    weeks, so on the other days of the week what is late is that much later.
    """
    later = (today - SAMPLE_TODAY).days % 7
    if not later:
        return ""
    friday = today - dt.timedelta(days=later)
    return (
        f"The sample's dates are moved to this week, weekdays kept: its {SAMPLE_TODAY:%A} is {friday.isoformat()}, "
        f"{counted(later, 'day')} before today, so what is late is {counted(later, 'day')} later than "
        "the README shows and a few more items may be late or due."
    )


def shift_dates(text: str, days: int) -> str:
    if not days:
        return text

    def move(m: re.Match[str]) -> str:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return m.group(0)
        return (day + dt.timedelta(days=days)).isoformat()

    return _DATE.sub(move, text)


def make_demo(
    dest: str | Path | None, today: dt.date, sample: Path = SAMPLE_DIR, *, say: Callable[[str], object] | None = None
) -> Path:
    """Copy the sample into ``dest`` (a new temporary folder when None) with a bare ``origin``.

    Returns the workspace folder. Uses the user's git identity when there is
    one, and a "ducu demo" identity for the first commit otherwise. ``say``
    hears merge.DRIVER_NOTICE when the driver is registered in the new clone.
    A ``dest`` that starts with '-' is refused (git would read it as an option).
    """
    if dest is not None:
        try:
            git.check_path(dest, "the demo folder")
        except git.UnsafeArgument as exc:
            raise DemoError(f"{exc} Nothing was changed.") from None
    if dest is None:
        base = Path(tempfile.mkdtemp(prefix="ducu-demo-"))
        root = base / "workspace"
        remote = base / "origin.git"
    else:
        root = Path(dest).resolve()
        if root.exists() and any(root.iterdir()):
            raise DemoError(
                f"{root} is not empty; give a new folder for the demo (or leave it out for a temporary one)."
            )
        remote = root.parent / f"{root.name}-origin.git"
        if remote.exists():
            raise DemoError(f"{remote} already exists; remove it or pick another folder for the demo.")
    if not (sample / "workspace.toml").exists():
        raise DemoError(f"the sample workspace is missing ({sample}); reinstall ducu from its source tree.")
    days = week_shift(today)
    root.mkdir(parents=True, exist_ok=True)
    for src in sorted(sample.rglob("*")):
        rel = src.relative_to(sample)
        target = root / Path(shift_dates(rel.as_posix(), days))
        if src.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif src.suffix == ".toml":
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(shift_dates(src.read_text("utf-8"), days), encoding="utf-8")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    git.init(root)
    if ensure_driver(root) and say is not None:
        say(DRIVER_NOTICE)
    from workspace_schema.setup import history as demo_history

    try:
        demo_history.build(root, today)  # six weeks of history by three people, ending at these files
    except (git.GitError, OSError, ValueError):
        message = "Demo workspace from the ducu sample\n\nCreated by `ducu demo`."
        try:
            git.commit(root, ["."], message)
        except git.NoIdentity:
            git.commit(root, ["."], message, env=DEMO_IDENTITY)
    git.init(remote, bare=True)
    git.add_remote(root, "origin", str(remote))
    git.push(root, "origin", "main", set_upstream=True)
    git.run(root, "push", "-q", "--tags", "--", "origin")  # the baseline tags
    return root
