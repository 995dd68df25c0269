"""Working hours (core/work_hours.py), a request's targets and state (core/sla.py), views/support.py."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.workspace import SAMPLE
from workspace_schema.core.records import Settings, SupportRequest, SupportTarget
from workspace_schema.core.sla import request_state, targets
from workspace_schema.core.work_hours import WorkCalendar, add_working_hours, working_hours
from workspace_schema.load.loader import load_workspace
from workspace_schema.views.support import support_states, training_summary

CAL = WorkCalendar(starts=9, ends=18, holidays=frozenset({dt.date(2026, 12, 25)}))
T = dt.datetime


def test_hours_inside_one_day_across_a_night_and_a_weekend() -> None:
    assert working_hours(CAL, T(2026, 11, 23, 9, 15), T(2026, 11, 23, 10, 45)) == 1.5
    assert working_hours(CAL, T(2026, 11, 23, 17, 0), T(2026, 11, 24, 10, 0)) == 2.0  # 17-18, 9-10
    assert working_hours(CAL, T(2026, 11, 27, 17, 0), T(2026, 11, 30, 10, 0)) == 2.0  # Fri 17 -> Mon 10
    assert working_hours(CAL, T(2026, 11, 28, 8, 0), T(2026, 11, 29, 20, 0)) == 0.0  # Saturday and Sunday
    assert working_hours(CAL, T(2026, 12, 24, 17, 0), T(2026, 12, 28, 9, 30)) == 1.5  # Christmas off
    assert working_hours(CAL, T(2026, 11, 24), T(2026, 11, 23)) == 0.0


def test_adding_hours_skips_nights_weekends_and_holidays() -> None:
    assert add_working_hours(CAL, T(2026, 11, 27, 16, 0), 4) == T(2026, 11, 30, 11, 0)
    assert add_working_hours(CAL, T(2026, 11, 28, 12, 0), 1) == T(2026, 11, 30, 10, 0)  # opened on a Saturday
    assert add_working_hours(CAL, T(2026, 12, 24, 17, 0), 2) == T(2026, 12, 28, 10, 0)
    assert add_working_hours(CAL, T(2026, 11, 23, 18, 0), 9) == T(2026, 11, 24, 18, 0)  # a whole day ends at 18:00
    assert add_working_hours(WorkCalendar(starts=9, ends=9), T(2026, 11, 23, 9, 0), 1) is None


moments = st.datetimes(min_value=T(2026, 12, 1), max_value=T(2027, 3, 1)).map(lambda m: m.replace(microsecond=0))
calendars = st.builds(
    lambda s, length, hol: WorkCalendar(starts=s, ends=min(s + length, 24), holidays=frozenset(hol)),
    st.integers(0, 23),
    st.integers(0, 24),
    st.sets(st.dates(min_value=dt.date(2026, 12, 1), max_value=dt.date(2027, 3, 1)), max_size=20),
)


@settings(max_examples=150, deadline=None)
@given(calendars, moments, moments, moments)
def test_hours_add_up_over_a_split_point(cal: WorkCalendar, a: dt.datetime, b: dt.datetime, c: dt.datetime) -> None:
    a, b, c = sorted((a, b, c))
    assert abs(working_hours(cal, a, c) - (working_hours(cal, a, b) + working_hours(cal, b, c))) < 1e-9


@settings(max_examples=150, deadline=None)
@given(calendars, moments, moments)
def test_hours_are_never_negative_and_at_most_a_working_day_per_day(
    cal: WorkCalendar, a: dt.datetime, b: dt.datetime
) -> None:
    hours = working_hours(cal, a, b)
    assert hours >= 0
    if b > a:
        calendar_days = (b.date() - a.date()).days + 1
        assert hours <= calendar_days * cal.day_hours + 1e-9


@settings(max_examples=100, deadline=None)
@given(calendars, st.dates(min_value=dt.date(2026, 12, 1), max_value=dt.date(2027, 3, 1)))
def test_no_hours_on_a_weekend_or_a_holiday(cal: WorkCalendar, day: dt.date) -> None:
    start, end = T.combine(day, dt.time()), T.combine(day, dt.time()) + dt.timedelta(days=1)
    hours = working_hours(cal, start, end)
    if day.weekday() >= 5 or day in cal.holidays:
        assert hours == 0
    else:
        assert hours == cal.day_hours


@settings(max_examples=100, deadline=None)
@given(calendars, moments, st.integers(0, 200 * 60).map(lambda minutes: minutes / 60))
def test_adding_hours_is_the_inverse_of_counting_them(cal: WorkCalendar, start: dt.datetime, hours: float) -> None:
    due = add_working_hours(cal, start, hours)
    if cal.day_hours == 0 and hours > 0:
        assert due is None
        return
    assert due is not None
    assert abs(working_hours(cal, start, due) - hours) < 1e-6


def test_targets_come_from_the_request_then_the_workspace_then_the_defaults() -> None:
    plain = Settings()
    assert targets(plain, SupportRequest(severity="critical")) == (1, 8)
    assert targets(plain, SupportRequest(severity="low")) == (16, 80)
    custom = Settings(support={"high": SupportTarget(respond_within=2)})
    assert targets(custom, SupportRequest(severity="high")) == (2, 24)
    assert targets(custom, SupportRequest(severity="high", resolve_within=6)) == (2, 6)


def test_a_request_open_past_its_response_target_is_breached_and_says_when_it_was_due() -> None:
    opened = T(2026, 11, 26, 14, 0)  # Thursday
    req = SupportRequest(title="x", severity="high", opened=opened)  # respond within 4, resolve within 24
    state = request_state(Settings(), "p", "r", req, T(2026, 11, 26, 17, 0))
    assert (state.status, state.response_breached, state.left) == ("open", False, 1.0)
    assert state.respond_by == T(2026, 11, 26, 18, 0)
    assert state.due_by == state.respond_by
    late = request_state(Settings(), "p", "r", req, T(2026, 11, 27, 12, 0))
    assert late.response_breached and not late.resolution_breached
    assert late.left == -3.0  # 4 hours on Thursday, 3 on Friday


def test_a_resolution_counts_as_the_response_and_recorded_times_decide() -> None:
    req = SupportRequest(
        severity="critical", opened=T(2026, 11, 23, 9, 0), resolved=T(2026, 11, 23, 9, 30)
    )  # never "responded": resolving is the response
    state = request_state(Settings(), "p", "r", req, T(2027, 1, 1))
    assert state.status == "resolved"
    assert (state.response_hours, state.resolution_hours, state.breached, state.left, state.due_by) == (
        0.5,
        0.5,
        False,
        None,
        None,
    )
    slow = SupportRequest(severity="critical", opened=T(2026, 11, 23, 9, 0), responded=T(2026, 11, 23, 11, 0))
    state = request_state(Settings(), "p", "r", slow, T(2026, 11, 23, 12, 0))
    assert state.status == "responded" and state.response_breached and state.due_by == T(2026, 11, 23, 17, 0)


def test_a_request_without_opened_has_no_clock() -> None:
    state = request_state(Settings(), "p", "r", SupportRequest(title="x"), T(2027, 1, 1))
    assert (state.breached, state.due_by, state.left) == (False, None, None)


def test_the_sample_requests_meet_their_targets() -> None:
    ws, _ = load_workspace(SAMPLE)
    states = support_states(ws, T(2026, 11, 27, 20, 0))
    assert [(s.id, s.status, s.breached) for s in states] == [
        ("rota-upload-fails-m3xe", "resolved", False),
        ("sso-login-loop-d6tb", "responded", False),
    ]
    resolved = states[0]
    assert resolved.response_hours is not None and abs(resolved.response_hours - 85 / 60) < 1e-9
    assert resolved.resolution_hours == 8.75 + 7  # 09:15-18:00 Mon, 09:00-16:00 Tue
    assert [s.id for s in support_states(ws, T(2026, 11, 27, 20, 0), open_only=True)] == ["sso-login-loop-d6tb"]


def test_trainings_summary() -> None:
    ws, _ = load_workspace(SAMPLE)
    summary = training_summary(ws.projects["greenleaf-intranet"], dt.date(2026, 11, 27))
    assert (summary.held, summary.planned, summary.next) == (2, 0, None)
    assert summary.mean_feedback is not None and abs(summary.mean_feedback - 4.4) < 1e-9


def test_an_open_request_past_its_target_makes_the_project_amber_for_the_client_too(tmp_path) -> None:
    from tests.helpers.workspace import copy_sample
    from workspace_schema.views.health import summarize

    root = copy_sample(tmp_path)
    path = root / "projects/greenleaf-intranet.toml"
    text = path.read_text("utf-8")
    path.write_text(text.replace('severity = "medium"', 'severity = "critical"'), "utf-8")  # resolve within 8 h
    ws, _ = load_workspace(root)
    s = summarize(ws, "greenleaf-intranet", dt.date(2026, 11, 27))
    assert s.health == "amber"
    (reason,) = [r for r in s.reasons if r.key == "health.support_late"]
    assert reason.client and not reason.red
    assert reason.text() == (
        "1 support request past its target: Two receptionists stuck in a sign-in loop (not resolved, due 2026-11-27 13:05)"
    )
    assert reason.text("zh").startswith("1 个支持请求超出约定时限：")
    earlier = summarize(ws, "greenleaf-intranet", dt.date(2026, 11, 26))  # 14:05-18:00: under 8 working hours
    assert "health.support_late" not in [r.key for r in earlier.reasons]
