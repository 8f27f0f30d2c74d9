"""Migration 0013 backfills the clock's dates of the cases that exist (open ones: dates; a
paused one and finished ones: none), as the case service would compute them for the default
hall — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, select, text

from desktop.config.paths import AppPaths
from desktop.config.settings import DatabaseSettings, Settings
from desktop.domain.workcalendar import WorkCalendar, deadline_dates_from_record
from desktop.persistence.engine import create_db_engine, resolve_target
from desktop.persistence.migrate import alembic_config, upgrade_to_head
from desktop.services.cases import tables as t

ACCEPTED = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in the hall


def _engine(request: pytest.FixtureRequest, app_home: AppPaths) -> Engine:
    if request.param == "sqlite":
        settings, password = Settings(), None
    else:
        pg = request.getfixturevalue("pg_database")
        settings = Settings(database=DatabaseSettings(url=pg.url_without_password))
        password = pg.password
    return create_db_engine(
        resolve_target(settings.database, app_home), settings.database, password=password
    )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, app_home: AppPaths) -> Any:
    engine = _engine(request, app_home)
    yield engine
    engine.dispose()


def _case(conn: Any, number: str, state: str, promised: date | None) -> int:
    return int(
        conn.execute(
            text(
                "INSERT INTO cases (number, number_source, matter_code, matter_name, category, "
                "case_type, state, applicant_name, applicant_id_type, applicant_id_masked, "
                "applicant_id_hash, agent_name, agent_id_type, agent_id_masked, agent_id_hash, "
                "phone, address, channel, form_values, received_at, received_by, "
                "received_station, accepted_at, accepted_by, accepted_station, accepting_unit, "
                "notice_number, promised_date, refusal_reason, result_name, result_number, "
                "issuing_unit, delivered_by_post, updated_at, version) VALUES (:n, 'generated', "
                "'X1', '某事项', 'ZZ', '2', :s, '张三', 'citizen', '1101****', 'h', '', '', '', "
                "'', '', '', 'window', '{}', :at, 'c', 'w', :at, 'c', 'w', '', '', :p, '', '', "
                "'', '', false, :at, 1) RETURNING id"
            ),
            {"n": number, "s": state, "at": ACCEPTED, "p": promised},
        ).scalar_one()
    )


def test_existing_cases_get_their_dates(engine: Engine) -> None:
    with engine.connect() as conn:
        command.upgrade(alembic_config(conn), "0012")
        conn.commit()
    promised = date(2026, 11, 23)
    with engine.begin() as conn:
        _case(conn, "OPEN", "in_review", promised)
        paused = _case(conn, "PAUSED", "in_review", promised)
        conn.execute(
            text(
                "INSERT INTO clock_pauses (case_id, kind, reason, started_at, started_by, "
                "ended_by) VALUES (:c, 'hearing', '听证', :at, 'x', '')"
            ),
            {"c": paused, "at": datetime(2026, 11, 10, 2, 0, tzinfo=UTC)},
        )
        _case(conn, "DONE", "issued", promised)
        _case(conn, "NOTIFIED", "awaiting_supplement", None)
    upgrade_to_head(engine)
    c = t.cases.c
    with engine.connect() as conn:
        got = {
            r.number: (r.due_on, r.yellow_on, r.red_on, r.overdue_on)
            for r in conn.execute(select(c.number, c.due_on, c.yellow_on, c.red_on, c.overdue_on))
        }
    expected = deadline_dates_from_record(WorkCalendar(), date(2026, 11, 2), promised)
    assert expected is not None
    assert got["OPEN"] == (
        expected.due_on,
        expected.yellow_on,
        expected.red_on,
        expected.overdue_on,
    )
    assert got["OPEN"][0] == promised  # no pause: due on the promised date
    for number in ("PAUSED", "DONE", "NOTIFIED"):
        assert got[number] == (None, None, None, None), number
