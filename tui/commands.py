"""One registry of commands: the Bindings themselves.

Every Binding in ducu has an id and a description. The footer shows them,
the command palette lists them as "area: verb" (the area is the AREA of the
screen or widget that owns the binding), and the help screen is generated
from them plus the HELP text of each screen and widget.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from textual.app import SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen


@dataclass(frozen=True)
class Entry:
    area: str
    key: str
    description: str
    action: str
    node: DOMNode
    binding: Binding

    @property
    def title(self) -> str:
        return f"{self.area}: {self.description[:1].lower()}{self.description[1:]}"


def area_of(node: DOMNode) -> str:
    return getattr(node, "AREA", None) or type(node).__name__.lower()


def entries(screen: Screen) -> Iterator[Entry]:
    """Every binding with an id that applies on ``screen`` now, from the focused widget up."""
    seen: set[str] = set()
    for _key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.id or binding.id in seen:
            continue
        seen.add(binding.id)
        yield Entry(
            area_of(active.node), _key_label(screen, binding), binding.description, binding.action, active.node, binding
        )


def _key_label(screen: Screen, binding: Binding) -> str:
    return binding.key_display or screen.app.get_key_display(binding)


def palette(screen: Screen) -> Iterable[SystemCommand]:
    for entry in sorted(entries(screen), key=lambda e: e.title):
        # The app runs the action on the node (Widget.run_action does the same; a DOMNode has no run_action).
        yield SystemCommand(entry.title, f"key: {entry.key}", partial(screen.app.run_action, entry.action, entry.node))
