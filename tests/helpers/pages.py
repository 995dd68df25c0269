"""The elements ducu's HTML pages may contain: the page itself and the inline SVG pictures.

A hostile title must never add one (no script, iframe, img, a, foreignObject).
"""

PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "nav", "h1", "h2", "h3", "dl", "dt", "dd", "p",
    "span", "strong", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "br", "footer", "figure",
    "figcaption", "div",
}  # fmt: skip
DRAWING_TAGS = {"svg", "title", "g", "rect", "line", "text", "circle", "path", "polyline", "polygon", "tspan", "desc"}
TAGS = PAGE_TAGS | DRAWING_TAGS
