"""``onewindow-admin queue take|call-next|list|stats``: tickets and calling from scripts."""

from __future__ import annotations

import io
import json
import sys

import pytest

from desktop.cli.common import cli_principal
from desktop.cli.main import main as admin
from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.persistence.database import Database
from desktop.services.auth import AuthService

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


def test_book_a_slot_list_bookings_and_check_in(sqlite_db: Database, app_home: AppPaths) -> None:
    from datetime import UTC, datetime, timedelta

    from desktop.domain.workcalendar import WorkCalendar, national_schedule

    hall_now = datetime.now(UTC) + timedelta(hours=8)  # the demo hall: UTC+8
    calendar = WorkCalendar(national_schedule(), ())  # bookings are taken on working days
    slot_day = calendar.add_working_days(hall_now.date(), 1).day
    at = f"{slot_day.isoformat()} 10:00"
    code, out, err = run("queue", "book", "A", "--at", at, "--card", "110101199003070011", "--json")
    assert code == 0, err
    booking = json.loads(out)
    assert booking["code"] == f"A{slot_day:%m%d}1000-1" and booking["state"] == "booked"
    code, _, err = run("queue", "book", "A", "--at", at, "--card", "110101199003070011")
    assert code == 2 and "queue.already_booked" in err
    code, _, err = run("queue", "book", "A", "--at", f"{slot_day.isoformat()} 10:10")
    assert code == 2 and "queue.bad_slot" in err
    with pytest.raises(SystemExit):  # argparse: the usage and the reason, status 2
        run("queue", "book", "A", "--at", "tomorrow")
    code, out, _ = run("queue", "bookings", "--date", slot_day.isoformat(), "--json")
    assert [b["code"] for b in json.loads(out)["bookings"]] == [booking["code"]]
    code, _, err = run("queue", "check-in", booking["code"], "--json")
    assert code == 2 and "queue.booking_not_today" in err  # checked in on its day only
    code, _, err = run("queue", "check-in")
    assert code == 2 and "cli.usage" in err
