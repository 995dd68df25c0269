"""The scorecard screen's lines: a table of subjects fitted to the width, and the selected card in full.

The columns are export.scorecard_words.TABLE_HEADERS; on a narrow terminal
the evaluation, the answer to reminders, support and the reminders give way
in that order (the panel under the table still shows every number).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from tui.render.columns import Column, Placed, drop, plan
from tui.render.text import clean, pad
from workspace_schema.export.scorecard_words import TABLE_HEADERS, scorecard_lines, table_row
from workspace_schema.views.scorecard import Scorecard

GAP = 2
KEYS = ("subject", "on_time", "late", "slip", "nudges", "reply", "support", "ar", "survey", "incentives", "evaluation")
STEPS = (drop("evaluation"), drop("reply"), drop("support"), drop("nudges"), drop("late"))
STYLES = {"on_time": "bold"}


def table_plan(cards: list[Scorecard], width: int) -> tuple[Placed, ...]:
    rows = [[clean(v) for v in table_row(c)] for c in cards]
    natural = {
        k: max([cell_len(h), *(cell_len(r[i]) for r in rows)]) for i, (k, h) in enumerate(zip(KEYS, TABLE_HEADERS))
    }
    columns = [
        Column(k, h, 10 if k == "subject" else natural[k], grow=1.0 if k == "subject" else 0.0, most=30)
        for k, h in zip(KEYS, TABLE_HEADERS)
    ]
    return plan(columns, width, STEPS, gap=GAP, natural={"subject": natural["subject"]})


def header_line(placed: tuple[Placed, ...]) -> Text:
    return Text((" " * GAP).join(pad(p.header, p.cells) for p in placed), style="dim bold", no_wrap=True)


def card_row(card: Scorecard, placed: tuple[Placed, ...]) -> Text:
    values = dict(zip(KEYS, table_row(card)))
    text = Text(no_wrap=True, overflow="ellipsis")
    for n, p in enumerate(placed):
        if n:
            text.append(" " * GAP)
        value = values[p.key]
        style = STYLES.get(p.key, "")
        if p.key == "evaluation" and "warning" in value:
            style = "yellow"
        text.append(pad(value, p.cells), style=style)
    return text


def detail_lines(card: Scorecard, width: int) -> list[Text]:
    """The selected card: its name and period, then each number on a line of its own."""
    lines = scorecard_lines(card)
    label_cells = min(max(cell_len(label) for label, _ in lines), max(width // 3, 12))
    out = [Text(f"{clean(card.name)} · {card.period} ({card.start} to {card.end})", style="bold", no_wrap=True)]
    for label, value in lines:
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(pad(label, label_cells) + "  ", style="dim")
        line.append(pad(value, max(width - label_cells - 2, 8)))
        out.append(line)
    return out
