"""Schema migrations: the app brings the database to the head revision at start.

A database stamped with a revision this app does not know was migrated by a newer OneWindow:
it is left untouched and reported (:data:`DatabaseErrorCode.SCHEMA_TOO_NEW`). On PostgreSQL an
advisory lock keeps two stations starting at once from migrating at the same time.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from desktop.persistence.engine import DatabaseError, DatabaseErrorCode

if TYPE_CHECKING:  # alembic is imported only when a migration may be needed (start-up time)
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

#: The newest revision of ``migrations/versions``. A database already there is opened without
#: loading Alembic at all (a third of a second at every start); a test checks this constant
#: against Alembic's own head, so a new migration cannot be forgotten here.
HEAD_REVISION = "0022"

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_PG_MIGRATION_LOCK = 0x0E1D0  # arbitrary, constant advisory-lock key for "OneWindow migrates"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "the migrations directory has no head"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        stored = _stored_revision(conn)
    if stored is not None:
        return stored
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _stored_revision(conn: Connection) -> str | None:
    """The revision in ``alembic_version`` read with plain SQL; None if there is none (yet)."""
    try:
        with conn.begin_nested() if conn.in_transaction() else conn.begin():
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def check_revision_known(revision: str | None) -> None:
    if revision is None:
        return
    scripts = script_directory()
    try:
        known = scripts.get_revision(revision)
    except Exception:  # alembic raises several types for an unknown id
        known = None
    if known is None:
        raise DatabaseError(
            DatabaseErrorCode.SCHEMA_TOO_NEW,
            f"The database is at schema revision {revision}, which this OneWindow does not know "
            f"(its newest is {head_revision()}): it was migrated by a newer version. Upgrade "
            "OneWindow on this station; the database was not changed.",
        )


def at_head(engine: Engine) -> bool:
    with engine.connect() as conn:
        return _stored_revision(conn) == HEAD_REVISION


def upgrade_to_head(engine: Engine) -> tuple[str | None, str]:
    """Migrate to head; returns ``(revision before, revision after)``."""
    if at_head(engine):
        return HEAD_REVISION, HEAD_REVISION  # nothing to do: Alembic stays unloaded
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        try:
            from alembic import command
            from alembic.runtime.migration import MigrationContext

            before = MigrationContext.configure(conn).get_current_revision()
            check_revision_known(before)
            head = head_revision()
            if before != head:
                log.info("migrating the database from %s to %s", before or "empty", head)
                command.upgrade(alembic_config(conn), "head")
                conn.commit()
            return before, head
        finally:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATION_LOCK})
                conn.commit()


def downgrade_to(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.connect() as conn:
        command.downgrade(alembic_config(conn), revision)
        conn.commit()
