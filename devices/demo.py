"""The demo reader: a deck of synthetic cards, "tapped" on command, read through the real path.

For training, demonstrations and development without hardware. Everything about it says DEMO:
its one reader is named :data:`DEMO_READER_NAME`, :class:`~devices.reader.ReaderInfo` has
``demo=True`` and every document it produces has ``demo=True``.

A card of the deck is *not* handed out as it is: the backend builds the card's 256-byte text
block (:func:`~devices.idcard.textblock.build_text_block`) and parses it back with
:func:`~devices.idcard.textblock.parse_text_block`, exactly as a real reader's bytes are parsed,
so a demo read is what a real read of such a card produces (checks, rare characters, region
warning, ``raw_text``). :meth:`DemoReaderBackend.tap_block` presents raw bytes instead, to show
what a broken or unknown card does.

Events come from the backend's own worker thread, like every backend's::

    READER_READY                                   (start)
    CARD_PRESENT → READING → READ_DONE | INVALID_CARD   (tap / tap_block)
    CARD_REMOVED                                   (remove, or the next tap while a card lies)

``interval`` is the pause between two steps of a read, so a window shows each state as it would
with a real reader (a real read takes about a second).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from devices.idcard.document import IdentityDocument
from devices.idcard.errors import CardErrorCode, CardReadError
from devices.idcard.textblock import build_text_block, parse_text_block
from devices.reader import EventSink, ReaderEvent, ReaderInfo, ReaderState

__all__ = ["DEMO_READER_NAME", "DemoReaderBackend"]

_log = logging.getLogger(__name__)

#: The demo reader's name, as every list and status shows it.
DEMO_READER_NAME: Final = "演示读卡器 (DEMO)"
#: Default pause between the steps of a read, in seconds.
DEFAULT_INTERVAL: Final = 0.3


@dataclass(slots=True, eq=False)
class _Read:
    """What a tap asks the worker to do, and (for read_once) where the result goes."""

    index: int | None = None  # a card of the deck (None with ``block``)
    block: bytes | None = None  # raw bytes in place of a deck card
    fingerprint: bool = False
    done: threading.Event = field(default_factory=threading.Event)
    document: IdentityDocument | None = None
    error: CardReadError | None = None


@dataclass(frozen=True, slots=True)
class _Remove:
    pass


class DemoReaderBackend:
    """A :class:`~devices.reader.ReaderBackend` over a deck of synthetic cards.

    ``deck``: the cards, in order (an empty deck is allowed: the reader is listed, but a tap
    or a read raises ``NO_CARD``). ``interval``: seconds between the steps of a read.

    :meth:`tap` presents the next card of the deck (cycling) or a chosen one, :meth:`remove`
    takes it away; both return at once and work only while the backend runs. :meth:`read_once`
    reads the next card (through the worker when it runs, its events going to the sink).
    """

    name = "demo"

    def __init__(
        self, deck: Sequence[IdentityDocument], *, interval: float = DEFAULT_INTERVAL
    ) -> None:
        if interval < 0:
            raise ValueError("interval must not be negative")
        self._deck: tuple[IdentityDocument, ...] = tuple(deck)
        self.interval = interval
        self._lock = threading.Lock()  # guards _next, _thread, _commands, _sink, _stop
        self._next = 0
        self._thread: threading.Thread | None = None
        self._commands: queue.SimpleQueue[_Read | _Remove | None] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._sink: EventSink | None = None
        self._card_present = False  # worker only

    # ---- the deck ----------------------------------------------------------------------------

    @property
    def deck(self) -> tuple[IdentityDocument, ...]:
        return self._deck

    def _take_index(self, index: int | None) -> int:
        with self._lock:
            if not self._deck:
                raise CardReadError(CardErrorCode.NO_CARD, "The demo deck holds no cards.")
            if index is None:
                index = self._next
            elif not -len(self._deck) <= index < len(self._deck):
                raise IndexError(f"the demo deck has {len(self._deck)} cards, not {index + 1}")
            index %= len(self._deck)
            self._next = (index + 1) % len(self._deck)
            return index

    def _read_card(
        self, index: int | None, block: bytes | None, fingerprint: bool
    ) -> IdentityDocument:
        """The real path: the card's text block, parsed like a reader's answer."""
        if block is not None:
            return parse_text_block(block, demo=True)
        assert index is not None
        card = self._deck[index]
        try:
            text = build_text_block(card)
        except ValueError as exc:  # a deck card that no real card could hold
            raise CardReadError(
                CardErrorCode.BAD_FIELD, f"demo card {index + 1} cannot be written: {exc}"
            ) from exc
        return parse_text_block(
            text,
            photo=card.raw_photo,
            photo_bmp=card.photo_bmp,
            fingerprint=card.fingerprint if fingerprint else None,
            demo=True,
        )

    # ---- the ReaderBackend protocol ----------------------------------------------------------

    @property
    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive() and not self._stop.is_set()

    def list_readers(self) -> list[ReaderInfo]:
        return [
            ReaderInfo(
                name=DEMO_READER_NAME,
                backend=self.name,
                detail=f"{len(self._deck)} synthetic cards, no hardware",
                demo=True,
            )
        ]

    def start(self, sink: EventSink) -> None:
        with self._lock:
            if self.running:
                raise RuntimeError("the demo reader backend is already running")
            self._sink = sink
            self._stop = threading.Event()
            self._commands = queue.SimpleQueue()
            self._card_present = False
            self._thread = threading.Thread(
                target=self._run,
                args=(self._stop, self._commands),
                name="demo-reader",
                daemon=True,
            )
            self._thread.start()

    def stop(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
            self._stop.set()
            self._commands.put(None)
        if thread is not None and thread is not threading.current_thread():
            thread.join(5.0)
            if thread.is_alive():  # pragma: no cover - a sink that blocks
                _log.warning("the demo reader worker did not stop within 5 s")
        with self._lock:
            self._sink = None

    def read_once(self, *, timeout: float = 10.0, fingerprint: bool = False) -> IdentityDocument:
        """The next card of the deck. While the backend runs, the worker "taps" it (the sink
        sees the events) and this call waits up to ``timeout`` seconds for the read."""
        index = self._take_index(None)
        if not self.running:
            return self._read_card(index, None, fingerprint)
        request = _Read(index=index, fingerprint=fingerprint)
        self._commands.put(request)
        if not request.done.wait(timeout):
            raise CardReadError(CardErrorCode.TIMEOUT, "the demo reader did not read in time")
        if request.error is not None:
            raise request.error
        assert request.document is not None
        return request.document

    # ---- demo controls -----------------------------------------------------------------------

    def tap(self, index: int | None = None) -> None:
        """Lay a card on the reader: the next of the deck, or card ``index`` (0-based).

        A card still lying on the reader is removed first. Raises :class:`CardReadError`
        (``NO_CARD``) for an empty deck, :class:`IndexError` for an index outside it and
        :class:`RuntimeError` when the backend is not running.
        """
        self._require_running()
        self._commands.put(_Read(index=self._take_index(index)))

    def tap_block(self, block: bytes) -> None:
        """Lay a card whose reader hands over ``block`` (e.g. a damaged or unknown card)."""
        self._require_running()
        self._commands.put(_Read(block=bytes(block)))

    def remove(self) -> None:
        """Take the card off the reader (nothing happens when none lies there)."""
        self._require_running()
        self._commands.put(_Remove())

    def _require_running(self) -> None:
        if not self.running:
            raise RuntimeError("the demo reader is not running (call start first)")

    # ---- the worker --------------------------------------------------------------------------

    def _emit(
        self,
        state: ReaderState,
        *,
        document: IdentityDocument | None = None,
        error: CardReadError | None = None,
    ) -> None:
        sink = self._sink
        if sink is None:
            return
        try:
            sink(ReaderEvent(state, DEMO_READER_NAME, document=document, error=error))
        except Exception:
            _log.exception("the reader event sink failed on %s", state)

    def _run(
        self, stop: threading.Event, commands: queue.SimpleQueue[_Read | _Remove | None]
    ) -> None:
        self._emit(ReaderState.READER_READY)
        while not stop.is_set():
            command = commands.get()
            if command is None or stop.is_set():
                _abandon(command)
                break
            try:
                if isinstance(command, _Remove):
                    self._take_away()
                else:
                    self._present(command, stop)
            except Exception as exc:  # a bug here must not kill the worker silently
                _log.exception("the demo reader failed")
                if isinstance(command, _Read):
                    command.error = CardReadError(CardErrorCode.READ_FAILED, str(exc))
                    command.done.set()
        while True:  # read_once calls still queued get an answer, not a timeout
            try:
                _abandon(commands.get_nowait())
            except queue.Empty:
                break

    def _take_away(self) -> None:
        if self._card_present:
            self._card_present = False
            self._emit(ReaderState.CARD_REMOVED)

    def _present(self, request: _Read, stop: threading.Event) -> None:
        self._take_away()
        self._card_present = True
        self._emit(ReaderState.CARD_PRESENT)
        if stop.wait(self.interval):
            _abandon(request)
            return
        self._emit(ReaderState.READING)
        if stop.wait(self.interval):
            _abandon(request)
            return
        try:
            document = self._read_card(request.index, request.block, request.fingerprint)
        except CardReadError as error:
            request.error = error
            self._emit(ReaderState.INVALID_CARD, error=error)
        else:
            request.document = document
            self._emit(ReaderState.READ_DONE, document=document)
        request.done.set()


def _abandon(command: _Read | _Remove | None) -> None:
    """Answer a read the stopped worker will not do."""
    if isinstance(command, _Read) and not command.done.is_set():
        command.error = CardReadError(CardErrorCode.READER_LOST, "the demo reader was stopped")
        command.done.set()
