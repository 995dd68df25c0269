"""The screen behind a dialog (tui/screens/dimmed.py): the same cells as Textual's BackgroundScreen draws."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen

from tui.screens.dimmed import DimmedScreen, dimmed

colours = st.one_of(st.none(), st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)))


@st.composite
def segments(draw: st.DrawFn) -> Segment:
    if draw(st.booleans()) and draw(st.booleans()):
        return Segment("", None, [(1, 0)])  # a control segment (a cursor move) passes as it is
    fore, back = draw(colours), draw(colours)
    style = draw(
        st.one_of(
            st.none(),
            st.builds(
                Style,
                color=st.just(f"rgb{fore}" if fore else None),
                bgcolor=st.just(f"rgb{back}" if back else None),
                bold=st.booleans(),
                link=st.sampled_from([None, "https://example.com"]),
            ),
        )
    )
    return Segment(draw(st.text(max_size=3)), style)


@given(st.lists(segments(), max_size=20), st.integers(0, 255), st.floats(0, 1))
def test_the_same_segments_as_textuals_background(line: list[Segment], grey: int, alpha: float) -> None:
    tint = Color(grey, grey, grey, alpha)
    textual = list(BackgroundScreen.process_segments(line, tint))
    ours = list(DimmedScreen.process_segments(line, tint))
    assert ours == textual
    assert [s.style.link if s.style else None for s in ours if not s.control] == [None] * len(
        [s for s in ours if not s.control]
    )


def test_only_textuals_own_background_is_replaced() -> None:
    class Other(BackgroundScreen):
        pass

    textual = BackgroundScreen(None, Color(0, 0, 0, 0.5))  # type: ignore[arg-type]
    assert isinstance(dimmed(textual), DimmedScreen)
    other = Other(None, Color(0, 0, 0, 0.5))  # type: ignore[arg-type]
    assert dimmed(other) is other
    assert dimmed("text") == "text"
