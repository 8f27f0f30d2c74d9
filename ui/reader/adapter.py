"""The Qt face of a reader backend: its events become signals on the GUI thread.

A backend calls its sink from its own worker thread; the adapter (a :class:`ui.relay.ThreadRelay`)
does nothing there but hand the event over to the GUI thread, where the public signals are
emitted. No widget is ever touched from a backend thread.

    adapter = ReaderAdapter(backend, parent=window)
    adapter.sig_card_read.connect(window._on_card_read)
    status.bind(adapter)
    adapter.start()
    ...
    adapter.stop()  # at close
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from devices.idcard.document import IdentityDocument
from devices.reader import ReaderBackend, ReaderEvent, ReaderState
from ui.relay import ThreadRelay

__all__ = ["ReaderAdapter"]


class ReaderAdapter(ThreadRelay):
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

    def __init__(self, backend: ReaderBackend, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._state: ReaderState | None = None
        self._reader = ""

    @property
    def backend(self) -> ReaderBackend:
        return self._backend

    @property
    def is_demo(self) -> bool:
        """True for the demo reader (its cards are synthetic)."""
        return self._backend.name == "demo"

    @property
    def state(self) -> ReaderState | None:
        """The last state reported (None before the first event)."""
        return self._state

    @property
    def reader(self) -> str:
        return self._reader

    def start(self) -> None:
        """Start the backend; its events arrive as signals from now on."""
        self._start_run(self._backend.start)

    def stop(self) -> None:
        """Stop the backend (blocks until its worker ends); later events are dropped."""
        self._stop_run(self._backend.stop)

    # ---- the GUI thread ----------------------------------------------------------------------

    def _deliver(self, item: Any) -> None:
        event: ReaderEvent = item
        self._state = event.state
        self._reader = event.reader
        self.sig_state_changed.emit(event.state.value, event.reader)
        if event.state is ReaderState.READ_DONE and isinstance(event.document, IdentityDocument):
            self.sig_card_read.emit(event.document)
        if event.error is not None:
            self.sig_read_failed.emit(event.error.code.value, str(event.error))
