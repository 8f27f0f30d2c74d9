"""A GA/T 467 SAM reader on a serial (or USB-serial) port, behind :class:`ReaderBackend`.

Design
======

* **One worker thread owns the pyserial port.** It polls *find card* (``20 01``) every
  ``poll_interval`` seconds; on ``9F`` it reports CARD_PRESENT, selects (``20 02``), reports
  READING and reads (``30 01``; ``30 10`` only when a :meth:`~SerialReaderBackend.read_once`
  caller asked for fingerprints), then reports READ_DONE with the document or INVALID_CARD with
  the error — never a partial document.
* **A card handled once must leave the field before it is read again** (reader quirk): after a
  read (good or bad) the worker waits until *find card* answers ``80`` and reports CARD_REMOVED.
  Note that many modules halt a card they have read, so ``80`` — and CARD_REMOVED — can come
  while the card still lies on the reader; it is then read again only once it is taken away
  and presented anew.
* **A card pulled between find, select and read** is CARD_REMOVED with the error
  ``card.removed`` and no document. (Select failing with ``81`` or a read answering ``80`` means
  the card is gone; a read answering ``41`` is INVALID_CARD ``card.read_failed``, followed by
  CARD_REMOVED when *find card* no longer sees it.)
* **The port and the module.** A port that cannot be opened (or a module that does not answer
  *module status* ``11 FF``) is NO_READER; a port that fails under us is READER_LOST
  (``reader.lost``); a module that stops answering gives a TIMEOUT error — INVALID_CARD first if
  a read was under way — then READER_LOST with ``reader.timeout``. One timeout alone is not
  fatal: the worker checks the module with *module status* first. Offline, it tries to reopen
  the port every ``reopen_interval`` seconds and reports READER_READY once the module answers.
* **Bad frames** (checksum, length, noise) are typed errors (``reader.bad_checksum``,
  ``reader.bad_length``, ``reader.bad_response``); during a read they make INVALID_CARD, while
  polling they are logged and the next poll goes on. Raw bytes are logged at debug level with
  the identity number masked (:func:`devices.idcard.logging.masked_hex`); photo and fingerprint
  bytes are not logged.
* Nothing raised inside the worker escapes it: every failure becomes an event or a log line; a
  sink that raises is logged and ignored.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Final, TypeAlias

import serial

from devices.idcard.document import IdentityDocument
from devices.idcard.errors import CardErrorCode, CardReadError
from devices.idcard.logging import masked_hex
from devices.idcard.photo import PhotoDecoder as PhotoDecoderProtocol
from devices.idcard.photo import decode_photo_or_none
from devices.idcard.textblock import parse_text_block
from devices.reader import EventSink, ReaderEvent, ReaderInfo, ReaderState, ReadRequest
from devices.serial import frames
from devices.serial.frames import Command, FrameDecoder, Response

__all__ = ["PhotoDecoder", "SerialReaderBackend"]

log = logging.getLogger(__name__)

#: A photo decoder: a :class:`devices.idcard.photo.PhotoDecoder` (``.decode(wlt)``), or a plain
#: callable turning the 1024-byte WLT photo into BMP bytes (``None``, or raising: cannot).
PhotoDecoder: TypeAlias = PhotoDecoderProtocol | Callable[[bytes], bytes | None]

#: How long one pyserial read waits; bounds how fast the worker notices :meth:`stop`.
_READ_SLICE: Final = 0.05
#: Between two attempts to reopen a missing port.
REOPEN_INTERVAL: Final = 1.0
#: A read with fingerprints takes up to 3 s where text+photo takes 2 s.
_FINGERPRINT_TIMEOUT_FACTOR: Final = 1.5
#: How long read_once waits for a read that has begun when its own timeout runs out.
_READ_GRACE: Final = 10.0

#: Failures of pyserial calls: SerialException, OSError, ValueError (bad settings) and, on
#: POSIX, termios.error (not an OSError) when a port vanishes — so anything at all.
_PORT_ERRORS: Final = (Exception,)
_CONNECTION_ERRORS: Final = (CardErrorCode.TIMEOUT, CardErrorCode.READER_LOST)


def describe_raw(raw: bytes | None) -> str:
    """Raw bytes for a debug log, the identity number masked.

    A text block (256 bytes) is dumped with :func:`masked_hex`. A frame carrying a read answer
    shows its 14-byte head and the masked text block, and only the length of the rest (photo,
    fingerprints). Anything shorter goes through :func:`masked_hex` whole (it masks whatever is
    shaped like a number).
    """
    if not raw:
        return "no bytes"
    try:
        text_at, text_end = frames.TEXT_OFFSET_IN_FRAME, frames.PHOTO_OFFSET_IN_FRAME
        if len(raw) >= text_end and raw.startswith(frames.PREAMBLE):
            rest = len(raw) - text_end
            return (
                f"{len(raw)} bytes: {raw[:text_at].hex(' ')} | {masked_hex(raw[text_at:text_end])}"
                f" | {rest} more bytes not logged"
            )
        if len(raw) > text_end:
            return f"{len(raw)} bytes (not logged)"
        return f"{len(raw)} bytes: {masked_hex(raw)}"
    except Exception:  # the log must never fail a read
        log.debug("masking raw bytes failed", exc_info=True)
        return f"{len(raw)} bytes"


class _Stopped(Exception):
    """stop() was called while the worker waited for the module."""


class _Link:
    """One open port: send a command, wait for its answer."""

    def __init__(self, port: Any, name: str, stop: threading.Event | None = None) -> None:
        self._port = port
        self._name = name
        self._stop = stop
        self._decoder = FrameDecoder()

    def close(self) -> None:
        try:
            self._port.close()
        except Exception:
            log.debug("closing %s failed", self._name, exc_info=True)

    def drain(self, limit: float = 0.5) -> None:
        """Swallow what the module still sends (a late answer to a command sent before the port
        was (re)opened) until the line is quiet for one read slice, at most ``limit`` seconds."""
        deadline = time.monotonic() + limit
        try:
            self._port.reset_input_buffer()
            while time.monotonic() < deadline and self._port.read(4096):
                pass
        except Exception as exc:
            raise CardReadError(
                CardErrorCode.READER_LOST, f"{self._name}: read failed: {exc}"
            ) from exc

    def exchange(self, command: Command, timeout: float) -> Response:
        """Send ``command`` and return the first frame that answers it.

        Raises :class:`CardReadError`: READER_LOST when the port fails, TIMEOUT when nothing
        comes back, BAD_RESPONSE for noise without a frame, BAD_LENGTH / BAD_CHECKSUM for a bad
        frame. The SW3 status is *not* checked here.
        """
        what = frames.COMMAND_NAMES.get((command.cmd, command.para), "command")
        self._decoder.reset()
        try:
            self._port.reset_input_buffer()  # a late answer to an earlier command
            self._port.write(command.encode())
        except _PORT_ERRORS as exc:
            raise CardReadError(
                CardErrorCode.READER_LOST, f"{self._name}: write failed: {exc}"
            ) from exc
        deadline = time.monotonic() + timeout
        skipped = 0
        while time.monotonic() < deadline:
            if self._stop is not None and self._stop.is_set():
                raise _Stopped
            try:
                waiting = int(self._port.in_waiting)
                chunk = bytes(self._port.read(max(1, waiting)))
            except _PORT_ERRORS as exc:
                raise CardReadError(
                    CardErrorCode.READER_LOST, f"{self._name}: read failed: {exc}"
                ) from exc
            for item in self._decoder.feed(chunk) if chunk else ():
                if isinstance(item, CardReadError):
                    log.debug(
                        "%s: bad frame answering %s (%s): %s",
                        self._name,
                        what,
                        item.code,
                        describe_raw(item.raw),
                    )
                    raise item
                if frames.plausible_answer(command, item):
                    return item
                skipped += 1
                log.debug(
                    "%s: skipped a late answer to another command (SW3 %02X, %d data bytes)"
                    " while waiting for %s",
                    self._name,
                    item.sw3,
                    len(item.data),
                    what,
                )
        if self._decoder.buffered >= frames.HEADER_LENGTH:
            raise CardReadError(
                CardErrorCode.BAD_LENGTH,
                f"{self._name}: {what}: the frame ended before its length",
            )
        noise = self._decoder.discarded + self._decoder.buffered
        if noise:
            raise CardReadError(
                CardErrorCode.BAD_RESPONSE, f"{self._name}: {what}: {noise} bytes without a frame"
            )
        late = f" ({skipped} late answers to other commands skipped)" if skipped else ""
        raise CardReadError(
            CardErrorCode.TIMEOUT,
            f"{self._name}: no answer to {what} within {timeout:.1f} s{late}",
        )


def _removed(exc: CardReadError, step: str) -> CardReadError:
    return CardReadError(
        CardErrorCode.CARD_REMOVED, f"the card left the field before {step} ({exc})", raw=exc.raw
    )


class SerialReaderBackend:
    """GA/T 467 reader on ``port`` (e.g. ``/dev/ttyUSB0``, ``COM3``); see the module docstring.

    ``timeout`` bounds each exchange with the module (a read with fingerprints gets 1.5 times as
    long); ``poll_interval`` is the pause between two *find card* polls; ``photo_decoder``
    (optional) turns the WLT photo into BMP bytes; ``reopen_interval`` is how often a missing
    port is tried again.
    """

    name = "serial"

    def __init__(
        self,
        port: str,
        baudrate: int = 115200,
        timeout: float = 2.0,
        poll_interval: float = 0.3,
        photo_decoder: PhotoDecoder | None = None,
        *,
        reopen_interval: float = REOPEN_INTERVAL,
    ) -> None:
        if not timeout > 0 or poll_interval < 0 or not reopen_interval > 0:
            raise ValueError("timeout and reopen_interval must be positive")
        self.port = port
        self.baudrate = baudrate
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.photo_decoder = photo_decoder
        self.reopen_interval = reopen_interval
        self._lock = threading.Lock()  # start / stop
        self._requests_lock = threading.Lock()
        self._requests: list[ReadRequest] = []
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._sink: EventSink | None = None
        # Worker state (only the worker writes these).
        self._link: _Link | None = None
        #: None: never reached the module; True: online; False: reported offline.
        self._online: bool | None = None
        self._await_removal = False
        self._module_id = ""

    # ---- the ReaderBackend protocol ------------------------------------------------------------

    @property
    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive() and not self._stop.is_set()

    def list_readers(self) -> list[ReaderInfo]:
        """The configured port, with the module ID (hex of the ``12 FF`` answer) when the module
        answers; ``[]`` when the port cannot be opened. While the worker runs: ``[]`` while it
        is offline, else the port with the module ID it read when it connected."""
        if self.running:
            return [self._info(self._module_id)] if self._online else []
        try:
            link = self._open(None)
        except CardReadError:
            return []
        try:
            return [self._info(self._query_module_id(link))]
        except Exception:
            log.debug("%s: no module ID", self.port, exc_info=True)
            return [self._info("")]
        finally:
            link.close()

    def start(self, sink: EventSink) -> None:
        with self._lock:
            if self.running:
                raise RuntimeError("the serial reader backend is already running")
            self._sink = sink
            self._stop = threading.Event()
            self._online = None
            self._await_removal = False
            self._thread = threading.Thread(
                target=self._run, name=f"serial-reader {self.port}", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        """Stop the worker and wait for it (it notices within ~50 ms). From the sink (the
        worker's own thread) it only asks the worker to stop."""
        with self._lock:
            thread = self._thread
            self._stop.set()
            if thread is threading.current_thread():
                return
            if thread is not None:
                thread.join()
            self._thread = None
            self._sink = None

    def read_once(self, *, timeout: float = 10.0, fingerprint: bool = False) -> IdentityDocument:
        """Wait up to ``timeout`` seconds for a card and read it.

        While the worker runs, its next read serves this call (its events go to the sink as
        usual; the document carries fingerprints if this call asked for them). Otherwise the
        port is opened on the calling thread for this one read.

        Raises :class:`CardReadError`: NO_READER (no port, or no module answering), NO_CARD
        (no card in time, or the card on the reader was read already and must be presented
        again), CARD_REMOVED, TIMEOUT, or the read's own error.
        """
        if self.running:
            return self._request_read(timeout, fingerprint)
        link = self._open(None)
        deadline = time.monotonic() + timeout
        try:
            while True:
                response = link.exchange(frames.FIND_CARD, self.timeout)
                if response.sw3 == frames.SW3_FIND_SUCCESS:
                    try:
                        return self._read_present_card(link, fingerprint)
                    except CardReadError as exc:
                        if exc.code is CardErrorCode.NO_CARD:
                            raise _removed(exc, "the read ended") from exc
                        raise
                error = response.error("find card")
                if error is not None and error.code is not CardErrorCode.NO_CARD:
                    raise error
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise CardReadError(
                        CardErrorCode.NO_CARD, f"no card on {self.port} within {timeout:g} s"
                    )
                time.sleep(min(self.poll_interval, remaining))
        finally:
            link.close()

    # ---- helpers (any thread) --------------------------------------------------------------

    def _request_read(self, timeout: float, fingerprint: bool) -> IdentityDocument:
        request = ReadRequest(fingerprint)
        with self._requests_lock:
            self._requests.append(request)
        try:
            finished = request.done.wait(timeout)
            if not finished and request.claimed:  # a read is under way: let it finish
                finished = request.done.wait(max(_READ_GRACE, timeout))
            if not finished:
                if not self._online:
                    raise CardReadError(
                        CardErrorCode.NO_READER, f"no reader module answers on {self.port}"
                    )
                if self._await_removal:
                    raise CardReadError(
                        CardErrorCode.NO_CARD,
                        "the card on the reader was read already; take it away and present "
                        "it again",
                    )
                raise CardReadError(
                    CardErrorCode.NO_CARD, f"no card on {self.port} within {timeout:g} s"
                )
        finally:
            with self._requests_lock:
                if request in self._requests:
                    self._requests.remove(request)
        if request.error is not None:
            raise request.error
        assert request.document is not None
        return request.document

    def _info(self, module_id: str) -> ReaderInfo:
        detail = f"port {self.port}"
        if module_id:
            detail += f", module {module_id}"
        return ReaderInfo(name=self.port, backend=self.name, detail=detail)

    def _open(self, stop: threading.Event | None) -> _Link:
        try:
            port = serial.Serial(
                port=self.port,
                baudrate=self.baudrate,
                timeout=_READ_SLICE,
                write_timeout=self.timeout,
                exclusive=True,
            )
        except _PORT_ERRORS as exc:
            raise CardReadError(CardErrorCode.NO_READER, f"cannot open {self.port}: {exc}") from exc
        link = _Link(port, self.port, stop)
        try:
            link.drain()
        except CardReadError as exc:
            link.close()
            raise CardReadError(CardErrorCode.NO_READER, f"cannot use {self.port}: {exc}") from exc
        return link

    def _query_module_id(self, link: _Link) -> str:
        response = link.exchange(frames.MODULE_ID, self.timeout)
        error = response.error("module id")
        if error is not None:
            raise error
        return response.data.hex().upper()

    def _read_present_card(
        self,
        link: _Link,
        fingerprint: bool,
        on_reading: Callable[[], None] | None = None,
    ) -> IdentityDocument:
        """Select and read the card *find card* just found."""
        selected = link.exchange(frames.SELECT_CARD, self.timeout)
        error = selected.error("select card")
        if error is not None:
            raise error
        if on_reading is not None:
            on_reading()
        command = frames.READ_TEXT_PHOTO_FINGERPRINT if fingerprint else frames.READ_TEXT_PHOTO
        read_timeout = self.timeout * (_FINGERPRINT_TIMEOUT_FACTOR if fingerprint else 1.0)
        response = link.exchange(command, read_timeout)
        if fingerprint and response.sw3 == frames.SW3_NO_CONTENT:
            # No fingerprint on this card: read text and photo alone.
            fingerprint = False
            response = link.exchange(frames.READ_TEXT_PHOTO, self.timeout)
        error = response.error("read card")
        if error is not None:
            raise error
        if response.sw3 != frames.SW3_SUCCESS:
            raise CardReadError(
                CardErrorCode.BAD_RESPONSE,
                f"read card answered status {response.sw3:02X}",
                raw=response.raw,
            )
        data = frames.parse_card_data(response.data, fingerprint=fingerprint, raw=response.raw)
        return parse_text_block(
            data.text,
            photo=data.photo,
            fingerprint=data.fingerprint,
            photo_bmp=self._decode_photo(data.photo),
        )

    def _decode_photo(self, photo: bytes) -> bytes | None:
        decoder = self.photo_decoder
        if decoder is None or not photo:
            return None
        if isinstance(decoder, PhotoDecoderProtocol):
            return decode_photo_or_none(decoder, photo)
        try:
            return decoder(photo)
        except Exception:
            log.warning("the photo decoder failed on %s", self.port, exc_info=True)
            return None

    # ---- the worker ------------------------------------------------------------------------

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
            sink(ReaderEvent(state, reader=self.port, document=document, error=error))
        except Exception:
            log.exception("the reader event sink failed on %s", state)

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    if self._link is None:
                        self._connect()
                    else:
                        self._poll(self._link)
                except _Stopped:
                    break
                except Exception as exc:  # a bug: report the reader lost, then start over
                    log.exception("the serial reader worker on %s failed", self.port)
                    self._go_offline(
                        CardReadError(CardErrorCode.READER_FAULT, f"internal error: {exc}")
                    )
        except BaseException:  # pragma: no cover - nothing may escape the worker
            log.exception("the serial reader worker on %s died", self.port)
        finally:
            self._close_link()
            with self._requests_lock:
                pending, self._requests = self._requests, []
            for request in pending:
                request.resolve(
                    None, CardReadError(CardErrorCode.READER_FAULT, "the card reader was stopped")
                )

    def _close_link(self) -> None:
        if self._link is not None:
            self._link.close()
            self._link = None

    def _go_offline(self, error: CardReadError) -> None:
        """Close the port, report NO_READER (never online) or READER_LOST once, and pause."""
        self._close_link()
        self._await_removal = False
        if self._online is None:
            self._emit(ReaderState.NO_READER, error=error)
        elif self._online:
            self._emit(ReaderState.READER_LOST, error=error)
        self._online = False
        log.debug("%s offline: %s", self.port, error)
        self._stop.wait(self.reopen_interval)

    def _connect(self) -> None:
        try:
            link = self._open(self._stop)
        except CardReadError as exc:
            self._go_offline(exc)
            return
        try:
            status = link.exchange(frames.MODULE_STATUS, self.timeout)
            error = status.error("module status")
            if error is not None:
                raise error
            try:
                self._module_id = self._query_module_id(link)
            except CardReadError as exc:
                log.debug("%s: no module ID: %s", self.port, exc)
                self._module_id = ""
        except CardReadError as exc:
            link.close()
            self._go_offline(exc)
            return
        except BaseException:
            link.close()
            raise
        self._link = link
        self._online = True
        self._await_removal = False
        log.info("serial card reader ready on %s (module %s)", self.port, self._module_id or "?")
        self._emit(ReaderState.READER_READY)

    def _alive(self, link: _Link) -> bool:
        """After a timeout: does the module still answer at all?"""
        try:
            link.exchange(frames.MODULE_STATUS, self.timeout)
        except CardReadError as exc:
            return exc.code not in _CONNECTION_ERRORS
        return True

    def _connection_failed(self, link: _Link, exc: CardReadError) -> bool:
        """True (and the reader reported lost) when ``exc`` means the port or module is gone."""
        if exc.code is CardErrorCode.READER_LOST or (
            exc.code is CardErrorCode.TIMEOUT and not self._alive(link)
        ):
            self._go_offline(exc)
            return True
        return False

    def _poll(self, link: _Link) -> None:
        try:
            response = link.exchange(frames.FIND_CARD, self.timeout)
        except CardReadError as exc:
            if not self._connection_failed(link, exc):
                log.debug("%s: find card: %s", self.port, exc)
                self._stop.wait(self.poll_interval)
            return
        if self._await_removal:
            if response.sw3 == frames.SW3_NO_CARD:
                self._await_removal = False
                self._emit(ReaderState.CARD_REMOVED)
            self._stop.wait(self.poll_interval)
            return
        if response.sw3 != frames.SW3_FIND_SUCCESS:
            error = response.error("find card")
            if error is not None and error.code is not CardErrorCode.NO_CARD:
                log.debug("%s: %s", self.port, error)
            self._stop.wait(self.poll_interval)
            return
        with self._requests_lock:
            requests = list(self._requests)
        for request in requests:
            request.claimed = True
        try:
            document, error = self._read_and_report(link, any(r.fingerprint for r in requests))
        except BaseException:
            for request in requests:  # they wait for the next card (or their timeout)
                request.claimed = False
            raise
        for request in requests:
            request.resolve(document, error)

    def _read_and_report(
        self, link: _Link, fingerprint: bool
    ) -> tuple[IdentityDocument | None, CardReadError | None]:
        """Read the card *find card* just found, report it; returns the outcome."""
        self._emit(ReaderState.CARD_PRESENT)
        reading = False

        def on_reading() -> None:
            nonlocal reading
            reading = True
            self._emit(ReaderState.READING)

        started = time.monotonic()
        try:
            document = self._read_present_card(link, fingerprint, on_reading)
        except CardReadError as exc:
            log.info(
                "read on %s failed after %.2f s: %s", self.port, time.monotonic() - started, exc
            )
            if exc.raw:
                log.debug("%s: %s raw: %s", self.port, exc.code, describe_raw(exc.raw))
            if exc.code is CardErrorCode.NO_CARD:
                removed = _removed(exc, "the read ended" if reading else "it was selected")
                self._emit(ReaderState.CARD_REMOVED, error=removed)
                return None, removed
            if exc.code in _CONNECTION_ERRORS:
                # A read under way failed first; then, if the module is gone, the reader.
                if reading:
                    self._emit(ReaderState.INVALID_CARD, error=exc)
                if self._connection_failed(link, exc):
                    return None, exc
                if not reading:
                    self._emit(ReaderState.INVALID_CARD, error=exc)
                self._await_removal = True
                return None, exc
            self._emit(ReaderState.INVALID_CARD, error=exc)
            self._await_removal = True
            return None, exc
        except _Stopped:
            raise
        except Exception as exc:
            log.exception("reading the card on %s failed", self.port)
            error = CardReadError(CardErrorCode.READ_FAILED, f"internal error: {exc}")
            self._emit(ReaderState.INVALID_CARD, error=error)
            self._await_removal = True
            return None, error
        log.info(
            "read on %s: %s in %.2f s", self.port, document.card_type, time.monotonic() - started
        )
        self._emit(ReaderState.READ_DONE, document=document)
        self._await_removal = True
        return document, None
