"""Words for the reader's states and the card errors, as a clerk at the window reads them.

The devices speak in codes (:class:`~devices.reader.ReaderState`,
:class:`~devices.idcard.errors.CardErrorCode`); this module turns them into translated text.
Each string is written out in a ``QCoreApplication.translate`` call so that lupdate finds it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from devices.idcard.errors import CardErrorCode
from devices.reader import ReaderState

__all__ = ["card_error_text", "reader_state_text"]


def reader_state_text(state: str | None, error_code: str = "") -> str:
    """One line for the reader's state (a :class:`ReaderState` value; None: not started).

    ``error_code`` (a :class:`CardErrorCode` value) gives the reason of an invalid card, and
    tells a card pulled during the read from one simply taken away.
    """
    if state == ReaderState.INVALID_CARD:
        return QCoreApplication.translate("ReaderTexts", "Invalid card: {reason}").format(
            reason=card_error_text(error_code)
        )
    if state == ReaderState.CARD_REMOVED and error_code:
        return QCoreApplication.translate(
            "ReaderTexts", "The card was removed before the read finished; place it again"
        )
    texts = {
        ReaderState.NO_READER: QCoreApplication.translate(
            "ReaderTexts", "No card reader connected"
        ),
        ReaderState.READER_READY: QCoreApplication.translate(
            "ReaderTexts", "Place the ID card on the reader"
        ),
        ReaderState.CARD_PRESENT: QCoreApplication.translate("ReaderTexts", "Card detected…"),
        ReaderState.READING: QCoreApplication.translate("ReaderTexts", "Reading the card…"),
        ReaderState.READ_DONE: QCoreApplication.translate("ReaderTexts", "Card read"),
        ReaderState.CARD_REMOVED: QCoreApplication.translate("ReaderTexts", "Card removed"),
        ReaderState.READER_LOST: QCoreApplication.translate(
            "ReaderTexts", "The card reader was disconnected"
        ),
        ReaderState.SERVICE_UNAVAILABLE: QCoreApplication.translate(
            "ReaderTexts",
            "The card-reading service is not running; please contact technical support",
        ),
    }
    if state is None or state == "":
        return QCoreApplication.translate("ReaderTexts", "Card reader not started")
    try:
        return texts[ReaderState(state)]
    except (ValueError, KeyError):
        return QCoreApplication.translate("ReaderTexts", "Card reader status unknown")


def card_error_text(code: str) -> str:
    """A short reason for a card or reader error code (a :class:`CardErrorCode` value)."""
    texts = {
        CardErrorCode.TRUNCATED: QCoreApplication.translate(
            "ReaderTexts", "the card's data is incomplete"
        ),
        CardErrorCode.OVERSIZED: QCoreApplication.translate(
            "ReaderTexts", "the card's data has the wrong length"
        ),
        CardErrorCode.BAD_FLAG: QCoreApplication.translate("ReaderTexts", "unknown kind of card"),
        CardErrorCode.BAD_ENCODING: QCoreApplication.translate(
            "ReaderTexts", "the card's data cannot be decoded"
        ),
        CardErrorCode.BAD_FIELD: QCoreApplication.translate(
            "ReaderTexts", "an entry on the card is invalid"
        ),
        CardErrorCode.BAD_DATE: QCoreApplication.translate(
            "ReaderTexts", "a date on the card is invalid"
        ),
        CardErrorCode.BAD_ID_NUMBER: QCoreApplication.translate(
            "ReaderTexts", "the identity number on the card is invalid"
        ),
        CardErrorCode.NO_CARD: QCoreApplication.translate("ReaderTexts", "no card on the reader"),
        CardErrorCode.CARD_REMOVED: QCoreApplication.translate(
            "ReaderTexts", "the card was removed too early"
        ),
        CardErrorCode.UNKNOWN_CARD: QCoreApplication.translate(
            "ReaderTexts", "not an identity card this reader knows"
        ),
        CardErrorCode.READ_FAILED: QCoreApplication.translate(
            "ReaderTexts", "the card could not be read"
        ),
        CardErrorCode.AUTH_FAILED: QCoreApplication.translate(
            "ReaderTexts", "the card failed the security check"
        ),
        CardErrorCode.TIMEOUT: QCoreApplication.translate(
            "ReaderTexts", "the reader did not answer in time"
        ),
        CardErrorCode.NO_READER: QCoreApplication.translate("ReaderTexts", "no card reader found"),
        CardErrorCode.READER_LOST: QCoreApplication.translate(
            "ReaderTexts", "the card reader was disconnected"
        ),
        CardErrorCode.READER_BUSY: QCoreApplication.translate(
            "ReaderTexts", "the card reader is busy"
        ),
        CardErrorCode.READER_FAULT: QCoreApplication.translate(
            "ReaderTexts", "the card reader reports a fault"
        ),
        CardErrorCode.BAD_RESPONSE: QCoreApplication.translate(
            "ReaderTexts", "the reader's answer was not understood"
        ),
        CardErrorCode.BAD_CHECKSUM: QCoreApplication.translate(
            "ReaderTexts", "transmission error (checksum)"
        ),
        CardErrorCode.BAD_LENGTH: QCoreApplication.translate(
            "ReaderTexts", "transmission error (length)"
        ),
        CardErrorCode.SERVICE_UNAVAILABLE: QCoreApplication.translate(
            "ReaderTexts", "the card-reading service is not running"
        ),
        CardErrorCode.PROFILE_INVALID: QCoreApplication.translate(
            "ReaderTexts", "the reader's settings are invalid"
        ),
        CardErrorCode.PHOTO_NOT_DECODABLE: QCoreApplication.translate(
            "ReaderTexts", "the photo cannot be shown"
        ),
    }
    try:
        return texts[CardErrorCode(code)]
    except (ValueError, KeyError):
        return QCoreApplication.translate("ReaderTexts", "unknown reason")
