"""Registry benchmark: seed a district-sized synthetic registry on SQLite, then measure the
"everything a window needs" look-up against a floor of the same indexed queries issued with the
plain ``sqlite3`` module in the same run.

    .venv/bin/python benchmarks/registry_bench.py --persons 5300000 --db /tmp/ow-bench.sqlite3
    .venv/bin/python benchmarks/registry_bench.py --db /tmp/ow-bench.sqlite3 --reuse  # no seeding

The floor runs the very SQL the service runs (compiled from the same statements), with the same
audit append (UPDATE … RETURNING on the anchor, INSERT, UPDATE, one SHA-256), on one sqlite3
connection with the same pragmas. Service and floor alternate in blocks over the same numbers so
that machine noise hits both alike. Results go to stdout and ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy.dialects import sqlite as sqlite_dialect

from desktop.config.paths import AppPaths
from desktop.config.settings import DatabaseSettings, Settings
from desktop.domain.permissions import Principal, Role
from desktop.domain.registry import Actor
from desktop.persistence.database import open_database
from desktop.services import registry as reg
from desktop.services.audit import event_hash

ACTOR = Actor("bench", "bench-station")
PRINCIPAL = Principal.of(ACTOR.user, ACTOR.station, [Role.CLERK])
PURPOSE = "benchmark"
RESULTS = Path(__file__).with_name("results")


def _sql(stmt: Any) -> str:
    return str(stmt.compile(dialect=sqlite_dialect.dialect(paramstyle="named")))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


class Floor:
    """The same reads and audit writes with the plain sqlite3 module."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=NORMAL",
            "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=10000",
        ):
            self.conn.execute(pragma)
        self.person = _sql(reg._PERSON_BY_NUMBER.statement)
        self.parties = _sql(reg._PARTIES.statement)
        self.employment = _sql(reg._EMPLOYMENT.statement)
        self.certs = _sql(reg._CERTIFICATES.statement)
        self.head = (
            "UPDATE audit_head SET last_seq=(audit_head.last_seq + 1) WHERE audit_head.id = 1 "
            "RETURNING audit_head.last_seq, audit_head.last_hash"
        )
        self.insert = (
            "INSERT INTO audit_events (seq, occurred_at, actor, station, action, subject, purpose,"
            " detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)"
        )
        self.set_hash = "UPDATE audit_head SET last_hash=? WHERE audit_head.id = 1"

    def dossier(self, number: str) -> tuple[Any, ...]:
        c = self.conn
        c.execute("BEGIN")
        row = c.execute(self.person, {"number": number}).fetchone()
        seq, prev = c.execute(self.head).fetchone()
        now = datetime.now(UTC).replace(tzinfo=None)
        detail = {"found": row is not None, "id_hash": "x" * 24}
        digest = event_hash(
            prev,
            seq,
            now,
            ACTOR.user,
            ACTOR.station,
            "registry.dossier",
            "person:masked",
            PURPOSE,
            detail,
        )
        c.execute(
            self.insert,
            (
                seq,
                now.isoformat(" "),
                ACTOR.user,
                ACTOR.station,
                "registry.dossier",
                "person:masked",
                PURPOSE,
                json.dumps(detail),
                prev,
                digest,
            ),
        )
        c.execute(self.set_hash, (digest,))
        parties = emp = certs = None
        if row is not None:
            person_id, dwelling_id = row[0], row[15]
            if dwelling_id is not None:
                parties = c.execute(self.parties, {"dwelling_id": dwelling_id}).fetchall()
            emp = c.execute(
                self.employment, {"person_id": person_id, "param_1": 1, "param_2": 0}
            ).fetchone()
            certs = c.execute(self.certs, {"person_id": person_id}).fetchall()
        c.execute("COMMIT")
        return row, parties, emp, certs


def run(args: argparse.Namespace) -> dict[str, Any]:
    db_path = Path(args.db).resolve()
    home = db_path.parent / (db_path.stem + "-home")
    paths = AppPaths(home / "config", home / "data", home / "logs", home / "archive").ensure()
    settings = Settings(database=DatabaseSettings(url=f"sqlite:///{db_path}"))
    result: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
        },
    }
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_path) + suffix).unlink(missing_ok=True)
    db = open_database(paths, settings)
    if not args.reuse:
        from desktop.demo.seeding import seed_registry

        last = [0.0]

        def progress(phase: str, done: int, total: int) -> None:
            if time.monotonic() - last[0] > 30 or done >= total:
                last[0] = time.monotonic()
                print(f"  seeding {phase}: {done:,}/{total:,}", file=sys.stderr, flush=True)

        t0 = time.perf_counter()
        summary = seed_registry(db, persons=args.persons, random_seed=2026, progress=progress)
        result["seed"] = {
            "seconds": round(time.perf_counter() - t0, 1),
            "counts": {k: v for k, v in asdict(summary).items() if k != "seconds"},
        }
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    result["db_bytes"] = sum(
        Path(str(db_path) + s).stat().st_size
        for s in ("", "-wal")
        if Path(str(db_path) + s).exists()
    )
    counts = db.row_counts()
    result["rows"] = counts

    # Sample random persons by primary key (ids are dense 1..N).
    rng = random.Random(args.sample_seed)
    n_persons = counts["persons"]
    raw = sqlite3.connect(str(db_path))
    numbers: list[str] = []
    while len(numbers) < args.samples:
        ids = [rng.randint(1, n_persons) for _ in range(min(500, args.samples - len(numbers)))]
        q = f"SELECT id_number FROM persons WHERE id IN ({','.join('?' * len(ids))})"
        numbers.extend(r[0] for r in raw.execute(q, ids))
    raw.close()
    numbers = numbers[: args.samples]

    service = reg.RegistryService(db)
    floor = Floor(str(db_path))
    # Warm both paths (page cache, statement caches) on a separate sample.
    for n in numbers[:200]:
        service.window_dossier(n, principal=PRINCIPAL, purpose=PURPOSE)
        floor.dossier(n)

    svc_times: list[float] = []
    floor_times: list[float] = []
    block = 250
    for start in range(0, len(numbers), block):
        chunk = numbers[start : start + block]
        for n in chunk:
            t = time.perf_counter_ns()
            floor.dossier(n)
            floor_times.append((time.perf_counter_ns() - t) / 1e6)
        for n in chunk:
            t = time.perf_counter_ns()
            d = service.window_dossier(n, principal=PRINCIPAL, purpose=PURPOSE)
            svc_times.append((time.perf_counter_ns() - t) / 1e6)
            assert d is not None
    result["lookup"] = {
        "samples": len(numbers),
        "service_ms": {
            "median": round(statistics.median(svc_times), 3),
            "p95": round(_percentile(svc_times, 0.95), 3),
        },
        "floor_ms": {
            "median": round(statistics.median(floor_times), 3),
            "p95": round(_percentile(floor_times, 0.95), 3),
        },
    }
    lk = result["lookup"]
    lk["ratio_median"] = round(lk["service_ms"]["median"] / lk["floor_ms"]["median"], 2)
    lk["ratio_p95"] = round(lk["service_ms"]["p95"] / lk["floor_ms"]["p95"], 2)
    db.dispose()
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--persons", type=int, default=5_300_000)
    p.add_argument("--db", default="/tmp/onewindow-bench/registry.sqlite3")
    p.add_argument("--reuse", action="store_true", help="measure an already seeded database")
    p.add_argument("--samples", type=int, default=10_000)
    p.add_argument("--sample-seed", type=int, default=1)
    args = p.parse_args()
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    result = run(args)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"registry-{result['rows']['persons']}.json").write_text(text + "\n")


if __name__ == "__main__":
    main()
