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

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance

from ui.relay import ThreadRelay

__all__ = ["RESYNC", "ChangeFeed", "ChangeSource", "LiveFeed"]

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


class LiveFeed(ThreadRelay):
    """Runs a change source and re-emits its topic sets as ``sig_changed`` on the GUI thread.

    ``sig_changed(topics)``: a ``frozenset[str]`` of the topics changed since the last
    emission (never empty).
    """

    sig_changed = Signal(object)

    def __init__(self, source: ChangeSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source

    def start(self) -> None:
        """Start listening (the listener connects on its own thread: this does not block)."""
        self._start_run(self._source.start)

    def stop(self) -> None:
        """Stop listening: waits for the listener's thread about one poll interval, at most a
        second (a connection attempt to a server that went away ends on its own, and what it
        still delivers is dropped), so closing a station never hangs on the network."""
        self._stop_run(lambda: self._source.stop(timeout=1.0))

    @staticmethod
    def concerns(topics: Iterable[str], wanted: Iterable[str]) -> bool:
        """True when ``topics`` (as emitted) touch any of ``wanted``, or say refresh all."""
        got = set(topics)
        return RESYNC in got or not got.isdisjoint(wanted)

    def _deliver(self, item: Any) -> None:
        topics: frozenset[str] = item
        if topics:
            self.sig_changed.emit(topics)
