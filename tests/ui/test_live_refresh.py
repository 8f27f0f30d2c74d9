"""The pages' live refresh (``ui.live_refresh.LiveRefresh``) on its own, with real timers: a
burst of wanted changes is one refresh, unwanted ones none, the poll is the fallback, a load
counts the poll again, and after ``stop`` nothing refreshes."""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

from PySide6.QtCore import QObject, Signal

from ui.live import LiveFeed
from ui.live_refresh import LiveRefresh, of_kinds

#: Long enough never to fire within a test: only the changes refresh.
NEVER = 600_000


class Feed(QObject):
    """The live feed's face: ``sig_changed`` carries a set of topics."""

    sig_changed = Signal(object)


class Calls:
    def __init__(self) -> None:
        self.times: list[float] = []

    def __call__(self) -> None:
        self.times.append(time.monotonic())

    @property
    def count(self) -> int:
        return len(self.times)


def test_of_kinds_wants_its_kinds_and_the_resync() -> None:
    wants = of_kinds("case", "queue")
    assert wants(frozenset({"case:2026-1"}))
    assert wants(frozenset({"printer:x", "queue:calls"}))
    assert wants(frozenset({"*"}))
    assert not wants(frozenset({"cases", "review:police", "caseX:1"}))
    assert not wants(frozenset())


def test_a_burst_of_wanted_changes_is_one_refresh(qtbot: Any) -> None:
    calls, feed = Calls(), Feed()
    live = LiveRefresh(calls, wants=of_kinds("case"), coalesce_ms=200, poll_ms=NEVER)
    live.follow(feed)
    feed.sig_changed.emit(frozenset({"review:police", "printer:x"}))  # not wanted
    feed.sig_changed.emit("case:1")  # not a set of topics: ignored
    qtbot.wait(400)
    assert calls.count == 0
    started = time.monotonic()
    for number in range(5):
        feed.sig_changed.emit(frozenset({f"case:{number}"}))
    qtbot.waitUntil(lambda: calls.count == 1, timeout=5_000)
    assert calls.times[0] - started >= 0.19  # after the coalescing wait, not at once
    qtbot.wait(500)
    assert calls.count == 1  # the burst was one refresh
    feed.sig_changed.emit(frozenset({"*"}))  # the feed lost track: refresh everything
    qtbot.waitUntil(lambda: calls.count == 2, timeout=5_000)


def test_changes_keep_coming_the_wait_runs_from_the_first_unless_debounced(qtbot: Any) -> None:
    throttled, debounced, feed = Calls(), Calls(), Feed()
    kept = [
        LiveRefresh(
            calls,
            wants=of_kinds("case"),
            coalesce_ms=300,
            poll_ms=NEVER,
            debounce=d,
            max_wait_ms=5_000,  # (the debounced one's limit is beyond this burst)
        )
        for calls, d in ((throttled, False), (debounced, True))
    ]
    for live in kept:
        live.follow(feed)
    # A change every 100 ms for 1 s: the throttled refresh comes every 300 ms or so; the
    # debounced one only after the last change.
    for _ in range(10):
        feed.sig_changed.emit(frozenset({"case:1"}))
        qtbot.wait(100)
    assert throttled.count >= 2
    assert debounced.count == 0
    qtbot.waitUntil(lambda: debounced.count == 1, timeout=5_000)


def test_the_poll_is_the_fallback_and_counts_from_the_last_load(qtbot: Any) -> None:
    calls = Calls()
    live = LiveRefresh(calls, wants=of_kinds("case"), coalesce_ms=50, poll_ms=300)
    qtbot.wait(500)
    assert calls.count == 0  # the poll runs once started (after the first load)
    live.restart_poll()
    qtbot.waitUntil(lambda: calls.count >= 2, timeout=5_000)
    # Loads every 100 ms keep the poll from firing.
    before = calls.count
    for _ in range(8):
        live.restart_poll()
        qtbot.wait(100)
    assert calls.count == before


def test_the_poll_may_call_something_else(qtbot: Any) -> None:
    changed, polled, feed = Calls(), Calls(), Feed()
    live = LiveRefresh(changed, wants=of_kinds("kiosk"), coalesce_ms=0, poll_ms=100, on_poll=polled)
    live.follow(feed)
    live.restart_poll()
    qtbot.waitUntil(lambda: polled.count >= 2, timeout=5_000)
    assert changed.count == 0
    feed.sig_changed.emit(frozenset({"kiosk:declarations"}))
    qtbot.waitUntil(lambda: changed.count == 1, timeout=5_000)


def test_wants_sees_the_page_state_and_soon_coalesces(qtbot: Any) -> None:
    calls, feed = Calls(), Feed()
    signed_in = False
    live = LiveRefresh(
        calls, wants=lambda topics: signed_in and "x" in topics, coalesce_ms=100, poll_ms=NEVER
    )
    live.follow(feed)
    feed.sig_changed.emit(frozenset({"x"}))
    qtbot.wait(300)
    assert calls.count == 0  # nobody signed in yet
    signed_in = True
    feed.sig_changed.emit(frozenset({"x"}))
    live.soon()
    live.soon()
    qtbot.waitUntil(lambda: calls.count == 1, timeout=5_000)
    qtbot.wait(300)
    assert calls.count == 1


def test_after_stop_nothing_refreshes(qtbot: Any) -> None:
    calls, feed = Calls(), Feed()
    live = LiveRefresh(calls, wants=of_kinds("case"), coalesce_ms=100, poll_ms=100)
    live.follow(feed)
    live.follow(None)  # no feed: nothing to follow
    live.restart_poll()
    feed.sig_changed.emit(frozenset({"case:1"}))  # waiting when the page goes away
    live.stop()
    assert live.is_stopped
    feed.sig_changed.emit(frozenset({"case:2"}))
    live.soon()
    live.restart_poll()
    qtbot.wait(500)
    assert calls.count == 0


def test_a_real_feed_from_the_listener_thread(qtbot: Any) -> None:
    class Source:
        def __init__(self) -> None:
            self.sink: Any = None

        def start(self, sink: Any) -> None:
            self.sink = sink

        def stop(self, timeout: float = 1.0) -> None:
            pass

    source, calls = Source(), Calls()
    feed = LiveFeed(source)
    feed.start()
    live = LiveRefresh(calls, wants=of_kinds("queue"), coalesce_ms=100, poll_ms=NEVER)
    live.follow(feed)

    def listener() -> None:  # the listener's own thread delivers, as the real one does
        for _ in range(3):
            source.sink(frozenset({"queue:calls", "queue:A"}))

    thread = threading.Thread(target=listener)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: calls.count == 1, timeout=5_000)
    qtbot.wait(300)
    assert calls.count == 1
    feed.stop()


def test_a_debounced_page_still_refreshes_under_a_steady_stream(qtbot: Any) -> None:
    """Debounced, a change restarts the wait — but a stream of changes closer together than the
    wait refreshes once per ``max_wait_ms`` (not only on the poll), and no oftener."""
    calls, feed = Calls(), Feed()
    live = LiveRefresh(
        calls,
        wants=of_kinds("review"),
        coalesce_ms=150,
        poll_ms=NEVER,
        debounce=True,
        max_wait_ms=600,
    )
    live.follow(feed)
    started = time.monotonic()
    while time.monotonic() - started < 2.0:  # a change every 50 ms for 2 s
        feed.sig_changed.emit(frozenset({"review:police"}))
        qtbot.wait(50)
    during = list(calls.times)
    assert 2 <= len(during) <= 4, during  # about one per 600 ms, not none until the end
    assert during[0] - started <= 0.9  # the first within the limit (+ a loaded machine's slack)
    gaps = [b - a for a, b in itertools.pairwise(during)]
    assert all(g >= 0.5 for g in gaps), gaps  # and no oftener
    qtbot.waitUntil(lambda: calls.count == len(during) + 1, timeout=5_000)  # the burst's tail
    live.stop()
