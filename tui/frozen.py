"""What ``gc.freeze()`` keeps out of the cyclic collector's sight, and letting go of what it kept too long.

The app freezes after each load and history build: the records and the
history index live until the next one, and the collector rescanning them
made pauses of 100-300 ms per key at 20,000 items. But a freeze takes in
everything alive at that moment, screens too: the one an edit was made on
(its reload freezes), and the screens made ahead for the dashboard
(tui/screens/ready.py). Once such a screen is closed, its widgets' cycles
are never collected, and it held the state it showed: each edit made on a
project's screen kept a whole workspace alive, ~40 MiB at 20,000 items
(176 -> 394 MiB after six; benchmark in the issue 18 notes).

So the screens alive at a freeze are remembered (weakly), and once one of
them is gone from the app and no key or click came for ``COLLECT_QUIET``
seconds, the preload (tui/screens/preload.py) unfreezes, collects and
freezes again: ~110-140 ms at 20,000 items, once after each such screen
is closed, instead of a workspace kept per edit.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterable

from textual.screen import Screen

COLLECT_QUIET = 1.0  # seconds without input before what a freeze kept too long is collected


class Frozen:
    def __init__(self) -> None:
        self.screens: weakref.WeakSet[Screen] = weakref.WeakSet()  # alive at a freeze since the last collection

    def freeze(self, alive: Iterable[Screen]) -> None:
        """Freeze what lives now; ``alive``: the app's screens, made ahead or on its stack."""
        gc.freeze()
        self.screens.update(alive)

    def kept_too_long(self) -> bool:
        """Whether a screen alive at a freeze has gone from the app since (only a collection frees it)."""
        return any(not screen.is_attached for screen in self.screens)

    def collect(self, alive: Iterable[Screen]) -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.screens = weakref.WeakSet(alive)
