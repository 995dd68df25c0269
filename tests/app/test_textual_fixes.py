"""The workarounds for the pinned Textual's bugs (tui/textual_fixes.py): same results, nothing kept."""

from __future__ import annotations

import gc
import weakref

from textual._styles_cache import StylesCache
from textual.app import App
from textual.color import Color
from textual.widgets import Static

import tui.app  # noqa: F401  (puts the workarounds in place, as running ducu does)
from tests.helpers.app import styled_nodes, sync
from tui import textual_fixes


def test_inner_and_outer_backgrounds_are_textuals_and_keep_no_styles_cache() -> None:
    base, background = Color(10, 20, 30), Color(200, 100, 0, 0.5)
    cache = StylesCache()
    assert cache.get_inner_outer(base, background) == textual_fixes._textual_inner_outer(None, base, background)
    kept = weakref.ref(cache)
    del cache
    gc.collect()
    assert kept() is None  # Textual's own cache on the method would hold it (Textual issue #6665)


@sync
async def test_a_class_set_before_mount_is_styled_once_mounted_and_no_sooner() -> None:
    """A widget that sets a class before it is in the DOM (Input, Select and Button do, in __init__) gets its
    styles when mounted, as with Textual's own update; none are worked out before (1-4 ms a widget, ~20 ms of
    the edit form's first frame at 20,000 items); a class set once mounted, even in on_mount (Textual issue
    #3858), is styled at once."""

    class Styled(App[None]):
        CSS = ".red { color: red; } .blue { color: blue; }"

    app = Styled()
    async with app.run_test() as pilot:
        applied = styled_nodes(app)
        early = Static("early")
        early.add_class("red")
        assert applied == []  # not in the DOM: nothing worked out
        await app.screen.mount(early)
        await pilot.pause()
        assert early.styles.color == Color.parse("red")
        early.set_class(True, "blue")
        early.remove_class("red")
        await pilot.pause()
        assert early in applied
        assert early.styles.color == Color.parse("blue")
