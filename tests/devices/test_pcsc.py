"""The PC/SC backend end to end: a real pcscd, vpcd's virtual readers, the virtual ID card.

Plus unit tests of the APDU exchange (61xx / 6Cxx) and of the context supervisor, which need
no daemon.
"""

from __future__ import annotations

import dataclasses
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from pcscd_fixture import PcscDaemon, wait_for_card
from virtual_reader import (
    DEFAULT_ATR,
    READER_NAMES,
    VPCD_PORTS,
    CardScript,
    VirtualIdCard,
    sample_document,
    synthetic_fingerprint,
)

from devices.idcard.document import CardType, IdentityDocument
from devices.idcard.errors import CardErrorCode, CardReadError
from devices.pcsc.apdu import exchange, read_step, with_le
from devices.pcsc.backend import PcscReaderBackend
from devices.pcsc.profile import ApduStep, AtrPattern, VendorProfile, load_profiles
from devices.pcsc.supervisor import ContextSupervisor
from devices.pcsc.winscard import PcscApi, PcscError, Rc
from devices.reader import ReaderBackend, ReaderEvent, ReaderState

READER_0, READER_1 = READER_NAMES[VPCD_PORTS[0]], READER_NAMES[VPCD_PORTS[1]]
WAIT = 10.0  # seconds; the daemon polls a virtual card about every 0.4 s

S = ReaderState


class Events:
    """The events of one backend, in order; tests wait on them with timeouts."""

    def __init__(self) -> None:
        self._queue: queue.Queue[ReaderEvent] = queue.Queue()
        self.seen: list[ReaderEvent] = []

    def __call__(self, event: ReaderEvent) -> None:
        self._queue.put(event)

    def wait_for(
        self, state: ReaderState, reader: str | None = None, timeout: float = WAIT
    ) -> ReaderEvent:
        """The next event in ``state`` (on ``reader``); events before it stay in ``seen``."""
        deadline = threading.Event()
        timer = threading.Timer(timeout, deadline.set)
        timer.start()
        try:
            while not deadline.is_set():
                try:
                    event = self._queue.get(timeout=0.05)
                except queue.Empty:
                    continue
                self.seen.append(event)
                if event.state is state and (reader is None or event.reader == reader):
                    return event
        finally:
            timer.cancel()
        pytest.fail(
            f"no {state.value} event on {reader or 'any reader'} within {timeout} s; "
            f"seen: {self.states()}"
        )

    def drain(self) -> list[ReaderEvent]:
        while True:
            try:
                self.seen.append(self._queue.get_nowait())
            except queue.Empty:
                return self.seen

    def states(self, reader: str | None = None) -> list[tuple[str, str]]:
        return [
            (e.state.value, e.reader) for e in self.seen if reader is None or e.reader == reader
        ]


@pytest.fixture
def backends() -> Iterator[Callable[..., tuple[PcscReaderBackend, Events]]]:
    """Starts backends (``start=False``: made only); all are stopped after the test."""
    made: list[PcscReaderBackend] = []

    def make(*args: Any, start: bool = True, **kwargs: Any) -> tuple[PcscReaderBackend, Events]:
        backend = PcscReaderBackend(*args, **kwargs)
        made.append(backend)
        events = Events()
        if start:
            backend.start(events)
        return backend, events

    yield make
    for backend in made:
        backend.stop()
        assert not backend.running


def expected(card: VirtualIdCard, **changes: Any) -> IdentityDocument:
    assert card.document is not None
    return dataclasses.replace(
        card.document, raw_text=card.text_block, raw_photo=card.photo, **changes
    )


def read_card(events: Events, card: VirtualIdCard) -> ReaderEvent:
    card.insert()
    events.wait_for(S.READING, card.reader_name)
    return events.wait_for(S.READ_DONE, card.reader_name)


def take_away(events: Events, card: VirtualIdCard) -> None:
    card.remove()
    events.wait_for(S.CARD_REMOVED, card.reader_name)


# ---- reading every card type ----------------------------------------------------------------


@pytest.mark.parametrize("card_type", list(CardType))
def test_every_card_type_is_read_with_exact_fields(
    backends: Any, virtual_card: Any, card_type: CardType
) -> None:
    backend, events = backends()
    events.wait_for(S.READER_READY, READER_0)
    card = virtual_card(sample_document(card_type))
    done = read_card(events, card)
    assert done.document == expected(card)
    assert done.document is not None
    assert done.document.card_type is card_type
    assert len(done.document.raw_text) == 256 and len(done.document.raw_photo) == 1024
    assert done.document.photo_bmp is None and done.document.fingerprint is None
    assert done.error is None
    take_away(events, card)
    assert isinstance(backend, ReaderBackend)


def test_event_sequence_of_a_read(backends: Any, virtual_card: Any) -> None:
    _, events = backends()
    card = virtual_card(sample_document(CardType.RESIDENT))
    read_card(events, card)
    take_away(events, card)
    assert events.states() == [
        ("reader_ready", READER_0),
        ("reader_ready", READER_1),
        ("reading", READER_0),
        ("read_done", READER_0),
        ("card_removed", READER_0),
    ]
    removed = events.seen[-1]
    assert removed.document is None and removed.error is None  # an ordinary removal
    assert [a.hex() for a in card.apdus()] == [f"ffb00{i}0000" for i in range(6)]


def test_a_card_already_on_the_reader_is_read_at_start(backends: Any, virtual_card: Any) -> None:
    card = virtual_card(sample_document(CardType.HMT_PERMIT)).insert()
    assert wait_for_card(READER_0, present=True)
    _, events = backends()
    assert events.wait_for(S.READ_DONE, READER_0).document == expected(card)


def test_a_read_card_is_not_read_again_until_it_leaves(backends: Any, virtual_card: Any) -> None:
    backend, events = backends()
    card = virtual_card(sample_document(CardType.RESIDENT))
    read_card(events, card)
    with pytest.raises(CardReadError) as caught:
        backend.read_once(timeout=1.0)
    assert caught.value.code is CardErrorCode.NO_CARD
    assert "read already" in str(caught.value)
    assert len(card.apdus()) == 6  # nothing sent to the card after its read
    take_away(events, card)
    again = virtual_card(sample_document(CardType.RESIDENT))
    assert read_card(events, again).document == expected(again)


# ---- a card pulled during the read ----------------------------------------------------------

PULLS = [
    pytest.param(CardScript().remove_before("FF B0 00 00"), id="on-the-text-command"),
    pytest.param(CardScript().remove_after("FF B0 00 00"), id="after-the-text"),
    *(
        pytest.param(CardScript().remove_after(f"FF B0 0{i} 00"), id=f"after-photo-chunk-{i}")
        for i in range(1, 5)
    ),
]


@pytest.mark.parametrize("script", PULLS)
def test_a_card_pulled_mid_read_gives_no_document(
    backends: Any, virtual_card: Any, script: CardScript
) -> None:
    _, events = backends()
    card = virtual_card(sample_document(CardType.RESIDENT), script=script).insert()
    events.wait_for(S.READING, READER_0)
    removed = events.wait_for(S.CARD_REMOVED, READER_0)
    assert removed.document is None
    assert removed.error is not None and removed.error.code is CardErrorCode.CARD_REMOVED
    assert card.gone.wait(WAIT)
    assert [e.state for e in events.seen if e.reader == READER_0][-2:] == [
        S.READING,
        S.CARD_REMOVED,
    ]
    # The next card reads cleanly, and the pulled card is not reported removed twice.
    clean = virtual_card(sample_document(CardType.FOREIGNER_2023))
    assert read_card(events, clean).document == expected(clean)
    assert events.states(READER_0).count(("card_removed", READER_0)) == 1
    assert not any(e.state is S.READ_DONE and e.document is None for e in events.seen)


def test_a_card_pulled_after_the_last_chunk_was_read_completely(
    backends: Any, virtual_card: Any
) -> None:
    _, events = backends()
    card = virtual_card(
        sample_document(CardType.RESIDENT), script=CardScript().remove_after("FF B0 05 00")
    )
    done = read_card(events, card)
    assert done.document == expected(card)
    events.wait_for(S.CARD_REMOVED, READER_0)


# ---- transport flows ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chunk", "with_data"),
    [(256, False), (100, True), (64, False)],
    ids=["61xx-then-get-response", "data-and-61xx", "small-get-responses"],
)
def test_61xx_answers_are_collected_with_get_response(
    backends: Any, virtual_card: Any, chunk: int, with_data: bool
) -> None:
    _, events = backends()
    script = CardScript().get_response(chunk, with_data=with_data)
    card = virtual_card(sample_document(CardType.FOREIGNER_2017), script=script)
    assert read_card(events, card).document == expected(card)
    get_responses = [a for a in card.apdus() if a[:4] == bytes.fromhex("00C00000")]
    assert get_responses  # the flow was exercised
    total = sum(1 for a in card.apdus() if a[:2] == b"\xff\xb0")
    assert total == 6


def test_6cxx_answers_are_resent_with_the_right_le(backends: Any, virtual_card: Any) -> None:
    _, events = backends()
    card = virtual_card(sample_document(CardType.RESIDENT), script=CardScript().wrong_length())
    assert read_card(events, card).document == expected(card)
    sent = [a.hex(" ") for a in card.apdus()]
    assert "ff b0 01 00 fc" in sent  # 252 bytes
    assert "ff b0 05 00 04" in sent  # 4 bytes
    assert sent.count("ff b0 02 00 00") == 1  # 256 bytes: Le 00 was right


def test_a_slow_card_within_the_timeout_still_reads(backends: Any, virtual_card: Any) -> None:
    backend, events = backends()
    events.wait_for(S.READER_READY, READER_0)
    card = virtual_card(sample_document(CardType.RESIDENT), script=CardScript().delay(0.25))
    card.insert()
    document = backend.read_once(timeout=WAIT)
    assert document == expected(card)
    assert events.wait_for(S.READ_DONE, READER_0).document == document


# ---- bad answers ----------------------------------------------------------------------------

BAD_ANSWERS = [
    pytest.param(
        CardScript().reply("FF B0 00 00", b"\x12"), CardErrorCode.BAD_RESPONSE, id="one-byte"
    ),
    pytest.param(
        CardScript().reply("FF B0 00 00", bytes(100) + b"\x90\x00"),
        CardErrorCode.BAD_LENGTH,
        id="short-text",
    ),
    pytest.param(
        CardScript().reply("FF B0 02 00", bytes(300) + b"\x90\x00"),
        CardErrorCode.BAD_LENGTH,
        id="long-chunk",
    ),
    pytest.param(
        CardScript().status("FF B0 00 00", 0x6A82), CardErrorCode.READ_FAILED, id="refused-6A82"
    ),
    pytest.param(
        CardScript().status("FF B0 03 00", 0x6F00), CardErrorCode.READ_FAILED, id="photo-6F00"
    ),
    pytest.param(
        CardScript().status("FF B0 00 00", 0x6D00),
        CardErrorCode.UNKNOWN_CARD,
        id="unknown-command-6D00",
    ),
    pytest.param(
        CardScript().status("FF B0 01 00", 0x6982), CardErrorCode.AUTH_FAILED, id="not-allowed-6982"
    ),
    pytest.param(
        CardScript().reply("FF B0 01 00", b"\x6c\x10", times=None),
        CardErrorCode.BAD_RESPONSE,
        id="6Cxx-twice",
    ),
]


@pytest.mark.parametrize(("script", "code"), BAD_ANSWERS)
def test_bad_answers_make_an_invalid_card_with_a_typed_error(
    backends: Any, virtual_card: Any, script: CardScript, code: CardErrorCode
) -> None:
    backend, events = backends()
    card = virtual_card(sample_document(CardType.RESIDENT), script=script).insert()
    invalid = events.wait_for(S.INVALID_CARD, READER_0)
    assert invalid.document is None
    assert isinstance(invalid.error, CardReadError) and invalid.error.code is code
    assert not any(e.state is S.READ_DONE for e in events.seen)
    take_away(events, card)
    assert backend.running


def test_a_garbage_text_block_is_an_invalid_card_and_the_next_card_reads(
    backends: Any, virtual_card: Any
) -> None:
    _, events = backends()
    garbage = bytes((i * 37 + 11) % 256 for i in range(256))
    card = virtual_card(text_block=garbage).insert()
    invalid = events.wait_for(S.INVALID_CARD, READER_0)
    assert invalid.error is not None and invalid.error.code is CardErrorCode.BAD_FLAG
    assert invalid.error.raw == garbage and invalid.document is None
    take_away(events, card)
    clean = virtual_card(sample_document(CardType.RESIDENT))
    assert read_card(events, clean).document == expected(clean)


def test_a_failing_sink_does_not_stop_the_backend(backends: Any, virtual_card: Any) -> None:
    events = Events()
    calls: list[ReaderState] = []

    def sink(event: ReaderEvent) -> None:
        calls.append(event.state)
        events(event)
        raise RuntimeError("a broken window")

    backend, _ = backends(start=False)
    backend.start(sink)
    card = virtual_card(sample_document(CardType.RESIDENT))
    read_card(events, card)
    take_away(events, card)
    assert backend.running and S.READ_DONE in calls


# ---- the service going away -----------------------------------------------------------------


def test_pcscd_stopped_and_restarted_without_restarting_the_backend(
    backends: Any, virtual_card: Any, pcscd_running: PcscDaemon
) -> None:
    pcscd_running.stop()
    backend, events = backends(retry_interval=0.5)
    events.wait_for(S.SERVICE_UNAVAILABLE)
    assert backend.list_readers() == []
    with pytest.raises(CardReadError) as caught:
        backend.read_once(timeout=0.3)
    assert caught.value.code is CardErrorCode.SERVICE_UNAVAILABLE

    pcscd_running.start()
    events.wait_for(S.READER_READY, READER_0)
    first = virtual_card(sample_document(CardType.RESIDENT))
    assert read_card(events, first).document == expected(first)

    pcscd_running.stop()  # takes the virtual card with it
    events.wait_for(S.SERVICE_UNAVAILABLE)
    assert first.gone.wait(WAIT)
    pcscd_running.start()
    events.wait_for(S.READER_READY, READER_0)
    second = virtual_card(sample_document(CardType.FOREIGNER_2017))
    assert read_card(events, second).document == expected(second)
    assert backend.running
    states = [s for s, _ in events.states()]
    assert states.count("service_unavailable") == 2
    assert "reader_lost" not in states  # the service went, not the readers


# ---- which readers --------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", ["Virtual PCD 00 01", "*00 01", "re:PCD 00 01$"])
def test_a_reader_pattern_ignores_other_readers(
    backends: Any, virtual_card: Any, pattern: str
) -> None:
    backend, events = backends(pattern)
    events.wait_for(S.READER_READY, READER_1)
    ignored = virtual_card(sample_document(CardType.RESIDENT), port=VPCD_PORTS[0]).insert()
    assert wait_for_card(READER_0, present=True)
    card = virtual_card(sample_document(CardType.HMT_PERMIT), port=VPCD_PORTS[1])
    assert read_card(events, card).document == expected(card)
    take_away(events, card)
    assert all(e.reader in ("", READER_1) for e in events.drain())
    assert ignored.apdus() == []
    names = [r.name for r in backend.list_readers()]
    assert names == [READER_0, READER_1]  # listing shows every reader, for choosing one


def test_no_matching_reader(backends: Any) -> None:
    backend, events = backends("No Such Reader*")
    events.wait_for(S.NO_READER)
    with pytest.raises(CardReadError) as caught:
        backend.read_once(timeout=0.3)
    assert caught.value.code is CardErrorCode.NO_READER
    assert "No Such Reader*" in str(caught.value)


class HidingApi(PcscApi):
    """The real PC/SC API, except that readers named in ``hidden`` are not there (as if
    unplugged): vpcd's readers cannot be unplugged."""

    def __init__(self, hidden: Sequence[str] = ()) -> None:
        super().__init__()
        self.hidden = set(hidden)

    def list_readers(self, context: int) -> list[str]:
        return [r for r in super().list_readers(context) if r not in self.hidden]


def test_readers_plugged_in_and_unplugged(backends: Any, virtual_card: Any) -> None:
    api = HidingApi([READER_0, READER_1])
    backend, events = backends(api=api)
    events.wait_for(S.NO_READER)
    api.hidden.discard(READER_1)  # plugged in
    events.wait_for(S.READER_READY, READER_1)
    card = virtual_card(sample_document(CardType.RESIDENT), port=VPCD_PORTS[1])
    assert read_card(events, card).document == expected(card)
    api.hidden.add(READER_1)  # unplugged
    lost = events.wait_for(S.READER_LOST, READER_1)
    assert lost.document is None
    assert [r.name for r in backend.list_readers()] == []
    api.hidden.clear()
    events.wait_for(S.READER_READY, READER_0)
    events.wait_for(S.READER_READY, READER_1)
    assert backend.running
    assert "no_reader" not in [s for s, _ in events.states()][1:]  # lost says it already


# ---- read_once, list_readers, fingerprints, photos, profiles ---------------------------------


def test_read_once_without_starting_the_backend(backends: Any, virtual_card: Any) -> None:
    backend, _ = backends(start=False)
    card = virtual_card(sample_document(CardType.FOREIGNER_2023)).insert()
    assert backend.read_once(timeout=WAIT) == expected(card)
    assert not backend.running
    with pytest.raises(CardReadError) as caught:  # the same card, still on the reader
        backend.read_once(timeout=1.0)
    assert caught.value.code is CardErrorCode.NO_CARD and "read already" in str(caught.value)
    card.remove()
    assert wait_for_card(READER_0, present=False)
    with pytest.raises(CardReadError) as caught:
        backend.read_once(timeout=0.3)
    assert caught.value.code is CardErrorCode.NO_CARD and "within 0.3 s" in str(caught.value)
    again = virtual_card(sample_document(CardType.RESIDENT)).insert()
    assert backend.read_once(timeout=WAIT) == expected(again)


def test_read_once_answers_with_a_card_already_on_the_reader(
    backends: Any, virtual_card: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one-shot worker queues the request before it starts: even when its first look at
    the reader reads the card at once (here: the start returns only after that read), the read
    answers this request instead of being consumed and reported as "read already"."""
    import time

    from devices.pcsc import backend as pcsc_backend

    started = pcsc_backend._Worker.start

    def start_and_let_it_read(worker: Any) -> None:
        started(worker)
        deadline = time.monotonic() + WAIT
        while not worker._handled and time.monotonic() < deadline:
            time.sleep(0.01)

    backend, _ = backends(start=False)
    card = virtual_card(sample_document(CardType.RESIDENT)).insert()
    assert wait_for_card(READER_0, present=True)
    monkeypatch.setattr(pcsc_backend._Worker, "start", start_and_let_it_read)
    assert backend.read_once(timeout=WAIT) == expected(card)


def test_list_readers_with_a_card(backends: Any, virtual_card: Any) -> None:
    backend, _ = backends(start=False)
    virtual_card(sample_document(CardType.RESIDENT), port=VPCD_PORTS[1]).insert()
    assert wait_for_card(READER_1, present=True)
    readers = {r.name: r for r in backend.list_readers()}
    assert set(readers) == {READER_0, READER_1}
    assert readers[READER_1].detail == DEFAULT_ATR.hex(" ").upper()
    assert readers[READER_0].detail == "" and readers[READER_1].backend == "pcsc"


FINGERPRINT_PROFILE = """
format = 1
name = "ffb0-fingerprint"
priority = 10

[text]
command = "FF B0 00 00 00"
skip = 4
length = 256

[photo]
chunks = [
    { command = "FF B0 01 00 00", length = 252 },
    { command = "FF B0 02 00 00", length = 256 },
    { command = "FF B0 03 00 00", length = 256 },
    { command = "FF B0 04 00 00", length = 256 },
    { command = "FF B0 05 00 00", length = 4 },
]

[fingerprint]
chunks = [
    { command = "FF B0 06 00 00", length = 256 },
    { command = "FF B0 07 00 00", length = 256 },
    { command = "FF B0 08 00 00", length = 256 },
    { command = "FF B0 09 00 00", length = 256 },
]
absent_status = ["6A 82"]
"""


@pytest.fixture
def fingerprint_profile(tmp_path: Path) -> VendorProfile:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "fp.toml").write_text(FINGERPRINT_PROFILE, encoding="utf-8")
    profile = load_profiles(folder)[0]
    assert profile.name == "ffb0-fingerprint"
    return profile


def test_fingerprints_only_when_asked(
    backends: Any, virtual_card: Any, fingerprint_profile: VendorProfile
) -> None:
    backend, events = backends(profiles=[fingerprint_profile])
    prints = synthetic_fingerprint("x")
    card = virtual_card(
        sample_document(CardType.RESIDENT), profile=fingerprint_profile, fingerprint=prints
    )
    # Not asked: the backend's own reads leave the fingerprint alone.
    assert read_card(events, card).document == expected(card)
    assert not any(a[:3] == bytes.fromhex("FFB006") for a in card.apdus())
    take_away(events, card)
    # Asked through read_once.
    result: list[IdentityDocument] = []
    reader = threading.Thread(
        target=lambda: result.append(backend.read_once(timeout=WAIT, fingerprint=True))
    )
    reader.start()
    card.insert()
    reader.join(WAIT + 5)
    assert result == [expected(card, fingerprint=prints)]
    take_away(events, card)
    # A card without fingerprints answers 6A 82: a document without them.
    bare = virtual_card(sample_document(CardType.RESIDENT), profile=fingerprint_profile)
    bare.insert()
    assert backend.read_once(timeout=WAIT, fingerprint=True) == expected(bare)


def test_the_photo_decoder_is_used_and_its_failure_is_not_a_read_failure(
    backends: Any, virtual_card: Any
) -> None:
    def decode(photo: bytes) -> bytes:
        if photo[0] == 1:
            raise ValueError("not decodable")
        return b"BM" + photo[:8]

    _, events = backends(photo_decoder=decode)
    card = virtual_card(sample_document(CardType.RESIDENT), photo=bytes(1024))
    assert read_card(events, card).document == expected(card, photo_bmp=b"BM" + bytes(8))
    take_away(events, card)
    other = virtual_card(sample_document(CardType.RESIDENT), photo=b"\x01" + bytes(1023))
    document = read_card(events, other).document
    assert document == expected(other) and document is not None
    assert document.photo_bmp is None


def test_a_hall_profile_chosen_by_atr(backends: Any, virtual_card: Any, tmp_path: Path) -> None:
    (tmp_path / "acme.toml").write_text(
        FINGERPRINT_PROFILE.replace('name = "ffb0-fingerprint"', 'name = "acme"')
        .replace("FF B0", "80 CA")
        .replace("priority = 10", '[match]\natr = "3B 88 80 01 4F 57 *"'),
        encoding="utf-8",
    )
    profiles = load_profiles(tmp_path)
    acme = profiles[0]
    assert acme.name == "acme"
    _, events = backends(profiles=profiles)
    card = virtual_card(sample_document(CardType.FOREIGNER_2017), profile=acme)
    assert read_card(events, card).document == expected(card)
    assert {a[:2] for a in card.apdus()} == {bytes.fromhex("80CA")}
    take_away(events, card)
    other_atr = virtual_card(sample_document(CardType.RESIDENT), atr=bytes.fromhex("3B00"))
    assert read_card(events, other_atr).document == expected(other_atr)  # the default profile


def test_no_profile_fits_the_card(backends: Any, virtual_card: Any) -> None:
    picky = dataclasses.replace(load_profiles()[0], name="picky", atr_pattern=AtrPattern("3B FF *"))
    _, events = backends(profiles=[picky])
    virtual_card(sample_document(CardType.RESIDENT)).insert()
    invalid = events.wait_for(S.INVALID_CARD, READER_0)
    assert invalid.error is not None and invalid.error.code is CardErrorCode.UNKNOWN_CARD
    assert DEFAULT_ATR.hex(" ").upper() in str(invalid.error)


def test_bad_constructor_arguments() -> None:
    with pytest.raises(ValueError, match="regular expression"):
        PcscReaderBackend("re:(")
    with pytest.raises(ValueError, match="positive"):
        PcscReaderBackend(poll_interval=0)
    with pytest.raises(ValueError, match="vendor profile"):
        PcscReaderBackend(profiles=[])


# ---- the APDU exchange without a daemon -----------------------------------------------------


class ScriptedTransmit:
    def __init__(self, answers: dict[bytes, list[bytes]]) -> None:
        self.answers = answers
        self.sent: list[bytes] = []

    def __call__(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        return self.answers[apdu].pop(0)


def test_exchange_follows_61xx_and_6cxx() -> None:
    transmit = ScriptedTransmit(
        {
            bytes.fromhex("FFB0010000"): [bytes.fromhex("6CFC")],
            bytes.fromhex("FFB00100FC"): [b"\x01" * 10 + bytes.fromhex("61F2")],
            bytes.fromhex("00C00000F2"): [b"\x02" * 242 + bytes.fromhex("9000")],
        }
    )
    data, sw = exchange(transmit, bytes.fromhex("FFB0010000"))
    assert sw == 0x9000 and data == b"\x01" * 10 + b"\x02" * 242
    step = ApduStep(bytes.fromhex("FFB0010000"), 252)
    transmit.answers[bytes.fromhex("FFB0010000")] = [b"\x03" * 252 + b"\x90\x00"]
    assert read_step(transmit, step, what="photo") == b"\x03" * 252


def test_exchange_gives_up_on_endless_61xx() -> None:
    class Endless:
        calls = 0

        def __call__(self, apdu: bytes) -> bytes:
            self.calls += 1
            return b"\x00" + bytes.fromhex("6101")

    endless = Endless()
    with pytest.raises(CardReadError) as caught:
        exchange(endless, bytes.fromhex("FFB0000000"))
    assert caught.value.code is CardErrorCode.BAD_RESPONSE
    assert endless.calls < 400


@pytest.mark.parametrize(
    ("command", "le", "result"),
    [
        ("FFB00000", 0x10, "FFB0000010"),
        ("FFB0000000", 0x10, "FFB0000010"),
        ("00A4040002AABB", 0x10, "00A4040002AABB10"),
        ("00A4040002AABB00", 0x10, "00A4040002AABB10"),
    ],
)
def test_with_le(command: str, le: int, result: str) -> None:
    assert with_le(bytes.fromhex(command), le) == bytes.fromhex(result)


# ---- the supervisor without a daemon --------------------------------------------------------


class FlakyApi(PcscApi):
    def __init__(self, failures: int) -> None:  # no pyscard needed
        self.failures = failures
        self.attempts = 0
        self.released: list[int] = []

    def establish(self) -> int:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise PcscError(Rc.E_NO_SERVICE, "SCardEstablishContext")
        return 100 + self.attempts

    def release(self, context: int) -> None:
        self.released.append(context)


def test_the_supervisor_retries_every_interval() -> None:
    now = [0.0]
    api = FlakyApi(failures=2)
    sup = ContextSupervisor(api, retry_interval=1.0, clock=lambda: now[0])
    assert sup.ensure() is None and api.attempts == 1
    assert sup.last_error is not None and sup.last_error.rc == Rc.E_NO_SERVICE
    now[0] = 0.5
    assert sup.ensure() is None and api.attempts == 1  # not yet
    assert sup.seconds_until_retry() == pytest.approx(0.5)
    now[0] = 1.0
    assert sup.ensure() is None and api.attempts == 2
    now[0] = 2.0
    assert sup.ensure() == 103 and sup.last_error is None
    now[0] = 5.0
    sup.lost(PcscError(Rc.F_COMM_ERROR, "SCardGetStatusChange"))
    assert api.released == [103]
    assert sup.ensure() == 104  # a context that lived long: retried at once
    sup.lost()
    assert sup.ensure() is None  # died at once: wait an interval rather than spin
    now[0] = 6.0
    assert sup.ensure() == 105
