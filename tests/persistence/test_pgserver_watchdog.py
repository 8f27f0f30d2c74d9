"""The tests' PostgreSQL server does not outlive a test process killed outright (SIGKILL runs
no clean-up; leftover servers were found on shared machines)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from tests.pgserver import PostgresServer, find_bindir

pytestmark = pytest.mark.postgres

OWNER = """
import json, sys, time
sys.path.insert(0, {tests!r})
from pgserver import PostgresServer
server = PostgresServer()
server.__enter__()
print(json.dumps({{"port": server.port, "dir": str(server.base_dir)}}), flush=True)
time.sleep(600)
"""


def _server_answers(port: int) -> bool:
    try:
        with psycopg.connect(host="127.0.0.1", port=port, user="x", connect_timeout=2):
            return True
    except psycopg.OperationalError as exc:  # a password refusal is still a live server
        return "password" in str(exc) or "authentication" in str(exc)


def test_a_killed_owners_server_is_stopped_and_removed() -> None:
    if find_bindir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries missing (CI is set)")
        pytest.skip("no PostgreSQL server binaries")
    tests = str(Path(__file__).resolve().parents[1])
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER.format(tests=tests)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert owner.stdout is not None
        started = json.loads(owner.stdout.readline())
        port, base = int(started["port"]), Path(started["dir"])
        assert _server_answers(port)
        owner.send_signal(signal.SIGKILL)  # no finally, no atexit: only the watchdog is left
        owner.wait(10)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (_server_answers(port) or base.exists()):
            time.sleep(0.5)
        assert not _server_answers(port), "the server outlived the process that started it"
        assert not base.exists(), "the server's directory was left behind"
    finally:
        if owner.poll() is None:
            owner.kill()


def test_a_clean_exit_stops_the_watchdog_too() -> None:
    if find_bindir() is None:
        pytest.skip("no PostgreSQL server binaries")
    with PostgresServer() as server:
        watchdog = server._watchdog
        assert watchdog is not None and watchdog.poll() is None
    assert watchdog.poll() is not None  # gone with the server, not waiting for the process
