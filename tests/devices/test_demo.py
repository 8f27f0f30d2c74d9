"""The demo reader, the backend factory, and the demo card deck drawn from the registry."""

from __future__ import annotations

import dataclasses
import queue
import sys
import threading
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from desktop.demo.deck import (
    DEMO_DECK_ACTION,
    DEMO_DECK_PURPOSE,
    DemoDeckError,
    DemoRole,
    card_validity,
    demo_cards,
    demo_deck,
    police_authority,
)
from desktop.demo.seeding import seed_registry
from desktop.domain.identity import (
    make_citizen_number,
    make_foreigner_2017_number,
    make_foreigner_2023_number,
)
from desktop.domain.registry import Actor
from desktop.persistence.database import Database
from desktop.persistence.models import AuditEvent, Person, RegistryMeta
from desktop.services.audit import verify_chain
from devices.demo import DEMO_READER_NAME, DemoReaderBackend
from devices.factory import PYSCARD_FIX, create_backend
from devices.idcard.document import CardType, Finding, IdentityDocument
from devices.idcard.errors import CardErrorCode, CardReadError
from devices.idcard.textblock import build_text_block
from devices.reader import ReaderBackend, ReaderEvent, ReaderState

# ---- a hand-made deck ------------------------------------------------------------------------

BIRTH = date(1986, 5, 17)


def _deck() -> list[IdentityDocument]:
    return [
        IdentityDocument(
            card_type=CardType.RESIDENT,
            name="林晓𠮷",
            sex="2",
            birth_date=BIRTH,
            id_number=make_citizen_number("440306", BIRTH, 124),
            valid_from=date(2012, 6, 1),
            valid_to=date(2032, 6, 1),
            authority="深圳市公安局宝安分局",
            address="广东省深圳市宝安区新安街道海旺社区海旺北四巷4号",
            ethnicity="01",
            nationality="CHN",
            fingerprint=b"\x07" * 1024,
        ),
        IdentityDocument(
            card_type=CardType.HMT_PERMIT,
            name="陈家豪",
            sex="1",
            birth_date=BIRTH,
            id_number=make_citizen_number("810000", BIRTH, 37),
            valid_from=date(2024, 3, 1),
            valid_to=date(2029, 3, 1),
            authority="深圳市公安局宝安分局",
            address="广东省深圳市宝安区航城街道南昌社区南昌东一巷2号401房",
            pass_number="H12345678",
            issue_count=2,
        ),
        IdentityDocument(
            card_type=CardType.FOREIGNER_2017,
            name="SMITH, JOHN",
            english_name="SMITH, JOHN",
            sex="1",
            birth_date=BIRTH,
            id_number=make_foreigner_2017_number("USA", "4403", BIRTH, 3),
            valid_from=date(2019, 1, 1),
            valid_to=date(2029, 1, 1),
            nationality="USA",
            card_version="01",
            authority_code="4403",
        ),
        IdentityDocument(
            card_type=CardType.FOREIGNER_2023,
            name="奥利维亚·安德森",
            english_name="ANDERSON, OLIVIA",
            sex="2",
            birth_date=BIRTH,
            id_number=make_foreigner_2023_number("44", "840", BIRTH, 8),
            valid_from=date(2024, 1, 2),
            valid_to=date(2034, 1, 2),
            nationality="USA",
            issue_count=0,
        ),
    ]


def _as_read(card: IdentityDocument, *, fingerprint: bool = False) -> IdentityDocument:
    """What a read of ``card`` must give: the card itself, with the block and the demo mark."""
    return dataclasses.replace(
        card,
        raw_text=build_text_block(card),
        demo=True,
        fingerprint=card.fingerprint if fingerprint else None,
        rare_characters=tuple(c for c in card.name if ord(c) > 0xFFFF),
    )


class Events:
    """A sink that records events (with the thread they came from) for the test to wait on."""

    def __init__(self) -> None:
        self.queue: queue.Queue[ReaderEvent] = queue.Queue()
        self.threads: list[str] = []

    def __call__(self, event: ReaderEvent) -> None:
        self.threads.append(threading.current_thread().name)
        self.queue.put(event)

    def next(self, timeout: float = 5.0) -> ReaderEvent:
        return self.queue.get(timeout=timeout)

    def states(self, count: int) -> list[ReaderState]:
        return [self.next().state for _ in range(count)]


@pytest.fixture
def running() -> Iterator[tuple[DemoReaderBackend, Events]]:
    backend = DemoReaderBackend(_deck(), interval=0)
    events = Events()
    backend.start(events)
    assert events.next().state is ReaderState.READER_READY
    try:
        yield backend, events
    finally:
        backend.stop()
    assert not any(t.name == "demo-reader" for t in threading.enumerate())


# ---- the backend -----------------------------------------------------------------------------


def test_it_is_a_reader_backend_labelled_demo() -> None:
    backend = DemoReaderBackend(_deck())
    assert isinstance(backend, ReaderBackend)
    assert backend.name == "demo"
    [info] = backend.list_readers()
    assert info.name == DEMO_READER_NAME == "演示读卡器 (DEMO)"
    assert info.backend == "demo" and info.demo is True
    assert "4 synthetic cards" in info.detail


def test_read_once_returns_the_deck_in_order_exactly_as_a_reader_would() -> None:
    deck = _deck()
    backend = DemoReaderBackend(deck)
    reads = [backend.read_once(timeout=1) for _ in range(len(deck) + 1)]
    assert reads[:-1] == [_as_read(card) for card in deck]
    assert reads[-1] == reads[0]  # the deck cycles
    assert all(doc.demo for doc in reads)
    assert reads[0].rare_characters == ("𠮷",)
    assert reads[0].fingerprint is None


def test_fingerprints_only_when_asked() -> None:
    backend = DemoReaderBackend(_deck())
    doc = backend.read_once(fingerprint=True)
    assert doc.fingerprint == b"\x07" * 1024
    assert doc == _as_read(_deck()[0], fingerprint=True)


def test_a_tap_reads_the_next_card_on_the_worker_thread(
    running: tuple[DemoReaderBackend, Events],
) -> None:
    backend, events = running
    backend.tap()
    present, reading, done = (events.next() for _ in range(3))
    assert [present.state, reading.state, done.state] == [
        ReaderState.CARD_PRESENT,
        ReaderState.READING,
        ReaderState.READ_DONE,
    ]
    assert {e.reader for e in (present, reading, done)} == {DEMO_READER_NAME}
    assert done.document == _as_read(_deck()[0]) and done.error is None
    assert present.document is None and reading.document is None
    assert set(events.threads) == {"demo-reader"}


def test_a_chosen_card_replaces_the_one_on_the_reader(
    running: tuple[DemoReaderBackend, Events],
) -> None:
    backend, events = running
    backend.tap(3)
    assert events.states(3)[-1] is ReaderState.READ_DONE
    backend.tap(1)
    removed, present, reading, done = (events.next() for _ in range(4))
    assert [removed.state, present.state, reading.state] == [
        ReaderState.CARD_REMOVED,
        ReaderState.CARD_PRESENT,
        ReaderState.READING,
    ]
    assert removed.error is None
    assert done.document == _as_read(_deck()[1])
    backend.tap()  # the next after the chosen one
    after = [events.next() for _ in range(4)]
    assert after[0].state is ReaderState.CARD_REMOVED
    assert after[-1].document == _as_read(_deck()[2])


def test_remove_takes_the_card_away_once(running: tuple[DemoReaderBackend, Events]) -> None:
    backend, events = running
    backend.tap()
    events.states(3)
    backend.remove()
    assert events.next().state is ReaderState.CARD_REMOVED
    backend.remove()  # nothing lies on the reader: no event
    backend.tap()
    assert events.next().state is ReaderState.CARD_PRESENT


def test_a_broken_card_is_an_invalid_card_without_document(
    running: tuple[DemoReaderBackend, Events],
) -> None:
    backend, events = running
    backend.tap_block(b"\x00" * 100)
    states = [events.next() for _ in range(3)]
    assert [e.state for e in states[:2]] == [ReaderState.CARD_PRESENT, ReaderState.READING]
    invalid = states[2]
    assert invalid.state is ReaderState.INVALID_CARD
    assert invalid.document is None
    assert invalid.error is not None and invalid.error.code is CardErrorCode.TRUNCATED


def test_read_once_while_running_goes_through_the_worker(
    running: tuple[DemoReaderBackend, Events],
) -> None:
    backend, events = running
    doc = backend.read_once(timeout=5)
    assert doc == _as_read(_deck()[0])
    states = events.states(3)
    assert states == [ReaderState.CARD_PRESENT, ReaderState.READING, ReaderState.READ_DONE]


def test_stop_answers_a_waiting_read_at_once() -> None:
    backend = DemoReaderBackend(_deck(), interval=30)
    events = Events()
    backend.start(events)
    result: list[BaseException | IdentityDocument] = []

    def read() -> None:
        try:
            result.append(backend.read_once(timeout=60))
        except CardReadError as exc:
            result.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    states = events.states(2)
    assert states == [ReaderState.READER_READY, ReaderState.CARD_PRESENT]
    backend.stop()
    reader.join(5)
    assert not reader.is_alive()
    [error] = result
    assert isinstance(error, CardReadError) and error.code is CardErrorCode.READER_LOST


def test_a_failing_sink_does_not_stop_the_reader(caplog: pytest.LogCaptureFixture) -> None:
    seen: list[ReaderState] = []
    done = threading.Event()

    def sink(event: ReaderEvent) -> None:
        seen.append(event.state)
        if event.state is ReaderState.READ_DONE:
            done.set()
        if event.state is ReaderState.CARD_PRESENT:
            raise RuntimeError("a broken window")

    backend = DemoReaderBackend(_deck(), interval=0)
    backend.start(sink)
    try:
        backend.tap()
        assert done.wait(5)
    finally:
        backend.stop()
    assert seen[-1] is ReaderState.READ_DONE
    assert "sink failed" in caplog.text


def test_controls_need_a_running_reader_and_a_card() -> None:
    backend = DemoReaderBackend(_deck())
    with pytest.raises(RuntimeError, match="not running"):
        backend.tap()
    events = Events()
    backend.start(events)
    try:
        with pytest.raises(IndexError):
            backend.tap(4)
        with pytest.raises(RuntimeError, match="already running"):
            backend.start(events)
    finally:
        backend.stop()
    empty = DemoReaderBackend([])
    with pytest.raises(CardReadError) as err:
        empty.read_once()
    assert err.value.code is CardErrorCode.NO_CARD
    with pytest.raises(ValueError, match="interval"):
        DemoReaderBackend([], interval=-1)


# ---- the factory -----------------------------------------------------------------------------


def test_factory_builds_each_kind() -> None:
    deck = _deck()
    demo = create_backend("demo", deck=deck)
    assert isinstance(demo, DemoReaderBackend) and demo.deck == tuple(deck)
    assert create_backend("demo").list_readers()[0].demo
    serial = create_backend("serial", port="/dev/ttyONEWINDOW-NONE")
    assert serial.name == "serial"
    assert serial.list_readers() == []  # the port does not exist
    with pytest.raises(CardReadError) as err:
        serial.read_once(timeout=0.5)
    assert err.value.code is CardErrorCode.NO_READER


def test_factory_refuses_what_it_cannot_build() -> None:
    with pytest.raises(ValueError, match="port"):
        create_backend("serial")
    with pytest.raises(ValueError, match="unknown reader backend"):
        create_backend("nfc")  # type: ignore[arg-type]


def test_factory_names_the_fix_when_pyscard_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "smartcard", None)
    monkeypatch.setitem(sys.modules, "smartcard.scard", None)
    with pytest.raises(CardReadError) as err:
        create_backend("pcsc")
    assert err.value.code is CardErrorCode.SERVICE_UNAVAILABLE
    assert PYSCARD_FIX in str(err.value)
    assert "pip install 'onewindow[pcsc]'" in str(err.value)


# ---- validity and authority rules -------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "today", "expected"),
    [
        # first card at 16 for 10 years, the next at 26 for 20 years
        (date(1990, 1, 1), date(2020, 1, 1), (date(2016, 1, 1), date(2036, 1, 1), 2)),
        (date(2000, 1, 1), date(2020, 1, 1), (date(2016, 1, 1), date(2026, 1, 1), 1)),
        # at 46 the card is long-term
        (date(1960, 1, 1), date(2020, 1, 1), (date(2006, 1, 1), None, 3)),
    ],
)
def test_resident_validity_follows_the_age_at_issue(
    birth: date, today: date, expected: tuple[date, date | None, int]
) -> None:
    assert card_validity(CardType.RESIDENT, birth, today) == expected


def test_an_expired_card_is_the_last_one_that_ran_out() -> None:
    start, end, number = card_validity(
        CardType.RESIDENT, date(1990, 1, 1), date(2020, 1, 1), expired=True
    )
    assert (start, end, number) == (date(2006, 1, 1), date(2016, 1, 1), 1)
    with pytest.raises(ValueError, match="expired"):
        card_validity(CardType.RESIDENT, date(2000, 1, 1), date(2020, 1, 1), expired=True)


@pytest.mark.parametrize(
    ("region", "authority"),
    [
        ("440306", "深圳市公安局宝安分局"),
        ("110102", "北京市公安局西城分局"),
        ("430181", "浏阳市公安局"),
        ("440300", "深圳市公安局"),
        ("999999", "公安局"),
    ],
)
def test_police_authority(region: str, authority: str) -> None:
    assert police_authority(region) == authority


# ---- the demo deck from the registry ----------------------------------------------------------

ACTOR = Actor(user="test:demo", station="test-station")
CARD_TYPE_OF_ID_TYPE = {
    "citizen": CardType.RESIDENT,
    "hmt_permit": CardType.HMT_PERMIT,
    "foreigner_2017": CardType.FOREIGNER_2017,
    "foreigner_2023": CardType.FOREIGNER_2023,
}


@pytest.fixture
def seeded(sqlite_db: Database) -> Database:
    seed_registry(sqlite_db, persons=2000)
    return sqlite_db


def _persons(db: Database) -> dict[str, Person]:
    with db.begin() as s:
        return {p.id_number: p for p in s.scalars(select(Person))}


def _years(start: date, end: date) -> int:
    years = end.year - start.year
    assert end.replace(year=start.year) == start or (start.month, start.day) == (2, 29)
    return years


def test_the_deck_holds_every_card_kind_an_expired_card_and_a_stranger(seeded: Database) -> None:
    today = date.today()
    cards = demo_cards(seeded, actor=ACTOR)
    persons = _persons(seeded)
    assert len(cards) == 8
    roles = [card.role for card in cards]
    assert roles == list(DemoRole)[:8]  # every role found in a 2000-person registry
    present = {CARD_TYPE_OF_ID_TYPE[p.id_type] for p in persons.values()}
    assert {card.document.card_type for card in cards} == present == set(CardType)

    for card in cards:
        doc = card.document
        assert doc.demo and len(doc.raw_text) == 256
        assert doc.valid_from <= today
        if card.role is DemoRole.EXPIRED:
            assert Finding.EXPIRED in doc.findings(today)
            assert doc.valid_to is not None and doc.valid_to < today
        else:
            assert Finding.EXPIRED not in doc.findings(today)
        if card.role is DemoRole.NOT_IN_REGISTRY:
            assert not card.in_registry and doc.id_number not in persons
            assert doc.card_type is CardType.RESIDENT
            continue
        person = persons[doc.id_number]
        assert card.in_registry
        assert doc.birth_date == person.birth_date and doc.sex == person.sex
        if doc.card_type is CardType.FOREIGNER_2017:
            assert doc.english_name == person.name
        else:
            assert doc.name == person.name
        if doc.card_type is CardType.RESIDENT:
            assert doc.address == person.household_address
            assert doc.authority.endswith("公安局") or doc.authority.endswith("分局")
            age = (
                doc.valid_from.year
                - doc.birth_date.year
                - (
                    (doc.valid_from.month, doc.valid_from.day)
                    < (doc.birth_date.month, doc.birth_date.day)
                )
            )
            if doc.valid_to is None:
                assert age >= 46
            else:
                expected = 5 if age < 16 else 10 if age < 26 else 20
                assert _years(doc.valid_from, doc.valid_to) == expected
    by_role = {card.role: card.document for card in cards}
    assert by_role[DemoRole.HMT_PERMIT].pass_number
    assert by_role[DemoRole.FOREIGNER_2023].english_name  # "FAMILY, GIVEN" from the names
    assert by_role[DemoRole.MIGRANT].id_number in persons
    assert persons[by_role[DemoRole.MIGRANT].id_number].is_migrant


def test_the_deck_reads_back_exactly_through_the_demo_reader(seeded: Database) -> None:
    deck = demo_deck(seeded, actor=ACTOR)
    backend = DemoReaderBackend(deck)
    assert [backend.read_once() for _ in deck] == deck


def test_the_deck_is_recorded_in_the_audit_log(seeded: Database) -> None:
    demo_deck(seeded, actor=ACTOR, size=3)
    with seeded.begin() as s:
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == DEMO_DECK_ACTION))
        assert event.purpose == DEMO_DECK_PURPOSE
        assert event.actor == ACTOR.user
        assert event.detail["cards"] == 3
        assert all("*" in subject for subject in event.detail["subjects"])  # type: ignore[union-attr]
    with seeded.engine.connect() as conn:
        assert verify_chain(conn).ok


def test_size_limits_and_extends_the_deck(seeded: Database) -> None:
    assert len(demo_deck(seeded, size=2, actor=ACTOR)) == 2
    cards = demo_cards(seeded, size=12, actor=ACTOR)
    assert len(cards) == 12
    assert len({card.document.id_number for card in cards}) == 12
    assert cards[8].role is DemoRole.RARE_CHARACTER and cards[8].document.rare_characters
    with pytest.raises(DemoDeckError) as err:
        demo_deck(seeded, size=0)
    assert err.value.code == "demo.bad_size"


def test_the_same_registry_gives_the_same_deck(seeded: Database) -> None:
    assert demo_deck(seeded, actor=ACTOR) == demo_deck(seeded, actor=ACTOR)


def test_a_registry_not_marked_synthetic_is_refused(seeded: Database) -> None:
    with seeded.begin() as s:
        s.execute(update(RegistryMeta).where(RegistryMeta.key == "synthetic").values(value="false"))
    with pytest.raises(DemoDeckError, match="synthetic") as err:
        demo_deck(seeded, actor=ACTOR)
    assert err.value.code == "demo.not_synthetic"
    with seeded.begin() as s:  # nothing read, nothing recorded
        assert (
            s.scalars(select(AuditEvent).where(AuditEvent.action == DEMO_DECK_ACTION)).all() == []
        )


def test_an_empty_registry_is_refused(sqlite_db: Database) -> None:
    with pytest.raises(DemoDeckError) as err:
        demo_deck(sqlite_db)
    assert err.value.code == "demo.not_synthetic"


def test_cards_are_valid_on_the_day_asked_for(seeded: Database) -> None:
    day = date.today() + timedelta(days=400)
    for card in demo_cards(seeded, actor=ACTOR, today=day):
        expired = Finding.EXPIRED in card.document.findings(day)
        assert expired == (card.role is DemoRole.EXPIRED)
