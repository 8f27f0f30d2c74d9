"""The supervisor's dashboard as plain records (效能监察): what ``desktop.services.oversight``
returns and the dashboard page and ``onewindow-admin report daily`` show.

Every figure is computed in SQL by the service (counts, sums and medians per group); these
records hold the few grouped rows, never a case. Times are seconds (None: nothing measured);
dates are the hall's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop.domain.queueing import StatsRow
from desktop.domain.ratings import FollowUpCounts

__all__ = [
    "CaseCounts",
    "CaseFigures",
    "Dashboard",
    "DayFigures",
    "DepartmentLoad",
    "Period",
    "PrintFault",
    "QueueFigures",
    "RatingFigures",
]

#: The longest period the dashboard reports over (a year and a day: a leap year's whole).
MAX_PERIOD_DAYS = 367


@dataclass(frozen=True, slots=True)
class Period:
    """The hall's days ``first`` to ``last``, both included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"a period ends on or after its start: {self.first} > {self.last}")

    @classmethod
    def ending(cls, last: date, days: int) -> Period:
        """The ``days`` days up to and including ``last`` (1: that day alone)."""
        return cls(last - timedelta(days=max(days, 1) - 1), last)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def each_day(self) -> tuple[date, ...]:
        return tuple(self.first + timedelta(days=i) for i in range(self.days))


@dataclass(frozen=True, slots=True)
class CaseCounts:
    """Cases of a period: accepted (received and accepted in it), and those that ended in it —
    issued, refused (不予受理), rejected (不予许可); ``finished`` of them had a promised date and
    a result (issued or rejected), ``in_time`` by the promised date (the hall's day)."""

    accepted: int = 0
    issued: int = 0
    refused: int = 0
    rejected: int = 0
    finished: int = 0
    in_time: int = 0

    @property
    def in_time_rate(self) -> float | None:
        """Share of finished cases finished by their promised date (0–1); None: none finished."""
        return self.in_time / self.finished if self.finished else None

    def __add__(self, other: CaseCounts) -> CaseCounts:
        return CaseCounts(
            self.accepted + other.accepted,
            self.issued + other.issued,
            self.refused + other.refused,
            self.rejected + other.rejected,
            self.finished + other.finished,
            self.in_time + other.in_time,
        )


@dataclass(frozen=True, slots=True)
class CaseFigures:
    """One matter's (``key`` its code) or one window's (``key`` the station) counts."""

    key: str
    name: str
    counts: CaseCounts


@dataclass(frozen=True, slots=True)
class DayFigures:
    day: date
    counts: CaseCounts


@dataclass(frozen=True, slots=True)
class DepartmentLoad:
    """A department's review work: now (open and claimed tasks — a lapsed claim is open —, the
    oldest one's creation) and over the period (the tasks decided in it, and of those the median
    seconds from a task's creation to its claim and to its decision — of the times in whole
    milliseconds: exact to the millisecond)."""

    code: str
    name: str
    open: int
    claimed: int
    oldest_at: datetime | None
    decided_in_period: int
    median_claim_s: float | None
    median_decide_s: float | None


@dataclass(frozen=True, slots=True)
class QueueFigures:
    """The queue over the period ``first`` … ``day`` (``day``: the period's last): the tickets'
    counts and times per queue and per window over every day of it, and who waits now (0 unless
    the period ends today)."""

    day: date
    waiting_now: int
    taken: int
    served: int
    no_shows: int
    queues: tuple[StatsRow, ...]
    windows: tuple[StatsRow, ...]
    #: The period's first day (None: ``day`` alone).
    first: date | None = None


@dataclass(frozen=True, slots=True)
class PrintFault:
    """Failed print jobs of one station with one error code (as they are now)."""

    station: str
    error_code: str
    jobs: int
    latest_at: datetime | None


@dataclass(frozen=True, slots=True)
class RatingFigures:
    """Ratings (好差评) of a period for one matter or window (the window that served the
    visit rated): 1 is 非常满意 … 5 非常不满意; 4 and 5 are bad. ``voided``: ratings an upheld
    appeal found malicious, left out of the others (as the follow-ups count them)."""

    key: str
    name: str
    ratings: int
    average: float | None
    bad: int
    voided: int = 0


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Everything the dashboard shows, for one period (and today beside it)."""

    period: Period
    today: date
    generated_at: datetime
    totals: CaseCounts
    today_totals: CaseCounts
    by_matter: tuple[CaseFigures, ...]
    by_window: tuple[CaseFigures, ...]
    daily: tuple[DayFigures, ...]
    departments: tuple[DepartmentLoad, ...]
    queue: QueueFigures | None
    print_faults: tuple[PrintFault, ...]
    ratings_by_matter: tuple[RatingFigures, ...]
    ratings_by_window: tuple[RatingFigures, ...]
    #: Open, late and appealed follow-ups of bad ratings, now (None: not known here).
    followups: FollowUpCounts | None = None

    @property
    def failed_print_jobs(self) -> int:
        return sum(f.jobs for f in self.print_faults)

    @property
    def open_reviews(self) -> int:
        return sum(d.open + d.claimed for d in self.departments)

    @property
    def bad_ratings(self) -> int:
        return sum(r.bad for r in self.ratings_by_matter)
