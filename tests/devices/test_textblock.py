"""The 256-byte text block: exact fields of all four layouts, bad input, round trips, the log dump.

Blocks here are laid out by hand (``_block`` writes UCS-2LE text at explicit offsets into a
space-filled block, and some bytes are spelled out in hex) so that the parser is checked against
the table in ``/work/shared/reference/idcard.md`` §3, not only against :func:`build_text_block`.
"""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain import regions
from desktop.domain.identity import (
    make_citizen_number,
    make_foreigner_2017_number,
    make_foreigner_2023_number,
    mask_id_number,
)
from devices.idcard.document import CardType, Finding, IdentityDocument
from devices.idcard.errors import CardErrorCode, CardReadError
from devices.idcard.logging import masked_hex
from devices.idcard.textblock import (
    FLAG_OFFSET,
    LAYOUTS,
    LONG_TERM,
    TEXT_BLOCK_SIZE,
    build_text_block,
    card_type_of,
    parse_text_block,
)

TODAY = date(2025, 6, 15)
SPACE = b" \x00"


def _block(fields: dict[int, str], flag: bytes = SPACE, pad: bytes = SPACE) -> bytes:
    """A 256-byte block: ``pad`` everywhere, each text UCS-2LE at its byte offset, the flag."""
    out = bytearray(pad * 128)
    for offset, text in fields.items():
        data = text.encode("utf-16-le")
        out[offset : offset + len(data)] = data
    out[FLAG_OFFSET : FLAG_OFFSET + 2] = flag
    assert len(out) == TEXT_BLOCK_SIZE
    return bytes(out)


def _put(block: bytes, offset: int, data: bytes) -> bytes:
    out = bytearray(block)
    out[offset : offset + len(data)] = data
    return bytes(out)


def _put_text(block: bytes, offset: int, width: int, text: str) -> bytes:
    data = text.encode("utf-16-le")
    return _put(block, offset, data + SPACE * ((width - len(data)) // 2))


def _parse(block: bytes, **kwargs: object) -> IdentityDocument:
    return parse_text_block(block, today=TODAY, **kwargs)  # type: ignore[arg-type]


def _fails(block: bytes, code: CardErrorCode) -> CardReadError:
    with pytest.raises(CardReadError) as info:
        _parse(block)
    assert info.value.code is code, str(info.value)
    assert info.value.raw == block
    return info.value


# ---- the four layouts, field by field ------------------------------------------------------

RESIDENT_NUMBER = "11010519491231002X"
RESIDENT = _block(
    {
        0: "张三",
        30: "2",
        32: "01",
        36: "19491231",
        52: "北京市西城区复兴门外大街9号院",
        122: RESIDENT_NUMBER,
        158: "北京市公安局西城分局",
        188: "20100105",
        204: "20300105",
    }
)

HMT_NUMBER = "810000199408230021"
HMT = _block(
    {
        0: "陈大文",
        30: "2",
        36: "19940823",
        52: "广东省深圳市福田区福华路1号",
        122: HMT_NUMBER,
        158: "深圳市公安局",
        188: "20190301",
        204: "20240301",
        220: "H12345678",
        238: "03",
    },
    flag=b"J\x00",
)

F2017_NUMBER = make_foreigner_2017_number("USA", "1100", date(1980, 5, 6), 3)
F2017 = _block(
    {
        0: "SMITH, JOHN WILLIAM",
        120: "1",
        122: F2017_NUMBER,
        152: "USA",
        158: "史密斯",
        188: "20170601",
        204: "20270601",
        220: "19800506",
        236: "17",
        240: "1100",
    },
    flag=b"I\x00",
)

F2023_NUMBER = make_foreigner_2023_number("11", "840", date(1990, 7, 15), 5)
F2023_ENGLISH = "MONTGOMERY-WILLIAMSON, ALEXANDRA ELIZABETH"  # 42 chars: part 1 (35) + part 2
F2023 = _block(
    {
        0: "李文",
        30: "2",
        32: "01",
        36: "19900715",
        52: F2023_ENGLISH[:35],
        122: F2023_NUMBER,
        188: "20230901",
        204: "20330901",
        220: F2023_ENGLISH[35:],
        242: "USA",
        250: "001",
    },
    flag=b"Y\x00",
)


def test_resident_card_fields() -> None:
    assert RESIDENT[:4] == bytes.fromhex("205f 094e")  # 张三 in UCS-2LE
    assert RESIDENT[248:250] == b" \x00"
    photo = bytes(range(256)) * 4
    doc = _parse(RESIDENT, photo=photo, fingerprint=b"\x01" * 1024, photo_bmp=b"BM..")
    assert doc == IdentityDocument(
        card_type=CardType.RESIDENT,
        name="张三",
        sex="2",
        birth_date=date(1949, 12, 31),
        id_number=RESIDENT_NUMBER,
        valid_from=date(2010, 1, 5),
        valid_to=date(2030, 1, 5),
        authority="北京市公安局西城分局",
        address="北京市西城区复兴门外大街9号院",
        ethnicity="01",
        nationality="CHN",
        raw_text=RESIDENT,
        raw_photo=photo,
        photo_bmp=b"BM..",
        fingerprint=b"\x01" * 1024,
        region_known=True,
    )
    assert doc.raw_text is not None and len(doc.raw_text) == 256
    assert doc.findings(TODAY) == ()
    assert not doc.demo and _parse(RESIDENT, demo=True).demo


def test_resident_card_with_nul_padding_and_nul_flag() -> None:
    fields = {
        0: "张三",
        30: "2",
        32: "01",
        36: "19491231",
        52: "北京市",
        122: RESIDENT_NUMBER,
        158: "北京市公安局",
        188: "20100105",
        204: "20300105",
    }
    doc = _parse(_block(fields, flag=b"\x00\x00", pad=b"\x00\x00"))
    assert (doc.card_type, doc.name, doc.address, doc.authority) == (
        CardType.RESIDENT,
        "张三",
        "北京市",
        "北京市公安局",
    )


def test_hmt_permit_fields() -> None:
    doc = _parse(HMT)
    assert doc.card_type is CardType.HMT_PERMIT
    assert (doc.name, doc.sex, doc.birth_date) == ("陈大文", "2", date(1994, 8, 23))
    assert doc.id_number == HMT_NUMBER
    assert doc.address == "广东省深圳市福田区福华路1号"
    assert doc.authority == "深圳市公安局"
    assert (doc.valid_from, doc.valid_to) == (date(2019, 3, 1), date(2024, 3, 1))
    assert doc.pass_number == "H12345678"
    assert doc.issue_count == 3
    assert (doc.ethnicity, doc.nationality, doc.english_name) == ("", "", "")
    assert doc.region_known
    assert doc.findings(TODAY) == (Finding.EXPIRED,)


def test_hmt_permit_without_issue_count() -> None:
    assert _parse(_put_text(HMT, 238, 4, "")).issue_count is None


def test_foreigner_2017_fields() -> None:
    assert F2017[248:250] == bytes.fromhex("4900")  # 'I'
    doc = _parse(F2017)
    assert doc.card_type is CardType.FOREIGNER_2017
    assert doc.english_name == "SMITH, JOHN WILLIAM"
    assert doc.name == "史密斯"
    assert doc.sex == "1"
    assert doc.id_number == F2017_NUMBER == "USA110080050634"
    assert doc.nationality == "USA"
    assert (doc.valid_from, doc.valid_to) == (date(2017, 6, 1), date(2027, 6, 1))
    assert doc.birth_date == date(1980, 5, 6)
    assert (doc.card_version, doc.authority_code) == ("17", "1100")
    assert (doc.address, doc.authority, doc.ethnicity, doc.issue_count) == ("", "", "", None)


def test_foreigner_2017_without_chinese_name_is_named_in_english() -> None:
    doc = _parse(_put_text(F2017, 158, 30, ""))
    assert doc.name == doc.english_name == "SMITH, JOHN WILLIAM"


def test_foreigner_2017_english_name_fills_120_bytes() -> None:
    name = "A" * 30 + " " + "B" * 29  # 60 characters, the field's whole width
    doc = _parse(_put_text(F2017, 0, 120, name))
    assert doc.english_name == name


def test_foreigner_2017_century_of_birth_comes_from_the_card() -> None:
    # The number says 30-01-02; its parser would guess 2030 → 1930. The card says 1930.
    number = make_foreigner_2017_number("GBR", "3100", date(1930, 1, 2), 0)
    block = _put_text(_put_text(F2017, 122, 30, number), 220, 16, "19300102")
    block = _put_text(block, 152, 6, "GBR")
    doc = _parse(block)
    assert (doc.birth_date, doc.id_number, doc.nationality) == (date(1930, 1, 2), number, "GBR")


def test_foreigner_2023_fields() -> None:
    assert F2023_NUMBER.startswith("9") and len(F2023_NUMBER) == 18
    doc = _parse(F2023)
    assert doc.card_type is CardType.FOREIGNER_2023
    assert doc.name == "李文"
    assert doc.sex == "2"
    assert doc.issue_count == 1
    assert doc.birth_date == date(1990, 7, 15)
    assert doc.english_name == F2023_ENGLISH  # part 1 at 52 + part 2 at 220, joined
    assert doc.id_number == F2023_NUMBER
    assert (doc.valid_from, doc.valid_to) == (date(2023, 9, 1), date(2033, 9, 1))
    assert doc.nationality == "USA"
    assert doc.previous_number_link == "001"
    assert (doc.address, doc.authority, doc.card_version) == ("", "", "")


def test_foreigner_2023_english_name_breaking_at_a_space_keeps_it() -> None:
    name = "A" * 34 + " " + "BCDEF"  # the 35th character, end of part 1, is a space
    block = _put_text(_put_text(F2023, 52, 70, name[:35]), 220, 22, name[35:])
    assert _parse(block).english_name == name


def test_foreigner_2023_short_english_name_and_no_chinese_name() -> None:
    block = _put_text(_put_text(_put_text(F2023, 0, 30, ""), 52, 70, "LI WEN"), 220, 22, "")
    doc = _parse(block)
    assert doc.name == doc.english_name == "LI WEN"


def test_card_type_of() -> None:
    assert card_type_of(RESIDENT) is CardType.RESIDENT
    assert card_type_of(HMT) is CardType.HMT_PERMIT
    assert card_type_of(F2017) is CardType.FOREIGNER_2017
    assert card_type_of(F2023) is CardType.FOREIGNER_2023
    assert card_type_of(RESIDENT[:100]) is None
    assert card_type_of(_put(RESIDENT, 248, b"X\x00")) is None


def test_layouts_cover_the_block_without_overlap() -> None:
    for card_type, fields in LAYOUTS.items():
        spans = sorted((f.offset, f.end) for f in fields)
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start, card_type
        assert all(f.offset % 2 == 0 and f.length % 2 == 0 for f in fields)
        assert all(not (f.offset < 250 and f.end > 248) for f in fields)  # the flag is free
        assert spans[-1][1] <= 256


# ---- validity, rare characters, regions: findings, never errors ----------------------------


def test_long_term_validity() -> None:
    block = _put_text(RESIDENT, 204, 16, LONG_TERM)
    assert block[204:208] == bytes.fromhex("7f95 1f67")  # 长期
    doc = _parse(block)
    assert doc.valid_to is None
    assert Finding.EXPIRED not in doc.findings(date(2199, 1, 1))


def test_expired_card_is_a_finding() -> None:
    doc = _parse(_put_text(_put_text(RESIDENT, 188, 16, "20000101"), 204, 16, "20200101"))
    assert doc.valid_to == date(2020, 1, 1)
    assert doc.findings(TODAY) == (Finding.EXPIRED,)


def test_not_yet_valid_card_is_a_finding() -> None:
    doc = _parse(_put_text(_put_text(RESIDENT, 188, 16, "20250701"), 204, 16, "20450701"))
    assert doc.findings(TODAY) == (Finding.NOT_YET_VALID,)
    assert doc.findings(date(2025, 7, 1)) == ()


def test_rare_characters_are_kept_and_flagged() -> None:
    block = _put_text(_put_text(RESIDENT, 0, 30, "张\ue4a5"), 52, 70, "北京市\ue4a5\uf8ff路\ue000")
    assert block[2:4] == bytes.fromhex("a5e4")
    doc = _parse(block)
    assert doc.name == "张\ue4a5"
    assert doc.address == "北京市\ue4a5\uf8ff路\ue000"
    assert doc.rare_characters == ("\ue4a5", "\uf8ff", "\ue000")
    assert doc.findings(TODAY) == (Finding.RARE_CHARACTERS,)


def test_a_surrogate_pair_is_read_as_one_rare_character() -> None:
    block = _put(RESIDENT, 2, bytes.fromhex("40d8 0bdc"))  # U+2000B, CJK extension B
    doc = _parse(block)
    assert doc.name == "张\U0002000b"
    assert doc.rare_characters == ("\U0002000b",)


def test_characters_just_outside_private_use_are_not_rare() -> None:
    doc = _parse(_put_text(RESIDENT, 0, 30, "张\ud7ff\uf900"))
    assert doc.rare_characters == ()


def test_unknown_region_is_a_warning() -> None:
    assert regions.region_full_name("119900") is None
    number = make_citizen_number("119900", date(1949, 12, 31), 2)
    doc = _parse(_put_text(RESIDENT, 122, 36, number))
    assert doc.id_number == number
    assert not doc.region_known
    assert doc.findings(TODAY) == (Finding.UNKNOWN_REGION,)


def test_lower_case_check_character_is_normalised() -> None:
    assert _parse(_put_text(RESIDENT, 122, 36, "11010519491231002x")).id_number == RESIDENT_NUMBER


def test_undecoded_photo_is_a_finding() -> None:
    doc = _parse(RESIDENT, photo=b"\x00" * 1024)
    assert doc.findings(TODAY) == (Finding.PHOTO_NOT_DECODABLE,)


def test_reserved_bytes_are_ignored() -> None:
    garbage = bytes.fromhex("00d8") * 14  # lone surrogates: not text, but nobody reads them
    assert _parse(_put(RESIDENT, 220, garbage)).name == "张三"
    assert _parse(_put(HMT, 32, b"\xff\xfe\x00\xd8")).name == "陈大文"
    assert _parse(_put(HMT, 242, bytes.fromhex("00d8") * 3)).pass_number == "H12345678"


# ---- round trips ---------------------------------------------------------------------------

ALL_BLOCKS = {
    CardType.RESIDENT: RESIDENT,
    CardType.HMT_PERMIT: HMT,
    CardType.FOREIGNER_2017: F2017,
    CardType.FOREIGNER_2023: F2023,
}


@pytest.mark.parametrize("card_type", list(CardType))
def test_build_reproduces_the_hand_made_block(card_type: CardType) -> None:
    block = ALL_BLOCKS[card_type]
    assert build_text_block(_parse(block)) == block


@pytest.mark.parametrize("card_type", list(CardType))
def test_round_trip_every_field(card_type: CardType) -> None:
    doc = dataclasses.replace(_parse(ALL_BLOCKS[card_type]), raw_text=b"")
    again = _parse(build_text_block(doc))
    assert dataclasses.replace(again, raw_text=b"") == doc
    for field in dataclasses.fields(IdentityDocument):
        if field.name != "raw_text":
            assert getattr(again, field.name) == getattr(doc, field.name), field.name


def test_round_trip_long_term_rare_characters_and_nameless_foreigners() -> None:
    docs = [
        dataclasses.replace(
            _parse(RESIDENT),
            name="王\ue000\ue001",
            address="\uf8ff" * 35,
            valid_to=None,
            rare_characters=("\ue000", "\ue001", "\uf8ff"),
        ),
        dataclasses.replace(_parse(F2017), name="SMITH, JOHN WILLIAM", valid_to=None),
        dataclasses.replace(_parse(F2023), name=F2023_ENGLISH, issue_count=None),
        dataclasses.replace(_parse(HMT), issue_count=0),
    ]
    for doc in docs:
        doc = dataclasses.replace(doc, raw_text=b"")
        assert dataclasses.replace(_parse(build_text_block(doc)), raw_text=b"") == doc


_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_PUA = st.characters(min_codepoint=0xE000, max_codepoint=0xF8FF)
_LATIN = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ -,'.")


def _no_trailing_space(s: str) -> bool:
    return not s.endswith(" ")


@settings(max_examples=150, deadline=None)
@given(
    card_type=st.sampled_from(list(CardType)),
    name=st.text(st.one_of(_CJK, _PUA), min_size=1, max_size=15),
    address=st.text(st.one_of(_CJK, _PUA, st.sampled_from("0123456789号")), max_size=35),
    english=st.text(_LATIN, min_size=1, max_size=46).filter(_no_trailing_space),
    birth=st.dates(date(1900, 1, 1), date(2020, 12, 31)),
    valid_from=st.dates(date(2000, 1, 1), date(2040, 12, 31)),
    years=st.one_of(st.none(), st.integers(0, 20)),
    sex=st.sampled_from("0129"),
    count=st.one_of(st.none(), st.integers(0, 99)),
    seq=st.integers(0, 9),
)
def test_round_trip_property(
    card_type: CardType,
    name: str,
    address: str,
    english: str,
    birth: date,
    valid_from: date,
    years: int | None,
    sex: str,
    count: int | None,
    seq: int,
) -> None:
    valid_to = None if years is None else date(valid_from.year + years, 12, 31)
    common = {"name": name, "sex": sex, "birth_date": birth, "valid_from": valid_from}
    doc: IdentityDocument
    if card_type is CardType.RESIDENT:
        doc = IdentityDocument(
            card_type=card_type,
            id_number=make_citizen_number("110105", birth, seq),
            valid_to=valid_to,
            address=address,
            authority="北京市公安局",
            ethnicity="97",
            nationality="CHN",
            **common,  # type: ignore[arg-type]
        )
        rare_in = name + address
    elif card_type is CardType.HMT_PERMIT:
        doc = IdentityDocument(
            card_type=card_type,
            id_number=make_citizen_number("820000", birth, seq),
            valid_to=valid_to,
            address=address,
            pass_number="M1234567",
            issue_count=count,
            **common,  # type: ignore[arg-type]
        )
        rare_in = name + address
    elif card_type is CardType.FOREIGNER_2017:
        doc = IdentityDocument(
            card_type=card_type,
            id_number=make_foreigner_2017_number("FRA", "3101", birth, seq),
            valid_to=valid_to,
            english_name=english[:60],
            nationality="FRA",
            card_version="01",
            authority_code="3101",
            **common,  # type: ignore[arg-type]
        )
        rare_in = name
    else:
        doc = IdentityDocument(
            card_type=card_type,
            id_number=make_foreigner_2023_number("31", "250", birth, seq),
            valid_to=valid_to,
            english_name=english,
            nationality="FRA",
            issue_count=count,
            previous_number_link="1",
            **common,  # type: ignore[arg-type]
        )
        rare_in = name
    rare = tuple(dict.fromkeys(c for c in rare_in if "\ue000" <= c <= "\uf8ff"))
    doc = dataclasses.replace(doc, rare_characters=rare)
    block = build_text_block(doc)
    assert len(block) == TEXT_BLOCK_SIZE
    assert parse_text_block(block, today=TODAY) == dataclasses.replace(doc, raw_text=block)


def test_build_refuses_what_does_not_fit() -> None:
    doc = _parse(RESIDENT)
    with pytest.raises(ValueError, match="name"):
        build_text_block(dataclasses.replace(doc, name="张" * 16))
    with pytest.raises(ValueError, match="address"):
        build_text_block(dataclasses.replace(doc, address="路" * 36))
    with pytest.raises(ValueError, match="english_name"):
        build_text_block(dataclasses.replace(doc, english_name="X"))
    with pytest.raises(ValueError, match="nationality"):
        build_text_block(dataclasses.replace(doc, nationality="USA"))
    with pytest.raises(ValueError, match="address"):
        build_text_block(dataclasses.replace(_parse(F2023), address="北京"))
    with pytest.raises(ValueError, match="english_name"):
        build_text_block(dataclasses.replace(_parse(F2023), english_name="X" * 47))
    with pytest.raises(ValueError, match="issue count"):
        build_text_block(dataclasses.replace(_parse(HMT), issue_count=100))
    with pytest.raises(ValueError, match="surrogate"):  # cannot be encoded
        build_text_block(dataclasses.replace(doc, name="张\ud800"))


def test_build_makes_bad_cards_too() -> None:
    doc = dataclasses.replace(_parse(RESIDENT), id_number="11010519491231002Y")
    assert build_text_block(doc)[122:158].decode("utf-16-le") == "11010519491231002Y"


# ---- every bad input -----------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 4, 128, 255])
def test_truncated(size: int) -> None:
    err = _fails(RESIDENT[:size], CardErrorCode.TRUNCATED)
    assert f"{size} bytes" in str(err)


@pytest.mark.parametrize("extra", [b"\x00", b"  ", b"\x90\x00" * 10])
def test_oversized(extra: bytes) -> None:
    _fails(RESIDENT + extra, CardErrorCode.OVERSIZED)


@pytest.mark.parametrize(
    "flag", [b"X\x00", b"j\x00", b"i\x00", b"\x00J", b" \x20", b"J ", b"\xff\xff", b"\x00\xd8"]
)
def test_wrong_flag(flag: bytes) -> None:
    err = _fails(_put(RESIDENT, 248, flag), CardErrorCode.BAD_FLAG)
    assert flag.hex(" ") in str(err)


@pytest.mark.parametrize(
    ("block", "offset"),
    [(RESIDENT, 0), (RESIDENT, 52), (RESIDENT, 160), (HMT, 220), (F2017, 0), (F2023, 220)],
)
def test_lone_surrogate_is_not_ucs2(block: bytes, offset: int) -> None:
    for unit in (b"\x00\xd8", b"\x00\xdc", b"\xff\xdb"):
        err = _fails(_put(block, offset + 2, unit), CardErrorCode.BAD_ENCODING)
        assert "UCS-2" in str(err)


def test_surrogate_pair_split_across_two_fields_is_not_ucs2() -> None:
    _fails(_put(RESIDENT, 28, bytes.fromhex("40d8 0bdc")), CardErrorCode.BAD_ENCODING)


@pytest.mark.parametrize(
    ("block", "offset", "text"),
    [
        (RESIDENT, 188, "20230230"),  # 30 February
        (RESIDENT, 204, "20301301"),  # month 13
        (RESIDENT, 204, "20300100"),  # day 0
        (RESIDENT, 36, "19491232"),
        (RESIDENT, 188, "2023023"),  # too short
        (RESIDENT, 188, "2023-02-"),
        (RESIDENT, 188, "２０２３０２０１"),  # full-width digits
        (RESIDENT, 188, LONG_TERM),  # only valid-to may be 长期
        (RESIDENT, 204, ""),
        (RESIDENT, 204, "长期有效"),
        (HMT, 204, "20230229"),
        (F2017, 220, "00000000"),
        (F2023, 36, "19900230"),
    ],
)
def test_impossible_dates(block: bytes, offset: int, text: str) -> None:
    _fails(_put_text(block, offset, 16, text), CardErrorCode.BAD_DATE)


def test_valid_to_before_valid_from() -> None:
    _fails(_put_text(RESIDENT, 204, 16, "20100104"), CardErrorCode.BAD_DATE)


def test_bad_check_character() -> None:
    bad = RESIDENT_NUMBER[:17] + "5"
    err = _fails(_put_text(RESIDENT, 122, 36, bad), CardErrorCode.BAD_ID_NUMBER)
    message = str(err)
    assert "id.bad_check_character" in message
    assert mask_id_number(bad) in message
    assert bad not in message


@pytest.mark.parametrize(
    ("block", "width", "number", "id_code"),
    [
        (RESIDENT, 36, "", None),
        (RESIDENT, 36, "1101051949123100", "id.bad_length"),
        (RESIDENT, 36, "11010519491231002 ", "id.bad_length"),
        (RESIDENT, 36, "1101-519491231002X", None),
        (RESIDENT, 36, HMT_NUMBER, "id.wrong_kind"),  # a permit number on a resident card
        (HMT, 36, RESIDENT_NUMBER, "id.wrong_kind"),
        (HMT, 36, HMT_NUMBER[:17] + "9", "id.bad_check_character"),
        (F2017, 30, F2017_NUMBER[:14] + "0", "id.bad_check_character"),
        (F2017, 30, "US1110080050634", "id.bad_characters"),
        (F2023, 36, RESIDENT_NUMBER, "id.wrong_kind"),
        (F2023, 36, F2023_NUMBER[:17] + "0", "id.bad_check_character"),
    ],
)
def test_bad_identity_numbers(block: bytes, width: int, number: str, id_code: str | None) -> None:
    err = _fails(_put_text(block, 122, width, number), CardErrorCode.BAD_ID_NUMBER)
    if id_code is not None:
        assert id_code in str(err)
    if len(number.strip()) >= 15:
        assert number.strip() not in str(err)


def test_birth_date_in_the_future_is_a_bad_number() -> None:
    with pytest.raises(CardReadError) as info:
        parse_text_block(RESIDENT, today=date(1949, 12, 30))
    assert info.value.code is CardErrorCode.BAD_ID_NUMBER
    assert "id.birth_date_in_future" in str(info.value)


@pytest.mark.parametrize(
    ("block", "offset", "birth"),
    [
        (RESIDENT, 36, "19491230"),
        (HMT, 36, "19940824"),
        (F2017, 220, "19800507"),
        (F2017, 220, "18800506"),  # same YYMMDD in the number, another century: fine
        (F2023, 36, "19910715"),
    ],
)
def test_birth_date_must_match_the_number(block: bytes, offset: int, birth: str) -> None:
    changed = _put_text(block, offset, 16, birth)
    if birth == "18800506":
        assert _parse(changed).birth_date == date(1880, 5, 6)
        return
    err = _fails(changed, CardErrorCode.BAD_FIELD)
    assert "birth date" in str(err)


@pytest.mark.parametrize(
    ("block", "offset", "width"),
    [(RESIDENT, 0, 30), (HMT, 0, 30)],
)
def test_empty_name(block: bytes, offset: int, width: int) -> None:
    err = _fails(_put_text(block, offset, width, ""), CardErrorCode.BAD_FIELD)
    assert "name" in str(err)
    _fails(_put(block, offset, b"\x00\x00" * (width // 2)), CardErrorCode.BAD_FIELD)


def test_foreigner_cards_without_any_name() -> None:
    _fails(_put_text(_put_text(F2017, 0, 120, ""), 158, 30, ""), CardErrorCode.BAD_FIELD)
    block = _put_text(_put_text(_put_text(F2023, 0, 30, ""), 52, 70, ""), 220, 22, "")
    _fails(block, CardErrorCode.BAD_FIELD)


@pytest.mark.parametrize(
    ("block", "offset", "width", "text"),
    [
        (RESIDENT, 30, 2, "3"),  # sex
        (RESIDENT, 30, 2, ""),
        (RESIDENT, 30, 2, "男"),
        (F2017, 120, 2, "M"),
        (F2023, 30, 2, "F"),
        (RESIDENT, 32, 4, "57"),  # ethnicity
        (RESIDENT, 32, 4, "00"),
        (RESIDENT, 32, 4, "1"),
        (RESIDENT, 32, 4, "99"),
        (RESIDENT, 32, 4, ""),
        (HMT, 238, 4, "0A"),  # issue count
        (F2023, 32, 4, "-1"),
        (RESIDENT, 0, 30, "张\x00三"),  # a control character inside a field
        (RESIDENT, 52, 70, "北京\n市"),
        (F2017, 0, 120, "SMITH\tJOHN"),
    ],
)
def test_bad_fields(block: bytes, offset: int, width: int, text: str) -> None:
    _fails(_put_text(block, offset, width, text), CardErrorCode.BAD_FIELD)


@pytest.mark.parametrize("ethnicity", ["01", "56", "97", "98"])
def test_ethnicity_codes(ethnicity: str) -> None:
    assert _parse(_put_text(RESIDENT, 32, 4, ethnicity)).ethnicity == ethnicity


@pytest.mark.parametrize("sex", ["0", "1", "2", "9"])
def test_sex_codes(sex: str) -> None:
    assert _parse(_put_text(RESIDENT, 30, 2, sex)).sex == sex


@pytest.mark.parametrize("value", ["not bytes", 256, None, [0] * 256])
def test_not_bytes_is_a_card_read_error(value: object) -> None:
    with pytest.raises(CardReadError):
        parse_text_block(value)  # type: ignore[arg-type]


def test_bytearray_and_memoryview_are_accepted() -> None:
    assert _parse(bytearray(RESIDENT)).raw_text == RESIDENT  # type: ignore[arg-type]
    assert _parse(memoryview(RESIDENT)).raw_text == RESIDENT  # type: ignore[arg-type]


def test_error_messages_hold_no_personal_text() -> None:
    for block in (_put_text(RESIDENT, 30, 2, "3"), _put_text(RESIDENT, 36, 16, "19491230")):
        message = str(_fails(block, CardErrorCode.BAD_FIELD))
        assert "张三" not in message and RESIDENT_NUMBER not in message


# ---- property tests: a document or a CardReadError, nothing else ---------------------------


def _document_or_card_error(block: bytes) -> IdentityDocument | None:
    error: CardReadError | None = None
    try:
        doc = parse_text_block(block, today=TODAY)
    except CardReadError as err:
        error = err
    if error is not None:
        assert isinstance(error.code, CardErrorCode)
        assert error.raw == block
        return None
    assert isinstance(doc, IdentityDocument)
    assert doc.raw_text == block
    return doc


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes(block: bytes) -> None:
    _document_or_card_error(block)


_VALID_FLAGS = [b" \x00", b"\x00\x00", b"J\x00", b"I\x00", b"Y\x00"]


@settings(max_examples=500, deadline=None)
@given(st.binary(min_size=256, max_size=256), st.sampled_from(_VALID_FLAGS))
def test_arbitrary_256_bytes_with_a_valid_flag(block: bytes, flag: bytes) -> None:
    _document_or_card_error(_put(block, 248, flag))


@settings(max_examples=500, deadline=None)
@given(
    st.text(st.characters(codec="utf-16"), min_size=128, max_size=128),
    st.sampled_from(_VALID_FLAGS),
)
def test_arbitrary_text_with_a_valid_flag(text: str, flag: bytes) -> None:
    data = text.encode("utf-16-le", "surrogatepass")[:256].ljust(256, b" ")
    _document_or_card_error(_put(data, 248, flag))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(list(CardType)),
    st.integers(0, 255),
    st.integers(0, 255),
)
def test_one_byte_changed(card_type: CardType, position: int, value: int) -> None:
    block = ALL_BLOCKS[card_type]
    changed = _put(block, position, bytes([value]))
    doc = _document_or_card_error(changed)
    in_field = any(f.offset <= position < f.end for f in LAYOUTS[card_type])
    if not in_field and position not in (248, 249):
        assert doc is not None  # reserved bytes do not matter
        assert dataclasses.replace(doc, raw_text=block) == _parse(block)


@pytest.mark.parametrize("card_type", list(CardType))
def test_every_single_bit_flip(card_type: CardType) -> None:
    block = ALL_BLOCKS[card_type]
    for position in range(256):
        for bit in range(8):
            _document_or_card_error(_put(block, position, bytes([block[position] ^ 1 << bit])))


# ---- the masked dump for the log -----------------------------------------------------------


def _decoded(dump: str, *, skip: int = 0) -> str:
    data = bytes.fromhex(dump.replace(" ", ""))[skip:]
    return data[: len(data) // 2 * 2].decode("utf-16-le", "replace")


@pytest.mark.parametrize("card_type", list(CardType))
def test_masked_hex_hides_only_the_number(card_type: CardType) -> None:
    block = ALL_BLOCKS[card_type]
    doc = _parse(block)
    dump = masked_hex(block)
    data = bytes.fromhex(dump.replace(" ", ""))
    assert len(data) == 256
    field = next(f for f in LAYOUTS[card_type] if f.name == "id_number")
    # Everything else byte for byte; the number field holds the masked number, padded.
    assert data[: field.offset] == block[: field.offset]
    assert data[field.end :] == block[field.end :]
    masked = mask_id_number(doc.id_number)
    assert data[field.offset : field.end].decode("utf-16-le").rstrip() == masked
    assert doc.id_number not in _decoded(dump)
    assert doc.id_number.encode("utf-16-le").hex() not in dump.replace(" ", "")


def test_masked_hex_format() -> None:
    dump = masked_hex(RESIDENT)
    assert dump.startswith("205f 094e 2000")
    assert "110105********002X".encode("utf-16-le").hex(" ", -2) in dump


@pytest.mark.parametrize(
    "raw",
    [
        _put(RESIDENT, 248, b"Q\x00"),  # unknown flag
        RESIDENT[:140],  # truncated inside the number
        RESIDENT[:158],
        RESIDENT + b"\x00\x00",  # oversized
        b"\x00\x00\x00\x00" + RESIDENT,  # a header left in: shifted by 4
        b"\x00\x00\x00" + RESIDENT,  # shifted by an odd count
        b"\x00" * 100 + RESIDENT[122:158],
        _put(RESIDENT, 130, b"\x00\xd8"),  # does not decode
        _put(RESIDENT, 157, b"\x00"),
    ],
)
def test_masked_hex_of_bad_blocks(raw: bytes) -> None:
    dump = masked_hex(raw).replace(" ", "")
    assert len(dump) == 2 * len(raw)
    for skip in (0, 1):
        assert "19491231002" not in _decoded(dump, skip=skip)
    assert "0519491231".encode("utf-16-le").hex() not in dump
    assert "1231002".encode("utf-16-le").hex() not in dump  # the birth field alone may stay


def test_masked_hex_of_short_and_empty_input() -> None:
    assert masked_hex(b"") == ""
    assert masked_hex(b"\x20\x5f\x09") == "205f 09"
    assert masked_hex(RESIDENT[:123]).endswith("2a")  # an odd byte of the number: hidden


def test_masked_hex_of_a_serial_read_frame() -> None:
    # AA AA AA 96 69 | LEN | SW1 SW2 SW3 | text len, photo len | text (at 14) | photo | CHK
    body = bytes.fromhex("0000 90 0100 0400") + HMT + bytes(1024)
    frame = bytes.fromhex("aaaaaa9669") + (len(body) + 1).to_bytes(2, "big") + body + b"\x00"
    assert frame[14 : 14 + 256] == HMT
    data = bytes.fromhex(masked_hex(frame).replace(" ", ""))
    assert len(data) == len(frame)
    assert data[14 + 122 : 14 + 158].decode("utf-16-le").rstrip() == mask_id_number(HMT_NUMBER)
    assert data[: 14 + 122] == frame[: 14 + 122]
    assert data[14 + 158 :] == frame[14 + 158 :]


def test_an_unexpected_failure_still_becomes_a_card_read_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import devices.idcard.textblock as textblock

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("bug")

    monkeypatch.setattr(textblock, "parse_id_number", broken)
    err = _fails(RESIDENT, CardErrorCode.BAD_FIELD)
    assert "RuntimeError" in str(err)
