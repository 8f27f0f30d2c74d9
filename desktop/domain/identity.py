"""Identity numbers of persons and units: parse, check, describe, mask and (for test data) make.

Kinds handled (see docs of :class:`IdKind`):

* resident citizen number, GB 11643-1999: 6-digit region (GB/T 2260) + birth ``YYYYMMDD`` +
  3-digit sequence (odd = male) + ISO 7064 MOD 11-2 check character (``0-9`` or ``X``);
* the 15-digit number of 1989: region + ``YYMMDD`` (19YY) + sequence, no check character;
* HK/Macao/Taiwan residence permits: the citizen scheme with region 810000/820000/830000;
* foreigner permanent-residence card numbers of 2017 (``[A-Z]{3}`` + 12 digits) and of 2023
  (18 digits starting with ``9``, MOD 11-2 like the citizen number);
* the unified social credit code of units, GB 32100-2015.

Every failure is an :class:`IdentityError` carrying a stable :class:`IdErrorCode` that the UI
translates; its English message never contains the whole number (see :func:`mask_id_number`).
The region table is only a soft check: an unknown region is a warning, never an error.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Final

from desktop.domain import regions
from desktop.domain.errors import CodedError

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "CREDIT_REGISTRATION_AUTHORITIES",
    "CREDIT_UNIT_TYPES",
    "EARLIEST_BIRTH_DATE",
    "HMT_REGION_CODES",
    "IdErrorCode",
    "IdKind",
    "IdWarningCode",
    "IdentityError",
    "IdentityNumber",
    "check_number",
    "credit_code_check_char",
    "icao_check_digit",
    "make_citizen_number",
    "make_credit_code",
    "make_foreigner_2017_number",
    "make_foreigner_2023_number",
    "mask_id_number",
    "mod11_2_check_char",
    "normalise_id_text",
    "organisation_code_check_char",
    "parse_credit_code",
    "parse_id_number",
    "upgrade_legacy_number",
]


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


# ---- check characters -----------------------------------------------------------------------

_MOD11_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_MOD11_CHARS: Final = "10X98765432"  # indexed by (weighted sum mod 11)

#: GB 32100-2015 code alphabet: digits and upper-case letters without I, O, S, V, Z.
CREDIT_CODE_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUES: Final = {c: i for i, c in enumerate(CREDIT_CODE_ALPHABET)}
_CREDIT_WEIGHTS: Final = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11714-1997 organisation code: 8 body characters (digits, A-Z valued 10-35) + check char.
_ORG_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)

_ASCII_DIGITS: Final = frozenset(string.digits)
_ASCII_UPPER: Final = frozenset(string.ascii_uppercase)


def _is_digits(text: str) -> bool:
    return bool(text) and all(c in _ASCII_DIGITS for c in text)


def _alnum_value(char: str) -> int:
    """0-9 for digits, 10-35 for A-Z (ISO 7064 / GB 11714 / ICAO 9303 convention)."""
    if char in _ASCII_DIGITS:
        return ord(char) - ord("0")
    if char in _ASCII_UPPER:
        return ord(char) - ord("A") + 10
    raise ValueError(f"not a digit or upper-case ASCII letter: {char!r}")


def mod11_2_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character (``0-9`` or ``X``) for the 17 digits of an 18-char ID."""
    if len(first17) != 17 or not _is_digits(first17):
        raise ValueError("MOD 11-2 needs exactly 17 ASCII digits")
    total = sum(int(c) * w for c, w in zip(first17, _MOD11_WEIGHTS, strict=True))
    return _MOD11_CHARS[total % 11]


def credit_code_check_char(first17: str) -> str:
    """GB 32100-2015 check character for the first 17 characters of a unified credit code."""
    if len(first17) != 17 or any(c not in _CREDIT_VALUES for c in first17):
        raise ValueError("a credit code check needs 17 characters of the GB 32100 alphabet")
    total = sum(_CREDIT_VALUES[c] * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def organisation_code_check_char(body8: str) -> str:
    """GB 11714-1997 check character (``0-9`` or ``X``) of an 8-character organisation code body."""
    if len(body8) != 8 or any(c not in _ASCII_DIGITS and c not in _ASCII_UPPER for c in body8):
        raise ValueError("an organisation code body is 8 digits or upper-case letters")
    total = sum(_alnum_value(c) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def icao_check_digit(text: str) -> str:
    """ICAO 9303 check digit: weights 7-3-1 repeating, A=10 … Z=35, ``<`` = 0, sum mod 10."""
    total = 0
    for i, char in enumerate(text):
        value = 0 if char == "<" else _alnum_value(char)
        total += value * (7, 3, 1)[i % 3]
    return str(total % 10)


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


# ---- dates ----------------------------------------------------------------------------------

EARLIEST_BIRTH_DATE: Final = date(1850, 1, 1)


def _resolve_today(today: date | None) -> date:
    if today is None:
        return date.today()
    if isinstance(today, datetime):  # a datetime does not compare with a date
        return today.date()
    return today


def _birth_date(
    number: str, yyyymmdd: str, kind: IdKind | None, today: date
) -> tuple[date, tuple[IdWarningCode, ...]]:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        raise _error(
            IdErrorCode.BAD_BIRTH_DATE,
            f"The birth date part of {_subject(number)} is not a calendar date.",
            kind,
        ) from None
    if born > today:
        raise _error(
            IdErrorCode.BIRTH_DATE_IN_FUTURE,
            f"The birth date in {_subject(number)} lies in the future.",
            kind,
        )
    if born < EARLIEST_BIRTH_DATE:
        raise _error(
            IdErrorCode.BIRTH_DATE_TOO_EARLY,
            f"The birth date in {_subject(number)} is before 1850.",
            kind,
        )
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return born, ((IdWarningCode.AGE_OVER_120,) if age > 120 else ())


def _region(code: str) -> tuple[str | None, tuple[IdWarningCode, ...]]:
    name = regions.region_full_name(code)
    return name, (() if name is not None else (IdWarningCode.UNKNOWN_REGION,))


# ---- personal numbers -----------------------------------------------------------------------

HMT_REGION_CODES: Final = frozenset({"810000", "820000", "830000"})

_RE_18: Final = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)
_RE_FOREIGNER_2017: Final = re.compile(r"[A-Z]{3}[0-9]{12}", re.ASCII)


def _kind_of_18(number: str) -> IdKind:
    if number.startswith("9"):
        return IdKind.FOREIGNER_2023
    if number[:6] in HMT_REGION_CODES:
        return IdKind.HMT_PERMIT
    return IdKind.CITIZEN


def _parse_18(number: str, requested: IdKind | None, today: date) -> IdentityNumber:
    """An 18-character MOD 11-2 number: citizen, HMT permit or 2023 foreigner card."""
    if len(number) != 18:
        raise _length_error(number, requested, "18")
    if not _RE_18.fullmatch(number):
        raise _error(
            IdErrorCode.BAD_CHARACTERS,
            f"A {_label(requested)} is 17 digits and a check character (a digit or X); "
            f"{_subject(number)} has other characters.",
            requested,
        )
    kind = _kind_of_18(number)
    checking = requested or kind
    if number[17] != mod11_2_check_char(number[:17]):
        raise _error(
            IdErrorCode.BAD_CHECK_CHARACTER,
            f"The check character of {_subject(number)} does not match its other digits "
            "(a digit was probably mistyped).",
            checking,
        )
    born, warnings = _birth_date(number, number[6:14], checking, today)
    nationality: str | None = None
    if kind is IdKind.FOREIGNER_2023:
        # 9 + 2-digit province of the accepting authority + 3-digit nationality code + birth +
        # sequence + check (National Immigration Administration, 2023 card rules).
        region_code = number[1:3] + "0000"
        nationality = number[3:6]
    else:
        region_code = number[:6]
    region_name, region_warnings = _region(region_code)
    if requested is not None and requested is not kind:
        raise _error(
            IdErrorCode.WRONG_KIND,
            f"{_subject(number).capitalize()} is a valid {_label(kind)}, "
            f"not a {_label(requested)}.",
            requested,
            kind,
        )
    return IdentityNumber(
        number=number,
        kind=kind,
        birth_date=born,
        # GB 11643: odd 17th digit = male. For the 2023 foreigner card this is by analogy with
        # the citizen layout it copies (a vendor library reads it the same way; one source).
        sex="1" if int(number[16]) % 2 else "2",
        region_code=region_code,
        region_name=region_name,
        nationality=nationality,
        warnings=region_warnings + warnings,
    )


def _parse_legacy(number: str, requested: IdKind | None, today: date) -> IdentityNumber:
    kind = IdKind.CITIZEN_LEGACY
    if len(number) != 15:
        raise _length_error(number, kind, "15")
    if not _is_digits(number):
        raise _error(
            IdErrorCode.BAD_CHARACTERS,
            f"A {_label(kind)} has only digits; {_subject(number)} has other characters.",
            requested,
        )
    born, warnings = _birth_date(number, "19" + number[6:12], requested or kind, today)
    region_name, region_warnings = _region(number[:6])
    return IdentityNumber(
        number=number,
        kind=kind,
        birth_date=born,
        sex="1" if int(number[14]) % 2 else "2",
        region_code=number[:6],
        region_name=region_name,
        nationality=None,
        warnings=region_warnings + warnings,
    )


def _parse_foreigner_2017(number: str, requested: IdKind | None, today: date) -> IdentityNumber:
    # Structure (one source; the card standard is not public, a second vendor library agrees):
    # 3-letter nationality (ICAO/ISO 3166 alpha-3) + 4-digit accepting authority region
    # (province + prefecture of GB/T 2260) + YYMMDD + 1 sequence digit + 1 check digit, the check
    # digit being ICAO 9303 7-3-1 over the first 14 characters.
    kind = IdKind.FOREIGNER_2017
    if len(number) != 15:
        raise _length_error(number, kind, "15")
    if not _RE_FOREIGNER_2017.fullmatch(number):
        raise _error(
            IdErrorCode.BAD_CHARACTERS,
            f"A {_label(kind)} is 3 letters and 12 digits; {_subject(number)} is not.",
            requested,
        )
    if number[14] != icao_check_digit(number[:14]):
        raise _error(
            IdErrorCode.BAD_CHECK_CHARACTER,
            f"The check digit of {_subject(number)} does not match its other characters.",
            kind,
        )
    born, warnings = _birth_2017(number, requested or kind, today)
    region_code = number[3:7] + "00"
    region_name, region_warnings = _region(region_code)
    return IdentityNumber(
        number=number,
        kind=kind,
        birth_date=born,
        sex=None,  # whether the sequence digit encodes sex is not documented
        region_code=region_code,
        region_name=region_name,
        nationality=number[:3],
        warnings=region_warnings + warnings,
    )


def _birth_2017(number: str, kind: IdKind, today: date) -> tuple[date, tuple[IdWarningCode, ...]]:
    """YYMMDD with no century: the most recent century that gives a past calendar date."""
    yymmdd = number[7:13]
    last_error: IdentityError | None = None
    for century in ("20", "19"):
        try:
            return _birth_date(number, century + yymmdd, kind, today)
        except IdentityError as err:
            if last_error is None or err.code is IdErrorCode.BAD_BIRTH_DATE:
                last_error = err
            # a 20YY date in the future (or invalid: 20000229 vs 19000229) → try 19YY
    assert last_error is not None
    raise last_error


_PERSONAL_PARSERS: Final = {
    IdKind.CITIZEN: _parse_18,
    IdKind.HMT_PERMIT: _parse_18,
    IdKind.FOREIGNER_2023: _parse_18,
    IdKind.CITIZEN_LEGACY: _parse_legacy,
    IdKind.FOREIGNER_2017: _parse_foreigner_2017,
}


def _parse_personal_auto(number: str, today: date) -> IdentityNumber:
    if len(number) == 18:
        if _RE_18.fullmatch(number):
            return _parse_18(number, None, today)
        raise _error(
            IdErrorCode.BAD_CHARACTERS,
            "An 18-character identity number is 17 digits and a check character (a digit or X); "
            f"{_subject(number)} has other characters.",
            None,
        )
    if len(number) == 15:
        if _is_digits(number):
            return _parse_legacy(number, None, today)
        if _RE_FOREIGNER_2017.fullmatch(number):
            return _parse_foreigner_2017(number, None, today)
        raise _error(
            IdErrorCode.UNKNOWN_FORMAT,
            "A 15-character identity number is either 15 digits or 3 letters and 12 digits; "
            f"{_subject(number)} is neither.",
            None,
        )
    raise _error(
        IdErrorCode.BAD_LENGTH,
        f"Identity numbers have 15 or 18 characters; {_subject(number)} has {len(number)}.",
        None,
    )


def _empty(kind: IdKind | None) -> IdentityError:
    return _error(IdErrorCode.EMPTY, f"No {_label(kind)} was entered.", kind)


def _wrong_kind(
    number: str, found: IdentityNumber, requested: IdKind | None, cause: IdentityError
) -> IdentityError:
    wanted = _label(requested) if requested is not None else "personal identity number"
    err = _error(
        IdErrorCode.WRONG_KIND,
        f"{_subject(number).capitalize()} is a valid {_label(found.kind)}, not a {wanted}.",
        requested,
        found.kind,
    )
    err.__cause__ = cause
    return err


def parse_id_number(
    text: str, *, kind: IdKind | None = None, today: date | None = None
) -> IdentityNumber:
    """Check a personal identity number and describe it; raise :class:`IdentityError` if invalid.

    With ``kind=None`` the kind is detected (citizen, 15-digit, HMT permit, foreigner cards);
    a unified credit code is then refused with ``WRONG_KIND``. With a ``kind``, a number that is
    valid but of another kind is refused with ``WRONG_KIND`` (``found_kind`` says which).
    ``today`` (default: the system date) bounds the birth date.
    """
    number = normalise_id_text(text)
    day = _resolve_today(today)
    if not number:
        raise _empty(kind)
    if kind is IdKind.CREDIT_CODE:
        return parse_credit_code(number)
    try:
        if kind is None:
            return _parse_personal_auto(number, day)
        return _PERSONAL_PARSERS[kind](number, kind, day)
    except IdentityError as err:
        if err.code is IdErrorCode.WRONG_KIND:
            raise
        other = _try_parse_any(number, day)
        if other is not None and other.kind is not kind:
            raise _wrong_kind(number, other, kind, err) from err
        raise


def upgrade_legacy_number(n15: str) -> str:
    """The 18-character equivalent of a valid 15-digit number: insert "19", append the check."""
    parsed = parse_id_number(n15, kind=IdKind.CITIZEN_LEGACY)
    first17 = parsed.number[:6] + "19" + parsed.number[6:]
    return first17 + mod11_2_check_char(first17)


# ---- unified social credit code (GB 32100-2015) ---------------------------------------------

#: Registration authority (character 1) → unit types (character 2) it may assign,
#: GB 32100-2015 with amendments (A: military, N: agriculture).
CREDIT_UNIT_TYPES: Final[dict[str, dict[str, str]]] = {
    "1": {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    "2": {"1": "外国常驻新闻机构", "9": "其他"},
    "3": {
        "1": "律师执业机构",
        "2": "公证处",
        "3": "基层法律服务所",
        "4": "司法鉴定机构",
        "5": "仲裁委员会",
        "9": "其他",
    },
    "4": {"1": "外国在华文化中心", "9": "其他"},
    "5": {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"},
    "6": {
        "1": "外国旅游部门常驻代表机构",
        "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
        "9": "其他",
    },
    "7": {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"},
    "8": {"1": "基层工会", "9": "其他"},
    "9": {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"},
    "A": {"1": "军队事业单位", "9": "其他"},
    "N": {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    "Y": {"1": "其他"},
}

#: Registration authority (character 1) of a unified credit code.
CREDIT_REGISTRATION_AUTHORITIES: Final[dict[str, str]] = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "工商（市场监管）",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}


def _parse_credit(number: str) -> IdentityNumber:
    kind = IdKind.CREDIT_CODE
    if len(number) != 18:
        raise _length_error(number, kind, "18")
    bad = sorted({c for c in number if c not in _CREDIT_VALUES})
    if bad:
        hint = (
            " (the letters I, O, S, V and Z are never used)"
            if any(c in "IOSVZ" for c in bad)
            else ""
        )
        raise _error(
            IdErrorCode.BAD_CHARACTERS,
            f"{_subject(number).capitalize()} has characters a credit code cannot contain{hint}.",
            kind,
        )
    authority, unit_type, region_code = number[0], number[1], number[2:8]
    if authority not in CREDIT_REGISTRATION_AUTHORITIES:
        raise _error(
            IdErrorCode.BAD_REGISTRATION_AUTHORITY,
            f"The first character of {_subject(number)} is not a registration authority code.",
            kind,
        )
    if not _is_digits(region_code):
        raise _error(
            IdErrorCode.BAD_REGION_CODE,
            f"Characters 3 to 8 of {_subject(number)} must be the digits of a region code.",
            kind,
        )
    if number[17] != credit_code_check_char(number[:17]):
        raise _error(
            IdErrorCode.BAD_CHECK_CHARACTER,
            f"The check character of {_subject(number)} does not match its other characters "
            "(a character was probably mistyped).",
            kind,
        )
    warnings: list[IdWarningCode] = []
    region_name, region_warnings = _region(region_code)
    warnings.extend(region_warnings)
    if unit_type not in CREDIT_UNIT_TYPES[authority]:
        warnings.append(IdWarningCode.UNKNOWN_UNIT_TYPE)
    org = number[8:17]
    if org[8] != organisation_code_check_char(org[:8]):
        warnings.append(IdWarningCode.ORGANISATION_CODE_CHECK_MISMATCH)
    return IdentityNumber(
        number=number,
        kind=kind,
        birth_date=None,
        sex=None,
        region_code=region_code,
        region_name=region_name,
        nationality=None,
        warnings=tuple(warnings),
    )


def parse_credit_code(text: str) -> IdentityNumber:
    """Check a unified social credit code (GB 32100-2015); raise :class:`IdentityError`."""
    number = normalise_id_text(text)
    if not number:
        raise _empty(IdKind.CREDIT_CODE)
    try:
        return _parse_credit(number)
    except IdentityError as err:
        personal = _try_personal(number, date.today())
        if personal is not None:
            raise _wrong_kind(number, personal, IdKind.CREDIT_CODE, err) from err
        raise


def _try_personal(number: str, today: date) -> IdentityNumber | None:
    try:
        return _parse_personal_auto(number, today)
    except IdentityError:
        return None


def _try_credit(number: str) -> IdentityNumber | None:
    try:
        return _parse_credit(number)
    except IdentityError:
        return None


def _credit_instead(number: str) -> IdentityNumber | None:
    """``number`` as a credit code, after it failed as a personal number.

    About one mistyped 18-digit personal number in 31 happens to pass the credit code check, so
    a personal-shaped input (17 digits first) counts as a credit code only when nothing about it
    is doubtful: known region, known unit type, organisation code check.
    """
    result = _try_credit(number)
    if result is not None and result.warnings and _is_digits(number[:17]):
        return None
    return result


def _try_parse_any(number: str, today: date) -> IdentityNumber | None:
    return _try_personal(number, today) or _credit_instead(number)


def _looks_like_credit_code(number: str) -> bool:
    """18 characters of the credit alphabet that cannot be a personal number by their shape."""
    return (
        len(number) == 18
        and not _RE_18.fullmatch(number)
        and all(c in _CREDIT_VALUES for c in number)
    )


# ---- one call for the CLI and the UI --------------------------------------------------------


def check_number(text: str, *, today: date | None = None) -> dict[str, object]:
    """Check any personal number or credit code; a JSON-ready verdict, never an exception.

    Keys: input, number (normalised), valid, kind, error, message, warnings, birth_date (ISO),
    sex, region_code, region_name, nationality.
    """
    number = normalise_id_text(text)
    day = _resolve_today(today)
    result: IdentityNumber | None = None
    error: IdentityError | None = None
    if not number:
        error = _empty(None)
    else:
        try:
            result = _parse_personal_auto(number, day)
        except IdentityError as personal_error:
            result = _credit_instead(number)
            if result is None:
                error = personal_error
                if _looks_like_credit_code(number):
                    try:
                        _parse_credit(number)
                    except IdentityError as credit_error:
                        error = credit_error
    if result is None:
        assert error is not None
        return {
            "input": text,
            "number": number,
            "valid": False,
            "kind": error.kind.value if error.kind is not None else None,
            "error": error.code.value,
            "message": str(error),
            "warnings": [],
            "birth_date": None,
            "sex": None,
            "region_code": None,
            "region_name": None,
            "nationality": None,
        }
    return {
        "input": text,
        "number": result.number,
        "valid": True,
        "kind": result.kind.value,
        "error": None,
        "message": f"A valid {_label(result.kind)}.",
        "warnings": [w.value for w in result.warnings],
        "birth_date": result.birth_date.isoformat() if result.birth_date else None,
        "sex": result.sex,
        "region_code": result.region_code,
        "region_name": result.region_name,
        "nationality": result.nationality,
    }


# ---- makers for synthetic data ---------------------------------------------------------------


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
