"""The working-day calendar and the case clock, against the published national schedules.

Dates checked against the State Council's notices: 2025 (国办发明电〔2024〕12号) and 2026
(国办发明电〔2025〕7号).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain.workcalendar import (
    CalendarError,
    DayKind,
    DayReason,
    DaySource,
    DeadlineThresholds,
    Pause,
    PauseKind,
    SpecialDay,
    WarningLevel,
    WorkCalendar,
    case_clock,
    national_schedule,
    parse_day,
)

D = date
CAL = WorkCalendar()


def _hall(day: date, kind: DayKind, name: str) -> SpecialDay:
    return SpecialDay(day, kind, name, DaySource.HALL)


# ---- the national schedule ----------------------------------------------------------------


def test_2025_and_2026_are_published_and_2027_is_not() -> None:
    assert {2025, 2026} <= CAL.published_years
    assert 2027 not in CAL.published_years
    assert CAL.is_provisional(D(2027, 3, 1)) and not CAL.is_provisional(D(2026, 3, 2))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 1, 4), True),  # Sunday worked for New Year 2026
        (D(2025, 9, 28), True),  # Sunday worked for National Day 2025
        (D(2025, 1, 26), True),  # Sunday before Spring Festival 2025
        (D(2025, 2, 8), True),  # Saturday after it
        (D(2025, 4, 27), True),  # Sunday before Labour Day 2025
        (D(2025, 10, 11), True),
        (D(2026, 2, 14), True),  # Saturday before Spring Festival 2026
        (D(2026, 2, 28), True),
        (D(2026, 5, 9), True),
        (D(2026, 9, 20), True),
        (D(2026, 10, 10), True),
        (D(2026, 1, 2), False),  # Friday, New Year
        (D(2026, 2, 23), False),  # Monday, last day of Spring Festival 2026
        (D(2026, 9, 25), False),  # Friday, Mid-Autumn 2026
        (D(2025, 10, 8), False),
        (D(2026, 3, 7), False),  # plain Saturday
        (D(2026, 3, 6), True),  # plain Friday
    ],
)
def test_published_days(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_status_names_the_reason() -> None:
    swapped = CAL.status(D(2026, 2, 14))
    assert swapped.working and swapped.reason is DayReason.SWAPPED_WORKDAY
    assert swapped.name == "春节" and swapped.source is DaySource.NATIONAL
    holiday = CAL.status(D(2026, 10, 1))
    assert not holiday.working and holiday.reason is DayReason.HOLIDAY and holiday.name == "国庆节"
    assert CAL.status(D(2026, 3, 7)).reason is DayReason.WEEKEND
    assert CAL.status(D(2026, 3, 6)).reason is DayReason.WEEKDAY
    assert CAL.status(D(2027, 3, 1)).provisional


def test_special_days_of_2026() -> None:
    days = CAL.special_days(2026)
    workdays = [d.day for d in days if d.kind is DayKind.WORKDAY]
    assert workdays == [
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ]
    holidays = [d.day for d in days if d.kind is DayKind.HOLIDAY]
    assert len(holidays) == 33  # 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert days == sorted(days, key=lambda d: d.day)
    assert national_schedule().source.startswith("chinesecalendar")


# ---- a week with a swapped Saturday -------------------------------------------------------


def test_week_with_a_swapped_saturday() -> None:
    # After Labour Day 2026 (May 1-5) the week runs Wednesday to Saturday May 9.
    assert CAL.working_days_between(D(2026, 5, 5), D(2026, 5, 10)).days == 4
    assert CAL.add_working_days(D(2026, 5, 7), 2).day == D(2026, 5, 9)  # the Saturday
    assert CAL.add_working_days(D(2026, 5, 8), 2).day == D(2026, 5, 11)  # Sunday skipped
    # Spring Festival 2025: Saturday Feb 8 is worked, so Friday + 1 is that Saturday.
    assert CAL.add_working_days(D(2025, 2, 7), 1).day == D(2025, 2, 8)
    # A plain week has five.
    assert CAL.working_days_between(D(2026, 3, 1), D(2026, 3, 8)).days == 5


# ---- Golden Weeks -------------------------------------------------------------------------


def test_golden_week_2025() -> None:
    # National Day + Mid-Autumn 2025: Oct 1-8 off; Sunday Sep 28 and Saturday Oct 11 worked.
    assert CAL.add_working_days(D(2025, 9, 26), 1).day == D(2025, 9, 28)
    assert CAL.add_working_days(D(2025, 9, 30), 1).day == D(2025, 10, 9)
    assert CAL.add_working_days(D(2025, 10, 10), 1).day == D(2025, 10, 11)
    # Sep 28, 29, 30, Oct 9, 10, 11.
    assert CAL.working_days_between(D(2025, 9, 27), D(2025, 10, 12)).days == 6
    assert not any(CAL.is_working_day(D(2025, 10, d)) for d in range(1, 9))
    # Labour Day 2025: May 1-5 off, Sunday Apr 27 worked.
    assert CAL.add_working_days(D(2025, 4, 25), 1).day == D(2025, 4, 27)
    assert CAL.add_working_days(D(2025, 4, 30), 1).day == D(2025, 5, 6)


def test_golden_week_2026() -> None:
    # National Day 2026: Oct 1-7 off; Sunday Sep 20 and Saturday Oct 10 worked;
    # Mid-Autumn is separate (Fri Sep 25 - Sun Sep 27).
    assert CAL.add_working_days(D(2026, 9, 30), 1).day == D(2026, 10, 8)
    assert CAL.add_working_days(D(2026, 9, 24), 1).day == D(2026, 9, 28)
    assert CAL.add_working_days(D(2026, 9, 18), 1).day == D(2026, 9, 20)
    assert CAL.add_working_days(D(2026, 10, 9), 1).day == D(2026, 10, 10)
    # Labour Day 2026: May 1-5 off.
    assert CAL.add_working_days(D(2026, 4, 30), 1).day == D(2026, 5, 6)


# ---- counting across the Spring Festival ----------------------------------------------------


def test_add_working_days_across_spring_festival() -> None:
    # 2026: Sat Feb 14 worked, Feb 15-23 off, Sat Feb 28 worked.
    assert CAL.add_working_days(D(2026, 2, 13), 1).day == D(2026, 2, 14)
    assert CAL.add_working_days(D(2026, 2, 13), 2).day == D(2026, 2, 24)
    # From Sun Feb 1: Feb 2-6 (5), 9-13 (10), 14 (11), 24-27 (15), 28 (16), Mar 2-5 (20).
    r = CAL.add_working_days(D(2026, 2, 1), 20)
    assert r.day == D(2026, 3, 5) and not r.provisional
    assert CAL.working_days_between(D(2026, 2, 1), D(2026, 3, 5)).days == 20
    # 2025: Jan 28 - Feb 4 off.
    assert CAL.add_working_days(D(2025, 1, 27), 1).day == D(2025, 2, 5)


def test_start_day_is_not_counted_and_zero_is_the_start() -> None:
    assert CAL.add_working_days(D(2026, 3, 2), 1).day == D(2026, 3, 3)
    assert CAL.add_working_days(D(2026, 3, 7), 1).day == D(2026, 3, 9)  # from a Saturday
    assert CAL.add_working_days(D(2026, 3, 2), 0).day == D(2026, 3, 2)
    assert CAL.working_days_between(D(2026, 3, 2), D(2026, 3, 2)).days == 0


def test_counting_back_and_between_in_reverse() -> None:
    assert CAL.add_working_days(D(2026, 2, 24), -1).day == D(2026, 2, 14)
    assert CAL.working_days_between(D(2026, 3, 5), D(2026, 2, 1)).days == -20


def test_add_and_between_agree() -> None:
    start = D(2025, 12, 20)
    for n in range(0, 80, 7):
        end = CAL.add_working_days(start, n).day
        assert CAL.working_days_between(start, end).days == n
        assert CAL.is_working_day(end) or n == 0


def test_a_year_without_a_schedule_is_provisional() -> None:
    # Dec 31 2026 (published) + Fri Jan 1 2027 (counted as a weekday, flagged) + Mon Jan 4.
    r = CAL.add_working_days(D(2026, 12, 30), 3)
    assert r.day == D(2027, 1, 4) and r.provisional
    assert not CAL.add_working_days(D(2026, 12, 28), 3).provisional
    assert CAL.working_days_between(D(2026, 12, 30), D(2027, 1, 5)).provisional
    assert CAL.special_days(2027) == []


@pytest.mark.parametrize("n", [True, 1.5, 10_000, -10_000])
def test_bad_counts_are_refused(n: object) -> None:
    with pytest.raises(CalendarError) as e:
        CAL.add_working_days(D(2026, 3, 2), n)  # type: ignore[arg-type]
    assert e.value.code == "calendar.bad_count" and e.value.message_zh


def test_parse_day() -> None:
    assert parse_day(" 2026-02-14 ") == D(2026, 2, 14)
    for bad in ("2026-02-30", "14.02.2026", ""):
        with pytest.raises(CalendarError) as e:
            parse_day(bad)
        assert e.value.code == "calendar.bad_date" and "YYYY-MM-DD" in str(e.value)


# ---- hall overrides -----------------------------------------------------------------------


def test_hall_overrides_win_over_the_national_schedule() -> None:
    cal = WorkCalendar(
        overrides=[
            _hall(D(2026, 2, 14), DayKind.HOLIDAY, "本厅闭厅"),  # national: swapped workday
            _hall(D(2026, 10, 5), DayKind.WORKDAY, "本厅值班"),  # national: holiday
            _hall(D(2026, 3, 4), DayKind.HOLIDAY, "区级节日"),  # plain Wednesday
            _hall(D(2027, 1, 1), DayKind.HOLIDAY, "元旦"),  # unpublished year
        ]
    )
    assert not cal.is_working_day(D(2026, 2, 14))
    assert cal.is_working_day(D(2026, 10, 5))
    assert not cal.is_working_day(D(2026, 3, 4))
    assert cal.add_working_days(D(2026, 2, 13), 1).day == D(2026, 2, 24)
    assert cal.add_working_days(D(2026, 3, 3), 1).day == D(2026, 3, 5)
    status = cal.status(D(2026, 10, 5))
    assert status.source is DaySource.HALL and status.name == "本厅值班"
    listed = {d.day: d for d in cal.special_days(2026)}
    assert listed[D(2026, 2, 14)].kind is DayKind.HOLIDAY
    assert listed[D(2026, 2, 14)].source is DaySource.HALL
    assert listed[D(2026, 3, 4)].source is DaySource.HALL
    # An override does not make an unpublished year published.
    r = cal.add_working_days(D(2026, 12, 31), 1)
    assert r.day == D(2027, 1, 4) and r.provisional
    # The national calendar is untouched.
    assert CAL.is_working_day(D(2026, 2, 14))


# ---- the case clock -----------------------------------------------------------------------


def test_clock_without_pauses() -> None:
    # Accepted Fri Feb 13 2026, 3 working days: Sat Feb 14, Tue Feb 24, Wed Feb 25.
    def at(day: date):  # type: ignore[no-untyped-def]
        return case_clock(CAL, D(2026, 2, 13), 3, on=day)

    assert at(D(2026, 2, 13)).due_date == D(2026, 2, 25)
    assert (at(D(2026, 2, 13)).remaining_days, at(D(2026, 2, 13)).level) == (3, "normal")
    assert (at(D(2026, 2, 14)).remaining_days, at(D(2026, 2, 14)).level) == (2, "yellow")
    assert at(D(2026, 2, 20)).remaining_days == 2  # holidays do not count
    assert (at(D(2026, 2, 25)).remaining_days, at(D(2026, 2, 25)).level) == (0, "yellow")
    late = at(D(2026, 2, 27))
    assert (late.remaining_days, late.level, late.overdue) == (-2, WarningLevel.RED, True)
    assert not late.stopped and late.paused_days == 0 and late.due_date == D(2026, 2, 25)


def test_a_closed_hearing_moves_the_due_date() -> None:
    # Accepted Mon Mar 2 2026, 5 days: Mar 9 without pauses.
    assert case_clock(CAL, D(2026, 3, 2), 5, on=D(2026, 3, 2)).due_date == D(2026, 3, 9)
    hearing = Pause(PauseKind.HEARING, D(2026, 3, 4), "申请人要求听证", end=D(2026, 3, 5))
    clock = case_clock(CAL, D(2026, 3, 2), 5, [hearing], on=D(2026, 3, 5))
    # Counted: Mar 3, 6, 9, 10, 11.
    assert clock.due_date == D(2026, 3, 11)
    assert (clock.used_days, clock.paused_days, clock.remaining_days) == (1, 2, 4)
    assert not clock.stopped


def test_an_open_expert_review_stops_the_clock() -> None:
    review = Pause(PauseKind.EXPERT_REVIEW, D(2026, 3, 4), "委托专家评审")
    during = case_clock(CAL, D(2026, 3, 2), 5, [review], on=D(2026, 3, 20))
    assert during.due_date is None and during.stopped and during.stopped_by == review
    assert (during.used_days, during.remaining_days) == (1, 4)  # frozen since Mar 4
    assert during.paused_days == 13
    assert during.level is WarningLevel.NORMAL
    before = case_clock(CAL, D(2026, 3, 2), 5, [review], on=D(2026, 3, 3))
    assert before.due_date is None and not before.stopped
    # The review ends: the clock restarts the next day.
    ended = Pause(PauseKind.EXPERT_REVIEW, D(2026, 3, 4), "委托专家评审", end=D(2026, 3, 20))
    after = case_clock(CAL, D(2026, 3, 2), 5, [ended], on=D(2026, 3, 24))
    assert after.due_date == D(2026, 3, 26)  # Mar 3, 23, 24, 25, 26
    assert (after.remaining_days, after.level) == (2, WarningLevel.YELLOW)


def test_an_open_procedure_after_the_due_date_leaves_it_known() -> None:
    late = Pause(PauseKind.INSPECTION, D(2026, 3, 10), "现场勘查")
    clock = case_clock(CAL, D(2026, 3, 2), 2, [late], on=D(2026, 3, 11))
    assert clock.due_date == D(2026, 3, 4)
    assert clock.stopped and clock.remaining_days == -3 and clock.level is WarningLevel.RED


def test_supplying_materials_does_not_count() -> None:
    # Legal aid: 7 working days; the applicant supplies materials over Spring Festival 2026.
    supplement = Pause(PauseKind.SUPPLEMENT, D(2026, 2, 12), "补正材料", end=D(2026, 2, 25))
    clock = case_clock(CAL, D(2026, 2, 10), 7, [supplement], on=D(2026, 2, 26))
    # Counted: Feb 11, 26, 27, 28 (Sat, worked), Mar 2, 3, 4.
    assert clock.due_date == D(2026, 3, 4)
    assert clock.paused_days == 5  # Feb 12, 13, 14 (Sat), 24, 25
    assert clock.used_days == 2


def test_extension_adds_days_and_may_pause() -> None:
    extension = Pause(
        PauseKind.EXTENSION, D(2026, 3, 20), "经负责人批准延长", added_days=10, stops_clock=False
    )
    clock = case_clock(CAL, D(2026, 3, 2), 20, [extension], on=D(2026, 3, 31))
    assert clock.total_limit == 30 and clock.added_days == 10
    assert clock.due_date == CAL.add_working_days(D(2026, 3, 2), 30).day
    assert clock.remaining_days == 30 - CAL.working_days_between(D(2026, 3, 2), D(2026, 3, 31)).days
    pausing = Pause(PauseKind.EXTENSION, D(2026, 3, 9), "延期", end=D(2026, 3, 13), added_days=5)
    clock = case_clock(CAL, D(2026, 3, 2), 5, [pausing], on=D(2026, 3, 2))
    # Five limit + five added = ten counted days, the week Mar 9-13 left out.
    assert clock.due_date == D(2026, 3, 23)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        (
            {"kind": PauseKind.HEARING, "start": D(2026, 3, 4), "reason": "  "},
            "clock.reason_required",
        ),
        (
            {
                "kind": PauseKind.HEARING,
                "start": D(2026, 3, 4),
                "reason": "x",
                "end": D(2026, 3, 3),
            },
            "clock.pause_ends_before_start",
        ),
        (
            {"kind": PauseKind.HEARING, "start": D(2026, 3, 4), "reason": "x", "added_days": 3},
            "clock.bad_added_days",
        ),
        (
            {"kind": PauseKind.EXTENSION, "start": D(2026, 3, 4), "reason": "x", "added_days": -1},
            "clock.bad_added_days",
        ),
        (
            {
                "kind": PauseKind.INSPECTION,
                "start": D(2026, 3, 4),
                "reason": "x",
                "stops_clock": False,
            },
            "clock.must_stop",
        ),
    ],
)
def test_bad_pauses_are_refused(kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(CalendarError) as e:
        Pause(**kwargs)  # type: ignore[arg-type]
    assert e.value.code == code and e.value.message_zh


def test_pause_before_acceptance_and_bad_limit_are_refused() -> None:
    early = Pause(PauseKind.HEARING, D(2026, 3, 2), "x", end=D(2026, 3, 3))
    with pytest.raises(CalendarError) as e:
        case_clock(CAL, D(2026, 3, 2), 5, [early], on=D(2026, 3, 3))
    assert e.value.code == "clock.pause_before_acceptance"
    for bad in (-1, True, 2.5):
        with pytest.raises(CalendarError) as e:
            case_clock(CAL, D(2026, 3, 2), bad, on=D(2026, 3, 3))  # type: ignore[arg-type]
        assert e.value.code == "clock.bad_limit"


def test_thresholds() -> None:
    t = DeadlineThresholds()
    assert [t.level(r, 20) for r in (3, 2, 0, -1)] == ["normal", "yellow", "yellow", "red"]
    strict = DeadlineThresholds(yellow_remaining_days=5, red_remaining_days=0)
    assert [strict.level(r, 20) for r in (6, 5, 1, 0)] == ["normal", "yellow", "yellow", "red"]
    pct = DeadlineThresholds(yellow_percent=25)
    assert pct.level(6, 20) is WarningLevel.NORMAL and pct.level(5, 20) is WarningLevel.YELLOW
    assert pct.level(3, 4) is WarningLevel.NORMAL  # 75 % of a short limit left
    for bad in ({"yellow_remaining_days": 1, "red_remaining_days": 1}, {"yellow_percent": 101}):
        with pytest.raises(CalendarError) as e:
            DeadlineThresholds(**bad)  # type: ignore[arg-type]
        assert e.value.code == "clock.bad_thresholds"


def test_clock_uses_the_thresholds_and_flags_provisional_years() -> None:
    t = DeadlineThresholds(yellow_remaining_days=5, red_remaining_days=0)
    clock = case_clock(CAL, D(2026, 3, 2), 5, on=D(2026, 3, 9), thresholds=t)
    assert (clock.remaining_days, clock.level) == (0, WarningLevel.RED)
    assert not clock.provisional
    year_end = case_clock(CAL, D(2026, 12, 21), 10, on=D(2026, 12, 22))
    assert year_end.provisional and year_end.due_date == D(2027, 1, 4)


def test_limit_zero_is_due_on_acceptance() -> None:
    clock = case_clock(CAL, D(2026, 3, 2), 0, on=D(2026, 3, 2))
    assert clock.due_date == D(2026, 3, 2) and clock.remaining_days == 0
    assert case_clock(CAL, D(2026, 3, 2), 0, on=D(2026, 3, 2) + timedelta(days=1)).overdue
