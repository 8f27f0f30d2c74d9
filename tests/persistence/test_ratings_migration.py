"""Migration 0014: the one-per-case ratings move to the per-visit table, each for the visit it
was given after (with that visit's station as the window), and back on a downgrade."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, MetaData, Table, insert, text

from desktop.config.paths import AppPaths
from desktop.config.settings import DatabaseSettings, Settings
from desktop.persistence import models
from desktop.persistence.database import open_database
from desktop.persistence.migrate import downgrade_to, upgrade_to_head

T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def _case(conn: Any, number: str) -> int:
    row = {
        "number": number,
        "number_source": "generated",
        "matter_code": "M1",
        "matter_name": "居住登记",
        "category": "JZ",
        "case_type": "2",
        "state": "issued",
        "applicant_name": "张三",
        "applicant_id_type": "resident_id",
        "applicant_id_masked": "4403**********0011",
        "applicant_id_hash": "h" * 64,
        "channel": "window",
        "form_values": {},
        "received_at": T0,
        "received_by": "clerk01",
        "received_station": "窗口1",
        "updated_at": T0,
        "version": 1,
    }
    # The table as it is at this revision (later migrations add columns the models know):
    # the row gets the models' Python-side defaults of the columns that exist now.
    table = Table("cases", MetaData(), autoload_with=conn)
    for column in models.Case.__table__.columns:
        default = column.default
        if column.name in table.c and column.name not in row and default is not None:
            arg = getattr(default, "arg", None)
            if arg is not None and not callable(arg):
                row[column.name] = arg
    return int(conn.execute(insert(table).returning(table.c.id), row).scalar_one())


def _step(conn: Any, case_id: int, seq: int, event: str, station: str, at: datetime) -> None:
    conn.execute(
        text(
            "INSERT INTO case_steps (case_id, seq, event, action, step, handler, station, "
            "opinion, started_at, status, from_state, to_state, detail) VALUES (:c, :s, :e, "
            "'pass', :e, 'clerk01', :st, '', :at, '2', 'x', 'y', '{}')"
        ),
        {"c": case_id, "s": seq, "e": event, "st": station, "at": at},
    )


def _rating(conn: Any, case_id: int, score: int, at: datetime) -> None:
    conn.execute(
        text(
            "INSERT INTO case_ratings (case_id, score, comment, channel, rated_at, recorded_by, "
            "station) VALUES (:c, :s, '慢', 'pad', :at, 'clerk01', '评价器')"
        ),
        {"c": case_id, "s": score, "at": at},
    )


def _rows(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def opened(request: pytest.FixtureRequest, app_home: AppPaths) -> Any:
    if request.param == "sqlite":
        return open_database(app_home)
    pg = request.getfixturevalue("pg_database")
    settings = Settings(database=DatabaseSettings(url=pg.url_without_password))
    return open_database(app_home, settings, password=pg.password)


def test_old_ratings_move_to_their_visit_and_back(opened: Any) -> None:
    db = opened
    try:
        engine = db.engine
        downgrade_to(engine, "0012")
        with engine.begin() as conn:
            early = _case(conn, "A1")  # rated after acceptance, before the issue
            _step(conn, early, 1, "accept", "窗口1", T0)
            _step(conn, early, 2, "start_review", "窗口1", T0)
            _step(conn, early, 3, "approve", "审批1", T0 + timedelta(days=2))
            _step(conn, early, 4, "issue", "窗口2", T0 + timedelta(days=5))
            _rating(conn, early, 5, T0 + timedelta(minutes=3))
            late = _case(conn, "B1")  # rated after the issue
            _step(conn, late, 1, "accept", "窗口1", T0)
            _step(conn, late, 2, "issue", "窗口2", T0 + timedelta(days=5))
            _rating(conn, late, 2, T0 + timedelta(days=6))
        upgrade_to_head(engine)
        moved = _rows(
            engine,
            'SELECT c.number, r.visit_seq, r.visit_event, r."window", r.score, r.station '
            "FROM ratings r JOIN cases c ON c.id = r.case_id ORDER BY c.number",
        )
        assert moved == [
            ("A1", 1, "accept", "窗口1", 5, "评价器"),
            ("B1", 2, "issue", "窗口2", 2, "评价器"),
        ]
        assert _rows(engine, "SELECT count(*) FROM rating_followups") == [(0,)]
        downgrade_to(engine, "0012")
        back = _rows(engine, "SELECT case_id, score FROM case_ratings ORDER BY case_id")
        assert back == [(early, 5), (late, 2)]
        upgrade_to_head(engine)
        with engine.begin() as conn:  # the id sequence follows the copied ids
            conn.execute(
                text(
                    'INSERT INTO ratings (case_id, visit_seq, visit_event, "window", score, '
                    "comment, channel, rated_at, recorded_by, station) VALUES "
                    "(:c, 9, 'issue', 'w', 1, '', 'pad', :at, 'x', 'y')"
                ),
                {"c": early, "at": T0},
            )
    finally:
        db.dispose()


def test_old_bad_ratings_get_their_follow_ups_when_asked_and_only_once(
    opened: Any, app_home: AppPaths
) -> None:
    """Ratings carried across by 0014 opened no follow-up; ``ratings open-missing`` opens one
    for each bad one (due counted from the day it runs), and a second run finds none."""
    from datetime import date, timezone

    from desktop.domain.permissions import PermissionDenied, Principal, Role
    from desktop.services.audit import verify_chain
    from desktop.services.keying import attach_hall_secret
    from desktop.services.rating_backfill import open_missing_followups
    from desktop.services.secrets import StationKeys

    class Days:
        def add_working_days(self, start: date, n: int) -> date:
            return start + timedelta(days=n)

    hall = timezone(timedelta(hours=8))
    now = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
    boss = Principal.of("boss", "监察", [Role.SUPERVISOR])
    db = opened
    try:
        engine = db.engine
        downgrade_to(engine, "0012")
        with engine.begin() as conn:
            scores = {"A1": (5, T0), "B1": (2, T0), "C1": (4, T0 - timedelta(days=40))}
            for number, (score, at) in scores.items():
                case_id = _case(conn, number)
                _step(conn, case_id, 1, "accept", "窗口1", at - timedelta(minutes=5))
                _rating(conn, case_id, score, at)
        upgrade_to_head(engine)
        attach_hall_secret(engine, StationKeys(app_home), eager=True)

        def run(**kw: Any) -> Any:
            return open_missing_followups(db, boss, Days(), 15, tz=hall, now=lambda: now, **kw)

        def bad(*numbers: str) -> tuple[int, ...]:
            rows = _rows(
                engine, "SELECT c.number, r.id FROM ratings r JOIN cases c ON c.id = r.case_id"
            )
            ids = dict(rows)
            return tuple(sorted(ids[n] for n in numbers))

        dry = run(dry_run=True)
        assert (dry.ratings, dry.followups, dry.due) == (bad("A1", "C1"), (), date(2026, 12, 22))
        assert run(dry_run=True, since=date(2026, 11, 1)).ratings == bad("A1")
        assert _rows(engine, "SELECT count(*) FROM rating_followups") == [(0,)]

        done = run()
        assert done.ratings == bad("A1", "C1") and len(done.followups) == 2
        opened_rows = _rows(
            engine,
            "SELECT c.number, f.state, f.due_date FROM rating_followups f "
            "JOIN cases c ON c.id = f.case_id ORDER BY c.number",
        )
        assert [(n, s, str(d)[:10]) for n, s, d in opened_rows] == [
            ("A1", "open", "2026-12-22"),
            ("C1", "open", "2026-12-22"),
        ]
        again = run()
        assert (again.ratings, again.followups) == ((), ())
        assert _rows(engine, "SELECT count(*) FROM rating_followups") == [(2,)]
        actions = _rows(engine, "SELECT action, actor FROM audit_events ORDER BY seq")
        assert actions.count(("rating.followup_open", "boss")) == 2
        assert actions.count(("rating.followups_backfilled", "boss")) == 2
        with engine.connect() as conn:
            assert verify_chain(conn).ok
        clerk = Principal.of("clerk01", "窗口1", [Role.CLERK])
        with pytest.raises(PermissionDenied):
            open_missing_followups(db, clerk, Days(), 15, now=lambda: now)
    finally:
        db.dispose()
