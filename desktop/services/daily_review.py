"""The dashboard's review load and ratings per hall day: rolled up by the daily sweep beside
the case figures (``desktop.services.daily_figures``: the same days, marks and late changes),
the rest computed live by the same SQL — the same figures either way.

**Review load over a period** (the tasks decided in it, by the hall day of their decision):

- *decided* per day × department (``daily_review_load``): a count, summed. The department's
  name is the one it had on the latest day it decided in the period (the greatest that day);
- *the medians* of the time from a task's creation to its claim and to its decision. A median
  is not a sum, so each day × department × kind keeps its tasks' times — **in whole
  milliseconds** (PostgreSQL's microseconds rounded; SQLite holds milliseconds) — twice: counted
  per coarse **bucket** (``daily_review_buckets``; :func:`bucket_of`: minutes under an hour,
  five minutes under a day, hours under 30 days, days under a year, weeks after), and exactly
  (``daily_review_times``: each time with its number of tasks, keyed by department, kind,
  bucket and day). A period's median is found in two small reads: the buckets summed over the
  period say which bucket holds the middle task(s) and at which rank; that bucket's exact times
  over the period, counted up in SQL (a window sum), give the value — a few rows back. The
  median is that of the times in whole milliseconds — the mean of the middle two for an even
  number, as ``percentile_cont(0.5)`` — so it is exact to the millisecond (the page shows
  tenths of a minute, the report seconds), and the live figures (today, days changed since the
  sweep, or no rollups at all) are computed the same way: with rollups or without, the same
  float.

**Ratings over a period** (by the hall day rated): per day × matter × window (the window that
served the visit rated; ``daily_ratings``) the counted ratings, the bad ones (scores 4 and 5),
the sum of their scores, and the voided ones (an appeal upheld) — sums all; the mean score is
the sum over the count, rounded to two places (as ``RatingFollowUps.rating_counts``).

**Late changes** (:func:`touched_days`, beside the cases'): a task decided after the sweep
looked (its day); a resubmission since (it reopens the returned tasks, whose return is no longer
a decision: the days of that case's returns); a rating given since (its day); a follow-up changed
since (voided or not: its rating's day).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from itertools import pairwise
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    Integer,
    Select,
    Table,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy import cast as sql_cast

from desktop.domain.oversight import Period
from desktop.domain.ratings import FollowUpState
from desktop.persistence.models import (
    Case,
    CaseRating,
    CaseStep,
    DailyRatings,
    DailyReviewBucket,
    DailyReviewLoad,
    DailyReviewTime,
    RatingFollowUp,
    ReviewTask,
)
from desktop.services.hall_days import DayPlan, DaySql, as_day, day_bounds

__all__ = [
    "KINDS",
    "RatingSums",
    "ReviewFigures",
    "bucket_of",
    "forget_all",
    "forget_days",
    "rating_sums",
    "review_figures",
    "roll_days",
    "touched_days",
]

_K = cast(Table, ReviewTask.__table__)
_C = cast(Table, Case.__table__)
_S = cast(Table, CaseStep.__table__)
_RA = cast(Table, CaseRating.__table__)
_FU = cast(Table, RatingFollowUp.__table__)
_LOAD = cast(Table, DailyReviewLoad.__table__)
_BUCKETS = cast(Table, DailyReviewBucket.__table__)
_TIMES = cast(Table, DailyReviewTime.__table__)
_RATINGS = cast(Table, DailyRatings.__table__)
TABLES = (_LOAD, _BUCKETS, _TIMES, _RATINGS)

#: The two times a decided task's median is taken of: creation to claim, creation to decision.
KINDS = ("claim", "decide")
_HOUR, _DAY = 3_600_000, 86_400_000
#: The buckets (milliseconds): from, width, first bucket number — minutes under an hour, five
#: minutes under a day, hours under 30 days, days under a year, weeks after; a negative time
#: (clocks apart) is bucket -1.
_SCALE = (
    (0, 60_000, 0),
    (_HOUR, 300_000, 60),
    (_DAY, _HOUR, 336),
    (30 * _DAY, _DAY, 1032),
    (365 * _DAY, 7 * _DAY, 1367),
)
_RATING_SUMS = ("rated", "bad", "score_sum", "voided")


def bucket_of(millis: int) -> int:
    """The coarse bucket of a time in milliseconds (:func:`_bucket` in SQL)."""
    if millis < 0:
        return -1
    start, width, first = next(s for s in reversed(_SCALE) if millis >= s[0])
    return first + (millis - start) // width


def _bucket(m: ColumnElement[Any]) -> ColumnElement[Any]:
    whens: list[tuple[ColumnElement[bool], ColumnElement[Any]]] = [(m < 0, literal(-1))]
    for (start, width, first), (end, _w, _f) in pairwise(_SCALE):
        whens.append((m < end, first + (m - start) // width))
    start, width, first = _SCALE[-1]
    return case(*whens, else_=first + (m - start) // width)


def _millis(sql: DaySql, start: Any, end: Any) -> ColumnElement[Any]:
    """Whole milliseconds from ``start`` to ``end`` (NULL when either is)."""
    if sql.pg:
        return sql_cast(func.round(func.extract("epoch", end - start) * 1000), BigInteger)
    return sql_cast(
        func.round((func.julianday(end) - func.julianday(start)) * 86_400_000.0), Integer
    )


def _kind_end(kind: str) -> Any:
    return _K.c.claimed_at if kind == "claim" else _K.c.decided_at


def _decided_in(sql: DaySql, days: Period, tz: tzinfo) -> list[ColumnElement[bool]]:
    start, end = day_bounds(days, tz)
    return [_K.c.decided_at >= start, _K.c.decided_at < end]


# ---- live ------------------------------------------------------------------------------------


def _load_select(sql: DaySql, days: Period, tz: tzinfo) -> Select[Any]:
    k = _K.c
    day = sql.local_day(k.decided_at).label("day")
    return (
        select(day, k.department_code, func.max(k.department_name), func.count())
        .where(*_decided_in(sql, days, tz))
        .group_by(day, k.department_code)
    )


def _times(sql: DaySql, days: Period, tz: tzinfo, kind: str) -> Any:
    """The period's decided tasks' (day, department, millis, bucket) of one kind (a subquery)."""
    k = _K.c
    inner = (
        select(
            sql.local_day(k.decided_at).label("day"),
            k.department_code.label("dept"),
            _millis(sql, k.created_at, _kind_end(kind)).label("m"),
        )
        .where(*_decided_in(sql, days, tz), _kind_end(kind).is_not(None))
        .subquery()
    )
    return inner, _bucket(inner.c.m)


def _bucket_select(sql: DaySql, days: Period, tz: tzinfo, kind: str) -> Select[Any]:
    inner, bucket = _times(sql, days, tz, kind)
    b = bucket.label("bucket")
    return select(inner.c.day, inner.c.dept, literal(kind), b, func.count()).group_by(
        inner.c.day, inner.c.dept, b
    )


def _time_select(
    sql: DaySql, days: Period, tz: tzinfo, kind: str, buckets: Iterable[tuple[str, int]] | None
) -> Select[Any]:
    inner, bucket = _times(sql, days, tz, kind)
    b = bucket.label("bucket")
    stmt = select(
        inner.c.dept,
        literal(kind).label("kind"),
        b,
        inner.c.day,
        inner.c.m.label("millis"),
        func.count().label("n"),
    ).group_by(inner.c.dept, b, inner.c.day, inner.c.m)
    if buckets is not None:
        stmt = stmt.where(or_(*(and_(inner.c.dept == d, bucket == n) for d, n in buckets)))
    return stmt


def _ratings_select(sql: DaySql, days: Period, tz: tzinfo) -> Select[Any]:
    start, end = day_bounds(days, tz)
    r = _RA.c
    voided = _FU.c.state == FollowUpState.VOIDED.value
    counted = or_(_FU.c.state.is_(None), ~voided)
    day = sql.local_day(r.rated_at).label("day")
    return (
        select(
            day,
            _C.c.matter_code,
            r.window,
            func.count().filter(counted),
            func.count().filter(and_(counted, r.score >= 4)),
            func.coalesce(func.sum(case((counted, r.score), else_=0)), 0),
            func.count().filter(voided),
        )
        .select_from(_RA.join(_C, _C.c.id == r.case_id).outerjoin(_FU, _FU.c.rating_id == r.id))
        .where(r.rated_at >= start, r.rated_at < end)
        .group_by(day, _C.c.matter_code, r.window)
    )


# ---- the sweep's part ------------------------------------------------------------------------


def roll_days(conn: Connection, sql: DaySql, days: Period, tz: tzinfo) -> None:
    """Write the days' review load and ratings, in the database (``INSERT … SELECT``: no row
    comes to Python), in the caller's transaction (with the days' marks)."""
    first, last = days.first, days.last

    def inside(stmt: Select[Any], day: Any) -> Select[Any]:
        # (a day cut at the hall's offset now, within the period's bounds in its time zone)
        return stmt.where(day >= first, day <= last)

    conn.execute(
        insert(_LOAD).from_select(
            ["day", "department_code", "department_name", "decided"],
            inside(_load_select(sql, days, tz), sql.local_day(_K.c.decided_at)),
        )
    )
    for kind in KINDS:
        stmt = _time_select(sql, days, tz, kind, None)
        conn.execute(
            insert(_TIMES).from_select(
                ["department_code", "kind", "bucket", "day", "millis", "tasks"],
                inside(stmt, stmt.selected_columns[3]),
            )
        )
    t = _TIMES.c
    conn.execute(
        insert(_BUCKETS).from_select(
            ["day", "department_code", "kind", "bucket", "tasks"],
            select(t.day, t.department_code, t.kind, t.bucket, func.sum(t.tasks))
            .where(t.day >= first, t.day <= last)
            .group_by(t.day, t.department_code, t.kind, t.bucket),
        )
    )
    conn.execute(
        insert(_RATINGS).from_select(
            ["day", "matter_code", "window", *_RATING_SUMS],
            inside(_ratings_select(sql, days, tz), sql.local_day(_RA.c.rated_at)),
        )
    )


def forget_days(conn: Connection, days: Sequence[date]) -> None:
    for table in TABLES:
        conn.execute(delete(table).where(table.c.day.in_(days)))


def forget_unmarked(conn: Connection, marked: Any) -> None:
    """Rows of days without a mark (``marked``: a select of the marked days) go."""
    for table in TABLES:
        conn.execute(delete(table).where(table.c.day.not_in(marked)))


def forget_all(conn: Connection) -> None:
    for table in TABLES:
        conn.execute(delete(table))


def touched_days(conn: Connection, sql: DaySql, since: Any) -> set[date]:
    """The hall days whose review load or ratings changed after ``since``: tasks decided since,
    the returns of cases resubmitted since, ratings given since, ratings whose follow-up changed
    since. One statement, each part an index range over today's changes."""
    # (the event inline, not a parameter: a prepared plan still matches the partial index)
    resubmit = _S.c.event == literal_column("'resubmit'")
    returned = select(_S.c.case_id).where(resubmit, _S.c.started_at > since)
    parts = [
        select(sql.local_day(_K.c.decided_at).label("day")).where(_K.c.decided_at > since),
        select(sql.local_day(_S.c.started_at)).where(
            _S.c.event == "return_for_correction", _S.c.case_id.in_(returned)
        ),
        select(sql.local_day(_RA.c.rated_at)).where(_RA.c.rated_at > since),
        select(sql.local_day(_RA.c.rated_at))
        .select_from(_RA.join(_FU, _FU.c.rating_id == _RA.c.id))
        .where(_FU.c.updated_at > since),
    ]
    return {as_day(d) for d in conn.scalars(union(*parts)) if d is not None}


# ---- a period: rolled up + live --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewFigures:
    """The period's decided tasks per department: how many, the department's name (that of
    its latest day), and the median seconds to claim and to decide (whole milliseconds)."""

    decided: dict[str, int]
    names: dict[str, str]
    median_claim_s: dict[str, float]
    median_decide_s: dict[str, float]


def review_figures(conn: Connection, sql: DaySql, plan: DayPlan, tz: tzinfo) -> ReviewFigures:
    """The period's review load: rolled-up days read, the others computed live."""
    wanted = plan.wanted
    decided: Counter[str] = Counter()
    latest: dict[str, tuple[date, str]] = {}

    def add_load(day: date, dept: str, name: str, n: int) -> None:
        decided[dept] += n
        if dept not in latest or latest[dept][0] < day:
            latest[dept] = (day, name)

    counts: dict[tuple[str, str], Counter[int]] = {}
    for run in plan.runs:
        for day, dept, name, n in conn.execute(_load_select(sql, run, tz)).all():
            if as_day(day) in wanted:
                add_load(as_day(day), str(dept), str(name or ""), int(n))
        if not plan.rolled:
            continue  # all live: the medians straight from the tasks, below
        for kind in KINDS:
            for day, dept, _kind, bucket, n in conn.execute(
                _bucket_select(sql, run, tz, kind)
            ).all():
                if as_day(day) in wanted:
                    counts.setdefault((str(dept), kind), Counter())[int(bucket)] += int(n)
    if plan.rolled:
        ld = _LOAD.c
        for day, dept, name, n in conn.execute(
            select(ld.day, ld.department_code, ld.department_name, ld.decided).where(
                *plan.rolled_where(ld.day)
            )
        ).all():
            add_load(as_day(day), str(dept), str(name), int(n))
        b = _BUCKETS.c
        for dept, kind, bucket, n in conn.execute(
            select(b.department_code, b.kind, b.bucket, func.sum(b.tasks))
            .where(*plan.rolled_where(b.day))
            .group_by(b.department_code, b.kind, b.bucket)
        ).all():
            counts.setdefault((str(dept), str(kind)), Counter())[int(bucket)] += int(n)
    medians = (
        _medians(conn, sql, plan, tz, counts)
        if plan.rolled
        else _direct_medians(conn, sql, plan.period, tz)
    )
    return ReviewFigures(
        dict(decided),
        {d: name for d, (_day, name) in latest.items()},
        {d: v for (d, kind), v in medians.items() if kind == "claim"},
        {d: v for (d, kind), v in medians.items() if kind == "decide"},
    )


def _direct_medians(
    conn: Connection, sql: DaySql, period: Period, tz: tzinfo
) -> dict[tuple[str, str], float]:
    """Every day live (no rollups, or none yet): the medians of the whole milliseconds in one
    statement per kind — ``percentile_cont(0.5)`` on PostgreSQL, the mean of the middle one or
    two rows on SQLite. Of two whole numbers ``a``, ``b`` both give ``(a + b) / 2`` exactly (a
    double holds it), so divided by 1000 it is the very float the buckets give."""
    k = _K.c
    medians: dict[tuple[str, str], float] = {}
    for kind in KINDS:
        m = _millis(sql, k.created_at, _kind_end(kind))
        where = and_(*_decided_in(sql, period, tz), _kind_end(kind).is_not(None))
        if sql.pg:
            stmt = (
                select(k.department_code, func.percentile_cont(0.5).within_group(m))
                .where(where)
                .group_by(k.department_code)
            )
        else:
            inner = (
                select(
                    k.department_code.label("dept"),
                    m.label("m"),
                    func.row_number().over(partition_by=k.department_code, order_by=m).label("rn"),
                    func.count().over(partition_by=k.department_code).label("n"),
                )
                .where(where)
                .subquery()
            )
            stmt = (
                select(inner.c.dept, func.avg(inner.c.m))
                .where(inner.c.rn.in_(((inner.c.n + 1) // 2, (inner.c.n + 2) // 2)))
                .group_by(inner.c.dept)
            )
        for dept, value in conn.execute(stmt).all():
            if value is not None:
                medians[(str(dept), kind)] = float(value) / 1000
    return medians


def _medians(
    conn: Connection,
    sql: DaySql,
    plan: DayPlan,
    tz: tzinfo,
    counts: dict[tuple[str, str], Counter[int]],
) -> dict[tuple[str, str], float]:
    """Each (department, kind)'s median: the bucket(s) of its middle rank(s) from ``counts``,
    then those buckets' exact times over the period."""
    middle: dict[tuple[str, str], list[tuple[int, int]]] = {}  # (bucket, rank in the bucket)
    for key, per_bucket in counts.items():
        total = sum(per_bucket.values())
        if not total:
            continue
        ranks = [(total + 1) // 2, (total + 2) // 2]
        found: list[tuple[int, int]] = []
        below = 0
        for bucket in sorted(per_bucket):
            n = per_bucket[bucket]
            found.extend((bucket, r - below) for r in ranks if below < r <= below + n)
            below += n
        middle[key] = found
    if not middle:
        return {}
    in_bucket: dict[tuple[str, str, int], list[int]] = {}
    for (dept, kind), found in middle.items():
        for bucket, rank in found:
            in_bucket.setdefault((dept, kind, bucket), []).append(rank)
    rows = _ranked(conn, sql, plan, tz, {key: (min(r), max(r)) for key, r in in_bucket.items()})
    medians: dict[tuple[str, str], float] = {}
    for (dept, kind), found in middle.items():
        values = [
            next(m for m, n, upto in rows.get((dept, kind, bucket), []) if upto - n < rank <= upto)
            for bucket, rank in found
        ]
        medians[(dept, kind)] = (values[0] + values[-1]) / 2000
    return medians


def _ranked(
    conn: Connection,
    sql: DaySql,
    plan: DayPlan,
    tz: tzinfo,
    needed: dict[tuple[str, str, int], tuple[int, int]],
) -> dict[tuple[str, str, int], list[tuple[int, int, int]]]:
    """For each (department, kind, bucket) with the ranks ``(lo, hi)`` wanted in it: the times
    (with how many tasks, and how many up to them) holding those ranks — the bucket's times over
    the period (rolled-up days and live ones) counted up in SQL: one statement, a few rows."""
    wanted = plan.wanted
    parts: list[Select[Any]] = []
    for kind in KINDS:
        buckets = sorted((d, b) for d, k, b in needed if k == kind)
        if not buckets:
            continue
        for run in plan.runs:
            stmt = _time_select(sql, run, tz, kind, buckets)
            days = [d for d in run.each_day() if d in wanted]
            parts.append(stmt.where(stmt.selected_columns[3].in_(days)))
    if plan.rolled:
        t = _TIMES.c
        # one part per bucket: each an index range (department, kind, bucket, days)
        parts.extend(
            select(
                t.department_code.label("dept"),
                t.kind,
                t.bucket,
                t.day,
                t.millis,
                t.tasks.label("n"),
            ).where(t.department_code == d, t.kind == k, t.bucket == b, *plan.rolled_where(t.day))
            for d, k, b in sorted(needed)
        )
    # (a time on several days is several rows: each holds its tasks' ranks, ``upto - n`` < rank
    # ≤ ``upto``, whatever the order among equal times — no grouping needed)
    u = union_all(*parts).subquery()
    upto = func.sum(u.c.n).over(
        partition_by=(u.c.dept, u.c.kind, u.c.bucket),
        order_by=u.c.millis,
        rows=(None, 0),
    )
    w = select(u.c.dept, u.c.kind, u.c.bucket, u.c.millis, u.c.n, upto.label("upto")).subquery()

    def rank(i: int) -> ColumnElement[Any]:
        return case(
            *(
                (and_(w.c.dept == d, w.c.kind == k, w.c.bucket == b), r[i])
                for (d, k, b), r in needed.items()
            ),
            else_=0,
        )

    found: dict[tuple[str, str, int], list[tuple[int, int, int]]] = {}
    for dept, kind, bucket, m, n, up in conn.execute(
        select(w.c.dept, w.c.kind, w.c.bucket, w.c.millis, w.c.n, w.c.upto)
        .where(w.c.upto >= rank(0), w.c.upto - w.c.n < rank(1))
        .order_by(w.c.dept, w.c.kind, w.c.bucket, w.c.millis)
    ).all():
        found.setdefault((str(dept), str(kind), int(bucket)), []).append((int(m), int(n), int(up)))
    return found


@dataclass(frozen=True, slots=True)
class RatingSums:
    """One matter's or window's ratings over a period: counted, bad, their scores' sum,
    voided."""

    key: str
    rated: int
    bad: int
    score_sum: int
    voided: int

    def __add__(self, other: RatingSums) -> RatingSums:
        return RatingSums(
            self.key,
            self.rated + other.rated,
            self.bad + other.bad,
            self.score_sum + other.score_sum,
            self.voided + other.voided,
        )

    @property
    def mean(self) -> float | None:
        return round(self.score_sum / self.rated, 2) if self.rated else None


def rating_sums(
    conn: Connection, sql: DaySql, plan: DayPlan, tz: tzinfo
) -> tuple[list[RatingSums], list[RatingSums]]:
    """The period's ratings by matter and by window (sorted by key): rolled-up days summed in
    SQL, the others computed live."""
    by: tuple[dict[str, RatingSums], dict[str, RatingSums]] = ({}, {})

    def add(index: int, key: str, sums: Sequence[Any]) -> None:
        row = RatingSums(key, *(int(v or 0) for v in sums))
        found = by[index].get(key)
        by[index][key] = row if found is None else found + row

    wanted = plan.wanted
    for run in plan.runs:
        for day, matter, window, *sums in conn.execute(_ratings_select(sql, run, tz)).all():
            if as_day(day) in wanted:
                add(0, str(matter), sums)
                add(1, str(window), sums)
    if plan.rolled:
        r = _RATINGS.c
        totals = [func.sum(r[n]) for n in _RATING_SUMS]
        for index, key in enumerate((r.matter_code, r.window)):
            for found, *sums in conn.execute(
                select(key, *totals).where(*plan.rolled_where(r.day)).group_by(key)
            ).all():
                add(index, str(found), sums)
    return (
        [by[0][k] for k in sorted(by[0])],
        [by[1][k] for k in sorted(by[1])],
    )
