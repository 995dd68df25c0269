"""The page every HTML output shares: a standalone document, inline CSS, no scripts, no external files.

    page(title, body_html, "zh")        # reports, minutes, agendas and the published client view

Text goes through ``e`` (html.escape, quotes too, control characters
dropped), so nothing in a plan can become markup. The CSS names CJK fonts
for Chinese text and prints on A4: tables do not split a row across pages,
colours and charts survive printing, links show where they go.
"""

from __future__ import annotations

import html

from workspace_schema.core.catalogue import Language
from workspace_schema.core.text_safety import scrub_lines

__all__ = ["CSS", "e", "page", "table"]

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 15px/1.5 -apple-system, "Segoe UI", "Helvetica Neue", Arial, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
       color: #1f2328; background: #fff; margin: 0; }
main { max-width: 54rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
h1 { font-size: 1.7rem; margin: 0 0 1rem; line-height: 1.25; }
h2 { font-size: 1.15rem; margin: 2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 1px solid #d0d7de; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.2rem; margin: 0; }
dl.facts dt { font-weight: 600; color: #57606a; }
dl.facts dd { margin: 0; }
table { width: 100%; border-collapse: collapse; margin: .3rem 0 .8rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .55rem; border-bottom: 1px solid #d8dee4; }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: #57606a; border-bottom: 2px solid #d0d7de; }
td.date, th.date { white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
.rag { display: inline-block; font-weight: 700; padding: .15rem .7rem; border-radius: 1rem; border: 1px solid; }
.rag-red { color: #a40e26; background: #ffebe9; border-color: #ff8182; }
.rag-amber { color: #7d4e00; background: #fff8c5; border-color: #d4a72c; }
.rag-green { color: #116329; background: #dafbe1; border-color: #4ac26b; }
.rag-grey { color: #57606a; background: #f6f8fa; border-color: #d0d7de; }
.late { color: #a40e26; font-weight: 600; }
.muted { color: #57606a; }
ul.reasons { margin: .5rem 0 0; padding-left: 1.2rem; }
figure { margin: .8rem 0 1.2rem; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: .85rem; color: #57606a; margin-top: .3rem; }
nav.crumbs { font-size: .9rem; margin-bottom: 1rem; }
a { color: #0969da; }
footer { margin-top: 2.5rem; font-size: .85rem; color: #57606a; border-top: 1px solid #d0d7de; padding-top: .6rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { font-size: 10.5pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table { break-inside: auto; }
  thead { display: table-header-group; }
  figure { break-inside: avoid; page-break-inside: avoid; }
  nav.crumbs { display: none; }
}
""".strip()


def e(text: object) -> str:
    """Escape anything for HTML text or a quoted attribute; None is empty."""
    if text is None:
        return ""
    return html.escape(scrub_lines(str(text), " "), quote=True)


def table(head: list[str], rows: list[list[str]], date_cols: tuple[int, ...] = ()) -> str:
    """``head`` is plain text (escaped here); ``rows`` hold HTML already escaped by the caller."""
    date = ' class="date"'
    ths = "".join(f"<th{date if n in date_cols else ''}>{e(h)}</th>" for n, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(f"<td{date if n in date_cols else ''}>{cell}</td>" for n, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{ths}</tr></thead><tbody>{body}</tbody></table>"


def page(title: str, body: str, lang: Language) -> str:
    """A whole HTML document: ``title`` is plain text (escaped here), ``body`` HTML the caller escaped."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n<main>\n"
        + body
        + "\n</main>\n</body>\n</html>\n"
    )
