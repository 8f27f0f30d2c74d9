"""The PC/SC reader backend: one worker thread, one context, events for the window.

Design
======

* **One worker thread owns the PC/SC context** (:class:`~devices.pcsc.supervisor.
  ContextSupervisor`). Every PC/SC call — listing readers, waiting for state changes,
  connecting, transmitting, disconnecting — happens on it. No pyscard monitor threads and no
  callbacks: nothing ever connects from inside a callback, and a pcscd that goes away cannot
  kill a thread we do not own.
* **The loop** lists the readers (hot-plug: new ones are announced, vanished ones reported
  lost), then waits in ``SCardGetStatusChange`` on every reader plus the
  ``\\\\?PnP?\\Notification`` pseudo-reader, for at most ``poll_interval`` seconds. So a card
  or a reader change wakes the worker at once, a platform without PnP notifications still sees
  a new reader within one interval, and :meth:`stop` is prompt (it also calls ``SCardCancel``).
* **Reads** follow the vendor profile chosen for the reader and the card's ATR
  (:mod:`devices.pcsc.profile`, :mod:`devices.pcsc.apdu`). A read either ends in
  ``READ_DONE`` with a complete document or in ``INVALID_CARD`` / ``CARD_REMOVED`` /
  ``READER_LOST`` with no document — never a partial one. A card that was handled stays
  "handled" until it leaves the reader (the card event counter of the reader state, or an
  empty reader, tells a new card): the next read needs the card to leave the field first.
* **The supervisor**: when a call reports the service gone (``SCARD_E_NO_SERVICE``, a dead
  IPC channel, an invalid context) the worker drops the context, reports
  ``SERVICE_UNAVAILABLE`` once, and re-establishes every ``retry_interval`` seconds; when
  pcscd is back it lists the readers again and reports them ``READER_READY``.
* No exception leaves the worker: PC/SC failures are classified, anything unexpected is logged
  and handled like a lost context, and a sink that raises is logged and ignored.

Events
======

``READER_READY`` (a matching reader appeared; ``reader`` names it) · ``NO_READER`` (no reader
matches) · ``READING`` → ``READ_DONE`` (``document``) or ``INVALID_CARD`` (``error``) or
``CARD_REMOVED`` (``error`` with code ``CARD_REMOVED``: pulled mid-read) · ``CARD_REMOVED``
(``error`` None: a handled card left the reader) · ``READER_LOST`` (a matching reader went
away; when it was the last one no ``NO_READER`` follows) · ``SERVICE_UNAVAILABLE``.
``CARD_PRESENT`` is not used: a card is read as soon as it is seen.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from devices.idcard.document import IdentityDocument
from devices.idcard.errors import CardErrorCode, CardReadError
from devices.idcard.textblock import parse_text_block
from devices.pcsc.apdu import read_card
from devices.pcsc.profile import NamePattern, VendorProfile, load_profiles, select_profile
from devices.pcsc.supervisor import ContextSupervisor
from devices.pcsc.winscard import (
    PNP_NOTIFICATION,
    PcscApi,
    PcscError,
    Rc,
    ReaderStatus,
    State,
    code_name,
    is_card_gone,
    is_service_gone,
)
from devices.reader import EventSink, ReaderEvent, ReaderInfo, ReaderState, ReadRequest

__all__ = ["PcscReaderBackend", "PhotoDecoder"]

_log = logging.getLogger(__name__)

#: Turns the 1024-byte WLT photo into BMP bytes (None: cannot).
PhotoDecoder = Callable[[bytes], bytes | None]

_READER_GONE = frozenset({Rc.E_UNKNOWN_READER, Rc.E_READER_UNAVAILABLE})
_UNAVAILABLE_TEXT = "The smart-card service (pcscd) is not running."


def _hex(data: bytes) -> str:
    return data.hex(" ").upper()


@dataclass(frozen=True, slots=True)
class _Config:
    api: PcscApi
    pattern: NamePattern | None
    profiles: tuple[VendorProfile, ...]
    poll_interval: float
    retry_interval: float
    removal_grace: float
    photo_decoder: PhotoDecoder | None


@dataclass(slots=True)
class _Reader:
    name: str
    matching: bool
    state: int = State.UNAWARE
    atr: bytes = b""
    #: Event count of the card on the reader that was handled (read, refused, pulled): it is
    #: not read again until it leaves. None: no handled card.
    handled: int | None = None
    #: The handled card's removal was already reported (it was pulled during the read).
    removal_reported: bool = False


class _TransmissionFailed(Exception):
    """A read attempt failed in transmission while the card stayed: worth one more try."""

    def __init__(self, error: CardReadError) -> None:
        super().__init__(str(error))
        self.error = error


class _Worker:
    """The thread that owns the PC/SC context (see the module docstring)."""

    def __init__(
        self, config: _Config, sink: EventSink, thread_name: str, handled: dict[str, int]
    ) -> None:
        self._cfg = config
        #: Reader → event count of the card last handled there, shared by the backend's
        #: workers: a card read by one worker is not read again by the next while it stays.
        self._handled = handled
        self._api = config.api
        self._sink = sink
        self._sup = ContextSupervisor(config.api, retry_interval=config.retry_interval)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=thread_name, daemon=True)
        self._lock = threading.Lock()  # guards _requests and _snapshot
        self._requests: list[ReadRequest] = []
        self._snapshot: list[ReaderInfo] = []
        self._readers: dict[str, _Reader] = {}
        self._pnp_state = State.UNAWARE
        self._use_pnp = True
        self._status: ReaderState | None = None  # SERVICE_UNAVAILABLE / NO_READER / READER_READY

    # ---- lifecycle (any thread) ------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() and not self._stop.is_set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._sup.cancel()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout)
            if self._thread.is_alive():
                _log.warning(
                    "PC/SC worker did not stop within %.1f s (a reader call hangs)", timeout
                )

    def snapshot(self) -> list[ReaderInfo]:
        with self._lock:
            return list(self._snapshot)

    def request_read(self, timeout: float, fingerprint: bool) -> IdentityDocument:
        return self.wait_read(self.queue_read(fingerprint), timeout)

    def queue_read(self, fingerprint: bool) -> ReadRequest:
        """Queue a read request (before :meth:`start`, so the first card seen answers it)."""
        request = ReadRequest(fingerprint)
        with self._lock:
            self._requests.append(request)
        return request

    def wait_read(self, request: ReadRequest, timeout: float) -> IdentityDocument:
        try:
            finished = request.done.wait(timeout)
            if not finished and request.claimed:  # a read is under way: let it finish
                finished = request.done.wait(max(10.0, timeout))
            if not finished:
                raise self._timeout_error(timeout)
        finally:
            with self._lock:
                if request in self._requests:
                    self._requests.remove(request)
        if request.error is not None:
            raise request.error
        assert request.document is not None
        return request.document

    def _timeout_error(self, timeout: float) -> CardReadError:
        status = self._status
        if status is ReaderState.SERVICE_UNAVAILABLE:
            return CardReadError(CardErrorCode.SERVICE_UNAVAILABLE, _UNAVAILABLE_TEXT)
        readers = [r for r in list(self._readers.values()) if r.matching]
        if not readers:
            return CardReadError(CardErrorCode.NO_READER, self._no_reader_text())
        if any(r.handled is not None and r.state & State.PRESENT for r in readers):
            return CardReadError(
                CardErrorCode.NO_CARD,
                "The card on the reader was read already; take it away and present it again.",
            )
        return CardReadError(CardErrorCode.NO_CARD, f"No card was presented within {timeout:g} s.")

    def _no_reader_text(self) -> str:
        if self._cfg.pattern is None:
            return "No smart-card reader is connected."
        return f"No connected smart-card reader matches {self._cfg.pattern.text!r}."

    # ---- the worker thread -----------------------------------------------------------------

    def _emit(
        self,
        state: ReaderState,
        reader: str = "",
        *,
        document: IdentityDocument | None = None,
        error: CardReadError | None = None,
    ) -> ReaderEvent:
        event = ReaderEvent(state=state, reader=reader, document=document, error=error)
        _log.debug("reader event %s %s%s", state.value, reader, f" ({error.code})" if error else "")
        try:
            self._sink(event)
        except Exception:
            _log.exception("the reader event sink raised on %s", state.value)
        return event

    def _run(self) -> None:
        _log.debug("PC/SC worker started")
        try:
            while not self._stop.is_set():
                try:
                    context = self._sup.ensure()
                    if context is None:
                        self._service_unavailable()
                        self._stop.wait(max(0.05, self._sup.seconds_until_retry()))
                        continue
                    self._cycle(context)
                except PcscError as err:
                    if is_service_gone(err):
                        self._context_lost(err)
                    else:
                        _log.warning("PC/SC call failed: %s", err)
                        self._stop.wait(self._cfg.poll_interval)
                except Exception:
                    _log.exception("unexpected failure in the PC/SC worker; starting over")
                    self._context_lost(None)
                    self._stop.wait(self._cfg.retry_interval)
        finally:
            self._sup.close()
            with self._lock:
                pending, self._requests = self._requests, []
            for request in pending:
                request.resolve(
                    None,
                    CardReadError(CardErrorCode.READER_FAULT, "The card reader was stopped."),
                )
            _log.debug("PC/SC worker stopped")

    def _context_lost(self, err: PcscError | None) -> None:
        self._sup.lost(err)
        self._readers.clear()
        self._handled.clear()  # a restarted service counts card events afresh
        self._pnp_state = State.UNAWARE
        self._publish_snapshot()

    def _service_unavailable(self) -> None:
        if self._status is not ReaderState.SERVICE_UNAVAILABLE:
            self._status = ReaderState.SERVICE_UNAVAILABLE
            self._readers.clear()
            self._handled.clear()
            self._publish_snapshot()
            self._emit(ReaderState.SERVICE_UNAVAILABLE)

    def _cycle(self, context: int) -> None:
        self._refresh_readers(context)
        states = [(r.name, r.state & ~State.CHANGED) for r in self._readers.values()]
        if self._use_pnp:
            states.append((PNP_NOTIFICATION, self._pnp_state))
        timeout_ms = max(1, round(self._cfg.poll_interval * 1000))
        try:
            changes = self._api.get_status_change(context, timeout_ms, states)
        except PcscError as err:
            if err.rc not in _READER_GONE:
                raise
            # A reader went away since the listing — or the platform does not know the PnP
            # pseudo-reader; then poll without it rather than fail every time.
            if self._use_pnp and set(self._readers) <= set(self._api.list_readers(context)):
                _log.info("no PnP notifications from this PC/SC service; polling for readers")
                self._use_pnp = False
            return
        for status in changes or ():
            if status.name == PNP_NOTIFICATION:
                self._pnp_state = status.state & ~State.CHANGED
            elif (reader := self._readers.get(status.name)) is not None:
                self._note(reader, status)
        if changes:
            self._publish_snapshot()
        for reader in list(self._readers.values()):
            if self._stop.is_set():
                return
            if reader.matching and reader.name in self._readers:
                self._on_state(context, reader)

    @staticmethod
    def _note(reader: _Reader, status: ReaderStatus) -> None:
        reader.state = status.state
        reader.atr = status.atr if status.present else b""

    def _refresh_readers(self, context: int) -> None:
        names = self._api.list_readers(context)
        changed = False
        present = set(names)
        lost_one = False
        for name in [n for n in self._readers if n not in present]:
            reader = self._readers.pop(name)
            changed = True
            if reader.matching:
                lost_one = True
                _log.info("card reader %s went away", name)
                self._emit(ReaderState.READER_LOST, name)
        for name in names:
            if name in self._readers:
                continue
            pattern = self._cfg.pattern
            matching = pattern is None or pattern.matches(name)
            count = self._handled.get(name)
            # A card handled before this worker started: quiet about it leaving (it may have).
            self._readers[name] = _Reader(name, matching, handled=count, removal_reported=True)
            changed = True
            if matching:
                _log.info("card reader %s is ready", name)
                self._status = ReaderState.READER_READY
                self._emit(ReaderState.READER_READY, name)
            else:
                _log.info("card reader %s ignored (does not match the reader pattern)", name)
        if not any(r.matching for r in self._readers.values()):
            if self._status is not ReaderState.NO_READER and not lost_one:
                self._emit(ReaderState.NO_READER)
            self._status = ReaderState.NO_READER
        if changed:
            self._publish_snapshot()

    def _publish_snapshot(self) -> None:
        infos = [
            ReaderInfo(name=r.name, backend="pcsc", detail=_hex(r.atr) if r.atr else "")
            for r in self._readers.values()
        ]
        with self._lock:
            self._snapshot = infos

    # ---- cards -----------------------------------------------------------------------------

    def _on_state(self, context: int, reader: _Reader) -> None:
        state = reader.state
        if state & (State.UNKNOWN | State.IGNORE):
            return  # the reader is going away; the next listing reports it
        count = (state >> 16) & 0xFFFF
        if state & State.PRESENT:
            if reader.handled is not None and reader.handled == count:
                return  # the handled card is still there: it must leave first
            if reader.handled is not None:  # another card replaced it between two looks
                self._card_left(reader)
            if state & State.MUTE:
                error = CardReadError(CardErrorCode.READ_FAILED, "The card does not answer.")
                self._remember(reader, count)
                reader.removal_reported = False
                event = self._emit(ReaderState.INVALID_CARD, reader.name, error=error)
                self._resolve(self._claim_requests(), event)
                return
            self._read(context, reader, count)
        elif state & State.EMPTY and reader.handled is not None:
            self._card_left(reader)

    def _remember(self, reader: _Reader, count: int) -> None:
        reader.handled = count
        if count:  # 0: the platform keeps no card event counter; nothing to tell cards apart
            self._handled[reader.name] = count

    def _card_left(self, reader: _Reader) -> None:
        if not reader.removal_reported:
            self._emit(ReaderState.CARD_REMOVED, reader.name)
        reader.handled = None
        reader.removal_reported = False
        self._handled.pop(reader.name, None)

    def _claim_requests(self) -> list[ReadRequest]:
        with self._lock:
            claimed = list(self._requests)
        for request in claimed:
            request.claimed = True
        return claimed

    @staticmethod
    def _resolve(requests: list[ReadRequest], event: ReaderEvent) -> None:
        for request in requests:
            if event.state is ReaderState.READ_DONE:
                request.resolve(event.document, None)
            else:
                request.resolve(
                    None,
                    event.error
                    or CardReadError(CardErrorCode.READ_FAILED, "The card could not be read."),
                )

    def _read(self, context: int, reader: _Reader, count: int) -> None:
        requests = self._claim_requests()
        fingerprint = any(r.fingerprint for r in requests)
        self._emit(ReaderState.READING, reader.name)
        started = time.monotonic()
        try:
            state, document, error = self._read_card(context, reader, count, fingerprint)
        except BaseException:
            for request in requests:  # they wait for the next card (or their timeout)
                request.claimed = False
            raise
        self._remember(reader, count)
        reader.removal_reported = state is ReaderState.CARD_REMOVED
        if state is ReaderState.READER_LOST:
            self._readers.pop(reader.name, None)
            self._publish_snapshot()
        _log.info(
            "read on %s: %s in %.2f s%s",
            reader.name,
            state.value,
            time.monotonic() - started,
            f" ({error.code}: {error})" if error else "",
        )
        event = self._emit(state, reader.name, document=document, error=error)
        self._resolve(requests, event)

    def _read_card(
        self, context: int, reader: _Reader, count: int, fingerprint: bool
    ) -> tuple[ReaderState, IdentityDocument | None, CardReadError | None]:
        """One read; a transmission failure with the card still there is tried once more
        (a contactless hiccup, or a card swapped faster than the reader noticed)."""
        try:
            return self._attempt(context, reader, count, fingerprint)
        except _TransmissionFailed as failed:
            _log.info("reading once more on %s after: %s", reader.name, failed.error)
        try:
            return self._attempt(context, reader, count, fingerprint)
        except _TransmissionFailed as failed:
            return ReaderState.INVALID_CARD, None, failed.error

    def _attempt(
        self, context: int, reader: _Reader, count: int, fingerprint: bool
    ) -> tuple[ReaderState, IdentityDocument | None, CardReadError | None]:
        try:
            card, protocol = self._api.connect(context, reader.name)
        except PcscError as err:
            return self._failure(context, reader, count, err, connecting=True)
        try:
            profile = select_profile(self._cfg.profiles, reader.name, reader.atr)
            if profile is None:
                return self._invalid(
                    CardErrorCode.UNKNOWN_CARD,
                    f"No vendor profile fits this card (ATR {_hex(reader.atr) or 'none'}).",
                    reader.atr,
                )
            if fingerprint and not profile.reads_fingerprint:
                _log.warning("vendor profile %s reads no fingerprint", profile.name)
            data = read_card(
                lambda apdu: self._api.transmit(card, protocol, apdu),
                profile,
                fingerprint=fingerprint,
            )
        except CardReadError as err:
            # An empty answer is what some drivers (vpcd among them) hand over when the card
            # went away mid-command: look before calling the card invalid.
            if (
                err.code is CardErrorCode.BAD_RESPONSE
                and not err.raw
                and self._left_during_read(context, reader, count)
            ):
                return self._removed()
            return ReaderState.INVALID_CARD, None, err
        except PcscError as err:
            return self._failure(context, reader, count, err, connecting=False)
        finally:
            self._api.disconnect(card)
        try:
            document = parse_text_block(
                data.text,
                photo=data.photo,
                fingerprint=data.fingerprint,
                photo_bmp=self._decode_photo(data.photo),
            )
        except CardReadError as err:
            return ReaderState.INVALID_CARD, None, err
        return ReaderState.READ_DONE, document, None

    @staticmethod
    def _invalid(
        code: CardErrorCode, message: str, raw: bytes | None = None
    ) -> tuple[ReaderState, None, CardReadError]:
        return ReaderState.INVALID_CARD, None, CardReadError(code, message, raw=raw)

    @staticmethod
    def _removed() -> tuple[ReaderState, None, CardReadError]:
        error = CardReadError(
            CardErrorCode.CARD_REMOVED, "The card was taken away during the read."
        )
        return ReaderState.CARD_REMOVED, None, error

    def _decode_photo(self, photo: bytes) -> bytes | None:
        decoder = self._cfg.photo_decoder
        if decoder is None or not photo:
            return None
        try:
            return decoder(photo)
        except Exception:
            _log.warning("the photo decoder failed", exc_info=True)
            return None

    def _failure(
        self, context: int, reader: _Reader, count: int, err: PcscError, *, connecting: bool
    ) -> tuple[ReaderState, None, CardReadError]:
        """Classify a PC/SC failure during a read: service loss propagates, a transmission
        failure with the card still there raises :class:`_TransmissionFailed`."""
        if is_service_gone(err):
            raise err
        if is_card_gone(err):
            return self._removed()
        if err.rc in _READER_GONE:
            return (
                ReaderState.READER_LOST,
                None,
                CardReadError(CardErrorCode.READER_LOST, "The reader went away during the read."),
            )
        if err.rc == Rc.E_SHARING_VIOLATION:
            return self._invalid(
                CardErrorCode.READER_BUSY, "Another program holds the card on this reader."
            )
        if self._left_during_read(context, reader, count):
            return self._removed()
        what = "talk to" if connecting else "pass a command to"
        raise _TransmissionFailed(
            CardReadError(
                CardErrorCode.READ_FAILED,
                f"The reader could not {what} the card ({code_name(err.rc)}).",
            )
        )

    def _left_during_read(self, context: int, reader: _Reader, count: int) -> bool:
        """After a transmission failure: does the reader report the card gone within the
        removal grace? (pcscd notices a pulled card at its next presence poll.)"""
        deadline = time.monotonic() + self._cfg.removal_grace
        state = reader.state & ~State.CHANGED
        while (remaining := deadline - time.monotonic()) > 0 and not self._stop.is_set():
            try:
                found = self._api.get_status_change(
                    context, max(1, round(remaining * 1000)), [(reader.name, state)]
                )
            except PcscError as err:
                if is_service_gone(err):
                    raise
                return False
            if not found:
                return False
            status = found[0]
            self._note(reader, status)
            if not status.present or status.event_count != count:
                return True
            state = status.state & ~State.CHANGED
        return False


class PcscReaderBackend:
    """ID cards through a PC/SC reader speaking a vendor profile (see the module docstring).

    ``reader_pattern``: only readers whose name matches are used (a glob, a part of the name,
    or ``re:<regex>``; see :class:`~devices.pcsc.profile.NamePattern`); None: every reader.
    ``profiles``: the vendor profiles, best first (default: the built-in ones;
    :func:`~devices.pcsc.profile.load_profiles` adds a hall's). ``poll_interval``: the longest
    wait for a state change (seconds). ``photo_decoder``: turns the WLT photo into BMP bytes.
    ``retry_interval``: how often to look for a stopped smart-card service. ``api``: the PC/SC
    calls (tests substitute their own).

    Raises :class:`ValueError` for a bad pattern or interval, :class:`CardReadError`
    (``SERVICE_UNAVAILABLE``) when pyscard is not installed.
    """

    name = "pcsc"

    def __init__(
        self,
        reader_pattern: str | None = None,
        profiles: Sequence[VendorProfile] | None = None,
        poll_interval: float = 0.2,
        photo_decoder: PhotoDecoder | None = None,
        *,
        retry_interval: float = 1.0,
        removal_grace: float = 1.5,
        api: PcscApi | None = None,
    ) -> None:
        if not poll_interval > 0 or not retry_interval > 0 or removal_grace < 0:
            raise ValueError("poll_interval and retry_interval must be positive")
        pattern = NamePattern(reader_pattern) if reader_pattern is not None else None
        chosen = tuple(profiles) if profiles is not None else load_profiles()
        if not chosen:
            raise ValueError("at least one vendor profile is needed")
        self._config = _Config(
            api=api if api is not None else PcscApi(),
            pattern=pattern,
            profiles=chosen,
            poll_interval=poll_interval,
            retry_interval=retry_interval,
            removal_grace=removal_grace,
            photo_decoder=photo_decoder,
        )
        self._lock = threading.Lock()
        self._worker: _Worker | None = None
        self._handled: dict[str, int] = {}

    @property
    def profiles(self) -> tuple[VendorProfile, ...]:
        return self._config.profiles

    @property
    def running(self) -> bool:
        worker = self._worker
        return worker is not None and worker.alive

    def start(self, sink: EventSink) -> None:
        with self._lock:
            if self._worker is not None and self._worker.alive:
                raise RuntimeError("the PC/SC backend is already running")
            self._worker = _Worker(self._config, sink, "pcsc-worker", self._handled)
            self._worker.start()

    def stop(self) -> None:
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop()

    def list_readers(self) -> list[ReaderInfo]:
        """Every reader the service knows (matching the pattern or not), with the ATR of a card
        on it as ``detail``. Empty while the service is unavailable."""
        worker = self._worker
        if worker is not None and worker.alive:
            return worker.snapshot()
        return _list_once(self._config.api)

    def read_once(self, *, timeout: float = 10.0, fingerprint: bool = False) -> IdentityDocument:
        """Wait up to ``timeout`` seconds for a card and read it; raises :class:`CardReadError`
        (``NO_CARD``, ``NO_READER``, ``SERVICE_UNAVAILABLE`` when nothing was read in time, or
        the read's own error). A card that was read already must leave the reader first.

        While the backend runs, the running worker does the read (its events go to the sink
        as usual); otherwise a worker is started for this one read.
        """
        worker = self._worker
        if worker is not None and worker.alive:
            return worker.request_read(timeout, fingerprint)
        once = _Worker(self._config, lambda _event: None, "pcsc-read-once", self._handled)
        # Queue first: a card already on the reader is read for this request, not consumed by
        # the worker's first look (and the caller then told it was "read already").
        request = once.queue_read(fingerprint)
        once.start()
        try:
            return once.wait_read(request, timeout)
        finally:
            once.stop()


def _list_once(api: PcscApi) -> list[ReaderInfo]:
    try:
        context = api.establish()
    except PcscError:
        return []
    try:
        names = api.list_readers(context)
        if not names:
            return []
        found = api.get_status_change(context, 0, [(n, State.UNAWARE) for n in names]) or []
        atrs = {s.name: s.atr for s in found if s.present}
        return [ReaderInfo(name=n, backend="pcsc", detail=_hex(atrs.get(n, b""))) for n in names]
    except PcscError:
        return []
    finally:
        api.release(context)
