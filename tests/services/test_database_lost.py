"""The database goes away in the middle of an acceptance: the service raises the one
:class:`DatabaseError` with its code, never a driver's exception, and nothing half-done stays."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from pgserver import PostgresServer, PostgresUnavailable  # type: ignore[import-not-found]

from desktop.config.paths import AppPaths
from desktop.config.settings import DatabaseSettings, Settings
from desktop.persistence.database import Database, open_database
from desktop.persistence.engine import DatabaseError, DatabaseErrorCode
from desktop.services.cases import CaseService
from services.case_factory import (  # type: ignore[import-not-found]
    CLERK,
    IMMEDIATE,
    Clock,
    application,
    make_service,
    snapshot,
)


@pytest.fixture
def own_pg_server() -> Iterator[PostgresServer]:
    """A server of this test's own: it is stopped in the middle (the session's one is shared)."""
    try:
        server = PostgresServer()
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))
    with server:
        yield server


@pytest.mark.postgres
def test_postgresql_stopped_during_an_acceptance_is_db_unreachable(
    app_home: AppPaths, own_pg_server: PostgresServer
) -> None:
    server = own_pg_server
    settings = Settings(database=DatabaseSettings(url=server.url(server.app_user)))
    db = open_database(app_home, settings, password=server.app_password)

    class StoppedMidway(CaseService):
        """The server stops after the case row is written, before the issue step."""

        def _after_accept(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
            server.stop()
            super()._after_accept(*args, **kwargs)  # type: ignore[arg-type]

    try:
        svc = make_service(db, Clock(), service_class=StoppedMidway)
        with pytest.raises(DatabaseError) as caught:
            svc.accept(CLERK, application(IMMEDIATE))
        assert caught.value.code is DatabaseErrorCode.UNREACHABLE
        assert "Cannot reach the database server" in str(caught.value)
        # The next call finds no server at all: the same error, from the connect this time.
        with pytest.raises(DatabaseError) as again:
            make_service(db, Clock()).accept(CLERK, application(IMMEDIATE))
        assert again.value.code is DatabaseErrorCode.UNREACHABLE
    finally:
        db.dispose()


def test_sqlite_locked_by_another_program_is_a_database_error(app_home: AppPaths) -> None:
    db: Database = open_database(app_home, Settings(database=DatabaseSettings(busy_timeout_s=0.2)))
    try:
        svc = make_service(db, Clock())
        before = snapshot(db)
        # Another program holds the write lock for longer than the busy timeout.
        other = sqlite3.connect(str(app_home.default_database), isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            with pytest.raises(DatabaseError) as caught:
                svc.accept(CLERK, application(IMMEDIATE))
        finally:
            other.rollback()
            other.close()
        assert caught.value.code is DatabaseErrorCode.UNREACHABLE
        assert "database is locked" in str(caught.value)
        assert snapshot(db) == before  # nothing half-done: no case, no number taken
        assert svc.accept(CLERK, application(IMMEDIATE)).case.number.endswith("ZL00001")
    finally:
        db.dispose()
