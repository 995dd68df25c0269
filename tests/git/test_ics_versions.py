"""Calendar events carry their version: a moved milestone's event has a higher SEQUENCE and a LAST-MODIFIED,
so a calendar client that imports the file again takes the new date (RFC 5546)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar

from tests.helpers.gitteam import DUE, edit, sample_clone
from tui.cli import main

UID = "acme-crm/data-export-k3f9@ducu"


def events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_a_moved_date_raises_the_sequence_and_sets_last_modified(
    tmp_path: Path, git_identity: dict[str, str], monkeypatch, capsysbinary
) -> None:
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    root = sample_clone(tmp_path)
    assert main(["export", "ics", "--project", "acme-crm", "-w", str(root)]) == 0
    before = events(capsysbinary.readouterr().out)[UID]
    assert int(before["SEQUENCE"]) == 0 and "LAST-MODIFIED" in before

    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-11-26T09:30:00+08:00")
    edit(root, *DUE, dt.date(2026, 12, 18))
    assert main(["export", "ics", "--project", "acme-crm", "-w", str(root)]) == 0
    after = events(capsysbinary.readouterr().out)[UID]
    assert int(after["SEQUENCE"]) == 1
    assert after["LAST-MODIFIED"].dt == dt.datetime(2026, 11, 26, 1, 30, tzinfo=dt.UTC)
    assert after.decoded("DTSTART") == dt.date(2026, 12, 18)


def test_outside_git_the_sequence_is_zero_and_nothing_else_changes(tmp_path: Path, monkeypatch, capsysbinary) -> None:
    from tests.helpers.workspace import copy_sample

    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    assert main(["export", "ics", "--project", "acme-crm", "-w", str(copy_sample(tmp_path))]) == 0
    event = events(capsysbinary.readouterr().out)[UID]
    assert int(event["SEQUENCE"]) == 0 and "LAST-MODIFIED" not in event
