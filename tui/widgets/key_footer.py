"""The footer every screen shows: Textual's, with the keys that do not fit left out instead of scrolled.

Textual's footer scrolls keys that do not fit off its right edge, where they are
cut mid-word and one character of them shows beside the docked "^p Commands"
("Commandsp"). This one shows the keys that fit, in the order the bindings
give (the focused widget's, then the screen's, then the app's), always keeps
f1 Help, and when it left keys out says so on that key: "f1 More keys", since
help lists every key of the screen. Keys side by side with one verb share one
place ("r a c i Set R/A/C/I"). A widget or screen names the bindings it can
spare in FOOTER_LATER (binding ids): they fill what room the others leave.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ACTION = "help"
MORE = "More keys"


def fit(widths: Sequence[int], room: int, keep: Iterable[int] = (), later: Iterable[int] = ()) -> list[int]:
    """The indices of the items to show, in order: `keep` always, then the others while they fit, then `later`.

    Past the first that does not fit, no other is shown (keys stay in the
    order the bindings give); the `later` ones fill what room is left.
    """
    kept, spare = set(keep), set(later)
    left = room - sum(widths[i] for i in kept)
    shown = set(kept)
    for group in ([i for i in range(len(widths)) if i not in kept | spare], sorted(spare - kept)):
        for i in group:
            if widths[i] > left:
                break
            shown.add(i)
            left -= widths[i]
    return sorted(shown)


def key_width(key: FooterKey) -> int:
    """Cells a compact footer key takes: the key, a space, the description, a space of margin."""
    description = f" {key.description}" if key.description else ""
    return cell_len(key.key_display) + cell_len(description) + 1


def merged(keys: list[FooterKey]) -> list[FooterKey]:
    """Keys side by side that say the same verb as one: "r a c i Set R/A/C/I" (the matrix's four letters)."""
    out: list[FooterKey] = []
    for key in keys:
        verb, _, what = key.description.rpartition(" ")
        last = out[-1] if out else None
        if last is not None and verb and len(what) == 1 and _letters(last.description, verb):
            last.key_display = f"{last.key_display} {key.key_display}"
            last.description = f"{last.description}/{what}"
        else:
            out.append(key)
    return out


def _spare(screen: Screen) -> set[str]:
    """Keys of bindings that a widget or screen lists in FOOTER_LATER: shown only where room is left."""
    return {
        key
        for key, active in screen.active_bindings.items()
        if active.binding.id in getattr(active.node, "FOOTER_LATER", ())
    }


def _letters(description: str, verb: str) -> bool:
    """Whether `description` is `verb` and one-letter objects: "Set R", "Set R/A"."""
    head, _, rest = description.partition(" ")
    return head == verb and all(len(part) == 1 for part in rest.split("/"))


class KeyFooter(Footer):
    """The footer of every ducu screen (compact, as Textual draws it, without scrolling)."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._width = 0
        self._refitting = asyncio.Lock()  # one recompose at a time: two at once would mount the keys twice

    def compose(self) -> ComposeResult:
        items = list(super().compose())  # FooterKeys only: ducu's bindings use no groups
        palette = [w for w in items if w.has_class("-command-palette")]
        keys = merged([w for w in items if isinstance(w, FooterKey) and w not in palette])
        room = self.size.width - sum(key_width(w) + 2 for w in palette if isinstance(w, FooterKey))
        helps = [i for i, key in enumerate(keys) if key.action.rpartition(".")[2] == HELP_ACTION]
        spare = _spare(self.screen)
        later = [i for i, key in enumerate(keys) if key.key in spare]
        shown = fit([key_width(k) for k in keys], room, helps, later)
        if len(shown) < len(keys):
            for i in helps:
                keys[i].description = MORE
            shown = fit([key_width(k) for k in keys], room, helps, later)
        for i in shown:
            yield keys[i]
        yield from palette

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._refit)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self._refit)

    async def _refit(self) -> None:
        async with self._refitting:
            await self.recompose()
