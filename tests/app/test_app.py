"""The app shell: dashboard, findings, help, palette, reload from disk."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.app import app_on, settle, sync
from tests.helpers.workspace import copy_sample
from tui.commands import entries
from tui.screens.dashboard import DashboardScreen
from tui.screens.findings import FindingsScreen
from tui.screens.help import HelpScreen, help_markdown
from tui.screens.project import ProjectScreen

SIZE = (120, 40)


async def loaded(pilot) -> None:
    await settle(pilot, 2)


def test_dashboard_dark(snap_compare) -> None:
    assert snap_compare(app_on(), terminal_size=SIZE, run_before=loaded)


def test_dashboard_light(snap_compare) -> None:
    async def light(pilot) -> None:
        pilot.app.theme = "textual-light"
        await loaded(pilot)

    assert snap_compare(app_on(), terminal_size=SIZE, run_before=light)


def test_dashboard_small_terminal(snap_compare) -> None:
    assert snap_compare(app_on(), terminal_size=(80, 24), run_before=loaded)


def test_findings_screen(snap_compare) -> None:
    async def findings(pilot) -> None:
        await loaded(pilot)
        await pilot.press("f")
        await pilot.pause()

    assert snap_compare(app_on(), terminal_size=SIZE, run_before=findings)


def test_help_screen(snap_compare) -> None:
    async def help_(pilot) -> None:
        await loaded(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app_on(), terminal_size=SIZE, run_before=help_)


@sync
async def test_dashboard_lists_projects_worst_first_and_opens_one() -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        order = [s.project_id for s in screen.shown_rows()]
        assert order[0] == "acme-crm" and set(order) == {
            "acme-crm",
            "huamei-miniapp",
            "greenleaf-portal",
            "greenleaf-intranet",
            "acme-tracking",
        }
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen) and app.screen.project_id == order[1]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


@sync
async def test_dashboard_columns_and_reasons_follow_the_terminal_size() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        table = screen.query_one("#projects")

        def check(size: tuple[int, int], headers: list[str], title: str) -> None:
            assert table.virtual_size.width <= table.scrollable_content_region.width, f"{size}: Right would scroll"
            header = table.header.plain.split("  ")
            assert [h.strip() for h in header if h.strip()] == headers, size
            assert title in table.rows[0].plain, size
            why = screen.query_one("#why").render().plain
            assert why.count("•") == len(screen.shown[0].reasons), f"{size}: a reason is missing"
            assert len(why.splitlines()) <= screen.query_one("#why").size.height, f"{size}: the panel cuts its text"

        decisions = ["Late", "Slip", "Wait"]
        check((80, 24), ["Project", "Health", "Due", *decisions, "Chk-in", "Risk"], "CRM rollout for Acme Log")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        columns = ["Project", "Health", "Done", "Next milestone", "Due", *decisions, "Chk-in", "Risk"]
        check((120, 40), columns, "CRM rollout for Acme Logistics ")  # the whole title
        widths = screen.table.widths
        await pilot.press("slash", *"green", "enter")  # a filter leaves the columns where they are
        await pilot.pause()
        assert screen.table.widths == widths


@sync
async def test_filter_and_sort() -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("slash", *"green", "enter")
        await pilot.pause()
        assert {s.project_id for s in screen.shown_rows()} == {"greenleaf-portal", "greenleaf-intranet"}
        await pilot.press("escape")
        await pilot.pause()
        assert len(screen.shown_rows()) == 5
        await pilot.press("s")  # health -> due
        dues = [s.next_milestone_due for s in screen.shown_rows()]
        dated = [d for d in dues if d is not None]
        assert dues == sorted(dated) + [None] * (len(dues) - len(dated))  # a finished project has none: last


@sync
async def test_findings_enter_jumps_to_the_item() -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FindingsScreen)
        target = next(i for i, f in enumerate(screen.shown) if f.item and "/" in f.item)
        for _ in range(target):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.project_id == screen.shown[target].item.split("/")[0]


def test_every_binding_of_ours_has_an_id_and_a_description() -> None:
    import importlib
    import inspect
    import pkgutil

    import tui

    checked = 0
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        if info.name.endswith(".__main__"):
            continue  # runs the command line
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                assert getattr(binding, "id", None), f"{cls.__name__}: {binding} has no id"
                assert binding.description, f"{cls.__name__}: {binding.key} has no description"
                checked += 1
    assert checked > 30


@sync
async def test_help_and_palette_list_the_bindings_that_apply() -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        for pushed in (None, ProjectScreen("acme-crm")):
            if pushed is not None:
                app.push_screen(pushed)
                await pilot.pause()
            screen = app.screen
            text = help_markdown(screen)
            listed = list(entries(screen))
            assert listed
            for entry in listed:
                assert entry.title in text
            titles = [c.title for c in app.get_system_commands(screen)]
            assert {e.title for e in listed} <= set(titles)


@sync
async def test_help_opens_and_closes() -> None:
    app = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)


@sync
async def test_changes_on_disk_are_picked_up(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        path = root / "projects" / "greenleaf-portal.toml"
        text = path.read_text("utf-8")
        path.write_text(text.replace('title = "', 'title = "[red]Renamed[/] ', 1), "utf-8")
        app.check_disk()
        await loaded(pilot)
        titles = [s.title for s in app.screen.summaries]
        assert any(t.startswith("[red]Renamed[/]") for t in titles)  # shown literally, not as markup


@sync
async def test_hostile_titles_show_literally(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    path = root / "projects" / "greenleaf-portal.toml"
    text = path.read_text("utf-8")
    path.write_text(text.replace('title = "', 'title = "\\u001b]52;c;ZXZpbA==\\u0007[link=x]', 1), "utf-8")
    app = app_on(root)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        row = screen.query_one("#projects").rows[[s.project_id for s in screen.shown].index("greenleaf-portal")]
        shown = row.plain.split("  ")[0].strip()
        assert shown.startswith("\ufffd]52;c;ZXZpbA==\ufffd[link=x]"[: len(shown) - 1])
        assert "\x1b" not in shown and "\x07" not in shown


def test_a_link_loop_does_not_hide_the_other_files_from_the_disk_watch(tmp_path: Path) -> None:
    from workspace_schema.rules.cache import disk_fingerprint

    (tmp_path / "projects").mkdir()
    (tmp_path / "projects" / "a.toml").write_text("x = 1\n")
    (tmp_path / "projects" / "loop.toml").symlink_to(tmp_path / "projects" / "loop.toml")
    before = disk_fingerprint(tmp_path)
    assert [name for _, name, *_ in before] == ["a.toml", "loop.toml"]
    (tmp_path / "projects" / "a.toml").write_text("x = 22\n")
    assert disk_fingerprint(tmp_path) != before
