"""The keyed audit chain against someone who can write the database (issue 12, points 1, 2, 7).

Every tampering variant is tried on a chain that the station has checkpointed (as the window
does at its start and when it closes): edit, delete a middle event, swap, truncate the tail and
move the anchor, forged append, edit and re-hash the rest, delete and re-hash (both with the
unkeyed rule: the key is not in the database), strip the key id and re-hash everything
(a downgrade), and — on SQLite — restore an older copy of the database file. Each must be
detected, naming the event or the checkpoint.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Connection, delete, select, text, update

from desktop.cli.main import main as admin
from desktop.config.paths import AppPaths
from desktop.domain.identity import make_citizen_number, mask_id_number
from desktop.domain.permissions import Principal, Role
from desktop.domain.registry import Actor
from desktop.persistence.database import Database, open_database
from desktop.persistence.models import AuditEvent, AuditHead, Case, Person
from desktop.services.audit import (
    GENESIS_HASH,
    AuditError,
    AuditErrorCode,
    append_event,
    event_hash,
    verify_chain,
)
from desktop.services.keying import AuditKeeper, attach_hall_secret
from desktop.services.pseudonyms import legacy_pseudonym, person_pseudonym, pseudonym
from desktop.services.secrets import (
    HallSecret,
    StationKeys,
    bind_hall_secret,
    hall_secret_for,
)

ACTOR = Actor(user="clerk01", station="窗口 3")
CLERK = Principal.of(ACTOR.user, ACTOR.station, [Role.CLERK])
Tamper = Callable[[Database], None]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, memory_keyring: Any) -> Database:
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


def keeper(db: Database, paths: AppPaths) -> AuditKeeper:
    return AuditKeeper(db, paths, StationKeys(paths), "窗口 3")


def _append(db: Database, n: int, start: int = 0) -> None:
    with db.engine.begin() as conn:
        for i in range(start, start + n):
            append_event(conn, ACTOR, "registry.dossier", f"person:{i}", "居住登记", {"i": i})


def _rows(conn: Connection) -> list[Any]:
    return [
        SimpleNamespace(**r._mapping)
        for r in conn.execute(select(AuditEvent.__table__).order_by(AuditEvent.seq))
    ]


def _rehash_unkeyed(conn: Connection, rows: list[Any]) -> None:
    """What an attacker without the key can do: recompute the chain with the unkeyed rule."""
    prev = GENESIS_HASH
    for i, r in enumerate(rows, start=1):
        digest = event_hash(
            prev, i, r.occurred_at, r.actor, r.station, r.action, r.subject, r.purpose, r.detail
        )
        conn.execute(
            update(AuditEvent)
            .where(AuditEvent.seq == r.seq)
            .values(seq=i, prev_hash=prev, hash=digest, purpose=r.purpose, detail=r.detail)
        )
        prev = digest
    conn.execute(
        update(AuditHead).where(AuditHead.id == 1).values(last_seq=len(rows), last_hash=prev)
    )


# ---- the tampering variants ------------------------------------------------------------------


def edit(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(update(AuditEvent).where(AuditEvent.seq == 6).values(purpose="tampered"))


def delete_middle(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(delete(AuditEvent).where(AuditEvent.seq == 4))


def swap(db: Database) -> None:
    with db.engine.begin() as conn:
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


def truncate_and_move_anchor(db: Database) -> None:
    with db.engine.begin() as conn:
        seven = conn.execute(select(AuditEvent.hash).where(AuditEvent.seq == 7)).scalar_one()
        conn.execute(delete(AuditEvent).where(AuditEvent.seq > 7))
        conn.execute(update(AuditHead).where(AuditHead.id == 1).values(last_seq=7, last_hash=seven))


def forged_append(db: Database) -> None:
    with db.engine.begin() as conn:
        last = _rows(conn)[-1]
        moment = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
        args = ("intruder", "窗口 9", "registry.dossier", "person:x", "居住登记", {})
        digest = event_hash(last.hash, last.seq + 1, moment, *args)
        conn.execute(
            AuditEvent.__table__.insert().values(
                seq=last.seq + 1,
                occurred_at=moment,
                actor="intruder",
                station="窗口 9",
                action="registry.dossier",
                subject="person:x",
                purpose="居住登记",
                detail={},
                prev_hash=last.hash,
                hash=digest,
            )
        )
        conn.execute(
            update(AuditHead)
            .where(AuditHead.id == 1)
            .values(last_seq=last.seq + 1, last_hash=digest)
        )


def edit_and_rehash(db: Database) -> None:
    with db.engine.begin() as conn:
        rows = _rows(conn)
        rows[3].purpose = "nothing to see"
        _rehash_unkeyed(conn, rows)


def delete_and_rehash(db: Database) -> None:
    with db.engine.begin() as conn:
        rows = _rows(conn)
        conn.execute(delete(AuditEvent).where(AuditEvent.seq == 4))
        rest = [r for r in rows if r.seq != 4]
        # renumber from the deleted event on (ascending: no clash with the unique seq)
        _rehash_unkeyed(conn, rest)


def downgrade_to_unkeyed(db: Database) -> None:
    """Strip the key id at the anchor and re-hash the whole chain with the old unkeyed rule."""
    with db.engine.begin() as conn:
        rows = _rows(conn)
        rows[2].purpose = "rewritten"
        _rehash_unkeyed(conn, rows)
        conn.execute(update(AuditHead).where(AuditHead.id == 1).values(key_id=None))


VARIANTS: dict[str, Tamper] = {
    "edit": edit,
    "delete_middle": delete_middle,
    "swap": swap,
    "truncate_and_move_anchor": truncate_and_move_anchor,
    "forged_append": forged_append,
    "edit_and_rehash": edit_and_rehash,
    "delete_and_rehash": delete_and_rehash,
    "downgrade_to_unkeyed": downgrade_to_unkeyed,
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_tampering_variant_is_detected(
    db: Database, app_home: AppPaths, variant: str
) -> None:
    _append(db, 10)
    k = keeper(db, app_home)
    before = k.verify()
    assert before.ok and before.chain.checked == 10 and before.taken is not None
    VARIANTS[variant](db)
    after = k.verify()
    assert not after.ok, variant
    assert after.taken is None  # a broken state is never checkpointed
    if after.chain.ok and after.chain.keyed:  # only the checkpoint can see it
        assert after.checkpoints is not None and after.checkpoints.mismatched
    named = after.chain.problem or after.checkpoints.mismatched[0][1]  # type: ignore[union-attr]
    assert "event" in named


def test_rollback_to_an_older_copy_of_the_database_file(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: Any, tmp_path: Path
) -> None:
    _append(sqlite_db, 5)
    file = app_home.default_database
    sqlite_db.engine.dispose()
    shutil.copy2(file, tmp_path / "old.sqlite3")
    _append(sqlite_db, 5, start=5)
    k = keeper(sqlite_db, app_home)
    assert k.verify().ok
    sqlite_db.engine.dispose()
    shutil.copy2(tmp_path / "old.sqlite3", file)  # the older copy is back, chain intact
    after = k.verify()
    assert after.chain.ok and after.chain.checked == 5  # the MACs alone cannot see it
    assert not after.ok
    assert after.checkpoints is not None
    problem = after.checkpoints.mismatched[0][1]
    assert "event 10 is gone" in problem and "rolled back" in problem
    # ... nor after appending again up to the same length (the checkpointed event 10 differs)
    _append(sqlite_db, 6, start=100)
    again = keeper(sqlite_db, app_home).verify()
    assert again.chain.ok and not again.ok
    assert any("not the one checkpointed" in p for _, p in again.checkpoints.mismatched)  # type: ignore[union-attr]


def test_figures_every_variant_detected(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """The figure for the closing note: variants detected / tried, on fresh copies."""
    detected = 0
    for name, tamper in VARIANTS.items():
        with sqlite_db.engine.begin() as conn:
            conn.execute(delete(AuditEvent))
            conn.execute(
                update(AuditHead)
                .where(AuditHead.id == 1)
                .values(last_seq=0, last_hash=GENESIS_HASH, key_id=None)
            )
        shutil.rmtree(app_home.archive_dir / "audit-checkpoints", ignore_errors=True)
        _append(sqlite_db, 10)
        k = keeper(sqlite_db, app_home)
        assert k.verify().ok, name
        tamper(sqlite_db)
        detected += not k.verify().ok
    with capsys.disabled():
        print(f"\ntampering variants detected: {detected}/{len(VARIANTS)} (+ rollback, own test)")
    assert detected == len(VARIANTS)


def test_the_cli_names_the_checkpoint_that_no_longer_matches(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: Any, tmp_path: Path
) -> None:
    _append(sqlite_db, 10)
    out, err = io.StringIO(), io.StringIO()
    assert admin(["audit", "checkpoint", "--out", str(tmp_path / "cp.json")], out=out, err=err) == 0
    assert (tmp_path / "cp.json").exists()
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "cp.json").stat().st_mode) == 0o600
        folder = app_home.archive_dir / "audit-checkpoints"
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    truncate_and_move_anchor(sqlite_db)
    out, err = io.StringIO(), io.StringIO()
    assert admin(["audit", "verify"], out=out, err=err) == 1
    assert "audit chain intact: 7 events" in out.getvalue()
    assert "NO LONGER MATCHES" in err.getvalue() and "event 10 is gone" in err.getvalue()


def test_a_forged_checkpoint_is_ignored_not_trusted(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: Any
) -> None:
    _append(sqlite_db, 3)
    k = keeper(sqlite_db, app_home)
    _, file = k.checkpoint()
    file.write_text(file.read_text().replace('"seq": 3', '"seq": 2'))
    check = k.verify(checkpoint=False)
    assert check.ok and check.checkpoints is not None
    assert check.checkpoints.skipped and not check.checkpoints.mismatched


# ---- the secret: outside the database, shared between stations --------------------------------


def test_the_secret_is_kept_outside_the_database(sqlite_db: Database, app_home: AppPaths) -> None:
    secret = hall_secret_for(sqlite_db.engine)
    _append(sqlite_db, 3)
    raw = app_home.default_database.read_bytes()
    assert secret.key not in raw and secret.key.hex().encode() not in raw
    keys = StationKeys(app_home)
    if keys.secret_file.exists():  # no keyring in tests: the owner-only file
        assert stat.S_IMODE(keys.secret_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(keys.secret_file.parent.stat().st_mode) == 0o700


def test_a_station_with_another_secret_is_told_so_not_tampered(db: Database) -> None:
    _append(db, 3)
    other = HallSecret(os.urandom(32))
    bind_hall_secret(db.engine, other)
    with db.engine.connect() as conn, pytest.raises(AuditError) as info:
        verify_chain(conn)
    assert info.value.code is AuditErrorCode.SECRET_MISMATCH
    with pytest.raises(AuditError) as info, db.engine.begin() as conn:
        append_event(conn, ACTOR, "a", "s", "p")
    assert info.value.code is AuditErrorCode.SECRET_MISMATCH


def test_an_altered_key_id_at_the_anchor_is_tampering_not_a_mismatch(db: Database) -> None:
    _append(db, 3)
    with db.engine.begin() as conn:
        conn.execute(update(AuditHead).where(AuditHead.id == 1).values(key_id="0" * 16))
    with db.engine.connect() as conn:
        report = verify_chain(conn)
    assert not report.ok and "anchor was altered" in report.problem


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = admin(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_secret_export_import_lets_a_second_station_append_and_verify(
    pg_db: Database,
    app_home: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: Any,
) -> None:
    """Two stations share one PostgreSQL database: the second imports the first's secret."""
    _append(pg_db, 3)
    first = hall_secret_for(pg_db.engine)
    exported = tmp_path / "hall.secret"
    code, out, err = _cli("secret", "export", "--out", str(exported))
    assert code == 0, err
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    # The second station: another home, another keyring, the same database.
    memory_keyring.passwords.clear()
    second = tmp_path / "station2"
    monkeypatch.setenv("ONEWINDOW_HOME", str(second))
    url = pg_db.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("ONEWINDOW_DATABASE_URL", url)
    code, _, err = _cli("audit", "verify")
    assert code == 2 and "secret.missing" in err and "secret import" in err
    code, out, err = _cli("secret", "import", str(exported))
    assert code == 0 and first.key_id in out, err
    code, out, err = _cli("lookup", make_citizen_number("440307", date(1990, 5, 17), 11))
    assert code == 2 and "registry.not_found" in err  # a look-up: appended from station 2
    code, out, err = _cli("audit", "verify")
    assert code == 0 and "audit chain intact: 4 events" in out, err
    # A third station with its own, different secret is told so (coded), not "tampered".
    memory_keyring.passwords.clear()
    third = tmp_path / "station3"
    monkeypatch.setenv("ONEWINDOW_HOME", str(third))
    code, out, err = _cli("secret", "init")
    assert code == 0 and "created" in out, err
    code, _, err = _cli("audit", "verify")
    assert code == 2 and "audit.secret_mismatch" in err and "tampered" not in err
    code, _, err = _cli("secret", "import", str(exported))
    assert code == 2 and "secret.exists" in err


def test_concurrent_appends_from_two_stations(db: Database, app_home: AppPaths) -> None:
    """Two stations (two engines, each its own pool) append at once; the chain verifies."""
    if db.target.backend == "postgresql":
        url = db.engine.url
        other = open_database(
            app_home,
            _settings_for(db),
            password=url.password if isinstance(url.password, str) else None,
        )
    else:
        other = open_database(app_home)
    attach_hall_secret(other.engine, StationKeys(app_home))
    assert hall_secret_for(other.engine) == hall_secret_for(db.engine)
    errors: list[BaseException] = []

    def worker(station: Database, k: int) -> None:
        try:
            for i in range(20):
                with station.engine.begin() as conn:
                    append_event(conn, Actor(f"u{k}", f"s{k}"), "a", f"{k}:{i}", "p")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    try:
        threads = [
            threading.Thread(target=worker, args=(station, k))
            for k, station in enumerate((db, other, db, other))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        other.dispose()
    assert not errors, errors[0]
    with db.engine.connect() as conn:
        report = verify_chain(conn)
    assert report.ok and report.keyed and report.checked == 80, report.problem


def _settings_for(db: Database) -> Any:
    from desktop.config.settings import DatabaseSettings, Settings

    url = db.engine.url.set(password=None).render_as_string(hide_password=False)
    return Settings(database=DatabaseSettings(url=url))


# ---- pseudonyms --------------------------------------------------------------------------------


def test_a_pseudonym_cannot_be_found_from_the_masked_number(sqlite_db: Database) -> None:
    """The attack of the issue: the masked number shows region and last four characters; the
    birth date in between is a few tens of thousands of candidates. With the unkeyed hash that
    finds the number; with the keyed pseudonym it finds nothing."""
    number = make_citizen_number("440307", date(1987, 3, 14), 123)
    masked = mask_id_number(number)
    region, tail = masked[:6], masked[-4:]
    stored = person_pseudonym(sqlite_db.engine, number)
    old = legacy_pseudonym(number)
    assert stored != old and len(stored) == len(old) == 24
    found_old, found_new, tried = [], [], 0
    day = date(1900, 1, 1)
    while day <= date(2026, 12, 31):
        candidate = f"{region}{day:%Y%m%d}{tail}"
        tried += 1
        h = legacy_pseudonym(candidate)
        if h == old:
            found_old.append(candidate)
        if h == stored:
            found_new.append(candidate)
        day += timedelta(days=1)
    assert tried > 10_000
    assert found_old == [number]  # the old scheme: reversed
    assert found_new == []  # the keyed one: nothing without the secret


def test_pseudonyms_depend_on_the_secret() -> None:
    a, b = HallSecret(b"a" * 32), HallSecret(b"b" * 32)
    assert pseudonym(a, "X") != pseudonym(b, "X")
    assert pseudonym(a, "X") == pseudonym(HallSecret(b"a" * 32), "X")


def test_registry_look_ups_record_the_keyed_pseudonym_and_find_finds_them(
    sqlite_db: Database, memory_keyring: Any
) -> None:
    from desktop.demo.seeding import seed_registry
    from desktop.services.registry import RegistryService

    seed_registry(sqlite_db, persons=30)
    with sqlite_db.engine.connect() as conn:
        number = conn.execute(select(Person.id_number).limit(1)).scalar_one()
    RegistryService(sqlite_db).window_dossier(number, principal=CLERK, purpose="居住登记")
    with sqlite_db.engine.connect() as conn:
        ev = conn.execute(
            select(AuditEvent.__table__).order_by(AuditEvent.seq.desc()).limit(1)
        ).one()
    assert ev.detail["id_hash"] == person_pseudonym(sqlite_db.engine, number)
    assert ev.detail["id_hash"] != legacy_pseudonym(number)
    code, out, err = _cli("audit", "find", number, "--purpose", "投诉核查")
    assert code == 0, err
    assert '"same_person": true' in out and "registry.dossier" in out


# ---- re-keying a chain of an earlier version ---------------------------------------------------


def _make_legacy(db: Database) -> None:
    """Turn the database back into what an earlier version wrote: unkeyed hashes everywhere."""
    with db.engine.begin() as conn:
        numbers = {person_pseudonym(conn, n): n for (n,) in conn.execute(select(Person.id_number))}
        for row in conn.execute(select(Case.id, Case.form_values)).all():
            n = str(row.form_values["id_number"])
            numbers[person_pseudonym(conn, n)] = n
            conn.execute(
                update(Case).where(Case.id == row.id).values(applicant_id_hash=legacy_pseudonym(n))
            )
        rows = []
        for r in _rows(conn):
            detail = dict(r.detail or {})
            if detail.get("id_hash"):
                old = detail["id_hash"]
                detail["id_hash"] = legacy_pseudonym(numbers[old]) if old in numbers else "f" * 24
            r.detail = detail
            rows.append(r)
        _rehash_unkeyed(conn, rows)
        conn.execute(update(AuditHead).where(AuditHead.id == 1).values(key_id=None))


def test_a_chain_of_an_earlier_version_is_rekeyed_with_its_pseudonyms(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: Any
) -> None:
    from desktop.demo.seeding import seed_registry
    from desktop.services.registry import RegistryService
    from services.case_factory import (  # type: ignore[import-not-found]
        APPLICANT_ID,
        CLERK,
        application,
        make_service,
    )

    seed_registry(sqlite_db, persons=30)
    with sqlite_db.engine.connect() as conn:
        person = conn.execute(select(Person.id_number).limit(1)).scalar_one()
    registry = RegistryService(sqlite_db)
    registry.window_dossier(person, principal=CLERK, purpose="居住登记")
    stranger = make_citizen_number("440307", date(1970, 1, 1), 5)
    registry.window_dossier(stranger, principal=CLERK, purpose="居住登记")  # not in the registry
    svc = make_service(sqlite_db)
    case = svc.accept(CLERK, application()).case
    _make_legacy(sqlite_db)

    k = keeper(sqlite_db, app_home)
    legacy = k.verify(checkpoint=False)
    assert legacy.chain.ok and not legacy.chain.keyed and not legacy.ok
    with pytest.raises(AuditError) as info, sqlite_db.engine.begin() as conn:
        append_event(conn, ACTOR, "a", "s", "p")  # not before it is re-keyed
    assert info.value.code is AuditErrorCode.NOT_KEYED

    report = k.rekey()
    assert report.done and report.cases == 1
    assert report.pseudonyms_rekeyed >= 2 and report.pseudonyms_unresolved == 1
    check = k.verify(checkpoint=False)
    assert check.ok and check.chain.keyed, check.chain.problem
    assert k.store.exists()  # a checkpoint right after re-keying
    # The case and the registry's look-up now carry the keyed pseudonym: searching works.
    assert [c.number for c in svc.cases_for_card_holder(CLERK, APPLICANT_ID)] == [case.number]
    with sqlite_db.engine.connect() as conn:
        details = [r.detail for r in _rows(conn)]
    assert {"found": True, "id_hash": person_pseudonym(sqlite_db.engine, person)} in details
    unresolved = [d for d in details if d.get("id_hash_unresolved")]
    assert unresolved == [{"found": False, "id_hash": "", "id_hash_unresolved": True}]
    assert legacy_pseudonym(stranger) not in str(details)
    # Appending works again; a second re-key does nothing.
    _append(sqlite_db, 1)
    assert not k.rekey().done


def test_a_broken_unkeyed_chain_is_not_rekeyed(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: Any
) -> None:
    _append(sqlite_db, 5)
    _make_legacy(sqlite_db)
    with sqlite_db.engine.begin() as conn:
        conn.execute(update(AuditEvent).where(AuditEvent.seq == 2).values(actor="x"))
    with pytest.raises(AuditError) as info:
        keeper(sqlite_db, app_home).rekey()
    assert info.value.code is AuditErrorCode.REKEY_REFUSED and "event 2" in str(info.value)
    with sqlite_db.engine.connect() as conn:
        lane_one = select(AuditHead.key_id).where(AuditHead.id == 1)
        assert conn.execute(lane_one).scalar_one() is None  # nothing changed


def test_a_downgrade_is_not_laundered_by_rekeying(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: Any
) -> None:
    _append(sqlite_db, 5)
    k = keeper(sqlite_db, app_home)
    assert k.verify().ok  # checkpointed: this station knows the chain was keyed
    downgrade_to_unkeyed(sqlite_db)
    with pytest.raises(AuditError) as info:
        k.rekey()
    assert info.value.code is AuditErrorCode.REKEY_REFUSED
    code, _, err = _cli("init")
    assert code == 2 and "audit.rekey_refused" in err


def test_init_rekeys(sqlite_db: Database, app_home: AppPaths, memory_keyring: Any) -> None:
    _append(sqlite_db, 4)
    _make_legacy(sqlite_db)
    code, out, err = _cli("init")
    assert code == 0 and "re-keyed" in out, err
    code, out, err = _cli("audit", "verify")
    assert code == 0 and "intact: 4 events (keyed)" in out, err


# ---- one key provider (point 7) ----------------------------------------------------------------


@pytest.mark.usefixtures("no_keyring")
def test_the_cli_signs_with_the_demo_key_file_like_the_window(
    app_home: AppPaths, tmp_path: Path
) -> None:
    from desktop.config.settings import Settings
    from desktop.demo.seeding import seed_registry
    from desktop.services.hall import Hall

    db = open_database(app_home)
    try:
        seed_registry(db, persons=10)
        window_key = Hall(db, app_home, Settings()).keys.key_id
    finally:
        db.dispose()
    code, out, err = _cli("export-signing-key")
    assert code == 0 and window_key in out, err
    code, out, err = _cli("print-samples", "--out", str(tmp_path / "samples"))
    assert code == 0, err
    code, out, err = _cli("secret", "init")
    assert code == 0 and "hall-secret" in out  # the owner-only file: no keyring here
    code, out, err = _cli("secret", "show")
    assert code == 0 and "hall-secret" in out


def test_an_unbound_engine_uses_this_stations_secret_never_no_key(app_home: AppPaths) -> None:
    """A script that opens the database itself appends with the station's secret (from the
    default home), exactly as the window would; never unkeyed."""
    db = open_database(app_home)
    try:
        _append(db, 2)
        secret = StationKeys(app_home).hall_secret(create=False)
        assert hall_secret_for(db.engine) == secret
        with db.engine.connect() as conn:
            assert verify_chain(conn, secret=secret).ok
            lane_one = select(AuditHead.key_id).where(AuditHead.id == 1)
            assert conn.execute(lane_one).scalar_one() == secret.key_id
    finally:
        db.dispose()


def test_head_text_query_is_plain(sqlite_db: Database) -> None:
    # the anchor names the secret by its public id only
    _append(sqlite_db, 1)
    with sqlite_db.engine.connect() as conn:
        key_id = conn.execute(text("SELECT key_id FROM audit_head WHERE id = 1")).scalar_one()
    assert key_id == hall_secret_for(sqlite_db.engine).key_id and len(key_id) == 16
