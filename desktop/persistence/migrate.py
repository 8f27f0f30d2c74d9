"""Schema migrations: the app brings the database to the head revision at start.

A database stamped with a revision this app does not know was migrated by a newer OneWindow:
it is left untouched and reported (:data:`DatabaseErrorCode.SCHEMA_TOO_NEW`). On PostgreSQL an
advisory lock keeps two stations starting at once from migrating at the same time.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from desktop.persistence.engine import DatabaseError, DatabaseErrorCode

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_PG_MIGRATION_LOCK = 0x0E1D0  # arbitrary, constant advisory-lock key for "OneWindow migrates"


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "the migrations directory has no head"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


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


def upgrade_to_head(engine: Engine) -> tuple[str | None, str]:
    """Migrate to head; returns ``(revision before, revision after)``."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        try:
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
    with engine.connect() as conn:
        command.downgrade(alembic_config(conn), revision)
        conn.commit()
