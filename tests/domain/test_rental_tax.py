"""Rental tax: worked examples computed by hand, rule files, hall overrides and invariants."""

from __future__ import annotations

import json
import pickle
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.rental_tax import (
    RentalTaxError,
    RentalTaxErrorCode,
    RentalTaxResult,
    RentalUse,
    RuleBook,
    RuleFileError,
    compute_rental_tax,
    default_rule_book,
    hall_rules_dir,
    load_rule_book,
)
from desktop.domain.rental_tax.rules import _shipped

BOOK = default_rule_book()
D2026 = date(2026, 6, 1)


def amounts(result: RentalTaxResult, view: str = "per_month") -> dict[str, D]:
    return {line.code: line.amount for line in getattr(result, view).lines}


def bases(result: RentalTaxResult, view: str = "per_month") -> dict[str, D]:
    return {line.code: line.base for line in getattr(result, view).lines}


# ---- national itemised: worked examples --------------------------------------------------------


def test_residential_3000_a_month_for_a_year_national_2026() -> None:
    # 3,000 ≤ 100,000 → VAT exempt, nothing deducted from the rent: net 3,000.00, VAT 0,
    # surcharges 0.
    # Property tax 4 % halved (relief until 2027-12-31) = 2 %: 3,000 × 0.02 = 60.00.
    # Income tax: balance 3,000 − 60 = 2,940 ≤ 4,000 → − 800 = 2,140 taxable × 10 % = 214.00.
    # Month: 60 + 214 = 274.00.
    # Term (36,000): property 720.00; balance 35,280 − 800 × 12 = 25,680 × 10 % = 2,568.00;
    # total 3,288.00 (= 274 × 12).
    r = compute_rental_tax(D("3000"), 12, "residential", on=D2026, book=BOOK)
    assert r.rule_set.id == "cn-national-itemised" and not r.rule_set.local_example
    assert r.vat_exempt is True
    assert amounts(r) == {
        "vat": D("0.00"),
        "urban_maintenance_tax": D("0.00"),
        "education_surcharge": D("0.00"),
        "local_education_surcharge": D("0.00"),
        "property_tax": D("60.00"),
        "income_tax": D("214.00"),
    }
    assert bases(r)["income_tax"] == D("2140.00")
    assert r.per_month.total == D("274.00")
    assert amounts(r, "term")["property_tax"] == D("720.00")
    assert bases(r, "term")["income_tax"] == D("25680.00")
    assert amounts(r, "term")["income_tax"] == D("2568.00")
    assert r.term.rent == D("36000.00") and r.term.total == D("3288.00")
    rates = {line.code: line.rate for line in r.per_month.lines}
    assert rates["property_tax"] == D("0.02") and rates["income_tax"] == D("0.10")
    assert {x.code for x in r.reliefs} == {"vat_exempt", "six_taxes_two_fees_halved"}


def test_non_residential_120000_a_month_pays_vat_and_20_percent_income_tax() -> None:
    # 120,000 > 100,000 → VAT: net 120,000 ÷ 1.05 = 114,285.714… → 114,285.71;
    #   VAT 114,285.71 × 5 % = 5,714.2855 → 5,714.29.
    # Surcharges on 5,714.29, halved: 3.5 % = 200.000… → 200.00; 1.5 % = 85.714… → 85.71;
    #   1 % = 57.1429 → 57.14.
    # Property tax non-residential 12 % halved = 6 %: 114,285.71 × 0.06 = 6,857.1426 → 6,857.14.
    # Income tax: balance 114,285.71 − (200.00 + 85.71 + 57.14 + 6,857.14 = 7,199.99)
    #   = 107,085.72 > 4,000 → deduct 20 % = 21,417.144 → 21,417.14 → taxable 85,668.58;
    #   × 20 % (non-residential: no reduced rate) = 17,133.716 → 17,133.72.
    # Month: 5,714.29 + 200.00 + 85.71 + 57.14 + 6,857.14 + 17,133.72 = 30,048.00.
    r = compute_rental_tax(D("120000"), 12, RentalUse.NON_RESIDENTIAL, on=D2026, book=BOOK)
    assert r.vat_exempt is False
    assert bases(r)["vat"] == D("114285.71")
    assert amounts(r) == {
        "vat": D("5714.29"),
        "urban_maintenance_tax": D("200.00"),
        "education_surcharge": D("85.71"),
        "local_education_surcharge": D("57.14"),
        "property_tax": D("6857.14"),
        "income_tax": D("17133.72"),
    }
    assert bases(r)["income_tax"] == D("85668.58")
    assert r.per_month.total == D("30048.00")
    # Term 1,440,000: net 1,371,428.57; VAT 68,571.43; surcharges 2,400.00 / 1,028.57 / 685.71;
    # property 82,285.71; balance 1,371,428.57 − 86,399.99 = 1,285,028.58, − 20 % (257,005.72)
    # = 1,028,022.86 × 20 % = 205,604.57. Total 360,575.99 (12 months × 30,048.00 = 360,576.00:
    # the term is computed on the whole rent, so it may differ by a fen of rounding).
    assert amounts(r, "term") == {
        "vat": D("68571.43"),
        "urban_maintenance_tax": D("2400.00"),
        "education_surcharge": D("1028.57"),
        "local_education_surcharge": D("685.71"),
        "property_tax": D("82285.71"),
        "income_tax": D("205604.57"),
    }
    assert r.term.total == D("360575.99")


def test_residential_above_the_threshold_pays_vat_at_1_5_percent() -> None:
    # 105,000: net 100,000.00; VAT 1.5 % = 1,500.00; surcharges 52.50 / 22.50 / 15.00;
    # property 2 % = 2,000.00; balance 100,000 − 2,090.00 = 97,910.00, × 0.8 = 78,328.00 × 10 %
    # = 7,832.80. Total 1,500 + 90 + 2,000 + 7,832.80 = 11,422.80.
    r = compute_rental_tax(D("105000"), 1, "residential", on=D2026, book=BOOK)
    assert amounts(r) == {
        "vat": D("1500.00"),
        "urban_maintenance_tax": D("52.50"),
        "education_surcharge": D("22.50"),
        "local_education_surcharge": D("15.00"),
        "property_tax": D("2000.00"),
        "income_tax": D("7832.80"),
    }
    assert r.per_month.total == D("11422.80") == r.term.total


def test_lump_sum_36000_for_12_months_is_3000_a_month() -> None:
    r = compute_rental_tax(None, 12, "residential", lump_sum=D("36000"), on=D2026, book=BOOK)
    same = compute_rental_tax(D("3000"), 12, "residential", on=D2026, book=BOOK)
    assert r.monthly_rent == D("3000.00") and r.lump_sum == D("36000.00")
    assert r.per_month == same.per_month and r.term == same.term
    assert r.term.total == D("3288.00")


def test_lump_sum_is_spread_over_the_months_for_the_vat_threshold() -> None:
    # 1,200,000 for 12 months = 100,000 a month: exempt, though the sum paid is far above it.
    spread = compute_rental_tax(
        None, 12, "non-residential", lump_sum=D("1200000"), on=D2026, book=BOOK
    )
    assert spread.vat_exempt is True and amounts(spread, "term")["vat"] == D("0.00")
    # One fen more: 100,000.000833… a month → taxable (the exact spread is tested, not rounded).
    over = compute_rental_tax(
        None, 12, "non-residential", lump_sum=D("1200000.01"), on=D2026, book=BOOK
    )
    assert over.vat_exempt is False and over.monthly_rent == D("100000.00")
    # Term: net 1,200,000.01 ÷ 1.05 = 1,142,857.152… → 1,142,857.15; VAT × 5 % = 57,142.8575
    # → 57,142.86.
    assert amounts(over, "term")["vat"] == D("57142.86")


def test_lump_sum_that_does_not_divide_into_fen() -> None:
    # 10,000 for 3 months: 3,333.33… a month. Month: property 3,333.33 × 2 % = 66.6666 → 66.67;
    # balance 3,266.66 − 800 = 2,466.66 × 10 % = 246.666 → 246.67; total 313.34.
    # Term: property 10,000 × 2 % = 200.00; 9,800 − 2,400 = 7,400 × 10 % = 740.00; total 940.00.
    r = compute_rental_tax(None, 3, "residential", lump_sum=D("10000"), on=D2026, book=BOOK)
    assert r.per_month.rent == D("3333.33") and r.per_month.total == D("313.34")
    assert r.term.rent == D("10000.00") and r.term.total == D("940.00")


def test_income_tax_band_at_4000_after_taxes() -> None:
    # 4,080: property 81.60, balance 3,998.40 ≤ 4,000 → − 800 = 3,198.40 × 10 % = 319.84.
    low = compute_rental_tax(D("4080"), 1, "residential", on=D2026, book=BOOK)
    assert bases(low)["income_tax"] == D("3198.40") and amounts(low)["income_tax"] == D("319.84")
    # 4,090: property 81.80, balance 4,008.20 > 4,000 → × 0.8: 801.64 deducted = 3,206.56 → 320.66.
    high = compute_rental_tax(D("4090"), 1, "residential", on=D2026, book=BOOK)
    assert bases(high)["income_tax"] == D("3206.56")
    assert amounts(high)["income_tax"] == D("320.66")


def test_small_rent_has_no_negative_income_tax() -> None:
    # 500: property 10.00; 490 − 800 < 0 → taxable 0.
    r = compute_rental_tax(D("500"), 1, "residential", on=D2026, book=BOOK)
    assert amounts(r)["income_tax"] == D("0.00") and r.per_month.total == D("10.00")


def test_relief_ends_on_2027_12_31() -> None:
    # 2027-12-31: 274.00 as above. 2028-01-01: property tax 4 % = 120.00; balance 2,880 − 800
    # = 2,080 × 10 % = 208.00; total 328.00.
    last = compute_rental_tax(D("3000"), 1, "residential", on=date(2027, 12, 31), book=BOOK)
    after = compute_rental_tax(D("3000"), 1, "residential", on=date(2028, 1, 1), book=BOOK)
    assert last.per_month.total == D("274.00")
    assert amounts(after)["property_tax"] == D("120.00")
    assert amounts(after)["income_tax"] == D("208.00")
    assert after.per_month.total == D("328.00")
    assert [x.code for x in after.reliefs] == ["vat_exempt"]
    assert all(line.relief is None for line in after.per_month.lines if line.code != "vat")


def test_surcharges_are_not_halved_after_2027() -> None:
    # 105,000 in 2028: VAT 1,500.00; surcharges 105.00 / 45.00 / 30.00.
    r = compute_rental_tax(D("105000"), 1, "residential", on=date(2028, 1, 1), book=BOOK)
    got = amounts(r)
    assert (got["urban_maintenance_tax"], got["education_surcharge"]) == (D("105.00"), D("45.00"))
    assert got["local_education_surcharge"] == D("30.00")


# ---- city combined rates -----------------------------------------------------------------------


def test_city_a_on_both_sides_of_the_band() -> None:
    # 100,000.00 → 2.5 % = 2,500.00 a month, 5,000.00 for two months.
    below = compute_rental_tax(D("100000"), 2, "residential", city="example-a", on=D2026, book=BOOK)
    assert below.rule_set.id == "example-city-a-combined" and below.rule_set.local_example
    assert [(x.code, x.rate, x.amount) for x in below.per_month.lines] == [
        ("combined", D("0.025"), D("2500.00"))
    ]
    assert below.term.total == D("5000.00") and below.vat_exempt is None
    # 100,000.01 → 4.09 %: 4,090.000409 → 4,090.00;
    # term 200,000.02 × 4.09 % = 8,180.0008 → 8,180.00.
    above = compute_rental_tax(
        D("100000.01"), 2, "non-residential", city="示例甲市", on=D2026, book=BOOK
    )
    assert above.per_month.lines[0].rate == D("0.0409")
    assert above.per_month.total == D("4090.00") and above.term.total == D("8180.00")


def test_city_band_follows_the_spread_lump_sum() -> None:
    # 300,000 over 3 months = 100,000 a month → 2.5 % of 300,000 = 7,500.00.
    r = compute_rental_tax(
        None, 3, "residential", lump_sum=D("300000"), city="Example City A", on=D2026, book=BOOK
    )
    assert r.term.total == D("7500.00")


def test_city_b_four_percent_and_city_c_zero_for_filed_leases() -> None:
    b = compute_rental_tax(D("3000"), 12, "residential", city="example-b", on=D2026, book=BOOK)
    assert b.per_month.total == D("120.00") and b.term.total == D("1440.00")
    c = compute_rental_tax(D("3000"), 12, "residential", city="example-c", on=D2026, book=BOOK)
    assert c.rule_set.id == "example-city-c-filed-residential" and c.term.total == D("0.00")


def test_city_without_rules_for_the_use_falls_back_to_national() -> None:
    # example-c covers residential only; an unknown city has none at all.
    shop = compute_rental_tax(
        D("3000"), 1, "non-residential", city="example-c", on=D2026, book=BOOK
    )
    assert shop.rule_set.id == "cn-national-itemised" and shop.city_fallback
    assert shop.city_requested == "example-c"
    nowhere = compute_rental_tax(D("3000"), 1, "residential", city="Atlantis", on=D2026, book=BOOK)
    assert nowhere.rule_set.id == "cn-national-itemised" and nowhere.city_fallback
    plain = compute_rental_tax(D("3000"), 1, "residential", on=D2026, book=BOOK)
    assert not plain.city_fallback and plain.city_requested is None


# ---- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"monthly_rent": D("-1")}, RentalTaxErrorCode.BAD_RENT),
        ({"monthly_rent": D("NaN")}, RentalTaxErrorCode.BAD_RENT),
        ({"monthly_rent": D("10.001")}, RentalTaxErrorCode.BAD_RENT),
        ({"monthly_rent": None, "lump_sum": D("-5")}, RentalTaxErrorCode.BAD_RENT),
        ({"monthly_rent": None}, RentalTaxErrorCode.RENT_AMBIGUOUS),
        ({"lump_sum": D("100")}, RentalTaxErrorCode.RENT_AMBIGUOUS),
        ({"months": 0}, RentalTaxErrorCode.BAD_MONTHS),
        ({"months": 241}, RentalTaxErrorCode.BAD_MONTHS),
        ({"use": "shop"}, RentalTaxErrorCode.UNKNOWN_USE),
        ({"on": date(2022, 12, 31)}, RentalTaxErrorCode.NO_RULE_SET),
    ],
)
def test_bad_input_is_a_typed_error_in_both_languages(
    kwargs: dict[str, object], code: RentalTaxErrorCode
) -> None:
    args: dict[str, object] = {
        "monthly_rent": D("3000"),
        "months": 12,
        "use": "residential",
        "on": D2026,
        "book": BOOK,
        **kwargs,
    }
    with pytest.raises(RentalTaxError) as caught:
        compute_rental_tax(**args)  # type: ignore[arg-type]
    assert caught.value.code is code
    assert caught.value.message_en == str(caught.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message_zh)
    again = pickle.loads(pickle.dumps(caught.value))
    assert again.code is code and again.message_zh == caught.value.message_zh


def test_result_to_json_has_decimal_strings_and_names_the_rule_set() -> None:
    r = compute_rental_tax(D("3000"), 12, "residential", city="x", on=D2026, book=BOOK)
    data = json.loads(json.dumps(r.to_json(), ensure_ascii=False))
    assert data["use"] == "residential" and data["on"] == "2026-06-01"
    assert data["per_month"]["total"] == "274.00" and data["term"]["total"] == "3288.00"
    assert data["rule_set"]["id"] == "cn-national-itemised"
    assert data["rule_set"]["name_zh"] and data["rule_set"]["name_en"]
    assert data["rule_set"]["effective_from"] == "2023-01-01"
    assert data["per_month"]["lines"][4] == {
        "code": "property_tax",
        "name_zh": "房产税",
        "name_en": "Property tax",
        "base": "3000.00",
        "rate": "0.020",
        "amount": "60.00",
        "relief": "six_taxes_two_fees_halved",
    }


# ---- invariants ----------------------------------------------------------------------------

_money = st.decimals(min_value=0, max_value=D("5000000"), places=2, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(
    rent=_money,
    months=st.integers(1, 240),
    use=st.sampled_from(list(RentalUse)),
    lump=st.booleans(),
    city=st.sampled_from([None, "example-a", "example-b", "example-c", "elsewhere"]),
    on=st.dates(date(2023, 1, 1), date(2035, 12, 31)),
)
def test_amounts_never_negative_and_lines_sum_to_total(
    rent: D, months: int, use: RentalUse, lump: bool, city: str | None, on: date
) -> None:
    r = compute_rental_tax(
        None if lump else rent,
        months,
        use,
        lump_sum=rent if lump else None,
        city=city,
        on=on,
        book=BOOK,
    )
    for view in (r.per_month, r.term):
        assert view.total == sum((line.amount for line in view.lines), D(0))
        for line in view.lines:
            assert line.amount >= 0 and line.base >= 0 and line.rate >= 0
            assert line.amount == line.amount.quantize(D("0.01"))
        assert view.total <= view.rent  # never more tax than rent
    if not lump:
        assert r.term.rent == rent * months


# ---- rule files ---------------------------------------------------------------------------


def test_shipped_files_load_and_are_distinct() -> None:
    ids = {rs.id for rs in _shipped()}
    assert ids == {
        "cn-national-itemised",
        "example-city-a-combined",
        "example-city-b-combined",
        "example-city-c-filed-residential",
    }
    examples = {rs.id for rs in _shipped() if rs.local_example}
    assert examples == ids - {"cn-national-itemised"}


NATIONAL_TOML = (
    Path(__file__).resolve().parents[2] / "desktop/domain/rental_tax/data/national.toml"
).read_text(encoding="utf-8")

CITY_TOML = """
schema = 1
id = "hall-city"
name_zh = "本市综合征收率"
name_en = "Our city combined rate"
city = "310100"
city_name_zh = "上海市"
method = "combined"
uses = ["residential"]
effective_from = 2024-01-01
effective_to = 2026-12-31
[combined]
name_zh = "综合征收率"
name_en = "Combined rate"
[[combined.bands]]
use = "residential"
rate = "0.03"
"""


def test_hall_folder_adds_a_city(tmp_path: Path) -> None:
    folder = hall_rules_dir(tmp_path)
    folder.mkdir()
    (folder / "city.toml").write_text(CITY_TOML, encoding="utf-8")
    book = load_rule_book(folder)
    r = compute_rental_tax(D("3000"), 1, "residential", city="上海市", on=D2026, book=book)
    assert r.rule_set.id == "hall-city" and r.per_month.total == D("90.00")
    assert r.rule_set.origin == str(folder / "city.toml")
    # Outside its period the city falls back to national.
    later = compute_rental_tax(
        D("3000"), 1, "residential", city="310100", on=date(2027, 1, 1), book=book
    )
    assert later.rule_set.id == "cn-national-itemised" and later.city_fallback


def test_hall_file_with_a_shipped_id_overrides_it(tmp_path: Path) -> None:
    # A hall outside a city proper: urban maintenance tax 1 % instead of 7 %.
    text = NATIONAL_TOML.replace('rate = "0.07"', 'rate = "0.01"')
    assert text != NATIONAL_TOML
    (tmp_path / "national.toml").write_text(text, encoding="utf-8")
    book = load_rule_book(tmp_path)
    assert len(book.rule_sets) == len(BOOK.rule_sets)
    # 105,000: VAT 1,500.00 × 1 % halved = 7.50 (was 52.50).
    r = compute_rental_tax(D("105000"), 1, "residential", on=D2026, book=book)
    assert amounts(r)["urban_maintenance_tax"] == D("7.50")
    assert r.rule_set.origin == str(tmp_path / "national.toml")
    # The shipped book is untouched.
    assert amounts(compute_rental_tax(D("105000"), 1, "residential", on=D2026, book=BOOK))[
        "urban_maintenance_tax"
    ] == D("52.50")


def test_missing_hall_folder_is_the_shipped_book(tmp_path: Path) -> None:
    assert load_rule_book(tmp_path / "nothing-here") == BOOK
    assert isinstance(BOOK, RuleBook)


def test_hall_national_set_overlapping_the_shipped_one_is_refused(tmp_path: Path) -> None:
    text = NATIONAL_TOML.replace('id = "cn-national-itemised"', 'id = "hall-national"')
    (tmp_path / "mine.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_rule_book(tmp_path)
    assert caught.value.code is RentalTaxErrorCode.RULES_CONFLICT
    assert "cn-national-itemised" in str(caught.value) and "mine.toml" in caught.value.file


def test_two_hall_files_with_one_id_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(CITY_TOML, encoding="utf-8")
    (tmp_path / "b.toml").write_text(CITY_TOML, encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_rule_book(tmp_path)
    assert caught.value.code is RentalTaxErrorCode.RULES_CONFLICT
    assert caught.value.field == "id" and caught.value.file.endswith("b.toml")


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        ('rate = "0.03"', "rate = 0.03", "combined.bands[0].rate", "write decimals as text"),
        ('rate = "0.03"', 'rate = "3%"', "combined.bands[0].rate", "is not a decimal"),
        ('rate = "0.03"', 'rate = "-0.03"', "combined.bands[0].rate", "must not be negative"),
        ('rate = "0.03"', 'rate = "3"', "combined.bands[0].rate", "at most 1"),
        ("effective_to = 2026-12-31", "effective_to = 2023-12-31", "effective_to", "before"),
        ("effective_to = 2026-12-31", 'effective_to = "soon"', "effective_to", "must be a date"),
        ("effective_to = 2026-12-31", "effective_unto = 2026-12-31", "effective_unto", "unknown"),
        ('uses = ["residential"]', 'uses = ["shop"]', "uses[0]", "unknown use"),
        ('use = "residential"\nrate', 'use = "residential"\nmonthly_rent_up_to = "5"\nrate',
         "combined.bands[0].monthly_rent_up_to", "must have no upper bound"),
        ('method = "combined"', 'method = "magic"', "method", "itemised"),
        ("schema = 1", "schema = 2", "schema", "must be 1"),
        ('name_en = "Our city combined rate"\n', "", "name_en", "is missing"),
        ('id = "hall-city"', 'id = "hall city!"', "id", "letters"),
        ('use = "residential"\nrate', 'use = "shop"\nrate', "combined.bands[0].use", "unknown"),
    ],
)  # fmt: skip
def test_broken_file_names_file_field_and_problem(
    tmp_path: Path, old: str, new: str, field: str, problem: str
) -> None:
    assert old in CITY_TOML
    (tmp_path / "broken.toml").write_text(CITY_TOML.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_rule_book(tmp_path)
    err = caught.value
    assert err.code is RentalTaxErrorCode.RULES_INVALID
    assert err.file == str(tmp_path / "broken.toml")
    assert err.field == field
    assert problem in err.problem
    assert err.file in str(err) and field in str(err) and err.file in err.message_zh


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('relief = "six_taxes_two_fees_halved"\n\n[[surcharges]]\ncode = "education_surcharge"',
         'relief = "halved"\n\n[[surcharges]]\ncode = "education_surcharge"',
         "surcharges[0].relief"),
        ('rates = { residential = "0.10", non-residential = "0.20" }',
         'rates = { residential = "0.10" }', "income_tax.rates.non-residential"),
        ('divisor = "1.05"', 'divisor = "0.95"', "vat.divisor"),
        ('deduction_test = "after_taxes"', 'deduction_test = "before"',
         "income_tax.deduction_test"),
        ('factor = "0.5"', 'factor = "1.5"', "reliefs[0].factor"),
        ('code = "education_surcharge"', 'code = "urban_maintenance_tax"', "surcharges[1].code"),
        ("[property_tax]", "[property_taxes]", "property_taxes"),
    ],
)  # fmt: skip
def test_broken_itemised_file(tmp_path: Path, old: str, new: str, field: str) -> None:
    assert old in NATIONAL_TOML
    (tmp_path / "national.toml").write_text(NATIONAL_TOML.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_rule_book(tmp_path)
    assert caught.value.field == field


def test_file_that_is_not_toml(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text("id = [unclosed", encoding="utf-8")
    with pytest.raises(RuleFileError, match="is not valid TOML") as caught:
        load_rule_book(tmp_path)
    assert caught.value.file.endswith("x.toml") and caught.value.field == ""
    (tmp_path / "x.toml").write_bytes(b"\xff\xfe id")
    with pytest.raises(RuleFileError, match="UTF-8"):
        load_rule_book(tmp_path)


def test_deduction_test_on_income_changes_the_band(tmp_path: Path) -> None:
    # 4,080 with the test on income (4,080 > 4,000): balance 3,998.40 × 0.8 = 3,198.72 → 319.87
    # (after-taxes test: 3,198.40 → 319.84, see above).
    text = NATIONAL_TOML.replace('deduction_test = "after_taxes"', 'deduction_test = "income"')
    (tmp_path / "national.toml").write_text(text, encoding="utf-8")
    r = compute_rental_tax(D("4080"), 1, "residential", on=D2026, book=load_rule_book(tmp_path))
    assert bases(r)["income_tax"] == D("3198.72") and amounts(r)["income_tax"] == D("319.87")
