"""The audit chain detects an edited, a deleted, a swapped and a truncated row."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select, text, update

from desktop.cli.main import main as admin
from desktop.domain.registry import Actor
from desktop.persistence.database import Database
from desktop.persistence.models import AuditEvent
from desktop.services.audit import (
    GENESIS_HASH,
    AuditError,
    AuditErrorCode,
    append_event,
    event_hash,
    verify_chain,
)

ACTOR = Actor(user="clerk01", station="窗口 3")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_db")
    else:
        yield request.getfixturevalue("pg_db")


def _append(db: Database, n: int) -> None:
    with db.engine.begin() as conn:
        for i in range(n):
            append_event(conn, ACTOR, "registry.dossier", f"person:{i}", "居住登记", {"i": i})


def _report(db: Database):  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return verify_chain(conn)


def test_intact_chain_verifies(db: Database) -> None:
    _append(db, 20)
    report = _report(db)
    assert report.ok, report.problem
    assert report.checked == 20


def test_event_hash_covers_every_field() -> None:
    base = dict(
        prev_hash=GENESIS_HASH,
        seq=1,
        occurred_at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        actor="a",
        station="s",
        action="x",
        subject="y",
        purpose="p",
        detail={"k": 1},
    )
    reference = event_hash(**base)  # type: ignore[arg-type]
    changes = {
        "prev_hash": "1" * 64,
        "seq": 2,
        "occurred_at": datetime(2026, 11, 23, 9, 0, 1, tzinfo=UTC),
        "actor": "b",
        "station": "t",
        "action": "z",
        "subject": "w",
        "purpose": "q",
        "detail": {"k": 2},
    }
    for key, value in changes.items():
        assert event_hash(**{**base, key: value}) != reference, key  # type: ignore[arg-type]


def test_edited_row_is_detected(db: Database) -> None:
    _append(db, 10)
    with db.engine.begin() as conn:
        conn.execute(update(AuditEvent).where(AuditEvent.seq == 6).values(purpose="tampered"))
    report = _report(db)
    assert not report.ok
    assert report.first_broken_seq == 6
    assert "edited" in report.problem


def test_deleted_row_is_detected(db: Database) -> None:
    _append(db, 10)
    with db.engine.begin() as conn:
        conn.execute(delete(AuditEvent).where(AuditEvent.seq == 4))
    report = _report(db)
    assert not report.ok
    assert report.first_broken_seq == 4
    assert "missing" in report.problem


def test_deleted_tail_is_detected(db: Database) -> None:
    _append(db, 10)
    with db.engine.begin() as conn:
        conn.execute(delete(AuditEvent).where(AuditEvent.seq == 10))
    report = _report(db)
    assert not report.ok
    assert report.first_broken_seq == 10
    assert "anchor" in report.problem


def test_swapped_rows_are_detected(db: Database) -> None:
    _append(db, 10)
    with db.engine.begin() as conn:
        # Swap events 3 and 7 completely (content and hashes), keeping the sequence numbers.
        cols = [c for c in AuditEvent.__table__.c if c.name != "seq"]
        rows = {
            r.seq: r
            for r in conn.execute(select(AuditEvent.__table__).where(AuditEvent.seq.in_([3, 7])))
        }
        for a, b in ((3, 7), (7, 3)):
            conn.execute(
                update(AuditEvent.__table__)
                .where(AuditEvent.seq == a)
                .values({c.name: getattr(rows[b], c.name) for c in cols})
            )
    report = _report(db)
    assert not report.ok
    assert report.first_broken_seq == 3


def test_look_up_without_purpose_is_refused(db: Database) -> None:
    with db.engine.begin() as conn, pytest.raises(AuditError) as err:
        append_event(conn, ACTOR, "registry.person", "person:x", "   ")
    assert err.value.code is AuditErrorCode.PURPOSE_REQUIRED
    assert _report(db).checked == 0


def test_rolled_back_action_leaves_no_event(db: Database) -> None:
    _append(db, 2)

    def failing_action() -> None:
        with db.engine.begin() as conn:
            append_event(conn, ACTOR, "x", "y", "p")
            raise RuntimeError("the action failed")

    with pytest.raises(RuntimeError):
        failing_action()
    report = _report(db)
    assert report.ok and report.checked == 2


def test_concurrent_appends_keep_one_chain(db: Database) -> None:
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            for i in range(15):
                with db.engine.begin() as conn:
                    append_event(conn, Actor(f"u{k}", f"s{k}"), "a", f"{k}:{i}", "p")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    report = _report(db)
    assert report.ok, report.problem
    assert report.checked == 60


def test_cli_audit_verify_names_the_first_broken_event(sqlite_db: Database) -> None:
    _append(sqlite_db, 5)
    out, err = io.StringIO(), io.StringIO()
    assert admin(["audit", "verify"], out=out, err=err) == 0
    assert "5 events" in out.getvalue()
    with sqlite_db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_events SET actor = 'someone else' WHERE seq = 2"))
    out, err = io.StringIO(), io.StringIO()
    assert admin(["audit", "verify"], out=out, err=err) == 1
    assert "event 2" in err.getvalue()


@pytest.mark.postgres
def test_chain_verifies_whatever_the_session_time_zone(pg_db: Database) -> None:
    """Events written in one time zone verify from a session in another (timestamps are UTC)."""
    with pg_db.engine.begin() as conn:
        conn.exec_driver_sql("SET TIME ZONE 'Asia/Shanghai'")
        for i in range(3):
            append_event(conn, ACTOR, "registry.dossier", f"person:{i}", "居住登记")
    with pg_db.engine.connect() as conn:
        conn.exec_driver_sql("SET TIME ZONE 'America/New_York'")
        report = verify_chain(conn)
    assert report.ok, report.problem
    assert report.checked == 3
