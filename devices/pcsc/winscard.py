"""A small typed face of the PC/SC API (pyscard's low-level ``smartcard.scard``).

pyscard's low-level functions return ``(hresult, value)`` tuples of untyped lists, and its
high-level layer raises two unrelated exception families (``SmartcardException`` and the
``BaseSCardException`` of context errors) from its own threads. :class:`PcscApi` turns all of
that into typed values and one exception, :class:`PcscError`, carrying the PC/SC return code —
so the worker thread classifies every failure in one place (:func:`is_service_gone`,
:func:`is_card_gone`).

pyscard is an optional dependency (``pip install onewindow[pcsc]``); without it,
:class:`PcscApi` raises :class:`CardReadError` ``SERVICE_UNAVAILABLE`` saying so.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Final

from desktop.domain.errors import CodedError
from devices.idcard.errors import CardErrorCode, CardReadError

__all__ = [
    "PNP_NOTIFICATION",
    "PcscApi",
    "PcscError",
    "Rc",
    "ReaderStatus",
    "State",
    "code_name",
    "is_card_gone",
    "is_service_gone",
]

#: The pseudo-reader whose state changes when a reader is plugged in or out.
PNP_NOTIFICATION: Final = "\\\\?PnP?\\Notification"


class Rc(IntEnum):
    """PC/SC return codes the backend tells apart (unsigned 32-bit values)."""

    S_SUCCESS = 0x00000000
    F_INTERNAL_ERROR = 0x80100001
    E_CANCELLED = 0x80100002
    E_INVALID_HANDLE = 0x80100003
    E_INSUFFICIENT_BUFFER = 0x80100008
    E_UNKNOWN_READER = 0x80100009
    E_TIMEOUT = 0x8010000A
    E_SHARING_VIOLATION = 0x8010000B
    E_NO_SMARTCARD = 0x8010000C
    E_PROTO_MISMATCH = 0x8010000F
    E_NOT_READY = 0x80100010
    E_SYSTEM_CANCELLED = 0x80100012
    F_COMM_ERROR = 0x80100013
    F_UNKNOWN_ERROR = 0x80100014
    E_NOT_TRANSMITTED = 0x80100016
    E_READER_UNAVAILABLE = 0x80100017
    E_NO_SERVICE = 0x8010001D
    E_SERVICE_STOPPED = 0x8010001E
    E_NO_READERS_AVAILABLE = 0x8010002E
    E_COMM_DATA_LOST = 0x8010002F
    W_UNRESPONSIVE_CARD = 0x80100066
    W_UNPOWERED_CARD = 0x80100067
    W_RESET_CARD = 0x80100068
    W_REMOVED_CARD = 0x80100069


class State:
    """``SCARD_STATE_*`` bits of a reader state; the upper 16 bits count card events."""

    UNAWARE: Final = 0x0000
    IGNORE: Final = 0x0001
    CHANGED: Final = 0x0002
    UNKNOWN: Final = 0x0004
    UNAVAILABLE: Final = 0x0008
    EMPTY: Final = 0x0010
    PRESENT: Final = 0x0020
    EXCLUSIVE: Final = 0x0080
    INUSE: Final = 0x0100
    MUTE: Final = 0x0200


_SERVICE_GONE: Final = frozenset(
    {Rc.E_NO_SERVICE, Rc.E_SERVICE_STOPPED, Rc.F_COMM_ERROR, Rc.E_INVALID_HANDLE}
)
_CARD_GONE: Final = frozenset({Rc.W_REMOVED_CARD, Rc.E_NO_SMARTCARD})

_SCOPE_USER: Final = 0
_SHARE_SHARED: Final = 2
_PROTOCOL_T0: Final = 1
_PROTOCOL_T1: Final = 2
_LEAVE_CARD: Final = 0


class PcscError(CodedError):
    """A PC/SC call that failed; ``rc`` is the (unsigned) PC/SC return code.

    ``code`` is ``pcsc.`` and the return code's name (``pcsc.e_no_service``); the worker turns
    these into :class:`CardReadError` before anything leaves the device layer.
    """

    code = "pcsc.error"

    def __init__(self, rc: int, operation: str, detail: str = "") -> None:
        self.rc = rc & 0xFFFFFFFF
        self.operation = operation
        suffix = f" ({detail})" if detail else ""
        super().__init__(
            f"{operation}: {code_name(self.rc)}{suffix}",
            code=f"pcsc.{code_name(self.rc).lower()}",
            detail={"rc": self.rc, "operation": operation},
        )


def code_name(code: int) -> str:
    """``E_NO_SERVICE`` for a known code, else its hex value."""
    try:
        return Rc(code & 0xFFFFFFFF).name
    except ValueError:
        return f"0x{code & 0xFFFFFFFF:08X}"


def is_service_gone(err: PcscError) -> bool:
    """The smart-card service (pcscd) went away or our context is no longer valid."""
    return err.rc in _SERVICE_GONE


def is_card_gone(err: PcscError) -> bool:
    """The card left the reader."""
    return err.rc in _CARD_GONE


@dataclass(frozen=True, slots=True)
class ReaderStatus:
    name: str
    #: ``SCARD_STATE_*`` bits, with the card-event counter in the upper 16 bits.
    state: int
    atr: bytes = b""

    @property
    def present(self) -> bool:
        return bool(self.state & State.PRESENT)

    @property
    def gone(self) -> bool:
        return bool(self.state & (State.UNKNOWN | State.IGNORE))

    @property
    def event_count(self) -> int:
        return (self.state >> 16) & 0xFFFF


def _load_scard() -> Any:
    try:
        return importlib.import_module("smartcard.scard")
    except ImportError as exc:
        raise CardReadError(
            CardErrorCode.SERVICE_UNAVAILABLE,
            f"PC/SC support is not installed (pyscard: {exc}); install onewindow[pcsc].",
        ) from None


class PcscApi:
    """The PC/SC calls the backend makes. Every failure raises :class:`PcscError`.

    Not thread-safe by itself: one worker thread owns a context; only :meth:`cancel` may be
    called from another thread (PC/SC allows that to wake a blocked
    :meth:`get_status_change`). Tests subclass it to simulate readers coming and going.
    """

    def __init__(self) -> None:
        self._scard = _load_scard()
        # pyscard raises these besides returning codes (bad arguments, SWIG errors, ...).
        failures: list[type[BaseException]] = []
        for module, name in (
            ("smartcard.Exceptions", "SmartcardException"),
            ("smartcard.pcsc.PCSCExceptions", "BaseSCardException"),
        ):
            with contextlib.suppress(ImportError, AttributeError):  # pyscard layout changed
                failures.append(getattr(importlib.import_module(module), name))
        swig_error = getattr(self._scard, "error", None)
        if isinstance(swig_error, type) and issubclass(swig_error, BaseException):
            failures.append(swig_error)
        self._failures: tuple[type[BaseException], ...] = (*failures, TypeError, ValueError)

    def _call(self, operation: str, func: Any, *args: object) -> Any:
        try:
            result = func(*args)
        except self._failures as exc:
            raise PcscError(_code_of(exc), operation, f"{type(exc).__name__}: {exc}") from exc
        if isinstance(result, list | tuple) and result:
            code = int(result[0]) & 0xFFFFFFFF
            value = result[1:] if len(result) > 2 else (result[1] if len(result) == 2 else None)
        else:
            code, value = int(result) & 0xFFFFFFFF, None
        if code != Rc.S_SUCCESS:
            raise PcscError(code, operation)
        return value

    # ---- context ---------------------------------------------------------------------------

    def establish(self) -> int:
        return int(
            self._call("SCardEstablishContext", self._scard.SCardEstablishContext, _SCOPE_USER)
        )

    def release(self, context: int) -> None:
        """Release a context; errors are ignored (a dead service already dropped it)."""
        with contextlib.suppress(PcscError):
            self._call("SCardReleaseContext", self._scard.SCardReleaseContext, context)

    def cancel(self, context: int) -> None:
        """Wake a :meth:`get_status_change` blocked on ``context`` (from any thread)."""
        with contextlib.suppress(PcscError):
            self._call("SCardCancel", self._scard.SCardCancel, context)

    # ---- readers ---------------------------------------------------------------------------

    def list_readers(self, context: int) -> list[str]:
        try:
            names = self._call("SCardListReaders", self._scard.SCardListReaders, context, [])
        except PcscError as err:
            if err.rc == Rc.E_NO_READERS_AVAILABLE:
                return []
            raise
        return [str(n) for n in names or ()]

    def get_status_change(
        self, context: int, timeout_ms: int, states: Sequence[tuple[str, int]]
    ) -> list[ReaderStatus] | None:
        """Wait up to ``timeout_ms`` for any reader to leave the given state; None on timeout."""
        try:
            result = self._call(
                "SCardGetStatusChange",
                self._scard.SCardGetStatusChange,
                context,
                timeout_ms,
                [(name, state) for name, state in states],
            )
        except PcscError as err:
            if err.rc in (Rc.E_TIMEOUT, Rc.E_CANCELLED):
                return None
            raise
        return [
            ReaderStatus(str(name), int(state) & 0xFFFFFFFF, bytes(atr or ()))
            for name, state, atr in result or ()
        ]

    # ---- cards -----------------------------------------------------------------------------

    def connect(self, context: int, reader: str) -> tuple[int, int]:
        """Connect shared (T=0 or T=1); returns ``(card handle, protocol)``."""
        card, protocol = self._call(
            "SCardConnect",
            self._scard.SCardConnect,
            context,
            reader,
            _SHARE_SHARED,
            _PROTOCOL_T0 | _PROTOCOL_T1,
        )
        return int(card), int(protocol)

    def transmit(self, card: int, protocol: int, apdu: bytes) -> bytes:
        response = self._call(
            "SCardTransmit", self._scard.SCardTransmit, card, protocol, list(apdu)
        )
        return bytes(response or ())

    def disconnect(self, card: int) -> None:
        """Disconnect leaving the card as it is; errors are ignored (the card may be gone)."""
        with contextlib.suppress(PcscError):
            self._call("SCardDisconnect", self._scard.SCardDisconnect, card, _LEAVE_CARD)


def _code_of(exc: BaseException) -> int:
    code = getattr(exc, "hresult", None)
    if isinstance(code, int) and code:
        return code & 0xFFFFFFFF
    return int(Rc.F_UNKNOWN_ERROR)
