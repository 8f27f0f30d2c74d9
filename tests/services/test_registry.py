"""Registry look-ups: frozen records out, the right relations, every person look-up audited."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop.domain.housecode import make_house_code
from desktop.domain.identity import (
    IdentityError,
    make_citizen_number,
    make_credit_code,
    mask_id_number,
)
from desktop.domain.permissions import Principal, Role
from desktop.domain.registry import Actor, PartyRole
from desktop.persistence.database import Database
from desktop.persistence.models import (
    AuditEvent,
    Building,
    Dwelling,
    DwellingParty,
    Employment,
    IssuedCertificate,
    Person,
    StandardAddress,
    Unit,
)
from desktop.services.audit import AuditError
from desktop.services.registry import RegistryService

ACTOR = Actor("clerk07", "窗口 2")
CLERK = Principal.of(ACTOR.user, ACTOR.station, [Role.CLERK])
REGION = "440306"
STREET = "广东省深圳市宝安区新安街道宝民一路"

TENANT = make_citizen_number("510104", date(1990, 5, 17), 231)  # odd → male
CO_TENANT = make_citizen_number("430102", date(1992, 2, 29), 448)
CHILD = make_citizen_number("510104", date(2019, 8, 1), 102)
LANDLORD = make_citizen_number("440306", date(1965, 12, 3), 15)
STRANGER = make_citizen_number("110105", date(1980, 1, 1), 1)  # valid, not in the registry
CREDIT = make_credit_code("9", "1", "440306", "MA5D8K2P")
HOUSE_RENTED = make_house_code(REGION, 3, 3, 4, 42, 501)
HOUSE_LANDLORD = make_house_code(REGION, 3, 3, 4, 42, 1201)
HOUSE_OTHER = make_house_code(REGION, 3, 3, 4, 43, 101)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest) -> Database:
    database: Database = request.getfixturevalue(
        "sqlite_db" if request.param == "sqlite" else "pg_db"
    )
    _populate(database)
    return database


def _populate(db: Database) -> None:
    with db.begin() as s:
        a12 = StandardAddress(
            region_code=REGION + "003003",
            region_name="宝安区新安街道",
            street="宝民一路",
            door_number="12号",
            detail="",
            full_address=STREET + "12号",
        )
        a120 = StandardAddress(
            region_code=REGION + "003003",
            region_name="宝安区新安街道",
            street="宝民一路",
            door_number="120号",
            detail="",
            full_address=STREET + "120号",
        )
        s.add_all([a12, a120])
        s.flush()
        b42 = Building(building_code=HOUSE_RENTED[:19], address_id=a12.id, name="3栋", floors=18)
        b43 = Building(building_code=HOUSE_OTHER[:19], address_id=a120.id, name="1栋", floors=6)
        s.add_all([b42, b43])
        s.flush()

        def dwelling(code: str, building: Building, room: str, status: str) -> Dwelling:
            addr = StandardAddress(
                region_code=REGION + "003003",
                region_name="宝安区新安街道",
                street="宝民一路",
                door_number=building.name,
                detail=room,
                full_address=STREET
                + ("12号" if building is b42 else "120号")
                + building.name
                + room,
            )
            s.add(addr)
            s.flush()
            d = Dwelling(
                house_code=code,
                building_id=building.id,
                address_id=addr.id,
                use="residential",
                ownership="private",
                rooms=2,
                area_m2=Decimal("68.50"),
                rental_status=status,
                risk_class="normal",
            )
            s.add(d)
            s.flush()
            return d

        rented = dwelling(HOUSE_RENTED, b42, "501房", "rented")
        own = dwelling(HOUSE_LANDLORD, b42, "1201房", "owner_occupied")
        dwelling(HOUSE_OTHER, b43, "101房", "vacant")

        def person(
            number: str, name: str, sex: str, birth: date, home: Dwelling, **kw: object
        ) -> Person:
            p = Person(
                id_type="citizen",
                id_number=number,
                name=name,
                sex=sex,
                ethnicity="01",
                nationality="CHN",
                birth_date=birth,
                household_address="四川省成都市锦江区",
                is_migrant=kw.get("migrant", True),
                arrival_date=date(2023, 3, 1),
                arrival_reason="务工",
                phone="13800138000",
                photo_ref="synthetic://photo/1",
                current_dwelling_id=home.id,
            )
            s.add(p)
            s.flush()
            return p

        t = person(TENANT, "张𠮷", "1", date(1990, 5, 17), rented)
        c = person(CO_TENANT, "欧阳娜", "2", date(1992, 2, 29), rented)
        k = person(CHILD, "张小宝", "1", date(2019, 8, 1), rented)
        landlord = person(LANDLORD, "李建国", "1", date(1965, 12, 3), own, migrant=False)
        s.add_all(
            [
                DwellingParty(
                    dwelling_id=rented.id,
                    person_id=landlord.id,
                    role="owner",
                    since=date(2010, 1, 1),
                ),
                DwellingParty(
                    dwelling_id=own.id, person_id=landlord.id, role="owner", since=date(2008, 1, 1)
                ),
                DwellingParty(
                    dwelling_id=rented.id, person_id=t.id, role="tenant", since=date(2023, 3, 1)
                ),
                DwellingParty(
                    dwelling_id=rented.id, person_id=c.id, role="tenant", since=date(2023, 3, 1)
                ),
                DwellingParty(
                    dwelling_id=rented.id, person_id=k.id, role="occupant", since=date(2023, 3, 1)
                ),
                # An earlier tenant who moved out is not a current party.
                DwellingParty(
                    dwelling_id=rented.id,
                    person_id=c.id,
                    role="tenant",
                    since=date(2020, 1, 1),
                    until=date(2021, 1, 1),
                ),
            ]
        )
        u = Unit(
            credit_code=CREDIT,
            name="深圳市示范科技有限公司",
            address=STREET + "88号",
            legal_representative="王某",
            industry="软件",
        )
        old = Unit(
            credit_code=make_credit_code("9", "1", "440306", "MA5D8K3Q"),
            name="旧雇主",
            address="",
            legal_representative="",
            industry="",
        )
        s.add_all([u, old])
        s.flush()
        s.add_all(
            [
                Employment(
                    person_id=t.id, unit_id=old.id, since=date(2019, 1, 1), until=date(2022, 12, 31)
                ),
                Employment(
                    person_id=t.id, unit_id=u.id, occupation_code="2-02", since=date(2023, 3, 15)
                ),
                IssuedCertificate(
                    person_id=t.id,
                    cert_type="residence_permit",
                    cert_number="440306202300001",
                    issuer="深圳市公安局宝安分局",
                    issued_on=date(2023, 9, 1),
                    valid_until=None,
                ),
                IssuedCertificate(
                    person_id=t.id,
                    cert_type="residence_registration",
                    cert_number="DJ-2023-77",
                    issuer="新安街道",
                    issued_on=date(2023, 3, 2),
                    valid_until=None,
                    revoked=True,
                ),
            ]
        )


def _events(db: Database) -> list[AuditEvent]:
    with db.begin() as s:
        return list(s.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def test_dossier_brings_everything_a_window_needs(db: Database) -> None:
    d = RegistryService(db).window_dossier(TENANT, principal=CLERK, purpose="居住证申领")
    assert d is not None
    assert d.person.name == "张𠮷"
    assert d.person.id_number == TENANT
    assert d.person.current_house_code == HOUSE_RENTED
    assert d.dwelling is not None
    assert d.dwelling.house_code == HOUSE_RENTED
    assert d.dwelling.address == STREET + "12号3栋501房"
    assert d.dwelling.building_code == HOUSE_RENTED[:19]
    assert d.dwelling.area_m2 == Decimal("68.50")
    assert d.role_in_dwelling is PartyRole.TENANT
    assert [o.person.id_number for o in d.owners] == [LANDLORD]
    assert [t.person.id_number for t in d.tenants] == [CO_TENANT]  # current only, not himself
    assert [o.person.name for o in d.occupants] == ["张小宝"]
    assert d.employment is not None and d.employment.unit.credit_code == CREDIT
    assert d.employment.occupation_code == "2-02"
    assert [c.cert_number for c in d.certificates] == ["440306202300001", "DJ-2023-77"]
    assert [c.revoked for c in d.certificates] == [False, True]
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.person.name = "x"  # type: ignore[misc]


def test_landlord_sees_own_dwelling_and_no_employer(db: Database) -> None:
    d = RegistryService(db).window_dossier(LANDLORD, principal=CLERK, purpose="出租房屋登记备案")
    assert d is not None
    assert d.dwelling is not None and d.dwelling.house_code == HOUSE_LANDLORD
    assert d.role_in_dwelling is PartyRole.OWNER
    assert d.owners == () and d.tenants == ()
    assert d.employment is None


def test_every_person_look_up_is_audited_with_purpose_and_masked_subject(db: Database) -> None:
    svc = RegistryService(db)
    svc.window_dossier(TENANT, principal=CLERK, purpose="居住证申领")
    svc.person_by_id_number(CO_TENANT, principal=CLERK, purpose="生育登记")
    assert svc.window_dossier(STRANGER, principal=CLERK, purpose="居住登记") is None
    events = _events(db)
    assert [e.action for e in events] == ["registry.dossier", "registry.person", "registry.dossier"]
    assert [e.purpose for e in events] == ["居住证申领", "生育登记", "居住登记"]
    assert [e.detail["found"] for e in events] == [True, True, False]
    assert events[0].actor == "clerk07" and events[0].station == "窗口 2"
    assert events[0].subject == f"person:{mask_id_number(TENANT)}"
    for e in events:
        assert TENANT not in e.subject + str(e.detail)
    # The keyed hash lets support find all look-ups of one person.
    assert events[0].detail["id_hash"] != events[1].detail["id_hash"]


def test_look_up_without_purpose_is_refused_and_leaves_no_trace(db: Database) -> None:
    svc = RegistryService(db)
    with pytest.raises(AuditError):
        svc.window_dossier(TENANT, principal=CLERK, purpose="")
    with pytest.raises(AuditError):
        svc.persons_by_name_and_birth("张𠮷", date(1990, 5, 17), principal=CLERK, purpose=" ")
    assert _events(db) == []


def test_invalid_number_is_a_typed_error_before_the_database(db: Database) -> None:
    bad = TENANT[:-1] + ("0" if TENANT[-1] != "0" else "1")
    with pytest.raises(IdentityError) as err:
        RegistryService(db).window_dossier(bad, principal=CLERK, purpose="居住登记")
    assert err.value.code.value.startswith("id.") or err.value.code
    assert _events(db) == []


def test_lower_case_check_character_is_normalised(db: Database) -> None:
    number = make_citizen_number("110105", date(1949, 12, 31), 2)  # ends in X
    assert number.endswith("X")
    with db.begin() as s:
        s.add(
            Person(
                id_type="citizen",
                id_number=number,
                name="王五",
                sex="2",
                birth_date=date(1949, 12, 31),
            )
        )
    p = RegistryService(db).person_by_id_number(number.lower(), principal=CLERK, purpose="test")
    assert p is not None and p.name == "王五" and p.current_house_code is None


def test_persons_by_name_and_birth(db: Database) -> None:
    found = RegistryService(db).persons_by_name_and_birth(
        "欧阳娜", date(1992, 2, 29), principal=CLERK, purpose="核对身份"
    )
    assert [p.id_number for p in found] == [CO_TENANT]
    assert _events(db)[-1].detail == {"results": 1}


def test_dwelling_by_house_code_and_address_prefix(db: Database) -> None:
    svc = RegistryService(db)
    d = svc.dwelling_by_house_code(HOUSE_OTHER)
    assert d is not None and d.address == STREET + "120号1栋101房" and d.rental_status == "vacant"
    assert svc.dwelling_by_house_code(make_house_code(REGION, 9, 9, 9, 99, 999)) is None
    # "…12号" is a prefix of the two dwellings at no. 12, not of the one at no. 120.
    codes = [x.house_code for x in svc.dwellings_by_address_prefix(STREET + "12号")]
    assert codes == [HOUSE_LANDLORD, HOUSE_RENTED]
    assert len(svc.dwellings_by_address_prefix(STREET)) == 3
    assert len(svc.dwellings_by_address_prefix(STREET, limit=2)) == 2
    assert svc.dwellings_by_address_prefix("   ") == ()


def test_unit_by_credit_code(db: Database) -> None:
    svc = RegistryService(db)
    unit = svc.unit_by_credit_code(CREDIT.lower())
    assert unit is not None and unit.name == "深圳市示范科技有限公司"
    with pytest.raises(IdentityError):
        svc.unit_by_credit_code(CREDIT[:-1] + ("0" if CREDIT[-1] != "0" else "1"))


def test_a_kiosk_gets_no_dossier_and_the_refusal_is_audited(db: Database) -> None:
    """Every person look-up checks the caller's permission: a kiosk session acts for the card
    holder's own cases only, never reads the registry."""
    from desktop.domain.permissions import PermissionDenied

    kiosk = Principal.of("kiosk01", "自助终端 1", [Role.KIOSK], card_holder_id=LANDLORD)
    svc = RegistryService(db)
    with pytest.raises(PermissionDenied):
        svc.window_dossier(TENANT, principal=kiosk, purpose="自助查询")
    with pytest.raises(PermissionDenied):
        svc.person_by_id_number(TENANT, principal=kiosk, purpose="自助查询")
    with pytest.raises(PermissionDenied):
        svc.persons_by_name_and_birth("张𠮷", date(1990, 5, 17), principal=kiosk, purpose="x")
    admin = Principal.of("it", "机房", [Role.ADMINISTRATOR])
    with pytest.raises(PermissionDenied):
        svc.window_dossier(TENANT, principal=admin, purpose="排查")
    events = _events(db)
    assert [e.action for e in events] == ["auth.denied"] * 4
    assert TENANT not in " ".join(e.subject for e in events)  # masked, never in clear
    # Its own card holder's record is the one a kiosk session reads (self-declaration).
    own = svc.window_dossier(LANDLORD, principal=kiosk, purpose="自助申报")
    assert own is not None and own.person.id_number == LANDLORD


@pytest.mark.parametrize("purpose", ["\udcff\udcfe", "x" * 201, "居住登记\n伪造的第二行"])
def test_a_purpose_that_cannot_be_stored_as_given_is_refused(db: Database, purpose: str) -> None:
    """Not UTF-8 (lone surrogates), longer than its column (PostgreSQL refuses what SQLite
    keeps), or with a line break: refused before anything is looked up or written."""
    with pytest.raises(AuditError) as caught:
        RegistryService(db).window_dossier(TENANT, principal=CLERK, purpose=purpose)
    assert caught.value.code == "audit.purpose_invalid"
    assert _events(db) == []
