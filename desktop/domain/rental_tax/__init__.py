"""Rental tax for individual landlords: rule sets per city × use × monthly-rent band × period.

``compute_rental_tax(...)`` is what the window and ``onewindow-admin rental-tax`` call; rule sets
come from :func:`load_rule_book` (shipped files plus the hall's folder). See :mod:`.rules` for the
file format and :mod:`.compute` for the arithmetic.
"""

from desktop.domain.rental_tax.compute import (
    AppliedRelief,
    RentalTaxResult,
    RuleSetRef,
    TaxLine,
    TaxView,
    compute_rental_tax,
)
from desktop.domain.rental_tax.errors import RentalTaxError, RentalTaxErrorCode, RuleFileError
from desktop.domain.rental_tax.rules import (
    HALL_RULES_DIRNAME,
    MAX_LEASE_MONTHS,
    RentalUse,
    RuleBook,
    RuleSet,
    Selection,
    default_rule_book,
    hall_rules_dir,
    load_rule_book,
    load_rule_file,
    parse_use,
)

__all__ = [
    "HALL_RULES_DIRNAME",
    "MAX_LEASE_MONTHS",
    "AppliedRelief",
    "RentalTaxError",
    "RentalTaxErrorCode",
    "RentalTaxResult",
    "RentalUse",
    "RuleBook",
    "RuleFileError",
    "RuleSet",
    "RuleSetRef",
    "Selection",
    "TaxLine",
    "TaxView",
    "compute_rental_tax",
    "default_rule_book",
    "hall_rules_dir",
    "load_rule_book",
    "load_rule_file",
    "parse_use",
]
