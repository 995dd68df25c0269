"""The "Who are you?" picker lines up its columns by terminal cells, Chinese names too."""

from __future__ import annotations

from rich.cells import cell_len

from tests.helpers.workspace import SAMPLE
from tui.screens.identity import IdentityScreen
from workspace_schema.git.identity import IdentityResult
from workspace_schema.load.loader import load_workspace


def test_the_org_column_starts_at_one_cell_for_every_person():
    ws, _ = load_workspace(SAMPLE, cache=False)
    screen = IdentityScreen(ws, IdentityResult(name="Mei", email="mei@example.com", handle=None))
    starts = {}
    options = screen.options()
    for handle, option in zip(screen.handles, options, strict=True):
        text = option.prompt.plain
        org = ws.people[handle].org or ""
        assert org, handle
        starts[handle] = cell_len(text[: text.rindex(org[:4])])
    assert any(cell_len(ws.people[h].name or "") != len(ws.people[h].name or "") for h in starts)  # a CJK name
    assert len(set(starts.values())) == 1, starts
