"""The review desk's records (issue 13): the approver's queue, a decision's result, the case as
evidence — plain frozen data that ``desktop.services.review.ReviewDesk`` hands out and the
approver's window shows (no database, no Qt).

The names are the contract in ``REVIEW_API.md`` between the core and the window.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from desktop.domain.cases import CaseDetail, TaskStatus

__all__ = [
    "CaseEvidence",
    "DecisionResult",
    "QueueFilter",
    "QueuePage",
    "QueueQuery",
    "QueueRow",
    "QueueSort",
]


class QueueFilter(StrEnum):
    ALL = "all"
    UNCLAIMED = "unclaimed"
    MINE = "mine"
    OTHERS = "others"  # claimed by others
    DUE_TODAY = "due_today"
    YELLOW = "yellow"
    RED = "red"
    OVERDUE = "overdue"
    RETURNED = "returned"  # tasks in a second or later round (returned for correction)


class QueueSort(StrEnum):
    DUE = "due"
    RECEIVED = "received"
    NUMBER = "number"


@dataclass(frozen=True, slots=True)
class QueueQuery:
    filter: QueueFilter = QueueFilter.ALL
    matter_code: str | None = None
    #: A case number (prefix) or an applicant ID number (→ keyed pseudonym, exact).
    search: str = ""
    sort: QueueSort = QueueSort.DUE
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class QueueRow:
    task_id: int
    case_number: str
    matter_code: str
    matter_name: str
    department_code: str
    department_name: str
    applicant_name: str
    applicant_id_masked: str
    status: TaskStatus
    claimed_by: str  # "" when open
    claim_expires_at: datetime | None
    round: int
    received_at: datetime
    promised_date: date | None
    #: In the matter's limit unit; negative = overdue.
    remaining_days: int | None
    #: "normal" / "yellow" / "red" / "" (WarningLevel values).
    warning: str
    paused: bool


@dataclass(frozen=True, slots=True)
class QueuePage:
    rows: tuple[QueueRow, ...]
    #: Rows matching the query (all pages).
    total: int
    #: Per filter, same matter/search, for the filter chips.
    counts: Mapping[QueueFilter, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DecisionResult:
    case: CaseDetail  # after the decision
    fan_in_complete: bool  # True when this approval was the last department's
    #: IssuedDocumentRecord (desktop.services.documents), e.g. the decision notice issued now.
    documents: tuple[object, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseEvidence:
    case: CaseDetail
    #: Form path → source tag (card.* / person.* / … / "typed"); "" when unknown.
    form_sources: Mapping[str, str] = field(default_factory=dict)
    #: IssuedDocumentRecord (desktop.services.documents): number, kind, issued_at, revoked.
    documents: tuple[object, ...] = ()
    #: Per matter (matter TOML [review] opinions), Chinese.
    common_opinions: tuple[str, ...] = ()
