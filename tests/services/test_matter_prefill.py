"""Pre-fill on a seeded synthetic registry: every field's source resolves, findings are reported."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.demo.seeding import seed_registry
from desktop.domain.matters.findings import FindingCode
from desktop.domain.matters.loader import load_catalog
from desktop.domain.matters.prefill import PrefillContext, prefill_matter, prefill_visit
from desktop.domain.permissions import Principal, Role
from desktop.domain.registry import Actor, PartyRole, PersonDossier
from desktop.persistence.database import Database, open_database
from desktop.services.registry import RegistryService
from devices.idcard.document import CardType, IdentityDocument

TODAY = date(2026, 11, 23)
ACTOR = Actor("test", "test-station")
CLERK = Principal.of(ACTOR.user, ACTOR.station, [Role.CLERK])
CATALOG = load_catalog()


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[PersonDossier]]:
    root: Path = tmp_path_factory.mktemp("prefill")
    db: Database = open_database(
        AppPaths(root / "config", root / "data", root / "logs", root / "archive"), Settings()
    )
    try:
        seed_registry(db, persons=3000, random_seed=7)
        with db.engine.connect() as conn:
            numbers = [
                r[0] for r in conn.execute(text("SELECT id_number FROM persons ORDER BY id"))
            ]
        service = RegistryService(db)
        out = []
        for n in numbers[::5]:
            d = service.window_dossier(n, principal=CLERK, purpose="test: pre-fill")
            assert d is not None
            out.append(d)
        yield out
    finally:
        db.dispose()


def card_of(d: PersonDossier, **changes: object) -> IdentityDocument:
    p = d.person
    card = IdentityDocument(
        card_type=CardType.RESIDENT,
        name=p.name,
        sex=p.sex,
        birth_date=p.birth_date,
        id_number=p.id_number,
        valid_from=date(2020, 1, 1),
        valid_to=date(2040, 1, 1),
        authority="深圳市公安局",
        address=p.household_address,
        ethnicity=p.ethnicity or "01",
        nationality="CHN",
    )
    return replace(card, **changes)  # type: ignore[arg-type]


def test_every_pre_fill_source_of_every_matter_resolves_on_seeded_data(
    dossiers: list[PersonDossier],
) -> None:
    unresolved: dict[tuple[str, str], str] = {}
    for m in CATALOG:
        for f in m.fields:
            if f.prefill:
                unresolved[(m.code, f.prefill)] = f.key
    for d in dossiers:
        ctx = PrefillContext(card_of(d), d, TODAY)
        for m in CATALOG:
            result = prefill_matter(m, ctx)
            for value in result.values.values():
                if value.source and value.value:
                    unresolved.pop((m.code, value.source), None)
        if not unresolved:
            break
    assert unresolved == {}, f"sources that never resolved on 600 seeded persons: {unresolved}"


def test_tenant_card_prefills_residence_registration_with_sources(
    dossiers: list[PersonDossier],
) -> None:
    tenant = next(d for d in dossiers if d.role_in_dwelling is PartyRole.TENANT and d.owners)
    assert tenant.dwelling is not None
    result = prefill_matter(
        CATALOG.by_category("JZ"), PrefillContext(card_of(tenant), tenant, TODAY)
    )
    v = result.values
    assert v["persons.0.name"].value == tenant.person.name
    assert v["persons.0.name"].source == "card.name"
    assert v["persons.0.id_number"].value == tenant.person.id_number
    assert v["house_code"].value == tenant.dwelling.house_code
    assert v["house_code"].source == "dwelling.house_code"
    assert v["householder_name"].value == tenant.owners[0].person.name
    assert v["movement_date"].value == TODAY.isoformat()
    assert v["movement"].source == "" and v["movement"].value == "in"  # the matter's default
    assert "persons.1.name" not in v  # the second row is for a second card or the clerk


def test_rental_filing_for_a_tenant_takes_the_landlord_from_the_registry(
    dossiers: list[PersonDossier],
) -> None:
    tenant = next(d for d in dossiers if d.role_in_dwelling is PartyRole.TENANT and d.owners)
    v = prefill_matter(
        CATALOG.by_category("ZL"), PrefillContext(card_of(tenant), tenant, TODAY)
    ).values
    assert v["landlord_name"].value == tenant.owners[0].person.name
    assert v["landlord_id_number"].source == "landlord.id_number"
    assert v["tenant_name"].value == tenant.person.name  # the card holder is the tenant
    assert v["tenant_id_number"].value == tenant.person.id_number


def test_one_card_read_prefills_a_bundled_visit(dossiers: list[PersonDossier]) -> None:
    d = dossiers[3]
    visit = prefill_visit(
        [CATALOG.by_category("JZ"), CATALOG.by_category("ZZ")], PrefillContext(card_of(d), d, TODAY)
    )
    assert [m.matter.category for m in visit.matters] == ["JZ", "ZZ"]
    assert visit.for_matter(CATALOG.by_category("ZZ").code).values["name"].value == d.person.name
    assert visit.for_matter(CATALOG.by_category("JZ").code).values["persons.0.name"].value == (
        d.person.name
    )


def test_conflicts_come_back_as_findings(dossiers: list[PersonDossier]) -> None:
    d = next(x for x in dossiers if x.person.household_address)
    card = card_of(
        d,
        valid_to=date(2026, 1, 1),
        address="某省某市某路1号",
        rare_characters=("\ue000",),
        name=d.person.name + "某",
    )
    visit = prefill_visit([], PrefillContext(card, d, TODAY))
    codes = {f.code for f in visit.findings}
    assert {
        FindingCode.CARD_EXPIRED,
        FindingCode.ADDRESS_DIFFERS,
        FindingCode.RARE_CHARACTERS,
        FindingCode.NAME_DIFFERS,
    } <= codes
    address = next(f for f in visit.findings if f.code is FindingCode.ADDRESS_DIFFERS)
    assert address.params["registry"] == d.person.household_address


def test_the_same_address_with_other_spacing_is_no_conflict(dossiers: list[PersonDossier]) -> None:
    d = next(x for x in dossiers if len(x.person.household_address) > 4)
    spaced = " ".join(d.person.household_address)
    visit = prefill_visit([], PrefillContext(card_of(d, address=spaced), d, TODAY))
    assert FindingCode.ADDRESS_DIFFERS not in {f.code for f in visit.findings}


def test_unknown_person_prefills_from_the_card_only(dossiers: list[PersonDossier]) -> None:
    card = card_of(dossiers[0], id_number="11010519491231002X", name="王小明")
    visit = prefill_visit([CATALOG.by_category("ZZ")], PrefillContext(card, None, TODAY))
    assert FindingCode.PERSON_UNKNOWN in {f.code for f in visit.findings}
    values = visit.matters[0].values
    assert values["name"].value == "王小明"
    assert "house_code" not in values and "phone" not in values  # nothing invented
    conditions = {f.code for f in visit.matters[0].findings}
    assert conditions == {FindingCode.CONDITION_UNKNOWN}


def test_residence_permit_condition_on_a_recent_arrival(dossiers: list[PersonDossier]) -> None:
    d = dossiers[1]
    recent = replace(d, person=replace(d.person, arrival_date=date(2026, 10, 1)), certificates=())
    findings = prefill_matter(
        CATALOG.by_category("ZZ"), PrefillContext(card_of(recent), recent, TODAY)
    ).findings
    lived = [f for f in findings if f.rule == "lived_months_at_least"]
    assert lived and lived[0].code is FindingCode.CONDITION_NOT_MET
    assert lived[0].params == {"months": "6", "since": "2026-10-01"}
    old = replace(d, person=replace(d.person, arrival_date=date(2020, 1, 1)))
    findings = prefill_matter(
        CATALOG.by_category("ZZ"), PrefillContext(card_of(old), old, TODAY)
    ).findings
    assert not [f for f in findings if f.rule == "lived_months_at_least"]


def test_endorsement_window_and_reused_permit(dossiers: list[PersonDossier]) -> None:
    holder = next(
        d
        for d in dossiers
        if any(c.cert_type == "居住证" and c.valid_until for c in d.certificates)
    )
    permit = next(c for c in holder.certificates if c.cert_type == "居住证")
    assert permit.valid_until is not None
    matter = CATALOG.by_category("QZ")
    in_window = PrefillContext(card_of(holder), holder, permit.valid_until.replace(day=1))
    result = prefill_matter(matter, in_window)
    assert result.values["permit_number"].value == permit.cert_number
    early = PrefillContext(card_of(holder), holder, date(permit.valid_until.year - 1, 1, 1))
    assert FindingCode.ENDORSEMENT_NOT_YET_DUE in {
        f.code for f in prefill_matter(matter, early).findings
    }
