"""The review desk's records (issue 13; the contract is REVIEW_API.md): the queue query and its
page, a decision's result and the case as evidence. Plain frozen records, Qt-free."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from desktop.domain.case_records import TaskStatus
from desktop.domain.cases import CaseDetail, CaseError
from desktop.domain.documents import IssuedDocumentRecord

__all__ = [
    "CaseEvidence",
    "DecisionResult",
    "QueueFilter",
    "QueuePage",
    "QueueQuery",
    "QueueRow",
    "QueueSort",
    "TaskAlreadyDecided",
]


class QueueFilter(StrEnum):
    ALL = "all"
    UNCLAIMED = "unclaimed"  # open, or claimed but the claim lapsed
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
    #: A case number (prefix) or an applicant's ID number (→ keyed pseudonym, exact).
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
    status: TaskStatus  # an expired claim shows as OPEN
    claimed_by: str  # "" when open
    claim_expires_at: datetime | None
    round: int
    received_at: datetime
    promised_date: date | None
    remaining_days: int | None  # in the matter's limit unit; negative = overdue
    warning: str  # "normal" / "yellow" / "red" / "" (WarningLevel values)
    paused: bool


@dataclass(frozen=True, slots=True)
class QueuePage:
    rows: tuple[QueueRow, ...]
    total: int  # rows matching the query (all pages)
    counts: Mapping[QueueFilter, int]  # per filter, same matter/search, for the filter chips


@dataclass(frozen=True, slots=True)
class DecisionResult:
    case: CaseDetail  # after the decision
    fan_in_complete: bool  # True when this approval was the last department's
    documents: tuple[IssuedDocumentRecord, ...]  # e.g. the decision notice issued now


@dataclass(frozen=True, slots=True)
class CaseEvidence:
    case: CaseDetail
    form_sources: Mapping[str, str]  # form path → source tag (card.* / person.* / "typed"), ""
    documents: tuple[IssuedDocumentRecord, ...]
    common_opinions: tuple[str, ...]  # per matter (matter TOML [review] opinions), Chinese


class ClaimLapsed(CaseError):
    """A decision by the claimant whose claim expired (``[review] claim_minutes``): the claim
    must be live to decide, even when nobody took the task over meanwhile."""

    code = "review.claim_lapsed"

    def __init__(self, task_id: int, claimed_by: str, expired_at: datetime) -> None:
        super().__init__(
            f"your claim on review task {task_id} lapsed at {expired_at:%Y-%m-%d %H:%M} UTC; "
            "claim it again to decide",
            f"您对审查任务{task_id}的签收已过期，请重新签收后再作决定",
            task=task_id,
            claimed_by=claimed_by,
            expired_at=expired_at.isoformat(timespec="seconds"),
        )


class TaskAlreadyDecided(CaseError):
    """A decision on a task that is already decided (approved, rejected, returned or
    cancelled): never a silent success."""

    code = "review.already_decided"

    def __init__(self, task_id: int, status: str, decided_by: str) -> None:
        super().__init__(
            f"review task {task_id} is already decided ({status}"
            + (f" by {decided_by})" if decided_by else ")"),
            f"审查任务{task_id}已办结（{status}），不能再次决定",
            task=task_id,
            status=status,
            decided_by=decided_by,
        )
