"""The dashboard's daily rollups: with them the dashboard is exactly what it is without them
(hand-built rows and a demo hall's activity, SQLite and PostgreSQL); the sweep's step is
idempotent, bounded, and catches late changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings, SweepSettings
from desktop.demo.activity import fill_activity
from desktop.demo.seeding import seed_registry
from desktop.demo.users import ensure_demo_users
from desktop.domain.oversight import Dashboard, Period
from desktop.domain.permissions import Principal, Role
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import (
    Case,
    DailyFigures,
    DailyRatings,
    DailyReviewBucket,
    DailyReviewLoad,
    DailyReviewTime,
    DailyRollup,
)
from desktop.services.daily_figures import LATE_MARGIN, DaySql, _runs, _usable_days, roll_up
from desktop.services.hall import Hall
from desktop.services.oversight import OversightService, for_hall
from desktop.services.ratings import RatingFollowUps
from desktop.services.sweeps import SweepService
from services.oversight_data import (  # type: ignore[import-not-found]
    HALL,
    NOW,
    PERIOD,
    insert_rows,
)

SUPERVISOR = Principal.of("boss", "监察", [Role.SUPERVISOR])


class Weekdays:
    def working_days_between(self, a: date, b: date) -> int:
        return (b - a).days


def _service(db: Database, *, rollups: bool, now: datetime = NOW) -> OversightService:
    return OversightService(
        db,
        ratings=RatingFollowUps(db, Weekdays(), tz=HALL, now=lambda: now),
        tz=HALL,
        now=lambda: now,
        matter_names={"A": "甲事项", "B": "乙事项"},
        rollups=rollups,
    )


def _periods(today: date) -> list[Period]:
    return [
        Period(today, today),
        Period.ending(today, 3),
        Period.ending(today, 7),
        Period.ending(today, 30),
        Period.ending(today - timedelta(days=1), 2),  # before today only: rolled up alone
        Period(date(2026, 11, 28), date(2026, 12, 1)),
    ]


def _same(db: Database, now: datetime = NOW) -> list[Dashboard]:
    """Every period's dashboard with rollups equals the one without (the whole record)."""
    boards = []
    for period in _periods(now.astimezone(HALL).date()):
        live = _service(db, rollups=False, now=now).dashboard(SUPERVISOR, period)
        rolled = _service(db, rollups=True, now=now).dashboard(SUPERVISOR, period)
        assert rolled == live, period
        boards.append(rolled)
    return boards


def _rows(db: Database) -> tuple[list[Any], list[Any]]:
    with uow.connection(db) as conn:
        figures = conn.execute(
            select(DailyFigures.__table__).order_by("day", "matter_code", "window")
        ).all()
        marks = conn.execute(select(DailyRollup.__table__).order_by("day")).all()
    return [tuple(r) for r in figures], [tuple(r) for r in marks]


def _used(db: Database, period: Period, today: date) -> set[date]:
    with uow.connection(db) as conn:
        return _usable_days(conn, DaySql.of(conn, HALL), period, today)


def _hand_built(db: Database) -> None:
    insert_rows(db)
    before = _same(db)  # nothing rolled up: all live
    report = roll_up(db, HALL, NOW, limit=400)
    assert report["rolled_up"] == 4  # 29 Nov (the first case) … 2 Dec (yesterday)
    assert report["remaining"] == 0
    assert _used(db, PERIOD, NOW.astimezone(HALL).date()) == {date(2026, 12, 1), date(2026, 12, 2)}
    assert _same(db) == before
    figures, marks = _rows(db)
    assert figures
    # the review load and the ratings of 1–2 Dec come from their rollups (the hand-worked figures)
    with uow.connection(db) as conn:
        loads = conn.execute(select(DailyReviewLoad.__table__).order_by("day")).all()
        rated = conn.execute(select(func.sum(DailyRatings.__table__.c.rated))).scalar()
    assert [(r.day, r.department_code, r.decided) for r in loads] == [
        (date(2026, 12, 1), "GA", 1),
        (date(2026, 12, 1), "SF", 1),
        (date(2026, 12, 2), "SF", 1),
    ]
    assert rated == 2  # 29 Nov's and 2 Dec's (1 Dec's bad one voided; the rest are today's)
    board = _service(db, rollups=True).dashboard(SUPERVISOR, PERIOD)
    medians = {d.code: (d.median_claim_s, d.median_decide_s) for d in board.departments}
    assert medians == {"GA": (1800.0, 7200.0), "SF": (2100.0, 10800.0)}
    assert [m[0] for m in marks] == [date(2026, 11, 29) + timedelta(days=i) for i in range(4)]

    # Idempotent: another run rolls yesterday up again and leaves the same rows.
    again = roll_up(db, HALL, NOW, limit=400)
    assert (again["rolled_up"], again["late_days"], again["remaining"]) == (1, 0, 0)
    assert _rows(db) == (figures, marks)
    assert _same(db) == before


def test_hand_built_rows_with_and_without_rollups_on_sqlite(sqlite_db: Database) -> None:
    _hand_built(sqlite_db)


@pytest.mark.postgres
def test_hand_built_rows_with_and_without_rollups_on_postgresql(pg_db: Database) -> None:
    _hand_built(pg_db)


def test_a_late_change_is_seen_at_once_and_rolled_up_again(sqlite_db: Database) -> None:
    insert_rows(sqlite_db)
    roll_up(sqlite_db, HALL, NOW, limit=400)
    # Case 7 (received 1 Dec, accepted) is issued today: 1 Dec's rollup is stale at once.
    later = NOW + timedelta(hours=1)
    with uow.transaction(sqlite_db) as conn:
        conn.execute(
            update(Case.__table__)
            .where(Case.__table__.c.id == 7)
            .values(state="issued", completed_at=later, updated_at=later, accepted_at=None)
        )
    today = NOW.astimezone(HALL).date()
    assert date(2026, 12, 1) not in _used(sqlite_db, PERIOD, today)
    boards = _same(sqlite_db, later)
    assert boards[1].totals.accepted == 4  # case 7 no longer counted as accepted on 1 Dec

    report = roll_up(sqlite_db, HALL, later, limit=400)
    assert report["late_days"] == 1
    # within the margin of the watermark the change still counts as late: computed live
    assert date(2026, 12, 1) not in _used(sqlite_db, PERIOD, today)
    after = later + LATE_MARGIN + timedelta(minutes=1)
    assert roll_up(sqlite_db, HALL, after, limit=400)["late_days"] == 1
    assert date(2026, 12, 1) in _used(sqlite_db, PERIOD, today)
    again = _same(sqlite_db, after)
    assert [b.totals for b in again] == [b.totals for b in boards]


def test_the_step_is_bounded_newest_first(sqlite_db: Database) -> None:
    insert_rows(sqlite_db)
    first = roll_up(sqlite_db, HALL, NOW, limit=2)
    assert (first["rolled_up"], first["remaining"]) == (2, 2)
    assert [m[0] for m in _rows(sqlite_db)[1]] == [date(2026, 12, 1), date(2026, 12, 2)]
    _same(sqlite_db)  # a gap (29–30 Nov) computed live
    second = roll_up(sqlite_db, HALL, NOW, limit=2)
    assert (second["rolled_up"], second["remaining"]) == (2, 1)  # yesterday again, 30 Nov
    _same(sqlite_db)
    roll_up(sqlite_db, HALL, NOW, limit=2)
    assert len(_rows(sqlite_db)[1]) == 4
    _same(sqlite_db)


def test_another_offset_is_not_used(sqlite_db: Database) -> None:
    insert_rows(sqlite_db)
    roll_up(sqlite_db, HALL, NOW, limit=400)
    rows = _rows(sqlite_db), _review_rows(sqlite_db)
    with uow.transaction(sqlite_db) as conn:
        conn.execute(update(DailyRollup.__table__).values(offset_minutes=0))
    assert _used(sqlite_db, PERIOD, NOW.astimezone(HALL).date()) == set()
    _same(sqlite_db)
    report = roll_up(sqlite_db, HALL, NOW, limit=400)
    assert report["other_offset_forgotten"] == 4 and report["rolled_up"] == 4
    # the days' every row went with their marks and came back the same
    assert (_rows(sqlite_db)[0], _review_rows(sqlite_db)) == (rows[0][0], rows[1])


def _review_rows(db: Database) -> list[Any]:
    with uow.connection(db) as conn:
        return [
            [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns)).all()]
            for t in (
                DailyReviewLoad.__table__,
                DailyReviewBucket.__table__,
                DailyReviewTime.__table__,
                DailyRatings.__table__,
            )
        ]


def test_runs_of_days_are_merged_nearest_first() -> None:
    d = [date(2026, 1, i) for i in (1, 2, 3, 5, 9, 10, 20)]
    assert _runs(d) == [
        Period(d[0], d[2]),
        Period(d[3], d[3]),
        Period(d[4], d[5]),
        Period(d[6], d[6]),
    ]
    assert _runs(d, 2) == [Period(d[0], d[5]), Period(d[6], d[6])]


# ---- a demo hall's activity, through the sweep ---------------------------------------------

#: Friday 4 December 2026, 15:00 in the hall.
DEMO_NOW = datetime(2026, 12, 4, 7, 0, tzinfo=UTC)


def _demo(db: Database, paths: AppPaths) -> None:
    seed_registry(db, persons=300, random_seed=5)
    ensure_demo_users(db)
    hall = Hall(db, paths, Settings(), now=lambda: DEMO_NOW)
    fill_activity(hall, 5, random_seed=11)
    service = for_hall(hall)
    live = OversightService(
        db,
        queue=hall.queue,
        ratings=hall.ratings,
        tz=hall.tz,
        now=hall.now,
        matter_names={m.code: m.short_zh or m.name_zh for m in hall.catalog},
        rollups=False,
    )
    today = hall.today()
    periods = [Period.ending(today, n) for n in (1, 3, 5, 30)]
    report = SweepService(hall, SweepSettings()).run(SUPERVISOR)
    before = [live.dashboard(SUPERVISOR, p) for p in periods]  # after the sweep's other steps
    step = {s.name: s for s in report.steps}["rollups"]
    assert step.ok and step.detail["rolled_up"] >= 3
    assert _used(db, periods[2], today)
    assert [service.dashboard(SUPERVISOR, p) for p in periods] == before
    # the demo's decisions and ratings of the rolled-up days are read from their rollups
    assert sum(d.decided_in_period for d in before[2].departments) > 0
    assert any(d.median_decide_s is not None for d in before[2].departments)
    assert sum(r.ratings for r in before[2].ratings_by_window) > 0
    with uow.connection(db) as conn:
        assert conn.scalar(select(func.sum(DailyReviewLoad.__table__.c.decided)))
        assert conn.scalar(select(func.sum(DailyRatings.__table__.c.rated)))
    figures = _rows(db)
    SweepService(hall, SweepSettings()).run(SUPERVISOR)  # idempotent
    assert _rows(db) == figures
    assert [service.dashboard(SUPERVISOR, p) for p in periods] == before
    assert before[2].totals.accepted > 0

    # More activity, written with past moments: the rollups are forgotten, figures stay right.
    fill_activity(hall, 2, random_seed=12)
    assert _rows(db) == ([], [])
    more = [live.dashboard(SUPERVISOR, p) for p in periods]
    assert more[2].totals.accepted > before[2].totals.accepted
    assert [service.dashboard(SUPERVISOR, p) for p in periods] == more


def test_demo_activity_with_and_without_rollups_on_sqlite(
    sqlite_db: Database, app_home: AppPaths
) -> None:
    _demo(sqlite_db, app_home)


@pytest.mark.postgres
def test_demo_activity_with_and_without_rollups_on_postgresql(
    pg_db: Database, app_home: AppPaths
) -> None:
    _demo(pg_db, app_home)
