"""A GA/T 467 SAM module emulator on a pseudo-terminal pair, for the serial backend's tests.

The emulator holds the master side of ``os.openpty()`` (in raw mode) and answers command frames
on its own thread; the backend opens :attr:`SamEmulator.port` with pyserial. ``port`` is a
symbolic link to the slave (``/dev/pts/N``) so that :meth:`SamEmulator.unplug` /
:meth:`SamEmulator.replug` can make the port disappear and come back under the same name.

Scripting:

* :meth:`insert` / :meth:`remove` a :class:`EmulatedCard`; after a successful read the card is
  *halted* (``halt_after_read``, the reader quirk): *find card* answers ``80`` until the card is
  removed and inserted again.
* :meth:`inject` a :class:`Fault` for the next answer(s) to one command (or any command):
  garbage, a bad checksum, an impossible frame length, inconsistent payload lengths, a truncated
  frame, a specific SW3, a delay, silence, or pulling the card before answering.
* :attr:`silent` / :attr:`delay` affect every answer until reset.
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
import tty
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from desktop.domain.identity import (
    make_citizen_number,
    make_foreigner_2017_number,
    make_foreigner_2023_number,
)
from devices.idcard.document import CardType, IdentityDocument
from devices.idcard.textblock import build_text_block
from devices.serial import frames
from devices.serial.frames import Command, CommandDecoder, ReceivedCommand

GARBAGE = bytes.fromhex("13 37 de ad be ef 00 ff 55 01") * 8  # no 0xAA: never a preamble


# ---- cards -------------------------------------------------------------------------------------


def synthetic_photo(seed: int = 0) -> bytes:
    """1024 deterministic bytes standing in for a WLT photo."""
    return bytes((i * 7 + seed) % 256 for i in range(frames.PHOTO_LENGTH))


def synthetic_fingerprint(seed: int = 0) -> bytes:
    return bytes((i * 13 + seed) % 251 for i in range(frames.FINGERPRINT_LENGTH))


@dataclass(frozen=True)
class EmulatedCard:
    document: IdentityDocument
    photo: bytes = field(default_factory=synthetic_photo)
    fingerprint: bytes | None = None
    #: The text block as the card holds it; built from ``document`` unless given (bad cards).
    text: bytes = b""

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", build_text_block(self.document))

    def expected(self, *, fingerprint: bool = False) -> IdentityDocument:
        """The document a correct read of this card yields."""
        return replace(
            self.document,
            raw_text=self.text,
            raw_photo=self.photo,
            fingerprint=self.fingerprint if fingerprint else None,
        )


def resident_card(**changes: object) -> EmulatedCard:
    birth = date(1990, 3, 7)
    doc = IdentityDocument(
        card_type=CardType.RESIDENT,
        name="张三",
        sex="1",
        birth_date=birth,
        id_number=make_citizen_number("110105", birth, 123),
        valid_from=date(2015, 6, 1),
        valid_to=date(2035, 6, 1),
        authority="北京市公安局朝阳分局",
        address="北京市朝阳区建国路88号",
        ethnicity="01",
        nationality="CHN",
    )
    return EmulatedCard(replace(doc, **changes))


def hmt_card() -> EmulatedCard:
    birth = date(1985, 12, 24)
    return EmulatedCard(
        IdentityDocument(
            card_type=CardType.HMT_PERMIT,
            name="陈大文",
            sex="1",
            birth_date=birth,
            id_number=make_citizen_number("810000", birth, 21),
            valid_from=date(2019, 1, 2),
            valid_to=date(2024, 1, 1),
            authority="深圳市公安局",
            address="广东省深圳市福田区福华路1号",
            pass_number="H12345678",
            issue_count=1,
        ),
        photo=synthetic_photo(1),
    )


def foreigner_2017_card() -> EmulatedCard:
    birth = date(1978, 5, 30)
    return EmulatedCard(
        IdentityDocument(
            card_type=CardType.FOREIGNER_2017,
            name="约翰",
            sex="1",
            birth_date=birth,
            id_number=make_foreigner_2017_number("USA", "1100", birth, 3),
            valid_from=date(2017, 7, 1),
            valid_to=date(2027, 7, 1),
            english_name="SMITH, JOHN",
            nationality="USA",
            card_version="01",
            authority_code="1100",
        ),
        photo=synthetic_photo(2),
    )


def foreigner_2023_card() -> EmulatedCard:
    birth = date(1992, 2, 29)
    return EmulatedCard(
        IdentityDocument(
            card_type=CardType.FOREIGNER_2023,
            name="玛丽",
            sex="2",
            birth_date=birth,
            id_number=make_foreigner_2023_number("11", "840", birth, 4),
            valid_from=date(2023, 12, 1),
            valid_to=None,
            english_name="JOHNSON, MARY ANN ELIZABETH WILHELMINA",
            nationality="USA",
            issue_count=0,
        ),
        photo=synthetic_photo(3),
        fingerprint=synthetic_fingerprint(3),
    )


CARDS = {
    CardType.RESIDENT: resident_card,
    CardType.HMT_PERMIT: hmt_card,
    CardType.FOREIGNER_2017: foreigner_2017_card,
    CardType.FOREIGNER_2023: foreigner_2023_card,
}


# ---- faults ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    """What to do instead of (or to) the normal answer.

    kind: ``garbage`` (noise, no frame), ``bad_checksum``, ``oversize_length`` (LEN beyond the
    largest legal frame), ``bad_payload_length`` (a read answer whose inner lengths disagree with
    its data; frame itself valid), ``truncated`` (half a frame), ``status`` (answer ``sw3``),
    ``delay`` (answer after ``seconds``), ``silent`` (no answer), ``pull_card`` (remove the card,
    then answer as the module would without it).
    """

    kind: str
    sw3: int = 0
    seconds: float = 0.0

    @classmethod
    def status(cls, sw3: int) -> Fault:
        return cls("status", sw3=sw3)

    @classmethod
    def delayed(cls, seconds: float) -> Fault:
        return cls("delay", seconds=seconds)


@dataclass
class _Injection:
    fault: Fault
    command: tuple[int, int] | None
    remaining: int | None  # None: until cleared


# ---- the emulator ------------------------------------------------------------------------------


class SamEmulator:
    """A SAM module on a pty. Use as a context manager, or call :meth:`close`."""

    def __init__(
        self,
        link: Path,
        *,
        halt_after_read: bool = True,
        module_id: bytes = bytes.fromhex("0501 20101010 00112233 44556677 8899"),
        read_without_card_sw3: int = frames.SW3_READ_FAILED,
        no_fingerprint_sw3: int | None = None,
    ) -> None:
        #: Path the backend opens: a symlink to the current pty slave.
        self.port = str(link)
        self._link = link
        self.halt_after_read = halt_after_read
        self.module_id = module_id
        #: What ``30 01`` answers when the card is gone (41 read failed, or 80).
        self.read_without_card_sw3 = read_without_card_sw3
        #: ``30 10`` on a card without fingerprints: ``None`` answers 90 with a zero fingerprint
        #: length, an SW3 (e.g. 91) answers that status.
        self.no_fingerprint_sw3 = no_fingerprint_sw3
        self.silent = False
        self.delay = 0.0
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._card: EmulatedCard | None = None
        self._halted = False
        self._selected = False
        self._injections: list[_Injection] = []
        self.commands: list[tuple[int, int]] = []
        self.bad_frames = 0
        self._master = -1
        self._slave = -1
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.replug()

    # ---- lifecycle ----

    def replug(self) -> None:
        """Create a fresh pty, point :attr:`port` at it and start answering."""
        if self._thread is not None:
            raise RuntimeError("already plugged in")
        master, slave = os.openpty()
        tty.setraw(master)
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        tmp = self._link.with_name(self._link.name + ".new")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(os.ttyname(slave))
        tmp.replace(self._link)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="sam-emulator", daemon=True)
        self._thread.start()

    def unplug(self) -> None:
        """The module goes away: stop answering, close the pty (the backend's port fails)."""
        thread = self._thread
        self._stop.set()
        if thread is not None:
            thread.join(5)
        self._thread = None
        for fd in (self._master, self._slave):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = -1
        with contextlib.suppress(FileNotFoundError):
            self._link.unlink()

    def close(self) -> None:
        self.unplug()

    def __enter__(self) -> SamEmulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- scripting ----

    def insert(self, card: EmulatedCard) -> None:
        with self._lock:
            self._card = card
            self._halted = False
            self._selected = False

    def remove(self) -> None:
        with self._lock:
            self._card = None
            self._halted = False
            self._selected = False

    def inject(
        self, fault: Fault, command: Command | None = None, *, times: int | None = 1
    ) -> None:
        """Apply ``fault`` to the next ``times`` answers to ``command`` (any command when
        ``None``); ``times=None`` until :meth:`clear_faults`."""
        key = None if command is None else (command.cmd, command.para)
        with self._lock:
            self._injections.append(_Injection(fault, key, times))

    def clear_faults(self) -> None:
        with self._lock:
            self._injections.clear()
        self.silent = False
        self.delay = 0.0

    def count(self, command: Command) -> int:
        with self._lock:
            return Counter(self.commands)[(command.cmd, command.para)]

    def wait_for_commands(self, command: Command, count: int, timeout: float = 5.0) -> bool:
        """Wait until ``command`` has been received ``count`` times in all."""
        key = (command.cmd, command.para)
        with self._changed:
            return self._changed.wait_for(lambda: self.commands.count(key) >= count, timeout)

    # ---- the module ----

    def _serve(self) -> None:
        decoder = CommandDecoder()
        master, stop = self._master, self._stop
        while not stop.is_set():
            try:
                ready, _, _ = select.select([master], [], [], 0.02)
                if not ready:
                    continue
                data = os.read(master, 4096)
            except BlockingIOError:
                continue
            except OSError:
                # EIO while no one holds the slave open: wait for the backend to (re)open it.
                stop.wait(0.02)
                continue
            for item in decoder.feed(data):
                if isinstance(item, ReceivedCommand):
                    self._answer(item)
                else:
                    with self._lock:
                        self.bad_frames += 1
                    self._send(frames.encode_response(0, 0, 0x10))

    def _take_fault(self, key: tuple[int, int]) -> Fault | None:
        for injection in self._injections:
            if injection.command in (None, key):
                if injection.remaining is not None:
                    injection.remaining -= 1
                    if injection.remaining <= 0:
                        self._injections.remove(injection)
                return injection.fault
        return None

    def _answer(self, command: ReceivedCommand) -> None:
        key = (command.cmd, command.para)
        with self._changed:
            self.commands.append(key)
            self._changed.notify_all()
            fault = self._take_fault(key)
        if self.silent or (fault is not None and fault.kind == "silent"):
            return
        delay = self.delay + (fault.seconds if fault is not None and fault.kind == "delay" else 0)
        if delay and self._stop.wait(delay):
            return
        with self._lock:
            if fault is not None and fault.kind == "pull_card":
                self._card = None
                self._selected = False
            frame = self._normal_answer(key)
        if fault is not None:
            frame = self._distort(frame, fault)
        self._send(frame)

    def _normal_answer(self, key: tuple[int, int]) -> bytes:
        ok = frames.SW3_SUCCESS
        card = self._card
        if key in ((frames.RESET.cmd, frames.RESET.para),):
            self._selected = False
            return frames.encode_response(0, 0, ok)
        if key == (frames.MODULE_STATUS.cmd, frames.MODULE_STATUS.para):
            return frames.encode_response(0, 0, ok)
        if key == (frames.MODULE_ID.cmd, frames.MODULE_ID.para):
            return frames.encode_response(0, 0, ok, self.module_id)
        if key == (frames.FIND_CARD.cmd, frames.FIND_CARD.para):
            if card is None or self._halted:
                return frames.encode_response(0, 0, frames.SW3_NO_CARD)
            return frames.encode_response(0, 0, frames.SW3_FIND_SUCCESS, bytes(4))
        if key == (frames.SELECT_CARD.cmd, frames.SELECT_CARD.para):
            if card is None or self._halted:
                return frames.encode_response(0, 0, frames.SW3_SELECT_FAILED)
            self._selected = True
            return frames.encode_response(0, 0, ok, bytes(8))
        if key in (
            (frames.READ_TEXT_PHOTO.cmd, frames.READ_TEXT_PHOTO.para),
            (frames.READ_TEXT_PHOTO_FINGERPRINT.cmd, frames.READ_TEXT_PHOTO_FINGERPRINT.para),
        ):
            if card is None or not self._selected:
                return frames.encode_response(0, 0, self.read_without_card_sw3)
            with_fp = key[1] == frames.READ_TEXT_PHOTO_FINGERPRINT.para
            if with_fp and card.fingerprint is None and self.no_fingerprint_sw3 is not None:
                return frames.encode_response(0, 0, self.no_fingerprint_sw3)
            prints = (card.fingerprint or b"") if with_fp else None
            data = frames.encode_card_data(card.text, card.photo, prints)
            if self.halt_after_read:
                self._halted = True
            self._selected = False
            return frames.encode_response(0, 0, ok, data)
        if key == (frames.READ_NEWEST_ADDRESS.cmd, frames.READ_NEWEST_ADDRESS.para):
            return frames.encode_response(0, 0, frames.SW3_NO_CONTENT)
        return frames.encode_response(0, 0, 0x21)

    @staticmethod
    def _distort(frame: bytes, fault: Fault) -> bytes:
        if fault.kind == "status":
            return frames.encode_response(0, 0, fault.sw3)
        if fault.kind == "garbage":
            return GARBAGE
        if fault.kind == "bad_checksum":
            return frame[:-1] + bytes([frame[-1] ^ 0x5A])
        if fault.kind == "oversize_length":
            return frame[:5] + b"\x0f\xff" + frame[7:]
        if fault.kind == "truncated":
            return frame[: len(frame) // 2]
        if fault.kind == "bad_payload_length":
            body = frame[frames.HEADER_LENGTH : -1]
            if len(body) < 7:
                return frame
            # Keep the announced lengths, drop 24 photo bytes: a valid frame, wrong contents.
            return frames.encode_response(body[0], body[1], body[2], body[3:-24])
        return frame

    def _send(self, data: bytes) -> None:
        view = memoryview(data)
        deadline = time.monotonic() + 2.0
        while view and time.monotonic() < deadline and not self._stop.is_set():
            try:
                _, writable, _ = select.select([], [self._master], [], 0.05)
                if not writable:
                    continue
                written = os.write(self._master, view)
            except BlockingIOError:
                continue
            except OSError:
                return
            view = view[written:]
