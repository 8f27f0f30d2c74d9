"""Rental-tax rule sets: the data model, the TOML loader and the selection by city, use and date.

A rule set is one TOML file (see ``data/*.toml`` for the shipped ones and their sources). It
names a city (none: national), the uses it covers, an effective period and a method:

* ``itemised``: VAT (with its small-taxpayer exemption), surcharges on the VAT, property tax and
  individual income tax, each with a rate per use; reliefs (a factor with an effective period,
  e.g. "halved until 2027-12-31") multiply the rates of the items that name them;
* ``combined``: one rate on the gross rent, by use and monthly-rent band.

The shipped files are read from the package; a hall adds or overrides rule sets with files in
its own folder (``<data dir>/rental_tax``): a hall file with the ``id`` of a shipped set replaces
it, any other id is added. Every file is validated: a broken one raises :class:`RuleFileError`
naming the file, the field and the problem. Two rule sets for the same city and use whose
periods overlap are refused, so :meth:`RuleBook.select` never has to guess.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from desktop.domain.rental_tax.errors import RentalTaxError, RentalTaxErrorCode, RuleFileError

__all__ = [
    "HALL_RULES_DIRNAME",
    "MAX_LEASE_MONTHS",
    "CombinedBand",
    "CombinedRules",
    "IncomeTaxRule",
    "ItemisedRules",
    "PropertyTaxRule",
    "Relief",
    "RentalUse",
    "RuleBook",
    "RuleSet",
    "Selection",
    "SurchargeRule",
    "VatRule",
    "default_rule_book",
    "hall_rules_dir",
    "load_rule_book",
    "load_rule_file",
    "parse_use",
]

SCHEMA_VERSION = 1
HALL_RULES_DIRNAME = "rental_tax"
MAX_LEASE_MONTHS = 240  # Civil Code art. 705: a lease term may not exceed twenty years
_DATA_PACKAGE = "desktop.domain.rental_tax.data"


class RentalUse(StrEnum):
    RESIDENTIAL = "residential"
    NON_RESIDENTIAL = "non-residential"


_USE_ZH = {RentalUse.RESIDENTIAL: "住房", RentalUse.NON_RESIDENTIAL: "非住房"}


def parse_use(value: object) -> RentalUse:
    """``"residential"`` / ``"non-residential"`` (also ``_`` for ``-``) → :class:`RentalUse`."""
    text = str(value).strip().lower().replace("_", "-") if value is not None else ""
    try:
        return RentalUse(text)
    except ValueError:
        raise RentalTaxError(
            RentalTaxErrorCode.UNKNOWN_USE,
            f"Unknown use {value!r}: expected 'residential' or 'non-residential'.",
            f"未知的房屋用途 {value!r}：应为 residential（住房）或 non-residential（非住房）。",
        ) from None


# ---- the model -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Relief:
    """A factor applied to the rates of the items that name it, inside its effective period."""

    code: str
    name_zh: str
    name_en: str
    factor: Decimal
    effective_from: date
    effective_to: date | None

    def active_on(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True, slots=True)
class VatRule:
    name_zh: str
    name_en: str
    divisor: Decimal  # rent ÷ divisor = rent excluding VAT
    rates: Mapping[RentalUse, Decimal]
    exempt_monthly_rent_up_to: Decimal | None  # inclusive; None = never exempt
    exempt_test: Literal["rent", "rent_excluding_vat"]
    exemption_name_zh: str
    exemption_name_en: str


@dataclass(frozen=True, slots=True)
class SurchargeRule:
    """A surcharge on the VAT paid."""

    code: str
    name_zh: str
    name_en: str
    rate: Decimal
    relief: str | None


@dataclass(frozen=True, slots=True)
class PropertyTaxRule:
    name_zh: str
    name_en: str
    rates: Mapping[RentalUse, Decimal]
    relief: str | None


@dataclass(frozen=True, slots=True)
class IncomeTaxRule:
    name_zh: str
    name_en: str
    rates: Mapping[RentalUse, Decimal]
    fixed_deduction: Decimal  # per month, when the month's test amount is at most ...
    fixed_deduction_up_to: Decimal  # ... this (inclusive)
    proportional_deduction: Decimal  # otherwise this share of the balance is deducted
    deduction_test: Literal["after_taxes", "income"]


@dataclass(frozen=True, slots=True)
class ItemisedRules:
    vat: VatRule
    surcharges: tuple[SurchargeRule, ...]
    property_tax: PropertyTaxRule
    income_tax: IncomeTaxRule
    reliefs: tuple[Relief, ...]

    def relief(self, code: str | None) -> Relief | None:
        return next((r for r in self.reliefs if r.code == code), None) if code else None


@dataclass(frozen=True, slots=True)
class CombinedBand:
    use: RentalUse
    monthly_rent_up_to: Decimal | None  # inclusive upper bound; None = no upper bound
    rate: Decimal


@dataclass(frozen=True, slots=True)
class CombinedRules:
    name_zh: str
    name_en: str
    bands: tuple[CombinedBand, ...]  # per use ascending, the open band last

    def band(self, use: RentalUse, monthly_rent: Decimal) -> CombinedBand:
        for band in self.bands:
            if band.use is use and (
                band.monthly_rent_up_to is None or monthly_rent <= band.monthly_rent_up_to
            ):
                return band
        raise AssertionError("validated: every use of a combined rule set has an open band")


@dataclass(frozen=True, slots=True)
class RuleSet:
    id: str
    name_zh: str
    name_en: str
    city: str | None  # None: national
    city_name_zh: str
    city_name_en: str
    method: Literal["itemised", "combined"]
    uses: tuple[RentalUse, ...]
    effective_from: date
    effective_to: date | None
    local_example: bool
    note_zh: str
    note_en: str
    origin: str  # "package:<file>" or the hall file's path
    itemised: ItemisedRules | None = None
    combined: CombinedRules | None = None

    def in_force_on(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def matches_city(self, city: str) -> bool:
        key = city.strip().casefold()
        return self.city is not None and key in {
            self.city.casefold(),
            self.city_name_zh.casefold(),
            self.city_name_en.casefold(),
        }

    def _overlaps(self, other: RuleSet) -> bool:
        far = date.max
        return self.effective_from <= (other.effective_to or far) and other.effective_from <= (
            self.effective_to or far
        )


@dataclass(frozen=True, slots=True)
class Selection:
    """The rule set chosen for a computation and why."""

    rule_set: RuleSet
    city_requested: str | None
    city_fallback: bool  # a city was asked for but has no rule set for this use and date


@dataclass(frozen=True, slots=True)
class RuleBook:
    rule_sets: tuple[RuleSet, ...]

    def select(self, city: str | None, use: RentalUse | str, on: date) -> Selection:
        """The city's rule set for ``use`` in force on ``on``, else the national one."""
        use = parse_use(use)
        city = city.strip() if city and city.strip() else None
        if city is not None:
            for rs in self.rule_sets:
                if rs.matches_city(city) and use in rs.uses and rs.in_force_on(on):
                    return Selection(rs, city, city_fallback=False)
        for rs in self.rule_sets:
            if rs.city is None and use in rs.uses and rs.in_force_on(on):
                return Selection(rs, city, city_fallback=city is not None)
        raise RentalTaxError(
            RentalTaxErrorCode.NO_RULE_SET,
            f"No rental-tax rule set covers {use.value} use on {on.isoformat()}"
            + (f" (city {city!r}, nor the national rules)." if city else "."),
            f"没有适用于{on.isoformat()}{_USE_ZH[use]}租赁的计税规则"
            + (f"（{city} 及全国规则均无）。" if city else "。"),
        )

    def get(self, rule_set_id: str) -> RuleSet | None:
        return next((rs for rs in self.rule_sets if rs.id == rule_set_id), None)


# ---- loading -------------------------------------------------------------------------------


def hall_rules_dir(data_dir: Path) -> Path:
    """The hall's own rule folder: ``<data dir>/rental_tax``."""
    return data_dir / HALL_RULES_DIRNAME


@functools.cache
def _shipped() -> tuple[RuleSet, ...]:
    folder = resources.files(_DATA_PACKAGE)
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            found.append(_parse_text(entry.read_text(encoding="utf-8"), f"package:{entry.name}"))
    return tuple(found)


def default_rule_book() -> RuleBook:
    """The rule sets shipped with OneWindow only."""
    return load_rule_book(None)


def load_rule_book(hall_dir: Path | None) -> RuleBook:
    """The shipped rule sets, overridden and extended by the ``*.toml`` files in ``hall_dir``.

    A missing ``hall_dir`` is not an error (a hall that has added nothing); a path that exists
    but is not a folder is.
    """
    by_id: dict[str, RuleSet] = {rs.id: rs for rs in _shipped()}
    if hall_dir is not None and hall_dir.exists():
        if not hall_dir.is_dir():
            raise RuleFileError(str(hall_dir), "", "is not a folder", problem_zh="不是文件夹")
        seen: dict[str, str] = {}
        for path in sorted(hall_dir.glob("*.toml")):
            rs = load_rule_file(path)
            if rs.id in seen:
                raise RuleFileError(
                    str(path),
                    "id",
                    f"{rs.id!r} is also the id of {seen[rs.id]}",
                    problem_zh=f"{rs.id!r} 与 {seen[rs.id]} 的 id 重复",
                    code=RentalTaxErrorCode.RULES_CONFLICT,
                )
            seen[rs.id] = str(path)
            by_id[rs.id] = rs
    rule_sets = tuple(by_id.values())
    _check_overlaps(rule_sets)
    return RuleBook(rule_sets)


def load_rule_file(path: Path) -> RuleSet:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RuleFileError(
            str(path), "", f"is not UTF-8 text ({exc.reason})", problem_zh="不是 UTF-8 文本"
        ) from None
    except OSError as exc:
        raise RuleFileError(
            str(path), "", f"cannot be read ({exc.strerror})", problem_zh="无法读取"
        ) from None
    return _parse_text(text, str(path))


def _check_overlaps(rule_sets: Iterable[RuleSet]) -> None:
    listed = list(rule_sets)
    for i, a in enumerate(listed):
        for b in listed[i + 1 :]:
            same_place = (a.city is None and b.city is None) or (
                a.city is not None and b.city is not None and a.city.casefold() == b.city.casefold()
            )
            common = set(a.uses) & set(b.uses)
            if same_place and common and a._overlaps(b):
                use = sorted(u.value for u in common)[0]
                raise RuleFileError(
                    b.origin,
                    "effective_from",
                    f"rule set {b.id!r} and {a.id!r} ({a.origin}) both cover "
                    f"{b.city or 'national'} {use} use in overlapping periods",
                    problem_zh=f"规则 {b.id!r} 与 {a.id!r}（{a.origin}）的适用期间重叠",
                    code=RentalTaxErrorCode.RULES_CONFLICT,
                )


def _parse_text(text: str, origin: str) -> RuleSet:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(
            origin, "", f"is not valid TOML ({exc})", problem_zh=f"不是有效的 TOML（{exc}）"
        ) from None
    except RecursionError:  # tomllib recurses once per level of nested arrays and tables
        raise RuleFileError(
            origin, "", "is nested too deeply to be a rule set", problem_zh="嵌套层级过深"
        ) from None
    return _Reader(origin).rule_set(data)


class _Reader:
    """Reads one file's tables; every problem names the file and the field's dotted path."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, field: str, problem: str, problem_zh: str | None = None) -> RuleFileError:
        return RuleFileError(self.origin, field, problem, problem_zh=problem_zh)

    # -- scalar fields --

    def table(self, data: Mapping[str, Any], key: str, prefix: str) -> Mapping[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            raise self.fail(
                prefix + key,
                "is missing" if value is None else "must be a table",
                "缺少该项" if value is None else "必须是表",
            )
        return value

    def only(self, data: Mapping[str, Any], allowed: set[str], prefix: str) -> None:
        for key in data:
            if key not in allowed:
                raise self.fail(
                    prefix + key,
                    f"unknown field (allowed: {', '.join(sorted(allowed))})",
                    "未知字段",
                )

    def text(
        self, data: Mapping[str, Any], key: str, prefix: str, *, default: str | None = None
    ) -> str:
        value = data.get(key, default)
        if value is None:
            raise self.fail(prefix + key, "is missing", "缺少该项")
        if not isinstance(value, str):
            raise self.fail(prefix + key, "must be text", "必须是文本")
        return value.strip()

    def name(self, data: Mapping[str, Any], key: str, prefix: str) -> str:
        value = self.text(data, key, prefix)
        if not value:
            raise self.fail(prefix + key, "must not be empty", "不能为空")
        return value

    def decimal(
        self,
        data: Mapping[str, Any],
        key: str,
        prefix: str,
        *,
        required: bool = True,
        at_most: Decimal | None = None,
        positive: bool = False,
    ) -> Decimal | None:
        value = data.get(key)
        field = prefix + key
        if value is None:
            if required:
                raise self.fail(field, "is missing", "缺少该项")
            return None
        if isinstance(value, float):
            raise self.fail(
                field,
                f'write decimals as text, e.g. "{value}" (a TOML float is inexact)',
                f'小数请写成字符串，例如 "{value}"',
            )
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise self.fail(
                field, 'must be a decimal written as text, e.g. "0.015"', "必须是小数字符串"
            )
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise self.fail(field, f"{value!r} is not a decimal number", "不是有效的小数") from None
        if not number.is_finite():
            raise self.fail(field, f"{value!r} is not a finite number", "不是有限数")
        if number < 0 or (positive and number == 0):
            raise self.fail(
                field,
                "must be greater than 0" if positive else "must not be negative",
                "必须大于0" if positive else "不能为负数",
            )
        if at_most is not None and number > at_most:
            raise self.fail(field, f"must be at most {at_most}", f"不能大于 {at_most}")
        return number

    def rate(self, data: Mapping[str, Any], key: str, prefix: str) -> Decimal:
        value = self.decimal(data, key, prefix, at_most=Decimal(1))
        assert value is not None
        return value

    def day(self, data: Mapping[str, Any], key: str, prefix: str, *, required: bool) -> date | None:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(prefix + key, "is missing", "缺少该项")
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        elif isinstance(value, date) and not hasattr(value, "hour"):
            return value
        raise self.fail(
            prefix + key, "must be a date such as 2028-01-01", "必须是日期，例如 2028-01-01"
        )

    def use(self, value: object, field: str) -> RentalUse:
        try:
            return parse_use(value)
        except RentalTaxError:
            raise self.fail(
                field,
                f"unknown use {value!r} (expected residential or non-residential)",
                "未知用途（应为 residential 或 non-residential）",
            ) from None

    def per_use(
        self, data: Mapping[str, Any], key: str, prefix: str, uses: tuple[RentalUse, ...]
    ) -> dict[RentalUse, Decimal]:
        table = self.table(data, key, prefix)
        field = f"{prefix}{key}."
        rates: dict[RentalUse, Decimal] = {}
        for name in table:
            rates[self.use(name, field + name)] = self.rate(table, name, field)
        for use in uses:
            if use not in rates:
                raise self.fail(
                    field + use.value,
                    "is missing (the rule set covers this use)",
                    "缺少该用途的税率",
                )
        return rates

    # -- the tables --

    def rule_set(self, data: Mapping[str, Any]) -> RuleSet:
        schema = data.get("schema")
        if schema != SCHEMA_VERSION:
            raise self.fail(
                "schema",
                f"must be {SCHEMA_VERSION} (found {schema!r})",
                f"必须为 {SCHEMA_VERSION}",
            )
        method = self.text(data, "method", "")
        if method not in ("itemised", "combined"):
            raise self.fail(
                "method", "must be 'itemised' or 'combined'", "必须是 itemised 或 combined"
            )
        common = {
            "schema", "id", "name_zh", "name_en", "city", "city_name_zh", "city_name_en",
            "method", "uses", "effective_from", "effective_to", "local_example", "note_zh",
            "note_en",
        }  # fmt: skip
        specific = (
            {"vat", "surcharges", "property_tax", "income_tax", "reliefs"}
            if method == "itemised"
            else {"combined"}
        )
        self.only(data, common | specific, "")
        rule_id = self.name(data, "id", "")
        if not rule_id.replace("-", "").replace("_", "").replace(".", "").isalnum():
            raise self.fail(
                "id",
                "may hold only letters, digits, '-', '_' and '.'",
                "只能包含字母、数字、-、_、.",
            )
        city = self.text(data, "city", "", default="") or None
        raw_uses = data.get("uses")
        if not isinstance(raw_uses, list) or not raw_uses:
            raise self.fail("uses", "must be a non-empty list of uses", "必须是非空的用途列表")
        uses = tuple(self.use(u, f"uses[{i}]") for i, u in enumerate(raw_uses))
        if len(set(uses)) != len(uses):
            raise self.fail("uses", "lists a use twice", "用途重复")
        start = self.day(data, "effective_from", "", required=True)
        assert start is not None
        end = self.day(data, "effective_to", "", required=False)
        if end is not None and end < start:
            raise self.fail("effective_to", "is before effective_from", "早于 effective_from")
        local = data.get("local_example", False)
        if not isinstance(local, bool):
            raise self.fail("local_example", "must be true or false", "必须是 true 或 false")
        return RuleSet(
            id=rule_id,
            name_zh=self.name(data, "name_zh", ""),
            name_en=self.name(data, "name_en", ""),
            city=city,
            city_name_zh=self.text(data, "city_name_zh", "", default=city or "全国"),
            city_name_en=self.text(data, "city_name_en", "", default=city or "national"),
            method="itemised" if method == "itemised" else "combined",
            uses=uses,
            effective_from=start,
            effective_to=end,
            local_example=local,
            note_zh=self.text(data, "note_zh", "", default=""),
            note_en=self.text(data, "note_en", "", default=""),
            origin=self.origin,
            itemised=self.itemised(data, uses) if method == "itemised" else None,
            combined=self.combined(data, uses) if method == "combined" else None,
        )

    def itemised(self, data: Mapping[str, Any], uses: tuple[RentalUse, ...]) -> ItemisedRules:
        reliefs = self.reliefs(data.get("reliefs", []))
        codes = {r.code for r in reliefs}

        def relief_ref(table: Mapping[str, Any], prefix: str) -> str | None:
            ref = self.text(table, "relief", prefix, default="") or None
            if ref is not None and ref not in codes:
                raise self.fail(
                    prefix + "relief",
                    f"names no relief of this file: {ref!r}",
                    "引用了不存在的减免",
                )
            return ref

        v = self.table(data, "vat", "")
        self.only(
            v,
            {"name_zh", "name_en", "divisor", "rates", "exempt_monthly_rent_up_to",
             "exempt_test", "exemption_name_zh", "exemption_name_en"},
            "vat.",
        )  # fmt: skip
        divisor = self.decimal(v, "divisor", "vat.", positive=True)
        assert divisor is not None
        if divisor < 1:
            raise self.fail("vat.divisor", "must be at least 1 (e.g. 1.05)", "不能小于1")
        exempt_test = self.text(v, "exempt_test", "vat.", default="rent")
        if exempt_test not in ("rent", "rent_excluding_vat"):
            raise self.fail(
                "vat.exempt_test",
                "must be 'rent' or 'rent_excluding_vat'",
                "必须是 rent 或 rent_excluding_vat",
            )
        exempt_up_to = self.decimal(v, "exempt_monthly_rent_up_to", "vat.", required=False)
        vat = VatRule(
            name_zh=self.name(v, "name_zh", "vat."),
            name_en=self.name(v, "name_en", "vat."),
            divisor=divisor,
            rates=self.per_use(v, "rates", "vat.", uses),
            exempt_monthly_rent_up_to=exempt_up_to,
            exempt_test="rent" if exempt_test == "rent" else "rent_excluding_vat",
            exemption_name_zh=self.text(v, "exemption_name_zh", "vat.", default="免征增值税"),
            exemption_name_en=self.text(v, "exemption_name_en", "vat.", default="VAT exempt"),
        )

        raw = data.get("surcharges", [])
        if not isinstance(raw, list):
            raise self.fail(
                "surcharges", "must be an array of tables ([[surcharges]])", "必须是表数组"
            )
        surcharges = []
        for i, s in enumerate(raw):
            prefix = f"surcharges[{i}]."
            if not isinstance(s, dict):
                raise self.fail(prefix[:-1], "must be a table", "必须是表")
            self.only(s, {"code", "name_zh", "name_en", "rate", "relief"}, prefix)
            surcharges.append(
                SurchargeRule(
                    code=self.name(s, "code", prefix),
                    name_zh=self.name(s, "name_zh", prefix),
                    name_en=self.name(s, "name_en", prefix),
                    rate=self.rate(s, "rate", prefix),
                    relief=relief_ref(s, prefix),
                )
            )
        fixed = {"vat", "property_tax", "income_tax", *(r.code for r in reliefs)}
        seen: set[str] = set()
        for i, sc in enumerate(surcharges):
            if sc.code in fixed or sc.code in seen:
                raise self.fail(f"surcharges[{i}].code", f"{sc.code!r} is used twice", "代码重复")
            seen.add(sc.code)

        p = self.table(data, "property_tax", "")
        self.only(p, {"name_zh", "name_en", "rates", "relief"}, "property_tax.")
        prop = PropertyTaxRule(
            name_zh=self.name(p, "name_zh", "property_tax."),
            name_en=self.name(p, "name_en", "property_tax."),
            rates=self.per_use(p, "rates", "property_tax.", uses),
            relief=relief_ref(p, "property_tax."),
        )

        t = self.table(data, "income_tax", "")
        pre = "income_tax."
        self.only(
            t,
            {"name_zh", "name_en", "rates", "fixed_deduction", "fixed_deduction_up_to",
             "proportional_deduction", "deduction_test"},
            pre,
        )  # fmt: skip
        test = self.text(t, "deduction_test", pre, default="after_taxes")
        if test not in ("after_taxes", "income"):
            raise self.fail(
                pre + "deduction_test",
                "must be 'after_taxes' or 'income'",
                "必须是 after_taxes 或 income",
            )
        fixed_deduction = self.decimal(t, "fixed_deduction", pre)
        up_to = self.decimal(t, "fixed_deduction_up_to", pre)
        assert fixed_deduction is not None and up_to is not None
        income = IncomeTaxRule(
            name_zh=self.name(t, "name_zh", pre),
            name_en=self.name(t, "name_en", pre),
            rates=self.per_use(t, "rates", pre, uses),
            fixed_deduction=fixed_deduction,
            fixed_deduction_up_to=up_to,
            proportional_deduction=self.rate(t, "proportional_deduction", pre),
            deduction_test="after_taxes" if test == "after_taxes" else "income",
        )
        return ItemisedRules(vat, tuple(surcharges), prop, income, reliefs)

    def reliefs(self, raw: object) -> tuple[Relief, ...]:
        if not isinstance(raw, list):
            raise self.fail("reliefs", "must be an array of tables ([[reliefs]])", "必须是表数组")
        found: list[Relief] = []
        for i, r in enumerate(raw):
            prefix = f"reliefs[{i}]."
            if not isinstance(r, dict):
                raise self.fail(prefix[:-1], "must be a table", "必须是表")
            self.only(
                r,
                {"code", "name_zh", "name_en", "factor", "effective_from", "effective_to"},
                prefix,
            )
            start = self.day(r, "effective_from", prefix, required=True)
            end = self.day(r, "effective_to", prefix, required=False)
            assert start is not None
            if end is not None and end < start:
                raise self.fail(
                    prefix + "effective_to", "is before effective_from", "早于 effective_from"
                )
            code = self.name(r, "code", prefix)
            if any(x.code == code for x in found):
                raise self.fail(prefix + "code", f"{code!r} is used twice", "代码重复")
            factor = self.decimal(r, "factor", prefix, at_most=Decimal(1))
            assert factor is not None
            found.append(
                Relief(
                    code=code,
                    name_zh=self.name(r, "name_zh", prefix),
                    name_en=self.name(r, "name_en", prefix),
                    factor=factor,
                    effective_from=start,
                    effective_to=end,
                )
            )
        return tuple(found)

    def combined(self, data: Mapping[str, Any], uses: tuple[RentalUse, ...]) -> CombinedRules:
        c = self.table(data, "combined", "")
        self.only(c, {"name_zh", "name_en", "bands"}, "combined.")
        raw = c.get("bands")
        if not isinstance(raw, list) or not raw:
            raise self.fail(
                "combined.bands",
                "must be a non-empty array of tables ([[combined.bands]])",
                "必须是非空表数组",
            )
        bands: list[CombinedBand] = []
        for i, b in enumerate(raw):
            prefix = f"combined.bands[{i}]."
            if not isinstance(b, dict):
                raise self.fail(prefix[:-1], "must be a table", "必须是表")
            self.only(b, {"use", "monthly_rent_up_to", "rate"}, prefix)
            use = self.use(b.get("use"), prefix + "use")
            if use not in uses:
                raise self.fail(
                    prefix + "use",
                    f"{use.value} is not in this rule set's uses",
                    "不在本规则的用途中",
                )
            up_to = self.decimal(b, "monthly_rent_up_to", prefix, required=False)
            bands.append(CombinedBand(use, up_to, self.rate(b, "rate", prefix)))
        for use in uses:
            mine = [(i, b) for i, b in enumerate(bands) if b.use is use]
            if not mine:
                raise self.fail(
                    "combined.bands", f"has no band for {use.value} use", "缺少该用途的税率档"
                )
            last = Decimal(-1)
            for n, (i, b) in enumerate(mine):
                is_last = n == len(mine) - 1
                if b.monthly_rent_up_to is None and not is_last:
                    raise self.fail(
                        f"combined.bands[{i}].monthly_rent_up_to",
                        f"only the last {use.value} band may be open-ended",
                        "只有最后一档可以不设上限",
                    )
                if b.monthly_rent_up_to is not None and is_last:
                    raise self.fail(
                        f"combined.bands[{i}].monthly_rent_up_to",
                        f"the last {use.value} band must have no upper bound",
                        "最后一档不能设上限",
                    )
                if b.monthly_rent_up_to is not None:
                    if b.monthly_rent_up_to <= last:
                        raise self.fail(
                            f"combined.bands[{i}].monthly_rent_up_to",
                            f"{use.value} bands must be in ascending order",
                            "税率档必须按租金升序排列",
                        )
                    last = b.monthly_rent_up_to
        return CombinedRules(
            name_zh=self.name(c, "name_zh", "combined."),
            name_en=self.name(c, "name_en", "combined."),
            bands=tuple(bands),
        )
