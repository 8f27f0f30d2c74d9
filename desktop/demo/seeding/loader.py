"""Writing the synthetic registry into the database: fast, in bounded memory, deterministic.

Batches from :class:`~desktop.demo.seeding.generator.RegistryGenerator` go in with SQLAlchemy
Core ``executemany`` inserts inside a few large transactions. Before a batch goes in, its
identity numbers (credit codes for units) are checked against the rows already written and
against each other; a collider gets the generator's deterministic replacement, so the result
depends only on ``(persons, random_seed)`` — never on memory of everything written so far.

On SQLite the loading connection runs with ``synchronous=OFF`` and a larger page cache while it
loads (restored before the connection goes back to the pool). On PostgreSQL the id sequences are
moved past the ids written here, so rows inserted later by the application get fresh ids.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Connection, Table, bindparam, literal, select, text, update

from desktop.demo.seeding.generator import (
    GENERATOR_ID,
    HOST_REGION,
    REFERENCE_DATE,
    RegistryBatch,
    RegistryGenerator,
    SeedError,
    UnitBatch,
    make_credit_from_spec,
    make_number_from_spec,
    next_credit_spec,
    next_number_spec,
    plan_for,
)
from desktop.persistence import uow
from desktop.persistence.database import Database
from desktop.persistence.models import (
    Building,
    Dwelling,
    DwellingParty,
    Employment,
    IssuedCertificate,
    Person,
    RegistryMeta,
    StandardAddress,
    Unit,
)

log = logging.getLogger(__name__)

#: ``progress(phase, done, total)``: called after every batch. Phases, in order: ``clearing``
#: (only with ``replace``; done/total in tables), ``units``, ``persons`` (the buildings,
#: dwellings and addresses these people live in, and their dwelling relations, employments and
#: certificates go in with them), ``finishing``.
ProgressFn = Callable[[str, int, int], None]

PHASE_CLEARING = "clearing"
PHASE_UNITS = "units"
PHASE_PERSONS = "persons"
PHASE_FINISHING = "finishing"

#: registry_meta keys written by the generator.
META_SYNTHETIC = "synthetic"
META_STATUS = "status"  # "incomplete" while loading, "complete" at the end

#: Commit after this many batches (each of about 10,000 persons or dwellings).
_BATCHES_PER_COMMIT = 5
#: Values per ``IN (...)`` look-up of colliding numbers.
_LOOKUP_CHUNK = 500
#: SQLite page cache while loading, in KiB (a negative cache_size is KiB).
_SQLITE_LOAD_CACHE_KIB = 65_536
#: Rows SQLite samples per index for ANALYZE after the load.
_SQLITE_ANALYSIS_LIMIT = 1_000

_addresses: Table = StandardAddress.__table__  # type: ignore[assignment]
_buildings: Table = Building.__table__  # type: ignore[assignment]
_dwellings: Table = Dwelling.__table__  # type: ignore[assignment]
_persons: Table = Person.__table__  # type: ignore[assignment]
_units: Table = Unit.__table__  # type: ignore[assignment]
_parties: Table = DwellingParty.__table__  # type: ignore[assignment]
_employments: Table = Employment.__table__  # type: ignore[assignment]
_certificates: Table = IssuedCertificate.__table__  # type: ignore[assignment]
_meta: Table = RegistryMeta.__table__  # type: ignore[assignment]

#: Registry tables, children first (the order to delete in; audit tables are not among them).
REGISTRY_TABLES: tuple[Table, ...] = (
    _certificates,
    _employments,
    _parties,
    _persons,
    _units,
    _dwellings,
    _buildings,
    _addresses,
    _meta,
)
#: Tables whose integer ids the generator assigns.
_ID_TABLES: tuple[Table, ...] = REGISTRY_TABLES[:-1]


@dataclass(frozen=True, slots=True)
class SeedSummary:
    """Rows written by :func:`seed_registry`, and the wall-clock seconds it took."""

    persons: int
    dwellings: int
    buildings: int
    addresses: int
    units: int
    parties: int
    employments: int
    certificates: int
    seconds: float


def seed_registry(
    db: Database,
    *,
    persons: int,
    random_seed: int = 2026,
    progress: ProgressFn | None = None,
    replace: bool = False,
) -> SeedSummary:
    """Fill the registry with a SYNTHETIC district of ``persons`` people.

    The same ``(persons, random_seed)`` gives the same rows (ids included) on any backend. The
    data set is labelled in ``registry_meta`` (``synthetic = true``, generator, seed, …).

    With ``replace`` every registry row is deleted first (the audit log stays); without it a
    registry that holds any rows is refused with :class:`SeedError`, unless those rows are an
    interrupted synthetic load (``registry_meta``: ``synthetic = true``, ``status =
    incomplete``): a load that fails part-way keeps what it committed, marked that way, and the
    next call replaces it.
    """
    if persons < 1:
        raise SeedError("The number of persons to generate must be at least 1.")
    started = time.perf_counter()
    report: ProgressFn = progress or _no_progress
    generator = RegistryGenerator(persons, random_seed)
    log.info("seeding a synthetic registry: %s (random seed %d)", generator.plan, random_seed)
    with uow.connection(db) as conn:  # driver failures leave as DatabaseError
        restore = _loading_pragmas(conn)
        try:
            counts = _seed(conn, generator, report, replace=replace)
        except BaseException:
            conn.rollback()
            raise
        finally:
            restore()
    seconds = time.perf_counter() - started
    summary = SeedSummary(**counts, seconds=round(seconds, 3))
    log.info(
        "seeded %d persons in %.1f s (%.0f persons/s): %s",
        persons,
        seconds,
        persons / seconds if seconds else 0.0,
        summary,
    )
    return summary


def _no_progress(phase: str, done: int, total: int) -> None:
    return None


def _seed(
    conn: Connection, generator: RegistryGenerator, report: ProgressFn, *, replace: bool
) -> dict[str, int]:
    filled = _filled_tables(conn)
    if filled:
        if not replace and not _interrupted_synthetic_load(conn):
            raise SeedError(
                "The registry already holds data (" + ", ".join(filled) + "); seeding would mix "
                "synthetic people with it. Seed again with --replace to delete the registry "
                "first (the audit log is kept), or use an empty database."
            )
        _clear(conn, report)
    plan = generator.plan
    _write_meta(conn, generator)
    conn.commit()

    counts = dict.fromkeys((f.name for f in fields(SeedSummary) if f.name != "seconds"), 0)
    report(PHASE_UNITS, 0, plan["units"])
    for n, unit_batch in enumerate(generator.unit_batches(), start=1):
        _insert_units(conn, unit_batch)
        counts["units"] += len(unit_batch.units)
        _after_batch(conn, n, _units)
        report(PHASE_UNITS, unit_batch.units_done, plan["units"])
    conn.commit()

    report(PHASE_PERSONS, 0, plan["persons"])
    for n, batch in enumerate(generator.registry_batches(), start=1):
        _insert_registry(conn, batch, counts)
        _after_batch(conn, n, _persons)
        report(PHASE_PERSONS, batch.persons_done, plan["persons"])
    conn.commit()

    report(PHASE_FINISHING, 0, 1)
    _finish(conn)
    conn.commit()
    report(PHASE_FINISHING, 1, 1)
    return counts


def _after_batch(conn: Connection, n: int, looked_up: Table) -> None:
    """Commit every few batches; on PostgreSQL refresh the statistics of the table whose
    numbers are looked up whenever it has doubled (batches 1, 2, 4, 8, …).

    A freshly loaded table has no statistics, and PostgreSQL then plans the ``IN (...)``
    collision look-up as a sequential scan: quadratic in the rows loaded.
    """
    if n % _BATCHES_PER_COMMIT == 0:
        conn.commit()
    if conn.dialect.name == "postgresql" and n & (n - 1) == 0:
        conn.execute(text(f"ANALYZE {looked_up.name}"))


# ---- before and after ------------------------------------------------------------------------


def _filled_tables(conn: Connection) -> list[str]:
    return [
        table.name
        for table in REGISTRY_TABLES
        if conn.execute(select(literal(1)).select_from(table).limit(1)).first() is not None
    ]


def _interrupted_synthetic_load(conn: Connection) -> bool:
    """True when the registry is what an interrupted :func:`seed_registry` left behind.

    Such a registry is synthetic by its own label and was never finished, so seeding again
    replaces it without ``--replace`` (an app killed during its first start can start again).
    """
    rows = conn.execute(
        select(_meta.c.key, _meta.c.value).where(_meta.c.key.in_((META_SYNTHETIC, META_STATUS)))
    ).all()
    meta = {key: value for key, value in rows}
    return meta.get(META_SYNTHETIC) == "true" and meta.get(META_STATUS) == "incomplete"


def _clear(conn: Connection, report: ProgressFn) -> None:
    """Delete every registry row (children first); the audit log is not touched."""
    log.info("replace: deleting the registry's rows")
    total = len(REGISTRY_TABLES)
    report(PHASE_CLEARING, 0, total)
    for n, table in enumerate(REGISTRY_TABLES, start=1):
        conn.execute(table.delete())
        report(PHASE_CLEARING, n, total)
    conn.commit()


def _write_meta(conn: Connection, generator: RegistryGenerator) -> None:
    facts = {
        META_SYNTHETIC: "true",
        "generator": GENERATOR_ID,
        "random_seed": str(generator.random_seed),
        "persons": str(generator.persons),
        "host_region": HOST_REGION,
        "reference_date": REFERENCE_DATE.isoformat(),
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        META_STATUS: "incomplete",
    }
    conn.execute(_meta.insert(), [{"key": k, "value": v} for k, v in facts.items()])


def _finish(conn: Connection) -> None:
    conn.execute(update(_meta).where(_meta.c.key == META_STATUS).values(value="complete"))
    if conn.dialect.name == "postgresql":
        for table in _ID_TABLES:  # later inserts by the application must not reuse our ids
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )
    # fresh planner statistics after a bulk load; SQLite samples each index (a full ANALYZE
    # reads the whole file: ~25 s at 5 M persons)
    if conn.dialect.name == "sqlite":
        limit = conn.exec_driver_sql("PRAGMA analysis_limit").scalar_one()
        conn.exec_driver_sql(f"PRAGMA analysis_limit={_SQLITE_ANALYSIS_LIMIT}")
        conn.execute(text("ANALYZE"))
        conn.exec_driver_sql(f"PRAGMA analysis_limit={int(limit)}")
    else:
        conn.execute(text("ANALYZE"))


def _loading_pragmas(conn: Connection) -> Callable[[], None]:
    """On SQLite: no fsync and a bigger page cache on this connection while loading.

    Set on the driver connection outside any transaction (SQLite ignores some pragmas inside
    one); the returned function restores the previous values.
    """
    if conn.dialect.name != "sqlite":
        return lambda: None
    raw: Any = conn.connection.driver_connection
    synchronous = int(raw.execute("PRAGMA synchronous").fetchone()[0])
    cache_size = int(raw.execute("PRAGMA cache_size").fetchone()[0])
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute(f"PRAGMA cache_size=-{_SQLITE_LOAD_CACHE_KIB}")

    def restore() -> None:
        raw.execute(f"PRAGMA synchronous={synchronous}")
        raw.execute(f"PRAGMA cache_size={cache_size}")

    return restore


# ---- batches ---------------------------------------------------------------------------------


def _insert_units(conn: Connection, batch: UnitBatch) -> None:
    _resolve_collisions(
        conn,
        _units.c.credit_code,
        [row["credit_code"] for row in batch.units],
        lambda i: _next_credit(batch, i),
    )
    conn.execute(_units.insert(), batch.units)


def _next_credit(batch: UnitBatch, i: int) -> str:
    spec = next_credit_spec(batch.specs[i])
    batch.specs[i] = spec
    code = make_credit_from_spec(spec)
    batch.units[i]["credit_code"] = code
    return code


def _insert_registry(conn: Connection, batch: RegistryBatch, counts: dict[str, int]) -> None:
    _resolve_collisions(
        conn,
        _persons.c.id_number,
        [row["id_number"] for row in batch.persons],
        lambda i: _next_number(batch, i),
    )
    for key, table, rows in (
        ("addresses", _addresses, batch.addresses),
        ("buildings", _buildings, batch.buildings),
        ("dwellings", _dwellings, batch.dwellings),
        ("persons", _persons, batch.persons),
        ("parties", _parties, batch.parties),
        ("employments", _employments, batch.employments),
        ("certificates", _certificates, batch.certificates),
    ):
        if rows:
            conn.execute(table.insert(), rows)
            counts[key] += len(rows)


def _next_number(batch: RegistryBatch, i: int) -> str:
    spec = next_number_spec(batch.person_specs[i])
    batch.person_specs[i] = spec
    number = make_number_from_spec(spec)
    row = batch.persons[i]
    row["id_number"] = number
    row["birth_date"] = spec.birth  # the same unless the sequence wrapped round
    return number


def _resolve_collisions(
    conn: Connection,
    column: Column[Any],
    values: list[str],
    replace: Callable[[int], str],
) -> int:
    """Make ``values`` unique among themselves and against ``column``; return how many changed.

    The first of equal values keeps it; later ones, and any already in the table, are replaced
    by ``replace(i)`` (deterministic) until they are free. Only this batch's values are held.
    """
    taken = _existing(conn, column, values)
    seen: set[str] = set()
    pending: list[int] = []
    for i, value in enumerate(values):
        if value in taken or value in seen:
            pending.append(i)
        else:
            seen.add(value)
    changed = len(pending)
    while pending:
        candidates = [(i, replace(i)) for i in pending]
        taken = _existing(conn, column, [value for _, value in candidates])
        pending = []
        for i, value in candidates:
            if value in taken or value in seen:
                pending.append(i)
            else:
                seen.add(value)
    if changed:
        log.debug("%s: %d colliding values replaced", column, changed)
    return changed


def _existing(conn: Connection, column: Column[Any], values: Sequence[str]) -> set[str]:
    found: set[str] = set()
    stmt = select(column).where(column.in_(bindparam("values", expanding=True)))
    for chunk in _chunks(values, _LOOKUP_CHUNK):
        found.update(conn.execute(stmt, {"values": chunk}).scalars())
    return found


def _chunks(values: Sequence[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


__all__ = [
    "PHASE_CLEARING",
    "PHASE_FINISHING",
    "PHASE_PERSONS",
    "PHASE_UNITS",
    "REGISTRY_TABLES",
    "ProgressFn",
    "SeedError",
    "SeedSummary",
    "plan_for",
    "seed_registry",
]
