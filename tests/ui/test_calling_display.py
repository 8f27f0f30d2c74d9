"""The calling display: the model announces each new call once, the page shows the board, the
announcer stays quiet without a voice or a sound device, and the station polls the board
through its backend without any user session."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QApplication

from desktop.domain.queueing import HallBoard, HallCall, WaitingCount
from ui.display.announcer import Announcer, chime_file
from ui.display.model import DisplayModel, speech_text
from ui.display.page import CallingDisplay
from ui.display.scene import scene_board
from ui.main_window import MainWindow
from ui.stations.display import DisplayConfig, DisplayStation

T0 = datetime(2026, 11, 23, 1, 30, tzinfo=UTC)


def call(number: str, window: int, seconds: int = 0, recalls: int = 0) -> HallCall:
    return HallCall(number, window, number[0], T0 + timedelta(seconds=seconds), recalls)


def board(*calls: HallCall, waiting: int = 3) -> HallBoard:
    ordered = tuple(sorted(calls, key=lambda c: c.called_at, reverse=True))
    return HallBoard(ordered, (WaitingCount("A", "户籍业务", waiting),))


class FakeVoice:
    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


def test_speech_spells_the_number_and_names_the_window() -> None:
    assert speech_text(call("A005", 3)) == "请A零零五号到3号窗口办理"


def test_the_model_announces_new_calls_and_recalls_once(qapp: QApplication) -> None:
    model = DisplayModel()
    announced: list[HallCall] = []
    boards: list[HallBoard] = []
    model.sig_announce.connect(announced.append)
    model.sig_board.connect(boards.append)
    assert model.apply(board(call("A001", 1))) == []  # a restarted display: no announcement
    assert len(boards) == 1
    fresh = model.apply(board(call("A001", 1), call("A002", 2, 10), call("B001", 4, 11)))
    assert [c.number for c in fresh] == ["A002", "B001"]  # oldest first
    assert model.apply(board(call("A001", 1), call("A002", 2, 10), call("B001", 4, 11))) == []
    recalled = model.apply(board(call("A002", 2, 30, recalls=1), call("B001", 4, 11)))
    assert [(c.number, c.recalls) for c in recalled] == [("A002", 1)]
    assert [c.number for c in announced] == ["A002", "B001", "A002"]


def test_the_page_shows_the_newest_call_large_and_the_waiting_counts(
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    page = CallingDisplay("示范区政务服务中心")
    qtbot.addWidget(page)
    page.resize(1366, 768)
    assert page.idle_label.isVisibleTo(page)
    page.show_board(board(call("A004", 1), call("A005", 3, 20), waiting=12))
    assert page.number_label.text() == "A005"
    assert "3" in page.window_label.text()
    assert page.recent_rows[0][0].text() == "A004"
    assert "12" in page.waiting_labels[0].text()
    assert page.number_label.font().pixelSize() >= 150  # readable across a hall
    assert "户籍业务" in page.waiting_labels[0].text()


def test_the_english_page_names_the_queues_in_english(
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    page = CallingDisplay("Demo hall", language="en")
    qtbot.addWidget(page)
    page.show_board(
        HallBoard((call("A005", 3),), (WaitingCount("A", "户籍业务", 4, "Household registration"),))
    )
    assert "Household registration" in page.waiting_labels[0].text()
    assert "户籍" not in page.waiting_labels[0].text()


def test_no_voice_and_no_sound_device_is_quiet_not_a_crash(
    qtbot,  # type: ignore[no-untyped-def]
    caplog,  # type: ignore[no-untyped-def]
) -> None:
    quiet = Announcer(voice=None, chime=None)
    assert quiet.silent
    quiet.announce(call("A005", 3))
    quiet.announce(call("A006", 1))
    qtbot.waitUntil(lambda: len(quiet.spoken) == 2, timeout=2000)
    # Qt's own engines where the platform has them; the suite points them at no sound server
    # and no speech-dispatcher (tests/conftest.py): construction succeeds, says nothing, and
    # the log says why.
    caplog.set_level("INFO", logger="ui.display.announcer")
    default = Announcer()
    default.announce(call("A007", 2))
    assert default.spoken == ["请A零零七号到2号窗口办理"]
    assert default.silent
    assert "the calling display is silent" in caplog.text
    assert "no voice announcements" in caplog.text and "no chime" in caplog.text


def test_a_voice_says_each_call_in_turn(qtbot) -> None:  # type: ignore[no-untyped-def]
    voice = FakeVoice()
    announcer = Announcer(voice=voice, chime=None)
    announcer.announce(call("A005", 3))
    qtbot.waitUntil(lambda: voice.said == ["请A零零五号到3号窗口办理"], timeout=2000)


def test_the_chime_is_a_short_wav(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = chime_file(tmp_path)
    assert path.read_bytes()[:4] == b"RIFF" and path.stat().st_size > 20_000


class FakeBackend:
    def __init__(self) -> None:
        self.board = board(call("A001", 1))
        self.reads = 0

    def display_config(self) -> DisplayConfig:
        return DisplayConfig(hall_name="示范区政务服务中心", poll_ms=50)

    def display_board(self) -> HallBoard:
        self.reads += 1
        return self.board


def station_over(qtbot, backend: object, voice: FakeVoice | None = None) -> DisplayStation:  # type: ignore[no-untyped-def]
    """A display station in a window of its own (not full screen), saying calls to ``voice``."""
    window = MainWindow(lambda _report: None)  # type: ignore[arg-type,return-value]
    qtbot.addWidget(window)
    return DisplayStation(
        window,
        backend,  # type: ignore[arg-type]
        language="zh_CN",
        announcer=Announcer(voice=voice, chime=None),
        full_screen=False,
    )


def test_the_station_polls_the_board_and_announces_within_a_second(
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    backend = FakeBackend()
    voice = FakeVoice()
    station = station_over(qtbot, backend, voice)
    station.start()
    assert station.window.centralWidget() is station.page
    qtbot.waitUntil(lambda: station.page.number_label.text() == "A001", timeout=2000)
    backend.board = board(call("A001", 1), call("A002", 2, 5))
    qtbot.waitUntil(lambda: voice.said == ["请A零零二号到2号窗口办理"], timeout=1000)
    assert station.page.number_label.text() == "A002"
    station.close()


def test_the_scene_needs_no_backend(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(lambda _report: None)  # type: ignore[arg-type,return-value]
    qtbot.addWidget(window)
    station = DisplayStation(
        window,
        object(),
        language="zh_CN",
        scene="queue-display",  # type: ignore[arg-type]
        announcer=Announcer(voice=None, chime=None),
    )
    with qtbot.waitSignal(station.sig_scene_ready, timeout=3000) as ready:
        station.start()
    assert ready.args == [True]
    assert station.page is not None and station.page.number_label.text() == "A005"
    assert replace(scene_board(T0)).calls[0].number == "A005"


def test_a_change_of_the_queues_refreshes_at_once_and_a_missing_feed_is_no_error(
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    backend = FakeBackend()

    def no_listener() -> object:
        raise AttributeError("no live feed yet")

    backend.display_listener = no_listener  # type: ignore[attr-defined]
    station = station_over(qtbot, backend)
    station.live.poll.setInterval(60_000)  # only the feed's refreshes count here
    station.start()
    qtbot.waitUntil(lambda: backend.reads >= 1 and not station._busy, timeout=2000)
    before = backend.reads
    station.live.on_changes(frozenset({"review:GA"}))
    station.live.on_changes(frozenset({"queue:calls"}))
    qtbot.waitUntil(lambda: backend.reads == before + 1, timeout=2000)
    station.close()


class FakeSource:
    """A change listener: the test calls its sink as another station's commit would."""

    def __init__(self) -> None:
        self.sink: object = None
        self.stopped = False

    def start(self, sink: object) -> None:
        self.sink = sink

    def stop(self, timeout: float = 1.0) -> None:
        self.stopped = True


def test_the_live_feed_brings_a_call_without_waiting_for_the_poll(
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    backend = FakeBackend()
    source = FakeSource()
    backend.display_listener = lambda: source  # type: ignore[attr-defined]
    voice = FakeVoice()
    station = station_over(qtbot, backend, voice)
    station.live.poll.setInterval(60_000)  # no poll within the test: only the feed
    station.start()
    qtbot.waitUntil(lambda: source.sink is not None and not station._busy, timeout=2000)
    backend.board = board(call("A001", 1), call("A002", 2, 5))
    source.sink(frozenset({"queue:calls", "queue:A"}))  # type: ignore[operator]
    qtbot.waitUntil(lambda: voice.said == ["请A零零二号到2号窗口办理"], timeout=2000)
    station.close()
    assert source.stopped
