"""The Qt face of a reader backend: its events become signals on the GUI thread.

A backend calls its sink from its own worker thread. :meth:`ReaderAdapter._sink` does nothing
there but emit a private signal carrying the event; the adapter lives on the GUI thread, so Qt
queues that signal and :meth:`ReaderAdapter._on_event` runs on the GUI thread, where the public
signals are emitted. No widget is ever touched from a backend thread.

    adapter = ReaderAdapter(backend, parent=window)
    adapter.sig_card_read.connect(window._on_card_read)
    status.bind(adapter)
    adapter.start()
    ...
    adapter.stop()  # at close
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal, Slot

from devices.idcard.document import IdentityDocument
from devices.reader import ReaderBackend, ReaderEvent, ReaderState

__all__ = ["ReaderAdapter"]

log = logging.getLogger(__name__)


class ReaderAdapter(QObject):
    """Runs ``backend`` and re-emits its events as signals on the GUI thread.

    Signals (always on the thread that owns the adapter, the GUI thread):

    * ``sig_state_changed(state, reader)``: every event; ``state`` is a
      :class:`~devices.reader.ReaderState` value, ``reader`` the reader's name;
    * ``sig_card_read(document)``: a read finished (an :class:`IdentityDocument`);
    * ``sig_read_failed(code, message)``: an event carried an error (an invalid card, a card
      pulled mid-read, a lost reader, …); ``code`` is a ``CardErrorCode`` value. Emitted after
      the ``sig_state_changed`` of the same event.
    """

    sig_state_changed = Signal(str, str)
    sig_card_read = Signal(object)
    sig_read_failed = Signal(str, str)
    #: Private: carries a ReaderEvent from the backend's thread to the adapter's.
    _sig_event = Signal(object)

    def __init__(self, backend: ReaderBackend, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._running = False
        self._state: ReaderState | None = None
        self._reader = ""
        #: Events emitted by a run that has been stopped are dropped, not delivered late.
        self._generation = 0
        self._sig_event.connect(self._on_event, Qt.ConnectionType.QueuedConnection)

    # ---- public ------------------------------------------------------------------------------

    @property
    def backend(self) -> ReaderBackend:
        return self._backend

    @property
    def is_demo(self) -> bool:
        """True for the demo reader (its cards are synthetic)."""
        return self._backend.name == "demo"

    @property
    def is_running(self) -> bool:
        return self._running

    @property
    def state(self) -> ReaderState | None:
        """The last state reported (None before the first event)."""
        return self._state

    @property
    def reader(self) -> str:
        return self._reader

    def start(self) -> None:
        """Start the backend; its events arrive as signals from now on."""
        if self._running:
            return
        self._generation += 1
        generation = self._generation
        self._running = True
        try:
            self._backend.start(lambda event: self._sink(generation, event))
        except Exception:
            self._running = False
            raise

    def stop(self) -> None:
        """Stop the backend (blocks until its worker ends); later events are dropped."""
        if not self._running:
            return
        self._running = False
        self._generation += 1
        self._backend.stop()

    # ---- the backend's thread ----------------------------------------------------------------

    def _sink(self, generation: int, event: ReaderEvent) -> None:
        """Called on the backend's thread: only hands the event over to the GUI thread."""
        try:
            self._sig_event.emit((generation, event))
        except RuntimeError:  # the adapter's C++ object is gone (window closed)
            log.debug("reader event after the adapter was deleted: %s", event.state)

    # ---- the GUI thread ----------------------------------------------------------------------

    @Slot(object)
    def _on_event(self, item: tuple[int, ReaderEvent]) -> None:
        generation, event = item
        if generation != self._generation:
            return
        self._state = event.state
        self._reader = event.reader
        self.sig_state_changed.emit(event.state.value, event.reader)
        if event.state is ReaderState.READ_DONE and isinstance(event.document, IdentityDocument):
            self.sig_card_read.emit(event.document)
        if event.error is not None:
            self.sig_read_failed.emit(event.error.code.value, str(event.error))
