"""Review desk benchmark (issue 13): approvers working one queue to the end, on a PostgreSQL
server the benchmark starts itself (``tests/pgserver.py``) and on the embedded SQLite.

    .venv/bin/python benchmarks/review_bench.py                                # both backends
    .venv/bin/python benchmarks/review_bench.py --backends postgresql --workers 50 --tasks 10000

Per backend, in one run:

1. **Floor**: ``--tasks`` open tasks worked by ``--workers`` raw driver connections (psycopg /
   sqlite3), each transaction ``SELECT … FOR UPDATE SKIP LOCKED LIMIT 1`` (SQLite: ``BEGIN
   IMMEDIATE``), the task's ``UPDATE`` and one audit append as the lanes do it (a free lane's
   anchor ``UPDATE … WHERE id = (… FOR UPDATE SKIP LOCKED) RETURNING`` with the event's number,
   event ``INSERT`` with its HMAC, the lane's anchor ``UPDATE``) — the least a claim-and-decide
   can do.
2. **Queue**: a fresh backlog of ``--tasks`` open tasks (residence permits: police and
   community, ``--tasks / 2`` cases); ``ReviewDesk.queue`` first page of 50 (with its filter
   counts) for the supervisor (all tasks) and for a police approver (half), p50/p95.
3. **Service**: ``--workers`` approver threads (half police, half community; one pooled
   connection each) run ``claim_next`` then ``decide(APPROVE, prepare=…)`` until nothing is
   free: the real service path — claim with its audit event; the decision through the
   transition template (case lock, step row, audit event; on the fan-in the case made ready
   to issue in the same transaction: a second step and event). The decision notice's PDF is
   not rendered here (documents have their own benchmark).

Reported: decisions/s, p50/p95 of claim-next and of decide, tasks decided twice or never (from
the task rows and the audit events), and the ratio to the floor. The PostgreSQL server is stopped
on every exit (``with``/``finally``; SIGINT and SIGTERM are turned into an orderly exit).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import sqlite3
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # pgserver, backlog

from review_backlog import insert_backlog
from sqlalchemy import text

from desktop.config.paths import AppPaths
from desktop.config.settings import DatabaseSettings, Settings
from desktop.domain.cases import CaseEvent
from desktop.domain.permissions import Principal, Role
from desktop.domain.review import QueueQuery
from desktop.persistence.database import Database, open_database
from desktop.services.audit import event_mac
from desktop.services.cases import ResultInfo
from desktop.services.hall import Hall
from desktop.services.review import ReviewDesk
from desktop.services.secrets import HallSecret, hall_secret_for

RESULTS = Path(__file__).with_name("results")
SUPERVISOR = Principal.of("bench-supervisor", "bench", [Role.SUPERVISOR])
sqlite3.register_adapter(datetime, lambda d: d.astimezone(UTC).replace(tzinfo=None).isoformat(" "))


def _stop_on_signals() -> None:
    def stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(pct(values, 50) * 1000, 2),
        "p95_ms": round(pct(values, 95) * 1000, 2),
        "max_ms": round(max(values, default=0) * 1000, 2),
    }


# ---- the floor -----------------------------------------------------------------------------


def floor_worker(
    connect: Callable[[], Any], dialect: str, secret: HallSecret, name: str, out: list[float]
) -> None:
    conn = connect()
    ph = "%s" if dialect == "postgresql" else "?"
    pick = "SELECT id FROM review_tasks WHERE status = 'open' ORDER BY id LIMIT 1" + (
        " FOR UPDATE SKIP LOCKED" if dialect == "postgresql" else ""
    )
    begin = "BEGIN" if dialect == "postgresql" else "BEGIN IMMEDIATE"
    take_lane = (
        "UPDATE audit_head SET last_hash = last_hash WHERE id = (SELECT id FROM audit_head "
        "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) "
        "RETURNING id, last_seq, last_hash, nextval('audit_event_numbers')"
        if dialect == "postgresql"
        else "UPDATE audit_head SET last_hash = last_hash WHERE id = 1 RETURNING id, last_seq, "
        "last_hash, (SELECT coalesce(max(seq), 0) + 1 FROM audit_events)"
    )
    try:
        while True:
            t0 = time.perf_counter()
            cur = conn.cursor()
            cur.execute(begin)
            cur.execute(pick)
            row = cur.fetchone()
            if row is None:
                cur.execute("ROLLBACK")
                return
            task = int(row[0])
            now = datetime.now(UTC)
            cur.execute(
                "UPDATE review_tasks SET status = 'approved', decided_by = "
                f"{ph}, decided_at = {ph}, claimed_by = {ph} WHERE id = {ph}",
                (name, now, name, task),
            )
            # One audit append as the lanes do it: lock a lane nobody holds (PostgreSQL) and
            # take the event's number, insert the event with its MAC, move the lane's anchor.
            cur.execute(take_lane)
            lane, prev_seq, prev, seq = cur.fetchone()
            detail = {"task": task}
            digest = event_mac(
                secret, prev, seq, now, name, "bench", "floor.decide", "t", "bench", detail
            )
            cur.execute(
                "INSERT INTO audit_events (seq, occurred_at, actor, station, action, subject, "
                "purpose, detail, prev_hash, hash, lane, prev_seq) "
                f"VALUES ({', '.join([ph] * 12)})",
                (
                    seq,
                    now,
                    name,
                    "bench",
                    "floor.decide",
                    "t",
                    "bench",
                    json.dumps(detail),
                    prev,
                    digest,
                    lane,
                    prev_seq,
                ),
            )
            cur.execute(
                f"UPDATE audit_head SET last_seq = {ph}, last_hash = {ph}, key_id = {ph} "
                f"WHERE id = {ph}",
                (seq, digest, secret.key_id, lane),
            )
            cur.execute("COMMIT")
            out.append(time.perf_counter() - t0)
    finally:
        conn.close()


def run_floor(
    connect: Callable[[], Any], dialect: str, secret: HallSecret, workers: int
) -> dict[str, Any]:
    per: list[list[float]] = [[] for _ in range(workers)]
    threads = [
        threading.Thread(target=floor_worker, args=(connect, dialect, secret, f"floor-{i}", per[i]))
        for i in range(workers)
    ]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    all_ = [x for p in per for x in p]
    return {
        "decisions": len(all_),
        "wall_s": round(wall, 2),
        "per_s": round(len(all_) / wall, 1),
        **ms(all_),
    }


# ---- the service ---------------------------------------------------------------------------


def _service_threads(
    hall: Hall, first: int, count: int
) -> tuple[list[float], list[float], list[str]]:
    """``count`` approver threads (numbered from ``first``; even: police, odd: community)
    running claim-next + decide until nothing is free."""
    claims: list[list[float]] = [[] for _ in range(count)]
    decides: list[list[float]] = [[] for _ in range(count)]
    errors: list[str] = []

    def work(i: int) -> None:
        n = first + i
        who = Principal.of(
            f"bench-{n}",
            f"bench #{n}",
            [Role.APPROVER],
            departments=[("police", "community")[n % 2]],
        )
        try:
            while True:
                t0 = time.perf_counter()
                row = hall.cases.claim_next(who)
                t1 = time.perf_counter()
                if row is None:
                    return
                claims[i].append(t1 - t0)
                hall.cases.decide(who, row.task_id, CaseEvent.APPROVE, "同意", prepare=ResultInfo())
                decides[i].append(time.perf_counter() - t1)
        except Exception as exc:  # reported
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return [x for p in claims for x in p], [x for p in decides for x in p], errors


def _child(hall: Hall, first: int, count: int, out: Any) -> None:
    hall.db.engine.dispose(close=False)  # the parent's pooled connections are not ours
    out.put(_service_threads(hall, first, count))


def run_service(hall: Hall, workers: int, processes: int) -> dict[str, Any]:
    """``workers`` approvers: threads of one process, or spread over ``processes`` processes
    (an approver is a desktop of its own; one Python process is bound by its GIL)."""
    t0 = time.perf_counter()
    if processes <= 1:
        c, d, errors = _service_threads(hall, 0, workers)
    else:
        import multiprocessing as mp

        ctx = mp.get_context("fork")
        queue = ctx.Queue()
        per = [
            workers // processes + (1 if i < workers % processes else 0) for i in range(processes)
        ]
        starts = [sum(per[:i]) for i in range(processes)]
        hall.db.engine.dispose()
        children = [
            ctx.Process(target=_child, args=(hall, starts[i], per[i], queue))
            for i in range(processes)
        ]
        for ch in children:
            ch.start()
        c, d, errors = [], [], []
        for _ in children:
            cc, dd, ee = queue.get()
            c += cc
            d += dd
            errors += ee
        for ch in children:
            ch.join()
    wall = time.perf_counter() - t0
    return {
        "processes": max(1, processes),
        "decisions": len(d),
        "wall_s": round(wall, 2),
        "per_s": round(len(d) / wall, 1),
        "claim_next": ms(c),
        "decide": ms(d),
        "errors": errors[:5],
        "error_count": len(errors),
    }


class WaitSampler:
    """PostgreSQL only: every 20 ms, what the service's sessions are doing (``pg_stat_activity``)
    — waiting for a row lock (``Lock``: the tasks are SKIP LOCKED and the cases rarely shared,
    so that is the audit anchor row), waiting for the client (``Client``/``ClientRead``: Python
    has the connection inside a transaction), or running."""

    def __init__(self, connect: Callable[[], Any]) -> None:
        self._connect = connect
        self._stop = threading.Event()
        self.samples: Counter[str] = Counter()
        self.lock_waits: Counter[str] = Counter()
        self.n = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> WaitSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        conn = self._connect()
        try:
            while not self._stop.wait(0.02):
                rows = conn.execute(
                    "SELECT state, coalesce(wait_event_type, 'CPU'), coalesce(wait_event, ''), "
                    "coalesce(left(query, 60), '') FROM pg_stat_activity "
                    "WHERE application_name = 'onewindow' AND pid <> pg_backend_pid()"
                ).fetchall()
                self.n += 1
                for state, kind, event, query in rows:
                    self.samples[f"{state}/{kind}:{event}"] += 1
                    if kind == "Lock":
                        self.lock_waits[query.split(" WHERE")[0]] += 1
        finally:
            conn.close()

    def report(self) -> dict[str, Any]:
        n = max(self.n, 1)
        return {
            "samples": self.n,
            "sessions_per_sample": {k: round(v / n, 2) for k, v in self.samples.most_common(8)},
            "lock_waits_by_statement": {
                k: round(v / n, 2) for k, v in self.lock_waits.most_common(5)
            },
        }


def check_once(db: Database, prefix: str) -> dict[str, int]:
    """Tasks of the service's backlog decided twice (two decision events) or never."""
    with db.engine.connect() as conn:
        tasks = conn.execute(
            text(
                "SELECT t.id, t.status FROM review_tasks t JOIN cases c ON c.id = t.case_id "
                "WHERE c.number LIKE :p"
            ),
            {"p": f"{prefix}%"},
        ).all()
        details = conn.execute(
            text(
                "SELECT detail FROM audit_events WHERE action IN ('review.approve', 'case.approve')"
            )
        ).scalars()
        seen = Counter((json.loads(d) if isinstance(d, str) else d).get("task") for d in details)
    ids = {int(r.id) for r in tasks}
    return {
        "tasks": len(ids),
        "decided_twice": sum(1 for i in ids if seen[i] > 1),
        "decided_never": sum(1 for r in tasks if r.status != "approved" or seen[int(r.id)] == 0),
    }


def measure_queue(desk: ReviewDesk, runs: int) -> dict[str, Any]:
    police = Principal.of("bench-police", "bench", [Role.APPROVER], departments=["police"])
    out: dict[str, Any] = {}
    for label, who in (("supervisor_all", SUPERVISOR), ("police_half", police)):
        times: list[float] = []
        page = desk.queue(who, QueueQuery(limit=50))  # warm
        for _ in range(runs):
            t0 = time.perf_counter()
            page = desk.queue(who, QueueQuery(limit=50))
            times.append(time.perf_counter() - t0)
        out[label] = {"open_tasks": page.total, "rows": len(page.rows), **ms(times)}
    return out


def bench(
    db: Database, paths: AppPaths, args: argparse.Namespace, connect: Callable[[], Any]
) -> dict[str, Any]:
    dialect = db.engine.dialect.name
    db.engine.pool._max_overflow = args.workers + 10  # type: ignore[attr-defined]  # one per thread
    hall = Hall(db, paths, Settings())
    permit = hall.catalog.by_category("ZZ")
    now = datetime.now(UTC)
    result: dict[str, Any] = {"workers": args.workers, "tasks": args.tasks}
    insert_backlog(db, permit, args.tasks // 2, now=now, prefix="FL")
    if dialect == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    print("  floor …", file=sys.stderr, flush=True)
    result["floor"] = run_floor(connect, dialect, hall_secret_for(db.engine), args.workers)
    # The floor decided its tasks without moving its cases on (the service's fan-in would have
    # made them ready to issue): take them out of review, untimed, so that the queue below is
    # 10,000 open tasks of cases in review, not those plus 5,000 in-review cases with none.
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE cases SET state = 'ready_to_issue' WHERE number LIKE 'FL%'"))
    insert_backlog(db, permit, args.tasks // 2, now=now, prefix="SV")
    if dialect == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    print("  queue …", file=sys.stderr, flush=True)
    result["queue_first_page"] = measure_queue(ReviewDesk(hall), args.queue_runs)
    print("  service …", file=sys.stderr, flush=True)
    if dialect == "postgresql":
        with WaitSampler(connect) as sampler:
            result["service"] = run_service(hall, args.workers, args.processes)
        result["service_waits"] = sampler.report()
    else:
        result["service"] = run_service(hall, args.workers, args.processes)
    result["check"] = check_once(db, "SV")
    result["ratio_to_floor"] = round(
        result["floor"]["per_s"] / max(result["service"]["per_s"], 0.1), 2
    )
    return result


def run_postgresql(args: argparse.Namespace, home: Path) -> dict[str, Any]:
    import psycopg
    from pgserver import PostgresServer

    # ``with``: the server is stopped and removed on every exit, an interrupt included
    # (SIGINT/SIGTERM raise KeyboardInterrupt, see _stop_on_signals).
    class BenchServer(PostgresServer):
        """The tests' throwaway server with room for every approver's connection."""

        def _initdb(self) -> None:
            super()._initdb()
            with (self.data_dir / "postgresql.conf").open("a") as conf:
                conf.write(f"max_connections = {2 * args.workers + 40}\n")

    with BenchServer() as server:
        paths = AppPaths(home / "config", home / "data", home / "logs", home / "archive").ensure()
        settings = Settings(
            database=DatabaseSettings(url=server.url(server.app_user, database=server.app_database))
        )
        db = open_database(paths, settings, password=server.app_password)
        dsn = server.url(server.app_user, server.app_password, database=server.app_database)
        dsn = dsn.replace("postgresql+psycopg://", "postgresql://")

        def connect() -> Any:
            return psycopg.connect(dsn, autocommit=True)

        with psycopg.connect(dsn) as c:
            version = c.info.server_version
        try:
            return {"server": version, **bench(db, paths, args, connect)}
        finally:
            db.dispose()


def run_sqlite(args: argparse.Namespace, home: Path) -> dict[str, Any]:
    paths = AppPaths(home / "config", home / "data", home / "logs", home / "archive").ensure()
    target = paths.default_database
    if target.exists():
        target.unlink()
    db = open_database(paths, Settings())

    def connect() -> Any:
        conn = sqlite3.connect(target, timeout=60, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    try:
        return {"sqlite": sqlite3.sqlite_version, **bench(db, paths, args, connect)}
    finally:
        db.dispose()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--backends", default="postgresql,sqlite")
    p.add_argument("--workers", type=int, default=50)
    p.add_argument("--tasks", type=int, default=10_000)
    p.add_argument("--processes", type=int, default=1, help="spread the approvers over processes")
    p.add_argument("--queue-runs", type=int, default=100)
    p.add_argument("--home", default="/tmp/onewindow-review-bench")
    p.add_argument("--out", default=str(RESULTS / "review.json"))
    args = p.parse_args()
    _stop_on_signals()
    result: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    for backend in args.backends.split(","):
        print(f"{backend} …", file=sys.stderr, flush=True)
        home = Path(args.home) / backend
        home.mkdir(parents=True, exist_ok=True)
        os.environ["ONEWINDOW_HOME"] = str(home)
        runner = run_sqlite if backend == "sqlite" else run_postgresql
        result[backend] = runner(args, home)
        print(json.dumps(result[backend], indent=2), file=sys.stderr, flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt as exc:  # SIGINT / SIGTERM: the servers were stopped on the way out
        print(f"interrupted ({exc}); the PostgreSQL server was stopped", file=sys.stderr)
        raise SystemExit(130) from None
