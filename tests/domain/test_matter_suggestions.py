"""Matter suggestions from the registry dossier: which matters, and why."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from desktop.domain.matters.conditions import months_before
from desktop.domain.matters.loader import load_catalog
from desktop.domain.matters.suggestions import SuggestionReason as R
from desktop.domain.matters.suggestions import suggest_matters
from desktop.domain.registry import (
    CertificateRecord,
    DwellingRecord,
    PartyRecord,
    PartyRole,
    PersonDossier,
    PersonRecord,
    PersonSummary,
)

TODAY = date(2026, 11, 23)

PERSON = PersonRecord(
    id_type="citizen",
    id_number="11010519491231002X",
    name="张三",
    sex="1",
    ethnicity="01",
    nationality="CHN",
    birth_date=date(1990, 5, 1),
    household_address="湖南省长沙市岳麓区某路1号",
    is_migrant=True,
    arrival_date=date(2026, 9, 1),
    arrival_reason="务工",
    phone="13800138000",
    photo_ref="",
    current_house_code="4403060010010010001010101",
    relation_to_householder="99",
)
DWELLING = DwellingRecord(
    house_code="4403060010010010001010101",
    address="宝安区新安街道某路1号101",
    region_code="440306",
    region_name="宝安区",
    building_code="B1",
    building_name="1栋",
    use="residential",
    ownership="private",
    rooms=2,
    area_m2=Decimal("60.5"),
    rental_status="rented",
    risk_class="",
)
OTHER = PersonSummary("citizen", "110105194912310021", "李四", "13900139000")


def cert(cert_type: str, issued: date, until: date | None, *, revoked: bool = False):
    return CertificateRecord(cert_type, f"{cert_type}-1", "宝安分局", issued, until, revoked)


def dossier(**changes: object) -> PersonDossier:
    base = PersonDossier(
        person=PERSON,
        dwelling=DWELLING,
        role_in_dwelling=PartyRole.TENANT,
        owners=(PartyRecord(PartyRole.OWNER, OTHER, date(2020, 1, 1), None),),
        tenants=(),
        occupants=(),
        employment=None,
        certificates=(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_nothing_for_an_unknown_person() -> None:
    assert suggest_matters(None, TODAY) == []


def test_a_new_tenant_without_registration_is_told_to_register() -> None:
    assert suggest_matters(dossier(), TODAY) == [("JZ", R.NO_RESIDENCE_REGISTRATION)]


def test_a_local_resident_gets_no_migrant_suggestions() -> None:
    local = replace(PERSON, is_migrant=False, arrival_date=None)
    assert suggest_matters(dossier(person=local), TODAY) == []


def test_six_months_without_a_permit_suggests_the_permit() -> None:
    reg = cert("居住登记凭证", date(2026, 5, 23), None)
    assert suggest_matters(dossier(certificates=(reg,)), TODAY) == [
        ("ZZ", R.RESIDENCE_PERMIT_ELIGIBLE)
    ]
    # one day short of six months: not yet
    late = cert("居住登记凭证", date(2026, 5, 24), None)
    assert suggest_matters(dossier(certificates=(late,)), TODAY) == []


def test_six_months_counted_from_the_arrival_date_too() -> None:
    early = replace(PERSON, arrival_date=date(2026, 1, 1))
    got = suggest_matters(dossier(person=early), TODAY)
    assert got == [("JZ", R.NO_RESIDENCE_REGISTRATION), ("ZZ", R.RESIDENCE_PERMIT_ELIGIBLE)]


@pytest.mark.parametrize(
    ("until", "expected"),
    [
        (date(2026, 12, 23), [("QZ", R.ENDORSEMENT_DUE)]),  # exactly 30 days ahead
        (date(2026, 12, 24), []),  # 31 days ahead: not yet
        (TODAY, [("QZ", R.ENDORSEMENT_DUE)]),
        (date(2026, 11, 22), [("QZ", R.ENDORSEMENT_OVERDUE)]),
    ],
)
def test_endorsement_window(until: date, expected: list[tuple[str, R]]) -> None:
    reg = cert("居住登记凭证", date(2024, 1, 1), None)
    permit = cert("居住证", date(2025, 12, 23), until)
    assert suggest_matters(dossier(certificates=(permit, reg)), TODAY) == expected


def test_a_revoked_permit_does_not_count() -> None:
    reg = cert("居住登记凭证", date(2024, 1, 1), None)
    permit = cert("居住证", date(2025, 12, 23), date(2026, 12, 1), revoked=True)
    assert suggest_matters(dossier(certificates=(permit, reg)), TODAY) == [
        ("ZZ", R.RESIDENCE_PERMIT_ELIGIBLE)
    ]


def test_a_landlord_renting_out_without_filing_is_told_to_file() -> None:
    local = replace(PERSON, is_migrant=False)
    tenant = PartyRecord(PartyRole.TENANT, OTHER, date(2026, 1, 1), None)
    landlord = dossier(person=local, role_in_dwelling=PartyRole.OWNER, owners=(), tenants=(tenant,))
    assert suggest_matters(landlord, TODAY) == [("ZL", R.RENTAL_NOT_FILED)]
    filed = replace(
        landlord, certificates=(cert("房屋租赁登记备案凭证", date(2026, 1, 5), date(2027, 1, 1)),)
    )
    assert suggest_matters(filed, TODAY) == [("NS", R.RENTAL_TAX)]
    expired = replace(
        landlord, certificates=(cert("房屋租赁登记备案凭证", date(2025, 1, 5), date(2026, 1, 1)),)
    )
    assert suggest_matters(expired, TODAY) == [("ZL", R.RENTAL_NOT_FILED)]


def test_an_owner_living_alone_gets_nothing() -> None:
    local = replace(PERSON, is_migrant=False)
    alone = replace(DWELLING, rental_status="owner_occupied")
    owner = dossier(person=local, dwelling=alone, role_in_dwelling=PartyRole.OWNER, owners=())
    assert suggest_matters(owner, TODAY) == []


def test_every_suggested_category_is_in_the_catalog() -> None:
    catalog = load_catalog()
    for category in ("JZ", "QZ", "ZZ", "ZL", "NS"):
        assert catalog.by_category(category).category == category


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 5, 17), 6, date(2025, 11, 17)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),  # no 31 February: the month's last day
        (date(2024, 3, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2026, 1, 15), 13, date(2024, 12, 15)),  # across two year ends
        (date(2026, 8, 31), 6, date(2026, 2, 28)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected
