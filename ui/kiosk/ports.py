"""What the kiosk's window and pages know of the core and of each other: ports, as Protocols,
typed with the core's plain records (``desktop.domain.kiosk``, ``desktop.domain.queueing``,
``desktop.domain.printjobs``).

``desktop.services.kiosk.KioskDesk`` provides :class:`KioskBackend`; ``printing.dispatch
.PrintDispatcher`` provides :class:`PrintBackend`; :class:`~ui.kiosk.window.KioskWindow`
provides :class:`KioskPages` to the person's pages. Tests hand in fakes.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Protocol, TypeVar

from desktop.domain.kiosk import (
    Declaration,
    DeclarationReceipt,
    EndReason,
    KioskCase,
    KioskDocument,
    KioskSession,
    TicketTaken,
)
from desktop.domain.matters.prefill import CardFacts
from desktop.domain.permissions import Principal
from desktop.domain.printjobs import PrintJobRecord
from desktop.domain.queueing import QueueInfo

__all__ = ["KioskBackend", "KioskPages", "PrintBackend", "PrintShow"]

T = TypeVar("T")

#: ``show(text, failed, job)``: a print's outcome in words, and the job (its id when the print
#: thread itself failed).
PrintShow = Callable[[str, bool, PrintJobRecord | int], None]


class KioskBackend(Protocol):
    """The core's kiosk (``desktop.services.kiosk.KioskDesk``), as the window calls it."""

    @property
    def service_place(self) -> str: ...

    def declare_matters(self) -> tuple[str, ...]: ...

    def open_session(self, principal: Principal, card: CardFacts) -> KioskSession: ...

    def end_session(self, session: KioskSession, reason: EndReason | str) -> None: ...

    def my_cases(self, session: KioskSession) -> tuple[KioskCase, ...]: ...

    def documents(self, session: KioskSession) -> tuple[KioskDocument, ...]: ...

    def reprint(self, session: KioskSession, number: str) -> PrintJobRecord: ...

    def retry_print(self, session: KioskSession, job_id: int) -> PrintJobRecord: ...

    def declaration(self, session: KioskSession, matter_code: str) -> Declaration: ...

    def declare(
        self,
        session: KioskSession,
        declaration: Declaration,
        *,
        dwelling_confirmed: bool,
        phone: str,
    ) -> DeclarationReceipt: ...

    def queues(self, session: KioskSession) -> tuple[QueueInfo, ...]: ...

    def take_ticket(self, session: KioskSession, queue_code: str) -> TicketTaken: ...

    def check_in_booking(self, session: KioskSession) -> TicketTaken: ...

    def to_rate(self, session: KioskSession) -> tuple[KioskCase, ...]: ...

    def rate(self, session: KioskSession, case_number: str, score: int) -> None: ...


class PrintBackend(Protocol):
    """The print thread (``printing.dispatch.PrintDispatcher``)."""

    def submit(self, job: int) -> Future[PrintJobRecord]: ...


class KioskPages(Protocol):
    """What the person's pages ask of the window (which runs it for the current session)."""

    @property
    def service_place(self) -> str: ...

    @property
    def backend(self) -> KioskBackend: ...

    def run(
        self,
        work: Callable[[KioskSession], T],
        done: Callable[[T | None, BaseException | None], None],
    ) -> None:
        """Run ``work(session)`` off the GUI thread; ``done(result, error)`` if still current."""
        ...

    def print_job(self, job: PrintJobRecord | int, show: PrintShow) -> None:
        """Print a queued job; ``show(text, failed, job)`` with the outcome."""
        ...

    def finish(self) -> None:
        """The person is done."""
        ...
