"""The supervisor's audit viewer as plain calls: searching and exporting the log
(:class:`~desktop.services.audit_search.AuditSearch`) and the chain's verification status
(:class:`~desktop.services.audit_status.ChainStatusService`). The composition root builds one
and hands it to ``ui/supervisor/audit_page.py`` (its ``AuditViewerBackend`` port)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo
from pathlib import Path

from desktop.config.paths import AppPaths
from desktop.domain.audit_log import (
    AuditChoices,
    AuditOutcome,
    AuditPage,
    AuditQuery,
    ChainStatus,
    ExportReport,
)
from desktop.domain.permissions import Principal
from desktop.persistence.database import Database
from desktop.services.audit_search import AuditSearch
from desktop.services.audit_status import ChainStatusService
from desktop.services.keying import AuditKeeper
from desktop.services.secrets import StationKeys

__all__ = ["AuditViewer"]


class AuditViewer:
    def __init__(self, search: AuditSearch, chain: ChainStatusService) -> None:
        self._search = search
        self._chain = chain

    @classmethod
    def for_station(
        cls, db: Database, paths: AppPaths, keys: StationKeys, station: str, hall_tz: tzinfo
    ) -> AuditViewer:
        """As the composition root builds it: ``station`` is ``settings.station.audit_label()``,
        ``hall_tz`` ``hall_timezone(settings.cases)``."""
        keeper = AuditKeeper(db, paths, keys, station)
        return cls(AuditSearch(db, hall_tz=hall_tz), ChainStatusService(db, keeper, paths.data_dir))

    def search(self, principal: Principal, query: AuditQuery, purpose: str) -> AuditPage:
        return self._search.search(principal, query, purpose)

    def choices(self, principal: Principal) -> AuditChoices:
        return self._search.choices(principal)

    def export(
        self,
        principal: Principal,
        query: AuditQuery,
        purpose: str,
        path: str,
        headers: Sequence[str],
        outcome_labels: Mapping[AuditOutcome, str],
    ) -> ExportReport:
        return self._search.export(
            principal, query, purpose, Path(path), headers, outcome_labels=outcome_labels
        )

    def chain_status(self, principal: Principal) -> ChainStatus:
        return self._chain.chain_status(principal)

    def verify_now(self, principal: Principal) -> ChainStatus:
        return self._chain.verify_now(principal)
