"""Prepared statements for the hot paths: Core statements compiled once per dialect, run on the
driver's cursor.

A window asks for a person's dossier many times an hour, and each ask is a handful of indexed
reads plus an audit append. Through ``Connection.execute`` every statement pays SQLAlchemy's
per-call work (cache key, parameter coercion, result set-up: tens of microseconds) — several
times what SQLite needs for the read itself. Here the statement is still written once with
SQLAlchemy Core (one source of truth for the SQL, correct for SQLite and PostgreSQL); it is
compiled for a dialect on first use and then executed directly on the DBAPI cursor of the
caller's connection, inside the caller's transaction.

What this skips is SQLAlchemy's *result* type processing: rows come back as the driver gives
them (SQLite returns dates as ISO strings, numerics as floats, booleans as 0/1). The converters
below turn them into Python values; callers use them on the columns they read.
Bind values are processed by the dialect's bind processors, as ``execute`` would.

Two attributes of SQLAlchemy's compiler are read here that are not documented API
(``_bind_processors`` and ``_result_columns``); pyproject pins SQLAlchemy below 2.2, and
``tests/services/test_registry.py`` runs every prepared statement on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    positional: tuple[str, ...] | None  # parameter order for positional paramstyles
    defaults: Mapping[str, Any]  # values bound in the statement itself (e.g. LIMIT 1)
    processors: Mapping[str, Callable[[Any], Any]]
    columns: tuple[str, ...]  # result column names (empty for statements without rows)


class Prepared:
    """One Core statement, compiled lazily per dialect."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}
        self._tuples: dict[tuple[str, ...], Any] = {}
        self._lock = threading.Lock()

    def _for(self, dialect: Dialect) -> _Compiled:
        key = f"{dialect.name}:{dialect.paramstyle}"
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                c = self.statement.compile(dialect=dialect)
                assert isinstance(c, SQLCompiler)
                columns = tuple(r[0] for r in c._result_columns)
                compiled = _Compiled(
                    sql=c.string,
                    positional=tuple(c.positiontup) if c.positional and c.positiontup else None,
                    defaults={
                        k: v for k, v in c.construct_params(_check=False).items() if v is not None
                    },
                    processors={k: p for k, p in c._bind_processors.items() if callable(p)},
                    columns=columns,
                )
                self._compiled[key] = compiled
        return compiled

    def bound(
        self, dialect: Dialect, params: Mapping[str, Any]
    ) -> tuple[str, Sequence[Any] | Mapping[str, Any]]:
        """The SQL for ``dialect`` and its arguments, for a cursor of the caller's own (e.g.
        several statements sent in one PostgreSQL pipeline)."""
        compiled = self._for(dialect)
        values = {**compiled.defaults, **params}
        for name, process in compiled.processors.items():
            if name in values:
                values[name] = process(values[name])
        args: Sequence[Any] | Mapping[str, Any] = (
            [values[name] for name in compiled.positional]
            if compiled.positional is not None
            else values
        )
        return compiled.sql, args

    def _cursor(self, conn: Connection, params: Mapping[str, Any]) -> tuple[Any, _Compiled]:
        compiled = self._for(conn.dialect)
        sql, args = self.bound(conn.dialect, params)
        cursor = conn.connection.cursor()
        cursor.execute(sql, args)
        return cursor, compiled

    def one_or_none(self, conn: Connection, **params: Any) -> dict[str, Any] | None:
        cursor, compiled = self._cursor(conn, params)
        try:
            row = cursor.fetchone()
        finally:
            cursor.close()
        return dict(zip(compiled.columns, row, strict=True)) if row is not None else None

    def one_or_none_row(self, conn: Connection, **params: Any) -> Any | None:
        """:meth:`one_or_none` as a named tuple (columns as attributes, like SQLAlchemy's
        ``Row``; ``_asdict()``). Only where the driver's values are what SQLAlchemy would hand
        out — PostgreSQL (psycopg): timestamps, dates, JSON and numbers arrive typed."""
        cursor, compiled = self._cursor(conn, params)
        try:
            row = cursor.fetchone()
        finally:
            cursor.close()
        if row is None:
            return None
        make = self._tuples.get(compiled.columns)
        if make is None:
            make = self._tuples.setdefault(
                compiled.columns,
                namedtuple("PreparedRow", compiled.columns),
            )
        return make(*row)

    def all(self, conn: Connection, **params: Any) -> list[dict[str, Any]]:
        cursor, compiled = self._cursor(conn, params)
        try:
            rows = cursor.fetchall()
        finally:
            cursor.close()
        cols = compiled.columns
        return [dict(zip(cols, row, strict=True)) for row in rows]

    def run(self, conn: Connection, **params: Any) -> None:
        cursor, _ = self._cursor(conn, params)
        cursor.close()


# ---- result converters (driver values → Python values) -------------------------------------


def as_date(value: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def as_decimal(value: Any, places: int = 2) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
