"""The Qt face of the hall's live updates: what other stations changed, as a signal on the GUI
thread.

The core's :class:`desktop.services.changes.ChangeListener` calls a sink from its own thread
with a set of topics (``case:<number>``, ``cases``, ``review:<department>``, ``*`` for
"refresh everything"), already coalesced. :class:`LiveFeed` only hands that set over to the
GUI thread and re-emits it; it knows the listener through the :class:`ChangeSource` protocol,
so no database code is imported here (the station's backend builds the listener).

    feed = LiveFeed(source, parent=window)
    feed.sig_changed.connect(window.on_changed)   # frozenset[str]
    feed.start()
    ...
    feed.stop()  # when the station closes (also on the object's destruction by its parent)

A station that shows a department's queue refreshes on ``review:<its departments>``; anything
showing a case refreshes on ``case:<its number>``; every view refreshes on ``*``
(:meth:`LiveFeed.concerns` tells).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance, Slot

__all__ = ["RESYNC", "ChangeFeed", "ChangeSource", "LiveFeed"]

log = logging.getLogger(__name__)

#: The topic meaning "the listener lost track: refresh everything" (same as the core's).
RESYNC = "*"


class ChangeSource(Protocol):
    """What :class:`LiveFeed` needs of a listener (``ChangeListener`` satisfies it)."""

    def start(self, sink: Callable[[frozenset[str]], None]) -> None: ...

    def stop(self, timeout: float = ...) -> None: ...


class ChangeFeed(Protocol):
    """What a page that follows the live feed needs of it: ``sig_changed``, a frozenset of
    topics (:class:`LiveFeed` is one; tests hand in a QObject with that signal)."""

    @property
    def sig_changed(self) -> SignalInstance: ...


class LiveFeed(QObject):
    """Runs a change source and re-emits its topic sets as ``sig_changed`` on the GUI thread.

    ``sig_changed(topics)``: a ``frozenset[str]`` of the topics changed since the last
    emission (never empty).
    """

    sig_changed = Signal(object)
    #: Private: carries a topic set from the listener's thread to the feed's.
    _sig_topics = Signal(object)

    def __init__(self, source: ChangeSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._running = False
        #: Sets a stopped run still delivers are dropped.
        self._generation = 0
        self._sig_topics.connect(self._on_topics, Qt.ConnectionType.QueuedConnection)

    @property
    def is_running(self) -> bool:
        return self._running

    def start(self) -> None:
        """Start listening (the listener connects on its own thread: this does not block)."""
        if self._running:
            return
        self._generation += 1
        generation = self._generation
        self._running = True
        try:
            self._source.start(lambda topics: self._sink(generation, topics))
        except Exception:
            self._running = False
            raise

    def stop(self) -> None:
        """Stop listening: waits for the listener's thread about one poll interval, at most a
        second (a connection attempt to a server that went away ends on its own, and what it
        still delivers is dropped), so closing a station never hangs on the network."""
        if not self._running:
            return
        self._running = False
        self._generation += 1
        self._source.stop(timeout=1.0)

    @staticmethod
    def concerns(topics: Iterable[str], wanted: Iterable[str]) -> bool:
        """True when ``topics`` (as emitted) touch any of ``wanted``, or say refresh all."""
        got = set(topics)
        return RESYNC in got or not got.isdisjoint(wanted)

    # ---- the listener's thread ---------------------------------------------------------------

    def _sink(self, generation: int, topics: frozenset[str]) -> None:
        try:
            self._sig_topics.emit((generation, topics))
        except RuntimeError:  # the feed's C++ object is gone (window closed)
            log.debug("live update after the feed was deleted: %s", sorted(topics))

    # ---- the GUI thread ----------------------------------------------------------------------

    @Slot(object)
    def _on_topics(self, item: tuple[int, frozenset[str]]) -> None:
        generation, topics = item
        if generation == self._generation and topics:
            self.sig_changed.emit(topics)
