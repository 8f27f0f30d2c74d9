"""The GA/T 467 SAM terminal protocol, byte-exact: frames, status words and read payloads.

Pure codec, no I/O. A frame is ``AA AA AA 96 69 | LEN_H LEN_L | body | CHK`` where LEN (big-endian)
counts the body and the checksum byte, and CHK is the XOR of every byte from LEN_H up to the byte
before CHK. A command body is ``CMD PARA DATA…``; a response body is ``SW1 SW2 SW3 DATA…``, SW3
being the module's status (see :data:`SW3_STATUS`).

:class:`FrameDecoder` cuts an incoming byte stream into responses. It resynchronises on the
preamble, never buffers more than one legal frame (:data:`MAX_FRAME_LENGTH` bytes) and returns a
:class:`~devices.idcard.errors.CardReadError` in place of a frame whose length or checksum is wrong,
so one bad frame never loses the good frames around it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from devices.idcard.errors import CardErrorCode, CardReadError

PREAMBLE: Final = b"\xaa\xaa\xaa\x96\x69"
#: Preamble plus the two length bytes.
HEADER_LENGTH: Final = len(PREAMBLE) + 2

TEXT_LENGTH: Final = 256
PHOTO_LENGTH: Final = 1024
FINGERPRINT_LENGTH: Final = 1024

#: The largest legal frame: a ``30 10`` answer (header 7, SW 3, three lengths 6, text 256,
#: photo 1024, fingerprint 1024, checksum 1).
MAX_FRAME_LENGTH: Final = (
    HEADER_LENGTH + 3 + 6 + TEXT_LENGTH + PHOTO_LENGTH + FINGERPRINT_LENGTH + 1
)
#: The largest legal LEN field (everything after the two length bytes).
MAX_LEN_FIELD: Final = MAX_FRAME_LENGTH - HEADER_LENGTH
#: A ``30 01`` answer: text at frame offset 14, photo at 270, 1295 bytes in all.
TEXT_PHOTO_FRAME_LENGTH: Final = HEADER_LENGTH + 3 + 4 + TEXT_LENGTH + PHOTO_LENGTH + 1
TEXT_OFFSET_IN_FRAME: Final = HEADER_LENGTH + 3 + 4
PHOTO_OFFSET_IN_FRAME: Final = TEXT_OFFSET_IN_FRAME + TEXT_LENGTH

# The smallest LEN fields: CMD PARA CHK, and SW1 SW2 SW3 CHK.
_MIN_COMMAND_LEN: Final = 3
_MIN_RESPONSE_LEN: Final = 4


# ---- commands ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Command:
    """A command: ``cmd`` and ``para`` bytes, with optional data (only the baud command has none
    of its own; none of the commands here carry data)."""

    cmd: int
    para: int
    data: bytes = b""

    def encode(self) -> bytes:
        return encode_command(self.cmd, self.para, self.data)


RESET: Final = Command(0x10, 0xFF)
MODULE_STATUS: Final = Command(0x11, 0xFF)
MODULE_ID: Final = Command(0x12, 0xFF)
FIND_CARD: Final = Command(0x20, 0x01)
SELECT_CARD: Final = Command(0x20, 0x02)
READ_TEXT_PHOTO: Final = Command(0x30, 0x01)
READ_NEWEST_ADDRESS: Final = Command(0x30, 0x03)
READ_TEXT_PHOTO_FINGERPRINT: Final = Command(0x30, 0x10)

COMMAND_NAMES: Final[dict[tuple[int, int], str]] = {
    (RESET.cmd, RESET.para): "reset",
    (MODULE_STATUS.cmd, MODULE_STATUS.para): "module status",
    (MODULE_ID.cmd, MODULE_ID.para): "module id",
    (FIND_CARD.cmd, FIND_CARD.para): "find card",
    (SELECT_CARD.cmd, SELECT_CARD.para): "select card",
    (READ_TEXT_PHOTO.cmd, READ_TEXT_PHOTO.para): "read text+photo",
    (READ_NEWEST_ADDRESS.cmd, READ_NEWEST_ADDRESS.para): "read newest address",
    (READ_TEXT_PHOTO_FINGERPRINT.cmd, READ_TEXT_PHOTO_FINGERPRINT.para): "read with fingerprint",
}


# ---- status words ------------------------------------------------------------------------------

SW3_SUCCESS: Final = 0x90
SW3_FIND_SUCCESS: Final = 0x9F
SW3_NO_CONTENT: Final = 0x91
SW3_NO_CARD: Final = 0x80
SW3_SELECT_FAILED: Final = 0x81
SW3_READ_FAILED: Final = 0x41


@dataclass(frozen=True, slots=True)
class Sw3Status:
    meaning: str
    #: ``None`` for the statuses that are not failures (90, 9F, 91).
    error: CardErrorCode | None


#: SW3 → meaning and error code. ``81`` (select failed) maps to NO_CARD: a select right after a
#: successful find fails in practice because the card left the field (or moved) in between, and
#: the clerk's remedy is the same (present the card again). An SW3 not listed here is
#: BAD_RESPONSE.
SW3_STATUS: Final[dict[int, Sw3Status]] = {
    0x90: Sw3Status("success", None),
    0x9F: Sw3Status("find card success", None),
    0x91: Sw3Status("no content for this item", None),
    0x10: Sw3Status("module received a bad checksum", CardErrorCode.BAD_CHECKSUM),
    0x11: Sw3Status("module received a bad length", CardErrorCode.BAD_LENGTH),
    0x21: Sw3Status("command error", CardErrorCode.READER_FAULT),
    0x23: Sw3Status("operation not authorised", CardErrorCode.READER_FAULT),
    0x24: Sw3Status("unrecognised error", CardErrorCode.READER_FAULT),
    0x31: Sw3Status("card to module authentication failed", CardErrorCode.AUTH_FAILED),
    0x32: Sw3Status("module to card authentication failed", CardErrorCode.AUTH_FAILED),
    0x33: Sw3Status("information verification error", CardErrorCode.AUTH_FAILED),
    0x40: Sw3Status("unknown card type", CardErrorCode.UNKNOWN_CARD),
    0x41: Sw3Status("read card failed", CardErrorCode.READ_FAILED),
    0x47: Sw3Status("random number failed", CardErrorCode.READ_FAILED),
    0x60: Sw3Status("module self-test failed", CardErrorCode.READER_FAULT),
    0x66: Sw3Status("module not authorised", CardErrorCode.READER_FAULT),
    0x80: Sw3Status("find card failed (no card)", CardErrorCode.NO_CARD),
    0x81: Sw3Status("select card failed", CardErrorCode.NO_CARD),
}


def status_error(sw3: int, *, raw: bytes | None = None, context: str = "") -> CardReadError | None:
    """The error an SW3 stands for, or ``None`` for 90 / 9F / 91."""
    status = SW3_STATUS.get(sw3)
    prefix = f"{context}: " if context else ""
    if status is None:
        return CardReadError(
            CardErrorCode.BAD_RESPONSE, f"{prefix}unknown module status {sw3:02X}", raw=raw
        )
    if status.error is None:
        return None
    return CardReadError(status.error, f"{prefix}{status.meaning} (SW3 {sw3:02X})", raw=raw)


def plausible_answer(command: Command, response: Response) -> bool:
    """Whether ``response`` can answer ``command``, or clearly answers another one.

    The protocol does not echo the command, so an answer arriving late (after its command timed
    out, or sent to a program that had the port before) would be taken for the answer to the
    next command. Only what certainly belongs elsewhere is refused: ``9F`` answers *find card*
    alone and *find card* never answers ``90``; ``80`` / ``81`` concern a card (``81`` only
    after select or read); a read's ``90`` carries at least its length fields, and any other
    command's ``90`` is shorter than a text block.
    """
    key = (command.cmd, command.para)
    is_find = key == (FIND_CARD.cmd, FIND_CARD.para)
    is_select = key == (SELECT_CARD.cmd, SELECT_CARD.para)
    is_read = key in _READS
    sw3 = response.sw3
    if sw3 == SW3_FIND_SUCCESS:
        return is_find
    if sw3 == SW3_SELECT_FAILED:
        return is_select or is_read
    if sw3 == SW3_NO_CARD:
        return is_find or is_select or is_read
    if sw3 == SW3_SUCCESS:
        if is_find:
            return False
        if is_read:
            return len(response.data) >= 4
        return len(response.data) < 4 + TEXT_LENGTH
    return True


_READS: Final = frozenset(
    {
        (READ_TEXT_PHOTO.cmd, READ_TEXT_PHOTO.para),
        (READ_TEXT_PHOTO_FINGERPRINT.cmd, READ_TEXT_PHOTO_FINGERPRINT.para),
    }
)


# ---- encoding ----------------------------------------------------------------------------------


def _xor(data: bytes | bytearray | memoryview) -> int:
    value = 0
    for byte in data:
        value ^= byte
    return value


def _byte(name: str, value: int) -> int:
    if not 0 <= value <= 0xFF:
        raise ValueError(f"{name} must be one byte, got {value!r}")
    return value


def _frame(body: bytes) -> bytes:
    length = len(body) + 1
    if length > MAX_LEN_FIELD:
        raise ValueError(f"frame body of {len(body)} bytes exceeds the largest legal frame")
    head = length.to_bytes(2, "big") + body
    return PREAMBLE + head + bytes([_xor(head)])


def encode_command(cmd: int, para: int, data: bytes = b"") -> bytes:
    """``AA AA AA 96 69 | LEN | CMD PARA DATA | CHK``; ``encode_command(0x20, 0x01)`` is the find
    card frame ``AA AA AA 96 69 00 03 20 01 22``."""
    return _frame(bytes([_byte("cmd", cmd), _byte("para", para)]) + bytes(data))


def encode_response(sw1: int, sw2: int, sw3: int, data: bytes = b"") -> bytes:
    """A response frame, as the module sends it (for emulators and tests)."""
    return _frame(bytes([_byte("sw1", sw1), _byte("sw2", sw2), _byte("sw3", sw3)]) + bytes(data))


# ---- decoding ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Response:
    sw1: int
    sw2: int
    sw3: int
    data: bytes = b""
    #: The whole frame as received (for the log).
    raw: bytes = field(default=b"", repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.sw3 in (SW3_SUCCESS, SW3_FIND_SUCCESS)

    def error(self, context: str = "") -> CardReadError | None:
        """The error this response's SW3 stands for (``None`` for 90 / 9F / 91)."""
        return status_error(self.sw3, raw=self.raw, context=context)


@dataclass(frozen=True, slots=True)
class ReceivedCommand:
    """A command frame as an emulator receives it."""

    cmd: int
    para: int
    data: bytes = b""
    raw: bytes = field(default=b"", repr=False, compare=False)


class _FrameSplitter:
    """Cuts a byte stream into frame bodies (without the checksum) or errors."""

    def __init__(self, min_len: int) -> None:
        self._min_len = min_len
        self._buffer = bytearray()
        #: Bytes thrown away while looking for a preamble or after a bad frame.
        self.discarded = 0

    @property
    def buffered(self) -> int:
        """Bytes held back, waiting for the rest of a frame (always < MAX_FRAME_LENGTH)."""
        return len(self._buffer)

    def reset(self) -> None:
        self.discarded += len(self._buffer)
        self._buffer.clear()

    def _drop(self, count: int) -> None:
        del self._buffer[:count]
        self.discarded += count

    def split(self, data: bytes) -> list[tuple[bytes, bytes] | CardReadError]:
        """Feed ``data``; returns ``(body, raw_frame)`` pairs and errors in stream order."""
        self._buffer += data
        out: list[tuple[bytes, bytes] | CardReadError] = []
        buf = self._buffer
        while True:
            start = buf.find(PREAMBLE)
            if start < 0:
                # Keep only a tail that could be the start of a preamble.
                keep = 0
                for size in range(min(len(PREAMBLE) - 1, len(buf)), 0, -1):
                    if buf.endswith(PREAMBLE[:size]):
                        keep = size
                        break
                self._drop(len(buf) - keep)
                return out
            if start:
                self._drop(start)
            if len(buf) < HEADER_LENGTH:
                return out
            length = int.from_bytes(buf[len(PREAMBLE) : HEADER_LENGTH], "big")
            if length > MAX_LEN_FIELD or length < self._min_len:
                raw = bytes(buf[:HEADER_LENGTH])
                out.append(
                    CardReadError(
                        CardErrorCode.BAD_LENGTH,
                        f"frame claims {length} bytes (legal: {self._min_len}..{MAX_LEN_FIELD})",
                        raw=raw,
                    )
                )
                self._drop(1)  # resynchronise on the next preamble
                continue
            total = HEADER_LENGTH + length
            if len(buf) < total:
                return out
            raw = bytes(buf[:total])
            if _xor(raw[len(PREAMBLE) : -1]) != raw[-1]:
                out.append(
                    CardReadError(CardErrorCode.BAD_CHECKSUM, "frame checksum mismatch", raw=raw)
                )
                # The length may be the corrupted byte: look for a preamble inside this frame.
                self._drop(1)
                continue
            del buf[:total]
            out.append((raw[HEADER_LENGTH:-1], raw))


class FrameDecoder:
    """Incremental decoder of response frames.

    ``feed`` returns, in stream order, every complete :class:`Response` and a
    :class:`CardReadError` (BAD_LENGTH, BAD_CHECKSUM) for each bad frame; it never raises for
    bad input. Bytes outside frames are skipped (counted in :attr:`discarded`).
    """

    def __init__(self) -> None:
        self._splitter = _FrameSplitter(_MIN_RESPONSE_LEN)

    @property
    def buffered(self) -> int:
        return self._splitter.buffered

    @property
    def discarded(self) -> int:
        return self._splitter.discarded

    def reset(self) -> None:
        """Forget a partial frame (before a new command: a late answer must not match it)."""
        self._splitter.reset()
        self._splitter.discarded = 0

    def feed(self, data: bytes) -> list[Response | CardReadError]:
        out: list[Response | CardReadError] = []
        for item in self._splitter.split(data):
            if isinstance(item, CardReadError):
                out.append(item)
            else:
                body, raw = item
                out.append(Response(body[0], body[1], body[2], body[3:], raw=raw))
        return out


class CommandDecoder:
    """Incremental decoder of command frames (what a module, or an emulator, receives)."""

    def __init__(self) -> None:
        self._splitter = _FrameSplitter(_MIN_COMMAND_LEN)

    @property
    def buffered(self) -> int:
        return self._splitter.buffered

    def feed(self, data: bytes) -> list[ReceivedCommand | CardReadError]:
        out: list[ReceivedCommand | CardReadError] = []
        for item in self._splitter.split(data):
            if isinstance(item, CardReadError):
                out.append(item)
            else:
                body, raw = item
                out.append(ReceivedCommand(body[0], body[1], body[2:], raw=raw))
        return out


# ---- read payloads -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CardData:
    """The payload of a ``30 01`` / ``30 10`` answer."""

    text: bytes
    photo: bytes
    #: ``None`` unless read with ``30 10`` and the card holds fingerprints.
    fingerprint: bytes | None = field(default=None, repr=False)


def _bad_length(message: str, raw: bytes | None) -> CardReadError:
    return CardReadError(CardErrorCode.BAD_LENGTH, message, raw=raw)


def parse_card_data(
    data: bytes, *, fingerprint: bool = False, raw: bytes | None = None
) -> CardData:
    """Split the data of a ``30 01`` answer (``fingerprint=False``: text length, photo length,
    text, photo) or a ``30 10`` answer (a third length, then the fingerprint).

    Lengths must match the data exactly; the text must be 256 bytes and the photo 1024 bytes
    (the only sizes the card holds) or empty, and the fingerprint 1024 bytes or empty. Anything
    else is BAD_LENGTH.
    """
    count = 3 if fingerprint else 2
    head = 2 * count
    if len(data) < head:
        raise _bad_length(f"read answer of {len(data)} bytes has no length fields", raw)
    lengths = [int.from_bytes(data[2 * i : 2 * i + 2], "big") for i in range(count)]
    if head + sum(lengths) != len(data):
        raise _bad_length(
            f"read answer lengths {lengths} do not match its {len(data) - head} data bytes", raw
        )
    text_len, photo_len = lengths[0], lengths[1]
    if text_len != TEXT_LENGTH:
        raise _bad_length(f"text length {text_len} (expected {TEXT_LENGTH})", raw)
    if photo_len not in (0, PHOTO_LENGTH):
        raise _bad_length(f"photo length {photo_len} (expected {PHOTO_LENGTH})", raw)
    text = data[head : head + text_len]
    photo = data[head + text_len : head + text_len + photo_len]
    prints: bytes | None = None
    if fingerprint:
        fp_len = lengths[2]
        if fp_len not in (0, FINGERPRINT_LENGTH):
            raise _bad_length(f"fingerprint length {fp_len} (expected {FINGERPRINT_LENGTH})", raw)
        prints = data[head + text_len + photo_len :] or None
    return CardData(text=text, photo=photo, fingerprint=prints)


def encode_card_data(text: bytes, photo: bytes, fingerprint: bytes | None = None) -> bytes:
    """The inverse of :func:`parse_card_data` (for emulators): with ``fingerprint`` not ``None``
    the ``30 10`` layout (an empty fingerprint gives a zero third length)."""
    out = len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big")
    if fingerprint is not None:
        out += len(fingerprint).to_bytes(2, "big")
    return out + text + photo + (fingerprint or b"")
