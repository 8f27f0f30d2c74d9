"""Raw card data for the log, without the whole identity number.

A bad read is worth logging byte for byte (it is how a vendor quirk gets diagnosed), but the log
must not hold a whole identity number. :func:`masked_hex` dumps a text block with the identity
number field — and only it — replaced by the masked number (:func:`mask_id_number`), encoded
like the card encodes it, so the dump keeps its length and offsets and still decodes.

(Names, addresses and birth dates stay in the dump: the log is personal data and is kept
like the rest of the application's records. Only the number, which identifies a person on its
own and opens other registers, is never written out whole.)
"""

from __future__ import annotations

import re
from typing import Final

from desktop.domain.identity import mask_id_number
from devices.idcard.document import CardType
from devices.idcard.textblock import LAYOUTS, card_type_of

__all__ = ["masked_hex"]

_ENCODING: Final = "utf-16-le"
_STAR: Final = "*".encode(_ENCODING)
# Something shaped like a number in UCS-2LE at any byte alignment: up to 3 letters, 12 or more
# digits, maybe a check character X (citizen 18/15, HMT, foreigner 2017/2023).
_NUMBER_LIKE: Final = re.compile(rb"(?:[A-Z]\x00){0,3}(?:[0-9]\x00){12,}(?:[0-9Xx]\x00)?")


def _number_span(card_type: CardType) -> tuple[int, int]:
    (field,) = (f for f in LAYOUTS[card_type] if f.name == "id_number")
    return field.offset, field.end


_SPANS: Final = {t: _number_span(t) for t in CardType}
#: Where the number may be when the flag is unknown: the union of all layouts' number fields.
_ANY_SPAN: Final = (min(s for s, _ in _SPANS.values()), max(e for _, e in _SPANS.values()))


#: A GA/T 467 response frame (``AA AA AA 96 69`` …) of a ``30 01`` / ``30 10`` read carries the
#: text block at this offset (reference §2).
_FRAME_PREFIX: Final = bytes.fromhex("aaaaaa9669")
_FRAME_TEXT_OFFSET: Final = 14


def masked_hex(raw: bytes) -> str:
    """Hex dump of ``raw`` (a text block, good or bad) with the identity number masked.

    Bytes are shown in groups of two (one UCS-2 character each, from offset 0), e.g.
    ``205f 094e 2000 …``. The number field is chosen by the type flag at offset 248; with an
    unknown flag or a short block, every byte where any layout keeps its number is masked.
    A field that decodes is masked like :func:`mask_id_number` (``110105********002X``, the
    padding kept); one that does not decode is replaced by ``*`` characters entirely. A whole
    serial response frame of a card read is understood too (its text block starts at 14).

    When the layout is not certain (an unknown flag, or input that is neither a 256-byte block
    nor such a frame: a header left in, a truncated block, some other frame), every run of UCS-2
    text shaped like an identity number, at any offset, is masked as well (dates side by side
    may be caught too: better a date hidden than a number shown).
    """
    data = bytearray(raw)
    base = 0
    if len(data) >= _FRAME_TEXT_OFFSET + 256 and data[:5] == _FRAME_PREFIX:
        base = _FRAME_TEXT_OFFSET
    elif len(data) != 256:
        base = -1  # no block at a known place
    card_type = card_type_of(bytes(data[base : base + 256])) if base >= 0 else None
    start, end = _SPANS[card_type] if card_type is not None else _ANY_SPAN
    start, end = max(base, 0) + start, min(max(base, 0) + end, len(data))
    if start < end:
        data[start:end] = _masked_field(bytes(data[start:end]))
    if card_type is None:
        data = bytearray(_NUMBER_LIKE.sub(_masked_match, bytes(data)))
    return data.hex(" ", -2)


def _masked_match(match: re.Match[bytes]) -> bytes:
    return _masked_field(match.group())


def _masked_field(field: bytes) -> bytes:
    try:
        text = field.decode(_ENCODING)
    except UnicodeDecodeError:
        text = None
    if text is not None and len(text) * 2 == len(field):  # no odd byte, no surrogate pair
        number = text.rstrip(" \x00")
        masked = mask_id_number(number)
        if len(masked) == len(number):
            return masked.encode(_ENCODING) + field[len(number) * 2 :]
    # Garbage: hide all of it (an odd trailing byte too).
    return (_STAR * (len(field) // 2 + 1))[: len(field)]
