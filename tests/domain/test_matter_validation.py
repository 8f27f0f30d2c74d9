"""Form validation: each rule names the field and the rule, in Chinese and English."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.matters.loader import load_catalog
from desktop.domain.matters.validation import Rule, validate_form

TODAY = date(2026, 11, 23)
CATALOG = load_catalog()
JZ = CATALOG.by_category("JZ")

GOOD_JZ = {
    "movement": "in",
    "movement_date": "2026-11-20",
    "house_code": "4403070030030400042000003",
    "address": "深圳市宝安区西乡街道某路1号",
    "reporter": "self",
    "emergency_phone": "13800138000",
    "persons.0.name": "张三",
    "persons.0.id_type": "citizen",
    "persons.0.id_number": "11010519491231002X",
    "persons.0.sex": "2",
    "persons.0.birth_date": "1949-12-31",
    "persons.0.household_address": "北京市朝阳区某街1号",
    "persons.0.arrival_reason": "务工",
}


def test_a_complete_form_has_no_errors() -> None:
    assert validate_form(JZ, GOOD_JZ, today=TODAY) == ()


@pytest.mark.parametrize(
    ("path", "value", "rule", "zh", "en"),
    [
        ("persons.0.name", "", Rule.REQUIRED, "“姓名”为必填项", "“Name” is required"),
        (
            "persons.0.id_number",
            "110105194912310021",
            Rule.BAD_ID_NUMBER,
            "“证件号码”不是有效的证件号码",
            "is not a valid identity number",
        ),
        ("house_code", "123", Rule.BAD_HOUSE_CODE, "房屋编码", "25-digit house code"),
        ("emergency_phone", "12345", Rule.BAD_PHONE, "紧急联系电话", "is not a phone number"),
        ("movement_date", "2026-13-01", Rule.BAD_DATE, "不是有效日期", "is not a date"),
        (
            "movement_date",
            "2027-01-30",
            Rule.NOT_AFTER,
            "不能晚于 2026-12-23",
            "may not be after 2026-12-23",
        ),
        ("movement", "sideways", Rule.BAD_CHOICE, "不在可选范围内", "is not one of the options"),
        ("persons.0.occupation_code", "X-1", Rule.PATTERN, "如 4-01-02", "e.g. 4-01-02"),
        ("address", "路" * 201, Rule.MAX_LENGTH, "不能超过 200 个字", "at most 200 characters"),
    ],
)
def test_each_rule_names_field_and_rule(
    path: str, value: str, rule: Rule, zh: str, en: str
) -> None:
    errors = validate_form(JZ, {**GOOD_JZ, path: value}, today=TODAY)
    assert len(errors) == 1, errors
    err = errors[0]
    assert (err.path, err.rule) == (path, rule)
    assert zh in err.message_zh
    assert en in err.message_en


def test_id_number_checked_against_the_chosen_id_type() -> None:
    values = {**GOOD_JZ, "persons.0.id_type": "passport", "persons.0.id_number": "E12345678"}
    assert validate_form(JZ, values, today=TODAY) == ()
    values["persons.0.id_type"] = "hmt_permit"
    (err,) = validate_form(JZ, values, today=TODAY)
    assert err.rule is Rule.BAD_ID_NUMBER and err.detail.startswith("id.")


def test_all_errors_at_once_and_rows_of_a_repeated_section() -> None:
    values = {**GOOD_JZ, "persons.1.name": "李四", "persons.0.name": ""}
    errors = validate_form(JZ, values, today=TODAY)
    paths = [e.path for e in errors]
    assert "persons.0.name" in paths
    # the second row was started: its required fields are now due too
    assert {"persons.1.id_number", "persons.1.birth_date"} <= set(paths)


def test_no_more_than_three_persons_per_form() -> None:
    values = dict(GOOD_JZ)
    for i in range(1, 4):
        values |= {
            f"persons.{i}.{k.split('.')[-1]}": v
            for k, v in GOOD_JZ.items()
            if k.startswith("persons.0.")
        }
    errors = validate_form(JZ, values, today=TODAY)
    assert [e.rule for e in errors] == [Rule.TOO_MANY_ROWS]
    assert "最多 3" in errors[0].message_zh


def test_money_and_integer_bounds() -> None:
    ns = CATALOG.by_category("NS")
    base = {
        "landlord_name": "王五",
        "landlord_id_type": "citizen",
        "landlord_id_number": "11010519491231002X",
        "landlord_phone": "0755-12345678",
        "house_code": "4403070030030400042000003",
        "house_address": "深圳市宝安区某路2号",
        "use": "residential",
        "monthly_rent": "3000.00",
        "months": "12",
        "payment_method": "card",
    }
    assert validate_form(ns, base, today=TODAY) == ()
    (err,) = validate_form(ns, {**base, "monthly_rent": "3000.123"}, today=TODAY)
    assert err.rule is Rule.BAD_MONEY
    (err,) = validate_form(ns, {**base, "months": "0"}, today=TODAY)
    assert err.rule is Rule.MIN_VALUE and "不能小于 1" in err.message_zh
