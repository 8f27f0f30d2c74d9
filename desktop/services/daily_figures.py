"""The dashboard's case figures per hall day, matter and receiving window: rolled up by the
daily sweep into ``daily_figures``, the rest computed live from the case rows by the same SQL.

A **cell** is one (matter, receiving window, hall day) with its :class:`CaseCounts` — accepted
by the day the case was received, issued / refused / rejected / finished / in time by the day it
ended. Every figure of a cell is a count, so a period's figures are the sum of its days' cells,
whether read from the rollup or computed live: :func:`period_figures` sums to exactly the figures
:func:`live_cells` gives over the whole period (the same keys, zero cells included).

**Rolling up** (:func:`roll_up`, the sweep's ``rollups`` step; idempotent): every day from the
first case (at most :data:`HORIZON_DAYS` back) to yesterday that is not rolled up, newest first,
at most ``limit`` days a run (the next run goes on); yesterday is always rolled up again (its
late evening's changes). A day's rows and its mark in ``daily_rollups`` are written in one
transaction. **Late changes**: a case changed after its days were rolled up (accepted after
its day of receipt, revoked, …) bumps ``updated_at``; each run reads the cases changed since
the last run looked (``rollup_watermarks``, less :data:`LATE_MARGIN` for transactions in flight
and stations' clocks a little apart), forgets the rollups of the days they were received or
ended on, and rolls them up again. The dashboard does the same read since the watermark (an
index range over the changes since the last sweep: today's work) and computes those days live,
so a change shows at once. Rollups cut at another UTC offset of the hall's time zone (the zone
was changed) are not used and are rolled up again.

The same days, marks and watermark carry the review load (decided tasks and the medians of
the time to claim and to decide, exact to the millisecond) and the ratings, rolled up in the
same transaction: ``desktop.services.daily_review`` (its late changes: tasks decided, cases
resubmitted, ratings given, follow-ups changed since). The dashboard takes one
:class:`~desktop.services.hall_days.DayPlan` (:func:`day_plan`) for all three. A row written by
hand without bumping ``updated_at`` (or, for tasks and ratings, with a moment before the
watermark) is not seen as a late change (nor is it by the live board's other caches).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Table,
    and_,
    delete,
    func,
    insert,
    select,
)

from desktop.domain.oversight import CaseCounts, Period
from desktop.domain.times import as_utc
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import Case, DailyFigures, DailyRollup, RollupWatermark
from desktop.services import daily_review
from desktop.services.hall_days import (
    DayPlan,
    DaySql,
    as_day,
    day_bounds,
    runs_of,
)

__all__ = [
    "HORIZON_DAYS",
    "LATE_MARGIN",
    "Cell",
    "DayPlan",
    "DaySql",
    "PeriodFigures",
    "as_day",
    "day_bounds",
    "day_plan",
    "forget_rollups",
    "live_cells",
    "period_figures",
    "plan_figures",
    "roll_up",
]

Cell = tuple[str, str, date, CaseCounts]

_C = cast(Table, Case.__table__)
_F = cast(Table, DailyFigures.__table__)
_R = cast(Table, DailyRollup.__table__)
_W = cast(Table, RollupWatermark.__table__)
_WATERMARK = "cases"
_COUNTS = ("accepted", "issued", "refused", "rejected", "finished", "in_time")

#: How far back the sweep rolls days up (two years: any period the dashboard allows, and more).
HORIZON_DAYS = 2 * 366
#: Changes this much older than the watermark still count as late (a transaction that began
#: before the sweep looked and committed after; another station's clock a little behind).
LATE_MARGIN = timedelta(minutes=10)
#: Days rolled up in one transaction at most.
_CHUNK_DAYS = 31
_runs = runs_of
# ---- live ------------------------------------------------------------------------------------


def live_cells(conn: Connection, sql: DaySql, period: Period, tz: tzinfo) -> list[Cell]:
    """Per (matter, receiving window, hall day): two statements, one over the cases received in
    the period (its received-at index: accepted, by the day received), one over those that
    ended in it (the completed-at index: the rest, by the day ended). A few thousand grouped
    rows for a year, whatever the number of cases."""
    start, end = day_bounds(period, tz)
    c = _C.c
    cells: dict[tuple[str, str, date], CaseCounts] = {}
    received_day = sql.local_day(c.received_at).label("day")
    for matter, window, day, accepted in conn.execute(
        select(c.matter_code, c.received_station, received_day, func.count())
        .where(c.received_at >= start, c.received_at < end, c.accepted_at.is_not(None))
        .group_by(c.matter_code, c.received_station, received_day)
    ).all():
        key = (str(matter), str(window), as_day(day))
        cells[key] = cells.get(key, CaseCounts()) + CaseCounts(accepted=int(accepted))
    decided = and_(c.state.in_(("issued", "rejected")), c.promised_date.is_not(None))
    ended_day = sql.local_day(c.completed_at).label("day")
    for matter, window, day, *counts in conn.execute(
        select(
            c.matter_code,
            c.received_station,
            ended_day,
            func.count().filter(c.state == "issued"),
            func.count().filter(c.state == "refused"),
            func.count().filter(c.state == "rejected"),
            func.count().filter(decided),
            func.count().filter(and_(decided, ended_day <= c.promised_date)),
        )
        .where(c.completed_at >= start, c.completed_at < end)
        .group_by(c.matter_code, c.received_station, ended_day)
    ).all():
        key = (str(matter), str(window), as_day(day))
        cells[key] = cells.get(key, CaseCounts()) + CaseCounts(0, *(int(v or 0) for v in counts))
    return [(*key, counts) for key, counts in cells.items()]


# ---- rolled up + live ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """A period's case figures: ``cells`` of the days computed live, and the days rolled up
    summed in SQL — per matter and window (``by_key``: every key a rolled-up cell has, zero
    ones included) and per day (``by_day``)."""

    cells: list[Cell]
    by_key: list[tuple[str, str, CaseCounts]] = field(default_factory=list)
    by_day: dict[date, CaseCounts] = field(default_factory=dict)

    def keyed(self) -> list[tuple[str, str, CaseCounts]]:
        return [(m, w, c) for m, w, _d, c in self.cells] + self.by_key

    def days(self) -> dict[date, CaseCounts]:
        days = dict(self.by_day)
        for _m, _w, day, counts in self.cells:
            days[day] = days.get(day, CaseCounts()) + counts
        return days


def day_plan(
    conn: Connection, sql: DaySql, period: Period, today: date, *, rollups: bool = True
) -> DayPlan:
    """Which of the period's days are read from the rollups (before today, at this offset, not
    changed since) and which are computed live (all of them without ``rollups``)."""
    return DayPlan.of(period, _usable_days(conn, sql, period, today) if rollups else set())


def period_figures(
    conn: Connection, sql: DaySql, period: Period, today: date, tz: tzinfo
) -> PeriodFigures:
    """The period's figures: the days rolled up from ``daily_figures``, the others live —
    summing to the same figures as :func:`live_cells` over the whole period."""
    return plan_figures(conn, sql, day_plan(conn, sql, period, today), tz)


def plan_figures(conn: Connection, sql: DaySql, plan: DayPlan, tz: tzinfo) -> PeriodFigures:
    """The case figures of ``plan``'s period: its rolled-up days summed in SQL, its live days
    computed (in at most :data:`~desktop.services.hall_days.MAX_LIVE_RUNS` statement pairs)."""
    wanted = plan.wanted
    cells: list[Cell] = []
    for run in plan.runs:
        cells.extend(c for c in live_cells(conn, sql, run, tz) if c[2] in wanted)
    if not plan.rolled:
        return PeriodFigures(cells)
    f = _F.c
    between = plan.rolled_where(f.day)
    sums = [func.sum(f[n]) for n in _COUNTS]
    by_key = [
        (str(r[0]), str(r[1]), CaseCounts(*(int(v) for v in r[2:])))
        for r in conn.execute(
            select(f.matter_code, f.window, *sums).where(*between).group_by(f.matter_code, f.window)
        ).all()
    ]
    by_day = {
        as_day(r[0]): CaseCounts(*(int(v) for v in r[1:]))
        for r in conn.execute(select(f.day, *sums).where(*between).group_by(f.day)).all()
    }
    return PeriodFigures(cells, by_key, by_day)


def _usable_days(conn: Connection, sql: DaySql, period: Period, today: date) -> set[date]:
    last = min(period.last, today - timedelta(days=1))
    if last < period.first:
        return set()
    seen_until = conn.scalar(select(_W.c.seen_until).where(_W.c.name == _WATERMARK))
    if seen_until is None:
        return set()
    days = {
        as_day(d)
        for d in conn.scalars(
            select(_R.c.day).where(
                _R.c.day >= period.first, _R.c.day <= last, _R.c.offset_minutes == sql.offset
            )
        )
    }
    if not days:
        return days
    return days - _touched_days(conn, sql, as_utc(seen_until) - LATE_MARGIN)


def _touched_days(conn: Connection, sql: DaySql, since: datetime) -> set[date]:
    """The hall days cases changed after ``since`` were received or ended on, and those whose
    review load or ratings changed (:func:`desktop.services.daily_review.touched_days`)."""
    c = _C.c
    received, ended = sql.local_day(c.received_at), sql.local_day(c.completed_at)
    rows = conn.execute(
        select(received, ended).where(c.updated_at > since).group_by(received, ended)
    ).all()
    days = {as_day(v) for row in rows for v in row if v is not None}
    return days | daily_review.touched_days(conn, sql, since)


# ---- the sweep's step ------------------------------------------------------------------------


def roll_up(db: Database, tz: tzinfo, now: datetime, *, limit: int) -> dict[str, Any]:
    """Roll up the days not rolled up (newest first, at most ``limit``), yesterday again, and
    the days late changes touched since the last run looked. Idempotent."""
    started = as_utc(now)
    today = started.astimezone(tz).date()
    yesterday = today - timedelta(days=1)
    with uow.transaction(db) as conn:
        sql = DaySql.of(conn, tz)
        other_offset = conn.execute(delete(_R).where(_R.c.offset_minutes != sql.offset)).rowcount
        seen_until = conn.scalar(select(_W.c.seen_until).where(_W.c.name == _WATERMARK))
        marked = {as_day(d) for d in conn.scalars(select(_R.c.day))}
        stale = {yesterday}
        if seen_until is not None:
            stale |= _touched_days(conn, sql, as_utc(seen_until) - LATE_MARGIN)
        stale &= marked
        _forget(conn, stale)
        marked -= stale
        conn.execute(delete(_F).where(_F.c.day.not_in(select(_R.c.day))))  # no mark, no rows
        if other_offset:  # (a scan of the review times: only when marks went without rows)
            daily_review.forget_unmarked(conn, select(_R.c.day))
        conn.execute(delete(_W).where(_W.c.name == _WATERMARK))
        conn.execute(insert(_W).values(name=_WATERMARK, seen_until=started))
        first_received = conn.scalar(select(func.min(_C.c.received_at)))
        if first_received is None:
            missing: list[date] = []
        else:
            first = (as_utc(first_received) + timedelta(minutes=sql.offset)).date()
            first = max(first, today - timedelta(days=HORIZON_DAYS))
            missing = [
                d
                for d in (
                    yesterday - timedelta(days=i) for i in range((yesterday - first).days + 1)
                )
                if d not in marked
            ]
    todo = missing[: max(limit, 0)]
    for run in _runs(todo):
        for chunk in _chunks(run, _CHUNK_DAYS):
            _roll(db, sql, chunk, tz, started)
    return {
        "rolled_up": len(todo),
        "late_days": len(stale - {yesterday}),
        "remaining": len(missing) - len(todo),
        **({"other_offset_forgotten": other_offset} if other_offset else {}),
    }


def forget_rollups(db: Database) -> None:
    """Forget every rollup (for rows written with past moments, e.g. the demo's activity): the
    dashboard computes every day live until the next sweep rolls them up again."""
    with uow.transaction(db) as conn:
        conn.execute(delete(_F))
        daily_review.forget_all(conn)
        conn.execute(delete(_R))


def _forget(conn: Connection, days: Iterable[date]) -> None:
    days = sorted(days)
    for i in range(0, len(days), 500):
        some = days[i : i + 500]
        conn.execute(delete(_F).where(_F.c.day.in_(some)))
        daily_review.forget_days(conn, some)
        conn.execute(delete(_R).where(_R.c.day.in_(some)))


def _chunks(run: Period, size: int) -> Iterable[Period]:
    first = run.first
    while first <= run.last:
        last = min(run.last, first + timedelta(days=size - 1))
        yield Period(first, last)
        first = last + timedelta(days=1)


def _roll(db: Database, sql: DaySql, days: Period, tz: tzinfo, at: datetime) -> None:
    with uow.transaction(db) as conn:
        inside = set(days.each_day())
        cells = [c for c in live_cells(conn, sql, days, tz) if c[2] in inside]
        if cells:
            conn.execute(
                insert(_F),
                [
                    {
                        "day": day,
                        "matter_code": matter,
                        "window": window,
                        **{n: getattr(counts, n) for n in _COUNTS},
                    }
                    for matter, window, day, counts in cells
                ],
            )
        daily_review.roll_days(conn, sql, days, tz)
        conn.execute(
            insert(_R),
            [{"day": d, "offset_minutes": sql.offset, "rolled_at": at} for d in days.each_day()],
        )
