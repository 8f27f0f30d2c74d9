"""A print job as plain values: its status and its record (``desktop.services.print_queue``
keeps the jobs; the windows read these records without importing the database code)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from desktop.domain.paper import Paper

__all__ = ["JobStatus", "PrintJobRecord"]


class JobStatus(StrEnum):
    QUEUED = "queued"
    PRINTING = "printing"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class PrintJobRecord:
    id: int
    document_id: int
    document_number: str
    kind: str
    paper: Paper
    station: str
    printer: str  # empty: the station's default printer (PDF files when there is none)
    status: JobStatus
    attempts: int
    last_error_code: str | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    is_reprint: bool
    pages: int
