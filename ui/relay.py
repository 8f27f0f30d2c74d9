"""A source that delivers from its own thread, handed over to the GUI thread: the base of the
live feed (``ui.live.LiveFeed``) and of the reader adapter (``ui.reader.adapter``).

The source calls a sink from its thread; :meth:`ThreadRelay._sink` does nothing there but emit
a private signal carrying the item, which Qt queues to the relay's (the GUI) thread, where
:meth:`ThreadRelay._deliver` runs. Each run has a generation: what a stopped run still
delivers is dropped, never delivered late.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

__all__ = ["ThreadRelay"]

log = logging.getLogger(__name__)


class ThreadRelay(QObject):
    """Starts and stops a source's runs; :meth:`_deliver` gets the current run's items."""

    #: Private: carries ``(generation, item)`` from the source's thread to the relay's.
    _sig_item = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running = False
        #: Items a stopped run still delivers are dropped.
        self._generation = 0
        self._sig_item.connect(self._on_item, Qt.ConnectionType.QueuedConnection)

    @property
    def is_running(self) -> bool:
        return self._running

    def _start_run(self, start: Callable[[Callable[[Any], None]], None]) -> None:
        """``start(sink)`` a new run (nothing when one runs); a failed start is no run."""
        if self._running:
            return
        self._generation += 1
        generation = self._generation
        self._running = True
        try:
            start(lambda item: self._sink(generation, item))
        except Exception:
            self._running = False
            raise

    def _stop_run(self, stop: Callable[[], None]) -> None:
        """End the run (``stop()`` the source); what it still delivers is dropped."""
        if not self._running:
            return
        self._running = False
        self._generation += 1
        stop()

    # ---- the source's thread -----------------------------------------------------------------

    def _sink(self, generation: int, item: Any) -> None:
        try:
            self._sig_item.emit((generation, item))
        except RuntimeError:  # the relay's C++ object is gone (window closed)
            log.debug("%s: an item after the object was deleted: %r", type(self).__name__, item)

    # ---- the GUI thread ----------------------------------------------------------------------

    @Slot(object)
    def _on_item(self, pair: tuple[int, Any]) -> None:
        generation, item = pair
        if generation == self._generation:
            self._deliver(item)

    def _deliver(self, item: Any) -> None:
        raise NotImplementedError
