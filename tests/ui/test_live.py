"""The live feed's Qt adapter delivers the listener's topic sets on the GUI thread."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from collections.abc import Callable

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from desktop.persistence.database import Database
from desktop.services.changes import ChangeListener, publish
from ui.live import LiveFeed


class FakeSource:
    """A listener whose sets the test sends from a plain Python thread."""

    def __init__(self) -> None:
        self.sink: Callable[[frozenset[str]], None] | None = None
        self.stopped = 0

    def start(self, sink: Callable[[frozenset[str]], None]) -> None:
        self.sink = sink

    def stop(self, timeout: float = 5.0) -> None:
        self.stopped += 1

    def send_from_thread(self, topics: frozenset[str]) -> None:
        assert self.sink is not None
        sink = self.sink
        thread = threading.Thread(target=lambda: sink(topics))
        thread.start()
        thread.join()


def test_topics_from_another_thread_arrive_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    source = FakeSource()
    feed = LiveFeed(source)
    threads: list[QThread] = []
    got: list[frozenset[str]] = []
    feed.sig_changed.connect(lambda t: (threads.append(QThread.currentThread()), got.append(t)))
    feed.start()
    with qtbot.waitSignal(feed.sig_changed, timeout=5000):
        source.send_from_thread(frozenset({"review:GA", "case:X1"}))
    assert got == [frozenset({"review:GA", "case:X1"})]
    app = QApplication.instance()
    assert app is not None and threads == [app.thread()]
    feed.stop()
    assert source.stopped == 1 and not feed.is_running


def test_sets_a_stopped_run_still_delivers_are_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    source = FakeSource()
    feed = LiveFeed(source)
    got: list[frozenset[str]] = []
    feed.sig_changed.connect(got.append)
    feed.start()
    old_sink = source.sink
    feed.stop()
    feed.start()
    assert old_sink is not None
    threading.Thread(target=lambda: old_sink(frozenset({"case:LATE"}))).start()
    with qtbot.waitSignal(feed.sig_changed, timeout=5000):
        source.send_from_thread(frozenset({"case:NEW"}))
    qtbot.wait(50)
    assert got == [frozenset({"case:NEW"})]
    feed.stop()


def test_concerns() -> None:
    assert LiveFeed.concerns({"review:GA", "case:1"}, {"review:GA", "review:SF"})
    assert not LiveFeed.concerns({"review:ZJ"}, {"review:GA"})
    assert LiveFeed.concerns({"*"}, {"review:GA"})


def test_a_commit_reaches_the_window_through_the_real_listener(  # type: ignore[no-untyped-def]
    qtbot, sqlite_db: Database
) -> None:
    listener = ChangeListener(sqlite_db)
    feed = LiveFeed(listener)
    feed.start()
    try:
        assert listener.wait_ready(10)
        with (
            qtbot.waitSignal(feed.sig_changed, timeout=3000) as blocker,
            sqlite_db.engine.begin() as conn,
        ):
            publish(conn, "cases", "review:SF")
        assert blocker.args == [frozenset({"cases", "review:SF"})]
    finally:
        feed.stop()
    assert not listener.running
