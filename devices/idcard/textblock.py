"""The 256-byte text block of Chinese identity cards: parse it into a document, build it back.

The reader hands over the card's decrypted text as 256 bytes of UCS-2 little-endian text in
fixed-width, space-padded fields. The 2-byte type flag at offset 248 selects one of four layouts
(see ``/work/shared/reference/idcard.md`` §3 and :data:`LAYOUTS`):

====================  ==============================  =====================================
flag                  :class:`CardType`               card
====================  ==============================  =====================================
blank (space or NUL)  ``RESIDENT``                    resident identity card (居民身份证)
``J``                 ``HMT_PERMIT``                  HK/Macao/Taiwan residence permit
``I``                 ``FOREIGNER_2017``              foreigner permanent residence card 2017
``Y``                 ``FOREIGNER_2023``              foreigner permanent residence card 2023
====================  ==============================  =====================================

:func:`parse_text_block` either returns a complete :class:`IdentityDocument` or raises
:class:`CardReadError` — never another exception, never a partial document. Its checks:

* length exactly 256 (``TRUNCATED`` / ``OVERSIZED``), a known flag (``BAD_FLAG``);
* every field decodes as UCS-2LE (``BAD_ENCODING``: lone surrogates); a valid surrogate pair
  inside one field is accepted as UTF-16 (such a character is outside UCS-2, so it is listed
  with the rare characters); trailing spaces and NULs are padding; control characters left
  inside a field are ``BAD_FIELD``;
* dates ``YYYYMMDD`` are calendar dates, valid-to may be ``长期`` (long term), valid-to is not
  before valid-from (``BAD_DATE``);
* sex ``0``/``1``/``2``/``9``; resident cards: ethnicity ``01``–``56``, ``97``, ``98``; a name
  (``BAD_FIELD``); counts are digits;
* the identity number is valid for the card's kind (``BAD_ID_NUMBER``; the message names the
  :class:`~desktop.domain.identity.IdErrorCode` and shows the number masked) and encodes the
  card's birth date (``BAD_FIELD``);
* reserved bytes are not read at all (whatever they hold, the read succeeds).

An expired or not yet valid card is *not* an error: :meth:`IdentityDocument.findings` reports
it and the clerk decides. Nor is an unknown region (``region_known=False``) or a private-use
character in a name or an address (kept, and listed in ``rare_characters``).

:func:`build_text_block` is the exact inverse, for emulators, tests and the demo deck.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Final

from desktop.domain.identity import (
    IdentityError,
    IdKind,
    IdWarningCode,
    mask_id_number,
    parse_id_number,
)
from devices.idcard.document import CardType, IdentityDocument
from devices.idcard.errors import CardErrorCode, CardReadError

__all__ = [
    "FLAG_OFFSET",
    "LAYOUTS",
    "LONG_TERM",
    "TEXT_BLOCK_SIZE",
    "TextField",
    "build_text_block",
    "card_type_of",
    "parse_text_block",
]

_log = logging.getLogger(__name__)

TEXT_BLOCK_SIZE: Final = 256
FLAG_OFFSET: Final = 248
#: The valid-to text of a card valid for life.
LONG_TERM: Final = "长期"

_ENCODING: Final = "utf-16-le"
_PAD: Final = " \x00"  # trailing characters that are padding
_SPACE: Final = " ".encode(_ENCODING)


@dataclass(frozen=True, slots=True)
class TextField:
    """One field of a layout: ``length`` bytes (``length // 2`` UCS-2 characters) at ``offset``."""

    name: str
    offset: int
    length: int

    @property
    def end(self) -> int:
        return self.offset + self.length


def _layout(*fields: tuple[str, int, int]) -> tuple[TextField, ...]:
    return tuple(TextField(name, offset, length) for name, offset, length in fields)


#: Field layouts by card type (byte offsets and lengths). Names are those of the
#: :class:`IdentityDocument` attribute each field fills, except ``chinese_name`` (foreigner
#: cards: ``name``, falling back to the English name when empty) and ``english_name_1`` /
#: ``english_name_2`` (2023 card: the two parts of ``english_name``, joined without a separator).
LAYOUTS: Final[Mapping[CardType, tuple[TextField, ...]]] = MappingProxyType(
    {
        CardType.RESIDENT: _layout(
            ("name", 0, 30),
            ("sex", 30, 2),
            ("ethnicity", 32, 4),
            ("birth_date", 36, 16),
            ("address", 52, 70),
            ("id_number", 122, 36),
            ("authority", 158, 30),
            ("valid_from", 188, 16),
            ("valid_to", 204, 16),
        ),
        CardType.HMT_PERMIT: _layout(
            ("name", 0, 30),
            ("sex", 30, 2),
            ("birth_date", 36, 16),
            ("address", 52, 70),
            ("id_number", 122, 36),
            ("authority", 158, 30),
            ("valid_from", 188, 16),
            ("valid_to", 204, 16),
            ("pass_number", 220, 18),
            ("issue_count", 238, 4),
        ),
        CardType.FOREIGNER_2017: _layout(
            ("english_name", 0, 120),
            ("sex", 120, 2),
            ("id_number", 122, 30),
            ("nationality", 152, 6),
            ("chinese_name", 158, 30),
            ("valid_from", 188, 16),
            ("valid_to", 204, 16),
            ("birth_date", 220, 16),
            ("card_version", 236, 4),
            ("authority_code", 240, 8),
        ),
        CardType.FOREIGNER_2023: _layout(
            ("chinese_name", 0, 30),
            ("sex", 30, 2),
            ("issue_count", 32, 4),
            ("birth_date", 36, 16),
            ("english_name_1", 52, 70),
            ("id_number", 122, 36),
            ("valid_from", 188, 16),
            ("valid_to", 204, 16),
            ("english_name_2", 220, 22),
            ("nationality", 242, 6),
            ("previous_number_link", 250, 6),
        ),
    }
)

_FLAGS: Final[Mapping[bytes, CardType]] = MappingProxyType(
    {
        b" \x00": CardType.RESIDENT,
        b"\x00\x00": CardType.RESIDENT,
        b"J\x00": CardType.HMT_PERMIT,
        b"I\x00": CardType.FOREIGNER_2017,
        b"Y\x00": CardType.FOREIGNER_2023,
    }
)
_FLAG_OF: Final[Mapping[CardType, bytes]] = MappingProxyType(
    {
        CardType.RESIDENT: b" \x00",
        CardType.HMT_PERMIT: b"J\x00",
        CardType.FOREIGNER_2017: b"I\x00",
        CardType.FOREIGNER_2023: b"Y\x00",
    }
)
_ID_KINDS: Final[Mapping[CardType, IdKind]] = MappingProxyType(
    {
        CardType.RESIDENT: IdKind.CITIZEN,
        CardType.HMT_PERMIT: IdKind.HMT_PERMIT,
        CardType.FOREIGNER_2017: IdKind.FOREIGNER_2017,
        CardType.FOREIGNER_2023: IdKind.FOREIGNER_2023,
    }
)
_CARD_LABELS: Final[Mapping[CardType, str]] = MappingProxyType(
    {
        CardType.RESIDENT: "resident ID card",
        CardType.HMT_PERMIT: "HK/Macao/Taiwan residence permit",
        CardType.FOREIGNER_2017: "foreigner permanent residence card (2017)",
        CardType.FOREIGNER_2023: "foreigner permanent residence card (2023)",
    }
)

# Precomputed (name, start, end) triples: the hot loop of a read touches nothing else.
_SLICES: Final[Mapping[CardType, tuple[tuple[str, int, int], ...]]] = MappingProxyType(
    {t: tuple((f.name, f.offset, f.end) for f in fs) for t, fs in LAYOUTS.items()}
)
_FIELD_OFFSETS: Final[Mapping[CardType, Mapping[str, int]]] = MappingProxyType(
    {t: MappingProxyType({f.name: f.offset for f in fs}) for t, fs in LAYOUTS.items()}
)
_2023_ENGLISH: Final = (
    LAYOUTS[CardType.FOREIGNER_2023][4],
    LAYOUTS[CardType.FOREIGNER_2023][8],
)

_SEX_CODES: Final = frozenset({"0", "1", "2", "9"})
_ETHNICITY_CODES: Final = frozenset({f"{n:02d}" for n in range(1, 57)} | {"97", "98"})
_DIGITS: Final = frozenset("0123456789")
_ID_CHARS: Final = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# C0 and C1 control characters (DEL included) left inside a field after the padding is gone.
_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f]")
_RARE_FROM: Final = "\ue000"  # first private-use code point; everything from here on is checked


def card_type_of(block: bytes) -> CardType | None:
    """The card type the flag at offset 248 announces, None for an unknown flag or short block."""
    return _FLAGS.get(bytes(block[FLAG_OFFSET : FLAG_OFFSET + 2]))


# ---- parsing --------------------------------------------------------------------------------


def parse_text_block(
    block: bytes,
    *,
    photo: bytes = b"",
    fingerprint: bytes | None = None,
    photo_bmp: bytes | None = None,
    demo: bool = False,
    today: date | None = None,
) -> IdentityDocument:
    """Parse the 256-byte text block into an :class:`IdentityDocument`.

    ``photo`` is the undecoded WLT photo (kept as ``raw_photo``), ``photo_bmp`` a decoded photo
    if a decoder supplied one, ``fingerprint`` the templates if they were asked for. ``today``
    (default: the system date) bounds the birth date of the identity number.

    Raises :class:`CardReadError` (with ``raw`` = the block) and nothing else.
    """
    if not isinstance(block, bytes | bytearray | memoryview):
        raise CardReadError(
            CardErrorCode.BAD_RESPONSE,
            f"The text block must be bytes, not {type(block).__name__}.",
        )
    raw = bytes(block)
    try:
        return _parse(raw, photo, fingerprint, photo_bmp, demo, today)
    except CardReadError:
        raise
    except Exception as exc:  # a safety net: a read yields a document or a CardReadError
        _log.exception("unexpected failure while parsing a text block")
        raise CardReadError(
            CardErrorCode.BAD_FIELD,
            f"The text block could not be understood ({type(exc).__name__}).",
            raw=raw,
        ) from exc


class _Fields:
    """The decoded fields of one block, with what is needed to report an error about them."""

    __slots__ = ("card_type", "raw", "text")

    def __init__(self, card_type: CardType, raw: bytes, text: dict[str, str]) -> None:
        self.card_type = card_type
        self.raw = raw
        self.text = text

    def error(self, code: CardErrorCode, field: str, problem: str) -> CardReadError:
        offset = _FIELD_OFFSETS[self.card_type].get(field)
        where = f" (offset {offset})" if offset is not None else ""
        label = _CARD_LABELS[self.card_type]
        return CardReadError(
            code,
            f"{label}: the {field.replace('_', ' ')} field{where} {problem}.",
            raw=self.raw,
        )

    def date(self, field: str, *, long_term: bool = False) -> date | None:
        text = self.text[field]
        if long_term and text == LONG_TERM:
            return None
        if len(text) != 8 or not _DIGITS.issuperset(text):
            raise self.error(CardErrorCode.BAD_DATE, field, "is not a date YYYYMMDD")
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            raise self.error(CardErrorCode.BAD_DATE, field, "is not a calendar date") from None

    def count(self, field: str) -> int | None:
        text = self.text[field]
        if not text:
            return None
        if not _DIGITS.issuperset(text):
            raise self.error(CardErrorCode.BAD_FIELD, field, "is not a number")
        return int(text)


def _decode(segment: bytes, raw: bytes, card_type: CardType, name: str, start: int) -> str:
    """One field's text without its padding; ``start`` (its offset) is only for the message."""
    try:
        text = segment.decode(_ENCODING).rstrip(_PAD)
    except UnicodeDecodeError:
        raise CardReadError(
            CardErrorCode.BAD_ENCODING,
            f"{_CARD_LABELS[card_type]}: the {name.replace('_', ' ')} field (offset {start}) "
            "is not UCS-2 text.",
            raw=raw,
        ) from None
    if _CONTROL.search(text) is not None:
        raise CardReadError(
            CardErrorCode.BAD_FIELD,
            f"{_CARD_LABELS[card_type]}: the {name.replace('_', ' ')} field (offset {start}) "
            "contains control characters.",
            raw=raw,
        )
    return text


def _parse(
    raw: bytes,
    photo: bytes,
    fingerprint: bytes | None,
    photo_bmp: bytes | None,
    demo: bool,
    today: date | None,
) -> IdentityDocument:
    size = len(raw)
    if size != TEXT_BLOCK_SIZE:
        code = CardErrorCode.TRUNCATED if size < TEXT_BLOCK_SIZE else CardErrorCode.OVERSIZED
        raise CardReadError(
            code, f"The text block has {size} bytes instead of {TEXT_BLOCK_SIZE}.", raw=raw
        )
    card_type = _FLAGS.get(raw[FLAG_OFFSET : FLAG_OFFSET + 2])
    if card_type is None:
        raise CardReadError(
            CardErrorCode.BAD_FLAG,
            f"Unknown card type flag {raw[FLAG_OFFSET : FLAG_OFFSET + 2].hex(' ')} at offset "
            f"{FLAG_OFFSET}.",
            raw=raw,
        )
    text = {
        name: _decode(raw[start:end], raw, card_type, name, start)
        for name, start, end in _SLICES[card_type]
    }
    if card_type is CardType.FOREIGNER_2023:
        # One name in two parts: a name filling part 1 goes on in part 2, so join the raw parts.
        part1, part2 = _2023_ENGLISH
        text["english_name"] = _decode(
            raw[part1.offset : part1.end] + raw[part2.offset : part2.end],
            raw,
            card_type,
            "english_name",
            part1.offset,
        )
    f = _Fields(card_type, raw, text)

    # Name and sex
    if card_type is CardType.FOREIGNER_2017 or card_type is CardType.FOREIGNER_2023:
        name = text["chinese_name"] or text["english_name"]
    else:
        name = text["name"]
    if not name:
        raise f.error(CardErrorCode.BAD_FIELD, "name", "is empty")
    sex = text["sex"]
    if sex not in _SEX_CODES:
        raise f.error(CardErrorCode.BAD_FIELD, "sex", "is not a sex code (0, 1, 2 or 9)")
    ethnicity = ""
    if card_type is CardType.RESIDENT:
        ethnicity = text["ethnicity"]
        if ethnicity not in _ETHNICITY_CODES:
            raise f.error(
                CardErrorCode.BAD_FIELD, "ethnicity", "is not an ethnicity code (01-56, 97, 98)"
            )

    # Dates
    birth = f.date("birth_date")
    valid_from = f.date("valid_from")
    valid_to = f.date("valid_to", long_term=True)
    assert birth is not None and valid_from is not None
    if valid_to is not None and valid_to < valid_from:
        raise f.error(CardErrorCode.BAD_DATE, "valid_to", "lies before the valid-from date")

    # Counts
    issue_count = f.count("issue_count") if "issue_count" in text else None

    # The identity number
    number, region_known = _check_number(f, birth, today)

    address = text.get("address", "")
    rare = _rare_characters(name, address)
    return IdentityDocument(
        card_type=card_type,
        name=name,
        sex=sex,
        birth_date=birth,
        id_number=number,
        valid_from=valid_from,
        valid_to=valid_to,
        authority=text.get("authority", ""),
        address=address,
        ethnicity=ethnicity,
        english_name=text.get("english_name", ""),
        nationality="CHN" if card_type is CardType.RESIDENT else text.get("nationality", ""),
        pass_number=text.get("pass_number", ""),
        issue_count=issue_count,
        card_version=text.get("card_version", ""),
        authority_code=text.get("authority_code", ""),
        previous_number_link=text.get("previous_number_link", ""),
        rare_characters=rare,
        raw_text=raw,
        raw_photo=photo,
        photo_bmp=photo_bmp,
        fingerprint=fingerprint,
        region_known=region_known,
        demo=demo,
    )


def _check_number(f: _Fields, birth: date, today: date | None) -> tuple[str, bool]:
    text = f.text["id_number"]
    kind = _ID_KINDS[f.card_type]
    if not text:
        raise f.error(CardErrorCode.BAD_ID_NUMBER, "id_number", "is empty")
    if not _ID_CHARS.issuperset(text):
        raise CardReadError(
            CardErrorCode.BAD_ID_NUMBER,
            f"{_CARD_LABELS[f.card_type]}: the identity number field holds characters other "
            f"than letters and digits ({mask_id_number(text)}).",
            raw=f.raw,
        )
    try:
        parsed = parse_id_number(text, kind=kind, today=today)
    except IdentityError as err:
        raise CardReadError(
            CardErrorCode.BAD_ID_NUMBER,
            f"{_CARD_LABELS[f.card_type]}: the identity number {mask_id_number(text)} is not "
            f"accepted ({err.code.value}): {err}",
            raw=f.raw,
        ) from None
    number = parsed.number
    if f.card_type is CardType.FOREIGNER_2017:
        # YYMMDD without a century: compare the digits, not the century the parser guessed.
        matches = number[7:13] == f"{birth.year % 100:02d}{birth.month:02d}{birth.day:02d}"
    else:
        matches = parsed.birth_date == birth
    if not matches:
        raise f.error(
            CardErrorCode.BAD_FIELD,
            "birth_date",
            "does not match the birth date in the identity number",
        )
    return number, IdWarningCode.UNKNOWN_REGION not in parsed.warnings


def _is_rare(char: str) -> bool:
    # Private use (BMP U+E000-U+F8FF, planes 15-16) and anything outside the BMP (not UCS-2).
    return "\ue000" <= char <= "\uf8ff" or char >= "\U00010000"


def _rare_characters(*texts: str) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for text in texts:
        if text and max(text) >= _RARE_FROM:
            for char in text:
                if _is_rare(char):
                    found[char] = None
    return tuple(found)


# ---- building -------------------------------------------------------------------------------

_NOT_IN_LAYOUT: Final[Mapping[CardType, tuple[str, ...]]] = MappingProxyType(
    {
        CardType.RESIDENT: (
            "english_name",
            "pass_number",
            "issue_count",
            "card_version",
            "authority_code",
            "previous_number_link",
        ),
        CardType.HMT_PERMIT: (
            "ethnicity",
            "english_name",
            "nationality",
            "card_version",
            "authority_code",
            "previous_number_link",
        ),
        CardType.FOREIGNER_2017: (
            "address",
            "ethnicity",
            "authority",
            "pass_number",
            "issue_count",
            "previous_number_link",
        ),
        CardType.FOREIGNER_2023: (
            "address",
            "ethnicity",
            "authority",
            "pass_number",
            "card_version",
            "authority_code",
        ),
    }
)


def _date_text(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def build_text_block(doc: IdentityDocument) -> bytes:
    """The 256-byte text block of ``doc`` (UCS-2LE, each field space-padded to its width).

    The inverse of :func:`parse_text_block`: ``parse_text_block(build_text_block(d))`` gives
    back every field of a valid ``d`` (plus ``raw_text`` and the derived ``rare_characters``,
    ``region_known``). It checks nothing about the values' meaning, so it also builds the bad
    cards a test needs; but it raises :class:`ValueError` for a value too long for its field
    and for a value the card type has no field for (e.g. an address on a foreigner card), since
    such a value would be lost silently. A resident card's nationality may be "" or "CHN".
    For foreigner cards a ``name`` equal to ``english_name`` means "no Chinese name".
    """
    card_type = CardType(doc.card_type)
    values: dict[str, str] = {
        "name": doc.name,
        "sex": doc.sex,
        "ethnicity": doc.ethnicity,
        "birth_date": _date_text(doc.birth_date),
        "address": doc.address,
        "id_number": doc.id_number,
        "authority": doc.authority,
        "valid_from": _date_text(doc.valid_from),
        "valid_to": LONG_TERM if doc.valid_to is None else _date_text(doc.valid_to),
        "pass_number": doc.pass_number,
        "issue_count": "",
        "english_name": doc.english_name,
        "nationality": doc.nationality,
        "card_version": doc.card_version,
        "authority_code": doc.authority_code,
        "previous_number_link": doc.previous_number_link,
    }
    if doc.issue_count is not None:
        if not 0 <= doc.issue_count <= 99:
            raise ValueError(f"issue count {doc.issue_count} does not fit 2 digits")
        values["issue_count"] = f"{doc.issue_count:02d}"
    lost = [
        field
        for field in _NOT_IN_LAYOUT[card_type]
        if (doc.issue_count is not None if field == "issue_count" else values[field])
    ]
    if card_type is CardType.RESIDENT and doc.nationality not in ("", "CHN"):
        lost.append("nationality")
    if lost:
        raise ValueError(f"a {_CARD_LABELS[card_type]} has no field for: {', '.join(lost)}")
    if card_type is CardType.FOREIGNER_2017 or card_type is CardType.FOREIGNER_2023:
        values["chinese_name"] = "" if doc.name == doc.english_name else doc.name

    out = bytearray(_SPACE * (TEXT_BLOCK_SIZE // 2))
    for name, start, end in _SLICES[card_type]:
        if name in ("english_name_1", "english_name_2"):
            continue
        out[start:end] = _encode(values[name], name, end - start)
    if card_type is CardType.FOREIGNER_2023:
        part1, part2 = _2023_ENGLISH
        joined = _encode(values["english_name"], "english_name", part1.length + part2.length)
        out[part1.offset : part1.end] = joined[: part1.length]
        out[part2.offset : part2.end] = joined[part1.length :]
    out[FLAG_OFFSET : FLAG_OFFSET + 2] = _FLAG_OF[card_type]
    return bytes(out)


def _encode(value: str, name: str, width: int) -> bytes:
    data = value.encode(_ENCODING)  # a lone surrogate raises UnicodeEncodeError (a ValueError)
    if len(data) > width:
        raise ValueError(
            f"{name} is {len(data) // 2} UCS-2 characters long; its field holds {width // 2}"
        )
    return data + _SPACE * ((width - len(data)) // 2)
