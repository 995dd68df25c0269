"""What a dialog draws behind itself: the screen under it, dimmed, as Textual draws it, with each style's tint worked out once.

Textual's ModalScreen draws the screen beneath through BackgroundScreen,
which blends every segment's colours with the dialog's translucent
background anew: at 120x40 that is ~1,000 segments, drawn twice as an edit
form opens (12-16 ms of its ~120 at 20,000 items). The segments repeat a
few dozen styles, so the blend of each (style, tint) is kept here; the cells
are the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen


@lru_cache(maxsize=4096)
def tinted(style: Style | None, tint: Color) -> Style:
    """``style`` under ``tint``, as BackgroundScreen.process_segments blends it (links and meta cleared)."""
    style = Style() if style is None else style.clear_meta_and_links()
    if tint.a == 0:
        return style
    color = (Color.from_rich_color(style.color) + tint).rich_color if style.color is not None else None
    bgcolor = (Color.from_rich_color(style.bgcolor) + tint).rich_color if style.bgcolor is not None else None
    return style + Style.from_color(color, bgcolor)


class DimmedScreen(BackgroundScreen):
    """BackgroundScreen with the tints kept (``tinted``)."""

    @classmethod
    def process_segments(cls, segments: Iterable[Segment], color: Color) -> Iterable[Segment]:
        for text, style, control in segments:
            yield Segment(text, style, control) if control else Segment(text, tinted(style, color), control)


def dimmed(renderable: RenderableType) -> RenderableType:
    """A screen's ``render()``, with Textual's BackgroundScreen replaced by DimmedScreen."""
    if type(renderable) is BackgroundScreen:  # (exactly Textual's: a subclass may draw otherwise)
        return DimmedScreen(renderable.screen, renderable.color)
    return renderable
