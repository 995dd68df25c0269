"""The conflict resolver's field rows line up by terminal cells, Chinese ids and values too."""

from __future__ import annotations

from rich.cells import cell_len

from tui.render.conflict_text import Row, row_text
from workspace_schema.merge.resolve import FieldConflict, FileConflict


def field(index: int, item: str, ours: str, theirs: str) -> FieldConflict:
    return FieldConflict("p.toml", index, ("tasks", item), "owner", None, ours, theirs, item, "owner", "", 1)


def test_ours_and_theirs_start_at_the_same_cell_on_every_row():
    fields = (field(0, "data-export-k3f9", "raj", "bkim"), field(1, "门店数据迁移-7k2m", "王伟", "李娜"))
    fc = FileConflict("p.toml", fields, "", False, "", "mei", "")
    starts = set()
    for f in fields:
        text = row_text(fc, Row("field", 0, f.index), {}, False).plain
        starts.add((cell_len(text[: text.index(" ours ")]), cell_len(text[: text.index(" theirs ")])))
    assert len(starts) == 1, starts
