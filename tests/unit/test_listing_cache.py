"""`ducu list` from its kept listing: the same text as a fresh one, and never a stale one (views/listing_cache.py)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.helpers.workspace import REPO, copy_sample
from tui.cli import main
from workspace_schema.core import clock
from workspace_schema.load import loader
from workspace_schema.views import listing_cache

OPTIONS = repr((None, None, None, False, "text", False))
TITLE = "Requirements signed off by Acme"  # acme-crm's first milestone
LATER = 10_000_000_000  # 10 s: long after the files were written, the key's files are older than the racy margin


def listed(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["list", *args]) == 0
    return capsys.readouterr().out


def fresh(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    """The listing made from the files, the kept one not looked at."""
    with monkeypatch.context() as m:
        m.setattr(listing_cache, "_kept", lambda path, key, now: None)
        return listed(capsys, *args)


def no_load(*args: object, **kwargs: object) -> None:
    raise AssertionError("loaded the workspace: the kept listing was not used")


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample, outside git (so kept in the test's cache folder), the racy margin 0 for the CLI."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("DUCU_TODAY", "2026-11-27")
    monkeypatch.setattr(listing_cache, "RACY_NS", 0)
    return copy_sample(tmp_path)


def test_the_second_listing_is_the_kept_one_and_the_same(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = listed(capsys, "-w", str(ws))
    monkeypatch.setattr(loader, "load_workspace", no_load)
    assert listed(capsys, "-w", str(ws)) == first
    monkeypatch.chdir(ws / "projects")  # found from the current folder as well
    assert listed(capsys) == first


@pytest.mark.parametrize(
    "args",
    [
        ("--overdue",),
        ("--owner", "lina"),
        ("--side", "client", "--format", "csv"),
        ("--format", "csv", "--bom"),
        ("--format", "json"),
        ("--project", "acme-crm"),
    ],
)
def test_each_set_of_options_has_its_own_listing(
    ws: Path, args: tuple[str, ...], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = listed(capsys, "-w", str(ws))
    narrowed = listed(capsys, "-w", str(ws), *args)
    assert narrowed != everything and narrowed == fresh(capsys, monkeypatch, "-w", str(ws), *args)
    monkeypatch.setattr(loader, "load_workspace", no_load)
    assert listed(capsys, "-w", str(ws), *args) == narrowed


def test_an_edit_a_new_file_and_a_removed_one_are_listed_at_once(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed(capsys, "-w", str(ws))
    path = ws / "projects" / "acme-crm.toml"
    text = path.read_text("utf-8")
    path.write_text(text.replace(TITLE, "Renamed by hand", 1), "utf-8")
    assert "Renamed by hand" in listed(capsys, "-w", str(ws))
    (ws / "projects" / "copy-crm.toml").write_text(text, "utf-8")
    assert "copy-crm" in listed(capsys, "-w", str(ws))
    path.unlink()
    assert "acme-crm" not in listed(capsys, "-w", str(ws))


def test_an_edit_of_the_same_size_in_the_same_second_is_not_missed(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit keeps size, inode and mtime (a coarse clock's tick): only the racy rule tells it apart."""
    monkeypatch.setattr(listing_cache, "RACY_NS", 3_000_000_000)
    path = ws / "projects" / "acme-crm.toml"
    before = listed(capsys, "-w", str(ws))
    st = path.stat()
    text = path.read_text("utf-8")
    with path.open("r+", encoding="utf-8") as f:  # in place: the same inode
        f.write(text.replace(TITLE, TITLE[::-1], 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_ino, path.stat().st_mtime_ns) == (
        st.st_size,
        st.st_ino,
        st.st_mtime_ns,
    )
    after = listed(capsys, "-w", str(ws))
    assert TITLE[::-1] in after and TITLE not in after and TITLE in before


def test_a_file_changed_within_the_racy_margin_is_not_trusted(ws: Path) -> None:
    root = ws.absolute()
    now = time.time_ns()
    with pytest.MonkeyPatch.context() as m:
        m.setattr(listing_cache, "RACY_NS", 3_000_000_000)
        assert listing_cache.lookup(root, OPTIONS, now=now).key is None  # the files were written just now
        assert listing_cache.lookup(root, OPTIONS, now=now + LATER).key is not None


def test_a_new_day_makes_a_new_listing(
    ws: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    on_27 = listed(capsys, "-w", str(ws), "--overdue")
    monkeypatch.setenv("DUCU_TODAY", "2026-11-28")
    on_28 = listed(capsys, "-w", str(ws), "--overdue")
    assert on_28 != on_27 and on_28 == fresh(capsys, monkeypatch, "-w", str(ws), "--overdue")


def test_a_listing_made_by_the_system_clock_lasts_until_midnight_in_the_workspace_timezone(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DUCU_TODAY")
    root = ws.absolute()
    kept = listing_cache.lookup(root, OPTIONS)
    zone = "Asia/Shanghai"
    today = clock.today(zone)
    kept.save("the listing\n", today, zone)
    _, midnight = clock.day_bounds(today, zone) or (0, 0)
    assert dt.datetime.fromtimestamp(midnight // 10**9, ZoneInfo(zone)).time() == dt.time()
    assert listing_cache.lookup(root, OPTIONS, now=midnight - 1).text == "the listing\n"
    assert listing_cache.lookup(root, OPTIONS, now=midnight).text is None
    assert listing_cache.lookup(root, OPTIONS, now=kept.stamp - 1).text is None  # the clock was set back
    kept.save("yesterday's\n", today - dt.timedelta(days=1), zone)  # made for a day that is over: not kept
    assert listing_cache.lookup(root, OPTIONS, now=midnight - 1).text == "the listing\n"


def test_no_listing_is_kept_over_a_change_of_offset() -> None:
    spring = dt.date(2026, 3, 29)  # Berlin goes from +01:00 to +02:00 at 02:00
    early = clock.day_bounds(spring, "Europe/Berlin", lambda: dt.datetime(2026, 3, 29, 0, 30, tzinfo=clock.UTC))
    late = clock.day_bounds(spring, "Europe/Berlin", lambda: dt.datetime(2026, 3, 29, 3, tzinfo=clock.UTC))
    assert early is None and late is not None
    assert clock.day_bounds(spring, "Europe/Berlin", clock.frozen(spring + dt.timedelta(days=1))) is None


def test_other_inputs_of_the_key(ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = ws.absolute()
    listing_cache.lookup(root, OPTIONS).save("lone \ud800 and escaped \udcff 中\n", dt.date(2026, 11, 27), "UTC")
    assert listing_cache.lookup(root, OPTIONS).text == "lone \ud800 and escaped \udcff 中\n"  # kept as it was
    listing_cache.lookup(root, OPTIONS).save("kept\n", dt.date(2026, 11, 27), "UTC")
    assert listing_cache.lookup(root, OPTIONS).text == "kept\n"
    assert listing_cache.lookup(root, repr((None, None, None, True, "text", False))).text is None
    (ws / "people.toml").write_text((ws / "people.toml").read_text("utf-8") + "\n", "utf-8")
    assert listing_cache.lookup(root, OPTIONS).text is None
    kept = listing_cache.lookup(root, OPTIONS)
    kept.save("kept\n", dt.date(2026, 11, 27), "UTC")
    code = tmp_path / "code"  # the library's code, as far as the key knows it
    for package in listing_cache.CODE:
        (code / package).mkdir(parents=True)
        (code / package / "m.py").write_text("x = 1\n")
    monkeypatch.setattr(listing_cache, "_LIBRARY", str(code))
    listing_cache.lookup(root, OPTIONS).save("kept\n", dt.date(2026, 11, 27), "UTC")
    assert listing_cache.lookup(root, OPTIONS).text == "kept\n"
    (code / "views" / "m.py").write_text("x = 22\n")
    assert listing_cache.lookup(root, OPTIONS).text is None


def test_a_stopped_merge_or_a_damaged_cache_means_a_fresh_listing(ws: Path, tmp_path: Path) -> None:
    root = ws.absolute()
    kept = listing_cache.lookup(root, OPTIONS)
    kept.save("kept\n", dt.date(2026, 11, 27), "UTC")
    assert kept.path is not None
    data = kept.path.read_bytes()
    for damaged in (b"", data[:20], b"ducu-listing 1\nx y z\n3\nabc", data.replace(b"\n", b" ", 2), b"\xff" * 50):
        kept.path.write_bytes(damaged)
        assert listing_cache.lookup(root, OPTIONS).text is None
    subprocess.run(["git", "init", "-q", str(ws)], check=True)  # the listing now lives in the clone's git dir
    kept = listing_cache.lookup(root, OPTIONS)
    kept.save("kept\n", dt.date(2026, 11, 27), "UTC")
    assert listing_cache.lookup(root, OPTIONS).text == "kept\n"
    (ws / ".git" / "ducu" / "merge-writing.json").write_text("{}")
    assert listing_cache.lookup(root, OPTIONS).text is None


def test_a_kept_listing_imports_neither_msgspec_nor_the_loader(ws: Path) -> None:
    code = (
        "import sys; from tui.cli import main; from workspace_schema.views import listing_cache\n"
        "listing_cache.RACY_NS = 0\n"
        f"main(['list', '-w', {str(ws)!r}])\n"
        "print('LOADED', ','.join(m for m in ('msgspec', 'rtoml', 'workspace_schema.load.loader') if m in sys.modules), file=sys.stderr)\n"
    )
    for loaded in ("msgspec,rtoml,workspace_schema.load.loader", ""):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
        assert proc.stderr.splitlines()[-1] == f"LOADED {loaded}"
