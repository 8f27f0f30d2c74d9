"""The public checks: a personal number, a credit code, or either (``check_number``).

A number that fails as the kind asked for but is valid as another kind is refused with
``WRONG_KIND`` naming what it is; that is why this module sits above both parsers.
"""

from __future__ import annotations

from datetime import date

from desktop.domain.identity.checks import _CREDIT_VALUES, _is_digits, mod11_2_check_char
from desktop.domain.identity.credit import _parse_credit
from desktop.domain.identity.model import (
    IdentityError,
    IdentityNumber,
    IdErrorCode,
    IdKind,
    _error,
    _label,
    _subject,
    normalise_id_text,
)
from desktop.domain.identity.personal import (
    _PERSONAL_PARSERS,
    _RE_18,
    _parse_personal_auto,
    _resolve_today,
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
