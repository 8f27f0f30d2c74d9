"""Typed errors of card reading: every failure has a stable code the UI translates.

The raw bytes that caused a failure travel with the error for the log (with the identity number
masked by whoever logs it, see :func:`devices.idcard.logging.masked_hex`), never to the screen.
"""

from __future__ import annotations

from enum import StrEnum

from desktop.domain.errors import CodedError


class CardErrorCode(StrEnum):
    # The text block (what the reader hands over)
    TRUNCATED = "card.truncated"
    OVERSIZED = "card.oversized"
    BAD_FLAG = "card.bad_flag"
    BAD_ENCODING = "card.bad_encoding"
    BAD_FIELD = "card.bad_field"
    BAD_DATE = "card.bad_date"
    BAD_ID_NUMBER = "card.bad_id_number"
    # The card and the reader
    NO_CARD = "card.no_card"
    CARD_REMOVED = "card.removed"
    UNKNOWN_CARD = "card.unknown_type"
    READ_FAILED = "card.read_failed"
    AUTH_FAILED = "card.auth_failed"
    TIMEOUT = "reader.timeout"
    NO_READER = "reader.not_found"
    READER_LOST = "reader.lost"
    READER_BUSY = "reader.busy"
    READER_FAULT = "reader.fault"
    BAD_RESPONSE = "reader.bad_response"
    BAD_CHECKSUM = "reader.bad_checksum"
    BAD_LENGTH = "reader.bad_length"
    SERVICE_UNAVAILABLE = "reader.service_unavailable"
    PROFILE_INVALID = "reader.profile_invalid"
    PHOTO_NOT_DECODABLE = "photo.not_decodable"


class CardReadError(CodedError):
    """A read that produced no document. ``raw`` holds the bytes received, for the log."""

    code: CardErrorCode

    def __init__(self, code: CardErrorCode, message: str, *, raw: bytes | None = None) -> None:
        super().__init__(message, code=code)
        self.raw = raw
