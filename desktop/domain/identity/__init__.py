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

The package, by job: :mod:`.model` (kinds, codes, the error and the checked record, masking),
:mod:`.checks` (check characters), :mod:`.personal` (citizen, HMT permit, foreigner cards),
:mod:`.credit` (the unit credit code), :mod:`.parse` (the public checks) and :mod:`.makers`
(valid numbers for synthetic data). Import from the package, not from its modules.
"""

from __future__ import annotations

from desktop.domain.identity.checks import (
    CREDIT_CODE_ALPHABET,
    credit_code_check_char,
    icao_check_digit,
    mod11_2_check_char,
    organisation_code_check_char,
)
from desktop.domain.identity.credit import CREDIT_REGISTRATION_AUTHORITIES, CREDIT_UNIT_TYPES
from desktop.domain.identity.makers import (
    make_citizen_number,
    make_credit_code,
    make_foreigner_2017_number,
    make_foreigner_2023_number,
)
from desktop.domain.identity.model import (
    IdentityError,
    IdentityNumber,
    IdErrorCode,
    IdKind,
    IdWarningCode,
    mask_id_number,
    normalise_id_text,
)
from desktop.domain.identity.parse import (
    check_number,
    parse_credit_code,
    parse_id_number,
    upgrade_legacy_number,
)
from desktop.domain.identity.personal import EARLIEST_BIRTH_DATE, HMT_REGION_CODES

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
