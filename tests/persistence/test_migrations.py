"""Migrations: one head; upgrade from empty matches the models; down and up again with data
present; the app migrates itself at start and refuses a schema newer than itself.

Every test that touches a database runs on the embedded SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import Script
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.orm import Session

from desktop.config.paths import AppPaths
from desktop.config.settings import DatabaseSettings, Settings
from desktop.persistence import models
from desktop.persistence.database import COUNTED_TABLES, open_database
from desktop.persistence.engine import (
    DatabaseError,
    DatabaseErrorCode,
    create_db_engine,
    resolve_target,
)
from desktop.persistence.migrate import (
    _PG_MIGRATION_LOCK,
    HEAD_REVISION,
    alembic_config,
    current_revision,
    downgrade_to,
    head_revision,
    script_directory,
    upgrade_to_head,
)

UNKNOWN_REVISION = "ffffffffffff"
GENESIS_HASH = "0" * 64

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@dataclass(frozen=True, slots=True)
class EmptyDb:
    """An empty database, as the app would be configured to use it, and an engine on it."""

    backend: str
    paths: AppPaths
    settings: Settings
    password: str | None
    engine: Engine

    def open(self, **kwargs: Any) -> Any:
        return open_database(self.paths, self.settings, password=self.password, **kwargs)


@pytest.fixture(params=BACKENDS)
def empty_db(request: pytest.FixtureRequest, app_home: AppPaths) -> Iterator[EmptyDb]:
    if request.param == "sqlite":
        settings, password = Settings(), None  # the embedded default in the data directory
    else:
        pg = request.getfixturevalue("pg_database")
        settings = Settings(database=DatabaseSettings(url=pg.url_without_password))
        password = pg.password
    target = resolve_target(settings.database, app_home)
    engine = create_db_engine(target, settings.database, password=password)
    try:
        yield EmptyDb(request.param, app_home, settings, password, engine)
    finally:
        engine.dispose()


# ---- helpers -------------------------------------------------------------------------------


def _revisions() -> list[Script]:
    """All revisions, oldest first."""
    return list(reversed(list(script_directory().walk_revisions("base", "heads"))))


def _upgrade_to(engine: Engine, revision: str) -> None:
    with engine.connect() as conn:
        command.upgrade(alembic_config(conn), revision)
        conn.commit()


def _table_names(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def _leftovers(engine: Engine) -> set[str]:
    """Schema objects other than Alembic's own table (tables; on PostgreSQL also sequences)."""
    with engine.connect() as conn:
        insp = inspect(conn)
        found = {f"table {t}" for t in insp.get_table_names() if t != "alembic_version"}
        if conn.dialect.name == "postgresql":
            found |= {f"sequence {s}" for s in insp.get_sequence_names()}
            found |= {f"type {e['name']}" for e in insp.get_enums()}  # type: ignore[attr-defined]
    return found


def _snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the models (the database must be at head)."""
    with engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in models.Base.metadata.sorted_tables
        }


def _insert_registry(engine: Engine) -> None:
    """A small but complete registry: every kind of row, linked to each other."""
    with Session(engine) as s, s.begin():
        address = models.StandardAddress(
            region_code="110105001001",
            region_name="示范区 · 东风街道 · 一社区",
            street="东风路",
            door_number="18号",
            detail="3号楼2单元502",
            full_address="示范区东风街道东风路18号3号楼2单元502",
        )
        building = models.Building(
            building_code="1101050010010180003", address=address, name="3号楼", floors=6
        )
        dwelling = models.Dwelling(
            house_code="1101050010010180003020502",
            building=building,
            address=address,
            rooms=3,
            area_m2=Decimal("89.50"),
            rental_status="rented",
        )
        unit = models.Unit(
            credit_code="91110105MA01ABCD2X", name="示范科技有限公司", industry="I65"
        )
        s.add_all([address, building, dwelling, unit])
        s.flush()
        person = models.Person(
            id_type="resident_id",
            id_number="11010519491231002X",
            name="张三",
            sex="2",
            ethnicity="01",
            birth_date=date(1949, 12, 31),
            is_migrant=True,
            arrival_date=date(2025, 3, 1),
            arrival_reason="work",
            current_dwelling_id=dwelling.id,
        )
        s.add(person)
        s.flush()
        s.add_all(
            [
                models.DwellingParty(
                    dwelling_id=dwelling.id,
                    person_id=person.id,
                    role="tenant",
                    since=date(2025, 3, 1),
                ),
                models.Employment(
                    person_id=person.id,
                    unit_id=unit.id,
                    occupation_code="2-02",
                    since=date(2025, 3, 2),
                ),
                models.IssuedCertificate(
                    person_id=person.id,
                    cert_type="residence_permit",
                    cert_number="JZZ-2025-000001",
                    issuer="示范区公安分局",
                    issued_on=date(2025, 9, 1),
                    valid_until=date(2026, 9, 1),
                ),
                models.RegistryMeta(key="synthetic", value="true"),
                models.AuditEvent(
                    seq=1,
                    occurred_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
                    actor="clerk01",
                    station="窗口 3",
                    action="registry.dossier",
                    subject=f"person:{person.id}",
                    purpose="居住登记",
                    detail={"note": "migration test"},
                    prev_hash=GENESIS_HASH,
                    hash="a" * 64,
                ),
            ]
        )


def _assert_fresh_schema(engine: Engine) -> None:
    """At head with no data: every table empty except the audit chain's anchor."""
    assert current_revision(engine) == head_revision()
    with Session(engine) as s:
        for model in (*COUNTED_TABLES, models.RegistryMeta):
            assert s.scalar(select(func.count()).select_from(model)) == 0, model.__tablename__
        anchor = s.execute(select(models.AuditHead.__table__).order_by(models.AuditHead.id)).all()
    # 64 empty lanes, each from its own genesis (lane 1: all zeros), no key named yet
    assert [tuple(r) for r in anchor] == [
        (lane, 0, f"{lane - 1:064x}", None) for lane in range(1, 65)
    ]
    assert anchor[0][2] == GENESIS_HASH


# ---- the migrations directory --------------------------------------------------------------


def test_single_head_and_linear_history() -> None:
    scripts = script_directory()
    assert scripts.get_heads() == [head_revision()]
    assert len(scripts.get_bases()) == 1
    revisions = _revisions()
    assert revisions[0].down_revision is None
    for older, newer in itertools.pairwise(revisions):
        assert newer.down_revision == older.revision, f"{newer.revision} does not follow"
    assert revisions[-1].revision == head_revision()


# ---- upgrade, downgrade --------------------------------------------------------------------


def test_upgrade_from_empty_matches_the_models(empty_db: EmptyDb) -> None:
    engine = empty_db.engine
    assert current_revision(engine) is None

    assert upgrade_to_head(engine) == (None, head_revision())

    assert current_revision(engine) == head_revision()
    assert _table_names(engine) == {*models.Base.metadata.tables, "alembic_version"}
    # The `alembic check` equivalent: autogenerate finds nothing to do.
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, models.Base.metadata) == []
    _assert_fresh_schema(engine)


def test_every_revision_goes_up_down_and_up_again(empty_db: EmptyDb) -> None:
    """The "stairway": each step's downgrade removes exactly what its upgrade made."""
    engine = empty_db.engine
    for rev in _revisions():
        previous = rev.down_revision or "base"
        before = _leftovers(engine)
        _upgrade_to(engine, rev.revision)
        assert current_revision(engine) == rev.revision
        after = _leftovers(engine)
        downgrade_to(engine, previous)
        assert current_revision(engine) == rev.down_revision
        assert _leftovers(engine) == before, f"downgrade of {rev.revision} left objects behind"
        _upgrade_to(engine, rev.revision)
        assert _leftovers(engine) == after
    assert current_revision(engine) == head_revision()


def test_downgrade_and_upgrade_again_with_data(empty_db: EmptyDb) -> None:
    engine = empty_db.engine
    upgrade_to_head(engine)
    _insert_registry(engine)
    expected = _snapshot(engine)
    assert all(expected[t.__tablename__] for t in COUNTED_TABLES)

    # Each step down that keeps the tables must keep the data through the way back up.
    for rev in reversed(_revisions()[1:]):
        assert rev.down_revision is not None
        downgrade_to(engine, str(rev.down_revision))
        assert current_revision(engine) == rev.down_revision
        upgrade_to_head(engine)
        assert _snapshot(engine) == expected, f"data lost through {rev.revision}"

    # All the way down leaves nothing behind; up again gives an empty schema.
    downgrade_to(engine, "base")
    assert current_revision(engine) is None
    assert _leftovers(engine) == set()
    upgrade_to_head(engine)
    _assert_fresh_schema(engine)


# ---- the app migrates itself ---------------------------------------------------------------


def test_open_database_migrates_an_empty_database(empty_db: EmptyDb) -> None:
    db = empty_db.open()
    try:
        assert db.revision() == head_revision()
        assert set(db.row_counts().values()) == {0}
        assert db.meta() == {}
    finally:
        db.dispose()
    _assert_fresh_schema(empty_db.engine)
    if empty_db.backend == "sqlite":
        assert empty_db.paths.default_database.is_file()

    # Opening again is a no-op.
    assert upgrade_to_head(empty_db.engine) == (head_revision(), head_revision())
    again = empty_db.open()
    again.dispose()


@pytest.mark.parametrize("migrate", [True, False], ids=["migrate", "no-migrate"])
def test_newer_schema_is_refused_and_left_unchanged(empty_db: EmptyDb, migrate: bool) -> None:
    engine = empty_db.engine
    upgrade_to_head(engine)
    _insert_registry(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": UNKNOWN_REVISION})
    tables = _table_names(engine)
    rows = _snapshot(engine)

    with pytest.raises(DatabaseError) as caught:
        empty_db.open(migrate=migrate)

    assert caught.value.code is DatabaseErrorCode.SCHEMA_TOO_NEW
    assert UNKNOWN_REVISION in str(caught.value)
    assert head_revision() in str(caught.value)
    assert current_revision(engine) == UNKNOWN_REVISION
    assert _table_names(engine) == tables
    assert _snapshot(engine) == rows
    if empty_db.backend == "postgresql":  # the migration lock was released
        with engine.connect() as conn:
            key = {"k": _PG_MIGRATION_LOCK}
            assert conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), key) is True
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), key)


@pytest.mark.postgres
def test_stations_starting_together_migrate_once(app_home: AppPaths, pg_database: Any) -> None:
    """Stations open an empty shared database at once: the advisory lock serialises them."""
    settings = Settings(database=DatabaseSettings(url=pg_database.url_without_password))
    results: list[object] = []
    barrier = threading.Barrier(3)

    def station() -> None:
        barrier.wait()
        try:
            db = open_database(app_home, settings, password=pg_database.password)
            results.append(db.revision())
            db.dispose()
        except Exception as exc:  # reported below
            results.append(exc)

    threads = [threading.Thread(target=station, daemon=True) for _ in range(3)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads), "a station hangs while migrating"
    assert results == [head_revision()] * 3


def test_the_head_constant_is_alembics_head() -> None:
    from desktop.persistence.migrate import HEAD_REVISION, head_revision

    assert head_revision() == HEAD_REVISION, (
        "a new migration: set desktop.persistence.migrate.HEAD_REVISION to its revision"
    )


def test_a_database_at_head_opens_without_loading_alembic(sqlite_db, app_home) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from desktop.persistence.database import open_database\n"
        "db = open_database()\n"
        "print(db.revision(), 'alembic' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    assert out == [HEAD_REVISION, "False"]
