"""The footer every screen shows: Textual's look, drawn by one widget, with the keys that do not fit left out.

Textual's footer scrolls keys that do not fit off its right edge, where they are
cut mid-word and one character of them shows beside the docked "^p Commands"
("Commandsp"). This one shows the keys that fit, in the order the bindings
give (the focused widget's, then the screen's, then the app's), always keeps
f1 Help, and when it left keys out says so on that key: "f1 More keys", since
help lists every key of the screen. Keys side by side with one verb share one
place ("r a c i Set R/A/C/I"). A widget or screen names the bindings it can
spare in FOOTER_LATER (binding ids): they fill what room the others leave.

Textual's footer is a container of one FooterKey widget per key, composed
again whenever the bindings change; opening a screen spent a good share of
its time styling and laying those out. This footer is one widget that draws
the same cells itself, in the styles of Textual's FooterKey (compact) and
Footer, and finds the key under a click by its cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

HELP_ACTION = "help"
MORE = "More keys"


@dataclass
class FooterItem:
    """One key as the footer shows it (merged() joins keys side by side, so it changes)."""

    key: str
    key_display: str
    description: str
    action: str
    enabled: bool = True
    tooltip: str = ""


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


def key_width(key: FooterItem) -> int:
    """Cells a compact footer key takes: the key, a space, the description, a space of margin."""
    description = f" {key.description}" if key.description else ""
    return cell_len(key.key_display) + cell_len(description) + 1


def merged(keys: list[FooterItem]) -> list[FooterItem]:
    """Keys side by side that say the same verb as one: "r a c i Set R/A/C/I" (the matrix's four letters)."""
    out: list[FooterItem] = []
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


def _layout(footer: KeyFooter) -> tuple[list[FooterItem], FooterItem | None]:
    """The keys to show, as Textual's Footer lists them (one per action), and the command palette's key."""
    app, screen = footer.app, footer.screen
    active = screen.active_bindings
    first: dict[str, FooterItem] = {}  # ducu's bindings use no groups: every key stands alone
    for _, binding, enabled, tooltip in active.values():
        if binding.show and binding.action not in first:
            display = app.get_key_display(binding)
            first[binding.action] = FooterItem(
                binding.key, display, binding.description, binding.action, enabled, tooltip
            )
    palette = None
    if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
        _, binding, enabled, _ = active[app.COMMAND_PALETTE_BINDING]
        tooltip = binding.tooltip or binding.description
        palette = FooterItem(
            binding.key, app.get_key_display(binding), binding.description, binding.action, enabled, tooltip
        )
    keys = merged(list(first.values()))
    room = footer.size.width - (key_width(palette) + 2 if palette else 0)
    helps = [i for i, key in enumerate(keys) if key.action.rpartition(".")[2] == HELP_ACTION]
    spare = _spare(screen)
    later = [i for i, key in enumerate(keys) if key.key in spare]
    shown = fit([key_width(k) for k in keys], room, helps, later)
    if len(shown) < len(keys):
        for i in helps:
            keys[i].description = MORE
        shown = fit([key_width(k) for k in keys], room, helps, later)
    return [keys[i] for i in shown], palette


class KeyFooter(Widget, can_focus=False):
    """The footer of every ducu screen: one line of keys, drawn as Textual's compact Footer draws them."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer-key",
        "footer-key--hover",
        "footer-key--disabled",
        "footer-key--key",
        "footer-key--description",
        "footer-key--palette-border",
    }
    # Textual's Footer, and its FooterKey's rules (compact) as component classes.
    DEFAULT_CSS = """
    KeyFooter {
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
        text-wrap: nowrap;
        .footer-key { background: $footer-item-background; }
        .footer-key--hover { color: $footer-key-foreground; background: $block-hover-background; }
        .footer-key--disabled { text-style: dim; }
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer-key--palette-border { color: $foreground 20%; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._bindings_ready = False
        self._keys: list[FooterItem] | None = None  # laid out again at the next render
        self._palette: FooterItem | None = None
        self._spans: list[tuple[int, int, FooterItem]] = []  # the cells each key takes: [start, end)
        self._hover: FooterItem | None = None
        self._width = 0

    @property
    def keys(self) -> list[FooterItem]:
        """The keys shown, left to right, without the command palette's."""
        return [key for _, _, key in self._spans if key is not self._palette]

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._refit)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self._bindings_ready and self.is_attached:
            self._keys, self._palette = _layout(self)
            self.refresh()

    def _key_styles(self, key: FooterItem) -> tuple[Style, Style, Style]:
        """The styles of a key's own cells, of its description's, and of the palette key's left border.

        As Textual's rich_style composes them down FooterKey's ancestors:
        the footer, the key (its background, dim when disabled), its part.
        """
        base = self.background_colors[1]
        item = self.get_component_styles("footer-key--hover" if key is self._hover else "footer-key")
        color = item.color if item.has_rule("color") else self.styles.color
        background = base + item.background if item.has_rule("background") else base
        text = self.rich_style.without_color + item.text_style
        if not key.enabled:
            text += self.get_component_styles("footer-key--disabled").text_style
        parts = []
        for name in ("footer-key--key", "footer-key--description"):
            part = self.get_component_styles(name)
            back = background + part.background if part.has_rule("background") else background
            fore = part.color if part.has_rule("color") else color
            parts.append(text + part.text_style + Style.from_color((back + fore).rich_color, back.rich_color))
        edge = self.get_component_styles("footer-key--palette-border").color
        border = Style.from_color((base + edge).rich_color, background.rich_color)
        return parts[0], parts[1], border

    def _key_segments(self, key: FooterItem) -> list[Segment]:
        key_style, description_style, _ = self._key_styles(key)
        segments = [Segment(key.key_display, key_style)]
        if key.description:
            segments.append(Segment(f" {key.description}", description_style))
        return segments

    def render_line(self, y: int) -> Strip:
        """The footer's line: the keys from the left, a cell apart, and the palette's key docked right."""
        width = self.size.width
        gap = Style(bgcolor=self.background_colors[1].rich_color)  # the footer's own cells, as its container drew them
        if y or not self._bindings_ready:
            self._spans = [] if y == 0 else self._spans
            return Strip.blank(width, gap)
        if self._keys is None:
            self._keys, self._palette = _layout(self)
        segments: list[Segment] = []
        spans: list[tuple[int, int, FooterItem]] = []
        x = 0
        for key in self._keys:
            cells = self._key_segments(key)
            end = x + sum(s.cell_length for s in cells)
            spans.append((x, end, key))
            segments += [*cells, Segment(" ", gap)]
            x = end + 1
        line = Strip(segments, x)
        if self._palette is not None:
            cells = [Segment("▏", self._key_styles(self._palette)[2]), *self._key_segments(self._palette)]
            size = sum(s.cell_length for s in cells)
            at = max(0, width - size - 1)  # docked right, with a cell of margin after it
            spans = [span for span in spans if span[1] <= at]
            spans.append((at, at + size, self._palette))
            line = Strip.join([line.crop(0, at).extend_cell_length(at, gap), Strip(cells, size)])
        self._spans = spans
        line = line.extend_cell_length(width, gap).crop(0, width)
        return line.simplify()

    def _key_at(self, x: int) -> FooterItem | None:
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        """What Textual's FooterKey does on a press: the key, as if typed, or a bell if it is disabled."""
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hovered(self._key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hovered(None)

    def _hovered(self, key: FooterItem | None) -> None:
        if key is not self._hover:
            self._hover = key
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.refresh()
