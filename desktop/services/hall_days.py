"""The hall's days in SQL, shared by the dashboard's rolled-up figures (``daily_figures``,
``daily_review``): a UTC moment's hall day, a duration, a period's bounds, and which of a
period's days are read from the rollups and which are computed live (:class:`DayPlan`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, Connection, Date, func, literal_column
from sqlalchemy import cast as sql_cast

from desktop.domain.oversight import Period

__all__ = ["DayPlan", "DaySql", "as_day", "day_bounds", "runs_of"]


class DaySql:
    """The few expressions that differ between PostgreSQL and SQLite, and the hall's UTC offset
    (minutes) its days are cut at."""

    def __init__(self, dialect: str, offset_minutes: int) -> None:
        self.pg = dialect == "postgresql"
        self.offset = offset_minutes

    @classmethod
    def of(cls, conn: Connection, tz: tzinfo) -> DaySql:
        offset = datetime.now(tz).utcoffset() or timedelta(0)
        return cls(conn.dialect.name, int(offset.total_seconds() // 60))

    def local_day(self, column: Any) -> ColumnElement[Any]:
        """The hall's day of a UTC moment (SQLite holds it as naive UTC text)."""
        if self.pg:
            shifted = func.timezone("UTC", column) + literal_column(
                f"interval '{int(self.offset)} minutes'"
            )
            return sql_cast(shifted, Date)
        return func.date(column, f"{int(self.offset):+d} minutes")

    def seconds(self, start: Any, end: Any) -> ColumnElement[Any]:
        if self.pg:
            return func.extract("epoch", end - start)
        # (julianday is a double of days: rounded to the millisecond it held)
        return func.round((func.julianday(end) - func.julianday(start)) * 86400.0, 3)


def day_bounds(period: Period, tz: tzinfo) -> tuple[datetime, datetime]:
    """The period's first and after-last moments, in UTC (the columns hold UTC)."""
    start = datetime.combine(period.first, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(period.last + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def as_day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def runs_of(days: Sequence[date], most: int | None = None) -> list[Period]:
    """Sorted ``days`` as runs of consecutive days; with ``most``, the nearest runs merged
    until there are no more than that."""
    runs: list[Period] = []
    for day in sorted(days):
        if runs and runs[-1].last + timedelta(days=1) == day:
            runs[-1] = Period(runs[-1].first, day)
        else:
            runs.append(Period(day, day))
    while most is not None and len(runs) > most:
        gaps = [(runs[i + 1].first - runs[i].last, i) for i in range(len(runs) - 1)]
        _gap, i = min(gaps)
        runs[i : i + 2] = [Period(runs[i].first, runs[i + 1].last)]
    return runs


#: The dashboard computes the days not rolled up in at most this many runs of days (nearby runs
#: merged, the days between them dropped from the answer).
MAX_LIVE_RUNS = 4


@dataclass(frozen=True, slots=True)
class DayPlan:
    """A period's days: those read from the rollups (``rolled``) and those computed live
    (``live``, in at most :data:`MAX_LIVE_RUNS` ``runs`` — a run may span rolled days, whose
    live rows are dropped: keep only the rows of :attr:`wanted` days)."""

    period: Period
    rolled: frozenset[date]
    live: tuple[date, ...]

    @classmethod
    def of(cls, period: Period, rolled: set[date] | frozenset[date]) -> DayPlan:
        return cls(
            period,
            frozenset(rolled),
            tuple(d for d in period.each_day() if d not in rolled),
        )

    @property
    def wanted(self) -> frozenset[date]:
        return frozenset(self.live)

    @property
    def runs(self) -> list[Period]:
        return runs_of(self.live, MAX_LIVE_RUNS)

    def rolled_where(self, day: Any) -> list[ColumnElement[bool]]:
        """The conditions on a rollup table's ``day`` column selecting the rolled days (none
        rolled: do not read the table)."""
        first, last = min(self.rolled), max(self.rolled)
        where: list[ColumnElement[bool]] = [day >= first, day <= last]
        holes = [d for d in self.live if first < d < last]
        if holes:
            where.append(day.not_in(holes))
        return where
