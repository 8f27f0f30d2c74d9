"""Valid numbers made up, for synthetic registries and tests."""

from __future__ import annotations

from datetime import date

from desktop.domain.identity.checks import (
    _ASCII_UPPER,
    _CREDIT_VALUES,
    _is_digits,
    credit_code_check_char,
    icao_check_digit,
    mod11_2_check_char,
    organisation_code_check_char,
)
from desktop.domain.identity.credit import CREDIT_UNIT_TYPES


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def make_citizen_number(region_code: str, birth: date, sequence: int) -> str:
    """An 18-character number with a correct check character (for synthetic data and tests).

    ``sequence`` 0..999; its last digit gives the sex (odd male). Region 810000/820000/830000
    makes an HMT permit number.
    """
    _require(len(region_code) == 6 and _is_digits(region_code), "region code must be 6 digits")
    _require(0 <= sequence <= 999, "sequence must be 0..999")
    _require(birth.year >= 1000, "birth year must have 4 digits")
    first17 = f"{region_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + mod11_2_check_char(first17)


def make_foreigner_2023_number(
    province_code: str, nationality_code: str, birth: date, sequence: int
) -> str:
    """An 18-digit 2023 foreigner card number: 9 + province 2 + nationality 3 + birth + seq 3."""
    _require(len(province_code) == 2 and _is_digits(province_code), "province: 2 digits")
    _require(len(nationality_code) == 3 and _is_digits(nationality_code), "nationality: 3 digits")
    _require(0 <= sequence <= 999, "sequence must be 0..999")
    _require(birth.year >= 1000, "birth year must have 4 digits")
    first17 = f"9{province_code}{nationality_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + mod11_2_check_char(first17)


def make_foreigner_2017_number(
    nationality: str, authority_region4: str, birth: date, sequence: int
) -> str:
    """A 15-character 2017 foreigner card number with its ICAO 7-3-1 check digit."""
    _require(
        len(nationality) == 3 and all(c in _ASCII_UPPER for c in nationality),
        "nationality must be 3 upper-case letters",
    )
    _require(
        len(authority_region4) == 4 and _is_digits(authority_region4),
        "authority region must be 4 digits",
    )
    _require(0 <= sequence <= 9, "sequence must be one digit")
    first14 = f"{nationality}{authority_region4}{birth:%y%m%d}{sequence}"
    return first14 + icao_check_digit(first14)


def make_credit_code(
    registration_authority: str, unit_type: str, region_code: str, organisation_code_body: str
) -> str:
    """A valid 18-character unified credit code.

    ``organisation_code_body`` is the 8-character body of the organisation code; its GB 11714
    check character is computed and placed at position 17, then the GB 32100 check at 18.
    """
    _require(registration_authority in CREDIT_UNIT_TYPES, "unknown registration authority code")
    _require(
        unit_type in CREDIT_UNIT_TYPES[registration_authority],
        "unit type not defined for this registration authority",
    )
    _require(len(region_code) == 6 and _is_digits(region_code), "region code must be 6 digits")
    _require(
        len(organisation_code_body) == 8
        and all(c in _CREDIT_VALUES for c in organisation_code_body),
        "organisation code body: 8 characters of the credit code alphabet",
    )
    org = organisation_code_body + organisation_code_check_char(organisation_code_body)
    first17 = registration_authority + unit_type + region_code + org
    return first17 + credit_code_check_char(first17)
