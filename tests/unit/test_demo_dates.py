"""The demo moves dates by whole weeks so the sample never goes stale."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from workspace_schema.setup.demo import SAMPLE_TODAY, shift_dates, week_shift


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_shift_lands_the_sample_day_in_the_week_of_today_on_the_same_weekday(today: dt.date) -> None:
    days = week_shift(today)
    assert days % 7 == 0
    moved = SAMPLE_TODAY + dt.timedelta(days=days)
    assert 0 <= (today - moved).days < 7


def test_shift_moves_every_date_and_nothing_else() -> None:
    text = 'due = 2026-12-11\ntrigger = "No export by 2026-12-11"\nid = "cr-2026-11-20-w8d1"\nn = 12026-01-011\n'
    assert (
        shift_dates(text, 7)
        == 'due = 2026-12-18\ntrigger = "No export by 2026-12-18"\nid = "cr-2026-11-27-w8d1"\nn = 12026-01-011\n'
    )
    assert shift_dates(text, 0) == text
