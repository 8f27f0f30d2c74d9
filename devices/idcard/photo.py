"""Card photos: the 1024-byte WLT image, decoded only by a vendor's licensed library.

No open WLT decoder exists. A hall that owns the vendor's library (``libwlt.so`` and its kin)
configures its path; :class:`VendorLibraryDecoder` then calls it through ctypes. Without one the
document carries the undecoded photo and the UI shows the registry's photo or a placeholder
(and says which): :func:`decode_photo_or_none` never fails a read over a photo.

The assumed C signature is the common libwlt one::

    int unpack(char *src, char *dst, int bmpSave);

``src`` the 1024 WLT bytes, ``dst`` a buffer for a 102×126 24-bit BMP including its 54-byte
header (38862 bytes: rows of 306 bytes padded to 308), ``bmpSave`` 0 (1 would make some
libraries also write ``zp.bmp`` to the working directory — biometric data on disk, so never by
default), return value 1 on success. Every part of it is a constructor argument, because
vendors differ: the symbol name, the buffer sizes, the ``bmpSave`` value, the success value and
(Windows) the calling convention.

A foreign library runs inside this process: a wrong signature can crash it, which no Python
code can catch. Check a new library with ``onewindow-admin read-card`` before a hall uses it.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import threading
from pathlib import Path
from typing import Final, Protocol, runtime_checkable

from devices.idcard.errors import CardErrorCode, CardReadError

__all__ = [
    "BMP_HEADER_SIZE",
    "BMP_SIZE",
    "PHOTO_HEIGHT",
    "PHOTO_WIDTH",
    "WLT_SIZE",
    "PhotoDecoder",
    "VendorLibraryDecoder",
    "decode_photo_or_none",
    "load_photo_decoder",
]

_log = logging.getLogger(__name__)

WLT_SIZE: Final = 1024
PHOTO_WIDTH: Final = 102
PHOTO_HEIGHT: Final = 126
BMP_HEADER_SIZE: Final = 54
#: 54-byte header + 126 rows of 102 × 3 bytes padded to a multiple of 4 (308).
BMP_SIZE: Final = BMP_HEADER_SIZE + PHOTO_HEIGHT * ((PHOTO_WIDTH * 3 + 3) // 4 * 4)


def _not_decodable(reason: str) -> CardReadError:
    return CardReadError(CardErrorCode.PHOTO_NOT_DECODABLE, f"photo not decodable here: {reason}")


@runtime_checkable
class PhotoDecoder(Protocol):
    """Turns the card's WLT photo into BMP bytes (102×126, 24-bit).

    Raises :class:`CardReadError` with ``PHOTO_NOT_DECODABLE`` when it cannot.
    """

    def decode(self, wlt: bytes) -> bytes: ...


class VendorLibraryDecoder:
    """A vendor's WLT library loaded with ctypes (see the module docstring for the signature).

    ``path`` is a file, or a bare library name (``libwlt.so``) for the system's search path.
    The library is loaded at once: a missing or unloadable file, or a missing symbol, raises
    :class:`CardReadError` (``PHOTO_NOT_DECODABLE``) here rather than at the first card.
    Calls are serialised (vendor libraries are rarely thread-safe).
    """

    def __init__(
        self,
        path: str | Path,
        symbol: str = "unpack",
        *,
        src_size: int = WLT_SIZE,
        dst_size: int = BMP_SIZE,
        bmp_save: int = 0,
        success: int = 1,
        stdcall: bool = False,
    ) -> None:
        self.path = Path(path)
        self.symbol = symbol
        self.src_size = src_size
        self.dst_size = dst_size
        self.bmp_save = bmp_save
        self.success = success
        self._lock = threading.Lock()
        if self.path.is_file():
            target = str(self.path.resolve())  # dlopen searches system paths for a bare name
        elif self.path.name == str(path):
            target = str(path)  # a bare library name: let the system's search find it
        else:
            raise _not_decodable(f"no photo library at {self.path}")
        try:
            library = _load(target, stdcall)
        except OSError as exc:
            raise _not_decodable(f"cannot load the photo library {self.path} ({exc})") from exc
        try:
            function = getattr(library, symbol)
        except AttributeError:
            raise _not_decodable(
                f"the photo library {self.path} has no function {symbol!r}"
            ) from None
        function.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int)
        function.restype = ctypes.c_int
        self._function = function

    def __repr__(self) -> str:
        return f"VendorLibraryDecoder({str(self.path)!r}, {self.symbol!r})"

    def __call__(self, wlt: bytes) -> bytes | None:
        """The decoded photo or None (logged): fits the backends' ``photo_decoder`` callable."""
        return decode_photo_or_none(self, wlt)

    def decode(self, wlt: bytes) -> bytes:
        if len(wlt) != self.src_size:
            # Never hand a shorter buffer to C code that reads src_size bytes.
            raise _not_decodable(f"the photo has {len(wlt)} bytes, not {self.src_size}")
        src = ctypes.create_string_buffer(bytes(wlt), self.src_size)
        dst = ctypes.create_string_buffer(self.dst_size)
        with self._lock:
            try:
                result = self._function(src, dst, self.bmp_save)
            except Exception as exc:  # ctypes.ArgumentError, OSError (Windows SEH) …
                raise _not_decodable(f"{self.symbol}() failed ({exc})") from exc
        if result != self.success:
            raise _not_decodable(f"{self.symbol}() returned {result}")
        return _check_bmp(dst.raw)


def _load(target: str, stdcall: bool) -> ctypes.CDLL:
    if stdcall and sys.platform == "win32":
        return ctypes.WinDLL(target)
    return ctypes.CDLL(target)


def _check_bmp(data: bytes) -> bytes:
    """The BMP the library wrote, trimmed to the size its header states."""
    if data[:2] != b"BM" or len(data) < BMP_HEADER_SIZE:
        raise _not_decodable("the library did not produce a BMP image")
    size = int.from_bytes(data[2:6], "little")
    width = int.from_bytes(data[18:22], "little", signed=True)
    height = int.from_bytes(data[22:26], "little", signed=True)
    bits = int.from_bytes(data[28:30], "little")
    if width <= 0 or height == 0 or bits not in (24, 32):
        raise _not_decodable(f"the library produced a {width}×{height} {bits}-bit image")
    return data[:size] if BMP_HEADER_SIZE < size <= len(data) else data


def load_photo_decoder(path: str | None) -> PhotoDecoder | None:
    """The decoder a hall configured: None when no path is set (blank counts as unset).

    A path that is set but unusable raises :class:`CardReadError` (``PHOTO_NOT_DECODABLE``),
    so a configuration mistake shows at start-up instead of as a missing photo on every card.
    """
    if path is None or not path.strip():
        return None
    return VendorLibraryDecoder(path.strip())


def decode_photo_or_none(decoder: PhotoDecoder | None, wlt: bytes) -> bytes | None:
    """The decoded photo, or None (no decoder, no photo, or the decoder failed — logged)."""
    if decoder is None:
        _log.debug("no photo decoder configured; the card photo stays undecoded")
        return None
    if not wlt:
        _log.info("the card gave no photo")
        return None
    try:
        return decoder.decode(wlt)
    except CardReadError as err:
        _log.warning("%s", err)
    except Exception as exc:  # a third-party decoder must not fail the read
        _log.warning("photo not decodable here: %s raised %r", type(decoder).__name__, exc)
    return None
