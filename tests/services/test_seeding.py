"""The synthetic registry: valid numbers and codes, consistent relations, determinism, bounded
memory, refusal to overwrite, and the same rows on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, func, insert, select, text

from desktop.config.paths import AppPaths
from desktop.config.settings import Settings
from desktop.demo.seeding import (
    GENERATOR_ID,
    REFERENCE_DATE,
    SeedError,
    SeedSummary,
    names,
    plan_for,
    seed_registry,
)
from desktop.demo.seeding import generator as gen
from desktop.demo.seeding import run as gen_run
from desktop.domain import regions
from desktop.domain.housecode import parse_house_code
from desktop.domain.identity import IdKind, parse_credit_code, parse_id_number
from desktop.domain.registry import Actor
from desktop.persistence.database import Database, open_database
from desktop.persistence.models import (
    AuditEvent,
    Building,
    Dwelling,
    DwellingParty,
    Employment,
    IssuedCertificate,
    Person,
    RegistryMeta,
    StandardAddress,
    Unit,
)
from desktop.services.audit import append_event
from desktop.services.status import registry_status

SEED = 2026
PERSONS = 20_000

_TABLES: tuple[Table, ...] = tuple(
    m.__table__  # type: ignore[misc]
    for m in (
        StandardAddress,
        Building,
        Dwelling,
        Unit,
        Person,
        DwellingParty,
        Employment,
        IssuedCertificate,
    )
)


def _open(root: Path) -> Database:
    paths = AppPaths(root / "config", root / "data", root / "logs", root / "archive")
    return open_database(paths, Settings())


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, SeedSummary]]:
    """One 20,000-person registry on SQLite, shared by the read-only tests of this module."""
    db = _open(tmp_path_factory.mktemp("seeded"))
    summary = seed_registry(db, persons=PERSONS, random_seed=SEED)
    try:
        yield db, summary
    finally:
        db.dispose()


def _rows(db: Database, sql: str) -> list[Any]:
    with db.engine.connect() as conn:
        return list(conn.execute(text(sql)).all())


def _digest(db: Database) -> str:
    """sha256 over every registry row, in primary-key order (dates and decimals as text)."""
    h = hashlib.sha256()
    with db.engine.connect() as conn:
        for table in _TABLES:
            pk = next(iter(table.primary_key.columns))
            for row in conn.execute(select(table).order_by(pk)):
                h.update(repr(tuple(str(v) for v in row)).encode())
    return h.hexdigest()


# ---- plan ------------------------------------------------------------------------------------


def test_plan_follows_the_reference_district() -> None:
    plan = plan_for(5_300_000)
    assert 168_000 <= plan["buildings"] <= 172_000
    assert 2_950_000 <= plan["dwellings"] <= 3_000_000
    assert plan["units"] == 176_667
    assert plan["addresses"] == plan["buildings"] + plan["dwellings"]
    assert plan_for(1) == {"persons": 1, "buildings": 1, "dwellings": 1, "addresses": 2, "units": 1}
    with pytest.raises(SeedError):
        plan_for(0)


def test_summary_matches_plan_and_tables(seeded: tuple[Database, SeedSummary]) -> None:
    db, summary = seeded
    plan = plan_for(PERSONS)
    counts = db.row_counts()
    assert summary.persons == counts["persons"] == PERSONS
    assert summary.buildings == counts["buildings"] == plan["buildings"]
    assert summary.dwellings == counts["dwellings"] == plan["dwellings"]
    assert summary.addresses == counts["standard_addresses"] == plan["addresses"]
    assert summary.units == counts["units"] == plan["units"]
    assert summary.parties == counts["dwelling_parties"] > PERSONS
    assert summary.employments == counts["employments"] > PERSONS // 2
    assert summary.certificates == counts["issued_certificates"] > PERSONS // 2
    assert counts["audit_events"] == 0
    assert summary.seconds > 0
    ids = _rows(db, "SELECT MIN(id), MAX(id), COUNT(*) FROM persons")[0]
    assert tuple(ids) == (1, PERSONS, PERSONS)  # dense keys 1..N


def test_registry_is_labelled_synthetic(seeded: tuple[Database, SeedSummary]) -> None:
    db, _ = seeded
    meta = db.meta()
    assert meta["synthetic"] == "true"
    assert meta["generator"] == GENERATOR_ID
    assert meta["random_seed"] == str(SEED)
    assert meta["persons"] == str(PERSONS)
    assert meta["reference_date"] == REFERENCE_DATE.isoformat()
    assert meta["status"] == "complete"
    assert meta["generated_at"]
    assert registry_status(db).synthetic


# ---- persons ---------------------------------------------------------------------------------


def test_identity_numbers_are_valid_and_match_the_person(
    seeded: tuple[Database, SeedSummary],
) -> None:
    db, _ = seeded
    kinds: Counter[str] = Counter()
    rows = _rows(
        db,
        "SELECT id_type, id_number, sex, birth_date, ethnicity, nationality, household_address "
        "FROM persons",
    )
    for id_type, number, sex, birth, ethnicity, nationality, household in rows:
        parsed = parse_id_number(number, today=REFERENCE_DATE)
        kinds[id_type] += 1
        assert parsed.kind.value == id_type, number
        assert parsed.number == number
        assert parsed.birth_date is not None
        assert parsed.birth_date.isoformat() == birth, number
        assert parsed.birth_date < REFERENCE_DATE
        if parsed.sex is not None:  # the 2017 foreigner card's number does not say
            assert parsed.sex == sex, number
        assert sex in ("1", "2")
        if parsed.kind in (IdKind.CITIZEN, IdKind.HMT_PERMIT):
            assert parsed.region_code is not None
            assert household.startswith(regions.region_full_name(parsed.region_code) or "?")
            assert nationality == "CHN"
        else:
            assert ethnicity == ""
            assert nationality != "CHN"
            assert household == ""
        if parsed.kind is IdKind.CITIZEN:
            assert ethnicity in {f"{n:02d}" for n in range(1, 57)}
        if parsed.kind is IdKind.FOREIGNER_2017:
            assert parsed.nationality == nationality
    # every kind of card in the hall's registry (legacy 15-digit numbers are on no card)
    assert set(kinds) == {"citizen", "hmt_permit", "foreigner_2017", "foreigner_2023"}
    assert kinds["citizen"] > 0.9 * PERSONS
    assert kinds["foreigner_2017"] >= 5 and kinds["foreigner_2023"] >= 5
    ethnic = Counter(e for (e,) in _rows(db, "SELECT ethnicity FROM persons"))
    assert ethnic["01"] > 0.85 * PERSONS  # mostly Han
    assert len(ethnic) >= 10


def test_locals_and_migrants(seeded: tuple[Database, SeedSummary]) -> None:
    db, _ = seeded
    rows = _rows(
        db,
        "SELECT id_type, substr(id_number, 1, 4), is_migrant, arrival_date, arrival_reason, "
        "birth_date, current_dwelling_id FROM persons",
    )
    provinces = Counter(prefix[:2] for kind, prefix, *_ in rows if kind == "citizen")
    assert provinces["44"] > provinces["43"] > provinces["11"]  # host province first
    assert len(provinces) >= 25  # migrants from all over the country
    for kind, prefix, migrant, arrival, reason, birth, dwelling in rows:
        if migrant:
            assert dwelling is not None
            assert arrival is not None and birth <= arrival < REFERENCE_DATE.isoformat()
            assert reason in ("务工", "经商", "随迁", "投靠亲友", "就学", "其他")
        else:
            assert arrival is None and reason == ""
        if kind == "citizen" and prefix == "4403" and dwelling is not None:
            assert not migrant  # Shenzhen household registration: a local
    share = sum(1 for r in rows if r[2]) / len(rows)
    assert 0.6 < share < 0.9


def test_names_cover_the_hard_cases(seeded: tuple[Database, SeedSummary]) -> None:
    db, _ = seeded
    rows = _rows(db, "SELECT name, id_type FROM persons")
    all_names = [n for n, _ in rows]
    rare = {c for c, _ in names.RARE_CHARACTERS}
    assert sum(1 for n in all_names if n[:2] in names.COMPOUND_SURNAMES) >= 5
    assert sum(1 for n in all_names if "·" in n) >= 5  # 阿卜杜拉·买买提 style
    assert sum(1 for n in all_names if any(c in rare for c in n)) >= 10
    assert any(ord(c) > 0xFFFF for n in all_names for c in n)  # outside the BMP (𠮷)
    uyghur = set(names.UYGHUR_MALE + names.UYGHUR_FEMALE)
    assert any(n.split("·")[0] in uyghur for n in all_names if "·" in n)
    # the 2017 card carries an English name; Chinese names are 2-12 characters
    for name, kind in rows:
        if kind == "foreigner_2017":
            assert name.isascii() and ", " in name
        else:
            assert 2 <= len(name) <= 12 and not name.isascii()
    surnames = Counter(n[0] for n, k in rows if k == "citizen" and "·" not in n)
    top = [s for s, _ in surnames.most_common(6)]
    assert {"陈", "李", "王", "张", "刘"} <= set(top)


def test_phones_and_photos(seeded: tuple[Database, SeedSummary]) -> None:
    db, _ = seeded
    for pid, phone, photo, birth in _rows(
        db, "SELECT id, phone, photo_ref, birth_date FROM persons"
    ):
        assert photo == f"synthetic://photo/{pid}"
        if phone:
            assert len(phone) == 11 and phone.isdigit() and phone[0] == "1"
            assert phone[:3] in names.MOBILE_PREFIXES
        else:
            assert birth > "2013-01-01"  # only children have no phone


# ---- housing and units -----------------------------------------------------------------------


def test_house_codes_buildings_and_addresses(seeded: tuple[Database, SeedSummary]) -> None:
    db, _ = seeded
    rows = _rows(
        db,
        "SELECT d.house_code, b.building_code, a.full_address, a.region_name, a.street, "
        "a.door_number, a.detail, a.region_code, ba.full_address "
        "FROM dwellings d JOIN buildings b ON b.id = d.building_id "
        "JOIN standard_addresses a ON a.id = d.address_id "
        "JOIN standard_addresses ba ON ba.id = b.address_id",
    )
    assert len(rows) == plan_for(PERSONS)["dwellings"]
    for code, building, full, region, street, door, detail, region_code, b_full in rows:
        house = parse_house_code(code)
        assert house.region_code == "440306"
        assert house.building_code == building  # the first 19 digits identify the building
        assert region_code == code[:12]
        assert full == region + street + door + detail
        assert full.startswith("广东省深圳市宝安区") and region.endswith("社区")
        assert full.startswith(b_full)  # building address + room detail
    uses = Counter(u for (u,) in _rows(db, "SELECT use FROM dwellings"))
    assert uses["residential"] > 0.75 * len(rows)
    assert uses["commercial"] > 0 and uses["office"] > 0
    statuses = Counter(s for (s,) in _rows(db, "SELECT rental_status FROM dwellings"))
    assert set(statuses) == {"owner_occupied", "rented", "vacant"}
    risks = Counter(r for (r,) in _rows(db, "SELECT risk_class FROM dwellings"))
    assert set(risks) == {"normal", "watch", "key"} and risks["normal"] > 0.8 * len(rows)
    for (area,) in _rows(db, "SELECT area_m2 FROM dwellings"):
        assert 10 <= float(area) <= 2500


def test_credit_codes_are_valid(seeded: tuple[Database, SeedSummary]) -> None:
    db, _ = seeded
    rows = _rows(db, "SELECT credit_code, name, address FROM units")
    assert len({code for code, _, _ in rows}) == len(rows)
    for code, name, address in rows:
        parsed = parse_credit_code(code)
        assert parsed.warnings == (), code  # known region and unit type, organisation check
        assert name and address.startswith("广东省深圳市宝安区")


# ---- relations -------------------------------------------------------------------------------


#: Queries that count violations of one relation rule each; every count must be zero.
VIOLATIONS = {
    "a tenant's dwelling has no owner": (
        "SELECT COUNT(*) FROM dwelling_parties t WHERE t.role = 'tenant' AND NOT EXISTS "
        "(SELECT 1 FROM dwelling_parties o WHERE o.dwelling_id = t.dwelling_id "
        "AND o.role = 'owner')"
    ),
    "a current dwelling without the person's party row": (
        "SELECT COUNT(*) FROM persons p WHERE p.current_dwelling_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM dwelling_parties d WHERE d.dwelling_id = p.current_dwelling_id "
        "AND d.person_id = p.id)"
    ),
    "an occupant living elsewhere": (
        "SELECT COUNT(*) FROM dwelling_parties d JOIN persons p ON p.id = d.person_id "
        "WHERE d.role = 'occupant' "
        "AND (p.current_dwelling_id IS NULL OR p.current_dwelling_id != d.dwelling_id)"
    ),
    "someone living in a vacant dwelling": (
        "SELECT COUNT(*) FROM persons p JOIN dwellings d ON d.id = p.current_dwelling_id "
        "WHERE d.rental_status = 'vacant'"
    ),
    "a rented home without a tenant": (
        "SELECT COUNT(*) FROM dwellings d WHERE d.rental_status = 'rented' "
        "AND d.use = 'residential' AND NOT EXISTS (SELECT 1 FROM dwelling_parties t "
        "WHERE t.dwelling_id = d.id AND t.role = 'tenant')"
    ),
    "moving in before birth or after the reference date": (
        "SELECT COUNT(*) FROM dwelling_parties d JOIN persons p ON p.id = d.person_id "
        "WHERE d.since < p.birth_date OR d.since >= '2026-01-01'"
    ),
    "a job before 16 or one that ends before it starts": (
        "SELECT COUNT(*) FROM employments e JOIN persons p ON p.id = e.person_id "
        "WHERE e.since < date(p.birth_date, '+16 years') OR e.until <= e.since"
    ),
    "a residence permit or receipt of a non-migrant": (
        "SELECT COUNT(*) FROM issued_certificates c JOIN persons p ON p.id = c.person_id "
        "WHERE c.cert_type IN ('居住证', '居住登记凭证') AND NOT p.is_migrant"
    ),
    "a rental filing held by someone who owns nothing": (
        "SELECT COUNT(*) FROM issued_certificates c WHERE c.cert_type = '房屋租赁登记备案凭证' "
        "AND NOT EXISTS (SELECT 1 FROM dwelling_parties o WHERE o.person_id = c.person_id "
        "AND o.role = 'owner')"
    ),
    "a certificate out of time or without number and issuer": (
        "SELECT COUNT(*) FROM issued_certificates c JOIN persons p ON p.id = c.person_id "
        "WHERE c.issued_on < p.birth_date OR c.issued_on >= '2026-01-01' "
        "OR c.valid_until <= c.issued_on OR c.cert_number = '' OR c.issuer = ''"
    ),
}


@pytest.mark.parametrize("rule", VIOLATIONS)
def test_relations_are_consistent(seeded: tuple[Database, SeedSummary], rule: str) -> None:
    db, _ = seeded
    assert _rows(db, VIOLATIONS[rule]) == [(0,)], rule


def test_landlords_owners_and_foreign_keys(seeded: tuple[Database, SeedSummary]) -> None:
    db, _ = seeded
    [(landlords,)] = _rows(
        db,
        "SELECT COUNT(*) FROM (SELECT o.person_id FROM dwelling_parties o "
        "JOIN persons p ON p.id = o.person_id WHERE o.role = 'owner' "
        "AND (p.current_dwelling_id IS NULL OR p.current_dwelling_id != o.dwelling_id) "
        "GROUP BY o.person_id HAVING COUNT(*) > 1)",
    )
    assert landlords > 100  # owners of several dwellings who live elsewhere
    [(owned,)] = _rows(
        db, "SELECT COUNT(DISTINCT dwelling_id) FROM dwelling_parties WHERE role = 'owner'"
    )
    assert owned > 0.8 * plan_for(PERSONS)["dwellings"]  # most dwellings have an owner
    assert _rows(db, "PRAGMA foreign_key_check") == []


def test_employments_and_certificates(seeded: tuple[Database, SeedSummary]) -> None:
    db, _ = seeded
    born = "p.birth_date BETWEEN '1971-01-01' AND '2003-01-01'"  # 23-55 years old
    [(working_age,)] = _rows(db, f"SELECT COUNT(*) FROM persons p WHERE {born}")
    [(employed,)] = _rows(
        db,
        "SELECT COUNT(DISTINCT e.person_id) FROM employments e JOIN persons p "
        f"ON p.id = e.person_id WHERE e.until IS NULL AND {born}",
    )
    assert employed > 0.6 * working_age  # most working-age adults
    types = {t for (t,) in _rows(db, "SELECT DISTINCT cert_type FROM issued_certificates")}
    assert types == {
        "居住证",  # residence permit (migrants)
        "居住登记凭证",  # residence registration receipt (migrants)
        "房屋租赁登记备案凭证",  # rental filing (landlords)
        "结婚证",  # marriage
        "不动产权证书",  # property, 2015 on
        "房地产证",  # property, before 2015
    }
    permits = _rows(db, "SELECT cert_number FROM issued_certificates WHERE cert_type = '居住证'")
    assert len({n for (n,) in permits}) == len(permits) > 0.1 * PERSONS


# ---- determinism -----------------------------------------------------------------------------


def test_same_seed_same_rows_other_seed_other_rows(tmp_path: Path) -> None:
    dbs = [_open(tmp_path / name) for name in ("a", "b", "c")]
    try:
        seed_registry(dbs[0], persons=3_000, random_seed=7)
        seed_registry(dbs[1], persons=3_000, random_seed=7)
        seed_registry(dbs[2], persons=3_000, random_seed=8)
        assert _digest(dbs[0]) == _digest(dbs[1])
        assert _digest(dbs[0]) != _digest(dbs[2])
        first = _rows(dbs[0], "SELECT id_number, name FROM persons ORDER BY id LIMIT 50")
        other = _rows(dbs[2], "SELECT id_number, name FROM persons ORDER BY id LIMIT 50")
        assert first != other
    finally:
        for db in dbs:
            db.dispose()


_SUBPROCESS_SEED = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from desktop.config.paths import AppPaths
    from desktop.config.settings import Settings
    from desktop.persistence.database import open_database
    from desktop.demo.seeding import seed_registry
    root = Path(sys.argv[1])
    db = open_database(AppPaths(root / "c", root / "d", root / "l", root / "a"), Settings())
    seed_registry(db, persons=1500, random_seed=11)
    db.dispose()
    """
)


def test_rows_do_not_depend_on_the_process(tmp_path: Path) -> None:
    """Two processes with different string hash seeds make the same rows (no ``hash()``)."""
    digests = []
    for hash_seed in ("1", "2"):
        root = tmp_path / f"p{hash_seed}"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run(
            [sys.executable, "-c", _SUBPROCESS_SEED, str(root)], check=True, env=env, timeout=120
        )
        db = _open(root)
        try:
            digests.append(_digest(db))
        finally:
            db.dispose()
    assert digests[0] == digests[1]


def test_colliding_numbers_are_replaced_deterministically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Force collisions (shared birth days, top sequence numbers, small batches)."""
    original_spec = gen._Vocabulary.number_spec
    original_birth = gen._RegistryRun._birth

    def first_of_month(self: gen._RegistryRun, age: float, origin: Any) -> int:
        return date.fromordinal(original_birth(self, age, origin)).replace(day=1).toordinal()

    def top_sequence(
        self: gen._Vocabulary, rng: Any, origin: Any, sex: str, birth: date
    ) -> gen.NumberSpec:
        spec = original_spec(self, rng, origin, sex, birth)
        if spec.kind is IdKind.FOREIGNER_2017:
            return gen.NumberSpec(spec.kind, spec.a, spec.b, spec.birth, 9)
        region = "440306" if spec.kind is IdKind.CITIZEN else spec.a
        return gen.NumberSpec(spec.kind, region, spec.b, spec.birth, 996 + spec.seq % 2)

    monkeypatch.setattr(gen._RegistryRun, "_birth", first_of_month)
    monkeypatch.setattr(gen._Vocabulary, "number_spec", top_sequence)
    monkeypatch.setattr(gen_run, "PERSON_BATCH", 400)  # collisions across batches too
    dbs = [_open(tmp_path / name) for name in ("a", "b")]
    try:
        for db in dbs:
            seed_registry(db, persons=2_000, random_seed=3)
        rows = _rows(dbs[0], "SELECT id_number, birth_date, sex, id_type FROM persons")
        assert len({r[0] for r in rows}) == 2_000
        replaced = wrapped = 0
        for number, birth, sex, kind in rows:
            parsed = parse_id_number(number, today=REFERENCE_DATE)
            assert parsed.birth_date is not None and parsed.birth_date.isoformat() == birth
            assert parsed.sex in (None, sex)
            if kind != "foreigner_2017":
                seq = int(number[14:17])
                replaced += seq not in (996, 997)
                wrapped += seq < 996  # past 998/999 the sequence wraps and the birth moves
        assert replaced > 500 and wrapped > 50, (replaced, wrapped)
        assert _digest(dbs[0]) == _digest(dbs[1])
    finally:
        for db in dbs:
            db.dispose()


def test_next_number_spec_keeps_the_sex_and_stays_valid() -> None:
    spec = gen.NumberSpec(IdKind.CITIZEN, "440306", "", date(1990, 5, 17), 995)
    seen = set()
    for _ in range(600):
        number = gen.make_number_from_spec(spec)
        parsed = parse_id_number(number, today=REFERENCE_DATE)
        assert parsed.sex == "1" and parsed.birth_date == spec.birth
        seen.add(number)
        spec = gen.next_number_spec(spec)
    assert len(seen) == 600
    assert spec.birth < date(1990, 5, 17)  # moved a day back after 500 numbers


# ---- refusing, replacing, reporting ----------------------------------------------------------


def test_second_seed_without_replace_is_refused(tmp_path: Path) -> None:
    db = _open(tmp_path)
    try:
        seed_registry(db, persons=500, random_seed=1)
        before = _digest(db)
        with pytest.raises(SeedError, match="--replace"):
            seed_registry(db, persons=500, random_seed=2)
        assert _digest(db) == before
    finally:
        db.dispose()


def test_a_registry_with_only_units_is_refused(tmp_path: Path) -> None:
    db = _open(tmp_path)
    try:
        with db.engine.begin() as conn:
            conn.execute(
                insert(Unit.__table__).values(  # type: ignore[arg-type]
                    credit_code="91440300MA5D8K2P1X", name="深圳市示范有限公司"
                )
            )
        with pytest.raises(SeedError, match="units"):
            seed_registry(db, persons=100)
    finally:
        db.dispose()


def test_an_interrupted_load_is_replaced(tmp_path: Path) -> None:
    """A first start killed half-way must not leave a registry that refuses the next start."""
    db = _open(tmp_path)

    def fail(phase: str, done: int, total: int) -> None:
        if phase == "persons" and done > 0:
            raise KeyboardInterrupt  # the app is closed while seeding

    try:
        with pytest.raises(KeyboardInterrupt):
            seed_registry(db, persons=3_000, progress=fail)
        assert db.meta()["status"] == "incomplete"
        assert db.row_counts()["units"] > 0
        summary = seed_registry(db, persons=3_000)  # no --replace needed
        assert summary.persons == db.row_counts()["persons"] == 3_000
        assert db.meta()["status"] == "complete"
        with pytest.raises(SeedError, match="--replace"):  # a complete one is kept
            seed_registry(db, persons=3_000)
    finally:
        db.dispose()


def test_replace_keeps_the_audit_log(tmp_path: Path) -> None:
    db = _open(tmp_path)
    try:
        seed_registry(db, persons=800, random_seed=1)
        with db.engine.begin() as conn:
            append_event(conn, Actor("admin", "s1"), "test.event", "subject", "testing", {})
        phases: list[tuple[str, int, int]] = []
        summary = seed_registry(
            db,
            persons=600,
            random_seed=2,
            replace=True,
            progress=lambda *args: phases.append(args),
        )
        counts = db.row_counts()
        assert counts["persons"] == summary.persons == 600
        assert counts["dwellings"] == plan_for(600)["dwellings"]
        assert counts["audit_events"] == 1
        assert db.meta()["random_seed"] == "2"
        assert phases[0][0] == "clearing"
        with db.engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(AuditEvent)) == 1
            assert conn.scalar(select(func.count()).select_from(RegistryMeta)) == 8
    finally:
        db.dispose()


def test_progress_is_reported_per_phase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gen_run, "PERSON_BATCH", 1_000)
    db = _open(tmp_path)
    reports: list[tuple[str, int, int]] = []
    try:
        seed_registry(db, persons=4_000, progress=lambda *args: reports.append(args))
    finally:
        db.dispose()
    phases = [p for p, _, _ in reports]
    order = list(dict.fromkeys(phases))
    assert order == ["units", "persons", "finishing"]
    for phase in order:
        mine = [(d, t) for p, d, t in reports if p == phase]
        assert mine[-1][0] == mine[-1][1] > 0  # ends complete
        assert [d for d, _ in mine] == sorted(d for d, _ in mine)  # never goes back
    assert len([p for p in phases if p == "persons"]) >= 3  # one per batch


def test_invalid_count_is_refused(tmp_path: Path) -> None:
    db = _open(tmp_path)
    try:
        with pytest.raises(SeedError):
            seed_registry(db, persons=0)
        assert db.row_counts()["persons"] == 0
        summary = seed_registry(db, persons=1)
        assert summary.persons == 1 and summary.dwellings == 1 and summary.buildings == 1
    finally:
        db.dispose()


# ---- memory ----------------------------------------------------------------------------------


_MEMORY_PROBE = textwrap.dedent(
    """
    import gc, sys, tracemalloc
    from pathlib import Path
    from desktop.config.paths import AppPaths
    from desktop.config.settings import Settings
    from desktop.persistence.database import open_database
    from desktop.demo.seeding import seed_registry

    def open_at(root):
        return open_database(AppPaths(root / "c", root / "d", root / "l", root / "a"), Settings())

    root, persons = Path(sys.argv[1]), int(sys.argv[2])
    warm = open_at(root / "warm")  # caches: regions, compiled statements, imports
    seed_registry(warm, persons=1_000, random_seed=5)
    warm.dispose()
    db = open_at(root / "measured")
    gc.collect()
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    seed_registry(db, persons=persons, random_seed=5)
    print(tracemalloc.get_traced_memory()[1] - base)
    """
)


def test_memory_does_not_grow_with_the_registry(tmp_path: Path) -> None:
    """Three times the persons must not take three times the memory: batches are bounded.

    Each size is measured with tracemalloc in a fresh process (the two run side by side).
    """
    sizes = (20_000, 60_000)
    probes = [
        subprocess.Popen(
            [sys.executable, "-c", _MEMORY_PROBE, str(tmp_path / str(n)), str(n)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in sizes
    ]
    peaks = []
    for probe in probes:
        out, _ = probe.communicate(timeout=300)
        assert probe.returncode == 0
        peaks.append(int(out.strip().splitlines()[-1]))
    small, large = peaks
    assert large < 1.5 * small, (small, large)
    assert large < 96 * 2**20  # and in absolute terms, modest (about one batch of rows)


# ---- PostgreSQL ------------------------------------------------------------------------------


@pytest.mark.postgres
def test_postgresql_gets_the_same_rows(pg_db: Database, tmp_path: Path) -> None:
    sqlite = _open(tmp_path)
    try:
        seed_registry(sqlite, persons=1_500, random_seed=9)
        summary = seed_registry(pg_db, persons=1_500, random_seed=9)
        assert summary.persons == 1_500
        assert _digest(pg_db) == _digest(sqlite)
        assert pg_db.meta()["synthetic"] == "true"
        # the id sequences moved past the generated ids: the app's own inserts still work
        with pg_db.engine.begin() as conn:
            new_id = conn.execute(
                insert(Unit.__table__)  # type: ignore[arg-type]
                .values(credit_code="91440300MA5D8K2P1X", name="深圳市示范有限公司")
                .returning(Unit.__table__.c.id)
            ).scalar_one()
        assert new_id > plan_for(1_500)["units"]
        with pytest.raises(SeedError, match="--replace"):
            seed_registry(pg_db, persons=10)
    finally:
        sqlite.dispose()


def test_summary_is_json_ready(seeded: tuple[Database, SeedSummary]) -> None:
    from desktop.domain.registry import to_jsonable

    _, summary = seeded
    data = to_jsonable(summary)
    assert json.loads(json.dumps(data))["persons"] == PERSONS
