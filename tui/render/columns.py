"""Which columns of a table fit a terminal's width, and how wide each is: a pure layout plan.

A table names its columns and a ladder of steps to take, in order, while its
columns at their least comfortable widths do not fit: drop a lower-value
column, or draw one in its short form. Columns the ladder never names (the
decision columns) always stay. What is left over goes to the text columns
(titles) by their shares, each up to its cap and its longest value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    cells: int  # its width; a text column's least comfortable width
    short_header: str = ""  # the short form's header ("" = the same)
    short_cells: int = 0  # its width in the short form (0: it has none)
    grow: float = 0.0  # a text column's share of the spare cells (0: a fixed column)
    most: int = 0  # a text column grows no wider (0: no limit)


@dataclass(frozen=True)
class Placed:
    """A column in a plan: its header and width as drawn, and whether it is in its short form."""

    key: str
    header: str
    cells: int
    short: bool = False


@dataclass(frozen=True)
class Step:
    action: str  # "drop" or "short"
    key: str


def drop(key: str) -> Step:
    return Step("drop", key)


def short(key: str) -> Step:
    return Step("short", key)


def line_cells(widths: Sequence[int], gap: int, lead: int) -> int:
    """Cells of a line of columns ``widths`` wide, ``gap`` between them, ``lead`` before the first."""
    return lead + sum(widths) + gap * max(len(widths) - 1, 0)


def plan(
    columns: Sequence[Column],
    width: int,
    steps: Sequence[Step],
    *,
    gap: int = 2,
    lead: int = 0,
    natural: Mapping[str, int] | None = None,
) -> tuple[Placed, ...]:
    """The columns to draw in a line of ``width`` cells, each with its width.

    ``natural`` is the longest value of a text column (its key to cells):
    a column never grows past it, and its least width is no more than it
    (nor less than its header). The steps are taken one by one until the
    columns fit; if they still do not, the text columns shrink to their
    headers, and the line is as wide as that makes it.
    """
    natural = natural or {}
    dropped: set[str] = set()
    shortened: set[str] = set()

    def placed() -> list[Placed]:
        out = []
        for c in columns:
            if c.key in dropped:
                continue
            is_short = c.key in shortened and c.short_cells > 0
            header = (c.short_header or c.header) if is_short else c.header
            cells = c.short_cells if is_short else c.cells
            if c.grow and c.key in natural:
                cells = min(cells, natural[c.key])
            out.append(Placed(c.key, header, max(cells, cell_len(header)), is_short))
        return out

    cols = placed()
    for step in steps:
        if line_cells([p.cells for p in cols], gap, lead) <= width:
            break
        (dropped if step.action == "drop" else shortened).add(step.key)
        cols = placed()
    by_key = {c.key: c for c in columns}
    spare = width - line_cells([p.cells for p in cols], gap, lead)
    widths = {p.key: p.cells for p in cols}
    if spare < 0:  # even the decision columns do not fit: the titles give way, down to their headers
        for p in cols:
            if by_key[p.key].grow and spare < 0:
                give = min(-spare, p.cells - cell_len(p.header))
                widths[p.key] -= give
                spare += give
    room = {}
    for p in cols:
        c = by_key[p.key]
        if c.grow:
            most = min(c.most or width, natural.get(c.key, width))
            room[p.key] = max(most - widths[p.key], 0)
    while spare > 0 and any(room.values()):
        growing = [k for k, r in room.items() if r > 0]
        total = sum(by_key[k].grow for k in growing)
        given = 0
        for k in growing:
            share = max(int(spare * by_key[k].grow / total), 1)
            share = min(share, room[k], spare - given)
            widths[k] += share
            room[k] -= share
            given += share
        spare -= given
        if not given:
            break
    return tuple(Placed(p.key, p.header, widths[p.key], p.short) for p in cols)
