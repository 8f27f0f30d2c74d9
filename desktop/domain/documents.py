"""The register's record of an issued document, as services hand it out (the case desk, the
review desk, the kiosk): a plain frozen record, so records of the domain can carry it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.domain.paper import Paper

__all__ = ["IssuedDocumentRecord"]


@dataclass(frozen=True, slots=True)
class IssuedDocumentRecord:
    id: int
    kind: str
    number: str
    case_number: str | None
    holder_hash: str
    payload: str | None
    sha256: str
    archive_path: str  # relative to the archive directory, forward slashes
    paper: Paper
    issued_at: datetime
    issued_by: str
    station: str
    revoked: bool
    revoked_at: datetime | None
    revoked_by: str | None
    revoked_reason: str | None
    print_count: int
