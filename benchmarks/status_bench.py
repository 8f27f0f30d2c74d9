"""The registry status at start-up: exact row counts vs the quick counts the window now uses.

    .venv/bin/python benchmarks/status_bench.py --db /tmp/onewindow-bench/registry.sqlite3

On the seeded 5.3 M-person SQLite registry (made by ``registry_bench.py``; opened read-only,
not migrated): ``Database.row_counts()`` (``count(*)`` of every counted table, what the status
did before) against ``Database.quick_row_counts()`` (large tables estimated from the largest
rowid, small ones counted). The first round of each runs right after the other has streamed the
tables, so "cold" here means the first call of the process, not an empty page cache (that would
need root to drop the caches; a station's first start after boot is slower still). Floor: one
``SELECT 1`` through the same engine. Median of ``--runs`` warm rounds after the first.
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from desktop.persistence.database import Database
from desktop.persistence.engine import DatabaseTarget

RESULTS = Path(__file__).resolve().parent / "results"


def _time(fn: Any) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1e3


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--db", default="/tmp/onewindow-bench/registry.sqlite3")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    path = Path(args.db)
    if not path.exists():
        raise SystemExit(f"{path} does not exist: run registry_bench.py first")
    url = f"sqlite+pysqlite:///file:{path}?mode=ro&uri=true"
    engine = create_engine(url)
    db = Database(
        target=DatabaseTarget(url=engine.url, embedded=False),
        engine=engine,
        sessions=sessionmaker(engine),
    )

    def floor() -> None:
        with engine.connect() as c:
            c.execute(text("SELECT 1")).scalar()

    quick_first = _time(db.quick_row_counts)
    exact_first = _time(db.row_counts)
    rounds: dict[str, list[float]] = {"floor": [], "quick": [], "exact": []}
    for _ in range(args.runs):
        rounds["floor"].append(_time(floor))
        rounds["quick"].append(_time(db.quick_row_counts))
        rounds["exact"].append(_time(db.row_counts))
    counts, estimated = db.quick_row_counts()
    exact = db.row_counts()
    out = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
        },
        "db": str(path),
        "first_ms": {"quick": round(quick_first, 2), "exact": round(exact_first, 2)},
        "warm_median_ms": {k: round(statistics.median(v), 3) for k, v in rounds.items()},
        "ratio_warm_median_vs_floor": {
            k: round(statistics.median(v) / statistics.median(rounds["floor"]), 1)
            for k, v in rounds.items()
            if k != "floor"
        },
        "estimated_tables": sorted(estimated),
        "estimate_vs_exact": {t: [counts[t], exact[t]] for t in sorted(estimated)},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "status-counts.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))
    engine.dispose()


if __name__ == "__main__":
    main()
