"""Typed errors of the rental tax: a stable dotted code and messages in English and Chinese."""

from __future__ import annotations

from enum import StrEnum

from desktop.domain.errors import CodedError

__all__ = ["RentalTaxError", "RentalTaxErrorCode", "RuleFileError"]


class RentalTaxErrorCode(StrEnum):
    BAD_RENT = "rental_tax.bad_rent"
    RENT_AMBIGUOUS = "rental_tax.rent_ambiguous"
    BAD_MONTHS = "rental_tax.bad_months"
    UNKNOWN_USE = "rental_tax.unknown_use"
    NO_RULE_SET = "rental_tax.no_rule_set"
    RULES_INVALID = "rental_tax.rules_invalid"
    RULES_CONFLICT = "rental_tax.rules_conflict"


class RentalTaxError(CodedError, ValueError):
    """Input or rules that cannot be used. ``str(exc)`` is the English message."""

    code: RentalTaxErrorCode

    def __init__(self, code: RentalTaxErrorCode, message_en: str, message_zh: str) -> None:
        super().__init__(message_en, message_zh, code=code)


class RuleFileError(RentalTaxError):
    """A rule file that cannot be loaded: names the file, the field and the problem."""

    file: str
    field: str
    problem: str
    problem_zh: str | None

    def __init__(
        self,
        file: str,
        field: str,
        problem: str,
        *,
        problem_zh: str | None = None,
        code: RentalTaxErrorCode = RentalTaxErrorCode.RULES_INVALID,
    ) -> None:
        where = f"{file}: {field}: " if field else f"{file}: "
        super().__init__(
            code,
            f"rental tax rules {where}{problem}",
            f"租赁税规则文件 {where}{problem_zh or problem}",
        )
        self.file = file
        self.field = field
        self.problem = problem
        self.problem_zh = problem_zh
