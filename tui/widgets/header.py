"""The header every screen shows: Textual's Header, let go with its screen.

Textual's Header watches the app's title and sub-title: it adds itself to
the app's list of watchers, and Textual leaves a closed header on that list
until the title changes again, which in ducu is rare (a reload with a new
workspace name). So every screen opened and closed left its header behind:
four widgets with their styles and drawn lines, which every full run of the
cyclic collector scanned again (after 45 opens at 20,000 items the
collector's full runs took up to 100 ms, some of them during a key). This
header takes itself off those lists when it is unmounted.

The list is Textual's (``reactive._watch`` keeps it on the watched object
as ``__watchers``), read here with Textual pinned in pyproject.toml;
tests/app/test_ready_screens.py checks that a closed screen's header is
gone.
"""

from __future__ import annotations

from textual import widgets

WATCHED = ("title", "sub_title")  # what Header._on_mount watches on the app (and on its screen, which goes with it)


class Header(widgets.Header):
    def on_unmount(self) -> None:
        lists: dict[str, list[tuple[object, object]]] = getattr(self.app, "__watchers", {})
        for name in WATCHED:
            if name in lists:
                lists[name][:] = [(node, callback) for node, callback in lists[name] if node is not self]
