"""The review load and the ratings in the daily rollups: with them the dashboard is exactly what
it is without them — the medians to the float, over hundreds of tasks spread across every bucket
— on SQLite and PostgreSQL; late changes (a resubmission reopening a returned task, a follow-up
changed, a task decided) make their days live at once and are rolled up again."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import BigInteger, func, insert, literal, select, update

from desktop.domain.oversight import Dashboard, Period
from desktop.domain.permissions import Principal, Role
from desktop.persistence import uow
from desktop.persistence.database import Database
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
from desktop.services.daily_figures import LATE_MARGIN, DaySql, _usable_days, roll_up
from desktop.services.daily_review import _bucket, bucket_of
from desktop.services.oversight import OversightService
from desktop.services.ratings import RatingFollowUps
from services.oversight_data import (  # type: ignore[import-not-found]
    HALL,
    NOW,
    PERIOD,
    _case,
    insert_rows,
    utc,
)

SUPERVISOR = Principal.of("boss", "监察", [Role.SUPERVISOR])
TODAY = NOW.astimezone(HALL).date()


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


PERIODS = [
    Period(TODAY, TODAY),
    Period.ending(TODAY, 3),
    Period.ending(TODAY, 10),
    Period.ending(TODAY, 30),
    Period.ending(TODAY - timedelta(days=1), 4),  # rolled-up days alone
    Period(date(2026, 11, 27), date(2026, 11, 29)),
]


def _same(db: Database, now: datetime = NOW) -> list[Dashboard]:
    boards = []
    for period in PERIODS:
        live = _service(db, rollups=False, now=now).dashboard(SUPERVISOR, period)
        rolled = _service(db, rollups=True, now=now).dashboard(SUPERVISOR, period)
        assert rolled == live, period
        boards.append(rolled)
    return boards


def _used(db: Database, period: Period) -> set[date]:
    with uow.connection(db) as conn:
        return _usable_days(conn, DaySql.of(conn, HALL), period, TODAY)


def _count(db: Database, model: Any) -> int:
    with uow.connection(db) as conn:
        return int(conn.scalar(select(func.count()).select_from(model.__table__)) or 0)


# ---- the buckets -----------------------------------------------------------------------------

EDGES = [
    -5,
    -1,
    0,
    1,
    59_999,
    60_000,
    3_599_999,
    3_600_000,
    3_600_000 + 899_999,
    3_600_000 + 900_000,
    86_399_999,
    86_400_000,
    86_400_000 + 21_599_999,
    86_400_000 + 21_600_000,
    30 * 86_400_000 - 1,
    30 * 86_400_000,
    37 * 86_400_000,
    400 * 86_400_000 + 7,
]


def _buckets_in_sql(db: Database) -> None:
    expected = [bucket_of(m) for m in EDGES]
    assert expected == sorted(expected)  # ordered as the times
    assert expected[:4] == [-1, -1, 0, 0] and expected[5] == 1 and expected[7] == 60
    assert expected[8] == 62 and expected[9] == 63  # 15 minutes past the hour: 5-minute steps
    assert expected[11] == 336 and expected[12] == 341 and expected[13] == 342
    assert expected[15] == 1032 and expected[16] == 1039 and expected[17] == 1367 + 5
    with uow.connection(db) as conn:
        got = [int(conn.scalar(select(_bucket(literal(m, BigInteger)))) or 0) for m in EDGES]
    assert got == expected


def test_buckets_in_sql_are_the_reference_on_sqlite(sqlite_db: Database) -> None:
    _buckets_in_sql(sqlite_db)


@pytest.mark.postgres
def test_buckets_in_sql_are_the_reference_on_postgresql(pg_db: Database) -> None:
    _buckets_in_sql(pg_db)


# ---- many tasks and ratings ------------------------------------------------------------------

SPANS = [  # (low, high) milliseconds: every scale of the buckets, and clocks apart
    (-90_000, -1),
    (0, 3_600_000),
    (3_600_000, 86_400_000),
    (86_400_000, 30 * 86_400_000),
    (30 * 86_400_000, 60 * 86_400_000),
    (360 * 86_400_000, 400 * 86_400_000),
]


def _many(db: Database, seed: int = 7, n: int = 360) -> dict[str, list[tuple[datetime, int, int]]]:
    """``n`` decided tasks (cases 100…) of two departments, created over the month before
    today, times drawn from every bucket scale to the millisecond (a tenth without a claim),
    decided up to today; a rating for most cases, some bad, some voided. Returns each
    department's (decided at, claim ms or -1e18 if none, decide ms)."""
    rng = random.Random(seed)
    cases, tasks, ratings, followups = [], [], [], []
    made: dict[str, list[tuple[datetime, int, int]]] = {"GA": [], "SF": []}
    now = NOW
    i = 100
    while len(tasks) < n:
        decide = rng.randint(*rng.choice(SPANS[1:]))  # every scale but the negative
        decided = now - timedelta(milliseconds=rng.randint(0, 20 * 86_400_000))
        created = decided - timedelta(milliseconds=decide)
        claim_span = rng.choice(SPANS)
        claim = min(rng.randint(*claim_span), decide)
        claimed = None if rng.random() < 0.1 else created + timedelta(milliseconds=claim)
        dept = rng.choice(["GA", "SF"])
        i += 1
        cases.append(_case(i, rng.choice("AB"), rng.choice(["W1", "W2", "W3"]), "issued", created))
        tasks.append(
            {
                "id": i,
                "case_id": i,
                "department_code": dept,
                "department_name": {"GA": "公安", "SF": "司法"}[dept],
                "status": "approved",
                "created_at": created,
                "claimed_by": "a",
                "claimed_at": claimed,
                "claim_expires_at": None,
                "decided_by": "a",
                "decided_at": decided,
                "opinion": "",
                "round": 1,
            }
        )
        made[dept].append((decided, -(10**18) if claimed is None else claim, decide))
        if rng.random() < 0.8:
            score = rng.randint(1, 5)
            ratings.append(
                {
                    "id": i,
                    "case_id": i,
                    "visit_seq": 1,
                    "visit_event": "issue",
                    "window": rng.choice(["W1", "W2", "W3"]),
                    "score": score,
                    "comment": "",
                    "channel": rng.choice(["pad", "kiosk"]),
                    "rated_at": decided + timedelta(minutes=rng.randint(0, 600)),
                    "recorded_by": "clerk",
                    "station": "W1",
                }
            )
            if score >= 4:
                followups.append(
                    {
                        "id": i,
                        "rating_id": i,
                        "case_id": i,
                        "state": "voided" if rng.random() < 0.3 else "open",
                        "opened_at": decided,
                        "due_date": date(2026, 12, 24),
                        "updated_at": decided,
                    }
                )
    with uow.transaction(db) as conn:
        conn.execute(insert(Case.__table__), cases)
        conn.execute(insert(ReviewTask.__table__), tasks)
        conn.execute(insert(CaseRating.__table__), [r for r in ratings if r["rated_at"] < now])
        kept = {r["id"] for r in ratings if r["rated_at"] < now}
        conn.execute(
            insert(RatingFollowUp.__table__), [f for f in followups if f["rating_id"] in kept]
        )
    return made


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    v = sorted(values)
    return (v[(len(v) - 1) // 2] + v[len(v) // 2]) / 2000


def _many_tasks(db: Database) -> None:
    made = _many(db)
    before = _same(db)  # all live
    report = roll_up(db, HALL, NOW, limit=800)
    assert report["remaining"] == 0
    assert _count(db, DailyReviewLoad) and _count(db, DailyRatings)
    assert _count(db, DailyReviewTime) > _count(db, DailyReviewBucket) > 0
    assert _used(db, PERIODS[3]) == set(PERIODS[3].each_day()) - {TODAY}
    after = _same(db)
    assert after == before
    # The medians are those of the times in whole milliseconds, exactly.
    for board, period in zip(after, PERIODS, strict=True):
        for load in board.departments:
            rows = [
                (claim, decide)
                for decided, claim, decide in made[load.code]
                if period.first <= decided.astimezone(HALL).date() <= period.last
            ]
            assert load.decided_in_period == len(rows)
            claims = [c for c, _d in rows if c > -(10**17)]
            assert load.median_claim_s == _median(claims), (period, load.code)
            assert load.median_decide_s == _median([d for _c, d in rows]), (period, load.code)
    month = after[3]
    assert sum(d.decided_in_period for d in month.departments) == 360
    assert sum(r.ratings + r.voided for r in month.ratings_by_matter) > 250
    assert any(r.voided for r in month.ratings_by_window)
    # the ratings service counts them the same (its mean from the same sums)
    by_matter, by_window = RatingFollowUps(db, Weekdays(), tz=HALL, now=lambda: NOW).rating_counts(
        SUPERVISOR, PERIODS[3].first, PERIODS[3].last
    )
    assert [(r.key, r.total, r.bad, r.mean_score, r.voided) for r in by_window] == [
        (r.key, r.ratings, r.bad, r.average, r.voided) for r in month.ratings_by_window
    ]
    assert [(r.key, r.total, r.mean_score) for r in by_matter] == [
        (r.key, r.ratings, r.average) for r in month.ratings_by_matter
    ]


def test_many_tasks_and_ratings_with_and_without_rollups_on_sqlite(sqlite_db: Database) -> None:
    _many_tasks(sqlite_db)


@pytest.mark.postgres
def test_many_tasks_and_ratings_with_and_without_rollups_on_postgresql(pg_db: Database) -> None:
    _many_tasks(pg_db)


# ---- late changes ----------------------------------------------------------------------------


def _step(case_id: int, seq: int, event: str, at: datetime) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "seq": seq,
        "event": event,
        "action": "return" if event == "return_for_correction" else "pass",
        "step": "review:GA",
        "handler": "a",
        "station": "",
        "opinion": "",
        "started_at": at,
        "ended_at": at,
        "status": "2",
        "from_state": "in_review",
        "to_state": "returned",
        "detail": {},
    }


def _late(db: Database) -> None:
    insert_rows(db)
    # Case 8's task at GA: returned on 1 Dec (decided: it counts on the 1st until reopened).
    returned = utc(1, 3)
    with uow.transaction(db) as conn:
        conn.execute(
            insert(ReviewTask.__table__),
            {
                "id": 8,
                "case_id": 8,
                "department_code": "GA",
                "department_name": "公安",
                "status": "returned",
                "created_at": utc(30, 23, month=11),
                "claimed_by": "a",
                "claimed_at": utc(1, 1),
                "claim_expires_at": None,
                "decided_by": "a",
                "decided_at": returned,
                "opinion": "补正",
                "round": 1,
            },
        )
        conn.execute(insert(CaseStep.__table__), _step(8, 1, "return_for_correction", returned))
    roll_up(db, HALL, NOW, limit=400)
    first = date(2026, 12, 1)
    assert first in _used(db, PERIOD)
    board = _same(db)[1]
    assert {d.code: d.decided_in_period for d in board.departments}["GA"] == 2

    # Resubmitted an hour later: the task opens again, its return no longer a decision.
    later = NOW + timedelta(hours=1)
    with uow.transaction(db) as conn:
        conn.execute(
            update(ReviewTask.__table__)
            .where(ReviewTask.__table__.c.id == 8)
            .values(status="open", claimed_at=None, decided_at=None, decided_by="", round=2)
        )
        conn.execute(insert(CaseStep.__table__), _step(8, 2, "resubmit", later))
    assert first not in _used(db, PERIOD)
    board = _same(db, later)[1]
    assert {d.code: d.decided_in_period for d in board.departments}["GA"] == 1
    assert roll_up(db, HALL, later, limit=400)["late_days"] == 1
    after = later + LATE_MARGIN + timedelta(minutes=1)
    assert roll_up(db, HALL, after, limit=400)["late_days"] == 1  # within the margin
    assert first in _used(db, PERIOD)
    assert _same(db, after)[1].departments == board.departments

    # A follow-up changed (the malicious finding on 1 Dec's bad rating set aside): live at once.
    with uow.transaction(db) as conn:
        conn.execute(
            update(RatingFollowUp.__table__)
            .where(RatingFollowUp.__table__.c.id == 2)
            .values(state="open", updated_at=after + timedelta(minutes=5))
        )
    assert first not in _used(db, PERIOD)
    board = _same(db, after + timedelta(minutes=6))[1]
    assert {r.key: (r.ratings, r.voided) for r in board.ratings_by_matter}["B"] == (2, 0)

    # Decided now: today, live.
    with uow.transaction(db) as conn:
        conn.execute(
            update(ReviewTask.__table__)
            .where(ReviewTask.__table__.c.id == 1)
            .values(status="approved", claimed_at=after, decided_at=after)
        )
    board = _same(db, after + timedelta(minutes=7))[1]
    assert {d.code: d.decided_in_period for d in board.departments}["GA"] == 2


def test_late_review_and_rating_changes_on_sqlite(sqlite_db: Database) -> None:
    _late(sqlite_db)


@pytest.mark.postgres
def test_late_review_and_rating_changes_on_postgresql(pg_db: Database) -> None:
    _late(pg_db)


def test_a_period_of_no_decisions(sqlite_db: Database) -> None:
    insert_rows(sqlite_db)
    roll_up(sqlite_db, HALL, NOW, limit=400)
    board = _service(sqlite_db, rollups=True).dashboard(
        SUPERVISOR, Period(date(2026, 11, 20), date(2026, 11, 25))
    )
    assert [(d.code, d.decided_in_period, d.median_claim_s) for d in board.departments] == [
        ("GA", 0, None)
    ]
    assert board.ratings_by_matter == () and board.ratings_by_window == ()
