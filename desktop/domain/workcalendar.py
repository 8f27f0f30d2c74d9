"""The working-day calendar and the case clock (pure: no database, no clock of its own).

Time limits of matters count *working days*: Monday to Friday, minus the public holidays, plus
the weekend days the State Council's yearly schedule turns into working days (调休). The
national schedule is seeded from the ``chinesecalendar`` package (wrapped here: nothing else
imports it); a hall may override single days (a local holiday, a closure, an extra working day).

A year without a published schedule still works — weekdays count — but every result that
touched such a year says ``provisional=True``, so the window can show that the date may move
once the schedule is published.

Counting follows the law's habit: the start day is not counted. ``add_working_days(d, 1)`` is
the first working day after ``d``; ``working_days_between(a, b)`` counts the working days in
``(a, b]``, so ``working_days_between(d, add_working_days(d, n).day) == n``.

The case clock (:func:`case_clock`) counts a case's limit from its acceptance day, leaving out
the working days spent in special procedures (hearing, inspection, expert review, supplement,
extension), and grades what is left as normal / yellow / red.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from types import MappingProxyType
from typing import Protocol

from desktop.domain.errors import CodedError

__all__ = [
    "CALENDAR_DAYS",
    "MAX_SPAN_DAYS",
    "CalendarError",
    "CaseClock",
    "DayCalendar",
    "DayKind",
    "DayReason",
    "DaySource",
    "DayStatus",
    "DeadlineDates",
    "DeadlineThresholds",
    "NationalSchedule",
    "Pause",
    "PauseKind",
    "SpecialDay",
    "WarningLevel",
    "WeekdaysOnly",
    "WorkCalendar",
    "WorkingDate",
    "WorkingDayCount",
    "WorkingDays",
    "case_clock",
    "case_clock_from_record",
    "check_count",
    "deadline_dates",
    "deadline_dates_from_record",
    "national_schedule",
    "parse_day",
]

#: Longest span (calendar days) any calculation walks: ten years. Limits are days to weeks.
MAX_SPAN_DAYS = 3660


class CalendarError(CodedError, ValueError):
    """Bad input to the calendar or the clock."""

    code = "calendar.error"

    def __init__(self, code: str, message: str, message_zh: str) -> None:
        super().__init__(message, message_zh, code=code)


class DayKind(StrEnum):
    HOLIDAY = "holiday"
    WORKDAY = "workday"


class DaySource(StrEnum):
    NATIONAL = "national"  # the State Council's published schedule (via chinesecalendar)
    HALL = "hall"  # this hall's override (table calendar_days)


class DayReason(StrEnum):
    """Why a day is (not) a working day."""

    WEEKDAY = "weekday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # a public holiday or a hall's closing day
    SWAPPED_WORKDAY = "swapped_workday"  # a weekend day worked (调休), or a hall's extra day


@dataclass(frozen=True, slots=True)
class SpecialDay:
    """A day that differs from the plain Monday-to-Friday rule, or a hall's override."""

    day: date
    kind: DayKind
    name: str  # Chinese name of the holiday (national) or the hall's own text
    source: DaySource
    name_en: str = ""


@dataclass(frozen=True, slots=True)
class DayStatus:
    day: date
    working: bool
    reason: DayReason
    name: str
    source: DaySource | None  # None: the plain weekday/weekend rule
    provisional: bool  # the day's year has no published national schedule


@dataclass(frozen=True, slots=True)
class WorkingDate:
    day: date
    provisional: bool


@dataclass(frozen=True, slots=True)
class WorkingDayCount:
    days: int
    provisional: bool


# ---- the national schedule (the only place that knows chinesecalendar) -------------------

_HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


@dataclass(frozen=True, slots=True)
class NationalSchedule:
    """The published national schedule: special days and the years it covers completely."""

    days: Mapping[date, SpecialDay]
    years: frozenset[int]
    source: str  # e.g. "chinesecalendar 1.11.0"


@cache
def national_schedule() -> NationalSchedule:
    """The national schedule from the ``chinesecalendar`` package (read once)."""
    import chinese_calendar
    from chinese_calendar import constants

    days: dict[date, SpecialDay] = {}
    for table, kind in (
        (constants.holidays, DayKind.HOLIDAY),
        (constants.workdays, DayKind.WORKDAY),
    ):
        for day, holiday in table.items():
            en = str(getattr(holiday, "value", holiday))
            days[day] = SpecialDay(day, kind, _HOLIDAY_NAMES_ZH.get(en, en), DaySource.NATIONAL, en)
    years = frozenset(range(min(days).year, max(days).year + 1)) if days else frozenset()
    version = getattr(chinese_calendar, "__version__", "?")
    return NationalSchedule(MappingProxyType(days), years, f"chinesecalendar {version}")


# ---- the calendar --------------------------------------------------------------------------


def parse_day(text: str) -> date:
    """An ISO date (``2026-02-14``), or a :class:`CalendarError` that says how to write one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CalendarError(
            "calendar.bad_date",
            f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-02-14.",
            f"“{text}”不是有效日期，请按 YYYY-MM-DD 填写，例如 2026-02-14。",
        ) from None


class WorkCalendar:
    """National schedule plus the hall's overrides (an override wins over the national day)."""

    def __init__(
        self, national: NationalSchedule | None = None, overrides: Iterable[SpecialDay] = ()
    ) -> None:
        self.national = national if national is not None else national_schedule()
        self._overrides: dict[date, SpecialDay] = {}
        for o in overrides:
            if o.source is not DaySource.HALL:
                o = SpecialDay(o.day, o.kind, o.name, DaySource.HALL, o.name_en)
            self._overrides[o.day] = o

    @property
    def published_years(self) -> frozenset[int]:
        """Years with a published national schedule; other years are provisional."""
        return self.national.years

    @property
    def overrides(self) -> Mapping[date, SpecialDay]:
        return MappingProxyType(self._overrides)

    def is_provisional(self, day: date) -> bool:
        return day.year not in self.national.years

    def special_day(self, day: date) -> SpecialDay | None:
        return self._overrides.get(day) or self.national.days.get(day)

    def is_working_day(self, day: date) -> bool:
        special = self.special_day(day)
        if special is not None:
            return special.kind is DayKind.WORKDAY
        return day.weekday() < 5

    def status(self, day: date) -> DayStatus:
        special = self.special_day(day)
        provisional = self.is_provisional(day)
        if special is None:
            weekday = day.weekday() < 5
            reason = DayReason.WEEKDAY if weekday else DayReason.WEEKEND
            return DayStatus(day, weekday, reason, "", None, provisional)
        working = special.kind is DayKind.WORKDAY
        reason = DayReason.SWAPPED_WORKDAY if working else DayReason.HOLIDAY
        return DayStatus(day, working, reason, special.name, special.source, provisional)

    def special_days(self, year: int) -> list[SpecialDay]:
        """The year's holidays and swapped working days, overrides applied, in date order."""
        merged = {d: s for d, s in self.national.days.items() if d.year == year}
        merged.update({d: s for d, s in self._overrides.items() if d.year == year})
        return [merged[d] for d in sorted(merged)]

    def add_working_days(self, start: date, n: int) -> WorkingDate:
        """The day that is ``n`` working days after ``start`` (``start`` itself not counted).

        ``n = 0`` gives ``start``; a negative ``n`` counts backwards (the ``|n|``-th working
        day before ``start``).
        """
        check_count(n)
        step = timedelta(days=1 if n >= 0 else -1)
        left = abs(n)
        day = start
        provisional = False
        walked = 0
        while left:
            try:
                day += step
            except OverflowError:
                raise CalendarError(
                    "calendar.out_of_range",
                    f"Counting {n} working days from {start.isoformat()} leaves the calendar "
                    "(years 1 to 9999).",
                    f"从 {start.isoformat()} 起算 {n} 个工作日超出日历范围（公元1至9999年）。",
                ) from None
            walked += 1
            if walked > MAX_SPAN_DAYS:
                raise _span_error()
            provisional = provisional or self.is_provisional(day)
            if self.is_working_day(day):
                left -= 1
        return WorkingDate(day, provisional)

    def working_days_between(self, a: date, b: date) -> WorkingDayCount:
        """Working days in ``(a, b]``; negative when ``b`` is before ``a``."""
        if b < a:
            back = self.working_days_between(b, a)
            return WorkingDayCount(-back.days, back.provisional)
        if (b - a).days > MAX_SPAN_DAYS:
            raise _span_error()
        count = 0
        provisional = False
        for day in _days(a + timedelta(days=1), b):
            count += self.is_working_day(day)
            provisional = provisional or self.is_provisional(day)
        return WorkingDayCount(count, provisional)


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def check_count(n: int) -> None:
    """Refuse a number of working days that is not a whole number in the supported range."""
    if isinstance(n, bool) or not isinstance(n, int) or abs(n) > MAX_SPAN_DAYS // 2:
        raise CalendarError(
            "calendar.bad_count",
            f"The number of working days must be a whole number from -{MAX_SPAN_DAYS // 2} "
            f"to {MAX_SPAN_DAYS // 2}, got {n!r}.",
            f"工作日数须为 -{MAX_SPAN_DAYS // 2} 至 {MAX_SPAN_DAYS // 2} 之间的整数。",
        )


def _span_error() -> CalendarError:
    return CalendarError(
        "calendar.span_too_long",
        f"The calculation spans more than {MAX_SPAN_DAYS} days; check the dates.",
        f"计算跨度超过 {MAX_SPAN_DAYS} 天，请检查日期。",
    )


# ---- the hall's working days as the case service counts with them ---------------------------


class DayCalendar(Protocol):
    """What the case clock asks of a calendar: does a day count, is its schedule published."""

    def is_working_day(self, day: date) -> bool: ...

    def is_provisional(self, day: date) -> bool: ...


class _CalendarDays:
    """Every day counts: the clock of a matter whose limit is in calendar days (自然日)."""

    def is_working_day(self, day: date) -> bool:
        return True

    def is_provisional(self, day: date) -> bool:
        return False


CALENDAR_DAYS: DayCalendar = _CalendarDays()


class WorkingDays(Protocol):
    """The hall's working-day calendar (public holidays and 调休 weekends)."""

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself not counted)."""
        ...

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in ``(a, b]``; negative (those in ``(b, a]``) when ``b`` is before ``a``."""
        ...

    def snapshot(self) -> DayCalendar:
        """The calendar as it stands now, for the case clock to walk (one look-up per clock)."""
        ...


class WeekdaysOnly:
    """Monday to Friday, no holidays: a stand-in until the hall's calendar is plugged in."""

    def add_working_days(self, start: date, n: int) -> date:
        day = start
        step = 1 if n >= 0 else -1
        left = abs(n)
        while left:
            day += timedelta(days=step)
            if day.weekday() < 5:
                left -= 1
        return day

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5

    def is_provisional(self, day: date) -> bool:
        return False

    def snapshot(self) -> WeekdaysOnly:
        return self

    def working_days_between(self, a: date, b: date) -> int:
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a
        while day < b:
            day += timedelta(days=1)
            if day.weekday() < 5:
                count += 1
        return count


# ---- the case clock ------------------------------------------------------------------------


class PauseKind(StrEnum):
    """Special procedures (特别程序) that stop the clock; an extension may also add days."""

    EXTENSION = "extension"  # 延长审批
    HEARING = "hearing"  # 听证
    INSPECTION = "inspection"  # 现场勘查 / 检验检测
    EXPERT_REVIEW = "expert_review"  # 专家评审 / 鉴定
    SUPPLEMENT = "supplement"  # 补正材料: time supplying materials does not count
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Pause:
    """One special procedure. Working days ``start..end`` (both included) do not count.

    ``end=None``: still running, the clock is stopped and the due date is unknown until it ends.
    An extension may add ``added_days`` working days to the limit; with ``stops_clock=False``
    it only adds days (the usual 延长审批), with ``True`` it also pauses like the others.
    Other kinds always stop the clock and add nothing.
    """

    kind: PauseKind
    start: date
    reason: str
    end: date | None = None
    added_days: int = 0
    stops_clock: bool = True

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise CalendarError(
                "clock.reason_required",
                f"A special procedure ({self.kind}) needs a reason.",
                "特别程序须填写启动理由或依据。",
            )
        if self.end is not None and self.end < self.start:
            raise CalendarError(
                "clock.pause_ends_before_start",
                f"The special procedure ends ({self.end}) before it starts ({self.start}).",
                "特别程序的结束日期早于开始日期。",
            )
        if self.added_days < 0 or (self.added_days and self.kind is not PauseKind.EXTENSION):
            raise CalendarError(
                "clock.bad_added_days",
                "Only an extension adds working days to the limit, and never a negative number.",
                "只有延期可以延长时限，且延长天数不能为负数。",
            )
        if not self.stops_clock and self.kind is not PauseKind.EXTENSION:
            raise CalendarError(
                "clock.must_stop",
                f"A {self.kind} always stops the clock.",
                "听证、勘查、专家评审、补正等期间一律中止计时。",
            )

    def covers(self, day: date) -> bool:
        """Whether the clock stands still on ``day`` because of this procedure."""
        return self.stops_clock and self.start <= day and (self.end is None or day <= self.end)


class WarningLevel(StrEnum):
    NORMAL = "normal"
    YELLOW = "yellow"
    RED = "red"


@dataclass(frozen=True, slots=True)
class DeadlineThresholds:
    """When a case turns yellow or red; local configuration (settings ``[deadlines]``).

    Red when the remaining working days are at or below ``red_remaining_days`` (default -1:
    overdue). Yellow when at or below ``yellow_remaining_days`` (default 2) or — if
    ``yellow_percent`` > 0 — when no more than that percentage of the limit is left.
    """

    yellow_remaining_days: int = 2
    red_remaining_days: int = -1
    yellow_percent: int = 0

    def __post_init__(self) -> None:
        if self.red_remaining_days >= self.yellow_remaining_days:
            raise CalendarError(
                "clock.bad_thresholds",
                "The red threshold must be below the yellow one "
                f"(red {self.red_remaining_days}, yellow {self.yellow_remaining_days}).",
                "红色预警阈值须小于黄色预警阈值。",
            )
        if not 0 <= self.yellow_percent <= 100:
            raise CalendarError(
                "clock.bad_thresholds",
                f"yellow_percent must be 0 to 100, got {self.yellow_percent}.",
                "黄色预警百分比须在 0 到 100 之间。",
            )

    def level(self, remaining: int, limit: int) -> WarningLevel:
        if remaining <= self.red_remaining_days:
            return WarningLevel.RED
        if remaining <= self.yellow_remaining_days:
            return WarningLevel.YELLOW
        if self.yellow_percent and remaining * 100 <= self.yellow_percent * limit:
            return WarningLevel.YELLOW
        return WarningLevel.NORMAL


@dataclass(frozen=True, slots=True)
class CaseClock:
    """A case's clock as seen on day ``on``."""

    on: date
    accepted_on: date
    limit_days: int  # the matter's limit
    added_days: int  # by extensions
    due_date: date | None  # None while an open special procedure holds the clock
    used_days: int  # working days counted up to and including ``on``
    remaining_days: int  # limit + added - used; 0 on the due date, negative when overdue
    paused_days: int  # working days up to ``on`` left out by special procedures
    stopped: bool  # an open special procedure has started on or before ``on``
    stopped_by: Pause | None
    level: WarningLevel
    provisional: bool  # a year without a published schedule was involved
    pauses: tuple[Pause, ...] = field(default=())

    @property
    def total_limit(self) -> int:
        return self.limit_days + self.added_days

    @property
    def overdue(self) -> bool:
        return self.remaining_days < 0


def case_clock(
    calendar: DayCalendar,
    accepted_on: date,
    limit_days: int,
    pauses: Sequence[Pause] = (),
    *,
    on: date,
    thresholds: DeadlineThresholds | None = None,
) -> CaseClock:
    """Due date, remaining working days and warning level of a case on day ``on``.

    The acceptance day is not counted. A working day counts unless a special procedure covers
    it. The record is taken as it stands: every procedure listed applies (also one dated after
    ``on``), so the due date does not jump as the days pass.
    """
    thresholds = thresholds or DeadlineThresholds()
    if isinstance(limit_days, bool) or not isinstance(limit_days, int) or limit_days < 0:
        raise CalendarError(
            "clock.bad_limit",
            "The time limit must be a whole number of working days (0 or more), "
            f"got {limit_days!r}.",
            "办理时限须为不小于 0 的整数个工作日。",
        )
    for p in pauses:
        if p.start <= accepted_on:
            raise CalendarError(
                "clock.pause_before_acceptance",
                f"A special procedure starts on {p.start}, not after the acceptance day "
                f"{accepted_on}.",
                "特别程序的开始日期须晚于受理日期。",
            )
    added = sum(p.added_days for p in pauses)
    total = limit_days + added
    stopping = [p for p in pauses if p.stops_clock]

    def paused(day: date) -> bool:
        return any(p.covers(day) for p in stopping)

    provisional = False

    # Used and paused working days in (accepted_on, on].
    used = paused_days = 0
    if on > accepted_on:
        if (on - accepted_on).days > MAX_SPAN_DAYS:
            raise _span_error()
        for day in _days(accepted_on + timedelta(days=1), on):
            provisional = provisional or calendar.is_provisional(day)
            if calendar.is_working_day(day):
                if paused(day):
                    paused_days += 1
                else:
                    used += 1

    # Due date: the total-th counted day; unknown if an open procedure is reached first.
    due: date | None = accepted_on
    counted = walked = 0
    day = accepted_on
    open_starts = sorted(p.start for p in stopping if p.end is None)
    first_open = open_starts[0] if open_starts else None
    one_day, is_working_day = timedelta(days=1), calendar.is_working_day  # the hot loop
    while counted < total:
        day += one_day
        walked += 1
        if walked > MAX_SPAN_DAYS:
            raise _span_error()
        if first_open is not None and day >= first_open:
            due = None
            break
        provisional = provisional or calendar.is_provisional(day)
        if is_working_day(day) and not (stopping and paused(day)):
            counted += 1
    if due is not None:
        due = day

    holding = [p for p in stopping if p.end is None and p.start <= on]
    remaining = total - used
    return CaseClock(
        on=on,
        accepted_on=accepted_on,
        limit_days=limit_days,
        added_days=added,
        due_date=due,
        used_days=used,
        remaining_days=remaining,
        paused_days=paused_days,
        stopped=bool(holding),
        stopped_by=min(holding, key=lambda p: p.start) if holding else None,
        level=thresholds.level(remaining, total),
        provisional=provisional,
        pauses=tuple(pauses),
    )


def case_clock_from_record(
    calendar: DayCalendar,
    accepted_on: date,
    promised_on: date,
    pauses: Sequence[tuple[date, date | None]] = (),
    *,
    on: date,
    thresholds: DeadlineThresholds | None = None,
) -> CaseClock:
    """:func:`case_clock` of a case as the case service records it.

    The record keeps the promised date (moved on by each ended pause) and its pauses as the
    day a procedure started and the day it ended; the days it stood still are those in
    ``(start, end]`` (the start day still counted). The limit is what the promised date leaves
    once the ended pauses are taken out of it, so the catalog changing a matter's limit later
    does not move a case accepted before.
    """
    limit, procedures = _from_record(calendar, accepted_on, promised_on, pauses)
    return case_clock(calendar, accepted_on, limit, procedures, on=on, thresholds=thresholds)


def _from_record(
    calendar: DayCalendar,
    accepted_on: date,
    promised_on: date,
    pauses: Sequence[tuple[date, date | None]],
) -> tuple[int, list[Pause]]:
    """The limit and the special procedures a case's record stands for (see
    :func:`case_clock_from_record`)."""
    spans = [(max(start, accepted_on), end) for start, end in pauses]
    stood = sum(_counted(calendar, start, end) for start, end in spans if end is not None)
    limit = max(0, _counted(calendar, accepted_on, promised_on) - stood)
    procedures = [
        Pause(PauseKind.OTHER, start + timedelta(days=1), "recorded", end=end)
        for start, end in spans
        if end is None or end > start
    ]
    return limit, procedures


# ---- the clock as dates (what the database stores and filters on) --------------------------


@dataclass(frozen=True, slots=True)
class DeadlineDates:
    """The days on which a running case's clock changes colour, as :func:`case_clock` grades it.

    The remaining days of a running clock only ever go down (by one on each counted day), so
    each grade starts on one day and lasts: on day ``d`` (not before the acceptance day) the
    clock is red iff ``red_on <= d``, yellow iff ``yellow_on <= d < red_on``, overdue iff
    ``overdue_on <= d``, and ``due_on`` is its due date. A database can store these four dates
    and filter on them with an index, and agree with the clock.
    """

    due_on: date  # the clock's due date: the last day with 0 days left (0 left from then on)
    yellow_on: date  # first day yellow or worse
    red_on: date  # first day red
    overdue_on: date  # first day with fewer than 0 days left

    def level(self, day: date) -> WarningLevel:
        if self.red_on <= day:
            return WarningLevel.RED
        if self.yellow_on <= day:
            return WarningLevel.YELLOW
        return WarningLevel.NORMAL

    def overdue(self, day: date) -> bool:
        return self.overdue_on <= day


def deadline_dates(
    calendar: DayCalendar,
    accepted_on: date,
    limit_days: int,
    pauses: Sequence[Pause] = (),
    *,
    thresholds: DeadlineThresholds | None = None,
) -> DeadlineDates | None:
    """:func:`case_clock` as the dates its grade changes on; None while an open special
    procedure stops the clock (no grade moves until it ends).

    The grade's thresholds are remaining days: yellow at ``yellow_remaining_days`` or — with
    ``yellow_percent`` — at ``yellow_percent`` % of the limit (the larger), red at
    ``red_remaining_days``, overdue below 0, due at 0. The day the remaining days reach ``k``
    is the ``(total - k)``-th counted day after acceptance (the acceptance day itself when
    ``total <= k``), counted the way :func:`case_clock` counts: working days no procedure covers.
    """
    thresholds = thresholds or DeadlineThresholds()
    if any(p.stops_clock and p.end is None for p in pauses):
        return None
    # the same checks and totals as the clock (a bad record fails the same way)
    clock = case_clock(
        calendar, accepted_on, limit_days, pauses, on=accepted_on, thresholds=thresholds
    )
    total = clock.total_limit
    yellow = thresholds.yellow_remaining_days
    if thresholds.yellow_percent:
        yellow = max(yellow, thresholds.yellow_percent * total // 100)
    marks = {"due": 0, "yellow": yellow, "red": thresholds.red_remaining_days, "overdue": -1}
    # the n-th counted day for each mark (n <= 0: the acceptance day)
    wanted = {name: total - k for name, k in marks.items()}
    found = {name: accepted_on for name, n in wanted.items() if n <= 0}
    stopping = [p for p in pauses if p.stops_clock]
    last = max(wanted.values())
    counted = walked = 0
    day = accepted_on
    one_day, is_working_day = timedelta(days=1), calendar.is_working_day
    while counted < last:
        day += one_day
        walked += 1
        if walked > MAX_SPAN_DAYS:
            raise _span_error()
        if is_working_day(day) and not any(p.covers(day) for p in stopping):
            counted += 1
            for name, n in wanted.items():
                if n == counted:
                    found[name] = day
    return DeadlineDates(
        due_on=found["due"],
        yellow_on=found["yellow"],
        red_on=found["red"],
        overdue_on=found["overdue"],
    )


def deadline_dates_from_record(
    calendar: DayCalendar,
    accepted_on: date,
    promised_on: date,
    pauses: Sequence[tuple[date, date | None]] = (),
    *,
    thresholds: DeadlineThresholds | None = None,
) -> DeadlineDates | None:
    """:func:`deadline_dates` of a case as the case service records it (the record read as
    :func:`case_clock_from_record` reads it); None while a pause is open."""
    if any(end is None for _, end in pauses):
        return None
    limit, procedures = _from_record(calendar, accepted_on, promised_on, pauses)
    return deadline_dates(calendar, accepted_on, limit, procedures, thresholds=thresholds)


def _counted(calendar: DayCalendar, a: date, b: date) -> int:
    """Counted days in ``(a, b]`` (negative when ``b`` is before ``a``)."""
    if b < a:
        return -_counted(calendar, b, a)
    span = (b - a).days
    if span > MAX_SPAN_DAYS:
        raise _span_error()
    is_working_day = calendar.is_working_day
    return sum(1 for i in range(1, span + 1) if is_working_day(a + timedelta(days=i)))
