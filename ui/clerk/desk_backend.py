"""What the desk page needs of the hall and of the station's printer: ports, as Protocols.

``desktop.services.desk.WindowDesk`` provides :class:`DeskBackend`; ``printing.dispatch
.PrintDispatcher`` provides :class:`PrintBackend`. Tests hand the page fakes of both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from datetime import date
from typing import Any, Protocol

from desktop.domain.matters.materials import MaterialStatus
from desktop.domain.matters.model import Matter
from desktop.domain.permissions import Principal
from desktop.domain.visit import Outcome, Visit

__all__ = ["DeskBackend", "PrintBackend"]


class DeskBackend(Protocol):
    """What the page needs of the hall (``desktop.services.desk.WindowDesk`` provides it)."""

    @property
    def matters(self) -> Sequence[Matter]: ...

    def open_visit(
        self,
        principal: Principal,
        card: Any,
        *,
        id_number: str | None = ...,
        matter_codes: Sequence[str] = ...,
    ) -> Visit: ...

    def prefill(self, visit: Visit, matter_codes: Sequence[str]) -> Visit: ...

    def cases_of(self, principal: Principal, visit: Visit) -> Sequence[Any]: ...

    def usage_counts(self) -> dict[str, int]: ...

    def save_draft(
        self,
        principal: Principal,
        *,
        draft_id: str | None,
        matter_codes: Sequence[str],
        form: Mapping[str, object],
        materials: Mapping[str, str],
        title: str = ...,
    ) -> Any: ...

    def drafts(self, principal: Principal) -> Sequence[Any]: ...

    def discard_draft(self, principal: Principal, draft_id: str) -> None: ...

    def submit(
        self,
        principal: Principal,
        visit: Visit,
        matter_code: str,
        values: Mapping[str, str],
        marked: Mapping[str, MaterialStatus],
        *,
        promise_signed: bool = ...,
        supplement_by: date | None = ...,
        draft_id: str | None = ...,
    ) -> Outcome: ...

    def refuse(
        self,
        principal: Principal,
        visit: Visit,
        matter_code: str,
        values: Mapping[str, str],
        reason: str,
        *,
        draft_id: str | None = ...,
    ) -> Outcome: ...

    def tax_preview(self, values: Mapping[str, str]) -> Any: ...

    def reprint(self, principal: Principal, number: str) -> int: ...

    def rate(
        self, principal: Principal, case_number: str, score: int, comment: str = ...
    ) -> None: ...


class PrintBackend(Protocol):
    """The station's print thread (``printing.dispatch.PrintDispatcher`` provides it)."""

    def submit_pending(self, station: str) -> Future[list[Any]]: ...
