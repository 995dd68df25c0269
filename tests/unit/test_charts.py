"""SVG charts for the client (workspace_schema.export.charts): golden files, structure, hostile text, linear axes.

Update the golden files after a deliberate change with
``DUCU_UPDATE_GOLDEN=1 python -m pytest tests/unit/test_charts.py`` and review the diff
(``rsvg-convert file.svg -o file.png`` to look at one).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.helpers.golden import golden
from tests.helpers.workspace import SAMPLE, write_ws
from workspace_schema.core.catalogue import language_of, say
from workspace_schema.core.records import Goal, Milestone, Project, Settings, Workspace
from workspace_schema.export.charts import svg
from workspace_schema.export.charts.goals import goal_bar_svg
from workspace_schema.export.charts.sparkline import sparkline_svg
from workspace_schema.export.charts.timeline import timeline_svg
from workspace_schema.export.charts.trend import trend_svg
from workspace_schema.load.loader import load_workspace
from workspace_schema.views.nudges import is_client_item

TODAY = dt.date(2026, 12, 7)
NS = {"s": "http://www.w3.org/2000/svg"}
D = dt.date

# A made-up history for the acme-crm milestones: uneven report dates, slips, a milestone added late.
TREND_POINTS: list[tuple[dt.date, dict[str, dt.date]]] = [
    (D(2026, 9, 1), {"requirements-signoff-a4tq": D(2026, 9, 25), "data-export-k3f9": D(2026, 12, 4)}),
    (
        D(2026, 9, 4),
        {
            "requirements-signoff-a4tq": D(2026, 9, 25),
            "data-export-k3f9": D(2026, 12, 4),
            "email-integration-9dkp": D(2026, 12, 4),
        },
    ),
    (
        D(2026, 10, 16),
        {
            "requirements-signoff-a4tq": D(2026, 9, 25),
            "data-export-k3f9": D(2026, 12, 11),
            "email-integration-9dkp": D(2026, 12, 4),
            "go-live-5mfe": D(2027, 3, 19),
        },
    ),
    (
        D(2026, 11, 24),
        {
            "requirements-signoff-a4tq": D(2026, 9, 25),
            "data-export-k3f9": D(2026, 12, 11),
            "email-integration-9dkp": D(2026, 12, 18),
            "go-live-5mfe": D(2027, 3, 19),
        },
    ),
]

HOSTILE_TITLES = {
    "script-a1b2": "<script>alert(1)</script> & </svg> \"double\" 'single'",
    "long-c3d4": "x" * 500,
    "ctrl-e5f6": "bell\u0007 esc\u001b[31m red\u009b rtl\u202e end \ufffe",
    "chinese-g7h8": "华美提交微信小程序认证与类目审核材料，" * 10,
}


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert float(root.get("width", "0")) > 0 and float(root.get("height", "0")) > 0
    assert (root.findtext("s:title", namespaces=NS) or "").strip()
    assert "Noto Sans CJK SC" in root.get("font-family", "")
    assert "<script" not in text.lower() and "href" not in text and "@import" not in text
    return root


def group(root: ET.Element, mid: str) -> ET.Element:
    found = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("id") == f"m-{mid}"]
    assert len(found) == 1, mid
    return found[0]


def ghosts(root: ET.Element) -> set[str]:
    """The ids of the milestones drawn with a baseline ghost."""
    out = set()
    for g in root.iter("{http://www.w3.org/2000/svg}g"):
        if any(p.get("data-ghost") for p in g.iter("{http://www.w3.org/2000/svg}path")):
            out.add((g.get("id") or "").removeprefix("m-"))
    return out


@pytest.fixture(scope="module")
def sample() -> Workspace:
    ws, findings = load_workspace(SAMPLE, cache=False)
    assert findings == []
    return ws


@pytest.fixture
def hostile(tmp_path: Path) -> Workspace:
    body = '[project]\ntitle = "Evil <b>&</b>"\nclient = "acme"\nowner = "alice"\nstart = 2026-10-01\n'
    for n, (mid, title) in enumerate(HOSTILE_TITLES.items()):
        escaped = title.encode("unicode_escape").decode("ascii").replace('"', '\\"')
        body += f'\n[milestones.{mid}]\ntitle = "{escaped}"\nowner = "alice"\ndue = 2026-12-{10 + n}\n'
    write_ws(tmp_path, {"projects/evil.toml": body})
    ws, _ = load_workspace(tmp_path, cache=False)
    assert set(ws.projects["evil"].milestones) == set(HOSTILE_TITLES)
    return ws


# --- timeline ---------------------------------------------------------------------------


@pytest.mark.parametrize("project_id", ["acme-crm", "greenleaf-intranet", "greenleaf-portal", "huamei-miniapp"])
def test_timeline_golden_and_structure(sample: Workspace, project_id: str) -> None:
    project = sample.projects[project_id]
    lang = language_of(sample, project)
    text = timeline_svg(sample, project_id, TODAY, lang)
    golden(f"charts/timeline-{project_id}.svg", text)
    assert timeline_svg(sample, project_id, TODAY, lang) == text  # deterministic
    root = parse(text)
    ids = [(g.get("id") or "")[2:] for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("id")]
    assert ids == list(project.milestones)  # one row each, in file order
    for mid, m in project.milestones.items():
        g = group(root, mid)
        assert g.get("data-due") == (m.due.isoformat() if m.due else None)
        assert (g.get("data-client") == "true") == is_client_item(sample, m)
        if m.status == "done":
            assert g.get("data-state") == "done"
        elif m.status != "dropped" and m.due is not None and m.due < TODAY:
            assert g.get("data-state") == "late"
    differs = {mid for mid, m in project.milestones.items() if m.baseline_due and m.due and m.baseline_due != m.due}
    assert ghosts(root) == differs
    assert any(line.get("data-today") == TODAY.isoformat() for line in root.iter("{http://www.w3.org/2000/svg}line"))


def test_timeline_has_ghosts_and_client_items_in_the_sample(sample: Workspace) -> None:
    root = parse(timeline_svg(sample, "acme-crm", TODAY, "en"))
    assert ghosts(root) == {"data-export-k3f9", "email-integration-9dkp"}
    assert group(root, "data-export-k3f9").get("data-client") == "true"
    assert group(root, "data-export-k3f9").get("data-baseline") == "2026-12-04"


def test_timeline_words_come_from_the_catalogue(sample: Workspace) -> None:
    zh = timeline_svg(sample, "huamei-miniapp", TODAY, "zh")
    en = timeline_svg(sample, "huamei-miniapp", TODAY, "en", client_view=False)
    for key in ("chart.today", "chart.agreed", "chart.done", "chart.late"):
        assert f">{say('zh', key)}<" in zh
        assert f">{say('en', key)}<" in en
    assert f">{say('zh', 'chart.yours')}<" in zh and f">{say('en', 'chart.client')}<" in en
    assert "会员小程序上线" in zh  # the project's title in the <title>


def test_timeline_month_ticks_are_numeric_and_the_axis_is_linear(sample: Workspace) -> None:
    root = parse(timeline_svg(sample, "acme-crm", TODAY, "en"))
    labels = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "2026-10" in labels and "2026-12" in labels
    xs = {}
    for mid in ("requirements-signoff-a4tq", "crm-config-h8rw", "go-live-5mfe"):
        path = next(p for p in group(root, mid).iter("{http://www.w3.org/2000/svg}path") if not p.get("data-ghost"))
        xs[mid] = float((path.get("d") or "")[1:].split(" ")[0])
    m = sample.projects["acme-crm"].milestones
    a, b, c = (m[k].due for k in ("requirements-signoff-a4tq", "crm-config-h8rw", "go-live-5mfe"))
    assert a and b and c
    ratio = (xs["go-live-5mfe"] - xs["requirements-signoff-a4tq"]) / (
        xs["crm-config-h8rw"] - xs["requirements-signoff-a4tq"]
    )
    assert ratio == pytest.approx((c - a).days / (b - a).days, rel=0.01)


def test_timeline_hostile_titles_are_escaped_and_cut(hostile: Workspace) -> None:
    text = timeline_svg(hostile, "evil", TODAY, "en", client_view=False)
    golden("charts/timeline-hostile.svg", text)
    root = parse(text)
    assert "<script>" not in text and "</svg> " not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in text
    for ch in ("\u0007", "\u001b", "\u009b", "\u202e", "\ufffe"):
        assert ch not in text
    labels = {}
    for mid in HOSTILE_TITLES:
        g = group(root, mid)
        label = next(t for t in g.iter("{http://www.w3.org/2000/svg}text"))
        labels[mid] = label.text or ""
    assert labels["long-c3d4"].endswith("…") and len(labels["long-c3d4"]) < 60
    assert labels["chinese-g7h8"].endswith("…") and len(labels["chinese-g7h8"]) < 30
    assert labels["ctrl-e5f6"].startswith("bell esc [31m red rtl end")
    assert labels["script-a1b2"].startswith("<script>alert(1)</script> &")  # literal text after parsing


def test_timeline_accepted_milestones_get_a_check(sample: Workspace) -> None:
    project = sample.projects["acme-crm"]
    done = next(mid for mid, m in project.milestones.items() if m.status == "done")

    class Accepted(Milestone, frozen=True, kw_only=True):  # what the field looks like once Milestone has it
        accepted_on: dt.date | None = None

    old = project.milestones[done]
    fields = {
        f: getattr(old, f) for f in old.__struct_fields__ if f != "accepted_on"
    }  # whether Milestone has it yet or not
    milestones = dict(project.milestones)
    milestones[done] = Accepted(**fields, accepted_on=D(2026, 10, 2))
    ws = Workspace(
        root=sample.root,
        settings=sample.settings,
        people=sample.people,
        clients=sample.clients,
        projects={"acme-crm": Project(id="acme-crm", title=project.title, milestones=milestones)},
    )
    root = parse(timeline_svg(ws, "acme-crm", TODAY, "en"))
    assert group(root, done).get("data-accepted") == "2026-10-02"
    for mid, m in project.milestones.items():
        if mid != done:
            accepted = getattr(m, "accepted_on", None)
            assert group(root, mid).get("data-accepted") == (accepted.isoformat() if accepted else None)


def test_timeline_of_two_thousand_milestones_is_fast() -> None:
    start = D(2026, 1, 5)
    milestones = {
        f"m{n:04d}": Milestone(
            id=f"m{n:04d}",
            title=f"Milestone {n} " + "word " * (n % 12),
            side="client" if n % 5 == 0 else "team",
            status="done" if n % 7 == 0 else "todo",
            start=start + dt.timedelta(days=n % 300),
            due=start + dt.timedelta(days=n % 300 + 20),
            baseline_due=start + dt.timedelta(days=n % 300 + 20 - n % 3),
            done_on=start + dt.timedelta(days=n % 300 + 18) if n % 7 == 0 else None,
        )
        for n in range(2000)
    }
    ws = Workspace(root="/nowhere", settings=Settings(), projects={"big": Project(id="big", milestones=milestones)})
    began = time.process_time()  # CPU time: a busy machine (the suite runs in parallel) does not count
    text = timeline_svg(ws, "big", TODAY, "en")
    took = time.process_time() - began
    assert took < 0.5, f"{took:.2f} s"
    root = ET.fromstring(text)
    assert len([g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("id")]) == 2000


def test_timeline_without_milestones_or_dates(tmp_path: Path) -> None:
    write_ws(
        tmp_path, {"projects/empty.toml": '[project]\ntitle = "Empty"\n\n[milestones.nodate-a1b2]\ntitle = "Later"\n'}
    )
    ws, _ = load_workspace(tmp_path, cache=False)
    root = parse(timeline_svg(ws, "empty", TODAY, "zh"))
    assert group(root, "nodate-a1b2").get("data-due") is None
    assert say("zh", "chart.no_date") in ET.tostring(root, encoding="unicode")


# --- trend --------------------------------------------------------------------------------


def circles(root: ET.Element, mid: str) -> list[ET.Element]:
    series = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-milestone") == mid]
    assert len(series) == 1, mid
    return list(series[0].iter("{http://www.w3.org/2000/svg}circle"))


def test_trend_golden_and_linear_axes(sample: Workspace) -> None:
    titles = {mid: m.title for mid, m in sample.projects["acme-crm"].milestones.items()}
    text = trend_svg(TREND_POINTS, titles, TODAY, "en")
    golden("charts/trend-acme-crm.svg", text)
    assert trend_svg(TREND_POINTS, titles, TODAY, "en") == text
    root = parse(text)
    dots = circles(root, "data-export-k3f9")
    assert [c.get("data-day") for c in dots] == [day.isoformat() for day, _ in TREND_POINTS]
    x = [float(c.get("cx") or 0) for c in dots]
    days = [day for day, _ in TREND_POINTS]
    # Report dates 3 and 42 days apart stand 3 : 42 apart.
    assert (x[2] - x[1]) / (x[1] - x[0]) == pytest.approx((days[2] - days[1]).days / (days[1] - days[0]).days, rel=0.02)
    # The y axis is linear too: a 7-day slip is 7 days' worth of pixels.
    y = [float(c.get("cy") or 0) for c in dots]
    email = [float(c.get("cy") or 0) for c in circles(root, "email-integration-9dkp")]
    assert (y[1] - y[2]) / (email[1] - email[2]) == pytest.approx(7 / 14, rel=0.02)
    for mid, due in TREND_POINTS[-1][1].items():
        last = circles(root, mid)[-1]
        assert last.get("data-due") == due.isoformat()
        series = next(g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-milestone") == mid)
        assert series.get("data-last") == due.isoformat()
    assert titles["data-export-k3f9"] in text
    assert say("en", "chart.today") in text and say("en", "chart.report_date") in text


def test_trend_chinese_and_the_sample_current_dates(sample: Workspace) -> None:
    project = sample.projects["huamei-miniapp"]
    points = [
        (D(2026, 9, 14), {mid: m.baseline_due for mid, m in project.milestones.items() if m.baseline_due}),
        (D(2026, 11, 24), {mid: m.due for mid, m in project.milestones.items() if m.due}),
    ]
    text = trend_svg(points, {mid: m.title for mid, m in project.milestones.items()}, TODAY, "zh")  # type: ignore[arg-type]
    golden("charts/trend-huamei-miniapp.svg", text)
    root = parse(text)
    for mid, m in project.milestones.items():
        if m.due:
            assert circles(root, mid)[-1].get("data-due") == m.due.isoformat()
    assert say("zh", "chart.forecast_date") in text


@pytest.mark.parametrize(
    "points", [[], [(D(2026, 11, 1), {"a": D(2026, 12, 1)})], [(D(2026, 11, 1), {}), (D(2026, 11, 2), {})]]
)
def test_trend_without_two_points_says_so(points: list[tuple[dt.date, dict[str, dt.date]]]) -> None:
    for lang in ("en", "zh"):
        text = trend_svg(points, {}, TODAY, lang)  # type: ignore[arg-type]
        root = parse(text)
        assert root.findtext("s:title", namespaces=NS) == say(lang, "chart.no_trend")  # type: ignore[arg-type]


def test_trend_hostile_titles_are_escaped() -> None:
    points = [
        (D(2026, 11, 1), dict.fromkeys(HOSTILE_TITLES, D(2026, 12, 1))),
        (D(2026, 11, 8), dict.fromkeys(HOSTILE_TITLES, D(2026, 12, 8))),
    ]
    text = trend_svg(points, HOSTILE_TITLES, TODAY, "en")
    parse(text)
    assert "<script>" not in text and "\u001b" not in text and "x" * 250 not in text  # tooltips are cut too


# --- goals --------------------------------------------------------------------------------


def bar(root: ET.Element) -> tuple[float, float]:
    rects = list(root.iter("{http://www.w3.org/2000/svg}rect"))
    fill = next(r for r in rects if r.get("data-part") == "fill")
    return float(fill.get("width") or 0), float(rects[0].get("width") or 0)


def test_goal_exceeded_shows_both_numbers_and_a_full_bar() -> None:
    goal = Goal(
        id="staff-a1b2",
        title="Staff on the intranet",
        metric="staff",
        unit="staff",
        start_value=0,
        target=150,
        current=162,
    )
    for lang in ("en", "zh"):
        text = goal_bar_svg(goal, lang)  # type: ignore[arg-type]
        root = parse(text)
        assert "162 / 150 staff" in text
        assert say(lang, "chart.goal_exceeded") in text  # type: ignore[arg-type]
        filled, track = bar(root)
        assert filled == track


def test_goal_part_way_and_going_down() -> None:
    goal = Goal(id="p90", unit="ms", start_value=3200, target=1500, current=1900)
    text = goal_bar_svg(goal, "en")
    filled, track = bar(parse(text))
    assert filled / track == pytest.approx(1300 / 1700, abs=0.01)
    assert "1,900 / 1,500 ms" in text and say("en", "chart.goal_exceeded") not in text


@pytest.mark.parametrize(
    "goal",
    [Goal(id="g"), Goal(id="g", target=10), Goal(id="g", current=3), Goal(id="g", current=float("nan"), target=10)],
)
def test_goal_without_numbers_says_no_measure(goal: Goal) -> None:
    text = goal_bar_svg(goal, "zh")
    parse(text)
    assert say("zh", "chart.goal_no_measure") in text


def test_goal_golden_for_the_sample(sample: Workspace) -> None:
    out = []
    for project_id, project in sample.projects.items():
        lang = language_of(sample, project)
        out += [f"<!-- {project_id}/{gid} -->\n{goal_bar_svg(goal, lang)}" for gid, goal in project.goals.items()]
    for text in out:
        parse(text.split("\n", 1)[1])
    golden("charts/goals-sample.txt", "".join(out))


# --- the writer and a real renderer ----------------------------------------------------------


def test_svg_writer_escapes_rounds_and_cuts() -> None:
    assert svg.text("<a href='x'>&\"") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;"
    assert svg.num(1.04) == "1" and svg.num(-0.04) == "0" and svg.num(2.25) in ("2.2", "2.3") and svg.num(10.0) == "10"
    assert (
        svg.el("rect", x=1.04, data_due="2026-12-01", class_="a", skip=None)
        == '<rect x="1" data-due="2026-12-01" class="a"/>'
    )
    assert svg.cut("abc", 100, 12) == "abc"
    cut = svg.cut("中" * 50, 120, 12)
    assert cut.endswith("…") and svg.text_width(cut, 12) <= 120


def _browser() -> str | None:
    return next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)


def test_charts_render_in_a_headless_browser(sample: Workspace, tmp_path: Path) -> None:
    browser = _browser()
    if browser is None:
        pytest.skip("no chromium, chromium-browser or google-chrome on PATH to render the SVGs with")
    project = sample.projects["huamei-miniapp"]
    goal = next(iter(project.goals.values()))
    body = "".join(
        f"<figure>{chart}</figure>"
        for chart in (
            timeline_svg(sample, "huamei-miniapp", TODAY, "zh"),
            trend_svg(TREND_POINTS, {}, TODAY, "zh"),
            goal_bar_svg(goal, "zh"),
            sparkline_svg([4, 3, 5], "进度", "zh"),
        )
    )
    page = tmp_path / "charts.html"
    page.write_text(
        f'<!doctype html><html lang="zh"><meta charset="utf-8"><body>{body}</body></html>', encoding="utf-8"
    )
    png = tmp_path / "charts.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--screenshot={png}",
            "--window-size=1000,900",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert png.exists() and png.stat().st_size > 1000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
