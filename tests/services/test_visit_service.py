"""A window visit: one card read, one audited look-up, several matters pre-filled."""

from __future__ import annotations

from datetime import date

import pytest
from registry_cards import registry_card
from sqlalchemy import func, select

from desktop.demo.seeding import seed_registry
from desktop.domain.matters.findings import FindingCode
from desktop.domain.matters.loader import load_catalog
from desktop.domain.permissions import PermissionDenied, Principal, Role
from desktop.persistence.database import Database
from desktop.persistence.models import AuditEvent
from desktop.services.visit import VisitService
from devices.idcard.document import CardType, IdentityDocument

TODAY = date(2026, 11, 23)
CLERK = Principal.of("clerk1", "window-3", [Role.CLERK])
CATALOG = load_catalog()


@pytest.fixture
def seeded(sqlite_db: Database) -> Database:
    seed_registry(sqlite_db, persons=500, random_seed=11)
    return sqlite_db


def _card(db: Database, row: int = 7) -> IdentityDocument:
    return registry_card(
        db,
        "SELECT name, sex, birth_date, id_number, household_address FROM persons "
        "WHERE id_type = 'citizen' ORDER BY id LIMIT 1 OFFSET :n",
        {"n": row},
    )


def _events(db: Database, action: str) -> int:
    with db.engine.connect() as conn:
        return int(
            conn.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
            )
            or 0
        )


def test_one_card_read_prefills_picked_matters_with_one_audited_look_up(seeded: Database) -> None:
    service = VisitService(seeded, CATALOG, today=lambda: TODAY)
    card = _card(seeded)
    jz, zz = CATALOG.by_category("JZ").code, CATALOG.by_category("ZZ").code
    visit = service.open(CLERK, card, matter_codes=[jz])
    assert visit.dossier is not None and visit.dossier.person.id_number == card.id_number
    assert visit.for_matter(jz).values["persons.0.id_number"].value == card.id_number
    assert _events(seeded, "registry.dossier") == 1
    more = service.prefill(visit, [jz, zz])
    assert [m.matter.code for m in more.matters] == [jz, zz]
    assert more.for_matter(zz).values["name"].value == card.name
    assert more.for_matter(jz) is visit.for_matter(jz)  # not recomputed
    assert _events(seeded, "registry.dossier") == 1  # no second look-up
    assert visit.masked_id != card.id_number and visit.masked_id.startswith(card.id_number[:3])


def test_a_person_unknown_to_the_registry(seeded: Database) -> None:
    service = VisitService(seeded, CATALOG, today=lambda: TODAY)
    card = _card(seeded)
    stranger = IdentityDocument(
        card_type=CardType.RESIDENT,
        name="赵六",
        sex="1",
        birth_date=date(1949, 12, 31),
        id_number="11010519491231002X",
        valid_from=date(2020, 1, 1),
        valid_to=date(2040, 1, 1),
        address=card.address,
    )
    visit = service.open(CLERK, stranger, matter_codes=[CATALOG.by_category("JZ").code])
    assert visit.dossier is None
    assert FindingCode.PERSON_UNKNOWN in {f.code for f in visit.findings}
    assert visit.matters[0].values["persons.0.name"].value == "赵六"


def test_a_kiosk_may_not_look_people_up_and_the_refusal_is_audited(seeded: Database) -> None:
    service = VisitService(seeded, CATALOG, today=lambda: TODAY)
    kiosk = Principal.of("kiosk-1", "kiosk-1", [Role.KIOSK])
    with pytest.raises(PermissionDenied):
        service.open(kiosk, _card(seeded))
    assert _events(seeded, "auth.denied") == 1
    assert _events(seeded, "registry.dossier") == 0
