"""The one way from a service to the database: units of work that open, commit, roll back and
turn driver failures into the one :class:`~desktop.persistence.engine.DatabaseError`.

* :func:`transaction` — a Core :class:`~sqlalchemy.Connection` in one transaction (the hot
  paths: :class:`~desktop.persistence.prepared.Prepared` statements run on its cursor);
* :func:`connection` — a Connection for reads, or whose transactions the caller begins itself
  (commit, then read back on the same checkout; bulk loads that commit in batches);
* :func:`session` — an ORM :class:`~sqlalchemy.orm.Session` in one transaction.

A failure of the server or the file — SQLAlchemy's ``OperationalError``/``InterfaceError``/
``DBAPIError`` or the driver's own (psycopg, sqlite3: the prepared paths call the driver
directly) — leaves as a :class:`DatabaseError` with its code (``db.unreachable``, …), so the
window and the command line have one thing to catch and say. Integrity errors (a unique key)
pass through unchanged: services turn them into their own errors (a case number taken).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

import psycopg
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from desktop.persistence.engine import DatabaseTarget, classify_driver_error

__all__ = ["DatabaseLike", "connection", "session", "transaction", "translated"]

#: Driver failures that are not a constraint: the server, the file, the connection.
_DRIVER_ERRORS: tuple[type[Exception], ...] = (psycopg.Error, sqlite3.Error)
_DRIVER_INTEGRITY: tuple[type[Exception], ...] = (psycopg.IntegrityError, sqlite3.IntegrityError)


class DatabaseLike(Protocol):
    """What a unit of work needs of :class:`~desktop.persistence.database.Database`."""

    @property
    def target(self) -> DatabaseTarget: ...

    @property
    def engine(self) -> Engine: ...

    @property
    def sessions(self) -> sessionmaker[Session]: ...


@contextmanager
def translated(target: DatabaseTarget) -> Iterator[None]:
    """Driver and SQLAlchemy failures inside become :class:`DatabaseError` (integrity errors
    excepted, see the module's doc)."""
    try:
        yield
    except IntegrityError:
        raise
    except DBAPIError as exc:
        raise classify_driver_error(exc, target) from exc
    except _DRIVER_INTEGRITY:
        raise
    except _DRIVER_ERRORS as exc:
        raise classify_driver_error(exc, target) from exc


@contextmanager
def transaction(db: DatabaseLike) -> Iterator[Connection]:
    """One Core transaction: committed when the block ends, rolled back if it raises."""
    with translated(db.target), db.engine.begin() as conn:
        yield conn


@contextmanager
def connection(db: DatabaseLike) -> Iterator[Connection]:
    """A connection for reads (what it began is rolled back when it closes), or whose
    transactions the caller begins itself (``with conn.begin():``)."""
    with translated(db.target), db.engine.connect() as conn:
        yield conn


@contextmanager
def session(db: DatabaseLike) -> Iterator[Session]:
    """One ORM unit of work: committed when the block ends, rolled back if it raises."""
    with translated(db.target), db.sessions.begin() as s:
        yield s
