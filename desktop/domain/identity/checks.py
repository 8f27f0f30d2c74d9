"""Check characters: ISO 7064 MOD 11-2, GB 32100 (credit code), GB 11714 (organisation code),
ICAO 9303 (the 2017 foreigner card)."""

from __future__ import annotations

import string
from typing import Final

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
