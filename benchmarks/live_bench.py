"""Live updates between stations: a case accepted at one process → seen by another process's
listener (the review desk's queue refresh), on PostgreSQL (LISTEN/NOTIFY) and SQLite (poll).

    .venv/bin/python benchmarks/live_bench.py                         # both backends, 50 changes
    .venv/bin/python benchmarks/live_bench.py --backends postgresql --changes 200

Process A (``tests/services/live_writer.py``) accepts ``--changes`` cases of a promised matter
(two departments: a review task each) through ``CaseService.accept``, ``--interval`` seconds
apart; this process (B) runs :class:`desktop.services.changes.ChangeListener` and notes when
the topic set holding ``case:<number>`` (with ``review:GA``/``review:ZJ``) reaches its sink.
Latency = arrival − the start of the ``accept`` call (so it includes the acceptance itself);
also reported from the call's end (after its commit and read-back).

Floor, same run: PostgreSQL, a bare ``NOTIFY`` on one psycopg connection → ``notifies()`` on
another, in this process; SQLite, half the poll interval (the mean wait of a 250 ms poll).

PostgreSQL runs on a throwaway server (``tests/pgserver.py``), stopped at the end, also on
Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # pgserver

import psycopg  # noqa: E402

from desktop.config.paths import ENV_HOME, AppPaths  # noqa: E402
from desktop.config.settings import ENV_DATABASE_URL, DatabaseSettings, Settings  # noqa: E402
from desktop.persistence.database import Database, open_database  # noqa: E402
from desktop.services.changes import ChangeListener  # noqa: E402

RESULTS = Path(__file__).with_name("results")
WRITER = ROOT / "tests" / "services" / "live_writer.py"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))]


def _stats(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values) * 1000, 1),
        "p95_ms": round(_percentile(values, 0.95) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1),
    }


class Arrivals:
    """The listener's sink: when each topic was first seen (``time.monotonic``)."""

    def __init__(self) -> None:
        self.first: dict[str, tuple[float, frozenset[str]]] = {}
        self.calls = 0
        self._cond = threading.Condition()

    def __call__(self, topics: frozenset[str]) -> None:
        now = time.monotonic()
        with self._cond:
            self.calls += 1
            for t in topics:
                self.first.setdefault(t, (now, topics))
            self._cond.notify_all()

    def wait(self, topics: list[str], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not all(t in self.first for t in topics):
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                self._cond.wait(left)


def _writer(db: Database, home: Path, changes: int, interval: float) -> list[dict[str, Any]]:
    env = {**os.environ, ENV_HOME: str(home), "PYTHONPATH": str(ROOT)}
    env.pop(ENV_DATABASE_URL, None)
    if db.target.backend == "postgresql":
        env[ENV_DATABASE_URL] = db.engine.url.render_as_string(hide_password=False)
    with subprocess.Popen(
        [sys.executable, str(WRITER), "--count", str(changes), "--interval", str(interval)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        try:
            json.loads(proc.stdout.readline())  # ready
            proc.stdin.write("go\n")
            proc.stdin.flush()
            lines = [json.loads(line) for line in proc.stdout]
            if proc.wait(120) != 0:
                raise RuntimeError("the writer process failed")
        finally:
            if proc.poll() is None:
                proc.kill()
    return lines


def measure(db: Database, home: Path, changes: int, interval: float) -> dict[str, Any]:
    arrivals = Arrivals()
    listener = ChangeListener(db)
    listener.start(arrivals)
    try:
        if not listener.wait_ready(15):
            raise RuntimeError("the listener never connected")
        accepted = _writer(db, home, changes, interval)
        wanted = [f"case:{a['number']}" for a in accepted]
        arrivals.wait(wanted, timeout=10)
    finally:
        listener.stop()
    from_start: list[float] = []
    from_end: list[float] = []
    accept_s: list[float] = []
    missing = 0
    without_review = 0
    for a in accepted:
        seen = arrivals.first.get(f"case:{a['number']}")
        if seen is None:
            missing += 1
            continue
        at, topics = seen
        if not {"review:GA", "review:ZJ"} <= topics:
            without_review += 1
        from_start.append(at - a["start"])
        from_end.append(at - a["end"])
        accept_s.append(a["end"] - a["start"])
    return {
        "changes": len(accepted),
        "missing": missing,
        "without_review_topics": without_review,
        "sink_calls": arrivals.calls,
        "latency_from_accept_start": _stats(from_start) if from_start else None,
        "latency_from_accept_end": _stats(from_end) if from_end else None,
        "accept_call": _stats(accept_s) if accept_s else None,
    }


def pg_floor(server: Any, samples: int) -> dict[str, Any]:
    """A bare NOTIFY on one connection → ``notifies()`` on another."""
    kwargs = {
        "host": "127.0.0.1",
        "port": server.port,
        "user": server.app_user,
        "password": server.app_password,
        "dbname": server.app_database,
        "autocommit": True,
    }
    with psycopg.connect(**kwargs) as listen, psycopg.connect(**kwargs) as send:
        listen.execute("LISTEN bench_floor")
        version = listen.info.server_version
        values: list[float] = []
        for i in range(samples):
            start = time.monotonic()
            send.execute("SELECT pg_notify('bench_floor', %s)", (str(i),))
            for _ in listen.notifies(timeout=5, stop_after=1):
                values.append(time.monotonic() - start)
            time.sleep(0.01)
    return {**_stats(values), "server_version": version}


def _home() -> tuple[Path, AppPaths]:
    home = Path(tempfile.mkdtemp(prefix="onewindow-live-bench-"))
    os.environ[ENV_HOME] = str(home)
    os.environ.pop(ENV_DATABASE_URL, None)
    from desktop.config.paths import app_paths

    return home, app_paths().ensure()


def run_sqlite(args: argparse.Namespace) -> dict[str, Any]:
    home, paths = _home()
    db = open_database(paths)
    try:
        result = measure(db, home, args.changes, args.interval)
    finally:
        db.dispose()
    result["floor"] = {"median_ms": 125.0, "note": "half the 250 ms poll interval"}
    return result


def run_postgresql(args: argparse.Namespace) -> dict[str, Any]:
    from pgserver import PostgresServer

    home, paths = _home()
    with PostgresServer() as server:
        settings = Settings(database=DatabaseSettings(url=server.url(server.app_user)))
        db = open_database(paths, settings, password=server.app_password)
        try:
            result = measure(db, home, args.changes, args.interval)
        finally:
            db.dispose()
        result["floor"] = pg_floor(server, args.changes)
    return result


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    # Unwind through every ``with``/``finally``: the server is stopped, its directory removed.
    raise SystemExit(128 + signum)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", nargs="+", default=["postgresql", "sqlite"])
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--out", type=Path, default=RESULTS / "live.json")
    args = parser.parse_args()
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    report: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "sqlite_version": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
        "changes": args.changes,
        "interval_s": args.interval,
    }
    for backend in args.backends:
        runner = run_postgresql if backend == "postgresql" else run_sqlite
        report[backend] = runner(args)
        print(backend, json.dumps(report[backend], indent=2), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
