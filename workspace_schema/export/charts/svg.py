"""A tiny SVG writer: escaped text, numbers to one decimal, elements as strings, the standalone document.

    el("rect", x=1.04, y=2, fill="#fff")          # '<rect x="1" y="2" fill="#fff"/>'
    el("text", text("<b> & co"), x=4, y=12)       # '<text x="4" y="12">&lt;b&gt; &amp; co</text>'
    document(body, width=960, height=300, title="…", lang="zh")

Attribute names are the keyword names with ``_`` as ``-`` (``stroke_width``,
``data_due``) and a trailing ``_`` dropped (``class_``); None leaves the
attribute out. Numbers are rounded to one decimal and written without
trailing zeros, so the same chart is the same bytes on every machine.
Everything from a plan (titles, ids, names) goes through ``text``: control
characters and characters XML cannot hold are dropped, ``& < > " '``
escaped. Colours are presentation attributes, never a <style> block or
class names: an SVG inlined into an HTML page would share them with the page.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from workspace_schema.core.catalogue import Language
from workspace_schema.core.text_safety import one_line

__all__ = ["FONT", "attrs", "cut", "document", "el", "num", "text", "text_width"]

# Latin first, then the CJK fonts of each platform: a Chinese title needs no font from outside.
FONT = (
    "-apple-system, 'Segoe UI', 'Helvetica Neue', Arial, "
    "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'Source Han Sans SC', sans-serif"
)
SVG_NS = "http://www.w3.org/2000/svg"

# XML 1.0 cannot hold surrogates or U+FFFE/U+FFFF even as references; one_line removes the controls.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def text(value: object) -> str:
    """Any value as one line of XML text, safe in element content and in a quoted attribute."""
    if value is None:
        return ""
    return _text(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=4096)  # the same colours, widths and words come back on every row
def _text(value: str) -> str:
    line = one_line(value)
    if _NOT_XML.search(line):
        line = _NOT_XML.sub("", line)
    return line.translate(_ESCAPES)


def num(value: float) -> str:
    """A coordinate: one decimal at most, no trailing ".0", never "-0"."""
    out = f"{value:.1f}"
    if out.endswith(".0"):
        out = out[:-2]
    return "0" if out == "-0" else out


def attrs(**values: object) -> str:
    """' name="value"' for each value that is not None, numbers rounded, everything escaped."""
    out = []
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, str):
            shown = _text(value)
        elif isinstance(value, bool):
            shown = "true" if value else "false"
        elif isinstance(value, float | int):
            shown = num(value)
        else:
            shown = text(value)
        out.append(f' {_name(name)}="{shown}"')
    return "".join(out)


@lru_cache(maxsize=256)
def _name(key: str) -> str:
    return key.rstrip("_").replace("_", "-")


def el(tag: str, content: str | None = None, /, **values: object) -> str:
    """One element; ``content`` is markup already escaped (use ``text`` for words), None for an empty element."""
    if content is None:
        return f"<{tag}{attrs(**values)}/>"
    return f"<{tag}{attrs(**values)}>{content}</{tag}>"


_WIDE_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZmw@%")


@lru_cache(maxsize=8192)
def char_width(ch: str) -> float:
    """Roughly how wide one character is, in em: CJK and fullwidth 1, marks 0, capitals a little wider."""
    if ch.isascii():
        return 0.62 if ch in _WIDE_ASCII else 0.56
    if unicodedata.combining(ch) or unicodedata.category(ch) == "Cf":
        return 0.0
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6


def text_width(value: str, size: float) -> float:
    """An estimate (a little generous) of the width of ``value`` at font size ``size``: there is no font here to measure."""
    return sum(map(char_width, value)) * size


def cut(value: object, width: float, size: float) -> str:
    """``value`` as one line that fits ``width`` at font size ``size``, ending in "…" when cut; not yet escaped."""
    line = one_line("" if value is None else str(value))
    if len(line) * size <= width:  # no character is wider than 1 em
        return line
    head = line[: int(width / (0.3 * size)) + 1]  # nor narrower than 0.3 em, marks aside: the rest cannot show
    if len(head) == len(line) and text_width(line, size) <= width:
        return line
    room = width - char_width("…") * size
    used = 0.0
    for n, w in enumerate(map(char_width, head)):
        used += w * size
        if used > room:
            return head[:n].rstrip() + "…"
    return head.rstrip() + "…"


def document(body: str, *, width: float, height: float, title: str, lang: Language, desc: str = "") -> str:
    """The standalone <svg> element: namespace, viewBox, size, role="img", an accessible <title> (and <desc>)."""
    head = attrs(
        xmlns=SVG_NS,
        viewBox=f"0 0 {num(width)} {num(height)}",
        width=width,
        height=height,
        role="img",
        lang=lang,
        font_family=FONT,
        font_size=12,
    )
    parts = [f"<svg{head}>", el("title", text(title))]
    if desc:
        parts.append(el("desc", text(desc)))
    parts += [body, "</svg>"]
    return "\n".join(parts) + "\n"
