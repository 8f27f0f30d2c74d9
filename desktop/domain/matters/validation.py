"""Form validation: every field's rules, with a message naming the field and the rule in Chinese
and English (the window shows them as the clerk types; the case service checks again on accept).

Values are the strings the form holds: ISO dates, decimal numbers, codes, ``true``/``false``.
Keys are flat paths (:func:`desktop.domain.matters.prefill.field_path`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from desktop.domain.errors import CodedError
from desktop.domain.housecode import HouseCodeError, parse_house_code
from desktop.domain.identity import IdentityError, IdKind, parse_credit_code, parse_id_number
from desktop.domain.matters.model import FieldSpec, FieldType, Matter, SectionSpec

__all__ = [
    "FieldError",
    "FormInvalid",
    "Rule",
    "relative_date",
    "row_count",
    "validate_field",
    "validate_form",
]


class Rule(StrEnum):
    REQUIRED = "field.required"
    PATTERN = "field.pattern"
    MIN_LENGTH = "field.min_length"
    MAX_LENGTH = "field.max_length"
    MIN_VALUE = "field.min_value"
    MAX_VALUE = "field.max_value"
    NOT_BEFORE = "field.not_before"
    NOT_AFTER = "field.not_after"
    BAD_DATE = "field.bad_date"
    BAD_NUMBER = "field.bad_number"
    BAD_MONEY = "field.bad_money"
    BAD_CHOICE = "field.bad_choice"
    BAD_BOOL = "field.bad_bool"
    BAD_ID_NUMBER = "field.bad_id_number"
    BAD_PHONE = "field.bad_phone"
    BAD_HOUSE_CODE = "field.bad_house_code"
    BAD_CREDIT_CODE = "field.bad_credit_code"
    TOO_MANY_ROWS = "section.too_many_rows"
    TOO_FEW_ROWS = "section.too_few_rows"
    UNKNOWN_FIELD = "field.unknown"


@dataclass(frozen=True, slots=True)
class FieldError:
    path: str
    field_key: str
    rule: Rule
    message_zh: str
    message_en: str
    detail: str = ""  # e.g. the identity-number error code


class FormInvalid(CodedError, ValueError):
    """A form with broken fields; errors has each field's problem in both languages."""

    code = "form.invalid"

    def __init__(self, errors: tuple[FieldError, ...]) -> None:
        self.errors = errors
        super().__init__(
            "; ".join(f"{e.path}: {e.message_en}" for e in errors),
            "；".join(e.message_zh for e in errors),
            detail={"fields": [e.path for e in errors]},
        )


_REL = re.compile(r"^today(?:([+-])(\d{1,5})d)?$")
_PHONE = re.compile(r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|\d{7,8})$")
_PASSPORT = re.compile(r"^[A-Z0-9]{5,17}$")
_MONEY = re.compile(r"^\d{1,12}(?:\.\d{1,2})?$")


def relative_date(text: str, today: date) -> date:
    """``today``, ``today-30d``, ``today+60d`` or an ISO date."""
    m = _REL.match(text)
    if m is None:
        return date.fromisoformat(text)
    if m.group(1) is None:
        return today
    days = int(m.group(2))
    return today + timedelta(days=days if m.group(1) == "+" else -days)


def _err(spec: FieldSpec, path: str, rule: Rule, zh: str, en: str, detail: str = "") -> FieldError:
    return FieldError(
        path,
        spec.key,
        rule,
        f"“{spec.label_zh}”{zh}",
        f"“{spec.label_en}” {en}",
        detail,
    )


def validate_field(
    spec: FieldSpec, value: str, *, path: str, today: date, id_type: str = ""
) -> FieldError | None:
    """The first rule ``value`` breaks, or None. An empty value only breaks ``required``."""
    text = value.strip()
    if not text:
        if spec.required:
            return _err(spec, path, Rule.REQUIRED, "为必填项", "is required")
        return None
    t = spec.type
    if spec.min_length is not None and len(text) < spec.min_length:
        return _err(
            spec,
            path,
            Rule.MIN_LENGTH,
            f"至少需要 {spec.min_length} 个字",
            f"needs at least {spec.min_length} characters",
        )
    if spec.max_length is not None and len(text) > spec.max_length:
        return _err(
            spec,
            path,
            Rule.MAX_LENGTH,
            f"不能超过 {spec.max_length} 个字",
            f"may have at most {spec.max_length} characters",
        )
    if t is FieldType.CHOICE:
        if spec.option(text) is None:
            return _err(
                spec, path, Rule.BAD_CHOICE, "的取值不在可选范围内", "is not one of the options"
            )
    elif t is FieldType.BOOL:
        if text not in ("true", "false"):
            return _err(spec, path, Rule.BAD_BOOL, "只能为是或否", "must be yes or no")
    elif t is FieldType.DATE:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return _err(
                spec, path, Rule.BAD_DATE, "不是有效日期（年-月-日）", "is not a date (YYYY-MM-DD)"
            )
        if spec.not_before and day < (lo := relative_date(spec.not_before, today)):
            return _err(
                spec, path, Rule.NOT_BEFORE, f"不能早于 {lo.isoformat()}", f"may not be before {lo}"
            )
        if spec.not_after and day > (hi := relative_date(spec.not_after, today)):
            return _err(
                spec, path, Rule.NOT_AFTER, f"不能晚于 {hi.isoformat()}", f"may not be after {hi}"
            )
    elif t in (FieldType.INTEGER, FieldType.MONEY):
        if t is FieldType.INTEGER and not re.fullmatch(r"-?\d{1,12}", text):
            return _err(spec, path, Rule.BAD_NUMBER, "应为整数", "must be a whole number")
        if t is FieldType.MONEY and not _MONEY.fullmatch(text):
            return _err(
                spec,
                path,
                Rule.BAD_MONEY,
                "应为金额（元，最多两位小数）",
                "must be an amount in yuan (at most 2 decimals)",
            )
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the patterns above rule this out
            return _err(spec, path, Rule.BAD_NUMBER, "不是数字", "is not a number")
        if spec.min_value is not None and number < spec.min_value:
            return _err(
                spec,
                path,
                Rule.MIN_VALUE,
                f"不能小于 {spec.min_value}",
                f"may not be below {spec.min_value}",
            )
        if spec.max_value is not None and number > spec.max_value:
            return _err(
                spec,
                path,
                Rule.MAX_VALUE,
                f"不能大于 {spec.max_value}",
                f"may not exceed {spec.max_value}",
            )
    elif t is FieldType.ID_NUMBER:
        problem = _id_problem(text, id_type, today)
        if problem is not None:
            return _err(
                spec,
                path,
                Rule.BAD_ID_NUMBER,
                "不是有效的证件号码",
                "is not a valid identity number",
                problem,
            )
    elif t is FieldType.PHONE:
        if not _PHONE.fullmatch(text):
            return _err(
                spec,
                path,
                Rule.BAD_PHONE,
                "不是有效的电话号码（手机11位或区号-号码）",
                "is not a phone number (11-digit mobile or area code-number)",
            )
    elif t is FieldType.HOUSE_CODE:
        try:
            parse_house_code(text)
        except HouseCodeError as exc:
            return _err(
                spec,
                path,
                Rule.BAD_HOUSE_CODE,
                "不是有效的25位房屋编码",
                "is not a valid 25-digit house code",
                str(exc.code),
            )
    elif t is FieldType.CREDIT_CODE:
        try:
            parse_credit_code(text)
        except IdentityError as exc:
            return _err(
                spec,
                path,
                Rule.BAD_CREDIT_CODE,
                "不是有效的统一社会信用代码",
                "is not a valid unified social credit code",
                str(exc.code),
            )
    if spec.pattern and not re.fullmatch(spec.pattern, text):
        return _err(
            spec,
            path,
            Rule.PATTERN,
            f"格式不正确：{spec.pattern_hint_zh or spec.pattern}",
            f"has the wrong format: {spec.pattern_hint_en or spec.pattern}",
        )
    return None


def _id_problem(text: str, id_type: str, today: date) -> str | None:
    if id_type == "passport":
        return None if _PASSPORT.fullmatch(text.upper()) else "passport.bad_format"
    try:
        kind = IdKind(id_type) if id_type else None
    except ValueError:
        kind = None
    try:
        parse_id_number(text, kind=kind, today=today)
    except IdentityError as exc:
        return str(exc.code)
    return None


def row_count(section: SectionSpec, values: Mapping[str, str]) -> int:
    """How many rows of a repeated section hold any value (rows are 0…n-1, no gaps)."""
    rows = 0
    prefix = f"{section.key}."
    for key, value in values.items():
        if key.startswith(prefix) and value.strip():
            idx = key[len(prefix) :].split(".", 1)[0]
            if idx.isdigit():
                rows = max(rows, int(idx) + 1)
    return rows


def validate_form(
    matter: Matter, values: Mapping[str, str], *, today: date
) -> tuple[FieldError, ...]:
    """Every error of the form (not only the first), in the form's order."""
    errors: list[FieldError] = []
    for section in matter.sections:
        indexes: list[int | None]
        if section.repeated:
            n = row_count(section, values)
            if n > section.repeat_max:
                first = section.fields[0]
                errors.append(
                    FieldError(
                        section.key,
                        first.key,
                        Rule.TOO_MANY_ROWS,
                        f"“{section.title_zh}”最多 {section.repeat_max} 人/项",
                        f"“{section.title_en}” allows at most {section.repeat_max} entries",
                    )
                )
            indexes = list(range(max(n, section.repeat_min)))
        else:
            indexes = [None]
        for index in indexes:
            for spec in section.fields:
                path = spec.key if index is None else f"{section.key}.{index}.{spec.key}"
                id_type = ""
                if spec.id_type_field:
                    type_path = (
                        spec.id_type_field
                        if index is None
                        else f"{section.key}.{index}.{spec.id_type_field}"
                    )
                    id_type = values.get(type_path, "")
                error = validate_field(
                    spec, values.get(path, ""), path=path, today=today, id_type=id_type
                )
                if error is not None:
                    errors.append(error)
    return tuple(errors)
