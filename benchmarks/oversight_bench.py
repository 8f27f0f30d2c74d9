"""Supervisor's dashboard benchmark (issue 16): a year of a district hall on PostgreSQL.

    .venv/bin/python benchmarks/oversight_bench.py                     # 1.6 M cases
    .venv/bin/python benchmarks/oversight_bench.py --cases 200000 --runs 10

Starts a throwaway PostgreSQL server (``tests/pgserver.py``), migrates it to head and fills it in
SQL (``generate_series``) with ``--cases`` cases spread over the 365 days before the benchmark's
"today" (about 4,500 a day for 1.6 M): eight matters, twelve windows, mostly issued (a share
late), some refused, rejected or still open; one review task for every promised case (open ones
open or claimed, the others claimed within 7 hours and decided 2 hours to 5 days after their
creation, spread evenly to the millisecond, as real times are: hardly two alike) and a rating
for a third of the issued ones. Then, per period (``--periods``: today, 30 days, 365 days):

1. **Service**: ``OversightService.dashboard`` — the permission check (with its audit read of
   nothing: a supervisor passes), every aggregate statement, the queue's statistics, the frozen
   records — ``--runs`` times, p50/p95. The days before today are read from the daily rollups
   (``daily_figures``), rolled up first by the sweep's step (``roll_up``, timed: ``rollup_s``).
2. **Floor**: the very statements the service sent (captured from the engine), replayed on a
   plain psycopg connection and fetched, the same number of times.
3. **Live**: the same dashboard without the rollups (every day from the case rows, as before
   them), ``--live-runs`` times; its answer must equal the service's.

Also reported: the process's peak resident memory after all runs (the answer is a few grouped
rows, so it must not grow with the number of cases). The server is stopped on every exit.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # pgserver

from sqlalchemy import event, text

from desktop.config.paths import AppPaths
from desktop.config.settings import DatabaseSettings, Settings
from desktop.domain.oversight import Period
from desktop.domain.permissions import Principal, Role
from desktop.persistence.database import Database, open_database
from desktop.services.daily_figures import roll_up
from desktop.services.hall import Hall
from desktop.services.keying import attach_hall_secret
from desktop.services.oversight import OversightService, for_hall
from desktop.services.secrets import StationKeys

RESULTS = Path(__file__).resolve().parent / "results"
TODAY = date(2026, 12, 4)
SUPERVISOR = Principal.of("bench", "监察 #1", [Role.SUPERVISOR])

FILL_CASES = """
INSERT INTO cases (id, number, number_source, matter_code, matter_name, category, case_type,
  state, applicant_name, applicant_id_type, applicant_id_masked, applicant_id_hash, agent_name,
  agent_id_type, agent_id_masked, agent_id_hash, phone, address, channel, form_values,
  received_at, received_by, received_station, accepted_at, accepted_by, accepted_station,
  accepting_unit, notice_number, promised_date, supplement_deadline, refusal_reason,
  completed_at, result_name, result_number, result_valid_until, issuing_unit, delivered_by_post,
  updated_at, version)
SELECT i, 'B' || lpad(i::text, 12, '0'), 'generated', 'M' || (i % 8), '事项' || (i % 8), 'JZ',
  CASE WHEN i % 2 = 0 THEN '2' ELSE '1' END,
  CASE WHEN i % 100 < 3 THEN 'refused' WHEN i % 100 < 5 THEN 'rejected'
       WHEN received < :open_from THEN 'issued'
       WHEN i % 2 = 0 THEN 'in_review' ELSE 'issued' END,
  '张三', 'citizen', '1101**********0011', md5(i::text), '', '', '', '', '', '', 'window', '{}',
  received, 'clerk', 'W' || (i % 12),
  CASE WHEN i % 100 < 3 THEN NULL ELSE received END, 'clerk', 'W' || (i % 12), '', '',
  CASE WHEN i % 100 < 3 THEN NULL
       WHEN i % 2 = 0 THEN (received + interval '10 days')::date ELSE received::date END,
  NULL, '',
  CASE WHEN i % 100 < 5 THEN received + interval '1 hour'
       WHEN received < :open_from THEN received + (i % 13) * interval '1 day'
       WHEN i % 2 = 0 THEN NULL ELSE received + interval '20 minutes' END,
  '', '', NULL, '', false, received, 1
FROM (SELECT i, :first + (i - 1) * :step AS received FROM generate_series(1, :n) AS i) AS g
"""

FILL_TASKS = """
INSERT INTO review_tasks (case_id, department_code, department_name, status, claimed_by,
  claimed_at, claim_expires_at, decided_by, decided_at, opinion, round, created_at,
  case_promised_date, case_received_at)
SELECT c.id, 'D' || (c.id % 3), '部门' || (c.id % 3),
  CASE WHEN c.state = 'in_review' THEN (CASE WHEN c.id % 4 = 0 THEN 'claimed' ELSE 'open' END)
       WHEN c.state = 'rejected' THEN 'rejected' ELSE 'approved' END,
  CASE WHEN c.state = 'in_review' AND c.id % 4 <> 0 THEN '' ELSE 'approver' END,
  CASE WHEN c.state = 'in_review' AND c.id % 4 <> 0 THEN NULL
       ELSE c.received_at + ((c.id::bigint * 7919) % 25200000) * interval '1 millisecond' END,
  CASE WHEN c.state = 'in_review' AND c.id % 4 = 0 THEN :now + interval '30 minutes' END,
  CASE WHEN c.state = 'in_review' THEN '' ELSE 'approver' END,
  CASE WHEN c.state = 'in_review' THEN NULL
       ELSE c.received_at + interval '2 hours'
            + ((c.id::bigint * 104729) % 432000000) * interval '1 millisecond' END,
  '', 1, c.received_at, c.promised_date, c.received_at
FROM cases c WHERE c.case_type = '2' AND c.state <> 'refused'
"""

FILL_RATINGS = """
INSERT INTO ratings (case_id, visit_seq, visit_event, "window", score, comment, channel,
  rated_at, recorded_by, station)
SELECT id, 2, 'issue', 'W' || (id % 12), 1 + (id % 5), '', 'pad',
  completed_at + interval '2 minutes', 'clerk', 'W' || (id % 12)
FROM cases WHERE state = 'issued' AND id % 3 = 0
"""


def fill(db: Database, n: int) -> dict[str, Any]:
    """``n`` cases over the 365 days before TODAY (and their tasks and ratings), in SQL."""
    first = datetime.combine(TODAY - timedelta(days=364), dtime(1, 0), tzinfo=UTC)
    step = timedelta(days=365) / n
    now = datetime.combine(TODAY, dtime(7, 0), tzinfo=UTC)
    started = time.perf_counter()
    with db.engine.begin() as conn:
        params = {"first": first, "step": step, "n": n, "open_from": now - timedelta(days=12)}
        conn.execute(text(FILL_CASES), params)
        conn.execute(text(FILL_TASKS), {"now": now})
        conn.execute(text(FILL_RATINGS))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
        counts = {
            table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("cases", "review_tasks", "ratings")
        }
    return {"fill_s": round(time.perf_counter() - started, 1), **counts}


def timed(runs: int, work: Callable[[], object]) -> dict[str, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        work()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
    }


def bench(db: Database, paths: AppPaths, args: argparse.Namespace, dsn: str) -> dict[str, Any]:
    import psycopg

    result: dict[str, Any] = {"data": fill(db, args.cases)}
    now = datetime.combine(TODAY, dtime(7, 0), tzinfo=UTC)
    hall = Hall(db, paths, Settings(), now=lambda: now)
    service = for_hall(hall)
    live = OversightService(
        db,
        queue=hall.queue,
        ratings=hall.ratings,
        tz=hall.tz,
        now=hall.now,
        matter_names={m.code: m.short_zh or m.name_zh for m in hall.catalog},
        rollups=False,
    )
    started = time.perf_counter()
    rolled = roll_up(db, hall.tz, now, limit=400)
    result["rollup"] = {"s": round(time.perf_counter() - started, 1), **rolled}
    started = time.perf_counter()
    again = roll_up(db, hall.tz, now, limit=400)
    result["rollup_again"] = {"s": round(time.perf_counter() - started, 2), **again}
    print("rollup", json.dumps(result["rollup"]), file=sys.stderr, flush=True)
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_a: Any) -> None:
        captured.append((statement, parameters))

    for days in args.periods:
        name = "today" if days == 1 else f"{days}_days"
        period = Period.ending(TODAY, days)
        service.dashboard(SUPERVISOR, period)  # warm
        captured.clear()
        event.listen(db.engine, "before_cursor_execute", capture)
        board = service.dashboard(SUPERVISOR, period)
        event.remove(db.engine, "before_cursor_execute", capture)
        statements = list(captured)
        raw = psycopg.connect(dsn, autocommit=True)

        def floor(raw: Any = raw, statements: list[tuple[str, Any]] = statements) -> None:
            with raw.cursor() as cur:
                for statement, parameters in statements:
                    cur.execute(statement, parameters)
                    if cur.description is not None:
                        cur.fetchall()

        try:
            same = live.dashboard(SUPERVISOR, period) == board
            result[name] = {
                "accepted": board.totals.accepted,
                "statements": len(statements),
                "service": timed(
                    args.runs, lambda period=period: service.dashboard(SUPERVISOR, period)
                ),
                "floor": timed(args.runs, floor),
                "live_without_rollups": timed(
                    args.live_runs, lambda period=period: live.dashboard(SUPERVISOR, period)
                ),
                "same_as_live": same,
            }
        finally:
            raw.close()
        print(name, json.dumps(result[name]), file=sys.stderr, flush=True)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def _stop_on_signals() -> None:
    """SIGTERM/SIGINT end the run in order: the server is stopped by its ``with``."""

    def stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def main() -> None:
    from pgserver import PostgresServer

    _stop_on_signals()
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--cases", type=int, default=1_600_000)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--live-runs", type=int, default=5, help="runs without the rollups")
    p.add_argument(
        "--periods",
        type=lambda t: [int(x) for x in t.split(",")],
        default=[1, 30, 365],
        help="days of each period measured (default 1,30,365)",
    )
    p.add_argument("--home", default="/tmp/onewindow-oversight-bench")
    p.add_argument("--out", default=str(RESULTS / "oversight.json"))
    args = p.parse_args()
    home = Path(args.home)
    home.mkdir(parents=True, exist_ok=True)
    os.environ["ONEWINDOW_HOME"] = str(home)
    result: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "cases": args.cases,
    }
    with PostgresServer() as server:
        paths = AppPaths(home / "config", home / "data", home / "logs", home / "archive").ensure()
        settings = Settings(
            database=DatabaseSettings(url=server.url(server.app_user, database=server.app_database))
        )
        db = open_database(paths, settings, password=server.app_password)
        attach_hall_secret(db.engine, StationKeys(paths), eager=True)
        dsn = server.url(server.app_user, server.app_password, database=server.app_database)
        dsn = dsn.replace("postgresql+psycopg://", "postgresql://")
        try:
            result["postgresql"] = bench(db, paths, args, dsn)
        finally:
            db.dispose()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
