"""Connecting: URL validation, SQLite's connection settings, PostgreSQL passwords from the
keyring, every failure as a coded :class:`DatabaseError`; the settings file and the home folder.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from desktop.config.paths import ENV_HOME, AppPaths, app_paths
from desktop.config.settings import (
    CONFIG_FILE_NAME,
    ENV_DATABASE_URL,
    DatabaseSettings,
    LoggingSettings,
    Settings,
    SettingsError,
    StationSettings,
    UiSettings,
    load_settings,
    save_settings,
)
from desktop.persistence import models
from desktop.persistence.database import Database, open_database
from desktop.persistence.engine import (
    KEYRING_SERVICE,
    DatabaseError,
    DatabaseErrorCode,
    create_db_engine,
    resolve_target,
    store_password,
)
from desktop.persistence.migrate import head_revision

try:
    from pgserver import free_port
except ImportError:  # pragma: no cover - tests/ became a package
    from tests.pgserver import free_port  # type: ignore[no-redef]

SECRET = "s3cret-Pa55"


def _resolve(url: str, paths: AppPaths) -> Any:
    return resolve_target(DatabaseSettings(url=url), paths)


def _code(exc: pytest.ExceptionInfo[DatabaseError]) -> DatabaseErrorCode:
    return exc.value.code


# ---- SQLite --------------------------------------------------------------------------------


def test_embedded_default_is_sqlite_in_the_data_directory(app_home: AppPaths) -> None:
    target = resolve_target(DatabaseSettings(), app_home)
    assert target.embedded
    assert target.backend == "sqlite"
    assert target.url.database == str(app_home.default_database)


def test_sqlite_connections_get_wal_foreign_keys_and_busy_timeout(app_home: AppPaths) -> None:
    settings = DatabaseSettings(busy_timeout_s=2.5)
    engine = create_db_engine(resolve_target(settings, app_home), settings)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 2500
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    finally:
        engine.dispose()
    assert app_home.default_database.is_file()


def test_sqlite_enforces_foreign_keys(sqlite_db: Database) -> None:
    building = models.Building(building_code="1" * 19, address_id=4242, name="nowhere")
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), sqlite_db.begin() as s:
        s.add(building)


def test_sqlite_transactions_roll_back(sqlite_db: Database) -> None:
    """SQLAlchemy emits BEGIN itself: a rolled-back unit of work leaves nothing behind."""

    class Boom(Exception):
        pass

    def add_then_fail() -> None:
        with sqlite_db.begin() as s:
            s.add(models.RegistryMeta(key="k", value="v"))
            s.flush()
            raise Boom

    with pytest.raises(Boom):
        add_then_fail()
    assert sqlite_db.meta() == {}
    with sqlite_db.begin() as s:
        s.add(models.RegistryMeta(key="k", value="v"))
    assert sqlite_db.meta() == {"k": "v"}


# ---- resolving the URL ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://:::",
        "nonsense",
        f"postgresql://clerk:{SECRET}@db.hall:port/onewindow",
    ],
)
def test_malformed_url_is_bad_url(app_home: AppPaths, url: str) -> None:
    with pytest.raises(DatabaseError) as caught:
        _resolve(url, app_home)
    assert _code(caught) is DatabaseErrorCode.BAD_URL
    message = str(caught.value)
    assert "is not valid" in message
    assert "postgresql://USER@HOST:PORT/DATABASE" in message
    assert SECRET not in message


@pytest.mark.parametrize(
    "url", ["mysql://u@h/db", "oracle://u@h/db", "postgresql+asyncpg://u@h/db"]
)
def test_unsupported_backend(app_home: AppPaths, url: str) -> None:
    with pytest.raises(DatabaseError) as caught:
        _resolve(url, app_home)
    assert _code(caught) is DatabaseErrorCode.UNSUPPORTED_BACKEND
    assert "not supported" in str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://127.0.0.1/onewindow",  # no user
        "postgresql://clerk@/onewindow",  # no host
        "postgresql://clerk@127.0.0.1",  # no database
        "sqlite://",
        "sqlite:///:memory:",
    ],
)
def test_incomplete_url_is_bad_url(app_home: AppPaths, url: str) -> None:
    with pytest.raises(DatabaseError) as caught:
        _resolve(url, app_home)
    assert _code(caught) is DatabaseErrorCode.BAD_URL
    assert str(caught.value)


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_postgresql_url_uses_psycopg(app_home: AppPaths, scheme: str) -> None:
    target = _resolve(f"{scheme}://clerk@db.hall:5433/onewindow", app_home)
    assert not target.embedded
    assert target.backend == "postgresql"
    assert target.url.drivername == "postgresql+psycopg"
    assert target.keyring_user == "clerk@db.hall:5433/onewindow"
    assert _resolve("postgresql://clerk@db.hall/hall", app_home).keyring_user == (
        "clerk@db.hall:5432/hall"
    )


def test_sqlite_url_names_a_file(app_home: AppPaths, tmp_path: Path) -> None:
    target = _resolve(f"sqlite:///{tmp_path}/shared.sqlite3", app_home)
    assert not target.embedded
    assert target.url.drivername == "sqlite+pysqlite"
    assert target.url.database == f"{tmp_path}/shared.sqlite3"


def test_display_url_masks_the_password(app_home: AppPaths) -> None:
    target = _resolve(f"postgresql://clerk:{SECRET}@db.hall/onewindow", app_home)
    assert SECRET not in target.display_url
    assert target.display_url == "postgresql+psycopg://clerk:***@db.hall/onewindow"
    assert SECRET not in repr(target.url)


# ---- PostgreSQL: passwords and failures ----------------------------------------------------


def _pg_settings(url: str) -> Settings:
    return Settings(database=DatabaseSettings(url=url, connect_timeout_s=5))


@pytest.mark.postgres
def test_password_comes_from_the_keyring(
    app_home: AppPaths, pg_database: Any, memory_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _resolve(pg_database.url_without_password, app_home)
    store_password(target, pg_database.password)
    assert memory_keyring.passwords == {
        (KEYRING_SERVICE, target.keyring_user): pg_database.password
    }

    # The app path: the URL (no password) from the environment, the password from the keyring.
    monkeypatch.setenv(ENV_DATABASE_URL, pg_database.url_without_password)
    db = open_database()
    try:
        assert db.target.backend == "postgresql"
        assert db.revision() == head_revision()
        with db.engine.connect() as conn:
            assert conn.scalar(text("SELECT current_user")) == pg_database.user
    finally:
        db.dispose()


def test_no_stored_password(app_home: AppPaths, memory_keyring: Any) -> None:
    settings = _pg_settings(f"postgresql://clerk@127.0.0.1:{free_port()}/onewindow")
    with pytest.raises(DatabaseError) as caught:
        open_database(app_home, settings)
    assert _code(caught) is DatabaseErrorCode.NO_PASSWORD
    assert "onewindow-admin db set-password" in str(caught.value)


@pytest.mark.postgres
def test_wrong_stored_password(app_home: AppPaths, pg_database: Any, memory_keyring: Any) -> None:
    settings = _pg_settings(pg_database.url_without_password)
    store_password(resolve_target(settings.database, app_home), SECRET)
    with pytest.raises(DatabaseError) as caught:
        open_database(app_home, settings)
    assert _code(caught) is DatabaseErrorCode.AUTH_FAILED
    assert "onewindow-admin db set-password" in str(caught.value)
    assert SECRET not in str(caught.value)


@pytest.mark.postgres
def test_password_in_the_environment_url_needs_no_keyring(
    app_home: AppPaths, pg_database: Any, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_DATABASE_URL, pg_database.url)
    db = open_database()
    try:
        assert db.revision() == head_revision()
        assert pg_database.password not in db.target.display_url
    finally:
        db.dispose()


def _assert_names_the_keyring_fix(caught: pytest.ExceptionInfo[DatabaseError]) -> None:
    assert _code(caught) is DatabaseErrorCode.NO_KEYRING
    message = str(caught.value)
    assert "keyring" in message
    assert "onewindow-admin db set-password" in message
    assert SECRET not in message


def test_no_keyring_when_opening(app_home: AppPaths, no_keyring: None) -> None:
    settings = _pg_settings(f"postgresql://clerk@127.0.0.1:{free_port()}/onewindow")
    with pytest.raises(DatabaseError) as caught:
        open_database(app_home, settings)
    _assert_names_the_keyring_fix(caught)


def test_no_keyring_when_storing_the_password(app_home: AppPaths, no_keyring: None) -> None:
    target = _resolve("postgresql://clerk@db.hall/onewindow", app_home)
    with pytest.raises(DatabaseError) as caught:
        store_password(target, SECRET)
    _assert_names_the_keyring_fix(caught)


def test_unreachable_server_fails_fast(app_home: AppPaths) -> None:
    settings = _pg_settings(f"postgresql://clerk@127.0.0.1:{free_port()}/onewindow")
    settings = replace(settings, database=replace(settings.database, connect_timeout_s=2))
    started = time.monotonic()
    with pytest.raises(DatabaseError) as caught:
        open_database(app_home, settings, password=SECRET)
    assert time.monotonic() - started < 5
    assert _code(caught) is DatabaseErrorCode.UNREACHABLE
    message = str(caught.value)
    assert "127.0.0.1" in message
    assert SECRET not in message


# ---- settings file -------------------------------------------------------------------------


def test_absent_settings_file_gives_the_defaults(app_home: AppPaths) -> None:
    assert not app_home.config_file.exists()
    assert load_settings(app_home) == Settings()


def test_settings_round_trip(app_home: AppPaths) -> None:
    settings = Settings(
        database=DatabaseSettings(
            url="postgresql://clerk@db.hall:5433/onewindow",
            busy_timeout_s=3.5,
            connect_timeout_s=7,
            demo_seed_persons=100,
            demo_random_seed=7,
        ),
        station=StationSettings(name='户籍 "综合" 窗口 \\ A', window_number=12, hall_name="东区"),
        ui=UiSettings(language="en"),
        logging=LoggingSettings(level="DEBUG", max_bytes=1000, backups=2),
    )
    path = save_settings(app_home, settings)
    assert path == app_home.config_file
    assert path.name == CONFIG_FILE_NAME
    assert load_settings(app_home) == settings


def test_settings_file_with_a_password_is_refused(app_home: AppPaths) -> None:
    app_home.config_file.write_text(
        f'[database]\nurl = "postgresql://clerk:{SECRET}@db.hall/onewindow"\n', encoding="utf-8"
    )
    with pytest.raises(SettingsError) as caught:
        load_settings(app_home)
    assert "set-password" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_saving_a_url_with_a_password_is_refused(app_home: AppPaths) -> None:
    settings = Settings(
        database=DatabaseSettings(url=f"postgresql://clerk:{SECRET}@db.hall/onewindow")
    )
    with pytest.raises(SettingsError):
        save_settings(app_home, settings)
    assert not app_home.config_file.exists()


def test_settings_file_with_a_malformed_url_is_refused(app_home: AppPaths) -> None:
    app_home.config_file.write_text(
        '[database]\nurl = "postgresql://clerk@db.hall:port/onewindow"\n', encoding="utf-8"
    )
    with pytest.raises(SettingsError):
        load_settings(app_home)


def test_environment_url_overrides_the_file(
    app_home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_file = Settings(
        database=DatabaseSettings(url="postgresql://clerk@file-host/onewindow", connect_timeout_s=9)
    )
    save_settings(app_home, in_file)
    monkeypatch.setenv(ENV_DATABASE_URL, "  postgresql://clerk@env-host/onewindow  ")
    loaded = load_settings(app_home)
    assert loaded.database.url == "postgresql://clerk@env-host/onewindow"
    assert loaded.database.connect_timeout_s == 9
    monkeypatch.setenv(ENV_DATABASE_URL, "   ")
    assert load_settings(app_home) == in_file


# ---- where OneWindow writes ----------------------------------------------------------------


def test_onewindow_home_relocates_everything(app_home: AppPaths, tmp_path: Path) -> None:
    root = (tmp_path / "home").resolve()
    assert app_home == app_paths()
    assert app_home.config_dir == root / "config"
    assert app_home.data_dir == root / "data"
    assert app_home.log_dir == root / "logs"
    assert app_home.archive_dir == root / "archive"
    assert app_home.config_file == root / "config" / CONFIG_FILE_NAME
    assert app_home.default_database == root / "data" / "onewindow.sqlite3"
    assert app_home.log_file == root / "logs" / "onewindow.log"
    assert all(
        p.is_dir()
        for p in (app_home.config_dir, app_home.data_dir, app_home.log_dir, app_home.archive_dir)
    )

    elsewhere = app_paths({ENV_HOME: str(tmp_path / "other")})
    assert elsewhere.data_dir == (tmp_path / "other" / "data").resolve()
    default = app_paths({})
    assert not default.config_dir.is_relative_to(root)
    assert not default.data_dir.is_relative_to(root)


def test_sqlite_database_lives_in_the_home(sqlite_db: Database, app_home: AppPaths) -> None:
    assert sqlite_db.target.embedded
    assert Path(sqlite_db.target.url.database or "") == app_home.default_database
    with sqlite_db.begin() as s:
        assert s.scalar(select(models.AuditHead.last_seq)) == 0


# ---- PostgreSQL: the pool pings an idle connection, or one the server spoke on -------------


def _count_pings(db: Database, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    pings: list[int] = []
    real = db.engine.dialect.do_ping

    def counted(dbapi_conn: Any) -> bool:
        pings.append(1)
        return bool(real(dbapi_conn))

    monkeypatch.setattr(db.engine.dialect, "do_ping", counted)
    return pings


def test_a_connection_used_a_moment_ago_goes_to_work_without_a_ping(
    pg_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings = _count_pings(pg_db, monkeypatch)
    for _ in range(20):
        with pg_db.engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
    assert pings == []  # a round trip saved on each of the 20 check-outs
    import desktop.persistence.engine as engine_module

    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_S", 0.0)  # every connection "idle"
    with pg_db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    assert pings == [1]


def test_a_session_the_server_ended_is_replaced_at_once(
    pg_db: Database, pg_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server ends the pooled session (as a restart does) a moment after it was used: the
    next check-out sees the server's goodbye on the socket, pings, and gets a new connection
    — no failure for the station."""
    pings = _count_pings(pg_db, monkeypatch)
    with pg_db.engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    with pg_server.admin_connect() as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # until the session is gone on the server
        with pg_server.admin_connect() as admin:
            alive = admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,))
            if not alive.fetchall():
                break
        time.sleep(0.02)
    with pg_db.engine.connect() as conn:
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
    assert pings == [1]
