"""The queue's figures of a period of hall days, for the supervisor's dashboard: per queue (where
the ticket ended) and per calling window, the tickets taken, served and not shown, the wait
(taking → first call) and service (last call → done) times' median and 90th percentile, and
the cases linked — the same definitions as the queue service's day
(:meth:`desktop.services.queueing.QueueService.stats`), over every ticket of the period.

Computed in SQL over the tickets' day index (a few grouped rows whatever the period), not day
by day: a percentile of a period is not a sum of its days'. Percentiles are linear between
ranks, as :func:`desktop.services.queueing.percentile`: ``percentile_cont`` on PostgreSQL, the
same interpolation from window functions on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    Integer,
    Table,
    and_,
    case,
    func,
    select,
)
from sqlalchemy import cast as sql_cast

from desktop.domain.queueing import StatsRow, TicketState
from desktop.persistence.models import Case, QueueTicket
from desktop.services.daily_figures import DaySql

__all__ = ["PERCENTILES", "queue_period_stats"]

_T = cast(Table, QueueTicket.__table__)
_C = cast(Table, Case.__table__)

#: The percentiles the dashboard shows (fractions): the median and the 90th.
PERCENTILES = (0.5, 0.9)


def queue_period_stats(
    conn: Connection, sql: DaySql, first: date, last: date
) -> tuple[tuple[StatsRow, ...], tuple[StatsRow, ...]]:
    """Per queue and per window (the window's number as its key, in number order), the
    tickets of the hall days ``first`` … ``last``."""
    t = _T.c
    in_period = and_(t.day >= first, t.day <= last)
    wait = sql.seconds(t.taken_at, t.first_called_at)
    done = t.state == TicketState.DONE.value
    service = case(
        (
            and_(done, t.finished_at.is_not(None), t.called_at.is_not(None)),
            sql.seconds(t.called_at, t.finished_at),
        ),
        else_=None,
    )
    by_queue = _rows(conn, sql, t.queue_code, in_period, wait, service)
    by_window = _rows(conn, sql, t.window, and_(in_period, t.window.is_not(None)), wait, service)
    return (
        tuple(by_queue[k] for k in sorted(by_queue)),
        tuple(by_window[k] for k in sorted(by_window, key=int)),
    )


def _rows(
    conn: Connection,
    sql: DaySql,
    key: Any,
    where: ColumnElement[bool],
    wait: ColumnElement[Any],
    service: ColumnElement[Any],
) -> dict[str, StatsRow]:
    t = _T.c
    counts = conn.execute(
        select(
            key,
            func.count(),
            func.count().filter(t.state == TicketState.DONE.value),
            func.count().filter(t.state == TicketState.NO_SHOW.value),
        )
        .where(where)
        .group_by(key)
    ).all()
    linked: dict[Any, int] = dict(
        conn.execute(
            select(key, func.count(_C.c.id))
            .select_from(_T.join(_C, _C.c.ticket_id == t.id))
            .where(where)
            .group_by(key)
        ).all()
    )
    times = _percentiles(conn, sql, key, where, (wait, service))
    rows = {}
    for k, taken, served, no_shows in counts:
        w50, w90, s50, s90 = times.get(k, (None, None, None, None))
        rows[str(k)] = StatsRow(
            key=str(k),
            taken=int(taken),
            served=int(served),
            no_shows=int(no_shows),
            wait_median_s=w50,
            wait_p90_s=w90,
            service_median_s=s50,
            service_p90_s=s90,
            cases=int(linked.get(k, 0)),
        )
    return rows


def _percentiles(
    conn: Connection,
    sql: DaySql,
    key: Any,
    where: ColumnElement[bool],
    values: Sequence[ColumnElement[Any]],
) -> dict[Any, tuple[float | None, ...]]:
    """Per ``key``, the :data:`PERCENTILES` of each of ``values`` (their NULLs left out), in
    that order, in one statement: each value is computed once a row (on SQLite its text times
    parsed once), every row read once."""
    if sql.pg:
        rows = conn.execute(
            select(
                key,
                *(func.percentile_cont(p).within_group(v) for v in values for p in PERCENTILES),
            )
            .where(where)
            .group_by(key)
        ).all()
    else:
        measured = select(
            key.label("k"), *(sql_cast(v, Float).label(f"v{i}") for i, v in enumerate(values))
        ).where(where)
        # (a CTE SQLite keeps as one: the values are not computed again for each window)
        vals = measured.cte("measured").prefix_with("MATERIALIZED", dialect="sqlite")
        ranked = select(
            vals.c.k,
            *(
                column
                for i in range(len(values))
                for column in (
                    vals.c[f"v{i}"],
                    func.row_number()
                    .over(partition_by=vals.c.k, order_by=vals.c[f"v{i}"].asc().nulls_last())
                    .label(f"rn{i}"),
                    func.count(vals.c[f"v{i}"]).over(partition_by=vals.c.k).label(f"n{i}"),
                )
            ),
        ).subquery()

        def linear(i: int, p: float) -> ColumnElement[Any]:
            # rank k = (n − 1)·p from 0: x[k↓] + (x[k↓ + 1] − x[k↓])·frac, as two weighted rows
            x, rn, n = ranked.c[f"v{i}"], ranked.c[f"rn{i}"], ranked.c[f"n{i}"]
            position = (n - 1) * p
            below = sql_cast(position, Integer)
            frac = position - below
            return func.sum(
                case(
                    (and_(n > 0, rn == below + 1), x * (1 - frac)),
                    (and_(n > 0, rn == below + 2), x * frac),
                    else_=None,
                )
            )

        rows = conn.execute(
            select(
                ranked.c.k, *(linear(i, p) for i in range(len(values)) for p in PERCENTILES)
            ).group_by(ranked.c.k)
        ).all()
    return {r[0]: tuple(None if x is None else float(x) for x in r[1:]) for r in rows}
