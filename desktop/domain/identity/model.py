"""What an identity number is once checked, how a failure is told, and masking/normalising.

The records and codes every part of :mod:`desktop.domain.identity` shares: the kinds, the error
and warning codes, :class:`IdentityError`, :class:`IdentityNumber`, and the helpers that name a
number in a message without showing it in full.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from desktop.domain import regions
from desktop.domain.errors import CodedError


class IdKind(StrEnum):
    CITIZEN = "citizen"  # 18-char resident ID (GB 11643-1999)
    CITIZEN_LEGACY = "citizen_legacy"  # 15-digit 1989 number
    HMT_PERMIT = "hmt_permit"  # HK/Macao/Taiwan residence permit, region 810000/820000/830000
    FOREIGNER_2017 = "foreigner_2017"  # 15 chars [A-Z]{3}\d{12}
    FOREIGNER_2023 = "foreigner_2023"  # 18 digits starting with 9, MOD 11-2
    CREDIT_CODE = "credit_code"  # unified social credit code, GB 32100-2015, 18 chars


class IdErrorCode(StrEnum):
    """Why a number is invalid. Stable values (``id.`` + name, like the other error codes of the
    application, e.g. ``registry.not_found``): the UI and the CLI key their texts on them."""

    EMPTY = "id.empty"
    BAD_LENGTH = "id.bad_length"
    BAD_CHARACTERS = "id.bad_characters"
    BAD_CHECK_CHARACTER = "id.bad_check_character"
    BAD_BIRTH_DATE = "id.bad_birth_date"  # not a calendar date (month 13, 30 February, …)
    BIRTH_DATE_IN_FUTURE = "id.birth_date_in_future"
    BIRTH_DATE_TOO_EARLY = "id.birth_date_too_early"  # before 1850-01-01
    BAD_REGION_CODE = "id.bad_region_code"  # credit code: characters 3-8 are not digits
    BAD_REGISTRATION_AUTHORITY = "id.bad_registration_authority"  # credit code, character 1
    UNKNOWN_FORMAT = "id.unknown_format"
    WRONG_KIND = "id.wrong_kind"  # a valid number, but of another kind than the one asked for


class IdWarningCode(StrEnum):
    """Something a clerk may want to look at twice. Warnings never make a number invalid."""

    UNKNOWN_REGION = "id.unknown_region"  # region code not in the GB/T 2260 table
    UNKNOWN_UNIT_TYPE = "id.unknown_unit_type"  # credit code: character 2 unknown for the authority
    ORGANISATION_CODE_CHECK_MISMATCH = "id.organisation_code_check_mismatch"  # credit code 9-17
    AGE_OVER_120 = "id.age_over_120"


_KIND_LABELS: Final[dict[IdKind, str]] = {
    IdKind.CITIZEN: "resident ID number",
    IdKind.CITIZEN_LEGACY: "15-digit resident ID number",
    IdKind.HMT_PERMIT: "Hong Kong/Macao/Taiwan residence permit number",
    IdKind.FOREIGNER_2017: "foreigner permanent residence card number (2017)",
    IdKind.FOREIGNER_2023: "foreigner permanent residence card number (2023)",
    IdKind.CREDIT_CODE: "unified social credit code",
}


class IdentityError(CodedError, ValueError):
    """A number that cannot be accepted.

    ``kind`` is the kind that was being checked (None while auto-detecting); for
    :attr:`IdErrorCode.WRONG_KIND`, ``found_kind`` is the kind the number really is.
    """

    code: IdErrorCode
    kind: IdKind | None
    found_kind: IdKind | None

    def __init__(
        self,
        code: IdErrorCode,
        message: str,
        *,
        kind: IdKind | None = None,
        found_kind: IdKind | None = None,
    ) -> None:
        super().__init__(message, code=code)
        self.kind = kind
        self.found_kind = found_kind


@dataclass(frozen=True, slots=True)
class IdentityNumber:
    number: str  # normalised: no spaces, upper-case letters (so a trailing 'x' becomes 'X')
    kind: IdKind
    birth_date: date | None
    sex: str | None  # GB/T 2261.1: "1" male, "2" female; None when the number does not say
    region_code: str | None  # 6 digits (credit code: registration authority's region)
    region_name: str | None  # full name from the region table, e.g. "北京市朝阳区"; None if unknown
    nationality: str | None  # FOREIGNER_2017: 3-letter code; FOREIGNER_2023: 3-digit code
    warnings: tuple[IdWarningCode, ...]

    @property
    def masked(self) -> str:
        """The number with its middle hidden, for screens, logs and receipts."""
        return mask_id_number(self.number)

    def age_on(self, day: date) -> int | None:
        """Age in completed years on ``day`` (None without a birth date)."""
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# ---- masking and normalising -----------------------------------------------------------------

# Full-width ASCII (what a Chinese IME types: １２３ｘ) to ASCII; lower-case ASCII to upper-case.
# Only ASCII is upper-cased: str.upper() would turn 'ı' into 'I' or 'ſ' into 'S'.
_NORMALISE: Final = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_UPPER: Final = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


def normalise_id_text(text: str) -> str:
    """Drop all whitespace, map full-width ASCII to ASCII, upper-case ASCII letters."""
    return "".join(text.translate(_NORMALISE).split()).translate(_UPPER)


def mask_id_number(text: str) -> str:
    """Hide the middle of a number: ``11010519491231002X`` → ``110105********002X``.

    Numbers of 15 characters or more keep the first 6 and last 4 characters. Shorter input keeps
    a quarter of its length at each end (so at least half is hidden), input under 4 characters is
    masked completely. Surrounding whitespace is dropped.
    """
    text = text.strip()
    n = len(text)
    keep_head, keep_tail = (6, 4) if n >= 15 else (n // 4, n // 4)
    return text[:keep_head] + "*" * (n - keep_head - keep_tail) + text[n - keep_tail :]


def _subject(number: str) -> str:
    """How a message names the input, never in full."""
    if len(number) > 24:
        return f"the {len(number)}-character input"
    return f"the number {mask_id_number(number)}"


def _label(kind: IdKind | None) -> str:
    return _KIND_LABELS[kind] if kind is not None else "identity number"


def _error(
    code: IdErrorCode,
    message: str,
    kind: IdKind | None,
    found_kind: IdKind | None = None,
) -> IdentityError:
    return IdentityError(code, message, kind=kind, found_kind=found_kind)


def _length_error(number: str, kind: IdKind | None, expected: str) -> IdentityError:
    return _error(
        IdErrorCode.BAD_LENGTH,
        f"A {_label(kind)} has {expected} characters; {_subject(number)} has {len(number)}.",
        kind,
    )


def _region(code: str) -> tuple[str | None, tuple[IdWarningCode, ...]]:
    name = regions.region_full_name(code)
    return name, (() if name is not None else (IdWarningCode.UNKNOWN_REGION,))
