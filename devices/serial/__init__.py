"""ID-card readers speaking the GA/T 467 SAM terminal protocol over a serial / USB-serial port.

:mod:`devices.serial.frames` is the pure codec (frames, status words, read payloads);
:mod:`devices.serial.backend` the :class:`~devices.reader.ReaderBackend` on top of pyserial.
"""

from __future__ import annotations

from devices.serial.backend import PhotoDecoder, SerialReaderBackend
from devices.serial.frames import FrameDecoder, Response, encode_command, encode_response

__all__ = [
    "FrameDecoder",
    "PhotoDecoder",
    "Response",
    "SerialReaderBackend",
    "encode_command",
    "encode_response",
]
