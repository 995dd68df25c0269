"""Typed dates: every accepted form, and never a traceback for anything else."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workspace_schema.core.dates import (
    DateError,
    add_working_days,
    humanize_distance,
    parse_date,
    working_days_between,
)

FRI = dt.date(2026, 11, 27)  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-11", dt.date(2026, 12, 11)),
        (" 2026-12-11 ", dt.date(2026, 12, 11)),
        ("12-11", dt.date(2026, 12, 11)),
        ("today", FRI),
        ("tomorrow", dt.date(2026, 11, 28)),
        ("yesterday", dt.date(2026, 11, 26)),
        ("+3d", dt.date(2026, 11, 30)),
        ("-1w", dt.date(2026, 11, 20)),
        ("+2 weeks", dt.date(2026, 12, 11)),
        ("+1m", dt.date(2026, 12, 27)),
        ("+1wd", dt.date(2026, 11, 30)),  # skips the weekend
        ("fri", dt.date(2026, 12, 4)),  # today excluded
        ("next fri", dt.date(2026, 12, 4)),
        ("Next Monday", dt.date(2026, 11, 30)),
        ("eow", FRI),
        ("eom", dt.date(2026, 11, 30)),
    ],
)
def test_accepted_forms(text: str, expected: dt.date) -> None:
    assert parse_date(text, FRI) == expected


def test_working_days_skip_holidays() -> None:
    assert add_working_days(FRI, 2, [dt.date(2026, 11, 30)]) == dt.date(2026, 12, 2)
    assert working_days_between(FRI, dt.date(2026, 12, 4)) == 5
    assert working_days_between(dt.date(2026, 12, 4), FRI) == -5


@pytest.mark.parametrize("text", ["", "next week", "2026-13-01", "13-45", "+d", "fry", "[red]x"])
def test_rejections_say_what_is_accepted(text: str) -> None:
    with pytest.raises(DateError, match="2026-12-11"):
        parse_date(text, FRI)


@given(st.text(max_size=40))
def test_any_text_is_a_date_or_a_date_error(text: str) -> None:
    try:
        assert isinstance(parse_date(text, FRI), dt.date)
    except DateError:
        pass


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_iso_dates_round_trip(day: dt.date) -> None:
    assert parse_date(day.isoformat(), FRI) == day


def test_humanize() -> None:
    assert humanize_distance(FRI, FRI) == "today"
    assert humanize_distance(dt.date(2026, 11, 30), FRI) == "in 3 days"
    assert humanize_distance(dt.date(2026, 11, 22), FRI) == "5 days late"
    assert humanize_distance(dt.date(2026, 11, 26), FRI) == "1 day late"
