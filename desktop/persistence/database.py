"""Opening the shared database: resolve the target, connect, migrate, hand out sessions."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from desktop.config.paths import AppPaths, app_paths
from desktop.config.settings import Settings, load_settings
from desktop.persistence import models, uow
from desktop.persistence.engine import (
    DatabaseError,
    DatabaseTarget,
    classify_driver_error,
    create_db_engine,
    resolve_target,
)
from desktop.persistence.migrate import (
    at_head,
    check_revision_known,
    current_revision,
    upgrade_to_head,
)

log = logging.getLogger(__name__)

#: Tables counted by ``db info`` and shown in the window, in display order.
COUNTED_TABLES: tuple[type[models.Base], ...] = (
    models.Person,
    models.Dwelling,
    models.Building,
    models.StandardAddress,
    models.Unit,
    models.DwellingParty,
    models.Employment,
    models.IssuedCertificate,
    models.AuditEvent,
)

#: From this many rows (by the cheap estimate) the status shows the estimate, not a full count:
#: counting 5.3 M persons reads the whole table (seconds with a cold cache, on every start).
ESTIMATE_FROM_ROWS = 200_000


@dataclass(slots=True)
class Database:
    target: DatabaseTarget
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One ORM unit of work (:func:`desktop.persistence.uow.session`)."""
        with uow.session(self) as session:
            yield session

    def revision(self) -> str | None:
        return current_revision(self.engine)

    def row_counts(self) -> dict[str, int]:
        with self.begin() as s:
            return {
                m.__tablename__: s.scalar(select(func.count()).select_from(m)) or 0
                for m in COUNTED_TABLES
            }

    def quick_row_counts(
        self, estimate_from: int = ESTIMATE_FROM_ROWS
    ) -> tuple[dict[str, int], frozenset[str]]:
        """Row counts for a status display, and which of them are estimates.

        A table whose cheap estimate reaches ``estimate_from`` rows keeps the estimate (SQLite:
        the largest rowid, an upper bound; PostgreSQL: the planner's ``reltuples``); smaller
        tables, and tables with no estimate yet, are counted exactly.
        """
        counts: dict[str, int] = {}
        estimated: set[str] = set()
        with self.begin() as s:
            for model in COUNTED_TABLES:
                table = model.__tablename__
                guess = self._row_estimate(s, table)
                if guess and guess >= estimate_from:  # 0: empty or never analysed, count it
                    counts[table] = guess
                    estimated.add(table)
                else:
                    counts[table] = s.scalar(select(func.count()).select_from(model)) or 0
        return counts, frozenset(estimated)

    def _row_estimate(self, session: Session, table: str) -> int | None:
        backend = self.target.backend
        if backend == "sqlite":  # the rightmost leaf of the table's b-tree: no scan
            return int(session.scalar(text(f'SELECT max(rowid) FROM "{table}"')) or 0)
        if backend == "postgresql":  # -1: never vacuumed or analysed
            tuples = session.scalar(
                text("SELECT reltuples FROM pg_class WHERE oid = to_regclass(:t)"), {"t": table}
            )
            return None if tuples is None or tuples < 0 else round(tuples)
        return None

    def meta(self) -> dict[str, str]:
        with self.begin() as s:
            return {row.key: row.value for row in s.scalars(select(models.RegistryMeta))}

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(
    paths: AppPaths | None = None,
    settings: Settings | None = None,
    *,
    migrate: bool = True,
    password: str | None = None,
    create: bool | None = None,
) -> Database:
    """Open the configured database; with ``migrate`` bring its schema to head first.

    Without ``migrate`` a database at an unknown (newer) revision is still refused, and a
    SQLite file that does not exist is not created (``create``, default: ``migrate``): a
    command that only reads writes nothing.
    """
    paths = (paths or app_paths()).ensure()
    settings = settings or load_settings(paths)
    target = resolve_target(settings.database, paths)
    engine = create_db_engine(
        target, settings.database, password=password, create=migrate if create is None else create
    )
    try:
        if migrate:
            upgrade_to_head(engine)
        elif not at_head(engine):
            check_revision_known(current_revision(engine))
    except DBAPIError as exc:  # also sqlite's "file is not a database", "malformed"
        engine.dispose()
        if isinstance(exc, IntegrityError):
            raise
        raise classify_driver_error(exc, target) from None
    except DatabaseError:
        engine.dispose()
        raise
    log.info("database ready: %s", target.display_url)
    return Database(target, engine, sessionmaker(engine, expire_on_commit=False))
