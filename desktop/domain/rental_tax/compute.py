"""Compute the tax on a lease: itemised lines per month and for the whole term.

Arithmetic is :class:`~decimal.Decimal` throughout. Every base and every amount is rounded to the
fen (0.01) half-up, and each amount is the rounded base times the rate, so a clerk can check every
line by hand. Band and threshold tests use the exact monthly rent (a lump sum ÷ months, not
rounded).

Two views are computed independently, each from its own rent: ``per_month`` from one month's
rent, ``term`` from the whole term's rent (the lump sum, or monthly rent × months). Each view's
``total`` is the sum of its lines; ``per_month.total × months`` may differ from ``term.total`` by
a few fen of rounding. The bands (VAT exemption, income-tax deduction, combined-rate band) are
decided once, on the month, and applied to both views.

National itemised method, for a view with rent ``R`` (VAT included):

1. VAT: exempt when the monthly rent is at most the threshold; then nothing is deducted from the
   rent. Otherwise ``net = R ÷ divisor`` and ``VAT = net × rate(use)``.
2. Surcharges: ``VAT × rate × relief factor`` each.
3. Property tax: ``net × rate(use) × relief factor``.
4. Income tax: ``balance = net − property tax − surcharges`` (VAT is not deductible); the
   deduction is 800 a month when the month's test amount (the balance, or the income, as the rule
   set says) is at most 4,000, else 20 % of the balance; ``tax = max(balance − deduction, 0) ×
   rate(use)``.

Combined method: one line, ``R × rate(use, band of the monthly rent)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from desktop.domain.registry import to_jsonable
from desktop.domain.rental_tax.errors import RentalTaxError, RentalTaxErrorCode
from desktop.domain.rental_tax.rules import (
    MAX_LEASE_MONTHS,
    ItemisedRules,
    Relief,
    RentalUse,
    RuleBook,
    RuleSet,
    parse_use,
)

__all__ = [
    "AppliedRelief",
    "RentalTaxResult",
    "RuleSetRef",
    "TaxLine",
    "TaxView",
    "compute_rental_tax",
]

FEN = Decimal("0.01")
#: The largest amount (yuan) accepted as a rent: far above any lease, far below where the
#: 28-digit decimal arithmetic of a whole lease (× 240 months, × rates) would round.
MAX_AMOUNT = Decimal(10) ** 12
ZERO = Decimal("0.00")
VAT_EXEMPTION_CODE = "vat_exempt"


def fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class TaxLine:
    code: str
    name_zh: str
    name_en: str
    base: Decimal
    rate: Decimal  # the rate applied, reliefs included
    amount: Decimal
    relief: str | None = None  # code of the relief or exemption that changed this line


@dataclass(frozen=True, slots=True)
class TaxView:
    rent: Decimal
    lines: tuple[TaxLine, ...]
    total: Decimal


@dataclass(frozen=True, slots=True)
class AppliedRelief:
    code: str
    name_zh: str
    name_en: str
    factor: Decimal  # 0 for an exemption
    effective_from: date | None
    effective_to: date | None


@dataclass(frozen=True, slots=True)
class RuleSetRef:
    """What a receipt says about the rule set used."""

    id: str
    name_zh: str
    name_en: str
    method: str
    city: str | None
    city_name_zh: str
    city_name_en: str
    effective_from: date
    effective_to: date | None
    local_example: bool
    note_zh: str
    note_en: str
    origin: str

    @classmethod
    def of(cls, rs: RuleSet) -> RuleSetRef:
        return cls(
            id=rs.id,
            name_zh=rs.name_zh,
            name_en=rs.name_en,
            method=rs.method,
            city=rs.city,
            city_name_zh=rs.city_name_zh,
            city_name_en=rs.city_name_en,
            effective_from=rs.effective_from,
            effective_to=rs.effective_to,
            local_example=rs.local_example,
            note_zh=rs.note_zh,
            note_en=rs.note_en,
            origin=rs.origin,
        )


@dataclass(frozen=True, slots=True)
class RentalTaxResult:
    rule_set: RuleSetRef
    use: RentalUse
    on: date
    months: int
    monthly_rent: Decimal  # the exact monthly rent rounded to the fen (for display)
    lump_sum: Decimal | None
    city_requested: str | None
    city_fallback: bool  # the city has no rule set for this use and date: national rules used
    vat_exempt: bool | None  # None for the combined method
    reliefs: tuple[AppliedRelief, ...]
    per_month: TaxView
    term: TaxView

    def to_json(self) -> dict[str, Any]:
        """Plain JSON values: Decimals as strings (``"123.40"``), dates ISO."""
        result: dict[str, Any] = to_jsonable(self)
        result["use"] = self.use.value
        return result


# ---- input checks ----------------------------------------------------------------------------


def _money(value: object, what_en: str, what_zh: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise _bad_rent(
            f"The {what_en} must be a decimal amount in yuan.", f"{what_zh}必须是金额（元）。"
        )
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except ArithmeticError:
        raise _bad_rent(
            f"The {what_en} {value!r} is not a number.", f"{what_zh} {value!r} 不是数字。"
        ) from None
    if not amount.is_finite():
        raise _bad_rent(f"The {what_en} must be a finite amount.", f"{what_zh}必须是有限金额。")
    if amount < 0:
        raise _bad_rent(f"The {what_en} must not be negative.", f"{what_zh}不能为负数。")
    if amount > MAX_AMOUNT:  # beyond it decimal arithmetic would lose fen (or fail)
        raise _bad_rent(
            f"The {what_en} is above {MAX_AMOUNT:,} yuan; check the amount.",
            f"{what_zh}超过 {MAX_AMOUNT:,} 元，请核对金额。",
        )
    if amount != amount.quantize(FEN, rounding=ROUND_HALF_UP):
        raise _bad_rent(
            f"The {what_en} has more than two decimal places (amounts are in yuan and fen).",
            f"{what_zh}最多两位小数（元、角、分）。",
        )
    return amount


def _bad_rent(en: str, zh: str) -> RentalTaxError:
    return RentalTaxError(RentalTaxErrorCode.BAD_RENT, en, zh)


def _check_months(months: object) -> int:
    if (
        isinstance(months, bool)
        or not isinstance(months, int)
        or not 1 <= months <= MAX_LEASE_MONTHS
    ):
        raise RentalTaxError(
            RentalTaxErrorCode.BAD_MONTHS,
            f"The lease must run 1 to {MAX_LEASE_MONTHS} whole months (found {months!r}).",
            f"租期必须为1至{MAX_LEASE_MONTHS}个整月（当前为 {months!r}）。",
        )
    return months


# ---- computation -------------------------------------------------------------------------------


def compute_rental_tax(
    monthly_rent: Decimal | None,
    months: int,
    use: RentalUse | str,
    *,
    lump_sum: Decimal | None = None,
    city: str | None = None,
    on: date,
    book: RuleBook,
) -> RentalTaxResult:
    """The tax on a lease of ``months`` months at ``monthly_rent`` (or ``lump_sum`` for the term).

    Exactly one of ``monthly_rent`` and ``lump_sum`` is given; the rent includes any VAT.
    ``on`` picks the rule set and the reliefs in force; ``city`` picks the city's rule set, the
    national one when the city has none for this use and date.
    """
    months = _check_months(months)
    use = parse_use(use)
    if (monthly_rent is None) == (lump_sum is None):
        raise RentalTaxError(
            RentalTaxErrorCode.RENT_AMBIGUOUS,
            "Give either the monthly rent or the lump sum for the whole term, not both or neither.",
            "请输入月租金或整个租期的一次性租金，二者只能选其一。",
        )
    if lump_sum is not None:
        term_rent = _money(lump_sum, "lump sum", "一次性租金")
        exact_month = term_rent / months
    else:
        exact_month = _money(monthly_rent, "monthly rent", "月租金")
        term_rent = exact_month * months
    selection = book.select(city, use, on)
    rs = selection.rule_set
    if rs.itemised is not None:
        month_view, term_view, exempt, reliefs = _itemised(
            rs.itemised, use, on, exact_month, term_rent, months
        )
    else:
        combined = rs.combined
        assert combined is not None
        band = combined.band(use, exact_month)

        def view(rent: Decimal) -> TaxView:
            base = fen(rent)
            amount = fen(base * band.rate)
            line = TaxLine("combined", combined.name_zh, combined.name_en, base, band.rate, amount)
            return TaxView(base, (line,), line.amount)

        month_view, term_view, exempt, reliefs = view(exact_month), view(term_rent), None, ()
    return RentalTaxResult(
        rule_set=RuleSetRef.of(rs),
        use=use,
        on=on,
        months=months,
        monthly_rent=fen(exact_month),
        lump_sum=fen(term_rent) if lump_sum is not None else None,
        city_requested=selection.city_requested,
        city_fallback=selection.city_fallback,
        vat_exempt=exempt,
        reliefs=reliefs,
        per_month=month_view,
        term=term_view,
    )


def _itemised(
    rules: ItemisedRules,
    use: RentalUse,
    on: date,
    exact_month: Decimal,
    term_rent: Decimal,
    months: int,
) -> tuple[TaxView, TaxView, bool, tuple[AppliedRelief, ...]]:
    vat = rules.vat
    applied: dict[str, AppliedRelief] = {}

    def factor(code: str | None) -> tuple[Decimal, str | None]:
        relief: Relief | None = rules.relief(code)
        if relief is None or not relief.active_on(on):
            return Decimal(1), None
        applied[relief.code] = AppliedRelief(
            relief.code, relief.name_zh, relief.name_en, relief.factor,
            relief.effective_from, relief.effective_to,
        )  # fmt: skip
        return relief.factor, relief.code

    test = exact_month if vat.exempt_test == "rent" else exact_month / vat.divisor
    exempt = vat.exempt_monthly_rent_up_to is not None and test <= vat.exempt_monthly_rent_up_to
    if exempt:
        applied[VAT_EXEMPTION_CODE] = AppliedRelief(
            VAT_EXEMPTION_CODE, vat.exemption_name_zh, vat.exemption_name_en, Decimal(0), None, None
        )
    surcharge_rates = [(s, *factor(s.relief)) for s in rules.surcharges]
    property_factor, property_relief = factor(rules.property_tax.relief)
    tax = rules.income_tax

    def view(rent: Decimal, month_count: int, fixed: bool | None) -> tuple[TaxView, bool]:
        gross = fen(rent)
        net = gross if exempt else fen(rent / vat.divisor)
        vat_rate = Decimal(0) if exempt else vat.rates[use]
        lines = [
            TaxLine(
                "vat", vat.name_zh, vat.name_en, net, vat_rate, fen(net * vat_rate),
                VAT_EXEMPTION_CODE if exempt else None,
            )
        ]  # fmt: skip
        vat_amount = lines[0].amount
        for s, f, relief in surcharge_rates:
            rate = s.rate * f
            lines.append(
                TaxLine(
                    s.code, s.name_zh, s.name_en, vat_amount, rate, fen(vat_amount * rate), relief
                )
            )
        prop_rate = rules.property_tax.rates[use] * property_factor
        lines.append(
            TaxLine(
                "property_tax", rules.property_tax.name_zh, rules.property_tax.name_en, net,
                prop_rate, fen(net * prop_rate), property_relief,
            )
        )  # fmt: skip
        deductible = sum((line.amount for line in lines[1:]), ZERO)
        balance = net - deductible
        if fixed is None:  # the month decides, for both views
            tested = balance if tax.deduction_test == "after_taxes" else net
            fixed = tested <= tax.fixed_deduction_up_to
        deduction = (
            tax.fixed_deduction * month_count
            if fixed
            else fen(balance * tax.proportional_deduction)
        )
        taxable = max(balance - deduction, ZERO)
        income_rate = tax.rates[use]
        lines.append(
            TaxLine(
                "income_tax",
                tax.name_zh,
                tax.name_en,
                taxable,
                income_rate,
                fen(taxable * income_rate),
            )
        )
        total = sum((line.amount for line in lines), ZERO)
        return TaxView(gross, tuple(lines), total), fixed

    month_view, fixed = view(exact_month, 1, None)
    term_view, _ = view(term_rent, months, fixed)
    return month_view, term_view, exempt, tuple(applied.values())
