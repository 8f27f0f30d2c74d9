"""Reading a card through a vendor profile: APDU exchanges and their checks.

pyscard hands back exactly what the reader answered, so this module does what a T=0 transport
would: ``61xx`` ("xx more bytes waiting") is followed by GET RESPONSE (``00 C0 00 00 xx``, or the
profile's header) until the status word is final, and ``6Cxx`` ("wrong length, use xx") resends
the command once with Le = xx. Then every answer must end in ``90 00`` and carry exactly the
number of bytes the profile expects. Failures are :class:`CardReadError` with a code the UI
translates; transport failures (card pulled, service gone) come through as the transmit
callable's own exception (:class:`~devices.pcsc.winscard.PcscError`) for the caller to classify.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from devices.idcard.errors import CardErrorCode, CardReadError
from devices.pcsc.profile import DEFAULT_GET_RESPONSE, ApduStep, VendorProfile

__all__ = ["SW_OK", "CardData", "Transmit", "exchange", "read_card", "read_step", "with_le"]

#: Sends one command APDU and returns the response APDU (data + SW1 SW2).
Transmit = Callable[[bytes], bytes]

SW_OK: Final = 0x9000
#: More GET RESPONSE rounds than any answer of a profile step can need (64 KiB in 256-byte pieces).
_MAX_ROUNDS: Final = 300
_MAX_ANSWER: Final = 65536 + 256

_NOT_UNDERSTOOD: Final = frozenset({0x6D00, 0x6E00})  # INS / CLA not supported
_NOT_ALLOWED: Final = frozenset({0x6982, 0x6985})  # security status / conditions of use


@dataclass(frozen=True, slots=True)
class CardData:
    """What a profile read returns: complete, or not at all."""

    text: bytes
    photo: bytes = field(default=b"", repr=False)
    fingerprint: bytes | None = field(default=None, repr=False)


def _sw_text(sw: int) -> str:
    return f"{sw >> 8:02X} {sw & 0xFF:02X}"


def with_le(command: bytes, le: int) -> bytes:
    """``command`` with its Le byte set to ``le`` (appended to a command without Le)."""
    if len(command) == 4:  # case 1
        return command + bytes([le])
    if len(command) == 5:  # case 2
        return command[:4] + bytes([le])
    if len(command) == 5 + command[4]:  # case 3: header, Lc, data
        return command + bytes([le])
    return command[:-1] + bytes([le])  # case 4: replace Le


def _split(response: bytes, what: str) -> tuple[bytes, int]:
    if len(response) < 2:
        raise CardReadError(
            CardErrorCode.BAD_RESPONSE,
            f"{what}: the reader answered {len(response)} byte(s), too few for a status word.",
            raw=response,
        )
    return response[:-2], int.from_bytes(response[-2:], "big")


def exchange(
    transmit: Transmit,
    command: bytes,
    *,
    what: str = "command",
    get_response: bytes = DEFAULT_GET_RESPONSE,
) -> tuple[bytes, int]:
    """Send ``command``, follow ``6Cxx`` and ``61xx``; returns ``(data, final status word)``."""
    data, sw = _split(transmit(command), what)
    if sw >> 8 == 0x6C:
        data, sw = _split(transmit(with_le(command, sw & 0xFF)), what)
        if sw >> 8 == 0x6C:
            raise CardReadError(
                CardErrorCode.BAD_RESPONSE,
                f"{what}: the reader asked twice for another length (SW {_sw_text(sw)}).",
                raw=data + sw.to_bytes(2, "big"),
            )
    collected = bytearray(data)
    rounds = 0
    while sw >> 8 == 0x61:
        rounds += 1
        if rounds > _MAX_ROUNDS or len(collected) > _MAX_ANSWER:
            raise CardReadError(
                CardErrorCode.BAD_RESPONSE,
                f"{what}: the reader keeps announcing more data (SW {_sw_text(sw)}) after "
                f"{len(collected)} bytes.",
                raw=bytes(collected[-256:]),
            )
        data, sw = _split(transmit(get_response + bytes([sw & 0xFF])), what)
        collected += data
    return bytes(collected), sw


def _status_error(sw: int, what: str, data: bytes) -> CardReadError:
    raw = data + sw.to_bytes(2, "big")
    if sw in _NOT_UNDERSTOOD:
        return CardReadError(
            CardErrorCode.UNKNOWN_CARD,
            f"{what}: the reader does not know the command (SW {_sw_text(sw)}); the vendor "
            "profile does not fit this reader.",
            raw=raw,
        )
    if sw in _NOT_ALLOWED:
        return CardReadError(
            CardErrorCode.AUTH_FAILED,
            f"{what}: the reader refused the command (SW {_sw_text(sw)}).",
            raw=raw,
        )
    return CardReadError(
        CardErrorCode.READ_FAILED, f"{what}: the read failed (SW {_sw_text(sw)}).", raw=raw
    )


def _checked(step: ApduStep, what: str, data: bytes, sw: int) -> bytes:
    if sw != SW_OK:
        raise _status_error(sw, what, data)
    if len(data) != step.expected:
        header = f" ({step.skip} header bytes + {step.length})" if step.skip else ""
        raise CardReadError(
            CardErrorCode.BAD_LENGTH,
            f"{what}: expected {step.expected} bytes{header}, the reader sent {len(data)}.",
            raw=data,
        )
    return data[step.skip :]


def read_step(
    transmit: Transmit,
    step: ApduStep,
    *,
    what: str,
    get_response: bytes = DEFAULT_GET_RESPONSE,
) -> bytes:
    """Run one profile step and return its data (header bytes dropped)."""
    data, sw = exchange(transmit, step.command, what=what, get_response=get_response)
    return _checked(step, what, data, sw)


def read_card(transmit: Transmit, profile: VendorProfile, *, fingerprint: bool = False) -> CardData:
    """Read the text block, the photo and (when asked and the profile has the commands) the
    fingerprint. Raises :class:`CardReadError`; the transmit callable's exceptions pass through.
    """
    gr = profile.get_response
    text = read_step(transmit, profile.text, what="text", get_response=gr)
    photo = b"".join(
        read_step(transmit, step, what=f"photo chunk {i}/{len(profile.photo)}", get_response=gr)
        for i, step in enumerate(profile.photo, 1)
    )
    prints: bytes | None = None
    if fingerprint and profile.fingerprint:
        parts: list[bytes] = []
        for i, step in enumerate(profile.fingerprint, 1):
            what = f"fingerprint chunk {i}/{len(profile.fingerprint)}"
            data, sw = exchange(transmit, step.command, what=what, get_response=gr)
            if i == 1 and sw in profile.fingerprint_absent:
                break  # this card carries no fingerprint
            parts.append(_checked(step, what, data, sw))
        else:
            prints = b"".join(parts)
    return CardData(text=text, photo=photo, fingerprint=prints)
