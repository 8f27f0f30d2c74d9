"""The dashboard's figures against hand-built rows (exact numbers), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop.domain.oversight import Dashboard, Period
from desktop.domain.permissions import PermissionDenied, Principal, Role
from desktop.domain.queueing import HallBoard, WaitingCount
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import AuditEvent
from desktop.services.oversight import OversightError, OversightService
from desktop.services.ratings import RatingFollowUps
from services.oversight_data import (  # type: ignore[import-not-found]
    BY_MATTER,
    BY_WINDOW,
    DAILY,
    HALL,
    NOW,
    PERIOD,
    TODAY,
    TOTALS,
    insert_rows,
    utc,
)

SUPERVISOR = Principal.of("boss", "监察", [Role.SUPERVISOR])
CLERK = Principal.of("clerk", "W1", [Role.CLERK])


class FakeQueue:
    """Who waits now, as the dashboard reads it of the queue service (the period's tickets are
    its own SQL: ``tests/services/test_queue_period_figures.py``)."""

    def board(self, limit: int = 8) -> HallBoard:
        return HallBoard((), (WaitingCount("A", "综合", 3), WaitingCount("B", "税务", 2)))


class Weekdays:
    """The follow-ups' working days (not asked by the figures)."""

    def working_days_between(self, a: date, b: date) -> int:
        return (b - a).days


def _service(db: Database, queue: FakeQueue | None = None) -> OversightService:
    ratings = RatingFollowUps(db, Weekdays(), tz=HALL, now=lambda: NOW)
    return OversightService(
        db,
        queue=queue,
        ratings=ratings,
        tz=HALL,
        now=lambda: NOW,
        matter_names={"A": "甲事项", "B": "乙事项"},
    )


def _check(board: Dashboard) -> None:
    assert board.totals == TOTALS
    assert board.totals.in_time_rate == pytest.approx(0.75)
    assert board.today_totals == TODAY
    assert {f.key: f.counts for f in board.by_matter} == BY_MATTER
    assert [f.name for f in board.by_matter] == ["甲事项", "乙事项"]  # most accepted first
    assert {f.key: f.counts for f in board.by_window} == BY_WINDOW
    assert {d.day: d.counts for d in board.daily} == DAILY
    ga, sf = board.departments
    assert (ga.code, ga.name, ga.open, ga.claimed) == ("GA", "公安", 2, 1)
    assert ga.oldest_at == utc(30, 0, month=11)
    assert ga.decided_in_period == 1  # of the decided tasks: 30 minutes to claim
    assert ga.median_claim_s == pytest.approx(1800)
    assert ga.median_decide_s == pytest.approx(7200)
    assert (sf.open, sf.claimed, sf.oldest_at) == (0, 0, None)
    assert sf.decided_in_period == 2
    assert sf.median_claim_s == pytest.approx(2100)
    assert sf.median_decide_s == pytest.approx(10800)
    assert board.open_reviews == 3
    assert [(f.station, f.error_code, f.jobs) for f in board.print_faults] == [
        ("W1", "printer.offline", 2),
        ("W2", "printer.paper", 1),
    ]
    assert board.failed_print_jobs == 3
    assert {
        (r.key, r.name, r.ratings, r.average, r.bad, r.voided) for r in board.ratings_by_matter
    } == {
        ("A", "甲事项", 2, 3.0, 1, 0),
        ("B", "乙事项", 1, 2.0, 0, 1),
    }
    assert [(r.key, r.ratings, r.average, r.bad, r.voided) for r in board.ratings_by_window] == [
        ("W1", 2, 3.0, 1, 1),
        ("W2", 1, 2.0, 0, 0),
    ]
    assert board.bad_ratings == 1
    followups = board.followups
    assert followups is not None
    assert (followups.open, followups.late, followups.appealed) == (1, 1, 0)
    assert [(g.key, g.open, g.late) for g in followups.by_matter] == [("A", 1, 1)]
    assert [(g.key, g.open, g.late) for g in followups.by_window] == [("W1", 1, 1)]


def test_figures_on_sqlite(sqlite_db: Database) -> None:
    insert_rows(sqlite_db)
    queue = FakeQueue()
    board = _service(sqlite_db, queue).dashboard(SUPERVISOR, PERIOD)
    _check(board)
    assert board.today == date(2026, 12, 3)
    assert board.queue is not None  # the period ends today: who waits now
    assert (board.queue.waiting_now, board.queue.taken, board.queue.served) == (5, 0, 0)
    assert (board.queue.first, board.queue.day) == (PERIOD.first, PERIOD.last)


@pytest.mark.postgres
def test_figures_on_postgresql(pg_db: Database) -> None:
    insert_rows(pg_db)
    _check(_service(pg_db).dashboard(SUPERVISOR, PERIOD))


def test_today_alone_and_a_day_without_cases(sqlite_db: Database) -> None:
    insert_rows(sqlite_db)
    service = _service(sqlite_db)
    board = service.dashboard(SUPERVISOR)  # default: today
    assert board.period == Period(date(2026, 12, 3), date(2026, 12, 3))
    assert board.totals == board.today_totals == TODAY
    assert board.queue is None
    empty = service.dashboard(SUPERVISOR, Period(date(2026, 1, 1), date(2026, 1, 2)))
    assert empty.totals.accepted == 0 and empty.totals.in_time_rate is None
    assert [d.day for d in empty.daily] == [date(2026, 1, 1), date(2026, 1, 2)]
    assert empty.by_matter == ()


def test_a_clerk_is_refused_and_the_refusal_is_on_the_record(sqlite_db: Database) -> None:
    with pytest.raises(PermissionDenied):
        _service(sqlite_db).dashboard(CLERK, PERIOD)
    with uow.connection(sqlite_db) as conn:
        actions = conn.execute(
            select(AuditEvent.action, AuditEvent.subject).where(AuditEvent.actor == "clerk")
        ).all()
    assert [tuple(a) for a in actions] == [("auth.denied", "oversight:2026-12-01..2026-12-03")]


def test_a_period_longer_than_a_year_is_refused(sqlite_db: Database) -> None:
    with pytest.raises(OversightError) as caught:
        _service(sqlite_db).dashboard(SUPERVISOR, Period(date(2024, 1, 1), date(2026, 1, 1)))
    assert caught.value.code == "oversight.bad_period"
