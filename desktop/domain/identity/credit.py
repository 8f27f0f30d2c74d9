"""The unified social credit code of units (GB 32100-2015): its tables and its parser."""

from __future__ import annotations

from typing import Final

from desktop.domain.identity.checks import (
    _CREDIT_VALUES,
    _is_digits,
    credit_code_check_char,
    organisation_code_check_char,
)
from desktop.domain.identity.model import (
    IdentityNumber,
    IdErrorCode,
    IdKind,
    IdWarningCode,
    _error,
    _length_error,
    _region,
    _subject,
)

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
