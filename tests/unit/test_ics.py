"""The calendar export, read back with a strict RFC 5545 reader (and icalendar, when it is installed)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.helpers.workspace import SAMPLE, write_ws
from tui.cli import main
from workspace_schema.export import ics
from workspace_schema.load.loader import load_workspace

TODAY = dt.date(2026, 11, 27)

_NAME = re.compile(r"[A-Za-z0-9-]+")
_UNESCAPE = re.compile(r"\\([\\;,nN])")


def unfold(data: bytes) -> list[str]:
    """Strict: CRLF everywhere, every physical line <= 75 octets and valid UTF-8 on its own."""
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    for raw in physical:
        assert b"\n" not in raw and b"\r" not in raw, raw
        assert len(raw) <= 75, (len(raw), raw)
        raw.decode("utf-8")  # folding never splits a character
    lines: list[str] = []
    for raw in physical:
        text = raw.decode("utf-8")
        if text[:1] in (" ", "\t"):
            assert lines, "a continuation line cannot come first"
            lines[-1] += text[1:]
        else:
            lines.append(text)
    return lines


def unescape(value: str) -> str:
    # an unescaped , or ; is not allowed inside one TEXT value
    assert not re.search(r"(?<!\\)(?:\\\\)*[;,]", value.replace("\\\\", "")), value
    return _UNESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse(data: bytes) -> list[dict[str, tuple[dict[str, str], str]]]:
    """The VEVENTs as {NAME: (params, raw value)}; checks the calendar's shape on the way."""
    lines = unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    head = dict(line.split(":", 1) for line in lines[1:6])
    assert head["VERSION"] == "2.0" and head["PRODID"]
    events, current, depth = [], None, 0
    for line in lines[1:-1]:
        name_params, sep, value = line.partition(":")
        assert sep, line
        name, *params = name_params.split(";")
        assert _NAME.fullmatch(name), name
        if name == "BEGIN":
            assert value == "VEVENT" and current is None
            current, depth = {}, depth + 1
            continue
        if name == "END":
            assert value == "VEVENT" and current is not None
            for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
                assert required in current, required
            events.append(current)
            current, depth = None, depth - 1
            continue
        if current is not None:
            assert name not in current, f"{name} twice"
            current[name] = (dict(p.split("=", 1) for p in params), value)
    assert depth == 0
    return events


def text(event, name: str) -> str:
    return unescape(event[name][1])


def day(event, name: str) -> dt.date:
    params, value = event[name]
    assert params == {"VALUE": "DATE"}
    return dt.datetime.strptime(value, "%Y%m%d").date()


@pytest.fixture(scope="module")
def sample():
    ws, _ = load_workspace(SAMPLE, cache=False)
    return ws


def test_sample_calendar_reads_back(sample) -> None:
    data = ics.export(sample, today=TODAY).encode("utf-8")
    events = parse(data)
    by_uid = {text(e, "UID"): e for e in events}
    assert len(by_uid) == len(events)  # UIDs are unique
    export = by_uid["acme-crm/data-export-k3f9@ducu"]
    assert day(export, "DTSTART") == dt.date(2026, 12, 11) and day(export, "DTEND") == dt.date(2026, 12, 12)
    assert text(export, "SUMMARY") == "CRM rollout for Acme Logistics: Acme delivers the legacy data export"
    assert "Done when: CSV of all 12,000 contacts and 3 years of deal history, validated by our import script" in text(
        export, "DESCRIPTION"
    )
    assert export["DTSTAMP"][1] == "20261127T000000Z"
    assert export["CATEGORIES"][1] == "milestone,client"
    review = by_uid["acme-crm/next-review@ducu"]
    assert day(review, "DTSTART") == dt.date(2026, 11, 27)  # next_review of the 11-20 review
    drill = by_uid["acme-crm/holiday-freeze-p7q2/drill@ducu"]
    assert day(drill, "DTSTART") == dt.date(2026, 11, 19)  # 2026-10-20 + 30 days
    chinese = by_uid["huamei-miniapp/门店数据迁移-7k2m@ducu"]
    assert text(chinese, "SUMMARY") == "会员小程序上线: 华美交付 38 家门店的会员数据导出"
    assert "huamei-miniapp/next-review@ducu" in by_uid
    assert not any("migration-freeze-8hwn" in uid for uid in by_uid)  # a closed risk has no drills
    # stable: the same plan on the same day gives the same bytes
    assert ics.export(sample, today=TODAY).encode("utf-8") == data


def test_filters(sample) -> None:
    raj = {text(e, "UID") for e in parse(ics.export(sample, person="raj", today=TODAY).encode())}
    assert "acme-crm/email-integration-9dkp@ducu" in raj  # owner
    assert "acme-crm/data-export-k3f9@ducu" in raj  # consulted
    assert "acme-crm/next-review@ducu" in raj  # attended the last review
    assert "acme-crm/holiday-freeze-p7q2/drill@ducu" in raj  # holds a step
    assert "greenleaf-portal/discovery-8bnq@ducu" not in raj
    one = {
        text(e, "UID").split("/")[0] for e in parse(ics.export(sample, project="huamei-miniapp", today=TODAY).encode())
    }
    assert one == {"huamei-miniapp"}


HOSTILE = """\
[project]
title = "Semi; colon, comma \\\\ backslash"
owner = "alice"
status = "active"

[milestones.long-one]
title = "一个很长的中文标题，用来测试按字符边界折行：数据迁移、接口联调、验收测试、上线准备、培训与交接，全部都要按时完成。😀🎉"
owner = "alice"
due = 2026-12-24
done_criteria = "Line one;\\nline two, with a comma\\r\\nand a tab\\there\\u0007bell"

[milestones.dropped]
title = "Gone"
status = "dropped"
due = 2026-12-01
"""


def test_escaping_and_folding_round_trip(tmp_path: Path) -> None:
    write_ws(tmp_path, {"projects/p.toml": HOSTILE})
    ws, findings = load_workspace(tmp_path, cache=False)
    assert findings == []
    data = ics.export(ws, today=TODAY).encode("utf-8")
    events = parse(data)
    assert [text(e, "UID") for e in events] == ["p/long-one@ducu"]  # dropped milestones are left out
    e = events[0]
    assert text(e, "SUMMARY") == "Semi; colon, comma \\ backslash: " + ws.projects["p"].milestones["long-one"].title
    assert "Done when: Line one;\nline two, with a comma\nand a tab here" + "bell" in text(e, "DESCRIPTION")
    assert any(line.startswith(b" ") for line in data.split(b"\r\n"))  # it was folded


def test_fold_never_splits_a_character() -> None:
    for prefix in ("", "x", "xy", "xyz"):
        line = "SUMMARY:" + prefix + "汉字😀" * 40
        folded = ics.fold(line).encode("utf-8")
        parts = folded.split(b"\r\n")
        assert all(len(p) <= 75 for p in parts)
        assert all(p.decode("utf-8") for p in parts)
        assert "".join(p.decode("utf-8")[1:] if n else p.decode("utf-8") for n, p in enumerate(parts)) == line
    assert ics.fold("short") == "short"
    assert ics.escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_icalendar_reads_it_too(sample) -> None:
    icalendar = pytest.importorskip("icalendar")
    cal = icalendar.Calendar.from_ical(ics.export(sample, today=TODAY))
    uids = {str(c["UID"]) for c in cal.walk("VEVENT")}
    assert "acme-crm/data-export-k3f9@ducu" in uids


def test_cli_export(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    assert main(["export", "ics", "--project", "acme-crm", "-w", str(SAMPLE)]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"BEGIN:VCALENDAR\r\n") and parse(out)
    target = tmp_path / "plan.ics"
    assert main(["export", "ics", "--person", "mei", "--out", str(target), "-w", str(SAMPLE)]) == 0
    assert parse(target.read_bytes())
    assert main(["export", "ics", "--project", "nope", "-w", str(SAMPLE)]) == 1
    assert main(["export", "ics", "--person", "nobody", "-w", str(SAMPLE)]) == 1
