"""Personal numbers: the citizen number (18 and 15 digits), the HK/Macao/Taiwan residence
permit and the foreigner permanent-residence cards of 2017 and 2023.

Each parser takes a normalised number and the kind asked for (None while detecting) and returns
an :class:`~desktop.domain.identity.model.IdentityNumber` or raises an
:class:`~desktop.domain.identity.model.IdentityError`; :mod:`~desktop.domain.identity.parse`
is the public entry.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Final

from desktop.domain.identity.checks import _is_digits, icao_check_digit, mod11_2_check_char
from desktop.domain.identity.model import (
    IdentityError,
    IdentityNumber,
    IdErrorCode,
    IdKind,
    IdWarningCode,
    _error,
    _label,
    _length_error,
    _region,
    _subject,
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
