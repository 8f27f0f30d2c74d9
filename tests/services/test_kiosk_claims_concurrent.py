"""Clerks claiming kiosk declarations at once: every declaration is claimed by exactly one
clerk, every other attempt is ``kiosk.declaration_gone`` (audited), on SQLite's write lock and
on PostgreSQL's row lock alike; the audit chain stays intact."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date

import pytest
from registry_cards import registry_card
from sqlalchemy import text

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.demo.seeding import seed_registry
from desktop.domain.kiosk import KioskError, KioskErrorCode
from desktop.domain.permissions import Principal, Role
from desktop.persistence.database import Database
from desktop.services.audit import verify_chain
from desktop.services.hall import Hall
from desktop.services.kiosk import KioskDesk

TODAY = date(2026, 11, 23)
KIOSK = Principal.of("kiosk", "自助终端 #1", [Role.KIOSK])
DECLARATIONS = 6
CLERKS = 6


def _declare_all(kiosk: KioskDesk, db: Database) -> list[str]:
    jz = kiosk.hall.catalog.by_category("JZ").code
    ids = []
    for offset in range(DECLARATIONS):
        card = registry_card(
            db,
            "SELECT p.name, p.sex, p.birth_date, p.id_number, p.household_address "
            "FROM persons p JOIN dwelling_parties dp ON dp.person_id = p.id "
            "WHERE p.id_type = 'citizen' AND dp.until IS NULL AND dp.role = 'tenant' "
            "AND dp.dwelling_id = p.current_dwelling_id "
            f"ORDER BY p.id LIMIT 1 OFFSET {offset}",
        )
        session = kiosk.open_session(KIOSK, card)
        declaration = kiosk.declaration(session, jz)
        receipt = kiosk.declare(session, declaration, dwelling_confirmed=True, phone="13912345678")
        ids.append(receipt.draft_id)
    return ids


def _race(kiosk: KioskDesk, ids: list[str]) -> tuple[list[tuple[str, str]], Counter[str]]:
    clerks = [Principal.of(f"clerk{i}", f"窗口 #{i}", [Role.CLERK]) for i in range(1, CLERKS + 1)]
    won: list[tuple[str, str]] = []
    lost: Counter[str] = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(CLERKS)

    def work(clerk: Principal) -> None:
        start.wait()
        for draft_id in ids:
            try:
                kiosk.claim_declaration(clerk, draft_id)
            except KioskError as gone:
                if gone.code is not KioskErrorCode.DECLARATION_GONE:
                    errors.append(gone)
                with lock:
                    lost[draft_id] += 1
            except BaseException as exc:
                errors.append(exc)
            else:
                with lock:
                    won.append((clerk.user, draft_id))

    threads = [threading.Thread(target=work, args=(c,)) for c in clerks]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=300)
    assert not errors, errors[:3]
    return won, lost


def _check(db: Database, kiosk: KioskDesk, ids: list[str]) -> None:
    won, lost = _race(kiosk, ids)
    assert Counter(d for _, d in won) == Counter(ids)  # each claimed once
    assert all(lost[d] == CLERKS - 1 for d in ids)  # every other clerk was told
    assert kiosk.pending_declarations(Principal.of("clerk9", "窗口 #9", [Role.CLERK])) == ()
    with db.engine.connect() as conn:
        rows = dict(
            conn.execute(
                text(
                    "SELECT action, count(*) FROM audit_events WHERE action IN "
                    "('kiosk.declaration_claimed', 'kiosk.refused') GROUP BY action"
                )
            ).all()
        )
        owners = conn.execute(text("SELECT id, user_name FROM case_drafts")).all()
        assert verify_chain(conn).ok
    assert rows == {
        "kiosk.declaration_claimed": DECLARATIONS,
        "kiosk.refused": DECLARATIONS * (CLERKS - 1),
    }
    winners = dict((d, u) for u, d in won)
    assert {str(i): u for i, u in owners} == winners  # the winner's draft, nobody else's


def test_clerks_claiming_at_once_on_sqlite(
    sqlite_db: Database, app_home: AppPaths, memory_keyring: object
) -> None:
    seed_registry(sqlite_db, persons=400, random_seed=5)
    kiosk = KioskDesk(Hall(sqlite_db, app_home, Settings(), today=lambda: TODAY))
    _check(sqlite_db, kiosk, _declare_all(kiosk, sqlite_db))


@pytest.mark.postgres
def test_clerks_claiming_at_once_on_postgresql(
    pg_db: Database, app_home: AppPaths, memory_keyring: object
) -> None:
    seed_registry(pg_db, persons=400, random_seed=5)
    kiosk = KioskDesk(Hall(pg_db, app_home, Settings(), today=lambda: TODAY))
    _check(pg_db, kiosk, _declare_all(kiosk, pg_db))
