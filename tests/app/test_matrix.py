"""The Matrix view: keys that set one RACI letter with a one-line write, and how it looks."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from tests.helpers.app import app_on, settle, sync
from tests.helpers.workspace import SAMPLE, copy_sample
from tui.commands import entries
from tui.screens.project import ProjectScreen
from tui.widgets.matrix import GUTTER, MatrixView, RaciGrid

ACME = "projects/acme-crm.toml"
EXPORT = "data-export-k3f9"  # raci: R bkim, A dgreen, C raj, I hannah
COLUMNS = ["hannah", "raj", "sofia", "tomas", "bkim", "dgreen"]


async def open_matrix(pilot, project: str = "acme-crm") -> MatrixView:
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    app.push_screen(ProjectScreen(project, tab="matrix"))
    await pilot.pause()
    await pilot.pause()
    return app.screen.query_one(MatrixView)


def diff(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def cell_text(grid: RaciGrid, item_id: str, handle: str) -> str:
    """What the grid draws in the cell of ``item_id`` x ``handle`` (the row must be on screen)."""
    index = [r.item_id for r in grid.rows].index(item_id)
    col = [c.handle for c in grid.columns].index(handle)
    label, cols = grid.geometry()
    assert col in cols, "column not on screen"
    x = GUTTER + label
    for i in cols:
        if i == col:
            break
        x += grid._widths[i] + 1
    line = grid.render_line(2 + index - grid.top).text
    return line[x + 1 : x + 1 + grid._widths[col]].strip()


async def go_to(pilot, view: MatrixView, item_id: str, handle: str) -> None:
    assert view.focus_item(item_id)
    target = [c.handle for c in view.grid.columns].index(handle)
    while view.grid.col != target:
        await pilot.press("right" if view.grid.col < target else "left")
    assert view.selected_ref() == f"acme-crm/{item_id}" and view.selected_person() == handle


# --- behaviour ---------------------------------------------------------------------------


@sync
async def test_r_then_space_then_a_each_change_only_the_intended_lines(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    original = (root / ACME).read_text("utf-8")
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_matrix(pilot)
        assert [c.handle for c in view.grid.columns] == COLUMNS
        await go_to(pilot, view, EXPORT, "tomas")
        assert cell_text(view.grid, EXPORT, "tomas") == "·"

        await pilot.press("r")
        await settle(pilot)
        after_r = (root / ACME).read_text("utf-8")
        assert diff(original, after_r) == ['-responsible = ["bkim"]', '+responsible = ["bkim", "tomas"]']
        assert cell_text(view.grid, EXPORT, "tomas") == "R"
        assert view.selected_ref() == f"acme-crm/{EXPORT}" and view.selected_person() == "tomas"  # kept over the reload

        await pilot.press("space")
        await settle(pilot)
        assert (root / ACME).read_text("utf-8") == original
        assert cell_text(view.grid, EXPORT, "tomas") == "·"

        # A for raj (consulted here) takes accountability from dgreen: one A per row.
        await go_to(pilot, view, EXPORT, "raj")
        await pilot.press("a")
        await settle(pilot)
        after_a = (root / ACME).read_text("utf-8")
        assert diff(original, after_a) == [
            '-accountable = "dgreen"',
            '-consulted = ["raj"]',
            '+accountable = "raj"',
            "+consulted = []",
        ]
        assert cell_text(view.grid, EXPORT, "raj") == "A"
        assert cell_text(view.grid, EXPORT, "dgreen") == "·"
        row = view.grid.rows[view.grid.row]
        assert [h for h, letters in row.cells.items() if "A" in letters] == ["raj"]
        # raj is on our team and the export is client-side: RACI004 marks the row and says why.
        assert EXPORT in view.grid.data.bad
        assert view.grid.render_line(2 + view.grid.row - view.grid.top).text.startswith("✗")
        detail = str(view.query_one("#matrix-detail").render())
        assert "RACI004" in detail and "not a client person" in detail


@sync
async def test_pressing_the_letter_a_cell_already_has_writes_nothing(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    original = (root / ACME).read_text("utf-8")
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_matrix(pilot)
        await go_to(pilot, view, EXPORT, "bkim")
        await pilot.press("r")
        await go_to(pilot, view, EXPORT, "sofia")
        await pilot.press("space")
        await settle(pilot)
    assert (root / ACME).read_text("utf-8") == original


@sync
async def test_v_shows_everyone_and_p_lists_the_persons_load(tmp_path: Path) -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_matrix(pilot)
        await pilot.press("v")
        handles = [c.handle for c in view.grid.columns]
        assert handles[:5] == ["hannah", "mei", "raj", "sofia", "tomas"]  # the whole team first
        assert handles[5:7] == ["bkim", "dgreen"]  # then the client
        assert set(handles) == set(app.state.ws.people)
        await pilot.press("v")
        assert [c.handle for c in view.grid.columns] == COLUMNS

        await pilot.press("p")
        await settle(pilot)  # everyone's load is counted once, in a worker
        assert view.query_one("#matrix-load").display
        assert [i.ref for i in view.load_items][:2] == ["acme-crm/dedupe-rules-j5sp", "acme-crm/readonly-account-w3nr"]
        assert "Hannah Okafor" in str(view.query_one("#matrix-load-title").render())
        await pilot.press("right")  # the list follows the column
        assert {i.project_id for i in view.load_items} >= {"acme-crm", "huamei-miniapp"}
        assert all("R" in i.letters or "A" in i.letters for i in view.load_items)
        await pilot.press("p")
        assert not view.query_one("#matrix-load").display


@sync
async def test_every_binding_has_an_id_and_a_description_and_help_explains_the_letters() -> None:
    for binding in MatrixView.BINDINGS:
        assert binding.id and binding.id.startswith("matrix.") and binding.description
    for word in ("responsible", "accountable", "consulted", "informed", "RACI001", "space", "**p**", "**v**"):
        assert word in MatrixView.HELP
    app = app_on(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_matrix(pilot)
        titles = {e.title for e in entries(app.screen)}
        assert {
            "matrix: set R",
            "matrix: set A",
            "matrix: clear",
            "matrix: person load",
            "matrix: all people",
        } <= titles


@sync
async def test_user_text_is_shown_literally(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    path = root / ACME
    path.write_text(
        path.read_text("utf-8").replace(
            'title = "Acme delivers the legacy data export"', 'title = "[red]export[/] \\u001b[31mnow"'
        ),
        "utf-8",
    )
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_matrix(pilot)
        index = [r.item_id for r in view.grid.rows].index(EXPORT)
        line = view.grid.render_line(2 + index).text
        assert "[red]export[/] \ufffd[31mnow" in line
        assert "\x1b" not in line


@sync
async def test_a_task_without_its_own_raci_row_is_marked_and_explained(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    path = root / ACME
    text = path.read_text("utf-8")
    text = re.sub(r"\[tasks\.pilot-users-h4dx\.raci\]\n(.+\n)+?\n", "", text)
    path.write_text(text, "utf-8")
    app = app_on(root)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_matrix(pilot)
        assert view.focus_item("pilot-users-h4dx")
        assert view.grid.render_line(2 + view.grid.row - view.grid.top).text.startswith("·")
        assert "covered by its milestone sales-pilot-2jvc" in str(view.query_one("#matrix-detail").render())


# --- snapshots -----------------------------------------------------------------------------


def snap_before(project: str, keys: tuple[str, ...] = (), item: str | None = None):
    async def run_before(pilot) -> None:
        view = await open_matrix(pilot, project)
        if item:
            view.focus_item(item)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)

    return run_before


def test_snapshot_acme_matrix(snap_compare) -> None:
    assert snap_compare(
        app_on(SAMPLE), terminal_size=(120, 40), run_before=snap_before("acme-crm", ("down", "down", "right"))
    )


def test_snapshot_matrix_with_a_missing_accountable(snap_compare, tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    path = root / ACME
    text = path.read_text("utf-8")
    block = '[milestones.data-export-k3f9.raci]\nresponsible = ["bkim"]\naccountable = "dgreen"\n'
    assert block in text
    path.write_text(text.replace(block, '[milestones.data-export-k3f9.raci]\nresponsible = ["bkim"]\n'), "utf-8")
    assert snap_compare(
        app_on(root), terminal_size=(120, 40), run_before=snap_before("acme-crm", ("right",) * 5, EXPORT)
    )


def test_snapshot_person_load(snap_compare) -> None:
    assert snap_compare(app_on(SAMPLE), terminal_size=(120, 40), run_before=snap_before("acme-crm", ("right", "p")))


def test_snapshot_chinese_titles_at_80x24(snap_compare) -> None:
    assert snap_compare(
        app_on(SAMPLE), terminal_size=(80, 24), run_before=snap_before("huamei-miniapp", ("down", "right", "right"))
    )


@pytest.mark.parametrize("size", [(60, 16), (200, 50)])
@sync
async def test_odd_sizes_draw_without_errors(size: tuple[int, int]) -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=size) as pilot:
        view = await open_matrix(pilot, "huamei-miniapp")
        for key in (
            "v",
            "end",
            "right",
            "right",
            "right",
            "right",
            "right",
            "right",
            "right",
            "right",
            "p",
            "pagedown",
            "home",
        ):
            await pilot.press(key)
        grid = view.grid
        for y in range(grid.size.height):
            assert grid.render_line(y).cell_length == grid.size.width
