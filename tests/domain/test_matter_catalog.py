"""The matter catalog: every shipped file loads, and broken files fail at load naming file/field."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.domain.matters.loader import DOCUMENT_KINDS, MatterFileError, load_catalog
from desktop.domain.matters.model import FieldType, LimitUnit, MatterKind
from desktop.domain.matters.prefill import is_known_source

EIGHT = {
    "JZ": ("居住登记", MatterKind.IMMEDIATE),
    "ZZ": ("居住证申领", MatterKind.PROMISED),
    "QZ": ("居住证签注", MatterKind.IMMEDIATE),
    "ZL": ("房屋租赁登记备案", MatterKind.IMMEDIATE),
    "NS": ("出租房屋税收代征", MatterKind.IMMEDIATE),
    "SY": ("生育登记", MatterKind.IMMEDIATE),
    "FY": ("法律援助申请", MatterKind.PROMISED),
    "SF": ("居民身份证异地换领、补领", MatterKind.PROMISED),
}


def test_the_eight_matters_of_this_hall_load() -> None:
    catalog = load_catalog()
    assert {m.category: (m.name_zh, m.kind) for m in catalog} == EIGHT
    for m in catalog:
        assert len(m.code) <= 24 and len(m.basic_code) <= 10
        assert m.name_en and m.pinyin_initials.isupper()
        assert set(m.documents) <= DOCUMENT_KINDS
        for f in m.fields:
            assert not f.prefill or is_known_source(f.prefill), (m.code, f.key)
            if f.type is FieldType.CHOICE:
                assert f.options, (m.code, f.key)
        if m.kind is MatterKind.PROMISED:
            assert m.departments and m.promised_limit > 0
        else:
            assert not m.departments


def test_limits_and_rules_from_the_reference() -> None:
    c = load_catalog()
    permit = c.by_category("ZZ")
    assert (permit.promised_limit, permit.statutory_limit) == (15, 30)
    assert {d.code for d in permit.departments} == {"police", "community"}  # parallel review
    legal = c.by_category("FY")
    assert legal.promised_limit == 7 and legal.statutory_limit == 10
    assert legal.supplement_pauses_clock
    idcard = c.by_category("SF")
    assert idcard.limit_unit is LimitUnit.NATURAL_DAYS and idcard.promised_limit == 60
    assert str(idcard.fee.amount_for({"application_type": "replacement"})) == "40.00"
    assert str(idcard.fee.amount_for({"application_type": "renewal"})) == "20.00"
    registration = c.by_category("JZ")
    persons = registration.sections[1]
    assert persons.repeat_max == 3 and registration.max_persons == 3
    filing = c.by_category("ZL")
    assert filing.fee.kind == "free"
    assert {m.code for m in filing.materials} >= {
        "lease",
        "ownership",
        "landlord_id",
        "tenant_id",
        "co_owner_consent",
        "power_of_attorney",
        "mortgagee_consent",
    }
    assert c.by_category("NS").fee.kind == "rental_tax"


MINIMAL = """
schema = 1
code = "HALL0001"
basic_code = "HALL01"
name_zh = "测试事项"
name_en = "Test matter"
short_zh = "测试"
pinyin_initials = "CS"
category = "CS"
matter_type = "public_service"
kind = "immediate"
promised_limit = 0
statutory_limit = 0
departments = []
documents = ["acceptance_notice"]
fee = { kind = "free" }

[[sections]]
key = "main"
title_zh = "信息"
title_en = "Details"

  [[sections.fields]]
  key = "name"
  type = "text"
  label_zh = "姓名"
  label_en = "Name"
  required = true
  prefill = "card.name"

[[materials]]
code = "id_document"
name_zh = "身份证"
name_en = "ID card"
essential = true
trust = "B"
"""


def _hall(tmp_path: Path, text: str, name: str = "hall.toml") -> Path:
    folder = tmp_path / "matters"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_hall_adds_a_matter(tmp_path: Path) -> None:
    catalog = load_catalog(_hall(tmp_path, MINIMAL))
    assert len(catalog) == 9
    assert catalog.get("HALL0001").name_zh == "测试事项"
    assert catalog.overridden == ()


def test_a_hall_overrides_and_disables_shipped_matters(tmp_path: Path) -> None:
    shipped = load_catalog().by_category("SY")
    text = (
        MINIMAL.replace('code = "HALL0001"', f'code = "{shipped.code}"')
        .replace('category = "CS"', 'category = "SY"')
        .replace("测试事项", "生育登记（本厅版）")
    )
    folder = _hall(tmp_path, text)
    catalog = load_catalog(folder)
    assert catalog.get(shipped.code).name_zh == "生育登记（本厅版）"
    assert catalog.overridden == (shipped.code,)
    assert len(catalog) == 8
    disabled = text.replace("schema = 1", "schema = 1\nenabled = false")
    (folder / "hall.toml").write_text(disabled, encoding="utf-8")
    catalog = load_catalog(folder)
    assert len(catalog) == 7
    with pytest.raises(KeyError):
        catalog.get(shipped.code)


@pytest.mark.parametrize(
    ("edit", "field", "problem"),
    [
        (
            ('prefill = "card.name"', 'prefill = "card.shoe_size"'),
            "sections[0].fields[0].prefill",
            "unknown pre-fill source",
        ),
        (
            ('prefill = "card.name"', 'prefill = "certificate.居住证"'),
            "sections[0].fields[0].prefill",
            "unknown pre-fill source",
        ),
        (('type = "text"', 'type = "colour"'), "sections[0].fields[0].type", "unknown field type"),
        (('trust = "B"', 'trust = "E"'), "materials[0].trust", "must be A, B, C or D"),
        (
            ('kind = "immediate"', 'kind = "promised"'),
            "departments",
            "at least one reviewing department",
        ),
        (("departments = []", 'departments = ["mars"]'), "departments", "unknown department"),
        (
            ('documents = ["acceptance_notice"]', 'documents = ["poster"]'),
            "documents",
            "unknown document kind",
        ),
        (('category = "CS"', 'category = "cs1"'), "category", "does not match"),
        (("required = true", 'required = "yes"'), "sections[0].fields[0].required", "must be bool"),
        (
            ("essential = true", 'essential = true\ncolour = "red"'),
            "materials[0].colour",
            "unknown key",
        ),
        (("schema = 1", "schema = 2"), "schema", "reads schema 1"),
        (
            ('code = "HALL0001"', 'code = "THIS-CODE-IS-FAR-TOO-LONG-FOR-GB"'),
            "code",
            "does not match",
        ),
        (('category = "CS"', 'category = "JZ"'), "category", "also used by"),
    ],
)
def test_a_broken_file_names_file_field_and_problem(
    tmp_path: Path, edit: tuple[str, str], field: str, problem: str
) -> None:
    folder = _hall(tmp_path, MINIMAL.replace(*edit), "broken.toml")
    with pytest.raises(MatterFileError) as info:
        load_catalog(folder)
    err = info.value
    assert err.code == "catalog.invalid"
    if field != "category" or "also" not in problem:
        assert err.source.endswith("broken.toml")
    assert err.field == field
    assert problem in err.problem


def test_not_toml_at_all(tmp_path: Path) -> None:
    with pytest.raises(MatterFileError, match=r"bad\.toml: \(file\): not valid TOML"):
        load_catalog(_hall(tmp_path, "schema = = 1", "bad.toml"))


def test_unknown_condition_rule_and_parameter(tmp_path: Path) -> None:
    with pytest.raises(MatterFileError, match="unknown condition rule"):
        load_catalog(_hall(tmp_path, MINIMAL + '\n[[conditions]]\nrule = "is_nice"\n'))
    with pytest.raises(MatterFileError, match="takes no parameter 'years'"):
        load_catalog(
            _hall(
                tmp_path,
                MINIMAL
                + '\n[[conditions]]\nrule = "lived_months_at_least"\nparams = { years = "1" }\n',
            )
        )


def test_when_field_must_exist(tmp_path: Path) -> None:
    text = MINIMAL + 'when_field = "nope"\nwhen_equals = "x"\n'
    with pytest.raises(MatterFileError, match="unknown when_field 'nope'"):
        load_catalog(_hall(tmp_path, text))


def test_document_kinds_are_the_ones_printing_renders() -> None:
    from printing.model import DocumentKind

    assert {k.value for k in DocumentKind} == DOCUMENT_KINDS


def test_only_national_code_lists_show_their_codes() -> None:
    from desktop.domain.matters.loader import load_code_lists, load_national_code_lists

    assert load_national_code_lists() == {"sex": "GB/T 2261.1", "ethnicity": "GB/T 3304"}
    assert "national" not in load_code_lists()
    jz = load_catalog().by_category("JZ")
    assert jz.field("sex").national_codes and jz.field("ethnicity").national_codes
    for key in ("id_type", "reporter", "arrival_reason", "movement"):  # our keys, inline options
        assert not jz.field(key).national_codes, key


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ('[national]\nshoe_size = "GB/T 1"\n', "national.shoe_size: is not a code list"),
        ('[national]\nsex = " "\n', "national.sex: name the standard"),
        ("[national]\nsex = 1\n", "national.sex: must be str"),
    ],
)
def test_a_broken_national_table_fails_at_load(
    monkeypatch: pytest.MonkeyPatch, table: str, problem: str
) -> None:
    from desktop.domain.matters import loader

    shipped = loader._package_file

    def patched(name: str) -> tuple[str, bytes]:
        source, raw = shipped(name)
        if name != "code_lists.toml":
            return source, raw
        text = raw.decode("utf-8")
        return source, (text[: text.index("[national]")] + table).encode("utf-8")

    monkeypatch.setattr(loader, "_package_file", patched)
    with pytest.raises(MatterFileError, match=problem):
        loader.load_code_lists()


def _shipped_text(name: str) -> str:
    from desktop.domain.matters import loader

    return (Path(loader.__file__).parent / "data" / "matters" / name).read_text(encoding="utf-8")


def test_the_printed_values_come_from_the_fields_the_matter_file_names() -> None:
    from desktop.domain.matters.loader import DOCUMENT_SLOTS

    catalog = load_catalog()
    for matter in catalog:
        printed = {p.document for p in matter.print_fields}
        assert printed == set(matter.documents) & set(DOCUMENT_SLOTS), matter.code
    zl = catalog.by_category("ZL").printed_from("rental_filing_certificate")
    assert zl.path("landlord") == "landlord_" and zl.path("term_end") == "lease_end"
    jz = catalog.by_category("JZ").printed_from("residence_registration_slip")
    assert jz.path("residents") == "persons"
    with pytest.raises(KeyError):
        catalog.by_category("ZZ").printed_from("rental_filing_certificate")


SLOTS = "print_fields.rental_filing_certificate"


@pytest.mark.parametrize(
    ("edit", "field", "problem"),
    [
        (('landlord = "landlord_"', 'landlord = "owner_"'), f"{SLOTS}.landlord", "'owner_name'"),
        (('use = "use"', 'use = "house_address"'), f"{SLOTS}.use", "is not a choice field"),
        (('term_end = "lease_end"', 'term_end = "lease_ends"'), f"{SLOTS}.term_end", "unknown"),
        (('term_end = "lease_end"\n', ""), f"{SLOTS}.term_end", "is required"),
        (('use = "use"', 'use = "use"\ncolour = "red"'), f"{SLOTS}.colour", "unknown key"),
        (
            ("[print_fields.rental_filing_certificate]", "[print_fields.acceptance_notice]"),
            "print_fields.acceptance_notice",
            "not a document that prints form values",
        ),
        (
            ('"rental_filing_certificate"]', '"rental_filing_certificate", "rental_tax_receipt"]'),
            "print_fields.rental_tax_receipt",
            "is required",
        ),
        (
            ('documents = ["acceptance_notice", "rental_filing_certificate"]', "documents = []"),
            SLOTS,
            "does not print this document",
        ),
    ],
)
def test_a_broken_print_fields_table_names_the_slot(
    tmp_path: Path, edit: tuple[str, str], field: str, problem: str
) -> None:
    text = _shipped_text("04_rental_filing.toml")
    assert edit[0] in text
    folder = _hall(tmp_path, text.replace(*edit), "broken.toml")  # overrides the shipped ZL
    with pytest.raises(MatterFileError) as info:
        load_catalog(folder)
    assert info.value.source.endswith("broken.toml")
    assert info.value.field == field
    assert problem in info.value.problem


def test_a_persons_slot_names_a_repeated_section(tmp_path: Path) -> None:
    text = _shipped_text("01_residence_registration.toml")
    broken = text.replace('residents = "persons"', 'residents = "report"')
    with pytest.raises(MatterFileError, match="'report' is not a repeated section"):
        load_catalog(_hall(tmp_path, broken))


def test_the_documents_with_slots_are_the_certificates_the_desk_fills() -> None:
    from desktop.domain.matters.loader import DOCUMENT_SLOTS
    from desktop.services.desk import _CERTIFICATES

    assert set(DOCUMENT_SLOTS) == {kind.value for kind in _CERTIFICATES}
