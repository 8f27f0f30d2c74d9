"""The status's row counts: exact for small tables, a cheap estimate for large ones."""

from __future__ import annotations

from sqlalchemy import text

from desktop.demo.seeding import seed_registry
from desktop.persistence import models
from desktop.persistence.database import Database
from desktop.services.status import registry_status

PERSONS = 300


def test_small_tables_are_counted_exactly(sqlite_db: Database) -> None:
    seed_registry(sqlite_db, persons=PERSONS, random_seed=3)
    counts, estimated = sqlite_db.quick_row_counts()
    assert counts == sqlite_db.row_counts()
    assert estimated == frozenset()
    status = registry_status(sqlite_db)
    assert status.counts["persons"] == PERSONS
    assert status.estimated == frozenset()


def test_sqlite_large_tables_show_the_largest_rowid_marked_as_an_estimate(
    sqlite_db: Database,
) -> None:
    seed_registry(sqlite_db, persons=PERSONS, random_seed=3)
    with sqlite_db.begin() as s:  # one person with a far rowid: the estimate is not a count
        columns = [c.name for c in models.Person.__table__.columns if c.name != "id"]
        listed = ", ".join(columns)
        picked = ", ".join("'X' || id_number" if c == "id_number" else c for c in columns)
        s.execute(
            text(
                f"INSERT INTO persons (id, {listed}) "
                f"SELECT 1000000, {picked} FROM persons WHERE id = 1"
            )
        )
    exact = sqlite_db.row_counts()
    counts, estimated = sqlite_db.quick_row_counts(estimate_from=PERSONS)
    assert "persons" in estimated
    assert exact["persons"] == PERSONS + 1
    assert counts["persons"] == 1_000_000  # the largest rowid, an upper bound
    small = [t for t, n in exact.items() if n < PERSONS]
    assert small and not estimated & set(small)
    for table in small:
        assert counts[table] == exact[table]


def test_an_empty_table_is_never_an_estimate(sqlite_db: Database) -> None:
    counts, estimated = sqlite_db.quick_row_counts(estimate_from=0)
    assert counts["persons"] == 0
    assert estimated == frozenset()  # nothing to estimate: every table was counted


def test_postgresql_uses_the_planners_estimate_once_analysed(pg_db: Database) -> None:
    seed_registry(pg_db, persons=PERSONS, random_seed=3)
    with pg_db.begin() as s:
        s.execute(text("ANALYZE persons"))
    counts, estimated = pg_db.quick_row_counts(estimate_from=PERSONS // 2)
    assert "persons" in estimated
    # reltuples after a full ANALYZE of a small table is the exact number
    assert counts["persons"] == PERSONS
    counts, estimated = pg_db.quick_row_counts()
    assert estimated == frozenset()
    assert counts == pg_db.row_counts()
