"""One reader interface for every kind of ID-card reader, and its small event vocabulary.

The states follow the Belgian eID viewer: a UI can show each in words a clerk understands.
Backends (PC/SC, serial GA/T 467, demo) run their own worker thread and report through a sink
callable; they never call into Qt. ``ui/`` has the adapter that turns events into signals on the
GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable

from devices.idcard.document import IdentityDocument
from devices.idcard.errors import CardReadError


class ReaderState(StrEnum):
    NO_READER = "no_reader"  # no reader attached (or none matches the configured pattern)
    READER_READY = "reader_ready"  # waiting for a card
    CARD_PRESENT = "card_present"  # a card is on the reader
    READING = "reading"
    READ_DONE = "read_done"  # event.document holds the document
    INVALID_CARD = "invalid_card"  # event.error says why; no document
    CARD_REMOVED = "card_removed"
    READER_LOST = "reader_lost"  # the reader went away (unplugged, port closed)
    SERVICE_UNAVAILABLE = "service_unavailable"  # pcscd / the smart-card service is not running


@dataclass(frozen=True, slots=True)
class ReaderEvent:
    state: ReaderState
    reader: str = ""
    document: IdentityDocument | None = None
    error: CardReadError | None = None
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


EventSink = Callable[[ReaderEvent], None]


@dataclass(frozen=True, slots=True)
class ReaderInfo:
    name: str
    backend: str  # "pcsc" / "serial" / "demo"
    detail: str = ""  # e.g. ATR, port, module ID
    demo: bool = False


@dataclass(slots=True, eq=False)
class ReadRequest:
    """A ``read_once`` call waiting for a backend worker's next read (shared by the backends
    whose worker owns the device: the caller blocks on ``done``, the worker resolves it)."""

    fingerprint: bool
    done: threading.Event = field(default_factory=threading.Event)
    claimed: bool = False  # a read including this request has begun
    document: IdentityDocument | None = None
    error: CardReadError | None = None

    def resolve(self, document: IdentityDocument | None, error: CardReadError | None) -> None:
        self.document, self.error = document, error
        self.done.set()


@runtime_checkable
class ReaderBackend(Protocol):
    """What every backend offers. ``start`` returns at once; events arrive on ``sink`` from the
    backend's own thread until ``stop``."""

    name: str

    def list_readers(self) -> list[ReaderInfo]: ...

    def start(self, sink: EventSink) -> None: ...

    def stop(self) -> None: ...

    def read_once(self, *, timeout: float = 10.0, fingerprint: bool = False) -> IdentityDocument:
        """Wait for a card and read it (for ``onewindow-admin read-card``); raises
        :class:`CardReadError`."""
        ...
