"""What the audit log viewer needs of the hall: :class:`AuditViewerBackend`.

``desktop.services.audit_viewer.AuditViewer`` provides it; tests use a fake. Every call runs on
the worker (``ui.tasks.run_task``), never on the GUI thread, and takes the signed-in
supervisor's :class:`Principal`; every search and export is audited by the core with the
purpose the supervisor typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from desktop.domain.audit_log import (
    AuditChoices,
    AuditOutcome,
    AuditPage,
    AuditQuery,
    ChainStatus,
    ExportReport,
)
from desktop.domain.permissions import Principal

__all__ = ["AuditViewerBackend"]


class AuditViewerBackend(Protocol):
    """The audit viewer's use cases (``desktop.services.audit_viewer.AuditViewer``)."""

    def search(self, principal: Principal, query: AuditQuery, purpose: str) -> AuditPage: ...

    def choices(self, principal: Principal) -> AuditChoices: ...

    def export(
        self,
        principal: Principal,
        query: AuditQuery,
        purpose: str,
        path: str,
        headers: Sequence[str],
        outcome_labels: Mapping[AuditOutcome, str],
    ) -> ExportReport: ...

    def chain_status(self, principal: Principal) -> ChainStatus: ...

    def verify_now(self, principal: Principal) -> ChainStatus: ...
