"""Queue calling under load, on PostgreSQL: 20 windows calling at once over 1,000 tickets, and
how long a call takes to reach the calling display.

    .venv/bin/python benchmarks/queue_bench.py [--windows 20] [--tickets 1000] [--poll-ms 250]

1. Starts a throwaway PostgreSQL server (``tests/pgserver.py``), stopped again however the run
   ends (``try/finally``; SIGTERM and SIGHUP are turned into an exit that runs it, Ctrl-C too).
2. Takes ``--tickets`` tickets in one queue served by every window, every third a priority one
   (``normal_per_priority = 2``), then starts ``--windows`` threads, each a window calling
   ``QueueService.call_next`` on its own engine (a station of its own) until nobody waits.
   Checks: every ticket called exactly once; the order of the calls (the audit log's sequence,
   which is the commit order under the queue's lock) is exactly P N N P N N … while both kinds
   wait; reports call-next median / p95 / max.
3. Display latency: a separate **process** reads ``QueueService.board()`` as the display station
   does (``ui/stations/display.py``) — on each ``queue:calls`` from the live feed's
   ``ChangeListener`` (LISTEN/NOTIFY; ``--poll-ms 0``), or every ``--poll-ms`` (the fallback) —
   and prints each new call with the wall-clock time it saw it; the main process calls a ticket
   every 0.37 s (off the poll's beat) and records when each call committed. Reports call → seen
   median / p95 / max.

Results go to ``benchmarks/results/queue.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # pgserver

from desktop.config.paths import AppPaths
from desktop.config.settings import DatabaseSettings, Settings
from desktop.domain.permissions import Principal, Role
from desktop.domain.queueing import QueueConfig, parse_queue_config
from desktop.persistence.database import Database, open_database
from desktop.services.queueing import QueueService, percentile

RESULTS = Path(__file__).resolve().parent / "results"
KIOSK = Principal.of("kiosk01", "自助机1", [Role.KIOSK])


def _config(windows: int) -> QueueConfig:
    return parse_queue_config(
        {
            "calling": {"normal_per_priority": 2},
            "queue": [
                {
                    "code": "A",
                    "name_zh": "户籍业务",
                    "digits": 4,
                    "windows": list(range(1, windows + 1)),
                },
                {"code": "B", "name_zh": "居住证业务", "windows": list(range(1, windows + 1))},
            ],
        },
        "bench",
    )


def _open(url: str, password: str, home: Path) -> Database:
    paths = AppPaths(home / "config", home / "data", home / "logs", home / "archive").ensure()
    return open_database(paths, Settings(database=DatabaseSettings(url=url)), password=password)


def _ms(xs: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(xs) * 1000, 2),
        "p95_ms": round((percentile(xs, 95) or 0) * 1000, 2),
        "max_ms": round(max(xs) * 1000, 2),
        "n": len(xs),
    }


def calling(
    db: Database, windows: int, tickets: int, open_station: Callable[[int], Database]
) -> dict[str, Any]:
    svc = QueueService(db, _config(windows))
    # Each window is a station of its own (its own process in a hall): its own engine and pool.
    dbs = {w: open_station(w) for w in range(1, windows + 1)}
    stations = {w: QueueService(dbs[w], _config(windows)) for w in dbs}
    t0 = time.perf_counter()
    for i in range(tickets):
        svc.take(KIOSK, "A", priority=i % 3 == 0)
    take_s = time.perf_counter() - t0
    clerks = [Principal.of(f"clerk{w:02d}", f"窗口{w}", [Role.CLERK]) for w in range(windows + 1)]
    called: list[str] = []
    times: list[float] = []
    errors: list[BaseException] = []
    guard = threading.Lock()
    start = threading.Barrier(windows)

    def window(w: int) -> None:
        start.wait()
        try:
            while True:
                t = time.perf_counter()
                ticket = stations[w].call_next(clerks[w], w)
                dt = time.perf_counter() - t
                with guard:
                    times.append(dt)
                    if ticket is not None:
                        called.append(ticket.number)
                if ticket is None:
                    return
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=window, args=(w,)) for w in range(1, windows + 1)]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall
    if errors:
        raise RuntimeError(f"{len(errors)} windows failed: {errors[0]!r}")

    # The commit order of the calls: the audit log's sequence (taken under the queue's lock).
    with db.engine.connect() as conn:
        from sqlalchemy import text

        rows = conn.execute(
            text("SELECT detail FROM audit_events WHERE action = 'queue.call' ORDER BY seq")
        ).all()
    flags = [
        "P" if (json.loads(r[0]) if isinstance(r[0], str) else r[0])["priority"] else "N"
        for r in rows
    ]
    priorities, normals = flags.count("P"), flags.count("N")
    expected: list[str] = []
    p, n, streak = priorities, normals, 2
    while p or n:
        if p and (not n or streak >= 2):
            expected.append("P")
            p, streak = p - 1, 0
        else:
            expected.append("N")
            n, streak = n - 1, streak + 1
    mismatches = sum(1 for a, b in zip(flags, expected, strict=True) if a != b)
    for station_db in dbs.values():
        station_db.dispose()
    return {
        "windows": windows,
        "tickets": tickets,
        "take_per_ticket_ms": round(take_s / tickets * 1000, 2),
        "called": len(called),
        "called_exactly_once": len(called) == tickets == len(set(called)),
        "priority_order_mismatches": mismatches,
        "first_calls": "".join(flags[:24]),
        "wall_s": round(wall, 2),
        "calls_per_s": round(tickets / wall, 1),
        "call_next": _ms(times),
    }


# ---- the display process ---------------------------------------------------------------------


def display_child(url: str, poll_ms: int, home: str) -> None:
    """Poll the board like the display station; print ``number window recalls seen_at``."""
    password = os.environ.pop("QUEUE_BENCH_PASSWORD", "")
    db = _open(url, password, Path(home))
    svc = QueueService(db, _config(1))
    seen: set[tuple[str, int, int]] = set()
    guard = threading.Lock()

    def look() -> None:
        with guard:
            board = svc.board(limit=4)
            now = time.time()
            for call in board.calls:
                if call.key not in seen:
                    seen.add(call.key)
                    print(f"{call.number} {call.window} {call.recalls} {now:.6f}", flush=True)

    if poll_ms == 0:  # the live feed: LISTEN/NOTIFY, the board read on queue:calls
        from desktop.services.changes import ChangeListener

        listener = ChangeListener(db)
        listener.start(lambda topics: look() if "queue:calls" in topics or "*" in topics else None)
        look()
        print("ready", flush=True)
        while True:
            time.sleep(3600)
    look()
    print("ready", flush=True)
    while True:
        time.sleep(poll_ms / 1000)
        look()


def display_latency(
    db: Database, url: str, password: str, home: Path, poll_ms: int, calls: int
) -> dict[str, Any]:
    svc = QueueService(db, _config(1))
    for _ in range(calls):
        svc.take(KIOSK, "B")
    env = {**os.environ, "QUEUE_BENCH_PASSWORD": password}
    child = subprocess.Popen(
        [sys.executable, __file__, "--display-child", url, str(poll_ms), str(home / "child")],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout is not None
        for line in child.stdout:  # (anything the child says before it is ready is passed on)
            if line.strip() == "ready":
                break
            print(f"display: {line.rstrip()}", file=sys.stderr)
        else:
            raise RuntimeError(f"the display process ended ({child.wait()})")
        seen: dict[str, float] = {}

        def read() -> None:
            assert child.stdout is not None
            for line in child.stdout:
                number, _window, _recalls, at = line.split()
                seen[number] = float(at)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        time.sleep(1.0)  # the child's first board (everything earlier) is not a new call
        clerk = Principal.of("clerk99", "窗口1", [Role.CLERK])
        committed: dict[str, float] = {}
        for _ in range(calls):
            ticket = svc.call_next(clerk, 1)
            assert ticket is not None
            committed[ticket.number] = time.time()
            time.sleep(0.37)
        time.sleep(poll_ms / 1000 + 1.0)
        lat = [seen[n] - t for n, t in committed.items() if n in seen]
        return {"poll_ms": poll_ms, "missed": calls - len(lat), **_ms(lat)}
    finally:
        child.terminate()
        child.wait(10)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--windows", type=int, default=20)
    p.add_argument("--tickets", type=int, default=1000)
    p.add_argument(
        "--poll-ms", type=int, nargs="+", default=[0, 250, 500], help="0: the live feed (NOTIFY)"
    )
    p.add_argument("--display-calls", type=int, default=60)
    p.add_argument("--display-child", nargs=3, metavar=("URL", "POLL_MS", "HOME"))
    args = p.parse_args()
    if args.display_child:
        url, poll, home = args.display_child
        display_child(url, int(poll), home)
        return

    from pgserver import PostgresServer

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)  # unwinds through the finally below: the server stops

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    # Keys (the hall secret the audit chain is keyed with) go to a folder of this run, not to
    # the user's OneWindow home.
    keys_home = tempfile.TemporaryDirectory(prefix="queue-bench-home-")
    os.environ["ONEWINDOW_HOME"] = keys_home.name
    server = PostgresServer()
    server.__enter__()
    try:
        with tempfile.TemporaryDirectory(prefix="queue-bench-") as tmp:
            home = Path(tmp)
            url = server.url(server.app_user, database=server.app_database)
            db = _open(url, server.app_password, home)
            result: dict[str, Any] = {
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            }
            print("calling …", file=sys.stderr, flush=True)
            result["calling"] = calling(
                db,
                args.windows,
                args.tickets,
                lambda w: _open(url, server.app_password, home / f"window{w}"),
            )
            result["display"] = []
            for poll in args.poll_ms:
                print(f"display latency, poll {poll} ms …", file=sys.stderr, flush=True)
                result["display"].append(
                    display_latency(db, url, server.app_password, home, poll, args.display_calls)
                )
            db.dispose()
    finally:
        server.__exit__(None, None, None)
        keys_home.cleanup()
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "queue.json").write_text(text + "\n")


if __name__ == "__main__":
    main()
