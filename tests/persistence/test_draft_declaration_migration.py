"""Migration 0020: a kiosk declaration's state and declarant become indexed columns of its
draft, filled in from the drafts' visit meta on the upgrade (and gone again on a downgrade);
the kiosk's look-ups read them — on SQLite and on PostgreSQL, their statements through the
new indexes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine, event, insert, text

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.domain.kiosk import declarant_key
from desktop.domain.permissions import Principal, Role
from desktop.persistence.database import Database
from desktop.persistence.migrate import downgrade_to, upgrade_to_head
from desktop.persistence.models import CaseDraft
from desktop.services.hall import Hall
from desktop.services.kiosk import KioskDesk

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
CLERK = Principal.of("clerk", "窗口 #3", [Role.CLERK])
KIOSK_STATION = "自助终端 #1"
ALICE = "110101199003070011"
BOB = "110101198512120011"  # masked, the same as Alice's: 110101********0011
CAROL = "440305198801010023"

# The drafts' table as it is at 0019 (the JSON columns typed, so both backends store JSON).
_DRAFTS_0019 = sa.table(
    "case_drafts",
    sa.column("id", sa.String()),
    sa.column("station", sa.String()),
    sa.column("user_name", sa.String()),
    sa.column("matter_codes", sa.JSON()),
    sa.column("title", sa.String()),
    sa.column("form", sa.JSON()),
    sa.column("materials", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Database:
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


def _meta(number: str, **origin: str) -> dict[str, object]:
    return {"__visit__": {"id_number": number, "matters": ["M1"], "channel": "kiosk", **origin}}


def _draft(minutes: int, form: dict[str, object], station: str = KIOSK_STATION) -> dict[str, Any]:
    user = "kiosk" if station == KIOSK_STATION else "clerk"
    return {
        "id": str(uuid.uuid4()),
        "station": station,
        "user_name": user,
        "matter_codes": ["M1"],
        "title": "t",
        "form": {**form, "M1": {"emergency_phone": "13912345678"}},
        "materials": {},
        "created_at": T0 + timedelta(minutes=minutes),
        "updated_at": T0 + timedelta(minutes=minutes),
    }


def _columns(engine: Engine) -> dict[str, tuple[Any, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, declaration_state, declarant_masked FROM case_drafts")
        ).all()
    return {r[0]: (r[1], r[2]) for r in rows}


def test_the_upgrade_fills_the_columns_from_the_drafts_and_the_look_ups_read_them(
    db: Database, app_home: AppPaths
) -> None:
    engine = db.engine
    downgrade_to(engine, "0019")
    window = _draft(0, {"__visit__": {"id_number": ALICE, "matters": ["M1"]}}, "窗口 #2")
    waiting = _draft(1, _meta(ALICE, awaiting="clerk_confirmation"))
    claimed = _draft(
        2,
        _meta(ALICE, awaiting="", claimed_from=KIOSK_STATION, claimed_from_user="kiosk"),
        CLERK.station,
    )
    bobs = _draft(3, _meta(BOB, awaiting="clerk_confirmation"))
    odd = _draft(4, _meta(ALICE, awaiting=""))  # (a kiosk draft in neither list)
    bare = _draft(5, {})
    drafts = [window, waiting, claimed, bobs, odd, bare]
    with engine.begin() as conn:
        conn.execute(insert(_DRAFTS_0019), drafts)
    upgrade_to_head(engine)
    masked = "110101********0011"
    assert _columns(engine) == {
        window["id"]: (None, None),
        waiting["id"]: ("waiting", masked),
        claimed["id"]: ("claimed", masked),
        bobs["id"]: ("waiting", masked),
        odd["id"]: (None, masked),
        bare["id"]: (None, None),
    }

    kiosk = KioskDesk(Hall(db, app_home, Settings()))
    assert [d.draft_id for d in kiosk.pending_declarations(CLERK)] == [waiting["id"], bobs["id"]]
    (mine,) = kiosk.claimed_declarations(CLERK)
    assert mine.draft_id == claimed["id"] and mine.station == KIOSK_STATION
    # Alice's and Bob's numbers mask alike: the number in the form tells them apart.
    assert len(kiosk._declared_by(ALICE)) == 3  # waiting, claimed, the odd one
    assert len(kiosk._declared_by(BOB)) == 1
    assert kiosk._declared_by(CAROL) == ()
    # A migrated declaration is claimed and handed back through the columns.
    kiosk.claim_declaration(CLERK, waiting["id"])
    assert [d.draft_id for d in kiosk.pending_declarations(CLERK)] == [bobs["id"]]
    kiosk.release_declaration(CLERK, claimed["id"])
    assert [d.draft_id for d in kiosk.claimed_declarations(CLERK)] == [waiting["id"]]
    assert _columns(engine)[claimed["id"]] == ("waiting", masked)
    assert _columns(engine)[waiting["id"]] == ("claimed", masked)

    downgrade_to(engine, "0019")
    with engine.connect() as conn:
        names = {c["name"] for c in sa.inspect(conn).get_columns("case_drafts")}
    assert "declaration_state" not in names and "declarant_masked" not in names
    upgrade_to_head(engine)
    assert _columns(engine)[claimed["id"]] == ("waiting", masked)


@contextmanager
def _statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """The SELECTs of drafts run on ``engine`` meanwhile, with their parameters."""
    seen: list[tuple[str, Any]] = []

    def record(_c: Any, _cur: Any, statement: str, parameters: Any, *_a: Any) -> None:
        if "FROM case_drafts" in statement and statement.lstrip().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_the_look_ups_read_through_the_new_indexes(db: Database, app_home: AppPaths) -> None:
    """Thousands of window drafts, a few declarations: each look-up's own statement, as the
    service runs it, is planned through its index (not a scan of every draft)."""
    plain = {"declaration_state": None, "declarant_masked": None}
    rows = [{**_draft(i, {"__visit__": {}}, f"窗口 #{i % 9}"), **plain} for i in range(6000)]
    for i in range(0, 6000, 500):
        person = CAROL if i % 1000 else ALICE
        declared = _draft(i, _meta(person, awaiting="clerk_confirmation"))
        rows.append(
            {**declared, "declaration_state": "waiting", "declarant_masked": declarant_key(person)}
        )
    with db.engine.begin() as conn:
        conn.execute(insert(CaseDraft.__table__), rows)
        conn.execute(text("ANALYZE"))
    kiosk = KioskDesk(Hall(db, app_home, Settings()))
    with _statements(db.engine) as seen:
        assert len(kiosk.pending_declarations(CLERK)) == 12
        assert len(kiosk._declared_by(ALICE)) == 6
        kiosk.claimed_declarations(CLERK)
    assert len(seen) == 3
    plans = [_plan(db, statement, parameters) for statement, parameters in seen]
    assert "ix_case_drafts_declaration_state" in plans[0], plans[0]
    assert "ix_case_drafts_declarant_masked" in plans[1], plans[1]
    assert "ix_case_drafts_declaration_state" in plans[2], plans[2]


def _plan(db: Database, statement: str, parameters: Any) -> str:
    sqlite = db.engine.dialect.name == "sqlite"
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            ("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement, parameters
        ).all()
    return "\n".join(str(r[-1]) for r in rows)
