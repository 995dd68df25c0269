"""The workarounds for the pinned Textual's bugs (tui/textual_fixes.py): same results, nothing kept."""

from __future__ import annotations

import gc
import weakref

from textual._styles_cache import StylesCache
from textual.color import Color

import tui.app  # noqa: F401  (puts the workarounds in place, as running ducu does)
from tui import textual_fixes


def test_inner_and_outer_backgrounds_are_textuals_and_keep_no_styles_cache() -> None:
    base, background = Color(10, 20, 30), Color(200, 100, 0, 0.5)
    cache = StylesCache()
    assert cache.get_inner_outer(base, background) == textual_fixes._textual_inner_outer(None, base, background)
    kept = weakref.ref(cache)
    del cache
    gc.collect()
    assert kept() is None  # Textual's own cache on the method would hold it (Textual issue #6665)
