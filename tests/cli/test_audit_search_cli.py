"""``onewindow-admin audit search`` and ``audit find``: the supervisor's search on the command
line, through the one search path (audited with the purpose, the number never in clear)."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from desktop.cli.main import main as admin
from desktop.domain.identity import make_citizen_number, mask_id_number
from desktop.domain.registry import Actor
from desktop.persistence.database import Database
from desktop.persistence.models import AuditEvent
from desktop.services.audit import append_event
from desktop.services.pseudonyms import person_pseudonym

NUMBER = make_citizen_number("110105", date(1985, 3, 4), 21)
# The hall's default offset is UTC+8: 2026-11-02 20:00 UTC is 11-03 04:00 at the hall.
T0 = datetime(2026, 11, 2, 20, 0, tzinfo=UTC)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = admin(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def log(sqlite_db: Database, memory_keyring: Any) -> dict[str, int]:
    def event(hours: int, user: str, action: str, person: bool = False) -> int:
        with sqlite_db.engine.begin() as conn:
            return append_event(
                conn,
                Actor(user, "window-1"),
                action,
                f"person:{mask_id_number(NUMBER)}" if person else f"case:{hours}",
                "居住登记",
                {"id_hash": person_pseudonym(conn, NUMBER)} if person else {},
                now=lambda: T0 + timedelta(hours=hours),
            )

    return {
        "look": event(0, "clerk1", "registry.dossier", person=True),
        "accept": event(1, "clerk1", "case.accept"),
        "issue": event(30, "clerk2", "case.issue"),
        "look2": event(31, "clerk2", "registry.dossier", person=True),
    }


def _events(db: Database) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(select(AuditEvent.__table__).order_by(AuditEvent.seq)))


def test_search_json_pages_and_filters(log: dict[str, int], sqlite_db: Database) -> None:
    code, out, err = run("audit", "search", "--purpose", "月度抽查", "--limit", "3", "--json")
    assert code == 0, err
    body = json.loads(out)
    assert [e["seq"] for e in body["events"]] == [log["look2"], log["issue"], log["accept"]]
    assert body["next_before"] == log["accept"]
    assert body["events"][0]["person_key"] == person_pseudonym(sqlite_db.engine, NUMBER)
    assert body["events"][0]["occurred_at"] == "2026-11-04T11:00:00+08:00"  # the hall's time
    assert body["events"][0]["outcome"] == "done"
    code, out, _ = run(
        "audit", "search", "--purpose", "月度抽查", "--before", str(body["next_before"]), "--json"
    )
    assert [e["seq"] for e in json.loads(out)["events"]] == [log["look"]]
    assert json.loads(out)["next_before"] is None

    def seqs(*argv: str) -> list[int]:
        code, out, err = run("audit", "search", "--purpose", "核查", "--json", *argv)
        assert code == 0, err
        return [e["seq"] for e in json.loads(out)["events"]]

    assert seqs("--person", NUMBER) == [log["look2"], log["look"]]
    assert seqs("--user", "clerk1") == [log["accept"], log["look"]]
    assert seqs("--action", "case.issue") == [log["issue"]]
    assert seqs("--station", "window-9") == []
    # Days are the hall's: 11-03 is 11-02 16:00 UTC to 11-03 16:00 UTC.
    assert seqs("--since", "2026-11-03", "--until", "2026-11-03") == [log["accept"], log["look"]]
    assert seqs("--since", "2026-11-04", "--until", "2026-11-30") == [log["look2"], log["issue"]]
    # (the searches themselves happen today, after that period)


def test_search_is_audited_and_the_number_stays_out_of_the_log(
    log: dict[str, int], sqlite_db: Database
) -> None:
    code, out, err = run("audit", "search", "--person", NUMBER, "--purpose", "投诉核查")
    assert code == 0, err
    assert "2 events (this search is audit event" in out
    own = _events(sqlite_db)[-1]
    assert (own.action, own.purpose) == ("audit.search", "投诉核查")
    assert own.actor.startswith("admin:")  # the command line acts as the station's administrator
    assert own.detail["id_hash"] == person_pseudonym(sqlite_db.engine, NUMBER)
    assert all(NUMBER not in repr(tuple(e)) for e in _events(sqlite_db))


def test_find_goes_through_the_search_and_needs_a_purpose(
    log: dict[str, int], sqlite_db: Database
) -> None:
    code, out, err = run("audit", "find", NUMBER, "--purpose", "投诉核查")
    assert code == 0, err
    found = json.loads(out)
    assert [e["seq"] for e in found] == [log["look"], log["look2"]]  # oldest first, as before
    assert all(e["same_person"] for e in found)
    own = _events(sqlite_db)[-1]
    assert own.action == "audit.search" and own.detail["all"] is True
    with pytest.raises(SystemExit) as usage:  # argparse: the usage line, exit 2
        run("audit", "find", NUMBER)
    assert usage.value.code == 2


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--since", "2026-13-01"], "audit.bad_date"),
        (["--limit", "0"], "audit.bad_limit"),
        (["--person", "110105198503040000"], "id."),
    ],
)
def test_bad_input_is_one_coded_line_and_no_search_recorded(
    log: dict[str, int], sqlite_db: Database, argv: list[str], code: str
) -> None:
    before = len(_events(sqlite_db))
    status, out, err = run("audit", "search", "--purpose", "核查", *argv)
    assert status == 2 and out == ""
    assert err.startswith(f"error [{code}") and err.count("\n") == 1
    assert len(_events(sqlite_db)) == before
