"""A scorecard as words: labelled lines in the reader's language, a compact table row, Markdown.

    scorecard_lines(card, "zh", for_client=True)   # [(label, value)]: the client report's section
    TABLE_HEADERS, table_row(card)                 # one row per subject: `ducu scorecard` and the app
    scorecards_markdown(cards, "en")               # `ducu scorecard --format md`

The client's own copy (``for_client``) leaves out the evaluations: what the
team decided about a client or a person (a warning) stays with the team.
"""

from __future__ import annotations

from workspace_schema.core.catalogue import Language, say
from workspace_schema.export.markdown_text import md_cell, md_text
from workspace_schema.views.scorecard import Scorecard

__all__ = ["TABLE_HEADERS", "num", "percent", "scorecard_lines", "scorecards_markdown", "table_row"]

TABLE_HEADERS = (
    "Subject",
    "On time",
    "Late",
    "Slip (wd)",
    "Nudges",
    "Reply",
    "Support",
    "A/R",
    "Survey",
    "Incentives",
    "Decided",
)
DIMENSIONS = ("schedule", "quality", "communication", "support")


def num(value: float | None, none: str = "-") -> str:
    """A mean with one decimal: 2.0, 2.5, 1.9."""
    return none if value is None else f"{value:.1f}"


def percent(rate: float) -> str:
    return f"{round(100 * rate)}"


def scorecard_lines(card: Scorecard, lang: Language = "en", *, for_client: bool = False) -> list[tuple[str, str]]:
    """(label, value) for each number of the card, in ``lang``."""
    none = say(lang, "scorecard.none")
    counted = card.delivered + card.late_open
    lines = [
        (
            say(lang, "scorecard.on_time"),
            say(
                lang,
                "scorecard.on_time_value",
                on_time=card.on_time,
                counted=counted,
                rate=percent(card.on_time_rate),
            )
            if card.on_time_rate is not None
            else none,
        ),
        (say(lang, "scorecard.late_open"), str(card.late_open)),
        (
            say(lang, "scorecard.slip"),
            say(lang, "scorecard.slip_value", days=num(card.mean_slip_days), working=num(card.mean_slip_working_days))
            if card.mean_slip_days is not None
            else none,
        ),
        (
            say(lang, "scorecard.nudges"),
            say(lang, "scorecard.nudges_value", mean=num(card.nudges_per_delivery), n=card.nudges)
            if card.nudges_per_delivery is not None
            else none,
        ),
        (say(lang, "scorecard.nudge_response"), _nudge_response(card, lang)),
        (
            say(lang, "scorecard.support"),
            say(lang, "scorecard.support_value", n=card.support_requests, hours=num(card.support_response_hours))
            if card.support_response_hours is not None
            else str(card.support_requests),
        ),
        (say(lang, "scorecard.raci"), say(lang, "scorecard.raci_value", a=card.accountable, r=card.responsible)),
        (say(lang, "scorecard.surveys"), _surveys(card, lang)),
        (
            say(lang, "scorecard.satisfaction"),
            say(lang, "scorecard.satisfaction_value", score=num(card.satisfaction))
            if card.satisfaction is not None
            else none,
        ),
        (
            say(lang, "scorecard.incentives"),
            say(
                lang,
                "scorecard.incentives_value",
                earned=card.incentives_earned,
                missed=card.incentives_missed,
                at_risk=card.incentives_at_risk,
            ),
        ),
    ]
    if not for_client:
        lines.append((say(lang, "scorecard.evaluations"), _evaluations(card, lang)))
    return lines


def _nudge_response(card: Scorecard, lang: Language) -> str:
    parts = []
    if card.nudge_response_days is not None:
        parts.append(say(lang, "scorecard.nudge_response_value", days=num(card.nudge_response_days)))
    if card.unanswered_nudges:
        parts.append(say(lang, "scorecard.unanswered", n=card.unanswered_nudges))
    return say(lang, "list.semi").join(parts) or say(lang, "scorecard.none")


def _surveys(card: Scorecard, lang: Language) -> str:
    if not card.surveys:
        return say(lang, "scorecard.none")
    scores = [
        say(lang, "scorecard.score", dimension=say(lang, f"scorecard.dim.{d}"), score=num(card.survey_scores[d]))
        for d in DIMENSIONS
        if d in card.survey_scores
    ]
    if card.nps is not None:
        scores.append(say(lang, "scorecard.score", dimension=say(lang, "scorecard.dim.nps"), score=num(card.nps)))
    return say(lang, "scorecard.surveys_value", n=card.surveys, scores=say(lang, "list.sep").join(scores))


def _evaluations(card: Scorecard, lang: Language) -> str:
    if not card.evaluations:
        return say(lang, "scorecard.none")
    parts = []
    for e in card.evaluations:
        text = say(
            lang,
            "scorecard.evaluation",
            outcome=say(lang, f"scorecard.outcome.{e.outcome}"),
            who=e.decided_by or "?",
            day=e.decided_on.isoformat() if e.decided_on else "?",
        )
        parts.append(f"{text}: {e.note}" if e.note else text)
    return say(lang, "list.semi").join(parts)


def table_row(card: Scorecard) -> list[str]:
    """The card as one row under TABLE_HEADERS (English, for the team)."""
    rate = card.on_time_rate
    on_time = f"{percent(rate)}% ({card.on_time}/{card.delivered + card.late_open})" if rate is not None else "-"
    slip = (
        f"{num(card.mean_slip_days)} ({num(card.mean_slip_working_days)})" if card.mean_slip_days is not None else "-"
    )
    survey = num(sum(card.survey_scores.values()) / len(card.survey_scores)) if card.survey_scores else "-"
    incentives = f"{card.incentives_earned}/{card.incentives_missed}/{card.incentives_at_risk}"
    outcome = ", ".join(e.outcome for e in card.evaluations) or "-"
    return [
        card.name,
        on_time,
        str(card.late_open),
        slip,
        num(card.nudges_per_delivery),
        num(card.nudge_response_days) + (f" ({card.unanswered_nudges} open)" if card.unanswered_nudges else ""),
        num(card.support_response_hours) if card.support_requests else "-",
        f"{card.accountable}/{card.responsible}",
        survey,
        incentives,
        outcome,
    ]


def scorecards_markdown(cards: list[Scorecard], lang: Language = "en", *, for_client: bool = False) -> str:
    """Each card as a heading and a two-column table."""
    out: list[str] = []
    for card in cards:
        out.append(f"## {md_text(say(lang, 'scorecard.title', name=card.name))}\n")
        out.append(say(lang, "scorecard.period", period=card.period, start=card.start, end=card.end) + "\n")
        out.append("| | |\n|---|---|")
        out += [
            f"| {md_cell(label)} | {md_cell(value)} |"
            for label, value in scorecard_lines(card, lang, for_client=for_client)
        ]
        out.append("")
    return "\n".join(out)
