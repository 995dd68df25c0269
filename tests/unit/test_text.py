"""User text on screen: literal, one line, cut to the cells it may use."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.render.text import clean, fit, pad


def test_controls_and_markup_stay_literal() -> None:
    assert clean("[red]x[/]\x1b]52;c;ZXZpbA==\x07\u202e\nnext") == "[red]x[/]\ufffd]52;c;ZXZpbA==\ufffd\ufffd next"


@given(st.text(max_size=40), st.integers(min_value=-3, max_value=30))
def test_fit_and_pad_never_exceed_the_width(value: str, width: int) -> None:
    assert cell_len(fit(value, width)) <= max(width, 0)
    assert cell_len(pad(value, width)) == max(width, 0)


def test_double_width_titles_are_cut_on_cells() -> None:
    assert fit("门店数据迁移", 7) == "门店数…"
    assert pad("门店", 6) == "门店  "
