"""Alembic environment: runs on the connection the application (or a test) hands over.

``desktop.persistence.migrate`` passes its connection in ``config.attributes["connection"]``.
From the command line (``alembic -c alembic.ini …``, developers only) the URL is resolved the
same way the app resolves it.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from desktop.persistence.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from desktop.persistence.database import open_database

    db = open_database(migrate=False, create=True)
    with db.engine.connect() as conn:
        _run(conn)
        conn.commit()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run against a database.")
run_migrations_online()
