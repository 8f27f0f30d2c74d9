"""The GA/T 467 frame codec: literal frames of the reference, round trips, resync, bounds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.idcard.errors import CardErrorCode, CardReadError
from devices.serial import frames
from devices.serial.frames import (
    MAX_FRAME_LENGTH,
    CommandDecoder,
    FrameDecoder,
    ReceivedCommand,
    Response,
    encode_command,
    encode_response,
    parse_card_data,
)

NO_CARD = bytes.fromhex("AA AA AA 96 69 00 04 00 00 80 84")
READ_FAILED = bytes.fromhex("AA AA AA 96 69 00 04 00 00 41 45")
TEXT = bytes(range(256))
PHOTO = bytes((i * 3) % 256 for i in range(1024))
PRINTS = bytes((i * 5) % 256 for i in range(1024))


def decode_all(data: bytes) -> list[Response | CardReadError]:
    return FrameDecoder().feed(data)


# ---- encoding ----------------------------------------------------------------------------------


def test_find_card_frame_is_the_reference_literal() -> None:
    assert encode_command(0x20, 0x01) == bytes.fromhex("AAAAAA9669000320 0122".replace(" ", ""))
    assert frames.FIND_CARD.encode() == bytes.fromhex("AA AA AA 96 69 00 03 20 01 22")


@pytest.mark.parametrize(
    ("command", "cmd", "para"),
    [
        (frames.RESET, 0x10, 0xFF),
        (frames.MODULE_STATUS, 0x11, 0xFF),
        (frames.MODULE_ID, 0x12, 0xFF),
        (frames.FIND_CARD, 0x20, 0x01),
        (frames.SELECT_CARD, 0x20, 0x02),
        (frames.READ_TEXT_PHOTO, 0x30, 0x01),
        (frames.READ_NEWEST_ADDRESS, 0x30, 0x03),
        (frames.READ_TEXT_PHOTO_FINGERPRINT, 0x30, 0x10),
    ],
)
def test_command_constants(command: frames.Command, cmd: int, para: int) -> None:
    frame = command.encode()
    assert frame == frames.PREAMBLE + bytes([0x00, 0x03, cmd, para, 0x03 ^ cmd ^ para])


def test_encode_rejects_out_of_range_bytes_and_oversized_bodies() -> None:
    with pytest.raises(ValueError, match="one byte"):
        encode_command(0x100, 0)
    with pytest.raises(ValueError, match="one byte"):
        encode_response(0, 0, -1)
    with pytest.raises(ValueError, match="largest legal frame"):
        encode_response(0, 0, 0x90, bytes(MAX_FRAME_LENGTH))


def test_frame_size_constants() -> None:
    assert MAX_FRAME_LENGTH == 2321
    assert frames.TEXT_PHOTO_FRAME_LENGTH == 1295
    assert (frames.TEXT_OFFSET_IN_FRAME, frames.PHOTO_OFFSET_IN_FRAME) == (14, 270)


# ---- decoding the reference literals -------------------------------------------------------------


def test_no_card_literal_decodes_to_no_card() -> None:
    (response,) = decode_all(NO_CARD)
    assert isinstance(response, Response)
    assert (response.sw1, response.sw2, response.sw3, response.data) == (0, 0, 0x80, b"")
    assert response.raw == NO_CARD
    assert not response.ok
    error = response.error()
    assert error is not None and error.code is CardErrorCode.NO_CARD
    assert error.raw == NO_CARD
    assert encode_response(0, 0, 0x80) == NO_CARD


def test_read_failed_literal_decodes_to_read_failed() -> None:
    (response,) = decode_all(READ_FAILED)
    assert isinstance(response, Response)
    error = response.error("read card")
    assert error is not None and error.code is CardErrorCode.READ_FAILED
    assert str(error).startswith("read card: ")
    assert encode_response(0, 0, 0x41) == READ_FAILED


@pytest.mark.parametrize(
    ("sw3", "code"),
    [
        (0x90, None),
        (0x9F, None),
        (0x91, None),
        (0x10, CardErrorCode.BAD_CHECKSUM),
        (0x11, CardErrorCode.BAD_LENGTH),
        (0x21, CardErrorCode.READER_FAULT),
        (0x23, CardErrorCode.READER_FAULT),
        (0x24, CardErrorCode.READER_FAULT),
        (0x31, CardErrorCode.AUTH_FAILED),
        (0x32, CardErrorCode.AUTH_FAILED),
        (0x33, CardErrorCode.AUTH_FAILED),
        (0x40, CardErrorCode.UNKNOWN_CARD),
        (0x41, CardErrorCode.READ_FAILED),
        (0x47, CardErrorCode.READ_FAILED),
        (0x60, CardErrorCode.READER_FAULT),
        (0x66, CardErrorCode.READER_FAULT),
        (0x80, CardErrorCode.NO_CARD),
        (0x81, CardErrorCode.NO_CARD),
        (0x55, CardErrorCode.BAD_RESPONSE),  # not in the table
    ],
)
def test_sw3_table(sw3: int, code: CardErrorCode | None) -> None:
    error = frames.status_error(sw3)
    if code is None:
        assert error is None
    else:
        assert error is not None and error.code is code
        assert f"{sw3:02X}" in str(error)


def test_ok_statuses() -> None:
    assert Response(0, 0, 0x90).ok and Response(0, 0, 0x9F).ok
    assert not Response(0, 0, 0x91).ok


# ---- decoding streams ----------------------------------------------------------------------------


def test_round_trip_with_a_preamble_inside_the_data() -> None:
    data = frames.PREAMBLE * 3 + b"\x00\x04"
    frame = encode_response(0x00, 0x00, 0x90, data)
    (response,) = decode_all(frame)
    assert response == Response(0, 0, 0x90, data)


def test_several_frames_in_one_chunk() -> None:
    one, two = encode_response(0, 0, 0x9F, bytes(4)), encode_response(0, 0, 0x90, bytes(8))
    assert decode_all(one + two + NO_CARD) == [
        Response(0, 0, 0x9F, bytes(4)),
        Response(0, 0, 0x90, bytes(8)),
        Response(0, 0, 0x80),
    ]


def test_resynchronises_after_junk() -> None:
    junk = b"\x00\x01\xaa\xaa\x96\xaa\xaa\xaa\x96\x13\xaa\xaa"  # partial preambles
    decoder = FrameDecoder()
    assert decoder.feed(junk) == []
    assert decoder.buffered <= 4  # only a possible preamble start is kept
    assert decoder.feed(NO_CARD + b"\xff\xfe" + READ_FAILED) == [
        Response(0, 0, 0x80),
        Response(0, 0, 0x41),
    ]
    assert decoder.discarded > 0


def test_preamble_split_across_chunks_after_junk() -> None:
    decoder = FrameDecoder()
    assert decoder.feed(b"\x01\x02\xaa\xaa") == []
    assert decoder.feed(b"\xaa\x96\x69\x00\x04\x00\x00\x80\x84") == [Response(0, 0, 0x80)]


def test_byte_by_byte_delivery_of_the_largest_frame() -> None:
    data = frames.encode_card_data(TEXT, PHOTO, PRINTS)
    frame = encode_response(0, 0, 0x90, data)
    assert len(frame) == MAX_FRAME_LENGTH
    decoder = FrameDecoder()
    out: list[Response | CardReadError] = []
    for i in range(len(frame)):
        out += decoder.feed(frame[i : i + 1])
        assert decoder.buffered < MAX_FRAME_LENGTH
    assert out == [Response(0, 0, 0x90, data)]
    assert decoder.buffered == 0


def test_bad_checksum_is_reported_and_the_next_frame_survives() -> None:
    bad = NO_CARD[:-1] + b"\x00"
    first, second = decode_all(bad + READ_FAILED)
    assert isinstance(first, CardReadError) and first.code is CardErrorCode.BAD_CHECKSUM
    assert first.raw == bad
    assert second == Response(0, 0, 0x41)


def test_corrupted_length_swallowing_the_next_frame_is_recovered() -> None:
    # LEN says 8 instead of 4: the frame runs into the next one and its checksum fails there.
    bad = NO_CARD[:5] + b"\x00\x08" + NO_CARD[7:]
    items = decode_all(bad + READ_FAILED)
    assert isinstance(items[0], CardReadError) and items[0].code is CardErrorCode.BAD_CHECKSUM
    assert items[-1] == Response(0, 0, 0x41)


def test_length_beyond_the_largest_frame_is_bad_length_at_once() -> None:
    decoder = FrameDecoder()
    (error,) = decoder.feed(frames.PREAMBLE + b"\xff\xff\x00\x00")
    assert isinstance(error, CardReadError) and error.code is CardErrorCode.BAD_LENGTH
    assert decoder.buffered < len(frames.PREAMBLE)  # nothing waits for 64 KiB
    just_too_long = (frames.MAX_LEN_FIELD + 1).to_bytes(2, "big")
    (error,) = FrameDecoder().feed(frames.PREAMBLE + just_too_long)
    assert isinstance(error, CardReadError) and error.code is CardErrorCode.BAD_LENGTH


def test_length_too_short_for_a_response_is_bad_length() -> None:
    (error, response) = decode_all(frames.PREAMBLE + b"\x00\x03\x00\x00\x03" + NO_CARD)
    assert isinstance(error, CardReadError) and error.code is CardErrorCode.BAD_LENGTH
    assert response == Response(0, 0, 0x80)


def test_reset_forgets_a_partial_frame() -> None:
    decoder = FrameDecoder()
    decoder.feed(NO_CARD[:8])
    assert decoder.buffered == 8
    decoder.reset()
    assert (decoder.buffered, decoder.discarded) == (0, 0)
    assert decoder.feed(READ_FAILED) == [Response(0, 0, 0x41)]


def test_command_decoder_round_trip() -> None:
    stream = b"\x00" + frames.FIND_CARD.encode() + encode_command(0x60, 0x00, b"\x01")
    assert CommandDecoder().feed(stream) == [
        ReceivedCommand(0x20, 0x01),
        ReceivedCommand(0x60, 0x00, b"\x01"),
    ]


# ---- read payloads -------------------------------------------------------------------------------


def test_text_photo_answer_layout() -> None:
    data = frames.encode_card_data(TEXT, PHOTO)
    frame = encode_response(0, 0, 0x90, data)
    assert len(frame) == 1295
    assert frame[10:14] == b"\x01\x00\x04\x00"
    assert frame[14:270] == TEXT
    assert frame[270:1294] == PHOTO
    (response,) = decode_all(frame)
    assert isinstance(response, Response)
    card = parse_card_data(response.data)
    assert (card.text, card.photo, card.fingerprint) == (TEXT, PHOTO, None)


def test_fingerprint_answer_layout() -> None:
    frame = encode_response(0, 0, 0x90, frames.encode_card_data(TEXT, PHOTO, PRINTS))
    assert len(frame) == 2321
    assert frame[10:16] == b"\x01\x00\x04\x00\x04\x00"
    (response,) = decode_all(frame)
    assert isinstance(response, Response)
    card = parse_card_data(response.data, fingerprint=True)
    assert (card.text, card.photo, card.fingerprint) == (TEXT, PHOTO, PRINTS)


def test_fingerprint_answer_without_fingerprints() -> None:
    card = parse_card_data(frames.encode_card_data(TEXT, PHOTO, b""), fingerprint=True)
    assert card.fingerprint is None and card.photo == PHOTO


@pytest.mark.parametrize(
    ("data", "fingerprint"),
    [
        (b"\x01\x00", False),  # no photo length
        (frames.encode_card_data(TEXT, PHOTO)[:-1], False),  # one photo byte short
        (frames.encode_card_data(TEXT, PHOTO) + b"\x00", False),  # one byte too many
        (frames.encode_card_data(TEXT[:200], PHOTO), False),  # consistent, but text not 256
        (frames.encode_card_data(TEXT, PHOTO[:1000]), False),  # consistent, photo not 1024
        (frames.encode_card_data(TEXT, PHOTO, PRINTS[:512]), True),  # fingerprint not 1024
        (frames.encode_card_data(TEXT, PHOTO), True),  # 30 01 layout read as 30 10
        (b"\xff\xff\x04\x00" + TEXT + PHOTO, False),  # absurd text length
    ],
)
def test_inconsistent_payload_lengths_are_bad_length(data: bytes, fingerprint: bool) -> None:
    with pytest.raises(CardReadError) as info:
        parse_card_data(data, fingerprint=fingerprint, raw=b"frame")
    assert info.value.code is CardErrorCode.BAD_LENGTH
    assert info.value.raw == b"frame"


# ---- properties --------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=64),
            # bytes that look like frame starts, to reach the length and checksum paths
            st.builds(
                lambda n, tail: frames.PREAMBLE + n.to_bytes(2, "big") + tail,
                st.integers(0, 0xFFFF),
                st.binary(max_size=64),
            ),
        ),
        max_size=20,
    )
)
def test_arbitrary_bytes_give_only_frames_or_typed_errors(chunks: list[bytes]) -> None:
    decoder = FrameDecoder()
    for chunk in chunks:
        for item in decoder.feed(chunk):
            if isinstance(item, CardReadError):
                assert item.code in (CardErrorCode.BAD_LENGTH, CardErrorCode.BAD_CHECKSUM)
            else:
                assert isinstance(item, Response)
                assert len(item.raw) <= MAX_FRAME_LENGTH
        assert decoder.buffered < MAX_FRAME_LENGTH


_JUNK = st.binary(max_size=40).map(lambda b: b.replace(b"\xaa", b"\x55"))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            _JUNK,
            st.integers(0, 255),
            st.integers(0, 255),
            st.integers(0, 255),
            st.binary(max_size=300),
        ),
        min_size=1,
        max_size=6,
    ),
    st.integers(1, 97),
)
def test_frames_between_junk_survive_any_chunking(
    parts: list[tuple[bytes, int, int, int, bytes]], chunk_size: int
) -> None:
    stream = b""
    expected = []
    for junk, sw1, sw2, sw3, data in parts:
        stream += junk + encode_response(sw1, sw2, sw3, data)
        expected.append(Response(sw1, sw2, sw3, data))
    decoder = FrameDecoder()
    out: list[Response | CardReadError] = []
    for i in range(0, len(stream), chunk_size):
        out += decoder.feed(stream[i : i + chunk_size])
    assert out == expected


# ---- answers that belong to another command -------------------------------------------------


@pytest.mark.parametrize(
    ("command", "response", "plausible"),
    [
        (frames.FIND_CARD, Response(0, 0, 0x9F, bytes(4)), True),
        (frames.FIND_CARD, Response(0, 0, 0x80), True),
        (frames.FIND_CARD, Response(0, 0, 0x90), False),  # a status / select answer
        (frames.FIND_CARD, Response(0, 0, 0x81), False),
        (frames.FIND_CARD, Response(0, 0, 0x60), True),
        (frames.SELECT_CARD, Response(0, 0, 0x90, bytes(8)), True),
        (frames.SELECT_CARD, Response(0, 0, 0x81), True),
        (frames.SELECT_CARD, Response(0, 0, 0x9F, bytes(4)), False),
        (frames.SELECT_CARD, Response(0, 0, 0x90, bytes(1284)), False),  # a read answer
        (frames.READ_TEXT_PHOTO, Response(0, 0, 0x90, bytes(1284)), True),
        (frames.READ_TEXT_PHOTO, Response(0, 0, 0x90, bytes(8)), True),  # bad, not foreign
        (frames.READ_TEXT_PHOTO, Response(0, 0, 0x90), False),
        (frames.READ_TEXT_PHOTO, Response(0, 0, 0x41), True),
        (frames.READ_TEXT_PHOTO, Response(0, 0, 0x80), True),
        (frames.READ_TEXT_PHOTO_FINGERPRINT, Response(0, 0, 0x91), True),
        (frames.MODULE_STATUS, Response(0, 0, 0x90), True),
        (frames.MODULE_STATUS, Response(0, 0, 0x80), False),
        (frames.MODULE_STATUS, Response(0, 0, 0x60), True),
        (frames.MODULE_ID, Response(0, 0, 0x90, bytes(16)), True),
        (frames.MODULE_ID, Response(0, 0, 0x9F, bytes(4)), False),
    ],
)
def test_plausible_answer(command: frames.Command, response: Response, plausible: bool) -> None:
    assert frames.plausible_answer(command, response) is plausible
