"""Create a reader backend by name: ``pcsc``, ``serial`` or ``demo``.

The PC/SC and serial backends are imported only when asked for: a station without pyscard can
still run the serial or the demo reader, and a missing pyscard is a clear
:class:`~devices.idcard.errors.CardReadError` (``SERVICE_UNAVAILABLE``) naming the fix.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Final, Literal, get_args

from devices.demo import DemoReaderBackend
from devices.idcard.document import IdentityDocument
from devices.idcard.errors import CardErrorCode, CardReadError
from devices.idcard.photo import PhotoDecoder, decode_photo_or_none
from devices.reader import ReaderBackend

__all__ = ["BACKEND_KINDS", "PYSCARD_FIX", "BackendKind", "create_backend"]

BackendKind = Literal["pcsc", "serial", "demo"]
#: The backend names :func:`create_backend` knows, in the order a user would try them.
BACKEND_KINDS: Final[tuple[str, ...]] = get_args(BackendKind)
#: What to do when pyscard is missing.
PYSCARD_FIX: Final = "install pyscard (pip install 'onewindow[pcsc]')"

#: A photo decoder as the backends take it: the protocol (``decode``) or a plain callable.
AnyPhotoDecoder = PhotoDecoder | Callable[[bytes], bytes | None]


def create_backend(
    kind: BackendKind,
    *,
    reader_pattern: str | None = None,
    port: str | None = None,
    baudrate: int = 115200,
    deck: Sequence[IdentityDocument] | None = None,
    photo_decoder: AnyPhotoDecoder | None = None,
) -> ReaderBackend:
    """A backend of ``kind``, configured but not started.

    * ``pcsc``: readers whose name matches ``reader_pattern`` (None: any reader);
    * ``serial``: the GA/T 467 module on ``port`` (required) at ``baudrate``;
    * ``demo``: the synthetic cards of ``deck`` (None: an empty deck, enough to list the reader).

    Raises :class:`CardReadError` ``SERVICE_UNAVAILABLE`` when pyscard is missing for ``pcsc``,
    :class:`ValueError` for an unknown kind, a missing port or a bad option.
    """
    if kind == "demo":
        return DemoReaderBackend(deck if deck is not None else ())
    if kind == "serial":
        if not port or not port.strip():
            raise ValueError("the serial reader needs a port (e.g. /dev/ttyUSB0 or COM3)")
        from devices.serial.backend import SerialReaderBackend

        return SerialReaderBackend(
            port.strip(), baudrate=baudrate, photo_decoder=_as_callable(photo_decoder)
        )
    if kind == "pcsc":
        _require_pyscard()
        from devices.pcsc.backend import PcscReaderBackend

        return PcscReaderBackend(
            reader_pattern=reader_pattern, photo_decoder=_as_callable(photo_decoder)
        )
    raise ValueError(f"unknown reader backend {kind!r}; choose one of {', '.join(BACKEND_KINDS)}")


def _require_pyscard() -> None:
    try:
        importlib.import_module("smartcard.scard")
    except ImportError as exc:
        raise CardReadError(
            CardErrorCode.SERVICE_UNAVAILABLE,
            f"PC/SC support is not installed (pyscard: {exc}); {PYSCARD_FIX}.",
        ) from None


def _as_callable(decoder: AnyPhotoDecoder | None) -> Callable[[bytes], bytes | None] | None:
    """Both backends take a callable; a decoder offering only ``decode`` is wrapped (its
    failures logged, never failing a read)."""
    if decoder is None or callable(decoder):
        return decoder
    protocol_decoder: PhotoDecoder = decoder
    return lambda wlt: decode_photo_or_none(protocol_decoder, wlt)
