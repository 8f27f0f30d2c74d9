"""``onewindow-admin sweep run``: JSON report and exit codes on SQLite; on a real PostgreSQL,
two processes running it at once do the work once (the second says ``already_running``, exit
3) — once with the first held mid-run so that they surely overlap, once left to race."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select, text

from desktop.cli.main import main as admin
from desktop.config.paths import ENV_HOME, AppPaths
from desktop.config.settings import ENV_DATABASE_URL, Settings
from desktop.demo.cases import create_demo_cases
from desktop.demo.seeding import seed_registry
from desktop.demo.users import ensure_demo_users
from desktop.persistence.database import Database
from desktop.persistence.models import DeadlineSnapshot
from desktop.services.hall import Hall
from desktop.services.sweeps import SWEEP_LOCK_KEY

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = admin(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_sweep_run_json_and_text(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: object
) -> None:
    seed_registry(sqlite_db, persons=300, random_seed=5)
    ensure_demo_users(sqlite_db)
    create_demo_cases(Hall(sqlite_db, app_home, Settings()), 4)
    code, out, err = run("sweep", "run", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["status"] == "done"
    assert set(report["steps"]) == {
        "deadlines",
        "terminate_overdue",
        "release_claims",
        "print_jobs",
        "snapshot",
        "rollups",
    }
    assert report["steps"]["rollups"]["ok"] is True
    assert report["steps"]["snapshot"]["taken"] is True
    assert report["steps"]["snapshot"]["running"] == 4
    code, out, err = run("sweep", "run")
    assert code == 0, err
    assert "done" in out and "already_taken=True" in out


def _spawn(home: Path, url: str) -> subprocess.Popen[str]:
    env = {**os.environ, ENV_HOME: str(home), ENV_DATABASE_URL: url, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "desktop.cli.main", "sweep", "run", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def _finish(proc: subprocess.Popen[str]) -> tuple[int, dict[str, Any]]:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 3), err
    return proc.returncode, json.loads(out)


def _advisory_held(conninfo: str) -> bool:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s AND granted",
            (SWEEP_LOCK_KEY,),
        ).fetchone()
        return bool(row and row[0])


def _facts(db: Database) -> tuple[int, int]:
    with db.engine.connect() as conn:
        snapshots = conn.execute(
            select(func.count()).select_from(DeadlineSnapshot).where(DeadlineSnapshot.window == "")
        ).scalar_one()
        runs = conn.execute(
            text("SELECT count(*) FROM audit_events WHERE action = 'sweep.run'")
        ).scalar_one()
    return int(snapshots), int(runs)


@pytest.mark.postgres
def test_two_processes_at_once_do_the_work_once(
    pg_db: Database, pg_database: Any, app_home: AppPaths
) -> None:
    home = app_home.config_dir.parent
    url = pg_db.engine.url.render_as_string(hide_password=False)
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    # Hold the audit chain's anchor: the first run takes the sweep's lock, does its steps and
    # then waits to write its audit event — surely still running when the second starts.
    with psycopg.connect(conninfo) as blocker:
        blocker.execute("SELECT * FROM audit_head FOR UPDATE")
        first = _spawn(home, url)
        deadline = time.monotonic() + 60
        while not _advisory_held(conninfo):
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first run never took the lock"
            time.sleep(0.05)
        second = _spawn(home, url)
        code2, report2 = _finish(second)
        assert code2 == 3 and report2["status"] == "already_running"
        assert report2["steps"] == {}
        blocker.rollback()
    code1, report1 = _finish(first)
    assert code1 == 0 and report1["status"] == "done"
    assert report1["steps"]["snapshot"]["taken"] is True
    assert _facts(pg_db) == (1, 1)
    assert not _advisory_held(conninfo)  # released at the end

    # left to race (same day): whoever runs finds the work done; nobody does it twice
    procs = [_spawn(home, url), _spawn(home, url)]
    results = [_finish(p) for p in procs]
    done = [r for c, r in results if c == 0]
    assert done and all(r["status"] == "already_running" for c, r in results if c == 3)
    assert all(
        r["steps"]["snapshot"] == {"ok": True, "taken": False, "already_taken": True} for r in done
    )
    assert _facts(pg_db) == (1, 1 + len(done))
