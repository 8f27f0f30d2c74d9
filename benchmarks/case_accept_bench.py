"""Case acceptance benchmark: ``CaseService.accept`` (validate + number + write + audit) on the
5.3 M-person registry (SQLite) and on PostgreSQL, against a floor measured in the same run.

    .venv/bin/python benchmarks/case_accept_bench.py                      # both backends
    .venv/bin/python benchmarks/case_accept_bench.py --backends sqlite --samples 1000

SQLite: the seeded registry (``--source``, made by ``registry_bench.py``) is *copied* first
(``--db``; the source is never opened for writing), migrated to head, and given
``--prior-cases`` earlier cases (a year of a busy hall) so the case indexes are not empty.
PostgreSQL: a throwaway server (``tests/pgserver.py``: fsync and synchronous_commit off), the
same prior cases; the registry tables are left empty there — acceptance reads none of them.

Measured per acceptance, applicants drawn from the registry:

* ``immediate``: accept + issue at the window (sequence bump, case row, 5 material rows,
  2 step rows, 2 audit events) and the case read back as the frozen record;
* ``promised``: accept + start review (… + 2 review tasks).

Floor: one transaction with a bare ``INSERT`` of a case row and one audit append (``UPDATE …
RETURNING`` on the anchor, ``INSERT``, ``UPDATE``, one SHA-256), on the raw driver (``sqlite3``
/ psycopg) with the same pragmas. Floor and service alternate in blocks over the same
applicants so that machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # pgserver

from desktop.config.paths import AppPaths
from desktop.config.settings import DatabaseSettings, Settings
from desktop.domain.cases import WeekdaysOnly
from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.matters.model import (
    Department,
    FeeRule,
    FieldSpec,
    FieldType,
    LimitUnit,
    MaterialSpec,
    Matter,
    MatterKind,
    SectionSpec,
    TrustLevel,
)
from desktop.domain.permissions import Principal, Role
from desktop.persistence.database import Database, open_database
from desktop.services.audit import event_hash
from desktop.services.cases import Application, CaseService, Party
from desktop.services.pseudonyms import pseudonym
from desktop.services.secrets import HallSecret

RESULTS = Path(__file__).with_name("results")
# sqlite3 (the floor, the prior cases): datetimes as SQLAlchemy stores them, naive UTC text
sqlite3.register_adapter(datetime, lambda d: d.astimezone(UTC).replace(tzinfo=None).isoformat(" "))
CLERK = Principal.of("bench", "bench-station", [Role.CLERK])
_MATERIALS = tuple(
    MaterialSpec(code, code, code, essential=code != "photo", trust=TrustLevel.C)
    for code in ("id_card", "lease", "ownership", "landlord_id", "photo")
)


#: The floor keys its pseudonyms like the service does (an HMAC with a 32-byte secret).
_FLOOR_SECRET = HallSecret.generate()


def _matter(code: str, category: str, kind: MatterKind, departments: int) -> Matter:
    return Matter(
        code=code,
        basic_code=code,
        name_zh=code,
        name_en=code,
        short_zh=code,
        pinyin_initials="BM",
        category=category,
        matter_type="public_service",
        kind=kind,
        promised_limit=15 if kind is MatterKind.PROMISED else 0,
        statutory_limit=30,
        limit_unit=LimitUnit.WORKING_DAYS,
        departments=tuple(Department(f"D{i}", f"部门{i}", f"Dept {i}") for i in range(departments)),
        sections=(
            SectionSpec(
                "main",
                "基本信息",
                "Main",
                (FieldSpec("address", FieldType.TEXT, "地址", "Address", required=True),),
            ),
        ),
        materials=_MATERIALS,
        fee=FeeRule("free", Decimal(0)),
        documents=(),
    )


MATTERS = {
    "immediate": _matter("BENCH-ZL", "ZL", MatterKind.IMMEDIATE, 0),
    "promised": _matter("BENCH-JZ", "JZ", MatterKind.PROMISED, 2),
}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))]


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 3),
        "p95": round(_percentile(values, 0.95), 3),
    }


def _application(matter: Matter, person: tuple[str, str]) -> Application:
    name, number = person
    return Application(
        matter_code=matter.code,
        applicant=Party(name, "citizen", number),
        form_values={"address": "示范区东风路18号", "id_number": number},
        materials={m.code: MaterialStatus.RECEIVED for m in _MATERIALS},
        phone="13800138000",
    )


# ---- prior cases -----------------------------------------------------------------------------

_CASE_COLUMNS = (
    "number, number_source, matter_code, matter_name, category, case_type, state, "
    "applicant_name, applicant_id_type, applicant_id_masked, applicant_id_hash, agent_name, "
    "agent_id_type, agent_id_masked, agent_id_hash, phone, address, channel, form_values, "
    "received_at, received_by, received_station, accepted_at, accepted_by, accepted_station, "
    "accepting_unit, notice_number, refusal_reason, result_name, result_number, issuing_unit, "
    "delivered_by_post, updated_at, version"
)


def _case_row(i: int, when: datetime, key: str) -> tuple[Any, ...]:
    number = f"PRIOR{i:012d}"
    return (
        number,
        "upstream",
        "BENCH-ZL",
        "BENCH-ZL",
        "ZL",
        "1",
        "issued",
        "某某",
        "citizen",
        "440307********0011",
        key,
        "",
        "",
        "",
        "",
        "",
        "",
        "window",
        "{}",
        when,
        "seed",
        "seed",
        when,
        "seed",
        "seed",
        "hall",
        number + "-SL",
        "",
        "",
        "",
        "",
        False,
        when,
        1,
    )


def seed_prior_cases(insert_many: Callable[[list[tuple[Any, ...]]], None], n: int) -> float:
    t0 = time.perf_counter()
    when = datetime(2025, 11, 24, 2, 0, tzinfo=UTC)
    batch: list[tuple[Any, ...]] = []
    for i in range(n):
        batch.append(_case_row(i, when, pseudonym(_FLOOR_SECRET, f"prior{i % 400_000}")))
        if len(batch) == 10_000:
            insert_many(batch)
            batch.clear()
    if batch:
        insert_many(batch)
    return round(time.perf_counter() - t0, 1)


# ---- floors ----------------------------------------------------------------------------------

# One audit append as the lanes do it (desktop.services.audit): lock a free lane and take the
# event's number (PostgreSQL: SKIP LOCKED and the sequence; SQLite: lane 1, max + 1), insert the
# event, move the lane's anchor.
_HEAD_PG = (
    "UPDATE audit_head SET last_hash = last_hash WHERE id = (SELECT id FROM audit_head "
    "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) "
    "RETURNING id, last_seq, last_hash, nextval('audit_event_numbers')"
)
_HEAD_SQLITE = (
    "UPDATE audit_head SET last_hash = last_hash WHERE id = 1 RETURNING id, last_seq, "
    "last_hash, (SELECT coalesce(max(seq), 0) + 1 FROM audit_events)"
)
_EVENT = (
    "INSERT INTO audit_events (seq, occurred_at, actor, station, action, subject, purpose, "
    "detail, prev_hash, hash, lane, prev_seq) VALUES ({p})"
)
_SET_HASH = "UPDATE audit_head SET last_seq = {p0}, last_hash = {p0} WHERE id = {p0}"


class Floor:
    """A bare case insert and one audit append, in one transaction, on the raw driver."""

    def __init__(self, conn: Any, placeholder: str, begin: str) -> None:
        self.conn = conn
        self.begin = begin
        ph = ", ".join([placeholder] * 34)
        self.insert_case = f"INSERT INTO cases ({_CASE_COLUMNS}) VALUES ({ph})"
        self.insert_event = _EVENT.format(p=", ".join([placeholder] * 12))
        self.set_hash = _SET_HASH.format(p0=placeholder)
        self.take_lane = _HEAD_PG if placeholder == "%s" else _HEAD_SQLITE
        self.n = 0

    def accept(self, person: tuple[str, str]) -> None:
        self.n += 1
        now = datetime.now(UTC)
        cur = self.conn.cursor()
        cur.execute(self.begin)
        row = list(_case_row(0, now, pseudonym(_FLOOR_SECRET, person[1])))
        row[0] = f"FLOOR{os.getpid()}-{self.n:09d}"
        cur.execute(self.insert_case, row)
        cur.execute(self.take_lane)
        lane, prev_seq, prev, seq = cur.fetchone()
        detail = {"from": "draft", "to": "accepted", "matter": "BENCH-ZL"}
        digest = event_hash(
            prev, seq, now, "bench", "bench-station", "case.accept", "case:x", "bench", detail
        )
        cur.execute(
            self.insert_event,
            (
                seq,
                now,
                "bench",
                "bench-station",
                "case.accept",
                "case:x",
                "bench",
                json.dumps(detail),
                prev,
                digest,
                lane,
                prev_seq,
            ),
        )
        cur.execute(self.set_hash, (seq, digest, lane))
        cur.execute("COMMIT")
        cur.close()


# ---- the measurement -----------------------------------------------------------------------


def measure(
    db: Database, floor: Floor, people: list[tuple[str, str]], block: int
) -> dict[str, Any]:
    svc = CaseService(
        db, lambda code: next(m for m in MATTERS.values() if m.code == code), WeekdaysOnly()
    )
    out: dict[str, Any] = {}
    for label, matter in MATTERS.items():
        for p in people[:100]:  # warm caches and statement compilation
            svc.accept(CLERK, _application(matter, p))
            floor.accept(p)
        svc_ms: list[float] = []
        floor_ms: list[float] = []
        for start in range(0, len(people), block):
            chunk = people[start : start + block]
            for p in chunk:
                t = time.perf_counter_ns()
                floor.accept(p)
                floor_ms.append((time.perf_counter_ns() - t) / 1e6)
            for p in chunk:
                app = _application(matter, p)
                t = time.perf_counter_ns()
                svc.accept(CLERK, app)
                svc_ms.append((time.perf_counter_ns() - t) / 1e6)
        s, f = _stats(svc_ms), _stats(floor_ms)
        out[label] = {
            "samples": len(svc_ms),
            "service_ms": s,
            "floor_ms": f,
            "ratio_median": round(s["median"] / f["median"], 2),
            "ratio_p95": round(s["p95"] / f["p95"], 2),
        }
        print(f"  {label}: {out[label]}", file=sys.stderr, flush=True)
    return out


def _people(source: Path, n: int, seed: int) -> list[tuple[str, str]]:
    raw = sqlite3.connect(str(source))
    try:
        count = raw.execute("SELECT max(id) FROM persons").fetchone()[0]
        rng = random.Random(seed)
        ids = [rng.randint(1, count) for _ in range(n)]
        people: list[tuple[str, str]] = []
        for i in range(0, n, 500):
            part = ids[i : i + 500]
            q = (
                "SELECT name, id_number FROM persons WHERE id_type = 'citizen' AND id IN "
                f"({','.join('?' * len(part))})"
            )
            people.extend(raw.execute(q, part).fetchall())
    finally:
        raw.close()
    return people


def copy_registry(args: argparse.Namespace) -> Path:
    """The seeded registry is copied, never opened: everything below works on the copy."""
    source, target = Path(args.source).resolve(), Path(args.db).resolve()
    if source == target:
        raise SystemExit("--db must be a copy, not the seeded registry itself")
    if not target.exists() or args.fresh_copy:
        print(f"copying {source} → {target}", file=sys.stderr, flush=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copyfile(source, target)
    return target


def run_sqlite(args: argparse.Namespace, people: list[tuple[str, str]]) -> dict[str, Any]:
    target = Path(args.db).resolve()
    home = target.parent / (target.stem + "-home")
    paths = AppPaths(home / "config", home / "data", home / "logs", home / "archive").ensure()
    db = open_database(paths, Settings(database=DatabaseSettings(url=f"sqlite:///{target}")))
    raw = sqlite3.connect(str(target), isolation_level=None)
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "foreign_keys=ON",
        "busy_timeout=10000",
    ):
        raw.execute(f"PRAGMA {pragma}")
    result: dict[str, Any] = {"rows": db.row_counts()}
    prior = raw.execute("SELECT count(*) FROM cases WHERE number LIKE 'PRIOR%'").fetchone()[0]
    if prior < args.prior_cases:
        ph = ", ".join("?" * 34)

        def insert_many(rows: list[tuple[Any, ...]]) -> None:
            raw.execute("BEGIN")
            raw.executemany(f"INSERT OR IGNORE INTO cases ({_CASE_COLUMNS}) VALUES ({ph})", rows)
            raw.execute("COMMIT")

        result["seed_prior_cases_s"] = seed_prior_cases(insert_many, args.prior_cases)
    result["prior_cases"] = args.prior_cases
    floor = Floor(raw, "?", "BEGIN")
    result["accept"] = measure(db, floor, people, args.block)
    result["db_bytes"] = target.stat().st_size
    raw.close()
    db.dispose()
    return result


def run_postgresql(args: argparse.Namespace, people: list[tuple[str, str]]) -> dict[str, Any]:
    import psycopg
    from pgserver import PostgresServer

    with PostgresServer() as server:
        home = Path(args.db).resolve().parent / "pg-bench-home"
        paths = AppPaths(home / "config", home / "data", home / "logs", home / "archive").ensure()
        settings = Settings(
            database=DatabaseSettings(url=server.url(server.app_user, database=server.app_database))
        )
        db = open_database(paths, settings, password=server.app_password)
        raw = psycopg.connect(
            server.url(server.app_user, server.app_password, database=server.app_database).replace(
                "postgresql+psycopg://", "postgresql://"
            ),
            autocommit=True,
        )
        result: dict[str, Any] = {"server": raw.info.server_version}
        ph = ", ".join(["%s"] * 34)

        def insert_many(rows: list[tuple[Any, ...]]) -> None:
            with raw.cursor() as cur, raw.transaction():
                cur.executemany(f"INSERT INTO cases ({_CASE_COLUMNS}) VALUES ({ph})", rows)

        result["seed_prior_cases_s"] = seed_prior_cases(insert_many, args.prior_cases)
        result["prior_cases"] = args.prior_cases
        raw.execute("ANALYZE")
        floor = Floor(raw, "%s", "BEGIN")
        result["accept"] = measure(db, floor, people, args.block)
        raw.close()
        db.dispose()
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--source", default="/tmp/onewindow-bench/registry.sqlite3")
    p.add_argument("--db", default="/tmp/onewindow-cases-bench/registry.sqlite3")
    p.add_argument("--fresh-copy", action="store_true")
    p.add_argument("--backends", default="sqlite,postgresql")
    p.add_argument("--samples", type=int, default=2000)
    p.add_argument("--block", type=int, default=200)
    p.add_argument("--prior-cases", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    people = _people(copy_registry(args), args.samples, args.seed)
    result: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
        },
        "samples": len(people),
    }
    for backend in args.backends.split(","):
        print(f"{backend} …", file=sys.stderr, flush=True)
        runner = run_sqlite if backend == "sqlite" else run_postgresql
        result[backend] = runner(args, people)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "case-accept.json").write_text(text + "\n")


if __name__ == "__main__":
    main()
