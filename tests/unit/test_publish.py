"""ducu publish: one client's static site, nothing of any other client, nothing internal, same input same bytes."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from tests.helpers.pages import TAGS
from tests.helpers.workspace import SAMPLE, copy_sample
from tui.cli import main
from workspace_schema.core import records as R
from workspace_schema.load.loader import load_workspace
from workspace_schema.publish.folder import MARKER, PublishError, write_site
from workspace_schema.publish.site import client_projects, client_site, client_sites

TODAY = dt.date(2026, 12, 7)


def others(ws: R.Workspace, client_id: str) -> set[str]:
    """What names another client and nothing of this one: ids, names, projects' ids and titles, people."""

    def of(cid: str) -> set[str]:
        client = ws.clients[cid]
        words = {cid, client.name}
        words |= {x for pid, p in ws.projects.items() if p.client == cid for x in (pid, p.title)}
        words |= {x for h, person in ws.people.items() if person.org == cid for x in (h, person.name)}
        return {w for w in words if w}

    mine = of(client_id)  # generated names repeat: "Weyland" and "Weyland GmbH", "ERP migration for Weyland" twice
    theirs = {w for cid in ws.clients if cid != client_id for w in of(cid)}
    return {w for w in theirs if not any(w in own for own in mine)}


def leaks(files: dict[str, bytes], words: set[str]) -> list[tuple[str, str]]:
    """(file, word) for each word found whole (not inside a longer id or name) in a file."""
    if not words:
        return []
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w-])"
    )
    return [(rel, m.group(1)) for rel, data in files.items() for m in pattern.finditer(data.decode("utf-8"))]


def internal_texts(ws: R.Workspace) -> set[str]:
    """Text only the team may read: internal records and risks not shared."""
    out = set()
    for p in ws.projects.values():
        for table in (p.tasks, p.changes, p.log):
            out |= {getattr(r, "title", "") or getattr(r, "summary", "") for r in table.values() if r.internal}
        out |= {r.title for r in p.risks.values() if not r.shared}
    return {t for t in out if t}


@pytest.fixture(scope="module")
def sample() -> R.Workspace:
    ws, _ = load_workspace(SAMPLE, cache=False)
    return ws


def test_every_client_of_the_sample_sees_only_its_own_and_nothing_internal(sample: R.Workspace) -> None:
    secret = internal_texts(sample)
    assert any("CTO" in t for t in secret), "the sample has an internal note that must not leak"
    for cid in sample.clients:
        files = client_site(sample, cid, TODAY)
        assert leaks(files, others(sample, cid)) == [], cid
        assert leaks(files, secret) == [], cid
        assert all(f"{pid}/index.html" in files for pid in client_projects(sample, cid))


def test_a_generated_workspace_of_500_projects_leaks_nothing(tmp_path: Path) -> None:
    """Every id of another client (its own, its projects', its people's) and every name of it and its people:
    ids are found as whole tokens, names as text (generated project titles repeat across clients, ids do not)."""
    from benchmarks.generate import generate

    root = generate(tmp_path / "big", projects=500, items=2, seed=3)
    ws, _ = load_workspace(root, cache=False)
    assert len(ws.clients) >= 20
    sites = client_sites(ws, list(ws.clients), TODAY)
    assert sum(len(files) for files in sites.values()) > 1000
    ids = {cid: {cid} | {pid for pid, p in ws.projects.items() if p.client == cid} for cid in ws.clients}
    ids = {cid: found | {h for h, person in ws.people.items() if person.org == cid} for cid, found in ids.items()}
    names = {cid: {c.name} | {p.name for p in ws.people.values() if p.org == cid} for cid, c in ws.clients.items()}
    for cid, files in sites.items():
        text = "\n".join(data.decode("utf-8") for data in files.values())
        tokens = set(re.findall(r"[A-Za-z0-9][\w.-]*", text))
        foreign = set().union(*(ids[o] for o in ws.clients if o != cid))
        assert tokens & foreign == set(), cid
        mine = names[cid]
        for other in ws.clients:
            if other != cid:
                assert [n for n in names[other] if n in text and not any(n in m for m in mine)] == [], (cid, other)


def test_the_site_is_self_contained_and_links_inside_it(sample: R.Workspace) -> None:
    files = client_site(sample, "huamei", TODAY)
    assert set(files) == {
        "index.html",
        "huamei-miniapp/index.html",
        "huamei-miniapp/agenda.html",
        "huamei-miniapp/milestones.ics",
        "huamei-miniapp/minutes/2026-11-24-huamei-miniapp.html",
    }
    for rel, data in files.items():
        if not rel.endswith(".html"):
            continue
        text = data.decode()
        assert "<script" not in text and "http://" not in text.replace("http://www.w3.org/2000/svg", "")
        for href in re.findall(r'href="([^"]+)"', text):  # every link is a file of the site
            target = os.path.normpath(os.path.join(os.path.dirname(rel), href))
            assert target in files, (rel, href)
        tags = set(re.findall(r"<([a-z][a-z0-9]*)", text.lower()))
        assert tags <= TAGS | {"ol", "a"}, (rel, tags - TAGS)
    page = files["huamei-miniapp/index.html"].decode()
    assert 'lang="zh-Hans"' in page and "<svg" in page and "项目进展报告" in page
    ics = files["huamei-miniapp/milestones.ics"].decode()
    assert ics.startswith("BEGIN:VCALENDAR") and "drill" not in ics and "里程碑" in ics


def test_the_same_workspace_gives_the_same_bytes(sample: R.Workspace) -> None:
    assert client_site(sample, "acme", TODAY) == client_site(sample, "acme", TODAY)


def test_cli_publish_one_client_and_every_client(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCU_TODAY", TODAY.isoformat())
    ws = str(copy_sample(tmp_path))
    out = tmp_path / "site"
    assert main(["publish", "--out", str(out), "--client", "acme", "-w", ws]) == 0
    assert "acme: 2 projects" in capsys.readouterr().out
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert Path("acme-crm/index.html") in first and Path(MARKER) in first
    (out / "stale.html").write_text("left from before")
    assert main(["publish", "--out", str(out), "--client", "acme", "-w", ws]) == 0  # replaces its own folder
    again = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert again == first  # the same bytes, and nothing left from before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]  # no temporary folders left
    every = tmp_path / "all"
    assert main(["publish", "--out", str(every), "-w", ws]) == 0
    assert {p.name for p in every.iterdir() if p.is_dir()} == {"acme", "greenleaf", "huamei"}


def test_cli_publish_refuses_bad_input_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCU_TODAY", TODAY.isoformat())
    ws = str(copy_sample(tmp_path))
    assert main(["publish", "--out", str(tmp_path / "s"), "--client", "acmee", "-w", ws]) == 1
    said = capsys.readouterr().err
    assert "no client 'acmee'" in said and "did you mean acme" in said
    assert not (tmp_path / "s").exists()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    assert main(["publish", "--out", str(a_file), "--client", "acme", "-w", ws]) == 1
    assert "is a file" in capsys.readouterr().err and a_file.read_text() == "mine"
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.tex").write_text("years of work")
    assert main(["publish", "--out", str(home), "--client", "acme", "-w", ws]) == 1
    assert "did not make" in capsys.readouterr().err
    assert [p.name for p in home.iterdir()] == ["thesis.tex"]
    assert main(["publish", "--out", str(tmp_path / "s"), "-w", str(tmp_path / "nowhere")]) == 2


def test_a_project_without_a_client_is_named_not_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUCU_TODAY", TODAY.isoformat())
    root = copy_sample(tmp_path)
    plan = root / "projects" / "greenleaf-portal.toml"
    plan.write_text(plan.read_text("utf-8").replace('client = "greenleaf"', "", 1), "utf-8")
    assert main(["publish", "--out", str(tmp_path / "s"), "-w", str(root)]) == 0
    assert "not published (no client): greenleaf-portal" in capsys.readouterr().err
    assert not (tmp_path / "s" / "greenleaf" / "greenleaf-portal").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_folder_that_cannot_be_written_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(PublishError, match="cannot write"):
            write_site(locked / "site", {"index.html": b"x"})
    finally:
        locked.chmod(0o755)
