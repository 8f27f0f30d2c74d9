"""Identity numbers and credit codes as specs, so a collision gets a deterministic successor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from desktop.domain import regions
from desktop.domain.identity import (
    CREDIT_CODE_ALPHABET,
    IdKind,
    make_citizen_number,
    make_credit_code,
    make_foreigner_2017_number,
    make_foreigner_2023_number,
)


@lru_cache(maxsize=4096)
def _region_full_name(code: str) -> str:
    return regions.region_full_name(code) or ""


# ---- identity numbers ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NumberSpec:
    """What an identity number is made of, so that a collider can be made again.

    ``a``/``b``: citizen and HMT permit: region, ""; foreigner 2023: province (2 digits),
    nationality (3 digits); foreigner 2017: nationality (3 letters), authority region (4 digits).
    """

    kind: IdKind
    a: str
    b: str
    birth: date
    seq: int


def make_number_from_spec(spec: NumberSpec) -> str:
    if spec.kind is IdKind.FOREIGNER_2017:
        return make_foreigner_2017_number(spec.a, spec.b, spec.birth, spec.seq)
    if spec.kind is IdKind.FOREIGNER_2023:
        return make_foreigner_2023_number(spec.a, spec.b, spec.birth, spec.seq)
    return make_citizen_number(spec.a, spec.birth, spec.seq)


def next_number_spec(spec: NumberSpec) -> NumberSpec:
    """The deterministic replacement for a colliding number.

    The next sequence number of the same sex (step 2 mod 1000, keeping the 17th digit's parity);
    the 2017 foreigner card has a single sequence digit (step 1 mod 10). When the step wraps
    round to the first sequence number of the birth date, the birth date moves one day back
    (the person's row takes the new date too).
    """
    if spec.kind is IdKind.FOREIGNER_2017:
        seq = (spec.seq + 1) % 10
        wrapped = seq == 0
    else:
        seq = (spec.seq + 2) % 1000
        wrapped = seq < 2
    birth = date.fromordinal(spec.birth.toordinal() - 1) if wrapped else spec.birth
    return NumberSpec(spec.kind, spec.a, spec.b, birth, seq)


@dataclass(frozen=True, slots=True)
class CreditSpec:
    authority: str
    unit_type: str
    region: str
    body: str  # 8 characters of the credit code alphabet


def make_credit_from_spec(spec: CreditSpec) -> str:
    return make_credit_code(spec.authority, spec.unit_type, spec.region, spec.body)


def next_credit_spec(spec: CreditSpec) -> CreditSpec:
    """The deterministic replacement for a colliding credit code: the body counted up by one."""
    alphabet = CREDIT_CODE_ALPHABET
    chars = list(spec.body)
    for i in range(len(chars) - 1, -1, -1):
        pos = alphabet.index(chars[i]) + 1
        if pos < len(alphabet):
            chars[i] = alphabet[pos]
            break
        chars[i] = alphabet[0]
    return CreditSpec(spec.authority, spec.unit_type, spec.region, "".join(chars))
