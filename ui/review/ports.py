"""What the approver's window needs of the hall: :class:`ReviewBackend`.

``desktop.services.review.ReviewDesk`` provides it (the method names are the contract of
``REVIEW_API.md``); tests use a fake. Every call runs on the worker (``ui.tasks.run_task``), never
on the GUI thread, and takes the signed-in approver's :class:`Principal`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from desktop.domain.cases import CaseDetail, CaseEvent, PauseKind
from desktop.domain.permissions import Principal
from desktop.domain.registry import PersonDossier
from desktop.domain.review import CaseEvidence, DecisionResult, QueuePage, QueueQuery, QueueRow

__all__ = ["DECISIONS", "IssuedDocument", "ReviewBackend"]

#: The three decisions an approver takes on a task.
DECISIONS = (CaseEvent.APPROVE, CaseEvent.REJECT, CaseEvent.RETURN_FOR_CORRECTION)


class ReviewBackend(Protocol):
    """The review desk's use cases (``desktop.services.review.ReviewDesk``)."""

    def queue(self, principal: Principal, query: QueueQuery) -> QueuePage: ...

    def claim_next(self, principal: Principal) -> QueueRow | None: ...

    def claim(self, principal: Principal, task_id: int) -> QueueRow: ...

    def unclaim(self, principal: Principal, task_id: int, reason: str) -> None: ...

    def reassign(
        self, principal: Principal, task_id: int, to_user: str, reason: str
    ) -> QueueRow: ...

    def evidence(self, principal: Principal, case_number: str) -> CaseEvidence: ...

    def dossier(
        self, principal: Principal, case_number: str, purpose: str
    ) -> PersonDossier | None: ...

    def decide(
        self, principal: Principal, task_id: int, decision: CaseEvent, opinion: str
    ) -> DecisionResult: ...

    def pause_clock(
        self, principal: Principal, case_number: str, kind: PauseKind, reason: str
    ) -> CaseDetail: ...

    def resume_clock(self, principal: Principal, case_number: str) -> CaseDetail: ...


class IssuedDocument(Protocol):
    """What the window shows of an issued document (``IssuedDocumentRecord``)."""

    @property
    def kind(self) -> str: ...

    @property
    def number(self) -> str: ...

    @property
    def issued_at(self) -> datetime: ...

    @property
    def revoked(self) -> bool: ...
