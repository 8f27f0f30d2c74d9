"""Deadline board and daily sweep benchmark (issue 16), on a PostgreSQL server the benchmark
starts itself (``tests/pgserver.py``).

    .venv/bin/python benchmarks/deadline_bench.py                      # 400,000 cases
    .venv/bin/python benchmarks/deadline_bench.py --cases 1600000      # a district hall's year

The hall: ``--cases`` cases of the catalog's promised matters received evenly over
``--days`` days at 12 windows; those of the last ``--open-days`` days are open (in review,
5 % of them with a running special procedure), the older ones issued (no clock). The open
cases' clock dates are computed by the service from their records (``recompute_deadlines``,
timed: what a calendar edit or a new threshold costs).

Measured, ``--runs`` times each:

1. **board**: ``DeadlineBoardService.deadline_board`` for a supervisor (totals and groups per
   matter × window, the paused cases, the at-risk count and its first page of 50);
2. **floor**: the same four SQL statements in plain psycopg on one connection;
3. **sweep**: ``SweepService.run`` (recompute — nothing to change —, overdue 容缺, lapsed
   claims, stuck print jobs, the snapshot; its snapshot removed between runs).

Reported: p50/p95, the ratio board/floor. The server is stopped on every exit.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # pgserver

from sqlalchemy import delete, text

from desktop.config.paths import AppPaths
from desktop.config.settings import DatabaseSettings, Settings
from desktop.domain.matters.model import MatterKind
from desktop.domain.permissions import Principal, Role
from desktop.persistence.models import DeadlineSnapshot
from desktop.services.hall import Hall
from desktop.services.sweeps import SweepService

RESULTS = Path(__file__).with_name("results")
SUPERVISOR = Principal.of("bench-supervisor", "bench", [Role.SUPERVISOR])


def _stop_on_signals() -> None:
    def stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if values else 0.0


def ms(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(pct(values, 50) * 1000, 2),
        "p95_ms": round(pct(values, 95) * 1000, 2),
        "max_ms": round(max(values, default=0) * 1000, 2),
    }


_INSERT_CASES = """
WITH p AS (
  SELECT CAST(:codes AS text[]) AS codes, CAST(:n_codes AS integer) AS n_codes,
    CAST(:total AS integer) AS total, CAST(:open AS integer) AS open_n,
    CAST(:days AS integer) AS days, CAST(:now AS timestamptz) AS now
)
INSERT INTO cases (number, number_source, matter_code, matter_name, category, case_type, state,
  applicant_name, applicant_id_type, applicant_id_masked, applicant_id_hash, agent_name,
  agent_id_type, agent_id_masked, agent_id_hash, phone, address, channel, form_values,
  received_at, received_by, received_station, accepted_at, accepted_by, accepted_station,
  accepting_unit, notice_number, promised_date, refusal_reason, completed_at, result_name,
  result_number, issuing_unit, delivered_by_post, updated_at, version)
SELECT 'B' || lpad(g::text, 9, '0'), 'generated', p.codes[1 + g % p.n_codes],
  '事项' || (g % p.n_codes), 'ZZ', '2',
  CASE WHEN g > p.total - p.open_n THEN 'in_review' ELSE 'issued' END,
  '申请人', 'citizen', '110************' || lpad((g % 1000)::text, 3, '0'), md5(g::text), '',
  '', '', '', '', '', 'window', '{}', r.at, 'bench', '窗口 ' || (1 + g % 12), r.at, 'bench',
  '窗口 ' || (1 + g % 12), '', '', (r.at + interval '16 days')::date, '',
  CASE WHEN g > p.total - p.open_n THEN NULL ELSE r.at + interval '14 days' END,
  '', '', '', false, r.at, 1
FROM p, generate_series(1, p.total) g,
  LATERAL (SELECT p.now - (p.total - g) * (p.days * interval '1 day') / p.total AS at) r
"""

_PAUSES = """
INSERT INTO clock_pauses (case_id, kind, reason, started_at, started_by, ended_by)
SELECT id, 'hearing', '听证', received_at + interval '3 days', 'bench', ''
FROM cases WHERE state = 'in_review' AND id % 20 = 0
"""

_FLOOR = [
    """SELECT matter_code, accepted_station, max(matter_name),
         count(*) FILTER (WHERE due_on IS NOT NULL), count(*) FILTER (WHERE yellow_on > %(d)s),
         count(*) FILTER (WHERE yellow_on <= %(d)s AND red_on > %(d)s),
         count(*) FILTER (WHERE red_on <= %(d)s), count(*) FILTER (WHERE overdue_on <= %(d)s),
         count(*) FILTER (WHERE due_on = %(d)s)
       FROM cases WHERE due_on IS NOT NULL GROUP BY matter_code, accepted_station""",
    """SELECT c.matter_code, c.accepted_station, max(c.matter_name), count(*)
       FROM cases c JOIN (SELECT case_id FROM clock_pauses WHERE ended_at IS NULL
                          GROUP BY case_id) p ON p.case_id = c.id
       WHERE c.due_on IS NULL AND c.promised_date IS NOT NULL
         AND c.state NOT IN ('issued', 'refused', 'rejected', 'terminated', 'withdrawn')
       GROUP BY c.matter_code, c.accepted_station""",
    "SELECT count(*) FROM cases WHERE yellow_on <= %(d)s OR overdue_on <= %(d)s",
    """SELECT number, matter_code, matter_name, accepted_station, state, applicant_name, due_on,
         promised_date, overdue_on <= %(d)s FROM cases
       WHERE yellow_on <= %(d)s OR overdue_on <= %(d)s
       ORDER BY due_on NULLS LAST, promised_date, number LIMIT 50""",
]


def bench(hall: Hall, dsn: str, args: argparse.Namespace) -> dict[str, Any]:
    import psycopg

    db = hall.db
    codes = [m.code for m in hall.catalog if m.kind is MatterKind.PROMISED]
    open_n = args.cases * args.open_days // args.days
    t0 = time.perf_counter()
    with db.engine.begin() as conn:
        conn.execute(
            text(_INSERT_CASES),
            {
                "codes": codes,
                "n_codes": len(codes),
                "total": args.cases,
                "open": open_n,
                "days": args.days,
                "now": hall.now(),
            },
        )
        conn.execute(text(_PAUSES))
    loaded = time.perf_counter() - t0
    t0 = time.perf_counter()
    changed = hall.cases.recompute_deadlines()
    recompute = time.perf_counter() - t0
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    board_times: list[float] = []
    board = None
    for _ in range(args.runs):
        t0 = time.perf_counter()
        board = hall.deadlines.deadline_board(SUPERVISOR)
        board_times.append(time.perf_counter() - t0)
    assert board is not None
    floor_times: list[float] = []
    day = hall.today()
    with psycopg.connect(dsn) as conn:
        for _ in range(args.runs):
            t0 = time.perf_counter()
            for sql in _FLOOR:
                conn.execute(sql, {"d": day}).fetchall()
            floor_times.append(time.perf_counter() - t0)
    sweep_times: list[float] = []
    report = None
    for _ in range(args.sweeps):
        with db.engine.begin() as conn:
            conn.execute(delete(DeadlineSnapshot))
        t0 = time.perf_counter()
        report = SweepService(hall).run(SUPERVISOR)
        sweep_times.append(time.perf_counter() - t0)
    assert report is not None and report.ok, report
    b, f = ms(board_times), ms(floor_times)
    return {
        "cases": args.cases,
        "open_cases": open_n,
        "load_s": round(loaded, 1),
        "recompute_from_nothing": {"s": round(recompute, 2), "rows": changed},
        "totals": {
            k: getattr(board.totals, k)
            for k in ("running", "normal", "yellow", "red", "overdue", "due_today", "paused")
        },
        "groups": len(board.groups),
        "board": b,
        "floor": f,
        "board_over_floor_p50": round(b["p50_ms"] / f["p50_ms"], 2) if f["p50_ms"] else None,
        "sweep": {**ms(sweep_times), "steps": report.as_json()["steps"]},
    }


def run_postgresql(args: argparse.Namespace, home: Path) -> dict[str, Any]:
    from pgserver import PostgresServer

    with PostgresServer() as server:
        paths = AppPaths(home / "config", home / "data", home / "logs", home / "archive").ensure()
        settings = Settings(
            database=DatabaseSettings(url=server.url(server.app_user, database=server.app_database))
        )
        from desktop.persistence.database import open_database

        db = open_database(paths, settings, password=server.app_password)
        dsn = server.url(server.app_user, server.app_password, database=server.app_database)
        dsn = dsn.replace("postgresql+psycopg://", "postgresql://")
        try:
            hall = Hall(db, paths, settings)
            return bench(hall, dsn, args)
        finally:
            db.dispose()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--cases", type=int, default=400_000)
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--open-days", type=int, default=20)
    p.add_argument("--runs", type=int, default=30)
    p.add_argument("--sweeps", type=int, default=3)
    p.add_argument("--home", default="/tmp/onewindow-deadline-bench")
    p.add_argument("--out", default=str(RESULTS / "deadlines.json"))
    args = p.parse_args()
    _stop_on_signals()
    home = Path(args.home)
    home.mkdir(parents=True, exist_ok=True)
    os.environ["ONEWINDOW_HOME"] = str(home)
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "postgresql": run_postgresql(args, home),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt as exc:
        print(f"interrupted ({exc}); the PostgreSQL server was stopped", file=sys.stderr)
        raise SystemExit(130) from None
