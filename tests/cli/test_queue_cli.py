"""``onewindow-admin queue take|call-next|list|stats``: tickets and calling from scripts."""

from __future__ import annotations

import io
import json
import sys

import pytest
from services.case_factory import Clock  # type: ignore[import-not-found]

from desktop.cli import queue as queue_cli
from desktop.cli.common import cli_principal
from desktop.cli.main import main as admin
from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.persistence.database import Database
from desktop.services.auth import AuthService
from desktop.services.hall import Hall

PASSWORD = "Queue-Test-2026!"


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = admin(list(argv), out=out, err=err)
    finally:
        sys.stdin = old
    return code, out.getvalue(), err.getvalue()


def test_take_call_list_and_stats(sqlite_db: Database, app_home: AppPaths) -> None:
    AuthService(sqlite_db, Settings()).create_user(
        cli_principal(), "clerk07", PASSWORD, ["clerk"], must_change_password=False
    )
    code, out, err = run("queue", "take", "A", "--json")
    assert code == 0, err
    first = json.loads(out)
    assert first["number"] == "A001" and first["waiting_before"] == 0
    code, out, _ = run("queue", "take", "440306GA0001720010001", "--priority", "--json")
    assert json.loads(out)["number"] == "A002" and json.loads(out)["priority"] is True

    code, out, err = run(
        "queue",
        "call-next",
        "--window",
        "1",
        "--as",
        "clerk07",
        "--password-stdin",
        "--json",
        stdin=PASSWORD + "\n",
    )
    assert code == 0, err
    called = json.loads(out)
    assert called["number"] == "A002" and called["window"] == 1  # priority first

    code, out, _ = run("queue", "list", "--json")
    listed = json.loads(out)
    assert {q["code"]: q["waiting"] for q in listed["queues"]}["A"] == 1
    assert [t["number"] for t in listed["tickets"]] == ["A001", "A002"]

    run(
        "queue",
        "call-next",
        "--window",
        "2",
        "--as",
        "clerk07",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    code, out, _ = run(
        "queue",
        "call-next",
        "--window",
        "2",
        "--as",
        "clerk07",
        "--password-stdin",
        "--json",
        stdin=PASSWORD + "\n",
    )
    assert code == 0 and json.loads(out) is None  # nobody waits

    code, out, _ = run("queue", "stats", "--json", "--date", listed["date"])
    stats = json.loads(out)
    (a,) = stats["queues"]
    assert (a["key"], a["taken"], a["served"], a["no_shows"]) == ("A", 2, 1, 0)
    assert a["wait_median_s"] is not None and a["wait_p90_s"] is not None
    assert sorted(w["key"] for w in stats["windows"]) == ["1", "2"]


def test_wrong_password_and_unknown_queue_are_coded_errors(
    sqlite_db: Database, app_home: AppPaths
) -> None:
    code, _, err = run("queue", "take", "Q", "--json")
    assert code == 2 and "queue.unknown_queue" in err
    code, _, err = run(
        "queue",
        "call-next",
        "--window",
        "1",
        "--as",
        "nobody",
        "--password-stdin",
        stdin="wrong\n",
    )
    assert code == 2 and "auth.bad_credentials" in err


@pytest.fixture
def hall_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The queue commands' hall on a settable clock (as the services' tests build their hall,
    ``Hall(…, now=clock)``), from Monday 23 November 2026, 09:30 in the hall (UTC+8)."""
    clock = Clock()
    monkeypatch.setattr(
        queue_cli, "_hall", lambda ctx: Hall(ctx.db(), ctx.paths, ctx.settings, now=clock)
    )
    return clock


def test_book_a_slot_list_bookings_and_check_in(
    sqlite_db: Database, app_home: AppPaths, hall_clock: Clock
) -> None:
    slot_day = "2026-11-24"  # the next working day
    at = f"{slot_day} 10:00"
    code, out, err = run("queue", "book", "A", "--at", at, "--card", "110101199003070011", "--json")
    assert code == 0, err
    booking = json.loads(out)
    assert booking["code"] == "A11241000-1" and booking["state"] == "booked"
    code, _, err = run("queue", "book", "A", "--at", at, "--card", "110101199003070011")
    assert code == 2 and "queue.already_booked" in err
    code, _, err = run("queue", "book", "A", "--at", f"{slot_day} 10:10")
    assert code == 2 and "queue.bad_slot" in err
    code, _, err = run("queue", "book", "A", "--at", "2026-11-28 10:00")  # a Saturday
    assert code == 2 and "queue.not_working_day" in err
    code, _, err = run("queue", "book", "A", "--at", "2026-12-03 10:00")  # 8th working day
    assert code == 2 and "queue.slot_too_far" in err
    with pytest.raises(SystemExit):  # argparse: the usage and the reason, status 2
        run("queue", "book", "A", "--at", "tomorrow")
    code, out, _ = run("queue", "bookings", "--date", slot_day, "--json")
    assert [b["code"] for b in json.loads(out)["bookings"]] == [booking["code"]]
    code, _, err = run("queue", "check-in", booking["code"], "--json")
    assert code == 2 and "queue.booking_not_today" in err  # checked in on its day only
    hall_clock.advance(days=1, minutes=20)  # Tuesday, 09:50: the slot's day
    code, out, err = run("queue", "check-in", booking["code"], "--json")
    assert code == 0, err
    ticket = json.loads(out)
    assert ticket["number"] == "A001" and ticket["booked_for"] == "2026-11-24T02:00:00+00:00"
    code, out, _ = run("queue", "bookings", "--json")  # today's, by the hall's clock
    assert [b["state"] for b in json.loads(out)["bookings"]] == ["checked_in"]
    code, _, err = run("queue", "check-in")
    assert code == 2 and "cli.usage" in err
