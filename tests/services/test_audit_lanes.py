"""The audit log in lanes (issue 13): appenders side by side, every lane verifiable.

One anchor row locked from every append to its commit made every station's every write queue
on it. The log is now 64 chains (lanes); an append takes a lane nobody holds. What must still
hold: tampering in any lane is caught and named; a lane's tail cut after a checkpoint is caught
by the checkpoint; many connections appending at once leave every lane verifiable; the single
chain of an earlier version becomes lane 1 and verifies unchanged (its old checkpoints too).
"""

from __future__ import annotations

import base64
import itertools
import os
import threading
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Connection, delete, select, text, update

from desktop.config.paths import AppPaths
from desktop.config.settings import DatabaseSettings, Settings
from desktop.domain.registry import Actor
from desktop.persistence.database import Database
from desktop.persistence.engine import create_db_engine, resolve_target
from desktop.persistence.migrate import alembic_config, upgrade_to_head
from desktop.persistence.models import AuditEvent, AuditHead
from desktop.services.audit import (
    GENESIS_HASH,
    append_event,
    event_mac,
    lane_genesis,
    verify_chain,
)
from desktop.services.audit_checkpoints import FORMAT_V1, Checkpoint, CheckpointStore
from desktop.services.keying import AuditKeeper
from desktop.services.secrets import HallSecret, StationKeys, bind_hall_secret

ACTOR = Actor(user="clerk01", station="窗口 3")
pytestmark = pytest.mark.usefixtures("memory_keyring")


def keeper(db: Database, paths: AppPaths) -> AuditKeeper:
    return AuditKeeper(db, paths, StationKeys(paths), "窗口 3")


def _spread(db: Database, lanes: int, rounds: int) -> None:
    """``lanes`` transactions held open at once, each appending one event: each takes a lane of
    its own (the first free one), ``rounds`` times over."""
    for r in range(rounds):
        conns = [db.engine.connect() for _ in range(lanes)]
        try:
            for i, conn in enumerate(conns):
                conn.begin()
                append_event(conn, ACTOR, "registry.dossier", f"person:{r}-{i}", "居住登记")
            for conn in conns:
                conn.commit()
        finally:
            for conn in conns:
                conn.close()


def _lanes(conn: Connection) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    for ev in conn.execute(select(AuditEvent.__table__).order_by(AuditEvent.lane, AuditEvent.seq)):
        out.setdefault(ev.lane, []).append(ev)
    return out


def _report(db: Database):  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return verify_chain(conn)


# ---- appenders side by side ----------------------------------------------------------------


@pytest.mark.postgres
def test_appenders_holding_a_lane_do_not_wait_for_each_other(pg_db: Database) -> None:
    _spread(pg_db, 4, 3)
    with pg_db.engine.connect() as conn:
        lanes = _lanes(conn)
        heads = {
            r.id: r for r in conn.execute(select(AuditHead.__table__).where(AuditHead.id <= 5))
        }
    assert sorted(lanes) == [1, 2, 3, 4]
    for lane, events in lanes.items():
        assert len(events) == 3
        assert events[0].prev_seq == 0 and events[0].prev_hash == lane_genesis(lane)
        for before, after in itertools.pairwise(events):
            assert after.prev_seq == before.seq and after.prev_hash == before.hash
        assert heads[lane].last_seq == events[-1].seq
        assert heads[lane].last_hash == events[-1].hash
    assert heads[5].last_seq == 0  # untouched
    report = _report(pg_db)
    assert report.ok and report.keyed and report.checked == 12, report.problem
    assert {h.lane: h.seq for h in report.lanes if h.seq} == {
        lane: ev[-1].seq for lane, ev in lanes.items()
    }


@pytest.mark.postgres
def test_a_transaction_keeps_its_lane(pg_db: Database) -> None:
    with pg_db.engine.connect() as holder, pg_db.engine.connect() as conn:
        holder.begin()
        append_event(holder, ACTOR, "a", "held", "p")  # lane 1, held open
        conn.begin()
        seqs = [append_event(conn, ACTOR, "a", f"s{i}", "p") for i in range(3)]
        conn.commit()
        holder.commit()
    with pg_db.engine.connect() as conn:
        lanes = _lanes(conn)
    assert [e.seq for e in lanes[2]] == seqs  # one lane, in order, nothing between
    assert _report(pg_db).ok


def test_sqlite_appends_in_lane_one_numbered_without_gaps(sqlite_db: Database) -> None:
    with sqlite_db.engine.begin() as conn:
        seqs = [append_event(conn, ACTOR, "a", f"s{i}", "p") for i in range(5)]
    assert seqs == [1, 2, 3, 4, 5]
    with sqlite_db.engine.connect() as conn:
        assert list(_lanes(conn)) == [1]


@pytest.mark.postgres
def test_concurrent_appends_from_many_connections_leave_every_lane_verifiable(
    pg_db: Database, app_home: AppPaths
) -> None:
    """24 connections, 25 transactions each (every third with two events): every lane used
    verifies, no event is lost or doubled, a transaction's events share a lane; and the
    checkpoint taken after records every lane's head."""
    workers, rounds = 24, 25
    pg_db.engine.pool._max_overflow = workers + 5  # type: ignore[attr-defined]
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for i in range(rounds):
                with pg_db.engine.begin() as conn:
                    append_event(conn, Actor(f"u{k}", f"s{k}"), "a", f"{k}:{i}", "p", {"t": i})
                    if i % 3 == 0:
                        append_event(conn, Actor(f"u{k}", f"s{k}"), "b", f"{k}:{i}", "p")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(workers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors[0]
    expected = workers * (rounds + len(range(0, rounds, 3)))
    report = _report(pg_db)
    assert report.ok and report.checked == expected, report.problem
    with pg_db.engine.connect() as conn:
        lanes = _lanes(conn)
    assert len(lanes) > 1  # they did append side by side
    where = {(e.subject, e.action): e.lane for events in lanes.values() for e in events}
    assert len(where) == expected
    pairs = [s for (s, a) in where if a == "b"]
    assert all(where[(s, "a")] == where[(s, "b")] for s in pairs)
    check = keeper(pg_db, app_home).verify()
    assert check.ok and check.taken is not None
    cp = Checkpoint.from_json(check.taken.read_text(encoding="utf-8"))
    assert {lane for lane, _, _ in cp.lanes} == set(lanes)


# ---- tampering in any lane -----------------------------------------------------------------


def _edit(conn: Connection, events: list[Any]) -> int:
    conn.execute(update(AuditEvent).where(AuditEvent.seq == events[1].seq).values(purpose="x"))
    return int(events[1].seq)


def _delete_middle(conn: Connection, events: list[Any]) -> int:
    conn.execute(delete(AuditEvent).where(AuditEvent.seq == events[1].seq))
    return int(events[1].seq)


def _delete_tail(conn: Connection, events: list[Any]) -> int:
    conn.execute(delete(AuditEvent).where(AuditEvent.seq == events[-1].seq))
    return int(events[-1].seq)


def _move_to_another_lane(conn: Connection, events: list[Any]) -> int:
    """An event re-labelled into lane 9 (its number, MAC and content kept)."""
    conn.execute(update(AuditEvent).where(AuditEvent.seq == events[-1].seq).values(lane=9))
    conn.execute(
        update(AuditHead)
        .where(AuditHead.id == events[-1].lane)
        .values(last_seq=events[-2].seq, last_hash=events[-2].hash)
    )
    return int(events[-1].seq)


TAMPER = {
    "edit": _edit,
    "delete_middle": _delete_middle,
    "delete_tail": _delete_tail,
    "move_to_another_lane": _move_to_another_lane,
}


@pytest.mark.postgres
@pytest.mark.parametrize("lane", [1, 3])
@pytest.mark.parametrize("variant", list(TAMPER))
def test_tampering_in_any_lane_is_caught_and_named(
    pg_db: Database, lane: int, variant: str
) -> None:
    _spread(pg_db, 3, 4)
    assert _report(pg_db).ok
    with pg_db.engine.begin() as conn:
        events = _lanes(conn)[lane]
        seq = TAMPER[variant](conn, events)
    report = _report(pg_db)
    assert not report.ok, variant
    assert report.first_broken_seq == seq, report.problem
    assert f"event {seq}" in report.problem
    assert report.lane in (lane, 9)


@pytest.mark.postgres
def test_a_lane_anchor_moved_to_another_secret_is_caught(pg_db: Database) -> None:
    _spread(pg_db, 3, 2)
    with pg_db.engine.begin() as conn:
        conn.execute(update(AuditHead).where(AuditHead.id == 2).values(key_id="0" * 16))
    report = _report(pg_db)
    assert not report.ok and "anchor was altered" in report.problem


@pytest.mark.postgres
def test_cutting_a_lanes_tail_after_a_checkpoint_is_caught(
    pg_db: Database, app_home: AppPaths
) -> None:
    """Lane 3's two newest events deleted and its anchor moved back: the lane is valid and
    shorter, so only the checkpoint (which recorded every lane's head) can see it."""
    _spread(pg_db, 3, 4)
    k = keeper(pg_db, app_home)
    assert k.verify().ok  # and checkpointed
    with pg_db.engine.begin() as conn:
        events = _lanes(conn)[3]
        conn.execute(delete(AuditEvent).where(AuditEvent.seq.in_([e.seq for e in events[-2:]])))
        conn.execute(
            update(AuditHead)
            .where(AuditHead.id == 3)
            .values(last_seq=events[-3].seq, last_hash=events[-3].hash)
        )
    after = k.verify()
    assert after.chain.ok  # the MACs alone cannot see it
    assert not after.ok and after.taken is None
    assert after.checkpoints is not None and after.checkpoints.mismatched
    problem = after.checkpoints.mismatched[0][1]
    assert f"event {events[-1].seq} is gone" in problem and "lane 3" in problem


def test_an_empty_lanes_anchor_altered_is_caught(sqlite_db: Database) -> None:
    """An empty lane's anchor must be its genesis: else the next honest event would be the
    one that looks broken."""
    with sqlite_db.engine.begin() as conn:
        append_event(conn, ACTOR, "a", "s", "p")
        conn.execute(update(AuditHead).where(AuditHead.id == 7).values(last_hash="f" * 64))
    report = _report(sqlite_db)
    assert not report.ok and report.lane == 7


# ---- the single chain of earlier versions --------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings_and_password(
    request: pytest.FixtureRequest, app_home: AppPaths
) -> tuple[Settings, str | None]:
    if request.param == "sqlite":
        return Settings(), None
    pg = request.getfixturevalue("pg_database")
    return Settings(database=DatabaseSettings(url=pg.url_without_password)), pg.password


def test_the_single_chain_becomes_lane_one_and_still_verifies(
    app_home: AppPaths, settings_and_password: tuple[Settings, str | None]
) -> None:
    """A keyed chain written before migration 0016 (and a v1 checkpoint of it) verify after
    the migration unchanged; appending goes on in lane 1; a cut tail is still caught by the
    old checkpoint."""
    from alembic import command

    settings, password = settings_and_password
    target = resolve_target(settings.database, app_home)
    engine = create_db_engine(target, settings.database, password=password)
    secret = HallSecret(os.urandom(32))
    bind_hall_secret(engine, secret)
    try:
        with engine.connect() as conn:
            command.upgrade(alembic_config(conn), "0012")
            conn.commit()
        prev = GENESIS_HASH
        moment = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
        with engine.begin() as conn:  # what the one-anchor version wrote
            for seq in range(1, 6):
                args = ("clerk01", "窗口 3", "registry.dossier", f"person:{seq}", "居住登记")
                mac = event_mac(secret, prev, seq, moment, *args, {"i": seq})
                conn.execute(
                    text(
                        "INSERT INTO audit_events (seq, occurred_at, actor, station, action, "
                        "subject, purpose, detail, prev_hash, hash) VALUES (:seq, :at, :a, :s, "
                        ":ac, :su, :p, :d, :prev, :h)"
                    ),
                    dict(
                        seq=seq,
                        at=moment,
                        a=args[0],
                        s=args[1],
                        ac=args[2],
                        su=args[3],
                        p=args[4],
                        d=f'{{"i": {seq}}}',
                        prev=prev,
                        h=mac,
                    ),
                )
                prev = mac
            conn.execute(
                text("UPDATE audit_head SET last_seq = 5, last_hash = :h, key_id = :k"),
                {"h": prev, "k": secret.key_id},
            )
        # the v1 checkpoint a station took then
        keys = StationKeys(app_home).signing_keys(create=True)
        store = CheckpointStore(app_home.archive_dir, target.display_url, "窗口 3")
        v1 = Checkpoint(
            database=target.display_url,
            key_id=secret.key_id,
            seq=5,
            mac=prev,
            count=5,
            time=moment.isoformat(),
            station="窗口 3",
            signer=keys.key_id,
            public_key=keys.public_key_pem(),
            format=FORMAT_V1,
        )
        signed = keys.private_key.sign(v1.signed_bytes())
        v1 = Checkpoint(**{**asdict(v1), "signature": base64.urlsafe_b64encode(signed).decode()})
        assert "lanes" not in v1.to_json() or '"lanes": []' in v1.to_json()
        (store.folder).mkdir(parents=True, exist_ok=True)
        (store.folder / "v1.json").write_text(v1.to_json(), encoding="utf-8")

        upgrade_to_head(engine)

        with engine.connect() as conn:
            report = verify_chain(conn)
            assert report.ok and report.keyed and report.checked == 5, report.problem
            assert {e.lane for e in conn.execute(select(AuditEvent.__table__))} == {1}
            assert store.check(conn, [keys.public_key]).matched == 1
        with engine.begin() as conn:
            seq = append_event(conn, ACTOR, "a", "after", "p")
        assert seq == 6
        with engine.connect() as conn:
            report = verify_chain(conn)
            assert report.ok and report.checked == 6, report.problem
        with engine.begin() as conn:  # cut to 4, anchor moved back: the v1 checkpoint sees it
            four = conn.execute(select(AuditEvent.hash).where(AuditEvent.seq == 4)).scalar_one()
            conn.execute(delete(AuditEvent).where(AuditEvent.seq > 4))
            conn.execute(
                update(AuditHead).where(AuditHead.id == 1).values(last_seq=4, last_hash=four)
            )
        with engine.connect() as conn:
            assert verify_chain(conn).ok
            cps = store.check(conn, [keys.public_key])
        assert cps.mismatched and "event 5 is gone" in cps.mismatched[0][1]
    finally:
        engine.dispose()
