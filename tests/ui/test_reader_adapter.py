"""The reader adapter delivers events on the GUI thread; the status widget puts them in words."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QThread, QTranslator
from PySide6.QtWidgets import QApplication

from desktop.domain.identity import make_citizen_number
from devices.demo import DEMO_READER_NAME, DemoReaderBackend
from devices.idcard.document import CardType, IdentityDocument
from devices.idcard.errors import CardErrorCode, CardReadError
from devices.reader import EventSink, ReaderEvent, ReaderInfo, ReaderState
from ui.i18n import qm_path
from ui.i18n.build import release
from ui.reader.adapter import ReaderAdapter
from ui.reader.status_widget import GREEN, GREY, RED, ReaderStatusWidget
from ui.reader.texts import card_error_text, reader_state_text

BIRTH = date(1990, 7, 1)
CARD = IdentityDocument(
    card_type=CardType.RESIDENT,
    name="王小明",
    sex="1",
    birth_date=BIRTH,
    id_number=make_citizen_number("440306", BIRTH, 11),
    valid_from=date(2016, 7, 1),
    valid_to=date(2036, 7, 1),
    authority="深圳市公安局宝安分局",
    address="广东省深圳市宝安区新安街道海旺社区海旺北四巷4号",
    ethnicity="01",
    nationality="CHN",
)


class FakeBackend:
    """A backend whose events the test sends from a plain Python thread."""

    def __init__(self, name: str = "pcsc") -> None:
        self.name = name
        self.sink: EventSink | None = None
        self.stopped = False

    def list_readers(self) -> list[ReaderInfo]:
        return [ReaderInfo("Fake Reader 00", self.name)]

    def start(self, sink: EventSink) -> None:
        self.sink = sink

    def stop(self) -> None:
        self.stopped = True

    def read_once(self, *, timeout: float = 10.0, fingerprint: bool = False) -> IdentityDocument:
        raise CardReadError(CardErrorCode.NO_CARD, "no card")

    def emit_from_thread(self, *events: ReaderEvent) -> None:
        """Send ``events`` from a new plain thread (not a QThread), and wait for it."""
        sink = self.sink
        assert sink is not None

        def run() -> None:
            for event in events:
                sink(event)

        thread = threading.Thread(target=run, name="fake-reader")
        thread.start()
        thread.join(5)


class Received:
    """A slot that records its arguments with the thread it ran on."""

    def __init__(self) -> None:
        self.calls: list[tuple[object, ...]] = []
        self.on_gui_thread: list[bool] = []

    def __call__(self, *args: object) -> None:
        self.calls.append(args)
        app = QApplication.instance()
        assert app is not None
        self.on_gui_thread.append(
            QThread.currentThread() == app.thread()
            and threading.get_ident() == threading.main_thread().ident
        )


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[None]:
    release(["zh_CN"])  # the .qm from the current .ts
    translator = QTranslator()
    assert translator.load(str(qm_path("zh_CN")))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


# ---- the adapter -----------------------------------------------------------------------------


def test_events_from_another_thread_arrive_as_signals_on_the_gui_thread(qtbot) -> None:
    backend = FakeBackend()
    adapter = ReaderAdapter(backend)
    states, cards, failures = Received(), Received(), Received()
    adapter.sig_state_changed.connect(states)
    adapter.sig_card_read.connect(cards)
    adapter.sig_read_failed.connect(failures)
    adapter.start()
    assert adapter.is_running and not adapter.is_demo

    bad = CardReadError(CardErrorCode.BAD_FLAG, "Unknown card type flag")
    with qtbot.waitSignal(adapter.sig_read_failed, timeout=5000):
        backend.emit_from_thread(
            ReaderEvent(ReaderState.READER_READY, "Fake Reader 00"),
            ReaderEvent(ReaderState.READING, "Fake Reader 00"),
            ReaderEvent(ReaderState.READ_DONE, "Fake Reader 00", document=CARD),
            ReaderEvent(ReaderState.INVALID_CARD, "Fake Reader 00", error=bad),
        )
    assert states.calls == [
        ("reader_ready", "Fake Reader 00"),
        ("reading", "Fake Reader 00"),
        ("read_done", "Fake Reader 00"),
        ("invalid_card", "Fake Reader 00"),
    ]
    assert cards.calls == [(CARD,)]
    assert failures.calls == [("card.bad_flag", "Unknown card type flag")]
    assert all(states.on_gui_thread + cards.on_gui_thread + failures.on_gui_thread)
    assert adapter.state is ReaderState.INVALID_CARD and adapter.reader == "Fake Reader 00"

    adapter.stop()
    assert backend.stopped and not adapter.is_running


def test_events_after_stop_are_dropped(qtbot) -> None:
    backend = FakeBackend()
    adapter = ReaderAdapter(backend)
    states = Received()
    adapter.sig_state_changed.connect(states)
    adapter.start()
    sink = backend.sink
    with qtbot.waitSignal(adapter.sig_state_changed, timeout=5000):
        backend.emit_from_thread(ReaderEvent(ReaderState.READER_READY, "r"))
    adapter.stop()
    backend.sink = sink
    backend.emit_from_thread(ReaderEvent(ReaderState.READER_LOST, "r"))
    # A marker event of a new run proves the queue was processed past the stale event.
    adapter.start()
    with qtbot.waitSignal(adapter.sig_state_changed, timeout=5000):
        backend.emit_from_thread(ReaderEvent(ReaderState.NO_READER, ""))
    assert [c[0] for c in states.calls] == ["reader_ready", "no_reader"]
    adapter.stop()


def test_the_demo_reader_through_the_adapter(qtbot) -> None:
    backend = DemoReaderBackend([CARD], interval=0.01)
    adapter = ReaderAdapter(backend)
    cards = Received()
    adapter.sig_card_read.connect(cards)
    with qtbot.waitSignal(adapter.sig_state_changed, timeout=5000) as ready:
        adapter.start()
    try:
        assert ready.args == ["reader_ready", DEMO_READER_NAME]
        assert adapter.is_demo
        with qtbot.waitSignal(adapter.sig_card_read, timeout=5000):
            backend.tap()
        [(document,)] = cards.calls
        assert isinstance(document, IdentityDocument)
        assert document.demo and document.id_number == CARD.id_number
        assert cards.on_gui_thread == [True]
    finally:
        adapter.stop()
    assert not any(t.name == "demo-reader" for t in threading.enumerate())


# ---- the status widget -----------------------------------------------------------------------

ZH_STATE_TEXTS = {
    None: "读卡器未启动",
    ReaderState.NO_READER: "未连接读卡器",
    ReaderState.READER_READY: "请放置身份证",
    ReaderState.CARD_PRESENT: "检测到证件…",
    ReaderState.READING: "正在读卡…",
    ReaderState.READ_DONE: "读卡完成",
    ReaderState.CARD_REMOVED: "证件已移开",
    ReaderState.READER_LOST: "读卡器已断开",
    ReaderState.SERVICE_UNAVAILABLE: "读卡服务未运行，请联系技术支持",
}


@pytest.mark.parametrize("state", list(ZH_STATE_TEXTS))
def test_each_state_in_chinese(qtbot, zh: None, state: ReaderState | None) -> None:
    widget = ReaderStatusWidget()
    qtbot.addWidget(widget)
    widget.show_state(state.value if state is not None else None, "Reader 0")
    assert widget.text == ZH_STATE_TEXTS[state]


def test_every_state_and_error_code_has_a_chinese_text(qapp: QApplication, zh: None) -> None:
    texts = [reader_state_text(s.value) for s in ReaderState]
    assert len(set(texts)) == len(texts)
    reasons = {card_error_text(code.value) for code in CardErrorCode}
    assert len(reasons) == len(CardErrorCode)
    assert card_error_text("reader.something_new") == "原因不明"
    for text in [*texts, *reasons]:
        assert any("\u4e00" <= c <= "\u9fff" for c in text), text


def test_an_invalid_card_shows_its_reason(qtbot, zh: None) -> None:
    backend = FakeBackend()
    adapter = ReaderAdapter(backend)
    widget = ReaderStatusWidget()
    qtbot.addWidget(widget)
    widget.bind(adapter)
    adapter.start()
    try:
        error = CardReadError(CardErrorCode.TRUNCATED, "The text block has 100 bytes")
        with qtbot.waitSignal(adapter.sig_read_failed, timeout=5000):
            backend.emit_from_thread(ReaderEvent(ReaderState.INVALID_CARD, "r", error=error))
        assert widget.text == "无效证件：证件数据不完整"
        assert widget.colour == RED
        assert "card.truncated" in widget.toolTip()
        with qtbot.waitSignal(adapter.sig_state_changed, timeout=5000):
            backend.emit_from_thread(ReaderEvent(ReaderState.READER_READY, "r"))
        assert widget.text == "请放置身份证" and widget.colour == GREEN
        pulled = CardReadError(CardErrorCode.CARD_REMOVED, "Card was removed")
        with qtbot.waitSignal(adapter.sig_read_failed, timeout=5000):
            backend.emit_from_thread(ReaderEvent(ReaderState.CARD_REMOVED, "r", error=pulled))
        assert widget.text == "读卡未完成证件已移开，请重新放置"
    finally:
        adapter.stop()


def test_english_source_texts(qtbot) -> None:
    widget = ReaderStatusWidget()
    qtbot.addWidget(widget)
    widget.show_state(ReaderState.INVALID_CARD.value, "r", "card.bad_id_number")
    assert widget.text == "Invalid card: the identity number on the card is invalid"
    assert widget.demo_tag.text() == "DEMO"


def test_the_demo_tag_shows_for_the_demo_reader_only(qtbot, zh: None) -> None:
    demo = ReaderStatusWidget()
    real = ReaderStatusWidget()
    for widget in (demo, real):
        qtbot.addWidget(widget)
        widget.show()
    demo.bind(ReaderAdapter(DemoReaderBackend([CARD])))
    real.bind(ReaderAdapter(FakeBackend()))
    assert demo.is_demo and demo.demo_tag.isVisible()
    assert demo.demo_tag.text() == "演示 DEMO"
    assert not real.is_demo and not real.demo_tag.isVisible()
    assert demo.colour == GREY and demo.text == "读卡器未启动"
