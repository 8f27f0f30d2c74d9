"""The serial (GA/T 467) reader backend end to end, over a pty with the SAM emulator."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from serial_emulator import (
    CARDS,
    EmulatedCard,
    Fault,
    SamEmulator,
    foreigner_2023_card,
    hmt_card,
    resident_card,
)

from devices.idcard.document import CardType
from devices.idcard.errors import CardErrorCode, CardReadError
from devices.reader import ReaderBackend, ReaderEvent, ReaderState
from devices.serial import frames
from devices.serial.backend import SerialReaderBackend

S = ReaderState
TIMEOUT = 0.4  # the backend's exchange timeout in these tests
WAIT = 5.0  # how long a test waits for an event before failing


class Events:
    """A sink that queues events; tests wait on it with timeouts."""

    def __init__(self) -> None:
        self._queue: queue.Queue[ReaderEvent] = queue.Queue()
        self.seen: list[ReaderEvent] = []

    def __call__(self, event: ReaderEvent) -> None:
        self._queue.put(event)

    def next(self, timeout: float = WAIT) -> ReaderEvent:
        try:
            event = self._queue.get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"no event within {timeout} s; seen {[e.state for e in self.seen]}")
        self.seen.append(event)
        return event

    def expect(self, *states: ReaderState, timeout: float = WAIT) -> list[ReaderEvent]:
        """The next events are exactly ``states``, in order."""
        got = [self.next(timeout) for _ in states]
        assert [e.state for e in got] == list(states), [(e.state, e.error) for e in got]
        return got

    def pending(self) -> list[ReaderEvent]:
        out = []
        while True:
            try:
                out.append(self._queue.get_nowait())
            except queue.Empty:
                return out


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[SamEmulator]:
    with SamEmulator(tmp_path / "ttyID0") as emu:
        yield emu


MakeBackend = Callable[..., SerialReaderBackend]


@pytest.fixture
def make_backend(emulator: SamEmulator) -> Iterator[MakeBackend]:
    made: list[SerialReaderBackend] = []

    def make(port: str | None = None, **options: object) -> SerialReaderBackend:
        settings: dict[str, object] = {
            "timeout": TIMEOUT,
            "poll_interval": 0.02,
            "reopen_interval": 0.05,
        }
        settings.update(options)
        backend = SerialReaderBackend(port or emulator.port, **settings)  # type: ignore[arg-type]
        made.append(backend)
        return backend

    yield make
    for backend in made:
        backend.stop()


@pytest.fixture
def running(make_backend: MakeBackend) -> tuple[SerialReaderBackend, Events]:
    """A started backend that has reported READER_READY."""
    backend = make_backend()
    events = Events()
    backend.start(events)
    events.expect(S.READER_READY)
    return backend, events


def settle(emulator: SamEmulator, polls: int = 5) -> None:
    """Wait until the backend has polled *find card* ``polls`` more times."""
    done = emulator.count(frames.FIND_CARD) + polls
    assert emulator.wait_for_commands(frames.FIND_CARD, done, WAIT)


def read_card(events: Events, emulator: SamEmulator, card: EmulatedCard) -> ReaderEvent:
    emulator.insert(card)
    present, reading, done = events.expect(S.CARD_PRESENT, S.READING, S.READ_DONE)
    assert present.error is None and reading.error is None
    return done


# ---- reading -----------------------------------------------------------------------------------


def test_is_a_reader_backend(make_backend: MakeBackend) -> None:
    backend = make_backend()
    assert isinstance(backend, ReaderBackend)
    assert backend.name == "serial"


@pytest.mark.parametrize("card_type", list(CardType))
def test_reads_every_card_type(
    running: tuple[SerialReaderBackend, Events], emulator: SamEmulator, card_type: CardType
) -> None:
    _, events = running
    card = CARDS[card_type]()
    done = read_card(events, emulator, card)
    doc = done.document
    assert doc is not None and done.error is None
    assert done.reader == emulator.port
    assert doc == card.expected()
    assert doc.card_type is card_type
    assert doc.raw_text == card.text and doc.raw_photo == card.photo
    assert doc.fingerprint is None  # never read unless asked for
    assert emulator.count(frames.READ_TEXT_PHOTO_FINGERPRINT) == 0
    # The reader halts a card once read: it reports it gone, and never reads it twice.
    events.expect(S.CARD_REMOVED)
    settle(emulator)
    assert events.pending() == []
    assert emulator.count(frames.READ_TEXT_PHOTO) == 1


def test_exact_fields_of_a_resident_and_a_permit(
    running: tuple[SerialReaderBackend, Events], emulator: SamEmulator
) -> None:
    _, events = running
    doc = read_card(events, emulator, resident_card()).document
    assert doc is not None
    assert (doc.name, doc.sex, doc.ethnicity, doc.nationality) == ("张三", "1", "01", "CHN")
    assert doc.id_number == "110105199003071239"
    assert doc.birth_date.isoformat() == "1990-03-07"
    assert (doc.valid_from.isoformat(), str(doc.valid_to)) == ("2015-06-01", "2035-06-01")
    assert doc.address == "北京市朝阳区建国路88号"
    assert doc.authority == "北京市公安局朝阳分局"
    events.expect(S.CARD_REMOVED)
    emulator.remove()
    doc = read_card(events, emulator, hmt_card()).document
    assert doc is not None
    assert (doc.name, doc.id_number, doc.pass_number, doc.issue_count) == (
        "陈大文",
        "810000198512240217",
        "H12345678",
        1,
    )
    emulator.remove()
    events.expect(S.CARD_REMOVED)
    doc = read_card(events, emulator, foreigner_2023_card()).document
    assert doc is not None
    assert (doc.name, doc.english_name, doc.id_number, doc.valid_to) == (
        "玛丽",
        "JOHNSON, MARY ANN ELIZABETH WILHELMINA",
        "911840199202290044",
        None,
    )


def test_card_left_on_a_reader_without_the_halt_quirk_is_read_once(
    make_backend: MakeBackend, emulator: SamEmulator
) -> None:
    emulator.halt_after_read = False
    backend = make_backend()
    events = Events()
    backend.start(events)
    events.expect(S.READER_READY)
    read_card(events, emulator, resident_card())
    settle(emulator)  # find keeps answering 9F: still waiting for the card to leave
    assert events.pending() == []
    assert emulator.count(frames.READ_TEXT_PHOTO) == 1
    emulator.remove()
    events.expect(S.CARD_REMOVED)
    read_card(events, emulator, hmt_card())


def wait_until(predicate: Callable[[], bool], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.005)


def test_read_once_while_running_serves_the_next_read_with_fingerprints(
    running: tuple[SerialReaderBackend, Events], emulator: SamEmulator
) -> None:
    backend, events = running
    with ThreadPoolExecutor(1) as pool:
        # A card with fingerprints
        future = pool.submit(backend.read_once, timeout=WAIT, fingerprint=True)
        wait_until(lambda: bool(backend._requests))
        card = foreigner_2023_card()
        done = read_card(events, emulator, card)
        assert future.result(WAIT) == done.document == card.expected(fingerprint=True)
        assert emulator.count(frames.READ_TEXT_PHOTO_FINGERPRINT) == 1
        events.expect(S.CARD_REMOVED)
        emulator.remove()
        # Without a request, no fingerprints are read
        card = foreigner_2023_card()
        assert read_card(events, emulator, card).document == card.expected()
        assert emulator.count(frames.READ_TEXT_PHOTO_FINGERPRINT) == 1
        events.expect(S.CARD_REMOVED)
        emulator.remove()
        # A card without fingerprints: a zero fingerprint length ...
        future = pool.submit(backend.read_once, timeout=WAIT, fingerprint=True)
        wait_until(lambda: bool(backend._requests))
        card = resident_card()
        read_card(events, emulator, card)
        assert future.result(WAIT) == card.expected()
        events.expect(S.CARD_REMOVED)
        emulator.remove()
        # ... or "no content" (91), after which text and photo are read alone.
        emulator.no_fingerprint_sw3 = frames.SW3_NO_CONTENT
        future = pool.submit(backend.read_once, timeout=WAIT, fingerprint=True)
        wait_until(lambda: bool(backend._requests))
        card = hmt_card()
        read_card(events, emulator, card)
        assert future.result(WAIT) == card.expected()
        events.expect(S.CARD_REMOVED)
        # A failed read fails the request
        emulator.remove()
        emulator.inject(Fault.status(0x31), frames.READ_TEXT_PHOTO)
        future = pool.submit(backend.read_once, timeout=WAIT)
        wait_until(lambda: bool(backend._requests))
        emulator.insert(resident_card())
        events.expect(S.CARD_PRESENT, S.READING, S.INVALID_CARD)
        with pytest.raises(CardReadError) as info:
            future.result(WAIT)
        assert info.value.code is CardErrorCode.AUTH_FAILED


def test_read_once_while_running_without_a_card(
    running: tuple[SerialReaderBackend, Events], emulator: SamEmulator
) -> None:
    backend, events = running
    with pytest.raises(CardReadError) as info:
        backend.read_once(timeout=0.1)
    assert info.value.code is CardErrorCode.NO_CARD
    read_card(events, emulator, resident_card())
    with pytest.raises(CardReadError) as info:
        backend.read_once(timeout=0.1)  # the card was read: it must be presented again
    assert info.value.code is CardErrorCode.NO_CARD
    emulator.silent = True
    events.expect(S.CARD_REMOVED, S.READER_LOST)
    with pytest.raises(CardReadError) as info:
        backend.read_once(timeout=0.1)
    assert info.value.code is CardErrorCode.NO_READER


def test_photo_decoder_is_used_and_its_failure_is_not_fatal(
    make_backend: MakeBackend, emulator: SamEmulator
) -> None:
    seen: list[bytes] = []

    def decoder(wlt: bytes) -> bytes:
        seen.append(wlt)
        if len(seen) > 1:
            raise RuntimeError("licence expired")
        return b"BM-decoded"

    backend = make_backend(photo_decoder=decoder)
    events = Events()
    backend.start(events)
    events.expect(S.READER_READY)
    card = resident_card()
    doc = read_card(events, emulator, card).document
    assert doc is not None and doc.photo_bmp == b"BM-decoded"
    assert seen == [card.photo]
    events.expect(S.CARD_REMOVED)
    emulator.remove()
    doc = read_card(events, emulator, card).document
    assert doc is not None and doc.photo_bmp is None and doc.raw_photo == card.photo


def test_photo_decoder_protocol_objects_are_accepted(
    make_backend: MakeBackend, emulator: SamEmulator
) -> None:
    class Decoder:
        def decode(self, wlt: bytes) -> bytes:
            return b"BM" + wlt[:4]

    card = hmt_card()
    emulator.insert(card)
    doc = make_backend(photo_decoder=Decoder()).read_once(timeout=WAIT)
    assert doc.photo_bmp == b"BM" + card.photo[:4]


def test_slow_module_within_the_timeout_still_reads(
    running: tuple[SerialReaderBackend, Events], emulator: SamEmulator
) -> None:
    _, events = running
    emulator.delay = TIMEOUT / 4
    card = hmt_card()
    assert read_card(events, emulator, card).document == card.expected()


# ---- the card leaves at each step --------------------------------------------------------------


def test_card_pulled_between_find_and_select(
    running: tuple[SerialReaderBackend, Events], emulator: SamEmulator
) -> None:
    _, events = running
    emulator.inject(Fault("pull_card"), frames.SELECT_CARD)
    emulator.insert(resident_card())
    _, removed = events.expect(S.CARD_PRESENT, S.CARD_REMOVED)
    assert removed.document is None
    assert removed.error is not None and removed.error.code is CardErrorCode.CARD_REMOVED
    assert emulator.count(frames.READ_TEXT_PHOTO) == 0
    card = hmt_card()
    assert read_card(events, emulator, card).document == card.expected()


@pytest.mark.parametrize("sw3", [frames.SW3_READ_FAILED, frames.SW3_NO_CARD])
def test_card_pulled_between_select_and_read(
    running: tuple[SerialReaderBackend, Events], emulator: SamEmulator, sw3: int
) -> None:
    _, events = running
    emulator.read_without_card_sw3 = sw3
    emulator.inject(Fault("pull_card"), frames.READ_TEXT_PHOTO)
    emulator.insert(resident_card())
    got = events.expect(S.CARD_PRESENT, S.READING)
    if sw3 == frames.SW3_NO_CARD:
        (removed,) = events.expect(S.CARD_REMOVED)
        assert removed.error is not None and removed.error.code is CardErrorCode.CARD_REMOVED
    else:  # the module only says "read failed"; the next find says the card is gone
        invalid, removed = events.expect(S.INVALID_CARD, S.CARD_REMOVED)
        assert invalid.error is not None and invalid.error.code is CardErrorCode.READ_FAILED
        got.append(invalid)
    assert all(e.document is None for e in [*got, removed])
    card = foreigner_2023_card()
    assert read_card(events, emulator, card).document == card.expected()


def test_card_pulled_right_after_the_read(make_backend: MakeBackend, emulator: SamEmulator) -> None:
    emulator.halt_after_read = False
    backend = make_backend()
    events = Events()
    backend.start(events)
    events.expect(S.READER_READY)
    card = resident_card()
    assert read_card(events, emulator, card).document == card.expected()
    emulator.remove()
    (removed,) = events.expect(S.CARD_REMOVED)
    assert removed.error is None


# ---- faults ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        (Fault("bad_checksum"), CardErrorCode.BAD_CHECKSUM),
        (Fault("oversize_length"), CardErrorCode.BAD_LENGTH),
        (Fault("bad_payload_length"), CardErrorCode.BAD_LENGTH),
        (Fault("truncated"), CardErrorCode.BAD_LENGTH),
        (Fault("garbage"), CardErrorCode.BAD_RESPONSE),
        (Fault.status(0x40), CardErrorCode.UNKNOWN_CARD),
        (Fault.status(0x31), CardErrorCode.AUTH_FAILED),
        (Fault.status(0x60), CardErrorCode.READER_FAULT),
        (Fault.status(0x55), CardErrorCode.BAD_RESPONSE),  # not a status of the protocol
        (Fault.status(0x9F), CardErrorCode.TIMEOUT),  # a find answer: skipped as a late one
        (Fault.delayed(TIMEOUT * 1.5), CardErrorCode.TIMEOUT),
        (Fault("silent"), CardErrorCode.TIMEOUT),
    ],
    ids=lambda v: v.kind if isinstance(v, Fault) else None,
)
def test_bad_read_answers_are_typed_errors_and_the_backend_keeps_going(
    running: tuple[SerialReaderBackend, Events],
    emulator: SamEmulator,
    fault: Fault,
    code: CardErrorCode,
    caplog: pytest.LogCaptureFixture,
) -> None:
    backend, events = running
    caplog.set_level(logging.DEBUG, logger="devices.serial")
    emulator.halt_after_read = False  # a failed read leaves the card where it is
    emulator.inject(fault, frames.READ_TEXT_PHOTO)
    emulator.insert(resident_card())
    *_, invalid = events.expect(S.CARD_PRESENT, S.READING, S.INVALID_CARD)
    assert invalid.document is None
    assert isinstance(invalid.error, CardReadError) and invalid.error.code is code
    # The module still answers: no READER_LOST, and no retry while the card stays.
    settle(emulator)
    assert events.pending() == []
    assert emulator.count(frames.READ_TEXT_PHOTO) == 1
    emulator.remove()
    events.expect(S.CARD_REMOVED)
    card = hmt_card()
    assert read_card(events, emulator, card).document == card.expected()
    assert backend.running
    # Bad frames are logged with their length; the identity number never is.
    text = caplog.text
    assert "110105199003071239" not in text


def test_a_bad_text_block_is_an_invalid_card(
    running: tuple[SerialReaderBackend, Events], emulator: SamEmulator
) -> None:
    _, events = running
    good = resident_card()
    bad_flag = good.text[:248] + "Z".encode("utf-16-le") + good.text[250:]
    emulator.insert(EmulatedCard(good.document, text=bad_flag))
    *_, invalid = events.expect(S.CARD_PRESENT, S.READING, S.INVALID_CARD)
    assert invalid.error is not None and invalid.error.code is CardErrorCode.BAD_FLAG
    assert invalid.document is None


def test_bad_answers_to_find_card_are_ignored(
    running: tuple[SerialReaderBackend, Events], emulator: SamEmulator
) -> None:
    _, events = running
    for fault in (Fault("bad_checksum"), Fault("garbage"), Fault("oversize_length")):
        emulator.inject(fault, frames.FIND_CARD)
    emulator.inject(Fault.status(0x60), frames.FIND_CARD)
    settle(emulator, 6)
    assert events.pending() == []
    card = resident_card()
    assert read_card(events, emulator, card).document == card.expected()


def test_a_sink_that_raises_does_not_stop_the_backend(
    make_backend: MakeBackend, emulator: SamEmulator
) -> None:
    events = Events()

    def sink(event: ReaderEvent) -> None:
        events(event)
        raise RuntimeError("the UI broke")

    backend = make_backend()
    backend.start(sink)
    events.expect(S.READER_READY)
    card = resident_card()
    assert read_card(events, emulator, card).document == card.expected()


# ---- the module or the port goes away ----------------------------------------------------------


def test_silent_module_is_a_timeout_then_reader_lost_then_ready_again(
    running: tuple[SerialReaderBackend, Events], emulator: SamEmulator
) -> None:
    _, events = running
    emulator.silent = True
    (lost,) = events.expect(S.READER_LOST)
    assert lost.error is not None and lost.error.code is CardErrorCode.TIMEOUT
    emulator.silent = False
    events.expect(S.READER_READY)
    card = resident_card()
    assert read_card(events, emulator, card).document == card.expected()


def test_module_going_silent_during_a_read(
    running: tuple[SerialReaderBackend, Events], emulator: SamEmulator
) -> None:
    _, events = running
    emulator.inject(Fault("silent"), frames.READ_TEXT_PHOTO)
    emulator.inject(Fault("silent"), frames.MODULE_STATUS, times=None)
    emulator.insert(resident_card())
    *_, invalid, lost = events.expect(S.CARD_PRESENT, S.READING, S.INVALID_CARD, S.READER_LOST)
    assert invalid.error is not None and invalid.error.code is CardErrorCode.TIMEOUT
    assert lost.error is not None and lost.error.code is CardErrorCode.TIMEOUT
    emulator.clear_faults()
    events.expect(S.READER_READY)
    # A read interrupted by the failure was never completed: the card is read now.
    events.expect(S.CARD_PRESENT, S.READING, S.READ_DONE)


def test_port_disappearing_is_reader_lost_and_coming_back_is_ready(
    running: tuple[SerialReaderBackend, Events], emulator: SamEmulator
) -> None:
    _, events = running
    emulator.unplug()
    (lost,) = events.expect(S.READER_LOST)
    assert lost.error is not None
    assert lost.error.code in (CardErrorCode.READER_LOST, CardErrorCode.TIMEOUT)
    emulator.replug()
    events.expect(S.READER_READY)
    card = foreigner_2023_card()
    assert read_card(events, emulator, card).document == card.expected()


def test_missing_port_is_no_reader_until_it_appears(
    make_backend: MakeBackend, emulator: SamEmulator
) -> None:
    emulator.unplug()
    backend = make_backend()
    events = Events()
    backend.start(events)
    (none,) = events.expect(S.NO_READER)
    assert none.error is not None and none.error.code is CardErrorCode.NO_READER
    assert backend.list_readers() == []
    emulator.replug()
    events.expect(S.READER_READY)
    assert [r.name for r in backend.list_readers()] == [emulator.port]


def test_stop_ends_the_worker_promptly(
    running: tuple[SerialReaderBackend, Events], emulator: SamEmulator
) -> None:
    backend, _ = running
    emulator.silent = True  # the worker is waiting for an answer
    assert emulator.wait_for_commands(frames.FIND_CARD, emulator.count(frames.FIND_CARD) + 1)
    started = time.monotonic()
    backend.stop()
    assert time.monotonic() - started < TIMEOUT
    assert not backend.running
    assert not any(t.name.startswith("serial-reader") for t in threading.enumerate())


def test_start_twice_is_refused_and_restart_works(
    running: tuple[SerialReaderBackend, Events],
) -> None:
    backend, _ = running
    with pytest.raises(RuntimeError, match="already running"):
        backend.start(Events())
    backend.stop()
    events = Events()
    backend.start(events)
    events.expect(S.READER_READY)


def test_a_late_answer_to_the_previous_worker_is_not_taken_for_the_next_one(
    running: tuple[SerialReaderBackend, Events], emulator: SamEmulator
) -> None:
    backend, _ = running
    emulator.delay = 0.15  # the answer to this find comes after the worker has gone
    assert emulator.wait_for_commands(frames.FIND_CARD, emulator.count(frames.FIND_CARD) + 1)
    backend.stop()
    emulator.delay = 0.0
    events = Events()
    backend.start(events)  # its module status must not get the late "no card" answer
    events.expect(S.READER_READY)
    card = resident_card()
    assert read_card(events, emulator, card).document == card.expected()


# ---- read_once and list_readers ----------------------------------------------------------------


def test_read_once(make_backend: MakeBackend, emulator: SamEmulator) -> None:
    backend = make_backend()
    card = foreigner_2023_card()
    emulator.insert(card)
    assert backend.read_once(timeout=2.0) == card.expected()
    emulator.remove()
    emulator.insert(card)
    assert backend.read_once(timeout=2.0, fingerprint=True) == card.expected(fingerprint=True)


def test_read_once_errors(make_backend: MakeBackend, emulator: SamEmulator) -> None:
    backend = make_backend()

    def code_of(**options: object) -> CardErrorCode:
        with pytest.raises(CardReadError) as info:
            backend.read_once(timeout=0.2, **options)  # type: ignore[arg-type]
        return info.value.code

    assert code_of() is CardErrorCode.NO_CARD
    emulator.insert(resident_card())
    emulator.inject(Fault("pull_card"), frames.SELECT_CARD)
    assert code_of() is CardErrorCode.CARD_REMOVED
    emulator.insert(resident_card())
    emulator.inject(Fault("bad_checksum"), frames.READ_TEXT_PHOTO)
    assert code_of() is CardErrorCode.BAD_CHECKSUM
    emulator.silent = True
    assert code_of() is CardErrorCode.TIMEOUT
    emulator.unplug()
    assert code_of() is CardErrorCode.NO_READER


def test_list_readers(make_backend: MakeBackend, emulator: SamEmulator, tmp_path: Path) -> None:
    (info,) = make_backend().list_readers()
    assert (info.name, info.backend, info.demo) == (emulator.port, "serial", False)
    assert emulator.module_id.hex().upper() in info.detail
    emulator.silent = True
    (info,) = make_backend().list_readers()
    assert info.name == emulator.port and "module" not in info.detail
    assert make_backend(str(tmp_path / "no-such-port")).list_readers() == []


def test_raw_bytes_are_logged_with_the_number_masked(
    running: tuple[SerialReaderBackend, Events],
    emulator: SamEmulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, events = running
    caplog.set_level(logging.DEBUG, logger="devices.serial")
    good = resident_card()
    number = good.document.id_number
    # A text block the parser refuses, and a read frame with a bad checksum.
    bad_flag = good.text[:248] + "Z".encode("utf-16-le") + good.text[250:]
    emulator.insert(EmulatedCard(good.document, text=bad_flag))
    events.expect(S.CARD_PRESENT, S.READING, S.INVALID_CARD)
    emulator.remove()
    events.expect(S.CARD_REMOVED)
    emulator.inject(Fault("bad_checksum"), frames.READ_TEXT_PHOTO)
    emulator.insert(good)
    events.expect(S.CARD_PRESENT, S.READING, S.INVALID_CARD)
    dumps = [r.getMessage() for r in caplog.records if "raw" in r.getMessage()]
    assert len(dumps) >= 2
    assert "more bytes not logged" in caplog.text  # no photo bytes
    as_hex = number.encode("utf-16-le").hex()
    flat = caplog.text.replace(" ", "")
    assert as_hex not in flat and number not in caplog.text
    assert number[:6].encode("utf-16-le").hex() in flat  # the masked number is there
