"""The clock as dates: on every day from acceptance on, the stored dates give the same grade,
the same overdue flag and the same due date as the case clock itself — over random calendars,
pauses, limits and thresholds (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.workcalendar import (
    CALENDAR_DAYS,
    DeadlineThresholds,
    Pause,
    PauseKind,
    WarningLevel,
    case_clock,
    case_clock_from_record,
    deadline_dates,
    deadline_dates_from_record,
)

START = date(2026, 11, 2)


class FlippedWeekdays:
    """Monday to Friday, with some days flipped (a holiday, a swapped working day)."""

    def __init__(self, flipped: frozenset[date]) -> None:
        self.flipped = flipped

    def is_working_day(self, day: date) -> bool:
        return (day.weekday() < 5) != (day in self.flipped)

    def is_provisional(self, day: date) -> bool:
        return False


@st.composite
def thresholds(draw: st.DrawFn) -> DeadlineThresholds:
    red = draw(st.integers(-4, 3))
    yellow = draw(st.integers(red + 1, red + 6))
    return DeadlineThresholds(yellow, red, draw(st.sampled_from([0, 0, 10, 25, 50, 100])))


@st.composite
def records(draw: st.DrawFn) -> tuple[object, date, date, list[tuple[date, date | None]]]:
    calendar = draw(
        st.one_of(
            st.just(CALENDAR_DAYS),
            st.builds(
                FlippedWeekdays,
                st.frozensets(st.integers(0, 120).map(lambda n: START + timedelta(days=n))),
            ),
        )
    )
    accepted = START + timedelta(days=draw(st.integers(0, 10)))
    promised = accepted + timedelta(days=draw(st.integers(0, 50)))
    spans: list[tuple[date, date | None]] = []
    day = accepted
    for _ in range(draw(st.integers(0, 3))):  # ended pauses, one after the other
        start = day + timedelta(days=draw(st.integers(0, 8)))
        end = start + timedelta(days=draw(st.integers(0, 8)))
        spans.append((start, end))
        day = end
    return calendar, accepted, promised, spans


@settings(max_examples=300, deadline=None)
@given(records(), thresholds())
def test_the_dates_grade_every_day_as_the_clock_does(record, th) -> None:  # type: ignore[no-untyped-def]
    calendar, accepted, promised, spans = record
    dates = deadline_dates_from_record(calendar, accepted, promised, spans, thresholds=th)
    assert dates is not None
    for offset in range(0, 90):
        on = accepted + timedelta(days=offset)
        clock = case_clock_from_record(calendar, accepted, promised, spans, on=on, thresholds=th)
        assert dates.level(on) is clock.level, (on, clock.remaining_days)
        assert dates.overdue(on) == clock.overdue, on
        assert dates.due_on == clock.due_date


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 30),
    st.lists(st.tuples(st.integers(1, 40), st.integers(0, 10), st.integers(0, 5)), max_size=3),
    thresholds(),
)
def test_extensions_and_pauses_of_the_domain_clock(limit, raw, th) -> None:  # type: ignore[no-untyped-def]
    accepted = START
    pauses = [
        Pause(
            PauseKind.EXTENSION,
            accepted + timedelta(days=s),
            "ext",
            end=accepted + timedelta(days=s + length),
            added_days=added,
        )
        for s, length, added in raw
    ]
    dates = deadline_dates(CALENDAR_DAYS, accepted, limit, pauses, thresholds=th)
    assert dates is not None
    for offset in range(0, 120):
        on = accepted + timedelta(days=offset)
        clock = case_clock(CALENDAR_DAYS, accepted, limit, pauses, on=on, thresholds=th)
        assert dates.level(on) is clock.level
        assert dates.overdue(on) == clock.overdue
        assert dates.due_on == clock.due_date


def test_an_open_pause_has_no_dates() -> None:
    assert (
        deadline_dates_from_record(
            CALENDAR_DAYS, START, START + timedelta(days=5), [(START + timedelta(days=1), None)]
        )
        is None
    )


def test_a_weekend_after_the_due_date_is_not_yet_overdue() -> None:
    # Friday 2026-11-06 due; Saturday and Sunday still 0 left; overdue from Monday
    cal = FlippedWeekdays(frozenset())
    dates = deadline_dates_from_record(cal, START, date(2026, 11, 6))
    assert dates is not None
    assert dates.due_on == date(2026, 11, 6)
    assert dates.overdue_on == dates.red_on == date(2026, 11, 9)
    assert dates.level(date(2026, 11, 8)) is WarningLevel.YELLOW
    # two working days left on Wednesday the 4th: yellow from then
    assert dates.yellow_on == date(2026, 11, 4)


def test_yellow_percent_moves_yellow_earlier() -> None:
    th = DeadlineThresholds(yellow_remaining_days=1, red_remaining_days=-1, yellow_percent=50)
    dates = deadline_dates(CALENDAR_DAYS, START, 20, thresholds=th)
    assert dates is not None
    assert dates.yellow_on == START + timedelta(days=10)  # 10 of 20 left
    assert dates.due_on == START + timedelta(days=20)


@pytest.mark.parametrize("limit", [0, 1])
def test_short_limits(limit: int) -> None:
    dates = deadline_dates(CALENDAR_DAYS, START, limit)
    assert dates is not None and dates.yellow_on == START
