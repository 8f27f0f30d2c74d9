"""The dashboard's queue figures cover every day of the chosen period (not its last day alone):
tickets on two hall days, taken and called through the real queue service, and the period's
counts and wait / service percentiles computed in SQL, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from desktop.domain.oversight import Period
from desktop.domain.permissions import Principal, Role
from desktop.domain.queueing import StatsRow
from desktop.persistence.database import Database
from desktop.services.oversight import OversightService
from desktop.services.queueing import QueueService, percentile
from services.case_factory import (  # type: ignore[import-not-found]
    CLERK,
    IMMEDIATE,
    Clock,
    application,
    make_service,
)
from services.test_queueing import CST, KIOSK, service  # type: ignore[import-not-found]

SUPERVISOR = Principal.of("boss", "监察", [Role.SUPERVISOR])
DAY1, DAY2 = date(2026, 11, 23), date(2026, 11, 24)

#: What the two days hold, in seconds (see ``_two_days``).
WAITS_A = [120.0, 420.0, 1000.0, 1100.0]
SERVICES_A = [300.0, 60.0, 100.0]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, memory_keyring: Any) -> Database:
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


def _two_days(db: Database, clock: Clock) -> QueueService:
    """Day 1: A001 waits 2 min and is served 5 min (its case linked); A002 waits 7 min, served
    1 min; B001 waits 8 min, still at window 3. Day 2: A001 waits 1000 s, served 100 s (its case
    linked), A002 waits 1100 s and does not come."""
    svc = service(db, clock)
    cases = make_service(db, clock)
    assert clock.today == DAY1
    for queue in ("A", "A", "B"):
        svc.take(KIOSK, queue)
    clock.advance(seconds=120)
    svc.call_next(CLERK, 1)
    svc.link_case(CLERK, 1, cases.accept(CLERK, application(IMMEDIATE)).case.number)
    clock.advance(seconds=300)
    svc.finish(CLERK, 1)
    svc.call_next(CLERK, 1)
    clock.advance(seconds=60)
    svc.finish(CLERK, 1)
    assert svc.call_next(CLERK, 3) is not None  # B001: 480 s
    clock.advance(days=1, seconds=-480)
    assert clock.today == DAY2
    svc.take(KIOSK, "A")
    svc.take(KIOSK, "A")
    clock.advance(seconds=1000)
    svc.call_next(CLERK, 2)
    svc.link_case(CLERK, 2, cases.accept(CLERK, application(IMMEDIATE)).case.number)
    clock.advance(seconds=100)
    svc.finish(CLERK, 2)
    svc.call_next(CLERK, 2)
    svc.recall(CLERK, 2)
    svc.recall(CLERK, 2)
    svc.no_show(CLERK, 2)
    return svc


def _same(a: StatsRow, b: StatsRow) -> None:
    assert (a.key, a.taken, a.served, a.no_shows, a.cases) == (
        b.key,
        b.taken,
        b.served,
        b.no_shows,
        b.cases,
    )
    for name in ("wait_median_s", "wait_p90_s", "service_median_s", "service_p90_s"):
        mine, theirs = getattr(a, name), getattr(b, name)
        assert (mine is None) == (theirs is None), name
        if mine is not None:
            assert mine == pytest.approx(theirs, abs=0.01), name


def test_the_queue_figures_cover_the_whole_period(db: Database) -> None:
    clock = Clock()
    svc = _two_days(db, clock)
    oversight = OversightService(db, queue=svc, tz=CST, now=clock)
    queue = oversight.dashboard(SUPERVISOR, Period(DAY1, DAY2)).queue
    assert queue is not None
    assert (queue.first, queue.day) == (DAY1, DAY2)
    assert (queue.taken, queue.served, queue.no_shows) == (5, 3, 1)
    a, b = queue.queues
    assert (a.key, a.taken, a.served, a.no_shows, a.cases) == ("A", 4, 3, 1, 2)
    # Percentiles of both days' tickets together (not of the last day's: 1050 s / 1090 s).
    assert a.wait_median_s == pytest.approx(710.0)  # (420 + 1000) / 2
    assert a.wait_p90_s == pytest.approx(percentile(WAITS_A, 90))  # 1070
    assert a.wait_p90_s == pytest.approx(1070.0)
    assert a.service_median_s == pytest.approx(100.0)
    assert a.service_p90_s == pytest.approx(percentile(SERVICES_A, 90))  # 260
    assert (b.key, b.taken, b.served, b.wait_median_s, b.service_median_s) == (
        "B",
        1,
        0,
        pytest.approx(480.0),
        None,
    )
    assert [w.key for w in queue.windows] == ["1", "2", "3"]
    w1, w2, w3 = queue.windows
    assert (w1.taken, w1.wait_median_s, w1.cases) == (2, pytest.approx(270.0), 1)
    assert (w2.taken, w2.no_shows, w2.wait_median_s) == (2, 1, pytest.approx(1050.0))
    assert (w3.taken, w3.wait_p90_s) == (1, pytest.approx(480.0))


def test_one_day_is_the_queue_services_own_day(db: Database) -> None:
    """Over a single day the dashboard's SQL says what the queue service's statistics say."""
    clock = Clock()
    svc = _two_days(db, clock)
    oversight = OversightService(db, queue=svc, tz=CST, now=clock)
    for day in (DAY1, DAY2):
        queue = oversight.dashboard(SUPERVISOR, Period(day, day)).queue
        assert queue is not None
        own = svc.stats(CLERK, day)
        assert len(queue.queues) == len(own.queues)
        assert len(queue.windows) == len(own.windows)
        for mine, theirs in zip(
            queue.queues + queue.windows, own.queues + own.windows, strict=True
        ):
            _same(mine, theirs)
    # Today is the period's last: who waits now is the queue service's board (nobody left).
    assert oversight.dashboard(SUPERVISOR, Period(DAY2, DAY2)).queue.waiting_now == 0  # type: ignore[union-attr]


def test_the_sql_percentiles_are_the_queue_services_for_any_count(db: Database) -> None:
    """Linear between ranks like ``percentile`` for every count of values from 1 to 12 (one
    queue per count), NULLs (never called, not done) left out."""
    import random
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import insert

    from desktop.persistence.models import QueueTicket
    from desktop.services.daily_figures import DaySql
    from desktop.services.queue_figures import queue_period_stats

    rnd = random.Random(7)
    rows, waits, services = [], {}, {}
    start = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    for count in range(1, 13):
        queue = f"Q{count:02d}"
        waits[queue], services[queue] = [], []
        for n in range(count + 2):  # two more that are never called
            called = n < count
            wait = float(rnd.randint(0, 5000)) + 0.5
            service = float(rnd.randint(1, 900))
            taken = start + timedelta(minutes=n)
            if called:
                waits[queue].append(wait)
                services[queue].append(service)
            rows.append(
                {
                    "day": DAY1 + timedelta(days=n % 2),
                    "origin_queue": queue,
                    "number": n + 1,
                    "label": f"{queue}{n + 1:03d}",
                    "queue_code": queue,
                    "priority": False,
                    "category": "",
                    "state": "done" if called else "waiting",
                    "channel": "kiosk",
                    "holder_hash": "",
                    "waiting_before": 0,
                    "taken_at": taken,
                    "taken_by": "kiosk",
                    "window": 1 if called else None,
                    "first_called_at": taken + timedelta(seconds=wait) if called else None,
                    "called_at": taken + timedelta(seconds=wait) if called else None,
                    "called_by": "",
                    "recalls": 0,
                    "finished_at": (taken + timedelta(seconds=wait + service) if called else None),
                }
            )
    with db.engine.begin() as conn:
        conn.execute(insert(QueueTicket.__table__), rows)
    with db.engine.connect() as conn:
        queues, _windows = queue_period_stats(conn, DaySql.of(conn, CST), DAY1, DAY2)
    assert len(queues) == 12
    for row in queues:
        assert row.wait_median_s == pytest.approx(percentile(waits[row.key], 50), abs=0.01)
        assert row.wait_p90_s == pytest.approx(percentile(waits[row.key], 90), abs=0.01)
        assert row.service_median_s == pytest.approx(percentile(services[row.key], 50), abs=0.01)
        assert row.service_p90_s == pytest.approx(percentile(services[row.key], 90), abs=0.01)
