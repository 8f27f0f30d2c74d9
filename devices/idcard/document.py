"""The identity document a read produces: immutable, complete, or not produced at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class CardType(StrEnum):
    """Selected by the type flag at byte offset 248 of the text block."""

    RESIDENT = "resident"  # 居民身份证 (flag blank)
    HMT_PERMIT = "hmt_permit"  # 港澳台居民居住证 ('J')
    FOREIGNER_2017 = "foreigner_2017"  # 外国人永久居留身份证 2017 ('I')
    FOREIGNER_2023 = "foreigner_2023"  # 外国人永久居留身份证 2023 ('Y')


class Finding(StrEnum):
    """What the clerk should look at; none of these makes a read fail."""

    EXPIRED = "card.expired"
    NOT_YET_VALID = "card.not_yet_valid"
    RARE_CHARACTERS = "card.rare_characters"  # private-use code points in a name or address
    UNKNOWN_REGION = "card.unknown_region"  # number's region code not in the table
    PHOTO_NOT_DECODABLE = "card.photo_not_decodable"


@dataclass(frozen=True, slots=True)
class IdentityDocument:
    card_type: CardType
    #: Chinese name (for foreigner cards, 2017 and 2023: the Chinese name if any, else the English
    #: name).
    name: str
    sex: str  # GB/T 2261.1: "1" male, "2" female, "0" unknown, "9" unstated
    birth_date: date
    id_number: str
    valid_from: date
    #: ``None`` means long-term (长期).
    valid_to: date | None
    authority: str = ""
    address: str = ""
    ethnicity: str = ""  # GB/T 3304 code, resident cards only
    english_name: str = ""  # foreigner cards
    nationality: str = ""  # ISO 3166 alpha-3 (foreigner cards); "CHN" for resident cards
    pass_number: str = ""  # HK/Macao/Taiwan permit: the travel permit number
    issue_count: int | None = None  # HMT issue count; foreigner-2023 renewal count
    card_version: str = ""  # foreigner 2017
    authority_code: str = ""  # foreigner 2017 accepting authority code
    previous_number_link: str = ""  # foreigner 2023
    #: Private-use characters found in name or address (rare characters, 生僻字), and characters
    #: outside UCS-2 (a surrogate pair in the block), in order of first appearance.
    rare_characters: tuple[str, ...] = ()
    #: The 256-byte text block exactly as read (for the audit).
    raw_text: bytes = field(default=b"", repr=False)
    #: The 1024-byte WLT photo as read (undecoded).
    raw_photo: bytes = field(default=b"", repr=False)
    #: Decoded photo (BMP bytes), when a decoder is configured.
    photo_bmp: bytes | None = field(default=None, repr=False)
    #: Fingerprint templates, only when a caller asked for them.
    fingerprint: bytes | None = field(default=None, repr=False)
    #: False when the number's region code is not in the GB/T 2260 table (a warning only).
    region_known: bool = True
    #: True for cards of the synthetic demo deck.
    demo: bool = False

    def findings(self, today: date) -> tuple[Finding, ...]:
        out: list[Finding] = []
        if self.valid_from > today:
            out.append(Finding.NOT_YET_VALID)
        if self.valid_to is not None and self.valid_to < today:
            out.append(Finding.EXPIRED)
        if self.rare_characters:
            out.append(Finding.RARE_CHARACTERS)
        if not self.region_known:
            out.append(Finding.UNKNOWN_REGION)
        if self.raw_photo and self.photo_bmp is None:
            out.append(Finding.PHOTO_NOT_DECODABLE)
        return tuple(out)
