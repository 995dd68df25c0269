"""Workarounds for bugs of the pinned Textual that ducu runs into; each names its upstream issue.

Remove one when the pinned Textual has the fix (its test then says so).

- StylesCache.get_inner_outer is an ``lru_cache`` on a method, so the
  cache holds every StylesCache it was called on (the last 1,024), and each
  of those holds the lines its widget last drew: the widgets of every
  closed screen lived on that way. At 20,000 items, after 40 screens
  opened and closed, ~970 of them were kept with ~5,400 drawn lines
  (~87,000 objects), and each full run of the cyclic collector took up to
  100 ms, some of them during a key. Textual issue #6665. Here the same
  function is cached on its two colours only.
- DOMNode.update_node_styles (what a change of a node's classes calls)
  applies the stylesheet to the node and all its children even when the
  node is not in the DOM yet, as when a widget sets a class in its
  ``__init__`` (Input, Select and Button all do): 1-4 ms each, wasted, as
  the app applies the stylesheet to every widget when it is mounted
  (App._register). The edit form's widgets spent ~20 ms of its first frame
  on it at 20,000 items. Textual once skipped nodes not yet mounted
  (pull request #3837), which broke classes set in ``on_mount`` (issue
  #3858, when the node is in the DOM but not yet marked mounted); here
  only nodes with no way up to the app are skipped, which no stylesheet
  has been applied to.
"""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.dom import DOMNode
from textual.style import Style

_textual_inner_outer = StylesCache.get_inner_outer.__wrapped__  # Textual's own, without its cache (it ignores `self`)


@lru_cache(1024)
def inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    return _textual_inner_outer(None, base_background, background)


def _get_inner_outer(self: StylesCache, base_background: Color, background: Color) -> tuple[Style, Style]:
    return inner_outer(base_background, background)


_textual_update_node_styles = DOMNode.update_node_styles


def _update_node_styles(self: DOMNode, animate: bool = True) -> None:
    if self.is_attached:  # (not yet: its stylesheet is applied when it is mounted)
        _textual_update_node_styles(self, animate)


def apply() -> None:
    """Put the workarounds in place (the app module does, before any widget draws)."""
    StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign,assignment]
    DOMNode.update_node_styles = _update_node_styles  # type: ignore[method-assign]
