"""Connecting to the shared database.

* Embedded default: SQLite in the data directory, configured on every connect with WAL, foreign
  keys on and a busy timeout; transactions begin explicitly so SQLAlchemy, not the driver,
  decides when they start.
* A hall's shared database: PostgreSQL through psycopg 3. The URL names user, host and
  database; the password comes from the OS keyring (``onewindow-admin db set-password``) and is
  never written to a file or a log.

Every failure is a :class:`DatabaseError` with a code and a message that names the problem and
the fix, so the command line and the window can say it in one line.
"""

from __future__ import annotations

import logging
import select
import sqlite3
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
)

from desktop.config.paths import AppPaths
from desktop.config.private_files import private_file, restrict
from desktop.config.settings import DatabaseSettings
from desktop.domain.errors import CodedError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "onewindow-database"


class DatabaseErrorCode(StrEnum):
    BAD_URL = "db.bad_url"
    UNSUPPORTED_BACKEND = "db.unsupported_backend"
    UNREACHABLE = "db.unreachable"
    AUTH_FAILED = "db.auth_failed"
    NO_PASSWORD = "db.no_password"
    NO_KEYRING = "db.no_keyring"
    SCHEMA_TOO_NEW = "db.schema_too_new"
    SCHEMA_UNKNOWN = "db.schema_unknown"
    NOT_INITIALISED = "db.not_initialised"
    FAILED = "db.failed"  # the database refused a statement (not the connection, not a key)
    NOT_A_DATABASE = "db.not_a_database"


class DatabaseError(CodedError):
    code: DatabaseErrorCode

    def __init__(self, code: DatabaseErrorCode, message: str) -> None:
        super().__init__(message, code=code)


@dataclass(frozen=True, slots=True)
class DatabaseTarget:
    """Which database to use, before any connection is made."""

    url: URL
    embedded: bool  # the unconfigured default (SQLite in the data directory)

    @property
    def backend(self) -> str:
        return self.url.get_backend_name()

    @property
    def display_url(self) -> str:
        """The URL as it may be shown or logged: the password masked."""
        return self.url.render_as_string(hide_password=True)

    @property
    def keyring_user(self) -> str:
        """The keyring entry's user name: identifies user, server and database."""
        u = self.url
        return f"{u.username or ''}@{u.host or 'localhost'}:{u.port or 5432}/{u.database or ''}"


def resolve_target(settings: DatabaseSettings, paths: AppPaths) -> DatabaseTarget:
    """Turn the configured URL (or none) into a validated :class:`DatabaseTarget`."""
    raw = settings.url.strip()
    if not raw:
        path = paths.default_database
        return DatabaseTarget(URL.create("sqlite+pysqlite", database=str(path)), embedded=True)
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError):  # make_url raises ValueError for a non-numeric port
        raise DatabaseError(
            DatabaseErrorCode.BAD_URL,
            f"The database URL '{_mask_raw(raw)}' is not valid. Write it as "
            "postgresql://USER@HOST:PORT/DATABASE or sqlite:///PATH.",
        ) from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):  # postgres:// is a common alias
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        if url.drivername != "postgresql+psycopg":
            raise DatabaseError(
                DatabaseErrorCode.UNSUPPORTED_BACKEND,
                f"The PostgreSQL driver '{url.drivername}' is not supported; use postgresql:// "
                "(psycopg 3).",
            )
        if not url.host or not url.database or not url.username:
            raise DatabaseError(
                DatabaseErrorCode.BAD_URL,
                f"The database URL '{url.render_as_string(hide_password=True)}' must name a user, "
                "a host and a database: postgresql://USER@HOST:PORT/DATABASE.",
            )
    elif backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise DatabaseError(
                DatabaseErrorCode.BAD_URL,
                "A SQLite database URL must name a file: sqlite:///PATH/TO/onewindow.sqlite3.",
            )
        url = url.set(drivername="sqlite+pysqlite")
    else:
        raise DatabaseError(
            DatabaseErrorCode.UNSUPPORTED_BACKEND,
            f"The database backend '{backend}' is not supported; use postgresql:// or sqlite:///.",
        )
    return DatabaseTarget(url, embedded=False)


def _mask_raw(raw: str) -> str:
    """Mask anything between ':' and '@' in an unparsable URL before showing it."""
    if "@" in raw and "://" in raw:
        scheme, rest = raw.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in creds else raw
    return raw


# ---- keyring -----------------------------------------------------------------------------


def _keyring_failure(exc: Exception) -> DatabaseError:
    return DatabaseError(
        DatabaseErrorCode.NO_KEYRING,
        f"No usable OS keyring ({type(exc).__name__}: {exc}). On Windows and macOS the system "
        "keyring is used; on Linux install and unlock a Secret Service keyring (for example "
        "gnome-keyring), then run 'onewindow-admin db set-password' again.",
    )


def store_password(target: DatabaseTarget, password: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, target.keyring_user, password)
    except (KeyringError, RuntimeError) as exc:
        raise _keyring_failure(exc) from None


def load_password(target: DatabaseTarget) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, target.keyring_user)
    except (KeyringError, RuntimeError) as exc:
        raise _keyring_failure(exc) from None


# ---- engines -----------------------------------------------------------------------------


def _configure_sqlite(engine: Engine, busy_timeout_s: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (see "begin" below) instead of pysqlite's guessing.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")


def create_db_engine(
    target: DatabaseTarget,
    settings: DatabaseSettings,
    *,
    password: str | None = None,
    check: bool = True,
    create: bool = True,
) -> Engine:
    """Create the engine for ``target``; with ``check`` connect once and report failures.

    For PostgreSQL the password is taken from ``password``, the URL (environment only) or the
    keyring, in that order. A SQLite file that does not exist is created (owner-only) only with
    ``create``; without it the database is "not initialised" and nothing is written.
    """
    url = target.url
    kwargs: dict[str, Any] = {}
    if target.backend == "sqlite":
        _prepare_sqlite_file(Path(url.database or ""), create=create)
        kwargs["connect_args"] = {"timeout": settings.busy_timeout_s}
    else:
        if password is None and not url.password:
            password = load_password(target)
            if password is None:
                raise DatabaseError(
                    DatabaseErrorCode.NO_PASSWORD,
                    f"No password is stored for {target.display_url}. Store it with "
                    "'onewindow-admin db set-password' (it goes to the OS keyring).",
                )
        if password is not None:
            url = url.set(password=password)
        kwargs["connect_args"] = {
            "connect_timeout": settings.connect_timeout_s,
            "application_name": "onewindow",
        }
    try:
        engine = create_engine(url, **kwargs)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise DatabaseError(
            DatabaseErrorCode.BAD_URL, f"Cannot use {target.display_url}: {exc}"
        ) from None
    if target.backend == "sqlite":
        _configure_sqlite(engine, settings.busy_timeout_s)
    else:
        _ping_when_idle(engine)
    if check:
        check_connection(engine, target)
    return engine


#: A pooled PostgreSQL connection idle for this long is pinged when it is checked out again
#: (what ``pool_pre_ping`` does on every check-out): a network cut meanwhile is noticed there and
#: the connection replaced. One used a moment ago goes straight to work unless the server has
#: spoken on it since (below) — the ping was a round trip on every check-out, 2 of the ~20 of an
#: approver's claim and decision (issue 13); a station's own calls are seconds apart.
PING_AFTER_IDLE_S = 1.0


def _server_spoke(dbapi_conn: Any) -> bool:
    """Whether an idle connection's socket has something to read: a server that shuts down or
    ends the session says so (``FATAL``) and closes it — no round trip needed to notice."""
    try:
        readable, _, _ = select.select([dbapi_conn.fileno()], [], [], 0)
    except (OSError, ValueError, psycopg.Error):  # closed already
        return True
    return bool(readable)


def _ping_when_idle(engine: Engine) -> None:
    """``pool_pre_ping`` for connections idle at least :data:`PING_AFTER_IDLE_S` or on which the
    server spoke while idle: a failed ping raises ``DisconnectionError``, on which the pool
    discards the connection and checks out another (a fresh one when the server is back)."""

    @event.listens_for(engine.pool, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def _checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop("idle_since", None)
        if since is None:
            return  # a new connection
        if time.monotonic() - since < PING_AFTER_IDLE_S and not _server_spoke(dbapi_conn):
            return  # used a moment ago, and nothing came from the server since
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:  # any failure of the ping: the connection is not to be used
            raise DisconnectionError(f"the pooled connection failed its ping: {exc}") from exc


def _prepare_sqlite_file(path: Path, *, create: bool) -> None:
    """The SQLite file: missing and not to be created is an error; created owner-only (its
    ``-wal`` and ``-shm`` take the database file's mode), an existing one tightened."""
    if not path.exists():
        if not create:
            raise DatabaseError(
                DatabaseErrorCode.NOT_INITIALISED,
                f"There is no database at {path}; create it with 'onewindow-admin init'.",
            )
        try:
            private_file(path)
        except OSError as exc:
            raise DatabaseError(
                DatabaseErrorCode.UNREACHABLE,
                f"Cannot create the database {path}: {exc.strerror or exc}. Check that the "
                "folder is writable.",
            ) from None
        return
    if not path.is_file():
        raise DatabaseError(
            DatabaseErrorCode.NOT_A_DATABASE,
            f"{path} is not a database file (it is a folder or a device); point the database "
            "URL at a SQLite file.",
        )
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        restrict(p)


def check_connection(engine: Engine, target: DatabaseTarget) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:  # OperationalError, or DatabaseError: "file is not a database"
        engine.dispose()
        raise classify_driver_error(exc, target) from None


#: Failures of the connection or the file, as SQLAlchemy and the drivers raise them.
_CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    sqlite3.OperationalError,
    sqlite3.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)


def classify_operational_error(exc: OperationalError, target: DatabaseTarget) -> DatabaseError:
    return classify_driver_error(exc, target)


def classify_driver_error(exc: BaseException, target: DatabaseTarget) -> DatabaseError:
    """The one :class:`DatabaseError` for a failure of the driver (SQLAlchemy's wrapper or the
    driver's own exception): a refused password; the database cannot be reached or opened;
    else a statement the database refused."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    detail = lines[0] if lines else type(orig).__name__
    lowered = detail.lower()
    if target.backend == "sqlite" and (
        "not a database" in lowered or "malformed" in lowered or "encrypted" in lowered
    ):
        return DatabaseError(
            DatabaseErrorCode.NOT_A_DATABASE,
            f"{target.display_url} is not a OneWindow database or is damaged ({detail}). Point "
            "the database URL at the right file, or restore it from a backup.",
        )
    connection = isinstance(exc, _CONNECTION_ERRORS) or isinstance(orig, _CONNECTION_ERRORS)
    if not connection and not getattr(exc, "connection_invalidated", False):
        return DatabaseError(
            DatabaseErrorCode.FAILED,
            f"The database {target.display_url} refused the request: {detail}.",
        )
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return DatabaseError(
            DatabaseErrorCode.AUTH_FAILED,
            f"The server refused the password for {target.display_url}. Store the right one with "
            "'onewindow-admin db set-password'.",
        )
    if target.backend == "sqlite":
        return DatabaseError(
            DatabaseErrorCode.UNREACHABLE,
            f"Cannot open the database {target.display_url}: {detail}. Check that the folder "
            "exists and is writable.",
        )
    return DatabaseError(
        DatabaseErrorCode.UNREACHABLE,
        f"Cannot reach the database server for {target.display_url}: {detail}. Check that the "
        "server runs and that host and port are right.",
    )
