"""The project's virtual ID reader: synthetic ID cards on vpcd's virtual PC/SC readers.

``vsmartcard-vpcd`` gives pcscd two readers, "Virtual PCD 00 00" and "Virtual PCD 00 01", that
wait for a card on TCP 127.0.0.1:35963 and :35964. A :class:`VirtualIdCard` is such a card: a
small TCP client speaking the vpcd protocol (every message is a 2-byte big-endian length and a
payload; one-byte payloads are control messages — ``00`` power off, ``01`` power on, ``02``
reset, ``04`` get ATR, answered with the ATR; longer payloads are command APDUs, answered with
the response APDU; closing the socket takes the card away). It answers a vendor profile's
commands (by default the built-in FF B0 profile) with the text block of an
:class:`~devices.idcard.document.IdentityDocument`, a deterministic 1024-byte photo and,
when given, fingerprint data.

Reuse it in any test that needs a card on a real PC/SC stack (the fixtures in
``tests/devices/conftest.py`` start pcscd and clean cards up)::

    card = VirtualIdCard(sample_document(CardType.RESIDENT))     # reader "Virtual PCD 00 00"
    card.insert()
    ...                                                          # the app reads it
    card.remove()

    # scripted misbehaviour, matched on the command header (CLA INS P1 P2):
    VirtualIdCard(doc, port=VPCD_PORTS[1], script=CardScript()
                  .remove_after("FF B0 00 00")          # pulled right after the text
                  .delay(0.3)                           # every answer 0.3 s late
                  .status("FF B0 03 00", 0x6A82)        # a refused photo chunk
                  .reply("FF B0 01 00", b"\\x12")         # garbage
                  .get_response(chunk=100)              # 61xx + GET RESPONSE flow
                  .wrong_length())                      # 6Cxx flow: resend with Le=xx

``card.apdus()`` lists the command APDUs received; ``card.gone`` is set once the card left
(removed by the test, by its script, or by pcscd stopping).
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import TracebackType
from typing import Self

from desktop.domain.identity import (
    make_citizen_number,
    make_foreigner_2017_number,
    make_foreigner_2023_number,
)
from devices.idcard.document import CardType, IdentityDocument
from devices.idcard.textblock import build_text_block
from devices.pcsc.profile import VendorProfile, builtin_profiles

VPCD_HOST = "127.0.0.1"
VPCD_PORTS = (35963, 35964)
READER_NAMES = {35963: "Virtual PCD 00 00", 35964: "Virtual PCD 00 01"}

_CTRL_OFF, _CTRL_ON, _CTRL_RESET, _CTRL_ATR = 0x00, 0x01, 0x02, 0x04
_SW_OK = b"\x90\x00"
#: What the FF B0 reader puts before the text block (text length, photo length).
_TEXT_HEADER = b"\x01\x00\x04\x00"


def make_atr(historical: bytes) -> bytes:
    """An ISO 7816-3 ATR offering T=0 and T=1 with the given historical bytes and its TCK."""
    if len(historical) > 15:
        raise ValueError("at most 15 historical bytes")
    body = bytes([0x80 | len(historical), 0x80, 0x01]) + historical
    tck = 0
    for byte in body:
        tck ^= byte
    return b"\x3b" + body + bytes([tck])


#: The virtual card's ATR: "3B 88 80 01" + "OWIDCARD" + TCK.
DEFAULT_ATR = make_atr(b"OWIDCARD")


def _stream(seed: str, size: int) -> bytes:
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return bytes(out[:size])


def synthetic_photo(seed: str) -> bytes:
    """1024 deterministic bytes standing in for the WLT photo (not decodable, by design)."""
    return _stream(f"photo:{seed}", 1024)


def synthetic_fingerprint(seed: str) -> bytes:
    """1024 deterministic bytes standing in for two fingerprint templates."""
    return _stream(f"fingerprint:{seed}", 1024)


def default_profile() -> VendorProfile:
    """The built-in FF B0 profile the virtual card answers unless told otherwise."""
    return next(p for p in builtin_profiles() if p.name == "ffb0")


# ---- synthetic documents ------------------------------------------------------------------


def sample_document(card_type: CardType) -> IdentityDocument:
    """A valid synthetic document of each card type (identity numbers with correct checks)."""
    if card_type is CardType.RESIDENT:
        birth = date(1990, 3, 7)
        return IdentityDocument(
            card_type=card_type,
            name="张三",
            sex="1",
            birth_date=birth,
            id_number=make_citizen_number("110101", birth, 123),
            valid_from=date(2015, 6, 1),
            valid_to=date(2035, 6, 1),
            authority="北京市公安局东城分局",
            address="北京市东城区景山前街4号",
            ethnicity="01",
            nationality="CHN",
        )
    if card_type is CardType.HMT_PERMIT:
        birth = date(1985, 11, 20)
        return IdentityDocument(
            card_type=card_type,
            name="陈大文",
            sex="1",
            birth_date=birth,
            id_number=make_citizen_number("810000", birth, 31),
            valid_from=date(2021, 1, 4),
            valid_to=date(2026, 1, 4),
            authority="深圳市公安局",
            address="广东省深圳市福田区福华一路1号",
            pass_number="H12345678",
            issue_count=1,
        )
    if card_type is CardType.FOREIGNER_2017:
        birth = date(1980, 2, 29)
        return IdentityDocument(
            card_type=card_type,
            name="史密斯",
            sex="1",
            birth_date=birth,
            id_number=make_foreigner_2017_number("USA", "1100", birth, 1),
            valid_from=date(2017, 5, 2),
            valid_to=date(2027, 5, 2),
            english_name="SMITH, JOHN WILLIAM",
            nationality="USA",
            card_version="01",
            authority_code="1100",
        )
    if card_type is CardType.FOREIGNER_2023:
        birth = date(1992, 8, 15)
        return IdentityDocument(
            card_type=card_type,
            name="王爱米",
            sex="2",
            birth_date=birth,
            id_number=make_foreigner_2023_number("11", "840", birth, 2),
            valid_from=date(2023, 12, 1),
            valid_to=date(2033, 12, 1),
            english_name="JOHNSON-WANG, EMILY ROSE ALEXANDRA",
            nationality="USA",
            issue_count=0,
        )
    raise ValueError(f"no sample for {card_type!r}")


# ---- scripting ----------------------------------------------------------------------------


def _bytes_of(value: str | bytes) -> bytes:
    return bytes.fromhex(value) if isinstance(value, str) else bytes(value)


@dataclass
class _Rule:
    header: bytes | None  # command header prefix to match; None: every command APDU
    action: str  # "remove_before" | "remove_after" | "reply" | "delay"
    response: bytes = b""
    seconds: float = 0.0
    times: int | None = None  # None: every time
    used: int = 0

    def applies(self, apdu: bytes) -> bool:
        if self.times is not None and self.used >= self.times:
            return False
        return self.header is None or apdu[: len(self.header)] == self.header


class CardScript:
    """How a :class:`VirtualIdCard` misbehaves. Commands are given as hex (``"FF B0 01 00"``)
    or bytes and matched on their first four bytes (the header), so a resend with another Le
    matches too; ``None`` means every command APDU. Methods chain."""

    def __init__(self) -> None:
        self.rules: list[_Rule] = []
        self.chunked: int | None = None  # 61xx flow: None off, 0 = no data with the 61xx
        self.chunk_with_data = False
        self.six_c = False

    def _add(self, apdu: str | bytes | None, action: str, **kw: object) -> Self:
        header = None if apdu is None else _bytes_of(apdu)[:4]
        self.rules.append(_Rule(header, action, **kw))  # type: ignore[arg-type]
        return self

    def remove_before(self, apdu: str | bytes | None) -> Self:
        """Leave (close the socket) when this command arrives, without answering it."""
        return self._add(apdu, "remove_before", times=1)

    def remove_after(self, apdu: str | bytes | None) -> Self:
        """Answer this command, then leave."""
        return self._add(apdu, "remove_after", times=1)

    def reply(self, apdu: str | bytes | None, response: bytes, *, times: int | None = None) -> Self:
        """Answer this command with exactly ``response`` (garbage, short data, any status).

        Not empty: vpcd waits for the bytes of an empty answer and hangs the reader (use
        :meth:`remove_before` for a card that never answers)."""
        if not response:
            raise ValueError("vpcd cannot pass on an empty answer")
        return self._add(apdu, "reply", response=bytes(response), times=times)

    def status(self, apdu: str | bytes | None, sw: int, *, times: int | None = None) -> Self:
        """Answer this command with the bare status word ``sw`` (e.g. ``0x6A82``)."""
        return self.reply(apdu, sw.to_bytes(2, "big"), times=times)

    def delay(self, seconds: float, apdu: str | bytes | None = None) -> Self:
        """Answer this command (default: every command) ``seconds`` late."""
        return self._add(apdu, "delay", seconds=seconds)

    def get_response(self, chunk: int = 256, *, with_data: bool = False) -> Self:
        """Answer data commands with ``61 xx`` and hand the data out through GET RESPONSE
        (``00 C0 00 00 Le``), at most ``chunk`` bytes at a time; ``with_data``: the first
        answer already carries ``chunk`` bytes before its ``61 xx``."""
        self.chunked = chunk
        self.chunk_with_data = with_data
        return self

    def wrong_length(self) -> Self:
        """Answer ``6C xx`` to a command whose Le is not the length of its data (≤ 256)."""
        self.six_c = True
        return self


# ---- the card -----------------------------------------------------------------------------


class VirtualIdCard:
    """One synthetic ID card on a vpcd reader (``port`` 35963 → "Virtual PCD 00 00",
    35964 → "Virtual PCD 00 01"). Not inserted until :meth:`insert`."""

    def __init__(
        self,
        document: IdentityDocument | None = None,
        *,
        port: int = VPCD_PORTS[0],
        script: CardScript | None = None,
        profile: VendorProfile | None = None,
        text_block: bytes | None = None,
        photo: bytes | None = None,
        fingerprint: bytes | None = None,
        atr: bytes = DEFAULT_ATR,
        host: str = VPCD_HOST,
    ) -> None:
        if document is None and text_block is None:
            raise ValueError("give a document or a text block")
        self.document = document
        self.port = port
        self.host = host
        self.atr = atr
        self.script = script or CardScript()
        self.profile = profile or default_profile()
        seed = document.id_number if document is not None else "raw"
        self.text_block = text_block if text_block is not None else build_text_block(document)  # type: ignore[arg-type]
        self.photo = photo if photo is not None else synthetic_photo(seed)
        self.fingerprint = fingerprint
        self._content = self._layout()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Condition()
        self._apdus: list[bytes] = []
        self._pending = b""  # data waiting for GET RESPONSE
        self._closing = threading.Event()
        self.gone = threading.Event()
        self.gone.set()
        self.powered = False
        self.errors: list[BaseException] = []

    @property
    def reader_name(self) -> str:
        return READER_NAMES.get(self.port, f"vpcd port {self.port}")

    def _layout(self) -> dict[bytes, bytes]:
        """Command header → the full answer data (header bytes included)."""
        content: dict[bytes, bytes] = {}
        step = self.profile.text
        content[step.command[:4]] = (_TEXT_HEADER + bytes(step.skip))[: step.skip] + self.text_block
        for steps, data in (
            (self.profile.photo, self.photo),
            (self.profile.fingerprint, self.fingerprint),
        ):
            if data is None:
                continue
            offset = 0
            for chunk in steps:
                content[chunk.command[:4]] = (
                    bytes(chunk.skip) + data[offset : offset + chunk.length]
                )
                offset += chunk.length
        return content

    # ---- insert / remove ------------------------------------------------------------------

    def insert(self, timeout: float = 10.0) -> Self:
        """Put the card on the reader (connect to vpcd; retried until ``timeout`` while pcscd
        is starting)."""
        if not self.gone.is_set():
            raise RuntimeError("the card is already inserted")
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=2.0)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.1)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock
        self._closing.clear()
        self.gone.clear()
        self._thread = threading.Thread(
            target=self._serve, args=(sock,), name=f"virtual-card-{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def remove(self, timeout: float = 5.0) -> None:
        """Take the card away (close the socket). Idempotent."""
        self._closing.set()
        self._close()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def __enter__(self) -> Self:
        return self.insert()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.remove()

    # ---- what happened --------------------------------------------------------------------

    def apdus(self) -> list[bytes]:
        """The command APDUs received so far (control messages excluded)."""
        with self._lock:
            return list(self._apdus)

    def wait_for_apdus(self, count: int, timeout: float) -> bool:
        with self._lock:
            return self._lock.wait_for(lambda: len(self._apdus) >= count, timeout)

    # ---- the protocol ---------------------------------------------------------------------

    @staticmethod
    def _recv_exact(sock: socket.socket, size: int) -> bytes:
        data = bytearray()
        while len(data) < size:
            chunk = sock.recv(size - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return bytes(data)

    @staticmethod
    def _send(sock: socket.socket, payload: bytes) -> None:
        sock.sendall(struct.pack(">H", len(payload)) + payload)

    def _serve(self, sock: socket.socket) -> None:
        try:
            while not self._closing.is_set():
                (size,) = struct.unpack(">H", self._recv_exact(sock, 2))
                message = self._recv_exact(sock, size)
                if size == 1:
                    self._control(sock, message[0])
                elif size > 1 and not self._command(sock, message):
                    break
        except (EOFError, OSError):
            pass  # removed by the test, or vpcd/pcscd went away
        except BaseException as exc:  # a bug in the emulator: keep it for the test to see
            self.errors.append(exc)
        finally:
            self._close()
            self.powered = False
            self.gone.set()

    def _control(self, sock: socket.socket, code: int) -> None:
        if code == _CTRL_ATR:
            self._send(sock, self.atr)
        elif code in (_CTRL_ON, _CTRL_RESET):
            self.powered = True
            self._pending = b""
        elif code == _CTRL_OFF:
            self.powered = False
            self._pending = b""

    def _command(self, sock: socket.socket, apdu: bytes) -> bool:
        """Answer one command APDU; False when the card leaves."""
        with self._lock:
            self._apdus.append(apdu)
            self._lock.notify_all()
        rules = [r for r in self.script.rules if r.applies(apdu)]
        for rule in rules:
            rule.used += 1
        for rule in rules:
            if rule.action == "delay" and self._closing.wait(rule.seconds):
                return False
        if any(r.action == "remove_before" for r in rules):
            return False
        reply = next((r.response for r in rules if r.action == "reply"), None)
        self._send(sock, reply if reply is not None else self._answer(apdu))
        return not any(r.action == "remove_after" for r in rules)

    def _answer(self, apdu: bytes) -> bytes:
        script = self.script
        if apdu[:2] == b"\x00\xc0":  # GET RESPONSE
            if not self._pending:
                return b"\x69\x85"  # conditions of use not satisfied: nothing waiting
            wanted = (apdu[4] or 256) if len(apdu) >= 5 else 256
            if script.chunked:
                wanted = min(wanted, script.chunked)
            out, self._pending = self._pending[:wanted], self._pending[wanted:]
            return out + self._more()
        data = self._content.get(apdu[:4])
        if data is None:
            known_ins = {header[1] for header in self._content}
            return b"\x6a\x82" if apdu[1] in known_ins else b"\x6d\x00"
        le = (apdu[4] or 256) if len(apdu) == 5 else None
        if script.six_c and le is not None and len(data) <= 256 and le != len(data):
            return bytes([0x6C, len(data) & 0xFF])
        if script.chunked is not None:
            first = data[: script.chunked] if script.chunk_with_data else b""
            self._pending = data[len(first) :]
            return first + self._more()
        return data + _SW_OK

    def _more(self) -> bytes:
        if not self._pending:
            return _SW_OK
        return bytes([0x61, min(len(self._pending), 256) & 0xFF])


#: Builds a card in tests (see the ``virtual_card`` fixture).
CardFactory = Callable[..., VirtualIdCard]
